/**
 * A client builds its own world over the sandbox's EC2 API with the real
 * @aws-sdk/client-ec2: CreateVpc, AssociateVpcCidrBlock, a peering with
 * routes, ReplaceRoute, DisassociateVpcCidrBlock and DeleteVpc, and EC2's
 * errors for each (codes from the EC2 API reference; shapes from botocore).
 */
import * as assert from 'node:assert/strict';
import {
  AcceptVpcPeeringConnectionCommand,
  AssociateVpcCidrBlockCommand,
  CreateRouteCommand,
  CreateVpcCommand,
  CreateVpcPeeringConnectionCommand,
  DeleteVpcCommand,
  DeleteVpcPeeringConnectionCommand,
  DescribeRouteTablesCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
  DisassociateVpcCidrBlockCommand,
  ReplaceRouteCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { startSandbox } from '../../../src/sandbox/server';
import { AWS_VPCS } from '../../../src/sandbox/worlds/demoTopology';
import { ec2For, expectEc2Error } from './aws-harness';

describe('sandbox AWS: building VPCs over the API (SDK)', function () {
  this.timeout(60_000);
  let sandbox: RunningSandbox;
  let ec2: EC2Client;

  before(async () => {
    sandbox = await startSandbox({ world: 'demo', operationDelayMs: 200 });
  });
  after(async () => {
    ec2?.destroy();
    await sandbox?.stop();
  });
  beforeEach(() => {
    sandbox.admin.reset('demo');
    ec2 = ec2For(sandbox, 'data');
  });

  async function createVpc(cidr: string, name?: string): Promise<string> {
    const out = await ec2.send(
      new CreateVpcCommand({
        CidrBlock: cidr,
        TagSpecifications: name
          ? [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: name }] }]
          : undefined,
      }),
    );
    assert.ok(out.Vpc?.VpcId);
    return out.Vpc.VpcId;
  }

  async function mainTable(vpcId: string) {
    const tables = await ec2.send(
      new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }),
    );
    assert.equal(tables.RouteTables?.length, 1);
    return tables.RouteTables[0];
  }

  it('builds a VPC, adds a secondary CIDR, peers it, routes through it and deletes it', async () => {
    const created = await ec2.send(
      new CreateVpcCommand({
        CidrBlock: '10.80.0.0/16',
        TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'built' }] }],
      }),
    );
    const vpc = created.Vpc;
    assert.ok(vpc?.VpcId);
    assert.match(vpc.VpcId, /^vpc-[0-9a-f]{17}$/);
    assert.equal(vpc.CidrBlock, '10.80.0.0/16');
    assert.equal(vpc.State, 'pending');
    assert.equal(vpc.OwnerId, '222222222222');
    assert.deepEqual(vpc.Tags, [{ Key: 'Name', Value: 'built' }]);
    const vpcId = vpc.VpcId;

    const added = await ec2.send(
      new AssociateVpcCidrBlockCommand({ VpcId: vpcId, CidrBlock: '10.81.0.0/16' }),
    );
    assert.equal(added.VpcId, vpcId);
    assert.equal(added.CidrBlockAssociation?.CidrBlock, '10.81.0.0/16');
    assert.equal(added.CidrBlockAssociation?.CidrBlockState?.State, 'associating');
    assert.match(added.CidrBlockAssociation?.AssociationId ?? '', /^vpc-cidr-assoc-/);

    const described = await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }));
    assert.deepEqual(
      described.Vpcs?.[0].CidrBlockAssociationSet?.map((a) => [
        a.CidrBlock,
        a.CidrBlockState?.State,
      ]),
      [
        ['10.80.0.0/16', 'associated'],
        ['10.81.0.0/16', 'associated'],
      ],
    );
    assert.equal(described.Vpcs?.[0].State, 'available');
    const table = await mainTable(vpcId);
    assert.deepEqual(
      table.Routes?.map((r) => [r.DestinationCidrBlock, r.GatewayId]),
      [
        ['10.80.0.0/16', 'local'],
        ['10.81.0.0/16', 'local'],
      ],
    );

    // Peer it with the account's data VPC (same account and region: accepted by the same caller).
    const requested = await ec2.send(
      new CreateVpcPeeringConnectionCommand({ VpcId: vpcId, PeerVpcId: AWS_VPCS.data.id }),
    );
    const pcxId = requested.VpcPeeringConnection?.VpcPeeringConnectionId;
    assert.ok(pcxId);
    sandbox.admin.advanceClock(1000);
    await ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pcxId }));
    sandbox.admin.advanceClock(1000);
    const peering = await ec2.send(
      new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [pcxId] }),
    );
    const info = peering.VpcPeeringConnections?.[0];
    assert.equal(info?.Status?.Code, 'active');
    assert.deepEqual(
      info?.RequesterVpcInfo?.CidrBlockSet?.map((c) => c.CidrBlock),
      ['10.80.0.0/16', '10.81.0.0/16'],
    );
    await ec2.send(
      new CreateRouteCommand({
        RouteTableId: table.RouteTableId,
        DestinationCidrBlock: '10.40.0.0/16',
        VpcPeeringConnectionId: pcxId,
      }),
    );
    // A route's destination is taken: a block as large as it cannot be added any more.
    await expectEc2Error(
      ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpcId, CidrBlock: '10.40.0.0/16' })),
      'InvalidVpc.Range',
    );

    const blocked = await expectEc2Error(
      ec2.send(new DeleteVpcCommand({ VpcId: vpcId })),
      'DependencyViolation',
    );
    assert.match(blocked, new RegExp(`'${vpcId}' has dependencies`));

    await ec2.send(
      new DisassociateVpcCidrBlockCommand({
        AssociationId: added.CidrBlockAssociation?.AssociationId,
      }),
    );
    assert.deepEqual(
      (await mainTable(vpcId)).Routes?.map((r) => r.DestinationCidrBlock),
      ['10.80.0.0/16', '10.40.0.0/16'],
    );

    await ec2.send(new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pcxId }));
    const deleted = await ec2.send(new DeleteVpcCommand({ VpcId: vpcId }));
    assert.equal(deleted.$metadata.httpStatusCode, 200);
    await expectEc2Error(
      ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] })),
      'InvalidVpcID.NotFound',
    );
    await expectEc2Error(
      ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [table.RouteTableId as string] })),
      'InvalidRouteTableID.NotFound',
    );
    await expectEc2Error(ec2.send(new DeleteVpcCommand({ VpcId: vpcId })), 'InvalidVpcID.NotFound');
  });

  it('refuses blocks outside /16 to /28, restricted ranges and malformed CIDRs', async () => {
    for (const cidr of ['10.0.0.0/8', '10.0.0.0/15', '10.0.0.0/29', '127.0.0.0/16']) {
      const message = await expectEc2Error(
        ec2.send(new CreateVpcCommand({ CidrBlock: cidr })),
        'InvalidVpc.Range',
      );
      assert.equal(message, `The CIDR '${cidr}' is invalid.`);
    }
    await expectEc2Error(
      ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.1/16' })),
      'InvalidParameterValue',
    );
    await expectEc2Error(ec2.send(new CreateVpcCommand({})), 'MissingParameter');
    await expectEc2Error(
      ec2.send(new CreateVpcCommand({ CidrBlock: '10.90.0.0/16', InstanceTenancy: 'dedicated' })),
      'InvalidParameterValue',
    );
  });

  it('limits VPCs per region and blocks per VPC, and refuses overlapping or restricted secondary blocks', async () => {
    // The data account holds one VPC in us-east-1; the default quota is 5.
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await createVpc(`10.${90 + i}.0.0/16`));
    await expectEc2Error(
      ec2.send(new CreateVpcCommand({ CidrBlock: '10.99.0.0/16' })),
      'VpcLimitExceeded',
    );
    const vpcId = ids[0];
    for (let i = 1; i <= 4; i++) {
      await ec2.send(
        new AssociateVpcCidrBlockCommand({ VpcId: vpcId, CidrBlock: `10.${100 + i}.0.0/16` }),
      );
    }
    const full = await expectEc2Error(
      ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: vpcId, CidrBlock: '10.120.0.0/16' })),
      'CidrLimitExceeded',
    );
    assert.equal(full, `This network '${vpcId}' has met its maximum number of allowed CIDRs: 5`);

    const other = ids[1];
    await expectEc2Error(
      ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: other, CidrBlock: '10.91.128.0/17' })),
      'InvalidVpc.Range',
    );
    const restricted = await expectEc2Error(
      ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: other, CidrBlock: '192.168.0.0/16' })),
      'InvalidVpc.Range',
    );
    assert.match(restricted, /same private address range/);
    await expectEc2Error(
      ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: other, CidrBlock: '10.0.0.0/12' })),
      'InvalidVpc.Range',
    );
    await expectEc2Error(
      ec2.send(
        new AssociateVpcCidrBlockCommand({
          VpcId: 'vpc-0000000000000dead',
          CidrBlock: '10.1.0.0/16',
        }),
      ),
      'InvalidVpcID.NotFound',
    );
    // Another account's VPC does not exist for this caller.
    await expectEc2Error(
      ec2.send(
        new AssociateVpcCidrBlockCommand({ VpcId: AWS_VPCS.app.id, CidrBlock: '10.1.0.0/16' }),
      ),
      'InvalidVpcID.NotFound',
    );
  });

  it('keeps the primary block and names unknown associations', async () => {
    const vpcId = await createVpc('10.90.0.0/16');
    const vpc = (await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs?.[0];
    const primary = vpc?.CidrBlockAssociationSet?.[0].AssociationId;
    assert.ok(primary);
    await expectEc2Error(
      ec2.send(new DisassociateVpcCidrBlockCommand({ AssociationId: primary })),
      'OperationNotPermitted',
    );
    await expectEc2Error(
      ec2.send(
        new DisassociateVpcCidrBlockCommand({ AssociationId: 'vpc-cidr-assoc-0000000000000dead' }),
      ),
      'InvalidVpcCidrBlockAssociationID.NotFound',
    );
  });

  it('ReplaceRoute points a blackhole route left by a deleted peering at a new peering', async () => {
    const vpcId = await createVpc('10.90.0.0/16');
    const table = await mainTable(vpcId);
    const peer = async () => {
      const out = await ec2.send(
        new CreateVpcPeeringConnectionCommand({ VpcId: vpcId, PeerVpcId: AWS_VPCS.data.id }),
      );
      const id = out.VpcPeeringConnection?.VpcPeeringConnectionId as string;
      sandbox.admin.advanceClock(1000);
      await ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }));
      sandbox.admin.advanceClock(1000);
      return id;
    };
    const old = await peer();
    const route = {
      RouteTableId: table.RouteTableId,
      DestinationCidrBlock: '10.40.0.0/16',
    };
    await ec2.send(new CreateRouteCommand({ ...route, VpcPeeringConnectionId: old }));
    await ec2.send(new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: old }));
    const stateOf = async () =>
      (await mainTable(vpcId)).Routes?.find((r) => r.DestinationCidrBlock === '10.40.0.0/16');
    assert.equal((await stateOf())?.State, 'blackhole');

    const fresh = await peer();
    await expectEc2Error(
      ec2.send(new CreateRouteCommand({ ...route, VpcPeeringConnectionId: fresh })),
      'RouteAlreadyExists',
    );
    await ec2.send(new ReplaceRouteCommand({ ...route, VpcPeeringConnectionId: fresh }));
    const replaced = await stateOf();
    assert.equal(replaced?.VpcPeeringConnectionId, fresh);
    assert.equal(replaced?.State, 'active');

    const missing = await expectEc2Error(
      ec2.send(
        new ReplaceRouteCommand({
          ...route,
          DestinationCidrBlock: '10.41.0.0/16',
          VpcPeeringConnectionId: fresh,
        }),
      ),
      'InvalidParameterValue',
    );
    assert.match(missing, /Use CreateRoute instead/);
    await expectEc2Error(
      ec2.send(
        new ReplaceRouteCommand({
          ...route,
          DestinationCidrBlock: '10.90.0.0/16',
          VpcPeeringConnectionId: fresh,
        }),
      ),
      'InvalidParameterValue',
    );
  });
});
