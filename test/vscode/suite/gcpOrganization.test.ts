import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CloudPeeringApi } from '../../../src/extension';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { GCP } from '../../../src/sandbox/worlds/demoTopology';
import type { Account } from '../../../src/model/types';
import { ScriptedUserInput } from '../../../src/ui/userInput';
import { children, label } from './sandboxWorld';

async function api(): Promise<CloudPeeringApi> {
  const ext = vscode.extensions.getExtension<CloudPeeringApi>('cloud-peering.cloud-peering');
  assert.ok(ext);
  return ext.activate();
}

/** Waits for a condition the extension reaches on its own (loads finishing), never a fixed sleep. */
async function until(what: string, condition: () => boolean): Promise<void> {
  for (let tries = 0; !condition(); tries++) {
    if (tries > 600) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * GCP projects of one organisation, configured with their group (as an organisation-scale add
 * stores them), are listed through Cloud Asset Inventory, and project by project when the
 * engine is off. Their token is stored in SecretStorage like any pasted GCP token.
 */
describe('GCP organisation: projects through Cloud Asset Inventory', function () {
  this.timeout(90_000);
  let peering: CloudPeeringApi;
  let sandbox: RunningSandbox;
  const ids = [`gcp:org:${GCP.project}`, `gcp:org:${GCP.peerProject}`];
  const counter = (operation: string) => sandbox.admin.counters()[`gcp.${operation}`] ?? 0;
  const loaded = () =>
    ids.every((id) => peering.inventory.place(id, undefined)?.status === 'loaded');
  const networkKeys = () =>
    peering.inventory
      .networks()
      .filter((n) => ids.includes(n.account.id))
      .map((n) => n.network.key)
      .sort();

  before(async () => {
    peering = await api();
    sandbox = await peering.sandbox.start();
    await peering.inventory.ensureLoaded();
    await until('the sandbox accounts to load', () => !peering.inventory.busy);
  });

  after(async () => {
    sandbox.admin.setEngine('gcp-cloud-asset', true);
    await vscode.workspace
      .getConfiguration('peering')
      .update('accounts', [], vscode.ConfigurationTarget.Global);
    for (const id of ids) await peering.secrets.delete(id);
  });

  it('lists the organisation in one search, then each project when the engine is off', async () => {
    for (const id of ids) await peering.secrets.set(id, 'sandbox-gcp-token');
    sandbox.admin.resetCounters();
    await vscode.workspace.getConfiguration('peering').update(
      'accounts',
      [GCP.project, GCP.peerProject].map((project, i) => ({
        id: ids[i],
        cloud: 'gcp',
        ref: project,
        label: project,
        endpoint: sandbox.endpoints.gcp,
        group: { kind: 'gcp-organization', id: GCP.organization, label: 'Sandbox organisation' },
      })),
      vscode.ConfigurationTarget.Global,
    );
    await until('both projects to load', loaded);
    assert.equal(counter('assets.searchAllResources'), 1);
    assert.equal(counter('networks.list'), 0);
    const viaEngine = networkKeys();
    assert.deepEqual(viaEngine.map((k) => k.split('/').pop()).sort(), [
      'app-net',
      'legacy-net',
      'peer-net',
      'svc-net',
    ]);

    // A full refresh lists the sandbox's own demo projects too: count them with the engine on.
    sandbox.admin.resetCounters();
    await peering.inventory.refreshAll();
    const listedWithEngine = counter('networks.list');
    assert.equal(counter('assets.searchAllResources'), 1);

    sandbox.admin.setEngine('gcp-cloud-asset', false);
    sandbox.admin.resetCounters();
    await peering.inventory.refreshAll();
    assert.equal(counter('assets.searchAllResources'), 1, 'asked, and refused');
    assert.equal(counter('networks.list'), listedWithEngine + 2, 'then each of the two projects');
    assert.deepEqual(networkKeys(), viaEngine);
  });
});

/**
 * Add GCP Organization on the sandbox: the organisation named (and validated) in an input box,
 * its projects listed through Cloud Asset Inventory's searchAllResources over the real wire
 * protocol, all picked, saved in one settings write grouped under the organisation; the tree then
 * shows their networks through Cloud Asset, and through each project's calls with the engine off.
 */
describe('Add GCP Organization: projects listed through Cloud Asset Inventory', function () {
  this.timeout(90_000);
  let peering: CloudPeeringApi;
  let sandbox: RunningSandbox;
  let added: Account[] = [];
  const counter = (operation: string) => sandbox.admin.counters()[`gcp.${operation}`] ?? 0;
  const org = `GCP organization ${GCP.organization.split('/')[1]}`;
  const labels = [GCP.peerProject, GCP.project].map((p) => `${GCP.projectNames[p]} (${p})`);

  before(async () => {
    peering = await api();
    sandbox = await peering.sandbox.start();
    sandbox.admin.reset('demo');
    await peering.inventory.ensureLoaded();
    await until('the sandbox accounts to load', () => !peering.inventory.busy);
  });

  after(async () => {
    sandbox.admin.setEngine('gcp-cloud-asset', true);
    await vscode.workspace
      .getConfiguration('peering')
      .update('accounts', [], vscode.ConfigurationTarget.Global);
    for (const account of added) await peering.secrets.delete(account.id);
  });

  it('refuses a malformed organisation, naming the field and the rule', async () => {
    const ui = new ScriptedUserInput([GCP.project, 'organisations/200000000001']);
    await assert.rejects(
      peering.accountCommands.addGcpOrganization(ui),
      /Organization or folder: organizations\/NUMBER or folders\/NUMBER/,
    );
    assert.deepEqual(ui.asked, [
      'GCP Organization: credentials to list its projects',
      'Organization or folder',
    ]);
  });

  it('adds the picked projects grouped under the organisation, with the listing token', async () => {
    sandbox.admin.resetCounters();
    const ui = new ScriptedUserInput([GCP.project, GCP.organization, labels]);
    added = await peering.accountCommands.addGcpOrganization(ui);
    assert.equal(ui.asked[2], `Projects to add from ${GCP.organization} (2 of 2)`);
    assert.equal(counter('assets.searchAllResources'), 1, 'one search lists the projects');
    assert.deepEqual(
      added.map((a) => [a.id, a.ref, a.group?.kind, a.group?.id, a.endpoint]),
      [GCP.peerProject, GCP.project].map((p) => [
        `gcp:${p}`,
        p,
        'gcp-organization',
        GCP.organization,
        sandbox.endpoints.gcp,
      ]),
    );
    // The settings hold the accounts and their group; the token is in SecretStorage only.
    const stored = vscode.workspace.getConfiguration('peering').get<unknown[]>('accounts') ?? [];
    assert.equal(stored.length, 2);
    assert.doesNotMatch(JSON.stringify(stored), /sandbox-gcp-token/);
    for (const account of added)
      assert.equal(await peering.secrets.get(account.id), 'sandbox-gcp-token');

    // Asked again, every project is already there.
    await assert.rejects(
      peering.accountCommands.addGcpOrganization(
        new ScriptedUserInput([GCP.project, GCP.organization]),
      ),
      /Every project of organizations\/200000000001 is already added/,
    );
  });

  it('shows their networks in the tree through Cloud Asset, then through each project', async () => {
    const ids = added.map((a) => a.id);
    const loaded = () =>
      ids.every((id) => peering.inventory.place(id, undefined)?.status === 'loaded');
    const treeNetworks = async () => {
      const group = (await children(peering)).find((r) => label(r) === org);
      assert.ok(group, `${org} among the tree's first rows`);
      const names: string[] = [];
      for (const account of await children(peering, group))
        for (const network of await children(peering, account))
          names.push(`${label(account)} › ${label(network)}`);
      return names.sort();
    };
    const expected = [
      `${labels[0]} › peer-net`,
      `${labels[1]} › app-net`,
      `${labels[1]} › legacy-net`,
      `${labels[1]} › svc-net`,
    ];

    sandbox.admin.resetCounters();
    await peering.inventory.refreshAll();
    await until('both projects to load', loaded);
    const listedWithEngine = counter('networks.list');
    assert.equal(counter('assets.searchAllResources'), 1);
    assert.deepEqual(await treeNetworks(), expected);

    sandbox.admin.setEngine('gcp-cloud-asset', false);
    sandbox.admin.resetCounters();
    await peering.inventory.refreshAll();
    await until('both projects to load', loaded);
    assert.equal(counter('assets.searchAllResources'), 1, 'asked, and refused');
    assert.equal(counter('networks.list'), listedWithEngine + 2, 'then each of the two projects');
    assert.deepEqual(await treeNetworks(), expected);
  });
});
