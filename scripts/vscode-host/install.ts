/**
 * Installs the offline VS Code host (code-server 4.100.3, which is VS Code
 * 1.100.3) into a git-ignored cache.
 *
 *   npx tsx scripts/vscode-host/install.ts      install, or reuse what is there
 *
 * The cache is `.vscode-test/code-server` in the repository, or
 * $PEERING_HOST_CACHE when set (so several clones can share one install).
 * A marker file is written only after every step succeeded; a folder without
 * it is a half install and is wiped and redone.
 */
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';

const repoRoot = resolve(__dirname, '..', '..');

export interface HostInstall {
  /** The scratch folder holding node_modules/code-server. */
  dir: string;
  /** code-server's entry point, run with `node`. */
  entry: string;
}

export function hostDir(): string {
  return resolve(process.env.PEERING_HOST_CACHE ?? join(repoRoot, '.vscode-test', 'code-server'));
}

function describe(dir: string): HostInstall {
  return { dir, entry: join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js') };
}

function markerFile(dir: string): string {
  return join(dir, `.installed-${CODE_SERVER_VERSION}`);
}

function log(message: string): void {
  console.log(`[vscode-host] ${message}`);
}

/** System programs the host needs, each with the Debian package that provides it. */
const REQUIRED_PROGRAMS: { path: string; aptPackage: string; why: string }[] = [
  { path: '/usr/bin/rg', aptPackage: 'ripgrep', why: "VS Code's search runs ripgrep" },
  {
    path: '/usr/bin/chromium',
    aptPackage: 'chromium',
    why: 'the tests drive the workbench in Chromium',
  },
];

/** Build tools for the native modules `npm rebuild` compiles (kerberos, node-pty, …). */
const BUILD_PROGRAMS: { names: string[]; aptPackage: string }[] = [
  { names: ['krb5-config'], aptPackage: 'libkrb5-dev' },
  { names: ['make'], aptPackage: 'build-essential' },
  { names: ['g++', 'c++'], aptPackage: 'build-essential' },
  { names: ['python3'], aptPackage: 'python3' },
];

function onPath(name: string): boolean {
  const dirs = (process.env.PATH ?? '').split(':').filter(Boolean);
  return dirs.some((d) => existsSync(join(d, name)));
}

/** Fails with the apt packages to install when a system prerequisite is missing. */
export function checkSystemPrerequisites(options: { forInstall: boolean }): void {
  const missing: string[] = [];
  for (const p of REQUIRED_PROGRAMS) {
    if (!existsSync(p.path))
      missing.push(`${p.path} is missing (${p.why}): apt-get install -y ${p.aptPackage}`);
  }
  if (options.forInstall) {
    for (const p of BUILD_PROGRAMS) {
      if (!p.names.some(onPath)) {
        missing.push(
          `${p.names[0]} is not on PATH (native modules are rebuilt): apt-get install -y ${p.aptPackage}`,
        );
      }
    }
  }
  if (missing.length) {
    throw new Error(
      `The VS Code host cannot be used on this machine:\n  - ${missing.join('\n  - ')}`,
    );
  }
}

function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<void> {
  log(`$ ${[command, ...args].join(' ')}   (in ${cwd})`);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, ...env },
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolvePromise();
      else
        reject(
          new Error(
            `${command} ${args.join(' ')} failed in ${cwd} (${signal ?? `exit code ${code}`})`,
          ),
        );
    });
  });
}

const CACHE_PACKAGE_NAME = 'vscode-host-cache';

function isHostCache(dir: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      name?: string;
    };
    return manifest.name === CACHE_PACKAGE_NAME;
  } catch {
    return false;
  }
}

/** Installs the host unless a complete install is already in the cache. */
export async function ensureHost(): Promise<HostInstall> {
  const dir = hostDir();
  const host = describe(dir);
  if (existsSync(markerFile(dir)) && existsSync(host.entry)) {
    checkSystemPrerequisites({ forInstall: false });
    log(`reusing code-server ${CODE_SERVER_VERSION} in ${dir}`);
    return host;
  }
  checkSystemPrerequisites({ forInstall: true });
  const started = Date.now();
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    // Wipe only what an earlier run of this script left, never a folder
    // PEERING_HOST_CACHE happens to point at.
    if (!isHostCache(dir)) {
      throw new Error(
        `${dir} is not empty and is not a VS Code host cache (no package.json named ${CACHE_PACKAGE_NAME}); ` +
          'point PEERING_HOST_CACHE at an empty or new folder',
      );
    }
    log(`${dir} holds an incomplete install; removing it`);
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  // Measured on a fresh folder (PEERING_HOST_CACHE=/tmp/x npx tsx scripts/vscode-host/install.ts):
  // 158 s and 322 MB on 2 shared cores, most of it the native rebuilds; once, later runs reuse it.
  log(
    `installing code-server ${CODE_SERVER_VERSION} into ${dir}: takes 2 to 3 minutes and 320 MB, once (later runs reuse it)`,
  );

  // node-gyp would otherwise download Node's headers from nodejs.org, which
  // these machines cannot reach; Debian's nodejs ships them in /usr/include/node.
  const gypEnv: NodeJS.ProcessEnv =
    process.execPath === '/usr/bin/node' && existsSync('/usr/include/node/node.h')
      ? { npm_config_nodedir: '/usr' }
      : {};
  // A quiet npm: no audit, no fund banner, no update check.
  const npmEnv: NodeJS.ProcessEnv = {
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    ...gypEnv,
  };

  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: CACHE_PACKAGE_NAME, private: true, version: '0.0.0' }, null, 2) + '\n',
  );
  // code-server's own postinstall downloads ripgrep from GitHub and refuses to
  // run as root, so every install skips scripts and the native modules are
  // rebuilt by name below.
  await run(
    'npm',
    ['install', '--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`],
    dir,
    npmEnv,
  );

  const vscodeDir = join(dir, 'node_modules', 'code-server', 'lib', 'vscode');
  await run('npm', ['install', '--omit=dev', '--ignore-scripts'], vscodeDir, npmEnv);
  // npm_config_yes lets node-pty's install step call `npx node-gyp`.
  await run(
    'npm',
    ['rebuild', 'kerberos', 'node-pty', '@parcel/watcher', '@vscode/spdlog', 'native-watchdog'],
    vscodeDir,
    { ...npmEnv, npm_config_yes: 'true' },
  );

  log('using /usr/bin/rg for @vscode/ripgrep');
  const rgBin = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgBin, { recursive: true });
  cpSync('/usr/bin/rg', join(rgBin, 'rg'));

  const asar = join(vscodeDir, 'node_modules.asar');
  rmSync(asar, { force: true, recursive: true });
  symlinkSync('node_modules', asar);

  await run(
    'npm',
    ['install', '--omit=dev', '--ignore-scripts'],
    join(vscodeDir, 'extensions'),
    npmEnv,
  );
  await run('npm', ['rebuild', 'argon2'], dir, { ...npmEnv, npm_config_yes: 'true' });

  if (!existsSync(host.entry)) throw new Error(`install finished but ${host.entry} is missing`);
  writeFileSync(
    markerFile(dir),
    `code-server ${CODE_SERVER_VERSION} installed ${new Date().toISOString()}\n`,
  );
  log(`installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return host;
}

if (require.main === module) {
  ensureHost().catch((error: unknown) => {
    console.error(`[vscode-host] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
