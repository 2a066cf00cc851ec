// How far each cloud's knowledge reaches: per cloud, the files under src/
// that name it outside its own folders (src/providers/<cloud>/,
// src/sandbox/<cloud>/), and the files that name all six clouds (lists a
// seventh cloud may have to join). A figure for issue 12's note; `--list`
// prints the files too.
//
//   node scripts/cloud-mentions.mjs [--rev <commit>] [--list]
//
// Without --rev it reads the working tree's tracked files. A mention is the
// cloud's id at the start of a word or identifier, any case (`aws`,
// `AwsProvider`, `AWS_REGIONS`; not `draws`).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLOUDS = ['aws', 'gcp', 'azure', 'upcloud', 'aiven', 'dragonfly'];
const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const revAt = args.indexOf('--rev');
const rev = revAt >= 0 ? args[revAt + 1] : undefined;
if (revAt >= 0 && !rev) {
  console.error('usage: node scripts/cloud-mentions.mjs [--rev <commit>] [--list]');
  process.exit(2);
}
const list = args.includes('--list');

const git = (...a) => execFileSync('git', a, { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 28 });
const files = (rev ? git('ls-tree', '-r', '--name-only', rev, '--', 'src') : git('ls-files', 'src'))
  .split('\n')
  .filter((f) => /\.(ts|mts|cts|js|mjs)$/.test(f));
const read = (f) => (rev ? git('show', `${rev}:${f}`) : readFileSync(join(repo, f), 'utf8'));

const pattern = Object.fromEntries(CLOUDS.map((c) => [c, new RegExp(`(?<![a-z])${c}`, 'i')]));
const outside = Object.fromEntries(CLOUDS.map((c) => [c, []]));
const allSix = [];
for (const f of files) {
  const text = read(f);
  const named = CLOUDS.filter((c) => pattern[c].test(text));
  if (named.length === CLOUDS.length) allSix.push(f);
  for (const c of named)
    if (!f.startsWith(`src/providers/${c}/`) && !f.startsWith(`src/sandbox/${c}/`))
      outside[c].push(f);
}

console.log(`${rev ? `at ${rev}` : 'working tree'}: ${files.length} source files under src/`);
for (const c of CLOUDS) {
  console.log(`${c.padEnd(10)} ${String(outside[c].length).padStart(4)} files outside its folders`);
  if (list) for (const f of outside[c]) console.log(`             ${f}`);
}
console.log(`all six    ${String(allSix.length).padStart(4)} files name every cloud`);
if (list) for (const f of allSix) console.log(`             ${f}`);
