import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CloudPeeringApi } from '../../../src/extension';
import type { RunningSandbox } from '../../../src/sandbox/api';
import {
  AWS_ACCOUNTS,
  AWS_PEERINGS,
  AWS_VPCS,
  DRAGONFLY,
  UPCLOUD,
} from '../../../src/sandbox/worlds/demoTopology';
import type { CommandOutcome } from '../../../src/ui/peeringCommands';
import { ScriptedUserInput } from '../../../src/ui/userInput';
import type { TreeNode } from '../../../src/ui/tree/treeNodes';
import {
  DEMO_LABELS,
  RecordingInput,
  callCount,
  child,
  children,
  contextValue,
  description,
  extensionApi,
  freshSandbox,
  label,
  waitFor,
  walk,
} from './sandboxWorld';

/** Each command's effect in the sandbox, from a tree node and from the palette. */
describe('Peering commands on the sandbox', function () {
  this.timeout(90_000);
  let api: CloudPeeringApi;
  let sandbox: RunningSandbox;
  let appVpc: TreeNode;

  before(async () => {
    api = await extensionApi();
  });

  beforeEach(async () => {
    sandbox = await freshSandbox(api);
    api.tree.refresh();
    appVpc = await walk(api, DEMO_LABELS.awsApp, 'us-east-1', AWS_VPCS.app.name);
  });

  after(async () => {
    await freshSandbox(api);
  });

  const peeringRow = (network: TreeNode, peerLabel: string) => child(api, network, peerLabel);

  /** The peering's raw state as the sandbox reports it now (a full refresh, read from the app account). */
  async function awsState(id: string): Promise<string | undefined> {
    await api.peeringCommands.refresh();
    return api.inventory
      .peerings()
      .find((p) => p.peering.id === id && p.account.id === 'sandbox:aws:app')?.peering.rawState;
  }

  it('Accept (inline, from the tree) makes the request active in the sandbox', async () => {
    const row = await peeringRow(appVpc, AWS_VPCS.data.name);
    assert.match(contextValue(row), /raw\.pending-acceptance/);
    const outcome = (await vscode.commands.executeCommand(
      'peering.acceptPeering',
      row,
    )) as CommandOutcome;
    assert.equal(outcome.status, 'done');
    await waitFor(
      'active in the sandbox',
      async () => (await awsState(AWS_PEERINGS.pendingCrossAccount)) === 'active',
    );
    const again = await peeringRow(appVpc, AWS_VPCS.data.name);
    assert.equal(description(again), 'active');
  });

  it('Accept from the palette asks which request, and runs in the accepter account', async () => {
    const ui = new ScriptedUserInput([`${AWS_VPCS.app.name} ↔ ${DRAGONFLY.network.name}`]);
    const outcome = await api.peeringCommands.accept(undefined, ui);
    assert.equal(outcome.status, 'done');
    assert.deepEqual(ui.asked, ['Accept which peering request?']);
    await waitFor(
      'active',
      async () => (await awsState(AWS_PEERINGS.dragonflyPending)) === 'active',
    );
    // The Dragonfly connection follows once AWS reads active.
    await api.peeringCommands.refresh(await walk(api, DEMO_LABELS.dragonfly));
    const df = await walk(
      api,
      DEMO_LABELS.dragonfly,
      DRAGONFLY.network.region,
      DRAGONFLY.network.name,
    );
    assert.match(description(await child(api, df, AWS_VPCS.app.name)), /^active/);
  });

  it('Accept refuses what is not pending, and says why', async () => {
    const row = await peeringRow(appVpc, AWS_VPCS.shared.name);
    const outcome = await api.peeringCommands.accept(row);
    assert.equal(outcome.status, 'refused');
    assert.match((outcome as { message: string }).message, /is active, not pending-acceptance/);
  });

  it('Reject asks first, then rejects in the sandbox', async () => {
    const row = await peeringRow(appVpc, AWS_VPCS.data.name);
    const cancelled = await api.peeringCommands.reject(row, new ScriptedUserInput([undefined]));
    assert.equal(cancelled.status, 'cancelled');
    assert.equal(await awsState(AWS_PEERINGS.pendingCrossAccount), 'pending-acceptance');
    const ui = new ScriptedUserInput(['Reject']);
    const outcome = await api.peeringCommands.reject(row, ui);
    assert.equal(outcome.status, 'done');
    assert.match(ui.asked[0], /^Reject the peering request app-vpc ↔ data-vpc\?$/);
    assert.equal(await awsState(AWS_PEERINGS.pendingCrossAccount), 'rejected');
  });

  it('Delete confirms with the peering, both networks and the effect; cancel leaves it', async () => {
    const row = await peeringRow(appVpc, AWS_VPCS.shared.name);
    const ui = new RecordingInput([undefined]);
    assert.equal((await api.peeringCommands.delete(row, ui)).status, 'cancelled');
    const [{ message, detail, actions }] = ui.modals;
    assert.match(
      message,
      new RegExp(`^Delete peering ".+" \\(${AWS_PEERINGS.activeDnsOff}\\)\\?$`),
    );
    assert.ok(detail.includes(AWS_VPCS.app.name) && detail.includes(AWS_VPCS.shared.name), detail);
    assert.ok(detail.includes(AWS_VPCS.shared.cidrs[0]), detail);
    assert.match(detail, /routes that point at pcx-\w+ become blackholes/);
    assert.deepEqual(actions, ['Delete']);
    assert.equal(await awsState(AWS_PEERINGS.activeDnsOff), 'active');

    const outcome = await api.peeringCommands.delete(row, new ScriptedUserInput(['Delete']));
    assert.equal(outcome.status, 'done');
    assert.equal(await awsState(AWS_PEERINGS.activeDnsOff), 'deleted');
  });

  it('Delete refuses an AWS peering in a state AWS cannot delete', async () => {
    const row = await peeringRow(appVpc, AWS_VPCS.legacy.name);
    const outcome = await api.peeringCommands.delete(row, new ScriptedUserInput([]));
    assert.equal(outcome.status, 'refused');
    assert.match((outcome as { message: string }).message, /cannot delete .* while it is failed/);
  });

  it('Delete follows EMQX Cloud: a peering with an EMQX Cloud account states its rule, and is refused unless running', async () => {
    // A finished EMQX Cloud ↔ AWS wizard run recorded the data account as EMQX Cloud's.
    const runDir = join(api.wizard.runsDirectory, 'run-emqx-delete-test');
    mkdirSync(runDir, { recursive: true });
    writeFileSync(
      join(runDir, 'run.json'),
      JSON.stringify({
        version: 1,
        runId: 'run-emqx-delete-test',
        draft: {
          scenarioId: 'emqx-cloud-aws',
          inputs: { emqxAccountId: AWS_ACCOUNTS.data.accountId },
        },
      }),
    );
    try {
      const shared = await walk(api, DEMO_LABELS.awsApp, 'us-east-1', AWS_VPCS.shared.name);
      const active = await peeringRow(shared, AWS_VPCS.data.name);
      const ui = new RecordingInput([undefined]);
      assert.equal((await api.peeringCommands.delete(active, ui)).status, 'cancelled');
      const [{ detail }] = ui.modals;
      assert.ok(detail.includes(`EMQX Cloud deployment VPC ${AWS_VPCS.data.id}`), detail);
      assert.ok(detail.includes(AWS_ACCOUNTS.data.accountId), detail);
      assert.match(detail, /EMQX Cloud deletes a peering only while it reads running/);
      assert.match(detail, /no resources in the deployment may still use it/);

      const pending = await peeringRow(appVpc, AWS_VPCS.data.name);
      const refused = await api.peeringCommands.delete(pending, new ScriptedUserInput([]));
      assert.equal(refused.status, 'refused');
      assert.match(
        (refused as { message: string }).message,
        /EMQX Cloud deployment .* is pending-acceptance, not active: EMQX Cloud deletes a peering only while it reads running/,
      );
      assert.equal(await awsState(AWS_PEERINGS.pendingCrossAccount), 'pending-acceptance');
    } finally {
      rmSync(runDir, { recursive: true, force: true });
    }
  });

  it('Delete on UpCloud disables the peering first, then deletes it', async () => {
    const staging = await walk(
      api,
      DEMO_LABELS.upcloud,
      UPCLOUD.zone,
      UPCLOUD.networks.staging.name,
    );
    const rows = await children(api, staging);
    const toPartner = rows.find((r) =>
      r.id.endsWith(`/peering/${UPCLOUD.peerings.stagingToPartner}`),
    );
    assert.ok(toPartner, rows.map((r) => r.id).join(', '));
    sandbox.admin.resetCounters();
    const ui = new RecordingInput(['Delete']);
    const outcome = await api.peeringCommands.delete(toPartner, ui);
    assert.equal(outcome.status, 'done');
    assert.match(ui.modals[0].detail, /disabled first, then deleted/);
    const counters = sandbox.admin.counters();
    assert.equal(counters['upcloud.networkPeering.modify'], 1, JSON.stringify(counters));
    assert.equal(counters['upcloud.networkPeering.delete'], 1, JSON.stringify(counters));
    const after = await children(api, staging);
    assert.equal(
      after.some((r) => r.id.endsWith(`/peering/${UPCLOUD.peerings.stagingToPartner}`)),
      false,
      'gone from the tree',
    );
  });

  it('Copy ID and Copy CIDR put the values on the clipboard', async () => {
    const row = await peeringRow(appVpc, AWS_VPCS.shared.name);
    await vscode.commands.executeCommand('peering.copyId', row);
    assert.equal(await vscode.env.clipboard.readText(), AWS_PEERINGS.activeDnsOff);
    // A peering's CIDR is the far side's: what a route on this side needs.
    await vscode.commands.executeCommand('peering.copyCidr', row);
    assert.equal(await vscode.env.clipboard.readText(), AWS_VPCS.shared.cidrs.join(', '));
    await vscode.commands.executeCommand('peering.copyCidr', appVpc);
    assert.equal(
      await vscode.env.clipboard.readText(),
      [...AWS_VPCS.app.cidrs, AWS_VPCS.app.ipv6].join(', '),
    );
    // From the palette: pick a network.
    const ui = new ScriptedUserInput([AWS_VPCS.data.name]);
    const outcome = await api.peeringCommands.copyCidr(undefined, ui);
    assert.deepEqual(outcome, { status: 'done', text: AWS_VPCS.data.cidrs.join(', ') });
  });

  it('Open in Console opens nothing for the sandbox and names its endpoint', async () => {
    const row = await peeringRow(appVpc, AWS_VPCS.shared.name);
    const outcome = (await vscode.commands.executeCommand(
      'peering.openInConsole',
      row,
    )) as CommandOutcome;
    assert.equal(outcome.status, 'sandbox');
    const { endpoint, url } = outcome as { endpoint: string; url: string };
    assert.equal(endpoint, sandbox.endpoints.http);
    assert.equal(
      url,
      `https://us-east-1.console.aws.amazon.com/vpcconsole/home?region=us-east-1#PeeringConnectionDetails:VpcPeeringConnectionId=${AWS_PEERINGS.activeDnsOff}`,
    );
  });

  it('Watch narrows the status bar to the watched peering; Unwatch drops it', async () => {
    const row = await peeringRow(appVpc, AWS_VPCS.legacy.name);
    const key = `aws/${AWS_PEERINGS.overlapFailed}`;
    assert.match(contextValue(row), /watch\.implicit/);
    await vscode.commands.executeCommand('peering.watchPeering', row);
    assert.deepEqual(api.watchList.explicit(), [key]);
    await waitFor('one watched peering in the status bar', () =>
      api.status.text() === '$(plug) 0 active · 0 pending · 1 down' ? true : undefined,
    );
    assert.equal(api.status.background(), 'statusBarItem.errorBackground');
    const watchedRow = await peeringRow(appVpc, AWS_VPCS.legacy.name);
    assert.match(description(watchedRow), /watched$/);
    assert.match(contextValue(watchedRow), /watch\.explicit/);

    await vscode.commands.executeCommand('peering.unwatchPeering', watchedRow);
    assert.deepEqual(api.watchList.explicit(), []);
    assert.equal(api.watchList.isWatched(key), false);
    assert.equal(api.watchList.isWatched(`aws/${AWS_PEERINGS.activeDnsOff}`), true);
    await waitFor(
      'every other peering watched again',
      () =>
        /^\$\(plug\) \d+ active · \d+ pending · \d+ down$/.test(api.status.text()) &&
        !api.status.text().startsWith('$(plug) 0 active'),
    );
  });

  it('Refresh of one peering reads it again from the provider', async () => {
    const row = await peeringRow(appVpc, AWS_VPCS.data.name);
    sandbox.admin.resetCounters();
    await vscode.commands.executeCommand('peering.refresh', row);
    assert.equal(callCount(sandbox, 'aws.DescribeVpcPeeringConnections'), 1);
    assert.equal(callCount(sandbox, 'aws.DescribeVpcs'), 0);
    assert.equal(label(await peeringRow(appVpc, AWS_VPCS.data.name)), AWS_VPCS.data.name);
  });
});
