import * as assert from 'node:assert/strict';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { startSandbox } from '../../../src/sandbox/server';
import { GCP } from '../../../src/sandbox/worlds/demoTopology';
import { SANDBOX_GCP_TOKEN, expectGcpError, gcpClients, type GcpClients } from './gcpClients';

const PROJECT = GCP.project;
const PEER_PROJECT = GCP.peerProject;
const APP = GCP.networks.app.name;
const SVC = GCP.networks.svc.name;
const PEER = GCP.networks.peer.name;
const LEGACY = GCP.networks.legacy.name;
const OP_DELAY_MS = 150;

type Operation = {
  name?: string | null;
  status?: unknown;
  error?: unknown;
  httpErrorStatusCode?: number | null;
};

describe('sandbox GCP compute v1 through @google-cloud/compute', function () {
  let sandbox: RunningSandbox;
  let gcp: GcpClients;

  before(async () => {
    sandbox = await startSandbox({ world: 'demo', operationDelayMs: OP_DELAY_MS });
    gcp = gcpClients(sandbox.endpoints.gcp);
  });
  after(async () => {
    await Promise.all(Object.values(gcp).map((c) => c.close()));
    await sandbox.stop();
  });
  beforeEach(() => sandbox.admin.reset('demo'));

  /** Polls the operation through globalOperations.wait until DONE, as the provider does. */
  async function waitDone(project: string, op: Operation): Promise<Operation> {
    let current = op;
    for (let i = 0; i < 20 && current.status !== 'DONE'; i++) {
      [current] = await gcp.operations.wait({ project, operation: String(current.name) });
    }
    assert.equal(current.status, 'DONE');
    return current;
  }

  async function peeringsOf(project: string, network: string) {
    const [n] = await gcp.networks.get({ project, network });
    return Object.fromEntries((n.peerings ?? []).map((p) => [p.name, p]));
  }

  async function addPeering(project: string, network: string, name: string, peer: string) {
    const [lro] = await gcp.networks.addPeering({
      project,
      network,
      networksAddPeeringRequestResource: {
        networkPeering: { name, network: peer, exchangeSubnetRoutes: true },
      },
    });
    return lro.latestResponse as Operation;
  }

  it('sends its requests to the sandbox on 127.0.0.1 with the bearer token', async () => {
    assert.match(sandbox.endpoints.gcp, /^http:\/\/127\.0\.0\.1:\d+$/);
    sandbox.admin.resetCounters();
    const [networks] = await gcp.networks.list({ project: PROJECT });
    assert.deepEqual(networks.map((n) => n.name).sort(), [APP, LEGACY, SVC].sort());
    assert.equal(sandbox.admin.counters()['gcp.networks.list'], 1);
    const res = await fetch(
      `${sandbox.endpoints.gcp}/compute/v1/projects/${PROJECT}/global/networks`,
    );
    assert.equal(res.status, 401);
    const body = (await res.json()) as { error: { errors: { reason: string }[] } };
    assert.equal(body.error.errors[0].reason, 'required');
    const ok = await fetch(
      `${sandbox.endpoints.gcp}/compute/v1/projects/${PROJECT}/global/networks`,
      {
        headers: { authorization: `Bearer ${SANDBOX_GCP_TOKEN}` },
      },
    );
    assert.equal(ok.status, 200);
  });

  it('paginates networks.list with maxResults and pageToken', async () => {
    const [page1, next1, raw1] = await gcp.networks.list(
      { project: PROJECT, maxResults: 2 },
      { autoPaginate: false },
    );
    assert.equal(page1.length, 2);
    assert.ok(next1?.pageToken, 'a second page is announced');
    assert.equal(raw1?.kind, 'compute#networkList');
    const [page2, next2] = await gcp.networks.list(
      { project: PROJECT, maxResults: 2, pageToken: next1.pageToken },
      { autoPaginate: false },
    );
    assert.equal(page2.length, 1);
    assert.equal(next2, null);
    const names = [...page1, ...page2].map((n) => n.name);
    assert.equal(new Set(names).size, 3);

    const all: string[] = [];
    for await (const n of gcp.networks.listAsync(
      { project: PROJECT, maxResults: 1 },
      { autoPaginate: false },
    ))
      all.push(String(n.name));
    assert.deepEqual(all.sort(), [...names].sort());

    const filtered = await gcp.networks.list({ project: PROJECT, filter: `name = "${SVC}"` });
    assert.deepEqual(
      filtered[0].map((n) => n.name),
      [SVC],
    );

    const bad = await expectGcpError(
      gcp.networks.list({ project: PROJECT, maxResults: 501 }, { autoPaginate: false }),
    );
    assert.equal(bad.status, 400);
    assert.equal(bad.reason, 'invalid');
    assert.match(bad.message, /maxResults/);
    const badToken = await expectGcpError(
      gcp.networks.list({ project: PROJECT, pageToken: 'not-a-token' }, { autoPaginate: false }),
    );
    assert.equal(badToken.status, 400);
    assert.match(badToken.message, /pageToken/);
  });

  it('shows the demo peerings: ACTIVE only when both sides exist', async () => {
    const [app] = await gcp.networks.get({ project: PROJECT, network: APP });
    assert.equal(app.kind, 'compute#network');
    assert.equal(app.subnetworks?.length, 1);
    assert.match(String(app.subnetworks?.[0]), /\/regions\/us-central1\/subnetworks\/app-us$/);
    const peerings = Object.fromEntries((app.peerings ?? []).map((p) => [p.name, p]));
    assert.equal(peerings[GCP.peerings.activePair].state, 'ACTIVE');
    assert.match(String(peerings[GCP.peerings.activePair].stateDetails), /Connected/);
    assert.equal(
      peerings[GCP.peerings.activePair].network,
      `https://www.googleapis.com/compute/v1/projects/${PEER_PROJECT}/global/networks/${PEER}`,
    );
    assert.equal(peerings[GCP.peerings.oneSided].state, 'INACTIVE');
    assert.match(String(peerings[GCP.peerings.oneSided].stateDetails), /Waiting for peer network/);
    const back = await peeringsOf(PEER_PROJECT, PEER);
    assert.equal(back[GCP.peerings.activePairReverse].state, 'ACTIVE');
  });

  it('adds a peering as an operation that ends DONE, and the pair turns ACTIVE', async () => {
    const op = await addPeering(
      PROJECT,
      SVC,
      'svc-to-app',
      `projects/${PROJECT}/global/networks/${APP}`,
    );
    assert.ok(
      op.status === 'PENDING' || op.status === 'RUNNING',
      `fresh operation is ${String(op.status)}`,
    );
    assert.match(String(op.name), /^operation-/);
    // The effect lands only when the operation is done.
    assert.equal((await peeringsOf(PROJECT, SVC))['svc-to-app'], undefined);
    const [got] = await gcp.operations.get({ project: PROJECT, operation: String(op.name) });
    assert.equal(got.operationType, 'addPeering');
    assert.match(String(got.targetLink), new RegExp(`/global/networks/${SVC}$`));

    sandbox.admin.resetCounters();
    const done = await waitDone(PROJECT, op);
    assert.equal(done.error ?? undefined, undefined);
    assert.ok(
      (sandbox.admin.counters()['gcp.globalOperations.wait'] ?? 0) >= 1,
      'polled through globalOperations.wait',
    );

    assert.equal((await peeringsOf(PROJECT, SVC))['svc-to-app'].state, 'ACTIVE');
    assert.equal((await peeringsOf(PROJECT, APP))[GCP.peerings.oneSided].state, 'ACTIVE');
  });

  it('accepts a full https://www.googleapis.com URL for a peer in another project; one side stays INACTIVE', async () => {
    const url = `https://www.googleapis.com/compute/v1/projects/${PEER_PROJECT}/global/networks/${PEER}`;
    await waitDone(PROJECT, await addPeering(PROJECT, SVC, 'svc-to-peer', url));
    const svc = await peeringsOf(PROJECT, SVC);
    assert.equal(svc['svc-to-peer'].state, 'INACTIVE');
    assert.equal(svc['svc-to-peer'].network, url);

    // The older request form (top-level name/peerNetwork/autoCreateRoutes) completes the pair.
    const [lro] = await gcp.networks.addPeering({
      project: PEER_PROJECT,
      network: PEER,
      networksAddPeeringRequestResource: {
        name: 'peer-to-svc',
        peerNetwork: `projects/${PROJECT}/global/networks/${SVC}`,
        autoCreateRoutes: true,
      },
    });
    await waitDone(PEER_PROJECT, lro.latestResponse as Operation);
    assert.equal((await peeringsOf(PROJECT, SVC))['svc-to-peer'].state, 'ACTIVE');
    assert.equal((await peeringsOf(PEER_PROJECT, PEER))['peer-to-svc'].state, 'ACTIVE');
  });

  it('gives the 400 "peering operation in progress" to a second operation racing on the same networks', async () => {
    const first = await addPeering(
      PROJECT,
      SVC,
      'svc-to-app',
      `projects/${PROJECT}/global/networks/${APP}`,
    );
    const race = await expectGcpError(
      gcp.networks.removePeering({
        project: PROJECT,
        network: APP,
        networksRemovePeeringRequestResource: { name: GCP.peerings.oneSided },
      }),
    );
    assert.equal(race.status, 400);
    assert.equal(race.reason, 'badRequest');
    assert.equal(
      race.message,
      'There is a peering operation in progress on the local or peer network. Try again later.',
    );
    await waitDone(PROJECT, first);
    // Once the first is done, the same call goes through.
    const [lro] = await gcp.networks.removePeering({
      project: PROJECT,
      network: APP,
      networksRemovePeeringRequestResource: { name: GCP.peerings.oneSided },
    });
    await waitDone(PROJECT, lro.latestResponse as Operation);
    assert.equal((await peeringsOf(PROJECT, SVC))['svc-to-app'].state, 'INACTIVE');
  });

  it('rejects overlapping subnet ranges: the operation ends with a 400 error naming both ranges', async () => {
    const op = await addPeering(
      PROJECT,
      APP,
      'app-to-legacy',
      `projects/${PROJECT}/global/networks/${LEGACY}`,
    );
    const done = await waitDone(PROJECT, op);
    assert.equal(done.httpErrorStatusCode, 400);
    const errors = (done.error as { errors: { code: string; message: string }[] }).errors;
    assert.equal(errors.length, 1);
    assert.match(
      errors[0].message,
      /peer network \(10\.100\.0\.0\/22\) overlaps .* local network \(10\.100\.0\.0\/20\)/,
    );
    assert.match(errors[0].message, /subnetworks\/app-us/);
    assert.equal((await peeringsOf(PROJECT, APP))['app-to-legacy'], undefined);
  });

  it('removePeering turns the other side INACTIVE; updatePeering changes route exchange', async () => {
    const [rm] = await gcp.networks.removePeering({
      project: PEER_PROJECT,
      network: PEER,
      networksRemovePeeringRequestResource: { name: GCP.peerings.activePairReverse },
    });
    await waitDone(PEER_PROJECT, rm.latestResponse as Operation);
    const app = await peeringsOf(PROJECT, APP);
    assert.equal(app[GCP.peerings.activePair].state, 'INACTIVE');
    assert.deepEqual(await peeringsOf(PEER_PROJECT, PEER), {});

    const [up] = await gcp.networks.updatePeering({
      project: PROJECT,
      network: APP,
      networksUpdatePeeringRequestResource: {
        networkPeering: {
          name: GCP.peerings.activePair,
          exportCustomRoutes: true,
          importCustomRoutes: true,
        },
      },
    });
    await waitDone(PROJECT, up.latestResponse as Operation);
    const after = (await peeringsOf(PROJECT, APP))[GCP.peerings.activePair];
    assert.equal(after.exportCustomRoutes, true);
    assert.equal(after.importCustomRoutes, true);
  });

  it('lists the routes exchanged over a peering, and none over an INACTIVE one', async () => {
    const [incoming] = await gcp.networks.listPeeringRoutes({
      project: PROJECT,
      network: APP,
      peeringName: GCP.peerings.activePair,
      direction: 'INCOMING',
      region: 'us-central1',
    });
    assert.deepEqual(
      incoming.map((r) => [r.destRange, r.type, r.imported]),
      [[GCP.networks.peer.subnets[0].cidr, 'SUBNET_PEERING_ROUTE', true]],
    );
    const [outgoing] = await gcp.networks.listPeeringRoutes({
      project: PROJECT,
      network: APP,
      peeringName: GCP.peerings.activePair,
      direction: 'OUTGOING',
      region: 'us-central1',
    });
    assert.deepEqual(
      outgoing.map((r) => r.destRange),
      [GCP.networks.app.subnets[0].cidr],
    );
    const [none] = await gcp.networks.listPeeringRoutes({
      project: PROJECT,
      network: APP,
      peeringName: GCP.peerings.oneSided,
      direction: 'INCOMING',
      region: 'us-central1',
    });
    assert.deepEqual(none, []);
    const missing = await expectGcpError(
      gcp.networks.listPeeringRoutes({
        project: PROJECT,
        network: APP,
        peeringName: GCP.peerings.activePair,
        region: 'us-central1',
      }),
    );
    assert.equal(missing.status, 400);
    assert.match(missing.message, /direction/);
  });

  it('lists routes, including the routes a live peering imports', async () => {
    const [routes] = await gcp.routes.list({ project: PROJECT });
    const viaPeering = routes.filter((r) => r.nextHopPeering === GCP.peerings.activePair);
    assert.deepEqual(
      viaPeering.map((r) => r.destRange),
      [GCP.networks.peer.subnets[0].cidr],
    );
    assert.ok(
      routes.some(
        (r) =>
          r.destRange === '0.0.0.0/0' && /default-internet-gateway$/.test(String(r.nextHopGateway)),
      ),
    );
    assert.ok(routes.every((r) => r.kind === 'compute#route'));
    // Nothing is imported over the one-sided peering.
    assert.equal(routes.filter((r) => r.nextHopPeering === GCP.peerings.oneSided).length, 0);
  });

  it('lists and inserts firewall rules, with GCE errors for duplicates and bad fields', async () => {
    const [before] = await gcp.firewalls.list({ project: PROJECT });
    assert.deepEqual(
      before.map((f) => f.name).sort(),
      [GCP.firewalls.allowInternal, GCP.firewalls.allowSsh, GCP.doctor.allowPeerPostgres].sort(),
    );
    const resource = {
      name: 'allow-from-peer',
      network: `global/networks/${APP}`,
      direction: 'INGRESS',
      sourceRanges: [GCP.networks.peer.subnets[0].cidr],
      allowed: [{ IPProtocol: 'tcp', ports: ['443', '8000-8080'] }],
    };
    const [lro] = await gcp.firewalls.insert({ project: PROJECT, firewallResource: resource });
    const done = await waitDone(PROJECT, lro.latestResponse as Operation);
    assert.equal(done.error ?? undefined, undefined);
    const [fw] = await gcp.firewalls.get({ project: PROJECT, firewall: 'allow-from-peer' });
    assert.deepEqual(fw.sourceRanges, resource.sourceRanges);
    assert.deepEqual(fw.allowed?.[0].ports, ['443', '8000-8080']);
    assert.equal(fw.priority, 1000);

    const dup = await expectGcpError(
      gcp.firewalls.insert({ project: PROJECT, firewallResource: resource }),
    );
    assert.equal(dup.status, 409);
    assert.equal(dup.reason, 'alreadyExists');
    const badProto = await expectGcpError(
      gcp.firewalls.insert({
        project: PROJECT,
        firewallResource: { ...resource, name: 'bad', allowed: [{ IPProtocol: 'tcpx' }] },
      }),
    );
    assert.equal(badProto.status, 400);
    assert.equal(badProto.reason, 'invalid');
    assert.match(badProto.message, /IPProtocol/);
    const badRange = await expectGcpError(
      gcp.firewalls.insert({
        project: PROJECT,
        firewallResource: { ...resource, name: 'bad2', sourceRanges: ['10.0.0.0/33'] },
      }),
    );
    assert.equal(badRange.status, 400);
    assert.match(badRange.message, /sourceRanges/);
  });

  it('answers bad requests with GCE error reasons and statuses', async () => {
    const missingNet = await expectGcpError(
      gcp.networks.get({ project: PROJECT, network: 'nope' }),
    );
    assert.deepEqual([missingNet.status, missingNet.reason], [404, 'notFound']);
    assert.equal(
      missingNet.message,
      `The resource 'projects/${PROJECT}/global/networks/nope' was not found`,
    );
    const missingProject = await expectGcpError(
      gcp.networks.list({ project: 'no-such-project' }, { autoPaginate: false }),
    );
    assert.equal(missingProject.status, 404);

    const badName = await expectGcpError(
      addPeering(PROJECT, SVC, 'Bad_Name', `global/networks/${APP}`),
    );
    assert.deepEqual([badName.status, badName.reason], [400, 'invalid']);
    const badPeer = await expectGcpError(addPeering(PROJECT, SVC, 'svc-to-x', 'not a url'));
    assert.equal(badPeer.status, 400);
    const unknownPeer = await expectGcpError(
      addPeering(PROJECT, SVC, 'svc-to-x', `projects/${PROJECT}/global/networks/ghost`),
    );
    assert.equal(unknownPeer.status, 404);
    const dupName = await expectGcpError(
      addPeering(PROJECT, APP, GCP.peerings.activePair, `global/networks/${SVC}`),
    );
    assert.equal(dupName.status, 400);
    assert.match(dupName.message, /already a peering named/);
    const dupPeer = await expectGcpError(
      addPeering(
        PROJECT,
        APP,
        'second-to-peer',
        `projects/${PEER_PROJECT}/global/networks/${PEER}`,
      ),
    );
    assert.equal(dupPeer.status, 400);
    assert.match(dupPeer.message, /already a peering app-to-peer with the same network/);
    const noExchange = await expectGcpError(
      gcp.networks.addPeering({
        project: PROJECT,
        network: SVC,
        networksAddPeeringRequestResource: {
          networkPeering: { name: 'x', network: `global/networks/${APP}` },
        },
      }),
    );
    assert.equal(noExchange.status, 400);
    assert.match(noExchange.message, /exchangeSubnetRoutes/);
    const removeMissing = await expectGcpError(
      gcp.networks.removePeering({
        project: PROJECT,
        network: APP,
        networksRemovePeeringRequestResource: { name: 'ghost' },
      }),
    );
    assert.equal(removeMissing.status, 404);
    const opMissing = await expectGcpError(
      gcp.operations.get({ project: PROJECT, operation: 'operation-none' }),
    );
    assert.equal(opMissing.status, 404);
  });

  it('globalOperations.wait returns once the sandbox clock passes the operation, or at its deadline', async () => {
    const slow = await startSandbox({ world: 'demo', operationDelayMs: 60 * 60 * 1000 });
    const clients = gcpClients(slow.endpoints.gcp);
    try {
      const [lro] = await clients.networks.addPeering({
        project: PROJECT,
        network: SVC,
        networksAddPeeringRequestResource: {
          networkPeering: {
            name: 'svc-to-app',
            network: `global/networks/${APP}`,
            exchangeSubnetRoutes: true,
          },
        },
      });
      const op = lro.latestResponse as Operation & { id?: string };
      // The SDK's LRO wrapper carries the operation id as `name`; GCE accepts ids in place of names.
      assert.equal(lro.name, op.id);
      let started = Date.now();
      const [still] = await clients.operations.wait({
        project: PROJECT,
        operation: String(lro.name),
      });
      assert.notEqual(still.status, 'DONE');
      assert.ok(Date.now() - started >= 1500, 'wait held the request until its deadline');

      started = Date.now();
      const waiting = clients.operations.wait({ project: PROJECT, operation: String(op.name) });
      setTimeout(() => slow.admin.advanceClock(60 * 60 * 1000), 100);
      const [done] = await waiting;
      assert.equal(done.status, 'DONE');
      assert.ok(
        Date.now() - started < 1500,
        'wait ended when the clock moved, before its deadline',
      );
    } finally {
      await Promise.all(Object.values(clients).map((c) => c.close()));
      await slow.stop();
    }
  });

  it('throttles with GCE rateLimitExceeded (403) and fails with 503 backendError, no retries', async () => {
    sandbox.admin.setFaults([{ cloud: 'gcp', throttleRate: 1 }]);
    sandbox.admin.resetCounters();
    const throttled = await expectGcpError(
      gcp.networks.get({ project: PROJECT, network: APP }, { maxRetries: 0 }),
    );
    assert.deepEqual([throttled.status, throttled.reason], [403, 'rateLimitExceeded']);
    assert.equal(sandbox.admin.counters()['gcp.networks.get'], 1);
    sandbox.admin.setFaults([{ cloud: 'gcp', errorRate: 1 }]);
    const failed = await expectGcpError(
      gcp.networks.get({ project: PROJECT, network: APP }, { maxRetries: 0 }),
    );
    assert.deepEqual([failed.status, failed.reason], [503, 'backendError']);
    sandbox.admin.setFaults([]);
  });

  it('lists subnetworks with their ranges (per region and aggregated)', async () => {
    const [regional] = await gcp.subnetworks.list({ project: PROJECT, region: 'us-central1' });
    assert.deepEqual(regional.map((s) => [s.name, s.ipCidrRange]).sort(), [
      ['app-us', '10.100.0.0/20'],
      ['legacy-us', '10.100.0.0/22'],
      ['svc-us', '10.101.0.0/20'],
    ]);
    const seen: string[] = [];
    for await (const [scope, list] of gcp.subnetworks.aggregatedListAsync(
      { project: PEER_PROJECT },
      { autoPaginate: false },
    )) {
      for (const s of list.subnetworks ?? []) seen.push(`${scope}:${s.ipCidrRange}`);
    }
    assert.deepEqual(seen, ['regions/us-central1:10.102.0.0/20']);
  });
});
