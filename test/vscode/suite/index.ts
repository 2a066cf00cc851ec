/**
 * The extension-host test suite's entry point (`extensionTestsPath`). VS Code
 * awaits `run()` inside the real extension host, both in code-server
 * (`npm run test:vscode`) and in desktop VS Code (`npm run test:desktop`).
 * Each *.test.ts next to this file is its own bundle in out/test/vscode/suite/.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type MochaClass from 'mocha';
import { sendReport, type TestOutcome } from '../report';

export async function run(): Promise<void> {
  // mocha 12 is an ES module; import() loads it in any extension host.
  const { default: Mocha } = (await import('mocha')) as unknown as { default: typeof MochaClass };
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'spec' });
  // PEERING_TEST_GREP=text runs only the tests whose full title contains it.
  if (process.env.PEERING_TEST_GREP) mocha.grep(process.env.PEERING_TEST_GREP);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const file of files) mocha.addFile(join(__dirname, file));

  const tests: TestOutcome[] = [];
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (test) => {
      const outcome: TestOutcome = {
        title: test.fullTitle(),
        state: 'passed',
        durationMs: test.duration ?? 0,
      };
      tests.push(outcome);
      sendReport({ type: 'test', test: outcome });
    });
    runner.on('pending', (test) => {
      const outcome: TestOutcome = { title: test.fullTitle(), state: 'skipped', durationMs: 0 };
      tests.push(outcome);
      sendReport({ type: 'test', test: outcome });
    });
    runner.on('fail', (test, error: Error) => {
      const outcome: TestOutcome = {
        title: test.fullTitle(),
        state: 'failed',
        durationMs: test.duration ?? 0,
        error: error?.stack ?? String(error),
      };
      tests.push(outcome);
      sendReport({ type: 'test', test: outcome });
    });
  });
  const failed = tests.filter((t) => t.state === 'failed').length;
  const skipped = tests.filter((t) => t.state === 'skipped').length;
  const passed = tests.length - failed - skipped;
  sendReport({ type: 'end', passed, failed, skipped, tests });
  if (failed > 0) throw new Error(`${failed} of ${tests.length} extension-host tests failed`);
  if (tests.length === 0)
    throw new Error(`no extension-host tests ran (looked for *.test.js in ${__dirname})`);
}
