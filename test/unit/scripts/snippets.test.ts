/**
 * The committed snippets are what the generator writes now, they are
 * registered in package.json, and every body is a valid snippet: parsed the
 * way VS Code's snippet parser reads escapes and tabstops, it expands (with
 * its example values) to exactly the script the renderers produce.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPlan, renderScript } from '../../../src/plans';
import { SNIPPETS, snippetFiles, type VsCodeSnippet } from '../../../src/scripts/snippets';

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
        assert.equal(
          expanded.text,
          renderScript(plan, flavor),
          `${spec.name} expands to the renderer's output`,
        );
      }
    });
  }

  it('a value with $, } and \\ becomes a placeholder that reads back exactly', () => {
    const body = snippetsOf('shellscript.json')['aws-vpc-peering'].body.join('\n');
    assert.ok(body.includes('\\${AWS_EC2_ENDPOINT:-}'), "the script's own expansions are escaped");
    assert.throws(() => expand('echo ${HOME}'), /placeholder|bare/);
    assert.equal(expand('a ${1:x\\}y\\$z\\\\} b').text, 'a x}y$z\\ b');
  });
});
