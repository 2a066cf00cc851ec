import type { LargeWorldSpec } from '../api';
import type { World, WorldBuildContext } from '../world';

/** A generated AWS world for benchmarks. Placeholder until the AWS service lands. */
export function seedAwsLarge(_world: World, _ctx: WorldBuildContext, _spec: LargeWorldSpec): void {}
