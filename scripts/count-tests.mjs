// How many tests a level would run, for scripts/test-all.mjs when a level
// cannot load or stops early: `node --require tsx/cjs scripts/count-tests.mjs
// [--require FILE]... [--static] DIR SUFFIX` prints one JSON object
//   { total, files: [{ file, tests, estimated, error? }] }.
// Each *SUFFIX file under DIR is loaded on its own into a dry-run mocha (the
// count mocha itself would reach), so one file that throws while loading does
// not hide the others; such a file, and every file under --static (the
// extension-host suite, which needs `vscode`), is counted from its source:
// the `it(` / `test(` calls it contains ("estimated", as a loop counts once).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import Mocha from 'mocha';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..');

/** Every file under dir whose name ends with suffix, sorted. */
export function specFiles(dir, suffix) {
  const found = [];
  const walk = (at) => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(suffix)) found.push(path);
    }
  };
  walk(dir);
  return found;
}

/** The test calls written in a source file. */
export function staticCount(file) {
  const text = readFileSync(file, 'utf8');
  return (text.match(/^\s*(?:it|test|specify)(?:\.skip|\.only)?\s*\(/gm) ?? []).length;
}

function firstLine(error) {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.split('\n')[0].slice(0, 300);
}

export function countTests(files, { requires = [], staticOnly = false } = {}) {
  const counted = [];
  if (staticOnly) {
    for (const file of files) counted.push({ file, tests: staticCount(file), estimated: true });
  } else {
    for (const file of requires) require(resolve(root, file));
    const mocha = new Mocha({ dryRun: true });
    for (const file of files) {
      const before = mocha.suite.total();
      try {
        mocha.suite.emit('pre-require', globalThis, file, mocha);
        mocha.suite.emit('require', require(file), file, mocha);
        mocha.suite.emit('post-require', globalThis, file, mocha);
        counted.push({ file, tests: mocha.suite.total() - before, estimated: false });
      } catch (error) {
        counted.push({ file, tests: staticCount(file), estimated: true, error: firstLine(error) });
      }
    }
  }
  return {
    total: counted.reduce((sum, f) => sum + f.tests, 0),
    files: counted.map((f) => ({ ...f, file: relative(root, f.file) })),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const args = process.argv.slice(2);
  const requires = [];
  let staticOnly = false;
  const positional = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--require') requires.push(args[++i]);
    else if (args[i] === '--static') staticOnly = true;
    else positional.push(args[i]);
  }
  const [dir, suffix] = positional;
  if (!dir || !suffix) {
    console.error('usage: count-tests.mjs [--require FILE]... [--static] DIR SUFFIX');
    process.exit(2);
  }
  const files = specFiles(resolve(root, dir), suffix);
  process.stdout.write(JSON.stringify(countTests(files, { requires, staticOnly })) + '\n');
  // Loaded test files may hold timers or servers open; the count is done.
  process.exit(0);
}
