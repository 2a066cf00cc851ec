import * as vscode from 'vscode';
import type { Discovery } from '../../discovery/discovery';
import type { AccountStore } from '../accounts';
import { AccountNode, type TreeContext, type TreeNode } from './treeNodes';

/** The Networks view: accounts → regions → networks → peerings, loaded lazily per node. */
export class NetworksTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subscription: vscode.Disposable;
  private problemsOnly = false;
  readonly context: TreeContext;

  constructor(
    private readonly accounts: AccountStore,
    discovery: Discovery,
  ) {
    this.context = {
      discovery,
      refresh: (node) => this.refresh(node),
      pageSize: 200,
      showOnlyProblems: () => this.problemsOnly,
    };
    this.subscription = accounts.onDidChange(() => this.refresh());
  }

  setShowOnlyProblems(on: boolean): void {
    this.problemsOnly = on;
    void vscode.commands.executeCommand('setContext', 'peering.showOnlyProblems', on);
    this.refresh();
  }

  refresh(node?: TreeNode): void {
    this.emitter.fire(node);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    // An empty root lets the welcome view (Add Account, Try the Sandbox) show.
    if (!node) {
      const accounts = this.accounts.list();
      this.resolveInBackground(accounts);
      return accounts.map((a) => new AccountNode(a, this.context));
    }
    return node.getChildren ? node.getChildren() : [];
  }

  /**
   * Peer labels need networks from other accounts, which lazy loading may not
   * have listed yet: a background refresh fills the index, then the tree
   * re-renders once if it learned anything.
   */
  private resolveInBackground(accounts: ReturnType<AccountStore['list']>): void {
    if (this.resolving || accounts.length === 0) return;
    const before = this.context.discovery.knownNetworks;
    this.resolving = this.context.discovery
      .refresh(accounts)
      .then(
        (result) => {
          this.lastResult = result;
          if (this.context.discovery.knownNetworks > before) this.refresh();
        },
        () => undefined,
      )
      .finally(() => (this.resolving = undefined));
  }

  private resolving: Promise<void> | undefined;
  /** The last full discovery, for the status bar and quick picks. */
  lastResult: import('../../discovery/discovery').DiscoveryResult | undefined;

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
