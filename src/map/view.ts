/**
 * What the map shows of the graph: the filters (provider, account, state, problems), the search,
 * and the groups the user collapsed. A collapsed group becomes one node that stands for every
 * network inside it, and the peerings that leave it are merged per pair of ends, so 500 networks
 * in 40 accounts read as 40 boxes until the user opens one.
 */
import { escapeUnsafeCharacters as visible } from '../model/text';
import type { CloudKind, PeeringState } from '../model/types';
import type { MapEdge, MapGraph, MapGroup, MapNode } from './graph';

export interface MapViewOptions {
  /** Group ids (`p:…`, `a:…`, `r:…`) shown as one node. */
  collapsed: string[];
  search: string;
  /** Empty: every provider. */
  clouds: CloudKind[];
  /** Account group ids; empty: every account. */
  accounts: string[];
  /** Peering states; empty: every state. */
  states: PeeringState[];
  /** Only peerings and networks with something to fix. */
  problemsOnly: boolean;
}

export const DEFAULT_VIEW: MapViewOptions = {
  collapsed: [],
  search: '',
  clouds: [],
  accounts: [],
  states: [],
  problemsOnly: false,
};

/** Above this many networks the map opens with every account collapsed. */
export const COLLAPSE_ABOVE = 150;

export function initialView(graph: MapGraph): MapViewOptions {
  if (graph.nodes.length <= COLLAPSE_ABOVE) return DEFAULT_VIEW;
  return {
    ...DEFAULT_VIEW,
    collapsed: graph.groups.filter((g) => g.kind === 'account').map((g) => g.id),
  };
}

export interface VisibleGroup {
  id: string;
  kind: MapGroup['kind'];
  label: string;
  parent?: string;
  cloud: CloudKind;
  /** Networks shown inside it (after filters). */
  count: number;
}

export interface VisibleNode {
  key: string;
  /** `network`: one network; `group`: a collapsed group standing for `count` networks. */
  kind: 'network' | 'group';
  label: string;
  sublabel: string;
  /** The group it is drawn in; undefined at the top level. */
  parent?: string;
  cloud: CloudKind;
  classes: string[];
  /** The tooltip, one fact a line. */
  title: string;
  count: number;
}

export interface VisibleEdge {
  key: string;
  from: string;
  to: string;
  state: PeeringState;
  classes: string[];
  title: string;
  /** The peerings it draws: one, or several merged between collapsed groups. */
  peeringKeys: string[];
}

export interface VisibleGraph {
  groups: VisibleGroup[];
  nodes: VisibleNode[];
  edges: VisibleEdge[];
  /** Networks and peerings the filters hide. */
  hidden: { networks: number; peerings: number };
}

/** Worse first: the merged edge of several peerings takes the worst state among them. */
const STATE_RANK: readonly PeeringState[] = [
  'failed',
  'disconnected',
  'pending',
  'inactive',
  'provisioning',
  'deleting',
  'unknown',
  'active',
  'deleted',
];

function matches(node: MapNode, needle: string): boolean {
  if (!needle) return true;
  const haystack = [node.name, node.networkId, node.accountLabel, node.region, ...node.cidrs]
    .join('\n')
    .toLowerCase();
  return haystack.includes(needle);
}

/** The tooltip: one fact a line, each name with its control and bidi characters made visible. */
export function nodeTitle(node: MapNode): string {
  return [
    visible(node.name),
    visible(node.networkId),
    visible(`${node.accountLabel} · ${node.region}`),
    node.cidrs.length ? visible(node.cidrs.join(', ')) : 'no CIDR known',
    ...(node.service ? [`Managed service network`] : []),
    ...(node.external ? ['Seen only from the other side of a peering'] : []),
    ...(node.isolated ? ['No peering'] : []),
    ...(node.overlap ? ['Its CIDRs overlap a network it is or may be peered with'] : []),
  ].join('\n');
}

export function edgeTitle(edge: MapEdge): string {
  return [
    visible(`${edge.label}: ${edge.state} (${edge.rawState})`),
    ...(edge.overlap ? [`Overlapping CIDRs: ${edge.overlap}`] : []),
    ...(edge.findings
      ? [
          `Peering Doctor: ${edge.findings.count} finding(s), worst ${edge.findings.worst}`,
          ...edge.findings.titles.map((t) => `• ${visible(t)}`),
        ]
      : []),
  ].join('\n');
}

export function visibleGraph(graph: MapGraph, options: MapViewOptions): VisibleGraph {
  const needle = options.search.trim().toLowerCase();
  const clouds = new Set(options.clouds);
  const accounts = new Set(options.accounts);
  const states = new Set(options.states);
  let nodes = graph.nodes.filter(
    (n) =>
      (clouds.size === 0 || clouds.has(n.cloud)) &&
      (accounts.size === 0 || accounts.has(n.accountGroup)) &&
      matches(n, needle),
  );
  let keys = new Set(nodes.map((n) => n.key));
  const edges = graph.edges.filter(
    (e) =>
      keys.has(e.from) &&
      keys.has(e.to) &&
      (states.size === 0 || states.has(e.state)) &&
      (!options.problemsOnly || e.problem),
  );
  if (states.size > 0 || options.problemsOnly) {
    const touched = new Set(edges.flatMap((e) => [e.from, e.to]));
    nodes = nodes.filter(
      (n) =>
        touched.has(n.key) ||
        (options.problemsOnly && states.size === 0 && (n.isolated || n.overlap)),
    );
    keys = new Set(nodes.map((n) => n.key));
  }

  const groupById = new Map(graph.groups.map((g) => [g.id, g]));
  const collapsed = new Set(options.collapsed);
  /** The outermost collapsed group a network sits in, if any. */
  const collapsedOwner = (node: MapNode): string | undefined =>
    [node.providerGroup, node.accountGroup, node.regionGroup].find((g) => collapsed.has(g));

  const owner = new Map<string, string>();
  const counts = new Map<string, number>();
  const out: VisibleNode[] = [];
  for (const node of nodes) {
    for (const g of [node.providerGroup, node.accountGroup, node.regionGroup])
      counts.set(g, (counts.get(g) ?? 0) + 1);
    const group = collapsedOwner(node);
    owner.set(node.key, group ?? node.key);
    if (group) continue;
    out.push({
      key: node.key,
      kind: 'network',
      label: node.name,
      sublabel: node.cidrs.slice(0, 2).join(', ') + (node.cidrs.length > 2 ? ' …' : ''),
      parent: node.regionGroup,
      cloud: node.cloud,
      classes: [
        'network',
        `cloud-${node.cloud}`,
        ...(node.service ? ['service', `service-${node.service}`] : []),
        ...(node.external ? ['external'] : []),
        ...(node.isolated ? ['isolated'] : []),
        ...(node.overlap ? ['overlap'] : []),
      ],
      title: nodeTitle(node),
      count: 1,
    });
  }
  const shownGroups = new Set<string>();
  for (const group of new Set(owner.values())) {
    const g = groupById.get(group);
    if (!g) continue;
    const count = counts.get(g.id) ?? 0;
    out.push({
      key: g.id,
      kind: 'group',
      label: g.label,
      sublabel: `${count} network${count === 1 ? '' : 's'} · collapsed`,
      parent: g.parent,
      cloud: g.cloud,
      classes: ['collapsed-group', `cloud-${g.cloud}`, `group-${g.kind}`],
      title: `${visible(g.label)}\n${count} network(s); open to show them`,
      count,
    });
  }
  // A group is drawn as a box when something inside it is drawn and no ancestor is collapsed.
  for (const node of out) {
    let parent = node.parent;
    while (parent && !shownGroups.has(parent)) {
      shownGroups.add(parent);
      parent = groupById.get(parent)?.parent;
    }
  }
  const groups: VisibleGroup[] = graph.groups
    .filter((g) => shownGroups.has(g.id))
    .map((g) => ({
      id: g.id,
      kind: g.kind,
      label: g.label,
      parent: g.parent,
      cloud: g.cloud,
      count: counts.get(g.id) ?? 0,
    }));

  const merged = new Map<string, VisibleEdge>();
  const visibleEdges: VisibleEdge[] = [];
  for (const edge of edges) {
    const from = owner.get(edge.from) ?? edge.from;
    const to = owner.get(edge.to) ?? edge.to;
    const classes = [
      'peering',
      `state-${edge.state}`,
      ...(edge.gone ? ['gone'] : []),
      ...(edge.problem ? ['problem'] : []),
      ...(edge.overlap ? ['overlap'] : []),
      ...(edge.findings ? [`finding-${edge.findings.worst}`] : []),
    ];
    if (from === edge.from && to === edge.to) {
      visibleEdges.push({
        key: edge.key,
        from,
        to,
        state: edge.state,
        classes,
        title: edgeTitle(edge),
        peeringKeys: [edge.key],
      });
      continue;
    }
    if (from === to) continue; // Inside one collapsed group.
    const id = from < to ? `merged:${from}|${to}` : `merged:${to}|${from}`;
    const existing = merged.get(id);
    if (!existing) {
      const m: VisibleEdge = {
        key: id,
        from,
        to,
        state: edge.state,
        classes: ['peering', 'merged', `state-${edge.state}`, ...(edge.problem ? ['problem'] : [])],
        title: '',
        peeringKeys: [edge.key],
      };
      merged.set(id, m);
      visibleEdges.push(m);
    } else {
      existing.peeringKeys.push(edge.key);
      if (STATE_RANK.indexOf(edge.state) < STATE_RANK.indexOf(existing.state)) {
        existing.state = edge.state;
      }
      if (edge.problem && !existing.classes.includes('problem')) existing.classes.push('problem');
    }
  }
  for (const m of merged.values()) {
    m.classes = m.classes.map((c) => (c.startsWith('state-') ? `state-${m.state}` : c));
    m.title = `${m.peeringKeys.length} peering(s), worst state ${m.state}`;
  }
  return {
    groups,
    nodes: out,
    edges: visibleEdges,
    hidden: {
      networks: graph.nodes.length - keys.size,
      peerings: graph.edges.length - edges.length,
    },
  };
}
