import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { AIVEN, UPCLOUD } from '../../../src/sandbox/worlds/demoTopology';
import { jsonApi, keys, useDemoSandbox, type Json, type JsonAnswer } from './restHarness';
import { publishedFixture } from '../../support/fixtures';

/**
 * Aiven v1 in the sandbox over Node's fetch (Aiven has no official Node SDK),
 * including the real link to UpCloud: an Aiven peering to an UpCloud network
 * is ACTIVE only once the UpCloud side exists.
 */

const DESCRIPTION = publishedFixture('aiven', 'vpc-api.description.json');
const DELAY = 1000;

describe('sandbox/aiven (v1 over fetch)', function () {
  let sb: RunningSandbox;
  const description = JSON.parse(readFileSync(DESCRIPTION, 'utf8')) as Json;
  const fields = (type: string) => Object.keys(description.types[type].fields).sort();
  const auth = { authorization: `aivenv1 ${AIVEN.token}` };
  const project = `/v1/project/${AIVEN.project}`;

  useDemoSandbox(DELAY, (started) => (sb = started));

  const aiven = jsonApi(() => sb.endpoints.aiven, auth);
  const upcloud = jsonApi(() => sb.endpoints.upcloud, { authorization: `Bearer ${UPCLOUD.token}` });

  function assertError(answer: JsonAnswer, status: number, mention?: RegExp): void {
    assert.equal(answer.status, status, JSON.stringify(answer.body));
    assert.deepEqual(keys(answer.body), ['errors', 'message']);
    assert.equal(answer.body.errors[0].status, status);
    assert.equal(answer.body.errors[0].message, answer.body.message);
    if (mention) assert.match(answer.body.message, mention);
  }

  async function getVpc(id: string): Promise<Json> {
    const r = await aiven('GET', `${project}/vpcs/${id}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body;
  }

  /** An UpCloud network of the user's, with a router, ready to peer. */
  async function userNetwork(cidr: string, zone = 'de-fra1'): Promise<string> {
    const router = await upcloud('POST', '/1.3/router', { router: { name: 'r' } });
    const net = await upcloud('POST', '/1.3/network', {
      network: {
        name: `net ${cidr}`,
        zone,
        router: router.body.router.uuid,
        ip_networks: { ip_network: [{ address: cidr, family: 'IPv4', dhcp: 'yes' }] },
      },
    });
    assert.equal(net.status, 201, JSON.stringify(net.body));
    return net.body.network.uuid as string;
  }

  async function newVpc(cloud: string, cidr: string): Promise<Json> {
    const r = await aiven('POST', `${project}/vpcs`, {
      cloud_name: cloud,
      network_cidr: cidr,
      peering_connections: [],
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body;
  }

  describe('auth', () => {
    it('takes `aivenv1 <token>` and `Bearer <token>`', async () => {
      assert.equal((await aiven('GET', `${project}/vpcs`)).status, 200);
      const bearer = await aiven('GET', `${project}/vpcs`, undefined, {
        authorization: `Bearer ${AIVEN.token}`,
      });
      assert.equal(bearer.status, 200);
    });

    it('answers 401 without credentials and 403 for a wrong token, in Aiven’s error shape', async () => {
      assertError(await aiven('GET', `${project}/vpcs`, undefined, {}), 401, /aivenv1/);
      assertError(
        await aiven('GET', `${project}/vpcs`, undefined, { authorization: 'aivenv1 nope' }),
        403,
        /Invalid token/,
      );
      assertError(
        await aiven('GET', `${project}/vpcs`, undefined, { authorization: `Basic ${AIVEN.token}` }),
        401,
      );
    });
  });

  describe('project VPCs', () => {
    it('lists and gets the demo VPC in the generated client’s shapes', async () => {
      const list = await aiven('GET', `${project}/vpcs`);
      assert.equal(list.status, 200);
      assert.deepEqual(keys(list.body), fields('vpcListOut'));
      assert.equal(list.body.vpcs.length, 1);
      const summary = list.body.vpcs[0];
      assert.deepEqual(keys(summary), fields('VpcOut'));
      assert.equal(summary.project_vpc_id, AIVEN.vpc.projectVpcId);
      assert.equal(summary.cloud_name, AIVEN.cloud);
      assert.equal(summary.network_cidr, AIVEN.vpc.cidr);
      assert.ok(description.enums.VpcStateType.includes(summary.state));
      assert.equal(summary.state, 'ACTIVE');

      const vpc = await getVpc(AIVEN.vpc.projectVpcId);
      assert.deepEqual(keys(vpc), fields('VpcGetOut'));
      assert.equal(vpc.peering_connections.length, 1);
      const pc = vpc.peering_connections[0];
      assert.deepEqual(keys(pc), fields('PeeringConnectionOut'));
      assert.equal(pc.state, 'ACTIVE');
      assert.equal(pc.peer_cloud_account, 'upcloud');
      assert.equal(pc.peer_vpc, UPCLOUD.networks.app.uuid);
      assert.equal(pc.peer_region, null);
      assert.equal(pc.vpc_peering_connection_type, 'upcloud-vpc-peering');
      assert.equal(pc.state_info['to-network-id'], AIVEN.vpc.upcloudNetworkUuid);
      for (const k of ['message', 'type']) assert.equal(typeof pc.state_info[k], 'string');
      assert.ok(!Number.isNaN(Date.parse(pc.create_time)));
    });

    it('creates a VPC APPROVED, ACTIVE after the operation delay', async () => {
      const vpc = await newVpc('upcloud-fi-hel1', '10.160.0.0/24');
      assert.deepEqual(keys(vpc), fields('VpcCreateOut'));
      assert.equal(vpc.state, 'APPROVED');
      assert.match(vpc.project_vpc_id, /^[0-9a-f-]{36}$/);
      sb.admin.advanceClock(DELAY);
      assert.equal((await getVpc(vpc.project_vpc_id)).state, 'ACTIVE');
      const list = await aiven('GET', `${project}/vpcs`);
      assert.equal(list.body.vpcs.length, 2);
    });

    it('validates VPC bodies and names the field', async () => {
      assertError(
        await aiven('POST', `${project}/vpcs`, { network_cidr: '10.1.0.0/24' }),
        400,
        /cloud_name/,
      );
      assertError(
        await aiven('POST', `${project}/vpcs`, {
          cloud_name: 'upcloud-xx-nope1',
          network_cidr: '10.1.0.0/24',
        }),
        400,
        /cloud_name.*zone xx-nope1/,
      );
      assertError(
        await aiven('POST', `${project}/vpcs`, {
          cloud_name: 'upcloud-de-fra1',
          network_cidr: '10.1.0.1/24',
        }),
        400,
        /network_cidr.*10\.1\.0\.0\/24/,
      );
      assertError(
        await aiven('POST', `${project}/vpcs`, {
          cloud_name: 'upcloud-de-fra1',
          network_cidr: '8.8.0.0/24',
        }),
        400,
        /network_cidr.*private/,
      );
      assertError(
        await aiven('POST', `${project}/vpcs`, {
          cloud_name: 'upcloud-de-fra1',
          network_cidr: '10.1.0.0/28',
        }),
        400,
        /network_cidr.*\/16 to \/24/,
      );
      assertError(
        await aiven('POST', `${project}/vpcs`, {
          cloud_name: AIVEN.cloud,
          network_cidr: '10.170.0.0/24',
        }),
        409,
        /already has a VPC in upcloud-de-fra1/,
      );
      assertError(
        await aiven('POST', `${project}/vpcs`, {
          cloud_name: 'upcloud-fi-hel1',
          network_cidr: '10.170.0.0/24',
          peering_connections: [
            { peer_cloud_account: '123456789012', peer_vpc: UPCLOUD.networks.app.uuid },
          ],
        }),
        400,
        /peering_connections\[0\]\.peer_cloud_account must be "upcloud"/,
      );
      assertError(await aiven('POST', `${project}/vpcs`, '{"cloud_name":'), 400, /Invalid JSON/);
      assertError(await aiven('GET', `/v1/project/other-project/vpcs`), 404, /other-project/);
      assertError(
        await aiven('GET', `${project}/vpcs/00000000-0000-4000-8000-000000000000`),
        404,
        /does not exist/,
      );
    });

    it('backs an upcloud-* VPC with an UpCloud network that UpCloud finds as a peer but does not list', async () => {
      const vpc = await newVpc('upcloud-fi-hel1', '10.161.0.0/24');
      sb.admin.advanceClock(DELAY);
      const user = await userNetwork('192.168.61.0/24', 'fi-hel1');
      const pc = await aiven('POST', `${project}/vpcs/${vpc.project_vpc_id}/peering-connections`, {
        peer_cloud_account: 'upcloud',
        peer_vpc: user,
      });
      sb.admin.advanceClock(DELAY);
      const aivenNet = (await getVpc(vpc.project_vpc_id)).peering_connections[0].state_info[
        'to-network-id'
      ] as string;
      assert.equal(pc.status, 200);
      assert.match(aivenNet, /^[0-9a-f-]{36}$/);
      const listed = await upcloud('GET', '/1.3/network');
      assert.ok(!listed.body.networks.network.some((n: Json) => n.uuid === aivenNet));
      const peered = await upcloud('POST', '/1.3/network-peering', {
        network_peering: {
          name: 'to aiven',
          network: { uuid: user },
          peer_network: { uuid: aivenNet },
        },
      });
      assert.equal(peered.status, 201, JSON.stringify(peered.body));
    });

    it('deletes a VPC only without peering connections; its UpCloud peers see deleted-peer-network', async () => {
      const id = AIVEN.vpc.projectVpcId;
      assertError(await aiven('DELETE', `${project}/vpcs/${id}`), 409, /peering connection/);
      const del = await aiven(
        'DELETE',
        `${project}/vpcs/${id}/peering-connections/peer-accounts/upcloud/peer-vpcs/${UPCLOUD.networks.app.uuid}`,
      );
      assert.equal(del.status, 200);
      const gone = await aiven('DELETE', `${project}/vpcs/${id}`);
      assert.equal(gone.status, 200);
      assert.deepEqual(keys(gone.body), fields('VpcDeleteOut'));
      assert.equal(gone.body.state, 'DELETING');
      const peering = await upcloud('GET', `/1.3/network-peering/${UPCLOUD.peerings.appToAiven}`);
      assert.equal(peering.body.network_peering.state, 'deleted-peer-network');
      sb.admin.advanceClock(DELAY);
      assertError(await aiven('GET', `${project}/vpcs/${id}`), 404);
      assert.equal((await aiven('GET', `${project}/vpcs`)).body.vpcs.length, 0);
    });
  });

  describe('peering connections to UpCloud (the cross-provider link)', () => {
    it('stays PENDING_PEER until the UpCloud side exists, then both sides are active', async () => {
      const user = await userNetwork('192.168.50.0/24');
      const vpcId = AIVEN.vpc.projectVpcId;
      const created = await aiven('POST', `${project}/vpcs/${vpcId}/peering-connections`, {
        peer_cloud_account: 'upcloud',
        peer_vpc: user,
        user_peer_network_cidrs: ['192.168.50.0/24'],
      });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      assert.deepEqual(keys(created.body), fields('VpcPeeringConnectionCreateOut'));
      assert.equal(created.body.state, 'APPROVED');
      assert.equal(created.body.peering_connection_id, null);
      assert.deepEqual(created.body.user_peer_network_cidrs, ['192.168.50.0/24']);

      sb.admin.advanceClock(DELAY);
      const pending = (await getVpc(vpcId)).peering_connections.find(
        (c: Json) => c.peer_vpc === user,
      );
      assert.equal(pending.state, 'PENDING_PEER');
      // https://aiven.io/docs/platform/howto/vpc-peering-upcloud#avn-uuid: at peer_pending the Aiven network ID is available for the UpCloud side.
      assert.equal(pending.state_info['to-network-id'], AIVEN.vpc.upcloudNetworkUuid);
      assert.equal(pending.state_info.type, 'pending-peer');
      assert.match(pending.state_info.message, new RegExp(AIVEN.vpc.upcloudNetworkUuid));
      assert.match(pending.peering_connection_id, /^[0-9a-f-]{36}$/);

      const upSide = await upcloud('POST', '/1.3/network-peering', {
        network_peering: {
          configured_status: 'active',
          name: 'peering upcloud->aiven',
          network: { uuid: user },
          peer_network: { uuid: pending.state_info['to-network-id'] },
        },
      });
      assert.equal(upSide.status, 201, JSON.stringify(upSide.body));
      assert.equal(upSide.body.network_peering.state, 'active');
      const active = (await getVpc(vpcId)).peering_connections.find(
        (c: Json) => c.peer_vpc === user,
      );
      assert.equal(active.state, 'ACTIVE');

      // Disabling the UpCloud side takes Aiven's connection back to PENDING_PEER, with a warning.
      await upcloud('PATCH', `/1.3/network-peering/${upSide.body.network_peering.uuid}`, {
        network_peering: { configured_status: 'disabled' },
      });
      sb.admin.advanceClock(DELAY);
      const disabled = (await getVpc(vpcId)).peering_connections.find(
        (c: Json) => c.peer_vpc === user,
      );
      assert.equal(disabled.state, 'PENDING_PEER');
      assert.equal(disabled.state_info.warnings[0].type, 'upcloud-peering-in-error');
      assert.ok(description.enums.WarningType.includes(disabled.state_info.warnings[0].type));
    });

    it('makes a one-sided UpCloud peering to the Aiven network active once Aiven has built its side', async () => {
      const user = await userNetwork('192.168.51.0/24');
      const upSide = await upcloud('POST', '/1.3/network-peering', {
        network_peering: {
          name: 'first',
          network: { uuid: user },
          peer_network: { uuid: AIVEN.vpc.upcloudNetworkUuid },
        },
      });
      assert.equal(upSide.body.network_peering.state, 'pending-peer');
      const uuid = upSide.body.network_peering.uuid as string;
      await aiven('POST', `${project}/vpcs/${AIVEN.vpc.projectVpcId}/peering-connections`, {
        peer_cloud_account: 'upcloud',
        peer_vpc: user,
      });
      // Aiven is still building its side (APPROVED): UpCloud still waits.
      let state = (await upcloud('GET', `/1.3/network-peering/${uuid}`)).body.network_peering.state;
      assert.equal(state, 'pending-peer');
      sb.admin.advanceClock(DELAY);
      state = (await upcloud('GET', `/1.3/network-peering/${uuid}`)).body.network_peering.state;
      assert.equal(state, 'active');
    });

    it('follows later UpCloud changes: overlap is INVALID_SPECIFICATION, a deleted network DELETED_BY_PEER', async () => {
      const vpcId = AIVEN.vpc.projectVpcId;
      const app = UPCLOUD.networks.app.uuid;
      const state = async () =>
        (await getVpc(vpcId)).peering_connections.find((c: Json) => c.peer_vpc === app);
      await upcloud('PUT', `/1.3/network/${app}`, {
        network: { ip_networks: { ip_network: [{ address: '10.150.0.0/16', family: 'IPv4' }] } },
      });
      const overlapping = await state();
      assert.equal(overlapping.state, 'INVALID_SPECIFICATION');
      assert.equal(overlapping.state_info.warnings[0].type, 'overlapping-peer-vpc-ip-ranges');
      assert.equal((await upcloud('DELETE', `/1.3/network/${app}`)).status, 204);
      const deleted = await state();
      assert.equal(deleted.state, 'DELETED_BY_PEER');
      assert.ok(description.enums.VpcPeeringConnectionStateType.includes(deleted.state));
    });

    it('deletes a connection (DELETING, then gone) and the UpCloud side goes back to pending-peer', async () => {
      const vpcId = AIVEN.vpc.projectVpcId;
      const app = UPCLOUD.networks.app.uuid;
      const base = `${project}/vpcs/${vpcId}/peering-connections/peer-accounts/upcloud`;
      assertError(
        await aiven('DELETE', `${base}/peer-vpcs/${app}/peer-regions/eu-west-1`),
        404,
        /eu-west-1/,
      );
      const del = await aiven('DELETE', `${base}/peer-vpcs/${app}`);
      assert.equal(del.status, 200);
      assert.deepEqual(keys(del.body), fields('VpcPeeringConnectionDeleteOut'));
      assert.equal(del.body.state, 'DELETING');
      assert.equal((await getVpc(vpcId)).peering_connections[0].state, 'DELETING');
      const upState = await upcloud('GET', `/1.3/network-peering/${UPCLOUD.peerings.appToAiven}`);
      assert.equal(upState.body.network_peering.state, 'pending-peer');
      sb.admin.advanceClock(DELAY);
      assert.equal((await getVpc(vpcId)).peering_connections.length, 0);
      assertError(await aiven('DELETE', `${base}/peer-vpcs/${app}`), 404);
    });

    it('reports INVALID_SPECIFICATION for a peer network that is missing, elsewhere or overlapping', async () => {
      const vpcId = AIVEN.vpc.projectVpcId;
      const far = await userNetwork('192.168.52.0/24', 'fi-hel1');
      const overlapping = await userNetwork('10.150.0.0/25');
      const missing = '03ffffff-0000-4000-8000-00000000ffff';
      for (const peerVpc of [missing, far, overlapping]) {
        const r = await aiven('POST', `${project}/vpcs/${vpcId}/peering-connections`, {
          peer_cloud_account: 'upcloud',
          peer_vpc: peerVpc,
        });
        assert.equal(r.status, 200);
      }
      sb.admin.advanceClock(DELAY);
      const byPeer = new Map<string, Json>(
        (await getVpc(vpcId)).peering_connections.map((c: Json) => [c.peer_vpc, c]),
      );
      assert.match(byPeer.get(missing)?.state_info.message, /does not exist/);
      assert.match(byPeer.get(far)?.state_info.message, /zone fi-hel1/);
      assert.match(byPeer.get(overlapping)?.state_info.message, /overlaps/);
      for (const id of [missing, far, overlapping])
        assert.equal(byPeer.get(id)?.state, 'INVALID_SPECIFICATION');
    });

    it('validates peering bodies, refuses duplicates and names the field', async () => {
      const route = `${project}/vpcs/${AIVEN.vpc.projectVpcId}/peering-connections`;
      assertError(
        await aiven('POST', route, { peer_vpc: UPCLOUD.networks.app.uuid }),
        400,
        /peer_cloud_account is required/,
      );
      assertError(
        await aiven('POST', route, { peer_cloud_account: 'upcloud' }),
        400,
        /peer_vpc is required/,
      );
      assertError(
        await aiven('POST', route, { peer_cloud_account: 'upcloud', peer_vpc: 'vpc-123' }),
        400,
        /peer_vpc must be an UpCloud SDN network UUID/,
      );
      assertError(
        await aiven('POST', route, {
          peer_cloud_account: 'upcloud',
          peer_vpc: UPCLOUD.networks.staging.uuid,
          peer_region: 'de-fra1',
        }),
        400,
        /peer_region/,
      );
      assertError(
        await aiven('POST', route, {
          peer_cloud_account: 'upcloud',
          peer_vpc: UPCLOUD.networks.staging.uuid,
          user_peer_network_cidrs: ['not-a-cidr'],
        }),
        400,
        /user_peer_network_cidrs\[0\]/,
      );
      assertError(
        await aiven('POST', route, {
          peer_cloud_account: 'upcloud',
          peer_vpc: UPCLOUD.networks.app.uuid,
        }),
        409,
        /already exists/,
      );
      assertError(await aiven('POST', route, '[1,'), 400, /Invalid JSON/);
      assertError(await aiven('PATCH', route, {}), 405);
    });

    it('adds and deletes user peer network CIDRs', async () => {
      const vpcId = AIVEN.vpc.projectVpcId;
      const route = `${project}/vpcs/${vpcId}/user-peer-network-cidrs`;
      const added = await aiven('PUT', route, {
        add: [
          {
            cidr: '192.168.0.0/24',
            peer_cloud_account: 'upcloud',
            peer_vpc: UPCLOUD.networks.app.uuid,
          },
        ],
      });
      assert.equal(added.status, 200, JSON.stringify(added.body));
      assert.deepEqual(keys(added.body), fields('VpcPeeringConnectionUpdateOut'));
      assert.deepEqual(added.body.peering_connections[0].user_peer_network_cidrs, [
        '192.168.0.0/24',
      ]);
      const removed = await aiven('PUT', route, { delete: ['192.168.0.0/24'] });
      assert.deepEqual(removed.body.peering_connections[0].user_peer_network_cidrs, []);
      assertError(
        await aiven('PUT', route, {
          add: [
            {
              cidr: '192.168.0.0/24',
              peer_cloud_account: 'upcloud',
              peer_vpc: UPCLOUD.networks.staging.uuid,
            },
          ],
        }),
        404,
        /add\[0\]/,
      );
      assertError(
        await aiven('PUT', route, {
          add: [
            {
              cidr: '300.1.0.0/24',
              peer_cloud_account: 'upcloud',
              peer_vpc: UPCLOUD.networks.app.uuid,
            },
          ],
        }),
        400,
        /add\[0\]\.cidr/,
      );
    });
  });

  describe('faults', () => {
    it('throttles with 429 in Aiven’s error shape and fails with 500', async () => {
      sb.admin.setFaults([
        { cloud: 'aiven', operation: 'VpcList', throttleRate: 1, retryAfterSeconds: 2 },
      ]);
      const throttled = await aiven('GET', `${project}/vpcs`);
      assertError(throttled, 429, /Too many requests/);
      assert.equal(throttled.headers.get('retry-after'), '2');
      assert.equal((await aiven('GET', `${project}/vpcs/${AIVEN.vpc.projectVpcId}`)).status, 200);
      sb.admin.setFaults([{ cloud: 'aiven', errorRate: 1 }]);
      assertError(await aiven('GET', `${project}/vpcs`), 500);
      assert.equal(sb.admin.counters()['aiven.VpcList'], 2);
    });
  });
});
