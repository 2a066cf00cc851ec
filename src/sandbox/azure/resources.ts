import { peeredLocalSpace, remoteOf, syncLevel } from './peerings';
import {
  nsgId,
  routeTableId,
  vnetId,
  type AzureNetworkSecurityGroup,
  type AzurePeering,
  type AzureRoute,
  type AzureRouteTable,
  type AzureSecurityRule,
  type AzureState,
  type AzureSubscription,
  type AzureTenant,
  type AzureVirtualNetwork,
} from './state';

/** Wire renderings of the ARM resources, shaped like the azure-rest-api-specs examples. */

export function renderPeering(
  state: AzureState,
  vnet: AzureVirtualNetwork,
  p: AzurePeering,
): Record<string, unknown> {
  const remote = remoteOf(state, p);
  const properties: Record<string, unknown> = {
    provisioningState: p.provisioningState,
    resourceGuid: p.resourceGuid,
    peeringState: p.peeringState,
    peeringSyncLevel: syncLevel(state, vnet, p),
    remoteVirtualNetwork: { id: p.remoteVirtualNetworkId },
    allowVirtualNetworkAccess: p.allowVirtualNetworkAccess,
    allowForwardedTraffic: p.allowForwardedTraffic,
    allowGatewayTransit: p.allowGatewayTransit,
    useRemoteGateways: p.useRemoteGateways,
    doNotVerifyRemoteGateways: false,
    peerCompleteVnets: true,
    remoteAddressSpace: { addressPrefixes: [...p.syncedRemoteAddressSpace] },
    remoteVirtualNetworkAddressSpace: {
      addressPrefixes: [...(remote?.addressPrefixes ?? p.syncedRemoteAddressSpace)],
    },
    localAddressSpace: { addressPrefixes: peeredLocalSpace(state, vnet, p) },
    localVirtualNetworkAddressSpace: { addressPrefixes: [...vnet.addressPrefixes] },
  };
  if (remote) {
    properties.remoteBgpCommunities = {
      virtualNetworkCommunity: bgpCommunity(vnetId(remote)),
      regionalCommunity: '12076:50004',
    };
  }
  return {
    name: p.name,
    id: `${vnetId(vnet)}/virtualNetworkPeerings/${p.name}`,
    etag: p.etag,
    type: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
    properties,
  };
}

export function renderVnet(state: AzureState, v: AzureVirtualNetwork): Record<string, unknown> {
  const id = vnetId(v);
  const out: Record<string, unknown> = {
    name: v.name,
    id,
    etag: v.etag,
    type: 'Microsoft.Network/virtualNetworks',
    location: v.location,
    properties: {
      provisioningState: v.provisioningState,
      resourceGuid: v.resourceGuid,
      addressSpace: { addressPrefixes: [...v.addressPrefixes] },
      dhcpOptions: { dnsServers: [] },
      subnets: v.subnets.map((s) => ({
        name: s.name,
        id: `${id}/subnets/${s.name}`,
        etag: v.etag,
        type: 'Microsoft.Network/virtualNetworks/subnets',
        properties: {
          provisioningState: 'Succeeded',
          addressPrefix: s.addressPrefix,
          ...(s.networkSecurityGroupId
            ? { networkSecurityGroup: { id: s.networkSecurityGroupId } }
            : {}),
          ...(s.routeTableId ? { routeTable: { id: s.routeTableId } } : {}),
          privateEndpointNetworkPolicies: 'Disabled',
          privateLinkServiceNetworkPolicies: 'Enabled',
        },
      })),
      virtualNetworkPeerings: [...v.peerings.values()].map((p) => renderPeering(state, v, p)),
      enableDdosProtection: false,
    },
  };
  if (Object.keys(v.tags).length) out.tags = { ...v.tags };
  return out;
}

/** The six rules every NSG carries, as in NetworkSecurityGroupList.json. */
const DEFAULT_RULES: Omit<
  AzureSecurityRule,
  | 'etag'
  | 'provisioningState'
  | 'sourcePortRanges'
  | 'destinationPortRanges'
  | 'sourceAddressPrefixes'
  | 'destinationAddressPrefixes'
>[] = [
  rule(
    'AllowVnetInBound',
    'Allow inbound traffic from all VMs in VNET',
    'VirtualNetwork',
    'VirtualNetwork',
    'Allow',
    65000,
    'Inbound',
  ),
  rule(
    'AllowAzureLoadBalancerInBound',
    'Allow inbound traffic from azure load balancer',
    'AzureLoadBalancer',
    '*',
    'Allow',
    65001,
    'Inbound',
  ),
  rule('DenyAllInBound', 'Deny all inbound traffic', '*', '*', 'Deny', 65500, 'Inbound'),
  rule(
    'AllowVnetOutBound',
    'Allow outbound traffic from all VMs to all VMs in VNET',
    'VirtualNetwork',
    'VirtualNetwork',
    'Allow',
    65000,
    'Outbound',
  ),
  rule(
    'AllowInternetOutBound',
    'Allow outbound traffic from all VMs to Internet',
    '*',
    'Internet',
    'Allow',
    65001,
    'Outbound',
  ),
  rule('DenyAllOutBound', 'Deny all outbound traffic', '*', '*', 'Deny', 65500, 'Outbound'),
];

function rule(
  name: string,
  description: string,
  sourceAddressPrefix: string,
  destinationAddressPrefix: string,
  access: 'Allow' | 'Deny',
  priority: number,
  direction: 'Inbound' | 'Outbound',
) {
  return {
    name,
    description,
    protocol: '*',
    sourcePortRange: '*',
    destinationPortRange: '*',
    sourceAddressPrefix,
    destinationAddressPrefix,
    access,
    priority,
    direction,
  };
}

export function renderSecurityRule(
  nsg: AzureNetworkSecurityGroup,
  r: AzureSecurityRule,
  collection: 'securityRules' | 'defaultSecurityRules' = 'securityRules',
): Record<string, unknown> {
  const properties: Record<string, unknown> = { provisioningState: r.provisioningState };
  if (r.description !== undefined) properties.description = r.description;
  properties.protocol = r.protocol;
  if (r.sourcePortRange !== undefined) properties.sourcePortRange = r.sourcePortRange;
  if (r.sourcePortRanges.length) properties.sourcePortRanges = [...r.sourcePortRanges];
  if (r.destinationPortRange !== undefined)
    properties.destinationPortRange = r.destinationPortRange;
  if (r.destinationPortRanges.length)
    properties.destinationPortRanges = [...r.destinationPortRanges];
  if (r.sourceAddressPrefix !== undefined) properties.sourceAddressPrefix = r.sourceAddressPrefix;
  if (r.sourceAddressPrefixes.length)
    properties.sourceAddressPrefixes = [...r.sourceAddressPrefixes];
  if (r.destinationAddressPrefix !== undefined)
    properties.destinationAddressPrefix = r.destinationAddressPrefix;
  if (r.destinationAddressPrefixes.length)
    properties.destinationAddressPrefixes = [...r.destinationAddressPrefixes];
  properties.access = r.access;
  properties.priority = r.priority;
  properties.direction = r.direction;
  const out: Record<string, unknown> = {
    name: r.name,
    id: `${nsgId(nsg)}/${collection}/${r.name}`,
    properties,
  };
  if (collection === 'securityRules') {
    out.etag = r.etag;
    out.type = 'Microsoft.Network/networkSecurityGroups/securityRules';
  }
  return out;
}

export function renderNsg(
  nsg: AzureNetworkSecurityGroup,
  subnetIds: readonly string[] = [],
): Record<string, unknown> {
  return {
    name: nsg.name,
    id: nsgId(nsg),
    etag: nsg.etag,
    type: 'Microsoft.Network/networkSecurityGroups',
    location: nsg.location,
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: nsg.resourceGuid,
      securityRules: [...nsg.securityRules.values()].map((r) => renderSecurityRule(nsg, r)),
      defaultSecurityRules: DEFAULT_RULES.map((d) =>
        renderSecurityRule(
          nsg,
          {
            ...d,
            etag: nsg.etag,
            provisioningState: 'Succeeded',
            sourcePortRanges: [],
            destinationPortRanges: [],
            sourceAddressPrefixes: [],
            destinationAddressPrefixes: [],
          },
          'defaultSecurityRules',
        ),
      ),
      ...(subnetIds.length ? { subnets: subnetIds.map((id) => ({ id })) } : {}),
    },
  };
}

/** A user-defined route, as in RouteTableList.json of the ARM network spec. */
export function renderRoute(table: AzureRouteTable, r: AzureRoute): Record<string, unknown> {
  return {
    name: r.name,
    id: `${routeTableId(table)}/routes/${r.name}`,
    etag: r.etag,
    type: 'Microsoft.Network/routeTables/routes',
    properties: {
      provisioningState: 'Succeeded',
      addressPrefix: r.addressPrefix,
      nextHopType: r.nextHopType,
      ...(r.nextHopIpAddress ? { nextHopIpAddress: r.nextHopIpAddress } : {}),
      hasBgpOverride: false,
    },
  };
}

/** A route table with its routes and the subnets associated with it (both in one answer). */
export function renderRouteTable(
  table: AzureRouteTable,
  subnetIds: readonly string[] = [],
): Record<string, unknown> {
  return {
    name: table.name,
    id: routeTableId(table),
    etag: table.etag,
    type: 'Microsoft.Network/routeTables',
    location: table.location,
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: table.resourceGuid,
      disableBgpRoutePropagation: table.disableBgpRoutePropagation,
      routes: [...table.routes.values()].map((r) => renderRoute(table, r)),
      ...(subnetIds.length ? { subnets: subnetIds.map((id) => ({ id })) } : {}),
    },
  };
}

export function renderSubscription(s: AzureSubscription): Record<string, unknown> {
  return {
    id: `/subscriptions/${s.subscriptionId}`,
    subscriptionId: s.subscriptionId,
    tenantId: s.tenantId,
    displayName: s.displayName,
    state: 'Enabled',
    subscriptionPolicies: {
      locationPlacementId: 'Public_2014-09-01',
      quotaId: 'PayAsYouGo_2014-09-01',
      spendingLimit: 'Off',
    },
    authorizationSource: 'RoleBased',
    managedByTenants: [],
  };
}

export function renderTenant(t: AzureTenant): Record<string, unknown> {
  return {
    id: `/tenants/${t.tenantId}`,
    tenantId: t.tenantId,
    tenantCategory: 'Home',
    displayName: t.displayName,
    defaultDomain: t.defaultDomain,
    domains: [t.defaultDomain],
    tenantType: 'AAD',
  };
}

/** A stable `12076:2xxxx` community per network, the form Azure assigns. */
function bgpCommunity(id: string): string {
  let h = 0;
  for (const ch of id.toLowerCase()) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `12076:${20000 + (h % 10000)}`;
}
