/**
 * The committed snippets are what the generator writes now, they are
 * registered in package.json, and every body is a valid snippet: parsed the
 * way VS Code's snippet parser reads escapes and tabstops, it expands (with
 * its example values) to exactly the script the renderers produce.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPlan, renderScript } from '../../../src/plans';
import { SNIPPETS, snippetFiles, type VsCodeSnippet } from '../../../src/plans/snippets';

const ROOT = join(__dirname, '..', '..', '..');

interface Expanded {
  text: string;
  tabstops: number[];
}

/**
 * A small reader of the snippet grammar: `\` escapes `$`, `}` and `\`;
 * `$n`, `${n}` and `${n:default}` are tabstops; any other `$` would be a
 * variable, which these bodies must not contain.
 */
function expand(body: string): Expanded {
  let i = 0;
  const tabstops: number[] = [];
  const read = (inPlaceholder: boolean): string => {
    let out = '';
    while (i < body.length) {
      const ch = body[i];
      if (ch === '\\' && i + 1 < body.length && '$}\\'.includes(body[i + 1])) {
        out += body[i + 1];
        i += 2;
      } else if (ch === '}' && inPlaceholder) {
        return out;
      } else if (ch === '$') {
        const m = /^\$(?:(\d+)|\{(\d+)(:|\}))/.exec(body.slice(i));
        if (!m) throw new Error(`bare $ at ${i}: ${body.slice(i, i + 30)}`);
        const n = Number(m[1] ?? m[2]);
        tabstops.push(n);
        i += m[0].length;
        if (m[3] === ':') {
          out += read(true);
          if (body[i] !== '}') throw new Error(`unclosed placeholder $${n}`);
          i++;
        }
      } else {
        out += ch;
        i++;
      }
    }
    if (inPlaceholder) throw new Error('placeholder runs to the end of the body');
    return out;
  };
  return { text: read(false), tabstops };
}

function snippetsOf(file: string): Record<string, VsCodeSnippet> {
  return JSON.parse(readFileSync(join(ROOT, 'snippets', file), 'utf8')) as Record<
    string,
    VsCodeSnippet
  >;
}

/**
 * The expanded bash equals the rendered script line for line, except value
 * assignments, which may quote differently (the snippet always single-quotes
 * around its placeholders) but must give bash the same value.
 */
function assertSameBash(expanded: string, rendered: string, name: string): void {
  const a = expanded.split('\n');
  const b = rendered.split('\n');
  assert.equal(a.length, b.length, `${name}: same number of lines`);
  const checks: string[] = [];
  a.forEach((line, i) => {
    if (line === b[i]) return;
    const left = /^([A-Z][A-Z0-9_]*)=/.exec(line);
    const right = /^([A-Z][A-Z0-9_]*)=/.exec(b[i]);
    assert.ok(left && right && left[1] === right[1], `${name} line ${i + 1}: ${line} / ${b[i]}`);
    checks.push(
      `${line}; A=$(declare -p ${left[1]}); unset ${left[1]}; ${b[i]}; B=$(declare -p ${left[1]}); [[ $A == "$B" ]] || echo "differs: $A / $B"`,
    );
  });
  assert.ok(checks.length > 0, `${name}: the snippet quotes its placeholders`);
  const out = execFileSync('/bin/bash', ['-c', checks.join('\n')], { encoding: 'utf8' });
  assert.equal(out, '', `${name}: ${out}`);
}

/** The body with tabstop n's example replaced by `typed` (escaped as a user's typing is). */
function typeOver(body: string, n: number, typed: string): string {
  const re = new RegExp(`\\$\\{${n}:((?:\\\\.|[^}\\\\])*)\\}`);
  assert.match(body, re, `tabstop ${n}`);
  return body.replace(re, () => `\${${n}:${typed.replace(/[\\$}]/g, (c) => `\\${c}`)}}`);
}

describe('snippets', () => {
  it('the committed files are exactly what the generator writes (npm run snippets)', () => {
    for (const [name, text] of Object.entries(snippetFiles())) {
      assert.equal(
        readFileSync(join(ROOT, 'snippets', name), 'utf8'),
        text,
        `snippets/${name} is stale: run npm run snippets`,
      );
    }
  });

  it('are registered in package.json for shellscript and terraform', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      contributes: { snippets: { language: string; path: string }[] };
    };
    assert.deepEqual(
      pkg.contributes.snippets.map((s) => [s.language, s.path]),
      [
        ['shellscript', './snippets/shellscript.json'],
        ['terraform', './snippets/terraform.json'],
      ],
    );
  });

  it('cover every cloud under the names the docs promise', () => {
    const names = [
      'aws-vpc-peering',
      'gcp-network-peering',
      'azure-vnet-peering',
      'upcloud-network-peering',
      'aiven-vpc-peering',
      'dragonfly-connection',
    ];
    for (const file of ['shellscript.json', 'terraform.json'])
      assert.deepEqual(Object.keys(snippetsOf(file)), names);
  });

  for (const [file, flavor] of [
    ['shellscript.json', 'bash'],
    ['terraform.json', 'terraform'],
  ] as const) {
    it(`${file}: every body parses, numbers its tabstops 1..n, and expands to the rendered ${flavor}`, () => {
      const snippets = snippetsOf(file);
      for (const spec of SNIPPETS) {
        const snippet = snippets[spec.name];
        assert.equal(snippet.prefix, spec.name);
        const expanded = expand(snippet.body.join('\n'));
        assert.ok(expanded.tabstops.length >= 3, `${spec.name} has tabstops for its values`);
        assert.deepEqual(
          expanded.tabstops,
          expanded.tabstops.map((_, k) => k + 1),
          `${spec.name}: tabstops in order`,
        );
        const sides = [
          'requester',
          'accepter',
          'local',
          'peer',
          'customer',
          'dragonfly',
          'aiven',
          'upcloud',
        ];
        const accounts = Object.fromEntries(
          sides.map((s) => [s, { id: `snippet:${s}`, cloud: 'aws' as const, ref: s, label: s }]),
        );
        const plan = buildPlan(spec.scenarioId, spec.inputs, { accounts });
        const rendered = renderScript(plan, flavor);
        if (flavor === 'terraform')
          assert.equal(expanded.text, rendered, `${spec.name} expands to the renderer's output`);
        else assertSameBash(expanded.text, rendered, spec.name);
      }
    });
  }

  it('shellscript.json: text with spaces typed over any placeholder stays one word for bash', () => {
    const typed = 'two words  and $HOME "double" `x`';
    for (const spec of SNIPPETS) {
      const body = snippetsOf('shellscript.json')[spec.name].body.join('\n');
      const count = expand(body).tabstops.length;
      for (let n = 1; n <= count; n++) {
        const lines = expand(typeOver(body, n, typed)).text.split('\n');
        // The one assignment whose value changed is the line that held tabstop n.
        const original = expand(body).text.split('\n');
        const changed = lines.filter((line, i) => line !== original[i]);
        assert.equal(changed.length, 1, `${spec.name} tabstop ${n}`);
        const [, variable] = /^([A-Z][A-Z0-9_]*)=/.exec(changed[0]) ?? [];
        assert.ok(variable, changed[0]);
        const out = execFileSync(
          '/bin/bash',
          [
            '-c',
            `${changed[0]}; printf '%s\\n' "\${#${variable}[@]}"; printf '%s\\0' "\${${variable}[@]}"`,
          ],
          { encoding: 'utf8' },
        );
        const [countLine, ...rest] = out.split('\n');
        const words = rest.join('\n').split('\0').slice(0, -1);
        assert.ok(
          words.includes(typed),
          `${spec.name} tabstop ${n}: ${changed[0]} gave ${JSON.stringify(words)}`,
        );
        assert.equal(Number(countLine), words.length);
      }
    }
  });

  it('a value with $, } and \\ becomes a placeholder that reads back exactly', () => {
    const body = snippetsOf('shellscript.json')['aws-vpc-peering'].body.join('\n');
    assert.ok(body.includes('\\${AWS_EC2_ENDPOINT:-}'), "the script's own expansions are escaped");
    assert.throws(() => expand('echo ${HOME}'), /placeholder|bare/);
    assert.equal(expand('a ${1:x\\}y\\$z\\\\} b').text, 'a x}y$z\\ b');
  });
});
