/**
 * Retries with full-jitter exponential backoff that honors a provider's
 * throttling signal and Retry-After. The SDKs' own retries are turned off in
 * the adapters (maxAttempts 1), so this is the only retry loop and its bounds
 * hold: `maxAttempts` calls at most, never past the signal or the deadline.
 *
 * Two budgets, because the two kinds of failure differ:
 *
 * - A 5xx or a dropped connection may be a real outage: 5 attempts
 *   (DEFAULT_ATTEMPTS), then the error shows in the tree with Retry.
 * - Throttling is the provider saying "later", never "no": the call is fine
 *   and only has to wait its turn. THROTTLED_ATTEMPTS is sized so that a
 *   refresh completes in a storm where half of all calls are throttled. Each
 *   attempt is throttled independently with p = 0.5, so one call fails after
 *   n attempts with probability 0.5^n, and a refresh of M calls fails with
 *   probability at most M · 0.5^n (union bound). A refresh of the demo world
 *   makes 19 calls over all clouds (counted on the sandbox's call counters);
 *   allowing M = 64 for larger estates, M · 0.5^n < 1e-6 needs
 *   0.5^n < 1.6e-8, so n ≥ 26 (64 · 2^-26 ≈ 9.5e-7). The waits stay bounded:
 *   the backoff ceiling doubles up to `maxDelayMs` (5 s), so even 26 attempts
 *   wait about 2 minutes at worst, and discovery's per-place deadline and the
 *   caller's signal stop it sooner. The expected cost in such a storm is 2
 *   calls per call (a geometric number of attempts with mean 1/(1 - p)).
 *
 * An explicit `maxAttempts` bounds both kinds unless `maxThrottledAttempts`
 * is given too (the runner's step-level retries pass their own small bound).
 */

/** Attempts for a call that fails with a 5xx or a dropped connection. */
export const DEFAULT_ATTEMPTS = 5;
/** Attempts for a call the provider keeps throttling; see the reasoning above. */
export const THROTTLED_ATTEMPTS = 26;

export interface RetryClassification {
  retryable: boolean;
  /** The provider said "slow down" (RequestLimitExceeded, 429, rateLimitExceeded). */
  throttled?: boolean;
  /** Server-requested wait, from Retry-After or similar, in ms. */
  retryAfterMs?: number;
}

export interface RetryOptions {
  /** Attempts in all for errors that are not throttling (and for throttling too, unless the next is set). */
  maxAttempts?: number;
  /** Attempts in all while the provider throttles; THROTTLED_ATTEMPTS without either option. */
  maxThrottledAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  signal?: AbortSignal;
  classify: (error: unknown) => RetryClassification;
  /** Injected for tests and benchmarks; Math.random otherwise. */
  random?: () => number;
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

export class AbortError extends Error {
  constructor(message = 'The operation was cancelled') {
    super(message);
    this.name = 'AbortError';
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError();
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The longest server-requested wait honored; a longer Retry-After is treated as this. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * The delay before retry number `attempt` (1-based): full jitter over an
 * exponential ceiling, four times longer when throttled. A server-requested
 * wait (Retry-After, x-ms-retry-after-ms) is a floor: the call waits at least
 * that long, plus a jitter of up to one base delay so that callers throttled
 * together do not all come back in the same millisecond.
 */
export function backoffDelay(
  attempt: number,
  classification: RetryClassification,
  options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'>,
): number {
  const random = options.random ?? Math.random;
  const base = (options.baseDelayMs ?? 100) * (classification.throttled ? 4 : 1);
  const cap = options.maxDelayMs ?? 5_000;
  const ceiling = Math.min(cap, base * 2 ** Math.min(attempt - 1, 30));
  const jittered = random() * ceiling;
  const asked = classification.retryAfterMs;
  if (asked === undefined || !Number.isFinite(asked) || asked <= 0) return jittered;
  return Math.min(asked, MAX_RETRY_AFTER_MS) + random() * Math.min(base, cap);
}

export async function withRetry<T>(
  action: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? DEFAULT_ATTEMPTS;
  const maxThrottled =
    options.maxThrottledAttempts ??
    (options.maxAttempts === undefined ? THROTTLED_ATTEMPTS : options.maxAttempts);
  let failures = 0;
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(options.signal);
    try {
      return await action(attempt);
    } catch (error) {
      if (options.signal?.aborted) throw new AbortError();
      const classification = options.classify(error);
      if (!classification.retryable) throw error;
      if (classification.throttled ? attempt >= maxThrottled : ++failures >= maxAttempts)
        throw error;
      const delayMs = backoffDelay(attempt, classification, options);
      options.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs, options.signal);
    }
  }
}

/** Parses a Retry-After header: seconds or an HTTP date. */
export function parseRetryAfter(
  value: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
