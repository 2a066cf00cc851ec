import type { AwsOrganizationWorldSpec, LargeWorldSpec, WorldSpec } from '../api';
import { seedAwsLarge } from '../aws/large';
import { seedAwsOrganizationGenerated } from '../aws/organization';
import { seedAzureLarge } from '../azure/large';
import { SANDBOX_CLOUD_LIST } from '../registry';
import { createEmptyWorld, type World, type WorldBuildContext } from '../world';

export function buildWorld(spec: WorldSpec, ctx: WorldBuildContext): World {
  const world = createEmptyWorld();
  if (spec === 'empty') return world;
  if (spec === 'demo') {
    // In the registry's order, which seeds each cloud after those its demo links to.
    for (const cloud of SANDBOX_CLOUD_LIST) cloud.seedDemo(world, ctx);
    return world;
  }
  if (isLargeSpec(spec)) {
    seedAwsLarge(world, ctx, spec);
    seedAzureLarge(world, ctx, spec);
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
