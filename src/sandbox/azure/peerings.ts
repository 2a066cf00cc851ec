import { overlaps } from '../../model/cidr';
import {
  findVnet,
  parseVnetId,
  sameId,
  vnetId,
  type AzurePeering,
  type AzureState,
  type AzureVirtualNetwork,
} from './state';

/**
 * Virtual network peering semantics, as Azure documents them:
 * - a new peering is Initiated; when the remote network has a peering back,
 *   both become Connected;
 * - deleting one side turns the other Disconnected, and a Disconnected
 *   peering must be updated (or re-created) before the other side can be
 *   created again (RemotePeeringIsDisconnected);
 * - each side remembers the remote address space it peered with
 *   (remoteAddressSpace). After a network changes its address space, its
 *   own peerings read LocalNotInSync and the remote peerings towards it read
 *   RemoteNotInSync, until each remote peering is synced with a PUT carrying
 *   syncRemoteAddressSpace=true.
 */

export function remoteOf(
  state: AzureState,
  peering: AzurePeering,
): AzureVirtualNetwork | undefined {
  const ref = parseVnetId(peering.remoteVirtualNetworkId);
  return ref ? findVnet(state, ref) : undefined;
}

/** The peering on `remote` that points back at `local`, if any. */
export function reversePeering(
  remote: AzureVirtualNetwork,
  local: AzureVirtualNetwork,
): AzurePeering | undefined {
  const localId = vnetId(local);
  for (const p of remote.peerings.values()) if (sameId(p.remoteVirtualNetworkId, localId)) return p;
  return undefined;
}

function sameSpace(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const sorted = [...b].sort();
  return [...a].sort().every((x, i) => x === sorted[i]);
}

export type SyncLevel =
  'FullyInSync' | 'LocalNotInSync' | 'RemoteNotInSync' | 'LocalAndRemoteNotInSync';

export function syncLevel(
  state: AzureState,
  local: AzureVirtualNetwork,
  peering: AzurePeering,
): SyncLevel {
  const remote = remoteOf(state, peering);
  if (!remote) return 'FullyInSync';
  const remoteInSync = sameSpace(peering.syncedRemoteAddressSpace, remote.addressPrefixes);
  const back = reversePeering(remote, local);
  const localInSync = !back || sameSpace(back.syncedRemoteAddressSpace, local.addressPrefixes);
  if (remoteInSync && localInSync) return 'FullyInSync';
  if (remoteInSync) return 'LocalNotInSync';
  if (localInSync) return 'RemoteNotInSync';
  return 'LocalAndRemoteNotInSync';
}

/** The local address space as the remote side peered with it (the remote's view of us). */
export function peeredLocalSpace(
  state: AzureState,
  local: AzureVirtualNetwork,
  peering: AzurePeering,
): string[] {
  const remote = remoteOf(state, peering);
  const back = remote ? reversePeering(remote, local) : undefined;
  return back ? [...back.syncedRemoteAddressSpace] : [...local.addressPrefixes];
}

/** Finishes a create/update: Connected when the remote has a settled peering back, else Initiated. */
export function settlePeering(
  state: AzureState,
  local: AzureVirtualNetwork,
  peering: AzurePeering,
): void {
  peering.provisioningState = 'Succeeded';
  const remote = remoteOf(state, peering);
  const back = remote ? reversePeering(remote, local) : undefined;
  if (back && back.provisioningState === 'Succeeded' && back.peeringState !== 'Disconnected') {
    peering.peeringState = 'Connected';
    back.peeringState = 'Connected';
  } else {
    peering.peeringState = 'Initiated';
  }
}

/** Removes a peering; the remote side's peering back becomes Disconnected. */
export function removePeering(
  state: AzureState,
  local: AzureVirtualNetwork,
  peering: AzurePeering,
): void {
  local.peerings.delete(peering.name.toLowerCase());
  const remote = remoteOf(state, peering);
  const back = remote ? reversePeering(remote, local) : undefined;
  if (back) back.peeringState = 'Disconnected';
}

/** The first pair of overlapping prefixes between two address spaces, or undefined. */
export function firstOverlap(
  a: readonly string[],
  b: readonly string[],
): [string, string] | undefined {
  for (const x of a) for (const y of b) if (overlaps(x, y)) return [x, y];
  return undefined;
}

/** Networks peered with `vnet` in either direction (except `exclude`). */
export function peeredNetworks(
  state: AzureState,
  vnet: AzureVirtualNetwork,
  exclude?: AzureVirtualNetwork,
): AzureVirtualNetwork[] {
  const out = new Set<AzureVirtualNetwork>();
  for (const p of vnet.peerings.values()) {
    const r = remoteOf(state, p);
    if (r) out.add(r);
  }
  const id = vnetId(vnet);
  for (const sub of state.subscriptions.values())
    for (const rg of sub.resourceGroups.values())
      for (const other of rg.virtualNetworks.values())
        for (const p of other.peerings.values())
          if (sameId(p.remoteVirtualNetworkId, id)) out.add(other);
  out.delete(vnet);
  if (exclude) out.delete(exclude);
  return [...out];
}
