import { firstOverlap, isPrivate, parseCidr } from '../../model/cidr';
import { AWS_KNOWN_REGIONS, awsFindVpc, awsRequestPeering } from '../aws/state';
import { json, type SandboxResponse } from '../http';
import { isJsonObject, jsonObjectBody, type JsonBodyFaults } from '../rest/jsonBody';
import {
  headerValue,
  RestFault,
  restService,
  route,
  type RestCall,
  type RestRoute,
} from '../rest/routing';
import type { CloudService } from '../service';
import { AWS_ACCOUNTS } from '../worlds/demoTopology';
import {
  dragonflyAddConnection,
  dragonflyAddNetwork,
  dragonflyConnectionStatus,
  dragonflyDeleteConnection,
  dragonflyNetworkStatus,
  dragonflyRequestPeering,
  dragonflyVpcFor,
  type DragonflyClouds,
  type DragonflyConnection,
  type DragonflyNetwork,
  type DragonflyPeer,
  type DragonflyProvider,
  type DragonflyState,
  type DragonflyTiming,
} from './state';
import { connectionJson, dragonflyError, networkJson } from './wire';

/**
 * Dragonfly Cloud API v1, served under `/dragonfly/v1`: networks and
 * connections. Every success is HTTP 200 (the Terraform provider's client
 * treats anything else as an error), errors are `{"error": "..."}`.
 */

const PREFIX = '/dragonfly/v1';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface DragonflyCall extends RestCall<DragonflyState> {
  timing: DragonflyTiming;
}

/** Answers `{"error": message}` with its status. */
class DragonflyFault extends RestFault {}

const ROUTES: RestRoute<DragonflyCall>[] = [
  route('GET', '/networks', 'networks.list', listNetworks),
  route('POST', '/networks', 'networks.create', createNetwork),
  route('GET', '/networks/:id', 'networks.get', getNetwork),
  route('PUT', '/networks/:id', 'networks.update', updateNetwork),
  route('DELETE', '/networks/:id', 'networks.delete', deleteNetwork),
  route('GET', '/connections', 'connections.list', listConnections),
  route('POST', '/connections', 'connections.create', createConnection),
  route('GET', '/connections/:id', 'connections.get', getConnection),
  route('DELETE', '/connections/:id', 'connections.delete', deleteConnection),
];

export const dragonflyService: CloudService = restService({
  cloud: 'dragonfly',
  root: '/dragonfly',
  base: PREFIX,
  routes: ROUTES,
  authenticate(req, ctx) {
    const state = ctx.world.dragonfly;
    const m = /^Bearer\s+(\S+)\s*$/i.exec(headerValue(req, 'authorization') ?? '');
    if (!m || !state.apiKeys.has(m[1]))
      return {
        refusal: dragonflyError(401, 'unauthorized: send "Authorization: Bearer <API key>"'),
      };
    const timing = { now: ctx.clock.now(), operationDelayMs: ctx.operationDelayMs };
    return { call: { req, ctx, state, timing } };
  },
  fault: { type: DragonflyFault, render: (fault) => dragonflyError(fault.status, fault.message) },
  noApi: (req) => dragonflyError(404, `no Dragonfly Cloud API at ${req.path}; the base is /v1`),
  notFound: () => dragonflyError(404, 'not found'),
  methodNotAllowed: (req) => dragonflyError(405, `method ${req.method} not allowed on ${req.path}`),
  throttled: () => dragonflyError(429, 'rate limit exceeded, retry later'),
  serverError: () => dragonflyError(500, 'internal server error'),
});

// ---------------------------------------------------------------------------
// Bodies

const BODY_FAULTS: JsonBodyFaults = {
  invalidJson: (excerpt) => new DragonflyFault(400, `invalid JSON body: ${excerpt}`),
  notAnObject: () => new DragonflyFault(400, 'the request body must be a JSON object'),
};

function requiredString(obj: Record<string, unknown>, field: string, path = field): string {
  const v = obj[field];
  if (typeof v !== 'string' || v.trim() === '')
    throw new DragonflyFault(400, `${path} is required and must be a non-empty string`);
  return v;
}

function ipv4Cidr(value: string, field: string): string {
  try {
    const c = parseCidr(value);
    if (c.family !== 'ipv4') throw new Error('IPv6 is not supported');
    return c.text;
  } catch (error) {
    throw new DragonflyFault(
      400,
      `${field} "${value}" is not a valid IPv4 CIDR block: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** The sandbox clouds a Dragonfly network or connection lives in. */
function clouds(call: DragonflyCall): DragonflyClouds {
  const world = call.ctx.world;
  return {
    aws: world.aws,
    gcp: world.gcp,
    azure: world.azure,
    random: call.ctx.random,
    now: call.timing.now,
  };
}

function newId(call: DragonflyCall, prefix: string): string {
  return `${prefix}-${call.ctx.random.hex(12)}`;
}

// ---------------------------------------------------------------------------
// Networks

function findNetwork(call: DragonflyCall, id: string): DragonflyNetwork {
  const network = call.state.networks.get(id);
  if (!network) throw new DragonflyFault(404, 'not found');
  return network;
}

function renderNetwork(call: DragonflyCall, network: DragonflyNetwork) {
  return networkJson(network, dragonflyNetworkStatus(network, call.timing));
}

function listNetworks(call: DragonflyCall): SandboxResponse {
  const networks = [...call.state.networks.values()].filter(
    (n) => dragonflyNetworkStatus(n, call.timing) !== 'deleted',
  );
  return json(
    200,
    networks.map((n) => renderNetwork(call, n)),
  );
}

function getNetwork(call: DragonflyCall, [id]: string[]): SandboxResponse {
  return json(200, renderNetwork(call, findNetwork(call, id)));
}

interface NetworkConfig {
  name: string;
  provider: DragonflyProvider;
  region: string;
  cidr: string;
  byocAccountId?: string;
}

function networkConfig(body: Record<string, unknown>): NetworkConfig {
  for (const key of Object.keys(body)) {
    if (!['name', 'location', 'cidr_block', 'byoc'].includes(key))
      throw new DragonflyFault(400, `unknown field "${key}"`);
  }
  const name = requiredString(body, 'name');
  if (name.length > 100) throw new DragonflyFault(400, 'name must be at most 100 characters');
  if (!isJsonObject(body.location))
    throw new DragonflyFault(
      400,
      'location is required: {"provider": "aws", "region": "us-east-1"}',
    );
  const provider = body.location.provider;
  if (provider !== 'aws' && provider !== 'gcp' && provider !== 'azure')
    throw new DragonflyFault(400, 'location.provider must be one of aws, gcp, azure');
  const region = requiredString(body.location, 'region', 'location.region');
  const regionOk =
    provider === 'aws'
      ? AWS_KNOWN_REGIONS.includes(region)
      : provider === 'gcp'
        ? /^[a-z]+-[a-z]+\d+$/.test(region)
        : /^[a-z]+[a-z0-9]*$/.test(region);
  if (!regionOk)
    throw new DragonflyFault(400, `location.region "${region}" is not a ${provider} region`);
  const cidr = ipv4Cidr(requiredString(body, 'cidr_block'), 'cidr_block');
  if (!isPrivate(cidr))
    throw new DragonflyFault(400, `cidr_block "${cidr}" must be a private (RFC 1918) range`);
  const prefix = Number(cidr.split('/')[1]);
  if (prefix < 16 || prefix > 24)
    throw new DragonflyFault(400, `cidr_block "${cidr}" must be a /16 to /24 block`);
  let byocAccountId: string | undefined;
  if (body.byoc !== undefined && body.byoc !== null) {
    if (!isJsonObject(body.byoc)) throw new DragonflyFault(400, 'byoc must be an object');
    if (body.byoc.account_id !== undefined && body.byoc.account_id !== '') {
      if (typeof body.byoc.account_id !== 'string')
        throw new DragonflyFault(400, 'byoc.account_id must be a string');
      if (provider === 'aws' && !/^\d{12}$/.test(body.byoc.account_id))
        throw new DragonflyFault(400, 'byoc.account_id must be a 12-digit AWS account id');
      byocAccountId = body.byoc.account_id;
    }
  }
  return { name, provider, region, cidr, byocAccountId };
}

function createNetwork(call: DragonflyCall): SandboxResponse {
  const config = networkConfig(jsonObjectBody(call.req, BODY_FAULTS));
  const id = newId(call, 'net');
  const vpc = dragonflyVpcFor(
    id,
    config.provider,
    config.region,
    call.ctx.random,
    config.byocAccountId,
    AWS_ACCOUNTS.dragonfly.accountId,
  );
  const network = dragonflyAddNetwork(call.state, clouds(call), call.timing, {
    id,
    ...config,
    vpc,
  });
  return json(200, renderNetwork(call, network));
}

function updateNetwork(call: DragonflyCall, [id]: string[]): SandboxResponse {
  const network = findNetwork(call, id);
  const status = dragonflyNetworkStatus(network, call.timing);
  if (status === 'deleting' || status === 'deleted')
    throw new DragonflyFault(409, `network ${id} is ${status}`);
  const config = networkConfig(jsonObjectBody(call.req, BODY_FAULTS));
  if (config.provider !== network.provider || config.region !== network.region)
    throw new DragonflyFault(400, 'location cannot be changed; create a new network');
  if (config.cidr !== network.cidr)
    throw new DragonflyFault(400, 'cidr_block cannot be changed; create a new network');
  network.name = config.name;
  return json(200, renderNetwork(call, network));
}

function liveConnections(call: DragonflyCall, networkId: string): DragonflyConnection[] {
  return [...call.state.connections.values()].filter(
    (c) => c.networkId === networkId && c.deletingAt === undefined,
  );
}

function deleteNetwork(call: DragonflyCall, [id]: string[]): SandboxResponse {
  const network = findNetwork(call, id);
  if (network.deletingAt === undefined) {
    const open = liveConnections(call, id);
    if (open.length > 0) {
      throw new DragonflyFault(
        409,
        `network ${id} still has connections (${open.map((c) => c.id).join(', ')}); delete them first`,
      );
    }
    network.deletingAt = call.timing.now;
  }
  return json(200, renderNetwork(call, network));
}

// ---------------------------------------------------------------------------
// Connections

function findConnection(call: DragonflyCall, id: string): DragonflyConnection {
  const connection = call.state.connections.get(id);
  if (!connection) throw new DragonflyFault(404, 'not found');
  return connection;
}

function renderConnection(call: DragonflyCall, connection: DragonflyConnection) {
  const network = call.state.networks.get(connection.networkId);
  const view = dragonflyConnectionStatus(
    call.ctx.world,
    call.ctx.clock,
    call.timing,
    network,
    connection,
  );
  return connectionJson(connection, view);
}

function listConnections(call: DragonflyCall): SandboxResponse {
  const rendered = [...call.state.connections.values()]
    .map((c) => renderConnection(call, c))
    .filter((c) => c.status !== 'deleted');
  return json(200, rendered);
}

function getConnection(call: DragonflyCall, [id]: string[]): SandboxResponse {
  return json(200, renderConnection(call, findConnection(call, id)));
}

function peerConfig(network: DragonflyNetwork, raw: unknown): DragonflyPeer {
  if (!isJsonObject(raw))
    throw new DragonflyFault(
      400,
      'peer is required: {"account_id", "vpc_id", "cidr_block", "region"?}',
    );
  const accountId = requiredString(raw, 'account_id', 'peer.account_id');
  const vpcId = requiredString(raw, 'vpc_id', 'peer.vpc_id');
  const cidrBlock = ipv4Cidr(
    requiredString(raw, 'cidr_block', 'peer.cidr_block'),
    'peer.cidr_block',
  );
  let region: string | undefined;
  if (raw.region !== undefined && raw.region !== null && raw.region !== '') {
    if (typeof raw.region !== 'string')
      throw new DragonflyFault(400, 'peer.region must be a string');
    region = raw.region;
  }
  const azureRaw = isJsonObject(raw.azure) ? raw.azure : {};
  const azure = {
    resourceGroup: typeof azureRaw.resource_group === 'string' ? azureRaw.resource_group : '',
    tenantId: typeof azureRaw.tenant_id === 'string' ? azureRaw.tenant_id : '',
    appObjectId: typeof azureRaw.app_object_id === 'string' ? azureRaw.app_object_id : '',
    useRemoteGateways: azureRaw.use_remote_gateways === true,
  };
  if (network.provider === 'aws') {
    if (!/^\d{12}$/.test(accountId))
      throw new DragonflyFault(
        400,
        `peer.account_id "${accountId}" must be a 12-digit AWS account id`,
      );
    if (!/^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/.test(vpcId))
      throw new DragonflyFault(
        400,
        `peer.vpc_id "${vpcId}" must be an AWS VPC id such as vpc-0a1b2c3d4e5f67890`,
      );
    if (region !== undefined && !AWS_KNOWN_REGIONS.includes(region))
      throw new DragonflyFault(400, `peer.region "${region}" is not an AWS region`);
  } else if (network.provider === 'gcp') {
    if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(accountId))
      throw new DragonflyFault(400, `peer.account_id "${accountId}" must be a GCP project id`);
    if (!/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(vpcId))
      throw new DragonflyFault(400, `peer.vpc_id "${vpcId}" must be a GCP VPC network name`);
  } else {
    if (!UUID_RE.test(accountId))
      throw new DragonflyFault(
        400,
        `peer.account_id "${accountId}" must be an Azure subscription id (UUID)`,
      );
    if (!azure.resourceGroup)
      throw new DragonflyFault(400, 'peer.azure.resource_group is required for Azure networks');
    if (!UUID_RE.test(azure.tenantId))
      throw new DragonflyFault(400, 'peer.azure.tenant_id must be the Azure tenant id (UUID)');
  }
  return { accountId, vpcId, cidrBlock, region, azure };
}

function createConnection(call: DragonflyCall): SandboxResponse {
  const body = jsonObjectBody(call.req, BODY_FAULTS);
  for (const key of Object.keys(body)) {
    if (!['name', 'network_id', 'peer'].includes(key))
      throw new DragonflyFault(400, `unknown field "${key}"`);
  }
  const name = requiredString(body, 'name');
  const networkId = requiredString(body, 'network_id');
  const network = call.state.networks.get(networkId);
  if (!network) throw new DragonflyFault(400, `network_id "${networkId}": no such network`);
  const networkStatus = dragonflyNetworkStatus(network, call.timing);
  if (networkStatus !== 'active') {
    throw new DragonflyFault(
      400,
      `network_id "${networkId}": the network is ${networkStatus}; connections need an active network`,
    );
  }
  const peer = peerConfig(network, body.peer);

  const aws = call.ctx.world.aws;
  const region = peer.region ?? network.region;
  const customerVpc = network.provider === 'aws' ? awsFindVpc(aws, peer.vpcId) : undefined;
  const vpcMatches =
    customerVpc !== undefined &&
    customerVpc.accountId === peer.accountId &&
    customerVpc.region === region;
  if (vpcMatches && !customerVpc.cidrs.includes(peer.cidrBlock)) {
    throw new DragonflyFault(
      400,
      `peer.cidr_block "${peer.cidrBlock}" does not match VPC ${peer.vpcId}, whose blocks are ${customerVpc.cidrs.join(', ')}`,
    );
  }
  const duplicate = liveConnections(call, networkId).find((c) => c.peer.vpcId === peer.vpcId);
  if (duplicate) {
    throw new DragonflyFault(
      409,
      `a connection from ${networkId} to ${peer.vpcId} exists already: ${duplicate.id}`,
    );
  }

  const connection: DragonflyConnection = {
    id: newId(call, 'conn'),
    name,
    networkId,
    peer,
    createdAt: call.timing.now,
    pendingUntil: call.timing.now + call.timing.operationDelayMs,
  };
  if (network.provider === 'aws') {
    // AWS fails such a request (the peering shows `failed`); say why in status_detail.
    const overlap = vpcMatches ? firstOverlap([network.cidr], customerVpc.cidrs) : undefined;
    if (!vpcMatches) {
      connection.failureDetail = `VPC ${peer.vpcId} was not found in AWS account ${peer.accountId} (${region})`;
    } else if (overlap) {
      connection.failureDetail = `the Dragonfly network ${overlap[0]} overlaps ${overlap[1]} of VPC ${peer.vpcId}`;
    }
    const result = awsRequestPeering(aws, call.ctx, {
      requesterAccountId: network.vpc.accountId,
      requesterRegion: network.region,
      requesterVpcId: network.vpc.resourceId,
      accepterAccountId: peer.accountId,
      accepterRegion: region,
      accepterVpcId: peer.vpcId,
      tags: { Name: `dragonfly-${name}`, 'dragonfly:connection-id': connection.id },
    });
    if ('id' in result) connection.awsPeeringId = result.id;
    else connection.failureDetail = `${result.error.code}: ${result.error.message}`;
  } else {
    dragonflyRequestPeering(clouds(call), network, connection);
  }
  dragonflyAddConnection(call.state, connection);
  return json(200, renderConnection(call, connection));
}

function deleteConnection(call: DragonflyCall, [id]: string[]): SandboxResponse {
  const connection = findConnection(call, id);
  if (connection.deletingAt === undefined)
    dragonflyDeleteConnection(
      call.ctx.world,
      call.ctx.clock,
      call.state.networks.get(connection.networkId),
      connection,
    );
  return json(200, renderConnection(call, connection));
}
