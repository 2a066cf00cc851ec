import { isCidr, parseCidr, contains } from '../../model/cidr';
import { BadJsonError, bodyJson, json, type SandboxRequest, type SandboxResponse } from '../http';
import type { CloudService, SandboxContext } from '../service';
import {
  ArmRequestError,
  armError,
  badRequest,
  childNotFound,
  invalidProperty,
  resourceNotFound,
} from './errors';
import {
  asyncOperationUrl,
  operationInProgress,
  operationResultUrl,
  renderAsyncOperation,
  settleAzureOperations,
  startAzureOperation,
} from './operations';
import {
  firstOverlap,
  peeredNetworks,
  removePeering,
  reversePeering,
  settlePeering,
} from './peerings';
import {
  renderNsg,
  renderPeering,
  renderRoute,
  renderRouteTable,
  renderSecurityRule,
  renderSubscription,
  renderTenant,
  renderVnet,
} from './resources';
import {
  etag,
  findVnet,
  key,
  nsgId,
  parseVnetId,
  sameId,
  vnetId,
  type AzureNetworkSecurityGroup,
  type AzurePeering,
  type AzureResourceGroup,
  type AzureRoute,
  type AzureRouteTable,
  type AzureSecurityRule,
  type AzureState,
  type AzureSubscription,
  type AzureVirtualNetwork,
  subnetsOfNsg,
  subnetsOfRouteTable,
  routeTableId,
  ROUTE_NEXT_HOP_TYPES,
} from './state';
import { queryResources, resourceGraphUnavailable } from './resourceGraph';
import { auxiliaryTenants, bearerToken, tenantOfToken } from './tokens';

/**
 * Azure Resource Manager on the HTTPS listener: subscriptions and tenants
 * (Microsoft.Resources), virtual networks, virtual network peerings (with
 * long-running operations and syncRemoteAddressSpace), network security
 * groups and security rules (Microsoft.Network).
 *
 * Every request needs `api-version` and a bearer token (see tokens.ts for the
 * sandbox token format). A token only opens subscriptions of its own tenant
 * (401 InvalidAuthenticationTokenTenant otherwise). Throttling answers ARM's
 * 429 SubscriptionRequestsThrottled with Retry-After; faults answer 500
 * InternalServerError.
 */

interface Ctx {
  req: SandboxRequest;
  ctx: SandboxContext;
  state: AzureState;
  tenantId: string;
  apiVersion: string;
  params: string[];
}

interface ArmRoute {
  method: string;
  pattern: RegExp;
  operation: string;
  /** Whether the route is below /subscriptions/{id}, whose tenant must match the token's. */
  subscriptionScoped: boolean;
  handler: (c: Ctx) => SandboxResponse;
}

const SUB = '/subscriptions/([^/]+)';
const RG = `${SUB}/resourceGroups/([^/]+)`;
const NET = 'providers/Microsoft\\.Network';
const VNET = `${RG}/${NET}/virtualNetworks/([^/]+)`;
const NSG = `${RG}/${NET}/networkSecurityGroups/([^/]+)`;
const ROUTE_TABLE = `${RG}/${NET}/routeTables/([^/]+)`;

const ROUTES: ArmRoute[] = [
  route('GET', '/subscriptions', 'subscriptions.list', false, listSubscriptions),
  route('GET', SUB, 'subscriptions.get', true, getSubscription),
  route('GET', '/tenants', 'tenants.list', false, listTenants),
  route(
    'POST',
    '/providers/Microsoft\\.ResourceGraph/resources',
    'resources.query',
    false,
    resourceGraphQuery,
  ),
  route('GET', `${SUB}/${NET}/virtualNetworks`, 'virtualNetworks.listAll', true, listAllVnets),
  route('GET', `${RG}/${NET}/virtualNetworks`, 'virtualNetworks.list', true, listVnets),
  route('GET', VNET, 'virtualNetworks.get', true, getVnet),
  route('PUT', VNET, 'virtualNetworks.createOrUpdate', true, putVnet),
  route('GET', `${VNET}/virtualNetworkPeerings`, 'virtualNetworkPeerings.list', true, listPeerings),
  route(
    'GET',
    `${VNET}/virtualNetworkPeerings/([^/]+)`,
    'virtualNetworkPeerings.get',
    true,
    getPeering,
  ),
  route(
    'PUT',
    `${VNET}/virtualNetworkPeerings/([^/]+)`,
    'virtualNetworkPeerings.createOrUpdate',
    true,
    putPeering,
  ),
  route(
    'DELETE',
    `${VNET}/virtualNetworkPeerings/([^/]+)`,
    'virtualNetworkPeerings.delete',
    true,
    deletePeering,
  ),
  route(
    'GET',
    `${SUB}/${NET}/networkSecurityGroups`,
    'networkSecurityGroups.listAll',
    true,
    listAllNsgs,
  ),
  route('GET', `${RG}/${NET}/networkSecurityGroups`, 'networkSecurityGroups.list', true, listNsgs),
  route('GET', NSG, 'networkSecurityGroups.get', true, getNsg),
  route('GET', `${NSG}/securityRules`, 'securityRules.list', true, listRules),
  route('GET', `${NSG}/securityRules/([^/]+)`, 'securityRules.get', true, getRule),
  route('PUT', `${NSG}/securityRules/([^/]+)`, 'securityRules.createOrUpdate', true, putRule),
  // User-defined routes (https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview):
  // route tables carry their routes and associated subnets; subnets point at them by id.
  route('GET', `${SUB}/${NET}/routeTables`, 'routeTables.listAll', true, listAllRouteTables),
  route('GET', `${RG}/${NET}/routeTables`, 'routeTables.list', true, listRouteTables),
  route('GET', ROUTE_TABLE, 'routeTables.get', true, getRouteTable),
  route('GET', `${ROUTE_TABLE}/routes/([^/]+)`, 'routes.get', true, getRoute),
  route('PUT', `${ROUTE_TABLE}/routes/([^/]+)`, 'routes.createOrUpdate', true, putRoute),
  route(
    'GET',
    `${SUB}/${NET}/locations/([^/]+)/operations/([^/]+)`,
    'asyncOperations.get',
    true,
    getAsyncOperation,
  ),
  route(
    'GET',
    `${SUB}/${NET}/locations/([^/]+)/operationResults/([^/]+)`,
    'operationResults.get',
    true,
    getOperationResult,
  ),
];

function route(
  method: string,
  path: string,
  operation: string,
  subscriptionScoped: boolean,
  handler: ArmRoute['handler'],
): ArmRoute {
  // ARM paths are case-insensitive.
  return {
    method,
    pattern: new RegExp(`^${path}/?$`, 'i'),
    operation,
    subscriptionScoped,
    handler,
  };
}

function match(req: SandboxRequest): { route: ArmRoute; params: string[] } | undefined {
  for (const r of ROUTES) {
    if (r.method !== req.method) continue;
    const m = r.pattern.exec(req.path);
    if (m) return { route: r, params: m.slice(1).map(safeDecode) };
  }
  return undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export const azureService: CloudService = {
  cloud: 'azure',
  claims: (req) => req.listener === 'https',
  operation: (req) => match(req)?.route.operation ?? 'unknown',
  region: (req) => /\/locations\/([^/]+)\//i.exec(req.path)?.[1],
  handle: handleArm,
  throttled: (req, retryAfterSeconds) => {
    const kind = req.method === 'GET' ? 'reads' : req.method === 'DELETE' ? 'deletes' : 'writes';
    const sub = /^\/subscriptions\/([^/]+)/i.exec(req.path)?.[1] ?? 'unknown';
    return armError(
      429,
      'SubscriptionRequestsThrottled',
      `Number of '${kind === 'reads' ? 'read' : kind === 'deletes' ? 'delete' : 'write'}' requests for subscription '${sub}' exceeded the limit. Please try again after '${retryAfterSeconds}' seconds.`,
      {
        'retry-after': String(retryAfterSeconds),
        [`x-ms-ratelimit-remaining-subscription-${kind}`]: '0',
        'x-ms-ratelimit-remaining-tenant-reads': '0',
      },
    );
  },
  serverError: () =>
    armError(
      500,
      'InternalServerError',
      'An error occurred while processing the request. Please retry.',
    ),
};

function handleArm(req: SandboxRequest, ctx: SandboxContext): SandboxResponse {
  const state = ctx.world.azure;
  const token = bearerToken(req.headers.authorization);
  if (!token) {
    return armError(
      401,
      'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is missing.",
      {
        'www-authenticate':
          'Bearer authorization_uri="https://login.windows.net/", error="invalid_token", error_description="The authentication failed because of missing \'Authorization\' header."',
      },
    );
  }
  const tenantId = tenantOfToken(token);
  if (!tenantId) {
    return armError(
      401,
      'InvalidAuthenticationToken',
      'The access token is invalid. (The sandbox reads the tenant from a JWT "tid" claim or a "sandbox-tenant:<tenantId>" token.)',
    );
  }
  const apiVersion = req.url.searchParams.get('api-version');
  if (!apiVersion) {
    return armError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  }
  if (!/^\d{4}-\d{2}-\d{2}(-preview)?$/.test(apiVersion)) {
    return armError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${apiVersion}' is invalid. The supported versions are dates such as '2025-05-01'.`,
    );
  }
  settleAzureOperations(state, ctx.clock.now());
  const found = match(req);
  if (!found) {
    return armError(404, 'NotFound', `The sandbox serves no ARM API at ${req.method} ${req.path}.`);
  }
  try {
    if (found.route.subscriptionScoped) subscriptionOf(state, found.params[0], tenantId);
    return found.route.handler({
      req,
      ctx,
      state,
      tenantId: tenantId.toLowerCase(),
      apiVersion,
      params: found.params,
    });
  } catch (error) {
    if (error instanceof ArmRequestError) return error.toResponse();
    if (error instanceof BadJsonError)
      return armError(
        400,
        'InvalidRequestContent',
        `The request content was invalid and could not be deserialized: ${error.message}`,
      );
    throw error;
  }
}

// ---------------------------------------------------------------- lookups

function subscriptionOf(
  state: AzureState,
  subscriptionId: string,
  tenantId: string,
): AzureSubscription {
  const sub = state.subscriptions.get(key(subscriptionId));
  if (!sub)
    throw new ArmRequestError(
      404,
      'SubscriptionNotFound',
      `The subscription '${subscriptionId}' could not be found.`,
    );
  if (key(sub.tenantId) !== key(tenantId)) {
    throw new ArmRequestError(
      401,
      'InvalidAuthenticationTokenTenant',
      `The access token is from the wrong issuer 'https://sts.windows.net/${tenantId}/'. It must match the tenant 'https://sts.windows.net/${sub.tenantId}/' associated with this subscription. Please use the authority (URL) 'https://login.windows.net/${sub.tenantId}' to get the token.`,
      {
        'www-authenticate': `Bearer authorization_uri="https://login.windows.net/${sub.tenantId}", error="invalid_token", error_description="The access token is from the wrong issuer."`,
      },
    );
  }
  return sub;
}

function groupOf(
  state: AzureState,
  subscriptionId: string,
  resourceGroup: string,
): AzureResourceGroup {
  const rg = state.subscriptions.get(key(subscriptionId))?.resourceGroups.get(key(resourceGroup));
  if (!rg)
    throw new ArmRequestError(
      404,
      'ResourceGroupNotFound',
      `Resource group '${resourceGroup}' could not be found.`,
    );
  return rg;
}

function vnetOf(state: AzureState, [sub, rgName, name]: string[]): AzureVirtualNetwork {
  const rg = groupOf(state, sub, rgName);
  const vnet = rg.virtualNetworks.get(key(name));
  if (!vnet) throw resourceNotFound('Microsoft.Network/virtualNetworks', name, rgName);
  return vnet;
}

function nsgOf(state: AzureState, [sub, rgName, name]: string[]): AzureNetworkSecurityGroup {
  const rg = groupOf(state, sub, rgName);
  const nsg = rg.networkSecurityGroups.get(key(name));
  if (!nsg) throw resourceNotFound('Microsoft.Network/networkSecurityGroups', name, rgName);
  return nsg;
}

function list(value: unknown[]): SandboxResponse {
  return json(200, { value });
}

/** The request body as an object; ARM's InvalidRequestContent for anything else. */
function objectBody(req: SandboxRequest): Record<string, unknown> {
  const body = bodyJson(req);
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ArmRequestError(
      400,
      'InvalidRequestContent',
      'The request content was invalid and could not be deserialized: a JSON object is required.',
    );
  return body as Record<string, unknown>;
}

function propertiesOf(body: Record<string, unknown>): Record<string, unknown> {
  const p = body.properties;
  if (p === undefined || p === null) return {};
  if (typeof p !== 'object' || Array.isArray(p))
    throw invalidProperty('properties', 'must be an object');
  return p as Record<string, unknown>;
}

function optionalBool(props: Record<string, unknown>, name: string): boolean | undefined {
  const v = props[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw invalidProperty(`properties.${name}`, 'must be true or false');
  return v;
}

// ---------------------------------------------------------------- subscriptions and tenants

function listSubscriptions({ state, tenantId }: Ctx): SandboxResponse {
  return list(
    [...state.subscriptions.values()]
      .filter((s) => key(s.tenantId) === tenantId)
      .map(renderSubscription),
  );
}

function getSubscription({ state, params: [sub] }: Ctx): SandboxResponse {
  return json(200, renderSubscription(state.subscriptions.get(key(sub)) as AzureSubscription));
}

/** The signed-in user belongs to every sandbox tenant but Dragonfly Cloud's (home in one, guest in the others). */
function listTenants({ state }: Ctx): SandboxResponse {
  return list([...state.tenants.values()].filter((t) => t.member !== false).map(renderTenant));
}

// ---------------------------------------------------------------- Resource Graph

function resourceGraphQuery({ req, ctx, state, tenantId }: Ctx): SandboxResponse {
  if (ctx.enginesOff.has('azure-resource-graph')) return resourceGraphUnavailable(tenantId);
  return queryResources(req, state, tenantId);
}

// ---------------------------------------------------------------- virtual networks

function listAllVnets({ state, params: [sub] }: Ctx): SandboxResponse {
  const s = state.subscriptions.get(key(sub)) as AzureSubscription;
  const out: unknown[] = [];
  for (const rg of s.resourceGroups.values())
    for (const v of rg.virtualNetworks.values()) out.push(renderVnet(state, v));
  return list(out);
}

function listVnets({ state, params: [sub, rg] }: Ctx): SandboxResponse {
  return list(
    [...groupOf(state, sub, rg).virtualNetworks.values()].map((v) => renderVnet(state, v)),
  );
}

function getVnet({ state, params }: Ctx): SandboxResponse {
  return json(200, renderVnet(state, vnetOf(state, params)));
}

function lroHeaders(
  c: Ctx,
  op: ReturnType<typeof startAzureOperation>,
  withLocation: boolean,
): Record<string, string> {
  const base = c.ctx.endpoints.azure;
  const headers: Record<string, string> = {
    'azure-asyncoperation': asyncOperationUrl(base, op, c.apiVersion),
  };
  if (withLocation) headers.location = operationResultUrl(base, op, c.apiVersion);
  return headers;
}

function busy(c: Ctx, resourceId: string): void {
  const op = operationInProgress(c.state, key(resourceId));
  if (op)
    throw new ArmRequestError(
      409,
      'AnotherOperationInProgress',
      `Another operation on this or dependent resource is in progress. To retrieve status of the operation use uri: ${asyncOperationUrl(c.ctx.endpoints.azure, op, c.apiVersion)}.`,
    );
}

function addressPrefixes(raw: unknown, path: string): string[] {
  if (!Array.isArray(raw) || raw.length === 0)
    throw invalidProperty(path, 'must be a non-empty list of address prefixes');
  return raw.map((p) => {
    if (typeof p !== 'string' || !isCidr(p))
      throw badRequest(
        'InvalidAddressPrefixFormat',
        `Address prefix ${String(p)} in ${path} has an invalid format. Use CIDR notation, such as 10.0.0.0/16.`,
      );
    return parseCidr(p).text;
  });
}

/**
 * PUT virtualNetworks: creates a network or changes it (address space,
 * subnets, tags). Address space may change while peered, as Azure allows
 * since 2021; the peerings then show which side needs a sync.
 */
function putVnet(c: Ctx): SandboxResponse {
  const { state, params } = c;
  const [sub, rgName, name] = params;
  const rg = groupOf(state, sub, rgName);
  const existing = rg.virtualNetworks.get(key(name));
  const body = objectBody(c.req);
  const props = propertiesOf(body);
  const location = body.location;
  if (!existing && (typeof location !== 'string' || !location))
    throw invalidProperty('location', 'is required');
  if (existing && typeof location === 'string' && key(location) !== key(existing.location))
    throw badRequest(
      'InvalidResourceLocation',
      `The resource '${name}' already exists in location '${existing.location}' in resource group '${rgName}'. A resource with the same name cannot be created in location '${location}'. Please select a new resource name.`,
    );
  const space = props.addressSpace as { addressPrefixes?: unknown } | undefined;
  if (!space || typeof space !== 'object')
    throw invalidProperty('properties.addressSpace', 'is required');
  const prefixes = addressPrefixes(
    space.addressPrefixes,
    'properties.addressSpace.addressPrefixes',
  );

  const rawSubnets = props.subnets ?? [];
  if (!Array.isArray(rawSubnets)) throw invalidProperty('properties.subnets', 'must be a list');
  const subnets = rawSubnets.map((s, i) => {
    const sn = (s ?? {}) as {
      name?: unknown;
      properties?: {
        addressPrefix?: unknown;
        networkSecurityGroup?: { id?: unknown };
        routeTable?: { id?: unknown };
      };
    };
    if (typeof sn.name !== 'string' || !sn.name)
      throw invalidProperty(`properties.subnets[${i}].name`, 'is required');
    const prefix = sn.properties?.addressPrefix;
    if (typeof prefix !== 'string' || !isCidr(prefix))
      throw badRequest(
        'InvalidAddressPrefixFormat',
        `Subnet '${sn.name}' has an invalid address prefix ${String(prefix)}.`,
      );
    if (!prefixes.some((p) => contains(p, prefix)))
      throw badRequest(
        'NetcfgSubnetRangeOutsideVnet',
        `Subnet '${sn.name}' is not valid because its IP address range is outside the IP address range of virtual network '${name}'.`,
      );
    const nsgRef = sn.properties?.networkSecurityGroup?.id;
    const tableRef = sn.properties?.routeTable?.id;
    return {
      name: sn.name,
      addressPrefix: parseCidr(prefix).text,
      ...(typeof nsgRef === 'string' && nsgRef ? { networkSecurityGroupId: nsgRef } : {}),
      ...(typeof tableRef === 'string' && tableRef ? { routeTableId: tableRef } : {}),
    };
  });

  const id = vnetId({ subscriptionId: sub, resourceGroup: rg.name, name: existing?.name ?? name });
  if (existing) {
    busy(c, id);
    for (const peer of peeredNetworks(state, existing)) {
      const overlap = firstOverlap(prefixes, peer.addressPrefixes);
      if (overlap)
        throw badRequest(
          'VnetAddressSpaceOverlapsWithAlreadyPeeredVnet',
          `Cannot update virtual network ${id}. Its address space overlaps with the address space of virtual network ${vnetId(peer)}, which is peered with it. Overlapping address prefixes: ${overlap[0]}, ${overlap[1]}.`,
        );
    }
  }
  const tags = (
    typeof body.tags === 'object' && body.tags !== null ? body.tags : (existing?.tags ?? {})
  ) as Record<string, string>;
  const vnet: AzureVirtualNetwork = existing ?? {
    subscriptionId: state.subscriptions.get(key(sub))?.subscriptionId ?? sub,
    resourceGroup: rg.name,
    name,
    location: String(location),
    resourceGuid: c.ctx.random.uuid(),
    etag: etag(c.ctx.random),
    addressPrefixes: prefixes,
    subnets,
    peerings: new Map(),
    tags,
    provisioningState: 'Updating',
  };
  if (!existing) rg.virtualNetworks.set(key(name), vnet);
  vnet.provisioningState = 'Updating';
  const op = startAzureOperation(state, c.ctx, {
    subscriptionId: vnet.subscriptionId,
    location: vnet.location,
    resourceKey: key(id),
    apply: () => {
      vnet.addressPrefixes = prefixes;
      vnet.subnets = subnets;
      vnet.tags = tags;
      vnet.etag = etag(c.ctx.random);
      vnet.provisioningState = 'Succeeded';
      return undefined;
    },
  });
  // The answer shows the requested configuration, still Updating.
  const preview = renderVnet(state, {
    ...vnet,
    addressPrefixes: prefixes,
    subnets,
    tags,
    provisioningState: op.applied ? 'Succeeded' : 'Updating',
  });
  return json(existing ? 200 : 201, preview, lroHeaders(c, op, false));
}

// ---------------------------------------------------------------- peerings

function peeringOf(vnet: AzureVirtualNetwork, name: string): AzurePeering {
  const p = vnet.peerings.get(key(name));
  if (!p) throw childNotFound(`${vnetId(vnet)}/virtualNetworkPeerings/${name}`);
  return p;
}

function listPeerings({ state, params }: Ctx): SandboxResponse {
  const vnet = vnetOf(state, params);
  return list([...vnet.peerings.values()].map((p) => renderPeering(state, vnet, p)));
}

function getPeering({ state, params }: Ctx): SandboxResponse {
  const vnet = vnetOf(state, params);
  return json(200, renderPeering(state, vnet, peeringOf(vnet, params[3])));
}

function putPeering(c: Ctx): SandboxResponse {
  const { state, params, req } = c;
  const local = vnetOf(state, params);
  const name = params[3];
  const peeringId = `${vnetId(local)}/virtualNetworkPeerings/${name}`;
  const sync = req.url.searchParams.get('syncRemoteAddressSpace');
  if (sync !== null && sync !== 'true')
    throw badRequest(
      'InvalidParameter',
      `The value '${sync}' of query parameter 'syncRemoteAddressSpace' is invalid. The only allowed value is 'true'.`,
    );

  const body = objectBody(req);
  const props = propertiesOf(body);
  const remoteRef = props.remoteVirtualNetwork as { id?: unknown } | undefined;
  if (
    !remoteRef ||
    typeof remoteRef !== 'object' ||
    typeof remoteRef.id !== 'string' ||
    !remoteRef.id
  )
    throw invalidProperty('properties.remoteVirtualNetwork.id', 'is required');
  const remoteId = remoteRef.id;
  const parsed = parseVnetId(remoteId);
  if (!parsed)
    throw badRequest(
      'LinkedInvalidPropertyId',
      `Property id '${remoteId}' at path 'properties.remoteVirtualNetwork.id' is invalid. Expect fully qualified resource Id that start with '/subscriptions/{subscriptionId}' or '/providers/{resourceProviderNamespace}/'.`,
    );
  const flags = {
    allowVirtualNetworkAccess: optionalBool(props, 'allowVirtualNetworkAccess'),
    allowForwardedTraffic: optionalBool(props, 'allowForwardedTraffic'),
    allowGatewayTransit: optionalBool(props, 'allowGatewayTransit'),
    useRemoteGateways: optionalBool(props, 'useRemoteGateways'),
  };

  const existing = local.peerings.get(key(name));
  if (existing && !sameId(existing.remoteVirtualNetworkId, remoteId))
    throw badRequest(
      'InvalidRequestFormat',
      `Cannot update peering ${peeringId}: its remote virtual network ${existing.remoteVirtualNetworkId} cannot be changed to ${remoteId}. Delete the peering and create a new one.`,
    );
  busy(c, peeringId);

  // ARM's linked-scope check: the caller needs access to the remote network too.
  // For a network in another tenant, that takes a token for that tenant in
  // x-ms-authorization-auxiliary.
  const remoteSub = state.subscriptions.get(key(parsed.subscriptionId));
  const linkedTenants = [
    c.tenantId,
    ...auxiliaryTenants(req.headers['x-ms-authorization-auxiliary']),
  ];
  if (!remoteSub || !linkedTenants.includes(key(remoteSub.tenantId))) {
    throw new ArmRequestError(
      403,
      'LinkedAuthorizationFailed',
      `The client 'sandbox-user' with object id '00000000-0000-4000-8000-00000000a11c' has permission to perform action 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write' on scope '${peeringId}'; however, it does not have permission to perform action(s) 'Microsoft.Network/virtualNetworks/peer/action' on the linked scope(s) '${remoteId}' (respectively) or the linked scope(s) are invalid.`,
    );
  }
  const remote = findVnet(state, parsed);
  if (!remote)
    throw badRequest(
      'InvalidResourceReference',
      `Resource ${remoteId} referenced by resource ${peeringId} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
    );
  const back = reversePeering(remote, local);
  if (back && back.peeringState === 'Disconnected')
    throw badRequest(
      'RemotePeeringIsDisconnected',
      `Cannot create or update peering ${peeringId} because remote peering ${vnetId(remote)}/virtualNetworkPeerings/${back.name} referencing parent virtual network ${vnetId(local)} is in Disconnected state. Update or re-create the remote peering to get it back to Initiated state. Peering gets Disconnected when remote vnet or remote peering is deleted and re-created.`,
    );
  const overlap = firstOverlap(local.addressPrefixes, remote.addressPrefixes);
  if (overlap)
    throw badRequest(
      'VnetAddressSpacesOverlap',
      `Cannot create or update peering ${peeringId}. Virtual networks ${vnetId(local)} and ${vnetId(remote)} cannot be peered because their address spaces overlap. Overlapping address prefixes: ${overlap[0] === overlap[1] ? overlap[0] : `${overlap[0]}, ${overlap[1]}`}.`,
    );
  for (const [first, second] of [
    [local, remote],
    [remote, local],
  ] as const) {
    for (const other of peeredNetworks(state, second, first)) {
      const o = firstOverlap(first.addressPrefixes, other.addressPrefixes);
      if (o)
        throw badRequest(
          'VnetAddressSpaceOverlapsWithAlreadyPeeredVnet',
          `Cannot create or update peering ${peeringId}. Virtual networks ${vnetId(local)} and ${vnetId(remote)} cannot be peered because address space of the first virtual network overlaps with address space of virtual network ${vnetId(other)} already peered with the second virtual network. Overlapping address prefixes: ${o[0]}.`,
        );
    }
  }

  // ARM refuses remote gateways when the remote network has none (RemoteVnetHasNoGateways,
  // as quoted in hashicorp/terraform#30569 and Azure/bicep#12191).
  if ((flags.useRemoteGateways ?? existing?.useRemoteGateways) && !remote.gateways?.length)
    throw badRequest(
      'RemoteVnetHasNoGateways',
      `Peering ${peeringId} cannot have UseRemoteGateway flag set to true because remote virtual network ${vnetId(remote)} referenced by the peering does not have any gateways.`,
    );

  const peering: AzurePeering = existing ?? {
    name,
    remoteVirtualNetworkId: remoteId,
    allowVirtualNetworkAccess: flags.allowVirtualNetworkAccess ?? true,
    allowForwardedTraffic: flags.allowForwardedTraffic ?? false,
    allowGatewayTransit: flags.allowGatewayTransit ?? false,
    useRemoteGateways: flags.useRemoteGateways ?? false,
    peeringState: 'Initiated',
    syncedRemoteAddressSpace: [...remote.addressPrefixes],
    provisioningState: 'Updating',
    resourceGuid: c.ctx.random.uuid(),
    etag: etag(c.ctx.random),
  };
  if (!existing) local.peerings.set(key(name), peering);
  peering.provisioningState = 'Updating';
  const op = startAzureOperation(state, c.ctx, {
    subscriptionId: local.subscriptionId,
    location: local.location,
    resourceKey: key(peeringId),
    apply: () => {
      if (local.peerings.get(key(name)) !== peering) return undefined;
      for (const [k, v] of Object.entries(flags))
        if (v !== undefined) (peering as unknown as Record<string, boolean>)[k] = v;
      const current = findVnet(state, parsed);
      if (sync === 'true' && current)
        peering.syncedRemoteAddressSpace = [...current.addressPrefixes];
      peering.etag = etag(c.ctx.random);
      settlePeering(state, local, peering);
      return undefined;
    },
  });
  return json(existing ? 200 : 201, renderPeering(state, local, peering), lroHeaders(c, op, false));
}

function deletePeering(c: Ctx): SandboxResponse {
  const { state, params } = c;
  const local = vnetOf(state, params);
  const peering = local.peerings.get(key(params[3]));
  // ARM deletes are idempotent: a missing peering is already deleted.
  if (!peering) return { status: 204 };
  const peeringId = `${vnetId(local)}/virtualNetworkPeerings/${peering.name}`;
  busy(c, peeringId);
  peering.provisioningState = 'Deleting';
  const op = startAzureOperation(state, c.ctx, {
    subscriptionId: local.subscriptionId,
    location: local.location,
    resourceKey: key(peeringId),
    apply: () => {
      removePeering(state, local, peering);
      return undefined;
    },
  });
  return { status: 202, headers: lroHeaders(c, op, true) };
}

// ---------------------------------------------------------------- network security groups

function listAllNsgs({ state, params: [sub] }: Ctx): SandboxResponse {
  const s = state.subscriptions.get(key(sub)) as AzureSubscription;
  const out: unknown[] = [];
  for (const rg of s.resourceGroups.values())
    for (const n of rg.networkSecurityGroups.values())
      out.push(renderNsg(n, subnetsOfNsg(state, n)));
  return list(out);
}

function listNsgs({ state, params: [sub, rg] }: Ctx): SandboxResponse {
  return list(
    [...groupOf(state, sub, rg).networkSecurityGroups.values()].map((n) =>
      renderNsg(n, subnetsOfNsg(state, n)),
    ),
  );
}

function getNsg({ state, params }: Ctx): SandboxResponse {
  const nsg = nsgOf(state, params);
  return json(200, renderNsg(nsg, subnetsOfNsg(state, nsg)));
}

function listRules({ state, params }: Ctx): SandboxResponse {
  const nsg = nsgOf(state, params);
  return list([...nsg.securityRules.values()].map((r) => renderSecurityRule(nsg, r)));
}

function getRule({ state, params }: Ctx): SandboxResponse {
  const nsg = nsgOf(state, params);
  const r = nsg.securityRules.get(key(params[3]));
  if (!r) throw childNotFound(`${nsgId(nsg)}/securityRules/${params[3]}`);
  return json(200, renderSecurityRule(nsg, r));
}

const PROTOCOLS = ['Tcp', 'Udp', 'Icmp', 'Esp', 'Ah', '*'];

function putRule(c: Ctx): SandboxResponse {
  const { state, params } = c;
  const nsg = nsgOf(state, params);
  const name = params[3];
  const ruleId = `${nsgId(nsg)}/securityRules/${name}`;
  const props = propertiesOf(objectBody(c.req));

  const protocolRaw = props.protocol;
  const protocol = PROTOCOLS.find(
    (p) => typeof protocolRaw === 'string' && p.toLowerCase() === protocolRaw.toLowerCase(),
  );
  if (!protocol)
    throw badRequest(
      'SecurityRuleInvalidProtocol',
      `Security rule has invalid Protocol. Value provided: ${String(protocolRaw)}. Allowed values: ${PROTOCOLS.join(', ')}.`,
    );
  const access = oneOf(props.access, ['Allow', 'Deny'], 'access');
  const direction = oneOf(props.direction, ['Inbound', 'Outbound'], 'direction');
  const priority = props.priority;
  if (
    typeof priority !== 'number' ||
    !Number.isInteger(priority) ||
    priority < 100 ||
    priority > 4096
  )
    throw badRequest(
      'SecurityRuleInvalidPriority',
      `Security rule has invalid Priority. Value provided: ${String(priority)}. Allowed range 100-4096.`,
    );

  const sourcePorts = portField(props, 'sourcePortRange', 'sourcePortRanges');
  const destinationPorts = portField(props, 'destinationPortRange', 'destinationPortRanges');
  const sourceAddresses = addressField(props, 'sourceAddressPrefix', 'sourceAddressPrefixes');
  const destinationAddresses = addressField(
    props,
    'destinationAddressPrefix',
    'destinationAddressPrefixes',
  );
  const description = props.description;
  if (description !== undefined && typeof description !== 'string')
    throw invalidProperty('properties.description', 'must be a string');

  for (const other of nsg.securityRules.values()) {
    if (
      key(other.name) !== key(name) &&
      other.priority === priority &&
      other.direction === direction
    )
      throw badRequest(
        'SecurityRuleConflict',
        `Security rule ${name} conflicts with rule ${other.name}. Rules cannot have the same Priority and Direction. To learn more, see aka.ms/nsgrules.`,
      );
  }
  busy(c, ruleId);
  const existing = nsg.securityRules.get(key(name));
  const rule: AzureSecurityRule = {
    name: existing?.name ?? name,
    description,
    protocol,
    sourcePortRange: sourcePorts.single,
    sourcePortRanges: sourcePorts.list,
    destinationPortRange: destinationPorts.single,
    destinationPortRanges: destinationPorts.list,
    sourceAddressPrefix: sourceAddresses.single,
    sourceAddressPrefixes: sourceAddresses.list,
    destinationAddressPrefix: destinationAddresses.single,
    destinationAddressPrefixes: destinationAddresses.list,
    access,
    priority,
    direction,
    provisioningState: 'Updating',
    etag: etag(c.ctx.random),
  };
  const op = startAzureOperation(state, c.ctx, {
    subscriptionId: nsg.subscriptionId,
    location: nsg.location,
    resourceKey: key(ruleId),
    apply: () => {
      rule.provisioningState = 'Succeeded';
      nsg.securityRules.set(key(name), rule);
      nsg.etag = etag(c.ctx.random);
      return undefined;
    },
  });
  return json(
    existing ? 200 : 201,
    renderSecurityRule(nsg, op.applied ? rule : { ...rule, provisioningState: 'Updating' }),
    lroHeaders(c, op, false),
  );
}

// ---------------------------------------------------------------- route tables

function routeTableOf(state: AzureState, [sub, rgName, name]: string[]): AzureRouteTable {
  const rg = groupOf(state, sub, rgName);
  const table = rg.routeTables.get(key(name));
  if (!table) throw resourceNotFound('Microsoft.Network/routeTables', name, rgName);
  return table;
}

function listAllRouteTables({ state, params: [sub] }: Ctx): SandboxResponse {
  const s = state.subscriptions.get(key(sub)) as AzureSubscription;
  const out: unknown[] = [];
  for (const rg of s.resourceGroups.values())
    for (const t of rg.routeTables.values())
      out.push(renderRouteTable(t, subnetsOfRouteTable(state, t)));
  return list(out);
}

function listRouteTables({ state, params: [sub, rg] }: Ctx): SandboxResponse {
  return list(
    [...groupOf(state, sub, rg).routeTables.values()].map((t) =>
      renderRouteTable(t, subnetsOfRouteTable(state, t)),
    ),
  );
}

function getRouteTable({ state, params }: Ctx): SandboxResponse {
  const table = routeTableOf(state, params);
  return json(200, renderRouteTable(table, subnetsOfRouteTable(state, table)));
}

function getRoute({ state, params }: Ctx): SandboxResponse {
  const table = routeTableOf(state, params);
  const r = table.routes.get(key(params[3]));
  if (!r) throw childNotFound(`${routeTableId(table)}/routes/${params[3]}`);
  return json(200, renderRoute(table, r));
}

/**
 * PUT routes: a user-defined route. nextHopIpAddress goes with VirtualAppliance only
 * (https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview#user-defined:
 * "The IP address ... is only allowed in routes where the next hop type is Virtual appliance").
 */
function putRoute(c: Ctx): SandboxResponse {
  const { state, params } = c;
  const table = routeTableOf(state, params);
  const name = params[3];
  const id = `${routeTableId(table)}/routes/${name}`;
  const props = propertiesOf(objectBody(c.req));
  const prefix = props.addressPrefix;
  if (typeof prefix !== 'string' || !isCidr(prefix))
    throw badRequest(
      'InvalidAddressPrefixFormat',
      `Address prefix ${String(prefix)} of route ${name} has an invalid format. Use CIDR notation, such as 10.0.0.0/16.`,
    );
  const nextHopType = ROUTE_NEXT_HOP_TYPES.find(
    (t) => typeof props.nextHopType === 'string' && key(t) === key(props.nextHopType),
  );
  if (!nextHopType)
    throw invalidProperty(
      'properties.nextHopType',
      `must be one of ${ROUTE_NEXT_HOP_TYPES.join(', ')}`,
    );
  const hop = props.nextHopIpAddress;
  if (nextHopType === 'VirtualAppliance' && (typeof hop !== 'string' || !hop))
    throw invalidProperty('properties.nextHopIpAddress', 'is required for VirtualAppliance');
  if (nextHopType !== 'VirtualAppliance' && hop !== undefined && hop !== '')
    throw invalidProperty(
      'properties.nextHopIpAddress',
      'is only allowed when nextHopType is VirtualAppliance',
    );
  busy(c, id);
  const existing = table.routes.get(key(name));
  const route: AzureRoute = {
    name: existing?.name ?? name,
    addressPrefix: parseCidr(prefix).text,
    nextHopType,
    ...(nextHopType === 'VirtualAppliance' ? { nextHopIpAddress: String(hop) } : {}),
    etag: etag(c.ctx.random),
  };
  const op = startAzureOperation(state, c.ctx, {
    subscriptionId: table.subscriptionId,
    location: table.location,
    resourceKey: key(id),
    apply: () => {
      table.routes.set(key(name), route);
      table.etag = etag(c.ctx.random);
      return undefined;
    },
  });
  return json(existing ? 200 : 201, renderRoute(table, route), lroHeaders(c, op, false));
}

function oneOf<T extends string>(raw: unknown, allowed: readonly T[], field: string): T {
  const found = allowed.find(
    (a) => typeof raw === 'string' && a.toLowerCase() === raw.toLowerCase(),
  );
  if (!found)
    throw badRequest(
      'SecurityRuleParameterContainsUnsupportedValue',
      `Security rule parameter ${field[0].toUpperCase()}${field.slice(1)} contains unsupported value ${String(raw)}. Allowed values: ${allowed.join(', ')}.`,
    );
  return found;
}

function portField(
  props: Record<string, unknown>,
  single: string,
  plural: string,
): { single?: string; list: string[] } {
  const one = props[single];
  const many = props[plural];
  const values: unknown[] =
    one !== undefined && one !== null ? [one] : Array.isArray(many) ? many : [];
  if (values.length === 0)
    throw invalidProperty(`properties.${single}`, `or properties.${plural} is required`);
  for (const v of values) {
    const text = String(v);
    const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
    const ok =
      text === '*' ||
      (m !== null &&
        Number(m[1]) <= 65535 &&
        (m[2] === undefined || (Number(m[2]) <= 65535 && Number(m[2]) >= Number(m[1]))));
    if (!ok)
      throw badRequest(
        'SecurityRuleInvalidPortRange',
        `Security rule has invalid Port range. Value provided: ${text}. Value should be an integer OR integer range with '-' delimiter. Valid range 0-65535.`,
      );
  }
  return one !== undefined && one !== null
    ? { single: String(one), list: [] }
    : { list: values.map(String) };
}

/** '*', a service tag (VirtualNetwork, Internet, Storage.WestEurope, ...), an address or a CIDR block. */
function addressField(
  props: Record<string, unknown>,
  single: string,
  plural: string,
): { single?: string; list: string[] } {
  const one = props[single];
  const many = props[plural];
  const values: unknown[] =
    one !== undefined && one !== null ? [one] : Array.isArray(many) ? many : [];
  if (values.length === 0)
    throw invalidProperty(`properties.${single}`, `or properties.${plural} is required`);
  for (const v of values) {
    const text = String(v);
    const isAddress = isCidr(
      text.includes('/') ? text : text.includes(':') ? `${text}/128` : `${text}/32`,
    );
    const isTag = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)?$/.test(text);
    if (text !== '*' && !isAddress && !isTag)
      throw badRequest(
        'SecurityRuleInvalidAddressPrefix',
        `Security rule has invalid Address prefix. Value provided: ${text}.`,
      );
  }
  return one !== undefined && one !== null
    ? { single: String(one), list: [] }
    : { list: values.map(String) };
}

// ---------------------------------------------------------------- operations

function asyncOperation(c: Ctx) {
  const [sub, , id] = c.params;
  const op = c.state.operations.get(id);
  if (!op || key(op.subscriptionId) !== key(sub))
    throw new ArmRequestError(404, 'NotFound', `Operation ${id} was not found.`);
  return op;
}

function getAsyncOperation(c: Ctx): SandboxResponse {
  return json(200, renderAsyncOperation(asyncOperation(c)));
}

/** The Location URL of a DELETE: 202 while it runs, then 204 (or the failure). */
function getOperationResult(c: Ctx): SandboxResponse {
  const op = asyncOperation(c);
  if (!op.applied)
    return {
      status: 202,
      headers: { location: operationResultUrl(c.ctx.endpoints.azure, op, c.apiVersion) },
    };
  if (op.error) return armError(400, op.error.code, op.error.message);
  return { status: 204 };
}
