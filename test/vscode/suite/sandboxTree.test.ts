import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CloudPeeringApi } from '../../../src/extension';
import type { TreeNode } from '../../../src/ui/tree/treeNodes';
import { AWS_PEERINGS, AWS_VPCS } from '../../../src/sandbox/worlds/demoTopology';
import { extensionApi } from './sandboxWorld';

/** Children once loaded: a slow first load shows a "Loading…" row first. */
async function children(tree: CloudPeeringApi['tree'], node?: TreeNode): Promise<TreeNode[]> {
  for (let tries = 0; ; tries++) {
    const rows = (await tree.getChildren(node)) ?? [];
    if (!rows.some((r) => r.id.endsWith('/loading')) || tries > 400) return rows;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function label(node: TreeNode): string {
  const l = node.getTreeItem().label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

describe('Try the Sandbox: accounts and the Networks tree', function () {
  this.timeout(60_000);
  let peering: CloudPeeringApi;

  before(async () => {
    peering = await extensionApi();
    // Start directly first, so a failure shows its own error rather than a swallowed notification.
    await peering.sandbox.start();
    await vscode.commands.executeCommand('peering.trySandbox');
  });

  after(async () => {
    await vscode.commands.executeCommand('peering.stopSandbox');
  });

  it('adds the demo accounts for every cloud', async () => {
    const ids = peering.accounts.list().map((a) => a.id);
    for (const expected of [
      'sandbox:aws:app',
      'sandbox:aws:data',
      'sandbox:gcp:sandbox-project',
      'sandbox:azure:app',
      'sandbox:upcloud',
      'sandbox:aiven',
      'sandbox:dragonfly',
    ]) {
      assert.ok(ids.includes(expected), `${expected} in ${ids.join(', ')}`);
    }
    const roots = await children(peering.tree);
    assert.equal(roots.length, ids.length);
    assert.ok(roots.every((r) => r.getTreeItem().contextValue?.includes('sandbox')));
  });

  it('shows AWS regions, networks with CIDRs, and peerings with normalized states', async () => {
    const roots = await children(peering.tree);
    const app = roots.find((r) => r.id === 'account/sandbox:aws:app');
    assert.ok(app);
    const regions = await children(peering.tree, app);
    assert.deepEqual(regions.map(label), ['us-east-1', 'eu-west-1']);
    const networks = await children(peering.tree, regions[0]);
    const appVpc = networks.find((n) => n.id.endsWith(`/network/${AWS_VPCS.app.id}`));
    assert.ok(appVpc, `app VPC among ${networks.map(label).join(', ')}`);
    const item = appVpc.getTreeItem();
    assert.match(String(item.description), /10\.10\.0\.0\/16, 10\.11\.0\.0\/16/);
    // Node ids carry the account and the region.
    assert.match(appVpc.id, /^account\/sandbox:aws:app\/region\/us-east-1\/network\//);
    const peerings = await children(peering.tree, appVpc);
    const byId = (id: string) =>
      peerings.find((p) => p.id.endsWith(`/peering/${id}`))?.getTreeItem();
    assert.match(
      String(byId(AWS_PEERINGS.pendingCrossAccount)?.description),
      /^pending \(pending-acceptance\)/,
    );
    assert.match(String(byId(AWS_PEERINGS.overlapFailed)?.description), /^failed/);
    assert.match(String(byId(AWS_PEERINGS.activeDnsOff)?.description), /^active/);
    // The peer label resolves across accounts once any listing has shown data's VPC
    // (the tree starts that listing in the background; here it is awaited).
    await peering.discovery.refresh(peering.accounts.list());
    assert.equal(
      label(peerings.find((p) => p.id.endsWith(AWS_PEERINGS.pendingCrossAccount))!),
      'data-vpc',
    );
  });

  it('filters to problems only', async () => {
    peering.tree.setShowOnlyProblems(true);
    try {
      const roots = await children(peering.tree);
      const app = roots.find((r) => r.id === 'account/sandbox:aws:app')!;
      const [east] = await children(peering.tree, app);
      const networks = await children(peering.tree, east);
      const appVpc = networks.find((n) => n.id.endsWith(`/network/${AWS_VPCS.app.id}`))!;
      const rows = (await children(peering.tree, appVpc)).map((p) =>
        String(p.getTreeItem().description),
      );
      assert.ok(rows.length > 0);
      assert.ok(
        rows.every((d) => !d.startsWith('active')),
        rows.join(' | '),
      );
    } finally {
      peering.tree.setShowOnlyProblems(false);
    }
  });

  it('removes the demo accounts when the sandbox stops', async () => {
    await vscode.commands.executeCommand('peering.stopSandbox');
    assert.equal(peering.accounts.list().filter((a) => a.sandbox).length, 0);
    await vscode.commands.executeCommand('peering.trySandbox');
    assert.ok(peering.accounts.list().some((a) => a.sandbox));
  });
});
