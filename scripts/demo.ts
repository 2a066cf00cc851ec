/**
 * `npm run demo`: a VS Code with Cloud Peering loaded and sandbox mode on.
 *
 * With the desktop `code` on PATH it opens that, with --extensionDevelopmentPath
 * and a user-data-dir of its own. Otherwise it starts the offline code-server
 * host on 127.0.0.1 (port $PORT, default 8080, or a free one when that is
 * busy) with the extension installed in its extensions dir, prints the
 * address to open (http://127.0.0.1:8080/) and serves until Ctrl+C.
 * PEERING_DEMO_HOST=code-server forces the code-server route.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildExtension,
  freePort,
  interrupted,
  portInUse,
  repoRoot,
  startCodeServer,
} from './vscode-host/host';
import { ensureHost } from './vscode-host/install';

const DEMO_SETTINGS = { 'peering.sandbox.enabled': true };

function desktopCode(): string | undefined {
  if (process.env.PEERING_DEMO_HOST === 'code-server') return undefined;
  for (const dir of (process.env.PATH ?? '').split(':').filter(Boolean)) {
    const candidate = join(dir, 'code');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

async function requestedPort(): Promise<number> {
  const raw = process.env.PORT ?? '8080';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer from 0 to 65535; got "${raw}"`);
  }
  if (port === 0) return freePort();
  if (await portInUse(port)) {
    const free = await freePort();
    console.log(`port ${port} is busy; using ${free} instead`);
    return free;
  }
  return port;
}

async function runDesktop(code: string): Promise<number> {
  const userDataDir = join(repoRoot, '.vscode-test', 'demo-user-data');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(DEMO_SETTINGS, null, 2) + '\n',
  );
  const args = [
    `--extensionDevelopmentPath=${repoRoot}`,
    `--user-data-dir=${userDataDir}`,
    '--new-window',
    '--wait',
  ];
  console.log(`$ ${code} ${args.join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(code, args, { stdio: 'inherit' });
    child.on('error', (error) => {
      console.error(`could not start ${code}: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (exitCode) => resolve(exitCode ?? 1));
  });
}

async function runCodeServer(): Promise<number> {
  const port = await requestedPort();
  const host = await ensureHost();
  // The extension is installed into the server's extensions dir (a symlink
  // to this checkout), so the plain address loads it: no payload in the URL.
  const server = await startCodeServer({
    host,
    port,
    userSettings: DEMO_SETTINGS,
    installExtension: repoRoot,
  });
  console.log('\nCloud Peering demo (code-server, VS Code 1.100.3, sandbox mode on)');
  console.log(`  open ${server.origin}/`);
  console.log('  press Ctrl+C to stop\n');

  // Ctrl+C is how the demo normally ends: host.ts stops code-server and exits 0.
  interrupted.exitCode = 0;
  return new Promise((resolve) => {
    // If code-server dies on its own, the demo is over.
    const watchdog = setInterval(() => {
      void fetch(`${server.origin}/healthz`, { signal: AbortSignal.timeout(5000) }).catch(() => {
        clearInterval(watchdog);
        console.error(`code-server stopped answering on ${server.origin}:`);
        console.error(server.output.slice(-20).join('\n'));
        void server.stop().then(() => resolve(1));
      });
    }, 10_000);
  });
}

async function main(): Promise<number> {
  buildExtension();
  const code = desktopCode();
  return code ? runDesktop(code) : runCodeServer();
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
