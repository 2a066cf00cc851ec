import type { World, WorldBuildContext } from '../world';

/** Adds Upcloud's part of the demo world (see worlds/demoTopology.ts). Placeholder. */
export function seedUpcloudDemo(_world: World, _ctx: WorldBuildContext): void {}
