import { json, type SandboxResponse } from '../http';
import type { UpcloudState } from '../upcloud/state';
import {
  aivenPeeringStatus,
  aivenVpcState,
  type AivenPeeringConnection,
  type AivenTiming,
  type AivenVpc,
} from './state';

/**
 * Aiven v1 JSON bodies. Field names and order follow the generated client
 * (fixtures/aiven/vpc-api.description.json: VpcOut, VpcGetOut, PeeringConnectionOut).
 */

/** Aiven's error body: a top-level message plus the `errors` list. */
export function aivenError(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): SandboxResponse {
  return json(status, { errors: [{ message, status }], message }, headers);
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function vpcUpdateTime(vpc: AivenVpc, timing: AivenTiming): number {
  const activeSeen = timing.now >= vpc.activeAt ? vpc.activeAt : 0;
  return Math.max(vpc.updatedAt, activeSeen);
}

export function vpcSummaryJson(vpc: AivenVpc, timing: AivenTiming): Record<string, unknown> {
  return {
    cloud_name: vpc.cloudName,
    create_time: iso(vpc.createdAt),
    network_cidr: vpc.networkCidr,
    project_vpc_id: vpc.projectVpcId,
    state: aivenVpcState(vpc, timing),
    update_time: iso(vpcUpdateTime(vpc, timing)),
  };
}

export function vpcDetailJson(
  upcloud: UpcloudState,
  vpc: AivenVpc,
  connections: AivenPeeringConnection[],
  timing: AivenTiming,
): Record<string, unknown> {
  return {
    cloud_name: vpc.cloudName,
    create_time: iso(vpc.createdAt),
    network_cidr: vpc.networkCidr,
    peering_connections: connections.map((c) => connectionJson(upcloud, vpc, c, timing)),
    pending_build_only_peering_connections: null,
    project_vpc_id: vpc.projectVpcId,
    state: aivenVpcState(vpc, timing),
    update_time: iso(vpcUpdateTime(vpc, timing)),
  };
}

export function connectionJson(
  upcloud: UpcloudState,
  vpc: AivenVpc,
  connection: AivenPeeringConnection,
  timing: AivenTiming,
): Record<string, unknown> {
  const status = aivenPeeringStatus(upcloud, timing, vpc, connection);
  const built = status.state !== 'APPROVED' && status.state !== 'INVALID_SPECIFICATION';
  return {
    create_time: iso(connection.createdAt),
    peer_azure_app_id: connection.peerAzureAppId,
    peer_azure_tenant_id: connection.peerAzureTenantId,
    peer_cloud_account: connection.peerCloudAccount,
    peer_region: connection.peerRegion,
    peer_resource_group: connection.peerResourceGroup,
    peer_vpc: connection.peerVpc,
    // The cloud's own id for Aiven's side, once Aiven has built it: for UpCloud, its network peering.
    peering_connection_id: built ? (connection.upcloudPeeringUuid ?? null) : null,
    state: status.state,
    state_info: status.stateInfo,
    update_time: iso(Math.max(connection.updatedAt, status.changedAt)),
    user_peer_network_cidrs: [...connection.userPeerNetworkCidrs],
    vpc_peering_connection_type: connection.type,
  };
}
