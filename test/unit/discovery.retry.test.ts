/**
 * The one retry loop (src/async/retry.ts): its budgets, its backoff, and
 * how it honors the provider's throttling answer. Delays are observed through
 * `onRetry` with a tiny base delay, so nothing here depends on the clock.
 */
import * as assert from 'node:assert/strict';
import {
  backoffDelay,
  DEFAULT_ATTEMPTS,
  MAX_RETRY_AFTER_MS,
  THROTTLED_ATTEMPTS,
  withRetry,
  type RetryClassification,
} from '../../src/async/retry';
import { SeededRandom } from '../../src/sandbox/random';

class Throttled extends Error {
  constructor(readonly retryAfterMs?: number) {
    super('throttled');
  }
}
class ServerError extends Error {}

const classify = (error: unknown): RetryClassification =>
  error instanceof Throttled
    ? { retryable: true, throttled: true, retryAfterMs: error.retryAfterMs }
    : { retryable: error instanceof ServerError };

/** Fails the first `n` calls with `make()`, then answers 'ok'; counts the calls. */
function failing(n: number, make: () => Error) {
  const state = { calls: 0 };
  const action = async () => {
    state.calls++;
    if (state.calls <= n) throw make();
    return 'ok';
  };
  return { state, action };
}

describe('withRetry: budgets and backoff', () => {
  it('keeps trying a throttled call up to THROTTLED_ATTEMPTS, then gives up', async () => {
    const ok = failing(THROTTLED_ATTEMPTS - 1, () => new Throttled());
    assert.equal(await withRetry(ok.action, { classify, baseDelayMs: 0 }), 'ok');
    assert.equal(ok.state.calls, THROTTLED_ATTEMPTS);
    const never = failing(Infinity, () => new Throttled());
    await assert.rejects(withRetry(never.action, { classify, baseDelayMs: 0 }), Throttled);
    assert.equal(never.state.calls, THROTTLED_ATTEMPTS, 'bounded');
  });

  it('gives a 5xx DEFAULT_ATTEMPTS, and does not retry what is not retryable', async () => {
    const down = failing(Infinity, () => new ServerError('503'));
    await assert.rejects(withRetry(down.action, { classify, baseDelayMs: 0 }), ServerError);
    assert.equal(down.state.calls, DEFAULT_ATTEMPTS);
    const bad = failing(Infinity, () => new Error('400 bad request'));
    await assert.rejects(withRetry(bad.action, { classify, baseDelayMs: 0 }), /400/);
    assert.equal(bad.state.calls, 1);
  });

  it('an explicit maxAttempts bounds throttling too, unless maxThrottledAttempts is given', async () => {
    const a = failing(Infinity, () => new Throttled());
    await assert.rejects(withRetry(a.action, { classify, baseDelayMs: 0, maxAttempts: 3 }));
    assert.equal(a.state.calls, 3);
    const b = failing(Infinity, () => new Throttled());
    await assert.rejects(
      withRetry(b.action, { classify, baseDelayMs: 0, maxAttempts: 3, maxThrottledAttempts: 7 }),
    );
    assert.equal(b.state.calls, 7);
  });

  it('completes a 50% throttle storm for 64 calls in a row (seeded), at about 2 attempts a call', async () => {
    const storm = new SeededRandom(20261205);
    let attempts = 0;
    for (let call = 0; call < 64; call++) {
      const result = await withRetry(
        async () => {
          attempts++;
          if (storm.next() < 0.5) throw new Throttled();
          return call;
        },
        { classify, baseDelayMs: 0 },
      );
      assert.equal(result, call);
    }
    assert.ok(attempts < 64 * 3, `${attempts} attempts for 64 calls`);
  });

  it('waits at least what Retry-After asks, with a little jitter on top, capped at a minute', async () => {
    const delays: number[] = [];
    const twice = failing(2, () => new Throttled(250));
    await withRetry(twice.action, {
      classify,
      baseDelayMs: 1,
      random: () => 0.5,
      onRetry: ({ delayMs }) => delays.push(delayMs),
    });
    assert.deepEqual(delays, [252, 252], '250 ms asked + half of one throttled base delay (4 ms)');
    const long = backoffDelay(
      1,
      { retryable: true, throttled: true, retryAfterMs: 3_600_000 },
      {
        random: () => 0,
      },
    );
    assert.equal(long, MAX_RETRY_AFTER_MS);
  });

  it('without Retry-After: full jitter under an exponential ceiling, 4x for throttling, capped', () => {
    const top = { random: () => 0.999999, baseDelayMs: 100, maxDelayMs: 5_000 };
    const plain = { retryable: true };
    const throttled = { retryable: true, throttled: true };
    assert.ok(Math.abs(backoffDelay(1, plain, top) - 100) < 0.01);
    assert.ok(Math.abs(backoffDelay(3, plain, top) - 400) < 0.01);
    assert.ok(Math.abs(backoffDelay(1, throttled, top) - 400) < 0.01);
    assert.ok(Math.abs(backoffDelay(25, throttled, top) - 5_000) < 0.01, 'capped at maxDelayMs');
    assert.equal(backoffDelay(3, throttled, { ...top, random: () => 0 }), 0, 'full jitter');
  });

  it('stops at once when cancelled while waiting', async () => {
    const controller = new AbortController();
    const never = failing(Infinity, () => new Throttled(30_000));
    const pending = withRetry(never.action, {
      classify,
      signal: controller.signal,
      onRetry: () => controller.abort(),
    });
    await assert.rejects(pending, { name: 'AbortError' });
    assert.equal(never.state.calls, 1);
  });
});
