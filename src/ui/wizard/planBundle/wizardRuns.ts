/**
 * Runs started from the wizard, on top of src/runner: one Runner per run,
 * its journal and the plan it runs kept on disk together, so a run that a
 * reload interrupted shows where it stopped and resumes from that step.
 *
 *   <dir>/<runId>/run.json       the draft, the plan and when it started/ended
 *   <dir>/<runId>/journal.json   the runner's journal (step status and outputs)
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { errorMessage } from '../../../model/errors';
import type { Account, CloudKind } from '../../../model/types';
import {
  listScenarios,
  Runner,
  type Plan,
  type PlanStep,
  type RunnerEvent,
  type RunResult,
} from '../../../plans';
import type { CloudProvider } from '../../../providers/provider';
import type { Draft, FollowUp, RunStepView, RunView } from '../../../protocol/wizardMessages';
import { WizardError } from '../../../protocol/wizardRpc';
import { readJournal, type Journal } from '../../../runner/journal';
import { parseIngressPorts } from '../../../plans/validation/fieldRules';
import { followUps, followUpsFromText } from './planAdapter';
import type { InventorySnapshot } from '../session/wizardInventory';
import type { WizardRuns } from '../session/wizardSession';

const RUN_ID = /^run-[a-z0-9]{6,40}$/;

interface RunRecord {
  version: 1;
  runId: string;
  title: string;
  draft: Draft;
  plan: Plan;
  startedAt: number;
  finishedAt?: number;
  /** Time the run spent waiting on the user or stopped, which elapsed time leaves out. */
  pausedMs?: number;
  status?: RunView['status'];
  peering?: RunView['peering'];
}

interface LiveRun {
  record: RunRecord;
  view: RunView;
  controller?: AbortController;
  /** The panel that shows this run; replaced when another panel attaches. */
  listener?: (run: RunView) => void;
  confirmations: Map<string, { resolve(): void; reject(error: Error): void }>;
}

export interface FinishedRun {
  runId: string;
  draft: Draft;
  plan: Plan;
  result: RunResult;
  /** Configured accounts whose networks the run touched. */
  accountIds: string[];
}

export interface PlanRunsOptions {
  /** Where runs live (the extension's global storage). */
  dir: string;
  loadProvider(cloud: CloudKind): Promise<CloudProvider>;
  accounts(): Account[];
  plan(draft: Draft, snapshot: InventorySnapshot): Plan;
  /** After a run: refresh what it touched, watch what it created; returns the peering to show. */
  onFinished?(run: FinishedRun): Promise<RunView['peering'] | undefined>;
  log: { warn(message: string): void; error(message: string, error?: unknown): void };
  pollIntervalMs?: number;
  now?(): number;
}

export class PlanRuns implements WizardRuns {
  private readonly live = new Map<string, LiveRun>();

  constructor(private readonly options: PlanRunsOptions) {}

  /** Where runs and their journals are kept. */
  get directory(): string {
    return this.options.dir;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  async start(
    draft: Draft,
    snapshot: InventorySnapshot,
    onUpdate: (run: RunView) => void,
  ): Promise<RunView> {
    const plan = this.options.plan(draft, snapshot);
    const runId = `run-${this.now().toString(36)}${randomBytes(4).toString('hex')}`;
    const record: RunRecord = {
      version: 1,
      runId,
      title: plan.title,
      draft,
      plan,
      startedAt: this.now(),
    };
    await this.saveRecord(record);
    const run = this.adopt(record, undefined);
    run.listener = onUpdate;
    this.launch(run);
    return run.view;
  }

  async attach(runId: string, onUpdate: (run: RunView) => void): Promise<RunView> {
    const run = await this.load(runId);
    run.listener = onUpdate;
    return run.view;
  }

  async cancel(runId: string): Promise<void> {
    const run = await this.load(runId);
    if (!run.controller) throw new WizardError('This run is not running.', 'not-found');
    run.controller.abort();
    for (const pending of run.confirmations.values())
      pending.reject(Object.assign(new Error('Cancelled'), { name: 'AbortError' }));
  }

  async retry(runId: string, stepId: string, onUpdate: (run: RunView) => void): Promise<RunView> {
    const run = await this.load(runId);
    const step = run.view.steps.find((s) => s.id === stepId);
    if (!step) throw new WizardError(`This run has no step "${stepId}".`, 'not-found');
    if (step.status !== 'failed')
      throw new WizardError(`"${step.title}" has not failed; there is nothing to retry.`, 'failed');
    run.listener = onUpdate;
    // The runner resumes at the first unfinished step of its journal: the failed one.
    this.launch(run);
    return run.view;
  }

  async resume(runId: string, onUpdate: (run: RunView) => void): Promise<RunView> {
    const run = await this.load(runId);
    run.listener = onUpdate;
    if (run.view.status === 'succeeded') return run.view;
    this.launch(run);
    return run.view;
  }

  async peeringOf(runId: string): Promise<RunView['peering']> {
    return (await this.load(runId)).view.peering;
  }

  /** The one port the run's rules opened (its `ingressPorts` input), for the Peering Doctor. */
  async servicePortOf(runId: string): Promise<number | undefined> {
    const draft = (await this.load(runId)).record.draft;
    // The scenario's default counts when the user left the field as it was (Dragonfly: tcp:6379).
    const text =
      draft.inputs.ingressPorts ||
      listScenarios()
        .find((s) => s.id === draft.scenarioId)
        ?.inputs.find((i) => i.name === 'ingressPorts')?.default;
    const ports = typeof text === 'string' ? parseIngressPorts(text) : undefined;
    return ports?.fromPort !== undefined && ports.fromPort === ports.toPort && ports.fromPort > 0
      ? ports.fromPort
      : undefined;
  }

  async confirm(runId: string, stepId: string): Promise<void> {
    const run = await this.load(runId);
    const pending = run.confirmations.get(stepId);
    if (!pending) throw new WizardError('That step is not waiting for you.', 'not-found');
    run.confirmations.delete(stepId);
    pending.resolve();
  }

  /** The live run, or the one on disk from before a reload. */
  private async load(runId: string): Promise<LiveRun> {
    if (!RUN_ID.test(runId)) throw new WizardError(`"${runId}" is not a run id.`, 'not-found');
    const existing = this.live.get(runId);
    if (existing) return existing;
    let record: RunRecord;
    try {
      record = JSON.parse(await fs.readFile(this.recordPath(runId), 'utf8')) as RunRecord;
    } catch {
      throw new WizardError(
        'This run is no longer on disk; start again from Review (finished steps are detected and skipped).',
        'not-found',
      );
    }
    const journal = await readJournal(this.journalPath(runId)).catch(() => undefined);
    return this.adopt(record, journal);
  }

  private adopt(record: RunRecord, journal: Journal | undefined): LiveRun {
    const sideLabel = new Map(record.plan.sides.map((s) => [s.id, s.label]));
    const steps: RunStepView[] = record.plan.steps.map((s) => {
      const entry = journal?.steps[s.id];
      const view: RunStepView = {
        id: s.id,
        title: s.title,
        side: sideLabel.get(s.side) ?? s.side,
        status: 'pending',
      };
      if (entry) {
        view.status =
          entry.status === 'succeeded'
            ? 'done'
            : entry.status === 'skipped'
              ? 'skipped'
              : entry.status === 'failed'
                ? 'failed'
                : 'pending';
        view.startedAt = Date.parse(entry.startedAt) || undefined;
        if (entry.finishedAt) view.finishedAt = Date.parse(entry.finishedAt) || undefined;
        if (entry.error) view.error = entry.error;
        view.attempts = entry.attempts;
      }
      return view;
    });
    const outputs = journal?.outputs ?? {};
    const allDone = steps.every((s) => s.status === 'done' || s.status === 'skipped');
    const anyFailed = steps.some((s) => s.status === 'failed');
    const status: RunView['status'] = journal
      ? allDone
        ? 'succeeded'
        : anyFailed
          ? record.status === 'cancelled'
            ? 'cancelled'
            : 'failed'
          : 'interrupted'
      : 'running';
    const view: RunView = {
      runId: record.runId,
      title: record.title,
      status,
      steps,
      startedAt: record.startedAt,
      followUps: followUps(record.plan, outputs),
    };
    if (record.finishedAt && status !== 'interrupted') view.finishedAt = record.finishedAt;
    if (record.pausedMs) view.pausedMs = record.pausedMs;
    if (record.peering) view.peering = record.peering;
    const run: LiveRun = { record, view, confirmations: new Map() };
    this.live.set(record.runId, run);
    return run;
  }

  private launch(run: LiveRun): void {
    if (run.controller) throw new WizardError('This run is already running.', 'failed');
    const controller = new AbortController();
    run.controller = controller;
    run.view.status = 'running';
    // Resumed after a cancel or a failure: the time it stood still is not run time.
    if (run.view.finishedAt) this.addPause(run, this.now() - run.view.finishedAt);
    delete run.view.finishedAt;
    for (const step of run.view.steps) {
      if (step.status === 'failed' || step.status === 'cancelled') {
        step.status = 'pending';
        delete step.error;
        delete step.finishedAt;
      }
    }
    this.publish(run);
    const runner = new Runner({
      loadProvider: (cloud) => this.options.loadProvider(cloud),
      accounts: this.options.accounts(),
      journalPath: this.journalPath(run.record.runId),
      onEvent: (event) => this.onEvent(run, event),
      confirmManual: (step) => this.awaitUser(run, step, controller.signal),
      pollIntervalMs: this.options.pollIntervalMs,
    });
    void runner
      .run(run.record.plan, { signal: controller.signal })
      .then(
        (result) => this.finish(run, result),
        (error: unknown) => {
          // The runner reports step failures as results; this is a bug or a broken journal.
          this.options.log.error(`Wizard run ${run.record.runId} stopped`, error);
          run.view.status = 'failed';
          const current = run.view.steps.find((s) => s.status === 'running');
          if (current) {
            current.status = 'failed';
            current.error = errorMessage(error);
          }
        },
      )
      .finally(() => {
        run.controller = undefined;
        this.endPause(run);
        run.view.finishedAt = this.now();
        this.publish(run);
      });
  }

  private awaitUser(run: LiveRun, step: PlanStep, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted)
        return reject(Object.assign(new Error('Cancelled'), { name: 'AbortError' }));
      run.confirmations.set(step.id, { resolve, reject });
    });
  }

  private async finish(run: LiveRun, result: RunResult): Promise<void> {
    run.view.status =
      result.status === 'succeeded'
        ? 'succeeded'
        : result.status === 'cancelled'
          ? 'cancelled'
          : 'failed';
    run.view.followUps = [
      ...result.carryValues.map((c) => ({ where: c.destination, label: c.label, value: c.value })),
      ...run.record.plan.followUps.flatMap(followUpsFromText),
    ] satisfies FollowUp[];
    run.record.status = run.view.status;
    this.endPause(run);
    run.record.finishedAt = this.now();
    const accountIds = [
      ...new Set(run.record.plan.sides.map((s) => s.accountId).filter((a): a is string => !!a)),
    ];
    try {
      const peering = await this.options.onFinished?.({
        runId: run.record.runId,
        draft: run.record.draft,
        plan: run.record.plan,
        result,
        accountIds,
      });
      if (peering) run.view.peering = run.record.peering = peering;
    } catch (error) {
      this.options.log.warn(`Wizard: refreshing after the run failed: ${errorMessage(error)}`);
    }
    await this.saveRecord(run.record).catch((error: unknown) =>
      this.options.log.warn(`Wizard: could not save the run record: ${errorMessage(error)}`),
    );
  }

  private onEvent(run: LiveRun, event: RunnerEvent): void {
    const step = 'stepId' in event ? run.view.steps.find((s) => s.id === event.stepId) : undefined;
    const now = this.now();
    switch (event.type) {
      case 'step-started':
        if (step) {
          step.status = 'running';
          step.startedAt = now;
          delete step.finishedAt;
          delete step.detail;
          delete step.error;
          step.attempts = (step.attempts ?? 0) + 1;
        }
        break;
      case 'step-succeeded':
        if (step?.awaitingUser) this.endPause(run);
        if (step) {
          step.status = 'done';
          step.finishedAt = now;
          delete step.detail;
          delete step.awaitingUser;
        }
        break;
      case 'step-skipped':
        if (step) {
          // Steps an earlier attempt finished keep their status and times from the journal.
          if (event.why === 'journal' && (step.status === 'done' || step.status === 'skipped'))
            break;
          step.status = 'skipped';
          step.startedAt ??= now;
          step.finishedAt = now;
          step.detail =
            event.why === 'exists'
              ? 'Already in place: nothing to do.'
              : 'Done by an earlier attempt.';
          delete step.awaitingUser;
        }
        break;
      case 'step-failed':
        if (step?.awaitingUser) this.endPause(run);
        if (step) {
          step.finishedAt = now;
          delete step.awaitingUser;
          if (event.error === 'Cancelled') {
            // The status says it; no error text, no stale "waiting" detail beside it.
            step.status = 'cancelled';
            delete step.error;
            delete step.detail;
          } else {
            step.status = 'failed';
            step.error = event.error;
          }
        }
        break;
      case 'step-waiting':
        if (step) step.detail = event.detail ? `Waiting: ${event.detail}` : 'Waiting…';
        break;
      case 'retry':
        if (step)
          step.detail = `Retrying (attempt ${event.attempt + 1}) in ${Math.round(event.delayMs / 100) / 10} s: ${event.error}`;
        break;
      case 'manual-step':
        if (step) {
          run.view.pausedSince ??= now;
          step.awaitingUser = true;
          step.instructions = event.instructions.slice(0, 50);
          step.values = event.values.map((v) => ({
            where: v.destination,
            label: v.label,
            value: v.value,
          }));
          step.detail =
            'Waiting for you: do this elsewhere, then press Done (or wait: it is checked every few seconds).';
        }
        break;
      case 'run-started':
      case 'run-finished':
        break;
    }
    this.publish(run);
  }

  private addPause(run: LiveRun, ms: number): void {
    if (!(ms > 0)) return;
    run.view.pausedMs = (run.view.pausedMs ?? 0) + ms;
    run.record.pausedMs = run.view.pausedMs;
  }

  /** The run stops waiting on the user: that wait joins the paused time. */
  private endPause(run: LiveRun): void {
    if (run.view.pausedSince === undefined) return;
    this.addPause(run, this.now() - run.view.pausedSince);
    delete run.view.pausedSince;
  }

  private publish(run: LiveRun): void {
    try {
      run.listener?.(structuredClone(run.view));
    } catch (error) {
      this.options.log.warn(`Wizard: could not show run progress: ${errorMessage(error)}`);
    }
  }

  private recordPath(runId: string): string {
    return path.join(this.options.dir, runId, 'run.json');
  }

  private journalPath(runId: string): string {
    return path.join(this.options.dir, runId, 'journal.json');
  }

  private async saveRecord(record: RunRecord): Promise<void> {
    const file = this.recordPath(record.runId);
    // Run folders are private (0700), as the 0600 files in them.
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const temp = `${file}.tmp`;
    await fs.writeFile(temp, JSON.stringify(record), { mode: 0o600 });
    await fs.rename(temp, file);
  }
}
