/**
 * DescribeVpcPeeringConnections filters and pagination, and the network side
 * (regions, VPCs, route tables, security groups, tags), through the real
 * @aws-sdk/client-ec2.
 */
import * as assert from 'node:assert/strict';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateRouteCommand,
  CreateTagsCommand,
  DeleteRouteCommand,
  DescribeRegionsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
  paginateDescribeVpcPeeringConnections,
  type Filter,
} from '@aws-sdk/client-ec2';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { startSandbox } from '../../../src/sandbox/server';
import { AWS_ACCOUNTS, AWS_PEERINGS, AWS_VPCS } from '../../../src/sandbox/worlds/demoTopology';
import { ec2For, expectEc2Error } from './aws-harness';

describe('sandbox AWS: describing and filtering through @aws-sdk/client-ec2', function () {
  let sandbox: RunningSandbox;

  before(async () => {
    sandbox = await startSandbox({ world: 'demo' });
  });
  after(async () => {
    await sandbox?.stop();
  });
  beforeEach(() => sandbox.admin.reset('demo'));

  async function peeringIds(filters: Filter[], account: 'app' | 'data' = 'app'): Promise<string[]> {
    const out = await ec2For(sandbox, account).send(
      new DescribeVpcPeeringConnectionsCommand({ Filters: filters }),
    );
    return (out.VpcPeeringConnections ?? []).map((p) => p.VpcPeeringConnectionId ?? '').sort();
  }

  describe('DescribeVpcPeeringConnections', () => {
    it('lists what the app account sees in us-east-1, each in its demo state', async () => {
      const out = await ec2For(sandbox, 'app').send(new DescribeVpcPeeringConnectionsCommand({}));
      const states = Object.fromEntries(
        (out.VpcPeeringConnections ?? []).map((p) => [p.VpcPeeringConnectionId, p.Status?.Code]),
      );
      assert.deepEqual(states, {
        [AWS_PEERINGS.activeDnsOff]: 'active',
        [AWS_PEERINGS.pendingCrossAccount]: 'pending-acceptance',
        [AWS_PEERINGS.crossRegionMissingRoute]: 'active',
        [AWS_PEERINGS.overlapFailed]: 'failed',
        [AWS_PEERINGS.sharedDataMissingRule]: 'active',
        [AWS_PEERINGS.dragonflyPending]: 'pending-acceptance',
      });
      const dnsOff = out.VpcPeeringConnections?.find(
        (p) => p.VpcPeeringConnectionId === AWS_PEERINGS.activeDnsOff,
      );
      assert.equal(
        dnsOff?.RequesterVpcInfo?.PeeringOptions?.AllowDnsResolutionFromRemoteVpc,
        false,
      );
      assert.equal(dnsOff?.AccepterVpcInfo?.CidrBlock, AWS_VPCS.shared.cidrs[0]);
    });

    it('filters by status-code, vpc ids, owner ids, id and cidr blocks (ANDed, values ORed)', async () => {
      assert.deepEqual(
        await peeringIds([{ Name: 'status-code', Values: ['pending-acceptance'] }]),
        [AWS_PEERINGS.pendingCrossAccount, AWS_PEERINGS.dragonflyPending].sort(),
      );
      assert.deepEqual(
        await peeringIds([{ Name: 'status-code', Values: ['failed', 'rejected'] }]),
        [AWS_PEERINGS.overlapFailed],
      );
      assert.deepEqual(
        await peeringIds([{ Name: 'requester-vpc-info.vpc-id', Values: [AWS_VPCS.dragonfly.id] }]),
        [AWS_PEERINGS.dragonflyPending],
      );
      assert.deepEqual(
        await peeringIds([
          { Name: 'accepter-vpc-info.vpc-id', Values: [AWS_VPCS.app.id] },
          { Name: 'requester-vpc-info.owner-id', Values: [AWS_ACCOUNTS.data.accountId] },
        ]),
        [AWS_PEERINGS.pendingCrossAccount],
      );
      assert.deepEqual(
        await peeringIds([
          { Name: 'accepter-vpc-info.owner-id', Values: [AWS_ACCOUNTS.data.accountId] },
        ]),
        [AWS_PEERINGS.sharedDataMissingRule],
      );
      assert.deepEqual(
        await peeringIds([
          { Name: 'vpc-peering-connection-id', Values: [AWS_PEERINGS.activeDnsOff] },
        ]),
        [AWS_PEERINGS.activeDnsOff],
      );
      assert.deepEqual(
        await peeringIds([{ Name: 'requester-vpc-info.cidr-block', Values: ['10.11.0.0/16'] }]),
        [
          AWS_PEERINGS.activeDnsOff,
          AWS_PEERINGS.crossRegionMissingRoute,
          AWS_PEERINGS.overlapFailed,
        ].sort(),
      );
      assert.deepEqual(
        await peeringIds([{ Name: 'accepter-vpc-info.cidr-block', Values: ['10.20.*'] }]),
        [AWS_PEERINGS.crossRegionMissingRoute],
      );
      assert.deepEqual(
        await peeringIds([{ Name: 'status-message', Values: ['Pending Acceptance by *'] }]),
        [AWS_PEERINGS.pendingCrossAccount, AWS_PEERINGS.dragonflyPending].sort(),
      );
    });

    it('filters by tag:KEY and tag-key, on the tags of the caller’s side only', async () => {
      await ec2For(sandbox, 'app').send(new DescribeVpcPeeringConnectionsCommand({}));
      assert.deepEqual(
        await peeringIds([{ Name: 'tag:Name', Values: ['app-to-*'] }]),
        [
          AWS_PEERINGS.activeDnsOff,
          AWS_PEERINGS.crossRegionMissingRoute,
          AWS_PEERINGS.overlapFailed,
        ].sort(),
      );
      await ec2For(sandbox, 'app').send(
        new CreateTagsCommand({
          Resources: [AWS_PEERINGS.pendingCrossAccount],
          Tags: [{ Key: 'team', Value: 'data' }],
        }),
      );
      assert.deepEqual(await peeringIds([{ Name: 'tag-key', Values: ['team'] }]), [
        AWS_PEERINGS.pendingCrossAccount,
      ]);
      // A listing rendered before the tag was added must not be served again.
      const listed = await ec2For(sandbox, 'app').send(
        new DescribeVpcPeeringConnectionsCommand({}),
      );
      const tagged = listed.VpcPeeringConnections?.find(
        (p) => p.VpcPeeringConnectionId === AWS_PEERINGS.pendingCrossAccount,
      );
      assert.deepEqual(tagged?.Tags, [{ Key: 'team', Value: 'data' }]);
      assert.deepEqual(await peeringIds([{ Name: 'tag:team', Values: ['data'] }]), [
        AWS_PEERINGS.pendingCrossAccount,
      ]);
      // The requester (data) tagged it data-to-app; app's tag is not on data's side.
      assert.deepEqual(await peeringIds([{ Name: 'tag-key', Values: ['team'] }], 'data'), []);
      assert.deepEqual(await peeringIds([{ Name: 'tag:Name', Values: ['data-to-app'] }], 'data'), [
        AWS_PEERINGS.pendingCrossAccount,
      ]);
    });

    it('rejects an unknown filter name as EC2 does', async () => {
      const message = await expectEc2Error(
        ec2For(sandbox, 'app').send(
          new DescribeVpcPeeringConnectionsCommand({
            Filters: [{ Name: 'vpc-id', Values: [AWS_VPCS.app.id] }],
          }),
        ),
        'InvalidParameterValue',
      );
      assert.equal(message, "The filter 'vpc-id' is invalid");
    });

    it('checks MaxResults (5 to 1000), refuses it with explicit ids, and refuses foreign tokens', async () => {
      const app = ec2For(sandbox, 'app');
      assert.match(
        await expectEc2Error(
          app.send(new DescribeVpcPeeringConnectionsCommand({ MaxResults: 4 })),
          'InvalidParameterValue',
        ),
        /maxResults/,
      );
      await expectEc2Error(
        app.send(new DescribeVpcPeeringConnectionsCommand({ MaxResults: 1001 })),
        'InvalidParameterValue',
      );
      await expectEc2Error(
        app.send(
          new DescribeVpcPeeringConnectionsCommand({
            MaxResults: 5,
            VpcPeeringConnectionIds: [AWS_PEERINGS.activeDnsOff],
          }),
        ),
        'InvalidParameterCombination',
      );
      await expectEc2Error(
        app.send(new DescribeVpcPeeringConnectionsCommand({ MaxResults: 5, NextToken: 'bogus' })),
        'InvalidPaginationToken',
      );
    });

    it('answers malformed and unknown ids with EC2’s codes', async () => {
      const app = ec2For(sandbox, 'app');
      await expectEc2Error(
        app.send(
          new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: ['pcx-nope'] }),
        ),
        'InvalidVpcPeeringConnectionId.Malformed',
      );
      const message = await expectEc2Error(
        app.send(
          new DescribeVpcPeeringConnectionsCommand({
            VpcPeeringConnectionIds: ['pcx-0123456789abcdef0'],
          }),
        ),
        'InvalidVpcPeeringConnectionID.NotFound',
      );
      assert.equal(message, "The vpcPeeringConnection ID 'pcx-0123456789abcdef0' does not exist");
    });
  });

  describe('pagination over a generated world', () => {
    let large: RunningSandbox;
    const COUNT = 2500;

    before(async () => {
      large = await startSandbox({ world: { kind: 'large', awsPeerings: COUNT } });
    });
    after(async () => {
      await large?.stop();
    });

    it('pages 2500 peerings with MaxResults 1000 and NextToken, each exactly once', async () => {
      const client = ec2For(large, 'app');
      const pages: number[] = [];
      const ids = new Set<string>();
      for await (const page of paginateDescribeVpcPeeringConnections(
        { client, pageSize: 1000 },
        {},
      )) {
        pages.push(page.VpcPeeringConnections?.length ?? 0);
        for (const p of page.VpcPeeringConnections ?? []) ids.add(p.VpcPeeringConnectionId ?? '');
      }
      assert.deepEqual(pages, [1000, 1000, 500]);
      assert.equal(ids.size, COUNT);
    });

    it('pages a filtered listing with small pages and ends without a token', async () => {
      const client = ec2For(large, 'app');
      let token: string | undefined;
      let seen = 0;
      let pages = 0;
      do {
        const out = await client.send(
          new DescribeVpcPeeringConnectionsCommand({
            MaxResults: 50,
            NextToken: token,
            Filters: [
              { Name: 'status-code', Values: ['pending-acceptance'] },
              { Name: 'tag:env', Values: ['prod'] },
            ],
          }),
        );
        for (const p of out.VpcPeeringConnections ?? []) {
          assert.equal(p.Status?.Code, 'pending-acceptance');
          assert.ok(p.Tags?.some((t) => t.Key === 'env' && t.Value === 'prod'));
        }
        seen += out.VpcPeeringConnections?.length ?? 0;
        token = out.NextToken;
        pages++;
      } while (token);
      // Every 20th peering is pending and every 3rd is env=prod: indices divisible by 60.
      assert.equal(seen, Math.ceil(COUNT / 60));
      assert.equal(pages, Math.ceil(seen / 50));
    });
  });

  describe('regions, VPCs, route tables, security groups, tags', () => {
    it('describes regions, and a named one', async () => {
      const out = await ec2For(sandbox, 'app').send(new DescribeRegionsCommand({}));
      const names = (out.Regions ?? []).map((r) => r.RegionName);
      assert.ok(names.includes('us-east-1') && names.includes('eu-west-1'));
      const one = await ec2For(sandbox, 'app').send(
        new DescribeRegionsCommand({ RegionNames: ['eu-west-1'] }),
      );
      assert.deepEqual(
        one.Regions?.map((r) => [r.RegionName, r.Endpoint, r.OptInStatus]),
        [['eu-west-1', 'ec2.eu-west-1.amazonaws.com', 'opt-in-not-required']],
      );
    });

    it('describes VPCs per account and region with their IPv4 and IPv6 associations', async () => {
      const east = await ec2For(sandbox, 'app').send(new DescribeVpcsCommand({}));
      assert.deepEqual(
        (east.Vpcs ?? []).map((v) => v.VpcId).sort(),
        [AWS_VPCS.app.id, AWS_VPCS.shared.id, AWS_VPCS.legacy.id].sort(),
      );
      const app = east.Vpcs?.find((v) => v.VpcId === AWS_VPCS.app.id);
      assert.equal(app?.CidrBlock, '10.10.0.0/16');
      assert.deepEqual(
        app?.CidrBlockAssociationSet?.map((a) => [a.CidrBlock, a.CidrBlockState?.State]),
        [
          ['10.10.0.0/16', 'associated'],
          ['10.11.0.0/16', 'associated'],
        ],
      );
      assert.equal(app?.Ipv6CidrBlockAssociationSet?.[0]?.Ipv6CidrBlock, AWS_VPCS.app.ipv6);
      assert.deepEqual(app?.Tags, [{ Key: 'Name', Value: 'app-vpc' }]);
      const west = await ec2For(sandbox, 'app', 'eu-west-1').send(new DescribeVpcsCommand({}));
      assert.deepEqual(
        west.Vpcs?.map((v) => v.VpcId),
        [AWS_VPCS.appEu.id],
      );
      const filtered = await ec2For(sandbox, 'app').send(
        new DescribeVpcsCommand({
          Filters: [{ Name: 'cidr-block-association.cidr-block', Values: ['10.11.0.0/16'] }],
        }),
      );
      assert.deepEqual(
        filtered.Vpcs?.map((v) => v.VpcId),
        [AWS_VPCS.app.id],
      );
      await expectEc2Error(
        ec2For(sandbox, 'app').send(new DescribeVpcsCommand({ VpcIds: [AWS_VPCS.data.id] })),
        'InvalidVpcID.NotFound',
      );
      await expectEc2Error(
        ec2For(sandbox, 'app').send(new DescribeVpcsCommand({ VpcIds: ['vpc-x'] })),
        'InvalidVpcID.Malformed',
      );
    });

    it('shows the main route tables, with the cross-region peering’s route missing on the eu side', async () => {
      const eu = await ec2For(sandbox, 'app', 'eu-west-1').send(
        new DescribeRouteTablesCommand({
          Filters: [
            { Name: 'vpc-id', Values: [AWS_VPCS.appEu.id] },
            { Name: 'association.main', Values: ['true'] },
          ],
        }),
      );
      assert.equal(eu.RouteTables?.length, 1);
      assert.deepEqual(
        eu.RouteTables?.[0].Routes?.map((r) => [r.DestinationCidrBlock, r.GatewayId, r.State]),
        [['10.20.0.0/16', 'local', 'active']],
      );
      const east = await ec2For(sandbox, 'app').send(
        new DescribeRouteTablesCommand({
          Filters: [
            {
              Name: 'route.vpc-peering-connection-id',
              Values: [AWS_PEERINGS.crossRegionMissingRoute],
            },
          ],
        }),
      );
      assert.deepEqual(
        east.RouteTables?.map((t) => t.VpcId),
        [AWS_VPCS.app.id],
      );
    });

    it('creates and deletes a route to a peering, refusing duplicates and foreign tables', async () => {
      const eu = ec2For(sandbox, 'app', 'eu-west-1');
      const rtb = `rtb-${AWS_VPCS.appEu.id.slice(4)}`;
      const pcx = AWS_PEERINGS.crossRegionMissingRoute;
      const created = await eu.send(
        new CreateRouteCommand({
          RouteTableId: rtb,
          DestinationCidrBlock: '10.10.0.0/16',
          VpcPeeringConnectionId: pcx,
        }),
      );
      assert.equal(created.Return, true);
      assert.match(
        await expectEc2Error(
          eu.send(
            new CreateRouteCommand({
              RouteTableId: rtb,
              DestinationCidrBlock: '10.10.0.0/16',
              VpcPeeringConnectionId: pcx,
            }),
          ),
          'RouteAlreadyExists',
        ),
        /10\.10\.0\.0\/16/,
      );
      const routes = await eu.send(new DescribeRouteTablesCommand({ RouteTableIds: [rtb] }));
      assert.deepEqual(
        routes.RouteTables?.[0].Routes?.map((r) => [r.DestinationCidrBlock, r.State]),
        [
          ['10.20.0.0/16', 'active'],
          ['10.10.0.0/16', 'active'],
        ],
      );
      await expectEc2Error(
        eu.send(
          new CreateRouteCommand({
            RouteTableId: rtb,
            DestinationCidrBlock: '10.11.0.0/16',
            VpcPeeringConnectionId: AWS_PEERINGS.activeDnsOff,
          }),
        ),
        'InvalidVpcPeeringConnectionID.NotFound',
      );
      await expectEc2Error(
        eu.send(
          new CreateRouteCommand({
            RouteTableId: rtb,
            DestinationCidrBlock: '10.11.0.0/33',
            VpcPeeringConnectionId: pcx,
          }),
        ),
        'InvalidParameterValue',
      );
      await expectEc2Error(
        eu.send(
          new CreateRouteCommand({
            RouteTableId: 'rtb-0123456789abcdef0',
            DestinationCidrBlock: '10.11.0.0/16',
            VpcPeeringConnectionId: pcx,
          }),
        ),
        'InvalidRouteTableID.NotFound',
      );
      await eu.send(
        new DeleteRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: '10.10.0.0/16' }),
      );
      await expectEc2Error(
        eu.send(
          new DeleteRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: '10.10.0.0/16' }),
        ),
        'InvalidRoute.NotFound',
      );
      await expectEc2Error(
        eu.send(
          new DeleteRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: '10.20.0.0/16' }),
        ),
        'InvalidParameterValue',
      );
    });

    it('shows the missing security-group rule on data’s side and lets it be added once', async () => {
      const data = ec2For(sandbox, 'data');
      const sgId = `sg-${AWS_VPCS.data.id.slice(4)}`;
      const before = await data.send(
        new DescribeSecurityGroupsCommand({
          Filters: [
            { Name: 'vpc-id', Values: [AWS_VPCS.data.id] },
            { Name: 'group-name', Values: ['default'] },
          ],
        }),
      );
      assert.deepEqual(
        before.SecurityGroups?.map((g) => g.GroupId),
        [sgId],
      );
      const cidrsBefore = before.SecurityGroups?.[0].IpPermissions?.flatMap(
        (p) => p.IpRanges?.map((r) => r.CidrIp) ?? [],
      );
      assert.ok(!cidrsBefore?.includes(AWS_VPCS.shared.cidrs[0]), 'no rule for shared yet');

      const permission = {
        IpProtocol: 'tcp',
        FromPort: 5432,
        ToPort: 5432,
        IpRanges: [{ CidrIp: AWS_VPCS.shared.cidrs[0], Description: 'from shared' }],
        Ipv6Ranges: [{ CidrIpv6: '2600:1f18:1a00::/56' }],
      };
      const out = await data.send(
        new AuthorizeSecurityGroupIngressCommand({ GroupId: sgId, IpPermissions: [permission] }),
      );
      assert.equal(out.Return, true);
      assert.equal(out.SecurityGroupRules?.length, 2);
      assert.equal(out.SecurityGroupRules?.[0].CidrIpv4, AWS_VPCS.shared.cidrs[0]);
      assert.equal(out.SecurityGroupRules?.[0].FromPort, 5432);
      const message = await expectEc2Error(
        data.send(
          new AuthorizeSecurityGroupIngressCommand({ GroupId: sgId, IpPermissions: [permission] }),
        ),
        'InvalidPermission.Duplicate',
      );
      assert.match(message, /peer: 10\.30\.0\.0\/16, TCP, from port: 5432, to port: 5432, ALLOW/);
      const after = await data.send(
        new DescribeSecurityGroupsCommand({
          GroupIds: [sgId],
          Filters: [{ Name: 'ip-permission.cidr', Values: [AWS_VPCS.shared.cidrs[0]] }],
        }),
      );
      const tcp = after.SecurityGroups?.[0].IpPermissions?.find((p) => p.IpProtocol === 'tcp');
      assert.deepEqual(tcp?.IpRanges, [{ CidrIp: '10.30.0.0/16', Description: 'from shared' }]);
      assert.deepEqual(tcp?.Ipv6Ranges, [{ CidrIpv6: '2600:1f18:1a00::/56' }]);

      await expectEc2Error(
        data.send(
          new AuthorizeSecurityGroupIngressCommand({
            GroupId: sgId,
            IpPermissions: [{ IpProtocol: 'tcp', IpRanges: [{ CidrIp: '10.0.0.0/8' }] }],
          }),
        ),
        'InvalidParameterValue',
      );
      await expectEc2Error(
        data.send(
          new AuthorizeSecurityGroupIngressCommand({
            GroupId: `sg-${AWS_VPCS.app.id.slice(4)}`,
            IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '10.0.0.0/8' }] }],
          }),
        ),
        'InvalidGroup.NotFound',
      );
    });

    it('tags VPCs, route tables and security groups, and refuses unknown resources', async () => {
      const app = ec2For(sandbox, 'app');
      const rtb = `rtb-${AWS_VPCS.app.id.slice(4)}`;
      await app.send(
        new CreateTagsCommand({
          Resources: [AWS_VPCS.app.id, rtb],
          Tags: [{ Key: 'cost-center', Value: '42' }],
        }),
      );
      const vpcs = await app.send(
        new DescribeVpcsCommand({ Filters: [{ Name: 'tag:cost-center', Values: ['42'] }] }),
      );
      assert.deepEqual(
        vpcs.Vpcs?.map((v) => v.VpcId),
        [AWS_VPCS.app.id],
      );
      const tables = await app.send(
        new DescribeRouteTablesCommand({ Filters: [{ Name: 'tag-key', Values: ['cost-center'] }] }),
      );
      assert.deepEqual(
        tables.RouteTables?.map((t) => t.RouteTableId),
        [rtb],
      );
      await expectEc2Error(
        app.send(
          new CreateTagsCommand({
            Resources: [AWS_VPCS.data.id],
            Tags: [{ Key: 'k', Value: 'v' }],
          }),
        ),
        'InvalidVpcID.NotFound',
      );
      await expectEc2Error(
        app.send(
          new CreateTagsCommand({
            Resources: [AWS_VPCS.app.id],
            Tags: [{ Key: 'aws:x', Value: '' }],
          }),
        ),
        'InvalidParameterValue',
      );
    });
  });
});
