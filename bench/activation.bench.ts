import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import {
  launchChromium,
  repoRoot,
  runInHost,
  startCodeServer,
  type CodeServer,
} from '../scripts/vscode-host/host';
import { ensureHost } from '../scripts/vscode-host/install';
import { median, type BenchRow } from './types';

/** Extension-host starts to take the median over; each costs about 2 s. */
const RUNS = 5;

/**
 * activation.activate_ms: the `activationMs` that activate() measures itself,
 * inside the real extension host of code-server, for the production bundle in
 * dist/ (`npm run bench` builds it). Every run is a fresh extension host: the
 * probe in test/vscode/activation is loaded as `extensionTestsPath`, reports,
 * and the host shuts down.
 */
export default async function activationBench(): Promise<BenchRow[]> {
  const build = spawnSync(process.execPath, ['esbuild.mjs', '--tests-only'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('building the activation probe failed');
  const host = await ensureHost();
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const samples: number[] = [];
  try {
    server = await startCodeServer({ host });
    browser = await launchChromium();
    for (let i = 0; i < RUNS; i++) {
      const { report, page } = await runInHost(
        server,
        browser,
        join(repoRoot, 'out', 'test', 'vscode', 'activation', 'index'),
        'activation',
        { timeoutMs: 90_000, diagnosticsName: 'bench-activation' },
      );
      samples.push(report.activationMs);
      await page.context().close();
    }
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
  }
  const ms = median(samples);
  return [
    {
      id: 'activation.activate_ms',
      value: ms,
      unit: 'ms',
      note: `target < 15 ms (median of ${RUNS} extension-host starts: ${samples.map((s) => s.toFixed(1)).join(', ')})`,
      pass: ms < 15,
    },
  ];
}
