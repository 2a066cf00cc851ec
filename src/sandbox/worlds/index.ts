import type { LargeWorldSpec, WorldSpec } from '../api';
import { seedAivenDemo } from '../aiven/demo';
import { seedAwsDemo } from '../aws/demo';
import { seedAwsLarge } from '../aws/large';
import { seedAzureDemo } from '../azure/demo';
import { seedAzureLarge } from '../azure/large';
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
    seedGcpDemo(world, ctx);
    seedAzureDemo(world, ctx);
    seedUpcloudDemo(world, ctx);
    seedAivenDemo(world, ctx);
    seedDragonflyDemo(world, ctx);
    return world;
  }
  if (isLargeSpec(spec)) {
    seedAwsLarge(world, ctx, spec);
    seedAzureLarge(world, ctx, spec);
    return world;
  }
  throw new RangeError(
    `unknown world ${JSON.stringify(spec)}; use "empty", "demo" or {"kind":"large"}`,
  );
}

function isLargeSpec(spec: unknown): spec is LargeWorldSpec {
  return typeof spec === 'object' && spec !== null && (spec as { kind?: unknown }).kind === 'large';
}
