/**
 * The sandbox's one list of clouds. Each line names a cloud's entry
 * (`<cloud>/index.ts`: its service, its part of the world and of the demo
 * world, its endpoint and demo accounts); the server's routing, the `World`
 * type, `createEmptyWorld`, the endpoints, the demo world and its accounts are
 * all read from here. Adding a cloud: docs/architecture.md, "Adding a seventh
 * cloud".
 *
 * The order matters where clouds link: the demo world is seeded in this
 * order (AWS, GCP and Azure before Dragonfly Cloud, UpCloud before Aiven),
 * and the server asks the services in this order whether they claim a request.
 */
import type { CloudKind } from '../model/types';
import { aiven } from './aiven';
import { aws } from './aws';
import { azure } from './azure';
import { dragonfly } from './dragonfly';
import { gcp } from './gcp';
import type { SandboxCloud } from './service';
import { upcloud } from './upcloud';

export const SANDBOX_CLOUDS = Object.freeze({
  aws,
  gcp,
  azure,
  upcloud,
  aiven,
  dragonfly,
} as const) satisfies { readonly [C in CloudKind]: SandboxCloud<C, unknown> };

/** The sandbox state of a cloud: its part of the `World`. */
export type SandboxStateOf<C extends CloudKind> =
  (typeof SANDBOX_CLOUDS)[C] extends SandboxCloud<C, infer S> ? S : never;

/** Every sandbox cloud in the registry's order. */
export const SANDBOX_CLOUD_LIST: readonly SandboxCloud<CloudKind, unknown>[] = Object.freeze(
  Object.values(SANDBOX_CLOUDS),
);
