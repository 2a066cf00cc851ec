import type { World, WorldBuildContext } from '../world';

/** Adds Azure's part of the demo world (see worlds/demoTopology.ts). Placeholder. */
export function seedAzureDemo(_world: World, _ctx: WorldBuildContext): void {}
