import type { AwsOrganizationWorldSpec, LargeWorldSpec, WorldSpec } from '../api';
import { seedAivenDemo } from '../aiven/demo';
import { seedAwsDemo } from '../aws/demo';
import { seedAwsLarge } from '../aws/large';
import { seedAwsOrganizationDemo, seedAwsOrganizationGenerated } from '../aws/organization';
import { seedAzureDemo } from '../azure/demo';
import { seedDragonflyDemo } from '../dragonfly/demo';
import { seedGcpDemo } from '../gcp/demo';
import { seedUpcloudDemo } from '../upcloud/demo';
import { createEmptyWorld, type World, type WorldBuildContext } from '../world';

export function buildWorld(spec: WorldSpec, ctx: WorldBuildContext): World {
  const world = createEmptyWorld();
  if (spec === 'empty') return world;
  if (spec === 'demo') {
    // Order matters where services link: AWS before Dragonfly, UpCloud before Aiven.
    seedAwsDemo(world, ctx);
    seedAwsOrganizationDemo(world, ctx);
    seedGcpDemo(world, ctx);
    seedAzureDemo(world, ctx);
    seedUpcloudDemo(world, ctx);
    seedAivenDemo(world, ctx);
    seedDragonflyDemo(world, ctx);
    return world;
  }
  if (isLargeSpec(spec)) {
    seedAwsLarge(world, ctx, spec);
    return world;
  }
  if (isAwsOrganizationSpec(spec)) {
    seedAwsOrganizationGenerated(world, ctx, spec);
    return world;
  }
  throw new RangeError(
    `unknown world ${JSON.stringify(spec)}; use "empty", "demo", {"kind":"large"} or {"kind":"aws-organization"}`,
  );
}

function isLargeSpec(spec: unknown): spec is LargeWorldSpec {
  return typeof spec === 'object' && spec !== null && (spec as { kind?: unknown }).kind === 'large';
}

function isAwsOrganizationSpec(spec: unknown): spec is AwsOrganizationWorldSpec {
  return (
    typeof spec === 'object' &&
    spec !== null &&
    (spec as { kind?: unknown }).kind === 'aws-organization'
  );
}
