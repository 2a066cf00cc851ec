import type { SandboxClock } from '../clock';
import { addAwsVpc, awsDeletePeering, awsPeeringStatus, type AwsState } from '../aws/state';
import { DRAGONFLY } from '../worlds/demoTopology';

/**
 * Dragonfly Cloud sandbox state: networks (Dragonfly-managed VPCs) and the
 * connections that peer them with customer VPCs.
 *
 * A network on AWS is a real VPC in Dragonfly's AWS account in the AWS state,
 * and a connection to an AWS VPC is a real VPC peering request from it to the
 * customer's VPC. The connection's status is read from that peering: the
 * customer accepting it with their own AWS credentials is what makes the
 * connection `active`.
 *
 * Networks and connections on GCP and Azure are kept here only: the sandbox
 * does not link them to its GCP and Azure services, so their connections stay
 * `inactive` (see dragonflyConnectionStatus).
 */

export type DragonflyProvider = 'aws' | 'gcp' | 'azure';
export type DragonflyNetworkStatus = 'pending' | 'active' | 'failed' | 'deleting' | 'deleted';
export type DragonflyConnectionStatus =
  'pending' | 'active' | 'inactive' | 'irrecoverable' | 'deleting' | 'deleted' | 'failed';

export interface NewDragonflyNetwork {
  id: string;
  name: string;
  provider: DragonflyProvider;
  region: string;
  cidr: string;
  byocAccountId?: string;
  /** The provisioned VPC: its id and the account that owns it. */
  vpc: { resourceId: string; accountId: string };
}

export interface DragonflyNetwork extends NewDragonflyNetwork {
  createdAt: number;
  activeAt: number;
  deletingAt?: number;
}

export interface DragonflyPeer {
  accountId: string;
  cidrBlock: string;
  vpcId: string;
  region?: string;
  azure: {
    resourceGroup: string;
    tenantId: string;
    appObjectId: string;
    useRemoteGateways: boolean;
  };
}

export interface DragonflyConnection {
  id: string;
  name: string;
  networkId: string;
  peer: DragonflyPeer;
  createdAt: number;
  /** Until then the connection reads `pending`: Dragonfly is setting it up. */
  pendingUntil: number;
  /** The AWS VPC peering behind a connection to AWS. */
  awsPeeringId?: string;
  /** Why the peering could not be requested or why AWS failed it, for status_detail. */
  failureDetail?: string;
  deletingAt?: number;
}

export interface DragonflyState {
  apiKeys: Set<string>;
  networks: Map<string, DragonflyNetwork>;
  connections: Map<string, DragonflyConnection>;
}

/** Every world has the sandbox API key, so the empty world is usable too. */
export function createDragonflyState(): DragonflyState {
  return { apiKeys: new Set([DRAGONFLY.apiKey]), networks: new Map(), connections: new Map() };
}

export interface DragonflyTiming {
  now: number;
  operationDelayMs: number;
}

/** Deleted resources stay readable as `deleted` (the Terraform provider polls for it). */
function deletionStatus(deletingAt: number, timing: DragonflyTiming): 'deleting' | 'deleted' {
  return timing.now < deletingAt + timing.operationDelayMs ? 'deleting' : 'deleted';
}

export function dragonflyNetworkStatus(
  network: DragonflyNetwork,
  timing: DragonflyTiming,
): DragonflyNetworkStatus {
  if (network.deletingAt !== undefined) return deletionStatus(network.deletingAt, timing);
  return timing.now < network.activeAt ? 'pending' : 'active';
}

/**
 * Adds a network. On AWS it also adds its VPC to the AWS state, in the account
 * that `vpc.accountId` names, unless that VPC exists already (the demo's does).
 */
export function dragonflyAddNetwork(
  state: DragonflyState,
  aws: AwsState,
  timing: DragonflyTiming,
  input: NewDragonflyNetwork,
): DragonflyNetwork {
  if (input.provider === 'aws' && !aws.vpcs.has(input.vpc.resourceId)) {
    addAwsVpc(aws, {
      id: input.vpc.resourceId,
      accountId: input.vpc.accountId,
      region: input.region,
      cidrs: [input.cidr],
      name: `dragonfly-${input.name}`,
    });
  }
  const network: DragonflyNetwork = {
    ...input,
    createdAt: timing.now,
    activeAt: timing.now + timing.operationDelayMs,
  };
  state.networks.set(network.id, network);
  return network;
}

export function dragonflyAddConnection(
  state: DragonflyState,
  connection: DragonflyConnection,
): DragonflyConnection {
  state.connections.set(connection.id, connection);
  return connection;
}

/** Marks a connection deleting and deletes its AWS peering as its requester, Dragonfly. */
export function dragonflyDeleteConnection(
  aws: AwsState,
  clock: SandboxClock,
  connection: DragonflyConnection,
): void {
  connection.deletingAt = clock.now();
  if (connection.awsPeeringId) awsDeletePeering(aws, clock, connection.awsPeeringId);
}

export interface DragonflyConnectionView {
  status: DragonflyConnectionStatus;
  detail?: string;
}

/**
 * The connection status, derived on read. For AWS peers it follows the AWS
 * peering: pending-acceptance is `inactive` (the customer has to accept),
 * active is `active`, failed/rejected/expired are `failed`, and a peering the
 * customer deleted is `irrecoverable`.
 */
export function dragonflyConnectionStatus(
  aws: AwsState,
  clock: SandboxClock,
  timing: DragonflyTiming,
  network: DragonflyNetwork | undefined,
  connection: DragonflyConnection,
): DragonflyConnectionView {
  if (connection.deletingAt !== undefined)
    return { status: deletionStatus(connection.deletingAt, timing) };
  if (timing.now < connection.pendingUntil) return { status: 'pending' };
  if (connection.failureDetail && !connection.awsPeeringId)
    return { status: 'failed', detail: connection.failureDetail };
  if (!network || network.provider !== 'aws' || !connection.awsPeeringId) {
    return {
      status: 'inactive',
      detail: `Create the peering to Dragonfly network ${connection.networkId} (${network?.vpc.resourceId ?? 'unknown VPC'}) from ${connection.peer.vpcId}; the sandbox does not link Dragonfly ${network?.provider ?? ''} networks to its ${network?.provider ?? ''} service, so this connection stays inactive`,
    };
  }
  const pcx = connection.awsPeeringId;
  const awsStatus = awsPeeringStatus(aws, clock, pcx);
  const region = connection.peer.region ?? network.region;
  switch (awsStatus) {
    case 'initiating-request':
      return { status: 'pending' };
    case 'pending-acceptance':
      return {
        status: 'inactive',
        detail: `Accept VPC peering connection ${pcx} in AWS account ${connection.peer.accountId} (${region})`,
      };
    case 'provisioning':
      return { status: 'inactive', detail: `VPC peering connection ${pcx} is being provisioned` };
    case 'active':
      return { status: 'active' };
    case 'failed':
      return {
        status: 'failed',
        detail: connection.failureDetail ?? `AWS failed VPC peering connection ${pcx}`,
      };
    case 'rejected':
      return { status: 'failed', detail: `VPC peering connection ${pcx} was rejected` };
    case 'expired':
      return {
        status: 'failed',
        detail: `VPC peering connection ${pcx} expired before it was accepted`,
      };
    default:
      // deleting, deleted, or no longer visible at all: the customer removed it.
      return {
        status: 'irrecoverable',
        detail: `VPC peering connection ${pcx} was deleted from AWS account ${connection.peer.accountId}`,
      };
  }
}
