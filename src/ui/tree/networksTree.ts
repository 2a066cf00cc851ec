import * as vscode from 'vscode';
import type {
  Inventory,
  LocatedNetwork,
  LocatedPeering,
  PlaceView,
} from '../../discovery/inventory';
import type { DiagnosisLookup } from '../../model/diagnosis';
import type { Network } from '../../model/types';
import type { AccountStore } from '../accounts';
import { loadWithErrorHandling } from '../commandWrapper';
import type { PeeringLog } from '../log';
import { PAGE_SIZE, groupOf, hasProblems, peeringPage } from './rowModel';
import {
  AccountNode,
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
  private pendingRefresh = new Set<string>();
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly rowEnv: RowEnvironment;

  constructor(
    private readonly accounts: AccountStore,
    readonly inventory: Inventory,
    watchOf: RowEnvironment['watchOf'],
    private readonly log: PeeringLog,
    diagnoses?: DiagnosisLookup,
  ) {
    this.rowEnv = { lookup: (ref) => inventory.lookup(ref), watchOf, diagnoses };
    if (diagnoses) {
      const unsubscribe = diagnoses.onDidChange(() => this.refresh());
      this.subscriptions.push({ dispose: unsubscribe });
    }
    this.subscriptions.push(
      inventory.onDidChange((change) => this.scheduleRefresh(change.accountId)),
    );
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
      const accounts = this.accounts.list();
      // Everything loads in the background: peer labels, the status bar and
      // the quick picks need every account, not just the expanded ones.
      void this.inventory.ensureLoaded();
      return accounts.map((a) =>
        this.cached(
          `account/${a.id}`,
          () => new AccountNode(a),
          (n) => (n.account = a),
        ),
      );
    }
    return loadWithErrorHandling(
      this.log,
      `Loading ${node.id}`,
      async () => {
        if (node instanceof AccountNode) return this.accountChildren(node);
        if (node instanceof RegionNode) return this.regionChildren(node);
        if (node instanceof NetworkNode) return this.networkChildren(node);
        return [];
      },
      (error) => [MessageNode.error(node, error)],
      () => [],
    );
  }

  private async accountChildren(node: AccountNode): Promise<TreeNode[]> {
    const view = this.inventory.account(node.account.id);
    if (!view) return [];
    if (view.status !== 'loaded' && view.status !== 'error') {
      if (!(await this.settlesSoon(this.inventory.loadAccount(node.account.id))))
        return [MessageNode.loading(node)];
    }
    if (view.status === 'error') return [MessageNode.error(node, view.error)];
    if (view.regions.some((r) => r !== undefined)) {
      const regions = view.regions.filter((r): r is string => r !== undefined);
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

  private emptyRow(parent: TreeNode): MessageNode {
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

  /** Coalesces inventory changes into one re-render per account. */
  private scheduleRefresh(accountId: string): void {
    this.pendingRefresh.add(accountId);
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      const ids = [...this.pendingRefresh];
      this.pendingRefresh.clear();
      for (const id of ids) {
        const node = this.nodes.get(`account/${id}`);
        if (node) this.emitter.fire(node);
      }
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
    const accountNode = this.cached(`account/${account.id}`, () => new AccountNode(account));
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

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
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
