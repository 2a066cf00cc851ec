/**
 * Cloud Asset Inventory as a GCP organisation's or folder's inventory engine: the real
 * @google-cloud/asset v1 client (REST transport, through GcpProvider) against the sandbox's
 * searchAllResources. The engine's answer must equal what the per-project compute calls list,
 * and discovery must fall back to those calls when the engine is switched off.
 */
import * as assert from 'node:assert/strict';
import { Discovery, type EngineReport } from '../../../src/discovery/discovery';
import { gcpScopeAccounts, gcpScopeProblem } from '../../../src/model/gcpOrganization';
import type { Account, AccountGroup } from '../../../src/model/types';
import { GcpProvider } from '../../../src/providers/gcp/index';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { startSandbox } from '../../../src/sandbox/server';
import { GCP } from '../../../src/sandbox/worlds/demoTopology';
import { sandboxGcpAccount, sandboxGcpCredentials } from './sandboxAccounts';

const ORG: AccountGroup = { kind: 'gcp-organization', id: GCP.organization, label: 'Sandbox org' };
const FOLDER: AccountGroup = { kind: 'gcp-folder', id: GCP.folder, label: 'Sandbox folder' };

const byKey = <T extends { key: string }>(items: T[]) =>
  [...items].sort((a, b) => a.key.localeCompare(b.key));

describe('providers/gcp: Cloud Asset Inventory for an organisation or folder', function () {
  this.timeout(60_000);
  let sandbox: RunningSandbox;
  let provider: GcpProvider;
  let accounts: Account[];
  const calls = (operation: string) => sandbox.admin.counters()[`gcp.${operation}`] ?? 0;

  before(async () => {
    sandbox = await startSandbox({ world: 'demo' });
    provider = new GcpProvider({ credentials: sandboxGcpCredentials() });
    accounts = [GCP.project, GCP.peerProject].map((p) => ({
      ...sandboxGcpAccount(p, sandbox.endpoints.gcp),
      group: ORG,
    }));
  });
  after(async () => {
    provider.dispose();
    await sandbox.stop();
  });
  beforeEach(() => {
    sandbox.admin.setEngine('gcp-cloud-asset', true);
    sandbox.admin.resetCounters();
  });

  it('answers for the organisation in one search, exactly what the per-project calls list', async () => {
    const inventory = await provider.listGroupInventory(ORG, accounts);
    assert.equal(inventory.engine, 'Cloud Asset Inventory');
    assert.equal(inventory.calls, 1);
    assert.equal(calls('assets.searchAllResources'), 1);
    assert.equal(calls('networks.list'), 0);
    for (const account of accounts) {
      const place = { account };
      const [networks, peerings] = await Promise.all([
        provider.listNetworks(place),
        provider.listPeerings(place),
      ]);
      const fromEngine = inventory.byAccount.get(account.id)!.get(undefined)!;
      assert.ok(networks.length > 0);
      assert.deepEqual(byKey(fromEngine.networks), byKey(networks), `networks of ${account.ref}`);
      assert.deepEqual(byKey(fromEngine.peerings), byKey(peerings), `peerings of ${account.ref}`);
    }
    const app = inventory.byAccount
      .get(accounts[0].id)!
      .get(undefined)!
      .networks.find((n) => n.name === GCP.networks.app.name)!;
    assert.deepEqual(app.cidrs, ['10.100.0.0/20']);
    const states = inventory.byAccount
      .get(accounts[0].id)!
      .get(undefined)!
      .peerings.map((p) => p.rawState);
    assert.ok(states.includes('ACTIVE') && states.includes('INACTIVE'), states.join(', '));
  });

  it('a folder covers only its projects', async () => {
    const [, peer] = accounts;
    const inventory = await provider.listGroupInventory(FOLDER, [{ ...peer, group: FOLDER }]);
    assert.deepEqual(
      inventory.byAccount
        .get(peer.id)!
        .get(undefined)!
        .networks.map((n) => n.name),
      [GCP.networks.peer.name],
    );
  });

  it('discovery reads the organisation through the engine, and each project when it is off', async () => {
    const loadProvider = async () => provider;
    const reports: EngineReport[] = [];
    const viaEngine = await new Discovery({
      loadProvider,
      onEngine: (r) => reports.push(r),
    }).refresh(accounts);
    assert.equal(calls('assets.searchAllResources'), 1);
    assert.equal(calls('networks.list'), 0);
    assert.equal(viaEngine.errors.length, 0);

    sandbox.admin.setEngine('gcp-cloud-asset', false);
    sandbox.admin.resetCounters();
    const fallback = await new Discovery({
      loadProvider,
      onEngine: (r) => reports.push(r),
    }).refresh(accounts);
    assert.equal(calls('assets.searchAllResources'), 1, 'asked, and refused');
    assert.equal(calls('networks.list'), 2, 'then each project');
    assert.match(reports[1].error ?? '', /Cloud Asset API|SERVICE_DISABLED|disabled/i);
    assert.equal(fallback.errors.length, 0);
    assert.deepEqual(byKey(viaEngine.networks), byKey(fallback.networks));
    assert.deepEqual(byKey(viaEngine.peerings), byKey(fallback.peerings));
  });

  it('lists the projects in use under an organisation or folder (Add GCP Organization)', async () => {
    const [source] = accounts;
    const org = await provider.listScopeProjects(source, GCP.organization);
    assert.deepEqual(org, [
      {
        projectId: GCP.peerProject,
        projectNumber: '100000000002',
        displayName: GCP.projectNames[GCP.peerProject],
      },
      {
        projectId: GCP.project,
        projectNumber: '100000000001',
        displayName: GCP.projectNames[GCP.project],
      },
    ]);
    assert.equal(calls('assets.searchAllResources'), 1);
    // The folder also holds a project being deleted (DELETE_REQUESTED): it is not offered.
    const folder = await provider.listScopeProjects(source, GCP.folder);
    assert.deepEqual(
      folder.map((p) => p.projectId),
      [GCP.peerProject],
    );
    const added = gcpScopeAccounts({ scope: GCP.folder, source, projects: folder });
    assert.deepEqual(added, [
      {
        id: `gcp:${GCP.peerProject}`,
        cloud: 'gcp',
        ref: GCP.peerProject,
        label: `${GCP.projectNames[GCP.peerProject]} (${GCP.peerProject})`,
        endpoint: sandbox.endpoints.gcp,
        group: { kind: 'gcp-folder', id: GCP.folder, label: 'GCP folder 300000000001' },
      },
    ]);
    await assert.rejects(
      provider.listScopeProjects(source, 'organisations/1'),
      /organizations\/NUMBER or folders\/NUMBER/,
    );
    assert.equal(gcpScopeProblem('folders/12a'), gcpScopeProblem('organisations/1'));
    assert.equal(gcpScopeProblem('folders/300000000001'), undefined);

    sandbox.admin.setEngine('gcp-cloud-asset', false);
    await assert.rejects(provider.listScopeProjects(source, GCP.organization), /Cloud Asset API/);
  });
});
