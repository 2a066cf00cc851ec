import type { World, WorldBuildContext } from '../world';
import { AZURE } from '../worlds/demoTopology';
import { settlePeering } from './peerings';
import {
  etag,
  key,
  nsgId,
  routeTableId,
  vnetId,
  type AzureNetworkSecurityGroup,
  type AzurePeering,
  type AzureResourceGroup,
  type AzureRoute,
  type AzureRouteTable,
  type AzureState,
  type AzureSubscription,
  type AzureVirtualNetwork,
} from './state';

/**
 * Azure's part of the demo world (ids in worlds/demoTopology.ts):
 * - tenant with the subscription and rg-app: vnet-app, vnet-hub (with the
 *   VPN gateway vgw-hub), vnet-spoke, and nsg-app with only the default rules;
 * - vnet-app ↔ vnet-hub Connected (both sides); vnet-app → vnet-spoke
 *   Initiated (the spoke has no peering back);
 * - vnet-web ↔ vnet-api with a None route to api on web's subnet, and vnet-edge ↔ vnet-shared
 *   with shared's space sent through an appliance while shared-to-edge refuses forwarded
 *   traffic (the Doctor's user-defined route checks);
 * - another tenant with its own subscription and rg-partner/vnet-partner,
 *   so a peering to it needs an auxiliary token.
 */
export function seedAzureDemo(world: World, ctx: WorldBuildContext): void {
  const state = world.azure;
  addTenant(state, AZURE.tenantId, 'Sandbox Contoso', 'sandbox-contoso.onmicrosoft.com');
  addTenant(state, AZURE.otherTenantId, 'Sandbox Partner', 'sandbox-partner.onmicrosoft.com');
  const sub = addSubscription(state, AZURE.subscriptionId, AZURE.tenantId, 'Sandbox Subscription');
  const other = addSubscription(
    state,
    AZURE.otherSubscriptionId,
    AZURE.otherTenantId,
    'Sandbox Partner Subscription',
  );
  const rg = addResourceGroup(sub, AZURE.resourceGroup, AZURE.location);
  const partnerRg = addResourceGroup(other, AZURE.partner.resourceGroup, AZURE.location);

  const vnet = (
    group: AzureResourceGroup,
    subscriptionId: string,
    name: string,
    space: readonly string[],
  ) => addVnet(ctx, group, subscriptionId, name, space);
  const app = vnet(rg, sub.subscriptionId, AZURE.vnets.app.name, AZURE.vnets.app.addressSpace);
  const hub = vnet(rg, sub.subscriptionId, AZURE.vnets.hub.name, AZURE.vnets.hub.addressSpace);
  hub.gateways = [AZURE.vnets.hub.gateway];
  const spoke = vnet(
    rg,
    sub.subscriptionId,
    AZURE.vnets.spoke.name,
    AZURE.vnets.spoke.addressSpace,
  );
  vnet(partnerRg, other.subscriptionId, AZURE.partner.vnet.name, AZURE.partner.vnet.addressSpace);

  const peer = (from: AzureVirtualNetwork, name: string, to: AzureVirtualNetwork) =>
    addPeering(state, ctx, from, name, to);
  peer(app, AZURE.peerings.appToHub, hub);
  peer(hub, AZURE.peerings.hubToApp, app);
  peer(app, AZURE.peerings.appToSpoke, spoke);

  // The Doctor's breakages (issue 13): db's address space grew after the peering, so app-to-db
  // is RemoteNotInSync until synced; nsg-app on app's subnet denies PostgreSQL from the hub
  // before the default AllowVnetInBound (priority 65000) would allow it.
  const db = vnet(rg, sub.subscriptionId, AZURE.vnets.db.name, AZURE.vnets.db.addressSpace);
  peer(app, AZURE.peerings.appToDb, db);
  peer(db, AZURE.peerings.dbToApp, app);
  db.addressPrefixes.push(AZURE.vnets.db.addedSpace);

  const nsg: AzureNetworkSecurityGroup = {
    subscriptionId: sub.subscriptionId,
    resourceGroup: rg.name,
    name: AZURE.nsg,
    location: rg.location,
    resourceGuid: ctx.random.uuid(),
    etag: etag(ctx.random),
    securityRules: new Map(),
  };
  nsg.securityRules.set(key(AZURE.nsgDenyRule), {
    name: AZURE.nsgDenyRule,
    description: 'Only the app tier reaches the database port',
    protocol: 'Tcp',
    sourcePortRange: '*',
    sourcePortRanges: [],
    destinationPortRange: String(AZURE.dbPort),
    destinationPortRanges: [],
    sourceAddressPrefix: AZURE.vnets.hub.addressSpace[0],
    sourceAddressPrefixes: [],
    destinationAddressPrefix: '*',
    destinationAddressPrefixes: [],
    access: 'Deny',
    priority: AZURE.nsgDenyPriority,
    direction: 'Inbound',
    provisioningState: 'Succeeded',
    etag: etag(ctx.random),
  });
  rg.networkSecurityGroups.set(key(AZURE.nsg), nsg);
  app.subnets[0].networkSecurityGroupId = nsgId(nsg);

  // User-defined routes that override the peering's system route (longest prefix, then user
  // before system: https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview).
  const { udr } = AZURE;
  const web = vnet(rg, sub.subscriptionId, udr.web.name, udr.web.addressSpace);
  const api = vnet(rg, sub.subscriptionId, udr.api.name, udr.api.addressSpace);
  peer(web, udr.webToApi, api);
  peer(api, udr.apiToWeb, web);
  const blackhole = addRouteTable(ctx, rg, sub.subscriptionId, udr.blackholeTable);
  addRoute(ctx, blackhole, udr.blackholeRoute, udr.api.addressSpace[0], 'None');
  web.subnets[0].routeTableId = routeTableId(blackhole);

  const edge = vnet(rg, sub.subscriptionId, udr.edge.name, udr.edge.addressSpace);
  const shared = vnet(rg, sub.subscriptionId, udr.shared.name, udr.shared.addressSpace);
  peer(edge, udr.edgeToShared, shared);
  peer(shared, udr.sharedToEdge, edge);
  const appliance = addRouteTable(ctx, rg, sub.subscriptionId, udr.applianceTable);
  addRoute(
    ctx,
    appliance,
    udr.applianceRoute,
    udr.shared.addressSpace[0],
    'VirtualAppliance',
    udr.edge.appliance,
  );
  edge.subnets[0].routeTableId = routeTableId(appliance);
}

/** An empty route table in a resource group. */
export function addRouteTable(
  ctx: WorldBuildContext,
  group: AzureResourceGroup,
  subscriptionId: string,
  name: string,
): AzureRouteTable {
  const t: AzureRouteTable = {
    subscriptionId,
    resourceGroup: group.name,
    name,
    location: group.location,
    resourceGuid: ctx.random.uuid(),
    etag: etag(ctx.random),
    disableBgpRoutePropagation: false,
    routes: new Map(),
  };
  group.routeTables.set(key(name), t);
  return t;
}

export function addRoute(
  ctx: WorldBuildContext,
  table: AzureRouteTable,
  name: string,
  addressPrefix: string,
  nextHopType: AzureRoute['nextHopType'],
  nextHopIpAddress?: string,
): void {
  table.routes.set(key(name), {
    name,
    addressPrefix,
    nextHopType,
    ...(nextHopIpAddress ? { nextHopIpAddress } : {}),
    etag: etag(ctx.random),
  });
}

/** A vnet with one /24 "default" subnet at the start of its space. */
export function addVnet(
  ctx: WorldBuildContext,
  group: AzureResourceGroup,
  subscriptionId: string,
  name: string,
  space: readonly string[],
): AzureVirtualNetwork {
  const v: AzureVirtualNetwork = {
    subscriptionId,
    resourceGroup: group.name,
    name,
    location: group.location,
    resourceGuid: ctx.random.uuid(),
    etag: etag(ctx.random),
    addressPrefixes: [...space],
    subnets: [{ name: 'default', addressPrefix: space[0].replace(/\/\d+$/, '/24') }],
    peerings: new Map(),
    tags: { environment: 'sandbox' },
    provisioningState: 'Succeeded',
  };
  group.virtualNetworks.set(key(name), v);
  return v;
}

/** One side of a peering, settled: Connected when the other side peers back, else Initiated. */
export function addPeering(
  state: AzureState,
  ctx: WorldBuildContext,
  from: AzureVirtualNetwork,
  name: string,
  to: AzureVirtualNetwork,
): void {
  const p: AzurePeering = {
    name,
    remoteVirtualNetworkId: vnetId(to),
    allowVirtualNetworkAccess: true,
    allowForwardedTraffic: false,
    allowGatewayTransit: false,
    useRemoteGateways: false,
    peeringState: 'Initiated',
    syncedRemoteAddressSpace: [...to.addressPrefixes],
    provisioningState: 'Succeeded',
    resourceGuid: ctx.random.uuid(),
    etag: etag(ctx.random),
  };
  from.peerings.set(key(name), p);
  settlePeering(state, from, p);
}

export function addTenant(
  state: AzureState,
  tenantId: string,
  displayName: string,
  defaultDomain: string,
  member?: false,
): void {
  state.tenants.set(key(tenantId), {
    tenantId,
    displayName,
    defaultDomain,
    ...(member === false ? { member } : {}),
  });
}

export function addSubscription(
  state: AzureState,
  subscriptionId: string,
  tenantId: string,
  displayName: string,
): AzureSubscription {
  const sub: AzureSubscription = {
    subscriptionId,
    tenantId,
    displayName,
    resourceGroups: new Map(),
  };
  state.subscriptions.set(key(subscriptionId), sub);
  return sub;
}

export function addResourceGroup(
  sub: AzureSubscription,
  name: string,
  location: string,
): AzureResourceGroup {
  const rg: AzureResourceGroup = {
    name,
    location,
    virtualNetworks: new Map(),
    networkSecurityGroups: new Map(),
    routeTables: new Map(),
  };
  sub.resourceGroups.set(key(name), rg);
  return rg;
}
