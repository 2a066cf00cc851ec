import * as ipaddr from 'ipaddr.js';
import { overlaps, parseCidr } from '../../model/cidr';
import { UPCLOUD } from '../worlds/demoTopology';

/**
 * UpCloud sandbox state: SDN networks, routers and network peerings across
 * UpCloud accounts. Peering states are never stored: they are derived on read
 * from both sides (https://aiven.io/docs/platform/howto/vpc-peering-upcloud: "a peering needs to be established from both
 * connecting components to be activated"), so a change on one side shows on
 * the other at once.
 */

/** The zones UpCloud serves; `?zone=` and network create accept only these. */
export const UPCLOUD_ZONES = [
  'au-syd1',
  'de-fra1',
  'dk-cph1',
  'es-mad1',
  'fi-hel1',
  'fi-hel2',
  'nl-ams1',
  'no-svg1',
  'pl-waw1',
  'se-sto1',
  'sg-sin1',
  'uk-lon1',
  'us-chi1',
  'us-nyc1',
  'us-sjo1',
] as const;

/**
 * Owner of the shared public and utility networks that every account sees in
 * its network list (the recorded cassettes list them next to private ones).
 */
export const UPCLOUD_SHARED_OWNER = 'upcloud-shared';

export type UpcloudNetworkType = 'private' | 'public' | 'utility';
export type UpcloudConfiguredStatus = 'active' | 'disabled';
export type UpcloudPeeringState =
  | 'active'
  | 'pending-peer'
  | 'provisioning'
  | 'conflict-subnet'
  | 'missing-local-router'
  | 'missing-peer-router'
  | 'deleted-peer-network'
  | 'disabled'
  | 'peer-disabled'
  | 'error';

export interface UpcloudLabel {
  key: string;
  value: string;
}

export interface UpcloudIpNetwork {
  /** As given by the creator; UpCloud keeps host bits (`192.168.86.1/24`). */
  address: string;
  family: 'IPv4' | 'IPv6';
  dhcp: 'yes' | 'no';
  dhcp_default_route: 'yes' | 'no';
  dhcp_dns?: string[];
  dhcp_routes?: string[];
  gateway?: string;
}

export interface UpcloudNetwork {
  uuid: string;
  name: string;
  type: UpcloudNetworkType;
  zone: string;
  /** UpCloud account (username) that owns it. */
  owner: string;
  router?: string;
  ipNetworks: UpcloudIpNetwork[];
  labels: UpcloudLabel[];
}

export interface UpcloudRouter {
  uuid: string;
  name: string;
  type: 'normal' | 'service';
  owner: string;
  labels: UpcloudLabel[];
}

export interface UpcloudPeering {
  uuid: string;
  name: string;
  owner: string;
  configuredStatus: UpcloudConfiguredStatus;
  networkUuid: string;
  peerNetworkUuid: string;
  labels: UpcloudLabel[];
  createdAt: number;
  /**
   * Until this sandbox time the peering reads as `provisioning`: UpCloud
   * applies a configured_status change asynchronously (the Terraform provider
   * waits for the peering to leave `provisioning` before it deletes).
   */
  provisioningUntil?: number;
  /**
   * From this sandbox time on the peering counts as the other side of its
   * reverse peering. A peering made through the API counts at once; one that
   * Aiven's platform sets up counts only once Aiven has built it.
   */
  establishedAt: number;
}

/**
 * A server, as far as the network checks read it: GET /1.3/server lists it (upcloud-go-api
 * upcloud/server.go `Server`: uuid, title, hostname, zone, state, plan, …) and each private
 * network it has an interface on lists it under `servers` (upcloud/network.go `NetworkServer`:
 * uuid, title). The API exposes no creation, boot or DHCP lease time, so neither does this.
 */
export interface UpcloudServer {
  uuid: string;
  title: string;
  hostname: string;
  zone: string;
  owner: string;
  /** upcloud/server.go: started, stopped, maintenance, error. */
  state: 'started' | 'stopped' | 'maintenance' | 'error';
  plan: string;
  coreNumber: number;
  memoryAmount: number;
  /** UUIDs of the networks it has an interface on. */
  networks: string[];
}

export interface UpcloudAccount {
  username: string;
  password: string;
  tokens: string[];
}

export interface UpcloudState {
  accounts: Map<string, UpcloudAccount>;
  networks: Map<string, UpcloudNetwork>;
  routers: Map<string, UpcloudRouter>;
  servers: Map<string, UpcloudServer>;
  peerings: Map<string, UpcloudPeering>;
}

/**
 * Every world carries the sandbox account (credentials in demoTopology.ts), so
 * the empty world is usable too: it just has nothing in it.
 */
export function createUpcloudState(): UpcloudState {
  const accounts = new Map<string, UpcloudAccount>();
  accounts.set(UPCLOUD.username, {
    username: UPCLOUD.username,
    password: UPCLOUD.password,
    tokens: [UPCLOUD.token],
  });
  return {
    accounts,
    networks: new Map(),
    routers: new Map(),
    servers: new Map(),
    peerings: new Map(),
  };
}

export function upcloudAddNetwork(state: UpcloudState, network: UpcloudNetwork): UpcloudNetwork {
  state.networks.set(network.uuid, network);
  return network;
}

export function upcloudAddRouter(state: UpcloudState, router: UpcloudRouter): UpcloudRouter {
  state.routers.set(router.uuid, router);
  return router;
}

export function upcloudAddPeering(state: UpcloudState, peering: UpcloudPeering): UpcloudPeering {
  state.peerings.set(peering.uuid, peering);
  return peering;
}

/** Removes a network and the peerings made from it (its owner's side goes with it). */
export function upcloudRemoveNetwork(state: UpcloudState, uuid: string): void {
  state.networks.delete(uuid);
  for (const [id, peering] of state.peerings) {
    if (peering.networkUuid === uuid) state.peerings.delete(id);
  }
}

/** The network block of an `ip_network` entry with host bits cleared, e.g. `192.168.86.0/24`. */
export function upcloudNetworkBlock(address: string): string {
  const [addr, prefix] = ipaddr.parseCIDR(address);
  const network =
    addr.kind() === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(address)
      : ipaddr.IPv6.networkAddressFromCIDR(address);
  return parseCidr(`${network.toString()}/${prefix}`).text;
}

/** The first pair of overlapping blocks between two networks' ip_networks, or undefined. */
export function upcloudOverlap(a: UpcloudNetwork, b: UpcloudNetwork): [string, string] | undefined {
  for (const x of a.ipNetworks) {
    for (const y of b.ipNetworks) {
      if (overlaps(upcloudNetworkBlock(x.address), upcloudNetworkBlock(y.address)))
        return [x.address, y.address];
    }
  }
  return undefined;
}

/** The peering made from the peer network back to this one, once it has been established. */
export function upcloudReversePeering(
  state: UpcloudState,
  peering: UpcloudPeering,
  now: number,
): UpcloudPeering | undefined {
  for (const other of state.peerings.values()) {
    if (
      other.networkUuid === peering.peerNetworkUuid &&
      other.peerNetworkUuid === peering.networkUuid &&
      other.establishedAt <= now
    )
      return other;
  }
  return undefined;
}

/**
 * The state UpCloud reports, derived from both sides. Order matters: an
 * administrative state (provisioning, disabled) hides the others, a missing
 * peer network hides what can no longer be checked, and the peer's side is
 * looked at last, because it is what a one-sided peering is waiting for.
 */
export function upcloudPeeringState(
  state: UpcloudState,
  now: number,
  peering: UpcloudPeering,
): UpcloudPeeringState {
  if (peering.provisioningUntil !== undefined && now < peering.provisioningUntil)
    return 'provisioning';
  if (peering.configuredStatus === 'disabled') return 'disabled';
  const local = state.networks.get(peering.networkUuid);
  const peer = state.networks.get(peering.peerNetworkUuid);
  if (!local) return 'error';
  if (!peer) return 'deleted-peer-network';
  if (!local.router || !state.routers.has(local.router)) return 'missing-local-router';
  if (upcloudOverlap(local, peer)) return 'conflict-subnet';
  const reverse = upcloudReversePeering(state, peering, now);
  if (!reverse) return 'pending-peer';
  if (reverse.configuredStatus === 'disabled') return 'peer-disabled';
  if (!peer.router || !state.routers.has(peer.router)) return 'missing-peer-router';
  return 'active';
}

/** Finds the account a request authenticates as: HTTP Basic or a bearer token. */
export function upcloudAuthenticate(
  state: UpcloudState,
  authorization: string | undefined,
): UpcloudAccount | undefined {
  if (!authorization) return undefined;
  const [scheme, credentials] = authorization.trim().split(/\s+/, 2);
  if (!credentials) return undefined;
  if (scheme.toLowerCase() === 'bearer') {
    for (const account of state.accounts.values()) {
      if (account.tokens.includes(credentials)) return account;
    }
    return undefined;
  }
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const account = state.accounts.get(decoded.slice(0, colon));
    return account && account.password === decoded.slice(colon + 1) ? account : undefined;
  }
  return undefined;
}
