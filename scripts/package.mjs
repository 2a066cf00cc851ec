// `npm run package`: production build, then a .vsix with @vscode/vsce, then
// its size and contents check. The bundles carry their dependencies, so vsce
// runs with --no-dependencies and .vscodeignore is an allowlist.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';

const out = 'cloud-peering.vsix';
const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });

run(process.execPath, ['esbuild.mjs', '--production']);
run(process.execPath, [
  'node_modules/@vscode/vsce/vsce',
  'package',
  '--no-dependencies',
  '--no-rewrite-relative-links',
  '--allow-missing-repository',
  '--out',
  out,
]);

// Guard the allowlist: a vsix must not carry tests, sources, maps or node_modules.
const listing = execFileSync(
  process.execPath,
  ['node_modules/@vscode/vsce/vsce', 'ls', '--no-dependencies'],
  {
    encoding: 'utf8',
  },
);
const forbidden = listing
  .split('\n')
  .filter((f) => /(^|\/)(src|test|out|node_modules|bench|scripts)\/|\.map$|\.ts$/.test(f.trim()));
if (forbidden.length) {
  console.error(`The vsix would carry files it must not:\n${forbidden.join('\n')}`);
  process.exit(1);
}
const mb = statSync(out).size / (1024 * 1024);
console.log(`${out}: ${mb.toFixed(2)} MB`);
