/**
 * What the real-CLI script tests share: running a generated script (or one
 * CLI call) with a clean environment that names exactly the real tool, reading
 * its output line by line while it runs (so a test can play the other
 * company's console step), and skipping with the reason when a tool is absent.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPlan, listScenarios, renderScript } from '../../../src/plans';
import type { ScenarioId } from '../../../src/model/plan';
import { AWS_ACCOUNTS } from '../../../src/sandbox/worlds/demoTopology';
import { modeContext, SAMPLE_INPUTS } from '../plans/samples';
import { runWithStubs, type StubAnswer, type StubCall } from './stubCli';

export interface CliRun {
  code: number | null;
  out: string;
}

/** Debian's tools only: a pyenv shim elsewhere on PATH is a different program. */
export const SYSTEM_PATH = '/usr/bin:/bin';

let counter = 0;

/**
 * Runs `script` with bash in `dir`. `onLine` sees each output line as it
 * arrives (stdout and stderr), for tests that act when the script asks a
 * person to do something. The process is killed after `timeoutMs`.
 */
export function runBash(
  dir: string,
  script: string,
  env: Record<string, string>,
  options: { onLine?: (line: string) => void; timeoutMs?: number } = {},
): Promise<CliRun> {
  const file = join(dir, `script-${process.pid}-${++counter}.sh`);
  writeFileSync(file, script);
  return runProgram('/bin/bash', [file], dir, env, options);
}

/** Runs one program with exactly `env` (plus a system PATH and HOME=dir when not given). */
export function runProgram(
  program: string,
  argv: string[],
  dir: string,
  env: Record<string, string>,
  options: { onLine?: (line: string) => void; timeoutMs?: number; input?: string } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, argv, {
      cwd: dir,
      env: { PATH: SYSTEM_PATH, HOME: dir, LANG: 'C.UTF-8', ...env },
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    let out = '';
    let pending = '';
    const take = (d: Buffer) => {
      const text = d.toString();
      out += text;
      if (!options.onLine) return;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) options.onLine(line);
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 240_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

/** `this.skip()` with the reason logged, when `path` is not installed on this machine. */
export function skipWithoutTool(ctx: Mocha.Context, path: string, install: string): void {
  if (existsSync(path)) return;
  console.log(`      skipped: ${path} is missing on this machine (${install})`);
  ctx.skip();
}

/** The rendered bash of every scenario, with API sides and with console sides. */
export function everyScript(): { name: string; scenario: ScenarioId; script: string }[] {
  const scripts: { name: string; scenario: ScenarioId; script: string }[] = [];
  for (const scenario of listScenarios()) {
    const inputs = SAMPLE_INPUTS[scenario.id];
    if (!inputs) throw new Error(`no sample inputs for ${scenario.id}`);
    for (const mode of ['api', 'manual'] as const)
      scripts.push({
        name: `${scenario.id} (${mode})`,
        scenario: scenario.id,
        script: renderScript(
          buildPlan(scenario.id, inputs, modeContext(scenario.id, mode)),
          'bash',
        ),
      });
  }
  return scripts;
}

/**
 * Every call one program receives from every generated script, recorded by
 * the stub CLIs (so each argv is exactly what bash builds), de-duplicated,
 * with the scripts it came from. `answers` steer the scripts' waits.
 */
export async function callsOfEveryScript(
  dir: string,
  program: string,
  answers: StubAnswer[],
  env: Record<string, string> = {},
): Promise<{ argv: string[]; from: string[] }[]> {
  const byKey = new Map<string, { argv: string[]; from: string[] }>();
  for (const { name, script } of everyScript()) {
    if (!new RegExp(`(^|[\\s($])${program} `, 'm').test(script)) continue;
    // The user has done every console step (the Dragonfly ↔ Azure script stops before its
    // sign-ins until told so), so the whole script runs.
    const run = await runWithStubs(dir, script, answers, {
      DFCLOUD_CONNECTION_CREATED: 'yes',
      ...env,
    });
    if (run.code !== 0)
      throw new Error(
        `${name} stopped under the stubs (${run.code}): ${run.stderr.slice(0, 2000)}`,
      );
    for (const call of run.calls.filter((c: StubCall) => c.program === program)) {
      const key = JSON.stringify(call.argv);
      const entry = byKey.get(key) ?? { argv: call.argv, from: [] };
      if (!entry.from.includes(name)) entry.from.push(name);
      byKey.set(key, entry);
    }
  }
  return [...byKey.values()];
}

export interface DragonflyConnection {
  connection_id: string;
  status: string;
  connection_config: { network_id: string; peer: { vpc_id: string; account_id?: string } };
}

/** The sandbox's Dragonfly Cloud connections, read through its public API as a user would. */
export async function dragonflyConnections(
  endpoint: string,
  apiKey: string,
): Promise<DragonflyConnection[]> {
  const res = await fetch(`${endpoint}/v1/connections`, {
    headers: { Authorization: `Bearer ${apiKey}` },
  });
  if (!res.ok) throw new Error(`GET /v1/connections: ${res.status} ${await res.text()}`);
  return (await res.json()) as DragonflyConnection[];
}

/**
 * Writes the aws CLI's shared files into `home`: one profile per demo account, as a user with
 * several accounts would have, and an empty config.
 */
export function writeDemoAwsProfiles(home: string): void {
  const credentials = Object.values(AWS_ACCOUNTS)
    .map(
      (a) =>
        `[${a.profile}]\naws_access_key_id = ${a.accessKeyId}\naws_secret_access_key = ${a.secretAccessKey}\n`,
    )
    .join('\n');
  writeFileSync(join(home, 'credentials'), credentials);
  writeFileSync(join(home, 'config'), '');
}

/** The real azure-cli, as Debian installs it. */
export const AZ = '/usr/bin/az';

/**
 * PYTHONPATH that lets Debian's azure-cli 2.45 load `az network` (see
 * scripts/az-network-shim/sitecustomize.py): the real parser then runs.
 */
export const AZ_NETWORK_SHIM = join(__dirname, '..', '..', '..', 'scripts', 'az-network-shim');

/** What az prints when its parser refuses the arguments or the command. */
export const AZ_ARGUMENT_ERROR =
  /unrecognized arguments|the following arguments are required|expected one argument|is misspelled or not recognized|invalid choice|argument -{1,2}[\w-]+:/i;
/** What az prints once the arguments parsed and it needs a sign-in (or the network, offline). */
export const AZ_PARSED =
  /Please run 'az login'|HTTPSConnectionPool|login\.microsoftonline\.com|Failed to establish a new connection|Name or service not known/;

/**
 * Runs each az call with the real CLI and a private, empty AZURE_CONFIG_DIR
 * under `dir`; returns one line per call the parser refused (or that failed
 * without asking for a sign-in). An empty list means every call parsed.
 */
export async function azParseFailures(
  dir: string,
  calls: { argv: string[]; from: string[] }[],
  env: Record<string, string> = {},
): Promise<string[]> {
  const config = join(dir, 'azure-config');
  mkdirSync(config, { recursive: true });
  const failures: string[] = [];
  for (const call of calls) {
    const run = await runProgram(
      AZ,
      call.argv,
      dir,
      {
        AZURE_CONFIG_DIR: config,
        AZURE_CORE_COLLECT_TELEMETRY: 'false',
        AZURE_CORE_NO_COLOR: 'true',
        // No __pycache__ beside the shim in the repository.
        PYTHONDONTWRITEBYTECODE: '1',
        ...env,
      },
      // A value of "@-" is read from standard input, as the script pipes the secret there.
      {
        timeoutMs: 90_000,
        input: call.argv.some((a) => a.endsWith('@-')) ? 'Sandbox.Secret~1' : undefined,
      },
    );
    const line = `az ${call.argv.join(' ').slice(0, 200)} (${call.from.join(', ')})`;
    if (AZ_ARGUMENT_ERROR.test(run.out)) failures.push(`${line}:\n${run.out.slice(0, 600)}`);
    else if (run.code !== 0 && !AZ_PARSED.test(run.out))
      failures.push(
        `${line}: exit ${run.code} without a sign-in message:\n${run.out.slice(0, 600)}`,
      );
  }
  return failures;
}

/** The stub answers that run every script with an az side to its end. */
export const AZ_SCRIPT_ANSWERS: StubAnswer[] = [
  // The scripts' waits read these states; everything else answers empty.
  { program: 'az', when: ['peering', 'show'], output: 'Connected\n' },
  { program: 'az', when: ['show'], output: 'sandbox-value\n' },
  // Lists find nothing (so every create runs); creates print an id, a reset a secret.
  { program: 'az', when: ['create'], output: '0f0f0f0f-0000-4000-8000-0000000000aa\n' },
  { program: 'az', when: ['reset'], output: 'Sandbox.Secret~1\n' },
  { program: 'curl', when: [], output: '{"status":"active","connection_id":"conn-1"}' },
];

/** The environment those scripts run with under the stubs. */
export const AZ_SCRIPT_ENV = { DFCLOUD_API_KEY: 'sandbox-key', WAIT_TIMEOUT_SECONDS: '2' };
