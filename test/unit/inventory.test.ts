import * as assert from 'node:assert/strict';
import { Discovery } from '../../src/discovery/discovery';
import { Inventory, type LocatedPeering } from '../../src/discovery/inventory';
import type { Network } from '../../src/model/types';
import type { RunningSandbox } from '../../src/sandbox/api';
import { startSandbox } from '../../src/sandbox/server';
import {
  AIVEN,
  AWS_PEERINGS,
  AWS_VPCS,
  DRAGONFLY,
  UPCLOUD,
} from '../../src/sandbox/worlds/demoTopology';
import {
  farLabel,
  peeringPage,
  peeringRow,
  sidesOf,
  untranslated,
} from '../../src/ui/tree/rowModel';
import { sandboxEnvironment, type SandboxEnvironment } from '../support/sandboxEnvironment';

/**
 * The inventory and the rows the tree builds from it, on the sandbox's demo
 * world through every real provider adapter: what loads, how errors stay on
 * their place, and how peer labels resolve across accounts and clouds.
 */
describe('inventory on the demo world (every provider)', function () {
  this.timeout(30_000);
  let sandbox: RunningSandbox;
  let env: SandboxEnvironment;
  let inventory: Inventory;
  const errors: string[] = [];

  before(async () => {
    sandbox = await startSandbox({ world: 'demo', operationDelayMs: 50 });
  });
  after(() => sandbox.stop());
  beforeEach(async () => {
    sandbox.admin.reset('demo');
    sandbox.admin.setFaults([]);
    errors.length = 0;
    env = sandboxEnvironment(sandbox);
    inventory = new Inventory(
      new Discovery({ loadProvider: env.loadProvider, timeoutMs: 10_000 }),
      {
        onError: (what) => errors.push(what),
      },
    );
    inventory.setAccounts(env.accounts);
  });
  afterEach(() => env.dispose());

  const network = (accountId: string, predicate: (n: Network) => boolean) =>
    inventory.networks().find((n) => n.account.id === accountId && predicate(n.network));
  const peeringsOf = (accountId: string, networkId: string) => {
    const located = inventory
      .networks()
      .find((n) => n.account.id === accountId && n.network.id === networkId)!;
    return inventory.place(accountId, located.region)?.byNetwork.get(networkId) ?? [];
  };

  it('loads every account and region, with no errors', async () => {
    await inventory.refreshAll();
    assert.deepEqual(errors, []);
    for (const id of inventory.accountIds()) {
      const view = inventory.account(id)!;
      assert.equal(view.status, 'loaded', id);
      for (const place of view.places.values())
        assert.equal(place.status, 'loaded', `${id} ${place.region}`);
    }
    assert.deepEqual(inventory.account('sandbox:aws:app')!.regions, ['us-east-1', 'eu-west-1']);
    const clouds = new Set(inventory.networks().map((n) => n.network.cloud));
    assert.deepEqual([...clouds].sort(), ['aiven', 'aws', 'azure', 'dragonfly', 'gcp', 'upcloud']);
    assert.ok(inventory.lastRefreshAt);
  });

  it('keeps a failing region as an error of that place only', async () => {
    sandbox.admin.setFaults([{ cloud: 'aws', region: 'eu-west-1', errorRate: 1 }]);
    await inventory.refreshAll();
    const app = inventory.account('sandbox:aws:app')!;
    assert.equal(app.places.get('eu-west-1')!.status, 'error');
    assert.equal(app.places.get('us-east-1')!.status, 'loaded');
    assert.ok(app.places.get('us-east-1')!.networks.length > 0);
    assert.ok(
      errors.some((e) => e.includes('eu-west-1')),
      errors.join(' | '),
    );
    // Retry brings it back.
    sandbox.admin.setFaults([]);
    await inventory.loadPlace('sandbox:aws:app', 'eu-west-1', true);
    assert.equal(app.places.get('eu-west-1')!.status, 'loaded');
  });

  it('names the far side of a Dragonfly peering from the AWS side, and back', async () => {
    await inventory.refreshAll();
    const appVpc = network('sandbox:aws:app', (n) => n.id === AWS_VPCS.app.id)!.network;
    const fromAws = peeringsOf('sandbox:aws:app', AWS_VPCS.app.id).find(
      (p) => p.id === AWS_PEERINGS.dragonflyPending,
    )!;
    const lookup = inventory.lookup.bind(inventory);
    // The AWS peering's far side is Dragonfly's own VPC, known only as the Dragonfly network's alias.
    assert.equal(farLabel(sidesOf(appVpc, fromAws).far, lookup), DRAGONFLY.network.name);
    const row = peeringRow(appVpc, fromAws, {
      lookup,
      t: untranslated,
      watch: 'implicit',
      now: Date.now(),
    });
    assert.match(row.description!, /^pending \(pending-acceptance\) · Dragonfly Cloud$/);
    assert.match(row.contextValue, /peering\.aws .*raw\.pending-acceptance .*role\.accepter/);

    const dfNetwork = network('sandbox:dragonfly', (n) => n.id === DRAGONFLY.network.id)!.network;
    const fromDragonfly = peeringsOf('sandbox:dragonfly', DRAGONFLY.network.id)[0];
    assert.ok(fromDragonfly, 'the Dragonfly network lists its connection');
    assert.equal(farLabel(sidesOf(dfNetwork, fromDragonfly).far, lookup), AWS_VPCS.app.name);
  });

  it('says when a request expires only while it waits: not for a failed peering', async () => {
    await inventory.refreshAll();
    const lookup = inventory.lookup.bind(inventory);
    const row = (id: string) => {
      const located = inventory
        .networks()
        .filter((n) => n.account.id === 'sandbox:aws:app')
        .flatMap((n) => peeringsOf('sandbox:aws:app', n.network.id).map((p) => ({ n, p })))
        .find(({ p }) => p.id === id);
      assert.ok(located, id);
      const options = { lookup, t: untranslated, watch: 'implicit' as const, now: Date.now() };
      return { peering: located.p, row: peeringRow(located.n.network, located.p, options) };
    };
    const failed = row(AWS_PEERINGS.overlapFailed);
    assert.equal(failed.peering.state, 'failed');
    assert.ok(failed.peering.expiresAt, 'the API gives the failed peering an expiry time');
    assert.doesNotMatch(failed.row.tooltip!, /Expire/);
    const pending = row(AWS_PEERINGS.pendingCrossAccount);
    assert.equal(pending.peering.state, 'pending');
    assert.match(pending.row.tooltip!, /Expires in \d+ (d|h|min|s) \(/);
  });

  it('names the far side of the Aiven ↔ UpCloud peering from both sides', async () => {
    await inventory.refreshAll();
    const lookup = inventory.lookup.bind(inventory);
    const appNet = network('sandbox:upcloud', (n) => n.id === UPCLOUD.networks.app.uuid)!;
    assert.equal(appNet.network.zone, UPCLOUD.zone);
    const toAiven = peeringsOf('sandbox:upcloud', UPCLOUD.networks.app.uuid).find(
      (p) => p.id === UPCLOUD.peerings.appToAiven,
    )!;
    const aivenVpc = network('sandbox:aiven', (n) => n.id === AIVEN.vpc.projectVpcId)!.network;
    assert.equal(farLabel(sidesOf(appNet.network, toAiven).far, lookup), aivenVpc.name);
    const row = peeringRow(appNet.network, toAiven, {
      lookup,
      t: untranslated,
      watch: 'off',
      now: Date.now(),
    });
    assert.match(row.description!, /· Aiven$/);
    assert.match(row.contextValue, /watch\.off$/);

    const fromAiven = peeringsOf('sandbox:aiven', AIVEN.vpc.projectVpcId)[0];
    assert.equal(farLabel(sidesOf(aivenVpc, fromAiven).far, lookup), UPCLOUD.networks.app.name);
  });

  it('shows problems first, pages, and filters to problems', async () => {
    await inventory.refreshAll();
    const lookup = inventory.lookup.bind(inventory);
    const appVpc = network('sandbox:aws:app', (n) => n.id === AWS_VPCS.app.id)!.network;
    const peerings = peeringsOf('sandbox:aws:app', AWS_VPCS.app.id);
    assert.ok(peerings.length >= 5, `app VPC peerings: ${peerings.map((p) => p.id).join(', ')}`);
    const all = peeringPage(appVpc, peerings, { problemsOnly: false, shown: 2, lookup });
    assert.equal(all.rows.length, 2);
    assert.equal(all.remaining, peerings.length - 2);
    assert.equal(all.rows[0].peering.state, 'failed', 'failed first');
    const problems = peeringPage(appVpc, peerings, { problemsOnly: true, shown: 200, lookup });
    assert.ok(problems.rows.length > 0 && problems.rows.length < peerings.length);
    assert.ok(problems.rows.every((r) => r.peering.state !== 'active'));
  });

  it('writes one peering back where it was listed and indexes it by network', async () => {
    await inventory.refreshAll();
    const located = inventory
      .peerings()
      .find(
        (p) => p.peering.id === AWS_PEERINGS.activeDnsOff && p.account.id === 'sandbox:aws:app',
      )!;
    const changes: unknown[] = [];
    const sub = inventory.onDidChange((c) => changes.push(c));
    const updated: LocatedPeering = {
      ...located,
      peering: { ...located.peering, state: 'deleted', rawState: 'deleted' },
    };
    inventory.upsertPeering(updated);
    sub.dispose();
    assert.equal(changes.length, 1);
    const again = peeringsOf('sandbox:aws:app', AWS_VPCS.app.id).find(
      (p) => p.id === AWS_PEERINGS.activeDnsOff,
    );
    assert.equal(again?.state, 'deleted');
    inventory.removePeering(located.account.id, located.region, located.peering.key);
    assert.equal(
      peeringsOf('sandbox:aws:app', AWS_VPCS.app.id).some(
        (p) => p.id === AWS_PEERINGS.activeDnsOff,
      ),
      false,
    );
  });

  it('drops the views of removed accounts', async () => {
    await inventory.refreshAll();
    inventory.setAccounts(env.accounts.filter((a) => a.cloud !== 'aws'));
    assert.equal(inventory.account('sandbox:aws:app'), undefined);
    assert.ok(inventory.networks().every((n) => n.network.cloud !== 'aws'));
  });
});
