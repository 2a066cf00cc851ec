import * as assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Discovery } from '../../src/discovery/discovery';
import { Inventory, type InventoryChange } from '../../src/discovery/inventory';
import { readKeptInventory, writeKeptInventory } from '../../src/discovery/keptInventory';
import type { RunningSandbox } from '../../src/sandbox/api';
import { startSandbox } from '../../src/sandbox/server';
import { AWS_PEERINGS, AWS_VPCS } from '../../src/sandbox/worlds/demoTopology';
import { sandboxEnvironment, type SandboxEnvironment } from '../support/sandboxEnvironment';

/**
 * The kept inventory on the demo world through every real provider: written
 * after a refresh, read back into a new inventory (a new window) that shows it
 * while the sandbox holds every request, then refreshed over it.
 */
describe('kept inventory (instant start)', function () {
  this.timeout(30_000);
  let sandbox: RunningSandbox;
  let env: SandboxEnvironment;
  let directory: string;

  before(async () => {
    sandbox = await startSandbox({ world: 'demo', operationDelayMs: 50 });
    directory = await mkdtemp(join(tmpdir(), 'kept-inventory-'));
  });
  after(async () => {
    sandbox.admin.resume();
    await sandbox.stop();
    await rm(directory, { recursive: true, force: true });
  });
  beforeEach(() => {
    sandbox.admin.reset('demo');
    env = sandboxEnvironment(sandbox);
  });
  afterEach(() => {
    sandbox.admin.resume();
    env.dispose();
  });

  const newInventory = () => {
    const inventory = new Inventory(new Discovery({ loadProvider: env.loadProvider }));
    inventory.setAccounts(env.accounts);
    return inventory;
  };

  async function keep(file: string): Promise<Inventory> {
    const first = newInventory();
    await first.refreshAll();
    const kept = await writeKeptInventory(
      file,
      first.accountIds().map((id) => () => first.keptAccount(id)),
    );
    assert.equal(kept, env.accounts.length);
    return first;
  }

  it('shows every kept account while the sandbox answers nothing, then refreshes over it', async () => {
    const file = join(directory, 'a.jsonl');
    const first = await keep(file);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const text = await readFile(file, 'utf8');
    for (const info of sandbox.accounts())
      if (info.secret) assert.ok(!text.includes(info.secret), `no secret of ${info.account.id}`);

    sandbox.admin.resetCounters();
    sandbox.admin.pause();
    const second = newInventory();
    const kept = await readKeptInventory(file);
    assert.ok(kept);
    assert.equal(second.restore(kept), env.accounts.length);
    assert.deepEqual(
      second
        .networks()
        .map((n) => n.network.key)
        .sort(),
      first
        .networks()
        .map((n) => n.network.key)
        .sort(),
    );
    assert.equal(second.peerings().length, first.peerings().length);
    // Each kept place indexes its peerings by network when first read, as a listed place does.
    for (const { network, account, region } of first.networks())
      assert.deepEqual(
        second
          .place(account.id, region)
          ?.byNetwork.get(network.id)
          ?.map((p) => p.key),
        first
          .place(account.id, region)
          ?.byNetwork.get(network.id)
          ?.map((p) => p.key),
        network.key,
      );
    assert.ok(second.keptAt !== undefined && second.keptAt <= Date.now());
    // Peer names resolve from the kept networks alone.
    assert.equal(
      second.lookup({ cloud: 'aws', networkId: AWS_VPCS.data.id })?.name,
      AWS_VPCS.data.name,
    );

    const changes: InventoryChange[] = [];
    second.onDidChange((c) => changes.push(c));
    const refresh = second.ensureLoaded();
    await waitFor(() => sandbox.admin.held() > 0);
    assert.equal(Object.keys(sandbox.admin.counters()).length, 0, 'no call answered yet');
    // The reload is under way and every row stays shown.
    assert.ok(second.busy);
    assert.ok(changes.length > 0 && changes.every((c) => c.rowsUnchanged));
    assert.equal(second.networks().length, first.networks().length);

    sandbox.admin.resume();
    await refresh;
    assert.equal(second.keptAt, undefined);
    // Nothing changed in the world: every replaced place carries its before, rows the same.
    const replaced = changes.filter((c) => c.before);
    assert.ok(replaced.length > 0);
    assert.equal(second.peerings().length, first.peerings().length);
  });

  it('drops a kept account whose identity changed, and a file it cannot read', async () => {
    const file = join(directory, 'b.jsonl');
    await keep(file);
    const kept = await readKeptInventory(file);
    assert.ok(kept);
    const changedAccounts = env.accounts.map((a) =>
      a.cloud === 'aws' ? { ...a, regions: ['ap-south-1'] } : a,
    );
    const inventory = new Inventory(new Discovery({ loadProvider: env.loadProvider }));
    inventory.setAccounts(changedAccounts);
    const aws = env.accounts.filter((a) => a.cloud === 'aws').length;
    assert.equal(inventory.restore(kept), env.accounts.length - aws);

    const broken = join(directory, 'broken.jsonl');
    await writeKeptInventory(broken, [() => undefined]);
    assert.equal(await readKeptInventory(broken), undefined, 'nothing kept: no file');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(broken, '{"version":1,"savedAt":1}\n{not json\n');
    assert.equal(await readKeptInventory(broken), undefined);
  });

  it('a refresh that changes one peering reports the place with what it held before', async () => {
    const file = join(directory, 'c.jsonl');
    await keep(file);
    const inventory = newInventory();
    inventory.restore((await readKeptInventory(file))!);
    // Another session accepts the pending cross-account request meanwhile.
    const app = env.accounts.find((a) => a.id === 'sandbox:aws:app')!;
    const aws = await env.loadProvider('aws');
    await aws.acceptPeering(
      { account: app, region: 'us-east-1' },
      AWS_PEERINGS.pendingCrossAccount,
    );
    const changes: InventoryChange[] = [];
    inventory.onDidChange((c) => changes.push(c));
    await inventory.refreshAll();
    const east = changes.find(
      (c) => c.accountId === 'sandbox:aws:app' && c.region === 'us-east-1' && c.before,
    );
    assert.ok(east?.before);
    const was = east.before.peerings.find((p) => p.id === AWS_PEERINGS.pendingCrossAccount);
    const now = inventory
      .place('sandbox:aws:app', 'us-east-1')!
      .peerings.find((p) => p.id === AWS_PEERINGS.pendingCrossAccount);
    assert.equal(was?.state, 'pending');
    assert.notEqual(now?.state, 'pending');
  });
});

async function waitFor(probe: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
