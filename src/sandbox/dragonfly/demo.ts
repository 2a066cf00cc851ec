import { SeededRandom, streamSeed } from '../random';
import type { World, WorldBuildContext } from '../world';
import { AWS_ACCOUNTS, AWS_PEERINGS, AWS_VPCS, DRAGONFLY } from '../worlds/demoTopology';
import { dragonflyAddConnection, dragonflyAddNetwork, dragonflyVpcFor } from './state';

const HOUR_MS = 60 * 60 * 1000;

/**
 * Dragonfly Cloud's part of the demo world: the network df-prod on AWS
 * us-east-1, whose VPC is AWS_VPCS.dragonfly in Dragonfly's AWS account, and
 * its connection to the app VPC. AWS's demo (seeded first) holds the peering
 * AWS_PEERINGS.dragonflyPending from that VPC to the app VPC, pending
 * acceptance, so the connection reads `inactive` until the app account accepts.
 *
 * Two more networks, df-gcp on GCP and df-azure on Azure, have no connection:
 * their VPCs are made where the Dragonfly Cloud API makes them (its GCP
 * project, its Azure subscription and tenant), so the wizard's Dragonfly ↔ GCP
 * and ↔ Azure scenarios have a network to pick. Their generated ids come from
 * a stream of their own, so the world's generator (and every id made after
 * seeding) is the same as without them.
 */
export function seedDragonflyDemo(world: World, ctx: WorldBuildContext): void {
  const now = ctx.clock.now();
  const { network, connection } = DRAGONFLY;
  const clouds = { aws: world.aws, gcp: world.gcp, azure: world.azure, random: ctx.random, now };
  const created = { now: now - 7 * 24 * HOUR_MS, operationDelayMs: 0 };
  dragonflyAddNetwork(world.dragonfly, clouds, created, {
    id: network.id,
    name: network.name,
    provider: network.provider,
    region: network.region,
    cidr: network.cidr,
    vpc: { resourceId: AWS_VPCS.dragonfly.id, accountId: AWS_ACCOUNTS.dragonfly.accountId },
  });
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

  const random = new SeededRandom(streamSeed(1, 'dragonfly-demo-networks'));
  for (const other of [DRAGONFLY.gcpNetwork, DRAGONFLY.azureNetwork]) {
    dragonflyAddNetwork(world.dragonfly, { ...clouds, random }, created, {
      ...other,
      vpc: dragonflyVpcFor(
        other.id,
        other.provider,
        other.region,
        random,
        undefined,
        AWS_ACCOUNTS.dragonfly.accountId,
      ),
    });
  }
}
