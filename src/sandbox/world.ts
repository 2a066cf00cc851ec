import type { CloudKind } from '../model/types';
import type { SandboxClock } from './clock';
import type { SeededRandom } from './random';
import { SANDBOX_CLOUD_LIST, type SandboxStateOf } from './registry';

/**
 * All sandbox state, one object with a part per cloud of the registry
 * (`registry.ts`). Services read each other's part where the real clouds are
 * linked (an Aiven VPC peering becomes ACTIVE only when the UpCloud side
 * exists; a Dragonfly connection when the AWS peering is accepted).
 */
export type World = { [C in CloudKind]: SandboxStateOf<C> };

export function createEmptyWorld(): World {
  return Object.fromEntries(SANDBOX_CLOUD_LIST.map((c) => [c.cloud, c.createState()])) as World;
}

export interface WorldBuildContext {
  clock: SandboxClock;
  random: SeededRandom;
}
