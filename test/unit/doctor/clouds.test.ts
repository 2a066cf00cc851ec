/**
 * The Doctor on Azure, GCP, UpCloud, Aiven and Dragonfly Cloud: each check on a demo peering (or
 * one broken over the cloud's API) that breaks it, named with its evidence; fixes applied through
 * the adapters clear their findings. Also: a diagnosis makes read calls only. Real SDK clients
 * (@azure/arm-network over HTTPS, @google-cloud/compute, the REST adapters) against the sandbox.
 */
import * as assert from 'node:assert/strict';
import { diagnoseAll, diagnosePeering } from '../../../src/doctor/index';
import { providerFor } from '../../../src/providers/loader';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { startSandbox } from '../../../src/sandbox/server';
import { AZURE, GCP, UPCLOUD } from '../../../src/sandbox/worlds/demoTopology';
import { assertNone, doctorWorld, findingsOf, type DoctorWorld } from './harness';

function byName(world: DoctorWorld, cloud: string, name: string) {
  const found = world.deps.inventory.peerings.find((p) => p.cloud === cloud && p.name === name);
  assert.ok(found, `${cloud} peering ${name}`);
  return found;
}

describe('doctor: Azure, GCP, UpCloud and managed services against the sandbox', function () {
  this.timeout(60_000);
  let sandbox: RunningSandbox;

  before(async () => {
    sandbox = await startSandbox({ world: 'demo', operationDelayMs: 50 });
  });
  after(async () => {
    await sandbox?.stop();
  });
  beforeEach(() => sandbox.admin.reset('demo'));

  describe('Azure', () => {
    it('finds a peering out of sync after an address-space change, resyncs it, and re-checks clean', async () => {
      const world = await doctorWorld(sandbox);
      const appToDb = byName(world, 'azure', AZURE.peerings.appToDb);
      const d = await diagnosePeering(appToDb, world.deps);
      const [sync] = findingsOf(d, 'azure.sync-level');
      assert.equal(sync.side, 'local');
      assert.equal(sync.evidence[0].id, appToDb.id);
      assert.match(sync.evidence[0].summary, /peeringSyncLevel=RemoteNotInSync/);
      assert.match(sync.doc.url, /update-virtual-network-peering-address-space/);
      assert.deepEqual(sync.fix, {
        kind: 'azure-resync-peering',
        side: 'local',
        summary: `Sync peering ${AZURE.peerings.appToDb} of ${AZURE.vnets.app.name} with its remote address space`,
        params: {
          subscriptionId: AZURE.subscriptionId,
          resourceGroup: AZURE.resourceGroup,
          vnetName: AZURE.vnets.app.name,
          peeringName: AZURE.peerings.appToDb,
        },
      });
      // Seen from db's half, the same finding names app's half (the one to sync).
      const fromDb = await diagnosePeering(
        byName(world, 'azure', AZURE.peerings.dbToApp),
        world.deps,
      );
      assert.equal(findingsOf(fromDb, 'azure.sync-level')[0].side, 'peer');

      const azure = providerFor('azure', await world.deps.loadProvider('azure'));
      const account = world.deps.accountFor(appToDb.accountKey);
      assert.ok(account);
      await azure.syncPeering(
        { account },
        {
          resourceGroup: String(sync.fix?.params.resourceGroup),
          vnetName: String(sync.fix?.params.vnetName),
          name: String(sync.fix?.params.peeringName),
        },
      );
      const fresh = await doctorWorld(sandbox, world.session);
      assertNone(
        await diagnosePeering(byName(fresh, 'azure', AZURE.peerings.appToDb), fresh.deps),
        'azure.sync-level',
      );
    });

    it('evaluates NSG rules in priority order with the default rules, and fixes with a rule before the deny', async () => {
      const world = await doctorWorld(sandbox);
      const appToHub = byName(world, 'azure', AZURE.peerings.appToHub);
      const d = await diagnosePeering(appToHub, world.deps, { port: AZURE.dbPort });
      const [blocked] = findingsOf(d, 'nsg.port-blocked');
      assert.equal(blocked.side, 'local');
      assert.equal(blocked.evidence[0].kind, 'nsg');
      assert.match(blocked.evidence[0].id, new RegExp(`/networkSecurityGroups/${AZURE.nsg}$`));
      assert.match(blocked.detail, new RegExp(AZURE.nsgDenyRule));
      // The default rules are in the evidence, after the custom deny.
      assert.match(
        blocked.evidence[0].summary,
        /#4000 deny tcp 5432 from 10\.201\.0\.0\/16; #65000 allow all from VirtualNetwork/,
      );
      assert.deepEqual(blocked.fix?.params, {
        cloud: 'azure',
        subscriptionId: AZURE.subscriptionId,
        resourceGroup: AZURE.resourceGroup,
        nsgName: AZURE.nsg,
        port: AZURE.dbPort,
        protocol: 'tcp',
        sourceCidr: AZURE.vnets.hub.addressSpace[0],
        priority: AZURE.nsgDenyPriority - 1,
      });
      // Another port is allowed by the default AllowVnetInBound (VirtualNetwork covers peers).
      assertNone(await diagnosePeering(appToHub, world.deps, { port: 443 }), 'nsg.port-blocked');

      const azure = providerFor('azure', await world.deps.loadProvider('azure'));
      const p = blocked.fix?.params ?? {};
      await azure.createSecurityRule(
        { account: world.deps.accountFor(appToHub.accountKey)! },
        {
          resourceGroup: String(p.resourceGroup),
          nsgName: String(p.nsgName),
          name: 'allow-postgres-from-hub',
          priority: Number(p.priority),
          sourceAddressPrefix: String(p.sourceCidr),
          destinationPortRange: String(p.port),
          protocol: 'Tcp',
          access: 'Allow',
          direction: 'Inbound',
        },
      );
      assertNone(
        await diagnosePeering(appToHub, world.deps, { port: AZURE.dbPort }),
        'nsg.port-blocked',
      );
    });

    it('names the missing other half of a one-sided peering', async () => {
      const world = await doctorWorld(sandbox);
      const d = await diagnosePeering(
        byName(world, 'azure', AZURE.peerings.appToSpoke),
        world.deps,
      );
      findingsOf(d, 'state.not-active');
      const [half] = findingsOf(d, 'state.half-missing');
      assert.equal(half.side, 'peer');
      assert.match(half.title, new RegExp(AZURE.vnets.spoke.name));
    });
  });

  describe('GCP', () => {
    it('finds a tag-only allow rule on one side and the implied deny on the other', async () => {
      const world = await doctorWorld(sandbox);
      const d = await diagnosePeering(byName(world, 'gcp', GCP.peerings.activePair), world.deps, {
        port: GCP.doctor.port,
      });
      const [tags] = findingsOf(d, 'firewall.target-tags');
      assert.equal(tags.side, 'local');
      assert.match(tags.title, new RegExp(`${GCP.doctor.allowPeerPostgres} .* tagged db`));
      const [blocked] = findingsOf(d, 'firewall.port-blocked');
      assert.equal(blocked.side, 'peer');
      assert.match(blocked.detail, /implied deny ingress \(priority 65535\)/);
      assert.equal(blocked.evidence[0].kind, 'firewall-rule');
      assert.deepEqual(blocked.fix?.params, {
        cloud: 'gcp',
        project: GCP.peerProject,
        network: GCP.networks.peer.name,
        port: GCP.doctor.port,
        protocol: 'tcp',
        sourceCidr: GCP.networks.app.subnets[0].cidr,
      });
      assert.match(blocked.doc.url, /firewall\/docs\/firewalls/);
    });

    it('applies a deny rule before an allow rule of lower precedence', async () => {
      const world = await doctorWorld(sandbox);
      // A deny at priority 900 over the tag-only allow at 1000, sent over the compute REST API.
      const res = await fetch(
        `${sandbox.endpoints.gcp}/compute/v1/projects/${GCP.project}/global/firewalls`,
        {
          method: 'POST',
          headers: {
            authorization: 'Bearer sandbox-gcp-token',
            'content-type': 'application/json',
          },
          body: JSON.stringify({
            name: 'app-net-deny-peer-postgres',
            network: `projects/${GCP.project}/global/networks/${GCP.networks.app.name}`,
            priority: 900,
            direction: 'INGRESS',
            sourceRanges: [GCP.networks.peer.subnets[0].cidr],
            denied: [{ IPProtocol: 'tcp', ports: [String(GCP.doctor.port)] }],
          }),
        },
      );
      assert.equal(res.status, 200, await res.text());
      sandbox.admin.advanceClock(60_000);
      const d = await diagnosePeering(byName(world, 'gcp', GCP.peerings.activePair), world.deps, {
        port: GCP.doctor.port,
      });
      const local = findingsOf(d, 'firewall.port-blocked').find((f) => f.side === 'local');
      assert.ok(local, 'app-net blocks the port now');
      assert.match(local.detail, /app-net-deny-peer-postgres \(#900 deny tcp 5432/);
      assertNone(d, 'firewall.target-tags');
    });

    it('finds custom routes behind a VPN that the peering does not export and import', async () => {
      const world = await doctorWorld(sandbox);
      const d = await diagnosePeering(byName(world, 'gcp', GCP.peerings.activePair), world.deps);
      const [custom] = findingsOf(d, 'gcp.custom-routes');
      assert.equal(custom.side, 'local');
      assert.match(custom.detail, new RegExp(GCP.doctor.onPremRange.replace(/\./g, '\\.')));
      assert.deepEqual(
        custom.evidence.map((e) => e.summary),
        ['exportCustomRoutes=false', 'importCustomRoutes=false'],
      );
    });

    it('reports a one-sided peering as INACTIVE with the missing half', async () => {
      const world = await doctorWorld(sandbox);
      const d = await diagnosePeering(byName(world, 'gcp', GCP.peerings.oneSided), world.deps);
      assert.match(findingsOf(d, 'state.not-active')[0].detail, /create it there/);
      findingsOf(d, 'state.half-missing');
    });
  });

  describe('UpCloud and managed services', () => {
    it('translates UpCloud, Aiven and Dragonfly states into the next step, and names a network without a router', async () => {
      const world = await doctorWorld(sandbox);
      const noRouter = world.deps.inventory.peerings.find(
        (p) => p.cloud === 'upcloud' && p.rawState === 'missing-local-router',
      );
      assert.ok(noRouter);
      const d = await diagnosePeering(noRouter, world.deps, { port: 5432 });
      assert.match(findingsOf(d, 'state.not-active')[0].detail, /Attach a router to this network/);
      const [router] = findingsOf(d, 'upcloud.no-router');
      assert.equal(router.evidence[0].kind, 'network');
      assert.equal(router.evidence[0].summary, 'router: none');
      assert.equal(findingsOf(d, 'upcloud.firewall-not-applied')[0].severity, 'info');
      assert.ok(d.skipped.some((s) => s.check === 'upcloud.dhcp-renewal'));
      assert.ok(UPCLOUD.networks.app.router);

      const dragonfly = world.deps.inventory.peerings.find((p) => p.cloud === 'dragonfly');
      assert.ok(dragonfly);
      const df = await diagnosePeering(dragonfly, world.deps);
      if (dragonfly.state !== 'active')
        assert.ok(findingsOf(df, 'state.not-active')[0].detail.length > 0);
      assert.ok(df.skipped.some((s) => /manages its side/.test(s.reason)));
    });
  });

  it('makes read calls only: Diagnose All over the demo inventory sends no write', async () => {
    const world = await doctorWorld(sandbox);
    sandbox.admin.resetCounters();
    const all = await diagnoseAll(world.deps.inventory.peerings, world.deps, {
      portFor: () => 5432,
    });
    assert.equal(all.length, world.deps.inventory.peerings.length);
    assert.deepEqual(
      all.map((d) => d.peeringKey),
      world.deps.inventory.peerings.map((p) => p.key),
    );
    const counters = sandbox.admin.counters();
    const used = Object.keys(counters).filter((k) => counters[k] > 0);
    assert.ok(used.length > 0);
    const writes = used.filter(
      (op) => !/^[a-z]+\.(Describe|List|Get|list|get|[A-Za-z]+\.(list|listAll|get))/.test(op),
    );
    assert.deepEqual(writes, [], 'operations other than Describe/List/Get');
    // Every call is credited to exactly one diagnosis.
    const calls = all.reduce((n, d) => n + d.calls, 0);
    assert.equal(
      calls,
      used.reduce((n, k) => n + counters[k], 0),
    );
  });
});
