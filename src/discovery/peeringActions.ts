/**
 * Accept, reject and delete a peering: where each must be carried out, what
 * the provider's rules forbid, and the provider call that does it. The UI asks
 * here first, shows a refusal in words, confirms, then runs the action.
 *
 * Plain Node (no `vscode`): the adapters come typed from the loader
 * (`loadProvider('aws')` is an `AwsProvider`), and only their types are imported here.
 */
import type { Peering, PeeringState } from '../model/types';
import type { ProviderLoader } from '../providers/loader';
import type { Inventory, LocatedPeering } from './inventory';

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
  | { code: 'aws-state'; rawState: string };

export type Resolution = { target: LocatedPeering } | { refusal: Refusal };

/** The side an AWS action has to run on: the accepter's account and region. */
export function resolveAccepter(item: LocatedPeering, inventory: Inventory): Resolution {
  const p = item.peering;
  if (p.cloud !== 'aws') return { refusal: { code: 'not-aws' } };
  if (p.rawState !== 'pending-acceptance')
    return { refusal: { code: 'not-pending', rawState: p.rawState } };
  return resolveSide(item, inventory, 'accepter');
}

/** Where a delete runs, or why the provider will not delete it now. */
export function resolveDelete(item: LocatedPeering, inventory: Inventory): Resolution {
  const p = item.peering;
  if (p.state === 'deleted' || p.state === 'deleting')
    return { refusal: { code: 'already-gone', state: p.state } };
  if (p.cloud !== 'aws') return { target: item };
  if (p.rawState === 'active') return { target: item };
  if (p.rawState === 'pending-acceptance') {
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
