import * as assert from 'node:assert/strict';
import type { CloudPeeringApi } from '../../../src/extension';
import type { RunningSandbox } from '../../../src/sandbox/api';
import {
  AIVEN,
  AWS_PEERINGS,
  AWS_VPCS,
  AZURE,
  DRAGONFLY,
  GCP,
  UPCLOUD,
} from '../../../src/sandbox/worlds/demoTopology';
import { ScriptedUserInput } from '../../../src/ui/userInput';
import type { TreeNode } from '../../../src/ui/tree/treeNodes';
import {
  DEMO_LABELS,
  child,
  children,
  contextValue,
  description,
  extensionApi,
  freshSandbox,
  icon,
  label,
  tooltip,
  waitFor,
  walk,
} from './sandboxWorld';

/** The peering rows under a network: label → description. */
async function peeringRows(api: CloudPeeringApi, network: TreeNode): Promise<Map<string, string>> {
  const rows = await children(api, network);
  return new Map(rows.map((r) => [label(r), description(r)]));
}

describe('Networks tree on the sandbox demo world', function () {
  this.timeout(90_000);
  let api: CloudPeeringApi;
  let sandbox: RunningSandbox;

  before(async () => {
    api = await extensionApi();
    sandbox = await freshSandbox(api);
  });

  afterEach(async () => {
    sandbox.admin.setFaults([]);
    api.tree.setShowOnlyProblems(false);
  });

  describe('content per provider', () => {
    it('AWS: account → region → VPC "name · id · CIDRs" → peerings named across accounts and clouds', async () => {
      const account = await walk(api, DEMO_LABELS.awsApp);
      assert.deepEqual((await children(api, account)).map(label), ['us-east-1', 'eu-west-1']);
      const east = await child(api, account, 'us-east-1');
      assert.deepEqual((await children(api, east)).map(label), [
        AWS_VPCS.app.name,
        AWS_VPCS.legacy.name,
        AWS_VPCS.shared.name,
      ]);
      const vpc = await child(api, east, AWS_VPCS.app.name);
      assert.equal(vpc.id, `account/sandbox:aws:app/region/us-east-1/network/${AWS_VPCS.app.id}`);
      assert.equal(
        description(vpc),
        // CIDRs first, so they show within the default sidebar width; the long id last.
        `${AWS_VPCS.app.cidrs.join(', ')}, ${AWS_VPCS.app.ipv6} · ${AWS_VPCS.app.id}`,
      );
      assert.deepEqual(icon(vpc), { id: 'warning', color: 'list.warningForeground' });
      const rows = await peeringRows(api, vpc);
      assert.deepEqual(Object.fromEntries(rows), {
        [AWS_VPCS.legacy.name]: 'failed',
        [AWS_VPCS.data.name]: 'pending (pending-acceptance)',
        [DRAGONFLY.network.name]: 'pending (pending-acceptance) · Dragonfly Cloud',
        [AWS_VPCS.appEu.name]: 'active',
        [AWS_VPCS.shared.name]: 'active',
      });
      const failed = await child(api, vpc, AWS_VPCS.legacy.name);
      assert.deepEqual(icon(failed), { id: 'error', color: 'list.errorForeground' });
      assert.equal(
        failed.id,
        `${vpc.id}/peering/${AWS_PEERINGS.overlapFailed}`,
        'peering ids carry account and region',
      );
      const active = await child(api, vpc, AWS_VPCS.shared.name);
      assert.deepEqual(icon(active), { id: 'pass-filled', color: 'testing.iconPassed' });
      const md = tooltip(active);
      for (const expected of [
        AWS_PEERINGS.activeDnsOff,
        'raw `active`',
        AWS_VPCS.app.cidrs[0],
        AWS_VPCS.shared.cidrs[0],
        'requesterDnsResolution=false',
        'this side',
        'peer',
      ])
        assert.ok(md.includes(expected), `tooltip has ${expected}:\n${md}`);
      assert.match(contextValue(active), /^peering peering\.aws state\.active raw\.active/);
    });

    it('GCP: networks sit under the project (they are global), both halves of a pair, one-sided INACTIVE', async () => {
      const account = await walk(api, DEMO_LABELS.gcp);
      assert.deepEqual((await children(api, account)).map(label), [
        GCP.networks.app.name,
        GCP.networks.legacy.name,
        GCP.networks.svc.name,
      ]);
      const app = await child(api, account, GCP.networks.app.name);
      assert.match(description(app), /10\.100\.0\.0\/20/);
      const rows = await peeringRows(api, app);
      assert.equal(rows.get(GCP.networks.svc.name), 'inactive (INACTIVE)');
      assert.equal(rows.get(GCP.networks.peer.name), 'active (ACTIVE)');
    });

    it('Azure: subscription → location → VNet → peerings', async () => {
      const region = await walk(api, DEMO_LABELS.azure, AZURE.location);
      const vnet = await child(api, region, AZURE.vnets.app.name);
      assert.match(
        description(vnet),
        new RegExp(AZURE.vnets.app.addressSpace[0].replace(/\./g, '\\.')),
      );
      const rows = await peeringRows(api, vnet);
      assert.equal(rows.get(AZURE.vnets.hub.name), 'active (Connected)');
      assert.equal(rows.get(AZURE.vnets.spoke.name), 'pending (Initiated)');
    });

    it('UpCloud: account → zone → network; the Aiven side is named from the Aiven account', async () => {
      const account = await walk(api, DEMO_LABELS.upcloud);
      assert.deepEqual((await children(api, account)).map(label), [UPCLOUD.zone]);
      const zone = await child(api, account, UPCLOUD.zone);
      assert.equal(zone.id, `account/sandbox:upcloud/region/${UPCLOUD.zone}`);
      const app = await child(api, zone, UPCLOUD.networks.app.name);
      const rows = await peeringRows(api, app);
      assert.deepEqual([...rows.entries()], [[`${AIVEN.cloud} VPC`, 'active · Aiven']]);
      const noRouter = await child(api, zone, UPCLOUD.networks.norouter.name);
      assert.deepEqual(
        [...(await peeringRows(api, noRouter)).values()],
        ['failed (missing-local-router)'],
      );
    });

    it('Aiven: project → cloud → VPC; its peer is named from the UpCloud account', async () => {
      const vpc = await walk(api, DEMO_LABELS.aiven, AIVEN.cloud, `${AIVEN.cloud} VPC`);
      assert.match(description(vpc), new RegExp(AIVEN.vpc.projectVpcId));
      const rows = await peeringRows(api, vpc);
      assert.equal(rows.get(UPCLOUD.networks.app.name), 'active (ACTIVE) · UpCloud');
    });

    it('Dragonfly: account → region → network; its AWS peer is the app VPC', async () => {
      const network = await walk(
        api,
        DEMO_LABELS.dragonfly,
        DRAGONFLY.network.region,
        DRAGONFLY.network.name,
      );
      const rows = await peeringRows(api, network);
      assert.equal(rows.get(AWS_VPCS.app.name), 'pending (inactive) · AWS');
    });
  });

  it('shows an error row with Retry for a failing region, and its sibling loads', async () => {
    sandbox.admin.setFaults([{ cloud: 'aws', region: 'eu-west-1', errorRate: 1 }]);
    const account = await walk(api, DEMO_LABELS.awsApp);
    const eu = await child(api, account, 'eu-west-1');
    await api.peeringCommands.refresh(eu);
    const [error] = await children(api, eu);
    assert.equal(error.id, `${eu.id}/error`);
    assert.equal(contextValue(error), 'message message.error');
    assert.match(label(error), /^Failed to load: /);
    const retry = error.getTreeItem().command;
    assert.equal(retry?.command, 'peering.refresh');
    assert.equal(retry?.arguments?.[0], eu);
    // The sibling region is untouched.
    assert.ok((await children(api, await child(api, account, 'us-east-1'))).length >= 3);
    // Retry (the row's own command) after the fault clears.
    sandbox.admin.setFaults([]);
    await api.peeringCommands.refresh(error);
    assert.deepEqual((await children(api, eu)).map(label), [AWS_VPCS.appEu.name]);
  });

  it('shows a Loading row while a slow account loads, then its networks', async () => {
    const account = await walk(api, DEMO_LABELS.dragonfly);
    // A first load (a refresh keeps showing the old rows): forget what is known about the account.
    sandbox.admin.setFaults([{ cloud: 'dragonfly', latencyMs: 1500 }]);
    api.inventory.setAccounts(api.accounts.list().filter((a) => a.id !== 'sandbox:dragonfly'));
    api.inventory.setAccounts(api.accounts.list());
    const rows = await api.tree.getChildren(account);
    assert.deepEqual(
      rows.map((r) => [label(r), contextValue(r)]),
      [['Loading…', 'message message.loading']],
    );
    // df-prod on AWS, and df-gcp and df-azure on GCP and Azure, each under its region (by name).
    assert.deepEqual(
      (await children(api, account)).map(label),
      [DRAGONFLY.network, DRAGONFLY.gcpNetwork, DRAGONFLY.azureNetwork].map((n) => n.region).sort(),
    );
  });

  it('filters to problems', async () => {
    api.tree.setShowOnlyProblems(true);
    const east = await walk(api, DEMO_LABELS.awsApp, 'us-east-1');
    // shared-services-vpc has only active peerings... and one missing a rule, which the state does not show.
    const networks = (await children(api, east)).map(label);
    assert.ok(networks.includes(AWS_VPCS.app.name));
    const vpc = await child(api, east, AWS_VPCS.app.name);
    const rows = [...(await peeringRows(api, vpc)).values()];
    assert.ok(rows.length === 3 && rows.every((d) => !d.startsWith('active')), rows.join(' | '));
  });

  it('reveals a peering picked by name, from the palette', async () => {
    const ui = new ScriptedUserInput([`${AWS_VPCS.app.name} ↔ ${AWS_VPCS.data.name}`]);
    const node = await api.peeringCommands.find(ui);
    assert.ok(node, 'found');
    assert.match(node.id, new RegExp(`/peering/${AWS_PEERINGS.pendingCrossAccount}$`));
    await waitFor('the selection', () => api.view.selection[0]?.id === node.id);
    assert.equal(api.tree.getParent(node)?.id, node.id.replace(/\/peering\/[^/]+$/, ''));
  });

  it('pages a network with more than 200 peerings, and a region with more than 200 networks', async () => {
    // 20,100 generated peerings: 201 app VPCs of 100 peerings each, and 100 data VPCs with ~201 each.
    await freshSandbox(api, { kind: 'large', awsPeerings: 20_100 });
    try {
      const east = await walk(api, DEMO_LABELS.awsApp, 'us-east-1');
      const first = await children(api, east);
      assert.equal(first.length, 201);
      const more = first[200];
      assert.equal(label(more), 'Load more (1 more)');
      assert.equal(more.getTreeItem().command?.command, 'peering.loadMore');
      api.tree.loadMore(east);
      assert.equal((await children(api, east)).length, 201, 'all 201 networks, no more row');

      const dataEast = await walk(api, DEMO_LABELS.awsData, 'us-east-1');
      const dataVpc = (await children(api, dataEast))[0];
      const peerings = await children(api, dataVpc);
      assert.equal(peerings.length, 201);
      assert.match(label(peerings[200]), /^Load more \(\d+ more\)$/);
    } finally {
      await freshSandbox(api);
    }
  });
});
