/**
 * Shared by the UpCloud, Aiven and Dragonfly Cloud provider tests: the demo
 * world's accounts for those three, their stored secrets, and a port where
 * nothing listens.
 */
import * as net from 'node:net';
import type { Account } from '../../../src/model/types';
import type { CredentialSource } from '../../../src/providers/provider';
import type { RestProviderOptions } from '../../../src/providers/rest/jsonClient';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { AIVEN, DRAGONFLY, UPCLOUD } from '../../../src/sandbox/worlds/demoTopology';
import { sandboxAwsCredentials } from './sandboxAccounts';

export function upcloudAccount(
  sandbox: RunningSandbox,
  endpoint = sandbox.endpoints.upcloud,
): Account {
  return {
    id: 'upcloud:sandbox',
    cloud: 'upcloud',
    label: 'sandbox UpCloud',
    ref: UPCLOUD.username,
    endpoint,
    sandbox: true,
  };
}

export function aivenAccount(sandbox: RunningSandbox, endpoint = sandbox.endpoints.aiven): Account {
  return {
    id: 'aiven:sandbox',
    cloud: 'aiven',
    label: 'sandbox Aiven',
    ref: AIVEN.project,
    endpoint,
    sandbox: true,
  };
}

export function dragonflyAccount(
  sandbox: RunningSandbox,
  endpoint = sandbox.endpoints.dragonfly,
): Account {
  return {
    id: 'dragonfly:sandbox',
    cloud: 'dragonfly',
    label: 'sandbox Dragonfly',
    ref: 'sandbox',
    endpoint,
    sandbox: true,
  };
}

export const DEMO_SECRETS: Readonly<Record<string, string>> = {
  'upcloud:sandbox': JSON.stringify({ username: UPCLOUD.username, password: UPCLOUD.password }),
  'aiven:sandbox': AIVEN.token,
  'dragonfly:sandbox': DRAGONFLY.apiKey,
};

/**
 * The demo secrets (the AWS sandbox accounts' keys too), with `overrides` on
 * top; the map stays writable so a test can fix a secret half-way.
 */
export function demoCredentials(
  overrides: Record<string, string | undefined> = {},
): CredentialSource & {
  secrets: Record<string, string | undefined>;
} {
  const aws = sandboxAwsCredentials();
  const secrets: Record<string, string | undefined> = { ...DEMO_SECRETS, ...overrides };
  return {
    secrets,
    getSecret: async (id) => (id in secrets ? secrets[id] : aws.getSecret(id)),
  };
}

/** Short backoff so storms finish fast; the bounds are the production ones. */
export const FAST: RestProviderOptions = {
  retry: { baseDelayMs: 2, maxDelayMs: 20 },
  pollIntervalMs: 20,
};

/** A loopback port that was free a moment ago and has nothing listening now. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Sum of the sandbox's call counters for one cloud. */
export function callsTo(sandbox: RunningSandbox, cloud: string): number {
  return Object.entries(sandbox.admin.counters())
    .filter(([key]) => key.startsWith(`${cloud}.`))
    .reduce((sum, [, n]) => sum + n, 0);
}

/** Awaits a call that must fail and returns its error. */
export async function failure(
  call: Promise<unknown>,
): Promise<Error & { options?: { field?: string; account?: string } }> {
  try {
    await call;
  } catch (error) {
    return error as Error;
  }
  throw new Error('the call succeeded, but it was expected to fail');
}
