import { firstOverlap } from '../../model/cidr';
import {
  upcloudAddNetwork,
  upcloudAddPeering,
  upcloudAddRouter,
  upcloudNetworkBlock,
  upcloudPeeringState,
  upcloudRemoveNetwork,
  type UpcloudState,
} from '../upcloud/state';
import { AIVEN } from '../worlds/demoTopology';

/**
 * Aiven sandbox state: project VPCs and their peering connections.
 *
 * A VPC in an `upcloud-<zone>` cloud is backed by an SDN network in Aiven's
 * own UpCloud account, which lives in the UpCloud state, so UpCloud's API finds
 * it as a peer network. A peering connection to an UpCloud network is Aiven's
 * side of the peering: Aiven creates an UpCloud network peering from its
 * network to the user's, and the connection is ACTIVE only when UpCloud says
 * that peering is active, i.e. when the user has made the way back.
 */

/** The UpCloud account that owns the networks behind Aiven VPCs. */
export const AIVEN_UPCLOUD_ACCOUNT = 'aiven-platform';

export type AivenVpcState = 'ACTIVE' | 'APPROVED' | 'DELETED' | 'DELETING';
export type AivenPeeringState =
  | 'ACTIVE'
  | 'APPROVED'
  | 'APPROVED_PEER_REQUESTED'
  | 'DELETED'
  | 'DELETED_BY_PEER'
  | 'DELETING'
  | 'ERROR'
  | 'INVALID_SPECIFICATION'
  | 'PENDING_PEER'
  | 'REJECTED_BY_PEER';

export type AivenPeeringType =
  | 'aws-vpc-peering-connection'
  | 'azure-vnet-peering'
  | 'do-vpc-peering'
  | 'google-vpc-peering'
  | 'upcloud-vpc-peering';

export interface AivenPeeringConnection {
  peerCloudAccount: string;
  peerVpc: string;
  peerRegion: string | null;
  peerResourceGroup: string | null;
  peerAzureAppId: string | null;
  peerAzureTenantId: string | null;
  userPeerNetworkCidrs: string[];
  type: AivenPeeringType;
  createdAt: number;
  updatedAt: number;
  /** Until then the connection reads APPROVED: Aiven has not built its side yet. */
  approvedUntil: number;
  /** Aiven's UpCloud network peering (its side), for UpCloud peers. */
  upcloudPeeringUuid?: string;
  /** Why Aiven could not build its side; the state reads INVALID_SPECIFICATION. */
  invalidReason?: string;
  deletingAt?: number;
}

export interface AivenVpc {
  projectVpcId: string;
  project: string;
  cloudName: string;
  networkCidr: string;
  createdAt: number;
  updatedAt: number;
  activeAt: number;
  deletingAt?: number;
  /** The UpCloud SDN network behind an `upcloud-*` VPC (the "Aiven network ID"). */
  upcloudNetworkUuid?: string;
  upcloudRouterUuid?: string;
  connections: AivenPeeringConnection[];
}

export interface AivenState {
  tokens: Set<string>;
  projects: Set<string>;
  vpcs: Map<string, AivenVpc>;
}

/** Every world has the sandbox token and project, so the empty world is usable too. */
export function createAivenState(): AivenState {
  return { tokens: new Set([AIVEN.token]), projects: new Set([AIVEN.project]), vpcs: new Map() };
}

/** The UpCloud zone of an `upcloud-<zone>` cloud name, or undefined for other clouds. */
export function aivenUpcloudZone(cloudName: string): string | undefined {
  return cloudName.startsWith('upcloud-') ? cloudName.slice('upcloud-'.length) : undefined;
}

export interface AivenTiming {
  now: number;
  operationDelayMs: number;
}

export interface NewAivenVpc {
  projectVpcId: string;
  project: string;
  cloudName: string;
  networkCidr: string;
  /** Ids for the backing UpCloud network and router (upcloud-* clouds only). */
  upcloudNetworkUuid?: string;
  upcloudRouterUuid?: string;
}

export function aivenCreateVpc(
  aiven: AivenState,
  upcloud: UpcloudState,
  timing: AivenTiming,
  input: NewAivenVpc,
): AivenVpc {
  const vpc: AivenVpc = {
    projectVpcId: input.projectVpcId,
    project: input.project,
    cloudName: input.cloudName,
    networkCidr: input.networkCidr,
    createdAt: timing.now,
    updatedAt: timing.now,
    activeAt: timing.now + timing.operationDelayMs,
    connections: [],
  };
  const zone = aivenUpcloudZone(input.cloudName);
  if (zone && input.upcloudNetworkUuid && input.upcloudRouterUuid) {
    vpc.upcloudNetworkUuid = input.upcloudNetworkUuid;
    vpc.upcloudRouterUuid = input.upcloudRouterUuid;
    upcloudAddRouter(upcloud, {
      uuid: input.upcloudRouterUuid,
      name: `aiven-${input.project}-${input.cloudName}`,
      type: 'normal',
      owner: AIVEN_UPCLOUD_ACCOUNT,
      labels: [],
    });
    const gateway = input.networkCidr.replace(/\.0\/(\d+)$/, '.1');
    upcloudAddNetwork(upcloud, {
      uuid: input.upcloudNetworkUuid,
      name: `aiven-vpc-${input.projectVpcId}`,
      type: 'private',
      zone,
      owner: AIVEN_UPCLOUD_ACCOUNT,
      router: input.upcloudRouterUuid,
      ipNetworks: [
        {
          address: input.networkCidr,
          dhcp: 'yes',
          dhcp_default_route: 'no',
          family: 'IPv4',
          gateway,
        },
      ],
      labels: [{ key: 'aiven-project', value: input.project }],
    });
  }
  aiven.vpcs.set(vpc.projectVpcId, vpc);
  return vpc;
}

export interface NewAivenPeering {
  peerCloudAccount: string;
  peerVpc: string;
  peerRegion?: string | null;
  peerResourceGroup?: string | null;
  peerAzureAppId?: string | null;
  peerAzureTenantId?: string | null;
  userPeerNetworkCidrs?: string[];
  /** Id for Aiven's UpCloud network peering, when the peer is an UpCloud network. */
  upcloudPeeringUuid?: string;
}

export function aivenPeeringType(cloudName: string): AivenPeeringType {
  if (cloudName.startsWith('upcloud-')) return 'upcloud-vpc-peering';
  if (cloudName.startsWith('google-')) return 'google-vpc-peering';
  if (cloudName.startsWith('azure-')) return 'azure-vnet-peering';
  if (cloudName.startsWith('do-')) return 'do-vpc-peering';
  return 'aws-vpc-peering-connection';
}

/**
 * Adds a peering connection. For an UpCloud peer it also makes Aiven's side in
 * UpCloud, established once the connection leaves APPROVED, unless the peer
 * network cannot be peered, which Aiven reports as INVALID_SPECIFICATION.
 */
export function aivenAddPeering(
  upcloud: UpcloudState,
  timing: AivenTiming,
  vpc: AivenVpc,
  input: NewAivenPeering,
): AivenPeeringConnection {
  const approvedUntil = Math.max(timing.now, vpc.activeAt) + timing.operationDelayMs;
  const connection: AivenPeeringConnection = {
    peerCloudAccount: input.peerCloudAccount,
    peerVpc: input.peerVpc,
    peerRegion: input.peerRegion ?? null,
    peerResourceGroup: input.peerResourceGroup ?? null,
    peerAzureAppId: input.peerAzureAppId ?? null,
    peerAzureTenantId: input.peerAzureTenantId ?? null,
    userPeerNetworkCidrs: [...(input.userPeerNetworkCidrs ?? [])],
    type: aivenPeeringType(vpc.cloudName),
    createdAt: timing.now,
    updatedAt: timing.now,
    approvedUntil,
  };
  if (connection.type === 'upcloud-vpc-peering' && vpc.upcloudNetworkUuid) {
    const peer = upcloud.networks.get(input.peerVpc);
    const zone = aivenUpcloudZone(vpc.cloudName);
    const overlap = peer
      ? firstOverlap(
          [vpc.networkCidr],
          peer.ipNetworks
            .filter((ip) => ip.family === 'IPv4')
            .map((ip) => upcloudNetworkBlock(ip.address)),
        )
      : undefined;
    if (!peer) {
      connection.invalidReason = `UpCloud network ${input.peerVpc} (peer_vpc) does not exist.`;
    } else if (peer.type !== 'private') {
      connection.invalidReason = `UpCloud network ${input.peerVpc} (peer_vpc) is a ${peer.type} network; only private networks can be peered.`;
    } else if (peer.zone !== zone) {
      connection.invalidReason = `UpCloud network ${input.peerVpc} (peer_vpc) is in zone ${peer.zone}, but this VPC is in ${zone}.`;
    } else if (overlap) {
      connection.invalidReason = `The VPC range ${overlap[0]} overlaps ${overlap[1]} of UpCloud network ${input.peerVpc} (peer_vpc).`;
    } else if (input.upcloudPeeringUuid) {
      connection.upcloudPeeringUuid = input.upcloudPeeringUuid;
      upcloudAddPeering(upcloud, {
        uuid: input.upcloudPeeringUuid,
        name: `aiven-${vpc.projectVpcId}`,
        owner: AIVEN_UPCLOUD_ACCOUNT,
        configuredStatus: 'active',
        networkUuid: vpc.upcloudNetworkUuid,
        peerNetworkUuid: input.peerVpc,
        labels: [],
        createdAt: timing.now,
        establishedAt: approvedUntil,
      });
    }
  }
  vpc.connections.push(connection);
  return connection;
}

/** Marks a connection DELETING and takes Aiven's side out of UpCloud at once. */
export function aivenDeletePeering(
  upcloud: UpcloudState,
  now: number,
  connection: AivenPeeringConnection,
): void {
  connection.deletingAt = now;
  connection.updatedAt = now;
  if (connection.upcloudPeeringUuid) upcloud.peerings.delete(connection.upcloudPeeringUuid);
}

export function aivenDeleteVpc(upcloud: UpcloudState, now: number, vpc: AivenVpc): void {
  vpc.deletingAt = now;
  vpc.updatedAt = now;
  if (vpc.upcloudNetworkUuid) upcloudRemoveNetwork(upcloud, vpc.upcloudNetworkUuid);
  if (vpc.upcloudRouterUuid) upcloud.routers.delete(vpc.upcloudRouterUuid);
}

/** A VPC or connection is gone for good one operation delay after its delete. */
export function aivenIsGone(deletingAt: number | undefined, timing: AivenTiming): boolean {
  return deletingAt !== undefined && timing.now >= deletingAt + timing.operationDelayMs;
}

export function aivenVpcState(vpc: AivenVpc, timing: AivenTiming): AivenVpcState {
  if (vpc.deletingAt !== undefined)
    return aivenIsGone(vpc.deletingAt, timing) ? 'DELETED' : 'DELETING';
  return timing.now < vpc.activeAt ? 'APPROVED' : 'ACTIVE';
}

export interface AivenStateInfo {
  message: string;
  type: string;
  warnings?: { message: string; type: string }[];
  /** The Aiven VPC's UpCloud network: what the user peers back to (the "Aiven network ID"). */
  'to-network-id'?: string;
  [key: string]: unknown;
}

export interface AivenPeeringStatus {
  state: AivenPeeringState;
  stateInfo: AivenStateInfo;
  /** When the state last changed, for update_time. */
  changedAt: number;
}

/** Derives a connection's state from the clock and, for UpCloud peers, from UpCloud's peering. */
export function aivenPeeringStatus(
  upcloud: UpcloudState,
  timing: AivenTiming,
  vpc: AivenVpc,
  connection: AivenPeeringConnection,
): AivenPeeringStatus {
  const { now } = timing;
  if (connection.deletingAt !== undefined) {
    const gone = aivenIsGone(connection.deletingAt, timing);
    return {
      state: gone ? 'DELETED' : 'DELETING',
      stateInfo: {
        message: gone ? 'Peering connection deleted' : 'Peering connection is being deleted',
        type: gone ? 'deleted' : 'deleting',
      },
      changedAt: connection.deletingAt,
    };
  }
  if (now < connection.approvedUntil) {
    return {
      state: 'APPROVED',
      stateInfo: {
        message: 'Peering connection request approved; Aiven is building its side of the peering',
        type: 'approved',
      },
      changedAt: connection.createdAt,
    };
  }
  const changedAt = connection.approvedUntil;
  if (connection.invalidReason) {
    return {
      state: 'INVALID_SPECIFICATION',
      stateInfo: { message: connection.invalidReason, type: 'invalid-specification' },
      changedAt,
    };
  }
  if (connection.type !== 'upcloud-vpc-peering') {
    // The sandbox links Aiven only to UpCloud; other peers wait for a side it cannot see.
    return {
      state: 'PENDING_PEER',
      stateInfo: {
        message: `Aiven has requested the peering to ${connection.peerVpc}; accept it in ${connection.peerCloudAccount}`,
        type: 'pending-peer',
      },
      changedAt,
    };
  }
  const networkId = vpc.upcloudNetworkUuid;
  const ours = connection.upcloudPeeringUuid
    ? upcloud.peerings.get(connection.upcloudPeeringUuid)
    : undefined;
  if (!ours || !networkId) {
    return {
      state: 'ERROR',
      stateInfo: { message: "Aiven's side of the UpCloud peering is missing", type: 'error' },
      changedAt,
    };
  }
  const upcloudState = upcloudPeeringState(upcloud, now, ours);
  const pendingMessage = `Aiven has created its side of the peering. Create an UpCloud network peering from ${connection.peerVpc} to the Aiven network ${networkId} to activate it`;
  switch (upcloudState) {
    case 'active':
      return {
        state: 'ACTIVE',
        stateInfo: {
          message: 'Peering connection is active',
          type: 'active',
          'to-network-id': networkId,
        },
        changedAt,
      };
    case 'deleted-peer-network':
      return {
        state: 'DELETED_BY_PEER',
        stateInfo: {
          message: `UpCloud network ${connection.peerVpc} was deleted`,
          type: 'deleted-by-peer',
          'to-network-id': networkId,
        },
        changedAt,
      };
    case 'conflict-subnet':
      return {
        state: 'INVALID_SPECIFICATION',
        stateInfo: {
          message: `UpCloud network ${connection.peerVpc} now overlaps the VPC range ${vpc.networkCidr}`,
          type: 'invalid-specification',
          warnings: [
            {
              message: `UpCloud network ${connection.peerVpc} overlaps ${vpc.networkCidr}`,
              type: 'overlapping-peer-vpc-ip-ranges',
            },
          ],
          'to-network-id': networkId,
        },
        changedAt,
      };
    case 'peer-disabled':
    case 'missing-peer-router':
      return {
        state: 'PENDING_PEER',
        stateInfo: {
          message: pendingMessage,
          type: 'pending-peer',
          warnings: [
            {
              message:
                upcloudState === 'peer-disabled'
                  ? `The UpCloud peering from ${connection.peerVpc} is disabled`
                  : `UpCloud network ${connection.peerVpc} has no router attached`,
              type: 'upcloud-peering-in-error',
            },
          ],
          'to-network-id': networkId,
        },
        changedAt,
      };
    default:
      return {
        state: 'PENDING_PEER',
        stateInfo: { message: pendingMessage, type: 'pending-peer', 'to-network-id': networkId },
        changedAt,
      };
  }
}
