/**
 * What happens once a wizard run ends: the listing is refreshed, the peering
 * the run created is found in it (to say on the Done page what is active),
 * and the Networks tree and status bar are told about it.
 */
import type { Peering } from '../../../model/types';
import type { RunView } from '../../../protocol/wizardMessages';
import {
  findNetwork,
  type InventorySnapshot,
  type WizardInventorySource,
} from '../session/wizardInventory';
import type { FinishedRun } from './wizardRuns';

export interface AfterRunHooks {
  inventory: WizardInventorySource;
  /** Refreshes the tree rows of these accounts (the Networks view). */
  refreshTree(accountIds: string[]): void | Promise<void>;
  /** Has the status bar watch this peering until it settles. */
  watch?(peering: Peering, snapshot: InventorySnapshot): void | Promise<void>;
}

export async function afterRun(
  run: FinishedRun,
  hooks: AfterRunHooks,
): Promise<RunView['peering'] | undefined> {
  const snapshot = await hooks.inventory.snapshot(true);
  await hooks.refreshTree(run.accountIds);
  const peering = createdPeering(run, snapshot);
  if (!peering) return undefined;
  await hooks.watch?.(peering, snapshot);
  const network = findNetwork(snapshot, run.draft.localNetworkKey);
  const near = network && peering.peer.networkId === network.id ? peering.peer : peering.local;
  const far = near === peering.local ? peering.peer : peering.local;
  // A side named by another cloud's id (a Dragonfly network's AWS VPC) is found by its alias.
  const name = (ref: Peering['local']) =>
    ref.name ??
    snapshot.networks.find((n) => n.cloud === ref.cloud && n.id === ref.networkId)?.name ??
    snapshot.networks.find((n) =>
      (n.aliases ?? []).some((a) => a.cloud === ref.cloud && a.networkId === ref.networkId),
    )?.name ??
    ref.networkId;
  const view: NonNullable<RunView['peering']> = {
    id: peering.id,
    cloud: peering.cloud,
    state: peering.state,
    label: `${name(near)} ↔ ${name(far)}`,
    key: peering.key,
    accountId: peering.accountKey,
  };
  const region = snapshot.regionOf?.(peering);
  if (region) view.region = region;
  return view;
}

/**
 * The peering the run made, as seen from the user's own network: one that
 * joins that network to a network the plan names, or whose id a step
 * produced (a pcx id, a connection id); listed from the user's own account
 * first, so "Show in Networks view" lands under their network.
 */
export function createdPeering(run: FinishedRun, snapshot: InventorySnapshot): Peering | undefined {
  const produced = new Set(Object.values(run.result.outputs));
  const local = findNetwork(snapshot, run.draft.localNetworkKey);
  const live = snapshot.peerings.filter((p) => p.state !== 'deleted');
  const byOutput = live.filter((p) => produced.has(p.id));
  const planText = JSON.stringify(run.plan.steps.map((s) => [s.action ?? null, s.check ?? null]));
  const joining = local
    ? live.filter((p) => {
        const far =
          p.local.networkId === local.id
            ? p.peer
            : p.peer.networkId === local.id
              ? p.local
              : undefined;
        return !!far && (produced.has(p.id) || planText.includes(far.networkId));
      })
    : [];
  const candidates = [...byOutput, ...joining.filter((p) => !byOutput.includes(p))];
  // A stable sort: the user's own account first, the order above within it.
  return [...candidates].sort(
    (a, b) =>
      Number(b.accountKey === local?.accountKey) - Number(a.accountKey === local?.accountKey),
  )[0];
}
