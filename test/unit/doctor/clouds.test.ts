/**
 * The Doctor on Azure, GCP, UpCloud, Aiven and Dragonfly Cloud: each check on a demo peering (or
 * one broken over the cloud's API) that breaks it, named with its evidence; fixes applied through
 * the adapters clear their findings. Also: a diagnosis makes read calls only. Real SDK clients
 * (@azure/arm-network over HTTPS, @google-cloud/compute, the REST adapters) against the sandbox.
 */
import * as assert from 'node:assert/strict';
import { diagnoseAll, diagnosePeering } from '../../../src/doctor/index';
import { Runner, type RunnerEvent } from '../../../src/plans';
import { buildRepairPlan } from '../../../src/plans/repair';
import { providerFor } from '../../../src/providers/loader';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { startSandbox } from '../../../src/sandbox/server';
import { AZURE, GCP, UPCLOUD } from '../../../src/sandbox/worlds/demoTopology';
import { networkClient } from '../sandbox/azureClients';
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

      // The fix as the Doctor runs it: the repair plan through the runner (its azurePeeringSynced
      // check first) and the adapter's syncPeering; a second run finds the peering in sync.
      const account = world.deps.accountFor(appToDb.accountKey);
      assert.ok(account && sync.fix);
      const plan = buildRepairPlan(sync.fix, { account });
      const runRepair = async () => {
        const events: RunnerEvent[] = [];
        const result = await new Runner({
          loadProvider: world.session.loadProvider,
          accounts: world.session.accounts,
          pollIntervalMs: 20,
          onEvent: (e) => events.push(e),
        }).run(plan);
        assert.equal(result.status, 'succeeded', result.error);
        return events;
      };
      assert.ok((await runRepair()).some((e) => e.type === 'step-succeeded'));
      assert.ok(
        (await runRepair()).some((e) => e.type === 'step-skipped' && e.why === 'exists'),
        'the second run finds the peering FullyInSync',
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

    it('finds a user-defined route that blackholes the peer (next hop None), from both halves', async () => {
      const world = await doctorWorld(sandbox);
      const { udr } = AZURE;
      const d = await diagnosePeering(byName(world, 'azure', udr.webToApi), world.deps);
      const [hole] = findingsOf(d, 'azure.route-blackhole');
      assert.equal(hole.severity, 'error');
      assert.equal(hole.side, 'local');
      assert.equal(hole.evidence[0].kind, 'route-table');
      assert.equal(
        hole.evidence[0].id,
        `/subscriptions/${AZURE.subscriptionId}/resourceGroups/${AZURE.resourceGroup}/providers/Microsoft.Network/routeTables/${udr.blackholeTable}`,
      );
      assert.match(
        hole.evidence[0].summary,
        new RegExp(
          `^${udr.blackholeRoute}: 10\\.206\\.0\\.0/16 → None \\[serves .*/virtualNetworks/${udr.web.name}/subnets/default\\]$`,
        ),
      );
      assert.match(hole.doc.url, /virtual-networks-udr-overview/);
      // From api's half the same route is on the peer side.
      const fromApi = await diagnosePeering(byName(world, 'azure', udr.apiToWeb), world.deps);
      assert.equal(findingsOf(fromApi, 'azure.route-blackhole')[0].side, 'peer');
      // The other demo peerings have no route tables on their subnets.
      assertNone(
        await diagnosePeering(byName(world, 'azure', AZURE.peerings.appToHub), world.deps),
        'azure.route-blackhole',
        'azure.route-overrides-peering',
        'azure.forwarded-traffic-off',
      );
    });

    it('applies longest prefix: a user route for the peer or part of it overrides the peering, a shorter one does not', async () => {
      const world = await doctorWorld(sandbox);
      const { udr } = AZURE;
      const client = networkClient(sandbox.endpoints, AZURE.subscriptionId, {
        tenantId: AZURE.tenantId,
      });
      const put = (name: string, addressPrefix: string, nextHopType: string) =>
        client.routes.beginCreateOrUpdateAndWait(
          AZURE.resourceGroup,
          udr.blackholeTable,
          name,
          { addressPrefix, nextHopType },
          { updateIntervalInMs: 10 },
        );
      // The None route now goes to the Internet; a default route and a /8 are shorter than
      // api's /16, so the peering's system route still wins for them.
      await put(udr.blackholeRoute, udr.api.addressSpace[0], 'Internet');
      await put('default-to-internet', '0.0.0.0/0', 'Internet');
      await put('ten-to-gateway', '10.0.0.0/8', 'VirtualNetworkGateway');
      // More specific than api's /16: decides that part.
      await put('api-db-subnet', '10.206.1.0/24', 'VirtualNetworkGateway');
      const d = await diagnosePeering(byName(world, 'azure', udr.webToApi), world.deps);
      assertNone(d, 'azure.route-blackhole');
      const overrides = findingsOf(d, 'azure.route-overrides-peering');
      assert.deepEqual(overrides.map((f) => f.evidence[0].summary.split(' [')[0]).sort(), [
        'api-db-subnet: 10.206.1.0/24 → VirtualNetworkGateway',
        `${udr.blackholeRoute}: 10.206.0.0/16 → Internet`,
      ]);
      assert.ok(overrides.every((f) => f.severity === 'error' && f.side === 'local'));
      assert.match(
        overrides.find((f) => /api-db-subnet/.test(f.title))?.title ?? '',
        /10\.206\.1\.0\/24 \(part of 10\.206\.0\.0\/16\) to the virtual network's gateway/,
      );
    });

    it('finds an appliance route into a peer that refuses forwarded traffic; the repair plan fixes it and the re-check is clean', async () => {
      const world = await doctorWorld(sandbox);
      const { udr } = AZURE;
      const edgeToShared = byName(world, 'azure', udr.edgeToShared);
      const d = await diagnosePeering(edgeToShared, world.deps);
      const [off] = findingsOf(d, 'azure.forwarded-traffic-off');
      assert.equal(off.side, 'peer');
      assert.deepEqual(
        off.evidence.map((e) => [e.kind, e.summary.split(' [')[0]]),
        [
          [
            'route-table',
            `${udr.applianceRoute}: 10.208.0.0/16 → VirtualAppliance ${udr.edge.appliance}`,
          ],
          ['peering', 'allowForwardedTraffic=false'],
        ],
      );
      assert.match(off.evidence[1].id, new RegExp(`/virtualNetworkPeerings/${udr.sharedToEdge}$`));
      assert.deepEqual(off.fix, {
        kind: 'azure-allow-forwarded-traffic',
        side: 'peer',
        summary: `Allow forwarded traffic on peering ${udr.sharedToEdge} of ${udr.shared.name}`,
        params: {
          subscriptionId: AZURE.subscriptionId,
          resourceGroup: AZURE.resourceGroup,
          vnetName: udr.shared.name,
          peeringName: udr.sharedToEdge,
          remoteVnetId: edgeToShared.local.networkId,
        },
      });

      // The fix as the Doctor runs it: the repair plan through the runner and the real adapter.
      const account = world.deps.accountFor(edgeToShared.accountKey);
      assert.ok(account && off.fix);
      const plan = buildRepairPlan(off.fix, { account });
      const result = await new Runner({
        loadProvider: world.session.loadProvider,
        accounts: world.session.accounts,
        pollIntervalMs: 20,
      }).run(plan);
      assert.equal(result.status, 'succeeded', result.error);
      const fresh = await doctorWorld(sandbox, world.session);
      const again = await diagnosePeering(byName(fresh, 'azure', udr.edgeToShared), fresh.deps);
      assertNone(again, 'azure.forwarded-traffic-off', 'azure.route-overrides-peering');
      assert.equal(
        byName(fresh, 'azure', udr.sharedToEdge).options?.allowForwardedTraffic,
        true,
        'the peering that receives the forwarded traffic allows it now',
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
      // Not active: the servers are not read yet, and the diagnosis says so.
      assert.ok(d.skipped.some((s) => s.check === 'upcloud.dhcp-renewal'));
      assertNone(d, 'upcloud.dhcp-renewal');
      assert.ok(UPCLOUD.networks.app.router);

      const dragonfly = world.deps.inventory.peerings.find((p) => p.cloud === 'dragonfly');
      assert.ok(dragonfly);
      const df = await diagnosePeering(dragonfly, world.deps);
      if (dragonfly.state !== 'active')
        assert.ok(findingsOf(df, 'state.not-active')[0].detail.length > 0);
      assert.ok(df.skipped.some((s) => /manages its side/.test(s.reason)));
    });
  });

  describe('UpCloud servers and DHCP leases', () => {
    it('names the running servers of an active peering’s network with the dhclient commands, not the stopped ones', async () => {
      const world = await doctorWorld(sandbox);
      const peering = world.peering(UPCLOUD.peerings.appToAiven);
      assert.equal(peering.state, 'active');
      sandbox.admin.resetCounters();
      const d = await diagnosePeering(peering, world.deps);
      const [renew] = findingsOf(d, 'upcloud.dhcp-renewal');
      assert.equal(renew.severity, 'info');
      assert.equal(renew.side, 'local');
      assert.deepEqual(
        renew.evidence.map((e) => [e.kind, e.id, e.summary]),
        [
          [
            'server',
            UPCLOUD.servers.appDb.uuid,
            `${UPCLOUD.servers.appDb.title}: started on ${UPCLOUD.networks.app.name}`,
          ],
        ],
      );
      assert.doesNotMatch(renew.title, new RegExp(UPCLOUD.servers.appBatch.title));
      assert.match(renew.detail, /dhclient -r IFACE; dhclient IFACE/);
      assert.match(renew.detail, /192\.168\.0\.0\/24/);
      assert.equal(
        renew.doc.url,
        'https://aiven.io/docs/platform/howto/vpc-peering-upcloud#renew-a-dhcp-lease',
      );
      // Two reads for the zone: the networks (with their servers) and the servers' states.
      const counters = sandbox.admin.counters();
      assert.equal(counters['upcloud.network.list'], 1);
      assert.equal(counters['upcloud.server.list'], 1);
      assert.equal(d.calls, 2);
      // The peer is the UpCloud network Aiven's VPC runs on: Aiven manages it, nothing is read.
      assert.ok(
        d.skipped.some((s) => s.side === 'peer' && /belongs to the aiven service/.test(s.reason)),
        JSON.stringify(d.skipped),
      );
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
