import type { Account, CloudKind } from '../model/types';
import type { SandboxEngine } from './api';
import type { SandboxClock } from './clock';
import type { SandboxRequest, SandboxResponse } from './http';
import type { SeededRandom } from './random';
import type { World, WorldBuildContext } from './world';

/** What a service handler gets besides the request. */
export interface SandboxContext {
  world: World;
  clock: SandboxClock;
  random: SeededRandom;
  /** How long asynchronous operations take, in sandbox ms. */
  operationDelayMs: number;
  endpoints: { http: string; azure: string };
  /** Inventory engines switched off through the admin API, so tests can show the fallback. */
  enginesOff: Set<SandboxEngine>;
}

/**
 * One cloud's wire API. The server asks each service in turn whether it
 * claims a request, then counts it, applies faults and hands it over.
 */
export interface CloudService {
  readonly cloud: CloudKind;
  claims(req: SandboxRequest): boolean;
  /** The operation name used by the counters and fault rules, e.g. `DescribeVpcs`, `networks.list`. */
  operation(req: SandboxRequest): string;
  /** The region or location the request addresses, for per-region fault rules. */
  region(req: SandboxRequest): string | undefined;
  handle(req: SandboxRequest, ctx: SandboxContext): Promise<SandboxResponse> | SandboxResponse;
  /** The provider's own throttling answer (EC2 RequestLimitExceeded, ARM 429, GCE rateLimitExceeded, ...). */
  throttled(req: SandboxRequest, retryAfterSeconds: number): SandboxResponse;
  /** The provider's own 5xx answer. */
  serverError(req: SandboxRequest): SandboxResponse;
}

/** One demo-world account "Try the Sandbox" adds, with the secret its adapter reads. */
export interface SandboxAccount {
  account: Account;
  /** What the adapter reads from `CredentialSource.getSecret`. */
  secret?: string;
}

/**
 * Everything the sandbox knows about one cloud, read through `registry.ts`:
 * its wire API, its part of the world, its part of the demo world and the
 * demo accounts that open it. Each cloud's `<cloud>/index.ts` exports one.
 * `S` is the cloud's state, `World[C]`.
 */
export interface SandboxCloud<C extends CloudKind, S> {
  readonly cloud: C;
  readonly service: CloudService;
  /** Its part of an empty world. */
  createState(): S;
  /** Its part of the demo world (worlds/demoTopology.ts); runs in the registry's order. */
  seedDemo(world: World, ctx: WorldBuildContext): void;
  /** Where the API is served: the listener and the path of `SandboxEndpoints[cloud]` on it. */
  readonly endpoint: { listener: 'http' | 'https'; path: string };
  /** The line `npm run sandbox` prints for it: a name and what follows the endpoint. */
  readonly listing: { name: string; suffix: string };
  /** The demo world's accounts of this cloud, pointed at its endpoint. */
  demoAccounts(endpoint: string): SandboxAccount[];
}
