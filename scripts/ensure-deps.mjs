// Runs before `npm test` and `npm run demo` (npm's pre-scripts), so the
// README's two quick-start commands work on a fresh machine. Node built-ins
// only: it runs before node_modules exists.
//  - Debian packages: chromium (UI tests), ripgrep (the VS Code host's search),
//    libkrb5-dev (the host's native modules), shellcheck, awscli, azure-cli and jq
//    (script and CLI tests).
//    Installed with apt-get when running as root; otherwise the exact command is printed.
//  - node_modules: `npm ci` when missing or older than package-lock.json.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const APT = [
  { pkg: 'chromium', probe: '/usr/bin/chromium' },
  { pkg: 'ripgrep', probe: '/usr/bin/rg' },
  { pkg: 'libkrb5-dev', probe: '/usr/include/krb5.h' },
  { pkg: 'shellcheck', probe: '/usr/bin/shellcheck' },
  { pkg: 'awscli', probe: '/usr/bin/aws' },
  { pkg: 'azure-cli', probe: '/usr/bin/az' },
  { pkg: 'jq', probe: '/usr/bin/jq' },
];

const missing = APT.filter((p) => !existsSync(p.probe)).map((p) => p.pkg);
if (missing.length) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(
      `Missing Debian packages: ${missing.join(' ')}\nInstall them with:\n  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
    );
    process.exit(1);
  }
  console.log(`Installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
}

const marker = 'node_modules/.package-lock.json';
if (!existsSync(marker) || statSync(marker).mtimeMs < statSync('package-lock.json').mtimeMs) {
  console.log('Installing npm dependencies (npm ci)…');
  execFileSync('npm', ['ci'], { stdio: 'inherit' });
}
