import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Discovery, resolvePeers } from '../../../src/discovery/discovery';
import type { Account } from '../../../src/model/types';
import { GcpProvider } from '../../../src/providers/gcp/index';
import { groupSubnets, toNetwork } from '../../../src/providers/gcp/resources';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { startSandbox } from '../../../src/sandbox/server';
import { GCP } from '../../../src/sandbox/worlds/demoTopology';
import { sandboxGcpAccount, sandboxGcpCredentials } from './sandboxAccounts';

const APP = `projects/${GCP.project}/global/networks/${GCP.networks.app.name}`;
const SVC = `projects/${GCP.project}/global/networks/${GCP.networks.svc.name}`;
const PEER = `projects/${GCP.peerProject}/global/networks/${GCP.networks.peer.name}`;

function gcpCalls(sandbox: RunningSandbox, operation?: string): number {
  return Object.entries(sandbox.admin.counters())
    .filter(([k]) => (operation ? k === `gcp.${operation}` : k.startsWith('gcp.')))
    .reduce((n, [, v]) => n + v, 0);
}

describe('providers/gcp against the sandbox', function () {
  let sandbox: RunningSandbox;
  let provider: GcpProvider;
  let project: Account;
  let peerProject: Account;

  before(async () => {
    sandbox = await startSandbox({ world: 'demo', operationDelayMs: 50 });
    provider = new GcpProvider({ credentials: sandboxGcpCredentials() });
    project = sandboxGcpAccount(GCP.project, sandbox.endpoints.gcp);
    peerProject = sandboxGcpAccount(GCP.peerProject, sandbox.endpoints.gcp);
  });
  after(async () => {
    provider.dispose();
    await sandbox.stop();
  });
  beforeEach(() => {
    sandbox.admin.reset('demo');
    sandbox.admin.setFaults([]);
  });

  it('has one global place per project', async () => {
    assert.deepEqual(await provider.listRegions(), [undefined]);
  });

  it('lists networks with their subnet ranges, in the one id form, in two calls', async () => {
    sandbox.admin.resetCounters();
    const networks = await provider.listNetworks({ account: project });
    assert.equal(gcpCalls(sandbox), 2, 'networks.list + subnetworks.aggregatedList');
    const byName = new Map(networks.map((n) => [n.name, n]));
    assert.deepEqual([...byName.keys()].sort(), ['app-net', 'legacy-net', 'svc-net']);
    const app = byName.get('app-net')!;
    assert.equal(app.id, APP);
    assert.equal(app.key, `gcp:${GCP.project}/${APP}`);
    assert.equal(app.accountKey, 'gcp:sandbox-project');
    assert.equal(app.ownerId, GCP.project);
    assert.equal(app.region, undefined);
    assert.deepEqual(app.cidrs, [GCP.networks.app.subnets[0].cidr]);
    assert.deepEqual(byName.get('legacy-net')?.cidrs, [GCP.networks.legacy.subnets[0].cidr]);
    const peer = await provider.listNetworks({ account: peerProject });
    assert.deepEqual(
      peer.map((n) => [n.id, n.cidrs]),
      [[PEER, [GCP.networks.peer.subnets[0].cidr]]],
    );
  });

  it("counts secondary and IPv6 subnet ranges as the network's CIDRs (GCE field names)", () => {
    // The demo world has primary ranges only; this is the shape GCE returns for the others.
    const link = `https://www.googleapis.com/compute/v1/${APP}`;
    const subnets = groupSubnets([
      {
        network: link,
        ipCidrRange: '10.0.0.0/20',
        secondaryIpRanges: [{ rangeName: 'pods', ipCidrRange: '10.4.0.0/14' }],
        internalIpv6Prefix: 'fd20:a:b:c::/64',
      },
      { network: link, ipCidrRange: '10.0.16.0/20', externalIpv6Prefix: '2600:1900:4000:1::/64' },
      { network: `https://www.googleapis.com/compute/v1/${SVC}`, ipCidrRange: '10.9.0.0/20' },
    ]);
    const network = toNetwork(project, { name: 'app-net', selfLink: link }, subnets);
    assert.deepEqual(network.cidrs, [
      '10.0.0.0/20',
      '10.4.0.0/14',
      'fd20:a:b:c::/64',
      '10.0.16.0/20',
      '2600:1900:4000:1::/64',
    ]);
  });

  it('lists each network half of a peering: the ACTIVE pair and the one-sided INACTIVE one', async () => {
    const peerings = await provider.listPeerings({ account: project });
    const byName = new Map(peerings.map((p) => [p.name, p]));
    assert.deepEqual([...byName.keys()].sort(), [GCP.peerings.activePair, GCP.peerings.oneSided]);
    const active = byName.get(GCP.peerings.activePair)!;
    assert.equal(active.id, `${APP}/peerings/${GCP.peerings.activePair}`);
    assert.equal(active.state, 'active');
    assert.equal(active.rawState, 'ACTIVE');
    assert.match(active.stateMessage ?? '', /Connected/);
    assert.deepEqual(
      [
        active.local.networkId,
        active.local.accountId,
        active.peer.networkId,
        active.peer.accountId,
      ],
      [APP, GCP.project, PEER, GCP.peerProject],
    );
    assert.equal(active.options?.exchangeSubnetRoutes, true);
    assert.equal(active.options?.exportCustomRoutes, false);
    const oneSided = byName.get(GCP.peerings.oneSided)!;
    assert.deepEqual([oneSided.state, oneSided.rawState], ['inactive', 'INACTIVE']);
    assert.match(oneSided.stateMessage ?? '', /Waiting for peer network/);
    assert.equal(oneSided.peer.networkId, SVC);

    const fromPeer = await provider.listPeerings({ account: peerProject });
    assert.deepEqual(
      fromPeer.map((p) => [p.name, p.state, p.peer.networkId]),
      [[GCP.peerings.activePairReverse, 'active', APP]],
    );
    const one = await provider.getPeering({ account: project }, oneSided.id);
    assert.equal(one?.rawState, 'INACTIVE');
    assert.equal(
      await provider.getPeering({ account: project }, `${APP}/peerings/no-such-peering`),
      undefined,
    );
  });

  it('lists routes as one table per network and firewall rules as ingress rules', async () => {
    const tables = await provider.listRouteTables({ account: project }, APP);
    assert.equal(tables.length, 1);
    assert.equal(tables[0].networkId, APP);
    const routes = tables[0].routes;
    assert.ok(routes.some((r) => r.destination === GCP.networks.app.subnets[0].cidr));
    assert.ok(
      routes.some(
        (r) =>
          r.destination === GCP.networks.peer.subnets[0].cidr &&
          r.target === GCP.peerings.activePair,
      ),
      'the route imported over the ACTIVE peering',
    );
    const all = await provider.listRouteTables({ account: project });
    assert.deepEqual(
      all.map((t) => t.networkId).sort(),
      [APP, SVC, `projects/${GCP.project}/global/networks/legacy-net`].sort(),
    );

    const groups = await provider.listFirewalls({ account: project }, GCP.networks.app.name);
    const byName = new Map(groups.map((g) => [g.name, g]));
    assert.deepEqual(
      [...byName.keys()].sort(),
      [GCP.firewalls.allowInternal, GCP.firewalls.allowSsh, GCP.doctor.allowPeerPostgres].sort(),
    );
    const ssh = byName.get(GCP.firewalls.allowSsh)!;
    assert.equal(ssh.networkId, APP);
    assert.deepEqual(
      ssh.ingress.map((r) => [r.protocol, r.fromPort, r.toPort, r.sources]),
      [['tcp', 22, 22, ['35.235.240.0/20']]],
    );
    const internal = byName.get(GCP.firewalls.allowInternal)!;
    assert.deepEqual(
      internal.ingress.map((r) => [r.protocol, r.fromPort, r.toPort]),
      [
        ['tcp', 0, 65535],
        ['udp', 0, 65535],
        ['icmp', undefined, undefined],
      ],
    );
    assert.deepEqual(await provider.listFirewalls({ account: project }, SVC), []);
  });

  it('addPeering from the other side makes the one-sided peering ACTIVE', async () => {
    const created = await provider.addPeering(
      { account: project },
      { network: GCP.networks.svc.name, peerNetwork: GCP.networks.app.name, name: 'svc-to-app' },
    );
    assert.equal(created.id, `${SVC}/peerings/svc-to-app`);
    assert.equal(created.state, 'active');
    assert.equal(created.peer.networkId, APP);
    const oneSided = await provider.getPeering(
      { account: project },
      `${APP}/peerings/${GCP.peerings.oneSided}`,
    );
    assert.equal(oneSided?.rawState, 'ACTIVE');
  });

  it("fails an overlapping peering with GCE's message from the finished operation", async () => {
    await assert.rejects(
      provider.addPeering(
        { account: project },
        { network: 'app-net', peerNetwork: 'legacy-net', name: 'app-to-legacy' },
      ),
      (e: Error) => {
        assert.match(e.message, /^GCP project "sandbox-project"/);
        assert.match(e.message, /addPeering failed/);
        assert.match(
          e.message,
          /10\.100\.0\.0\/22\) overlaps with an IP range in the local network \(10\.100\.0\.0\/20\)/,
        );
        return true;
      },
    );
    const names = (await provider.listPeerings({ account: project })).map((p) => p.name);
    assert.ok(!names.includes('app-to-legacy'));
  });

  it('waits out "a peering operation in progress" on the same networks and then succeeds', async () => {
    sandbox.admin.resetCounters();
    // Both touch svc-net: the second is refused with a 400 until the first operation is done.
    const [a, b] = await Promise.all([
      provider.addPeering(
        { account: project },
        { network: 'svc-net', peerNetwork: 'app-net', name: 'svc-to-app' },
      ),
      provider.addPeering(
        { account: peerProject },
        {
          network: 'peer-net',
          peerProject: GCP.project,
          peerNetwork: 'svc-net',
          name: 'peer-to-svc',
        },
      ),
    ]);
    assert.equal(a.state, 'active');
    assert.equal(b.state, 'inactive', 'svc-net has no peering back to peer-net');
    const adds = gcpCalls(sandbox, 'networks.addPeering');
    assert.ok(adds >= 3 && adds <= 7, `one call each plus bounded retries: ${adds}`);
  });

  it('updatePeering changes route exchange; removePeering leaves the other side INACTIVE', async () => {
    const updated = await provider.updatePeering(
      { account: project },
      { network: APP, name: GCP.peerings.activePair, exportCustomRoutes: true },
    );
    assert.equal(updated.options?.exportCustomRoutes, true);
    await provider.removePeering(
      { account: project },
      { network: 'app-net', name: GCP.peerings.activePair },
    );
    assert.equal(
      await provider.getPeering({ account: project }, `${APP}/peerings/${GCP.peerings.activePair}`),
      undefined,
    );
    const reverse = await provider.getPeering(
      { account: peerProject },
      `${PEER}/peerings/${GCP.peerings.activePairReverse}`,
    );
    assert.equal(reverse?.rawState, 'INACTIVE');
    await assert.rejects(
      provider.removePeering({ account: project }, { network: 'app-net', name: 'nope' }),
      /GCP project "sandbox-project".*peering "nope" on network "app-net" was not found/,
    );
  });

  it('insertFirewall adds an ingress rule the firewall listing shows', async () => {
    const group = await provider.insertFirewall(
      { account: project },
      {
        network: 'app-net',
        name: 'app-net-allow-redis-from-peer',
        sourceRanges: [GCP.networks.peer.subnets[0].cidr],
        allowed: [{ IPProtocol: 'tcp', ports: ['6379'] }],
        priority: 900,
      },
    );
    assert.equal(group.networkId, APP);
    assert.deepEqual(
      group.ingress.map((r) => [r.protocol, r.fromPort, r.toPort, r.sources]),
      [['tcp', 6379, 6379, [GCP.networks.peer.subnets[0].cidr]]],
    );
    const listed = await provider.listFirewalls({ account: project }, APP);
    assert.ok(listed.some((g) => g.name === 'app-net-allow-redis-from-peer'));
    await assert.rejects(
      provider.insertFirewall(
        { account: project },
        {
          network: 'no-such-net',
          name: 'x-rule',
          sourceRanges: ['10.0.0.0/8'],
          allowed: [{ IPProtocol: 'tcp' }],
        },
      ),
      /network "no-such-net" was not found/,
    );
  });

  it('refuses bad input before any request, naming the field and the rule', async () => {
    sandbox.admin.resetCounters();
    await assert.rejects(
      provider.addPeering(
        { account: project },
        { network: 'app-net', peerNetwork: 'svc-net', name: 'Bad_Name' },
      ),
      /^UserFacingError: name "Bad_Name" is not valid: it must be 1-63 characters/,
    );
    await assert.rejects(
      provider.insertFirewall(
        { account: project },
        {
          network: 'app-net',
          name: 'ok-name',
          sourceRanges: ['10.0.0.0/33'],
          allowed: [{ IPProtocol: 'tcp' }],
        },
      ),
      /sourceRanges\[0\] "10\.0\.0\.0\/33" is not valid/,
    );
    await assert.rejects(
      provider.insertFirewall(
        { account: project },
        {
          network: 'app-net',
          name: 'ok-name',
          sourceRanges: ['10.0.0.0/8'],
          allowed: [{ IPProtocol: 'tcp', ports: ['70000'] }],
        },
      ),
      /allowed\[0\]\.ports\[0\] "70000" is not valid/,
    );
    await assert.rejects(
      provider.addPeering(
        { account: project },
        { network: `${PEER}`, peerNetwork: 'svc-net', name: 'x' },
      ),
      /network .* is not valid: it must be a network of project "sandbox-project"/,
    );
    assert.equal(gcpCalls(sandbox), 0);
  });

  it('completes under a throttling storm (403 rateLimitExceeded) with bounded retries', async () => {
    sandbox.admin.resetCounters();
    const calm = await Promise.all([
      provider.listNetworks({ account: project }),
      provider.listPeerings({ account: project }),
    ]);
    const minimum = gcpCalls(sandbox);
    sandbox.admin.setFaults([{ cloud: 'gcp', throttleRate: 0.5 }]);
    sandbox.admin.resetCounters();
    const stormy = await Promise.all([
      provider.listNetworks({ account: project }),
      provider.listPeerings({ account: project }),
    ]);
    assert.deepEqual(stormy, calm, 'the same result as without throttling');
    const calls = gcpCalls(sandbox);
    assert.ok(calls > minimum, `some calls were throttled and retried (${calls})`);
    assert.ok(calls <= minimum * 5, `retries bounded: ${calls} calls for ${minimum}`);
  });

  it('retries a 5xx storm up to five attempts, then says which project failed', async () => {
    sandbox.admin.setFaults([{ cloud: 'gcp', errorRate: 0.3 }]);
    const networks = await provider.listNetworks({ account: project });
    assert.equal(networks.length, 3);
    sandbox.admin.setFaults([{ cloud: 'gcp', errorRate: 1 }]);
    sandbox.admin.resetCounters();
    await assert.rejects(provider.listPeerings({ account: project }), (e: Error) => {
      assert.match(e.message, /GCP project "sandbox-project".*Backend Error \(503 backendError\)/);
      return true;
    });
    assert.equal(gcpCalls(sandbox, 'networks.list'), 5);
  });

  it('explains a closed endpoint, a missing project and a missing sandbox token', async () => {
    const closed = { ...project, endpoint: 'http://127.0.0.1:9' };
    await assert.rejects(provider.listNetworks({ account: closed }), (e: Error) => {
      assert.match(
        e.message,
        /GCP project "sandbox-project".*cannot reach http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)/,
      );
      assert.match(e.message, /Check the endpoint override/);
      return true;
    });
    const missing = sandboxGcpAccount('no-such-project', sandbox.endpoints.gcp);
    await assert.rejects(
      provider.listPeerings({ account: missing }),
      /GCP project "no-such-project".*project "no-such-project" was not found/,
    );
    const noToken = new GcpProvider({ credentials: { getSecret: async () => undefined } });
    try {
      await assert.rejects(
        noToken.listNetworks({ account: project }),
        /GCP project "sandbox-project": no sandbox token is stored.*Try the Sandbox/,
      );
    } finally {
      noToken.dispose();
    }
  });

  it('without a stored token uses Application Default Credentials, and says how to set them up', async () => {
    // An empty home and no metadata server: ADC finds nothing (and nothing leaves 127.0.0.1).
    const saved = {
      HOME: process.env.HOME,
      GOOGLE_APPLICATION_CREDENTIALS: process.env.GOOGLE_APPLICATION_CREDENTIALS,
      METADATA_SERVER_DETECTION: process.env.METADATA_SERVER_DETECTION,
    };
    const home = mkdtempSync(join(tmpdir(), 'gcp-adc-'));
    process.env.HOME = home;
    delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
    process.env.METADATA_SERVER_DETECTION = 'none';
    const adc = new GcpProvider({ credentials: { getSecret: async () => undefined } });
    try {
      sandbox.admin.resetCounters();
      const real = { ...project, sandbox: false };
      await assert.rejects(adc.listNetworks({ account: real }), (e: Error) => {
        assert.match(
          e.message,
          /GCP project "sandbox-project".*no Application Default Credentials/,
        );
        assert.match(e.message, /gcloud auth application-default login/);
        return true;
      });
      assert.equal(gcpCalls(sandbox), 0, 'no request without credentials');
    } finally {
      adc.dispose();
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      rmSync(home, { recursive: true, force: true });
    }
  });

  it("resolves a peering to the peer project's network when both projects are accounts", async () => {
    const [networks, peerings] = await Promise.all([
      Promise.all([project, peerProject].map((a) => provider.listNetworks({ account: a }))),
      Promise.all([project, peerProject].map((a) => provider.listPeerings({ account: a }))),
    ]);
    const all = peerings.flat();
    resolvePeers(all, networks.flat());
    const pair = all.find((p) => p.name === GCP.peerings.activePair)!;
    assert.equal(pair.peer.resolvedKey, `gcp:${GCP.peerProject}/${PEER}`);
    assert.deepEqual(pair.peer.cidrs, [GCP.networks.peer.subnets[0].cidr]);
    assert.equal(pair.local.resolvedKey, `gcp:${GCP.project}/${APP}`);

    // Through discovery: both halves stay (two resources), each resolved; two calls per project.
    sandbox.admin.resetCounters();
    const result = await new Discovery({ loadProvider: async () => provider }).refresh([
      project,
      peerProject,
    ]);
    assert.deepEqual(result.errors, []);
    assert.equal(gcpCalls(sandbox), 4);
    assert.deepEqual(
      result.peerings.map((p) => p.name).sort(),
      [GCP.peerings.activePair, GCP.peerings.oneSided, GCP.peerings.activePairReverse].sort(),
    );
    assert.ok(result.peerings.every((p) => p.peer.resolvedKey));
  });
});
