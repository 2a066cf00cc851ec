/**
 * The lifecycle tables (src/model/states.ts) are the only interpreters of raw peering states:
 * every raw state literal in the plans, the runner, the scripts' renderers, discovery, the peering
 * actions (accept, reject, delete) and the UI
 * is a key of its cloud's table, and written where its cloud can be told.
 *
 * The scan parses each source file (TypeScript syntax only, no type checker) and looks at the
 * places a raw state is written:
 * - `rawState(cloud, 'x')` / `rawStates(cloud, 'x', …)`: each literal is a key of that cloud;
 * - `states: ['x', …]`: the cloud comes from the same object's `kind` (`awsPeeringState` → aws)
 *   or from the function the object is passed to (CALLEE_CLOUD); otherwise it is a finding;
 * - `wait_for_state WANTED FAILED …` argument lists in src/plans/steps/<cloud>.ts;
 * - jq filters comparing `.state` / `.status` with a quoted word (any table's key);
 * - a bare literal compared with `….rawState` (`===`, `!==`) or `['x'].includes(….rawState)`:
 *   always a finding (use `rawState(cloud, 'x')`, `isFailed(cloud, raw)`, …).
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import {
  failedOrGone,
  LIFECYCLES,
  normalizeState,
  STATE_TABLES,
  statesIn,
  targetStates,
} from '../../../src/model/states';
import type { CloudKind } from '../../../src/model/types';
import { CLOUD_KINDS } from '../../../src/providers/registry';
import type { ShellLine } from '../../../src/model/plan';
import { everyPlan } from '../scripts/terraformSchema';

const ROOT = join(__dirname, '..', '..', '..');
const SCANNED = ['src/plans', 'src/runner', 'src/render', 'src/discovery', 'src/actions', 'src/ui'];

/** Functions that take `states` for one cloud in an options object without a `kind`. */
const CALLEE_CLOUD: Record<string, CloudKind> = {
  waitPeeringStep: 'aws',
};

const KIND_PREFIX = new RegExp(`^(${CLOUD_KINDS.join('|')})[A-Z]`);

function keysOf(cloud: CloudKind): Set<string> {
  return new Set(Object.keys(LIFECYCLES[cloud]));
}

const ANY_STATE = new Set(CLOUD_KINDS.flatMap((c) => [...keysOf(c)]));

function literalText(node: ts.Node): string | undefined {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)
    ? node.text
    : undefined;
}

function endsWithRawState(node: ts.Node): boolean {
  return (
    (ts.isPropertyAccessExpression(node) && node.name.text === 'rawState') ||
    (ts.isIdentifier(node) && node.text === 'rawState')
  );
}

function cloudOfFile(file: string): CloudKind | undefined {
  const m = /src\/plans\/steps\/([a-z]+)\.ts$/.exec(file);
  return m && (CLOUD_KINDS as readonly string[]).includes(m[1]) ? (m[1] as CloudKind) : undefined;
}

/** Findings in one source text: "file:line: what". */
export function scanSource(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const findings: string[] = [];
  const at = (node: ts.Node, what: string) =>
    findings.push(
      `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${what}`,
    );
  const checkIn = (cloud: CloudKind, node: ts.Node, word: string) => {
    if (!keysOf(cloud).has(word)) at(node, `'${word}' is not a ${cloud} raw state`);
  };

  const visit = (node: ts.Node): void => {
    // rawState('aws', 'active'), rawStates('aws', 'provisioning', 'active')
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      ['rawState', 'rawStates'].includes(node.expression.text)
    ) {
      const cloud = node.arguments[0] && literalText(node.arguments[0]);
      if (!cloud || !(CLOUD_KINDS as readonly string[]).includes(cloud))
        at(node, `${node.expression.text}() needs a cloud literal first`);
      else
        for (const arg of node.arguments.slice(1)) {
          const word = literalText(arg);
          if (word === undefined) at(arg, 'a raw state that is not a literal');
          else checkIn(cloud as CloudKind, arg, word);
        }
    }
    // states: [...]
    if (
      ts.isPropertyAssignment(node) &&
      ts.isIdentifier(node.name) &&
      node.name.text === 'states' &&
      ts.isArrayLiteralExpression(node.initializer)
    ) {
      const object = node.parent;
      let cloud: CloudKind | undefined;
      for (const p of object.properties) {
        if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'kind') {
          const kind = literalText(
            ts.isAsExpression(p.initializer) ? p.initializer.expression : p.initializer,
          );
          const m = kind && KIND_PREFIX.exec(kind);
          if (m) cloud = m[1] as CloudKind;
        }
      }
      const call = object.parent;
      if (!cloud && ts.isCallExpression(call) && ts.isIdentifier(call.expression))
        cloud = CALLEE_CLOUD[call.expression.text];
      for (const element of node.initializer.elements) {
        const word = literalText(element);
        if (word === undefined) continue;
        if (!cloud) at(element, `cannot tell the cloud of the raw state '${word}'`);
        else checkIn(cloud, element, word);
      }
    }
    // ['wait_for_state', WANTED, FAILED, ...]
    if (
      ts.isArrayLiteralExpression(node) &&
      literalText(node.elements[0] ?? node) === 'wait_for_state'
    ) {
      const cloud = cloudOfFile(file);
      for (const arg of node.elements.slice(1, 3)) {
        const words = literalText(arg);
        if (words === undefined || words === '') continue;
        if (!cloud) at(arg, `cannot tell the cloud of the wait states '${words}'`);
        else for (const word of words.split('|')) checkIn(cloud, arg, word);
      }
    }
    // jq: .status != "deleted", .state == "ACTIVE"
    const text =
      literalText(node) ??
      (ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)
        ? node.text
        : undefined);
    if (text !== undefined)
      for (const m of text.matchAll(/\.(?:state|status) *[!=]= *"([^"]+)"/g))
        if (!ANY_STATE.has(m[1])) at(node, `jq compares with '${m[1]}', not a raw state`);
    // p.rawState === 'x'
    if (
      ts.isBinaryExpression(node) &&
      [
        ts.SyntaxKind.EqualsEqualsEqualsToken,
        ts.SyntaxKind.ExclamationEqualsEqualsToken,
        ts.SyntaxKind.EqualsEqualsToken,
        ts.SyntaxKind.ExclamationEqualsToken,
      ].includes(node.operatorToken.kind)
    ) {
      for (const [a, b] of [
        [node.left, node.right],
        [node.right, node.left],
      ])
        if (endsWithRawState(a) && literalText(b) !== undefined)
          at(b, `bare raw state '${literalText(b)}' compared with rawState`);
    }
    // ['x', 'y'].includes(p.rawState)
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'includes' &&
      ts.isArrayLiteralExpression(node.expression.expression) &&
      node.arguments.some(endsWithRawState)
    )
      at(node, 'a bare list of raw states checked against rawState');
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

function scanRepository(): { files: number; perFolder: number[]; findings: string[] } {
  const perFolder = SCANNED.map((d) => sourceFiles(join(ROOT, d)));
  const files = perFolder.flat();
  return {
    files: files.length,
    perFolder: perFolder.map((f) => f.length),
    findings: files.flatMap((f) =>
      scanSource(relative(ROOT, f).split('\\').join('/'), readFileSync(f, 'utf8')),
    ),
  };
}

describe('lifecycle tables', () => {
  it('every raw state literal in plans, runner, scripts, discovery, actions and ui is a key of its cloud’s table', () => {
    const { files, perFolder, findings } = scanRepository();
    assert.ok(files > 50, `scanned ${files} files`);
    SCANNED.forEach((d, i) => assert.ok(perFolder[i] > 0, `${d} has files to scan`));
    assert.deepEqual(findings, []);
  });

  it('the scan finds an unknown or bare raw state literal (injected)', () => {
    const injected = [
      `if (p.rawState === 'pending-acceptence') go();`,
      `if (['failed', 'rejected'].includes(p.rawState)) stop();`,
      `const c = { kind: 'awsPeeringState', peeringId: 'x', states: ['activ'] };`,
      `waitPeeringStep(draft, { id: 'w', states: ['pending-acceptance', 'ACTIVE'] });`,
      `unknownHelper({ states: ['active'] });`,
      `const s = rawStates('gcp', 'ACTIVE', 'Active');`,
      `const jq = '.[] | select(.status != "removed")';`,
    ].join('\n');
    const findings = scanSource('src/plans/steps/injected.ts', injected);
    assert.deepEqual(
      findings.map((f) => f.replace(/^[^:]+:/, '')),
      [
        "1: bare raw state 'pending-acceptence' compared with rawState",
        '2: a bare list of raw states checked against rawState',
        "3: 'activ' is not a aws raw state",
        "4: 'ACTIVE' is not a aws raw state",
        "5: cannot tell the cloud of the raw state 'active'",
        "6: 'Active' is not a gcp raw state",
        "7: jq compares with 'removed', not a raw state",
      ],
    );
  });

  it('a misspelt state injected into a real source file is found there', () => {
    const path = join(ROOT, 'src/plans/steps/gcp.ts');
    const text = readFileSync(path, 'utf8');
    assert.ok(text.includes("states: ['ACTIVE']"));
    const broken = text.replace("states: ['ACTIVE']", "states: ['ACTIVE', 'READY']");
    const findings = scanSource('src/plans/steps/gcp.ts', broken);
    assert.equal(findings.length, 1, findings.join('\n'));
    assert.match(findings[0], /'READY' is not a gcp raw state/);
    const upcloud = readFileSync(join(ROOT, 'src/plans/steps/upcloud.ts'), 'utf8');
    const waitBroken = upcloud.replace(
      /'wait_for_state',\n(\s+)'active',/,
      "'wait_for_state',\n$1'active|up',",
    );
    assert.notEqual(waitBroken, upcloud);
    assert.match(
      scanSource('src/plans/steps/upcloud.ts', waitBroken).join('\n'),
      /'up' is not a upcloud raw state/,
    );
  });

  it('each cloud has one target state, every raw state one phase, and STATE_TABLES follows them', () => {
    for (const cloud of CLOUD_KINDS) {
      const raw = Object.keys(LIFECYCLES[cloud]);
      assert.equal(targetStates(cloud).length, 1, cloud);
      assert.equal(normalizeState(cloud, targetStates(cloud)[0]), 'active', cloud);
      const phases = [...statesIn(cloud, 'live'), ...failedOrGone(cloud)];
      assert.deepEqual([...phases].sort(), [...raw].sort(), cloud);
      for (const r of raw) assert.equal(STATE_TABLES[cloud][r], normalizeState(cloud, r));
      assert.equal(normalizeState(cloud, 'no-such-state'), 'unknown');
      assert.equal(normalizeState(cloud, 'toString'), 'unknown');
    }
  });

  it('the scripts stop waiting on the states the runner stops on (failed, then gone)', () => {
    assert.equal(failedOrGone('aws').join('|'), 'failed|rejected|expired|deleted|deleting');
    assert.deepEqual(failedOrGone('dragonfly'), ['failed', 'irrecoverable', 'deleted', 'deleting']);
    assert.ok(failedOrGone('aiven').includes('DELETED_BY_PEER'));
    assert.deepEqual(failedOrGone('azure'), ['Disconnected']);
    assert.deepEqual(failedOrGone('gcp'), []);
  });

  it('every bash wait of every plan waits for its check’s states and stops on its cloud’s failed and gone states', () => {
    let waits = 0;
    const commands = (lines: ShellLine[]): ShellLine[] =>
      lines.flatMap((l) => ('then' in l && Array.isArray(l.then) ? commands(l.then) : [l]));
    for (const { name, plan } of everyPlan())
      for (const step of plan.steps) {
        const m = step.check && KIND_PREFIX.exec(step.check.kind);
        if (!m || !step.check) continue;
        const cloud = m[1] as CloudKind;
        for (const line of commands(step.scripts.bash)) {
          if (!('command' in line) || line.command?.[0] !== 'wait_for_state') continue;
          waits++;
          const where = `${name} ${step.id}`;
          const [, wanted, failed] = line.command;
          assert.equal(failed, failedOrGone(cloud).join('|'), where);
          if ('states' in step.check && step.check.states)
            assert.equal(wanted, step.check.states.join('|'), where);
          // The script reads the connection it made by id; so does the runner.
          if (line.command.includes('dfcloud_connection_status'))
            assert.ok('connectionId' in step.check && step.check.connectionId, where);
        }
      }
    assert.ok(waits > 50, `${waits} waits`);
  });
});
