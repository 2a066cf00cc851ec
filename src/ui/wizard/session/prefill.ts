/**
 * What "New Peering" on a Networks tree node fills in. A network row gives
 * the user's network; a peering row gives its near network too, and names
 * the far side so the panel can show where it came from.
 *
 * The nodes are read by shape (`network`, `peering`), not by class, so the
 * wizard does not depend on how the tree builds its rows.
 */
import type { CloudKind, Network, NetworkRef, Peering } from '../../../model/types';
import { CLOUD_LABELS } from '../../../providers/registry';
import type { Prefill } from '../../../protocol/wizardMessages';

function isNetwork(value: unknown): value is Network {
  const n = value as Network | undefined;
  return (
    !!n &&
    typeof n === 'object' &&
    typeof n.key === 'string' &&
    typeof n.id === 'string' &&
    Array.isArray(n.cidrs)
  );
}

function isPeering(value: unknown): value is Peering {
  const p = value as Peering | undefined;
  return !!p && typeof p === 'object' && typeof p.id === 'string' && !!p.local && !!p.peer;
}

/** The far end of a map drag: a configured network, or one known only from a peering. */
function isPeerNetwork(value: unknown): value is { id: string; name?: string; cloud: CloudKind } {
  const n = value as { id?: unknown; cloud?: unknown } | undefined;
  return (
    !!n &&
    typeof n === 'object' &&
    typeof n.id === 'string' &&
    typeof n.cloud === 'string' &&
    Object.prototype.hasOwnProperty.call(CLOUD_LABELS, n.cloud)
  );
}

export function prefillFromNode(
  node: unknown,
  lookup: (ref: NetworkRef) => Network | undefined = () => undefined,
): Prefill | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const { network, peering, peerNetwork } = node as {
    network?: unknown;
    peering?: unknown;
    peerNetwork?: unknown;
  };
  if (!isNetwork(network)) return undefined;
  const where = `${network.name}${network.name !== network.id ? ` (${network.id})` : ''}`;
  if (isPeerNetwork(peerNetwork)) {
    // From the Peering Map: a drag from one network to another names both ends.
    return {
      localNetworkKey: network.key,
      peerNetworkId: peerNetwork.id,
      source: `Prefilled from the Peering Map: ${where} → ${peerNetwork.name ?? peerNetwork.id} (${CLOUD_LABELS[peerNetwork.cloud]})`,
    };
  }
  if (isPeering(peering)) {
    const far = peering.local.networkId === network.id ? peering.peer : peering.local;
    const farName = far.name ?? lookup(far)?.name ?? far.networkId;
    return {
      localNetworkKey: network.key,
      peerNetworkId: far.networkId,
      source: `Prefilled from the peering ${peering.name ?? peering.id}: ${where} ↔ ${farName} (${CLOUD_LABELS[far.cloud]})`,
    };
  }
  return { localNetworkKey: network.key, source: `Prefilled from ${where}` };
}
