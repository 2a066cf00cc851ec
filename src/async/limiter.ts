/**
 * A concurrency limit per provider. Small enough to own: the popular
 * p-limit is ESM-only from v4 and this needs only acquire/release in order.
 */
/** Slot hand-overs in one turn of the event loop before the next wait for the next turn. */
const HANDOVERS_PER_TURN = 16;

export class ConcurrencyLimiter {
  private active = 0;
  /**
   * Waiters in arrival order, from `head` on. `Array.prototype.shift` copies the whole array once
   * it is large (V8 left-trims only small backing stores): a refresh queuing 17,000 place calls
   * spent seconds in it. The consumed prefix is dropped once it is most of the array.
   */
  private queue: ((() => void) | undefined)[] = [];
  private head = 0;
  /** Slots handed over since the event loop last turned (see release). */
  private handovers = 0;
  /** Slots whose hand-over waits for the next turn. */
  private parked = 0;

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
      this.release();
    }
  }

  /**
   * Hands the slot to the first waiter. Tasks that finish without waiting for I/O (a region list
   * read from settings, a place answered from an organization's inventory) hand slots on inside
   * one drain of the microtask queue, and each may start more work: 480 accounts' region lists
   * started 16,000 place calls in one synchronous block of about 400 ms (bench/scale.bench.ts).
   * After HANDOVERS_PER_TURN hand-overs in one turn of the event loop, the next ones wait for the
   * next turn (the slot stays taken meanwhile, so the limit holds).
   */
  private release(): void {
    if (this.head >= this.queue.length) {
      this.active--;
      return;
    }
    if (this.handovers === 0) setImmediate(() => this.nextTurn());
    if (++this.handovers > HANDOVERS_PER_TURN) {
      // Parked, still taken: the next turn hands it to the first waiter then (in arrival order).
      this.parked++;
      return;
    }
    this.dequeue()?.();
  }

  private nextTurn(): void {
    this.handovers = 0;
    const parked = this.parked;
    this.parked = 0;
    for (let i = 0; i < parked; i++) this.release();
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
