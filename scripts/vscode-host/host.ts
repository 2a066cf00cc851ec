/**
 * Starts and stops the offline VS Code host (code-server) and the Chromium
 * that drives its workbench. Shared by `npm run test:vscode`, `npm run
 * test:ui`, `npm run demo` and the activation benchmark, so the recipe for
 * running code-server offline lives in one place.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import { parseReport, type HostReport } from '../../test/vscode/report';
import type { HostInstall } from './install';

export const repoRoot = resolve(__dirname, '..', '..');
export const resultsDir = join(repoRoot, 'test-results');

/** `node esbuild.mjs`: the development build, with the extension-host test bundles in out/. */
export function buildExtension(): void {
  console.log('$ node esbuild.mjs');
  const result = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`the build failed (exit code ${result.status})`);
}

/** The flags that keep Chromium offline and quiet. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Nothing but the local server resolves, so the workbench cannot reach out.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

/** Resolves with a port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Whether something already listens on 127.0.0.1:port. */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolveBusy) => {
    const server = createServer();
    server.once('error', () => resolveBusy(true));
    server.listen(port, '127.0.0.1', () => server.close(() => resolveBusy(false)));
  });
}

export interface WorkbenchTarget {
  /** Absolute path of the extension to load in development mode. */
  extensionDevelopmentPath: string;
  /** Absolute path of a module exporting `run()`; the host runs it and shuts down. */
  extensionTestsPath?: string;
  /** Folder to open; defaults to an empty workspace in the server's temp dir. */
  folder?: string;
}

export interface CodeServer {
  readonly port: number;
  readonly origin: string;
  /** Temp folder holding the user-data-dir, the extensions-dir and the workspace. */
  readonly dataDir: string;
  /** Everything code-server printed, for diagnostics. */
  readonly output: string[];
  /** The workbench URL that loads (and optionally tests) an extension. */
  workbenchUrl(target: WorkbenchTarget): string;
  /** Kills code-server and everything it spawned, and removes the temp folder. */
  stop(): Promise<void>;
}

export interface StartOptions {
  host: HostInstall;
  /** Port to bind on 127.0.0.1; a free one when omitted. */
  port?: number;
  /** Written to the user-data-dir's settings.json before start, over QUIET_SETTINGS. */
  userSettings?: Record<string, unknown>;
  /** Extra environment for code-server and so for the extension host. */
  env?: NodeJS.ProcessEnv;
  /** Receives each line code-server prints (besides keeping it in `output`). */
  onOutput?: (line: string) => void;
  /** How long to wait for the server to answer; default 60 s. */
  startTimeoutMs?: number;
  /**
   * An extension folder to install into the server's extensions dir (as a
   * symlink named `publisher.name-version`), so the plain address `/` loads
   * it without a development payload in the URL.
   */
  installExtension?: string;
}

/** User settings for every host started here: no welcome page, no update checks, no telemetry. */
const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
};

/** Servers started and not yet stopped, by their code-server process. */
const liveServers = new Map<ChildProcess, CodeServer>();

/**
 * The exit code after Ctrl+C or SIGTERM stopped every server: 130 for test
 * runs, which an interrupt cuts short; the demo, which ends that way
 * normally, sets 0.
 */
export const interrupted = { exitCode: 130 };

/**
 * Signals a detached child's whole process group: code-server forks the
 * extension host, the pty host and watchers, which may outlive it.
 */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // No process is left in the group.
  }
}

// Whatever happens to this process, the servers it started must not outlive
// it. code-server runs in its own process group, so a Ctrl+C in the terminal
// does not reach it: stop it here.
process.once('exit', () => {
  for (const child of liveServers.keys()) killGroup(child, 'SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (liveServers.size) console.error(`\n${signal}: stopping code-server`);
    void Promise.all([...liveServers.values()].map((server) => server.stop())).finally(() =>
      process.exit(interrupted.exitCode),
    );
  });
}

export async function startCodeServer(options: StartOptions): Promise<CodeServer> {
  const port = options.port ?? (await freePort());
  const origin = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'peering-host-'));
  const userDataDir = join(dataDir, 'user-data');
  const extensionsDir = join(dataDir, 'extensions');
  const workspace = join(dataDir, 'workspace');
  for (const dir of [join(userDataDir, 'User'), extensionsDir, workspace]) {
    mkdirSync(dir, { recursive: true });
  }
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...QUIET_SETTINGS, ...options.userSettings }, null, 2) + '\n',
  );
  if (options.installExtension) {
    const manifest = JSON.parse(
      readFileSync(join(options.installExtension, 'package.json'), 'utf8'),
    ) as { publisher: string; name: string; version: string };
    symlinkSync(
      resolve(options.installExtension),
      join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`),
      'dir',
    );
  }

  const args = [
    options.host.entry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    // Without this the trust dialog blocks the workbench.
    '--disable-workspace-trust',
  ];
  const child = spawn(process.execPath, args, {
    cwd: dataDir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      // No extension gallery: code-server would otherwise query open-vsx.org.
      EXTENSIONS_GALLERY: '{}',
      ...options.env,
    },
  });
  const output: string[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      output.push(line);
      options.onOutput?.(line);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    // Whatever is left in the group after code-server itself exited.
    killGroup(child, 'SIGKILL');
    liveServers.delete(child);
    rmSync(dataDir, { recursive: true, force: true });
  };

  const remote = (path: string) => `vscode-remote://127.0.0.1:${port}${path}`;
  const server: CodeServer = {
    port,
    origin,
    dataDir,
    output,
    stop,
    workbenchUrl(target) {
      const payload: [string, string][] = [
        ['extensionDevelopmentPath', remote(target.extensionDevelopmentPath)],
      ];
      if (target.extensionTestsPath) {
        payload.push(['extensionTestsPath', remote(target.extensionTestsPath)]);
      }
      const folder = target.folder ?? workspace;
      return `${origin}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    },
  };
  liveServers.set(child, server);

  try {
    await waitForServer(origin, child, output, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return server;
}

async function waitForServer(
  origin: string,
  child: ChildProcess,
  output: string[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `code-server exited (${child.signalCode ?? `code ${child.exitCode}`}) before it served ${origin}:\n${output.slice(-20).join('\n')}`,
      );
    }
    try {
      const response = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer on ${origin} within ${timeoutMs / 1000} s`);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

export interface OpenedWorkbench {
  page: Page;
  /** Every console message the page printed, as `[type] text`. */
  console: string[];
}

/**
 * Opens a workbench URL in a new page and waits for `.monaco-workbench`.
 * `onConsole` sees each console message as it arrives.
 */
export async function openWorkbench(
  browser: Browser,
  url: string,
  options: { onConsole?: (message: ConsoleMessage) => void; timeoutMs?: number } = {},
): Promise<OpenedWorkbench> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const lines: string[] = [];
  page.on('console', (message) => {
    lines.push(`[${message.type()}] ${message.text()}`);
    options.onConsole?.(message);
  });
  page.on('pageerror', (error) => lines.push(`[pageerror] ${error.message}`));
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: options.timeoutMs ?? 60_000 });
  return { page, console: lines };
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
  options: {
    onReport?: (report: HostReport) => void;
    timeoutMs?: number;
    /** Prefix of the diagnostics files saved under test-results/ on failure. */
    diagnosticsName?: string;
    /** Echo every page console message. */
    verbose?: boolean;
  } = {},
): Promise<{ report: Extract<HostReport, { type: T }>; page: Page; console: string[] }> {
  const timeoutMs = options.timeoutMs ?? 180_000;
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
      if (options.verbose) console.log(`[page ${message.type()}] ${text}`);
      const report = parseReport(text);
      if (report) {
        options.onReport?.(report);
        if (report.type === wanted) settle(report);
        return;
      }
      // No report will come when the payload was wrong, or when the module
      // failed to load or its run() rejected before reporting (the host logs
      // that error with $extensionTestsExecute in its stack).
      if (
        text.includes('No extension host found that can launch the test runner') ||
        (message.type() === 'error' && text.includes('$extensionTestsExecute'))
      ) {
        fail(new Error(`the extension host could not run ${extensionTestsPath}:\n${text}`));
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
    await saveDiagnostics(options.diagnosticsName ?? 'vscode', {
      page: opened.page,
      console: opened.console,
      server,
    });
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Saves what is needed to diagnose a failure: a screenshot, the page console
 * and code-server's output, under test-results/<name>-*. Never throws.
 */
export async function saveDiagnostics(
  name: string,
  parts: { page?: Page; console?: string[]; server?: CodeServer },
): Promise<string[]> {
  mkdirSync(resultsDir, { recursive: true });
  const saved: string[] = [];
  if (parts.page && !parts.page.isClosed()) {
    const file = join(resultsDir, `${name}-failure.png`);
    try {
      await parts.page.screenshot({ path: file, timeout: 10_000 });
      saved.push(file);
    } catch {
      // The page may be gone; the logs below still help.
    }
  }
  if (parts.console) {
    const file = join(resultsDir, `${name}-console.log`);
    writeFileSync(file, parts.console.join('\n') + '\n');
    saved.push(file);
  }
  if (parts.server) {
    const file = join(resultsDir, `${name}-code-server.log`);
    writeFileSync(file, parts.server.output.join('\n') + '\n');
    saved.push(file);
  }
  return saved;
}

/** Writes test-results/<level>.json, which scripts/test-all.mjs reads for its counts. */
export function writeCounts(
  level: string,
  counts: { passed: number; failed: number; skipped?: number; tests?: unknown[] },
): void {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, `${level}.json`), JSON.stringify(counts, null, 2) + '\n');
}
