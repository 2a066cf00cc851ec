/**
 * The VPC peering lifecycle, driven end to end by the real @aws-sdk/client-ec2
 * against the sandbox's demo world: create, accept (and who may not), reject,
 * delete (routes turn blackhole), expiry, overlap, duplicates, options.
 */
import * as assert from 'node:assert/strict';
import {
  AcceptVpcPeeringConnectionCommand,
  CreateVpcPeeringConnectionCommand,
  DeleteVpcPeeringConnectionCommand,
  DescribeRouteTablesCommand,
  DescribeVpcPeeringConnectionsCommand,
  ModifyVpcPeeringConnectionOptionsCommand,
  RejectVpcPeeringConnectionCommand,
  type VpcPeeringConnection,
} from '@aws-sdk/client-ec2';
import type { RunningSandbox } from '../../../src/sandbox/api';
import { startSandbox } from '../../../src/sandbox/server';
import { AWS_ACCOUNTS, AWS_PEERINGS, AWS_VPCS } from '../../../src/sandbox/worlds/demoTopology';
import { DAY_MS, ec2For, expectEc2Error, HOUR_MS, type DemoAccount } from './aws-harness';

describe('sandbox AWS: VPC peering lifecycle through @aws-sdk/client-ec2', function () {
  let sandbox: RunningSandbox;

  before(async () => {
    // Long enough that a slow machine cannot skip initiating-request by itself.
    sandbox = await startSandbox({ world: 'demo', operationDelayMs: 5000 });
  });
  after(async () => {
    await sandbox?.stop();
  });
  beforeEach(() => sandbox.admin.reset('demo'));

  async function describeOne(
    account: DemoAccount,
    id: string,
    region = 'us-east-1',
  ): Promise<VpcPeeringConnection> {
    const out = await ec2For(sandbox, account, region).send(
      new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [id] }),
    );
    assert.equal(out.VpcPeeringConnections?.length, 1);
    return out.VpcPeeringConnections[0];
  }

  async function statusOf(account: DemoAccount, id: string, region = 'us-east-1') {
    return (await describeOne(account, id, region)).Status?.Code;
  }

  /** Moves the sandbox clock past initiating-request / provisioning. */
  const settle = () => sandbox.admin.advanceClock(6000);

  it('runs a cross-account request through initiating-request, pending-acceptance, provisioning to active', async () => {
    const app = ec2For(sandbox, 'app');
    const created = await app.send(
      new CreateVpcPeeringConnectionCommand({
        VpcId: AWS_VPCS.app.id,
        PeerVpcId: AWS_VPCS.emqx.id,
        PeerOwnerId: AWS_ACCOUNTS.emqx.accountId,
        TagSpecifications: [
          { ResourceType: 'vpc-peering-connection', Tags: [{ Key: 'Name', Value: 'app-to-emqx' }] },
        ],
      }),
    );
    const pcx = created.VpcPeeringConnection;
    assert.match(pcx?.VpcPeeringConnectionId ?? '', /^pcx-[0-9a-f]{17}$/);
    const id = pcx!.VpcPeeringConnectionId!;
    assert.equal(pcx?.Status?.Code, 'initiating-request');
    assert.equal(pcx?.Status?.Message, `Initiating Request to ${AWS_ACCOUNTS.emqx.accountId}`);
    assert.equal(pcx?.RequesterVpcInfo?.OwnerId, AWS_ACCOUNTS.app.accountId);
    assert.deepEqual(
      pcx?.RequesterVpcInfo?.CidrBlockSet?.map((c) => c.CidrBlock),
      AWS_VPCS.app.cidrs,
    );
    assert.equal(pcx?.AccepterVpcInfo?.VpcId, AWS_VPCS.emqx.id);
    assert.equal(
      pcx?.AccepterVpcInfo?.CidrBlock,
      undefined,
      'accepter blocks appear on acceptance',
    );
    const expires = pcx?.ExpirationTime?.getTime() ?? 0;
    assert.ok(Math.abs(expires - (sandbox.admin.now() + 7 * DAY_MS)) < 5000, 'expires in 7 days');
    assert.deepEqual(pcx?.Tags, [{ Key: 'Name', Value: 'app-to-emqx' }]);

    // The accepter does not see the request until it is pending-acceptance.
    await expectEc2Error(
      ec2For(sandbox, 'emqx').send(
        new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [id] }),
      ),
      'InvalidVpcPeeringConnectionID.NotFound',
    );
    settle();
    assert.equal(await statusOf('app', id), 'pending-acceptance');
    const seenByAccepter = await describeOne('emqx', id);
    assert.equal(seenByAccepter.Status?.Code, 'pending-acceptance');
    assert.deepEqual(seenByAccepter.Tags, [], "the requester's tags stay on its side");

    const accepted = await ec2For(sandbox, 'emqx').send(
      new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }),
    );
    assert.equal(accepted.VpcPeeringConnection?.Status?.Code, 'provisioning');
    assert.equal(accepted.VpcPeeringConnection?.AccepterVpcInfo?.CidrBlock, AWS_VPCS.emqx.cidrs[0]);
    assert.equal(accepted.VpcPeeringConnection?.ExpirationTime, undefined);
    settle();
    assert.equal(await statusOf('app', id), 'active');
    assert.equal(await statusOf('emqx', id), 'active');
  });

  it('refuses acceptance by the requester, by an unrelated account and in the wrong region', async () => {
    const pending = AWS_PEERINGS.pendingCrossAccount; // data → app
    const byRequester = await expectEc2Error(
      ec2For(sandbox, 'data').send(
        new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pending }),
      ),
      'OperationNotPermitted',
    );
    assert.match(byRequester, /cannot accept/);
    await expectEc2Error(
      ec2For(sandbox, 'emqx').send(
        new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pending }),
      ),
      'InvalidVpcPeeringConnectionID.NotFound',
    );
    // Cross-account: the accepter's other region does not hold the peering at all.
    await expectEc2Error(
      ec2For(sandbox, 'app', 'eu-west-1').send(
        new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pending }),
      ),
      'InvalidVpcPeeringConnectionID.NotFound',
    );
    assert.equal(await statusOf('app', pending), 'pending-acceptance');
  });

  it('accepts an inter-region request only in the accepter region, and both regions show it', async () => {
    const id = (
      await ec2For(sandbox, 'app').send(
        new CreateVpcPeeringConnectionCommand({
          VpcId: AWS_VPCS.shared.id,
          PeerVpcId: AWS_VPCS.appEu.id,
          PeerRegion: 'eu-west-1',
        }),
      )
    ).VpcPeeringConnection!.VpcPeeringConnectionId!;
    settle();
    const message = await expectEc2Error(
      ec2For(sandbox, 'app', 'us-east-1').send(
        new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }),
      ),
      'OperationNotPermitted',
    );
    assert.match(message, /must be accepted in region eu-west-1/);
    await ec2For(sandbox, 'app', 'eu-west-1').send(
      new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }),
    );
    settle();
    const east = await describeOne('app', id, 'us-east-1');
    const west = await describeOne('app', id, 'eu-west-1');
    assert.equal(east.Status?.Code, 'active');
    assert.equal(west.Status?.Code, 'active');
    assert.equal(east.AccepterVpcInfo?.Region, 'eu-west-1');
    assert.equal(west.RequesterVpcInfo?.Region, 'us-east-1');
  });

  it('rejects: the accepter only, then visible 2 hours to the accepter and 2 days to the requester', async () => {
    const pending = AWS_PEERINGS.pendingCrossAccount; // data → app
    await expectEc2Error(
      ec2For(sandbox, 'data').send(
        new RejectVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pending }),
      ),
      'OperationNotPermitted',
    );
    const out = await ec2For(sandbox, 'app').send(
      new RejectVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pending }),
    );
    assert.equal(out.Return, true);
    assert.equal(await statusOf('app', pending), 'rejected');
    assert.equal(await statusOf('data', pending), 'rejected');
    await expectEc2Error(
      ec2For(sandbox, 'app').send(
        new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pending }),
      ),
      'InvalidStateTransition',
    );
    sandbox.admin.advanceClock(3 * HOUR_MS);
    await expectEc2Error(
      ec2For(sandbox, 'app').send(
        new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [pending] }),
      ),
      'InvalidVpcPeeringConnectionID.NotFound',
    );
    assert.equal(await statusOf('data', pending), 'rejected');
    sandbox.admin.advanceClock(2 * DAY_MS);
    await expectEc2Error(
      ec2For(sandbox, 'data').send(
        new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [pending] }),
      ),
      'InvalidVpcPeeringConnectionID.NotFound',
    );
  });

  it('deletes an active peering from either side and turns its routes into blackholes', async () => {
    const id = AWS_PEERINGS.activeDnsOff; // app ↔ shared, routes both ways
    const app = ec2For(sandbox, 'app');
    const routesVia = async () => {
      const out = await app.send(
        new DescribeRouteTablesCommand({
          Filters: [{ Name: 'route.vpc-peering-connection-id', Values: [id] }],
        }),
      );
      return (out.RouteTables ?? []).flatMap((t) =>
        (t.Routes ?? []).filter((r) => r.VpcPeeringConnectionId === id).map((r) => r.State),
      );
    };
    // app routes to shared's block; shared routes to both of app's blocks.
    assert.deepEqual(await routesVia(), ['active', 'active', 'active']);
    const out = await app.send(
      new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }),
    );
    assert.equal(out.Return, true);
    const deleted = await describeOne('app', id);
    assert.equal(deleted.Status?.Code, 'deleted');
    assert.equal(deleted.Status?.Message, `Deleted by ${AWS_ACCOUNTS.app.accountId}`);
    assert.deepEqual(await routesVia(), ['blackhole', 'blackhole', 'blackhole']);
    await expectEc2Error(
      app.send(new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id })),
      'InvalidStateTransition',
    );
    // Within one account a deleted peering stays visible for 2 hours.
    sandbox.admin.advanceClock(2 * HOUR_MS + 1000);
    await expectEc2Error(
      app.send(new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [id] })),
      'InvalidVpcPeeringConnectionID.NotFound',
    );
    assert.deepEqual(await routesVia(), ['blackhole', 'blackhole', 'blackhole']);

    // The accepter of a cross-account active peering may delete it too.
    const crossAccount = AWS_PEERINGS.sharedDataMissingRule; // shared (app) ↔ data
    await ec2For(sandbox, 'data').send(
      new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: crossAccount }),
    );
    assert.equal(await statusOf('app', crossAccount), 'deleted');
  });

  it('lets only the requester withdraw a pending request', async () => {
    const pending = AWS_PEERINGS.pendingCrossAccount; // data → app
    await expectEc2Error(
      ec2For(sandbox, 'app').send(
        new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pending }),
      ),
      'OperationNotPermitted',
    );
    await ec2For(sandbox, 'data').send(
      new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pending }),
    );
    assert.equal(await statusOf('data', pending), 'deleted');
    // Cross-account: the other party sees it for 2 days, the deleter for 2 hours.
    sandbox.admin.advanceClock(3 * HOUR_MS);
    assert.equal(await statusOf('app', pending), 'deleted');
    await expectEc2Error(
      ec2For(sandbox, 'data').send(
        new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [pending] }),
      ),
      'InvalidVpcPeeringConnectionID.NotFound',
    );
  });

  it('expires a pending request after 7 days of sandbox clock and drops it 2 days later', async () => {
    const pending = AWS_PEERINGS.pendingCrossAccount;
    assert.equal(await statusOf('app', pending), 'pending-acceptance');
    sandbox.admin.advanceClock(7 * DAY_MS);
    const expired = await describeOne('app', pending);
    assert.equal(expired.Status?.Code, 'expired');
    assert.equal(await statusOf('data', pending), 'expired');
    await expectEc2Error(
      ec2For(sandbox, 'app').send(
        new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pending }),
      ),
      'InvalidStateTransition',
    );
    await expectEc2Error(
      ec2For(sandbox, 'data').send(
        new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: pending }),
      ),
      'InvalidStateTransition',
    );
    sandbox.admin.advanceClock(2 * DAY_MS);
    await expectEc2Error(
      ec2For(sandbox, 'app').send(
        new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [pending] }),
      ),
      'InvalidVpcPeeringConnectionID.NotFound',
    );
  });

  it('fails a request between overlapping VPCs, or to a VPC the peer account does not have', async () => {
    const app = ec2For(sandbox, 'app');
    const overlap = await app.send(
      new CreateVpcPeeringConnectionCommand({
        VpcId: AWS_VPCS.legacy.id,
        PeerVpcId: AWS_VPCS.app.id,
      }),
    );
    const id = overlap.VpcPeeringConnection!.VpcPeeringConnectionId!;
    assert.equal(overlap.VpcPeeringConnection?.Status?.Code, 'initiating-request');
    settle();
    const failed = await describeOne('app', id);
    assert.equal(failed.Status?.Code, 'failed');
    assert.equal(
      failed.Status?.Message,
      'Failed due to incorrect VPC-ID, Account ID, or overlapping CIDR range',
    );
    await expectEc2Error(
      app.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id })),
      'InvalidStateTransition',
    );
    // The data VPC exists, but not in the emqx account the request names.
    const wrongOwner = await app.send(
      new CreateVpcPeeringConnectionCommand({
        VpcId: AWS_VPCS.app.id,
        PeerVpcId: AWS_VPCS.data.id,
        PeerOwnerId: AWS_ACCOUNTS.emqx.accountId,
      }),
    );
    settle();
    const wrongId = wrongOwner.VpcPeeringConnection!.VpcPeeringConnectionId!;
    assert.equal(await statusOf('app', wrongId), 'failed');
    // A failed request stays visible to the requester for 2 hours.
    sandbox.admin.advanceClock(2 * HOUR_MS);
    await expectEc2Error(
      app.send(new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [id] })),
      'InvalidVpcPeeringConnectionID.NotFound',
    );
  });

  it('returns the existing peering for a same-direction duplicate (terraform-provider-aws#27750)', async () => {
    const app = ec2For(sandbox, 'app');
    // app → appEu is active already (requested by app): the same request returns it.
    const again = await app.send(
      new CreateVpcPeeringConnectionCommand({
        VpcId: AWS_VPCS.app.id,
        PeerVpcId: AWS_VPCS.appEu.id,
        PeerRegion: 'eu-west-1',
      }),
    );
    assert.equal(
      again.VpcPeeringConnection?.VpcPeeringConnectionId,
      AWS_PEERINGS.crossRegionMissingRoute,
    );
    assert.equal(again.VpcPeeringConnection?.Status?.Code, 'active');
    // data → app is pending: data asking again gets the same pending request.
    const data = ec2For(sandbox, 'data');
    const pending = await data.send(
      new CreateVpcPeeringConnectionCommand({
        VpcId: AWS_VPCS.data.id,
        PeerVpcId: AWS_VPCS.app.id,
        PeerOwnerId: AWS_ACCOUNTS.app.accountId,
      }),
    );
    assert.equal(
      pending.VpcPeeringConnection?.VpcPeeringConnectionId,
      AWS_PEERINGS.pendingCrossAccount,
    );
    assert.equal(pending.VpcPeeringConnection?.Status?.Code, 'pending-acceptance');
    const listed = await data.send(
      new DescribeVpcPeeringConnectionsCommand({
        Filters: [
          { Name: 'requester-vpc-info.vpc-id', Values: [AWS_VPCS.data.id] },
          { Name: 'accepter-vpc-info.vpc-id', Values: [AWS_VPCS.app.id] },
        ],
      }),
    );
    assert.equal(listed.VpcPeeringConnections?.length, 1, 'nothing new was created');
  });

  it('creates a reverse-direction duplicate whose accept fails with VpcPeeringConnectionAlreadyExists (terraform-provider-aws#44315)', async () => {
    const app = ec2For(sandbox, 'app');
    const data = ec2For(sandbox, 'data');
    // data → app is pending; app → data is the same pair the other way round.
    const reverse = await app.send(
      new CreateVpcPeeringConnectionCommand({
        VpcId: AWS_VPCS.app.id,
        PeerVpcId: AWS_VPCS.data.id,
        PeerOwnerId: AWS_ACCOUNTS.data.accountId,
      }),
    );
    const id = reverse.VpcPeeringConnection!.VpcPeeringConnectionId!;
    assert.notEqual(id, AWS_PEERINGS.pendingCrossAccount);
    assert.equal(reverse.VpcPeeringConnection?.Status?.Code, 'initiating-request');
    settle();
    assert.equal(await statusOf('data', id), 'pending-acceptance');
    const message = await expectEc2Error(
      data.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id })),
      'VpcPeeringConnectionAlreadyExists',
    );
    assert.match(
      message,
      new RegExp(`The vpc peering connection identified by ${id} already exists`),
    );
    assert.equal(
      await statusOf('data', id),
      'pending-acceptance',
      'the refused accept changed nothing',
    );
    // The first request can still be accepted; once it is rejected instead, the reverse one can.
    await app.send(
      new RejectVpcPeeringConnectionCommand({
        VpcPeeringConnectionId: AWS_PEERINGS.pendingCrossAccount,
      }),
    );
    await data.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }));
    settle();
    assert.equal(await statusOf('app', id), 'active');
  });

  it('modifies peering options only while active, and each side only by its owner', async () => {
    const app = ec2For(sandbox, 'app');
    const message = await expectEc2Error(
      app.send(
        new ModifyVpcPeeringConnectionOptionsCommand({
          VpcPeeringConnectionId: AWS_PEERINGS.pendingCrossAccount,
          AccepterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true },
        }),
      ),
      'OperationNotPermitted',
    );
    assert.match(message, /not active/);

    const dnsOff = AWS_PEERINGS.activeDnsOff;
    const listedBefore = await app.send(new DescribeVpcPeeringConnectionsCommand({}));
    assert.ok(listedBefore.VpcPeeringConnections?.some((p) => p.VpcPeeringConnectionId === dnsOff));
    const before = await describeOne('app', dnsOff);
    assert.equal(before.RequesterVpcInfo?.PeeringOptions?.AllowDnsResolutionFromRemoteVpc, false);
    const out = await app.send(
      new ModifyVpcPeeringConnectionOptionsCommand({
        VpcPeeringConnectionId: dnsOff,
        RequesterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true },
        AccepterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true },
      }),
    );
    assert.equal(out.RequesterPeeringConnectionOptions?.AllowDnsResolutionFromRemoteVpc, true);
    assert.equal(out.AccepterPeeringConnectionOptions?.AllowDnsResolutionFromRemoteVpc, true);
    const after = await describeOne('app', dnsOff);
    assert.equal(after.RequesterVpcInfo?.PeeringOptions?.AllowDnsResolutionFromRemoteVpc, true);
    assert.equal(after.AccepterVpcInfo?.PeeringOptions?.AllowDnsResolutionFromRemoteVpc, true);
    const listedAfter = await app.send(new DescribeVpcPeeringConnectionsCommand({}));
    const listed = listedAfter.VpcPeeringConnections?.find(
      (p) => p.VpcPeeringConnectionId === dnsOff,
    );
    assert.equal(listed?.RequesterVpcInfo?.PeeringOptions?.AllowDnsResolutionFromRemoteVpc, true);

    // shared (app account) ↔ data: app may not set data's side.
    await expectEc2Error(
      app.send(
        new ModifyVpcPeeringConnectionOptionsCommand({
          VpcPeeringConnectionId: AWS_PEERINGS.sharedDataMissingRule,
          AccepterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: false },
        }),
      ),
      'OperationNotPermitted',
    );
    // Deleted: no longer active.
    await app.send(new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: dnsOff }));
    await expectEc2Error(
      app.send(
        new ModifyVpcPeeringConnectionOptionsCommand({
          VpcPeeringConnectionId: dnsOff,
          RequesterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: false },
        }),
      ),
      'OperationNotPermitted',
    );
  });
});
