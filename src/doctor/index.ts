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
  checkCidrs,
  checkGcpCustomRoutes,
  checkGcpFirewall,
  checkState,
  checkUpcloud,
  counterpartOf,
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

/** Clouds whose peerings join two networks of that same cloud, so both sides have paths to read. */
const PATH_CLOUDS: ReadonlySet<CloudKind> = new Set(['aws', 'gcp', 'azure', 'upcloud']);

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

function resolveSides(peering: Peering, deps: DoctorDeps): ResolvedSide[] {
  const networks = deps.inventory.networks;
  const local = peering.local;
  const peer = peering.peer;
  const localNetwork =
    networks.find((n) => n.key === local.resolvedKey) ??
    networks.find(
      (n) =>
        n.accountKey === peering.accountKey &&
        n.cloud === local.cloud &&
        sameId(n.id, local.networkId),
    ) ??
    networks.find((n) => n.cloud === local.cloud && sameId(n.id, local.networkId));
  const peerNetwork =
    networks.find((n) => n.key === peer.resolvedKey) ??
    networks.find(
      (n) =>
        n.cloud === peer.cloud &&
        sameId(n.id, peer.networkId) &&
        (peer.region === undefined || n.region === undefined || n.region === peer.region),
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
  ): Promise<NetworkPath | undefined> {
    const pk = PathReader.placeKey(cloud, place);
    const key = `${pk}|${networkId.toLowerCase()}`;
    const known = this.results.get(key);
    if (known) return known;
    let batch = this.queued.get(pk);
    if (!batch) {
      batch = { cloud, place, ids: new Map(), fail: [] };
      this.queued.set(pk, batch);
      this.firstRequester.set(pk, requester);
    }
    const b = batch;
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
              for (const resolve of batch.ids.values()) resolve(undefined);
              return;
            }
            const ids = [...batch.ids.keys()];
            const { paths, calls } = await provider.readNetworkPaths(batch.place, ids, {
              signal: this.signal,
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
  sides: ResolvedSide[];
  reads: Promise<NetworkPath | undefined>[];
  skipped: SkippedCheck[];
}

function prepare(peering: Peering, deps: DoctorDeps, reader: PathReader): Prepared {
  const sides = resolveSides(peering, deps);
  const skipped: SkippedCheck[] = [];
  const reads = sides.map((s) => {
    if (!PATH_CLOUDS.has(s.ref.cloud) || s.ref.cloud !== peering.cloud) {
      skipped.push({
        check: 'path',
        side: s.side,
        reason: `Routes and rules of ${s.ref.cloud} networks of a ${peering.cloud} peering are not read (the service manages that side).`,
      });
      return Promise.resolve(undefined);
    }
    if (s.skip || !s.place) {
      skipped.push({ check: 'path', side: s.side, reason: s.skip ?? 'No account.' });
      return Promise.resolve(undefined);
    }
    return reader.request(s.ref.cloud, s.place, s.ref.networkId, peering.key);
  });
  return { peering, sides, reads, skipped };
}

async function finish(
  prepared: Prepared,
  deps: DoctorDeps,
  reader: PathReader,
  options: DiagnoseOptions,
): Promise<Diagnosis> {
  const { peering, sides, skipped } = prepared;
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
  const counterpart = counterpartOf(peering, deps.inventory.peerings);
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
  if (peering.cloud === 'aws') {
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
    for (const view of views) findings.push(...checkAzureNsgs(input, view));
  } else if (peering.cloud === 'gcp') {
    findings.push(...checkGcpCustomRoutes(input));
    for (const view of views) findings.push(...checkGcpFirewall(input, view));
  } else if (peering.cloud === 'upcloud') {
    findings.push(...checkUpcloud(input));
  }
  if (options.port === undefined && PATH_CLOUDS.has(peering.cloud)) {
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
  const prepared = prepare(peering, deps, reader);
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
  const prepared = peerings.map((p) => prepare(p, deps, reader));
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
