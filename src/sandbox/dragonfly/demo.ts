import type { World, WorldBuildContext } from '../world';

/** Adds Dragonfly's part of the demo world (see worlds/demoTopology.ts). Placeholder. */
export function seedDragonflyDemo(_world: World, _ctx: WorldBuildContext): void {}
