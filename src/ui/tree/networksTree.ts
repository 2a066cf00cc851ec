import * as vscode from 'vscode';
import type {
  Inventory,
  InventoryChange,
  LocatedNetwork,
  LocatedPeering,
  PlaceView,
} from '../../discovery/inventory';
import type { DiagnosisLookup } from '../../model/diagnosis';
import type { Account, Network } from '../../model/types';
import type { AccountStore } from '../accounts';
import { loadWithErrorHandling } from '../commandWrapper';
import type { PeeringLog } from '../log';
import { PAGE_SIZE, groupOf, hasProblems, peeringPage } from './rowModel';
import { groupKey, noRowChanged, rootRows, rowChanges } from './scaleRows';
import {
  AccountNode,
  GroupNode,
  MessageNode,
  NetworkNode,
  PeeringNode,
  RegionNode,
  type RowEnvironment,
  type TreeNode,
} from './treeNodes';

/** A load that takes longer than this shows a "Loading…" row and fills in when done. */
const LOADING_ROW_AFTER_MS = 150;

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * The Networks view: account → region or zone → network → peering. Data comes
 * from the Inventory (loaded once, shared with the status bar and the quick
 * picks), so expanding, filtering and paging never call a cloud API; only
 * Refresh does. Nodes are cached by id so a change fires for the element
 * VS Code already holds.
 */
export class NetworksTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subscriptions: { dispose(): void }[] = [];
  private readonly nodes = new Map<string, TreeNode>();
  /** Rows shown per paged parent, by node id. */
  private readonly pages = new Map<string, number>();
  private problemsOnly = false;
  /** Rows to re-render at the next flush; undefined in the set means the whole view. */
  private pendingRefresh = new Set<TreeNode | undefined>();
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly rendered: (() => void)[] = [];
  private readonly rowEnv: RowEnvironment;

  constructor(
    private readonly accounts: AccountStore,
    readonly inventory: Inventory,
    watchOf: RowEnvironment['watchOf'],
    private readonly log: PeeringLog,
    /** Settles once the kept inventory (if any) is in the Inventory: the first rows wait for it. */
    private readonly ready: Promise<unknown> = Promise.resolve(),
    diagnoses?: DiagnosisLookup,
  ) {
    this.rowEnv = { lookup: (ref) => inventory.lookup(ref), watchOf, diagnoses };
    if (diagnoses) {
      const unsubscribe = diagnoses.onDidChange(() => this.refresh());
      this.subscriptions.push({ dispose: unsubscribe });
    }
    this.subscriptions.push(inventory.onDidChange((change) => this.inventoryChanged(change)));
  }

  get showOnlyProblems(): boolean {
    return this.problemsOnly;
  }

  setShowOnlyProblems(on: boolean): void {
    this.problemsOnly = on;
    void vscode.commands.executeCommand('setContext', 'peering.showOnlyProblems', on);
    this.refresh();
  }

  /** Re-renders one node (with its subtree), or everything. Data stays; see reload for that. */
  refresh(node?: TreeNode): void {
    if (!node) this.nodes.clear();
    this.emitter.fire(node && this.nodes.get(node.id) === node ? node : undefined);
  }

  /** Shows one more page under a region or network. */
  loadMore(node: TreeNode): void {
    this.pages.set(node.id, this.shown(node.id) + PAGE_SIZE);
    this.refresh(node);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) {
      await this.ready.catch(() => undefined);
      // Everything loads in the background: peer labels, the status bar and
      // the quick picks need every account, not just the expanded ones.
      void this.inventory.ensureLoaded();
      const rows: TreeNode[] = [];
      for (const row of rootRows(this.accounts.list())) {
        if (row.kind === 'account') {
          if (this.showsAccount(row.account)) rows.push(this.accountNode(row.account, undefined));
          continue;
        }
        if (this.problemsOnly && !row.rows.accounts.some((a) => this.showsAccount(a))) continue;
        rows.push(
          this.cached(
            `group/${groupKey(row.rows.group)}`,
            () => new GroupNode(row.rows),
            (n) => (n.rows = row.rows),
          ),
        );
      }
      if (!rows.length && this.problemsOnly) return [this.emptyRow(undefined)];
      return rows;
    }
    return loadWithErrorHandling(
      this.log,
      `Loading ${node.id}`,
      async () => {
        if (node instanceof GroupNode)
          return node.rows.accounts
            .filter((a) => this.showsAccount(a))
            .map((a) => this.accountNode(a, node));
        if (node instanceof AccountNode) return this.accountChildren(node);
        if (node instanceof RegionNode) return this.regionChildren(node);
        if (node instanceof NetworkNode) return this.networkChildren(node);
        return [];
      },
      (error) => [MessageNode.error(node, error)],
      () => [],
    );
  }

  private accountNode(account: Account, parent: GroupNode | undefined): AccountNode {
    return this.cached(
      `account/${account.id}`,
      () => new AccountNode(account, parent),
      (n) => {
        n.account = account;
        n.parent = parent;
      },
    );
  }

  /** With Show Only Problems, an account shows while it has a problem, or may have one it has not listed yet. */
  private showsAccount(account: Account): boolean {
    if (!this.problemsOnly) return true;
    const view = this.inventory.account(account.id);
    if (!view || view.status === 'error' || view.listedAt === undefined) return true;
    for (const place of view.places.values()) if (this.showsPlace(place)) return true;
    return false;
  }

  private showsPlace(place: PlaceView): boolean {
    if (!this.problemsOnly) return true;
    if (place.status === 'error' || place.loadedAt === undefined) return true;
    return hasProblems(place.peerings);
  }

  private async accountChildren(node: AccountNode): Promise<TreeNode[]> {
    const view = this.inventory.account(node.account.id);
    if (!view) return [];
    // An account listed before (in this session or a kept one) shows its rows while it reloads.
    if (view.status === 'idle' || (view.status === 'loading' && view.listedAt === undefined)) {
      if (!(await this.settlesSoon(this.inventory.loadAccount(node.account.id))))
        return [MessageNode.loading(node)];
    }
    if (view.status === 'error') return [MessageNode.error(node, view.error)];
    if (view.regions.some((r) => r !== undefined)) {
      const regions = view.regions.filter(
        (r): r is string => r !== undefined && this.showsRegion(view.places.get(r)),
      );
      if (!regions.length) return [this.emptyRow(node)];
      return regions.map((r) =>
        this.cached(`${node.id}/region/${r}`, () => new RegionNode(node, r, true)),
      );
    }
    const place = view.places.get('');
    if (!place) return [MessageNode.empty(node, vscode.l10n.t('No networks'))];
    const ready = await this.placeReady(node, place);
    if (ready) return ready;
    const groups = groupsOf(place.networks);
    if (groups.length === 0) return this.networkRows(node, undefined, place, place.networks);
    const ungrouped = place.networks.filter((n) => groupOf(n) === undefined);
    const groupRows: TreeNode[] = groups
      .filter((g) => !this.problemsOnly || this.anyProblems(place, g))
      .map((g) => this.cached(`${node.id}/region/${g}`, () => new RegionNode(node, g, false)));
    const rest = ungrouped.length ? this.networkRows(node, undefined, place, ungrouped) : [];
    const rows = [
      ...groupRows,
      ...rest.filter((r) => !(r instanceof MessageNode && r.kind === 'empty')),
    ];
    return rows.length ? rows : [this.emptyRow(node)];
  }

  private async regionChildren(node: RegionNode): Promise<TreeNode[]> {
    const place = this.inventory.place(node.account.id, node.placeRegion);
    if (!place) return [this.emptyRow(node)];
    const ready = await this.placeReady(node, place);
    if (ready) return ready;
    const networks = node.isPlace
      ? place.networks
      : place.networks.filter((n) => groupOf(n) === node.region);
    return this.networkRows(node, node.placeRegion, place, networks);
  }

  private networkChildren(node: NetworkNode): TreeNode[] {
    const place = this.inventory.place(node.account.id, node.placeRegion);
    const peerings = place?.byNetwork.get(node.network.id) ?? node.peerings;
    const page = peeringPage(node.network, peerings, {
      problemsOnly: this.problemsOnly,
      shown: this.shown(node.id),
      lookup: this.rowEnv.lookup,
    });
    const rows: TreeNode[] = page.rows.map(({ peering }) =>
      this.cached(
        `${node.id}/peering/${peering.id}`,
        () => new PeeringNode(node, peering, this.rowEnv),
        (n) => (n.peering = peering),
      ),
    );
    if (page.remaining > 0) rows.push(MessageNode.loadMore(node, page.remaining));
    return rows.length ? rows : [this.emptyRow(node)];
  }

  /** Network rows under a parent: filtered, sorted by name, paged. */
  private networkRows(
    parent: AccountNode | RegionNode,
    placeRegion: string | undefined,
    place: PlaceView,
    networks: readonly Network[],
  ): TreeNode[] {
    const ordered = this.orderedNetworks(place, networks);
    const shown = this.shown(parent.id);
    const rows: TreeNode[] = ordered.slice(0, shown).map((n) => {
      const peerings = place.byNetwork.get(n.id) ?? [];
      return this.cached(
        `${parent.id}/network/${n.id}`,
        () => new NetworkNode(parent, placeRegion, n, peerings),
        (node) => {
          node.network = n;
          node.peerings = peerings;
        },
      );
    });
    if (ordered.length > shown) rows.push(MessageNode.loadMore(parent, ordered.length - shown));
    return rows.length ? rows : [this.emptyRow(parent)];
  }

  private orderedNetworks(place: PlaceView, networks: readonly Network[]): Network[] {
    const filtered = this.problemsOnly
      ? networks.filter((n) => hasProblems(place.byNetwork.get(n.id) ?? []))
      : [...networks];
    return filtered.sort(
      (a, b) => collator.compare(a.name, b.name) || collator.compare(a.id, b.id),
    );
  }

  private anyProblems(place: PlaceView, group: string): boolean {
    return place.networks.some(
      (n) => groupOf(n) === group && hasProblems(place.byNetwork.get(n.id) ?? []),
    );
  }

  private showsRegion(place: PlaceView | undefined): boolean {
    return !place || this.showsPlace(place);
  }

  private emptyRow(parent: TreeNode | undefined): MessageNode {
    return MessageNode.empty(
      parent,
      this.problemsOnly ? vscode.l10n.t('Nothing here needs action') : vscode.l10n.t('No networks'),
    );
  }

  /** A loading or error row while the place has no data to show; undefined when it has. */
  private async placeReady(parent: TreeNode, place: PlaceView): Promise<TreeNode[] | undefined> {
    if (place.status === 'idle' || (place.status === 'loading' && place.loadedAt === undefined)) {
      const load = this.inventory.loadPlace(place.account.id, place.region);
      if (!(await this.settlesSoon(load))) return [MessageNode.loading(parent)];
    }
    if (place.status === 'error') return [MessageNode.error(parent, place.error)];
    return undefined;
  }

  private async settlesSoon(load: Promise<void>): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const done = await Promise.race([
      load.then(() => true),
      new Promise<boolean>(
        (resolve) => (timer = setTimeout(() => resolve(false), LOADING_ROW_AFTER_MS)),
      ),
    ]);
    clearTimeout(timer);
    return done;
  }

  private shown(id: string): number {
    return this.pages.get(id) ?? PAGE_SIZE;
  }

  private cached<T extends TreeNode>(id: string, create: () => T, update?: (node: T) => void): T {
    const existing = this.nodes.get(id) as T | undefined;
    if (existing) {
      update?.(existing);
      return existing;
    }
    const node = create();
    this.nodes.set(id, node);
    return node;
  }

  /**
   * Turns an inventory change into the rows it changed. A place whose listing
   * was replaced re-renders only the rows whose text differs (`rowChanges`);
   * a reload over rows that stay shown re-renders nothing; anything else
   * re-renders the account. With Show Only Problems an account may appear or
   * go, so the whole view is asked again.
   */
  private inventoryChanged(change: InventoryChange): void {
    if (change.rowsUnchanged) return;
    const accountNode = this.nodes.get(`account/${change.accountId}`);
    if (this.problemsOnly) return this.queue(undefined);
    if (!(accountNode instanceof AccountNode)) return; // never shown: nothing to re-render
    const place = change.before && this.inventory.place(change.accountId, change.region);
    if (!change.before || !place) return this.queue(accountNode);
    const changes = rowChanges(change.before, place, this.rowEnv.lookup);
    if (noRowChanged(changes)) return;
    for (const group of changes.membership) {
      const parentId =
        change.region !== undefined
          ? `${accountNode.id}/region/${change.region}`
          : group !== undefined
            ? `${accountNode.id}/region/${group}`
            : accountNode.id;
      this.queue(this.nodes.get(parentId) ?? accountNode);
    }
    const networkIds = new Set([...changes.networks, ...changes.peeringLists]);
    const peeringIds = new Set(changes.peerings.map((p) => `${p.networkId}|${p.peeringId}`));
    for (const node of this.nodes.values()) {
      if (node instanceof NetworkNode && this.inPlace(node, change)) {
        if (!networkIds.has(node.network.id)) continue;
        node.network = place.networks.find((n) => n.id === node.network.id) ?? node.network;
        node.peerings = place.byNetwork.get(node.network.id) ?? [];
        this.queue(node);
      } else if (node instanceof PeeringNode && this.inPlace(node.parent, change)) {
        if (!peeringIds.has(`${node.network.id}|${node.peering.id}`)) continue;
        const fresh = place.peerings.find((p) => p.id === node.peering.id);
        if (fresh) node.peering = fresh;
        this.queue(node);
      }
    }
  }

  private inPlace(node: NetworkNode, change: InventoryChange): boolean {
    return node.account.id === change.accountId && node.placeRegion === change.region;
  }

  /** Resolves once the re-renders queued so far have been fired (tests wait on it, not on time). */
  whenRendered(): Promise<void> {
    if (!this.refreshTimer) return Promise.resolve();
    return new Promise((resolve) => this.rendered.push(resolve));
  }

  /** Coalesces re-renders: each row once per flush, and not under a row that re-renders anyway. */
  private queue(node: TreeNode | undefined): void {
    this.pendingRefresh.add(node);
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      const queued = this.pendingRefresh;
      this.pendingRefresh = new Set();
      const underQueued = (node: TreeNode) => {
        for (let p = node.parent; p; p = p.parent) if (queued.has(p)) return true;
        return false;
      };
      if (queued.has(undefined)) this.emitter.fire(undefined);
      else for (const node of queued) if (node && !underQueued(node)) this.emitter.fire(node);
      for (const resolve of this.rendered.splice(0)) resolve();
    }, 30);
  }

  // ---- finding nodes for reveal ----

  /**
   * The node of a network, built along the same path getChildren walks, with
   * the pages and the problems filter opened so that it is shown.
   */
  networkNode(located: LocatedNetwork): NetworkNode | undefined {
    const view = this.inventory.account(located.account.id);
    const place = view?.places.get(located.region ?? '');
    const account = this.accounts.get(located.account.id);
    if (!view || !place || !account) return undefined;
    const accountNode = this.accountNode(account, this.groupNodeOf(account));
    const parent = this.parentOf(accountNode, place, located.network);
    // The networks listed beside it, as getChildren lists them under that parent.
    let siblings: readonly Network[] = place.networks;
    if (parent instanceof RegionNode && !parent.isPlace)
      siblings = place.networks.filter((n) => groupOf(n) === parent.region);
    else if (parent instanceof AccountNode && groupsOf(place.networks).length > 0)
      siblings = place.networks.filter((n) => groupOf(n) === undefined);
    const peerings = place.byNetwork.get(located.network.id) ?? [];
    if (this.problemsOnly && !hasProblems(peerings)) this.setShowOnlyProblems(false);
    const index = this.orderedNetworks(place, siblings).findIndex(
      (n) => n.id === located.network.id,
    );
    if (index < 0) return undefined;
    if (index >= this.shown(parent.id))
      this.pages.set(parent.id, (Math.floor(index / PAGE_SIZE) + 1) * PAGE_SIZE);
    return this.cached(
      `${parent.id}/network/${located.network.id}`,
      () => new NetworkNode(parent, located.region, located.network, peerings),
    );
  }

  /** The node of a peering under the network of its side that this account lists. */
  peeringNode(located: LocatedPeering): PeeringNode | undefined {
    const place = this.inventory.place(located.account.id, located.region);
    if (!place) return undefined;
    const p = located.peering;
    const network =
      place.networks.find((n) => n.id === p.local.networkId) ??
      place.networks.find((n) => n.id === p.peer.networkId);
    if (!network) return undefined;
    if (this.problemsOnly && !hasProblems([p])) this.setShowOnlyProblems(false);
    const networkNode = this.networkNode({
      network,
      account: located.account,
      region: located.region,
    });
    if (!networkNode) return undefined;
    const page = peeringPage(network, place.byNetwork.get(network.id) ?? [], {
      problemsOnly: this.problemsOnly,
      shown: Number.MAX_SAFE_INTEGER,
      lookup: this.rowEnv.lookup,
    });
    const index = page.rows.findIndex((r) => r.peering.key === p.key);
    if (index < 0) return undefined;
    if (index >= this.shown(networkNode.id))
      this.pages.set(networkNode.id, (Math.floor(index / PAGE_SIZE) + 1) * PAGE_SIZE);
    return this.cached(
      `${networkNode.id}/peering/${p.id}`,
      () => new PeeringNode(networkNode, p, this.rowEnv),
    );
  }

  private parentOf(
    accountNode: AccountNode,
    place: PlaceView,
    network: Network,
  ): AccountNode | RegionNode {
    if (place.region !== undefined) {
      return this.cached(
        `${accountNode.id}/region/${place.region}`,
        () => new RegionNode(accountNode, place.region!, true),
      );
    }
    const group = groupOf(network);
    if (group !== undefined) {
      return this.cached(
        `${accountNode.id}/region/${group}`,
        () => new RegionNode(accountNode, group, false),
      );
    }
    return accountNode;
  }

  /** The group row an account sits under, built as the root level builds it. */
  private groupNodeOf(account: Account): GroupNode | undefined {
    if (!account.group) return undefined;
    const row = rootRows(this.accounts.list()).find(
      (r) => r.kind === 'group' && r.rows.accounts.some((a) => a.id === account.id),
    );
    if (row?.kind !== 'group') return undefined;
    return this.cached(
      `group/${groupKey(row.rows.group)}`,
      () => new GroupNode(row.rows),
      (n) => (n.rows = row.rows),
    );
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const resolve of this.rendered.splice(0)) resolve();
    for (const s of this.subscriptions) s.dispose();
    this.emitter.dispose();
  }
}

/** The distinct zones or regions of a place's networks, sorted. */
function groupsOf(networks: readonly Network[]): string[] {
  const groups = new Set<string>();
  for (const n of networks) {
    const g = groupOf(n);
    if (g !== undefined) groups.add(g);
  }
  return [...groups].sort((a, b) => collator.compare(a, b));
}
