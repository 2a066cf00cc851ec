import * as assert from 'node:assert/strict';
import { Discovery } from '../../src/discovery/discovery';
import { Inventory, type LocatedPeering } from '../../src/discovery/inventory';
import { PeeringWatcher, type Scheduler, type WatchTransition } from '../../src/discovery/watch';
import type { Account, NetworkRef, Peering } from '../../src/model/types';
import type { AwsProvider } from '../../src/providers/aws/index';
import type { RunningSandbox } from '../../src/sandbox/api';
import { startSandbox } from '../../src/sandbox/server';
import { AWS_PEERINGS } from '../../src/sandbox/worlds/demoTopology';
import { sandboxEnvironment, type SandboxEnvironment } from '../support/sandboxEnvironment';

/** Timers that run only when the test says so; the sandbox and the SDK stay real. */
class FakeScheduler implements Scheduler {
  private seq = 0;
  now = 0;
  readonly timers = new Map<number, { at: number; ms: number; callback: () => void }>();

  setTimeout(callback: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.set(id, { at: this.now + ms, ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** The delays of the timers waiting now. */
  delays(): number[] {
    return [...this.timers.values()].map((t) => t.ms).sort((a, b) => a - b);
  }

  /** Runs the earliest timer and says how long it had waited. */
  fireNext(): number {
    const [id, timer] = [...this.timers.entries()].sort((a, b) => a[1].at - b[1].at)[0] ?? [];
    assert.ok(timer && id !== undefined, 'no timer is waiting');
    this.timers.delete(id);
    this.now = timer.at;
    timer.callback();
    return timer.ms;
  }
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

function awsCalls(sandbox: RunningSandbox): number {
  return Object.entries(sandbox.admin.counters())
    .filter(([k]) => k.startsWith('aws.'))
    .reduce((n, [, v]) => n + v, 0);
}

function nextEvent<T>(
  subscribe: (listener: (value: T) => void) => { dispose(): void },
): Promise<T> {
  return new Promise((resolve) => {
    const sub = subscribe((value) => {
      sub.dispose();
      resolve(value);
    });
  });
}

describe('the status bar watcher (fake timers, real sandbox)', function () {
  this.timeout(30_000);
  let sandbox: RunningSandbox;
  let env: SandboxEnvironment;
  let inventory: Inventory;
  let scheduler: FakeScheduler;
  let watcher: PeeringWatcher;
  let transitions: WatchTransition[];
  let watched: (key: string) => boolean;
  let refreshes: number;

  before(async () => {
    // Ten minutes of provisioning in sandbox time: a peering stays in
    // transition until the test moves the sandbox clock.
    sandbox = await startSandbox({ world: 'demo', operationDelayMs: 10 * MINUTE });
  });
  after(() => sandbox.stop());

  beforeEach(async () => {
    sandbox.admin.reset('demo');
    env = sandboxEnvironment(sandbox);
    inventory = new Inventory(new Discovery({ loadProvider: env.loadProvider }));
    inventory.setAccounts(env.accounts.filter((a) => a.cloud === 'aws'));
    await inventory.refreshAll();
    scheduler = new FakeScheduler();
    transitions = [];
    watched = () => true;
    refreshes = 0;
    watcher = new PeeringWatcher({
      getPeering: async (item, signal) =>
        (await env.loadProvider(item.peering.cloud)).getPeering(
          { account: item.account, region: item.region },
          item.peering.id,
          { signal },
        ),
      refreshAll: async () => {
        refreshes++;
        await inventory.refreshAll();
        watcher.observe(inventory.peerings());
      },
      isWatched: (key) => watched(key),
      scheduler,
      pollInitialMs: 2_000,
      pollMaxMs: 16_000,
    });
    watcher.onDidTransition((t) => transitions.push(t));
    watcher.onDidPoll(({ item, fresh }) => {
      if (fresh) inventory.upsertPeering({ ...item, peering: fresh });
    });
    watcher.observe(inventory.peerings());
  });
  afterEach(() => {
    watcher.dispose();
    env.dispose();
  });

  const appCopy = (id: string): LocatedPeering =>
    inventory.peerings().find((p) => p.peering.id === id && p.account.id === 'sandbox:aws:app')!;

  async function accept(id: string): Promise<LocatedPeering> {
    const item = appCopy(id);
    const aws = (await env.loadProvider('aws')) as unknown as AwsProvider;
    const peering: Peering = await aws.acceptPeering(
      { account: item.account, region: item.region },
      id,
    );
    return { ...item, peering };
  }

  it('counts the demo world and asks for attention', () => {
    const summary = watcher.summary();
    const states = new Map(inventory.peerings().map((p) => [p.peering.key, p.peering.state]));
    const count = (...wanted: string[]) =>
      [...states.values()].filter((s) => wanted.includes(s)).length;
    assert.equal(summary.active, count('active'));
    assert.equal(summary.pending, count('pending', 'provisioning', 'inactive'));
    assert.equal(summary.down, count('failed', 'disconnected'));
    assert.equal(
      summary.watched,
      states.size,
      'each peering once, though both AWS accounts list some',
    );
    assert.ok(summary.active > 0 && summary.pending > 0 && summary.down > 0);
    assert.equal(summary.severity, 'error', 'the overlap peering failed');
    assert.ok(summary.needsAction.some((i) => i.peering.id === AWS_PEERINGS.pendingCrossAccount));
    assert.equal(watcher.pollingKeys().length, 0, 'nothing is in transition');
    assert.deepEqual(scheduler.delays(), [], 'no timer at all without a refresh interval');
  });

  it('polls an accepted peering with backoff until it is active, notifies once, then stops', async () => {
    const accepted = await accept(AWS_PEERINGS.pendingCrossAccount);
    assert.equal(accepted.peering.state, 'provisioning');
    watcher.update(accepted);
    assert.deepEqual(watcher.pollingKeys(), [accepted.peering.key]);
    assert.deepEqual(scheduler.delays(), [2_000]);

    // Still provisioning: each poll waits twice as long, up to the cap.
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const polled = nextEvent(watcher.onDidPoll.bind(watcher));
      waits.push(scheduler.fireNext());
      const { fresh } = await polled;
      assert.equal(fresh?.state, 'provisioning');
    }
    assert.deepEqual(waits, [2_000, 4_000, 8_000, 16_000]);
    assert.deepEqual(scheduler.delays(), [16_000], 'capped');
    assert.equal(transitions.length, 0);

    // Past provisioning in sandbox time: the next poll finds it active.
    sandbox.admin.advanceClock(11 * MINUTE);
    const polled = nextEvent(watcher.onDidPoll.bind(watcher));
    scheduler.fireNext();
    assert.equal((await polled).fresh?.state, 'active');
    assert.deepEqual(
      transitions.map((t) => [t.kind, t.previous, t.item.peering.id]),
      [['active', 'provisioning', AWS_PEERINGS.pendingCrossAccount]],
    );
    assert.deepEqual(watcher.pollingKeys(), []);
    assert.deepEqual(scheduler.delays(), [], 'no poll is scheduled any more');

    // Nothing in transition: no call reaches the sandbox, however long we wait.
    const before = awsCalls(sandbox);
    await new Promise((resolve) => setTimeout(resolve, 300));
    watcher.observe(inventory.peerings());
    assert.deepEqual(scheduler.delays(), []);
    assert.equal(awsCalls(sandbox), before);
    assert.equal(
      watcher.summary().needsAction.some((i) => i.peering.key === accepted.peering.key),
      false,
    );
  });

  it('notifies when a pending request expires, and not for an unwatched one', async () => {
    sandbox.admin.advanceClock(8 * DAY);
    await inventory.refreshAll();
    watcher.observe(inventory.peerings());
    const expired = transitions.filter((t) => t.kind === 'expired').map((t) => t.item.peering.id);
    assert.ok(expired.includes(AWS_PEERINGS.pendingCrossAccount), JSON.stringify(transitions));
    assert.equal(watcher.summary().severity, 'error');

    // The same change for a peering nobody watches says nothing.
    sandbox.admin.reset('demo');
    await inventory.refreshAll();
    watcher.observe(inventory.peerings());
    transitions.length = 0;
    const key = appCopy(AWS_PEERINGS.pendingCrossAccount).peering.key;
    watched = (k) => k !== key;
    sandbox.admin.advanceClock(8 * DAY);
    await inventory.refreshAll();
    watcher.observe(inventory.peerings());
    assert.equal(
      transitions.some((t) => t.item.peering.key === key),
      false,
    );
    assert.equal(
      watcher.summary().needsAction.some((i) => i.peering.key === key),
      false,
    );
  });

  it('refreshes everything only at the slow interval', async () => {
    watcher.setRefreshInterval(10 * MINUTE);
    assert.deepEqual(scheduler.delays(), [10 * MINUTE]);
    const observed = nextEvent(watcher.onDidChangeSummary.bind(watcher));
    scheduler.fireNext();
    await observed;
    assert.equal(refreshes, 1);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(scheduler.delays(), [10 * MINUTE], 'scheduled again');
    watcher.setRefreshInterval(0);
    assert.deepEqual(scheduler.delays(), []);
  });

  it('forgets a polled peering the provider no longer has', async () => {
    const accepted = await accept(AWS_PEERINGS.pendingCrossAccount);
    watcher.update(accepted);
    const gone = {
      ...accepted,
      peering: {
        ...accepted.peering,
        id: 'pcx-0000000000000dead',
        key: 'aws/pcx-0000000000000dead',
      },
    };
    watcher.update(gone);
    assert.equal(watcher.pollingKeys().length, 2);
    sandbox.admin.advanceClock(11 * MINUTE);
    const results: (Peering | undefined)[] = [];
    for (let i = 0; i < 2; i++) {
      const polled = nextEvent(watcher.onDidPoll.bind(watcher));
      scheduler.fireNext();
      results.push((await polled).fresh);
    }
    assert.deepEqual(results.map((p) => p?.state).sort(), ['active', undefined].sort());
    assert.deepEqual(watcher.pollingKeys(), []);
    assert.equal(
      watcher.summary().needsAction.some((i) => i.peering.id === 'pcx-0000000000000dead'),
      false,
    );
  });
});

describe('the status bar watcher: one Dragonfly ↔ AWS link', () => {
  // A Dragonfly Cloud connection to AWS and the VPC peering it made (its
  // peer_connection_id) are one link for the user.
  const dfAccount: Account = {
    id: 'dragonfly:demo',
    cloud: 'dragonfly',
    label: 'Dragonfly',
    ref: 'demo',
  };
  const awsAccount: Account = { id: 'aws:demo', cloud: 'aws', label: 'AWS', ref: 'demo' };
  const vpc: NetworkRef = { cloud: 'aws', accountId: '111111111111', networkId: 'vpc-0a1b2c3d' };
  const dfNet: NetworkRef = { cloud: 'dragonfly', accountId: 'dragonfly:demo', networkId: 'net-1' };
  function connection(state: Peering['state']): LocatedPeering {
    return {
      account: dfAccount,
      region: 'us-east-1',
      peering: {
        key: 'dragonfly/conn-1',
        accountKey: dfAccount.id,
        cloud: 'dragonfly',
        id: 'conn-1',
        state,
        rawState: state,
        local: dfNet,
        peer: vpc,
        options: { peerConnectionId: 'pcx-0123456789abcdef0' },
      },
    };
  }
  function awsPeering(state: Peering['state']): LocatedPeering {
    return {
      account: awsAccount,
      region: 'us-east-1',
      peering: {
        key: 'aws/pcx-0123456789abcdef0',
        accountKey: awsAccount.id,
        cloud: 'aws',
        id: 'pcx-0123456789abcdef0',
        state,
        rawState: state,
        local: vpc,
        peer: dfNet,
        role: 'accepter',
      },
    };
  }
  function watcher(): { watch: PeeringWatcher; events: WatchTransition[] } {
    const watch = new PeeringWatcher({
      getPeering: async () => undefined,
      refreshAll: async () => undefined,
      isWatched: () => true,
      scheduler: new FakeScheduler(),
    });
    const events: WatchTransition[] = [];
    watch.onDidTransition((event) => events.push(event));
    return { watch, events };
  }

  it('counts once, in the state of its less healthy half', () => {
    const { watch } = watcher();
    watch.observe([connection('pending'), awsPeering('pending')]);
    assert.deepEqual(pick(watch.summary()), { watched: 1, active: 0, pending: 1, down: 0 });
    watch.observe([connection('pending'), awsPeering('active')]);
    assert.deepEqual(pick(watch.summary()), { watched: 1, active: 0, pending: 1, down: 0 });
    watch.observe([connection('active'), awsPeering('active')]);
    assert.deepEqual(pick(watch.summary()), { watched: 1, active: 1, pending: 0, down: 0 });
    assert.equal(watch.summary().severity, undefined);
    watch.observe([connection('failed'), awsPeering('active')]);
    assert.deepEqual(pick(watch.summary()), { watched: 1, active: 0, pending: 0, down: 1 });
    assert.equal(watch.summary().needsAction.length, 1);
    watch.dispose();
  });

  it('notifies once when the link becomes active, and once when it fails', () => {
    const { watch, events } = watcher();
    watch.observe([connection('pending'), awsPeering('pending')]);
    // The AWS half is accepted first: the link is not up yet.
    watch.observe([connection('pending'), awsPeering('active')]);
    assert.equal(events.length, 0);
    watch.observe([connection('active'), awsPeering('active')]);
    assert.deepEqual(
      events.map((e) => [e.kind, e.item.peering.key]),
      [['active', 'dragonfly/conn-1']],
    );
    // Both halves go down in the same refresh: one notification.
    watch.observe([connection('failed'), awsPeering('failed')]);
    assert.deepEqual(
      events.map((e) => e.kind),
      ['active', 'failed'],
    );
    watch.dispose();
  });

  it('keeps unrelated peerings apart', () => {
    const { watch } = watcher();
    const other = awsPeering('active');
    other.peering = {
      ...other.peering,
      key: 'aws/pcx-0fedcba9876543210',
      id: 'pcx-0fedcba9876543210',
    };
    watch.observe([connection('active'), awsPeering('active'), other]);
    assert.deepEqual(pick(watch.summary()), { watched: 2, active: 2, pending: 0, down: 0 });
    watch.dispose();
  });
});

function pick(s: { watched: number; active: number; pending: number; down: number }) {
  return { watched: s.watched, active: s.active, pending: s.pending, down: s.down };
}
