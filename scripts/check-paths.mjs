// Static check in `npm test`: code and tests read nothing outside the
// repository, so a clone with nothing beside it runs them. Fails on
//  - any mention of the `shared` folder beside the checkout (where fixtures
//    used to be read from);
//  - a relative path literal ('../x', import or string) that resolves outside
//    the repository from the file that holds it;
//  - join()/resolve() of __dirname or import.meta.dirname with enough '..'
//    parts to climb out of the repository.
// `node scripts/check-paths.mjs [ROOT] [DIR...]` checks src, test, scripts and
// bench of ROOT (default: this repository); prints each finding as
// file:line: text and exits 1 when there is one.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const SOURCE = /\.(?:[cm]?[jt]s|json|sh)$/;
const SKIP = new Set(['node_modules', 'dist', 'out', 'test-results', 'published']);

function files(dir) {
  const found = [];
  let names;
  try {
    names = readdirSync(dir).sort();
  } catch {
    return found;
  }
  for (const name of names) {
    if (SKIP.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...files(path));
    else if (SOURCE.test(name)) found.push(path);
  }
  return found;
}

const outside = (root, path) => {
  const rel = relative(root, path);
  return rel === '..' || rel.startsWith(`..${sep}`);
};

/** Findings for one file's text: { line, text, why }. */
export function findEscapes(root, file, text) {
  const findings = [];
  const here = dirname(file);
  text.split('\n').forEach((line, index) => {
    const add = (why) => findings.push({ line: index + 1, text: line.trim(), why });
    if (/\.\.[/\\]shared\b|['"]shared['"]\s*,\s*['"]fixtures['"]/.test(line)) {
      add('reads the shared folder beside the repository');
      return;
    }
    for (const m of line.matchAll(/['"`]((?:\.\.\/)+[^'"`\s]*)['"`]/g)) {
      if (outside(root, resolve(here, m[1]))) {
        add(`${m[1]} leaves the repository`);
        return;
      }
    }
    const joined =
      /\b(?:join|resolve)\(\s*(__dirname|import\.meta\.dirname)((?:\s*,\s*['"][^'"]*['"])+)/.exec(
        line,
      );
    if (joined) {
      const parts = [...joined[2].matchAll(/['"]([^'"]*)['"]/g)].map((p) => p[1]);
      if (outside(root, resolve(here, ...parts))) add(`${parts.join('/')} leaves the repository`);
    }
  });
  return findings;
}

export function checkPaths(root, dirs = ['src', 'test', 'scripts', 'bench']) {
  const findings = [];
  for (const dir of dirs) {
    for (const file of files(join(root, dir))) {
      for (const f of findEscapes(root, file, readFileSync(file, 'utf8'))) {
        findings.push({ file: relative(root, file), ...f });
      }
    }
  }
  return findings;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const [rootArg, ...dirs] = process.argv.slice(2);
  const root = resolve(rootArg ?? join(import.meta.dirname, '..'));
  const findings = checkPaths(root, dirs.length ? dirs : undefined);
  for (const f of findings) console.log(`${f.file}:${f.line}: ${f.why}\n    ${f.text}`);
  if (findings.length) {
    console.log(`${findings.length} path(s) leave the repository; tests must read only the clone`);
    process.exit(1);
  }
  console.log('no path leaves the repository');
}
