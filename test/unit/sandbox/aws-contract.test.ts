/**
 * The functions other sandbox services call on the AWS state (Dragonfly Cloud
 * creates the AWS side of its connections and reads their status).
 */
import * as assert from 'node:assert/strict';
import { acceptPeering, sweepGonePeerings } from '../../../src/sandbox/aws/lifecycle';
import {
  awsDeletePeering,
  awsFindVpc,
  awsPeeringStatus,
  awsRequestPeering,
  awsScope,
} from '../../../src/sandbox/aws/state';
import { SandboxClock } from '../../../src/sandbox/clock';
import { SeededRandom } from '../../../src/sandbox/random';
import type { World } from '../../../src/sandbox/world';
import { buildWorld } from '../../../src/sandbox/worlds';
import { AWS_ACCOUNTS, AWS_PEERINGS, AWS_VPCS } from '../../../src/sandbox/worlds/demoTopology';
import { DAY_MS, HOUR_MS } from './aws-harness';

describe('sandbox AWS: contract for other sandbox services', () => {
  let clock: SandboxClock;
  let world: World;
  const ctx = () => ({ clock, random: new SeededRandom(7), operationDelayMs: 5000 });

  beforeEach(() => {
    clock = new SandboxClock();
    world = buildWorld('demo', { clock, random: new SeededRandom(1) });
  });

  it('finds VPCs by id with their account, region and IPv4 blocks', () => {
    assert.deepEqual(awsFindVpc(world.aws, AWS_VPCS.app.id), {
      accountId: AWS_ACCOUNTS.app.accountId,
      region: 'us-east-1',
      cidrs: ['10.10.0.0/16', '10.11.0.0/16'],
    });
    assert.equal(awsFindVpc(world.aws, 'vpc-0000000000000dead'), undefined);
  });

  it('reports the demo Dragonfly peering as pending-acceptance', () => {
    assert.equal(
      awsPeeringStatus(world.aws, clock, AWS_PEERINGS.dragonflyPending),
      'pending-acceptance',
    );
    assert.equal(awsPeeringStatus(world.aws, clock, 'pcx-0000000000000dead'), undefined);
  });

  it('requests a peering that runs the same lifecycle as CreateVpcPeeringConnection', () => {
    const result = awsRequestPeering(world.aws, ctx(), {
      requesterAccountId: AWS_ACCOUNTS.dragonfly.accountId,
      requesterRegion: 'us-east-1',
      requesterVpcId: AWS_VPCS.dragonfly.id,
      accepterAccountId: AWS_ACCOUNTS.app.accountId,
      accepterRegion: 'us-east-1',
      accepterVpcId: AWS_VPCS.shared.id,
      tags: { 'dragonfly:connection': 'conn-1' },
    });
    assert.ok('id' in result, JSON.stringify(result));
    const id = result.id;
    assert.equal(awsPeeringStatus(world.aws, clock, id), 'initiating-request');
    clock.advance(6000);
    assert.equal(awsPeeringStatus(world.aws, clock, id), 'pending-acceptance');

    const peering = world.aws.peerings.get(id);
    assert.ok(peering);
    assert.equal(peering.requester.tags.get('dragonfly:connection'), 'conn-1');
    acceptPeering(
      world.aws,
      peering,
      awsScope(world.aws, AWS_ACCOUNTS.app.accountId, 'us-east-1'),
      clock.now(),
    );
    clock.advance(6000);
    assert.equal(awsPeeringStatus(world.aws, clock, id), 'active');

    awsDeletePeering(world.aws, clock, id);
    assert.equal(awsPeeringStatus(world.aws, clock, id), 'deleted');
    // Deleted by Dragonfly's account: the app account still sees it for 2 days.
    clock.advance(3 * HOUR_MS);
    assert.equal(awsPeeringStatus(world.aws, clock, id), 'deleted');
    clock.advance(2 * DAY_MS);
    assert.equal(awsPeeringStatus(world.aws, clock, id), undefined);
  });

  it('returns EC2 errors instead of throwing', () => {
    const duplicate = awsRequestPeering(world.aws, ctx(), {
      requesterAccountId: AWS_ACCOUNTS.dragonfly.accountId,
      requesterRegion: 'us-east-1',
      requesterVpcId: AWS_VPCS.dragonfly.id,
      accepterAccountId: AWS_ACCOUNTS.app.accountId,
      accepterRegion: 'us-east-1',
      accepterVpcId: AWS_VPCS.app.id,
    });
    // EC2 returns the pending request between the same VPCs in the same direction.
    assert.deepEqual(duplicate, { id: AWS_PEERINGS.dragonflyPending });
    const unknown = awsRequestPeering(world.aws, ctx(), {
      requesterAccountId: AWS_ACCOUNTS.dragonfly.accountId,
      requesterRegion: 'us-east-1',
      requesterVpcId: 'vpc-0000000000000dead',
      accepterAccountId: AWS_ACCOUNTS.app.accountId,
      accepterRegion: 'us-east-1',
      accepterVpcId: AWS_VPCS.app.id,
    });
    assert.ok('error' in unknown);
    assert.equal(unknown.error.code, 'InvalidVpcID.NotFound');
  });

  it('ignores a delete in a state that cannot be deleted, and expires pending requests', () => {
    const pending = AWS_PEERINGS.dragonflyPending;
    clock.advance(7 * DAY_MS);
    assert.equal(awsPeeringStatus(world.aws, clock, pending), 'expired');
    awsDeletePeering(world.aws, clock, pending);
    assert.equal(awsPeeringStatus(world.aws, clock, pending), 'expired');
  });

  it('generates a large world of 10,000 peerings in well under a second', () => {
    const started = performance.now();
    const large = buildWorld(
      { kind: 'large', awsPeerings: 10_000 },
      { clock, random: new SeededRandom(1) },
    );
    const elapsed = performance.now() - started;
    const scope = awsScope(large.aws, AWS_ACCOUNTS.app.accountId, 'us-east-1');
    assert.equal(scope.peerings.length, 10_000);
    assert.equal(scope.vpcs.length, 100);
    assert.ok(elapsed < 1000, `took ${elapsed.toFixed(0)} ms`);
  });
  it('sweeps peerings once neither side can see them, and not before', () => {
    const appScope = awsScope(world.aws, AWS_ACCOUNTS.app.accountId, 'us-east-1');
    const dfScope = awsScope(world.aws, AWS_ACCOUNTS.dragonfly.accountId, 'us-east-1');
    const id = AWS_PEERINGS.dragonflyPending;
    const p = world.aws.peerings.get(id);
    assert.ok(p);
    // Withdrawn by the requester (Dragonfly's account): it sees it 2 hours, the app account 2 days.
    awsDeletePeering(world.aws, clock, id);
    clock.advance(3 * HOUR_MS);
    sweepGonePeerings(world.aws, dfScope, clock.now());
    assert.ok(world.aws.peerings.has(id), 'still visible to the app account');
    assert.ok(dfScope.peerings.includes(p));
    clock.advance(2 * DAY_MS);
    const before = appScope.peerings.length;
    sweepGonePeerings(world.aws, appScope, clock.now());
    // The demo's failed app → legacy request (visible 2 hours) goes with it; the live ones stay.
    assert.equal(appScope.peerings.length, before - 2);
    assert.ok(!world.aws.peerings.has(AWS_PEERINGS.overlapFailed));
    assert.ok(world.aws.peerings.has(AWS_PEERINGS.activeDnsOff));
    assert.ok(!appScope.peerings.includes(p));
    assert.ok(!world.aws.peerings.has(id));
    assert.ok(!(world.aws.peeringsByVpc.get(AWS_VPCS.app.id) ?? []).includes(p));
    assert.ok(!(world.aws.peeringsByVpc.get(AWS_VPCS.dragonfly.id) ?? []).includes(p));
    sweepGonePeerings(world.aws, dfScope, clock.now());
    assert.ok(!dfScope.peerings.includes(p));
  });
});
