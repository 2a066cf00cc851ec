import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  AcceptVpcPeeringConnectionCommand,
  DeleteVpcPeeringConnectionCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
  RejectVpcPeeringConnectionCommand,
} from '@aws-sdk/client-ec2';
import type { RunningSandbox } from '../../../src/sandbox/api';
import {
  AWS_ACCOUNTS,
  AWS_PEERINGS,
  AWS_VPCS,
  DRAGONFLY,
} from '../../../src/sandbox/worlds/demoTopology';
import { ec2For, type DemoAccount } from './aws-harness';
import { jsonApi, keys, useDemoSandbox, type Json, type JsonAnswer } from './restHarness';
import { publishedFixture } from '../../support/fixtures';

/**
 * Dragonfly Cloud v1 in the sandbox over Node's fetch (no official Node SDK),
 * and its real link to AWS: the customer accepts or deletes the peering with
 * the real @aws-sdk/client-ec2 client, signed as their own account.
 */

const DESCRIPTION = publishedFixture('dragonfly', 'dfcloud-networks-connections.description.json');
const DELAY = 1000;

describe('sandbox/dragonfly (v1 over fetch, linked to AWS)', function () {
  let sb: RunningSandbox;
  const description = JSON.parse(readFileSync(DESCRIPTION, 'utf8')) as Json;
  const typeKeys = (type: string) =>
    Object.keys(description.types[type])
      .filter((k) => !k.startsWith('_'))
      .sort();
  const auth = { authorization: `Bearer ${DRAGONFLY.apiKey}` };

  useDemoSandbox(DELAY, (started) => (sb = started));

  const df = jsonApi(() => sb.endpoints.dragonfly, auth);

  function assertError(answer: JsonAnswer, status: number, mention?: RegExp): void {
    assert.equal(answer.status, status, JSON.stringify(answer.body));
    assert.deepEqual(keys(answer.body as Json), ['error']);
    assert.equal(typeof answer.body.error, 'string');
    if (mention) assert.match(answer.body.error, mention);
  }

  const ec2 = (account: DemoAccount, region = 'us-east-1') => ec2For(sb, account, region);

  async function connection(id: string): Promise<Json> {
    const r = await df('GET', `/v1/connections/${id}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body as Json;
  }

  async function network(id: string): Promise<Json> {
    const r = await df('GET', `/v1/networks/${id}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body as Json;
  }

  async function newAwsNetwork(name: string, cidr: string, region = 'us-east-1'): Promise<Json> {
    const r = await df('POST', '/v1/networks', {
      name,
      location: { provider: 'aws', region },
      cidr_block: cidr,
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    sb.admin.advanceClock(DELAY);
    return network(r.body.network_id);
  }

  async function connect(networkId: string, peer: Json, name = 'conn'): Promise<JsonAnswer> {
    return df('POST', '/v1/connections', { name, network_id: networkId, peer });
  }

  const appPeer = {
    account_id: AWS_ACCOUNTS.app.accountId,
    vpc_id: AWS_VPCS.app.id,
    cidr_block: AWS_VPCS.app.cidrs[0],
    region: 'us-east-1',
  };

  describe('auth and errors', () => {
    it('needs the bearer API key: 401 with {"error"} otherwise', async () => {
      assertError(await df('GET', '/v1/networks', undefined, {}), 401, /API key/);
      assertError(
        await df('GET', '/v1/networks', undefined, { authorization: 'Bearer dfc_wrong' }),
        401,
      );
      assert.equal((await df('GET', '/v1/networks')).status, 200);
    });

    it('answers unknown ids with 404 {"error":"not found"} and malformed JSON with 400', async () => {
      const missing = await df('GET', '/v1/networks/net-nope');
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.body, description.examples.GetNetwork_404_response_from_client_test);
      assertError(await df('GET', '/v1/connections/conn-nope'), 404, /not found/);
      assertError(await df('POST', '/v1/networks', '{"name": "x",'), 400, /invalid JSON/);
      assertError(await df('POST', '/v1/connections', '[]'), 400, /JSON object/);
      assertError(await df('PATCH', '/v1/networks/net-x', {}), 405);
    });

    it('throttles with 429 {"error"} and Retry-After, fails with 500, and counts calls', async () => {
      sb.admin.setFaults([
        {
          cloud: 'dragonfly',
          operation: 'connections.list',
          throttleRate: 1,
          retryAfterSeconds: 4,
        },
      ]);
      const throttled = await df('GET', '/v1/connections');
      assertError(throttled, 429, /rate limit/);
      assert.equal(throttled.headers.get('retry-after'), '4');
      assert.equal((await df('GET', '/v1/networks')).status, 200);
      sb.admin.setFaults([{ cloud: 'dragonfly', errorRate: 1 }]);
      assert.equal((await df('GET', '/v1/networks')).status, 500);
      const counters = sb.admin.counters();
      assert.equal(counters['dragonfly.connections.list'], 1);
      assert.equal(counters['dragonfly.networks.list'], 2);
    });
  });

  describe('networks', () => {
    it('lists the demo networks as a bare array in the SDK’s shape', async () => {
      const r = await df('GET', '/v1/networks');
      assert.equal(r.status, 200);
      assert.ok(Array.isArray(r.body));
      // df-prod on AWS, and df-gcp and df-azure (no connection) for the wizard's GCP and Azure pairs.
      assert.deepEqual(
        (r.body as Json[]).map((x) => [x.network_id, x.location.provider, x.cidr_block]),
        [
          [DRAGONFLY.network.id, 'aws', DRAGONFLY.network.cidr],
          [DRAGONFLY.gcpNetwork.id, 'gcp', DRAGONFLY.gcpNetwork.cidr],
          [DRAGONFLY.azureNetwork.id, 'azure', DRAGONFLY.azureNetwork.cidr],
        ],
      );
      const n = r.body[0] as Json;
      assert.deepEqual(keys(n), [...typeKeys('Network'), ...typeKeys('NetworkConfig')].sort());
      for (const k of Object.keys(description.examples.GetNetwork_response_from_client_test))
        assert.ok(k in n, k);
      assert.deepEqual(keys(n.location), typeKeys('NetworkLocation'));
      assert.deepEqual(keys(n.vpc), typeKeys('NetworkVPC'));
      assert.equal(n.network_id, DRAGONFLY.network.id);
      assert.equal(n.name, DRAGONFLY.network.name);
      assert.deepEqual(n.location, { provider: 'aws', region: 'us-east-1' });
      assert.equal(n.cidr_block, DRAGONFLY.network.cidr);
      assert.equal(n.status, 'active');
      assert.equal(typeof n.created_at, 'number');
      assert.deepEqual(n.vpc, {
        resource_id: AWS_VPCS.dragonfly.id,
        account_id: AWS_ACCOUNTS.dragonfly.accountId,
      });
    });

    it('creates an AWS network pending → active, with a real VPC in Dragonfly’s AWS account', async () => {
      const r = await df('POST', '/v1/networks', {
        name: 'df-staging',
        location: { provider: 'aws', region: 'eu-west-1' },
        cidr_block: '10.62.0.0/20',
      });
      assert.equal(r.status, 200);
      assert.match(r.body.network_id, /^net-[0-9a-f]{12}$/);
      assert.equal(r.body.status, 'pending');
      assert.equal(r.body.vpc, null);
      sb.admin.advanceClock(DELAY);
      const active = await network(r.body.network_id);
      assert.equal(active.status, 'active');
      assert.match(active.vpc.resource_id, /^vpc-[0-9a-f]{17}$/);
      assert.equal(active.vpc.account_id, AWS_ACCOUNTS.dragonfly.accountId);
      const vpcs = await ec2('dragonfly', 'eu-west-1').send(
        new DescribeVpcsCommand({ VpcIds: [active.vpc.resource_id] }),
      );
      assert.equal(vpcs.Vpcs?.[0]?.CidrBlock, '10.62.0.0/20');
      assert.equal(vpcs.Vpcs?.[0]?.OwnerId, AWS_ACCOUNTS.dragonfly.accountId);
    });

    it('updates the name only, and deletes (deleting → deleted) once it has no connections', async () => {
      const id = DRAGONFLY.network.id;
      const renamed = await df('PUT', `/v1/networks/${id}`, {
        name: 'df-prod-renamed',
        location: { provider: 'aws', region: 'us-east-1' },
        cidr_block: DRAGONFLY.network.cidr,
      });
      assert.equal(renamed.status, 200);
      assert.equal(renamed.body.name, 'df-prod-renamed');
      assertError(
        await df('PUT', `/v1/networks/${id}`, {
          name: 'x',
          location: { provider: 'aws', region: 'us-east-1' },
          cidr_block: '10.99.0.0/20',
        }),
        400,
        /cidr_block cannot be changed/,
      );
      assertError(
        await df('DELETE', `/v1/networks/${id}`),
        409,
        new RegExp(DRAGONFLY.connection.id),
      );
      assert.equal((await df('DELETE', `/v1/connections/${DRAGONFLY.connection.id}`)).status, 200);
      const deleting = await df('DELETE', `/v1/networks/${id}`);
      assert.equal(deleting.status, 200);
      assert.equal(deleting.body.status, 'deleting');
      sb.admin.advanceClock(DELAY);
      assert.equal((await network(id)).status, 'deleted');
      assert.deepEqual(
        ((await df('GET', '/v1/networks')).body as Json[]).map((x) => x.network_id),
        [DRAGONFLY.gcpNetwork.id, DRAGONFLY.azureNetwork.id],
      );
    });

    it('creates GCP and Azure networks, and validates network bodies naming the field', async () => {
      for (const [provider, region] of [
        ['gcp', 'us-central1'],
        ['azure', 'westeurope'],
      ]) {
        const r = await df('POST', '/v1/networks', {
          name: `df-${provider}`,
          location: { provider, region },
          cidr_block: '10.63.0.0/20',
        });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        sb.admin.advanceClock(DELAY);
        const n = await network(r.body.network_id);
        assert.equal(n.status, 'active');
        assert.equal(n.location.provider, provider);
        assert.ok(n.vpc.resource_id.includes(n.network_id));
      }
      assertError(await df('POST', '/v1/networks', { location: {} }), 400, /^name/);
      assertError(
        await df('POST', '/v1/networks', { name: 'x', location: { provider: 'ibm', region: 'x' } }),
        400,
        /location\.provider/,
      );
      assertError(
        await df('POST', '/v1/networks', {
          name: 'x',
          location: { provider: 'aws', region: 'mars-1' },
          cidr_block: '10.0.0.0/16',
        }),
        400,
        /location\.region/,
      );
      assertError(
        await df('POST', '/v1/networks', {
          name: 'x',
          location: { provider: 'aws', region: 'us-east-1' },
          cidr_block: '10.0.0.1/16',
        }),
        400,
        /cidr_block.*10\.0\.0\.0\/16/,
      );
      assertError(
        await df('POST', '/v1/networks', {
          name: 'x',
          location: { provider: 'aws', region: 'us-east-1' },
          cidr_block: '52.0.0.0/16',
        }),
        400,
        /cidr_block.*private/,
      );
    });
  });

  describe('connections to AWS (the cross-provider link)', () => {
    it('shows the demo connection inactive while the AWS peering waits for acceptance', async () => {
      const list = await df('GET', '/v1/connections');
      assert.ok(Array.isArray(list.body));
      assert.equal(list.body.length, 1);
      const c = list.body[0] as Json;
      assert.deepEqual(keys(c), typeKeys('Connection'));
      assert.deepEqual(keys(c.connection_config), typeKeys('ConnectionConfig'));
      assert.deepEqual(keys(c.connection_config.peer), typeKeys('PeerConfig'));
      assert.deepEqual(keys(c.connection_config.peer.azure), typeKeys('AzureConfig'));
      assert.equal(c.connection_id, DRAGONFLY.connection.id);
      assert.equal(c.status, 'inactive');
      assert.equal(c.peer_connection_id, AWS_PEERINGS.dragonflyPending);
      assert.match(c.status_detail, new RegExp(`Accept .*${AWS_PEERINGS.dragonflyPending}`));
      assert.equal(c.connection_config.network_id, DRAGONFLY.network.id);
      assert.equal(c.connection_config.peer.vpc_id, AWS_VPCS.app.id);
    });

    it('turns active once the customer accepts the peering with their EC2 client', async () => {
      const app = ec2('app');
      const pending = await app.send(
        new DescribeVpcPeeringConnectionsCommand({
          VpcPeeringConnectionIds: [AWS_PEERINGS.dragonflyPending],
        }),
      );
      assert.equal(pending.VpcPeeringConnections?.[0]?.Status?.Code, 'pending-acceptance');
      await app.send(
        new AcceptVpcPeeringConnectionCommand({
          VpcPeeringConnectionId: AWS_PEERINGS.dragonflyPending,
        }),
      );
      // AWS provisions for a moment; the connection is not active before AWS says so.
      assert.equal((await connection(DRAGONFLY.connection.id)).status, 'inactive');
      sb.admin.advanceClock(DELAY);
      const active = await connection(DRAGONFLY.connection.id);
      assert.equal(active.status, 'active');
      assert.ok(!('status_detail' in active));
    });

    it('turns irrecoverable when the customer deletes the accepted peering', async () => {
      const app = ec2('app');
      const pcx = { VpcPeeringConnectionId: AWS_PEERINGS.dragonflyPending };
      await app.send(new AcceptVpcPeeringConnectionCommand(pcx));
      sb.admin.advanceClock(DELAY);
      assert.equal((await connection(DRAGONFLY.connection.id)).status, 'active');
      await app.send(new DeleteVpcPeeringConnectionCommand(pcx));
      const c = await connection(DRAGONFLY.connection.id);
      assert.equal(c.status, 'irrecoverable');
      assert.match(c.status_detail, new RegExp(`${AWS_PEERINGS.dragonflyPending} was deleted`));
      // It stays irrecoverable after AWS stops showing the deleted peering.
      sb.admin.advanceClock(3 * 24 * 60 * 60 * 1000);
      assert.equal((await connection(DRAGONFLY.connection.id)).status, 'irrecoverable');
    });

    it('fails when the customer rejects the peering request', async () => {
      await ec2('app').send(
        new RejectVpcPeeringConnectionCommand({
          VpcPeeringConnectionId: AWS_PEERINGS.dragonflyPending,
        }),
      );
      const c = await connection(DRAGONFLY.connection.id);
      assert.equal(c.status, 'failed');
      assert.match(c.status_detail, /rejected/);
    });

    it('creates a connection: pending, then inactive with a real AWS peering request, then active; delete removes the peering', async () => {
      const net = await newAwsNetwork('df-data', '10.64.0.0/20');
      const created = await connect(
        net.network_id,
        {
          account_id: AWS_ACCOUNTS.data.accountId,
          vpc_id: AWS_VPCS.data.id,
          cidr_block: AWS_VPCS.data.cidrs[0],
        },
        'data-vpc',
      );
      assert.equal(created.status, 200, JSON.stringify(created.body));
      assert.equal(created.body.status, 'pending');
      assert.match(created.body.connection_id, /^conn-[0-9a-f]{12}$/);
      const pcx = created.body.peer_connection_id as string;
      assert.match(pcx, /^pcx-/);
      assert.ok(!('region' in created.body.connection_config.peer), 'region is omitempty');

      sb.admin.advanceClock(DELAY);
      const inactive = await connection(created.body.connection_id);
      assert.equal(inactive.status, 'inactive');

      const data = ec2('data');
      const seen = await data.send(
        new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [pcx] }),
      );
      const peering = seen.VpcPeeringConnections?.[0];
      assert.equal(peering?.Status?.Code, 'pending-acceptance');
      assert.equal(peering?.RequesterVpcInfo?.VpcId, net.vpc.resource_id);
      assert.equal(peering?.RequesterVpcInfo?.OwnerId, AWS_ACCOUNTS.dragonfly.accountId);
      assert.equal(peering?.AccepterVpcInfo?.VpcId, AWS_VPCS.data.id);
      assert.equal(peering?.AccepterVpcInfo?.OwnerId, AWS_ACCOUNTS.data.accountId);

      await data.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pcx }));
      sb.admin.advanceClock(DELAY);
      assert.equal((await connection(created.body.connection_id)).status, 'active');

      const deleted = await df('DELETE', `/v1/connections/${created.body.connection_id}`);
      assert.equal(deleted.status, 200);
      assert.equal(deleted.body.status, 'deleting');
      const after = await data.send(
        new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [pcx] }),
      );
      assert.equal(after.VpcPeeringConnections?.[0]?.Status?.Code, 'deleted');
      sb.admin.advanceClock(DELAY);
      assert.equal((await connection(created.body.connection_id)).status, 'deleted');
      const listed = (await df('GET', '/v1/connections')).body as Json[];
      assert.ok(!listed.some((c) => c.connection_id === created.body.connection_id));
    });

    it('fails when AWS fails the peering: a VPC that does not exist, or overlapping ranges', async () => {
      const net = await newAwsNetwork('df-overlap', '10.10.16.0/20');
      const overlapping = await connect(net.network_id, appPeer, 'overlap');
      assert.equal(overlapping.status, 200);
      const ghost = await connect(
        DRAGONFLY.network.id,
        {
          account_id: AWS_ACCOUNTS.app.accountId,
          vpc_id: 'vpc-0fffffffffffffff0',
          cidr_block: '10.90.0.0/16',
        },
        'ghost',
      );
      assert.equal(ghost.status, 200);
      sb.admin.advanceClock(DELAY);
      const o = await connection(overlapping.body.connection_id);
      assert.equal(o.status, 'failed');
      assert.match(o.status_detail, /overlaps/);
      const g = await connection(ghost.body.connection_id);
      assert.equal(g.status, 'failed');
      assert.match(g.status_detail, /vpc-0fffffffffffffff0 was not found/);
      const awsSide = await ec2('dragonfly').send(
        new DescribeVpcPeeringConnectionsCommand({
          VpcPeeringConnectionIds: [o.peer_connection_id],
        }),
      );
      assert.equal(awsSide.VpcPeeringConnections?.[0]?.Status?.Code, 'failed');
    });

    it('validates connection bodies and names the field', async () => {
      const net = DRAGONFLY.network.id;
      assertError(
        await connect(net, { ...appPeer, cidr_block: '10.99.0.0/16' }),
        400,
        /peer\.cidr_block "10\.99\.0\.0\/16" does not match VPC .*10\.10\.0\.0\/16/,
      );
      assertError(
        await connect(net, { ...appPeer, account_id: '11111111111' }),
        400,
        /peer\.account_id/,
      );
      assertError(await connect(net, { ...appPeer, vpc_id: 'vpc-xyz' }), 400, /peer\.vpc_id/);
      assertError(await connect(net, { ...appPeer, region: 'moon-1' }), 400, /peer\.region/);
      assertError(await connect(net, { ...appPeer, cidr_block: 'ten' }), 400, /peer\.cidr_block/);
      assertError(await connect(net, undefined as unknown as Json), 400, /peer is required/);
      assertError(await connect('net-missing', appPeer), 400, /network_id "net-missing"/);
      assertError(
        await df('POST', '/v1/connections', { network_id: net, peer: appPeer }),
        400,
        /^name/,
      );
      assertError(await connect(net, appPeer, 'again'), 409, new RegExp(DRAGONFLY.connection.id));
      const fresh = await df('POST', '/v1/networks', {
        name: 'fresh',
        location: { provider: 'aws', region: 'us-east-1' },
        cidr_block: '10.65.0.0/20',
      });
      assertError(await connect(fresh.body.network_id, appPeer), 400, /network is pending/);
    });
  });

  describe('connections to GCP and Azure networks', () => {
    it('stay inactive until the customer peers back, and say which peering to create', async () => {
      const gcp = await df('POST', '/v1/networks', {
        name: 'df-gcp',
        location: { provider: 'gcp', region: 'us-central1' },
        cidr_block: '10.66.0.0/20',
      });
      const azure = await df('POST', '/v1/networks', {
        name: 'df-azure',
        location: { provider: 'azure', region: 'westeurope' },
        cidr_block: '10.67.0.0/20',
      });
      sb.admin.advanceClock(DELAY);
      const toGcp = await connect(gcp.body.network_id, {
        account_id: 'sandbox-project',
        vpc_id: 'app-net',
        cidr_block: '10.100.0.0/20',
      });
      assert.equal(toGcp.status, 200, JSON.stringify(toGcp.body));
      assertError(
        await connect(azure.body.network_id, {
          account_id: '00000000-0000-4000-8000-000000000001',
          vpc_id: 'vnet-app',
          cidr_block: '10.200.0.0/16',
        }),
        400,
        /peer\.azure\.resource_group/,
      );
      const toAzure = await connect(azure.body.network_id, {
        account_id: '00000000-0000-4000-8000-000000000001',
        vpc_id: 'vnet-app',
        cidr_block: '10.200.0.0/16',
        azure: {
          resource_group: 'rg-app',
          tenant_id: 'aaaaaaaa-0000-4000-8000-000000000001',
          app_object_id: '',
          use_remote_gateways: false,
        },
      });
      assert.equal(toAzure.status, 200, JSON.stringify(toAzure.body));
      assert.equal(toAzure.body.connection_config.peer.azure.resource_group, 'rg-app');
      assertError(
        await connect(gcp.body.network_id, {
          account_id: 'X',
          vpc_id: 'n',
          cidr_block: '10.1.0.0/16',
        }),
        400,
        /GCP project id/,
      );
      sb.admin.advanceClock(DELAY);
      const details = [];
      for (const id of [toGcp.body.connection_id, toAzure.body.connection_id]) {
        const c = await connection(id);
        assert.equal(c.status, 'inactive');
        assert.equal(c.peer_connection_id, '');
        details.push(c.status_detail);
      }
      // Dragonfly's half exists in its GCP project / Azure subscription; the detail names the other half.
      assert.match(
        details[0],
        new RegExp(
          `^Create the peering from projects/sandbox-project/global/networks/app-net with --peer-project dragonfly-cloud-prod --peer-network ${gcp.body.network_id}$`,
        ),
      );
      assert.match(
        details[1],
        new RegExp(
          `^Create the peering from /subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-app/providers/Microsoft.Network/virtualNetworks/vnet-app to /subscriptions/dddddddd-0000-4000-8000-00000000df01/resourceGroups/dragonfly-westeurope/providers/Microsoft.Network/virtualNetworks/${azure.body.network_id} \\(--allow-vnet-access\\)$`,
        ),
      );
    });
  });
});
