/**
 * `npm test` (scripts/test-all.mjs) counts every test of a level: a level
 * that cannot load reports the tests it would have run as "N not run" with
 * the reason, tests that skip themselves count as skipped, and the last line
 * is `N passed, N failed, N skipped`. The static path check fails on a path
 * that leaves the repository. Each case runs the real script on real mocha.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const LEVELS = join(ROOT, 'test', 'fixtures', 'test-levels');

function testAll(unitDir: string): { status: number | null; lines: string[] } {
  const result = spawnSync(
    process.execPath,
    ['scripts/test-all.mjs', '--levels', 'unit', '--unit-dir', unitDir],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } },
  );
  return { status: result.status, lines: result.stdout.trimEnd().split('\n') };
}

describe('npm test summary (scripts/test-all.mjs)', function () {
  this.timeout(120_000);

  it('counts a test that skips itself as skipped, on a last line of its own', () => {
    const { status, lines } = testAll(join(LEVELS, 'healthy'));
    assert.equal(lines.at(-1), '1 passed, 0 failed, 1 skipped');
    assert.equal(status, 0);
  });

  it('reports the tests of a level that cannot load as not run, with the reason', () => {
    const { status, lines } = testAll(join(LEVELS, 'broken'));
    // ok.test.ts holds 2 tests, reads-missing-fixture.test.ts 3: none ran.
    assert.equal(lines.at(-1), '0 passed, 5 failed, 0 skipped');
    const note = lines.find((l) => l.includes('not run'));
    assert.ok(note, lines.slice(-6).join('\n'));
    assert.match(note, /5 not run \(.*reads-missing-fixture\.test\.ts does not load: .*ENOENT/);
    assert.notEqual(status, 0);
  });
});

describe('paths stay in the repository (scripts/check-paths.mjs)', () => {
  let repo: string;
  beforeEach(() => {
    repo = mkdtempSync(join(tmpdir(), 'check-paths-'));
    mkdirSync(join(repo, 'test', 'unit'), { recursive: true });
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  const check = () =>
    spawnSync(process.execPath, [join(ROOT, 'scripts', 'check-paths.mjs'), repo], {
      encoding: 'utf8',
    });

  it('passes this repository', () => {
    const result = spawnSync(process.execPath, ['scripts/check-paths.mjs'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stdout);
  });

  it('passes paths that stay inside', () => {
    writeFileSync(
      join(repo, 'test', 'unit', 'inside.test.ts'),
      "const root = join(__dirname, '..', '..');\nimport { x } from '../../src/x';\n",
    );
    assert.equal(check().status, 0, check().stdout);
  });

  it('fails on the shared folder and on joins that climb out, naming file and line', () => {
    writeFileSync(
      join(repo, 'test', 'unit', 'escapes.test.ts'),
      [
        "const a = join(__dirname, '..', '..', '..', 'other', 'fixtures');",
        // Spelled with @ for ../ so that this file itself passes the check.
        "const b = readFileSync('@@@@shared/fixtures/x.json');".replaceAll('@', '../'),
        "import { y } from '../../../elsewhere/y';",
      ].join('\n'),
    );
    const result = check();
    assert.equal(result.status, 1, result.stdout);
    assert.match(
      result.stdout,
      /test\/unit\/escapes\.test\.ts:1: \.\.\/\.\.\/\.\.\/other\/fixtures leaves/,
    );
    assert.match(result.stdout, /escapes\.test\.ts:2: reads the shared folder/);
    assert.match(result.stdout, /escapes\.test\.ts:3: \.\.\/\.\.\/\.\.\/elsewhere\/y leaves/);
  });
});
