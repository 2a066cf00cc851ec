/**
 * The run journal: which steps are done and what they produced (the pcx id,
 * a connection id), on disk as JSON. Written atomically (a temporary file,
 * fsync, then rename over the old one), so a crash mid-write leaves either
 * the previous journal or the new one, never half of one.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { maskSecrets } from '../model/redact';
import type { Plan } from '../model/plan';

export type StepStatus = 'running' | 'succeeded' | 'skipped' | 'failed' | 'waiting-user';

export interface JournalStep {
  status: StepStatus;
  startedAt: string;
  finishedAt?: string;
  attempts: number;
  error?: string;
  outputs?: Record<string, string>;
}

export interface Journal {
  version: 1;
  /** Fingerprint of the plan's steps; a journal for another plan is not resumed. */
  planKey: string;
  scenarioId: string;
  startedAt: string;
  updatedAt: string;
  outputs: Record<string, string>;
  steps: Record<string, JournalStep>;
}

/** Steps, actions and checks decide what a run does; titles and scripts do not. */
export function planKey(plan: Plan): string {
  const shape = plan.steps.map((s) => [s.id, s.side, s.kind, s.action ?? null, s.check ?? null]);
  return createHash('sha256')
    .update(JSON.stringify([plan.scenarioId, plan.sides, shape]))
    .digest('hex');
}

export function newJournal(plan: Plan, now: Date): Journal {
  return {
    version: 1,
    planKey: planKey(plan),
    scenarioId: plan.scenarioId,
    startedAt: now.toISOString(),
    updatedAt: now.toISOString(),
    outputs: {},
    steps: {},
  };
}

export async function readJournal(file: string): Promise<Journal | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const journal = JSON.parse(text) as Journal;
    if (journal.version !== 1 || typeof journal.steps !== 'object' || !journal.planKey)
      throw new Error('unexpected shape');
    return journal;
  } catch {
    // Unreadable (an old format, a hand edit): keep it for inspection and start over.
    await fs.rename(file, `${file}.unreadable-${Date.now()}`).catch(() => undefined);
    return undefined;
  }
}

let sequence = 0;

/**
 * Writes the journal privately: folders it creates are 0700 and the file is
 * 0600, as the run record beside it; error texts are masked (model/redact) as
 * the log masks them.
 */
export async function writeJournal(file: string, journal: Journal): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${++sequence}.tmp`;
  const masked: Journal = {
    ...journal,
    steps: Object.fromEntries(
      Object.entries(journal.steps).map(([id, step]) => [
        id,
        step.error === undefined ? step : { ...step, error: maskSecrets(step.error) },
      ]),
    ),
  };
  const handle = await fs.open(temp, 'w', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(masked, null, 2)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(temp, file);
}
