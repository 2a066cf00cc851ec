/**
 * The watcher behind the status bar: counts the watched peerings by state,
 * notices when one becomes active, fails, expires or disconnects, and polls
 * only the peerings in transition (provisioning, deleting), one `getPeering`
 * each, with backoff. Apart from that it makes no call but the slow refresh
 * every `refreshIntervalMs`.
 *
 * Plain Node with an injectable scheduler, so tests drive it with fake timers
 * against the sandbox.
 */
import { NEEDS_ACTION_STATES, rawState, TRANSITIONAL_STATES } from '../model/states';
import type { Peering, PeeringState } from '../model/types';
import type { LocatedPeering } from './inventory';

export type WatchEventKind = 'active' | 'failed' | 'expired' | 'disconnected';

export interface WatchTransition {
  kind: WatchEventKind;
  item: LocatedPeering;
  previous: PeeringState;
}

export interface PeeringSummary {
  active: number;
  pending: number;
  down: number;
  /** Watched peerings the user has to act on: pending, inactive, failed, disconnected. */
  needsAction: LocatedPeering[];
  /** 'error' when something watched is failed or disconnected, 'warning' when something waits on the user. */
  severity: 'error' | 'warning' | undefined;
  /**
   * How many peerings are watched (after dedupe): one logical link counts
   * once, e.g. a Dragonfly connection and the AWS peering it made.
   */
  watched: number;
}

export interface Scheduler {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realScheduler: Scheduler = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface PeeringWatcherOptions {
  /** One peering's current state (the provider's getPeering); undefined once it is gone. */
  getPeering(item: LocatedPeering, signal: AbortSignal): Promise<Peering | undefined>;
  /** The slow refresh of everything. */
  refreshAll(): Promise<void>;
  isWatched(key: string): boolean;
  /** 0 or undefined: no slow refresh. */
  refreshIntervalMs?: number;
  /** First poll of a peering in transition, after this long. */
  pollInitialMs?: number;
  /** Backoff cap while a peering stays in the same transitional state. */
  pollMaxMs?: number;
  pollFactor?: number;
  scheduler?: Scheduler;
  onPollError?(item: LocatedPeering, error: unknown): void;
}

/** What a state counts as in the status bar. */
export function summaryBucket(state: PeeringState): 'active' | 'pending' | 'down' | undefined {
  switch (state) {
    case 'active':
      return 'active';
    case 'pending':
    case 'provisioning':
    case 'inactive':
      return 'pending';
    case 'failed':
    case 'disconnected':
      return 'down';
    default:
      return undefined;
  }
}

/**
 * The logical link a peering is part of. A Dragonfly Cloud connection to AWS
 * makes an AWS VPC peering (`peer_connection_id`, the pcx id); the two are
 * one link for the user, so they share `aws/<pcx id>`, the AWS peering's key.
 */
export function linkKey(peering: Peering): string {
  const pcx = peering.options?.peerConnectionId;
  if (peering.cloud === 'dragonfly' && typeof pcx === 'string' && pcx) return `aws/${pcx}`;
  return peering.key;
}

const BUCKET_RANK = { active: 0, pending: 1, down: 2 } as const;

interface Poll {
  handle: unknown;
  delayMs: number;
  controller?: AbortController;
}

type Listener<T> = (value: T) => void;

export class PeeringWatcher {
  private readonly items = new Map<string, LocatedPeering>();
  private readonly known = new Map<string, PeeringState>();
  /** Per link, the last notification sent, so that both halves of one link notify once. */
  private readonly notified = new Map<string, WatchEventKind>();
  private readonly polls = new Map<string, Poll>();
  private refreshHandle: unknown;
  private refreshIntervalMs: number;
  private disposed = false;
  private readonly summaryListeners = new Set<Listener<PeeringSummary>>();
  private readonly transitionListeners = new Set<Listener<WatchTransition>>();
  private readonly polledListeners = new Set<
    Listener<{ item: LocatedPeering; fresh: Peering | undefined }>
  >();
  private readonly scheduler: Scheduler;

  constructor(private readonly options: PeeringWatcherOptions) {
    this.scheduler = options.scheduler ?? realScheduler;
    this.refreshIntervalMs = options.refreshIntervalMs ?? 0;
    this.scheduleRefresh();
  }

  onDidChangeSummary(listener: Listener<PeeringSummary>): { dispose(): void } {
    return subscribe(this.summaryListeners, listener);
  }

  /** A watched peering became active, failed, expired or disconnected. */
  onDidTransition(listener: Listener<WatchTransition>): { dispose(): void } {
    return subscribe(this.transitionListeners, listener);
  }

  /** A poll brought a fresh peering (or found it gone): the inventory writes it back. */
  onDidPoll(listener: Listener<{ item: LocatedPeering; fresh: Peering | undefined }>): {
    dispose(): void;
  } {
    return subscribe(this.polledListeners, listener);
  }

  /**
   * Takes every peering currently known (after a refresh or any change) and
   * reports what changed since the last look. A peering seen for the first
   * time reports nothing: only changes notify.
   */
  observe(items: readonly LocatedPeering[]): void {
    const next = new Map<string, LocatedPeering>();
    for (const item of items) {
      if (!next.has(item.peering.key)) next.set(item.peering.key, item);
    }
    this.items.clear();
    for (const [key, item] of next) this.items.set(key, item);
    for (const key of [...this.known.keys()]) if (!next.has(key)) this.known.delete(key);
    const links = new Set([...next.values()].map((item) => linkKey(item.peering)));
    for (const link of [...this.notified.keys()]) if (!links.has(link)) this.notified.delete(link);
    for (const item of next.values()) this.noteState(item);
    for (const key of [...this.polls.keys()]) if (!next.has(key)) this.stopPoll(key);
    this.schedulePolls();
    this.emitSummary();
  }

  /** One peering's fresh state, from an action (accept, delete, ...) or a poll. */
  update(item: LocatedPeering): void {
    this.items.set(item.peering.key, item);
    this.noteState(item);
    this.schedulePolls();
    this.emitSummary();
  }

  /** The watch list changed: only the summary moves. */
  watchedChanged(): void {
    this.emitSummary();
  }

  summary(): PeeringSummary {
    const summary: PeeringSummary = {
      active: 0,
      pending: 0,
      down: 0,
      needsAction: [],
      severity: undefined,
      watched: 0,
    };
    // One entry per logical link, in the state of its least healthy half.
    const links = new Map<string, LocatedPeering[]>();
    for (const item of this.items.values()) {
      if (!this.options.isWatched(item.peering.key)) continue;
      const link = linkKey(item.peering);
      links.set(link, [...(links.get(link) ?? []), item]);
    }
    for (const members of links.values()) {
      summary.watched++;
      let bucket: 'active' | 'pending' | 'down' | undefined;
      for (const item of members) {
        const b = summaryBucket(item.peering.state);
        if (b && (!bucket || BUCKET_RANK[b] > BUCKET_RANK[bucket])) bucket = b;
      }
      if (bucket) summary[bucket]++;
      const acting = members.find((item) => NEEDS_ACTION_STATES.has(item.peering.state));
      if (acting) summary.needsAction.push(acting);
    }
    summary.severity =
      summary.down > 0 ? 'error' : summary.needsAction.length ? 'warning' : undefined;
    return summary;
  }

  /** Keys of the peerings being polled now. */
  pollingKeys(): string[] {
    return [...this.polls.keys()];
  }

  setRefreshInterval(ms: number): void {
    this.refreshIntervalMs = ms;
    this.scheduleRefresh();
  }

  dispose(): void {
    this.disposed = true;
    for (const key of [...this.polls.keys()]) this.stopPoll(key);
    if (this.refreshHandle !== undefined) this.scheduler.clearTimeout(this.refreshHandle);
    this.refreshHandle = undefined;
    this.summaryListeners.clear();
    this.transitionListeners.clear();
    this.polledListeners.clear();
  }

  // ---- internals ----

  private noteState(item: LocatedPeering): void {
    const key = item.peering.key;
    const previous = this.known.get(key);
    const state = item.peering.state;
    this.known.set(key, state);
    if (previous === undefined || previous === state) return;
    const kind = transitionKind(item.peering);
    if (kind && this.options.isWatched(key) && this.firstNotice(item, kind)) {
      for (const listener of [...this.transitionListeners]) listener({ kind, item, previous });
    }
    // A state change resets the backoff.
    const poll = this.polls.get(key);
    if (poll && !poll.controller) {
      this.stopPoll(key);
    }
  }

  /**
   * Whether this transition is news for its link: a link is active once every
   * half of it is, and the same kind of news from its other half is not
   * repeated.
   */
  private firstNotice(item: LocatedPeering, kind: WatchEventKind): boolean {
    const link = linkKey(item.peering);
    const others = [...this.items.values()].filter(
      (other) => other.peering.key !== item.peering.key && linkKey(other.peering) === link,
    );
    if (kind === 'active' && others.some((other) => other.peering.state !== 'active')) {
      return false;
    }
    if (others.length && this.notified.get(link) === kind) return false;
    this.notified.set(link, kind);
    return true;
  }

  private schedulePolls(): void {
    if (this.disposed) return;
    for (const [key, item] of this.items) {
      const transitional = TRANSITIONAL_STATES.has(item.peering.state);
      if (!transitional) {
        if (this.polls.has(key) && !this.polls.get(key)!.controller) this.stopPoll(key);
        continue;
      }
      if (!this.polls.has(key)) this.schedulePoll(key, this.options.pollInitialMs ?? 2_000);
    }
  }

  private schedulePoll(key: string, delayMs: number): void {
    const poll: Poll = { delayMs, handle: undefined };
    poll.handle = this.scheduler.setTimeout(() => void this.runPoll(key, poll), delayMs);
    this.polls.set(key, poll);
  }

  private async runPoll(key: string, poll: Poll): Promise<void> {
    const item = this.items.get(key);
    if (this.disposed || this.polls.get(key) !== poll || !item) return;
    poll.controller = new AbortController();
    let fresh: Peering | undefined;
    try {
      fresh = await this.options.getPeering(item, poll.controller.signal);
    } catch (error) {
      if (this.disposed || this.polls.get(key) !== poll) return;
      this.options.onPollError?.(item, error);
      this.polls.delete(key);
      this.schedulePoll(key, this.nextDelay(poll.delayMs));
      return;
    }
    if (this.disposed || this.polls.get(key) !== poll) return;
    this.polls.delete(key);
    if (!fresh) {
      this.items.delete(key);
      this.known.delete(key);
      this.emitPolled(item, undefined);
      this.emitSummary();
      return;
    }
    const unchanged = fresh.state === item.peering.state;
    const updated: LocatedPeering = { ...item, peering: fresh };
    this.items.set(key, updated);
    this.noteState(updated);
    this.emitPolled(item, fresh);
    if (TRANSITIONAL_STATES.has(fresh.state)) {
      // Same state: wait longer next time. A new transitional state: start over.
      const delay = unchanged
        ? this.nextDelay(poll.delayMs)
        : (this.options.pollInitialMs ?? 2_000);
      if (!this.polls.has(key)) this.schedulePoll(key, delay);
    }
    this.emitSummary();
  }

  private nextDelay(delayMs: number): number {
    return Math.min(delayMs * (this.options.pollFactor ?? 2), this.options.pollMaxMs ?? 60_000);
  }

  private stopPoll(key: string): void {
    const poll = this.polls.get(key);
    if (!poll) return;
    this.scheduler.clearTimeout(poll.handle);
    poll.controller?.abort();
    this.polls.delete(key);
  }

  private scheduleRefresh(): void {
    if (this.refreshHandle !== undefined) this.scheduler.clearTimeout(this.refreshHandle);
    this.refreshHandle = undefined;
    if (this.disposed || !(this.refreshIntervalMs > 0)) return;
    this.refreshHandle = this.scheduler.setTimeout(() => {
      this.refreshHandle = undefined;
      void this.options
        .refreshAll()
        .catch(() => undefined)
        .finally(() => {
          if (this.refreshHandle === undefined) this.scheduleRefresh();
        });
    }, this.refreshIntervalMs);
  }

  private emitSummary(): void {
    if (this.disposed) return;
    const summary = this.summary();
    for (const listener of [...this.summaryListeners]) listener(summary);
  }

  private emitPolled(item: LocatedPeering, fresh: Peering | undefined): void {
    for (const listener of [...this.polledListeners]) listener({ item, fresh });
  }
}

/** Which notification a peering's new state deserves, if any. */
export function transitionKind(peering: Peering): WatchEventKind | undefined {
  switch (peering.state) {
    case 'active':
      return 'active';
    case 'failed':
      return 'failed';
    case 'disconnected':
      return peering.rawState === rawState('aws', 'expired') ? 'expired' : 'disconnected';
    default:
      return undefined;
  }
}

function subscribe<T>(set: Set<Listener<T>>, listener: Listener<T>): { dispose(): void } {
  set.add(listener);
  return { dispose: () => set.delete(listener) };
}
