import type { World, WorldBuildContext } from '../world';

/** Adds Gcp's part of the demo world (see worlds/demoTopology.ts). Placeholder. */
export function seedGcpDemo(_world: World, _ctx: WorldBuildContext): void {}
