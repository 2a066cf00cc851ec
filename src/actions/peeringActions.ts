/**
 * Accept, reject and delete a peering: where each must be carried out, what
 * the provider's rules forbid, and the provider call that does it. The UI asks
 * here first, shows a refusal in words, confirms, then runs the action.
 *
 * Plain Node (no `vscode`): the adapters come typed from the loader
 * (`loadProvider('aws')` is an `AwsProvider`), and only their types are imported here.
 */
import { rawState } from '../model/states';
import type { Peering, PeeringState } from '../model/types';
import type { ProviderLoader } from '../providers/loader';
import type { Inventory, LocatedPeering } from '../discovery/inventory';

export type { ProviderLoader };

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
  | { code: 'aws-state'; rawState: string }
  /** EMQX Cloud deletes a peering only while it reads `running` (AWS: active). */
  | { code: 'emqx-cloud-not-running'; rawState: string; emqxAccountId: string };

/**
 * A managed service on the other side of a peering, whose own rules the
 * delete follows. `emqx-cloud`: an AWS peering with a VPC in an EMQX Cloud
 * account (see `ServiceAccounts`).
 */
export interface ServicePeer {
  service: 'emqx-cloud';
  /** The service's AWS account that owns the far VPC. */
  accountId: string;
  /** The far VPC (the EMQX deployment's). */
  networkId: string;
}

export type Resolution =
  { target: LocatedPeering; servicePeer?: ServicePeer } | { refusal: Refusal };

/**
 * AWS accounts known to belong to a managed service, by service. EMQX Cloud's
 * console shows the account that owns a deployment's VPC ("Account ID of EMQX
 * Cloud"); the wizard's EMQX Cloud ↔ AWS runs record it as `emqxAccountId`.
 */
export interface ServiceAccounts {
  emqxCloud?: ReadonlySet<string>;
}

/** The far side of an AWS peering, when it is in an EMQX Cloud account. */
export function emqxCloudPeer(p: Peering, services: ServiceAccounts): ServicePeer | undefined {
  if (p.cloud !== 'aws' || !services.emqxCloud?.size) return undefined;
  for (const side of [p.peer, p.local]) {
    if (side.accountId && services.emqxCloud.has(side.accountId))
      return { service: 'emqx-cloud', accountId: side.accountId, networkId: side.networkId };
  }
  return undefined;
}

/** The side an AWS action has to run on: the accepter's account and region. */
export function resolveAccepter(item: LocatedPeering, inventory: Inventory): Resolution {
  const p = item.peering;
  if (p.cloud !== 'aws') return { refusal: { code: 'not-aws' } };
  if (p.rawState !== rawState('aws', 'pending-acceptance'))
    return { refusal: { code: 'not-pending', rawState: p.rawState } };
  return resolveSide(item, inventory, 'accepter');
}

/**
 * Where a delete runs, or why the provider will not delete it now.
 *
 * EMQX Cloud's "Delete peering connections" (https://docs.emqx.com/en/cloud/latest/deployments/vpc_peering.html):
 * "To delete a peering connection, you need to ensure that the status of peering connection is
 * `running`", and no resources in the deployment may still use it. A peering with a VPC in a known
 * EMQX Cloud account is deleted only while it is active (what EMQX shows as running), and the
 * resolution names the service so the confirmation can state the rest.
 */
export function resolveDelete(
  item: LocatedPeering,
  inventory: Inventory,
  services: ServiceAccounts = {},
): Resolution {
  const p = item.peering;
  if (p.state === 'deleted' || p.state === 'deleting')
    return { refusal: { code: 'already-gone', state: p.state } };
  const servicePeer = emqxCloudPeer(p, services);
  if (servicePeer) {
    if (p.rawState !== rawState('aws', 'active'))
      return {
        refusal: {
          code: 'emqx-cloud-not-running',
          rawState: p.rawState,
          emqxAccountId: servicePeer.accountId,
        },
      };
    return { target: item, servicePeer };
  }
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
  const aws = await loadProvider('aws');
  const peering = await aws.acceptPeering(placeOf(target), target.peering.id, { signal });
  return { ...target, peering };
}

export async function rejectPeering(
  loadProvider: ProviderLoader,
  target: LocatedPeering,
  signal?: AbortSignal,
): Promise<LocatedPeering | undefined> {
  const aws = await loadProvider('aws');
  await aws.rejectPeering(placeOf(target), target.peering.id, { signal });
  const fresh = await aws.getPeering(placeOf(target), target.peering.id, { signal });
  return fresh && { ...target, peering: fresh };
}

/**
 * Deletes through the adapter's `deleteListedPeering` (UpCloud disables first
 * and deletes once it reads `disabled`). Resolves with the peering as it reads
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
  if ((await provider.deleteListedPeering(place, p, options)) === 'gone') return undefined;
  const fresh = await provider.getPeering(place, p.id, options);
  return fresh && { ...target, peering: fresh };
}
