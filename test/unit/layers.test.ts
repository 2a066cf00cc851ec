/**
 * scripts/check-layers.mjs enforces the layer table of docs/architecture.md
 * (.dependency-cruiser.cjs) and forbids import cycles between folders. Here it
 * must pass on this repository and fail, naming the rule and the import, on a
 * small tree that breaks each kind of rule.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO = path.join(__dirname, '..', '..');
const CHECK = path.join(REPO, 'scripts', 'check-layers.mjs');

function check(root?: string): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [CHECK, ...(root ? ['--root', root] : [])], {
    cwd: REPO,
    encoding: 'utf8',
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('layer rules (scripts/check-layers.mjs)', function () {
  this.timeout(120_000);

  it('this repository follows the layer table and has no folder cycles', () => {
    const r = check();
    assert.equal(r.status, 0, r.output);
    assert.match(r.output, /no cycles between folders/);
  });

  it('a tree that breaks the rules fails, naming each rule and import', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'layers-'));
    const files: Record<string, string> = {
      'tsconfig.json': '{"compilerOptions":{"strict":true}}',
      'src/ui/log.ts': 'export const log = 1;\n',
      // model/ imports nothing else from src/
      'src/model/types.ts': "import { log } from '../ui/log';\nexport const t = log;\n",
      // a value import of a provider's code from the runner
      'src/providers/aws/index.ts': 'export const aws = 1;\n',
      'src/runner/runner.ts': "import { aws } from '../providers/aws';\nexport const r = aws;\n",
      // the peering actions running an adapter's code instead of the loader's
      'src/actions/peeringActions.ts':
        "import { aws } from '../providers/aws';\nexport const accept = aws;\n",
      // one cloud's provider folder reaching into another's
      'src/providers/gcp/index.ts': "import { aws } from '../aws';\nexport const gcp = aws;\n",
      // a cycle between two folders through run-time imports
      'src/plans/index.ts':
        "import { render } from '../render/bash';\nexport const plan = render;\n",
      'src/render/bash.ts':
        "import { plan } from '../plans/index';\nexport const render = () => plan;\n",
      // the main bundle reaching the lazily loaded plan bundle at run time
      'src/ui/wizard/planBundle/planHost.ts': 'export const host = 1;\n',
      'src/ui/wizard/panel/index.ts':
        "import { host } from '../planBundle/planHost';\nexport const panel = host;\n",
    };
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      fs.writeFileSync(path.join(root, name), text);
    }
    try {
      const r = check(root);
      assert.equal(r.status, 1, r.output);
      for (const expected of [
        'model-is-the-bottom: src/model/types.ts → src/ui/log.ts',
        'runner-loads-no-provider-code: src/runner/runner.ts → src/providers/aws/index.ts',
        'actions-load-no-provider-code: src/actions/peeringActions.ts → src/providers/aws/index.ts',
        'one-cloud-per-provider-folder: src/providers/gcp/index.ts → src/providers/aws/index.ts',
        'render-imports-model-only: src/render/bash.ts → src/plans/index.ts',
        'folder cycle: src/plans ⇄ src/render',
        'main-bundle-loads-plans-lazily: src/ui/wizard/panel/index.ts → src/ui/wizard/planBundle/planHost.ts',
      ])
        assert.ok(r.output.includes(expected), `missing "${expected}" in:\n${r.output}`);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
