import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CloudPeeringApi } from '../../../src/extension';
import type { Account } from '../../../src/model/types';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { AWS_ORGANIZATION } from '../../../src/sandbox/worlds/demoTopology';
import type { TreeNode } from '../../../src/ui/tree/treeNodes';
import { ScriptedUserInput } from '../../../src/ui/userInput';
import { children, extensionApi, freshSandbox, label, waitFor } from './sandboxWorld';

const platform = AWS_ORGANIZATION.members.platform;
const platformEu = AWS_ORGANIZATION.members.platformEu;

/** Every node of the tree down to `depth`, loading each level as VS Code would. */
async function allNodes(api: CloudPeeringApi, depth = 5): Promise<TreeNode[]> {
  const found: TreeNode[] = [];
  const visit = async (node: TreeNode | undefined, level: number) => {
    if (level > depth) return;
    for (const row of await children(api, node)) {
      found.push(row);
      if (row.getTreeItem().collapsibleState !== vscode.TreeItemCollapsibleState.None)
        await visit(row, level + 1);
    }
  };
  await visit(undefined, 1);
  return found;
}

function counter(sandbox: RunningSandbox, operation: string): number {
  return sandbox.admin.counters()[`aws.${operation}`] ?? 0;
}

describe('Add AWS Organization: members through the Config aggregator, and the fallback', function () {
  this.timeout(120_000);
  let peering: CloudPeeringApi;
  let sandbox: RunningSandbox;
  let added: Account[];

  before(async () => {
    peering = await extensionApi();
    sandbox = await freshSandbox(peering);
    await vscode.commands.executeCommand('peering.trySandbox');
  });

  after(async () => {
    sandbox.admin.setEngine('aws-config', true);
    await vscode.workspace
      .getConfiguration('peering')
      .update('accounts', [], vscode.ConfigurationTarget.Global);
  });

  it('adds the picked member accounts, grouped under the organization, with the role to assume', async () => {
    const ui = new ScriptedUserInput([
      'Sandbox AWS · app (111111111111)',
      [`${platform.name} (${platform.accountId})`, `${platformEu.name} (${platformEu.accountId})`],
      'not a role name',
    ]);
    // The role name is validated: a bad one is refused, naming the field and the rule.
    await assert.rejects(
      peering.accountCommands.addAwsOrganization(ui),
      /Role to assume: only letters/,
    );
    assert.deepEqual(ui.asked.slice(0, 2), [
      'AWS Organization: the management account profile',
      `Accounts to add from ${AWS_ORGANIZATION.id} (4 of 4)`,
    ]);

    added = await peering.accountCommands.addAwsOrganization(
      new ScriptedUserInput([
        'Sandbox AWS · app (111111111111)',
        [
          `${platform.name} (${platform.accountId})`,
          `${platformEu.name} (${platformEu.accountId})`,
        ],
        AWS_ORGANIZATION.accessRoleName,
      ]),
    );
    assert.deepEqual(
      added.map((a) => [a.id, a.group?.id, a.awsMember?.roleName, a.awsMember?.credentialsOf]),
      [
        [
          `aws:${AWS_ORGANIZATION.id}:${platform.accountId}`,
          AWS_ORGANIZATION.id,
          AWS_ORGANIZATION.accessRoleName,
          'sandbox:aws:app',
        ],
        [
          `aws:${AWS_ORGANIZATION.id}:${platformEu.accountId}`,
          AWS_ORGANIZATION.id,
          AWS_ORGANIZATION.accessRoleName,
          'sandbox:aws:app',
        ],
      ],
    );
    // Stored in the settings as configured (no secret anywhere in them).
    const stored = vscode.workspace.getConfiguration('peering').get<unknown[]>('accounts') ?? [];
    assert.equal(stored.length, 2);
    assert.doesNotMatch(JSON.stringify(stored), /secret|ASIA|AKIA/i);
    for (const account of added)
      await waitFor(`${account.id} in the inventory`, () => peering.inventory.account(account.id));
  });

  it('lists their networks through the aggregator: no role assumed, no EC2 call for them', async () => {
    // The loads adding them started have settled, so the counters below are this refresh's.
    await waitFor('the added accounts to load', () => !peering.inventory.busy, 30_000);
    sandbox.admin.resetCounters();
    // A full refresh asks the organization's engine once (Discovery.prefetchGroups), as for GCP
    // organisations and Azure tenants; reloading one account reads it with EC2.
    await peering.inventory.refreshAll();
    const hub = peering.inventory.place(added[0].id, 'us-east-1');
    assert.deepEqual(
      hub?.networks.map((n) => n.id),
      [AWS_ORGANIZATION.vpcs.platform.id],
    );
    assert.ok(hub?.peerings.some((p) => p.id === AWS_ORGANIZATION.peering && p.state === 'active'));
    assert.equal(counter(sandbox, 'DescribeConfigurationAggregators'), 1, 'one engine run');
    assert.ok(counter(sandbox, 'SelectAggregateResourceConfig') > 0);
    assert.equal(counter(sandbox, 'AssumeRole'), 0, 'the aggregator answered');
    const labels = (await allNodes(peering)).map(label);
    for (const name of [AWS_ORGANIZATION.vpcs.platform.name, AWS_ORGANIZATION.vpcs.platformEu.name])
      assert.ok(
        labels.some((l) => l.includes(name)),
        `${name} in the tree: ${labels.join(', ')}`,
      );
  });

  it('falls back to each account through the role when the aggregator is turned off', async () => {
    sandbox.admin.setEngine('aws-config', false);
    sandbox.admin.resetCounters();
    await peering.inventory.refreshAll();
    assert.equal(counter(sandbox, 'SelectAggregateResourceConfig'), 0);
    assert.ok(counter(sandbox, 'DescribeConfigurationAggregators') >= 1, 'asked, and none found');
    assert.ok(counter(sandbox, 'AssumeRole') >= 1, JSON.stringify(sandbox.admin.counters()));
    const eu = peering.inventory.place(added[1].id, 'eu-west-1');
    assert.equal(eu?.status, 'loaded');
    assert.deepEqual(
      eu?.networks.map((n) => n.id),
      [AWS_ORGANIZATION.vpcs.platformEu.id],
    );
    assert.ok(eu?.peerings.some((p) => p.id === AWS_ORGANIZATION.peering && p.state === 'active'));
  });
});
