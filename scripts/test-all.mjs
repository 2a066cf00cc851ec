// `npm test`: every test level, in order, each streamed as it runs:
//   1. static checks  `eslint .`, `tsc -p .`, `prettier --check .` and
//                     scripts/check-paths.mjs, scripts/check-layers.mjs, knip (one check each)
//   2. unit           `npm run test:unit` (mocha in plain Node)
//   3. vscode         `npm run test:vscode` (the suite inside code-server's extension host)
//   4. ui             `npm run test:ui` (Chromium clicking through the workbench)
// A level that cannot run, crashes or times out counts as a failure, never as
// a skip, and so does every test it would have run but did not ("N not run",
// counted by scripts/count-tests.mjs, with the reason). Tests that skip
// themselves (mocha's pending, `this.skip()`) count as skipped. The last line
// is always `N passed, N failed, N skipped` over all levels, and the exit code
// is non-zero when anything failed.
//
//   --levels a,b      run only these levels (static, unit, vscode, ui)
//   --unit-dir DIR    the unit level runs mocha on DIR/**/*.test.ts instead of
//                     `npm run test:unit` (the tests of this script use it)
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';

const root = join(import.meta.dirname, '..');
const resultsDir = join(root, 'test-results');
const options = parseArgs(process.argv.slice(2));
const LEVEL_TIMEOUT_MS = Number(process.env.PEERING_TEST_LEVEL_TIMEOUT_MS ?? 30 * 60_000);

function parseArgs(args) {
  const parsed = { levels: ['static', 'unit', 'vscode', 'ui'], unitDir: undefined };
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--levels') parsed.levels = args[++i].split(',');
    else if (args[i] === '--unit-dir') parsed.unitDir = resolve(args[++i]);
    else throw new Error(`test-all: unknown argument ${args[i]}`);
  }
  return parsed;
}

/** Runs a command with its output streamed through and captured; never rejects. */
function run(command, args) {
  return new Promise((resolve) => {
    const started = Date.now();
    let output = '';
    const child = spawn(command, args, {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a timeout can end everything it started.
      detached: true,
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      output += `\n[test-all] ${[command, ...args].join(' ')} timed out after ${LEVEL_TIMEOUT_MS / 1000} s\n`;
      process.stderr.write(`\n[test-all] timeout: ending ${command} ${args.join(' ')}\n`);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, LEVEL_TIMEOUT_MS);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
      process.stderr.write(chunk);
    });
    child.on('error', (error) => {
      output += `\n${error.message}\n`;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code: code ?? 1,
        signal,
        output,
        timedOut,
        seconds: (Date.now() - started) / 1000,
      });
    });
  });
}

function banner(title) {
  console.log(`\n━━━ ${title} ${'━'.repeat(Math.max(0, 70 - title.length))}`);
}

/** A pass/fail check counted as one test. */
async function check(name, command, args) {
  banner(name);
  const result = await run(command, args);
  const ok = result.code === 0;
  console.log(`[test-all] ${name}: ${ok ? 'ok' : `FAILED (exit ${result.code})`}`);
  return { name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0, seconds: result.seconds };
}

/** How many tests the files under dir hold (scripts/count-tests.mjs), or undefined. */
async function expectedTests(dir, suffix, extra) {
  const result = await new Promise((done) => {
    let out = '';
    const child = spawn(
      process.execPath,
      ['--require', 'tsx/cjs', join(root, 'scripts', 'count-tests.mjs'), ...extra, dir, suffix],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', () => done(undefined));
    child.on('close', (code) => done(code === 0 ? out : undefined));
  });
  try {
    return result === undefined ? undefined : JSON.parse(result);
  } catch {
    return undefined;
  }
}

/** The first line of a level's output that says what went wrong. */
function reasonOf(result) {
  if (result.timedOut) return `timed out after ${LEVEL_TIMEOUT_MS / 1000} s`;
  // eslint-disable-next-line no-control-regex
  const lines = result.output.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
  const line = lines.find(
    (l) => /\b(Error|error|Cannot|failed)\b/.test(l) && !/^\s*\d+ fail/.test(l),
  );
  return `exit ${result.code}${line ? `: ${line.trim().slice(0, 200)}` : ''}`;
}

/**
 * Completes a level's counts: when the level failed before reporting every
 * test it holds, the missing ones count as failed ("N not run", with why).
 */
async function settle(level, result, count) {
  const ran = level.passed + level.failed + level.skipped;
  if (result.code !== 0) {
    const expected = await expectedTests(...count);
    if (expected && expected.total > ran) {
      level.notRun = expected.total - ran;
      level.failed += level.notRun;
      const broken = expected.files.filter((f) => f.error);
      const why = broken.length
        ? broken.map((f) => `${f.file} does not load: ${f.error}`).join('; ')
        : reasonOf(result);
      level.note = `${level.notRun} not run (${why})`;
      console.error(`[test-all] ${level.name}: ${level.note}`);
    }
    if (level.failed === 0) level.failed = 1; // crashed after its last test
  } else if (ran === 0) {
    level.failed += 1; // a level with no tests is not a pass
  }
  return level;
}

/** Unit tests: counts from mocha's spec reporter summary. */
async function unitLevel() {
  const name = 'unit (npm run test:unit)';
  banner(name);
  const dir = options.unitDir ?? join(root, 'test', 'unit');
  const setup = ['--require', './test/unit/setup.ts'];
  const result = options.unitDir
    ? await run('npx', ['mocha', '--require', 'tsx/cjs', ...setup, join(dir, '**', '*.test.ts')])
    : await run('npm', ['run', '--silent', 'test:unit']);
  // Strip colour codes (FORCE_COLOR may be set) before reading the summary.
  // eslint-disable-next-line no-control-regex
  const text = result.output.replace(/\x1b\[[0-9;]*m/g, '');
  const count = (word) => Number(new RegExp(`^\\s*(\\d+) ${word}`, 'm').exec(text)?.[1] ?? 0);
  const level = {
    name,
    passed: count('passing'),
    failed: count('failing'),
    skipped: count('pending'),
    seconds: result.seconds,
  };
  return settle(level, result, [dir, '.test.ts', setup]);
}

/** A level that writes test-results/<file> with { passed, failed, skipped }. */
async function countedLevel(name, script, file, count) {
  banner(name);
  const countsFile = join(resultsDir, file);
  rmSync(countsFile, { force: true });
  const result = await run('npm', ['run', '--silent', script]);
  const level = { name, passed: 0, failed: 0, skipped: 0, seconds: result.seconds };
  if (existsSync(countsFile)) {
    try {
      const counts = JSON.parse(readFileSync(countsFile, 'utf8'));
      level.passed = Number(counts.passed) || 0;
      level.failed = Number(counts.failed) || 0;
      level.skipped = Number(counts.skipped) || 0;
    } catch {
      console.error(`[test-all] ${countsFile} is not valid JSON`);
    }
  } else {
    console.error(`[test-all] ${script} wrote no ${file}`);
  }
  return settle(level, result, count);
}

const levels = [];
if (options.levels.includes('static')) {
  levels.push(await check('lint (eslint .)', 'npx', ['eslint', '.']));
  levels.push(await check('typecheck (tsc -p .)', 'npx', ['tsc', '-p', '.']));
  levels.push(await check('format (prettier --check .)', 'npx', ['prettier', '--check', '.']));
  levels.push(
    await check('paths stay in the repository', process.execPath, [
      join(root, 'scripts', 'check-paths.mjs'),
    ]),
  );
  levels.push(
    await check('layers (scripts/check-layers.mjs)', process.execPath, [
      join(root, 'scripts', 'check-layers.mjs'),
    ]),
  );
  levels.push(
    await check('unused exports (knip)', 'npx', [
      'knip',
      '--include',
      'exports,types,duplicates',
      '--no-progress',
    ]),
  );
}
if (options.levels.includes('unit')) levels.push(await unitLevel());
if (options.levels.includes('vscode')) {
  levels.push(
    await countedLevel('extension host (npm run test:vscode)', 'test:vscode', 'vscode.json', [
      join(root, 'test', 'vscode', 'suite'),
      '.test.ts',
      ['--static'],
    ]),
  );
}
if (options.levels.includes('ui')) {
  levels.push(
    await countedLevel('UI (npm run test:ui)', 'test:ui', 'ui.json', [
      join(root, 'test', 'ui'),
      '.test.ts',
      [],
    ]),
  );
}

banner('summary');
for (const level of levels) {
  const status = level.failed ? 'FAIL' : 'ok  ';
  console.log(
    `${status} ${level.name.padEnd(42)} ${String(level.passed).padStart(4)} passed ${String(level.failed).padStart(3)} failed ${String(level.skipped).padStart(3)} skipped  ${level.seconds.toFixed(0)} s`,
  );
  if (level.note) console.log(`     ${level.note}`);
}
const passed = levels.reduce((sum, l) => sum + l.passed, 0);
const failed = levels.reduce((sum, l) => sum + l.failed, 0);
const skipped = levels.reduce((sum, l) => sum + l.skipped, 0);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 ? 1 : 0;
