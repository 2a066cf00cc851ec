/**
 * A concurrency limit per provider. Small enough to own: the popular
 * p-limit is ESM-only from v4 and this needs only acquire/release in order.
 */
export class ConcurrencyLimiter {
  private active = 0;
  /**
   * Waiters in arrival order, from `head` on. `Array.prototype.shift` copies the whole array once
   * it is large (V8 left-trims only small backing stores): a refresh queuing 17,000 place calls
   * spent seconds in it. The consumed prefix is dropped once it is most of the array.
   */
  private queue: ((() => void) | undefined)[] = [];
  private head = 0;

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
      const next = this.dequeue();
      if (next) next();
      else this.active--;
    }
  }

  private dequeue(): (() => void) | undefined {
    if (this.head >= this.queue.length) return undefined;
    const next = this.queue[this.head];
    this.queue[this.head++] = undefined; // let the settled waiter go
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return next;
  }

  /** Tasks running now (never more than `limit`). */
  get running(): number {
    return this.active;
  }

  get pending(): number {
    return this.queue.length - this.head;
  }
}
