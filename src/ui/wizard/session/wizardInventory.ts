/**
 * What the wizard knows about the user's clouds: the configured accounts and
 * every network and peering discovery has listed. One listing serves the
 * network picker, the other side's choices, validation and the plan context.
 */
import type { Account, Network, NetworkRef, Peering } from '../../../model/types';
import type { NetworkChoice } from '../../../protocol/wizardMessages';

export interface InventorySnapshot {
  accounts: Account[];
  networks: Network[];
  peerings: Peering[];
  /** Places that failed to list, for a note under the picker. */
  errors: string[];
  /** The region a peering was listed from (the Networks view's place for it). */
  regionOf?(peering: Peering): string | undefined;
}

export interface WizardInventorySource {
  accounts(): Account[];
  /** Lists everything (fresh when `refresh`, else the last listing when there is one). */
  snapshot(refresh: boolean, signal?: AbortSignal): Promise<InventorySnapshot>;
}

/** The part of the extension's Inventory (src/discovery/inventory.ts) the wizard reads. */
export interface InventoryReader {
  ensureLoaded(): Promise<void>;
  refreshAll(): Promise<void>;
  loadAccount(accountId: string, force?: boolean): Promise<void>;
  networks(): { network: Network }[];
  peerings(): { peering: Peering; region?: string }[];
  accountIds(): string[];
  /** The configured network a peering side points at (by id or alias), when listed. */
  lookup?(ref: NetworkRef): Network | undefined;
  account(id: string):
    | {
        account: Account;
        places: Map<string, { status: string; error?: unknown; region?: string }>;
      }
    | undefined;
}

/**
 * The wizard reads what the Networks view shows: one listing for both, so a
 * refresh after a run updates the tree too.
 */
export function inventorySource(
  inventory: InventoryReader,
  accounts: () => Account[],
): WizardInventorySource {
  return {
    accounts,
    async snapshot(refresh) {
      await (refresh ? inventory.refreshAll() : inventory.ensureLoaded());
      const errors: string[] = [];
      for (const id of inventory.accountIds()) {
        const view = inventory.account(id);
        for (const place of view?.places.values() ?? []) {
          if (place.status === 'error')
            errors.push(
              `${view?.account.label ?? id}${place.region ? ` (${place.region})` : ''}: ${place.error instanceof Error ? place.error.message : String(place.error)}`,
            );
        }
      }
      const listed = inventory.peerings();
      const regions = new Map(listed.map((p) => [p.peering, p.region]));
      return {
        accounts: accounts(),
        networks: inventory.networks().map((n) => n.network),
        peerings: listed.map((p) => p.peering),
        errors,
        regionOf: (peering) => regions.get(peering),
      };
    },
  };
}

export function networkChoices(snapshot: InventorySnapshot): NetworkChoice[] {
  const byId = new Map(snapshot.accounts.map((a) => [a.id, a]));
  const seen = new Set<string>();
  const choices: NetworkChoice[] = [];
  for (const n of snapshot.networks) {
    if (seen.has(n.key)) continue;
    seen.add(n.key);
    const account = byId.get(n.accountKey);
    choices.push({
      key: n.key,
      cloud: n.cloud,
      accountId: n.accountKey,
      accountLabel: account?.label ?? n.accountKey,
      id: n.id,
      name: n.name,
      ...(n.region ? { region: n.region } : n.zone ? { region: n.zone } : {}),
      cidrs: n.cidrs.slice(0, 100),
    });
  }
  return choices.sort(
    (a, b) => a.accountLabel.localeCompare(b.accountLabel) || a.name.localeCompare(b.name),
  );
}

export function findNetwork(
  snapshot: InventorySnapshot,
  key: string | undefined,
): Network | undefined {
  return key ? snapshot.networks.find((n) => n.key === key) : undefined;
}
