/**
 * The sandbox clock: real time plus an offset that the admin API can advance.
 * Expirations (AWS pending-acceptance after 7 days) and asynchronous
 * operations are computed from it on read, so advancing it takes effect at once.
 */
export class SandboxClock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  iso(at = this.now()): string {
    return new Date(at).toISOString();
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError('advance takes a non-negative number of ms');
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
