import type { World, WorldBuildContext } from '../world';

/** Adds Aiven's part of the demo world (see worlds/demoTopology.ts). Placeholder. */
export function seedAivenDemo(_world: World, _ctx: WorldBuildContext): void {}
