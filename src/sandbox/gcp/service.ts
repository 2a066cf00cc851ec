import { isCidr } from '../../model/cidr';
import { BadJsonError, bodyJson, json, type SandboxRequest, type SandboxResponse } from '../http';
import type { CloudService, SandboxContext } from '../service';
import {
  GcpRequestError,
  PEERING_IN_PROGRESS,
  alreadyExists,
  gcpError,
  invalidField,
  notFound,
  requiredField,
} from './errors';
import { listPage } from './listing';
import {
  findOperation,
  isDone,
  peeringOperationInProgress,
  renderOperation,
  settleOperations,
  startOperation,
  type NewOperation,
} from './operations';
import { exchangedRoutes, overlapError, peerOf, refreshPeeringStates } from './peerings';
import { projectRoutes, renderFirewall, renderNetwork, renderSubnetwork } from './resources';
import {
  GCE_LINK_BASE,
  RFC1035_NAME,
  networkKey,
  networkLink,
  numericId,
  parseNetworkRef,
  type GcpFirewall,
  type GcpFirewallRule,
  type GcpNetwork,
  type GcpPeering,
  type GcpProject,
  type GcpState,
} from './state';

/**
 * GCP compute v1 REST on the plain-HTTP listener, under `/compute/v1/`:
 * networks (list, get, addPeering, removePeering, updatePeering,
 * listPeeringRoutes), firewalls (list, get, insert), routes (list),
 * subnetworks (list, aggregatedList) and globalOperations (get, list, wait).
 *
 * Auth: any `Authorization: Bearer <token>` is accepted; none gives GCE's
 * 401. Throttling answers 403 `rateLimitExceeded` (domain usageLimits), which
 * is what Compute Engine documents for its per-minute rate quotas (other
 * Google APIs use 429 RESOURCE_EXHAUSTED; GCE does not).
 */

const API_ROOT = '/compute/v1';
/** How long globalOperations.wait holds the request, in real ms (GCE: up to 2 minutes). */
const WAIT_DEADLINE_MS = 2000;
const WAIT_POLL_MS = 20;

interface RouteMatch {
  req: SandboxRequest;
  ctx: SandboxContext;
  state: GcpState;
  params: string[];
}

interface GcpRoute {
  method: string;
  pattern: RegExp;
  operation: string;
  handler: (m: RouteMatch) => SandboxResponse | Promise<SandboxResponse>;
}

/** Every route starts with the project, the first parameter. */
const P = '/projects/([^/]+)';
const ROUTES: GcpRoute[] = [
  route('GET', '/global/networks', 'networks.list', listNetworks),
  route('GET', '/global/networks/([^/]+)', 'networks.get', getNetwork),
  route('POST', '/global/networks/([^/]+)/addPeering', 'networks.addPeering', addPeering),
  route('POST', '/global/networks/([^/]+)/removePeering', 'networks.removePeering', removePeering),
  route('PATCH', '/global/networks/([^/]+)/updatePeering', 'networks.updatePeering', updatePeering),
  route(
    'GET',
    '/global/networks/([^/]+)/listPeeringRoutes',
    'networks.listPeeringRoutes',
    listPeeringRoutes,
  ),
  route('GET', '/global/firewalls', 'firewalls.list', listFirewalls),
  route('POST', '/global/firewalls', 'firewalls.insert', insertFirewall),
  route('GET', '/global/firewalls/([^/]+)', 'firewalls.get', getFirewall),
  route('GET', '/global/routes', 'routes.list', listRoutes),
  route('GET', '/global/operations', 'globalOperations.list', listOperations),
  route('GET', '/global/operations/([^/]+)', 'globalOperations.get', getOperation),
  route('POST', '/global/operations/([^/]+)/wait', 'globalOperations.wait', waitOperation),
  route('GET', '/regions/([^/]+)/subnetworks', 'subnetworks.list', listSubnetworks),
  route('GET', '/aggregated/subnetworks', 'subnetworks.aggregatedList', aggregatedSubnetworks),
];

/** A route for a path under /projects/{project}; each `([^/]+)` in the path is a parameter. */
function route(
  method: string,
  path: string,
  operation: string,
  handler: GcpRoute['handler'],
): GcpRoute {
  return { method, pattern: new RegExp(`^${P}${path}$`), operation, handler };
}

function match(req: SandboxRequest): { route: GcpRoute; params: string[] } | undefined {
  const rest = req.path.slice(API_ROOT.length);
  for (const route of ROUTES) {
    if (route.method !== req.method) continue;
    const m = route.pattern.exec(rest);
    if (m) return { route, params: m.slice(1).map(safeDecode) };
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

export const gcpService: CloudService = {
  cloud: 'gcp',
  claims: (req) => req.listener === 'http' && req.path.startsWith(`${API_ROOT}/`),
  operation: (req) => match(req)?.route.operation ?? 'unknown',
  region: (req) => /\/regions\/([^/]+)\//.exec(req.path)?.[1] ?? 'global',
  handle: handleGcp,
  throttled: () =>
    gcpError(403, 'rateLimitExceeded', 'Rate Limit Exceeded', { domain: 'usageLimits' }),
  serverError: () => gcpError(503, 'backendError', 'Backend Error'),
};

async function handleGcp(req: SandboxRequest, ctx: SandboxContext): Promise<SandboxResponse> {
  const auth = req.headers.authorization;
  if (typeof auth !== 'string' || !/^Bearer\s+\S+/i.test(auth)) {
    const message =
      'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.';
    return gcpError(401, 'required', message, {
      location: 'Authorization',
      locationType: 'header',
      status: 'UNAUTHENTICATED',
    });
  }
  const state = ctx.world.gcp;
  settleOperations(state, ctx.clock.now());
  const found = match(req);
  if (!found) {
    return gcpError(
      404,
      'notFound',
      `The requested URL ${req.method} ${req.path} was not found on this server.`,
    );
  }
  try {
    return await found.route.handler({ req, ctx, state, params: found.params });
  } catch (error) {
    if (error instanceof GcpRequestError) return error.toResponse();
    if (error instanceof BadJsonError)
      return gcpError(400, 'parseError', `Invalid JSON payload received. ${error.message}`);
    throw error;
  }
}

// ---------------------------------------------------------------- helpers

function projectOf(state: GcpState, id: string): GcpProject {
  const project = state.projects.get(id);
  if (!project) throw notFound(`projects/${id}`);
  return project;
}

function networkOf(state: GcpState, projectId: string, name: string): GcpNetwork {
  const network = projectOf(state, projectId).networks.get(name);
  if (!network) throw notFound(`projects/${projectId}/global/networks/${name}`);
  return network;
}

/** Parses a JSON object body and rejects unknown fields the way Google's JSON front end does. */
function objectBody(req: SandboxRequest, allowed: readonly string[]): Record<string, unknown> {
  const body = bodyJson(req);
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new GcpRequestError(
      400,
      'parseError',
      'Invalid JSON payload received. Expected an object.',
    );
  checkKnownFields(body as Record<string, unknown>, allowed, '');
  return body as Record<string, unknown>;
}

function checkKnownFields(
  obj: Record<string, unknown>,
  allowed: readonly string[],
  prefix: string,
): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key))
      throw new GcpRequestError(
        400,
        'invalid',
        `Invalid JSON payload received. Unknown name "${key}"${prefix ? ` at '${prefix}'` : ''}: Cannot find field.`,
      );
  }
}

function optionalString(
  obj: Record<string, unknown>,
  field: string,
  path = field,
): string | undefined {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalidField(path, v, 'Must be a string.');
  return v;
}

function optionalBoolean(
  obj: Record<string, unknown>,
  field: string,
  path = field,
): boolean | undefined {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw invalidField(path, v, 'Must be a boolean.');
  return v;
}

function checkName(field: string, name: string | undefined): string {
  if (name === undefined || name === '') throw requiredField(field);
  if (!RFC1035_NAME.test(name))
    throw invalidField(
      field,
      name,
      "Must be a match of regex '(?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)'",
    );
  return name;
}

function operationResponse(
  ctx: SandboxContext,
  op: ReturnType<typeof startOperation>,
): SandboxResponse {
  return json(200, renderOperation(op, ctx.clock.now()));
}

/** A page of a compute list: its kind, id, items, the next page's token when there is one, and selfLink. */
function listResponse(
  kind: string,
  id: string,
  page: { items: unknown; nextPageToken?: string },
  selfLink: string,
): SandboxResponse {
  return json(200, {
    kind,
    id,
    items: page.items,
    ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
    selfLink,
  });
}

const PEERING_FIELDS = [
  'name',
  'network',
  'state',
  'stateDetails',
  'autoCreateRoutes',
  'exchangeSubnetRoutes',
  'exportCustomRoutes',
  'importCustomRoutes',
  'exportSubnetRoutesWithPublicIp',
  'importSubnetRoutesWithPublicIp',
  'stackType',
  'peerMtu',
] as const;

function peeringOptions(
  raw: Record<string, unknown>,
  prefix: string,
): Partial<Omit<GcpPeering, 'name' | 'peerProject' | 'peerNetwork' | 'state' | 'stateDetails'>> {
  checkKnownFields(raw, PEERING_FIELDS, prefix);
  const out: ReturnType<typeof peeringOptions> = {};
  for (const f of [
    'exchangeSubnetRoutes',
    'exportCustomRoutes',
    'importCustomRoutes',
    'exportSubnetRoutesWithPublicIp',
    'importSubnetRoutesWithPublicIp',
  ] as const) {
    const v = optionalBoolean(raw, f, `${prefix}.${f}`);
    if (v !== undefined) out[f] = v;
  }
  const stack = optionalString(raw, 'stackType', `${prefix}.stackType`);
  if (stack !== undefined) {
    if (stack !== 'IPV4_ONLY' && stack !== 'IPV4_IPV6')
      throw invalidField(`${prefix}.stackType`, stack, 'Must be one of IPV4_ONLY, IPV4_IPV6.');
    out.stackType = stack;
  }
  if (out.exchangeSubnetRoutes === false)
    throw invalidField(
      `${prefix}.exchangeSubnetRoutes`,
      'false',
      'exchangeSubnetRoutes must be true: subnet routes are always exchanged between peered networks.',
    );
  return out;
}

// ---------------------------------------------------------------- networks

function listNetworks({ req, state, params: [projectId] }: RouteMatch): SandboxResponse {
  const project = projectOf(state, projectId);
  const all = [...project.networks.values()].map(renderNetwork);
  const page = listPage(all, req.url.searchParams, 'networks');
  return listResponse(
    'compute#networkList',
    `projects/${projectId}/global/networks`,
    page,
    `${GCE_LINK_BASE}/projects/${projectId}/global/networks`,
  );
}

function getNetwork({ state, params: [projectId, name] }: RouteMatch): SandboxResponse {
  return json(200, renderNetwork(networkOf(state, projectId, name)));
}

function addPeering({ req, ctx, state, params: [projectId, name] }: RouteMatch): SandboxResponse {
  const body = objectBody(req, ['name', 'peerNetwork', 'autoCreateRoutes', 'networkPeering']);
  const local = networkOf(state, projectId, name);
  const rawPeering = body.networkPeering;
  if (
    rawPeering !== undefined &&
    (typeof rawPeering !== 'object' || rawPeering === null || Array.isArray(rawPeering))
  )
    throw invalidField('networkPeering', rawPeering, 'Must be an object.');
  const nested = (rawPeering ?? undefined) as Record<string, unknown> | undefined;
  const options = nested ? peeringOptions(nested, 'networkPeering') : {};

  const topName = optionalString(body, 'name');
  const nestedName = nested ? optionalString(nested, 'name', 'networkPeering.name') : undefined;
  if (topName && nestedName && topName !== nestedName)
    throw invalidField('name', topName, `It must match networkPeering.name ('${nestedName}').`);
  const peeringName = checkName('name', topName ?? nestedName);

  const topPeer = optionalString(body, 'peerNetwork');
  const nestedPeer = nested
    ? optionalString(nested, 'network', 'networkPeering.network')
    : undefined;
  const peerText = topPeer ?? nestedPeer;
  if (!peerText) throw requiredField(nested ? 'networkPeering.network' : 'peerNetwork');
  const peerRef = parseNetworkRef(peerText, projectId);
  if (!peerRef)
    throw invalidField(
      topPeer ? 'peerNetwork' : 'networkPeering.network',
      peerText,
      'Must be a network URL such as projects/PROJECT/global/networks/NETWORK.',
    );

  // The older form needs autoCreateRoutes=true; the networkPeering form needs exchangeSubnetRoutes=true.
  const autoCreate = optionalBoolean(body, 'autoCreateRoutes');
  if (!nested && autoCreate !== true)
    throw invalidField(
      'autoCreateRoutes',
      String(autoCreate ?? false),
      'autoCreateRoutes must be true, or give networkPeering with exchangeSubnetRoutes=true.',
    );
  if (nested && options.exchangeSubnetRoutes !== true)
    throw invalidField(
      'networkPeering.exchangeSubnetRoutes',
      String(options.exchangeSubnetRoutes ?? false),
      'exchangeSubnetRoutes must be true.',
    );

  const peer = networkOf(state, peerRef.project, peerRef.network);
  if (peer === local)
    throw invalidField('peerNetwork', peerText, 'A network cannot be peered with itself.');
  const localKey = networkKey(local.project, local.name);
  const peerKey = networkKey(peer.project, peer.name);
  if (peeringOperationInProgress(state, [localKey, peerKey]))
    throw new GcpRequestError(400, 'badRequest', PEERING_IN_PROGRESS);
  if (local.peerings.some((p) => p.name === peeringName))
    throw new GcpRequestError(
      400,
      'invalid',
      `There is already a peering named '${peeringName}' on network '${local.name}'. Peering names must be unique within a network.`,
    );
  const samePeer = local.peerings.find((p) => peerOf(p) === peerKey);
  if (samePeer)
    throw new GcpRequestError(
      400,
      'invalid',
      `There is already a peering ${samePeer.name} with the same network. Select another network.`,
    );

  return startNetworkOperation(req, ctx, state, local, peerKey, 'addPeering', (at) => {
    const overlap = overlapError(local, peer);
    if (overlap) return overlap;
    local.peerings.push({
      name: peeringName,
      peerProject: peer.project,
      peerNetwork: peer.name,
      exchangeSubnetRoutes: true,
      exportCustomRoutes: options.exportCustomRoutes ?? false,
      importCustomRoutes: options.importCustomRoutes ?? false,
      exportSubnetRoutesWithPublicIp: options.exportSubnetRoutesWithPublicIp ?? true,
      importSubnetRoutesWithPublicIp: options.importSubnetRoutesWithPublicIp ?? false,
      stackType: options.stackType ?? 'IPV4_ONLY',
      state: 'INACTIVE',
      stateDetails: '',
    });
    refreshPeeringStates(state, [local, peer], at);
    return undefined;
  });
}

/**
 * Starts a peering operation on a network (addPeering, removePeering,
 * updatePeering): it locks both networks until done, and answers with the
 * operation.
 */
function startNetworkOperation(
  req: SandboxRequest,
  ctx: SandboxContext,
  state: GcpState,
  local: GcpNetwork,
  peerKey: string,
  operationType: string,
  apply: NonNullable<NewOperation['apply']>,
): SandboxResponse {
  const op = startOperation(state, ctx, {
    project: local.project,
    operationType,
    targetLink: networkLink(local.project, local.name),
    targetId: local.id,
    lockedNetworks: [networkKey(local.project, local.name), peerKey],
    requestId: req.url.searchParams.get('requestId') ?? undefined,
    apply,
  });
  return operationResponse(ctx, op);
}

function findPeering(network: GcpNetwork, name: string): GcpPeering {
  const peering = network.peerings.find((p) => p.name === name);
  if (!peering)
    throw notFound(`projects/${network.project}/global/networks/${network.name}/peerings/${name}`);
  return peering;
}

function removePeering({
  req,
  ctx,
  state,
  params: [projectId, name],
}: RouteMatch): SandboxResponse {
  const body = objectBody(req, ['name']);
  const local = networkOf(state, projectId, name);
  const peeringName = checkName('name', optionalString(body, 'name'));
  const peering = findPeering(local, peeringName);
  const localKey = networkKey(local.project, local.name);
  const peerKey = peerOf(peering);
  if (peeringOperationInProgress(state, [localKey, peerKey]))
    throw new GcpRequestError(400, 'badRequest', PEERING_IN_PROGRESS);
  return startNetworkOperation(req, ctx, state, local, peerKey, 'removePeering', (at) => {
    const peer = state.projects.get(peering.peerProject)?.networks.get(peering.peerNetwork);
    local.peerings = local.peerings.filter((p) => p !== peering);
    refreshPeeringStates(state, peer ? [local, peer] : [local], at);
    return undefined;
  });
}

function updatePeering({
  req,
  ctx,
  state,
  params: [projectId, name],
}: RouteMatch): SandboxResponse {
  const body = objectBody(req, ['networkPeering']);
  const local = networkOf(state, projectId, name);
  const raw = body.networkPeering;
  if (raw === undefined || raw === null) throw requiredField('networkPeering');
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw invalidField('networkPeering', raw, 'Must be an object.');
  const nested = raw as Record<string, unknown>;
  const options = peeringOptions(nested, 'networkPeering');
  const peeringName = checkName(
    'networkPeering.name',
    optionalString(nested, 'name', 'networkPeering.name'),
  );
  const peering = findPeering(local, peeringName);
  const newPeer = optionalString(nested, 'network', 'networkPeering.network');
  if (newPeer !== undefined) {
    const ref = parseNetworkRef(newPeer, projectId);
    if (!ref || networkKey(ref.project, ref.network) !== peerOf(peering))
      throw invalidField(
        'networkPeering.network',
        newPeer,
        'The peer network of a peering cannot be changed.',
      );
  }
  const localKey = networkKey(local.project, local.name);
  const peerKey = peerOf(peering);
  if (peeringOperationInProgress(state, [localKey, peerKey]))
    throw new GcpRequestError(400, 'badRequest', PEERING_IN_PROGRESS);
  return startNetworkOperation(req, ctx, state, local, peerKey, 'updatePeering', () => {
    Object.assign(peering, options);
    return undefined;
  });
}

function listPeeringRoutes({ req, state, params: [projectId, name] }: RouteMatch): SandboxResponse {
  const local = networkOf(state, projectId, name);
  const q = req.url.searchParams;
  const direction = q.get('direction');
  if (!direction) throw requiredField('direction');
  if (direction !== 'INCOMING' && direction !== 'OUTGOING')
    throw invalidField('direction', direction, 'Must be one of INCOMING, OUTGOING.');
  const peeringName = q.get('peeringName');
  if (!peeringName) throw requiredField('peeringName');
  const region = q.get('region');
  if (!region) throw requiredField('region');
  const peering = local.peerings.find((p) => p.name === peeringName);
  if (!peering)
    throw invalidField(
      'peeringName',
      peeringName,
      `No peering with this name exists on network '${local.name}'.`,
    );
  const staticRoutes = (n: GcpNetwork) =>
    [...(state.projects.get(n.project)?.routes.values() ?? [])].filter(
      (r) => r.network === networkLink(n.project, n.name),
    );
  const all = exchangedRoutes(state, local, peering, direction, region, staticRoutes).map((r) => ({
    ...r,
  }));
  const page = listPage(all, q, 'peeringRoutes');
  return listResponse(
    'compute#exchangedPeeringRoutesList',
    `projects/${projectId}/global/networks/${name}/listPeeringRoutes`,
    page,
    `${networkLink(projectId, name)}/listPeeringRoutes`,
  );
}

// ---------------------------------------------------------------- firewalls

const FIREWALL_FIELDS = [
  'kind',
  'id',
  'creationTimestamp',
  'name',
  'description',
  'network',
  'priority',
  'sourceRanges',
  'destinationRanges',
  'sourceTags',
  'targetTags',
  'sourceServiceAccounts',
  'targetServiceAccounts',
  'allowed',
  'denied',
  'direction',
  'logConfig',
  'disabled',
  'selfLink',
] as const;

const PROTOCOLS = ['tcp', 'udp', 'icmp', 'esp', 'ah', 'ipip', 'sctp', 'all'];

function listFirewalls({ req, state, params: [projectId] }: RouteMatch): SandboxResponse {
  const project = projectOf(state, projectId);
  const page = listPage(
    [...project.firewalls.values()].map(renderFirewall),
    req.url.searchParams,
    'firewalls',
  );
  return listResponse(
    'compute#firewallList',
    `projects/${projectId}/global/firewalls`,
    page,
    `${GCE_LINK_BASE}/projects/${projectId}/global/firewalls`,
  );
}

function getFirewall({ state, params: [projectId, name] }: RouteMatch): SandboxResponse {
  const fw = projectOf(state, projectId).firewalls.get(name);
  if (!fw) throw notFound(`projects/${projectId}/global/firewalls/${name}`);
  return json(200, renderFirewall(fw));
}

function insertFirewall({ req, ctx, state, params: [projectId] }: RouteMatch): SandboxResponse {
  const project = projectOf(state, projectId);
  const body = objectBody(req, FIREWALL_FIELDS);
  const name = checkName('resource.name', optionalString(body, 'name', 'resource.name'));
  const link = `${GCE_LINK_BASE}/projects/${projectId}/global/firewalls/${name}`;
  const pendingInsert = state.pending.some(
    (op) => op.operationType === 'insert' && op.targetLink === link,
  );
  if (project.firewalls.has(name) || pendingInsert)
    throw alreadyExists(`projects/${projectId}/global/firewalls/${name}`);

  const networkText =
    optionalString(body, 'network', 'resource.network') ?? 'global/networks/default';
  const ref = parseNetworkRef(networkText, projectId);
  if (!ref) throw invalidField('resource.network', networkText, 'Must be a network URL.');
  if (ref.project !== projectId)
    throw invalidField(
      'resource.network',
      networkText,
      'The network must be in the same project as the firewall.',
    );
  const network = networkOf(state, ref.project, ref.network);

  const direction = optionalString(body, 'direction', 'resource.direction') ?? 'INGRESS';
  if (direction !== 'INGRESS' && direction !== 'EGRESS')
    throw invalidField('resource.direction', direction, 'Must be one of INGRESS, EGRESS.');
  const priorityRaw = body.priority ?? 1000;
  const priority = typeof priorityRaw === 'string' ? Number(priorityRaw) : priorityRaw;
  if (
    typeof priority !== 'number' ||
    !Number.isInteger(priority) ||
    priority < 0 ||
    priority > 65535
  )
    throw invalidField('resource.priority', priorityRaw, 'Must be an integer from 0 to 65535.');

  const allowed = firewallRules(body.allowed, 'resource.allowed');
  const denied = firewallRules(body.denied, 'resource.denied');
  if (allowed.length > 0 === denied.length > 0)
    throw new GcpRequestError(
      400,
      'invalid',
      'Exactly one of allowed or denied must be specified.',
    );

  const sourceRanges = rangeList(body.sourceRanges, 'resource.sourceRanges');
  const destinationRanges = rangeList(body.destinationRanges, 'resource.destinationRanges');
  const sourceTags = stringList(body.sourceTags, 'resource.sourceTags');
  const targetTags = stringList(body.targetTags, 'resource.targetTags');
  if (direction === 'EGRESS' && (sourceTags.length || sourceRanges.length))
    throw invalidField(
      'resource.sourceRanges',
      sourceRanges.join(','),
      'EGRESS rules cannot have source ranges or tags.',
    );
  const effectiveSources =
    direction === 'INGRESS' && !sourceRanges.length && !sourceTags.length
      ? ['0.0.0.0/0']
      : sourceRanges;

  const firewall: GcpFirewall = {
    id: numericId(ctx.random),
    project: projectId,
    name,
    description: optionalString(body, 'description', 'resource.description') ?? '',
    network: networkLink(network.project, network.name),
    priority,
    direction,
    sourceRanges: effectiveSources,
    destinationRanges:
      direction === 'EGRESS' && !destinationRanges.length ? ['0.0.0.0/0'] : destinationRanges,
    sourceTags,
    targetTags,
    allowed,
    denied,
    disabled: optionalBoolean(body, 'disabled', 'resource.disabled') ?? false,
    creationTimestamp: ctx.clock.iso(),
  };
  const op = startOperation(state, ctx, {
    project: projectId,
    operationType: 'insert',
    targetLink: link,
    targetId: firewall.id,
    requestId: req.url.searchParams.get('requestId') ?? undefined,
    apply: () => {
      if (!project.networks.has(network.name))
        return {
          code: 'RESOURCE_NOT_FOUND',
          message: `The resource 'projects/${projectId}/global/networks/${network.name}' was not found`,
          httpStatus: 404,
          httpMessage: 'NOT FOUND',
        };
      project.firewalls.set(name, firewall);
      return undefined;
    },
  });
  return operationResponse(ctx, op);
}

function firewallRules(raw: unknown, field: string): GcpFirewallRule[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw invalidField(field, raw, 'Must be a list.');
  return raw.map((item, i) => {
    if (typeof item !== 'object' || item === null)
      throw invalidField(`${field}[${i}]`, item, 'Must be an object.');
    const rule = item as Record<string, unknown>;
    checkKnownFields(rule, ['IPProtocol', 'ports'], `${field}[${i}]`);
    const protocol = rule.IPProtocol;
    if (typeof protocol !== 'string' || !protocol) throw requiredField(`${field}[${i}].IPProtocol`);
    const numeric = /^\d{1,3}$/.test(protocol) && Number(protocol) <= 255;
    if (!PROTOCOLS.includes(protocol) && !numeric)
      throw invalidField(
        `${field}[${i}].IPProtocol`,
        protocol,
        `Must be one of ${PROTOCOLS.join(', ')} or an IP protocol number.`,
      );
    const ports = stringList(rule.ports, `${field}[${i}].ports`);
    if (ports.length && !['tcp', 'udp', 'sctp'].includes(protocol))
      throw invalidField(
        `${field}[${i}].ports`,
        ports.join(','),
        'Ports can only be specified for tcp, udp and sctp.',
      );
    for (const p of ports) {
      const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(p);
      if (
        !m ||
        Number(m[1]) > 65535 ||
        (m[2] !== undefined && (Number(m[2]) > 65535 || Number(m[2]) < Number(m[1])))
      )
        throw invalidField(
          `${field}[${i}].ports`,
          p,
          'Each port must be a number 0-65535 or a range such as 8000-8080.',
        );
    }
    return ports.length ? { IPProtocol: protocol, ports } : { IPProtocol: protocol };
  });
}

function stringList(raw: unknown, field: string): string[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || raw.some((v) => typeof v !== 'string'))
    throw invalidField(field, raw, 'Must be a list of strings.');
  return raw as string[];
}

function rangeList(raw: unknown, field: string): string[] {
  const list = stringList(raw, field);
  for (const r of list) {
    const asCidr = r.includes('/') ? r : /:/.test(r) ? `${r}/128` : `${r}/32`;
    if (!isCidr(asCidr))
      throw invalidField(field, r, 'Must be a valid IPv4 or IPv6 address or CIDR range.');
  }
  return list;
}

// ---------------------------------------------------------------- routes and subnetworks

function listRoutes({ req, state, params: [projectId] }: RouteMatch): SandboxResponse {
  const project = projectOf(state, projectId);
  const page = listPage(projectRoutes(state, project), req.url.searchParams, 'routes');
  return listResponse(
    'compute#routeList',
    `projects/${projectId}/global/routes`,
    page,
    `${GCE_LINK_BASE}/projects/${projectId}/global/routes`,
  );
}

function allSubnetworks(project: GcpProject): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const n of project.networks.values())
    n.subnetworks.forEach((_, i) => out.push(renderSubnetwork(n, i)));
  return out.sort((a, b) => String(a.name).localeCompare(String(b.name)));
}

function listSubnetworks({ req, state, params: [projectId, region] }: RouteMatch): SandboxResponse {
  const project = projectOf(state, projectId);
  const regionLink = `${GCE_LINK_BASE}/projects/${projectId}/regions/${region}`;
  const inRegion = allSubnetworks(project).filter((s) => s.region === regionLink);
  const page = listPage(inRegion, req.url.searchParams, 'subnetworks');
  return listResponse(
    'compute#subnetworkList',
    `projects/${projectId}/regions/${region}/subnetworks`,
    page,
    `${regionLink}/subnetworks`,
  );
}

function aggregatedSubnetworks({ req, state, params: [projectId] }: RouteMatch): SandboxResponse {
  const project = projectOf(state, projectId);
  const page = listPage(allSubnetworks(project), req.url.searchParams, 'aggregatedSubnetworks');
  const items: Record<string, { subnetworks: Record<string, unknown>[] }> = {};
  for (const s of page.items) {
    const key = `regions/${String(s.region).split('/').pop()}`;
    (items[key] ??= { subnetworks: [] }).subnetworks.push(s);
  }
  return listResponse(
    'compute#subnetworkAggregatedList',
    `projects/${projectId}/aggregated/subnetworks`,
    { items, nextPageToken: page.nextPageToken },
    `${GCE_LINK_BASE}/projects/${projectId}/aggregated/subnetworks`,
  );
}

// ---------------------------------------------------------------- operations

function operationOf(state: GcpState, projectId: string, name: string) {
  projectOf(state, projectId);
  const op = findOperation(state, projectId, name);
  if (!op) throw notFound(`projects/${projectId}/global/operations/${name}`);
  return op;
}

function getOperation({ ctx, state, params: [projectId, name] }: RouteMatch): SandboxResponse {
  return json(200, renderOperation(operationOf(state, projectId, name), ctx.clock.now()));
}

function listOperations({ req, ctx, state, params: [projectId] }: RouteMatch): SandboxResponse {
  const project = projectOf(state, projectId);
  const now = ctx.clock.now();
  const page = listPage(
    [...project.operations.values()].map((op) => renderOperation(op, now)),
    req.url.searchParams,
    'operations',
  );
  return listResponse(
    'compute#operationList',
    `projects/${projectId}/global/operations`,
    page,
    `${GCE_LINK_BASE}/projects/${projectId}/global/operations`,
  );
}

/**
 * globalOperations.wait: holds the request until the operation is DONE or a
 * deadline passes, then returns it (possibly still RUNNING), as GCE does.
 * The sandbox clock is re-read while waiting, so advancing it ends the wait.
 */
async function waitOperation({
  ctx,
  state,
  params: [projectId, name],
}: RouteMatch): Promise<SandboxResponse> {
  const op = operationOf(state, projectId, name);
  const deadline = Date.now() + WAIT_DEADLINE_MS;
  for (;;) {
    // The world may be reset while waiting; read the current GCP state each round.
    settleOperations(ctx.world.gcp, ctx.clock.now());
    if (isDone(op, ctx.clock.now()) || Date.now() >= deadline) break;
    const remaining = Math.min(op.doneAt - ctx.clock.now(), deadline - Date.now());
    await sleep(Math.max(1, Math.min(WAIT_POLL_MS, remaining)));
  }
  return json(200, renderOperation(op, ctx.clock.now()));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
