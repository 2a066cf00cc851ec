import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ACCEPT_NOT_FOUND_ATTEMPTS, AwsProvider } from '../../../src/providers/aws/index';
import type { Account } from '../../../src/model/types';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { startSandbox } from '../../../src/sandbox/server';
import { AWS_ACCOUNTS, AWS_PEERINGS, AWS_VPCS } from '../../../src/sandbox/worlds/demoTopology';
import { sandboxAwsAccount, sandboxAwsCredentials } from './sandboxAccounts';

describe('providers/aws against the sandbox', function () {
  let sandbox: RunningSandbox;
  let provider: AwsProvider;
  let app: Account;
  let data: Account;

  before(async () => {
    sandbox = await startSandbox({ world: 'demo', operationDelayMs: 50 });
    provider = new AwsProvider({ credentials: sandboxAwsCredentials() });
    app = sandboxAwsAccount('app', sandbox.endpoints.aws);
    data = sandboxAwsAccount('data', sandbox.endpoints.aws);
  });
  after(async () => {
    provider.dispose();
    await sandbox.stop();
  });
  beforeEach(() => sandbox.admin.reset('demo'));

  it('lists VPCs with every CIDR, secondary and IPv6 included', async () => {
    const networks = await provider.listNetworks({ account: app, region: 'us-east-1' });
    const vpc = networks.find((n) => n.id === AWS_VPCS.app.id);
    assert.ok(vpc, 'app VPC listed');
    assert.equal(vpc.name, AWS_VPCS.app.name);
    assert.deepEqual(vpc.cidrs, [...AWS_VPCS.app.cidrs, AWS_VPCS.app.ipv6]);
    assert.equal(vpc.ownerId, AWS_ACCOUNTS.app.accountId);
    assert.equal(vpc.region, 'us-east-1');
    assert.match(vpc.key, /^aws:app\/us-east-1\/vpc-/);
    assert.ok(!networks.some((n) => n.id === AWS_VPCS.appEu.id), 'eu VPC is not in us-east-1');
  });

  it('lists peerings in both directions with normalized and raw states', async () => {
    const peerings = await provider.listPeerings({ account: app, region: 'us-east-1' });
    const byId = new Map(peerings.map((p) => [p.id, p]));
    const active = byId.get(AWS_PEERINGS.activeDnsOff);
    assert.equal(active?.state, 'active');
    assert.equal(active?.rawState, 'active');
    assert.equal(
      active?.options?.accepterDnsResolution ?? active?.options?.requesterDnsResolution,
      false,
    );
    const pending = byId.get(AWS_PEERINGS.pendingCrossAccount);
    assert.equal(pending?.state, 'pending');
    assert.equal(pending?.rawState, 'pending-acceptance');
    // data requested, app accepts: seen from app, app is the accepter and data the peer.
    assert.equal(pending?.role, 'accepter');
    assert.equal(pending?.local.networkId, AWS_VPCS.app.id);
    assert.equal(pending?.peer.accountId, AWS_ACCOUNTS.data.accountId);
    assert.equal(byId.get(AWS_PEERINGS.overlapFailed)?.state, 'failed');
    const crossRegion = byId.get(AWS_PEERINGS.crossRegionMissingRoute);
    assert.equal(crossRegion?.peer.region, 'eu-west-1');
    assert.equal(byId.get(AWS_PEERINGS.dragonflyPending)?.rawState, 'pending-acceptance');
  });

  it('sees a cross-region peering from the accepter region with the sides swapped', async () => {
    const eu = await provider.listPeerings({ account: app, region: 'eu-west-1' });
    const p = eu.find((x) => x.id === AWS_PEERINGS.crossRegionMissingRoute);
    assert.ok(p);
    assert.equal(p.local.region, 'eu-west-1');
    assert.equal(p.peer.region, 'us-east-1');
  });

  it('lists route tables and security groups for the checks', async () => {
    const tables = await provider.listRouteTables(
      { account: app, region: 'us-east-1' },
      AWS_VPCS.app.id,
    );
    assert.ok(tables.length >= 1);
    assert.ok(tables.every((t) => t.networkId === AWS_VPCS.app.id));
    const routes = tables.flatMap((t) => t.routes);
    assert.ok(
      routes.some((r) => r.target === AWS_PEERINGS.activeDnsOff),
      'route via the active pcx',
    );
    const groups = await provider.listFirewalls(
      { account: app, region: 'us-east-1' },
      AWS_VPCS.app.id,
    );
    assert.ok(groups.some((g) => g.name === 'default'));
  });

  it('accepts as the accepter, adds a route and a rule, and modifies options', async () => {
    const place = { account: app, region: 'us-east-1' };
    const accepted = await provider.acceptPeering(place, AWS_PEERINGS.pendingCrossAccount);
    assert.ok(['provisioning', 'active'].includes(accepted.state));
    sandbox.admin.advanceClock(1000);
    const now = await provider.getPeering(place, AWS_PEERINGS.pendingCrossAccount);
    assert.equal(now?.state, 'active');
    const [table] = (await provider.listRouteTables(place, AWS_VPCS.app.id)).filter((t) => t.main);
    await provider.createRoute(place, {
      routeTableId: table.id,
      destinationCidr: AWS_VPCS.data.cidrs[0],
      peeringId: AWS_PEERINGS.pendingCrossAccount,
    });
    const after = await provider.listRouteTables(place, AWS_VPCS.app.id);
    assert.ok(
      after
        .flatMap((t) => t.routes)
        .some(
          (r) =>
            r.destination === AWS_VPCS.data.cidrs[0] &&
            r.target === AWS_PEERINGS.pendingCrossAccount,
        ),
    );
    const [group] = await provider.listFirewalls(place, AWS_VPCS.app.id);
    await provider.allowIngress(place, {
      groupId: group.id,
      protocol: 'tcp',
      fromPort: 6379,
      toPort: 6379,
      cidr: AWS_VPCS.data.cidrs[0],
    });
    const groups = await provider.listFirewalls(place, AWS_VPCS.app.id);
    assert.ok(
      groups
        .find((g) => g.id === group.id)
        ?.ingress.some((r) => r.fromPort === 6379 && r.sources.includes(AWS_VPCS.data.cidrs[0])),
    );
    await provider.modifyPeeringOptions(place, AWS_PEERINGS.pendingCrossAccount, {
      accepter: { allowDnsResolutionFromRemoteVpc: true },
    });
    const modified = await provider.getPeering(place, AWS_PEERINGS.pendingCrossAccount);
    assert.equal(modified?.options?.accepterDnsResolution, true);
  });

  it('creates, rejects and deletes with the right account', async () => {
    const created = await provider.createPeering(
      { account: data, region: 'us-east-1' },
      {
        vpcId: AWS_VPCS.data.id,
        peerVpcId: AWS_VPCS.legacy.id,
        peerOwnerId: AWS_ACCOUNTS.app.accountId,
        name: 'test-peering',
      },
    );
    assert.equal(created.name, 'test-peering');
    assert.equal(created.role, 'requester');
    // initiating-request lasts operationDelayMs; the accepter sees the request after it.
    sandbox.admin.advanceClock(100);
    // The requester cannot accept its own request: the error names the account.
    await assert.rejects(
      provider.acceptPeering({ account: data, region: 'us-east-1' }, created.id),
      /AWS account "sandbox data"/,
    );
    await provider.rejectPeering({ account: app, region: 'us-east-1' }, created.id);
    const rejected = await provider.getPeering({ account: app, region: 'us-east-1' }, created.id);
    assert.equal(rejected?.rawState, 'rejected');
    assert.equal(rejected?.state, 'failed');
    await provider.deletePeering({ account: app, region: 'us-east-1' }, AWS_PEERINGS.activeDnsOff);
    const deleted = await provider.getPeering(
      { account: app, region: 'us-east-1' },
      AWS_PEERINGS.activeDnsOff,
    );
    assert.equal(deleted?.rawState, 'deleted');
  });

  it('explains bad credentials and a wrong endpoint with the account and the fix', async () => {
    const bad = new AwsProvider({
      credentials: {
        getSecret: async () =>
          JSON.stringify({ accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' }),
      },
    });
    try {
      await assert.rejects(bad.listNetworks({ account: app, region: 'us-east-1' }), (e: Error) => {
        assert.match(
          e.message,
          /AWS account "sandbox app" in us-east-1: the credentials were rejected \(AuthFailure\)/,
        );
        assert.match(e.message, /aws sso login --profile sandbox-app/);
        return true;
      });
    } finally {
      bad.dispose();
    }
    // Stored keys that do not parse: the account's own message and fix, not the SDK's wrapping,
    // and never the stored text.
    const garbled = new AwsProvider({ credentials: { getSecret: async () => 'hunter2' } });
    try {
      await assert.rejects(
        garbled.listNetworks({ account: app, region: 'us-east-1' }),
        (e: Error & { fix?: string }) => {
          assert.equal(
            e.message
              .split('\n')[0]
              .startsWith('The stored keys for AWS account "sandbox app" are unreadable.'),
            true,
            e.message,
          );
          assert.doesNotMatch(e.message, /hunter2/);
          assert.match(`${e.message} ${e.fix ?? ''}`, /Remove the account and add it again/);
          return true;
        },
      );
    } finally {
      garbled.dispose();
    }
    const closed = { ...app, endpoint: 'http://127.0.0.1:9' };
    await assert.rejects(
      provider.listNetworks({ account: closed, region: 'us-east-1' }),
      (e: Error) => {
        assert.match(e.message, /cannot reach http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)/);
        assert.match(e.message, /Check the endpoint override/);
        return true;
      },
    );
  });
});

/**
 * Answers an EC2 endpoint may give that the sandbox never does: a filter it ignored, a peering
 * with only the primary CidrBlock, and NotFound for a just-created id (eventual consistency).
 */
describe('providers/aws against a scripted EC2 endpoint', function () {
  this.timeout(60_000);
  let server: Server;
  let endpoint: string;
  let answer: (action: string) => { status: number; body: string };
  const requests: string[] = [];

  const pcxXml = (id: string, withSet: boolean) =>
    `<item><vpcPeeringConnectionId>${id}</vpcPeeringConnectionId>` +
    `<requesterVpcInfo><ownerId>${AWS_ACCOUNTS.app.accountId}</ownerId><vpcId>${AWS_VPCS.app.id}</vpcId><region>us-east-1</region><cidrBlock>10.1.0.0/16</cidrBlock>` +
    (withSet
      ? '<cidrBlockSet><item><cidrBlock>10.1.0.0/16</cidrBlock></item><item><cidrBlock>10.2.0.0/16</cidrBlock></item></cidrBlockSet>'
      : '') +
    `</requesterVpcInfo><accepterVpcInfo><ownerId>${AWS_ACCOUNTS.app.accountId}</ownerId><vpcId>${AWS_VPCS.shared.id}</vpcId><region>us-east-1</region><cidrBlock>10.9.0.0/16</cidrBlock></accepterVpcInfo>` +
    `<status><code>active</code><message>Active</message></status></item>`;
  const describe = (items: string) => ({
    status: 200,
    body: `<DescribeVpcPeeringConnectionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><vpcPeeringConnectionSet>${items}</vpcPeeringConnectionSet></DescribeVpcPeeringConnectionsResponse>`,
  });

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const action = new URLSearchParams(body).get('Action') ?? '';
        requests.push(action);
        const out = answer(action);
        res.writeHead(out.status, { 'content-type': 'text/xml' });
        res.end(out.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => (requests.length = 0));

  const setup = () => {
    const provider = new AwsProvider({ credentials: sandboxAwsCredentials() });
    return {
      provider,
      place: { account: sandboxAwsAccount('app', endpoint), region: 'us-east-1' },
    };
  };

  it('getPeering ignores peerings other than the id it asked for', async () => {
    answer = () => describe(pcxXml('pcx-0000000000000000b', true));
    const { provider, place } = setup();
    assert.equal(await provider.getPeering(place, 'pcx-0000000000000000a'), undefined);
    answer = () =>
      describe(pcxXml('pcx-0000000000000000b', true) + pcxXml('pcx-0000000000000000a', true));
    const found = await provider.getPeering(place, 'pcx-0000000000000000a');
    assert.equal(found?.id, 'pcx-0000000000000000a');
    provider.dispose();
  });

  it('reads CidrBlock when a peering side has no CidrBlockSet', async () => {
    answer = () => describe(pcxXml('pcx-0000000000000000a', false));
    const { provider, place } = setup();
    const found = await provider.getPeering(place, 'pcx-0000000000000000a');
    assert.deepEqual(found?.local.cidrs, ['10.1.0.0/16']);
    assert.deepEqual(found?.peer.cidrs, ['10.9.0.0/16']);
    answer = () => describe(pcxXml('pcx-0000000000000000a', true));
    const withSet = await provider.getPeering(place, 'pcx-0000000000000000a');
    assert.deepEqual(withSet?.local.cidrs, ['10.1.0.0/16', '10.2.0.0/16']);
    provider.dispose();
  });

  const notFound = {
    status: 400,
    body: '<Response><Errors><Error><Code>InvalidVpcPeeringConnectionID.NotFound</Code><Message>The vpcPeeringConnection ID does not exist</Message></Error></Errors><RequestID>r</RequestID></Response>',
  };

  it('retries an accept that meets a not-yet-visible peering id, then succeeds', async () => {
    let accepts = 0;
    answer = (action) => {
      if (action !== 'AcceptVpcPeeringConnection') return describe('');
      accepts++;
      if (accepts < 3) return notFound;
      return {
        status: 200,
        body: `<AcceptVpcPeeringConnectionResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><vpcPeeringConnection>${pcxXml('pcx-0000000000000000a', true).replace(/^<item>|<\/item>$/g, '')}</vpcPeeringConnection></AcceptVpcPeeringConnectionResponse>`,
      };
    };
    const { provider, place } = setup();
    const accepted = await provider.acceptPeering(place, 'pcx-0000000000000000a');
    assert.equal(accepted.id, 'pcx-0000000000000000a');
    assert.equal(accepts, 3);
    provider.dispose();
  });

  it('gives up on NotFound after a bounded number of accepts', async () => {
    answer = (action) => (action === 'AcceptVpcPeeringConnection' ? notFound : describe(''));
    const { provider, place } = setup();
    await assert.rejects(
      provider.acceptPeering(place, 'pcx-0000000000000000a'),
      /InvalidVpcPeeringConnectionID\.NotFound/,
    );
    assert.equal(
      requests.filter((a) => a === 'AcceptVpcPeeringConnection').length,
      ACCEPT_NOT_FOUND_ATTEMPTS,
    );
    provider.dispose();
  });
});
