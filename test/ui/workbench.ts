/**
 * A code-server workbench with Cloud Peering loaded in development mode (no
 * extensionTestsPath, so the extension stays up), opened in Debian's
 * Chromium, for the UI tests to click through.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  launchChromium,
  openWorkbench,
  repoRoot,
  resultsDir,
  saveDiagnostics,
  startCodeServer,
  type CodeServer,
} from '../../scripts/vscode-host/host';
import { ensureHost } from '../../scripts/vscode-host/install';

export interface UiWorkbench {
  server: CodeServer;
  browser: Browser;
  page: Page;
  console: string[];
  /** Saves test-results/ui-<name>.png. */
  screenshot(name: string): Promise<string>;
  /** Saves a failure screenshot, the page console and the server log under test-results/ui-<name>-*. */
  saveDiagnostics(name: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function openExtensionWorkbench(
  options: {
    userSettings?: Record<string, unknown>;
    /** Added to code-server's environment, which its extension hosts inherit. */
    env?: Record<string, string>;
  } = {},
): Promise<UiWorkbench> {
  const host = await ensureHost();
  const server = await startCodeServer({
    host,
    userSettings: options.userSettings,
    env: options.env,
  });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const opened = await openWorkbench(
      browser,
      server.workbenchUrl({ extensionDevelopmentPath: repoRoot }),
    );
    const ownBrowser = browser;
    return {
      server,
      browser: ownBrowser,
      page: opened.page,
      console: opened.console,
      async screenshot(name) {
        mkdirSync(resultsDir, { recursive: true });
        const path = join(resultsDir, `ui-${name}.png`);
        await opened.page.screenshot({ path });
        return path;
      },
      saveDiagnostics: (name) =>
        saveDiagnostics(`ui-${name}`, { page: opened.page, console: opened.console, server }),
      async close() {
        await ownBrowser.close().catch(() => undefined);
        await server.stop();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await saveDiagnostics('ui-startup', { server });
    await server.stop();
    throw error;
  }
}

/**
 * Registers the suite's cleanup hooks: diagnostics after each failed test
 * (screenshot, page console, server log), and the workbench closed at the end.
 */
export function cleanUpWorkbench(workbench: () => UiWorkbench | undefined): void {
  afterEach(async function () {
    const opened = workbench();
    if (this.currentTest?.state === 'failed' && opened) {
      const saved = await opened.saveDiagnostics(slug(this.currentTest.title));
      console.log(`      diagnostics: ${saved.join(', ')}`);
    }
  });

  after(async function () {
    await workbench()?.close();
  });
}

/** A file-name-safe form of a test title. */
export function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}
