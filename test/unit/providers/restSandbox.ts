/**
 * Shared by the UpCloud, Aiven and Dragonfly Cloud provider tests: the demo
 * world's accounts for those three, their stored secrets, and a port where
 * nothing listens.
 */
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import type { Account } from '../../../src/model/types';
import type { CloudProvider, CredentialSource, Place } from '../../../src/providers/provider';
import type { RestProviderOptions } from '../../../src/providers/rest/jsonClient';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { AIVEN, DRAGONFLY, UPCLOUD } from '../../../src/sandbox/worlds/demoTopology';
import { sandboxAwsCredentials } from './sandboxAccounts';
import { DEFAULT_ATTEMPTS, THROTTLED_ATTEMPTS } from '../../../src/async/retry';

/** A demo account of one of the three clouds, labelled "sandbox <name>". */
function sandboxRestAccount(
  cloud: 'upcloud' | 'aiven' | 'dragonfly',
  name: string,
  ref: string,
  endpoint: string,
): Account {
  return { id: `${cloud}:sandbox`, cloud, label: `sandbox ${name}`, ref, endpoint, sandbox: true };
}

export function upcloudAccount(
  sandbox: RunningSandbox,
  endpoint = sandbox.endpoints.upcloud,
): Account {
  return sandboxRestAccount('upcloud', 'UpCloud', UPCLOUD.username, endpoint);
}

export function aivenAccount(sandbox: RunningSandbox, endpoint = sandbox.endpoints.aiven): Account {
  return sandboxRestAccount('aiven', 'Aiven', AIVEN.project, endpoint);
}

export function dragonflyAccount(
  sandbox: RunningSandbox,
  endpoint = sandbox.endpoints.dragonfly,
): Account {
  return sandboxRestAccount('dragonfly', 'Dragonfly', 'sandbox', endpoint);
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

/**
 * Two tests: through a throttling (429) storm and through a 5xx storm, listing
 * networks and peerings `rounds` times gives the fault-free answers each time,
 * with faults injected and retried, within withRetry's budgets: THROTTLED_ATTEMPTS per call
 * while throttled, DEFAULT_ATTEMPTS per call for 5xx. The 5xx storm fails one call in four: a
 * 5xx may be a real outage, so its budget is small and a storm of 50 % would exhaust it now and
 * then (the fault sequence is seeded, so a run is the same every time either way).
 * `callsPerRound` is how many requests one round of both listings makes.
 */
export function itCompletesThroughStorms(
  cloud: 'upcloud' | 'aiven' | 'dragonfly',
  { rounds, callsPerRound }: { rounds: number; callsPerRound: number },
  subject: () => { sandbox: RunningSandbox; provider: CloudProvider; place: Place },
): void {
  for (const [kind, rule, attempts] of [
    ['throttling (429)', { cloud, throttleRate: 0.5, retryAfterSeconds: 0 }, THROTTLED_ATTEMPTS],
    ['5xx', { cloud, errorRate: 0.25 }, DEFAULT_ATTEMPTS],
  ] as const) {
    it(`completes through a ${kind} storm with bounded retries`, async () => {
      const { sandbox, provider, place } = subject();
      const expected = {
        networks: await provider.listNetworks(place),
        peerings: await provider.listPeerings(place),
      };
      sandbox.admin.resetCounters();
      sandbox.admin.setFaults([rule]);
      for (let i = 0; i < rounds; i++) {
        assert.deepEqual(await provider.listNetworks(place), expected.networks);
        assert.deepEqual(await provider.listPeerings(place), expected.peerings);
      }
      const calls = callsTo(sandbox, cloud);
      const logical = rounds * callsPerRound;
      assert.ok(calls > logical, `faults were injected and retried (${calls} calls)`);
      assert.ok(
        calls <= logical * attempts,
        `at most ${attempts} attempts per call (${calls} calls)`,
      );
    });
  }
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
