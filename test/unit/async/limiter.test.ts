import * as assert from 'node:assert/strict';
import { ConcurrencyLimiter } from '../../../src/async/limiter';

describe('async/limiter', () => {
  it('never runs more than its limit, even when a caller arrives while a slot changes hands', async () => {
    const limiter = new ConcurrencyLimiter(1);
    let running = 0;
    let most = 0;
    const finishers: (() => void)[] = [];
    const task = () =>
      new Promise<void>((resolve) => {
        most = Math.max(most, ++running);
        finishers.push(() => {
          running--;
          resolve();
        });
      });
    const all = [limiter.run(task), limiter.run(task)]; // the second waits
    // The first finishes; a caller arrives in the microtask right after its release,
    // before the waiter has resumed (what thousands of places finishing and starting do).
    finishers.shift()!();
    queueMicrotask(() => all.push(limiter.run(task)));
    for (let i = 0; i < 10; i++) await Promise.resolve();
    assert.equal(running, 1, `${running} tasks running with a limit of 1`);
    while (finishers.length) {
      finishers.shift()!();
      for (let i = 0; i < 10; i++) await Promise.resolve();
    }
    await Promise.all(all);
    assert.equal(most, 1);
    assert.equal(limiter.running, 0);
  });

  it('starts thousands of waiters in arrival order, never more than its limit at once', async () => {
    // More waiters than the queue keeps before it drops its consumed prefix (1,024), so the
    // order survives that step.
    const limiter = new ConcurrencyLimiter(3);
    const started: number[] = [];
    let running = 0;
    let most = 0;
    const all = Array.from({ length: 5000 }, (_, i) =>
      limiter.run(async () => {
        started.push(i);
        most = Math.max(most, ++running);
        await Promise.resolve();
        running--;
      }),
    );
    assert.equal(limiter.pending, 4997);
    await Promise.all(all);
    assert.deepEqual(
      started,
      Array.from({ length: 5000 }, (_, i) => i),
    );
    assert.equal(most, 3);
    assert.equal(limiter.running, 0);
    assert.equal(limiter.pending, 0);
  });

  it('lets the event loop turn when tasks that finish at once hand on many slots', async () => {
    // Region lists read from settings finish without I/O; 480 of them queued behind a limit
    // started 16,000 place calls in one synchronous block before (bench/scale.bench.ts).
    const limiter = new ConcurrencyLimiter(2);
    let started = 0;
    const all = Array.from({ length: 200 }, () =>
      limiter.run(async () => {
        started++;
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(started > 2 && started < 200, `${started} of 200 started before the loop turned`);
    await Promise.all(all);
    assert.equal(started, 200);
    assert.equal(limiter.running, 0);
  });
});
