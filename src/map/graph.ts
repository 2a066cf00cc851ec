/**
 * The Peering Map's graph (issue 14): every network the inventory holds, grouped by provider →
 * account → region, and every peering as an edge with its normalized state. Plain data in, plain
 * data out: no `vscode`, no I/O, so unit tests, the benchmark and the panel's lazily-required
 * bundle (`dist/map.js`) all build it the same way.
 *
 * What the picture tells that a list cannot is computed here too (`MapInsights`): overlapping
 * CIDRs between networks that are or may be peered, paths a user may expect to be transitive, and
 * networks with no peering. Doctor findings are read through `DiagnosisLookup` only.
 */
import { isCidr, overlaps as blocksOverlap, parseCidr, type Cidr } from '../model/cidr';
import { PROVIDER_DOCS, type ProviderDoc } from '../model/docs';
import { worstSeverity, type DiagnosisLookup, type FindingSeverity } from '../model/diagnosis';
import { NEEDS_ACTION_STATES, phaseOf } from '../model/states';
import type {
  Account,
  CloudKind,
  Network,
  NetworkRef,
  Peering,
  PeeringState,
} from '../model/types';
import { CLOUD_KINDS, CLOUD_LABELS } from '../providers/registry';

/** A network with the account and listing region it was seen from (the inventory's shape). */
export interface MapNetworkInput {
  network: Network;
  account: Account;
  region: string | undefined;
}

/** A peering with the account and listing region it was seen from (the inventory's shape). */
export interface MapPeeringInput {
  peering: Peering;
  account: Account;
  region: string | undefined;
}

export interface MapInput {
  networks: readonly MapNetworkInput[];
  peerings: readonly MapPeeringInput[];
  /** The configured network a peering side points at (ids and aliases, across clouds). */
  lookup?(ref: NetworkRef): Network | undefined;
  /** The Doctor's latest diagnosis per peering; the map shows findings on their edges. */
  diagnoses?: DiagnosisLookup;
  /** AWS account ids that belong to EMQX Cloud (recorded by the wizard's runs). */
  emqxAccounts?: ReadonlySet<string>;
}

/** The managed services whose networks the map marks as such. */
export type ServiceKind = 'dragonfly' | 'emqx' | 'aiven';

export const SERVICE_LABELS: Readonly<Record<ServiceKind, string>> = {
  dragonfly: 'Dragonfly Cloud',
  emqx: 'EMQX Cloud',
  aiven: 'Aiven',
};

export interface MapNode {
  /** `Network.key` for configured networks; `external:<cloud>/<account>/<id>` for a peer seen only from the other side. */
  key: string;
  name: string;
  networkId: string;
  cloud: CloudKind;
  /** The group path: provider, account and region group ids. */
  providerGroup: string;
  accountGroup: string;
  regionGroup: string;
  accountLabel: string;
  /** The configured account id (`Account.id`), absent for external networks. */
  accountId?: string;
  region: string;
  cidrs: string[];
  service?: ServiceKind;
  /** Known only as the far side of a peering (no configured account lists it). */
  external: boolean;
  /** No peering that is not deleted touches it. */
  isolated: boolean;
  /** Part of an overlap insight. */
  overlap: boolean;
}

export interface EdgeFindings {
  worst: FindingSeverity;
  count: number;
  titles: string[];
}

export interface MapEdge {
  /** `Peering.key`. */
  key: string;
  peeringId: string;
  label: string;
  from: string;
  to: string;
  cloud: CloudKind;
  state: PeeringState;
  rawState: string;
  /** Where the inventory lists it (`Account.id` and region), for reveal and the peering commands. */
  accountId: string;
  region: string | undefined;
  /** Deleted or being deleted (the lifecycle table's `gone` phase). */
  gone: boolean;
  findings?: EdgeFindings;
  /** "10.10.0.0/16 ↔ 10.10.0.0/20" when the two ends overlap. */
  overlap?: string;
  /** Needs the user: a state that needs action, a Doctor error or warning, or an overlap. */
  problem: boolean;
}

export type GroupKind = 'provider' | 'account' | 'region';

export interface MapGroup {
  id: string;
  kind: GroupKind;
  label: string;
  parent?: string;
  cloud: CloudKind;
}

export interface OverlapInsight {
  a: string;
  b: string;
  cidrA: string;
  cidrB: string;
  /** The peering between them, when they are peered; otherwise they share a neighbour (`via`). */
  edgeKey?: string;
  via?: string;
}

export interface NonTransitiveInsight {
  a: string;
  via: string;
  c: string;
  /** The page that says the hub's kind of peering is not transitive. */
  doc?: ProviderDoc;
}

export interface MapInsights {
  overlaps: OverlapInsight[];
  /**
   * A ↔ B ↔ C over active peerings where A and C are not peered: traffic does not pass through B.
   * Capped; see `nonTransitiveTotal`.
   */
  nonTransitive: NonTransitiveInsight[];
  nonTransitiveTotal: number;
  isolated: string[];
}

export interface MapGraph {
  groups: MapGroup[];
  nodes: MapNode[];
  edges: MapEdge[];
  insights: MapInsights;
}

/** At most this many non-transitive paths are listed: a hub with 60 spokes alone has 1,770. */
export const NON_TRANSITIVE_LIMIT = 500;

/** The pages that state each cloud's peering is not transitive. */
const NON_TRANSITIVE_DOCS: Partial<Record<CloudKind, ProviderDoc>> = {
  aws: PROVIDER_DOCS.awsPeering,
  gcp: PROVIDER_DOCS.gcpPeering,
  azure: PROVIDER_DOCS.azurePeering,
};

export function providerGroupId(cloud: CloudKind): string {
  return `p:${cloud}`;
}

function serviceOf(
  network: Network | NetworkRef,
  emqx: ReadonlySet<string> | undefined,
): ServiceKind | undefined {
  if (network.cloud === 'dragonfly') return 'dragonfly';
  if (network.cloud === 'aiven') return 'aiven';
  const owner = 'ownerId' in network ? network.ownerId : (network as NetworkRef).accountId;
  if (owner && emqx?.has(owner)) return 'emqx';
  return undefined;
}

export function buildMapGraph(input: MapInput): MapGraph {
  const groups = new Map<string, MapGroup>();
  const nodes = new Map<string, MapNode>();
  const byNetworkId = new Map<string, string>();

  const ensureGroups = (
    cloud: CloudKind,
    accountKey: string,
    accountLabel: string,
    region: string,
  ): [string, string, string] => {
    const p = providerGroupId(cloud);
    if (!groups.has(p))
      groups.set(p, { id: p, kind: 'provider', label: CLOUD_LABELS[cloud], cloud });
    const a = `a:${cloud}/${accountKey}`;
    if (!groups.has(a))
      groups.set(a, { id: a, kind: 'account', label: accountLabel, parent: p, cloud });
    const r = `r:${cloud}/${accountKey}/${region}`;
    if (!groups.has(r)) groups.set(r, { id: r, kind: 'region', label: region, parent: a, cloud });
    return [p, a, r];
  };

  for (const { network, account, region } of input.networks) {
    if (nodes.has(network.key)) continue;
    const where = network.region ?? region ?? network.zone ?? 'global';
    const [p, a, r] = ensureGroups(network.cloud, account.id, account.label, where);
    nodes.set(network.key, {
      key: network.key,
      name: network.name || network.id,
      networkId: network.id,
      cloud: network.cloud,
      providerGroup: p,
      accountGroup: a,
      regionGroup: r,
      accountLabel: account.label,
      accountId: account.id,
      region: where,
      cidrs: [...network.cidrs],
      service: serviceOf(network, input.emqxAccounts),
      external: false,
      isolated: false,
      overlap: false,
    });
    byNetworkId.set(`${network.cloud}|${network.id}`, network.key);
  }

  const resolve = (ref: NetworkRef): string => {
    if (ref.resolvedKey && nodes.has(ref.resolvedKey)) return ref.resolvedKey;
    const found = input.lookup?.(ref);
    if (found && nodes.has(found.key)) return found.key;
    const byId = byNetworkId.get(`${ref.cloud}|${ref.networkId}`);
    if (byId) return byId;
    // Known only from the other side: a network in an account the user has not configured.
    const owner = ref.accountId ?? 'unknown';
    const key = `external:${ref.cloud}/${owner}/${ref.networkId}`;
    if (!nodes.has(key)) {
      const where = ref.region ?? 'unknown region';
      const label = `${owner === 'unknown' ? 'Unknown account' : owner} (not configured)`;
      const [p, a, r] = ensureGroups(ref.cloud, `external:${owner}`, label, where);
      nodes.set(key, {
        key,
        name: ref.name ?? ref.networkId,
        networkId: ref.networkId,
        cloud: ref.cloud,
        providerGroup: p,
        accountGroup: a,
        regionGroup: r,
        accountLabel: label,
        region: where,
        cidrs: (ref.cidrs ?? []).filter(isCidr),
        service: serviceOf(ref, input.emqxAccounts),
        external: true,
        isolated: false,
        overlap: false,
      });
      byNetworkId.set(`${ref.cloud}|${ref.networkId}`, key);
    }
    return key;
  };

  const edges = new Map<string, MapEdge>();
  for (const { peering, account, region } of input.peerings) {
    if (edges.has(peering.key)) continue;
    const from = resolve(peering.local);
    const to = resolve(peering.peer);
    const diagnosis = input.diagnoses?.get(peering.key);
    const worst = diagnosis ? worstSeverity(diagnosis) : undefined;
    const findings: EdgeFindings | undefined =
      diagnosis && worst
        ? {
            worst,
            count: diagnosis.findings.length,
            titles: diagnosis.findings.slice(0, 5).map((f) => f.title),
          }
        : undefined;
    const gone = phaseOf(peering.cloud, peering.rawState) === 'gone' || peering.state === 'deleted';
    edges.set(peering.key, {
      key: peering.key,
      peeringId: peering.id,
      label: peering.name ?? peering.id,
      from,
      to,
      cloud: peering.cloud,
      state: peering.state,
      rawState: peering.rawState,
      accountId: account.id,
      region,
      gone,
      ...(findings ? { findings } : {}),
      problem:
        NEEDS_ACTION_STATES.has(peering.state) ||
        (findings !== undefined && findings.worst !== 'info'),
    });
  }

  const graph: MapGraph = {
    groups: sortedGroups([...groups.values()]),
    nodes: [...nodes.values()].sort(
      (x, y) => x.name.localeCompare(y.name) || x.key.localeCompare(y.key),
    ),
    edges: [...edges.values()],
    insights: { overlaps: [], nonTransitive: [], nonTransitiveTotal: 0, isolated: [] },
  };
  graph.insights = computeInsights(graph);
  return graph;
}

function sortedGroups(groups: MapGroup[]): MapGroup[] {
  const order = (g: MapGroup) => CLOUD_KINDS.indexOf(g.cloud);
  return groups.sort(
    (x, y) =>
      order(x) - order(y) ||
      x.kind.localeCompare(y.kind) ||
      x.label.localeCompare(y.label) ||
      x.id.localeCompare(y.id),
  );
}

/** Each network's blocks, parsed once; a CIDR that does not parse says nothing about overlap. */
function parsedBlocks(nodes: readonly MapNode[]): Map<string, [string, Cidr][]> {
  const out = new Map<string, [string, Cidr][]>();
  for (const node of nodes) {
    const blocks: [string, Cidr][] = [];
    for (const text of node.cidrs) {
      try {
        blocks.push([text, parseCidr(text)]);
      } catch {
        // Skipped: see above.
      }
    }
    out.set(node.key, blocks);
  }
  return out;
}

/**
 * Overlaps between peered networks and between networks that share a peer (the next peering a
 * user is likely to make); A ↔ B ↔ C paths without A ↔ C; networks no live peering touches.
 */
function computeInsights(graph: MapGraph): MapInsights {
  const nodes = new Map(graph.nodes.map((n) => [n.key, n]));
  const blocks = parsedBlocks(graph.nodes);
  const overlapOf = (a: MapNode, b: MapNode): [string, string] | undefined => {
    for (const [textA, cidrA] of blocks.get(a.key) ?? []) {
      for (const [textB, cidrB] of blocks.get(b.key) ?? []) {
        if (blocksOverlap(cidrA, cidrB)) return [textA, textB];
      }
    }
    return undefined;
  };
  const neighbours = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (a === b) return;
    let set = neighbours.get(a);
    if (!set) neighbours.set(a, (set = new Set()));
    set.add(b);
  };
  const overlaps: OverlapInsight[] = [];
  const seenPairs = new Set<string>();
  const pair = (a: string, b: string) => (a < b ? `${a}\n${b}` : `${b}\n${a}`);
  // Paths a user expects to be transitive run over peerings that carry traffic: active ones.
  const carrying = new Map<string, Set<string>>();
  for (const edge of graph.edges) {
    if (edge.gone) continue;
    link(edge.from, edge.to);
    link(edge.to, edge.from);
    if (edge.state === 'active' && edge.from !== edge.to) {
      for (const [x, y] of [
        [edge.from, edge.to],
        [edge.to, edge.from],
      ]) {
        let set = carrying.get(x);
        if (!set) carrying.set(x, (set = new Set()));
        set.add(y);
      }
    }
    const a = nodes.get(edge.from);
    const b = nodes.get(edge.to);
    if (!a || !b || a === b) continue;
    const hit = overlapOf(a, b);
    if (!hit) continue;
    edge.overlap = `${hit[0]} ↔ ${hit[1]}`;
    edge.problem = true;
    a.overlap = b.overlap = true;
    if (seenPairs.has(pair(a.key, b.key))) continue;
    seenPairs.add(pair(a.key, b.key));
    overlaps.push({ a: a.key, b: b.key, cidrA: hit[0], cidrB: hit[1], edgeKey: edge.key });
  }

  const nonTransitive: NonTransitiveInsight[] = [];
  let nonTransitiveTotal = 0;
  const hubs = [...carrying.keys()].sort();
  for (const via of hubs) {
    const around = [...(carrying.get(via) ?? [])].sort();
    for (let i = 0; i < around.length; i++) {
      for (let j = i + 1; j < around.length; j++) {
        const a = around[i];
        const c = around[j];
        if (neighbours.get(a)?.has(c)) continue;
        const key = pair(a, c);
        const na = nodes.get(a);
        const nc = nodes.get(c);
        if (na && nc && !seenPairs.has(key)) {
          const hit = overlapOf(na, nc);
          if (hit) {
            seenPairs.add(key);
            na.overlap = nc.overlap = true;
            overlaps.push({ a, b: c, cidrA: hit[0], cidrB: hit[1], via });
          }
        }
        nonTransitiveTotal++;
        if (nonTransitive.length < NON_TRANSITIVE_LIMIT) {
          const hub = nodes.get(via);
          nonTransitive.push({ a, via, c, doc: hub ? NON_TRANSITIVE_DOCS[hub.cloud] : undefined });
        }
      }
    }
  }

  const isolated: string[] = [];
  for (const node of graph.nodes) {
    if (!node.external && !neighbours.has(node.key)) {
      node.isolated = true;
      isolated.push(node.key);
    }
  }
  return { overlaps, nonTransitive, nonTransitiveTotal, isolated };
}
