import { isPrivate } from '../../model/cidr';
import { type SandboxRequest, type SandboxResponse, json } from '../http';
import { isJsonObject, jsonObjectBody } from '../rest/jsonBody';
import {
  headerValue,
  RestFault,
  restService,
  route,
  type RestCall,
  type RestRoute,
} from '../rest/routing';
import type { CloudService } from '../service';
import {
  UPCLOUD_SHARED_OWNER,
  UPCLOUD_ZONES,
  upcloudAddNetwork,
  upcloudAddPeering,
  upcloudAddRouter,
  upcloudAuthenticate,
  upcloudNetworkBlock,
  upcloudOverlap,
  upcloudPeeringState,
  upcloudRemoveNetwork,
  type UpcloudAccount,
  type UpcloudIpNetwork,
  type UpcloudLabel,
  type UpcloudNetwork,
  type UpcloudState,
} from './state';
import { networkJson, peeringJson, routerJson, serverJson, upcloudError } from './wire';

/**
 * UpCloud API 1.3 (https://developers.upcloud.com/1.3/), served under
 * `/upcloud/1.3`: networks, routers and network peerings.
 *
 * Error codes are UpCloud's own (upcloud-go-api's error_codes.go lists
 * PEERING_NOT_FOUND, LOCAL_NETWORK_NO_ROUTER, PEER_NETWORK_NOT_FOUND,
 * PEERING_CONFLICT and PEERING_NOT_DISABLED next to the classic network ones),
 * in the classic `{"error":{"error_code","error_message"}}` body.
 */

const PREFIX = '/upcloud/1.3';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface UpcloudCall extends RestCall<UpcloudState> {
  account: UpcloudAccount;
  now: number;
}

/** Thrown by handlers to answer with an UpCloud error, which carries a code besides the message. */
class UpcloudFault extends RestFault {
  constructor(
    status: number,
    readonly code: string,
    message: string,
  ) {
    super(status, message);
  }
}

const ROUTES: RestRoute<UpcloudCall>[] = [
  route('GET', '/network', 'network.list', listNetworks),
  route('POST', '/network', 'network.create', createNetwork),
  route('GET', '/network/:uuid', 'network.get', getNetwork),
  route('PUT', '/network/:uuid', 'network.modify', modifyNetwork),
  route('DELETE', '/network/:uuid', 'network.delete', deleteNetwork),
  route('GET', '/server', 'server.list', listServers),
  route('GET', '/router', 'router.list', listRouters),
  route('POST', '/router', 'router.create', createRouter),
  route('GET', '/router/:uuid', 'router.get', getRouter),
  route('DELETE', '/router/:uuid', 'router.delete', deleteRouter),
  route('GET', '/network-peering', 'networkPeering.list', listPeerings),
  route('POST', '/network-peering', 'networkPeering.create', createPeering),
  route('GET', '/network-peering/:uuid', 'networkPeering.get', getPeering),
  route('PATCH', '/network-peering/:uuid', 'networkPeering.modify', modifyPeering),
  route('DELETE', '/network-peering/:uuid', 'networkPeering.delete', deletePeering),
];

export const upcloudService: CloudService = restService({
  cloud: 'upcloud',
  root: '/upcloud',
  base: PREFIX,
  routes: ROUTES,
  region: (req) => req.url.searchParams.get('zone') ?? undefined,
  authenticate(req, ctx) {
    const state = ctx.world.upcloud;
    const account = upcloudAuthenticate(state, headerValue(req, 'authorization'));
    if (!account) {
      return {
        refusal: upcloudError(
          401,
          'AUTHENTICATION_FAILED',
          'Authentication failed using the given username and password, or API token.',
          { 'www-authenticate': 'Basic realm="UpCloud API"' },
        ),
      };
    }
    return { call: { req, ctx, state, account, now: ctx.clock.now() } };
  },
  fault: {
    type: UpcloudFault,
    render: (fault) => upcloudError(fault.status, fault.code, fault.message),
  },
  noApi: (req) =>
    upcloudError(404, 'NOT_FOUND', `No UpCloud API at ${req.path}; the base is /1.3.`),
  notFound: (req) => upcloudError(404, 'NOT_FOUND', `The resource ${req.path} does not exist.`),
  methodNotAllowed: (req) =>
    upcloudError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${req.path}.`),
  throttled: () =>
    upcloudError(
      429,
      'TOO_MANY_REQUESTS',
      'Too many requests: the API rate limit was exceeded. Retry later.',
    ),
  serverError: () =>
    upcloudError(500, 'INTERNAL_SERVER_ERROR', 'An internal error occurred. Try again later.'),
});

// ---------------------------------------------------------------------------
// Request bodies

/** Reads `{"<wrapper>": {...}}` and returns the inner object, or throws an UpcloudFault. */
function wrappedBody(req: SandboxRequest, wrapper: string): Record<string, unknown> {
  const notWrapped = () =>
    new UpcloudFault(
      400,
      'INVALID_REQUEST',
      `The request body must be a JSON object {"${wrapper}": {...}}.`,
    );
  const body = jsonObjectBody(req, {
    invalidJson: (excerpt) =>
      new UpcloudFault(400, 'INVALID_REQUEST', `The request body is not valid JSON: ${excerpt}`),
    notAnObject: notWrapped,
  });
  const inner = body[wrapper];
  if (!isJsonObject(inner)) throw notWrapped();
  return inner;
}

function rejectUnknown(obj: Record<string, unknown>, allowed: string[], where: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      throw new UpcloudFault(
        400,
        'UNKNOWN_ATTRIBUTE',
        `Unknown attribute ${where}.${key}; allowed: ${allowed.join(', ')}.`,
      );
    }
  }
}

function parseLabels(value: unknown, where: string): UpcloudLabel[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new UpcloudFault(
      400,
      'LABELS_INVALID',
      `${where}.labels must be an array of {key, value}.`,
    );
  }
  const seen = new Set<string>();
  return value.map((label, i) => {
    if (!isJsonObject(label) || typeof label.key !== 'string' || typeof label.value !== 'string') {
      throw new UpcloudFault(
        400,
        'LABELS_INVALID',
        `${where}.labels[${i}] must be an object with string key and value.`,
      );
    }
    if (!/^[a-zA-Z0-9_][a-zA-Z0-9_-]{1,31}$/.test(label.key)) {
      throw new UpcloudFault(
        400,
        'INVALID_LABEL_KEY',
        `${where}.labels[${i}].key must be 2-32 characters of letters, digits, _ and -, not starting with -.`,
      );
    }
    if (label.value.length > 255) {
      throw new UpcloudFault(
        400,
        'INVALID_LABEL_VALUE',
        `${where}.labels[${i}].value must be at most 255 characters.`,
      );
    }
    if (seen.has(label.key)) {
      throw new UpcloudFault(
        400,
        'DUPLICATE_LABEL_KEYS',
        `${where}.labels has the key "${label.key}" twice.`,
      );
    }
    seen.add(label.key);
    return { key: label.key, value: label.value };
  });
}

function checkName(value: unknown, field: string, code: string): string {
  if (value === undefined || value === null || value === '') {
    throw new UpcloudFault(400, `${code}_MISSING`, `${field} is required (1-255 characters).`);
  }
  if (typeof value !== 'string' || value.length > 255 || value.trim() === '') {
    throw new UpcloudFault(
      400,
      `${code}_INVALID`,
      `${field} must be a string of 1-255 characters.`,
    );
  }
  return value;
}

// ---------------------------------------------------------------------------
// Networks

function visibleNetwork(call: UpcloudCall, uuid: string): UpcloudNetwork {
  const network = call.state.networks.get(uuid);
  if (
    !network ||
    (network.owner !== call.account.username && network.owner !== UPCLOUD_SHARED_OWNER)
  ) {
    throw new UpcloudFault(404, 'NETWORK_NOT_FOUND', `The network ${uuid} does not exist.`);
  }
  return network;
}

function ownNetwork(call: UpcloudCall, uuid: string): UpcloudNetwork {
  const network = visibleNetwork(call, uuid);
  if (network.owner !== call.account.username) {
    throw new UpcloudFault(
      403,
      'NETWORK_FORBIDDEN',
      `The network ${uuid} is a ${network.type} network; only your private networks can be changed.`,
    );
  }
  return network;
}

function listNetworks(call: UpcloudCall): SandboxResponse {
  const zone = call.req.url.searchParams.get('zone');
  if (zone !== null && !(UPCLOUD_ZONES as readonly string[]).includes(zone)) {
    throw new UpcloudFault(404, 'ZONE_NOT_FOUND', `The zone ${zone} does not exist.`);
  }
  const networks = [...call.state.networks.values()].filter(
    (n) =>
      (n.owner === call.account.username || n.owner === UPCLOUD_SHARED_OWNER) &&
      (zone === null || n.zone === zone),
  );
  const servers = ownServers(call);
  return json(200, { networks: { network: networks.map((n) => networkJson(n, servers)) } });
}

function getNetwork(call: UpcloudCall, [uuid]: string[]): SandboxResponse {
  return json(200, { network: networkJson(visibleNetwork(call, uuid), ownServers(call)) });
}

function ownServers(call: UpcloudCall) {
  return [...call.state.servers.values()].filter((s) => s.owner === call.account.username);
}

/** GET /1.3/server: the account's servers in every zone. */
function listServers(call: UpcloudCall): SandboxResponse {
  return json(200, { servers: { server: ownServers(call).map(serverJson) } });
}

function parseIpNetworks(value: unknown, where: string): UpcloudIpNetwork[] {
  if (!isJsonObject(value) || !Array.isArray(value.ip_network) || value.ip_network.length === 0) {
    throw new UpcloudFault(
      400,
      'IP_NETWORKS_MISSING',
      `${where}.ip_networks must be {"ip_network": [{address, family, dhcp}, ...]} with at least one entry.`,
    );
  }
  return value.ip_network.map((entry: unknown, i: number) => {
    const at = `${where}.ip_networks.ip_network[${i}]`;
    if (!isJsonObject(entry))
      throw new UpcloudFault(400, 'IP_NETWORK_INVALID', `${at} must be an object.`);
    if (typeof entry.address !== 'string' || entry.address === '') {
      throw new UpcloudFault(
        400,
        'ADDRESS_MISSING',
        `${at}.address is required, e.g. 10.0.0.0/24.`,
      );
    }
    const family = entry.family ?? 'IPv4';
    if (family !== 'IPv4' && family !== 'IPv6') {
      throw new UpcloudFault(400, 'FAMILY_INVALID', `${at}.family must be IPv4 or IPv6.`);
    }
    let block: string;
    try {
      block = upcloudNetworkBlock(entry.address);
    } catch {
      throw new UpcloudFault(
        400,
        'ADDRESS_INVALID',
        `${at}.address "${entry.address}" is not a CIDR block such as 10.0.0.0/24.`,
      );
    }
    const blockFamily = block.includes(':') ? 'IPv6' : 'IPv4';
    if (blockFamily !== family) {
      throw new UpcloudFault(
        400,
        'ADDRESS_INVALID',
        `${at}.address "${entry.address}" is not an ${family} block.`,
      );
    }
    if (!isPrivate(block)) {
      throw new UpcloudFault(
        400,
        'ADDRESS_INVALID',
        `${at}.address must be a private range (RFC 1918, RFC 6598 or IPv6 ULA), got ${entry.address}.`,
      );
    }
    const dhcp = entry.dhcp ?? 'yes';
    if (dhcp !== 'yes' && dhcp !== 'no') {
      throw new UpcloudFault(400, 'DHCP_INVALID', `${at}.dhcp must be "yes" or "no".`);
    }
    const ip: UpcloudIpNetwork = {
      address: entry.address,
      dhcp,
      dhcp_default_route: entry.dhcp_default_route === 'yes' ? 'yes' : 'no',
      family,
    };
    if (Array.isArray(entry.dhcp_dns))
      ip.dhcp_dns = entry.dhcp_dns.filter((d): d is string => typeof d === 'string');
    if (Array.isArray(entry.dhcp_routes))
      ip.dhcp_routes = entry.dhcp_routes.filter((d): d is string => typeof d === 'string');
    if (typeof entry.gateway === 'string') ip.gateway = entry.gateway;
    return ip;
  });
}

function checkRouter(call: UpcloudCall, value: unknown, where: string): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !UUID_RE.test(value)) {
    throw new UpcloudFault(400, 'ROUTER_INVALID', `${where}.router must be a router UUID or null.`);
  }
  const router = call.state.routers.get(value);
  if (!router || router.owner !== call.account.username) {
    throw new UpcloudFault(404, 'ROUTER_NOT_FOUND', `The router ${value} does not exist.`);
  }
  return value;
}

function newUuid(call: UpcloudCall, prefix: string): string {
  return prefix + call.ctx.random.uuid().slice(prefix.length);
}

function createNetwork(call: UpcloudCall): SandboxResponse {
  const body = wrappedBody(call.req, 'network');
  rejectUnknown(body, ['name', 'zone', 'ip_networks', 'router', 'labels'], 'network');
  const name = checkName(body.name, 'network.name', 'NETWORK_NAME');
  if (body.zone === undefined)
    throw new UpcloudFault(400, 'ZONE_MISSING', 'network.zone is required.');
  if (typeof body.zone !== 'string' || !(UPCLOUD_ZONES as readonly string[]).includes(body.zone)) {
    throw new UpcloudFault(
      400,
      'ZONE_INVALID',
      `network.zone must be an UpCloud zone such as de-fra1, got ${JSON.stringify(body.zone)}.`,
    );
  }
  const ipNetworks = parseIpNetworks(body.ip_networks, 'network');
  const router = checkRouter(call, body.router, 'network');
  const network = upcloudAddNetwork(call.state, {
    uuid: newUuid(call, '03'),
    name,
    type: 'private',
    zone: body.zone,
    owner: call.account.username,
    router,
    ipNetworks,
    labels: parseLabels(body.labels, 'network'),
  });
  return json(201, { network: networkJson(network) });
}

function modifyNetwork(call: UpcloudCall, [uuid]: string[]): SandboxResponse {
  const network = ownNetwork(call, uuid);
  const body = wrappedBody(call.req, 'network');
  rejectUnknown(body, ['name', 'ip_networks', 'router', 'labels'], 'network');
  if (body.name !== undefined) network.name = checkName(body.name, 'network.name', 'NETWORK_NAME');
  if (body.ip_networks !== undefined)
    network.ipNetworks = parseIpNetworks(body.ip_networks, 'network');
  if ('router' in body) network.router = checkRouter(call, body.router, 'network');
  if (body.labels !== undefined) network.labels = parseLabels(body.labels, 'network');
  return json(200, { network: networkJson(network, ownServers(call)) });
}

function deleteNetwork(call: UpcloudCall, [uuid]: string[]): SandboxResponse {
  ownNetwork(call, uuid);
  upcloudRemoveNetwork(call.state, uuid);
  return { status: 204 };
}

// ---------------------------------------------------------------------------
// Routers

function ownRouter(call: UpcloudCall, uuid: string) {
  const router = call.state.routers.get(uuid);
  if (!router || router.owner !== call.account.username) {
    throw new UpcloudFault(404, 'ROUTER_NOT_FOUND', `The router ${uuid} does not exist.`);
  }
  return router;
}

function listRouters(call: UpcloudCall): SandboxResponse {
  const routers = [...call.state.routers.values()].filter((r) => r.owner === call.account.username);
  return json(200, { routers: { router: routers.map((r) => routerJson(call.state, r)) } });
}

function getRouter(call: UpcloudCall, [uuid]: string[]): SandboxResponse {
  return json(200, { router: routerJson(call.state, ownRouter(call, uuid)) });
}

function createRouter(call: UpcloudCall): SandboxResponse {
  const body = wrappedBody(call.req, 'router');
  rejectUnknown(body, ['name', 'labels', 'static_routes'], 'router');
  const router = upcloudAddRouter(call.state, {
    uuid: newUuid(call, '04'),
    name: checkName(body.name, 'router.name', 'ROUTER_NAME'),
    type: 'normal',
    owner: call.account.username,
    labels: parseLabels(body.labels, 'router'),
  });
  return json(201, { router: routerJson(call.state, router) });
}

function deleteRouter(call: UpcloudCall, [uuid]: string[]): SandboxResponse {
  ownRouter(call, uuid);
  const attached = [...call.state.networks.values()].find((n) => n.router === uuid);
  if (attached) {
    throw new UpcloudFault(
      409,
      'ROUTER_ATTACHED',
      `The router ${uuid} is attached to network ${attached.uuid}; detach it first.`,
    );
  }
  call.state.routers.delete(uuid);
  return { status: 204 };
}

// ---------------------------------------------------------------------------
// Network peerings

function ownPeering(call: UpcloudCall, uuid: string) {
  const peering = call.state.peerings.get(uuid);
  if (!peering || peering.owner !== call.account.username) {
    throw new UpcloudFault(404, 'PEERING_NOT_FOUND', `The network peering ${uuid} does not exist.`);
  }
  return peering;
}

/** `?label=key` and `?label=key=value`, all of which must match (request.QueryFilter). */
function labelFilter(req: SandboxRequest): (labels: UpcloudLabel[]) => boolean {
  const wanted = req.url.searchParams.getAll('label').map((f) => {
    const eq = f.indexOf('=');
    return eq < 0 ? { key: f } : { key: f.slice(0, eq), value: f.slice(eq + 1) };
  });
  return (labels) =>
    wanted.every((w) =>
      labels.some((l) => l.key === w.key && (w.value === undefined || l.value === w.value)),
    );
}

function listPeerings(call: UpcloudCall): SandboxResponse {
  const matches = labelFilter(call.req);
  const peerings = [...call.state.peerings.values()].filter(
    (p) => p.owner === call.account.username && matches(p.labels),
  );
  return json(200, {
    network_peerings: {
      network_peering: peerings.map((p) => peeringJson(call.state, call.now, p)),
    },
  });
}

function getPeering(call: UpcloudCall, [uuid]: string[]): SandboxResponse {
  return json(200, {
    network_peering: peeringJson(call.state, call.now, ownPeering(call, uuid)),
  });
}

function checkConfiguredStatus(value: unknown): 'active' | 'disabled' {
  if (value !== 'active' && value !== 'disabled') {
    throw new UpcloudFault(
      400,
      'CONFIGURED_STATUS_INVALID',
      `network_peering.configured_status must be "active" or "disabled", got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

function networkRefUuid(value: unknown, field: string, code: string): string {
  if (value === undefined || value === null) {
    throw new UpcloudFault(400, `${code}_MISSING`, `${field}.uuid is required.`);
  }
  if (!isJsonObject(value) || value.uuid === undefined || value.uuid === '') {
    throw new UpcloudFault(400, `${code}_MISSING`, `${field} must be {"uuid": "<network UUID>"}.`);
  }
  if (typeof value.uuid !== 'string' || !UUID_RE.test(value.uuid)) {
    throw new UpcloudFault(
      400,
      `${code}_INVALID`,
      `${field}.uuid must be a network UUID such as 03126dc1-a69f-4bc2-8b24-e31c22d64712, got ${JSON.stringify(value.uuid)}.`,
    );
  }
  return value.uuid;
}

function createPeering(call: UpcloudCall): SandboxResponse {
  const body = wrappedBody(call.req, 'network_peering');
  rejectUnknown(
    body,
    ['configured_status', 'name', 'network', 'peer_network', 'labels'],
    'network_peering',
  );
  const name = checkName(body.name, 'network_peering.name', 'NAME');
  const configuredStatus =
    body.configured_status === undefined ? 'active' : checkConfiguredStatus(body.configured_status);
  const labels = parseLabels(body.labels, 'network_peering');
  const networkUuid = networkRefUuid(body.network, 'network_peering.network', 'NETWORK');
  const peerUuid = networkRefUuid(
    body.peer_network,
    'network_peering.peer_network',
    'PEER_NETWORK',
  );
  if (networkUuid === peerUuid) {
    throw new UpcloudFault(
      400,
      'PEER_NETWORK_INVALID',
      'network_peering.peer_network.uuid must differ from network_peering.network.uuid.',
    );
  }
  const local = call.state.networks.get(networkUuid);
  if (!local || local.owner !== call.account.username) {
    throw new UpcloudFault(
      404,
      'NETWORK_NOT_FOUND',
      `The local network ${networkUuid} (network_peering.network.uuid) was not found in your account.`,
    );
  }
  // The peer may live in any account (that is what peering is for), Aiven's included.
  const peer = call.state.networks.get(peerUuid);
  if (!peer) {
    throw new UpcloudFault(
      404,
      'PEER_NETWORK_NOT_FOUND',
      `The peer network ${peerUuid} (network_peering.peer_network.uuid) was not found.`,
    );
  }
  for (const [field, n] of [
    ['network_peering.network', local],
    ['network_peering.peer_network', peer],
  ] as const) {
    if (n.type !== 'private') {
      throw new UpcloudFault(
        409,
        'NETWORK_TYPE_ILLEGAL',
        `${field} ${n.uuid} is a ${n.type} network; peering works only between private networks.`,
      );
    }
  }
  if (local.zone !== peer.zone) {
    throw new UpcloudFault(
      409,
      'ZONE_MISMATCH',
      `network_peering.peer_network is in zone ${peer.zone} but network_peering.network is in ${local.zone}; both networks must be in the same zone.`,
    );
  }
  if (!local.router || !call.state.routers.has(local.router)) {
    throw new UpcloudFault(
      409,
      'LOCAL_NETWORK_NO_ROUTER',
      `The local network ${networkUuid} (network_peering.network.uuid) has no router; attach one first.`,
    );
  }
  const overlap = upcloudOverlap(local, peer);
  if (overlap) {
    throw new UpcloudFault(
      409,
      'CONFLICT_SUBNET',
      `network_peering.network range ${overlap[0]} overlaps network_peering.peer_network range ${overlap[1]}; peered networks must not overlap.`,
    );
  }
  for (const existing of call.state.peerings.values()) {
    if (
      existing.owner === call.account.username &&
      existing.networkUuid === networkUuid &&
      existing.peerNetworkUuid === peerUuid
    ) {
      throw new UpcloudFault(
        409,
        'PEERING_CONFLICT',
        `A peering from ${networkUuid} to ${peerUuid} already exists: ${existing.uuid}.`,
      );
    }
  }
  const peering = upcloudAddPeering(call.state, {
    uuid: newUuid(call, '0f'),
    name,
    owner: call.account.username,
    configuredStatus,
    networkUuid,
    peerNetworkUuid: peerUuid,
    labels,
    createdAt: call.now,
    establishedAt: call.now,
  });
  return json(201, { network_peering: peeringJson(call.state, call.now, peering) });
}

function modifyPeering(call: UpcloudCall, [uuid]: string[]): SandboxResponse {
  const peering = ownPeering(call, uuid);
  const body = wrappedBody(call.req, 'network_peering');
  for (const fixed of ['network', 'peer_network']) {
    if (fixed in body) {
      throw new UpcloudFault(
        400,
        'UNKNOWN_ATTRIBUTE',
        `network_peering.${fixed} cannot be changed; delete the peering and create a new one.`,
      );
    }
  }
  rejectUnknown(body, ['configured_status', 'name', 'labels'], 'network_peering');
  const name =
    body.name === undefined ? undefined : checkName(body.name, 'network_peering.name', 'NAME');
  const status =
    body.configured_status === undefined
      ? undefined
      : checkConfiguredStatus(body.configured_status);
  const labels =
    body.labels === undefined ? undefined : parseLabels(body.labels, 'network_peering');
  if (name !== undefined) peering.name = name;
  if (labels !== undefined) peering.labels = labels;
  if (status !== undefined && status !== peering.configuredStatus) {
    peering.configuredStatus = status;
    peering.provisioningUntil = call.now + call.ctx.operationDelayMs;
  }
  return json(200, { network_peering: peeringJson(call.state, call.now, peering) });
}

function deletePeering(call: UpcloudCall, [uuid]: string[]): SandboxResponse {
  const peering = ownPeering(call, uuid);
  const state = upcloudPeeringState(call.state, call.now, peering);
  if (state !== 'disabled') {
    throw new UpcloudFault(
      409,
      'PEERING_NOT_DISABLED',
      `The network peering ${uuid} is ${state}; set configured_status to "disabled" and wait for state "disabled" before deleting it.`,
    );
  }
  call.state.peerings.delete(uuid);
  return { status: 204 };
}
