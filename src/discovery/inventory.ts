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
    if (!force && (running || view.status === 'loaded' || view.status === 'error')) {
      return running ?? Promise.resolve();
    }
    const generation = this.bump(key);
    view.status = 'loading';
    this.emit({ accountId });
    const load = (async () => {
      let regions: (string | undefined)[];
      try {
        regions = await this.discovery.regions(view.account);
      } catch (error) {
        if (this.generations.get(key) !== generation) return;
        view.status = 'error';
        view.error = error;
        this.options.onError?.(`Listing the regions of ${view.account.label}`, error);
        this.emit({ accountId });
        return;
      }
      if (this.generations.get(key) !== generation || this.accounts.get(accountId) !== view) return;
      view.regions = regions;
      view.error = undefined;
      const keep = new Set(regions.map(placeKey));
      for (const k of [...view.places.keys()]) if (!keep.has(k)) view.places.delete(k);
      for (const region of regions) {
        if (!view.places.has(placeKey(region))) {
          view.places.set(placeKey(region), emptyPlace(view.account, region));
        }
      }
      view.status = 'loaded';
      this.emit({ accountId });
      await Promise.all(regions.map((region) => this.loadPlace(accountId, region, true)));
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
    const generation = this.bump(key);
    place.status = 'loading';
    this.emit({ accountId, region, placeChanged: true });
    const at = { account: view.account, region };
    const load = Promise.all([this.discovery.networks(at), this.discovery.peerings(at)])
      .then(
        ([networks, peerings]) => {
          if (this.generations.get(key) !== generation) return;
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
      .then(() => this.emit({ accountId, region, placeChanged: true }))
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
      this.fullRefresh = Promise.all(this.accountIds().map((id) => this.loadAccount(id, true)))
        .then(() => {
          this.lastRefreshAt = Date.now();
        })
        .finally(() => (this.fullRefresh = undefined));
    }
    return this.fullRefresh;
  }

  /** Loads whatever has not been loaded yet; what is loaded stays. */
  ensureLoaded(): Promise<void> {
    this.discovery.prefetchGroups(
      [...this.accounts.values()].filter((v) => v.status === 'idle').map((v) => v.account),
    );
    return Promise.all(this.accountIds().map((id) => this.loadAccount(id))).then(() => undefined);
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

  private bump(key: string): number {
    const next = (this.generations.get(key) ?? 0) + 1;
    this.generations.set(key, next);
    return next;
  }

  private emit(change: InventoryChange): void {
    for (const listener of [...this.listeners]) listener(change);
  }
}

function emptyPlace(account: Account, region: string | undefined): PlaceView {
  return { account, region, status: 'idle', networks: [], peerings: [], byNetwork: new Map() };
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
