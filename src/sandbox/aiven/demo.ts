import type { World, WorldBuildContext } from '../world';
import { AIVEN, UPCLOUD } from '../worlds/demoTopology';
import { aivenAddPeering, aivenCreateVpc } from './state';

/** Aiven's router and its side of the app-net peering, in Aiven's own UpCloud account. */
const AIVEN_UPCLOUD_ROUTER = '04a1e000-0000-4000-8000-000000000001';
const AIVEN_UPCLOUD_PEERING = '0fa1e000-0000-4000-8000-000000000001';

/**
 * Aiven's part of the demo world: the project VPC on upcloud-de-fra1 (backed by
 * an UpCloud network in Aiven's account) peered with UpCloud's app-net. Both
 * sides exist, so the connection is ACTIVE and UpCloud's app-net peering is
 * `active`. Runs after UpCloud's demo; the VPC is built already (no delay).
 */
export function seedAivenDemo(world: World, ctx: WorldBuildContext): void {
  const timing = { now: ctx.clock.now(), operationDelayMs: 0 };
  const vpc = aivenCreateVpc(world.aiven, world.upcloud, timing, {
    projectVpcId: AIVEN.vpc.projectVpcId,
    project: AIVEN.project,
    cloudName: AIVEN.cloud,
    networkCidr: AIVEN.vpc.cidr,
    upcloudNetworkUuid: AIVEN.vpc.upcloudNetworkUuid,
    upcloudRouterUuid: AIVEN_UPCLOUD_ROUTER,
  });
  aivenAddPeering(world.upcloud, timing, vpc, {
    peerCloudAccount: 'upcloud',
    peerVpc: UPCLOUD.networks.app.uuid,
    upcloudPeeringUuid: AIVEN_UPCLOUD_PEERING,
  });
}
