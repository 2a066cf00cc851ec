/**
 * The Networks view at organisation scale, as pure functions over the model
 * (no `vscode` import; unit-tested and benchmarked in plain Node):
 *  - `rootRows` groups accounts by their organisation, folder or tenant;
 *  - `rowChanges` compares a place's listing before and after a refresh row
 *    by row, so the tree re-renders only the rows whose text changed.
 */
import type { Account, AccountGroup, Network, Peering } from '../../model/types';
import { CLOUD_LABELS } from '../../providers/registry';
import { indexByNetwork } from '../../discovery/inventory';
import {
  formatAge,
  groupOf,
  networkRow,
  peeringRow,
  untranslated,
  type NetworkLookup,
  type RowText,
  type Translate,
} from './rowModel';

export interface GroupRows {
  group: AccountGroup;
  accounts: Account[];
}

export type RootRow = { kind: 'group'; rows: GroupRows } | { kind: 'account'; account: Account };

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export function groupKey(group: AccountGroup): string {
  return `${group.kind}/${group.id}`;
}

/**
 * The view's first level: one row per group (sorted by label, its accounts in
 * the order the user added them), then the accounts that belong to none.
 */
export function rootRows(accounts: readonly Account[]): RootRow[] {
  const groups = new Map<string, GroupRows>();
  const loose: RootRow[] = [];
  for (const account of accounts) {
    if (!account.group) {
      loose.push({ kind: 'account', account });
      continue;
    }
    const key = groupKey(account.group);
    let rows = groups.get(key);
    if (!rows) groups.set(key, (rows = { group: account.group, accounts: [] }));
    rows.accounts.push(account);
  }
  const grouped = [...groups.values()].sort(
    (a, b) =>
      collator.compare(a.group.label, b.group.label) || collator.compare(a.group.id, b.group.id),
  );
  return [...grouped.map((rows): RootRow => ({ kind: 'group', rows })), ...loose];
}

const GROUP_KIND_LABELS: Record<AccountGroup['kind'], string> = {
  'aws-organization': 'AWS Organization',
  'gcp-organization': 'GCP organization',
  'gcp-folder': 'GCP folder',
  'azure-tenant': 'Azure tenant',
};

export function groupRow(rows: GroupRows, t: Translate): RowText {
  const { group, accounts } = rows;
  const clouds = [...new Set(accounts.map((a) => CLOUD_LABELS[a.cloud]))].join(', ');
  return {
    label: group.label,
    description: t('{0} · {1} accounts', GROUP_KIND_LABELS[group.kind], accounts.length),
    tooltip: [
      `**${group.label}**`,
      '',
      `${GROUP_KIND_LABELS[group.kind]} \`${group.id}\``,
      '',
      t('{0} accounts ({1})', accounts.length, clouds),
    ].join('\n'),
    icon: { id: group.kind === 'azure-tenant' ? 'organization' : 'folder-library' },
    contextValue: `group group.${group.kind}`,
  };
}

/** A place's listing as the tree renders it. */
export interface PlaceListing {
  networks: readonly Network[];
  peerings: readonly Peering[];
}

/** Which rows of one place a refresh changed. */
export interface RowChanges {
  /**
   * Groups (zone or region, or undefined for networks directly under their
   * parent) whose list of networks changed: a network came or went. Their
   * parent row's children must be asked for again.
   */
  membership: (string | undefined)[];
  /** Networks whose own row (name, CIDRs, problem count, icon, tooltip) changed. */
  networks: string[];
  /** Networks whose list of peering rows changed (one came or went). */
  peeringLists: string[];
  /** Peering rows whose text changed, with the network they are listed under. */
  peerings: { networkId: string; peeringId: string }[];
}

/** Row text that does not depend on the time or the watch list, for comparing two listings. */
function sameRow(a: RowText, b: RowText): boolean {
  return (
    a.label === b.label &&
    a.description === b.description &&
    a.tooltip === b.tooltip &&
    a.contextValue === b.contextValue &&
    a.icon.id === b.icon.id &&
    a.icon.color === b.icon.color
  );
}

/**
 * Compares a place's listing before and after a refresh through the rows the
 * tree builds from it (`networkRow`, `peeringRow`): a change the user cannot
 * see (a field no row shows) re-renders nothing.
 */
export function rowChanges(
  before: PlaceListing,
  after: PlaceListing,
  lookup: NetworkLookup,
  t: Translate = untranslated,
): RowChanges {
  const changes: RowChanges = { membership: [], networks: [], peeringLists: [], peerings: [] };
  const membership = new Set<string | undefined>();
  const beforeById = new Map(before.networks.map((n) => [n.id, n]));
  const afterById = new Map(after.networks.map((n) => [n.id, n]));
  for (const n of before.networks) if (!afterById.has(n.id)) membership.add(groupOf(n));
  for (const n of after.networks) if (!beforeById.has(n.id)) membership.add(groupOf(n));
  const beforeIndex = indexByNetwork(before.peerings);
  const afterIndex = indexByNetwork(after.peerings);
  const options = { lookup, t, watch: 'off' as const, now: 0 };
  for (const network of after.networks) {
    const old = beforeById.get(network.id);
    if (!old) continue;
    if (groupOf(old) !== groupOf(network)) {
      membership.add(groupOf(old));
      membership.add(groupOf(network));
      continue;
    }
    const oldPeerings = beforeIndex.get(network.id) ?? [];
    const newPeerings = afterIndex.get(network.id) ?? [];
    if (!sameRow(networkRow(old, oldPeerings, t), networkRow(network, newPeerings, t)))
      changes.networks.push(network.id);
    const oldById = new Map(oldPeerings.map((p) => [p.id, p]));
    if (oldPeerings.length !== newPeerings.length || newPeerings.some((p) => !oldById.has(p.id))) {
      changes.peeringLists.push(network.id);
      continue;
    }
    for (const peering of newPeerings) {
      const was = oldById.get(peering.id)!;
      if (!sameRow(peeringRow(old, was, options), peeringRow(network, peering, options)))
        changes.peerings.push({ networkId: network.id, peeringId: peering.id });
    }
  }
  changes.membership = [...membership];
  return changes;
}

export function noRowChanged(changes: RowChanges): boolean {
  return (
    changes.membership.length === 0 &&
    changes.networks.length === 0 &&
    changes.peeringLists.length === 0 &&
    changes.peerings.length === 0
  );
}

/** What the view's description and message read: the kept rows' time and the refresh's progress. */
interface ViewState {
  keptAt: number | undefined;
  progress: { done: number; total: number; accountsListing: number };
  busy: boolean;
  now: number;
}

function progressText({ done, total, accountsListing }: ViewState['progress'], t: Translate) {
  return total > 0
    ? t('{0} of {1} places', done.toLocaleString('en-US'), total.toLocaleString('en-US'))
    : t('listing {0} accounts', accountsListing);
}

/**
 * The view's description (beside its title): how old the kept rows are while
 * they show, and how far a running refresh is, e.g. "kept 3 h ago · 120 of
 * 8,500 places". Empty when everything is fresh and nothing runs.
 */
export function viewDescription(state: ViewState, t: Translate = untranslated): string {
  const parts: string[] = [];
  if (state.keptAt !== undefined)
    parts.push(t('kept {0} ago', formatAge(state.now - state.keptAt)));
  if (state.busy) parts.push(progressText(state.progress, t));
  return parts.join(' · ');
}

/**
 * The view's message (above the rows) while kept rows show. VS Code does not show a view's
 * description when the view is alone in its container (its header merges into the container's:
 * microsoft/vscode#166000), which the Networks view is, so the kept age is said here too.
 */
export function viewMessage(state: ViewState, t: Translate = untranslated): string | undefined {
  if (state.keptAt === undefined) return undefined;
  const age = formatAge(state.now - state.keptAt);
  return state.busy
    ? t(
        'Showing the inventory kept {0} ago while it refreshes ({1}).',
        age,
        progressText(state.progress, t),
      )
    : t('Showing the inventory kept {0} ago.', age);
}
