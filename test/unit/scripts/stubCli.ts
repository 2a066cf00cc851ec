/**
 * Recording stand-ins for aws, gcloud, az, curl and dhclient: each call
 * appends `{program, argv}` as one JSON line to a log and prints the first
 * canned answer whose words all appear in its argv (answers with `times` run
 * out). Scripts run with these first on PATH, so the test sees exactly the
 * argv each CLI would have received.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StubAnswer {
  program: string;
  /** Every one of these must be an argv element (or, with `~`, a substring of one). */
  when: string[];
  output: string;
  /** How many calls this answer serves; unlimited when absent. */
  times?: number;
}

export interface StubCall {
  program: string;
  argv: string[];
}

export const STUB_PROGRAMS = ['aws', 'gcloud', 'az', 'curl', 'dhclient'];

const STUB_SOURCE = `
const fs = require('node:fs');
const path = require('node:path');
const program = path.basename(process.argv[1]);
const argv = process.argv.slice(2);
fs.appendFileSync(process.env.STUB_LOG, JSON.stringify({ program, argv }) + '\\n');
const answers = JSON.parse(fs.readFileSync(process.env.STUB_ANSWERS, 'utf8'));
const usedFile = process.env.STUB_ANSWERS + '.used';
const used = fs.existsSync(usedFile) ? JSON.parse(fs.readFileSync(usedFile, 'utf8')) : {};
const matches = (w) => (w.startsWith('~') ? argv.some((a) => a.includes(w.slice(1))) : argv.includes(w));
for (const [i, a] of answers.entries()) {
  if (a.program !== program || !a.when.every(matches)) continue;
  if (a.times !== undefined && (used[i] ?? 0) >= a.times) continue;
  used[i] = (used[i] ?? 0) + 1;
  fs.writeFileSync(usedFile, JSON.stringify(used));
  process.stdout.write(a.output);
  break;
}
`;

export function installStubs(dir: string): string {
  const bin = join(dir, 'bin');
  if (!existsSync(bin)) mkdirSync(bin, { recursive: true });
  const main = join(dir, 'stub.cjs');
  writeFileSync(main, STUB_SOURCE);
  for (const program of STUB_PROGRAMS) {
    const file = join(bin, program);
    writeFileSync(file, `#!${process.execPath}\nrequire(${JSON.stringify(main)});\n`);
    chmodSync(file, 0o755);
  }
  return bin;
}

export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
  calls: StubCall[];
}

/** Runs a script with the stubs first on PATH and only the system's own tools after them. */
export function runWithStubs(
  dir: string,
  script: string,
  answers: StubAnswer[],
  env: Record<string, string> = {},
): Promise<ScriptRun> {
  const bin = installStubs(dir);
  const log = join(dir, `calls-${Date.now()}-${Math.random().toString(16).slice(2)}.jsonl`);
  const answersFile = `${log}.answers.json`;
  writeFileSync(answersFile, JSON.stringify(answers));
  writeFileSync(log, '');
  const file = `${log}.sh`;
  writeFileSync(file, script);
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/bash', [file], {
      cwd: dir,
      env: {
        PATH: `${bin}:/usr/bin:/bin`,
        HOME: dir,
        LANG: 'C.UTF-8',
        STUB_LOG: log,
        STUB_ANSWERS: answersFile,
        WAIT_INTERVAL_SECONDS: '0',
        WAIT_TIMEOUT_SECONDS: '20',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const calls = readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as StubCall);
      resolve({ code, stdout, stderr, calls });
    });
  });
}
