/**
 * The sandbox in a child process. Benchmarks that compare a wall time with a critical path use
 * it: a cloud builds and serialises its answers on its own machines, so here the sandbox's work
 * runs beside the client on the other core instead of taking turns on the client's event loop
 * (in one process, the sandbox's work for one place delays the client's parsing of another's).
 * Admin calls go over the sandbox's HTTP admin API (src/sandbox/server.ts, "The admin API").
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type {
  FaultRule,
  RunningSandbox,
  SandboxEndpoints,
  SandboxEngine,
  WorldName,
  WorldSpec,
} from '../../src/sandbox/api';
import { demoAccounts, demoAzureToken } from '../../src/sandbox/worlds/demoAccounts';

export interface SandboxProcess extends Pick<
  RunningSandbox,
  'endpoints' | 'accounts' | 'azureToken'
> {
  /** The child's process id (a test checks it is gone after `stop`). */
  pid: number;
  admin: {
    reset(world: WorldSpec): Promise<void>;
    counters(): Promise<Record<string, number>>;
    resetCounters(): Promise<void>;
    setFaults(rules: FaultRule[]): Promise<void>;
    setEngine(engine: SandboxEngine, enabled: boolean): Promise<void>;
  };
  /** Stops the sandbox and waits for the child to exit. */
  stop(): Promise<void>;
}

/** How long the child may take to start (it compiles the sandbox with tsx first). */
const START_TIMEOUT_MS = 120_000;

export async function startSandboxProcess(world: WorldName = 'demo'): Promise<SandboxProcess> {
  const child = fork(join(__dirname, 'sandboxChild.ts'), [world], {
    execArgv: ['--import', 'tsx'],
    cwd: join(__dirname, '..', '..'),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoints = await firstMessage(child, exited);
  const admin = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${endpoints.admin}/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`sandbox admin ${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as unknown;
  };
  return {
    pid: child.pid ?? 0,
    endpoints,
    accounts: () => demoAccounts(endpoints),
    azureToken: demoAzureToken,
    admin: {
      reset: async (spec) => void (await admin('POST', 'reset', { world: spec })),
      counters: async () => (await admin('GET', 'counters')) as Record<string, number>,
      resetCounters: async () => void (await admin('POST', 'counters/reset')),
      setFaults: async (rules) => void (await admin('PUT', 'faults', rules)),
      setEngine: async (engine, enabled) =>
        void (await admin('PUT', 'engines', { [engine]: enabled })),
    },
    async stop() {
      if (child.connected) child.disconnect();
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

function firstMessage(child: ChildProcess, exited: Promise<void>): Promise<SandboxEndpoints> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the sandbox process did not start within ${START_TIMEOUT_MS} ms`));
    }, START_TIMEOUT_MS);
    child.once('message', (message: { endpoints: SandboxEndpoints }) => {
      clearTimeout(timer);
      resolve(message.endpoints);
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the sandbox process exited before it started (code ${child.exitCode})`));
    });
  });
}
