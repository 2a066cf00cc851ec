import * as vscode from 'vscode';
import type { AccountStore } from '../accounts';
import { AccountNode, type TreeNode } from './treeNodes';

export class NetworksTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly accounts: AccountStore) {
    this.subscription = accounts.onDidChange(() => this.refresh());
  }

  refresh(node?: TreeNode): void {
    this.emitter.fire(node);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    // An empty root lets the welcome view (Add Account, Try the Sandbox) show.
    if (!node) return this.accounts.list().map((a) => new AccountNode(a));
    return node.getChildren ? await node.getChildren() : [];
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
