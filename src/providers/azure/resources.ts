/**
 * ARM resources → the normalized model. Networks and peers are named by
 * their ARM ids, which ARM treats as case-insensitive (as does
 * `resolvePeers`), so a peering's remote network matches the Network of the
 * subscription that owns it.
 */
import type {
  NetworkSecurityGroup,
  RouteTable,
  SecurityRule,
  VirtualNetwork,
  VirtualNetworkPeering,
} from '@azure/arm-network';
import { normalizeState } from '../../model/states';
import type { Account, Network, Peering } from '../../model/types';
import type {
  FirewallGroup,
  IngressRule,
  NetworkPath,
  PathFilter,
  PathRouteTable,
  PathRule,
} from '../provider';

export interface ArmVnetId {
  subscriptionId: string;
  resourceGroup: string;
  vnetName: string;
}

const VNET_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)/i;
const PEERING_ID = new RegExp(`${VNET_ID.source}/virtualNetworkPeerings/([^/]+)$`, 'i');

export function parseVnetId(id: string): ArmVnetId | undefined {
  const m = VNET_ID.exec(id);
  return m ? { subscriptionId: m[1], resourceGroup: m[2], vnetName: m[3] } : undefined;
}

export function parsePeeringId(id: string): (ArmVnetId & { name: string }) | undefined {
  const m = PEERING_ID.exec(id);
  return m ? { subscriptionId: m[1], resourceGroup: m[2], vnetName: m[3], name: m[4] } : undefined;
}

export function vnetIdOf(v: ArmVnetId): string {
  return `/subscriptions/${v.subscriptionId}/resourceGroups/${v.resourceGroup}/providers/Microsoft.Network/virtualNetworks/${v.vnetName}`;
}

export function toNetwork(account: Account, vnet: VirtualNetwork): Network {
  const id = vnet.id ?? '';
  return {
    key: `${account.id}/${id}`,
    accountKey: account.id,
    cloud: 'azure',
    id,
    name: vnet.name ?? id,
    // The address space covers every subnet; IPv6 prefixes are in the same list.
    cidrs: [...(vnet.addressSpace?.addressPrefixes ?? [])],
    region: vnet.location,
    ownerId: parseVnetId(id)?.subscriptionId ?? account.ref,
    tags: vnet.tags ? { ...vnet.tags } : undefined,
  };
}

/** The local side of a peering: its vnet, with location and address space when known. */
export interface LocalVnet {
  id: string;
  location?: string;
  addressPrefixes?: string[];
}

/**
 * What a sync level asks the user to do; FullyInSync asks nothing. The level
 * is seen from this peering: "remote" means the remote vnet's space changed
 * since this peering last synced, "local" that this vnet's space changed
 * since the remote peering did.
 */
const SYNC_MESSAGES: Record<string, string> = {
  RemoteNotInSync:
    'The remote address space changed: sync this peering (syncRemoteAddressSpace) to pick it up.',
  LocalNotInSync: 'This network’s address space changed: the remote side has to sync its peering.',
  LocalAndRemoteNotInSync: 'Address spaces changed on both sides: sync both peerings.',
};

export function toPeering(
  account: Account,
  local: LocalVnet,
  peering: VirtualNetworkPeering,
): Peering {
  const id = peering.id ?? '';
  const raw = peering.peeringState ?? 'unknown';
  const remoteId = peering.remoteVirtualNetwork?.id ?? '';
  const remote = parseVnetId(remoteId);
  const localId = parseVnetId(local.id);
  const options: Record<string, string | boolean> = {};
  if (peering.peeringSyncLevel) options.peeringSyncLevel = peering.peeringSyncLevel;
  for (const flag of [
    'allowVirtualNetworkAccess',
    'allowForwardedTraffic',
    'allowGatewayTransit',
    'useRemoteGateways',
  ] as const) {
    const value = peering[flag];
    if (typeof value === 'boolean') options[flag] = value;
  }
  const provisioning =
    peering.provisioningState && peering.provisioningState !== 'Succeeded'
      ? `Provisioning: ${peering.provisioningState}.`
      : undefined;
  const sync = peering.peeringSyncLevel ? SYNC_MESSAGES[peering.peeringSyncLevel] : undefined;
  const waiting =
    raw === 'Initiated'
      ? 'Waiting for the remote network to peer back.'
      : raw === 'Disconnected'
        ? 'The remote side was deleted: delete this peering and create it again.'
        : undefined;
  return {
    key: `azure/${id}`,
    accountKey: account.id,
    cloud: 'azure',
    id,
    name: peering.name,
    state: normalizeState('azure', raw),
    rawState: raw,
    stateMessage: [waiting, sync, provisioning].filter(Boolean).join(' ') || undefined,
    // An Azure peering is one vnet's half of a pair: always listed from its own side.
    role: 'local',
    local: {
      cloud: 'azure',
      accountId: localId?.subscriptionId,
      networkId: local.id,
      name: localId?.vnetName,
      region: local.location,
      cidrs: local.addressPrefixes ?? peering.localVirtualNetworkAddressSpace?.addressPrefixes,
    },
    peer: {
      cloud: 'azure',
      accountId: remote?.subscriptionId,
      networkId: remoteId,
      name: remote?.vnetName,
      // What is peered: the remote space as last synced.
      cidrs:
        peering.remoteAddressSpace?.addressPrefixes ??
        peering.remoteVirtualNetworkAddressSpace?.addressPrefixes,
    },
    options,
  };
}

/**
 * An NSG as ingress rules on each vnet it guards (through its subnets). The
 * inbound Allow rules count, custom and default (AllowVnetInBound covers the
 * `VirtualNetwork` tag, which includes peered address space); Deny rules are
 * left out, and each rule's priority stays in its description. An NSG on no
 * subnet (only on NICs, or on nothing) has an empty networkId.
 */
export function toFirewallGroups(nsg: NetworkSecurityGroup): FirewallGroup[] {
  const ingress = [...(nsg.securityRules ?? []), ...(nsg.defaultSecurityRules ?? [])]
    .filter((r) => r.direction === 'Inbound' && r.access === 'Allow')
    .sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0))
    .flatMap(toIngressRules);
  const vnets = new Set<string>();
  for (const subnet of nsg.subnets ?? []) {
    const vnet = parseVnetId(subnet.id ?? '');
    if (vnet) vnets.add(vnetIdOf(vnet));
  }
  const base = { id: nsg.id ?? '', name: nsg.name ?? '', ingress };
  return vnets.size
    ? [...vnets].map((networkId) => ({ ...base, networkId }))
    : [{ ...base, networkId: '' }];
}

function toIngressRules(rule: SecurityRule): IngressRule[] {
  const sources = [
    ...(rule.sourceAddressPrefix ? [rule.sourceAddressPrefix] : []),
    ...(rule.sourceAddressPrefixes ?? []),
  ].flatMap((s) => (s === '*' ? ['0.0.0.0/0', '::/0'] : [s]));
  const ranges = [
    ...(rule.destinationPortRange ? [rule.destinationPortRange] : []),
    ...(rule.destinationPortRanges ?? []),
  ];
  const protocol = rule.protocol === '*' ? '-1' : (rule.protocol ?? '-1').toLowerCase();
  const description = `${rule.name ?? ''} (priority ${rule.priority ?? ''})`;
  return (ranges.length ? ranges : ['*']).map((range) => {
    const ports = parsePortRange(range);
    return { protocol, fromPort: ports?.[0], toPort: ports?.[1], sources, description };
  });
}

function parsePortRange(text: string): [number, number] | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2] ?? m[1])] : undefined;
}

/**
 * The Doctor's view of one vnet: the NSGs on its subnets with every rule (custom and default,
 * allow and deny, both directions) in priority order, and the route tables on its subnets with
 * their user-defined routes (target: the next hop type; `nextHopIp` for VirtualAppliance).
 * Addresses keep Azure's service tags (`VirtualNetwork` covers peered space, `*` everything);
 * the rules evaluate them. The peering's own routes are system routes ARM does not list here.
 */
export function toNetworkPath(
  vnetId: string,
  nsgs: NetworkSecurityGroup[],
  routeTables: RouteTable[] = [],
): NetworkPath {
  const prefix = `${vnetId.toLowerCase()}/subnets/`;
  const filters: PathFilter[] = [];
  const subnets = new Map<string, string[]>();
  const tableOfSubnet = new Map<string, string>();
  const tables: PathRouteTable[] = [];
  for (const table of routeTables) {
    const mine = (table.subnets ?? [])
      .map((s) => s.id ?? '')
      .filter((id) => id.toLowerCase().startsWith(prefix));
    if (mine.length === 0) continue;
    for (const id of mine) {
      tableOfSubnet.set(id, table.id ?? '');
      if (!subnets.has(id)) subnets.set(id, []);
    }
    tables.push({
      id: table.id ?? '',
      name: table.name,
      subnetIds: mine,
      routes: (table.routes ?? []).map((r) => ({
        destination: r.addressPrefix ?? '',
        target: r.nextHopType ?? '',
        origin: 'user',
        ...(r.name ? { name: r.name } : {}),
        ...(r.nextHopIpAddress ? { nextHopIp: r.nextHopIpAddress } : {}),
      })),
    });
  }
  for (const nsg of nsgs) {
    const mine = (nsg.subnets ?? [])
      .map((s) => s.id ?? '')
      .filter((id) => id.toLowerCase().startsWith(prefix));
    if (mine.length === 0) continue;
    for (const id of mine) subnets.set(id, [...(subnets.get(id) ?? []), nsg.id ?? '']);
    const rules = [
      ...(nsg.securityRules ?? []).map((r) => toPathRule(r, false)),
      ...(nsg.defaultSecurityRules ?? []).map((r) => toPathRule(r, true)),
    ].sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));
    filters.push({
      kind: 'nsg',
      id: nsg.id ?? '',
      name: nsg.name,
      stateful: true,
      subnetIds: mine,
      rules,
    });
  }
  return {
    networkId: vnetId,
    subnets: [...subnets].map(([id, filterIds]) => ({
      id,
      cidrs: [],
      filterIds,
      ...(tableOfSubnet.has(id) ? { routeTableId: tableOfSubnet.get(id) } : {}),
    })),
    routeTables: tables,
    filters,
  };
}

function toPathRule(rule: SecurityRule, platformDefault: boolean): PathRule {
  const inbound = rule.direction === 'Inbound';
  const addresses = inbound
    ? [
        ...(rule.sourceAddressPrefix ? [rule.sourceAddressPrefix] : []),
        ...(rule.sourceAddressPrefixes ?? []),
      ]
    : [
        ...(rule.destinationAddressPrefix ? [rule.destinationAddressPrefix] : []),
        ...(rule.destinationAddressPrefixes ?? []),
      ];
  const ranges = [
    ...(rule.destinationPortRange ? [rule.destinationPortRange] : []),
    ...(rule.destinationPortRanges ?? []),
  ];
  const ports = ranges.length === 1 ? parsePortRange(ranges[0]) : undefined;
  const protocol = !rule.protocol || rule.protocol === '*' ? 'all' : rule.protocol.toLowerCase();
  return {
    id: rule.id ?? rule.name ?? '',
    name: rule.name,
    direction: inbound ? 'ingress' : 'egress',
    action: rule.access === 'Deny' ? 'deny' : 'allow',
    priority: rule.priority,
    protocol,
    // `*` is every port: no range. Several ranges are kept as the first; rules rarely list more.
    fromPort: ports?.[0],
    toPort: ports?.[1],
    addresses,
    platformDefault: platformDefault || undefined,
  };
}
