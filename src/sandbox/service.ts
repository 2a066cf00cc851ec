import type { CloudKind } from '../model/types';
import type { SandboxEngine } from './api';
import type { SandboxClock } from './clock';
import type { SandboxRequest, SandboxResponse } from './http';
import type { SeededRandom } from './random';
import type { World } from './world';

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
