import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CloudPeeringApi } from '../../../src/extension';
import type { RunningSandbox } from '../../../src/sandbox/api';
import type { TreeNode } from '../../../src/ui/tree/treeNodes';
import { ScriptedUserInput } from '../../../src/ui/userInput';
import { AZURE } from '../../../src/sandbox/worlds/demoTopology';
import { extensionApi, waitFor } from './sandboxWorld';

function label(node: TreeNode): string {
  const l = node.getTreeItem().label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

/** Children once loaded: a slow first load shows a "Loading…" row first. */
async function children(tree: CloudPeeringApi['tree'], node?: TreeNode): Promise<TreeNode[]> {
  for (let tries = 0; ; tries++) {
    const rows = (await tree.getChildren(node)) ?? [];
    if (!rows.some((r) => r.id.endsWith('/loading')) || tries > 400) return rows;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** An account's node at the root or under its group (the tree may group accounts). */
async function accountNode(tree: CloudPeeringApi['tree'], accountId: string): Promise<TreeNode> {
  const roots = await children(tree);
  const direct = roots.find((r) => r.id === `account/${accountId}`);
  if (direct) return direct;
  for (const root of roots.filter((r) => !r.id.startsWith('account/'))) {
    const found = (await children(tree, root)).find((r) => r.id.endsWith(`account/${accountId}`));
    if (found) return found;
  }
  throw new Error(`no tree node for ${accountId} among ${roots.map((r) => r.id).join(', ')}`);
}

/** The network rows of an account, under its location rows. */
async function networkRows(tree: CloudPeeringApi['tree'], account: TreeNode): Promise<TreeNode[]> {
  const rows: TreeNode[] = [];
  for (const row of await children(tree, account)) {
    if (row.id.includes('/network/')) rows.push(row);
    else rows.push(...(await networkRows(tree, row)));
  }
  return rows;
}

describe('Add Azure Tenants: subscriptions through Azure Resource Graph', function () {
  this.timeout(90_000);
  let peering: CloudPeeringApi;
  let sandbox: RunningSandbox;
  const subscription = `azure:${AZURE.subscriptionId}`;
  const partner = `azure:${AZURE.otherSubscriptionId}`;
  const counter = (operation: string) => sandbox.admin.counters()[`azure.${operation}`] ?? 0;
  const loaded = (accountId: string) =>
    peering.inventory.place(accountId, undefined)?.status === 'loaded';

  before(async () => {
    peering = await extensionApi();
    sandbox = await peering.sandbox.start();
    // Everything the sandbox's own accounts load has loaded, so the counters below are ours.
    await peering.inventory.ensureLoaded();
    await waitFor('the sandbox accounts to load', () => !peering.inventory.busy, 30_000);
  });

  after(async () => {
    sandbox.admin.setEngine('azure-resource-graph', true);
    await vscode.workspace
      .getConfiguration('peering')
      .update('accounts', [], vscode.ConfigurationTarget.Global);
  });

  it('adds every subscription of the picked tenants, grouped by tenant, and lists them through Resource Graph', async () => {
    sandbox.admin.resetCounters();
    const ui = new ScriptedUserInput([
      'Use an endpoint override (LocalStack or another emulator)…',
      sandbox.endpoints.azure,
      ['Sandbox Contoso', 'Sandbox Partner'],
      ['Sandbox Subscription', 'Sandbox Partner Subscription'],
    ]);
    const added = await peering.accountCommands.addAzureTenant(ui);
    assert.deepEqual(added.map((a) => a.id).sort(), [subscription, partner].sort());
    assert.deepEqual(
      added.map((a) => a.group?.id).sort(),
      [AZURE.tenantId, AZURE.otherTenantId].sort(),
    );
    // Kept in settings with the group, so a reload groups them again.
    const stored = vscode.workspace
      .getConfiguration('peering')
      .get<{ id: string; group?: { kind: string; id: string } }[]>('accounts');
    assert.equal(stored?.find((a) => a.id === subscription)?.group?.kind, 'azure-tenant');

    await waitFor(
      'both subscriptions to load',
      () => loaded(subscription) && loaded(partner),
      30_000,
    );
    // One Resource Graph query per tenant; no subscription was listed on its own.
    assert.equal(counter('resources.query'), 2);
    assert.equal(counter('virtualNetworks.listAll'), 0);

    const account = await accountNode(peering.tree, subscription);
    const networks = await networkRows(peering.tree, account);
    assert.deepEqual(
      networks.map(label).sort(),
      [
        AZURE.vnets.app.name,
        AZURE.vnets.hub.name,
        AZURE.vnets.spoke.name,
        AZURE.vnets.db.name,
        AZURE.udr.web.name,
        AZURE.udr.api.name,
        AZURE.udr.edge.name,
        AZURE.udr.shared.name,
      ].sort(),
    );
    const app = networks.find((n) => label(n) === AZURE.vnets.app.name)!;
    assert.match(String(app.getTreeItem().description), /10\.200\.0\.0\/16/);
    const peerings = await children(peering.tree, app);
    const descriptions = peerings.map((p) => `${label(p)}: ${String(p.getTreeItem().description)}`);
    assert.ok(
      descriptions.some((d) => /active \(Connected\)/.test(d)),
      `a Connected peering among ${descriptions.join('; ')}`,
    );
    assert.ok(
      descriptions.some((d) => /Initiated/.test(d)),
      `the Initiated peering among ${descriptions.join('; ')}`,
    );
  });

  it('lists each subscription itself when Resource Graph is off, with the same networks', async () => {
    const before = peering.inventory
      .networks()
      .filter((n) => n.account.id === subscription || n.account.id === partner)
      .map((n) => n.network.key)
      .sort();
    // app, hub, spoke, db and the four user-defined-route vnets in the subscription; partner in
    // the other tenant.
    assert.equal(before.length, 9);

    sandbox.admin.resetCounters();
    await peering.inventory.refreshAll();
    const listAllWithEngine = counter('virtualNetworks.listAll');
    assert.equal(counter('resources.query'), 2);

    sandbox.admin.setEngine('azure-resource-graph', false);
    sandbox.admin.resetCounters();
    await peering.inventory.refreshAll();
    assert.equal(counter('resources.query'), 2, 'asked, and refused');
    assert.equal(
      counter('virtualNetworks.listAll'),
      listAllWithEngine + 2,
      'then each of the two subscriptions was listed',
    );
    assert.equal(peering.inventory.place(subscription, undefined)?.status, 'loaded');
    const after = peering.inventory
      .networks()
      .filter((n) => n.account.id === subscription || n.account.id === partner)
      .map((n) => n.network.key)
      .sort();
    assert.deepEqual(after, before);
    const networks = await networkRows(peering.tree, await accountNode(peering.tree, partner));
    assert.deepEqual(networks.map(label), [AZURE.partner.vnet.name]);
  });
});
