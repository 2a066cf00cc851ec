/**
 * The GCP provider as it ships: src/providers/gcp bundled by esbuild with the trimmed compute
 * protos (scripts/gcp-protos.mjs), required from its file and driven against the sandbox
 * through every compute service its clients use (networks, subnetworks, routes, firewalls,
 * global operations) and through the lazily loaded Cloud Asset client. The other GCP tests run
 * the sources, which read the package's full protos.json; this one fails if the trimmed
 * descriptor lacks a message a call sends or decodes.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type { AccountGroup } from '../../../src/model/types';
import { providerFor } from '../../../src/providers/loader';
import type { ProviderModule } from '../../../src/providers/provider';
import type { GcpProvider } from '../../../src/providers/gcp/index';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { startSandbox } from '../../../src/sandbox/server';
import { GCP } from '../../../src/sandbox/worlds/demoTopology';
import { sandboxGcpAccount, sandboxGcpCredentials } from './sandboxAccounts';

const ROOT = join(__dirname, '..', '..', '..');
const PLUGIN = join(ROOT, 'scripts', 'gcp-protos.mjs');
const APP = `projects/${GCP.project}/global/networks/${GCP.networks.app.name}`;

interface ProtosScript {
  gcpProtosPlugin(): esbuild.Plugin;
  adapterComputeServices(): string[];
}

describe('providers/gcp bundled with the trimmed compute protos', function () {
  this.timeout(60_000);
  let dir: string;
  let sandbox: RunningSandbox;
  let provider: GcpProvider;
  /** Bytes of the bundle that come from the compute package's protos.json. */
  let protosBytes: number;
  const project = () => ({ account: sandboxGcpAccount(GCP.project, sandbox.endpoints.gcp) });

  before(async () => {
    const script = (await import(PLUGIN)) as ProtosScript;
    dir = mkdtempSync(join(tmpdir(), 'gcp-bundle-'));
    // The provider bundle's options in esbuild.mjs (nodeCommon), with its plugin.
    const result = await esbuild.build({
      entryPoints: { gcp: join(ROOT, 'src', 'providers', 'gcp', 'index.ts') },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      mainFields: ['module', 'main'],
      external: ['vscode'],
      outdir: dir,
      logLevel: 'warning',
      metafile: true,
      plugins: [script.gcpProtosPlugin()],
    });
    const inputs = Object.entries(Object.values(result.metafile.outputs)[0].inputs);
    protosBytes = inputs
      .filter(([file]) => file.includes('@google-cloud/compute/build/protos/protos.json'))
      .reduce((n, [, input]) => n + input.bytesInOutput, 0);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(join(dir, 'gcp.js')) as ProviderModule;
    sandbox = await startSandbox({ world: 'demo', operationDelayMs: 20 });
    provider = providerFor('gcp', mod.createProvider({ credentials: sandboxGcpCredentials() }));
  });
  after(async () => {
    provider?.dispose();
    await sandbox?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads the services to keep from the clients the adapter imports', async () => {
    const script = (await import(PLUGIN)) as ProtosScript;
    assert.deepEqual(script.adapterComputeServices(), [
      'google.cloud.compute.v1.Firewalls',
      'google.cloud.compute.v1.GlobalOperations',
      'google.cloud.compute.v1.Networks',
      'google.cloud.compute.v1.Routes',
      'google.cloud.compute.v1.Subnetworks',
    ]);
    // Untrimmed, the descriptor is 3.6 MB of the bundle; the five services reach about 130 KB.
    assert.ok(protosBytes > 0 && protosBytes < 300_000, `protos.json: ${protosBytes} bytes`);
  });

  it('lists networks, peerings, routes and firewalls', async () => {
    const networks = await provider.listNetworks(project());
    assert.deepEqual(networks.map((n) => n.name).sort(), ['app-net', 'legacy-net', 'svc-net']);
    assert.deepEqual(networks.find((n) => n.id === APP)?.cidrs, [GCP.networks.app.subnets[0].cidr]);
    const peerings = await provider.listPeerings(project());
    assert.deepEqual(
      peerings.map((p) => [p.name, p.rawState]).sort(),
      [
        [GCP.peerings.activePair, 'ACTIVE'],
        [GCP.peerings.oneSided, 'INACTIVE'],
      ].sort(),
    );
    const tables = await provider.listRouteTables(project(), APP);
    assert.ok(tables[0].routes.some((r) => r.target === GCP.peerings.activePair));
    const firewalls = await provider.listFirewalls(project(), GCP.networks.app.name);
    assert.ok(firewalls.some((g) => g.name === GCP.firewalls.allowSsh));
  });

  it('adds, updates and removes a peering and inserts a firewall, waiting on each operation', async () => {
    const created = await provider.addPeering(project(), {
      network: GCP.networks.svc.name,
      peerNetwork: GCP.networks.app.name,
      name: 'svc-to-app',
    });
    assert.equal(created.state, 'active');
    const updated = await provider.updatePeering(project(), {
      network: GCP.networks.svc.name,
      name: 'svc-to-app',
      exportCustomRoutes: true,
    });
    assert.equal(updated.options?.exportCustomRoutes, true);
    await provider.removePeering(project(), { network: GCP.networks.svc.name, name: 'svc-to-app' });
    const group = await provider.insertFirewall(project(), {
      network: 'app-net',
      name: 'app-net-allow-redis-from-peer',
      sourceRanges: [GCP.networks.peer.subnets[0].cidr],
      allowed: [{ IPProtocol: 'tcp', ports: ['6379'] }],
    });
    assert.deepEqual(
      group.ingress.map((r) => [r.protocol, r.fromPort, r.toPort]),
      [['tcp', 6379, 6379]],
    );
  });

  it("fails with GCE's messages: a finished operation's error and a 404", async () => {
    await assert.rejects(
      provider.addPeering(project(), {
        network: 'app-net',
        peerNetwork: 'legacy-net',
        name: 'app-to-legacy',
      }),
      /addPeering failed.*overlaps with an IP range in the local network/s,
    );
    await assert.rejects(
      provider.removePeering(project(), { network: 'app-net', name: 'nope' }),
      /peering "nope" on network "app-net" was not found/,
    );
  });

  it('reads an organisation through the Cloud Asset client it loads on first use', async () => {
    const org: AccountGroup = { kind: 'gcp-organization', id: GCP.organization, label: 'Org' };
    const account = { ...sandboxGcpAccount(GCP.project, sandbox.endpoints.gcp), group: org };
    const inventory = await provider.listGroupInventory(org, [account]);
    assert.equal(inventory.engine, 'Cloud Asset Inventory');
    assert.ok(
      inventory.byAccount
        .get(account.id)!
        .get(undefined)!
        .networks.some((n) => n.id === APP),
    );
  });
});
