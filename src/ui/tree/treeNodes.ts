import * as vscode from 'vscode';
import type { Account } from '../../model/types';
import { CLOUD_LABELS } from '../../model/types';

/**
 * Every row in the Networks view is a TreeNode. Data rows (accounts, networks,
 * peerings) and the uniform non-data rows (loading, empty, error, load more)
 * share this shape, so one bad item never hides its siblings.
 */
export interface TreeNode {
  /** Carries account and region, so duplicate names across accounts stay distinct. */
  readonly id: string;
  getTreeItem(): vscode.TreeItem;
  getChildren?(): Promise<TreeNode[]> | TreeNode[];
}

export class AccountNode implements TreeNode {
  readonly id: string;
  constructor(readonly account: Account) {
    this.id = `account/${account.id}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.account.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = CLOUD_LABELS[this.account.cloud];
    item.contextValue = `account.${this.account.cloud}`;
    item.iconPath = new vscode.ThemeIcon(this.account.sandbox ? 'beaker' : 'cloud');
    item.tooltip = new vscode.MarkdownString(
      `**${this.account.label}**\n\n${CLOUD_LABELS[this.account.cloud]} · \`${this.account.ref}\``,
    );
    return item;
  }

  getChildren(): TreeNode[] {
    return [
      new MessageNode(
        `${this.id}/pending`,
        vscode.l10n.t('Network discovery is not available yet in this version.'),
        'info',
      ),
    ];
  }
}

/** A non-data row: loading, empty, error, or a hint. */
export class MessageNode implements TreeNode {
  constructor(
    readonly id: string,
    private readonly label: string,
    private readonly icon: string,
    private readonly command?: vscode.Command,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.contextValue = 'message';
    item.command = this.command;
    return item;
  }
}
