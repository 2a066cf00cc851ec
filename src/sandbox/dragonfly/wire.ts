import { json, type SandboxResponse } from '../http';
import type { DragonflyConnectionView, DragonflyConnection, DragonflyNetwork } from './state';

/**
 * Dragonfly Cloud v1 JSON bodies, as the Terraform provider's SDK reads them
 * (fixtures/dragonfly/dfcloud-networks-connections.description.json): a
 * Network embeds its NetworkConfig at the top level, a Connection nests its
 * config under `connection_config`, lists are bare arrays, errors are
 * `{"error": "..."}`.
 */

export function dragonflyError(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): SandboxResponse {
  return json(status, { error: message }, headers);
}

export function networkJson(network: DragonflyNetwork, status: string): Record<string, unknown> {
  return {
    network_id: network.id,
    name: network.name,
    location: { provider: network.provider, region: network.region },
    cidr_block: network.cidr,
    byoc: network.byocAccountId ? { account_id: network.byocAccountId } : {},
    status,
    created_at: Math.floor(network.createdAt / 1000),
    // The VPC is there to peer with only once the network is provisioned.
    vpc:
      status === 'pending'
        ? null
        : { resource_id: network.vpc.resourceId, account_id: network.vpc.accountId },
  };
}

export function connectionJson(
  connection: DragonflyConnection,
  view: DragonflyConnectionView,
): Record<string, unknown> {
  const peer = connection.peer;
  const out: Record<string, unknown> = { connection_id: connection.id, status: view.status };
  if (view.detail) out.status_detail = view.detail;
  out.peer_connection_id = connection.awsPeeringId ?? '';
  out.connection_config = {
    name: connection.name,
    network_id: connection.networkId,
    peer: {
      account_id: peer.accountId,
      cidr_block: peer.cidrBlock,
      vpc_id: peer.vpcId,
      ...(peer.region ? { region: peer.region } : {}),
      azure: {
        resource_group: peer.azure.resourceGroup,
        tenant_id: peer.azure.tenantId,
        app_object_id: peer.azure.appObjectId,
        use_remote_gateways: peer.azure.useRemoteGateways,
      },
    },
  };
  return out;
}
