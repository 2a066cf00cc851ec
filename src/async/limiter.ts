/**
 * A concurrency limit per provider. Small enough to own: the popular
 * p-limit is ESM-only from v4 and this needs only acquire/release in order.
 */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError('concurrency limit must be a whole number ≥ 1');
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    // A finishing task hands its slot straight to the first waiter. Releasing it and letting the
    // waiter take it back later let a caller arriving in between take it too: more than `limit`
    // ran at once (bench/scale.bench.ts saw about twice the limit with thousands of places).
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    }
  }

  /** Tasks running now (never more than `limit`). */
  get running(): number {
    return this.active;
  }

  get pending(): number {
    return this.queue.length;
  }
}
