import * as vscode from 'vscode';
import { errorMessage } from '../../model/errors';
import type { DiagnosisLookup } from '../../model/diagnosis';
import type { Account, Network, Peering } from '../../model/types';
import { groupKey, groupRow, type GroupRows } from './scaleRows';
import { CLOUD_LABELS } from '../../providers/registry';
import {
  networkRow,
  peeringRow,
  type IconSpec,
  type NetworkLookup,
  type RowText,
} from './rowModel';

/**
 * Every row in the Networks view is a TreeNode: the data rows (account,
 * region or zone, network, peering) and the uniform non-data rows (loading,
 * empty, error with Retry and Show Log, load more). Ids carry the account and
 * the region, so equal names in two accounts stay distinct, a refresh can
 * target one node, and `reveal` finds a node from its id alone.
 *
 * Nodes hold data; the tree provider decides children. Text comes from the
 * pure rowModel, so what a row says is tested and benchmarked in plain Node.
 */
export interface TreeNode {
  readonly id: string;
  readonly parent: TreeNode | undefined;
  getTreeItem(): vscode.TreeItem;
}

export interface RowEnvironment {
  lookup: NetworkLookup;
  watchOf(key: string): 'explicit' | 'implicit' | 'off';
  /** The Peering Doctor's latest findings per peering key. */
  diagnoses?: DiagnosisLookup;
}

/** The URI scheme of peering rows, so the Doctor's decoration provider can badge them. */
export const PEERING_ROW_SCHEME = 'cloud-peering-doctor';

/** A peering row's resource URI: its key, which the decoration provider looks up. */
export function peeringRowUri(peeringKey: string): vscode.Uri {
  return vscode.Uri.from({
    scheme: PEERING_ROW_SCHEME,
    path: `/${encodeURIComponent(peeringKey)}`,
  });
}

export function themeIcon(icon: IconSpec): vscode.ThemeIcon {
  return new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
}

function toTreeItem(id: string, row: RowText, collapsible: vscode.TreeItemCollapsibleState) {
  const item = new vscode.TreeItem(row.label, collapsible);
  item.id = id;
  item.description = row.description;
  item.iconPath = themeIcon(row.icon);
  item.contextValue = row.contextValue;
  // Theme icons on: the Doctor's tooltip line starts with one ($(error), $(pass)).
  if (row.tooltip) item.tooltip = new vscode.MarkdownString(row.tooltip, true);
  return item;
}

/** An AWS organization, a GCP organization or folder, or an Azure tenant, over its accounts. */
export class GroupNode implements TreeNode {
  readonly parent = undefined;
  readonly id: string;
  constructor(public rows: GroupRows) {
    this.id = `group/${groupKey(rows.group)}`;
  }

  getTreeItem(): vscode.TreeItem {
    return toTreeItem(
      this.id,
      groupRow(this.rows, vscode.l10n.t),
      vscode.TreeItemCollapsibleState.Collapsed,
    );
  }
}

export class AccountNode implements TreeNode {
  readonly id: string;
  /** Its ids stay `account/<id>` inside a group, so reveal and Retry find it either way. */
  constructor(
    public account: Account,
    public parent: GroupNode | undefined = undefined,
  ) {
    this.id = `account/${account.id}`;
  }

  getTreeItem(): vscode.TreeItem {
    const a = this.account;
    const item = new vscode.TreeItem(a.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = CLOUD_LABELS[a.cloud] + (a.sandbox ? ` · ${vscode.l10n.t('sandbox')}` : '');
    item.contextValue = `account account.${a.cloud}${a.sandbox ? ' sandbox' : ''}`;
    item.iconPath = new vscode.ThemeIcon(a.sandbox ? 'beaker' : 'cloud');
    const lines = [`**${a.label}**`, '', `${CLOUD_LABELS[a.cloud]} · \`${a.ref}\``];
    if (a.regions?.length) lines.push('', vscode.l10n.t('Regions: {0}', a.regions.join(', ')));
    if (a.endpoint) lines.push('', vscode.l10n.t('Endpoint: `{0}`', a.endpoint));
    if (a.sandbox) lines.push('', vscode.l10n.t('A demo account of the built-in sandbox.'));
    item.tooltip = new vscode.MarkdownString(lines.join('\n'));
    return item;
  }
}

/**
 * A region or zone under an account. For AWS it is a listing place (one
 * region); for providers that list everything at once (UpCloud, Aiven,
 * Dragonfly, Azure) it groups the place's networks by their zone or region.
 */
export class RegionNode implements TreeNode {
  readonly id: string;
  constructor(
    readonly parent: AccountNode,
    /** The row's label: the region or zone. */
    readonly region: string,
    /** True when the region is its own listing place; false when it groups one place's networks. */
    readonly isPlace: boolean,
  ) {
    this.id = `${parent.id}/region/${region}`;
  }

  get account(): Account {
    return this.parent.account;
  }

  /** The listing region of the place the networks come from. */
  get placeRegion(): string | undefined {
    return this.isPlace ? this.region : undefined;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.region, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('globe');
    item.contextValue = this.isPlace ? 'region' : 'region zone';
    item.tooltip = `${CLOUD_LABELS[this.account.cloud]} · ${this.region}`;
    return item;
  }
}

export class NetworkNode implements TreeNode {
  readonly id: string;
  constructor(
    readonly parent: AccountNode | RegionNode,
    /** The listing region it came from (undefined for one-place providers). */
    readonly placeRegion: string | undefined,
    public network: Network,
    public peerings: readonly Peering[],
  ) {
    this.id = `${parent.id}/network/${network.id}`;
  }

  get account(): Account {
    return this.parent.account;
  }

  getTreeItem(): vscode.TreeItem {
    return toTreeItem(
      this.id,
      networkRow(this.network, this.peerings, vscode.l10n.t),
      this.peerings.length
        ? vscode.TreeItemCollapsibleState.Collapsed
        : vscode.TreeItemCollapsibleState.None,
    );
  }
}

export class PeeringNode implements TreeNode {
  readonly id: string;
  constructor(
    readonly parent: NetworkNode,
    public peering: Peering,
    private readonly env: RowEnvironment,
  ) {
    this.id = `${parent.id}/peering/${peering.id}`;
  }

  get account(): Account {
    return this.parent.account;
  }

  get network(): Network {
    return this.parent.network;
  }

  get placeRegion(): string | undefined {
    return this.parent.placeRegion;
  }

  getTreeItem(): vscode.TreeItem {
    const item = toTreeItem(
      this.id,
      peeringRow(this.network, this.peering, {
        lookup: this.env.lookup,
        t: vscode.l10n.t,
        watch: this.env.watchOf(this.peering.key),
        now: Date.now(),
        diagnosis: this.env.diagnoses?.get(this.peering.key),
      }),
      vscode.TreeItemCollapsibleState.None,
    );
    item.resourceUri = peeringRowUri(this.peering.key);
    return item;
  }
}

export type MessageKind = 'loading' | 'empty' | 'error' | 'more';

/** The uniform non-data rows. `target` is the node a Retry or Load more acts on. */
export class MessageNode implements TreeNode {
  readonly id: string;
  private constructor(
    readonly kind: MessageKind,
    readonly parent: TreeNode | undefined,
    readonly target: TreeNode | undefined,
    private readonly label: string,
    private readonly icon: vscode.ThemeIcon,
    private readonly command?: vscode.Command,
    private readonly tooltip?: string | vscode.MarkdownString,
  ) {
    this.id = `${parent?.id ?? 'root'}/${kind}`;
  }

  static loading(parent: TreeNode): MessageNode {
    return new MessageNode(
      'loading',
      parent,
      parent,
      vscode.l10n.t('Loading…'),
      new vscode.ThemeIcon('loading~spin'),
    );
  }

  static empty(parent: TreeNode | undefined, label: string): MessageNode {
    return new MessageNode('empty', parent, parent, label, new vscode.ThemeIcon('circle-outline'));
  }

  static error(parent: TreeNode, error: unknown): MessageNode {
    const message = errorMessage(error);
    const tooltip = new vscode.MarkdownString(
      vscode.l10n.t('{0}\n\nClick to retry; the inline buttons retry or show the log.', message),
    );
    return new MessageNode(
      'error',
      parent,
      parent,
      vscode.l10n.t('Failed to load: {0}', message),
      new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
      { command: 'peering.refresh', title: vscode.l10n.t('Retry'), arguments: [parent] },
      tooltip,
    );
  }

  static loadMore(parent: TreeNode, remaining: number): MessageNode {
    return new MessageNode(
      'more',
      parent,
      parent,
      vscode.l10n.t('Load more ({0} more)', remaining),
      new vscode.ThemeIcon('ellipsis'),
      { command: 'peering.loadMore', title: vscode.l10n.t('Load more'), arguments: [parent] },
    );
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = this.icon;
    item.contextValue = `message message.${this.kind}`;
    item.command = this.command;
    item.tooltip = this.tooltip;
    return item;
  }
}

export function isTreeNode(value: unknown): value is TreeNode {
  return (
    !!value &&
    typeof value === 'object' &&
    typeof (value as TreeNode).id === 'string' &&
    typeof (value as TreeNode).getTreeItem === 'function'
  );
}
