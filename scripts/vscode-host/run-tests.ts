/**
 * `npm run test:vscode`: runs the mocha suite in test/vscode/suite inside the
 * real extension host of code-server (VS Code 1.100.3), driven by Chromium.
 *
 * Builds, installs the host if needed, starts code-server on a free port,
 * opens the workbench with `extensionTestsPath`, prints each test as the host
 * reports it, writes test-results/vscode.json ({ passed, failed, tests }) and
 * exits non-zero on any failure, on a timeout, or when no test ran.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { parseReport, type HostReport, type TestOutcome } from '../../test/vscode/report';
import {
  launchChromium,
  openWorkbench,
  repoRoot,
  saveDiagnostics,
  startCodeServer,
  writeCounts,
  type CodeServer,
} from './host';
import { ensureHost } from './install';

const TIMEOUT_MS = Number(process.env.PEERING_VSCODE_TEST_TIMEOUT_MS ?? 180_000);
const verbose = process.env.PEERING_VSCODE_TEST_VERBOSE === '1';

/** Result of one run inside the extension host. */
export interface HostRunResult {
  passed: number;
  failed: number;
  tests: TestOutcome[];
}

function printTest(test: TestOutcome): void {
  const ms = test.durationMs >= 75 ? ` (${Math.round(test.durationMs)}ms)` : '';
  if (test.state === 'passed') console.log(`  ✔ ${test.title}${ms}`);
  else console.log(`  ✘ ${test.title}${ms}\n${indent(test.error ?? 'failed')}`);
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n');
}

export function build(): void {
  console.log('$ node esbuild.mjs');
  const result = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`the build failed (exit code ${result.status})`);
}

/**
 * Loads a workbench whose extension host runs `extensionTestsPath` and
 * resolves with the first report of the wanted type. Rejects on timeout or
 * when the page reports that the test runner could not start.
 */
export async function runInHost<T extends HostReport['type']>(
  server: CodeServer,
  browser: Browser,
  extensionTestsPath: string,
  wanted: T,
  options: { onReport?: (report: HostReport) => void; timeoutMs?: number } = {},
): Promise<{ report: Extract<HostReport, { type: T }>; page: Page; console: string[] }> {
  const timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
  let settle: (report: HostReport) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const done = new Promise<HostReport>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  const url = server.workbenchUrl({ extensionDevelopmentPath: repoRoot, extensionTestsPath });
  const opened = await openWorkbench(browser, url, {
    onConsole: (message) => {
      const text = message.text();
      if (verbose) console.log(`[page ${message.type()}] ${text}`);
      const report = parseReport(text);
      if (report) {
        options.onReport?.(report);
        if (report.type === wanted) settle(report);
        return;
      }
      // The payload was wrong or the module could not be loaded: no report will come.
      if (/No extension host found that can launch the test runner|Cannot find module/.test(text)) {
        fail(new Error(`the extension host could not run ${extensionTestsPath}: ${text}`));
      }
    },
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(`no "${wanted}" report from the extension host within ${timeoutMs / 1000} s`),
        ),
      timeoutMs,
    );
  });
  try {
    const report = await Promise.race([done, timeout]);
    return {
      report: report as Extract<HostReport, { type: T }>,
      page: opened.page,
      console: opened.console,
    };
  } catch (error) {
    await saveDiagnostics('vscode', { page: opened.page, console: opened.console, server });
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  build();
  const host = await ensureHost();
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startCodeServer({ host });
    console.log(`code-server ${server.origin} (data in ${server.dataDir})`);
    browser = await launchChromium();
    console.log('\nExtension-host tests (code-server, VS Code 1.100.3)');
    const { report } = await runInHost(
      server,
      browser,
      join(repoRoot, 'out', 'test', 'vscode', 'suite', 'index'),
      'end',
      { onReport: (r) => r.type === 'test' && printTest(r.test) },
    );
    const result: HostRunResult = {
      passed: report.passed,
      failed: report.failed,
      tests: report.tests,
    };
    writeCounts('vscode', result);
    console.log(`\n  ${result.passed} passing`);
    if (result.failed) console.log(`  ${result.failed} failing`);
    console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    if (result.failed > 0) return 1;
    if (result.passed === 0) {
      console.error('no extension-host test ran');
      return 1;
    }
    return 0;
  } catch (error) {
    writeCounts('vscode', { passed: 0, failed: 1, tests: [] });
    console.error(
      `\ntest:vscode failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    console.error(
      'diagnostics (screenshot, page console, code-server log) are in test-results/vscode-*',
    );
    return 1;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
