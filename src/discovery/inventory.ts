/**
 * The inventory: what the user currently sees, per account and per place
 * (region), with a load status each. The Networks tree, the quick picks, the
 * status bar and the peering commands all read it, so one listing serves them
 * all and re-rendering never calls a cloud API.
 *
 * Loads go through `Discovery` (concurrency limits, timeouts, in-flight
 * sharing). A place that fails keeps its error and leaves its siblings alone.
 * Plain Node: no `vscode` import, so unit tests and benchmarks use it as is.
 */
import type { Account, Network, NetworkRef, Peering } from '../model/types';
import type { Discovery } from './discovery';
import { keptIdentity, sameIdentity, type KeptAccount, type KeptInventory } from './keptInventory';

export type LoadStatus = 'idle' | 'loading' | 'loaded' | 'error';

export interface PlaceView {
  account: Account;
  /** The listing region; undefined for providers that list every region at once. */
  region: string | undefined;
  status: LoadStatus;
  networks: Network[];
  peerings: Peering[];
  /** Peerings that touch each network (either side), by network id. */
  byNetwork: Map<string, Peering[]>;
  error?: unknown;
  loadedAt?: number;
}

export interface AccountView {
  account: Account;
  /** Status of the region listing; each place has its own. */
  status: LoadStatus;
  regions: (string | undefined)[];
  places: Map<string, PlaceView>;
  error?: unknown;
  /** When its regions were last listed (or the kept listing's age); rows stay shown while it reloads. */
  listedAt?: number;
  /** Set while the account shows a kept listing from an earlier session, not yet refreshed. */
  keptAt?: number;
}

/** A peering with the account and listing region it was seen from. */
export interface LocatedPeering {
  peering: Peering;
  account: Account;
  region: string | undefined;
}

export interface LocatedNetwork {
  network: Network;
  account: Account;
  region: string | undefined;
}

export interface InventoryChange {
  accountId: string;
  /** Set when one place changed; absent when the account's regions or status did. */
  region?: string | undefined;
  placeChanged?: boolean;
  /**
   * Set when a place's listing was replaced: what it held before. The tree
   * compares the rows of before and after and re-renders only those that differ.
   */
  before?: { networks: readonly Network[]; peerings: readonly Peering[] };
  /** True when nothing the tree shows changed (a reload started over rows that stay shown). */
  rowsUnchanged?: boolean;
}

/** Places listed in the running loads, for the view's progress. */
export interface LoadProgress {
  /** Places whose listing finished (or failed) since the loads began. */
  done: number;
  /** Places asked for since the loads began. */
  total: number;
  /** Accounts whose regions are still being listed (their places are not counted yet). */
  accountsListing: number;
}

export interface InventoryOptions {
  /** Told about every failed load, for the log. */
  onError?: (what: string, error: unknown) => void;
}

export function placeKey(region: string | undefined): string {
  return region ?? '';
}

export class Inventory {
  private readonly accounts = new Map<string, AccountView>();
  private readonly listeners = new Set<(change: InventoryChange) => void>();
  /** The newest load per account or place; an older load that finishes later is dropped. */
  private readonly generations = new Map<string, number>();
  private readonly loads = new Map<string, Promise<void>>();
  private fullRefresh: Promise<void> | undefined;
  /** When the last refresh of every account finished. */
  lastRefreshAt: number | undefined;
  /** The kept listing being shown until a refresh replaces it; applied to accounts added later too. */
  private kept: KeptInventory | undefined;
  private progressDone = 0;
  private progressTotal = 0;

  constructor(
    private readonly discovery: Discovery,
    private readonly options: InventoryOptions = {},
  ) {}

  onDidChange(listener: (change: InventoryChange) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Keeps views of accounts that stay, drops the others; new accounts start idle. */
  setAccounts(accounts: readonly Account[]): void {
    const ids = new Set(accounts.map((a) => a.id));
    for (const id of [...this.accounts.keys()]) if (!ids.has(id)) this.accounts.delete(id);
    for (const account of accounts) {
      const view = this.accounts.get(account.id);
      if (!view || !sameAccount(view.account, account)) {
        this.accounts.set(account.id, {
          account,
          status: 'idle',
          regions: [],
          places: new Map(),
        });
      }
    }
    if (this.kept) this.applyKept(this.kept);
  }

  /**
   * Shows a kept listing from an earlier session for every configured account
   * it matches that has not been listed yet. Those accounts count as not
   * loaded, so the next `ensureLoaded` or `refreshAll` lists them again; their
   * rows stay shown meanwhile. Returns how many accounts it filled.
   */
  restore(kept: KeptInventory): number {
    this.kept = kept;
    return this.applyKept(kept);
  }

  /** When the oldest kept listing still shown was made; undefined once every account is fresh. */
  get keptAt(): number | undefined {
    let oldest: number | undefined;
    for (const view of this.accounts.values())
      if (view.keptAt !== undefined) oldest = Math.min(oldest ?? view.keptAt, view.keptAt);
    return oldest;
  }

  /** One account's listing as the kept inventory holds it; undefined when it has none yet. */
  keptAccount(accountId: string): KeptAccount | undefined {
    const view = this.accounts.get(accountId);
    if (!view || view.listedAt === undefined) return undefined;
    const places = [...view.places.values()]
      .filter((p) => p.loadedAt !== undefined)
      .map((p) => ({
        region: p.region ?? null,
        networks: p.networks,
        peerings: p.peerings,
        loadedAt: p.loadedAt,
      }));
    return {
      account: keptIdentity(view.account),
      listedAt: view.keptAt ?? view.listedAt,
      regions: view.regions.map((r) => r ?? null),
      places,
    };
  }

  private applyKept(kept: KeptInventory): number {
    let filled = 0;
    for (const entry of kept.accounts) {
      const view = this.accounts.get(entry.account.id);
      if (!view || view.status !== 'idle' || !sameIdentity(entry.account, view.account)) continue;
      view.regions = entry.regions.map((r) => r ?? undefined);
      view.places = new Map();
      for (const region of view.regions) {
        view.places.set(placeKey(region), emptyPlace(view.account, region));
      }
      for (const kp of entry.places) {
        const region = kp.region ?? undefined;
        if (!view.places.has(placeKey(region))) continue;
        view.places.set(
          placeKey(region),
          new KeptPlaceView(
            view.account,
            region,
            'loaded',
            kp.networks,
            kp.peerings,
            kp.loadedAt ?? entry.listedAt,
          ),
        );
        this.discovery.remember(kp.networks);
      }
      view.status = 'loaded';
      view.listedAt = entry.listedAt;
      view.keptAt = entry.listedAt;
      filled++;
      this.emit({ accountId: view.account.id });
    }
    return filled;
  }

  /** Places listed by the running loads; zeros when nothing runs. */
  progress(): LoadProgress {
    let accountsListing = 0;
    for (const key of this.loads.keys()) if (key.startsWith('a|')) accountsListing++;
    return { done: this.progressDone, total: this.progressTotal, accountsListing };
  }

  accountIds(): string[] {
    return [...this.accounts.keys()];
  }

  account(id: string): AccountView | undefined {
    return this.accounts.get(id);
  }

  place(accountId: string, region: string | undefined): PlaceView | undefined {
    return this.accounts.get(accountId)?.places.get(placeKey(region));
  }

  /** Loads an account's regions and every place in it, unless already loaded (or `force`). */
  loadAccount(accountId: string, force = false): Promise<void> {
    const view = this.accounts.get(accountId);
    if (!view) return Promise.resolve();
    const key = `a|${accountId}`;
    const running = this.loads.get(key);
    const fresh = view.status === 'loaded' && view.keptAt === undefined;
    if (!force && (running || fresh || view.status === 'error')) {
      return running ?? Promise.resolve();
    }
    this.startProgress();
    const generation = this.bump(key);
    view.status = 'loading';
    // An account listed before keeps its rows while it reloads.
    this.emit({ accountId, rowsUnchanged: view.listedAt !== undefined });
    const load = (async () => {
      let regions: (string | undefined)[];
      try {
        regions = await this.discovery.regions(view.account);
      } catch (error) {
        if (this.generations.get(key) !== generation) return;
        view.status = 'error';
        view.error = error;
        view.keptAt = undefined;
        this.options.onError?.(`Listing the regions of ${view.account.label}`, error);
        this.emit({ accountId });
        return;
      }
      if (this.generations.get(key) !== generation || this.accounts.get(accountId) !== view) return;
      const sameRegions =
        view.listedAt !== undefined &&
        view.regions.length === regions.length &&
        view.regions.every((r, i) => r === regions[i]);
      view.regions = regions;
      view.error = undefined;
      view.listedAt = Date.now();
      const keep = new Set(regions.map(placeKey));
      for (const k of [...view.places.keys()]) if (!keep.has(k)) view.places.delete(k);
      for (const region of regions) {
        if (!view.places.has(placeKey(region))) {
          view.places.set(placeKey(region), emptyPlace(view.account, region));
        }
      }
      view.status = 'loaded';
      this.emit({ accountId, rowsUnchanged: sameRegions });
      await Promise.all(regions.map((region) => this.loadPlace(accountId, region, true)));
      // Every place has been listed again (or failed): nothing kept shows any more.
      if (this.generations.get(key) === generation) {
        view.keptAt = undefined;
        this.emit({ accountId, rowsUnchanged: true });
      }
    })().finally(() => {
      if (this.loads.get(key) === load) this.loads.delete(key);
    });
    this.loads.set(key, load);
    return load;
  }

  /** Lists one place's networks and peerings (again, with `force`). */
  loadPlace(accountId: string, region: string | undefined, force = false): Promise<void> {
    const view = this.accounts.get(accountId);
    const place = view?.places.get(placeKey(region));
    if (!view || !place) return Promise.resolve();
    const key = `p|${accountId}|${placeKey(region)}`;
    const running = this.loads.get(key);
    if (!force && (running || place.status === 'loaded' || place.status === 'error')) {
      return running ?? Promise.resolve();
    }
    this.startProgress();
    this.progressTotal++;
    const generation = this.bump(key);
    const shown = place.loadedAt !== undefined && place.status !== 'error';
    place.status = 'loading';
    this.emit({ accountId, region, placeChanged: true, rowsUnchanged: shown });
    const at = { account: view.account, region };
    let before: InventoryChange['before'];
    const load = Promise.all([this.discovery.networks(at), this.discovery.peerings(at)])
      .then(
        ([networks, peerings]) => {
          if (this.generations.get(key) !== generation) return;
          if (shown) before = { networks: place.networks, peerings: place.peerings };
          place.networks = networks;
          place.peerings = peerings;
          place.byNetwork = indexByNetwork(peerings);
          place.status = 'loaded';
          place.error = undefined;
          place.loadedAt = Date.now();
        },
        (error: unknown) => {
          if (this.generations.get(key) !== generation) return;
          place.status = 'error';
          place.error = error;
          this.options.onError?.(
            `Listing ${view.account.label}${region ? ` (${region})` : ''}`,
            error,
          );
        },
      )
      .then(() => {
        this.progressDone++;
        this.emit({ accountId, region, placeChanged: true, before });
      })
      .finally(() => {
        if (this.loads.get(key) === load) this.loads.delete(key);
      });
    this.loads.set(key, load);
    return load;
  }

  /**
   * Reloads every account (the slow refresh, the Refresh button). Concurrent
   * callers share one run; errors stay on their place and never reject.
   */
  refreshAll(): Promise<void> {
    if (!this.fullRefresh) {
      this.discovery.prefetchGroups([...this.accounts.values()].map((v) => v.account));
      this.fullRefresh = inTurns(this.accountIds(), (id) => this.loadAccount(id, true))
        .then(() => {
          this.lastRefreshAt = Date.now();
          this.kept = undefined;
        })
        .finally(() => (this.fullRefresh = undefined));
    }
    return this.fullRefresh;
  }

  /** Loads whatever has not been loaded yet; what is loaded stays. */
  ensureLoaded(): Promise<void> {
    // Accounts showing a kept listing are listed again too.
    this.discovery.prefetchGroups(
      [...this.accounts.values()]
        .filter((v) => v.status === 'idle' || v.keptAt !== undefined)
        .map((v) => v.account),
    );
    return inTurns(this.accountIds(), (id) => this.loadAccount(id));
  }

  /** True while any load is running. */
  get busy(): boolean {
    return this.loads.size > 0;
  }

  /** Every loaded network, with where it was listed. */
  networks(): LocatedNetwork[] {
    const out: LocatedNetwork[] = [];
    for (const view of this.accounts.values()) {
      for (const place of view.places.values()) {
        for (const network of place.networks)
          out.push({ network, account: view.account, region: place.region });
      }
    }
    return out;
  }

  /**
   * Every loaded peering with where it was listed. A peering both of whose
   * sides are configured (an AWS peering between two of the user's accounts)
   * appears once per side, since each side acts on it in its own account.
   */
  peerings(): LocatedPeering[] {
    const out: LocatedPeering[] = [];
    for (const view of this.accounts.values()) {
      for (const place of view.places.values()) {
        for (const peering of place.peerings)
          out.push({ peering, account: view.account, region: place.region });
      }
    }
    return out;
  }

  /** The configured network a peering side points at, across accounts and providers (by id or alias). */
  lookup(ref: NetworkRef): Network | undefined {
    return this.discovery.lookup(ref);
  }

  /** Writes one peering's fresh state (from an action or a poll) where it was listed. */
  upsertPeering(located: LocatedPeering): void {
    const place = this.place(located.account.id, located.region);
    if (!place) return;
    const index = place.peerings.findIndex((p) => p.key === located.peering.key);
    if (index >= 0) place.peerings[index] = located.peering;
    else place.peerings.push(located.peering);
    place.byNetwork = indexByNetwork(place.peerings);
    this.emit({ accountId: located.account.id, region: located.region, placeChanged: true });
  }

  /** Forgets a peering the provider no longer lists. */
  removePeering(accountId: string, region: string | undefined, key: string): void {
    const place = this.place(accountId, region);
    if (!place) return;
    const before = place.peerings.length;
    place.peerings = place.peerings.filter((p) => p.key !== key);
    if (place.peerings.length === before) return;
    place.byNetwork = indexByNetwork(place.peerings);
    this.emit({ accountId, region, placeChanged: true });
  }

  /** A load that starts when none runs begins a new progress count. */
  private startProgress(): void {
    if (this.loads.size === 0) this.progressDone = this.progressTotal = 0;
  }

  private bump(key: string): number {
    const next = (this.generations.get(key) ?? 0) + 1;
    this.generations.set(key, next);
    return next;
  }

  private emit(change: InventoryChange): void {
    for (const listener of [...this.listeners]) listener(change);
  }
}

/** Accounts started per turn of the event loop: hundreds started at once would block it. */
const ACCOUNTS_PER_TURN = 20;

/**
 * Starts `load` for every id, a few per turn of the event loop, and resolves
 * when all have finished. Starting 500 accounts' 8,500 places in one go is one
 * long synchronous stretch (measured by bench/scale.bench.ts).
 */
async function inTurns(ids: readonly string[], load: (id: string) => Promise<void>): Promise<void> {
  const loads: Promise<void>[] = [];
  for (let i = 0; i < ids.length; i++) {
    if (i > 0 && i % ACCOUNTS_PER_TURN === 0)
      await new Promise<void>((resolve) => setImmediate(resolve));
    loads.push(load(ids[i]));
  }
  await Promise.all(loads);
}

function emptyPlace(account: Account, region: string | undefined): PlaceView {
  return { account, region, status: 'idle', networks: [], peerings: [], byNetwork: new Map() };
}

/**
 * A kept place whose `byNetwork` is built when first read (a row of the place is drawn), not
 * when restored: indexing 100,000 kept peerings at once blocked the extension host for about
 * 170 ms before the first rows (bench/scale.bench.ts). Assigning `byNetwork` replaces it as usual.
 */
class KeptPlaceView implements PlaceView {
  private index: Map<string, Peering[]> | undefined;
  error?: unknown;

  constructor(
    public account: Account,
    public region: string | undefined,
    public status: LoadStatus,
    public networks: Network[],
    public peerings: Peering[],
    public loadedAt: number | undefined,
  ) {}

  get byNetwork(): Map<string, Peering[]> {
    return (this.index ??= indexByNetwork(this.peerings));
  }

  set byNetwork(index: Map<string, Peering[]>) {
    this.index = index;
  }
}

/**
 * Peerings per network id, on either side, each once per network. Where a
 * peering is two resources, one per network (GCP, Azure, UpCloud), a network
 * lists its own half and not the other network's half pointing back at it.
 */
export function indexByNetwork(peerings: readonly Peering[]): Map<string, Peering[]> {
  const index = new Map<string, Peering[]>();
  const add = (networkId: string, p: Peering) => {
    let list = index.get(networkId);
    if (!list) index.set(networkId, (list = []));
    list.push(p);
  };
  const halves = new Set(
    peerings.map((p) => `${p.cloud}|${p.local.networkId}|${p.peer.networkId}`),
  );
  for (const p of peerings) {
    add(p.local.networkId, p);
    if (p.peer.networkId === p.local.networkId) continue;
    if (halves.has(`${p.cloud}|${p.peer.networkId}|${p.local.networkId}`)) continue;
    add(p.peer.networkId, p);
  }
  return index;
}

function sameAccount(a: Account, b: Account): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
