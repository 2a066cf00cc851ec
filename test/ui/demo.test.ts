import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  freePort,
  launchChromium,
  openWorkbench,
  repoRoot,
  saveDiagnostics,
} from '../../scripts/vscode-host/host';
import { slug } from './workbench';

/**
 * Runs the real `npm run demo` script (forced onto the code-server route, on
 * a free port), opens the URL it prints and checks the workbench it serves.
 */
describe('UI: npm run demo', function () {
  let demo: ChildProcess;
  let output = '';
  let exited: Promise<number | null>;
  let url: string;
  let browser: Browser;
  let page: Page;
  let pageConsole: string[] = [];

  before(async function () {
    const port = await freePort();
    demo = spawn(
      process.execPath,
      [join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/demo.ts'],
      {
        cwd: repoRoot,
        env: { ...process.env, PORT: String(port), PEERING_DEMO_HOST: 'code-server' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    exited = new Promise((resolve) => demo.once('exit', (code) => resolve(code)));
    url = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /open (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(output);
        if (match) resolve(match[1]);
      };
      demo.stdout?.on('data', onData);
      demo.stderr?.on('data', onData);
      void exited.then((code) =>
        reject(new Error(`the demo exited (${code}) before printing a URL:\n${output}`)),
      );
    });
    // The address as printed (and as the README gives it): the origin, no payload.
    assert.equal(url, `http://127.0.0.1:${port}/`, `the demo printed ${url} for PORT=${port}`);
    browser = await launchChromium();
    const opened = await openWorkbench(browser, url);
    page = opened.page;
    pageConsole = opened.console;
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      const saved = await saveDiagnostics(`ui-demo-${slug(this.currentTest.title)}`, {
        page,
        console: [...pageConsole, '--- demo output ---', output],
      });
      console.log(`      diagnostics: ${saved.join(', ')}`);
    }
  });

  after(async function () {
    await browser?.close().catch(() => undefined);
    if (demo && demo.exitCode === null) demo.kill('SIGKILL');
  });

  it('serves a workbench that shows the Peering container', async () => {
    await page.locator('.activitybar a.action-label[aria-label="Peering"]').click();
    await page
      .locator('.part.sidebar .title-label', { hasText: /Peering: Networks/i })
      .waitFor({ state: 'visible', timeout: 30_000 });
  });

  it('runs with sandbox mode on (the sandbox starts at activation)', async () => {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('>Peering: Show Log');
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'Peering: Show Log' })
      .first()
      .click();
    await page
      // Monaco renders spaces as no-break spaces, hence \s.
      .locator('.part.panel .view-lines', {
        hasText: /Sandbox\sstarted:\shttp:\/\/127\.0\.0\.1:\d+/,
      })
      .waitFor({ state: 'visible', timeout: 30_000 });
    const mainPath = join('test-results', 'ui-demo.png');
    await page.screenshot({ path: join(repoRoot, mainPath) });
  });

  it('stops cleanly on Ctrl+C', async () => {
    await browser.close();
    demo.kill('SIGINT');
    const code = await Promise.race([
      exited,
      new Promise<string>((resolve) => setTimeout(() => resolve('timeout'), 15_000)),
    ]);
    assert.equal(code, 0, `the demo did not exit 0 within 15 s after SIGINT:\n${output}`);
    const stillServing = await fetch(new URL('/healthz', url), {
      signal: AbortSignal.timeout(2000),
    }).then(
      () => true,
      () => false,
    );
    assert.equal(stillServing, false, 'code-server still answers after the demo stopped');
  });
});
