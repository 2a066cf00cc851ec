import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { AIVEN, UPCLOUD } from '../../../src/sandbox/worlds/demoTopology';
import { jsonApi, keys, useDemoSandbox, type Json, type JsonAnswer } from './restHarness';
import { publishedFixture } from '../../support/fixtures';

/**
 * UpCloud 1.3 in the sandbox, driven with Node's fetch: UpCloud has no official
 * Node SDK, so plain HTTP is the real client here, as it is in the extension.
 */

const FIXTURES = publishedFixture('upcloud');
const DELAY = 1000;

/** The JSON response bodies of a go-vcr cassette (`body: |` blocks). */
function cassetteBodies(file: string): Json[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const bodies: Json[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)body: \|\s*$/.exec(lines[i]);
    if (!m) continue;
    const indent = m[1].length;
    const chunk: string[] = [];
    while (i + 1 < lines.length && (lines[i + 1].trim() === '' || indentOf(lines[i + 1]) > indent))
      chunk.push(lines[++i]);
    bodies.push(JSON.parse(chunk.join('\n')) as Json);
  }
  return bodies;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** Every network object in the recorded cassettes. */
function cassetteNetworks(): Json[] {
  const out: Json[] = [];
  for (const f of readdirSync(path.join(FIXTURES, 'cassettes'))) {
    for (const body of cassetteBodies(path.join(FIXTURES, 'cassettes', f))) {
      if (body.network) out.push(body.network);
      if (body.networks) out.push(...body.networks.network);
    }
  }
  return out;
}

describe('sandbox/upcloud (1.3 over fetch)', function () {
  let sb: RunningSandbox;
  const bearer = { authorization: `Bearer ${UPCLOUD.token}` };
  const basic = {
    authorization: `Basic ${Buffer.from(`${UPCLOUD.username}:${UPCLOUD.password}`).toString('base64')}`,
  };

  useDemoSandbox(DELAY, (started) => (sb = started));

  const up = jsonApi(() => sb.endpoints.upcloud, bearer, { accept: 'application/json' });

  function assertError(answer: JsonAnswer, status: number, code: string, mention?: RegExp): void {
    assert.equal(answer.status, status, JSON.stringify(answer.body));
    assert.deepEqual(keys(answer.body), ['error']);
    assert.deepEqual(keys(answer.body.error), ['error_code', 'error_message']);
    assert.equal(answer.body.error.error_code, code);
    if (mention) assert.match(answer.body.error.error_message, mention);
  }

  async function peeringState(uuid: string): Promise<string> {
    const r = await up('GET', `/1.3/network-peering/${uuid}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.network_peering.state as string;
  }

  async function newRouter(name: string): Promise<string> {
    const r = await up('POST', '/1.3/router', { router: { name } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.router.uuid as string;
  }

  async function newNetwork(name: string, cidr: string, router?: string, zone = 'de-fra1') {
    const r = await up('POST', '/1.3/network', {
      network: {
        name,
        zone,
        router,
        ip_networks: { ip_network: [{ address: cidr, family: 'IPv4', dhcp: 'yes' }] },
      },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.network.uuid as string;
  }

  async function peer(network: string, peerNetwork: string, name = `${network} to ${peerNetwork}`) {
    return up('POST', '/1.3/network-peering', {
      network_peering: {
        configured_status: 'active',
        name,
        network: { uuid: network },
        peer_network: { uuid: peerNetwork },
      },
    });
  }

  describe('auth', () => {
    it('accepts HTTP Basic and bearer tokens', async () => {
      assert.equal((await up('GET', '/1.3/network', undefined, basic)).status, 200);
      assert.equal((await up('GET', '/1.3/network', undefined, bearer)).status, 200);
    });

    it('answers 401 AUTHENTICATION_FAILED without or with wrong credentials', async () => {
      assertError(await up('GET', '/1.3/network', undefined, {}), 401, 'AUTHENTICATION_FAILED');
      const wrong = {
        authorization: `Basic ${Buffer.from(`${UPCLOUD.username}:nope`).toString('base64')}`,
      };
      assertError(
        await up('GET', '/1.3/network-peering', undefined, wrong),
        401,
        'AUTHENTICATION_FAILED',
      );
      assertError(
        await up('GET', '/1.3/network', undefined, { authorization: 'Bearer ucat_wrong' }),
        401,
        'AUTHENTICATION_FAILED',
      );
    });
  });

  describe('networks and routers', () => {
    it('lists networks in the cassettes’ shape, filtered by ?zone=', async () => {
      const recorded = cassetteNetworks();
      assert.ok(recorded.length > 5, 'the cassettes hold network objects');
      const recordedKeys = new Set(recorded.flatMap((n) => Object.keys(n)));
      const recordedIpKeys = new Set(
        recorded.flatMap((n) => n.ip_networks.ip_network.flatMap((ip: Json) => Object.keys(ip))),
      );
      const r = await up('GET', '/1.3/network');
      assert.equal(r.status, 200);
      assert.deepEqual(keys(r.body), ['networks']);
      const list: Json[] = r.body.networks.network;
      assert.ok(list.length >= 5);
      for (const n of list) {
        for (const k of Object.keys(n))
          assert.ok(recordedKeys.has(k), `network key ${k} is recorded`);
        for (const k of ['ip_networks', 'name', 'type', 'uuid', 'zone']) assert.ok(k in n, k);
        for (const ip of n.ip_networks.ip_network)
          for (const k of Object.keys(ip)) assert.ok(recordedIpKeys.has(k), `ip_network key ${k}`);
      }
      assert.deepEqual(new Set(list.map((n) => n.type)), new Set(['private', 'public', 'utility']));
      const app = list.find((n) => n.uuid === UPCLOUD.networks.app.uuid);
      assert.equal(app?.router, UPCLOUD.networks.app.router);
      const norouter = list.find((n) => n.uuid === UPCLOUD.networks.norouter.uuid);
      assert.ok(norouter && !('router' in norouter), 'no router key when none is attached');
      // Other accounts' networks (Aiven's, the partner's) are not listed.
      assert.ok(!list.some((n) => n.uuid === AIVEN.vpc.upcloudNetworkUuid));
      assert.ok(!list.some((n) => n.uuid === UPCLOUD.networks.partner.uuid));

      const fra = await up('GET', '/1.3/network/?zone=de-fra1');
      assert.equal(fra.body.networks.network.length, list.length);
      const hel = await up('GET', '/1.3/network?zone=fi-hel1');
      assert.deepEqual(hel.body, { networks: { network: [] } });
      assertError(await up('GET', '/1.3/network?zone=xx-nope9'), 404, 'ZONE_NOT_FOUND');
    });

    it('gets one network, and not another account’s', async () => {
      const r = await up('GET', `/1.3/network/${UPCLOUD.networks.staging.uuid}`);
      assert.equal(r.status, 200);
      assert.equal(r.body.network.name, UPCLOUD.networks.staging.name);
      assert.equal(r.body.network.ip_networks.ip_network[0].address, UPCLOUD.networks.staging.cidr);
      assertError(
        await up('GET', `/1.3/network/${AIVEN.vpc.upcloudNetworkUuid}`),
        404,
        'NETWORK_NOT_FOUND',
      );
    });

    it('creates, modifies (router attach/detach) and deletes networks and routers', async () => {
      const router = await newRouter('r1');
      const created = await up('POST', '/1.3/network', {
        network: {
          name: 'test net',
          zone: 'fi-hel2',
          ip_networks: {
            ip_network: [
              { address: '172.17.0.1/22', family: 'IPv4', dhcp: 'yes', gateway: '172.17.0.1' },
            ],
          },
          labels: [{ key: 'env', value: 'test' }],
        },
      });
      assert.equal(created.status, 201);
      const uuid = created.body.network.uuid as string;
      assert.match(uuid, /^03[0-9a-f]{6}-/);
      assert.equal(created.body.network.type, 'private');
      assert.equal(created.body.network.ip_networks.ip_network[0].address, '172.17.0.1/22');

      const attached = await up('PUT', `/1.3/network/${uuid}`, { network: { router } });
      assert.equal(attached.body.network.router, router);
      const rget = await up('GET', `/1.3/router/${router}`);
      assert.deepEqual(rget.body.router.attached_networks.network, [{ uuid }]);
      assertError(await up('DELETE', `/1.3/router/${router}`), 409, 'ROUTER_ATTACHED');

      const detached = await up('PUT', `/1.3/network/${uuid}`, { network: { router: null } });
      assert.equal(detached.status, 200);
      assert.ok(!('router' in detached.body.network));
      assert.equal((await up('DELETE', `/1.3/router/${router}`)).status, 204);
      assertError(await up('GET', `/1.3/router/${router}`), 404, 'ROUTER_NOT_FOUND');

      assert.equal((await up('DELETE', `/1.3/network/${uuid}`)).status, 204);
      assertError(await up('GET', `/1.3/network/${uuid}`), 404, 'NETWORK_NOT_FOUND');

      const routers = await up('GET', '/1.3/router');
      assert.deepEqual(
        routers.body.routers.router.map((r: Json) => r.uuid).sort(),
        [UPCLOUD.networks.app.router, UPCLOUD.networks.staging.router].sort(),
      );
    });

    it('validates network bodies and names the field', async () => {
      assertError(
        await up('POST', '/1.3/network', { network: { zone: 'de-fra1' } }),
        400,
        'NETWORK_NAME_MISSING',
        /network\.name/,
      );
      assertError(
        await up('POST', '/1.3/network', {
          network: { name: 'x', zone: 'mars-1', ip_networks: { ip_network: [] } },
        }),
        400,
        'ZONE_INVALID',
        /network\.zone/,
      );
      assertError(
        await up('POST', '/1.3/network', {
          network: {
            name: 'x',
            zone: 'de-fra1',
            ip_networks: { ip_network: [{ address: '8.8.8.0/24' }] },
          },
        }),
        400,
        'ADDRESS_INVALID',
        /private/,
      );
      assertError(
        await up('POST', '/1.3/network', {
          network: {
            name: 'x',
            zone: 'de-fra1',
            router: '04000000-0000-4000-8000-000000000999',
            ip_networks: { ip_network: [{ address: '10.9.0.0/24' }] },
          },
        }),
        404,
        'ROUTER_NOT_FOUND',
      );
      assertError(
        await up('PUT', `/1.3/network/03000000-0000-4000-8089-000000000000`, {
          network: { name: 'x' },
        }),
        403,
        'NETWORK_FORBIDDEN',
      );
    });
  });

  describe('network peerings', () => {
    it('lists the demo peerings in the SDK examples’ shape, each in its state', async () => {
      const examples = JSON.parse(
        readFileSync(path.join(FIXTURES, 'network-peering.examples.json'), 'utf8'),
      ) as Json;
      const example = examples.list_example_with_labels.network_peerings.network_peering[0];
      const r = await up('GET', '/1.3/network-peering');
      assert.equal(r.status, 200);
      assert.deepEqual(keys(r.body), ['network_peerings']);
      const list: Json[] = r.body.network_peerings.network_peering;
      for (const p of list) {
        assert.deepEqual(keys(p), keys(example));
        assert.deepEqual(keys(p.network), keys(example.network));
        assert.deepEqual(
          keys(p.network.ip_networks.ip_network[0]),
          keys(example.network.ip_networks.ip_network[0]),
        );
        assert.ok(examples.enums.state.includes(p.state), p.state);
      }
      const byId = new Map(list.map((p) => [p.uuid, p]));
      const active = byId.get(UPCLOUD.peerings.appToAiven);
      assert.equal(active?.state, 'active');
      // Both sides exist: the peer's ranges show, as in the SDK's active example.
      assert.deepEqual(keys(active.peer_network), keys(example.peer_network));
      assert.equal(active.peer_network.ip_networks.ip_network[0].address, AIVEN.vpc.cidr);
      assert.equal(byId.get(UPCLOUD.peerings.stagingToPartner)?.state, 'pending-peer');
      assert.deepEqual(byId.get(UPCLOUD.peerings.stagingToPartner)?.peer_network, {
        uuid: UPCLOUD.networks.partner.uuid,
      });
      assert.equal(byId.get(UPCLOUD.peerings.noRouterToStaging)?.state, 'missing-local-router');

      const labelled = await up('GET', '/1.3/network-peering?label=managedBy%3Dcloud-peering-demo');
      assert.deepEqual(
        labelled.body.network_peerings.network_peering.map((p: Json) => p.uuid),
        [UPCLOUD.peerings.appToAiven],
      );
      const none = await up('GET', '/1.3/network-peering?label=managedBy%3Dsomeone-else');
      assert.equal(none.body.network_peerings.network_peering.length, 0);
    });

    it('creates a one-way peering as pending-peer (the Aiven docs’ answer), active once the way back exists', async () => {
      const a = await newNetwork('a', '10.1.0.0/24', await newRouter('ra'));
      const b = await newNetwork('b', '10.2.0.0/24', await newRouter('rb'));
      const ab = await peer(a, b, 'a->b');
      assert.equal(ab.status, 201);
      const created = ab.body.network_peering;
      assert.deepEqual(keys(created), [
        'configured_status',
        'labels',
        'name',
        'network',
        'peer_network',
        'state',
        'uuid',
      ]);
      assert.equal(created.state, 'pending-peer');
      assert.equal(created.configured_status, 'active');
      assert.deepEqual(created.network.ip_networks.ip_network, [
        { address: '10.1.0.0/24', family: 'IPv4' },
      ]);
      assert.deepEqual(created.peer_network, { uuid: b });

      const ba = await peer(b, a, 'b->a');
      assert.equal(ba.status, 201);
      assert.equal(ba.body.network_peering.state, 'active');
      assert.equal(await peeringState(created.uuid), 'active');
      const again = await up('GET', `/1.3/network-peering/${created.uuid}`);
      assert.equal(
        again.body.network_peering.peer_network.ip_networks.ip_network[0].address,
        '10.2.0.0/24',
      );
    });

    it('defaults configured_status to active and keeps labels', async () => {
      const r = await up('POST', '/1.3/network-peering', {
        network_peering: {
          name: 'labelled',
          network: { uuid: UPCLOUD.networks.staging.uuid },
          peer_network: { uuid: UPCLOUD.networks.app.uuid },
          labels: [{ key: 'team', value: 'net' }],
        },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.network_peering.configured_status, 'active');
      assert.deepEqual(r.body.network_peering.labels, [{ key: 'team', value: 'net' }]);
    });

    it('modifies name and configured_status; a disabled side makes the other peer-disabled', async () => {
      const a = await newNetwork('a', '10.1.0.0/24', await newRouter('ra'));
      const b = await newNetwork('b', '10.2.0.0/24', await newRouter('rb'));
      const ab = (await peer(a, b)).body.network_peering.uuid as string;
      const ba = (await peer(b, a)).body.network_peering.uuid as string;
      assert.equal(await peeringState(ab), 'active');

      const patched = await up('PATCH', `/1.3/network-peering/${ba}`, {
        network_peering: { configured_status: 'disabled', name: 'b->a (off)' },
      });
      assert.equal(patched.status, 200);
      assert.equal(patched.body.network_peering.name, 'b->a (off)');
      assert.equal(patched.body.network_peering.configured_status, 'disabled');
      assert.equal(patched.body.network_peering.state, 'provisioning');
      sb.admin.advanceClock(DELAY);
      assert.equal(await peeringState(ba), 'disabled');
      assert.equal(await peeringState(ab), 'peer-disabled');

      await up('PATCH', `/1.3/network-peering/${ba}`, {
        network_peering: { configured_status: 'active' },
      });
      sb.admin.advanceClock(DELAY);
      assert.equal(await peeringState(ab), 'active');
      assert.equal(await peeringState(ba), 'active');

      assertError(
        await up('PATCH', `/1.3/network-peering/${ba}`, {
          network_peering: { configured_status: 'off' },
        }),
        400,
        'CONFIGURED_STATUS_INVALID',
        /configured_status/,
      );
      assertError(
        await up('PATCH', `/1.3/network-peering/${ba}`, {
          network_peering: { network: { uuid: a } },
        }),
        400,
        'UNKNOWN_ATTRIBUTE',
        /network_peering\.network/,
      );
    });

    it('deletes a peering only once it is disabled (PEERING_NOT_DISABLED otherwise)', async () => {
      const id = UPCLOUD.peerings.appToAiven;
      assertError(
        await up('DELETE', `/1.3/network-peering/${id}`),
        409,
        'PEERING_NOT_DISABLED',
        /active/,
      );
      await up('PATCH', `/1.3/network-peering/${id}`, {
        network_peering: { configured_status: 'disabled' },
      });
      // Still provisioning the change: not yet deletable.
      assertError(
        await up('DELETE', `/1.3/network-peering/${id}`),
        409,
        'PEERING_NOT_DISABLED',
        /provisioning/,
      );
      sb.admin.advanceClock(DELAY);
      assert.equal(await peeringState(id), 'disabled');
      const del = await up('DELETE', `/1.3/network-peering/${id}`);
      assert.equal(del.status, 204);
      assertError(await up('GET', `/1.3/network-peering/${id}`), 404, 'PEERING_NOT_FOUND');
      assertError(await up('DELETE', `/1.3/network-peering/${id}`), 404, 'PEERING_NOT_FOUND');
    });

    it('shows missing-local-router and missing-peer-router when a router goes away', async () => {
      const ra = await newRouter('ra');
      const rb = await newRouter('rb');
      const a = await newNetwork('a', '10.1.0.0/24', ra);
      const b = await newNetwork('b', '10.2.0.0/24', rb);
      const ab = (await peer(a, b)).body.network_peering.uuid as string;
      const ba = (await peer(b, a)).body.network_peering.uuid as string;
      await up('PUT', `/1.3/network/${b}`, { network: { router: null } });
      assert.equal(await peeringState(ab), 'missing-peer-router');
      assert.equal(await peeringState(ba), 'missing-local-router');
      await up('PUT', `/1.3/network/${b}`, { network: { router: rb } });
      assert.equal(await peeringState(ab), 'active');
    });

    it("answers the error table of UpCloud's create network peering with its statuses and codes", async () => {
      // https://developers.upcloud.com/1.3/13-networks/#create-network-peering, "Error responses".
      const { app, staging, norouter, partner } = UPCLOUD.networks;
      const nobody = '03aa6e0b-0000-4000-8000-0000000000ff';
      assertError(await peer(norouter.uuid, app.uuid), 409, 'LOCAL_NETWORK_NO_ROUTER');
      // Another account's network is not found as the local one; any account's may be the peer.
      assertError(await peer(partner.uuid, app.uuid), 404, 'NETWORK_NOT_FOUND');
      assertError(await peer(nobody, app.uuid), 404, 'NETWORK_NOT_FOUND');
      assertError(await peer(app.uuid, nobody), 404, 'PEER_NETWORK_NOT_FOUND');
      assertError(await peer(app.uuid, AIVEN.vpc.upcloudNetworkUuid), 409, 'PEERING_CONFLICT');
      // Not in the table: the sandbox's answer to a public or utility network (seed rule "private only").
      assertError(
        await peer(staging.uuid, '03000000-0000-4000-8089-000000000000'),
        409,
        'NETWORK_TYPE_ILLEGAL',
        /public network/,
      );
      // A shared network reads with its type, which is what the network checks look at.
      const shared = await up('GET', '/1.3/network/03000000-0000-4000-8090-000000000000');
      assert.equal(shared.status, 200);
      assert.equal(shared.body.network.type, 'utility');
      assert.equal(shared.body.network.router, undefined);
    });

    it('refuses a peering from a network without a router (409 LOCAL_NETWORK_NO_ROUTER)', async () => {
      assertError(
        await peer(UPCLOUD.networks.norouter.uuid, UPCLOUD.networks.app.uuid),
        409,
        'LOCAL_NETWORK_NO_ROUTER',
        /network_peering\.network/,
      );
    });

    it('refuses overlapping networks and shows conflict-subnet when ranges change to overlap', async () => {
      const a = await newNetwork('a', '10.1.0.0/24', await newRouter('ra'));
      const b = await newNetwork('b', '10.1.0.128/25', await newRouter('rb'));
      assertError(await peer(a, b), 409, 'CONFLICT_SUBNET', /overlaps/);

      const c = await newNetwork('c', '10.3.0.0/24', await newRouter('rc'));
      const ac = (await peer(a, c)).body.network_peering.uuid as string;
      await peer(c, a);
      assert.equal(await peeringState(ac), 'active');
      await up('PUT', `/1.3/network/${c}`, {
        network: { ip_networks: { ip_network: [{ address: '10.1.0.0/23', family: 'IPv4' }] } },
      });
      assert.equal(await peeringState(ac), 'conflict-subnet');
    });

    it('shows deleted-peer-network when the peer network is deleted', async () => {
      const a = await newNetwork('a', '10.1.0.0/24', await newRouter('ra'));
      const b = await newNetwork('b', '10.2.0.0/24', await newRouter('rb'));
      const ab = (await peer(a, b)).body.network_peering.uuid as string;
      const ba = (await peer(b, a)).body.network_peering.uuid as string;
      assert.equal((await up('DELETE', `/1.3/network/${b}`)).status, 204);
      assert.equal(await peeringState(ab), 'deleted-peer-network');
      // The deleted network's own peering went with it.
      assertError(await up('GET', `/1.3/network-peering/${ba}`), 404, 'PEERING_NOT_FOUND');
    });

    it('answers the Aiven docs’ error codes and validation errors naming the field', async () => {
      const app = UPCLOUD.networks.app.uuid;
      const unknown = '03ffffff-0000-4000-8000-00000000ffff';
      assertError(await peer(unknown, app), 404, 'NETWORK_NOT_FOUND', /network_peering\.network/);
      assertError(
        await peer(UPCLOUD.networks.partner.uuid, app),
        404,
        'NETWORK_NOT_FOUND',
        /your account/,
      );
      assertError(await peer(app, unknown), 404, 'PEER_NETWORK_NOT_FOUND', /peer_network/);
      assertError(
        await peer(app, AIVEN.vpc.upcloudNetworkUuid),
        409,
        'PEERING_CONFLICT',
        new RegExp(UPCLOUD.peerings.appToAiven),
      );
      assertError(await peer(app, app), 400, 'PEER_NETWORK_INVALID');
      assertError(await peer(app, 'not-a-uuid'), 400, 'PEER_NETWORK_INVALID', /peer_network\.uuid/);
      assertError(
        await up('POST', '/1.3/network-peering', {
          network_peering: { name: 'x', peer_network: { uuid: app } },
        }),
        400,
        'NETWORK_MISSING',
        /network_peering\.network/,
      );
      assertError(
        await up('POST', '/1.3/network-peering', {
          network_peering: {
            network: { uuid: UPCLOUD.networks.staging.uuid },
            peer_network: { uuid: app },
          },
        }),
        400,
        'NAME_MISSING',
        /network_peering\.name/,
      );
      assertError(
        await peer(UPCLOUD.networks.staging.uuid, app, 'n'.repeat(256)),
        400,
        'NAME_INVALID',
        /1-255/,
      );
      assertError(
        await up('POST', '/1.3/network-peering', {
          network_peering: {
            name: 'x',
            configured_status: 'up',
            network: { uuid: UPCLOUD.networks.staging.uuid },
            peer_network: { uuid: app },
          },
        }),
        400,
        'CONFIGURED_STATUS_INVALID',
        /configured_status/,
      );
      assertError(
        await peer(UPCLOUD.networks.staging.uuid, '03000000-0000-4000-8089-000000000000'),
        409,
        'NETWORK_TYPE_ILLEGAL',
        /public network/,
      );
      const far = await newNetwork('far', '10.77.0.0/24', await newRouter('rf'), 'fi-hel1');
      assertError(await peer(far, app), 409, 'ZONE_MISMATCH', /same zone/);
      assertError(
        await up('POST', '/1.3/network-peering', '{"network_peering": {'),
        400,
        'INVALID_REQUEST',
        /not valid JSON/,
      );
      assertError(
        await up('POST', '/1.3/network-peering', { peering: {} }),
        400,
        'INVALID_REQUEST',
      );
      assertError(
        await up('POST', '/1.3/network-peering', {
          network_peering: { name: 'x', colour: 'blue' },
        }),
        400,
        'UNKNOWN_ATTRIBUTE',
        /network_peering\.colour/,
      );
      assertError(await up('PUT', '/1.3/network-peering'), 405, 'METHOD_NOT_ALLOWED');
      assertError(await up('GET', '/1.3/nothing-here'), 404, 'NOT_FOUND');
    });
  });

  describe('faults', () => {
    it('throttles in UpCloud’s form (429 with the error JSON and Retry-After) and fails with 500', async () => {
      sb.admin.setFaults([
        {
          cloud: 'upcloud',
          operation: 'networkPeering.list',
          throttleRate: 1,
          retryAfterSeconds: 3,
        },
      ]);
      const throttled = await up('GET', '/1.3/network-peering');
      assertError(throttled, 429, 'TOO_MANY_REQUESTS');
      assert.equal(throttled.headers.get('retry-after'), '3');
      // Other operations are not affected by that rule.
      assert.equal((await up('GET', '/1.3/network')).status, 200);

      sb.admin.setFaults([{ cloud: 'upcloud', errorRate: 1 }]);
      assertError(await up('GET', '/1.3/network'), 500, 'INTERNAL_SERVER_ERROR');
    });

    it('counts calls per operation', async () => {
      sb.admin.resetCounters();
      await up('GET', '/1.3/network-peering');
      await up('GET', `/1.3/network-peering/${UPCLOUD.peerings.appToAiven}`);
      await up('GET', '/1.3/network');
      const counters = sb.admin.counters();
      assert.equal(counters['upcloud.networkPeering.list'], 1);
      assert.equal(counters['upcloud.networkPeering.get'], 1);
      assert.equal(counters['upcloud.network.list'], 1);
    });
  });

  describe('empty world', () => {
    it('still authenticates the sandbox account and lists nothing', async () => {
      sb.admin.reset('empty');
      const r = await up('GET', '/1.3/network-peering');
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, { network_peerings: { network_peering: [] } });
      assert.deepEqual((await up('GET', '/1.3/network')).body, { networks: { network: [] } });
    });
  });
});
