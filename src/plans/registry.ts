/**
 * The one list of scenarios, in the order the wizard lists them within a group: one file per
 * scenario under scenarios/, the logic a pair of clouds shares under pairs/. The list and every
 * scenario in it (its sides, inputs and constraints) are frozen: nothing can add, drop or change
 * a scenario at run time.
 */
import type { Scenario } from './scenario';
import { aivenToUpcloud } from './scenarios/aiven-to-upcloud';
import { awsCrossAccount } from './scenarios/aws-cross-account';
import { awsCrossRegion } from './scenarios/aws-cross-region';
import { awsSameAccount } from './scenarios/aws-same-account';
import { azureCrossTenant } from './scenarios/azure-cross-tenant';
import { azureSameTenant } from './scenarios/azure-same-tenant';
import { dragonflyAws } from './scenarios/dragonfly-aws';
import { dragonflyAzure } from './scenarios/dragonfly-azure';
import { dragonflyGcp } from './scenarios/dragonfly-gcp';
import { emqxByocAws } from './scenarios/emqx-byoc-aws';
import { emqxByocGcp } from './scenarios/emqx-byoc-gcp';
import { emqxCloudAws } from './scenarios/emqx-cloud-aws';
import { gcpCrossProject } from './scenarios/gcp-cross-project';
import { gcpSameProject } from './scenarios/gcp-same-project';
import { upcloudToAiven } from './scenarios/upcloud-to-aiven';
import { upcloudUpcloud } from './scenarios/upcloud-upcloud';

/** Freezes a value and everything reachable from it (plain objects and arrays; functions stay callable). */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

export const SCENARIOS: readonly Scenario[] = deepFreeze([
  awsSameAccount,
  awsCrossAccount,
  awsCrossRegion,
  gcpSameProject,
  gcpCrossProject,
  emqxByocGcp,
  azureSameTenant,
  azureCrossTenant,
  upcloudUpcloud,
  aivenToUpcloud,
  upcloudToAiven,
  dragonflyAws,
  dragonflyGcp,
  dragonflyAzure,
  emqxCloudAws,
  emqxByocAws,
] as Scenario[]);
