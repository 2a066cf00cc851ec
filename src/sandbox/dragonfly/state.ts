import type { SandboxClock } from '../clock';
import { addAwsVpc, awsDeletePeering, awsPeeringStatus, type AwsState } from '../aws/state';
import { addResourceGroup, addSubscription, addTenant } from '../azure/demo';
import { firstOverlap, removePeering, settlePeering } from '../azure/peerings';
import {
  etag,
  findVnet,
  key,
  vnetId,
  type AzureState,
  type AzureVirtualNetwork,
} from '../azure/state';
import { overlapError, refreshPeeringStates } from '../gcp/peerings';
import { gatewayOf } from '../gcp/resources';
import {
  addProject,
  findNetwork as findGcpNetwork,
  numericId,
  type GcpNetwork,
  type GcpState,
} from '../gcp/state';
import type { SeededRandom } from '../random';
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
 * A network on GCP is a VPC network in Dragonfly's GCP project in the GCP
 * state (its "account ID" is the project, its "VPC ID" the network name), and
 * a connection to a GCP network is Dragonfly's half of a VPC Network Peering
 * from it. The connection turns `active` when the customer creates the other
 * half with --peer-project/--peer-network (Dragonfly Cloud docs, "Peering
 * connections", GCP: "Observe the connection becomes Active after a few
 * moments"; Google Cloud: a peering is ACTIVE once the peer network has the
 * matching configuration).
 *
 * A network on Azure is a VNet in Dragonfly's subscription, in Dragonfly's
 * tenant (its "account ID" is /subscriptions/<id>/resourceGroups/<group>, its
 * "VPC ID" the VNet name, as https://www.dragonflydb.io/docs/cloud/connections,
 * Azure, composes dfcloud_vnet_id).
 * A connection to an Azure VNet is Dragonfly's VNet peering to it, made with
 * the customer's multi-tenant application (the Azure AD steps are not
 * modelled: the sandbox has no Microsoft Graph). It reads `inactive` while
 * that peering is Initiated and `active` once the customer's peering back
 * exists and both are Connected (Dragonfly Cloud docs, Azure step 6: "The
 * connection will become Active after peering is established"; Azure: a
 * peering is Connected once both sides exist).
 */

/** Dragonfly Cloud's tenant, a fixed value in https://www.dragonflydb.io/docs/cloud/connections, Azure (dfcloud_tenant_id). */
export const DRAGONFLY_AZURE_TENANT_ID = '3f7cbd78-1650-4b7d-b28f-8ee05eac10a4';
/** Where the sandbox's Dragonfly Cloud keeps the VPCs of its GCP and Azure networks. */
export const DRAGONFLY_GCP_PROJECT = 'dragonfly-cloud-prod';
export const DRAGONFLY_AZURE_SUBSCRIPTION = 'dddddddd-0000-4000-8000-00000000df01';

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
  /** Dragonfly's half of the peering to a GCP network or an Azure VNet: its name on Dragonfly's network. */
  peeringName?: string;
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

/** The clouds' states a Dragonfly network lives in, and the generator for their ids. */
export interface DragonflyClouds {
  aws: AwsState;
  gcp: GcpState;
  azure: AzureState;
  random: SeededRandom;
  now: number;
}

/** Where a new network's VPC goes: an AWS VPC id, a GCP network in Dragonfly's project, an Azure VNet. */
export function dragonflyVpcFor(
  id: string,
  provider: DragonflyProvider,
  region: string,
  random: SeededRandom,
  byocAccountId: string | undefined,
  awsAccountId: string,
): NewDragonflyNetwork['vpc'] {
  if (provider === 'aws')
    return { resourceId: `vpc-${random.hex(17)}`, accountId: byocAccountId ?? awsAccountId };
  if (provider === 'gcp')
    return { resourceId: id, accountId: byocAccountId ?? DRAGONFLY_GCP_PROJECT };
  return {
    resourceId: id,
    accountId: `/subscriptions/${DRAGONFLY_AZURE_SUBSCRIPTION}/resourceGroups/dragonfly-${region}`,
  };
}

/** The GCP network of a Dragonfly network on GCP. */
function gcpNetworkOf(gcp: GcpState, network: DragonflyNetwork): GcpNetwork | undefined {
  return findGcpNetwork(gcp, network.vpc.accountId, network.vpc.resourceId);
}

/** The Azure VNet of a Dragonfly network on Azure. */
function azureVnetOf(
  azure: AzureState,
  network: DragonflyNetwork,
): AzureVirtualNetwork | undefined {
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)$/i.exec(network.vpc.accountId);
  return m
    ? findVnet(azure, { subscriptionId: m[1], resourceGroup: m[2], name: network.vpc.resourceId })
    : undefined;
}

/**
 * Adds a network and its VPC in the cloud that hosts it, unless that VPC
 * exists already (the demo's does): an AWS VPC in the account `vpc.accountId`
 * names, a GCP VPC network (one subnet of the CIDR in the region) in
 * Dragonfly's project, or an Azure VNet in Dragonfly's subscription and tenant.
 */
export function dragonflyAddNetwork(
  state: DragonflyState,
  clouds: DragonflyClouds,
  timing: DragonflyTiming,
  input: NewDragonflyNetwork,
): DragonflyNetwork {
  if (input.provider === 'aws' && !clouds.aws.vpcs.has(input.vpc.resourceId)) {
    addAwsVpc(clouds.aws, {
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
  if (input.provider === 'gcp' && !gcpNetworkOf(clouds.gcp, network)) {
    const created = new Date(clouds.now).toISOString();
    const project = addProject(
      clouds.gcp,
      input.vpc.accountId,
      `9${numericId(clouds.random).slice(0, 11)}`,
    );
    project.networks.set(input.vpc.resourceId, {
      id: numericId(clouds.random),
      project: project.id,
      name: input.vpc.resourceId,
      description: `Dragonfly Cloud network ${input.name}`,
      creationTimestamp: created,
      autoCreateSubnetworks: false,
      mtu: 1460,
      routingMode: 'REGIONAL',
      subnetworks: [
        {
          id: numericId(clouds.random),
          name: `${input.vpc.resourceId}-${input.region}`,
          region: input.region,
          ipCidrRange: input.cidr,
          gatewayAddress: gatewayOf(input.cidr),
          creationTimestamp: created,
        },
      ],
      peerings: [],
    });
  }
  if (input.provider === 'azure' && !azureVnetOf(clouds.azure, network)) {
    const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)$/i.exec(input.vpc.accountId);
    if (m) {
      const azure = clouds.azure;
      if (!azure.tenants.has(key(DRAGONFLY_AZURE_TENANT_ID)))
        addTenant(
          azure,
          DRAGONFLY_AZURE_TENANT_ID,
          'Dragonfly Cloud',
          'dragonflydb.onmicrosoft.com',
          false,
        );
      const sub =
        azure.subscriptions.get(key(m[1])) ??
        addSubscription(azure, m[1], DRAGONFLY_AZURE_TENANT_ID, 'Dragonfly Cloud networks');
      const group = sub.resourceGroups.get(key(m[2])) ?? addResourceGroup(sub, m[2], input.region);
      group.virtualNetworks.set(key(input.vpc.resourceId), {
        subscriptionId: sub.subscriptionId,
        resourceGroup: group.name,
        name: input.vpc.resourceId,
        location: input.region,
        resourceGuid: clouds.random.uuid(),
        etag: etag(clouds.random),
        addressPrefixes: [input.cidr],
        subnets: [{ name: 'default', addressPrefix: input.cidr }],
        peerings: new Map(),
        tags: { 'dragonfly:network-id': input.id },
        provisioningState: 'Succeeded',
      });
    }
  }
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

/** The clouds a connection's peering lives in. */
export type DragonflyPeeringClouds = Pick<DragonflyClouds, 'aws' | 'gcp' | 'azure'>;

/**
 * Makes Dragonfly's half of a connection to a GCP network or an Azure VNet:
 * a peering from the Dragonfly network's VPC to the customer's. When the
 * customer's network is missing or overlaps, the connection fails with the
 * reason in `failureDetail`, as the real one does ("If the connection fails,
 * please check if all the details are correct").
 */
export function dragonflyRequestPeering(
  clouds: DragonflyClouds,
  network: DragonflyNetwork,
  connection: DragonflyConnection,
): void {
  const peer = connection.peer;
  const name = `dfcloud-${connection.id}`;
  if (network.provider === 'gcp') {
    const own = gcpNetworkOf(clouds.gcp, network);
    const theirs = findGcpNetwork(clouds.gcp, peer.accountId, peer.vpcId);
    if (!own || !theirs) {
      connection.failureDetail = `GCP network ${peer.vpcId} was not found in project ${peer.accountId}`;
      return;
    }
    const overlap = overlapError(own, theirs);
    if (overlap) {
      connection.failureDetail = overlap.message;
      return;
    }
    own.peerings.push({
      name,
      peerProject: theirs.project,
      peerNetwork: theirs.name,
      exchangeSubnetRoutes: true,
      exportCustomRoutes: false,
      importCustomRoutes: false,
      exportSubnetRoutesWithPublicIp: true,
      importSubnetRoutesWithPublicIp: false,
      stackType: 'IPV4_ONLY',
      state: 'INACTIVE',
      stateDetails: '',
    });
    refreshPeeringStates(clouds.gcp, [own, theirs], clouds.now);
    connection.peeringName = name;
  } else if (network.provider === 'azure') {
    const own = azureVnetOf(clouds.azure, network);
    const theirs = findVnet(clouds.azure, {
      subscriptionId: peer.accountId,
      resourceGroup: peer.azure.resourceGroup,
      name: peer.vpcId,
    });
    if (!own || !theirs) {
      connection.failureDetail = `VNet ${peer.vpcId} was not found in resource group ${peer.azure.resourceGroup} of subscription ${peer.accountId}`;
      return;
    }
    const overlap = firstOverlap(own.addressPrefixes, theirs.addressPrefixes);
    if (overlap) {
      connection.failureDetail = `the Dragonfly network ${overlap[0]} overlaps ${overlap[1]} of VNet ${peer.vpcId}`;
      return;
    }
    const peering = {
      name,
      remoteVirtualNetworkId: vnetId(theirs),
      allowVirtualNetworkAccess: true,
      allowForwardedTraffic: false,
      allowGatewayTransit: false,
      useRemoteGateways: peer.azure.useRemoteGateways,
      peeringState: 'Initiated' as const,
      syncedRemoteAddressSpace: [...theirs.addressPrefixes],
      provisioningState: 'Succeeded' as const,
      resourceGuid: clouds.random.uuid(),
      etag: etag(clouds.random),
    };
    own.peerings.set(key(name), peering);
    settlePeering(clouds.azure, own, peering);
    connection.peeringName = name;
  }
}

/** Marks a connection deleting and removes Dragonfly's half of its peering (AWS, GCP or Azure). */
export function dragonflyDeleteConnection(
  clouds: DragonflyPeeringClouds,
  clock: SandboxClock,
  network: DragonflyNetwork | undefined,
  connection: DragonflyConnection,
): void {
  connection.deletingAt = clock.now();
  if (connection.awsPeeringId) awsDeletePeering(clouds.aws, clock, connection.awsPeeringId);
  if (!network || !connection.peeringName) return;
  if (network.provider === 'gcp') {
    const own = gcpNetworkOf(clouds.gcp, network);
    if (!own) return;
    const removed = own.peerings.find((p) => p.name === connection.peeringName);
    own.peerings = own.peerings.filter((p) => p !== removed);
    const theirs = removed && findGcpNetwork(clouds.gcp, removed.peerProject, removed.peerNetwork);
    refreshPeeringStates(clouds.gcp, theirs ? [own, theirs] : [own], clock.now());
  } else if (network.provider === 'azure') {
    const own = azureVnetOf(clouds.azure, network);
    const peering = own?.peerings.get(key(connection.peeringName));
    if (own && peering) removePeering(clouds.azure, own, peering);
  }
}

export interface DragonflyConnectionView {
  status: DragonflyConnectionStatus;
  detail?: string;
}

/**
 * The connection status, derived on read. GCP and Azure connections follow
 * Dragonfly's half of the peering (ACTIVE / Connected once the customer's half
 * exists). For AWS peers it follows the AWS
 * peering: pending-acceptance is `inactive` (the customer has to accept),
 * active is `active`, failed/rejected/expired are `failed`, and a peering the
 * customer deleted is `irrecoverable`.
 */
export function dragonflyConnectionStatus(
  clouds: DragonflyPeeringClouds,
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
  if (network?.provider === 'gcp') return gcpConnectionStatus(clouds.gcp, network, connection);
  if (network?.provider === 'azure')
    return azureConnectionStatus(clouds.azure, network, connection);
  if (!network || !connection.awsPeeringId)
    return { status: 'failed', detail: `network ${connection.networkId} no longer exists` };
  const pcx = connection.awsPeeringId;
  const awsStatus = awsPeeringStatus(clouds.aws, clock, pcx);
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

function gcpConnectionStatus(
  gcp: GcpState,
  network: DragonflyNetwork,
  connection: DragonflyConnection,
): DragonflyConnectionView {
  const own = gcpNetworkOf(gcp, network);
  const half = own?.peerings.find((p) => p.name === connection.peeringName);
  if (!own || !half)
    return {
      status: 'irrecoverable',
      detail: `the peering of Dragonfly network ${connection.networkId} is gone`,
    };
  if (half.state === 'ACTIVE') return { status: 'active' };
  return {
    status: 'inactive',
    detail: `Create the peering from projects/${connection.peer.accountId}/global/networks/${connection.peer.vpcId} with --peer-project ${own.project} --peer-network ${own.name}`,
  };
}

function azureConnectionStatus(
  azure: AzureState,
  network: DragonflyNetwork,
  connection: DragonflyConnection,
): DragonflyConnectionView {
  const own = azureVnetOf(azure, network);
  const half = connection.peeringName ? own?.peerings.get(key(connection.peeringName)) : undefined;
  if (!own || !half)
    return {
      status: 'irrecoverable',
      detail: `the peering of Dragonfly network ${connection.networkId} is gone`,
    };
  if (half.peeringState === 'Connected') return { status: 'active' };
  if (half.peeringState === 'Disconnected')
    return {
      status: 'irrecoverable',
      detail: `the peering from ${half.remoteVirtualNetworkId} back to ${vnetId(own)} was deleted`,
    };
  return {
    status: 'inactive',
    detail: `Create the peering from ${half.remoteVirtualNetworkId} to ${vnetId(own)} (--allow-vnet-access)`,
  };
}
