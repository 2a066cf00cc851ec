/**
 * `npm run test:ui`: mocha runs test/ui/*.test.ts, which click through the
 * real workbench (code-server + Debian's Chromium) with the extension loaded.
 * Screenshots and failure diagnostics go to test-results/; the counts go to
 * test-results/ui.json for scripts/test-all.mjs.
 *
 * While working on one file: PEERING_UI_FILES=wizard-scenarios (comma-separated
 * parts of file names) loads only the matching files, and PEERING_TEST_GREP=text
 * runs only the tests whose full title contains the text (as in test:vscode).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { buildExtension, repoRoot, writeCounts } from './host';
import { ensureHost } from './install';

async function main(): Promise<number> {
  const uiDir = join(repoRoot, 'test', 'ui');
  const only = (process.env.PEERING_UI_FILES ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const files = readdirSync(uiDir)
    .filter((f) => f.endsWith('.test.ts'))
    .filter((f) => !only.length || only.some((part) => f.includes(part)))
    .sort()
    .map((f) => join(uiDir, f));
  try {
    buildExtension();
    await ensureHost();
  } catch (error) {
    writeCounts('ui', { passed: 0, failed: 1 });
    console.error(
      `test:ui could not start: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }

  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout: 90_000 });
  if (process.env.PEERING_TEST_GREP) mocha.grep(process.env.PEERING_TEST_GREP);
  for (const file of files) mocha.addFile(file);
  await mocha.loadFilesAsync();
  const tests: { title: string; state: string }[] = [];
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run((count) => resolve(count));
    runner.on('pass', (test) => tests.push({ title: test.fullTitle(), state: 'passed' }));
    runner.on('fail', (test) => tests.push({ title: test.fullTitle(), state: 'failed' }));
    runner.on('pending', (test) => tests.push({ title: test.fullTitle(), state: 'skipped' }));
  });
  const failed = tests.filter((t) => t.state === 'failed').length;
  const skipped = tests.filter((t) => t.state === 'skipped').length;
  const passed = tests.length - failed - skipped;
  writeCounts('ui', { passed, failed, skipped, tests });
  if (tests.length === 0) {
    console.error(`no UI test ran (looked for *.test.ts in ${uiDir})`);
    return 1;
  }
  return failures > 0 || failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    writeCounts('ui', { passed: 0, failed: 1 });
    process.exit(1);
  },
);
