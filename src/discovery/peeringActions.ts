/**
 * Accept, reject and delete a peering: where each must be carried out, what
 * the provider's rules forbid, and the provider call that does it. The UI asks
 * here first, shows a refusal in words, confirms, then runs the action.
 *
 * Plain Node (no `vscode`): the provider adapters are typed through their
 * action interfaces only, so no SDK is imported here.
 */
import { rawState } from '../model/states';
import type { Peering, PeeringState } from '../model/types';
import type { CloudProvider } from '../providers/provider';
import type { AivenActions, AivenPeer } from '../providers/aiven/index';
import type { AwsActions } from '../providers/aws/index';
import type { DragonflyActions } from '../providers/dragonfly/index';
import type { GcpActions } from '../providers/gcp/index';
import type { UpcloudActions } from '../providers/upcloud/index';
import type { CallOptions, Place } from '../providers/provider';
import type { Inventory, LocatedPeering } from './inventory';

/** The Azure adapter's delete, by the parts of the peering's ARM id. */
interface AzureDelete {
  deletePeering(
    place: Place,
    input: { resourceGroup: string; vnetName: string; name: string },
    options?: CallOptions,
  ): Promise<void>;
}

/** Why an action cannot be done, for the UI to put in words. */
export type Refusal =
  /** Only AWS peerings are accepted or rejected; the others need both sides created. */
  | { code: 'not-aws' }
  | { code: 'not-pending'; rawState: string }
  /** No configured account owns the accepter side. */
  | { code: 'no-accepter-account'; accountId?: string; region?: string }
  | { code: 'already-gone'; state: PeeringState }
  /** AWS: the accepter cannot withdraw a request; it rejects it. */
  | { code: 'aws-reject-instead' }
  /** AWS deletes only active peerings (and pending ones, by the requester). */
  | { code: 'aws-state'; rawState: string };

export type Resolution = { target: LocatedPeering } | { refusal: Refusal };

export type ProviderLoader = (cloud: Peering['cloud']) => Promise<CloudProvider>;

/** The side an AWS action has to run on: the accepter's account and region. */
export function resolveAccepter(item: LocatedPeering, inventory: Inventory): Resolution {
  const p = item.peering;
  if (p.cloud !== 'aws') return { refusal: { code: 'not-aws' } };
  if (p.rawState !== rawState('aws', 'pending-acceptance'))
    return { refusal: { code: 'not-pending', rawState: p.rawState } };
  return resolveSide(item, inventory, 'accepter');
}

/** Where a delete runs, or why the provider will not delete it now. */
export function resolveDelete(item: LocatedPeering, inventory: Inventory): Resolution {
  const p = item.peering;
  if (p.state === 'deleted' || p.state === 'deleting')
    return { refusal: { code: 'already-gone', state: p.state } };
  if (p.cloud !== 'aws') return { target: item };
  if (p.rawState === rawState('aws', 'active')) return { target: item };
  if (p.rawState === rawState('aws', 'pending-acceptance')) {
    const requester = resolveSide(item, inventory, 'requester');
    return 'target' in requester ? requester : { refusal: { code: 'aws-reject-instead' } };
  }
  return { refusal: { code: 'aws-state', rawState: p.rawState } };
}

/**
 * Finds the configured account and region that hold one side of an AWS
 * peering: the copy listed from that side, else an account whose VPCs have the
 * side's owner id (its region may just not be scanned).
 */
function resolveSide(
  item: LocatedPeering,
  inventory: Inventory,
  side: 'accepter' | 'requester',
): Resolution {
  const p = item.peering;
  if (p.role === side) return { target: item };
  const copy = inventory
    .peerings()
    .find((other) => other.peering.key === p.key && other.peering.role === side);
  if (copy) return { target: copy };
  const ref = p.role === undefined ? undefined : p.peer;
  const owner = inventory
    .networks()
    .find(
      (n) => n.network.cloud === 'aws' && ref?.accountId && n.network.ownerId === ref.accountId,
    );
  if (owner && ref) {
    const region = ref.region ?? owner.region;
    const peering: Peering = {
      ...p,
      accountKey: owner.account.id,
      role: side,
      local: p.peer,
      peer: p.local,
    };
    return { target: { peering, account: owner.account, region } };
  }
  return {
    refusal: { code: 'no-accepter-account', accountId: ref?.accountId, region: ref?.region },
  };
}

function placeOf(target: LocatedPeering) {
  return { account: target.account, region: target.region };
}

export async function acceptPeering(
  loadProvider: ProviderLoader,
  target: LocatedPeering,
  signal?: AbortSignal,
): Promise<LocatedPeering> {
  const aws = (await loadProvider('aws')) as CloudProvider & AwsActions;
  const peering = await aws.acceptPeering(placeOf(target), target.peering.id, { signal });
  return { ...target, peering };
}

export async function rejectPeering(
  loadProvider: ProviderLoader,
  target: LocatedPeering,
  signal?: AbortSignal,
): Promise<LocatedPeering | undefined> {
  const aws = (await loadProvider('aws')) as CloudProvider & AwsActions;
  await aws.rejectPeering(placeOf(target), target.peering.id, { signal });
  const fresh = await aws.getPeering(placeOf(target), target.peering.id, { signal });
  return fresh && { ...target, peering: fresh };
}

/**
 * Deletes through the provider's own call. UpCloud is disabled first and
 * deleted once it reads `disabled`. Resolves with the peering as it reads
 * afterwards, or undefined once it is gone.
 */
export async function deletePeering(
  loadProvider: ProviderLoader,
  target: LocatedPeering,
  signal?: AbortSignal,
): Promise<LocatedPeering | undefined> {
  const p = target.peering;
  const place = placeOf(target);
  const provider = await loadProvider(p.cloud);
  const options = { signal };
  switch (p.cloud) {
    case 'aws':
      await (provider as CloudProvider & AwsActions).deletePeering(place, p.id, options);
      break;
    case 'upcloud':
      await (provider as CloudProvider & UpcloudActions).disableAndDeletePeering(
        place,
        p.id,
        options,
      );
      return undefined;
    case 'gcp': {
      const parsed = parseGcpPeeringId(p.id);
      await (provider as CloudProvider & GcpActions).removePeering(place, parsed, options);
      break;
    }
    case 'azure':
      await (provider as CloudProvider & AzureDelete).deletePeering(
        place,
        parseAzurePeeringId(p.id),
        options,
      );
      break;
    case 'aiven': {
      const { vpcId, peer } = parseAivenPeeringId(p);
      await (provider as CloudProvider & AivenActions).deletePeeringConnection(
        place,
        vpcId,
        peer,
        options,
      );
      break;
    }
    case 'dragonfly':
      await (provider as CloudProvider & DragonflyActions).deleteConnection(place, p.id, options);
      break;
  }
  const fresh = await provider.getPeering(place, p.id, options);
  return fresh && { ...target, peering: fresh };
}

/** `projects/P/global/networks/N/peerings/NAME` → the network path and the peering name. */
export function parseGcpPeeringId(id: string): { network: string; name: string } {
  const match = /^(projects\/[^/]+\/global\/networks\/[^/]+)\/peerings\/([^/]+)$/.exec(id);
  if (!match) throw new Error(`Not a GCP peering id: "${id}"`);
  return { network: match[1], name: match[2] };
}

/** An ARM peering id → resource group, VNet and peering name. */
export function parseAzurePeeringId(id: string): {
  resourceGroup: string;
  vnetName: string;
  name: string;
} {
  const match =
    /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)\/virtualNetworkPeerings\/([^/]+)$/i.exec(
      id,
    );
  if (!match) throw new Error(`Not an Azure peering id: "${id}"`);
  return { resourceGroup: match[1], vnetName: match[2], name: match[3] };
}

/**
 * The Aiven adapter's id is `<VPC id>/<peer account>/[resource group/]<peer VPC>[/<peer region>]`;
 * which optional part is there depends on the peer's cloud.
 */
export function parseAivenPeeringId(p: Peering): { vpcId: string; peer: AivenPeer } {
  const [vpcId, peerCloudAccount, ...rest] = p.id.split('/');
  if (!vpcId || !peerCloudAccount || rest.length === 0)
    throw new Error(`Not an Aiven peering id: "${p.id}"`);
  if (rest.length >= 2 && p.peer.cloud === 'azure')
    return { vpcId, peer: { peerCloudAccount, peerResourceGroup: rest[0], peerVpc: rest[1] } };
  if (rest.length >= 2)
    return { vpcId, peer: { peerCloudAccount, peerVpc: rest[0], peerRegion: rest[1] } };
  return { vpcId, peer: { peerCloudAccount, peerVpc: rest[0] } };
}
