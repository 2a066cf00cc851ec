/**
 * `npm run test:vscode`: runs the mocha suite in test/vscode/suite inside the
 * real extension host of code-server (VS Code 1.100.3), driven by Chromium.
 *
 * Builds, installs the host if needed, starts code-server on a free port,
 * opens the workbench with `extensionTestsPath`, prints each test as the host
 * reports it, writes test-results/vscode.json ({ passed, failed, tests }) and
 * exits non-zero on any failure, on a timeout, or when no test ran.
 *
 *   PEERING_VSCODE_TEST_TIMEOUT_MS   how long the suite may take (default 180000)
 *   PEERING_VSCODE_TEST_VERBOSE=1    echo the whole page console
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { TestOutcome } from '../../test/vscode/report';
import {
  buildExtension,
  launchChromium,
  repoRoot,
  runInHost,
  startCodeServer,
  writeCounts,
  type CodeServer,
} from './host';
import { ensureHost } from './install';

function printTest(test: TestOutcome): void {
  const ms = test.durationMs >= 75 ? ` (${Math.round(test.durationMs)}ms)` : '';
  if (test.state === 'skipped') {
    console.log(`  - ${test.title} (skipped)`);
    return;
  }
  if (test.state === 'passed') {
    console.log(`  ✔ ${test.title}${ms}`);
    return;
  }
  console.log(`  ✘ ${test.title}${ms}`);
  for (const line of (test.error ?? 'failed').split('\n')) console.log(`      ${line}`);
}

async function main(): Promise<number> {
  const started = Date.now();
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    buildExtension();
    const host = await ensureHost();
    server = await startCodeServer({ host });
    console.log(`code-server ${server.origin} (data in ${server.dataDir})`);
    browser = await launchChromium();
    console.log('\nExtension-host tests (code-server, VS Code 1.100.3)');
    const { report } = await runInHost(
      server,
      browser,
      join(repoRoot, 'out', 'test', 'vscode', 'suite', 'index'),
      'end',
      {
        onReport: (r) => r.type === 'test' && printTest(r.test),
        timeoutMs: Number(process.env.PEERING_VSCODE_TEST_TIMEOUT_MS ?? 180_000),
        diagnosticsName: 'vscode',
        verbose: process.env.PEERING_VSCODE_TEST_VERBOSE === '1',
      },
    );
    const skipped = report.skipped ?? 0;
    writeCounts('vscode', {
      passed: report.passed,
      failed: report.failed,
      skipped,
      tests: report.tests,
    });
    console.log(`\n  ${report.passed} passing`);
    if (skipped) console.log(`  ${skipped} pending`);
    if (report.failed) console.log(`  ${report.failed} failing`);
    console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    if (report.passed + report.failed + skipped === 0) {
      console.error('no extension-host test ran');
      return 1;
    }
    return report.failed > 0 ? 1 : 0;
  } catch (error) {
    writeCounts('vscode', { passed: 0, failed: 1, tests: [] });
    console.error(
      `\ntest:vscode failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    console.error('diagnostics (screenshot, page console, code-server log): test-results/vscode-*');
    return 1;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
