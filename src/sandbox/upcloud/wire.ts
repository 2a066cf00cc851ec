import { json, type SandboxResponse } from '../http';
import {
  upcloudNetworkBlock,
  upcloudPeeringState,
  upcloudReversePeering,
  type UpcloudNetwork,
  type UpcloudPeering,
  type UpcloudRouter,
  type UpcloudServer,
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

/**
 * A network; `servers` are those with an interface on it that the caller sees (the cassettes'
 * `"servers": {"server": [{"title", "uuid"}]}`), left out when there are none.
 */
export function networkJson(
  network: UpcloudNetwork,
  servers: readonly UpcloudServer[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ip_networks: { ip_network: network.ipNetworks.map((ip) => ({ ...ip })) },
    labels: network.labels.map((l) => ({ ...l })),
    name: network.name,
  };
  // The cassettes omit `router` when none is attached (see the `{"router":null}` PUT).
  if (network.router) out.router = network.router;
  const attached = servers.filter((s) => s.networks.includes(network.uuid));
  if (attached.length)
    out.servers = { server: attached.map((s) => ({ title: s.title, uuid: s.uuid })) };
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

/**
 * One entry of GET /1.3/server (https://developers.upcloud.com/1.3/8-servers/#list-servers;
 * upcloud-go-api upcloud/server.go `Server`, numbers as strings as its `,string` tags read).
 */
export function serverJson(server: UpcloudServer): Record<string, unknown> {
  return {
    core_number: String(server.coreNumber),
    hostname: server.hostname,
    license: 0,
    memory_amount: String(server.memoryAmount),
    plan: server.plan,
    progress: '0',
    state: server.state,
    tags: { tag: [] },
    title: server.title,
    uuid: server.uuid,
    zone: server.zone,
  };
}
