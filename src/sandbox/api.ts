/**
 * The sandbox's public surface, as types only. The extension imports this file
 * for types and loads the implementation (dist/sandbox.js) on demand.
 */

/**
 * Each cloud's API endpoint, by cloud (the listener and path its entry in
 * registry.ts gives, with what it means there), and these.
 */
export interface SandboxEndpoints extends Record<import('../model/types').CloudKind, string> {
  /** Base URL of the plain-HTTP listener, e.g. http://127.0.0.1:4567 */
  http: string;
  /** Admin API base: reset, worlds, clock, counters, faults. */
  admin: string;
  /** PEM of the certificate the Azure listener serves; trust exactly this. */
  azureCaPem: string;
}

export type WorldName = 'empty' | 'demo';

export interface LargeWorldSpec {
  kind: 'large';
  /** AWS peerings in the first account's first region. */
  awsPeerings?: number;
  /** Azure subscriptions in one generated tenant (sandbox/azure/large.ts); none by default. */
  azureSubscriptions?: number;
  /** Networks per provider. */
  networksPerCloud?: number;
  seed?: number;
}

/**
 * A generated AWS Organization for benchmarks: `accounts` member accounts, each with one VPC in
 * each of its first `regions` regions, chained by peerings in the first region, and a Config
 * aggregator over all of them in the management account (the demo app account).
 */
export interface AwsOrganizationWorldSpec {
  kind: 'aws-organization';
  /** Member accounts besides the management account (default 500). */
  accounts?: number;
  /** Regions per account, from the sandbox's known regions in order (default all 17). */
  regions?: number;
}

export type WorldSpec = WorldName | LargeWorldSpec | AwsOrganizationWorldSpec;

export interface FaultRule {
  /** Which cloud the rule applies to; omitted means every cloud. */
  cloud?: string;
  /** Operation name, e.g. DescribeVpcs or networks.list; omitted means every operation. */
  operation?: string;
  /** Region the request addresses; omitted means every region. */
  region?: string;
  /** Fixed delay added before the answer, in ms. */
  latencyMs?: number;
  /** Random extra delay, 0..jitterMs, from the seeded generator. */
  jitterMs?: number;
  /** Share of requests (0..1) answered with the provider's own throttling error. */
  throttleRate?: number;
  /** Share of requests answered with a 5xx. */
  errorRate?: number;
  /** Share of requests that never get an answer (the socket stays open until the client gives up). */
  timeoutRate?: number;
  /** Retry-After seconds for throttled ARM answers. */
  retryAfterSeconds?: number;
}

/** The clouds' organisation-scale inventory engines the sandbox serves; each can be switched off. */
export type SandboxEngine = 'azure-resource-graph' | 'gcp-cloud-asset' | 'aws-config';

export interface SandboxOptions {
  /** Port for the HTTP listener; 0 (default) picks a free one. */
  port?: number;
  /** Port for the Azure HTTPS listener; 0 (default) picks a free one. */
  azurePort?: number;
  world?: WorldSpec;
  /** Seed for ids, jitter and fault decisions, so a run can be repeated. */
  seed?: number;
  /** How long GCP operations and Azure long-running operations take, in sandbox ms. */
  operationDelayMs?: number;
}

export interface SandboxAdmin {
  reset(world?: WorldSpec): void;
  advanceClock(ms: number): void;
  now(): number;
  counters(): Record<string, number>;
  resetCounters(): void;
  setFaults(rules: FaultRule[]): void;
  /**
   * Holds every cloud request (admin requests still answer) until `resume`: a test can read
   * what the extension shows before any call returns.
   */
  pause(): void;
  /** Answers the held requests, in arrival order, and stops holding. */
  resume(): void;
  paused(): boolean;
  /** How many cloud requests are held right now. */
  held(): number;
  /** Switches an inventory engine on or off (off: it answers as when the caller may not use it). */
  setEngine(engine: SandboxEngine, enabled: boolean): void;
}

export interface SandboxAccountInfo {
  account: import('../model/types').Account;
  /** What the account's provider adapter reads as its secret. */
  secret?: string;
}

export interface RunningSandbox {
  endpoints: SandboxEndpoints;
  admin: SandboxAdmin;
  /** The demo world's accounts, pointed at this sandbox. */
  accounts(): SandboxAccountInfo[];
  /** An Azure access token for a sandbox tenant (the sandbox reads the tenant from it). */
  azureToken(tenantId: string): string;
  stop(): Promise<void>;
}

export interface SandboxModule {
  startSandbox(options?: SandboxOptions): Promise<RunningSandbox>;
}
