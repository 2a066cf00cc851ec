import * as assert from 'node:assert/strict';
import { Discovery } from '../../src/discovery/discovery';
import type { Account } from '../../src/model/types';
import { AwsProvider } from '../../src/providers/aws/index';
import type { RunningSandbox } from '../../src/sandbox/api';
import { startSandbox } from '../../src/sandbox/server';
import { FaultInjector } from '../../src/sandbox/faults';
import { AWS_PEERINGS } from '../../src/sandbox/worlds/demoTopology';
import { sandboxAwsAccount, sandboxAwsCredentials } from './providers/sandboxAccounts';

/** Sum of the sandbox's AWS call counters. */
function awsCalls(sandbox: RunningSandbox): number {
  return Object.entries(sandbox.admin.counters())
    .filter(([k]) => k.startsWith('aws.'))
    .reduce((n, [, v]) => n + v, 0);
}

describe('discovery against the sandbox (AWS, several accounts and regions)', function () {
  let sandbox: RunningSandbox;
  let provider: AwsProvider;
  let accounts: Account[];

  before(async () => {
    sandbox = await startSandbox({ world: 'demo', operationDelayMs: 50 });
    accounts = [
      sandboxAwsAccount('app', sandbox.endpoints.aws),
      sandboxAwsAccount('data', sandbox.endpoints.aws),
    ];
  });
  after(() => sandbox.stop());
  beforeEach(() => {
    sandbox.admin.reset('demo');
    provider = new AwsProvider({ credentials: sandboxAwsCredentials() });
  });
  afterEach(() => provider.dispose());

  const discovery = (timeoutMs = 10_000) =>
    new Discovery({ loadProvider: async () => provider, timeoutMs });

  it('finds every network and shows a peering seen from both accounts once', async () => {
    const result = await discovery().refresh(accounts);
    assert.deepEqual(result.errors, []);
    assert.equal(result.places.length, 4, '2 accounts × 2 regions');
    const ids = result.peerings.map((p) => p.id);
    assert.equal(new Set(ids).size, ids.length, 'no duplicates');
    // pendingCrossAccount is visible to both app (accepter) and data (requester).
    const seenInPlaces = result.places.filter((p) =>
      p.peerings.some((x) => x.id === AWS_PEERINGS.pendingCrossAccount),
    );
    assert.equal(seenInPlaces.length, 2);
    assert.equal(ids.filter((id) => id === AWS_PEERINGS.pendingCrossAccount).length, 1);
    // Peer resolution: the data VPC is named from the data account's listing.
    const pending = result.peerings.find((p) => p.id === AWS_PEERINGS.pendingCrossAccount)!;
    assert.ok(pending.peer.resolvedKey && pending.local.resolvedKey);
    assert.ok([pending.peer.name, pending.local.name].includes('data-vpc'));
    // The cross-region peering is once, though both regions list it.
    assert.equal(ids.filter((id) => id === AWS_PEERINGS.crossRegionMissingRoute).length, 1);
  });

  it('shares calls already in flight between concurrent refreshes', async () => {
    sandbox.admin.resetCounters();
    const d = discovery();
    await d.refresh(accounts);
    const single = awsCalls(sandbox);
    sandbox.admin.resetCounters();
    const d2 = discovery();
    await Promise.all([d2.refresh(accounts), d2.refresh(accounts), d2.refresh(accounts)]);
    assert.equal(awsCalls(sandbox), single, 'three concurrent refreshes cost one');
  });

  it('keeps the other regions when one region is down', async () => {
    sandbox.admin.setFaults([{ cloud: 'aws', region: 'eu-west-1', errorRate: 1 }]);
    const result = await discovery().refresh(accounts);
    assert.equal(result.errors.length, 2, 'one error per account in eu-west-1');
    assert.ok(result.errors.every((e) => e.region === 'eu-west-1'));
    assert.match(result.errors[0].message, /sandbox (app|data) \(eu-west-1\)/);
    const east = result.places.filter((p) => p.region === 'us-east-1');
    assert.ok(east.every((p) => !p.error && p.networks.length > 0));
  });

  it('completes under a throttling storm with bounded retries', async () => {
    sandbox.admin.resetCounters();
    await discovery().refresh(accounts);
    const minimum = awsCalls(sandbox);
    sandbox.admin.reset('demo');
    sandbox.admin.setFaults([{ cloud: 'aws', throttleRate: 0.5 }]);
    const stormy = await discovery(20_000).refresh(accounts);
    assert.deepEqual(stormy.errors, []);
    const calm = await (async () => {
      sandbox.admin.setFaults([]);
      return discovery().refresh(accounts);
    })();
    assert.deepEqual(
      stormy.peerings.map((p) => p.id).sort(),
      calm.peerings.map((p) => p.id).sort(),
      'the same peerings as without throttling',
    );
    const stormCalls = awsCalls(sandbox) - minimum - minimum;
    assert.ok(
      stormCalls <= minimum * 5,
      `retries bounded: ${stormCalls} calls for ${minimum} needed`,
    );
  });

  it('reports a 5xx storm per place and recovers partial 5xx', async () => {
    sandbox.admin.setFaults([{ cloud: 'aws', errorRate: 0.3 }]);
    const result = await discovery().refresh(accounts);
    // With 5 attempts at 30% failure, a call fails with p = 0.3^5 ≈ 0.2%; the seed makes it repeatable.
    assert.deepEqual(result.errors, []);
    assert.ok(result.peerings.length >= 6);
  });

  it('times out a silent region without holding up the rest', async () => {
    sandbox.admin.setFaults([{ cloud: 'aws', region: 'eu-west-1', timeoutRate: 1 }]);
    const started = Date.now();
    const result = await discovery(800).refresh(accounts);
    assert.ok(Date.now() - started < 5_000);
    assert.equal(result.errors.length, 2);
    assert.match(result.errors[0].message, /no answer within 1 s/);
    assert.ok(result.places.filter((p) => p.region === 'us-east-1').every((p) => !p.error));
  });

  it('cancels', async () => {
    sandbox.admin.setFaults([{ cloud: 'aws', latencyMs: 500 }]);
    const controller = new AbortController();
    const pending = discovery().refresh(accounts, controller.signal);
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(pending, { name: 'AbortError' });
  });

  it('pages beyond one page of 1000 peerings', async () => {
    sandbox.admin.reset({ kind: 'large', awsPeerings: 2500 });
    const app = sandboxAwsAccount('app', sandbox.endpoints.aws, ['us-east-1']);
    sandbox.admin.resetCounters();
    const peerings = await provider.listPeerings({ account: app, region: 'us-east-1' });
    assert.ok(peerings.length >= 2500, `got ${peerings.length}`);
    assert.ok(
      (sandbox.admin.counters()['aws.DescribeVpcPeeringConnections'] ?? 0) >= 3,
      'three or more pages',
    );
  });
});

describe('sandbox fault sequences are deterministic per test', () => {
  const storm = [{ cloud: 'aws', throttleRate: 0.5 }];
  const draws = (faults: FaultInjector, operation: string, region: string, n: number) =>
    Array.from({ length: n }, () => faults.decide('aws', operation, region).fault ?? 'ok');

  it('setFaults restarts every sequence, whatever was drawn before', () => {
    const faults = new FaultInjector(1);
    faults.set(storm);
    const first = draws(faults, 'DescribeVpcs', 'us-east-1', 40);
    assert.ok(first.includes('throttle') && first.includes('ok'), first.join(' '));
    // Another test ran before: other rules, other operations, many draws.
    faults.set([{ errorRate: 0.3 }]);
    draws(faults, 'DescribeVpcs', 'us-east-1', 17);
    draws(faults, 'CreateRoute', 'eu-west-1', 5);
    faults.set(storm);
    assert.deepEqual(draws(faults, 'DescribeVpcs', 'us-east-1', 40), first);
  });

  it('each operation and region has its own sequence: interleaving does not shift it', () => {
    const alone = new FaultInjector(1);
    alone.set(storm);
    const vpcs = draws(alone, 'DescribeVpcs', 'us-east-1', 30);
    const mixed = new FaultInjector(1);
    mixed.set(storm);
    const interleaved: string[] = [];
    for (let i = 0; i < 30; i++) {
      draws(mixed, 'DescribeVpcPeeringConnections', 'us-east-1', i % 3);
      draws(mixed, 'DescribeVpcs', 'eu-west-1', 1);
      interleaved.push(...draws(mixed, 'DescribeVpcs', 'us-east-1', 1));
    }
    assert.deepEqual(interleaved, vpcs);
    const otherSeed = new FaultInjector(2);
    otherSeed.set(storm);
    assert.notDeepEqual(
      draws(otherSeed, 'DescribeVpcs', 'us-east-1', 30),
      vpcs,
      'the seed matters',
    );
  });
});
