import { json, type SandboxResponse } from '../http';
import {
  upcloudNetworkBlock,
  upcloudPeeringState,
  upcloudReversePeering,
  type UpcloudNetwork,
  type UpcloudPeering,
  type UpcloudRouter,
  type UpcloudState,
} from './state';

/**
 * UpCloud 1.3 JSON bodies, in the shapes of the recorded cassettes
 * (fixtures/upcloud/cassettes) and the SDK's network-peering examples.
 */

/** UpCloud's classic error body: `{"error":{"error_code","error_message"}}`. */
export function upcloudError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): SandboxResponse {
  return json(status, { error: { error_code: code, error_message: message } }, headers);
}

export function networkJson(network: UpcloudNetwork): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ip_networks: { ip_network: network.ipNetworks.map((ip) => ({ ...ip })) },
    labels: network.labels.map((l) => ({ ...l })),
    name: network.name,
  };
  // The cassettes omit `router` when none is attached (see the `{"router":null}` PUT).
  if (network.router) out.router = network.router;
  out.type = network.type;
  out.uuid = network.uuid;
  out.zone = network.zone;
  return out;
}

export function routerJson(state: UpcloudState, router: UpcloudRouter): Record<string, unknown> {
  const attached = [...state.networks.values()]
    .filter((n) => n.router === router.uuid)
    .map((n) => ({ uuid: n.uuid }));
  return {
    attached_network_gateways: [],
    attached_networks: { network: attached },
    labels: router.labels.map((l) => ({ ...l })),
    name: router.name,
    static_routes: [],
    type: router.type,
    uuid: router.uuid,
  };
}

function peeringNetworkJson(network: UpcloudNetwork | undefined, uuid: string) {
  if (!network) return { uuid };
  return {
    ip_networks: {
      ip_network: network.ipNetworks.map((ip) => ({
        address: upcloudNetworkBlock(ip.address),
        family: ip.family,
      })),
    },
    uuid,
  };
}

/**
 * One peering. The peer network's ranges show only once the peer has made its
 * side: the one-way create answer of https://aiven.io/docs/platform/howto/vpc-peering-upcloud
 * carries `peer_network.uuid` alone,
 * the SDK's active examples carry both networks' `ip_networks`.
 */
export function peeringJson(
  state: UpcloudState,
  now: number,
  peering: UpcloudPeering,
): Record<string, unknown> {
  const reverse = upcloudReversePeering(state, peering, now);
  const peer = reverse ? state.networks.get(peering.peerNetworkUuid) : undefined;
  return {
    configured_status: peering.configuredStatus,
    labels: peering.labels.map((l) => ({ ...l })),
    name: peering.name,
    network: peeringNetworkJson(state.networks.get(peering.networkUuid), peering.networkUuid),
    peer_network: peeringNetworkJson(peer, peering.peerNetworkUuid),
    state: upcloudPeeringState(state, now, peering),
    uuid: peering.uuid,
  };
}
