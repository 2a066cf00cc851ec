import type { FaultRule } from './api';
import type { SeededRandom } from './random';

export type FaultKind = 'throttle' | 'error' | 'timeout';

export interface FaultDecision {
  delayMs: number;
  fault?: FaultKind;
  retryAfterSeconds?: number;
}

/**
 * Fault and latency injection. Every matching rule adds its latency; the first
 * matching rule that fires decides the fault. Decisions draw from the seeded
 * generator, so a run with the same seed and request order repeats exactly.
 */
export class FaultInjector {
  private rules: FaultRule[] = [];

  constructor(private readonly random: SeededRandom) {}

  set(rules: FaultRule[]): void {
    for (const rule of rules) validateRule(rule);
    this.rules = rules.map((r) => ({ ...r }));
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  decide(cloud: string, operation: string, region: string | undefined): FaultDecision {
    const decision: FaultDecision = { delayMs: 0 };
    for (const rule of this.rules) {
      if (rule.cloud && rule.cloud !== cloud) continue;
      if (rule.operation && rule.operation !== operation) continue;
      if (rule.region && rule.region !== region) continue;
      decision.delayMs +=
        (rule.latencyMs ?? 0) + (rule.jitterMs ? this.random.next() * rule.jitterMs : 0);
      if (decision.fault) continue;
      if (rule.timeoutRate && this.random.next() < rule.timeoutRate) decision.fault = 'timeout';
      else if (rule.throttleRate && this.random.next() < rule.throttleRate) {
        decision.fault = 'throttle';
        decision.retryAfterSeconds = rule.retryAfterSeconds ?? 1;
      } else if (rule.errorRate && this.random.next() < rule.errorRate) decision.fault = 'error';
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
