/**
 * GCE resources → the normalized model. One network path form is used for
 * every id, local or peer (`projects/P/global/networks/N`), so a peering's
 * far side matches the peer project's Network.id in `resolvePeers`.
 */
import type * as protos from '@google-cloud/compute/build/protos/protos';
import { normalizeState } from '../../model/states';
import type { Account, Network, NetworkRef, Peering } from '../../model/types';
import type {
  FirewallGroup,
  IngressRule,
  NetworkPath,
  PathRoute,
  PathRule,
  RouteTable,
} from '../provider';

export type GceNetwork = protos.google.cloud.compute.v1.INetwork;
export type GcePeering = protos.google.cloud.compute.v1.INetworkPeering;
export type GceSubnetwork = protos.google.cloud.compute.v1.ISubnetwork;
export type GceFirewall = protos.google.cloud.compute.v1.IFirewall;
export type GceRoute = protos.google.cloud.compute.v1.IRoute;
export type GceOperation = protos.google.cloud.compute.v1.IOperation;

export interface NetworkName {
  project: string;
  network: string;
}

const NETWORK_PATH = /(?:^|\/)projects\/([^/]+)\/global\/networks\/([^/?#]+)/;

/** The one id form for a network: `projects/P/global/networks/N`. */
export function networkPath(name: NetworkName): string {
  return `projects/${name.project}/global/networks/${name.network}`;
}

/**
 * Reads a network from a self link, a `projects/…` path, `global/networks/N`
 * or a bare name (the last two in `defaultProject`).
 */
export function parseNetwork(text: string, defaultProject: string): NetworkName | undefined {
  const full = NETWORK_PATH.exec(text);
  if (full) return { project: decodeURIComponent(full[1]), network: decodeURIComponent(full[2]) };
  const short = /^(?:global\/networks\/)?([a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)$/.exec(text);
  return short ? { project: defaultProject, network: short[1] } : undefined;
}

/** A peering's id: its network's path plus `/peerings/NAME` (names are unique per network). */
export function peeringId(network: NetworkName, name: string): string {
  return `${networkPath(network)}/peerings/${name}`;
}

export function parsePeeringId(id: string): (NetworkName & { name: string }) | undefined {
  const m = /^projects\/([^/]+)\/global\/networks\/([^/]+)\/peerings\/([^/]+)$/.exec(id);
  return m ? { project: m[1], network: m[2], name: m[3] } : undefined;
}

/** Every range a subnetwork owns: primary, secondary (alias IP) and IPv6. */
export function subnetRanges(subnet: GceSubnetwork): string[] {
  return [
    subnet.ipCidrRange,
    ...(subnet.secondaryIpRanges ?? []).map((r) => r.ipCidrRange),
    subnet.ipv6CidrRange,
    subnet.internalIpv6Prefix,
    subnet.externalIpv6Prefix,
  ].filter((r): r is string => typeof r === 'string' && r !== '');
}

export function toNetwork(
  account: Account,
  network: GceNetwork,
  subnetsByNetwork: ReadonlyMap<string, GceSubnetwork[]>,
): Network {
  const name = parseNetwork(network.selfLink ?? '', account.ref) ?? {
    project: account.ref,
    network: network.name ?? '',
  };
  const id = networkPath(name);
  const cidrs = new Set<string>();
  // Legacy (non-VPC) networks have one range of their own and no subnetworks.
  if (network.IPv4Range) cidrs.add(network.IPv4Range);
  for (const subnet of subnetsByNetwork.get(id) ?? []) {
    for (const range of subnetRanges(subnet)) cidrs.add(range);
  }
  return {
    key: `${account.id}/${id}`,
    accountKey: account.id,
    cloud: 'gcp',
    id,
    name: name.network,
    cidrs: [...cidrs],
    ownerId: name.project,
  };
}

/** Subnetworks grouped by their network's path. */
export function groupSubnets(subnets: readonly GceSubnetwork[]): Map<string, GceSubnetwork[]> {
  const out = new Map<string, GceSubnetwork[]>();
  for (const s of subnets) {
    const owner = parseNetwork(s.network ?? '', '');
    if (!owner) continue;
    const key = networkPath(owner);
    const list = out.get(key) ?? [];
    list.push(s);
    out.set(key, list);
  }
  return out;
}

export function toPeering(account: Account, local: NetworkName, peering: GcePeering): Peering {
  const name = peering.name ?? '';
  const id = peeringId(local, name);
  const raw = String(peering.state ?? 'unknown');
  const peer = parseNetwork(peering.network ?? '', local.project);
  const options: Record<string, string | boolean | number> = {};
  for (const flag of [
    'exchangeSubnetRoutes',
    'importCustomRoutes',
    'exportCustomRoutes',
    'importSubnetRoutesWithPublicIp',
    'exportSubnetRoutesWithPublicIp',
  ] as const) {
    const value = peering[flag];
    if (typeof value === 'boolean') options[flag] = value;
  }
  if (peering.stackType) options.stackType = String(peering.stackType);
  if (typeof peering.peerMtu === 'number') options.peerMtu = peering.peerMtu;
  const localRef: NetworkRef = {
    cloud: 'gcp',
    accountId: local.project,
    networkId: networkPath(local),
    name: local.network,
  };
  const peerRef: NetworkRef = peer
    ? { cloud: 'gcp', accountId: peer.project, networkId: networkPath(peer), name: peer.network }
    : { cloud: 'gcp', networkId: peering.network ?? '' };
  return {
    key: `gcp/${id}`,
    accountKey: account.id,
    cloud: 'gcp',
    id,
    name,
    state: normalizeState('gcp', raw),
    rawState: raw,
    stateMessage: peering.stateDetails || undefined,
    // A GCP peering is one network's half of a pair: always listed from its own side.
    role: 'local',
    local: localRef,
    peer: peerRef,
    options,
  };
}

/** GCE's routes for a project, one table per network (GCP has no route-table resource). */
export function toRouteTables(routes: readonly GceRoute[]): RouteTable[] {
  const tables = new Map<string, RouteTable>();
  for (const r of routes) {
    const owner = parseNetwork(r.network ?? '', '');
    if (!owner) continue;
    const networkId = networkPath(owner);
    let table = tables.get(networkId);
    if (!table) {
      table = { id: networkId, networkId, name: owner.network, main: true, routes: [] };
      tables.set(networkId, table);
    }
    table.routes.push({
      destination: r.destRange ?? '',
      target: routeTarget(r),
      state: r.routeStatus ? String(r.routeStatus) : undefined,
    });
  }
  return [...tables.values()];
}

function routeTarget(r: GceRoute): string {
  if (r.nextHopPeering) return r.nextHopPeering;
  const link =
    r.nextHopGateway ??
    r.nextHopInstance ??
    r.nextHopIlb ??
    r.nextHopVpnTunnel ??
    r.nextHopInterconnectAttachment ??
    r.nextHopHub ??
    r.nextHopIp ??
    r.nextHopNetwork ??
    '';
  // Self links are long; the part after the API root names the target as gcloud shows it.
  return link.replace(/^https:\/\/[^/]+\/compute\/(?:v1|beta)\//, '');
}

/**
 * Firewall rules as ingress rules on their network: enabled INGRESS rules
 * that allow traffic, one IngressRule per protocol and port range. Deny
 * rules and EGRESS rules are left out; the priority stays in the description.
 */
export function toFirewallGroup(project: string, fw: GceFirewall): FirewallGroup {
  const owner = parseNetwork(fw.network ?? '', project);
  const ingress: IngressRule[] = [];
  const applies = String(fw.direction ?? 'INGRESS') === 'INGRESS' && !fw.disabled;
  const sources = fw.sourceRanges?.length ? [...fw.sourceRanges] : [];
  const tags = fw.sourceTags?.length ? fw.sourceTags.map((t) => `tag:${t}`) : [];
  const description = [
    `priority ${fw.priority ?? 1000}`,
    fw.targetTags?.length ? `targets ${fw.targetTags.join(', ')}` : undefined,
    fw.description || undefined,
  ]
    .filter(Boolean)
    .join('; ');
  if (applies) {
    for (const allowed of fw.allowed ?? []) {
      const protocol = normalizeProtocol(allowed.IPProtocol ?? 'all');
      const ranges = allowed.ports?.length ? allowed.ports.map(parsePortRange) : [undefined];
      for (const range of ranges) {
        ingress.push({
          protocol,
          fromPort: range?.[0],
          toPort: range?.[1],
          sources: [...sources, ...tags],
          description,
        });
      }
    }
  }
  return {
    id: `projects/${project}/global/firewalls/${fw.name ?? ''}`,
    name: fw.name ?? '',
    networkId: owner ? networkPath(owner) : '',
    ingress,
  };
}

/** `all` is `-1`, as in AWS security groups, so the checks compare one form. */
function normalizeProtocol(protocol: string): string {
  const p = protocol.toLowerCase();
  return p === 'all' ? '-1' : p;
}

function parsePortRange(text: string): [number, number] | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2] ?? m[1])];
}

/**
 * The Doctor's view of one network from the project's firewalls and routes: every enabled rule
 * (allow and deny, both directions, with priority and target tags) plus the implied rules GCE
 * applies to every network (deny all ingress, allow all egress, priority 65535), and the
 * network's routes, custom ones (static, VPN) marked `origin: 'static'` since only those need
 * custom route export and import to reach a peer.
 */
export function toNetworkPath(
  networkId: string,
  project: string,
  firewalls: readonly GceFirewall[],
  routes: readonly GceRoute[],
): NetworkPath {
  const mine = (link: string | null | undefined) => {
    const owner = parseNetwork(link ?? '', project);
    return !!owner && networkPath(owner) === networkId;
  };
  const rules: PathRule[] = [];
  for (const fw of firewalls) {
    if (!mine(fw.network) || fw.disabled) continue;
    const ingress = String(fw.direction ?? 'INGRESS') === 'INGRESS';
    const addresses = ingress
      ? [...(fw.sourceRanges ?? []), ...(fw.sourceTags ?? []).map((t) => `tag:${t}`)]
      : [...(fw.destinationRanges ?? [])];
    const entries = [
      ...(fw.allowed ?? []).map((r) => ({ action: 'allow' as const, r })),
      ...(fw.denied ?? []).map((r) => ({ action: 'deny' as const, r })),
    ];
    for (const { action, r } of entries) {
      const protocol = (r.IPProtocol ?? 'all').toLowerCase();
      const ranges = r.ports?.length ? r.ports.map(parsePortRange) : [undefined];
      for (const range of ranges) {
        rules.push({
          id: `projects/${project}/global/firewalls/${fw.name ?? ''}`,
          name: fw.name ?? undefined,
          direction: ingress ? 'ingress' : 'egress',
          action,
          priority: fw.priority ?? 1000,
          protocol,
          fromPort: range?.[0],
          toPort: range?.[1],
          addresses: ingress && addresses.length === 0 ? ['0.0.0.0/0'] : addresses,
          targetTags: fw.targetTags?.length ? [...fw.targetTags] : undefined,
        });
      }
    }
  }
  rules.push(
    {
      id: 'implied-deny-ingress',
      name: 'implied deny ingress (priority 65535)',
      direction: 'ingress',
      action: 'deny',
      priority: 65535,
      protocol: 'all',
      addresses: ['0.0.0.0/0', '::/0'],
      platformDefault: true,
    },
    {
      id: 'implied-allow-egress',
      name: 'implied allow egress (priority 65535)',
      direction: 'egress',
      action: 'allow',
      priority: 65535,
      protocol: 'all',
      addresses: ['0.0.0.0/0', '::/0'],
      platformDefault: true,
    },
  );
  const pathRoutes: PathRoute[] = routes
    .filter((r) => mine(r.network))
    .map((r) => ({
      destination: r.destRange ?? '',
      target: routeTarget(r),
      state: r.routeStatus ? String(r.routeStatus) : undefined,
      origin: isCustomRoute(r) ? 'static' : r.nextHopPeering ? 'peering' : 'system',
    }));
  return {
    networkId,
    subnets: [],
    routeTables: [{ id: networkId, main: true, subnetIds: [], routes: pathRoutes }],
    filters: [
      {
        kind: 'firewall',
        id: networkId,
        name: `firewall rules of ${networkId}`,
        stateful: true,
        rules,
      },
    ],
  };
}

/** Static and dynamic routes a peering can export: not subnet, peering or internet routes. */
function isCustomRoute(r: GceRoute): boolean {
  if (r.nextHopPeering || r.nextHopNetwork) return false;
  if (String(r.routeType ?? '') === 'SUBNET' || String(r.routeType ?? '') === 'PEERING')
    return false;
  if ((r.nextHopGateway ?? '').endsWith('/default-internet-gateway')) return false;
  return true;
}
