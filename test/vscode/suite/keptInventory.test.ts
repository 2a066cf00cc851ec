import * as assert from 'node:assert/strict';
import type { CloudPeeringApi } from '../../../src/extension';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { AWS_PEERINGS, AWS_VPCS } from '../../../src/sandbox/worlds/demoTopology';
import type { TreeNode } from '../../../src/ui/tree/treeNodes';
import {
  DEMO_LABELS,
  child,
  children,
  extensionApi,
  freshSandbox,
  label,
  waitFor,
  walk,
} from './sandboxWorld';

type Tree = CloudPeeringApi['tree'];

/** The first answer of getChildren, as VS Code draws it: no waiting out "Loading…". */
async function firstRows(tree: Tree, node?: TreeNode): Promise<TreeNode[]> {
  return (await tree.getChildren(node)) ?? [];
}

async function firstChild(tree: Tree, node: TreeNode | undefined, name: string): Promise<TreeNode> {
  const rows = await firstRows(tree, node);
  const found = rows.find((r) => label(r) === name);
  assert.ok(found, `${name} under ${node?.id ?? 'root'}: ${rows.map(label).join(', ')}`);
  return found;
}

describe('Kept inventory and organisation scale in the Networks view', function () {
  this.timeout(90_000);
  let api: CloudPeeringApi;
  let sandbox: RunningSandbox;

  before(async () => {
    api = await extensionApi();
    sandbox = await freshSandbox(api);
  });

  afterEach(() => {
    sandbox.admin.resume();
  });

  after(async () => {
    await freshSandbox(api);
  });

  it('a reload shows the kept rows before any call returns (sandbox paused), then refreshes', async () => {
    const kept = await api.keeper.save();
    assert.ok(kept >= api.accounts.list().filter((a) => a.sandbox).length, `${kept} kept`);

    sandbox.admin.resetCounters();
    sandbox.admin.pause();
    // What activation builds for the view, built again over the kept file: a window reload.
    const reopened = api.reopenNetworks();
    try {
      const tree = reopened.tree;
      const account = await firstChild(tree, undefined, DEMO_LABELS.awsApp);
      const east = await firstChild(tree, account, 'us-east-1');
      const networks = await firstRows(tree, east);
      assert.deepEqual(networks.map(label), [
        AWS_VPCS.app.name,
        AWS_VPCS.legacy.name,
        AWS_VPCS.shared.name,
      ]);
      const vpc = networks[0];
      const peerings = await firstRows(tree, vpc);
      assert.ok(
        peerings.some((p) => p.id.endsWith(`/peering/${AWS_PEERINGS.pendingCrossAccount}`)),
        peerings.map((p) => p.id).join(', '),
      );
      // Every other cloud's account shows its kept networks too, not a "Loading…" row.
      for (const name of [DEMO_LABELS.gcp, DEMO_LABELS.azure, DEMO_LABELS.upcloud]) {
        const rows = await firstRows(tree, await firstChild(tree, undefined, name));
        assert.ok(rows.length > 0 && !rows.some((r) => r.id.endsWith('/loading')), name);
      }
      assert.ok(reopened.inventory.keptAt !== undefined, 'the rows are the kept ones');
      // The refresh has begun and is held: no call has returned.
      await waitFor('held requests', () => sandbox.admin.held() > 0);
      assert.deepEqual(sandbox.admin.counters(), {});

      sandbox.admin.resume();
      await waitFor('the refresh', () => !reopened.inventory.busy, 60_000);
      assert.equal(reopened.inventory.keptAt, undefined, 'every account refreshed');
      assert.deepEqual((await firstRows(tree, east)).map(label), networks.map(label));
    } finally {
      reopened.dispose();
    }
  });

  it('a refresh re-renders only the rows that changed', async () => {
    const east = await walk(api, DEMO_LABELS.awsApp, 'us-east-1');
    const vpc = await child(api, east, AWS_VPCS.app.name);
    await children(api, vpc);
    const fired: string[] = [];
    const listener = api.tree.onDidChangeTreeData((node) => fired.push(node?.id ?? 'root'));
    try {
      await api.inventory.refreshAll();
      await api.tree.whenRendered();
      assert.equal(fired.length, 0, `nothing changed, nothing re-rendered: ${fired.join(', ')}`);

      // Eight days later the pending request has expired (AWS: after 7 days).
      sandbox.admin.advanceClock(8 * 86_400_000);
      await api.inventory.refreshAll();
      await api.tree.whenRendered();
      // The expired request's row is re-rendered, by itself or with its network's row.
      const pendingRow = `${vpc.id}/peering/${AWS_PEERINGS.pendingCrossAccount}`;
      assert.ok(fired.includes(pendingRow) || fired.includes(vpc.id), fired.join('\n'));
      // Rows that did not change stay as they are: the active peering's own row, the region, the account.
      assert.ok(
        !fired.includes(`${vpc.id}/peering/${AWS_PEERINGS.activeDnsOff}`),
        fired.join('\n'),
      );
      assert.ok(!fired.includes(east.id) && !fired.includes('account/sandbox:aws:app'));
      assert.ok(
        fired.every((id) => /\/(network|peering)\//.test(id)),
        fired.join('\n'),
      );
      assert.ok(!fired.includes('root'));
    } finally {
      listener.dispose();
    }
  });

  it('groups accounts by organisation and tenant; Show Only Problems works across them', async () => {
    const original = api.accounts.list().filter((a) => a.sandbox);
    const org = { kind: 'aws-organization', id: 'o-sandbox0001', label: 'Sandbox Org' } as const;
    const tenant = { kind: 'azure-tenant', id: 'sandbox-tenant', label: 'Sandbox tenant' } as const;
    api.accounts.setSandboxAccounts(
      original.map((a) =>
        a.cloud === 'aws'
          ? { ...a, group: org }
          : a.cloud === 'azure'
            ? { ...a, group: tenant }
            : a,
      ),
    );
    try {
      const roots = await children(api);
      assert.deepEqual(roots.slice(0, 2).map(label), ['Sandbox Org', 'Sandbox tenant']);
      assert.ok(!roots.some((r) => r.id === 'account/sandbox:aws:app'), 'not at the first level');
      const orgRow = roots[0];
      assert.match(String(orgRow.getTreeItem().description), /AWS Organization · 2 accounts/);
      const accounts = await children(api, orgRow);
      assert.deepEqual(accounts.map(label), [DEMO_LABELS.awsApp, DEMO_LABELS.awsData]);
      assert.equal(api.tree.getParent(accounts[0])?.id, orgRow.id);
      const east = await child(api, accounts[0], 'us-east-1');
      assert.ok((await children(api, east)).some((n) => label(n) === AWS_VPCS.app.name));

      // Find reveals a peering inside the group.
      const { ScriptedUserInput } = await import('../../../src/ui/userInput');
      const node = await api.peeringCommands.find(
        new ScriptedUserInput([`${AWS_VPCS.app.name} ↔ ${AWS_VPCS.data.name}`]),
      );
      assert.ok(node);
      let top: TreeNode | undefined = node;
      while (top && api.tree.getParent(top)) top = api.tree.getParent(top);
      assert.equal(top?.id, orgRow.id);

      // Show Only Problems: accounts with nothing to act on leave the view.
      await api.inventory.refreshAll();
      api.tree.setShowOnlyProblems(true);
      const problemRoots = (await children(api)).map(label);
      assert.ok(problemRoots.includes('Sandbox Org'), problemRoots.join(', '));
      for (const root of await children(api)) {
        for (const accountRow of root.id.startsWith('group/')
          ? await children(api, root)
          : [root]) {
          const rows = await children(api, accountRow);
          assert.ok(
            !rows.some((r) => label(r) === 'Nothing here needs action'),
            `${label(accountRow)} has a problem to show`,
          );
        }
      }
    } finally {
      api.tree.setShowOnlyProblems(false);
      api.accounts.setSandboxAccounts(original);
    }
  });
});
