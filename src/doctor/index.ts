/**
 * The Peering Doctor's engine (issue 13): why an active peering carries no traffic. It reads both
 * sides through the providers' read-only `readNetworkPaths` and returns a `Diagnosis`
 * (src/model/diagnosis.ts). No `vscode`, no SDKs: clouds are reached only through the providers
 * the caller's loader returns.
 *
 * Final signature (the UI builds on it):
 *
 *   diagnosePeering(peering, deps, options?): Promise<Diagnosis>
 *   diagnoseAll(peerings, deps, options?): Promise<Diagnosis[]>   // in the order given
 *
 *   DoctorDeps { loadProvider(cloud), inventory: { networks, peerings }, accountFor(accountId),
 *                now? }
 *   DiagnoseOptions { port?, protocol?, signal?, serviceSide?, privateDns? }
 *   DiagnoseAllOptions { protocol?, signal?, concurrency?, portFor?(p), onProgress?(done, total) }
 *
 * `accountFor` takes an `Account.id` (what `Peering.accountKey` and `Network.accountKey` hold).
 * Fix params name the account by `Account.id` too (`accountId: 'aws:app'`), so a plan can load
 * the place; Azure and GCP fixes name their subscription and project as the contract says.
 *
 * Cost: the inventory is reused (the peering and its other half are not read again); each side's
 * network is read once per place with one `readNetworkPaths` call, and Diagnose All reads every
 * network of a place in one batch, so a region's route tables, subnets, ACLs and groups are one
 * Describe each, whatever the number of peerings.
 */
import { ConcurrencyLimiter } from '../async/limiter';
import type { Diagnosis, Finding, SkippedCheck } from '../model/diagnosis';
import type { Account, CloudKind, Network, NetworkRef, Peering } from '../model/types';
import type { CloudProvider, NetworkPath, Place } from '../providers/provider';
import {
  checkAwsDns,
  checkAwsNetworkAcls,
  checkAwsRoutes,
  checkAwsSecurityGroups,
  checkAzureNsgs,
  checkAzurePeering,
  checkAzureRoutes,
  checkCidrs,
  checkGcpCustomRoutes,
  checkGcpFirewall,
  checkState,
  checkUpcloud,
  counterpartOf,
  dnsMatters,
  type CheckInput,
  type SideView,
} from './checks';

export interface DoctorDeps {
  /** The provider loader's typed load (src/providers/loader.ts). */
  loadProvider(cloud: CloudKind): Promise<CloudProvider>;
  /** The inventory snapshot the tree shows (networks, peerings, accounts); reused, not re-listed. */
  inventory: { networks: readonly Network[]; peerings: readonly Peering[] };
  /** Account lookup by `Account.id` (credentials come from the provider environment as today). */
  accountFor(accountId: string): Account | undefined;
  now?: () => number;
}

export interface DiagnoseOptions {
  /** The service port checked through rules and ACLs; without it, those checks are skipped. */
  port?: number;
  protocol?: 'tcp' | 'udp';
  signal?: AbortSignal;
  /** Which end hosts the service on `port` (the other end is the client); both when unknown. */
  serviceSide?: 'local' | 'peer' | 'both';
  /** The peer is reached by private DNS names: DNS options become warnings, not info. */
  privateDns?: boolean;
}

export interface DiagnoseAllOptions extends Omit<DiagnoseOptions, 'port'> {
  /** Places read at once (each place is one batch of reads). */
  concurrency?: number;
  portFor?(peering: Peering): number | undefined;
  onProgress?(done: number, total: number): void;
}

/**
 * Clouds whose peerings join two networks of that same cloud and whose adapters read routes and
 * rules. UpCloud's router check comes from the inventory and its firewall does not apply to
 * private networks; its adapter reads each network's servers (READ_CLOUDS) for the DHCP check.
 */
const PATH_CLOUDS: ReadonlySet<CloudKind> = new Set(['aws', 'gcp', 'azure']);
const READ_CLOUDS: ReadonlySet<CloudKind> = new Set([...PATH_CLOUDS, 'upcloud']);

interface ResolvedSide {
  side: 'local' | 'peer';
  ref: NetworkRef;
  network?: Network;
  account?: Account;
  place?: Place;
  /** Why this side cannot be read, when it cannot. */
  skip?: string;
}

function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

interface NetworkIndex {
  byKey: Map<string, Network>;
  /** By `cloud|id` (lower case): every network with that id, in inventory order. */
  byId: Map<string, Network[]>;
}

const networkIndexes = new WeakMap<readonly Network[], NetworkIndex>();

/** The inventory's networks indexed once, so Diagnose All does not scan them per peering. */
function networkIndex(networks: readonly Network[]): NetworkIndex {
  let index = networkIndexes.get(networks);
  if (!index) {
    index = { byKey: new Map(), byId: new Map() };
    for (const n of networks) {
      index.byKey.set(n.key, n);
      const id = `${n.cloud}|${n.id.toLowerCase()}`;
      const list = index.byId.get(id);
      if (list) list.push(n);
      else index.byId.set(id, [n]);
    }
    networkIndexes.set(networks, index);
  }
  return index;
}

function resolveSides(peering: Peering, deps: DoctorDeps): ResolvedSide[] {
  const index = networkIndex(deps.inventory.networks);
  const local = peering.local;
  const peer = peering.peer;
  const withId = (ref: NetworkRef) =>
    index.byId.get(`${ref.cloud}|${ref.networkId.toLowerCase()}`) ?? [];
  const localNetwork =
    (local.resolvedKey ? index.byKey.get(local.resolvedKey) : undefined) ??
    withId(local).find((n) => n.accountKey === peering.accountKey) ??
    withId(local)[0];
  const peerNetwork =
    (peer.resolvedKey ? index.byKey.get(peer.resolvedKey) : undefined) ??
    withId(peer).find(
      (n) => peer.region === undefined || n.region === undefined || n.region === peer.region,
    );
  const make = (
    side: 'local' | 'peer',
    ref: NetworkRef,
    network: Network | undefined,
    accountKey: string | undefined,
  ): ResolvedSide => {
    const account = accountKey ? deps.accountFor(accountKey) : undefined;
    if (!account)
      return {
        side,
        ref,
        network,
        skip:
          side === 'peer'
            ? 'The peer network’s account is not configured: add it to check this side.'
            : 'This peering’s account is not configured.',
      };
    return {
      side,
      ref,
      network,
      account,
      place: { account, region: network?.region ?? ref.region },
    };
  };
  return [
    make('local', local, localNetwork, localNetwork?.accountKey ?? peering.accountKey),
    make('peer', peer, peerNetwork, peerNetwork?.accountKey),
  ];
}

/**
 * Reads network paths, one `readNetworkPaths` per place and batch. Requests made before `flush`
 * are batched; each network id is read once however many peerings ask for it.
 */
class PathReader {
  private readonly results = new Map<string, Promise<NetworkPath | undefined>>();
  private readonly queued = new Map<
    string,
    {
      cloud: CloudKind;
      place: Place;
      ids: Map<string, (p: NetworkPath | undefined) => void>;
      /** Networks whose DNS settings are read too (AWS DescribeVpcAttribute). */
      dns: Set<string>;
      fail: ((e: unknown) => void)[];
    }
  >();
  /** Calls made per batch, credited to the first requester of the batch. */
  readonly callsBy = new Map<string, number>();
  private readonly firstRequester = new Map<string, string>();

  constructor(
    private readonly deps: DoctorDeps,
    private readonly signal?: AbortSignal,
  ) {}

  private static placeKey(cloud: CloudKind, place: Place): string {
    return `${cloud}|${place.account.id}|${place.region ?? ''}`;
  }

  request(
    cloud: CloudKind,
    place: Place,
    networkId: string,
    requester: string,
    dns = false,
  ): Promise<NetworkPath | undefined> {
    const pk = PathReader.placeKey(cloud, place);
    const key = `${pk}|${networkId.toLowerCase()}`;
    // A network already queued by another peering still gets its DNS settings read with the batch.
    if (dns) this.queued.get(pk)?.dns.add(networkId);
    const known = this.results.get(key);
    if (known) return known;
    let batch = this.queued.get(pk);
    if (!batch) {
      batch = { cloud, place, ids: new Map(), dns: new Set(), fail: [] };
      this.queued.set(pk, batch);
      this.firstRequester.set(pk, requester);
    }
    const b = batch;
    if (dns) b.dns.add(networkId);
    const promise = new Promise<NetworkPath | undefined>((resolve, reject) => {
      b.ids.set(networkId, resolve);
      b.fail.push(reject);
    });
    this.results.set(key, promise);
    return promise;
  }

  /** Sends every queued batch; `run` limits how many places are read at once. */
  flush(run: <T>(task: () => Promise<T>) => Promise<T> = (t) => t()): Promise<void> {
    const batches = [...this.queued.entries()];
    this.queued.clear();
    return Promise.all(
      batches.map(([pk, batch]) =>
        run(async () => {
          try {
            const provider = await this.deps.loadProvider(batch.cloud);
            if (!provider.readNetworkPaths) {
              throw new Error(`the ${batch.cloud} adapter does not read routes and rules yet`);
            }
            const ids = [...batch.ids.keys()];
            const { paths, calls } = await provider.readNetworkPaths(batch.place, ids, {
              signal: this.signal,
              ...(batch.dns.size ? { dnsOf: [...batch.dns] } : {}),
            });
            const requester = this.firstRequester.get(pk) ?? '';
            this.callsBy.set(requester, (this.callsBy.get(requester) ?? 0) + calls);
            for (const [id, resolve] of batch.ids)
              resolve(paths.find((p) => sameId(p.networkId, id)));
          } catch (error) {
            for (const reject of batch.fail) reject(error);
          }
        }),
      ),
    ).then(() => undefined);
  }
}

interface Prepared {
  peering: Peering;
  counterpart?: Peering;
  /** The peering (and its other half) is active: only then are routes and rules read. */
  live: boolean;
  sides: ResolvedSide[];
  reads: Promise<NetworkPath | undefined>[];
  skipped: SkippedCheck[];
}

function prepare(
  peering: Peering,
  deps: DoctorDeps,
  reader: PathReader,
  options: Pick<DiagnoseOptions, 'privateDns'>,
): Prepared {
  const sides = resolveSides(peering, deps);
  const skipped: SkippedCheck[] = [];
  const counterpart = counterpartOf(peering, deps.inventory.peerings);
  // Routes and rules matter once the peering carries traffic; before that the state is the news.
  const live = peering.state === 'active' && (!counterpart || counterpart.state === 'active');
  if (!live && PATH_CLOUDS.has(peering.cloud)) {
    skipped.push({
      check: 'path',
      side: 'both',
      reason: `The peering is ${peering.rawState}: routes and rules are checked once it is active.`,
    });
  }
  if (peering.cloud === 'upcloud' && !live) {
    skipped.push({
      check: 'upcloud.dhcp-renewal',
      side: 'both',
      reason: `The peering is ${peering.rawState}: the servers that may need a DHCP renewal are named once it is active.`,
    });
  }
  if (peering.cloud === 'aiven' || peering.cloud === 'dragonfly') {
    skipped.push({
      check: 'path',
      side: 'both',
      reason: `The ${peering.cloud} service manages its side of the network: only the peering's state is read; check the routes and rules of your own network's side.`,
    });
  }
  const reads = sides.map((s) => {
    if (!live || !READ_CLOUDS.has(peering.cloud)) return Promise.resolve(undefined);
    if (s.skip || !s.place) {
      skipped.push({ check: 'path', side: s.side, reason: s.skip ?? 'No account.' });
      return Promise.resolve(undefined);
    }
    // A network a managed service lists as its own (Aiven's UpCloud network): it manages it.
    if (s.account && s.account.cloud !== s.ref.cloud) {
      skipped.push({
        check: 'path',
        side: s.side,
        reason: `This ${s.ref.cloud} network belongs to the ${s.account.cloud} service (${s.account.label}), which manages its side.`,
      });
      return Promise.resolve(undefined);
    }
    return reader.request(
      s.ref.cloud,
      s.place,
      s.ref.networkId,
      peering.key,
      dnsMatters(peering, options.privateDns),
    );
  });
  return { peering, counterpart, live, sides, reads, skipped };
}

async function finish(
  prepared: Prepared,
  deps: DoctorDeps,
  reader: PathReader,
  options: DiagnoseOptions,
): Promise<Diagnosis> {
  const { peering, counterpart, live, sides, skipped } = prepared;
  const paths = await Promise.all(
    prepared.reads.map((r, i) =>
      r.catch((error: unknown) => {
        skipped.push({
          check: 'path',
          side: sides[i].side,
          reason: `Could not read the network: ${error instanceof Error ? error.message : String(error)}`,
        });
        return undefined;
      }),
    ),
  );
  const views: SideView[] = sides.map((s, i) => ({
    side: s.side,
    ref: s.ref,
    network: s.network,
    account: s.account,
    path: paths[i],
    otherCidrs: (i === 0 ? peering.peer.cidrs : peering.local.cidrs) ?? [],
  }));
  // The inventory may know the other side's blocks better than the peering record.
  for (const [i, view] of views.entries()) {
    const other = views[1 - i];
    if (view.otherCidrs.length === 0 && other.path?.cidrs) view.otherCidrs = other.path.cidrs;
    if (view.otherCidrs.length === 0 && other.network?.cidrs) view.otherCidrs = other.network.cidrs;
  }
  const input: CheckInput = {
    peering,
    counterpart,
    counterpartExpected:
      (peering.cloud === 'gcp' || peering.cloud === 'azure') &&
      !!views[1].network &&
      !!views[1].account,
    sides: views,
    peerings: deps.inventory.peerings,
    port: options.port,
    protocol: options.protocol ?? 'tcp',
    serviceSide: options.serviceSide ?? 'both',
    privateDns: options.privateDns,
  };
  const findings: Finding[] = [...checkState(input), ...checkCidrs(input)];
  if (!live) {
    // Only the state and CIDR checks above apply.
  } else if (peering.cloud === 'aws') {
    findings.push(...checkAwsDns(input));
    for (const view of views) {
      findings.push(
        ...checkAwsRoutes(input, view),
        ...checkAwsSecurityGroups(input, view),
        ...checkAwsNetworkAcls(input, view),
      );
    }
  } else if (peering.cloud === 'azure') {
    findings.push(...checkAzurePeering(input));
    for (const view of views)
      findings.push(...checkAzureRoutes(input, view), ...checkAzureNsgs(input, view));
  } else if (peering.cloud === 'gcp') {
    findings.push(...checkGcpCustomRoutes(input));
    for (const view of views) findings.push(...checkGcpFirewall(input, view));
  }
  // Routers come from the inventory and matter before the peering is active, too.
  if (peering.cloud === 'upcloud') findings.push(...checkUpcloud(input));
  if (live && options.port === undefined && PATH_CLOUDS.has(peering.cloud)) {
    skipped.push({
      check: 'rules',
      side: 'both',
      reason: 'No service port given: security groups, ACLs, firewalls and NSGs were not checked.',
    });
  }
  const diagnosis: Diagnosis = {
    peeringKey: peering.key,
    checkedAt: (deps.now ?? Date.now)(),
    findings,
    skipped,
    calls: reader.callsBy.get(peering.key) ?? 0,
  };
  if (options.port !== undefined) diagnosis.port = options.port;
  return diagnosis;
}

/** Diagnoses one peering: both sides read at once (one batch per place), then the checks. */
export async function diagnosePeering(
  peering: Peering,
  deps: DoctorDeps,
  options: DiagnoseOptions = {},
): Promise<Diagnosis> {
  const reader = new PathReader(deps, options.signal);
  const prepared = prepare(peering, deps, reader, options);
  await reader.flush();
  return finish(prepared, deps, reader, options);
}

/**
 * Diagnoses many peerings with the fewest reads: every network of a place is read in one batch,
 * places in parallel (up to `concurrency`), so the time is near the slowest place's reads.
 * Results come back in the order of `peerings`.
 */
export async function diagnoseAll(
  peerings: readonly Peering[],
  deps: DoctorDeps,
  options: DiagnoseAllOptions = {},
): Promise<Diagnosis[]> {
  const reader = new PathReader(deps, options.signal);
  const prepared = peerings.map((p) => prepare(p, deps, reader, options));
  const limiter = new ConcurrencyLimiter(Math.max(1, options.concurrency ?? 16));
  const flushed = reader.flush((task) => limiter.run(task));
  let done = 0;
  const results = await Promise.all(
    prepared.map(async (p) => {
      const port = options.portFor?.(p.peering);
      const diagnosis = await finish(p, deps, reader, { ...options, port });
      done++;
      options.onProgress?.(done, prepared.length);
      return diagnosis;
    }),
  );
  await flushed;
  // Batch calls are credited once they are known: after the flush.
  for (const d of results) d.calls = reader.callsBy.get(d.peeringKey) ?? 0;
  return results;
}
