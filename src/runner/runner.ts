/**
 * Runs a plan's steps through the provider adapters.
 *
 * - Each step's check runs first: an effect that exists already (a peering
 *   between the same VPCs, the route, the rule) is skipped, so a re-run never
 *   creates a second one, even after a crash between the call and the journal.
 * - Waits poll their check until the awaited state, a terminal failure, or
 *   the step's timeout.
 * - Manual steps show their instructions and values (`manual-step` event),
 *   then wait for the check or for `confirmManual`; with neither the run
 *   pauses there and a later run resumes at that step.
 * - Calls retry under throttling and 5xx (withRetry); cancellation goes
 *   through the AbortSignal into every call and sleep.
 * - The journal (JSON, atomic writes) records each step's status and
 *   outputs; a run resumes after the last finished step.
 */
import { UserFacingError, errorMessage, isCancellation } from '../model/errors';
import { maskSecrets } from '../model/redact';
import type { Account, CloudKind } from '../model/types';
import {
  AbortError,
  sleep,
  throwIfAborted,
  withRetry,
  type RetryClassification,
} from '../async/retry';
import type { ArgValue, CarryValue, Plan, PlanStep } from '../model/plan';
import type { CloudProvider, Place } from '../providers/provider';
import { actionImpl, type Outputs } from './actions';
import { runCheck, type CheckResult } from './checks';
import { newJournal, planKey, readJournal, writeJournal, type Journal } from './journal';

export type RunnerEvent =
  | { type: 'run-started'; total: number; resumedAt?: string }
  | { type: 'step-started'; stepId: string; index: number; total: number; title: string }
  | { type: 'step-succeeded'; stepId: string; elapsedMs: number; outputs: Outputs }
  | {
      type: 'step-skipped';
      stepId: string;
      elapsedMs: number;
      /** `exists`: the check found the effect; `journal`: an earlier run finished it. */
      why: 'exists' | 'journal';
    }
  | { type: 'step-failed'; stepId: string; elapsedMs: number; error: string }
  | { type: 'step-waiting'; stepId: string; detail?: string; elapsedMs: number }
  | {
      type: 'manual-step';
      stepId: string;
      instructions: string[];
      values: { label: string; value: string; destination: string }[];
    }
  | { type: 'retry'; stepId: string; attempt: number; delayMs: number; error: string }
  | { type: 'run-finished'; status: RunResult['status']; elapsedMs: number };

export interface RunnerOptions {
  loadProvider: (cloud: CloudKind) => Promise<CloudProvider>;
  /** The configured accounts; a plan side names its account by `Account.id`. */
  accounts: readonly Account[];
  /** Where the journal lives; without one a run cannot resume after a crash. */
  journalPath?: string;
  onEvent?: (event: RunnerEvent) => void;
  /** Resolves when the user says a manual step is done; rejects to stop the run. */
  confirmManual?: (step: PlanStep, values: RunnerEvent & { type: 'manual-step' }) => Promise<void>;
  pollIntervalMs?: number;
  /** Attempts per call at the step level (the adapters retry inside too). */
  maxAttempts?: number;
  baseDelayMs?: number;
}

export interface RunResult {
  status: 'succeeded' | 'failed' | 'cancelled' | 'paused';
  failedStep?: string;
  error?: string;
  outputs: Outputs;
  /** The plan's carry values with outputs filled in. */
  carryValues: { label: string; value: string; destination: string }[];
}

const THROTTLE_NAMES = [
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
];

/** Throttling, 5xx and dropped connections are worth another try; anything else is not. */
export function classifyRunError(error: unknown): RetryClassification {
  const cause = error instanceof UserFacingError ? (error.options.cause ?? error) : error;
  const e = cause as {
    name?: string;
    status?: number;
    code?: string | number;
    retryAfterMs?: number;
    $metadata?: { httpStatusCode?: number };
    $retryable?: { throttling?: boolean };
  };
  const status =
    e?.$metadata?.httpStatusCode ??
    (typeof e?.status === 'number' ? e.status : undefined) ??
    (typeof e?.code === 'number' ? e.code : undefined);
  const throttled =
    e?.$retryable?.throttling === true || THROTTLE_NAMES.includes(e?.name ?? '') || status === 429;
  const transient =
    (status !== undefined && status >= 500) ||
    ['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNREFUSED'].includes(String(e?.code ?? '')) ||
    e?.name === 'TimeoutError';
  return { retryable: throttled || transient, throttled, retryAfterMs: e?.retryAfterMs };
}

function resolve(value: ArgValue, outputs: Outputs, step: PlanStep): ArgValue {
  if (Array.isArray(value)) return value.map((v) => resolve(v, outputs, step));
  if (value && typeof value === 'object') {
    if ('$ref' in value && typeof value.$ref === 'string') {
      const found = outputs[value.$ref];
      if (found === undefined)
        throw new UserFacingError(
          `Step "${step.title}" needs ${value.$ref}, which an earlier step provides, but no earlier step has produced it.`,
          { fix: 'Run the plan from the start (delete its journal).' },
        );
      return found;
    }
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, resolve(v as ArgValue, outputs, step)]),
    );
  }
  return value;
}

export class Runner {
  constructor(private readonly options: RunnerOptions) {}

  async run(plan: Plan, runOptions: { signal?: AbortSignal } = {}): Promise<RunResult> {
    const signal = runOptions.signal;
    const started = Date.now();
    const journal = await this.openJournal(plan);
    const outputs: Outputs = { ...journal.outputs };
    const firstOpen = plan.steps.find(
      (s) => !['succeeded', 'skipped'].includes(journal.steps[s.id]?.status ?? ''),
    );
    this.emit({
      type: 'run-started',
      total: plan.steps.length,
      resumedAt: Object.keys(journal.steps).length && firstOpen ? firstOpen.id : undefined,
    });
    let result: RunResult | undefined;
    for (let index = 0; index < plan.steps.length && !result; index++) {
      const step = plan.steps[index];
      const stepStarted = Date.now();
      const recorded = journal.steps[step.id];
      if (recorded && (recorded.status === 'succeeded' || recorded.status === 'skipped')) {
        Object.assign(outputs, recorded.outputs ?? {});
        this.emit({ type: 'step-skipped', stepId: step.id, elapsedMs: 0, why: 'journal' });
        continue;
      }
      this.emit({
        type: 'step-started',
        stepId: step.id,
        index,
        total: plan.steps.length,
        title: step.title,
      });
      journal.steps[step.id] = {
        status: 'running',
        startedAt: new Date().toISOString(),
        attempts: (recorded?.attempts ?? 0) + 1,
      };
      await this.save(journal, outputs);
      try {
        const outcome = await this.runStep(plan, step, outputs, signal);
        const elapsedMs = Date.now() - stepStarted;
        if (outcome.kind === 'paused') {
          journal.steps[step.id].status = 'waiting-user';
          result = { status: 'paused', failedStep: step.id, outputs, carryValues: [] };
          break;
        }
        Object.assign(outputs, outcome.outputs);
        journal.steps[step.id] = {
          ...journal.steps[step.id],
          status: outcome.kind,
          finishedAt: new Date().toISOString(),
          outputs: outcome.outputs,
        };
        await this.save(journal, outputs);
        if (outcome.kind === 'skipped')
          this.emit({ type: 'step-skipped', stepId: step.id, elapsedMs, why: 'exists' });
        else
          this.emit({
            type: 'step-succeeded',
            stepId: step.id,
            elapsedMs,
            outputs: outcome.outputs,
          });
      } catch (error) {
        const elapsedMs = Date.now() - stepStarted;
        const cancelled = signal?.aborted || isCancellation(error);
        const message = cancelled ? 'Cancelled' : maskSecrets(errorMessage(error));
        journal.steps[step.id] = { ...journal.steps[step.id], status: 'failed', error: message };
        await this.save(journal, outputs).catch(() => undefined);
        this.emit({ type: 'step-failed', stepId: step.id, elapsedMs, error: message });
        result = {
          status: cancelled ? 'cancelled' : 'failed',
          failedStep: step.id,
          error: message,
          outputs,
          carryValues: [],
        };
      }
    }
    if (result?.status === 'paused') await this.save(journal, outputs);
    const final: RunResult = result ?? { status: 'succeeded', outputs, carryValues: [] };
    final.carryValues = plan.carryValues.map((c) => this.carry(c, outputs));
    this.emit({ type: 'run-finished', status: final.status, elapsedMs: Date.now() - started });
    return final;
  }

  // ---- one step ----

  private async runStep(
    plan: Plan,
    step: PlanStep,
    outputs: Outputs,
    signal: AbortSignal | undefined,
  ): Promise<{ kind: 'succeeded' | 'skipped'; outputs: Outputs } | { kind: 'paused' }> {
    throwIfAborted(signal);
    if (step.kind === 'api') {
      const existing = step.check ? await this.check(plan, step, outputs, signal) : undefined;
      if (existing?.failed) throw new UserFacingError(existing.failed);
      if (existing?.present) return { kind: 'skipped', outputs: existing.outputs ?? {} };
      if (!step.action) throw new Error(`Step ${step.id} has no action`);
      const { provider, place } = await this.placeFor(plan, step.side, step);
      const args = step.action.args.map((a) => resolve(a, outputs, step));
      const impl = actionImpl(step.action.cloud, step.action.method);
      const produced = await this.retrying(step, signal, () =>
        impl(provider, place, args, { signal }),
      );
      return { kind: 'succeeded', outputs: produced };
    }
    if (step.kind === 'wait') {
      const reached = await this.poll(plan, step, outputs, signal);
      return { kind: 'succeeded', outputs: reached.outputs ?? {} };
    }
    // manual
    const checkable = step.check && this.sideHasAccount(plan, step.checkSide ?? step.side);
    if (checkable) {
      const done = await this.check(plan, step, outputs, signal);
      if (done.failed) throw new UserFacingError(done.failed);
      if (done.present) return { kind: 'skipped', outputs: done.outputs ?? {} };
    }
    const event: RunnerEvent & { type: 'manual-step' } = {
      type: 'manual-step',
      stepId: step.id,
      instructions: step.instructions ?? [],
      values: (step.values ?? []).map((v) => this.carry(v, outputs)),
    };
    this.emit(event);
    if (this.options.confirmManual) {
      if (checkable) {
        // Whichever comes first: the user's "done", or the check seeing it done.
        const stop = new AbortController();
        const onAbort = () => stop.abort();
        signal?.addEventListener('abort', onAbort, { once: true });
        try {
          const confirmed = this.options.confirmManual(step, event);
          const polled = this.poll(plan, step, outputs, stop.signal);
          polled.catch(() => undefined);
          const first = await Promise.race([
            confirmed.then(() => 'confirmed' as const),
            polled.then((r) => r),
          ]);
          if (first === 'confirmed') {
            stop.abort();
            const verified = await this.poll(plan, step, outputs, signal);
            return { kind: 'succeeded', outputs: verified.outputs ?? {} };
          }
          stop.abort();
          return { kind: 'succeeded', outputs: first.outputs ?? {} };
        } finally {
          signal?.removeEventListener('abort', onAbort);
          stop.abort();
        }
      }
      await this.options.confirmManual(step, event);
      throwIfAborted(signal);
      return { kind: 'succeeded', outputs: {} };
    }
    if (checkable) {
      const reached = await this.poll(plan, step, outputs, signal);
      return { kind: 'succeeded', outputs: reached.outputs ?? {} };
    }
    return { kind: 'paused' };
  }

  /** Polls the step's check until present, failed, cancelled or timed out. */
  private async poll(
    plan: Plan,
    step: PlanStep,
    outputs: Outputs,
    signal: AbortSignal | undefined,
  ): Promise<CheckResult> {
    const deadline = Date.now() + (step.timeoutMs ?? 30 * 60_000);
    const started = Date.now();
    for (;;) {
      const result = await this.check(plan, step, outputs, signal);
      if (result.present) return result;
      if (result.failed) throw new UserFacingError(result.failed);
      if (Date.now() >= deadline)
        throw new UserFacingError(
          `Timed out after ${Math.round((step.timeoutMs ?? 0) / 1000)} s: ${step.title}${result.detail ? ` (last seen: ${result.detail})` : ''}.`,
          { fix: 'Run again to keep waiting; the finished steps are not repeated.' },
        );
      this.emit({
        type: 'step-waiting',
        stepId: step.id,
        detail: result.detail,
        elapsedMs: Date.now() - started,
      });
      await sleep(this.options.pollIntervalMs ?? 3_000, signal);
    }
  }

  private async check(
    plan: Plan,
    step: PlanStep,
    outputs: Outputs,
    signal: AbortSignal | undefined,
  ): Promise<CheckResult> {
    if (!step.check) return { present: false };
    const check = resolve(
      step.check as unknown as ArgValue,
      outputs,
      step,
    ) as unknown as NonNullable<PlanStep['check']>;
    const { provider, place } = await this.placeFor(plan, step.checkSide ?? step.side, step);
    return this.retrying(step, signal, () => runCheck(check, provider, place, { signal }));
  }

  private retrying<T>(
    step: PlanStep,
    signal: AbortSignal | undefined,
    call: () => Promise<T>,
  ): Promise<T> {
    return withRetry(call, {
      signal,
      maxAttempts: this.options.maxAttempts ?? 4,
      baseDelayMs: this.options.baseDelayMs ?? 500,
      classify: classifyRunError,
      onRetry: ({ attempt, delayMs, error }) =>
        this.emit({ type: 'retry', stepId: step.id, attempt, delayMs, error: errorMessage(error) }),
    });
  }

  private sideHasAccount(plan: Plan, sideId: string): boolean {
    const side = plan.sides.find((s) => s.id === sideId);
    return !!side?.accountId && this.options.accounts.some((a) => a.id === side.accountId);
  }

  private async placeFor(
    plan: Plan,
    sideId: string,
    step: PlanStep,
  ): Promise<{ provider: CloudProvider; place: Place }> {
    const side = plan.sides.find((s) => s.id === sideId);
    if (!side) throw new Error(`Step ${step.id} names an unknown side ${sideId}`);
    const account = side.accountId
      ? this.options.accounts.find((a) => a.id === side.accountId)
      : undefined;
    if (!account || side.cloud === 'emqx')
      throw new UserFacingError(
        `Step "${step.title}" runs as ${side.label}, but no account is configured for it.`,
        {
          fix: 'Add that account (Peering: Add Account), or run the generated script with its credentials.',
        },
      );
    const provider = await this.options.loadProvider(account.cloud);
    return { provider, place: { account, region: side.region } };
  }

  private carry(
    value: CarryValue,
    outputs: Outputs,
  ): { label: string; value: string; destination: string } {
    const v =
      typeof value.value === 'string'
        ? value.value
        : (outputs[value.value.$ref] ?? `<${value.value.$ref}: not known yet>`);
    return { label: value.label, value: v, destination: value.destination };
  }

  // ---- journal ----

  private async openJournal(plan: Plan): Promise<Journal> {
    const file = this.options.journalPath;
    const fresh = newJournal(plan, new Date());
    if (!file) return fresh;
    const existing = await readJournal(file);
    if (existing && existing.planKey === planKey(plan)) return existing;
    return fresh;
  }

  private async save(journal: Journal, outputs: Outputs): Promise<void> {
    journal.outputs = { ...outputs };
    journal.updatedAt = new Date().toISOString();
    if (this.options.journalPath) await writeJournal(this.options.journalPath, journal);
  }

  /** Every text an event carries is masked (model/redact) before it leaves the runner. */
  private emit(event: RunnerEvent): void {
    try {
      this.options.onEvent?.(maskEvent(event));
    } catch {
      // A listener's failure must not stop the run.
    }
  }
}

function maskValue<T>(value: T): T {
  if (typeof value === 'string') return maskSecrets(value) as T;
  if (Array.isArray(value)) return value.map(maskValue) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskValue(v)])) as T;
  return value;
}

function maskEvent(event: RunnerEvent): RunnerEvent {
  return maskValue(event);
}

export { AbortError };
