import type { World, WorldBuildContext } from '../world';

/** Adds Aws's part of the demo world (see worlds/demoTopology.ts). Placeholder. */
export function seedAwsDemo(_world: World, _ctx: WorldBuildContext): void {}
