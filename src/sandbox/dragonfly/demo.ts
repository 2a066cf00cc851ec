import type { World, WorldBuildContext } from '../world';
import { AWS_ACCOUNTS, AWS_PEERINGS, AWS_VPCS, DRAGONFLY } from '../worlds/demoTopology';
import { dragonflyAddConnection, dragonflyAddNetwork } from './state';

const HOUR_MS = 60 * 60 * 1000;

/**
 * Dragonfly Cloud's part of the demo world: the network df-prod on AWS
 * us-east-1, whose VPC is AWS_VPCS.dragonfly in Dragonfly's AWS account, and
 * its connection to the app VPC. AWS's demo (seeded first) holds the peering
 * AWS_PEERINGS.dragonflyPending from that VPC to the app VPC, pending
 * acceptance, so the connection reads `inactive` until the app account accepts.
 */
export function seedDragonflyDemo(world: World, ctx: WorldBuildContext): void {
  const now = ctx.clock.now();
  const { network, connection } = DRAGONFLY;
  dragonflyAddNetwork(
    world.dragonfly,
    { aws: world.aws, gcp: world.gcp, azure: world.azure, random: ctx.random, now },
    { now: now - 7 * 24 * HOUR_MS, operationDelayMs: 0 },
    {
      id: network.id,
      name: network.name,
      provider: network.provider,
      region: network.region,
      cidr: network.cidr,
      vpc: { resourceId: AWS_VPCS.dragonfly.id, accountId: AWS_ACCOUNTS.dragonfly.accountId },
    },
  );
  dragonflyAddConnection(world.dragonfly, {
    id: connection.id,
    name: connection.name,
    networkId: network.id,
    peer: {
      accountId: AWS_ACCOUNTS.app.accountId,
      vpcId: AWS_VPCS.app.id,
      cidrBlock: AWS_VPCS.app.cidrs[0],
      region: AWS_VPCS.app.region,
      azure: { resourceGroup: '', tenantId: '', appObjectId: '', useRemoteGateways: false },
    },
    createdAt: now - HOUR_MS,
    pendingUntil: now - HOUR_MS,
    awsPeeringId: AWS_PEERINGS.dragonflyPending,
  });
}
