import type { FaultRule } from './api';
import { SeededRandom, streamSeed } from './random';

export type FaultKind = 'throttle' | 'error' | 'timeout';

export interface FaultDecision {
  delayMs: number;
  fault?: FaultKind;
  retryAfterSeconds?: number;
}

/**
 * Fault and latency injection. Every matching rule adds its latency; the first
 * matching rule that fires decides the fault.
 *
 * Decisions are deterministic per test, whatever ran before: each
 * `cloud.operation@region` draws from its own generator, seeded from the
 * sandbox seed and that key, and `set` restarts every stream. So the n-th
 * DescribeVpcs in us-east-1 after `setFaults` meets the same fault whether the
 * test runs alone or after others, and however concurrent calls to other
 * operations or regions interleave. The streams are separate from the
 * generator behind ids, so injecting faults does not change the ids a run
 * creates.
 */
export class FaultInjector {
  private rules: FaultRule[] = [];
  private readonly streams = new Map<string, SeededRandom>();

  constructor(private readonly seed: number) {}

  set(rules: FaultRule[]): void {
    for (const rule of rules) validateRule(rule);
    this.rules = rules.map((r) => ({ ...r }));
    this.streams.clear();
  }

  /** The generator of one operation in one region, restarted by `set`. */
  private stream(cloud: string, operation: string, region: string | undefined): SeededRandom {
    const key = `${cloud}.${operation}@${region ?? ''}`;
    let stream = this.streams.get(key);
    if (!stream) {
      stream = new SeededRandom(streamSeed(this.seed, key));
      this.streams.set(key, stream);
    }
    return stream;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  decide(cloud: string, operation: string, region: string | undefined): FaultDecision {
    const decision: FaultDecision = { delayMs: 0 };
    if (this.rules.length === 0) return decision;
    const random = this.stream(cloud, operation, region);
    for (const rule of this.rules) {
      if (rule.cloud && rule.cloud !== cloud) continue;
      if (rule.operation && rule.operation !== operation) continue;
      if (rule.region && rule.region !== region) continue;
      decision.delayMs +=
        (rule.latencyMs ?? 0) + (rule.jitterMs ? random.next() * rule.jitterMs : 0);
      if (decision.fault) continue;
      if (rule.timeoutRate && random.next() < rule.timeoutRate) decision.fault = 'timeout';
      else if (rule.throttleRate && random.next() < rule.throttleRate) {
        decision.fault = 'throttle';
        decision.retryAfterSeconds = rule.retryAfterSeconds ?? 1;
      } else if (rule.errorRate && random.next() < rule.errorRate) decision.fault = 'error';
    }
    return decision;
  }
}

function validateRule(rule: FaultRule): void {
  for (const key of ['throttleRate', 'errorRate', 'timeoutRate'] as const) {
    const v = rule[key];
    if (v !== undefined && (typeof v !== 'number' || v < 0 || v > 1)) {
      throw new RangeError(`fault rule ${key} must be a number from 0 to 1, got ${String(v)}`);
    }
  }
  for (const key of ['latencyMs', 'jitterMs', 'retryAfterSeconds'] as const) {
    const v = rule[key];
    if (v !== undefined && (typeof v !== 'number' || v < 0 || v > 600_000)) {
      throw new RangeError(`fault rule ${key} must be a number from 0 to 600000, got ${String(v)}`);
    }
  }
}

/** Per-endpoint call counters, keyed `cloud.operation`. */
export class CallCounters {
  private readonly counts = new Map<string, number>();

  add(cloud: string, operation: string): void {
    const key = `${cloud}.${operation}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  reset(): void {
    this.counts.clear();
  }
}
