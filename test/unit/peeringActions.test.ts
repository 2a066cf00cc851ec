import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Discovery } from '../../src/discovery/discovery';
import { Inventory, type LocatedPeering } from '../../src/discovery/inventory';
import {
  acceptPeering,
  deletePeering,
  rejectPeering,
  resolveAccepter,
  resolveDelete,
} from '../../src/actions/peeringActions';
import type { Account, CloudKind } from '../../src/model/types';
import { parseAivenPeeringId } from '../../src/providers/aiven/descriptor';
import { parseAzurePeeringId } from '../../src/providers/azure/descriptor';
import { parseGcpPeeringId } from '../../src/providers/gcp/descriptor';
import type { RunningSandbox } from '../../src/sandbox/api';
import { startSandbox } from '../../src/sandbox/server';
import {
  AIVEN,
  AWS_ACCOUNTS,
  AWS_PEERINGS,
  AWS_VPCS,
  AZURE,
  DRAGONFLY,
  GCP,
  UPCLOUD,
} from '../../src/sandbox/worlds/demoTopology';
import { readServiceAccounts } from '../../src/ui/serviceAccounts';
import { sandboxEnvironment, type SandboxEnvironment } from '../support/sandboxEnvironment';

/**
 * Accept, reject and delete as the commands run them: where they run (the
 * accepter's account and region), what each provider refuses, and the effect
 * in the sandbox through the real adapters.
 */
describe('peering actions against the sandbox', function () {
  this.timeout(30_000);
  let sandbox: RunningSandbox;
  let env: SandboxEnvironment;
  let inventory: Inventory;

  before(async () => {
    sandbox = await startSandbox({ world: 'demo', operationDelayMs: 50 });
  });
  after(() => sandbox.stop());
  beforeEach(() => {
    sandbox.admin.reset('demo');
    env = sandboxEnvironment(sandbox);
  });
  afterEach(() => env.dispose());

  async function load(filter: (a: Account) => boolean = () => true): Promise<void> {
    inventory = new Inventory(new Discovery({ loadProvider: env.loadProvider }));
    inventory.setAccounts(env.accounts.filter(filter));
    await inventory.refreshAll();
  }

  function find(id: string, accountId?: string): LocatedPeering {
    const found = inventory
      .peerings()
      .find((p) => p.peering.id === id && (!accountId || p.account.id === accountId));
    assert.ok(found, `${id} is listed${accountId ? ` by ${accountId}` : ''}`);
    return found;
  }

  async function stateNow(cloud: CloudKind, item: LocatedPeering) {
    const provider = await env.loadProvider(cloud);
    return provider.getPeering({ account: item.account, region: item.region }, item.peering.id);
  }

  it('accepts in the accepter account, even when picked from the requester side', async () => {
    await load((a) => a.cloud === 'aws');
    const fromRequester = find(AWS_PEERINGS.pendingCrossAccount, 'sandbox:aws:data');
    assert.equal(fromRequester.peering.role, 'requester');
    const resolved = resolveAccepter(fromRequester, inventory);
    assert.ok('target' in resolved, JSON.stringify(resolved));
    assert.equal(resolved.target.account.id, 'sandbox:aws:app');
    assert.equal(resolved.target.region, 'us-east-1');
    const accepted = await acceptPeering(env.loadProvider, resolved.target);
    assert.ok(['provisioning', 'active'].includes(accepted.peering.state));
    assert.equal(accepted.peering.role, 'accepter');
  });

  it('refuses to accept when no configured account owns the accepter side', async () => {
    await load((a) => a.id === 'sandbox:aws:data');
    const resolved = resolveAccepter(find(AWS_PEERINGS.pendingCrossAccount), inventory);
    assert.deepEqual(resolved, {
      refusal: { code: 'no-accepter-account', accountId: '111111111111', region: 'us-east-1' },
    });
  });

  it('refuses to accept what is not an AWS request pending acceptance', async () => {
    await load((a) => a.cloud === 'aws' || a.cloud === 'gcp');
    assert.deepEqual(resolveAccepter(find(AWS_PEERINGS.activeDnsOff), inventory), {
      refusal: { code: 'not-pending', rawState: 'active' },
    });
    const gcp = inventory.peerings().find((p) => p.peering.cloud === 'gcp')!;
    assert.deepEqual(resolveAccepter(gcp, inventory), { refusal: { code: 'not-aws' } });
  });

  it('rejects in the accepter account', async () => {
    await load((a) => a.cloud === 'aws');
    const resolved = resolveAccepter(find(AWS_PEERINGS.dragonflyPending), inventory);
    assert.ok('target' in resolved);
    const rejected = await rejectPeering(env.loadProvider, resolved.target);
    assert.equal(rejected?.peering.rawState, 'rejected');
    assert.equal(rejected?.peering.state, 'failed');
  });

  it('deletes an active AWS peering, and refuses the states AWS refuses', async () => {
    await load((a) => a.cloud === 'aws');
    const active = find(AWS_PEERINGS.activeDnsOff);
    const resolved = resolveDelete(active, inventory);
    assert.ok('target' in resolved);
    const after = await deletePeering(env.loadProvider, resolved.target);
    assert.equal(after?.peering.rawState, 'deleted');

    assert.deepEqual(resolveDelete(find(AWS_PEERINGS.overlapFailed), inventory), {
      refusal: { code: 'aws-state', rawState: 'failed' },
    });
    assert.deepEqual(resolveDelete({ ...active, peering: after!.peering }, inventory), {
      refusal: { code: 'already-gone', state: 'deleted' },
    });
  });

  it('withdraws a pending request in the requester account, or says to reject it', async () => {
    await load((a) => a.cloud === 'aws');
    const fromAccepter = find(AWS_PEERINGS.pendingCrossAccount, 'sandbox:aws:app');
    const resolved = resolveDelete(fromAccepter, inventory);
    assert.ok('target' in resolved);
    assert.equal(resolved.target.account.id, 'sandbox:aws:data');
    // Without the requester's account, only rejecting is possible.
    await load((a) => a.id === 'sandbox:aws:app');
    assert.deepEqual(resolveDelete(find(AWS_PEERINGS.dragonflyPending), inventory), {
      refusal: { code: 'aws-reject-instead' },
    });
  });

  it('disables an UpCloud peering first, then deletes it', async () => {
    await load((a) => a.cloud === 'upcloud');
    const item = find(UPCLOUD.peerings.stagingToPartner);
    assert.equal(item.peering.options?.configuredStatus, 'active');
    const before = sandbox.admin.counters();
    const after = await deletePeering(env.loadProvider, item);
    assert.equal(after, undefined);
    assert.equal(await stateNow('upcloud', item), undefined);
    const calls = sandbox.admin.counters();
    const delta = (op: string) => (calls[op] ?? 0) - (before[op] ?? 0);
    assert.equal(delta('upcloud.networkPeering.modify'), 1, 'disabled first');
    assert.equal(delta('upcloud.networkPeering.delete'), 1, 'then deleted');
  });

  it('removes this network’s half of a GCP peering; the other half turns INACTIVE', async () => {
    await load((a) => a.cloud === 'gcp');
    const item = find(
      `projects/${GCP.project}/global/networks/${GCP.networks.app.name}/peerings/${GCP.peerings.activePair}`,
    );
    assert.deepEqual(parseGcpPeeringId(item.peering.id), {
      network: `projects/${GCP.project}/global/networks/${GCP.networks.app.name}`,
      name: GCP.peerings.activePair,
    });
    assert.equal(await deletePeering(env.loadProvider, item), undefined);
    await inventory.refreshAll();
    const other = inventory
      .peerings()
      .find((p) => p.peering.name === GCP.peerings.activePairReverse);
    assert.equal(other?.peering.rawState, 'INACTIVE');
  });

  it('deletes one side of an Azure peering', async () => {
    await load((a) => a.cloud === 'azure');
    const item = inventory
      .peerings()
      .find(
        (p) =>
          p.peering.name === AZURE.peerings.appToSpoke ||
          p.peering.id.endsWith(`/${AZURE.peerings.appToSpoke}`),
      );
    assert.ok(
      item,
      inventory
        .peerings()
        .map((p) => p.peering.id)
        .join(', '),
    );
    assert.equal(parseAzurePeeringId(item.peering.id).name, AZURE.peerings.appToSpoke);
    const after = await deletePeering(env.loadProvider, item);
    assert.equal(after, undefined);
  });

  it('deletes an Aiven connection to UpCloud by its VPC and peer', async () => {
    await load((a) => a.cloud === 'aiven');
    const item = inventory.peerings()[0];
    const { vpcId, peer } = parseAivenPeeringId(item.peering);
    assert.equal(vpcId, AIVEN.vpc.projectVpcId);
    assert.equal(peer.peerCloudAccount, 'upcloud');
    const after = await deletePeering(env.loadProvider, item);
    assert.ok(
      !after || ['deleting', 'deleted'].includes(after.peering.state),
      JSON.stringify(after),
    );
  });

  it('EMQX Cloud: refuses a peering to an EMQX Cloud account unless it is active, and names the deployment VPC', async () => {
    // The wizard's EMQX Cloud ↔ AWS preset: your VPC requests a peering to the deployment VPC in
    // EMQX Cloud's account. EMQX Cloud deletes a peering only while it reads running.
    const app = env.accounts.find((a) => a.id === 'sandbox:aws:app');
    assert.ok(app);
    const aws = await env.loadProvider('aws');
    const requested = await aws.createPeering(
      { account: app, region: AWS_VPCS.app.region },
      {
        vpcId: AWS_VPCS.app.id,
        peerVpcId: AWS_VPCS.emqx.id,
        peerOwnerId: AWS_ACCOUNTS.emqx.accountId,
        name: 'emqx-cloud',
      },
    );
    sandbox.admin.advanceClock(60_000); // initiating-request → pending-acceptance
    await load((a) => a.id === app.id);
    const pending = find(requested.id);
    assert.equal(pending.peering.rawState, 'pending-acceptance');
    const services = { emqxCloud: new Set([AWS_ACCOUNTS.emqx.accountId]) };

    // AWS alone lets the requester withdraw a pending request; EMQX Cloud's rule does not.
    assert.ok('target' in resolveDelete(pending, inventory));
    assert.deepEqual(resolveDelete(pending, inventory, services), {
      refusal: {
        code: 'emqx-cloud-not-running',
        rawState: 'pending-acceptance',
        emqxAccountId: AWS_ACCOUNTS.emqx.accountId,
      },
    });

    const running: LocatedPeering = {
      ...pending,
      peering: { ...pending.peering, rawState: 'active', state: 'active' },
    };
    const resolved = resolveDelete(running, inventory, services);
    assert.ok('target' in resolved, JSON.stringify(resolved));
    assert.deepEqual(resolved.servicePeer, {
      service: 'emqx-cloud',
      accountId: AWS_ACCOUNTS.emqx.accountId,
      networkId: AWS_VPCS.emqx.id,
    });
    // Another account's peering is not EMQX Cloud's.
    const other = resolveDelete(find(AWS_PEERINGS.activeDnsOff), inventory, services);
    assert.ok('target' in other && other.servicePeer === undefined);
  });

  it('EMQX Cloud: the accounts come from the wizard runs of the EMQX Cloud ↔ AWS scenario', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'peering-runs-'));
    try {
      const write = (runId: string, draft: unknown) => {
        mkdirSync(join(dir, runId));
        writeFileSync(join(dir, runId, 'run.json'), JSON.stringify({ version: 1, runId, draft }));
      };
      write('run-1', { scenarioId: 'emqx-cloud-aws', inputs: { emqxAccountId: '444444444444' } });
      write('run-2', {
        scenarioId: 'aws-cross-account',
        inputs: { emqxAccountId: '555555555555' },
      });
      write('run-3', { scenarioId: 'emqx-cloud-aws', inputs: { emqxAccountId: 'not-an-id' } });
      mkdirSync(join(dir, 'run-4'));
      assert.deepEqual([...((await readServiceAccounts(dir)).emqxCloud ?? [])], ['444444444444']);
      assert.deepEqual(
        [...((await readServiceAccounts(join(dir, 'missing'))).emqxCloud ?? [])],
        [],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('deletes a Dragonfly connection', async () => {
    await load((a) => a.cloud === 'dragonfly');
    const item = find(DRAGONFLY.connection.id);
    const after = await deletePeering(env.loadProvider, item);
    assert.ok(
      !after || ['deleting', 'deleted'].includes(after.peering.state),
      JSON.stringify(after),
    );
  });

  it('parses the Aiven ids of AWS and Azure peers', () => {
    const base = {
      key: 'k',
      accountKey: 'a',
      cloud: 'aiven' as const,
      state: 'active' as const,
      rawState: 'ACTIVE',
      local: { cloud: 'aiven' as const, networkId: 'v' },
    };
    assert.deepEqual(
      parseAivenPeeringId({
        ...base,
        id: 'v/123456789012/vpc-1/eu-west-1',
        peer: { cloud: 'aws', networkId: 'vpc-1' },
      }),
      {
        vpcId: 'v',
        peer: { peerCloudAccount: '123456789012', peerVpc: 'vpc-1', peerRegion: 'eu-west-1' },
      },
    );
    assert.deepEqual(
      parseAivenPeeringId({
        ...base,
        id: 'v/sub/rg/vnet',
        peer: { cloud: 'azure', networkId: 'x' },
      }),
      { vpcId: 'v', peer: { peerCloudAccount: 'sub', peerResourceGroup: 'rg', peerVpc: 'vnet' } },
    );
  });
});
