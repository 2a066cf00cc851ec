import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CloudPeeringApi } from '../../../src/extension';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { GCP } from '../../../src/sandbox/worlds/demoTopology';

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
