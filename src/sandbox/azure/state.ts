/**
 * Azure sandbox state: tenants, subscriptions (each in one tenant), resource
 * groups holding virtual networks (with their peerings) and network security
 * groups, and the long-running operations in flight.
 *
 * ARM names are case-insensitive: maps are keyed by the lower-cased name and
 * each resource keeps the name as it was created, for ids.
 */

export interface AzureTenant {
  tenantId: string;
  displayName: string;
  defaultDomain: string;
  /**
   * False for a tenant the signed-in user is no member of (Dragonfly Cloud's:
   * only applications sign in there), so it is not among the user's tenants.
   */
  member?: false;
}

export interface AzureSubscription {
  subscriptionId: string;
  tenantId: string;
  displayName: string;
  resourceGroups: Map<string, AzureResourceGroup>;
}

export interface AzureResourceGroup {
  name: string;
  location: string;
  virtualNetworks: Map<string, AzureVirtualNetwork>;
  networkSecurityGroups: Map<string, AzureNetworkSecurityGroup>;
  routeTables: Map<string, AzureRouteTable>;
}

export type ProvisioningState = 'Succeeded' | 'Updating' | 'Deleting' | 'Failed';

export interface AzureSubnet {
  name: string;
  addressPrefix: string;
  /** ARM id of the NSG associated with the subnet (properties.networkSecurityGroup.id). */
  networkSecurityGroupId?: string;
  /** ARM id of the route table associated with the subnet (properties.routeTable.id). */
  routeTableId?: string;
}

export interface AzureVirtualNetwork {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  resourceGuid: string;
  etag: string;
  addressPrefixes: string[];
  subnets: AzureSubnet[];
  peerings: Map<string, AzurePeering>;
  tags: Record<string, string>;
  provisioningState: ProvisioningState;
  /**
   * Names of the virtual network gateways (VPN or ExpressRoute) in this
   * VNet's GatewaySubnet; a peering to this VNet may set useRemoteGateways
   * only when there is one.
   */
  gateways?: string[];
}

export type PeeringState = 'Initiated' | 'Connected' | 'Disconnected';

export interface AzurePeering {
  name: string;
  /** ARM id of the remote virtual network, as the caller gave it. */
  remoteVirtualNetworkId: string;
  allowVirtualNetworkAccess: boolean;
  allowForwardedTraffic: boolean;
  allowGatewayTransit: boolean;
  useRemoteGateways: boolean;
  peeringState: PeeringState;
  /**
   * The remote network's address space as this peering last synced it
   * (ARM's remoteAddressSpace). It differs from the remote's current space
   * after the remote changes its address space, until a PUT with
   * syncRemoteAddressSpace=true.
   */
  syncedRemoteAddressSpace: string[];
  provisioningState: ProvisioningState;
  resourceGuid: string;
  etag: string;
}

export interface AzureSecurityRule {
  name: string;
  description?: string;
  protocol: string;
  sourcePortRange?: string;
  sourcePortRanges: string[];
  destinationPortRange?: string;
  destinationPortRanges: string[];
  sourceAddressPrefix?: string;
  sourceAddressPrefixes: string[];
  destinationAddressPrefix?: string;
  destinationAddressPrefixes: string[];
  access: 'Allow' | 'Deny';
  priority: number;
  direction: 'Inbound' | 'Outbound';
  provisioningState: ProvisioningState;
  etag: string;
}

export interface AzureNetworkSecurityGroup {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  resourceGuid: string;
  etag: string;
  securityRules: Map<string, AzureSecurityRule>;
}

/**
 * Next hop types of a user-defined route (@azure/arm-network `RouteNextHopType`;
 * https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview#user-defined).
 */
export const ROUTE_NEXT_HOP_TYPES = [
  'VirtualNetworkGateway',
  'VnetLocal',
  'Internet',
  'VirtualAppliance',
  'None',
] as const;
export type RouteNextHopType = (typeof ROUTE_NEXT_HOP_TYPES)[number];

/** One user-defined route (Microsoft.Network/routeTables/routes). */
export interface AzureRoute {
  name: string;
  addressPrefix: string;
  nextHopType: RouteNextHopType;
  /** Only with nextHopType VirtualAppliance. */
  nextHopIpAddress?: string;
  etag: string;
}

/** A route table (Microsoft.Network/routeTables); subnets point at it by id. */
export interface AzureRouteTable {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  resourceGuid: string;
  etag: string;
  disableBgpRoutePropagation: boolean;
  routes: Map<string, AzureRoute>;
}

/** The error a long-running operation ends with. */
export interface AzureOperationError {
  code: string;
  message: string;
}

export interface AzureAsyncOperation {
  id: string;
  subscriptionId: string;
  location: string;
  /** Sandbox-clock ms. */
  doneAt: number;
  /** Runs once when the operation completes; returns the error it fails with, if any. */
  apply?: (at: number) => AzureOperationError | undefined;
  applied: boolean;
  error?: AzureOperationError;
  /** The resource the operation works on (lower-cased ARM id), to refuse overlapping operations. */
  resourceKey: string;
}

export interface AzureState {
  tenants: Map<string, AzureTenant>;
  subscriptions: Map<string, AzureSubscription>;
  operations: Map<string, AzureAsyncOperation>;
  /** Operations not yet applied, oldest first. */
  pending: AzureAsyncOperation[];
}

export function createAzureState(): AzureState {
  return { tenants: new Map(), subscriptions: new Map(), operations: new Map(), pending: [] };
}

export function key(name: string): string {
  return name.toLowerCase();
}

export function vnetId(v: { subscriptionId: string; resourceGroup: string; name: string }): string {
  return `/subscriptions/${v.subscriptionId}/resourceGroups/${v.resourceGroup}/providers/Microsoft.Network/virtualNetworks/${v.name}`;
}

export function nsgId(n: { subscriptionId: string; resourceGroup: string; name: string }): string {
  return `/subscriptions/${n.subscriptionId}/resourceGroups/${n.resourceGroup}/providers/Microsoft.Network/networkSecurityGroups/${n.name}`;
}

export function routeTableId(t: {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}): string {
  return `/subscriptions/${t.subscriptionId}/resourceGroups/${t.resourceGroup}/providers/Microsoft.Network/routeTables/${t.name}`;
}

/** Splits an ARM virtual-network id; undefined when it is not one. */
export function parseVnetId(
  id: string,
): { subscriptionId: string; resourceGroup: string; name: string } | undefined {
  const m =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)\/?$/i.exec(
      id.trim(),
    );
  return m ? { subscriptionId: m[1], resourceGroup: m[2], name: m[3] } : undefined;
}

export function findVnet(
  state: AzureState,
  ref: { subscriptionId: string; resourceGroup: string; name: string },
): AzureVirtualNetwork | undefined {
  return state.subscriptions
    .get(key(ref.subscriptionId))
    ?.resourceGroups.get(key(ref.resourceGroup))
    ?.virtualNetworks.get(key(ref.name));
}

export function sameId(a: string, b: string): boolean {
  return a.toLowerCase().replace(/\/$/, '') === b.toLowerCase().replace(/\/$/, '');
}

export function etag(random: { uuid(): string }): string {
  return `W/"${random.uuid()}"`;
}

/** ARM ids of the subnets associated with an NSG, across the sandbox (NSG.properties.subnets). */
export function subnetsOfNsg(state: AzureState, nsg: AzureNetworkSecurityGroup): string[] {
  const id = nsgId(nsg).toLowerCase();
  const out: string[] = [];
  for (const sub of state.subscriptions.values())
    for (const rg of sub.resourceGroups.values())
      for (const v of rg.virtualNetworks.values())
        for (const s of v.subnets)
          if (s.networkSecurityGroupId?.toLowerCase() === id)
            out.push(`${vnetId(v)}/subnets/${s.name}`);
  return out;
}

/** ARM ids of the subnets associated with a route table (routeTable.properties.subnets). */
export function subnetsOfRouteTable(state: AzureState, table: AzureRouteTable): string[] {
  const id = routeTableId(table).toLowerCase();
  const out: string[] = [];
  for (const sub of state.subscriptions.values())
    for (const rg of sub.resourceGroups.values())
      for (const v of rg.virtualNetworks.values())
        for (const s of v.subnets)
          if (s.routeTableId?.toLowerCase() === id) out.push(`${vnetId(v)}/subnets/${s.name}`);
  return out;
}
