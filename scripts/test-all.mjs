// `npm test`: every test level, in order, each streamed as it runs:
//   1. static checks  `eslint .`, `tsc -p .` and `prettier --check .` (one check each)
//   2. unit           `npm run test:unit` (mocha in plain Node)
//   3. vscode         `npm run test:vscode` (the suite inside code-server's extension host)
//   4. ui             `npm run test:ui` (Chromium clicking through the workbench)
// A level that cannot run, crashes or times out counts as a failure, never as
// a skip. The last line is always `N passed, N failed` over all levels, and
// the exit code is non-zero when anything failed.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';

const root = join(import.meta.dirname, '..');
const resultsDir = join(root, 'test-results');
const LEVEL_TIMEOUT_MS = Number(process.env.PEERING_TEST_LEVEL_TIMEOUT_MS ?? 15 * 60_000);

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
    const timer = setTimeout(() => {
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
      resolve({ code: code ?? 1, signal, output, seconds: (Date.now() - started) / 1000 });
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
  return { name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, seconds: result.seconds };
}

/** Unit tests: counts from mocha's spec reporter summary. */
async function unitLevel() {
  const name = 'unit (npm run test:unit)';
  banner(name);
  const result = await run('npm', ['run', '--silent', 'test:unit']);
  // Strip colour codes (FORCE_COLOR may be set) before reading "N passing" / "N failing".
  // eslint-disable-next-line no-control-regex
  const text = result.output.replace(/\x1b\[[0-9;]*m/g, '');
  const passing = /^\s*(\d+) passing/m.exec(text);
  const failing = /^\s*(\d+) failing/m.exec(text);
  let passed = passing ? Number(passing[1]) : 0;
  let failed = failing ? Number(failing[1]) : 0;
  if (result.code !== 0 && failed === 0) failed = 1; // crashed, timed out or never ran
  if (result.code === 0 && passed === 0) failed += 1; // a level with no tests is not a pass
  return { name, passed, failed, seconds: result.seconds };
}

/** A level that writes test-results/<file> with { passed, failed }. */
async function countedLevel(name, script, file) {
  banner(name);
  const countsFile = join(resultsDir, file);
  rmSync(countsFile, { force: true });
  const result = await run('npm', ['run', '--silent', script]);
  let passed = 0;
  let failed = 0;
  if (existsSync(countsFile)) {
    try {
      const counts = JSON.parse(readFileSync(countsFile, 'utf8'));
      passed = Number(counts.passed) || 0;
      failed = Number(counts.failed) || 0;
    } catch {
      console.error(`[test-all] ${countsFile} is not valid JSON`);
    }
  } else {
    console.error(`[test-all] ${script} wrote no ${file}`);
  }
  if (result.code !== 0 && failed === 0) failed = 1;
  if (result.code === 0 && passed === 0) failed += 1;
  return { name, passed, failed, seconds: result.seconds };
}

const levels = [];
levels.push(await check('lint (eslint .)', 'npx', ['eslint', '.']));
levels.push(await check('typecheck (tsc -p .)', 'npx', ['tsc', '-p', '.']));
levels.push(await check('format (prettier --check .)', 'npx', ['prettier', '--check', '.']));
levels.push(await unitLevel());
levels.push(
  await countedLevel('extension host (npm run test:vscode)', 'test:vscode', 'vscode.json'),
);
levels.push(await countedLevel('UI (npm run test:ui)', 'test:ui', 'ui.json'));

banner('summary');
for (const level of levels) {
  const status = level.failed ? 'FAIL' : 'ok  ';
  console.log(
    `${status} ${level.name.padEnd(42)} ${String(level.passed).padStart(4)} passed ${String(level.failed).padStart(3)} failed  ${level.seconds.toFixed(0)} s`,
  );
}
const passed = levels.reduce((sum, l) => sum + l.passed, 0);
const failed = levels.reduce((sum, l) => sum + l.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
