import { createAivenState, type AivenState } from './aiven/state';
import { createAwsState, type AwsState } from './aws/state';
import { createAzureState, type AzureState } from './azure/state';
import { createDragonflyState, type DragonflyState } from './dragonfly/state';
import { createGcpState, type GcpState } from './gcp/state';
import type { SandboxClock } from './clock';
import type { SeededRandom } from './random';
import { createUpcloudState, type UpcloudState } from './upcloud/state';

/**
 * All sandbox state, one object. Services read each other's part where the
 * real clouds are linked (an Aiven VPC peering becomes ACTIVE only when the
 * UpCloud side exists; a Dragonfly connection when the AWS peering is accepted).
 */
export interface World {
  aws: AwsState;
  gcp: GcpState;
  azure: AzureState;
  upcloud: UpcloudState;
  aiven: AivenState;
  dragonfly: DragonflyState;
}

export function createEmptyWorld(): World {
  return {
    aws: createAwsState(),
    gcp: createGcpState(),
    azure: createAzureState(),
    upcloud: createUpcloudState(),
    aiven: createAivenState(),
    dragonfly: createDragonflyState(),
  };
}

export interface WorldBuildContext {
  clock: SandboxClock;
  random: SeededRandom;
}
