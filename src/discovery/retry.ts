/**
 * Retries with full-jitter exponential backoff that honors a provider's
 * throttling signal and Retry-After. The SDKs' own retries are turned off in
 * the adapters (maxAttempts 1), so this is the only retry loop and its bounds
 * hold: `maxAttempts` calls at most, never past the signal or the deadline.
 */

export interface RetryClassification {
  retryable: boolean;
  /** The provider said "slow down" (RequestLimitExceeded, 429, rateLimitExceeded). */
  throttled?: boolean;
  /** Server-requested wait, from Retry-After or similar, in ms. */
  retryAfterMs?: number;
}

export interface RetryOptions {
  maxAttempts?: number;
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

/** The delay before retry number `attempt` (1-based): full jitter, throttling waits longer, Retry-After wins. */
export function backoffDelay(
  attempt: number,
  classification: RetryClassification,
  options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'>,
): number {
  const base = (options.baseDelayMs ?? 100) * (classification.throttled ? 4 : 1);
  const cap = options.maxDelayMs ?? 5_000;
  const ceiling = Math.min(cap, base * 2 ** (attempt - 1));
  const jittered = (options.random ?? Math.random)() * ceiling;
  return Math.max(jittered, Math.min(classification.retryAfterMs ?? 0, 60_000));
}

export async function withRetry<T>(
  action: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(options.signal);
    try {
      return await action(attempt);
    } catch (error) {
      if (options.signal?.aborted) throw new AbortError();
      const classification = options.classify(error);
      if (!classification.retryable || attempt >= maxAttempts) throw error;
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
