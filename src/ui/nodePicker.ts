import * as vscode from 'vscode';
import type { Inventory, LocatedNetwork, LocatedPeering } from '../discovery/inventory';
import { UserCancelledError } from '../model/errors';
import { peeringTitle } from './statusBar';
import { shortId, stateText } from './tree/rowModel';
import type { UserInput } from './userInput';

/**
 * The quick picks that stand in for a tree node when a command runs from the
 * palette. They list what the last discovery found (and run one first when
 * nothing has been discovered yet), so they show exactly what the tree shows.
 */
export interface PeeringPick extends vscode.QuickPickItem {
  peering: LocatedPeering;
}

export interface NetworkPick extends vscode.QuickPickItem {
  network: LocatedNetwork;
}

export type AnyPick = PeeringPick | NetworkPick;

/** One item per peering (copies seen from both sides are one), filtered. */
export function peeringPicks(
  inventory: Inventory,
  filter: (p: LocatedPeering) => boolean = () => true,
): PeeringPick[] {
  const seen = new Set<string>();
  const picks: PeeringPick[] = [];
  const lookup = inventory.lookup.bind(inventory);
  for (const located of inventory.peerings()) {
    if (seen.has(located.peering.key) || !filter(located)) continue;
    seen.add(located.peering.key);
    picks.push({
      label: peeringTitle(located, lookup),
      description: `${stateText(located.peering)} · ${located.peering.id}`,
      detail: [located.account.label, located.region].filter(Boolean).join(' · '),
      peering: located,
    });
  }
  return picks.sort((a, b) => a.label.localeCompare(b.label));
}

export function networkPicks(inventory: Inventory): NetworkPick[] {
  return inventory
    .networks()
    .map((located) => {
      const n = located.network;
      return {
        label: n.name,
        description: [shortId(n), n.cidrs.join(', ')].filter(Boolean).join(' · '),
        detail: [located.account.label, n.zone ?? n.region ?? located.region]
          .filter(Boolean)
          .join(' · '),
        network: located,
      };
    })
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** Loads everything once if nothing has been discovered yet, so the pick is not empty for no reason. */
async function ensureDiscovered(inventory: Inventory): Promise<void> {
  if (inventory.peerings().length || inventory.networks().length) return;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Discovering networks…') },
    () => inventory.ensureLoaded(),
  );
}

/** Asks for one item; rejects with UserCancelledError when dismissed or when there is nothing to pick. */
export async function pickOne<T extends vscode.QuickPickItem>(
  ui: UserInput,
  inventory: Inventory,
  build: () => T[],
  options: { title: string; placeHolder?: string; emptyMessage: string },
): Promise<T> {
  await ensureDiscovered(inventory);
  const items = build();
  if (!items.length) {
    void vscode.window.showInformationMessage(options.emptyMessage);
    throw new UserCancelledError();
  }
  const picked = await ui.showQuickPick(items, {
    title: options.title,
    placeHolder: options.placeHolder,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) throw new UserCancelledError();
  return picked;
}

/** Networks, then peerings, with a separator each (for Find, Copy ID, Open in Console). */
export function networksAndPeerings(inventory: Inventory): (AnyPick | vscode.QuickPickItem)[] {
  const networks = networkPicks(inventory);
  const peerings = peeringPicks(inventory);
  const out: (AnyPick | vscode.QuickPickItem)[] = [];
  if (networks.length) {
    out.push({ label: vscode.l10n.t('Networks'), kind: vscode.QuickPickItemKind.Separator });
    out.push(...networks);
  }
  if (peerings.length) {
    out.push({ label: vscode.l10n.t('Peerings'), kind: vscode.QuickPickItemKind.Separator });
    out.push(...peerings);
  }
  return out;
}
