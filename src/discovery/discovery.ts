/**
 * Discovery: fan out over accounts × regions with a concurrency limit per
 * provider, a timeout per call, cancellation, and partial results. One failing
 * region becomes an error for that place only; its siblings still complete.
 * Concurrent refreshes share the calls already in flight.
 */
import { errorMessage, isCancellation } from '../model/errors';
import type {
  Account,
  AccountGroup,
  CloudKind,
  Network,
  NetworkRef,
  Peering,
} from '../model/types';
import type { CloudProvider, EngineListing, GroupInventory, Place } from '../providers/provider';
import { ConcurrencyLimiter } from '../async/limiter';
import { AbortError } from '../async/retry';
import { describeCloud } from '../providers/registry';

export interface DiscoveryError {
  accountId: string;
  accountLabel: string;
  cloud: CloudKind;
  region?: string;
  /** What failed and what to do, for the tree's error row. */
  message: string;
}

export interface PlaceResult {
  accountId: string;
  cloud: CloudKind;
  region?: string;
  networks: Network[];
  peerings: Peering[];
  error?: DiscoveryError;
}

export interface DiscoveryResult {
  places: PlaceResult[];
  networks: Network[];
  /** Each peering once, even when both sides are in configured accounts. */
  peerings: Peering[];
  errors: DiscoveryError[];
}

export interface DiscoveryOptions {
  loadProvider: (cloud: CloudKind) => Promise<CloudProvider>;
  /** Calls in flight per provider; by default each cloud's descriptor says. */
  concurrency?: Partial<Record<CloudKind, number>>;
  /** Per-call timeout. */
  timeoutMs?: number;
  /** Streams each place as it completes, for progressive tree rendering. */
  onPlace?: (result: PlaceResult) => void;
  /** Told how each group's inventory engine answered, for the log. */
  onEngine?: (report: EngineReport) => void;
}

/** How an inventory engine answered for a group of accounts. */
export interface EngineReport {
  group: AccountGroup;
  cloud: CloudKind;
  accounts: number;
  /** Set when the engine answered. */
  inventory?: GroupInventory;
  /** Set when it failed: its accounts are listed one by one instead. */
  error?: string;
}

/**
 * An account's answer from its group's engine: each of its places' listings is read once by
 * networks() and once by peerings(), then the place's next listing calls the account again.
 */
interface EngineAnswer {
  inventory: Promise<GroupInventory | undefined>;
  /** `<region>|networks` and `<region>|peerings` already read. */
  read: Set<string>;
  /** Listings of places the answer covers that have been handed out. */
  served: number;
}

export class Discovery {
  private readonly limiters = new Map<CloudKind, ConcurrencyLimiter>();
  private readonly inFlight = new Map<string, Promise<unknown>>();
  /** Every network seen so far, by its own id and its aliases, for peer resolution. */
  private readonly networkIndex = new Map<string, Network>();
  /** Accounts whose places' next listings come from their group's inventory engine, by account id. */
  private readonly engineAnswers = new Map<string, EngineAnswer>();

  constructor(private readonly options: DiscoveryOptions) {}

  /**
   * Asks each group of accounts (an Azure tenant, a GCP organisation or folder, an AWS
   * Organization) its cloud's inventory engine once, when the cloud has one; the next listing of
   * each place of those accounts (each AWS region, the one place of a subscription or project)
   * reads the answer instead of calling the account. A place the engine fails for, or does not
   * cover, is listed by its own calls. Used by full refreshes only: refreshing one place after
   * an action reads it directly, since the engines' indexes lag behind the resources.
   */
  prefetchGroups(accounts: readonly Account[], signal?: AbortSignal): void {
    const groups = new Map<string, Account[]>();
    for (const account of accounts) {
      if (!account.group) continue;
      const key = `${account.cloud}|${account.group.kind}|${account.group.id}|${account.endpoint ?? ''}`;
      let members = groups.get(key);
      if (!members) groups.set(key, (members = []));
      members.push(account);
    }
    for (const [key, members] of groups) {
      const inventory = this.runEngine(key, members, signal);
      for (const account of members)
        this.engineAnswers.set(account.id, { inventory, read: new Set(), served: 0 });
    }
  }

  /** Discovers every account. Accounts fail independently; so do regions. */
  async refresh(accounts: readonly Account[], signal?: AbortSignal): Promise<DiscoveryResult> {
    this.prefetchGroups(accounts, signal);
    const perAccount = await Promise.all(
      accounts.map((account) => this.discoverAccount(account, signal)),
    );
    const places = perAccount.flat();
    const networks = places.flatMap((p) => p.networks);
    const peerings = dedupePeerings(places.flatMap((p) => p.peerings));
    resolvePeers(peerings, networks);
    return {
      places,
      networks,
      peerings,
      errors: places.flatMap((p) => (p.error ? [p.error] : [])),
    };
  }

  async regions(account: Account, signal?: AbortSignal): Promise<(string | undefined)[]> {
    const provider = await this.options.loadProvider(account.cloud);
    return this.shared(`${account.id}|regions`, account.cloud, signal, (s) =>
      provider.listRegions(account, { signal: s }),
    );
  }

  async networks(place: Place, signal?: AbortSignal): Promise<Network[]> {
    const fromEngine = await this.engineAnswer(place, 'networks');
    if (fromEngine) {
      this.remember(fromEngine.networks);
      return fromEngine.networks;
    }
    const provider = await this.options.loadProvider(place.account.cloud);
    const networks = await this.shared(
      `${placeKey(place)}|networks`,
      place.account.cloud,
      signal,
      (s) => provider.listNetworks(place, { signal: s }),
    );
    this.remember(networks);
    return networks;
  }

  /** Adds networks to the peer-resolution index: listed ones, an engine's, or a kept listing's. */
  remember(networks: readonly Network[]): void {
    for (const n of networks) {
      this.networkIndex.set(refKey(n.cloud, n.id), n);
      for (const alias of n.aliases ?? [])
        this.networkIndex.set(refKey(alias.cloud, alias.networkId), n);
    }
  }

  /** The configured network a peering side points at, if any account's listing has shown it. */
  lookup(ref: NetworkRef): Network | undefined {
    return this.networkIndex.get(refKey(ref.cloud, ref.networkId));
  }

  /** How many networks the index knows; the tree re-renders peer labels when this grows. */
  get knownNetworks(): number {
    return this.networkIndex.size;
  }

  async peerings(place: Place, signal?: AbortSignal): Promise<Peering[]> {
    const fromEngine = await this.engineAnswer(place, 'peerings');
    if (fromEngine) return fromEngine.peerings;
    const provider = await this.options.loadProvider(place.account.cloud);
    return this.shared(`${placeKey(place)}|peerings`, place.account.cloud, signal, (s) =>
      provider.listPeerings(place, { signal: s }),
    );
  }

  /**
   * The engine's answer for a place of an account prefetchGroups set up, once per listing kind;
   * undefined (list the place itself) when the engine failed or left the place out. The answer
   * is dropped once every place it covers has been read both ways.
   */
  private engineAnswer(
    place: Place,
    kind: 'networks' | 'peerings',
  ): Promise<EngineListing | undefined> | undefined {
    const id = place.account.id;
    const answer = this.engineAnswers.get(id);
    if (!answer) return undefined;
    const read = `${place.region ?? ''}|${kind}`;
    if (answer.read.has(read)) return undefined;
    answer.read.add(read);
    return answer.inventory.then((inventory) => {
      const places = inventory?.byAccount.get(id);
      const listing = places?.get(place.region);
      if (listing) answer.served++;
      if ((!places || answer.served >= 2 * places.size) && this.engineAnswers.get(id) === answer)
        this.engineAnswers.delete(id);
      return listing;
    });
  }

  /** One engine run for a group; undefined (list each account) when there is no engine or it fails. */
  private async runEngine(
    key: string,
    members: Account[],
    signal: AbortSignal | undefined,
  ): Promise<GroupInventory | undefined> {
    const { cloud, group } = members[0] as Account & { group: AccountGroup };
    try {
      const provider = await this.options.loadProvider(cloud);
      const list = provider.listGroupInventory?.bind(provider);
      if (!list) return undefined;
      // One engine run pages through a whole group: it gets the time of several calls.
      const inventory = await this.shared(
        `group|${key}`,
        cloud,
        signal,
        (s) => list(group, members, { signal: s }),
        ENGINE_TIMEOUT_FACTOR,
      );
      this.options.onEngine?.({ group, cloud, accounts: members.length, inventory });
      return inventory;
    } catch (error) {
      if (!signal?.aborted)
        this.options.onEngine?.({
          group,
          cloud,
          accounts: members.length,
          error: errorMessage(error),
        });
      return undefined;
    }
  }

  private async discoverAccount(account: Account, signal?: AbortSignal): Promise<PlaceResult[]> {
    let regions: (string | undefined)[];
    try {
      regions = await this.regions(account, signal);
    } catch (error) {
      if (isCancellation(error) && signal?.aborted) throw error;
      const result = failed(account, undefined, error);
      this.options.onPlace?.(result);
      return [result];
    }
    return Promise.all(regions.map((region) => this.discoverPlace({ account, region }, signal)));
  }

  private async discoverPlace(place: Place, signal?: AbortSignal): Promise<PlaceResult> {
    let result: PlaceResult;
    try {
      const [networks, peerings] = await Promise.all([
        this.networks(place, signal),
        this.peerings(place, signal),
      ]);
      result = {
        accountId: place.account.id,
        cloud: place.account.cloud,
        region: place.region,
        networks,
        peerings,
      };
    } catch (error) {
      if (signal?.aborted) throw new AbortError();
      result = failed(place.account, place.region, error);
    }
    this.options.onPlace?.(result);
    return result;
  }

  /**
   * Runs `task` under the provider's concurrency limit and a per-call timeout,
   * sharing it with any caller that asks for the same key while it runs.
   */
  private shared<T>(
    key: string,
    cloud: CloudKind,
    signal: AbortSignal | undefined,
    task: (signal: AbortSignal) => Promise<T>,
    timeoutFactor = 1,
  ): Promise<T> {
    const existing = this.inFlight.get(key) as Promise<T> | undefined;
    if (existing) return existing;
    const timeoutMs = (this.options.timeoutMs ?? 30_000) * timeoutFactor;
    const limiter = this.limiter(cloud);
    const promise = limiter
      .run(() => {
        // One controller per call, its timer cleared when the call settles. AbortSignal.timeout
        // and AbortSignal.any cost a live 30 s timer and weak references per call, which a
        // refresh of 17,000 places paid for in seconds of CPU and garbage collection.
        const controller = new AbortController();
        const timer = setTimeout(
          () =>
            controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError')),
          timeoutMs,
        );
        timer.unref?.();
        const onAbort = () => controller.abort(signal?.reason);
        if (signal?.aborted) onAbort();
        else signal?.addEventListener('abort', onAbort, { once: true });
        return withAbort(task(controller.signal), controller.signal, timeoutMs).finally(() => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        });
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return promise;
  }

  private limiter(cloud: CloudKind): ConcurrencyLimiter {
    let limiter = this.limiters.get(cloud);
    if (!limiter) {
      limiter = new ConcurrencyLimiter(
        this.options.concurrency?.[cloud] ?? describeCloud(cloud).concurrency,
      );
      this.limiters.set(cloud, limiter);
    }
    return limiter;
  }
}

/** An engine run may take this many times the per-call timeout (it pages through a whole group). */
const ENGINE_TIMEOUT_FACTOR = 4;

export class DiscoveryTimeoutError extends Error {
  constructor(ms: number) {
    super(`no answer within ${Math.round(ms / 1000)} s`);
    this.name = 'DiscoveryTimeoutError';
  }
}

/** Rejects as soon as the signal aborts, even if the task ignores it. */
function withAbort<T>(promise: Promise<T>, signal: AbortSignal, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () =>
      reject(
        signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError'
          ? new DiscoveryTimeoutError(timeoutMs)
          : new AbortError(),
      );
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(
          e instanceof Error && e.name === 'TimeoutError'
            ? new DiscoveryTimeoutError(timeoutMs)
            : e,
        );
      },
    );
  });
}

function refKey(cloud: CloudKind, id: string): string {
  return `${cloud}|${id.toLowerCase()}`;
}

function placeKey(place: Pick<Place, 'account' | 'region'>): string {
  return `${place.account.id}|${place.region ?? '-'}`;
}

function failed(account: Account, region: string | undefined, error: unknown): PlaceResult {
  const where = region ? `${account.label} (${region})` : account.label;
  return {
    accountId: account.id,
    cloud: account.cloud,
    region,
    networks: [],
    peerings: [],
    error: {
      accountId: account.id,
      accountLabel: account.label,
      cloud: account.cloud,
      region,
      message: `${where}: ${errorMessage(error)}`,
    },
  };
}

/**
 * One peering seen from both accounts (the AWS requester and accepter, say)
 * has one provider id; keep the first copy. GCP and Azure peerings are two
 * resources, one per side, and stay two.
 */
export function dedupePeerings(peerings: readonly Peering[]): Peering[] {
  const seen = new Map<string, Peering>();
  for (const p of peerings) {
    const key = `${p.cloud}|${p.id}`;
    if (!seen.has(key)) seen.set(key, p);
  }
  return [...seen.values()];
}

/**
 * Fills in each peering's far side from the networks of every configured
 * account, across providers: a network matches by its own id or by one of its
 * aliases (the Dragonfly network's AWS VPC, the Aiven VPC's UpCloud network).
 */
export function resolvePeers(peerings: Peering[], networks: readonly Network[]): void {
  const index = new Map<string, Network>();
  for (const n of networks) {
    index.set(refKey(n.cloud, n.id), n);
    for (const alias of n.aliases ?? []) index.set(refKey(alias.cloud, alias.networkId), n);
  }
  const enrich = (ref: NetworkRef) => {
    const match = index.get(refKey(ref.cloud, ref.networkId));
    if (!match) return;
    ref.name ??= match.name;
    ref.cidrs ??= match.cidrs;
    ref.region ??= match.region;
    ref.resolvedKey = match.key;
  };
  for (const p of peerings) {
    enrich(p.peer);
    enrich(p.local);
  }
}
