/**
 * Wizard runs (src/ui/wizard/planBundle/wizardRuns.ts, vscode-free) on the sandbox with
 * the real adapters: a cancelled step shows only Cancelled, and the run's
 * elapsed time leaves out the time a manual step waited on the user. The
 * clock is the test's own, so nothing depends on how fast the machine is.
 */
import * as assert from 'node:assert/strict';
import { buildPlan } from '../../../src/plans';
import { runActiveMs, type RunView } from '../../../src/protocol/wizardMessages';
import { PlanRuns } from '../../../src/ui/wizard/planBundle/wizardRuns';
import { SAMPLE_INPUTS } from '../plans/samples';
import { useSandbox } from '../plans/sandboxSession';

const MINUTE = 60_000;

describe('wizard runs: cancelled steps and paused time (sandbox)', function () {
  this.timeout(120_000);
  const fixture = useSandbox({
    operationDelayMs: 10,
    tmpPrefix: 'wizard-runs-',
    resetEachTest: true,
  });
  let offset = 0;
  const now = () => Date.now() + offset;
  beforeEach(() => {
    offset = 0;
  });

  function start() {
    const views: RunView[] = [];
    const waiters = new Set<() => void>();
    const runs = new PlanRuns({
      dir: fixture.dir,
      loadProvider: fixture.session.loadProvider,
      accounts: () => fixture.session.accounts,
      plan: () =>
        buildPlan(
          'emqx-cloud-aws',
          SAMPLE_INPUTS['emqx-cloud-aws'] ?? {},
          fixture.context('emqx-cloud-aws'),
        ),
      log: { warn: () => undefined, error: () => undefined },
      pollIntervalMs: 20,
      now,
    });
    const push = (view: RunView) => {
      views.push(view);
      for (const wake of [...waiters]) wake();
    };
    /** The first update (from now on) that satisfies ok. */
    const until = (what: string, ok: (view: RunView) => boolean) =>
      new Promise<RunView>((resolve, reject) => {
        const check = () => {
          const last = views.at(-1);
          if (last && ok(last)) {
            waiters.delete(check);
            resolve(last);
          } else if (last && last.status !== 'running' && !ok(last)) {
            waiters.delete(check);
            reject(new Error(`the run ended ${last.status} before it ${what}`));
          }
        };
        waiters.add(check);
        check();
      });
    return { runs, push, until };
  }

  const draft = { scenarioId: 'emqx-cloud-aws', localNetworkKey: 'unused', inputs: {} };
  const snapshot = { accounts: [], networks: [], peerings: [], errors: [] };

  it('a step cancelled while it waits shows only Cancelled', async () => {
    const { runs, push, until } = start();
    const started = await runs.start(draft, snapshot, push);
    const waiting = await until('waited on the user', (r) => r.steps.some((s) => s.awaitingUser));
    const manual = waiting.steps.find((s) => s.awaitingUser)!;
    assert.ok(manual.detail, 'while it waits, the step says so');
    await runs.cancel(started.runId);
    const cancelled = await until('was cancelled', (r) => r.status === 'cancelled');
    const step = cancelled.steps.find((s) => s.id === manual.id)!;
    assert.equal(step.status, 'cancelled');
    assert.equal(step.error, undefined, 'no error text repeats "Cancelled"');
    assert.equal(step.detail, undefined, 'no stale "Waiting for you" beside it');
    assert.equal(step.awaitingUser, undefined);
  });

  it('elapsed time leaves out the time a manual step waited on the user', async () => {
    const { runs, push, until } = start();
    const started = await runs.start(draft, snapshot, push);
    const waiting = await until('waited on the user', (r) => r.steps.some((s) => s.awaitingUser));
    const manual = waiting.steps.find((s) => s.awaitingUser)!;
    const pcx = manual.values?.find((v) => v.label === 'Peering ID')?.value;
    assert.match(pcx ?? '', /^pcx-/);
    // The user takes 25 minutes in the EMQX console; the run's clock stands still.
    const before = runActiveMs(waiting, now());
    offset += 25 * MINUTE;
    assert.ok(runActiveMs(waiting, now()) - before < MINUTE, 'no time counts while it waits');
    const aws = await fixture.provider('aws');
    const emqx = fixture.account('sandbox:aws:emqx');
    await aws.acceptPeering({ account: emqx, region: 'us-east-1' }, pcx!);
    await runs.confirm(started.runId, manual.id);
    const done = await until('succeeded', (r) => r.status === 'succeeded' && !!r.finishedAt);
    const wall = done.finishedAt! - done.startedAt;
    assert.ok(wall >= 25 * MINUTE, `wall time ${wall} ms includes the wait`);
    assert.ok((done.pausedMs ?? 0) >= 25 * MINUTE, `paused ${done.pausedMs} ms`);
    assert.ok(runActiveMs(done, now()) < 5 * MINUTE, `active ${runActiveMs(done, now())} ms`);
    assert.equal(done.pausedSince, undefined);
  });
});
