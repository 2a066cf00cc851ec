import { isPrivate, parseCidr } from '../../model/cidr';
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
import { UPCLOUD_ZONES } from '../upcloud/state';
import {
  aivenAddPeering,
  aivenCreateVpc,
  aivenDeletePeering,
  aivenDeleteVpc,
  aivenIsGone,
  aivenUpcloudZone,
  type AivenPeeringConnection,
  type AivenState,
  type AivenTiming,
  type AivenVpc,
  type NewAivenPeering,
} from './state';
import { aivenError, connectionJson, vpcDetailJson, vpcSummaryJson } from './wire';

/**
 * Aiven API v1 (https://api.aiven.io/doc/), served under `/aiven/v1`: project
 * VPCs and their peering connections. Operation names are Aiven's operationIds
 * (fixtures/aiven/vpc-api.description.json).
 */

const PREFIX = '/aiven/v1';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface AivenCall extends RestCall<AivenState> {
  timing: AivenTiming;
}

/** Answers Aiven's `{"errors": [...], "message"}` body with its status. */
class AivenFault extends RestFault {}

const VPC = '/project/:project/vpcs/:id';
const PEER = `${VPC}/peering-connections/peer-accounts/:account`;

const ROUTES: RestRoute<AivenCall>[] = [
  route('GET', '/project/:project/vpcs', 'VpcList', listVpcs),
  route('POST', '/project/:project/vpcs', 'VpcCreate', createVpc),
  route('GET', VPC, 'VpcGet', getVpc),
  route('DELETE', VPC, 'VpcDelete', deleteVpc),
  route('POST', `${VPC}/peering-connections`, 'VpcPeeringConnectionCreate', createPeering),
  route(
    'DELETE',
    `${PEER}/peer-vpcs/:vpc`,
    'VpcPeeringConnectionDelete',
    (call, [project, id, account, vpc]) => deletePeering(call, project, id, { account, vpc }),
  ),
  route(
    'DELETE',
    `${PEER}/peer-vpcs/:vpc/peer-regions/:region`,
    'VpcPeeringConnectionWithRegionDelete',
    (call, [project, id, account, vpc, region]) =>
      deletePeering(call, project, id, { account, vpc, region }),
  ),
  route(
    'DELETE',
    `${PEER}/peer-resource-groups/:resourceGroup/peer-vpcs/:vpc`,
    'VpcPeeringConnectionWithResourceGroupDelete',
    (call, [project, id, account, resourceGroup, vpc]) =>
      deletePeering(call, project, id, { account, vpc, resourceGroup }),
  ),
  route(
    'PUT',
    `${VPC}/user-peer-network-cidrs`,
    'VpcPeeringConnectionUpdate',
    updateUserPeerNetworkCidrs,
  ),
];

export const aivenService: CloudService = restService({
  cloud: 'aiven',
  root: '/aiven',
  base: PREFIX,
  routes: ROUTES,
  authenticate(req, ctx) {
    const state = ctx.world.aiven;
    // Aiven's own scheme is `aivenv1 <token>`; its API also takes `Bearer <token>`.
    const authorization = headerValue(req, 'authorization');
    if (!authorization) {
      return {
        refusal: aivenError(401, 'Authentication required: send "Authorization: aivenv1 <token>".'),
      };
    }
    const [scheme, token] = authorization.trim().split(/\s+/, 2);
    if (!['aivenv1', 'bearer'].includes(scheme.toLowerCase()) || !token) {
      return {
        refusal: aivenError(
          401,
          'Invalid Authorization header: use "aivenv1 <token>" or "Bearer <token>".',
        ),
      };
    }
    if (!state.tokens.has(token)) return { refusal: aivenError(403, 'Invalid token') };
    const timing = { now: ctx.clock.now(), operationDelayMs: ctx.operationDelayMs };
    return { call: { req, ctx, state, timing } };
  },
  fault: { type: AivenFault, render: (fault) => aivenError(fault.status, fault.message) },
  noApi: (req) => aivenError(404, `No Aiven API at ${req.path}; the base is /v1.`),
  notFound: (req) => aivenError(404, `Not found: ${req.path}`),
  methodNotAllowed: (req) => aivenError(405, `Method ${req.method} not allowed for ${req.path}`),
  throttled: () => aivenError(429, 'Too many requests, slow down and retry later'),
  serverError: () => aivenError(500, 'Internal server error, please try again later'),
});

// ---------------------------------------------------------------------------
// Bodies and lookups

const BODY_FAULTS: JsonBodyFaults = {
  invalidJson: (excerpt) => new AivenFault(400, `Invalid JSON in request body: ${excerpt}`),
  notAnObject: () => new AivenFault(400, 'The request body must be a JSON object'),
};

function checkProject(call: AivenCall, project: string): void {
  if (!call.state.projects.has(project)) {
    throw new AivenFault(404, `Project '${project}' does not exist or you have no access to it`);
  }
}

function findVpc(call: AivenCall, project: string, id: string): AivenVpc {
  checkProject(call, project);
  const vpc = call.state.vpcs.get(id);
  if (!vpc || vpc.project !== project || aivenIsGone(vpc.deletingAt, call.timing)) {
    throw new AivenFault(404, `Project VPC '${id}' does not exist`);
  }
  return vpc;
}

function liveConnections(call: AivenCall, vpc: AivenVpc): AivenPeeringConnection[] {
  return vpc.connections.filter((c) => !aivenIsGone(c.deletingAt, call.timing));
}

function optionalString(body: Record<string, unknown>, field: string, where: string) {
  const v = body[field];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string' || v === '')
    throw new AivenFault(400, `${where}${field} must be a non-empty string or null`);
  return v;
}

function cidrList(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new AivenFault(400, `${field} must be an array of CIDR strings`);
  return value.map((v, i) => privateIpv4Cidr(v, `${field}[${i}]`));
}

function privateIpv4Cidr(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new AivenFault(400, `${field} must be a CIDR string`);
  let text: string;
  try {
    const c = parseCidr(value);
    if (c.family !== 'ipv4') throw new Error('not IPv4');
    text = c.text;
  } catch (error) {
    throw new AivenFault(
      400,
      `${field} '${value}' is not a valid IPv4 network range CIDR${error instanceof Error ? `: ${error.message}` : ''}`,
    );
  }
  if (!isPrivate(text))
    throw new AivenFault(400, `${field} '${value}' is not a private IPv4 range`);
  return text;
}

/** Validates PeeringConnectionIn for a VPC's cloud. */
function peeringInput(
  call: AivenCall,
  vpc: { cloudName: string; connections: AivenPeeringConnection[] },
  body: Record<string, unknown>,
  where: string,
): NewAivenPeering {
  const allowed = [
    'peer_azure_app_id',
    'peer_azure_tenant_id',
    'peer_cloud_account',
    'peer_region',
    'peer_resource_group',
    'peer_vpc',
    'user_peer_network_cidrs',
  ];
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) throw new AivenFault(400, `${where}${key}: unknown field`);
  }
  const account = body.peer_cloud_account;
  const peerVpc = body.peer_vpc;
  if (typeof account !== 'string' || account === '')
    throw new AivenFault(400, `${where}peer_cloud_account is required`);
  if (typeof peerVpc !== 'string' || peerVpc === '')
    throw new AivenFault(400, `${where}peer_vpc is required`);
  const peerRegion = optionalString(body, 'peer_region', where);
  const peerResourceGroup = optionalString(body, 'peer_resource_group', where);
  const peerAzureAppId = optionalString(body, 'peer_azure_app_id', where);
  const peerAzureTenantId = optionalString(body, 'peer_azure_tenant_id', where);
  const cloud = vpc.cloudName;
  if (cloud.startsWith('upcloud-')) {
    if (account !== 'upcloud') {
      throw new AivenFault(
        400,
        `${where}peer_cloud_account must be "upcloud" for a VPC in ${cloud}, got '${account}'`,
      );
    }
    if (!UUID_RE.test(peerVpc)) {
      throw new AivenFault(
        400,
        `${where}peer_vpc must be an UpCloud SDN network UUID such as 03126dc1-a69f-4bc2-8b24-e31c22d64712, got '${peerVpc}'`,
      );
    }
    if (peerRegion !== null)
      throw new AivenFault(400, `${where}peer_region must be omitted or null for UpCloud peers`);
  } else if (account === 'upcloud') {
    throw new AivenFault(
      400,
      `${where}peer_cloud_account "upcloud" needs a VPC in an upcloud-* cloud; this VPC is in ${cloud}`,
    );
  } else if (cloud.startsWith('aws-')) {
    if (!/^\d{12}$/.test(account))
      throw new AivenFault(400, `${where}peer_cloud_account must be a 12-digit AWS account ID`);
    if (!/^vpc-[0-9a-f]{8}([0-9a-f]{9})?$/.test(peerVpc))
      throw new AivenFault(
        400,
        `${where}peer_vpc must be an AWS VPC ID such as vpc-0a1b2c3d4e5f60718`,
      );
  } else if (cloud.startsWith('azure-')) {
    if (!peerResourceGroup)
      throw new AivenFault(400, `${where}peer_resource_group is required for Azure peers`);
  }
  const userPeerNetworkCidrs = cidrList(
    body.user_peer_network_cidrs,
    `${where}user_peer_network_cidrs`,
  );
  const duplicate = vpc.connections.find(
    (c) =>
      c.deletingAt === undefined &&
      c.peerCloudAccount === account &&
      c.peerVpc === peerVpc &&
      c.peerRegion === peerRegion &&
      c.peerResourceGroup === peerResourceGroup,
  );
  if (duplicate) {
    throw new AivenFault(
      409,
      `Peering connection to ${account}/${peerVpc} already exists for this VPC`,
    );
  }
  return {
    peerCloudAccount: account,
    peerVpc,
    peerRegion,
    peerResourceGroup,
    peerAzureAppId,
    peerAzureTenantId,
    userPeerNetworkCidrs,
    upcloudPeeringUuid: cloud.startsWith('upcloud-') ? newUuid(call, '0f') : undefined,
  };
}

function newUuid(call: AivenCall, prefix = ''): string {
  return prefix + call.ctx.random.uuid().slice(prefix.length);
}

// ---------------------------------------------------------------------------
// Handlers

function listVpcs(call: AivenCall, [project]: string[]): SandboxResponse {
  checkProject(call, project);
  const vpcs = [...call.state.vpcs.values()].filter(
    (v) => v.project === project && !aivenIsGone(v.deletingAt, call.timing),
  );
  return json(200, { vpcs: vpcs.map((v) => vpcSummaryJson(v, call.timing)) });
}

function getVpc(call: AivenCall, [project, id]: string[]): SandboxResponse {
  const vpc = findVpc(call, project, id);
  return json(
    200,
    vpcDetailJson(call.ctx.world.upcloud, vpc, liveConnections(call, vpc), call.timing),
  );
}

const CLOUD_RE = /^(aws|azure|do|google|upcloud)-[a-z0-9-]+$/;

function createVpc(call: AivenCall, [project]: string[]): SandboxResponse {
  checkProject(call, project);
  const body = jsonObjectBody(call.req, BODY_FAULTS);
  for (const key of Object.keys(body)) {
    if (!['cloud_name', 'network_cidr', 'peering_connections'].includes(key))
      throw new AivenFault(400, `${key}: unknown field`);
  }
  const cloudName = body.cloud_name;
  if (typeof cloudName !== 'string' || cloudName === '')
    throw new AivenFault(400, 'cloud_name is required, e.g. upcloud-de-fra1');
  if (!CLOUD_RE.test(cloudName))
    throw new AivenFault(400, `cloud_name '${cloudName}' is not a cloud such as upcloud-de-fra1`);
  const zone = aivenUpcloudZone(cloudName);
  if (zone !== undefined && !(UPCLOUD_ZONES as readonly string[]).includes(zone))
    throw new AivenFault(400, `cloud_name '${cloudName}': UpCloud has no zone ${zone}`);
  if (body.network_cidr === undefined)
    throw new AivenFault(400, 'network_cidr is required, e.g. 10.150.0.0/24');
  const networkCidr = privateIpv4Cidr(body.network_cidr, 'network_cidr');
  const prefix = Number(networkCidr.split('/')[1]);
  if (prefix < 16 || prefix > 24)
    throw new AivenFault(400, `network_cidr '${networkCidr}' must be a /16 to /24 range`);
  const clash = [...call.state.vpcs.values()].find(
    (v) => v.project === project && v.cloudName === cloudName && v.deletingAt === undefined,
  );
  if (clash) {
    throw new AivenFault(
      409,
      `Project '${project}' already has a VPC in ${cloudName}: ${clash.projectVpcId}`,
    );
  }
  const rawPeerings = body.peering_connections ?? [];
  if (!Array.isArray(rawPeerings))
    throw new AivenFault(400, 'peering_connections must be an array');
  const pending = { cloudName, connections: [] as AivenPeeringConnection[] };
  const inputs = rawPeerings.map((p, i) => {
    if (!isJsonObject(p)) throw new AivenFault(400, `peering_connections[${i}] must be an object`);
    return peeringInput(call, pending, p, `peering_connections[${i}].`);
  });
  const upcloud = call.ctx.world.upcloud;
  const vpc = aivenCreateVpc(call.state, upcloud, call.timing, {
    projectVpcId: newUuid(call),
    project,
    cloudName,
    networkCidr,
    upcloudNetworkUuid: zone ? newUuid(call, '03') : undefined,
    upcloudRouterUuid: zone ? newUuid(call, '04') : undefined,
  });
  for (const input of inputs) aivenAddPeering(upcloud, call.timing, vpc, input);
  return json(200, vpcDetailJson(upcloud, vpc, vpc.connections, call.timing));
}

function deleteVpc(call: AivenCall, [project, id]: string[]): SandboxResponse {
  const vpc = findVpc(call, project, id);
  const open = vpc.connections.filter((c) => c.deletingAt === undefined);
  if (vpc.deletingAt === undefined && open.length > 0) {
    throw new AivenFault(
      409,
      `Project VPC '${id}' has ${open.length} peering connection(s); delete them first`,
    );
  }
  if (vpc.deletingAt === undefined) aivenDeleteVpc(call.ctx.world.upcloud, call.timing.now, vpc);
  return json(
    200,
    vpcDetailJson(call.ctx.world.upcloud, vpc, liveConnections(call, vpc), call.timing),
  );
}

function createPeering(call: AivenCall, [project, id]: string[]): SandboxResponse {
  const vpc = findVpc(call, project, id);
  if (vpc.deletingAt !== undefined)
    throw new AivenFault(409, `Project VPC '${id}' is being deleted`);
  const input = peeringInput(call, vpc, jsonObjectBody(call.req, BODY_FAULTS), '');
  const upcloud = call.ctx.world.upcloud;
  const connection = aivenAddPeering(upcloud, call.timing, vpc, input);
  return json(200, connectionJson(upcloud, vpc, connection, call.timing));
}

function deletePeering(
  call: AivenCall,
  project: string,
  id: string,
  target: { account: string; vpc: string; region?: string; resourceGroup?: string },
): SandboxResponse {
  const vpc = findVpc(call, project, id);
  const connection = vpc.connections.find(
    (c) =>
      c.deletingAt === undefined &&
      c.peerCloudAccount === target.account &&
      c.peerVpc === target.vpc &&
      (target.region === undefined || c.peerRegion === target.region) &&
      (target.resourceGroup === undefined || c.peerResourceGroup === target.resourceGroup),
  );
  if (!connection) {
    const where = [target.account, target.resourceGroup, target.vpc, target.region]
      .filter(Boolean)
      .join('/');
    throw new AivenFault(404, `Peering connection ${where} does not exist in VPC '${id}'`);
  }
  const upcloud = call.ctx.world.upcloud;
  aivenDeletePeering(upcloud, call.timing.now, connection);
  return json(200, connectionJson(upcloud, vpc, connection, call.timing));
}

function updateUserPeerNetworkCidrs(call: AivenCall, [project, id]: string[]): SandboxResponse {
  const vpc = findVpc(call, project, id);
  const body = jsonObjectBody(call.req, BODY_FAULTS);
  for (const key of Object.keys(body)) {
    if (!['add', 'delete'].includes(key)) throw new AivenFault(400, `${key}: unknown field`);
  }
  const add = body.add ?? [];
  const remove = body.delete ?? [];
  if (!Array.isArray(add)) throw new AivenFault(400, 'add must be an array');
  if (!Array.isArray(remove)) throw new AivenFault(400, 'delete must be an array of CIDRs');
  const additions = add.map((entry, i) => {
    if (!isJsonObject(entry)) throw new AivenFault(400, `add[${i}] must be an object`);
    const cidr = privateIpv4Cidr(entry.cidr, `add[${i}].cidr`);
    const connection = vpc.connections.find(
      (c) =>
        c.deletingAt === undefined &&
        c.peerCloudAccount === entry.peer_cloud_account &&
        c.peerVpc === entry.peer_vpc &&
        (entry.peer_resource_group === undefined ||
          entry.peer_resource_group === null ||
          c.peerResourceGroup === entry.peer_resource_group),
    );
    if (!connection) {
      throw new AivenFault(
        404,
        `add[${i}]: no peering connection to ${String(entry.peer_cloud_account)}/${String(entry.peer_vpc)} in VPC '${id}'`,
      );
    }
    return { connection, cidr };
  });
  const removals = cidrList(remove, 'delete');
  for (const cidr of removals) {
    for (const c of vpc.connections) {
      c.userPeerNetworkCidrs = c.userPeerNetworkCidrs.filter((x) => x !== cidr);
    }
  }
  for (const { connection, cidr } of additions) {
    if (!connection.userPeerNetworkCidrs.includes(cidr)) connection.userPeerNetworkCidrs.push(cidr);
    connection.updatedAt = call.timing.now;
  }
  vpc.updatedAt = call.timing.now;
  return json(
    200,
    vpcDetailJson(call.ctx.world.upcloud, vpc, liveConnections(call, vpc), call.timing),
  );
}
