import * as vscode from 'vscode';
import { errorMessage } from '../../model/errors';
import { NEEDS_ACTION_STATES } from '../../model/states';
import type { Account, Network, Peering, PeeringState } from '../../model/types';
import { CLOUD_LABELS } from '../../model/types';
import type { Discovery } from '../../discovery/discovery';
import type { Place } from '../../providers/provider';

/**
 * Every row in the Networks view is a TreeNode. Data rows (accounts, regions,
 * networks, peerings) and the uniform non-data rows (loading, empty, error
 * with Retry and Show Log, load more) share this shape; a failing child load
 * becomes one error row and never hides its siblings.
 */
export interface TreeNode {
  /** Carries account and region, so duplicate names across accounts stay distinct. */
  readonly id: string;
  readonly parent?: TreeNode;
  getTreeItem(): vscode.TreeItem;
  getChildren?(): Promise<TreeNode[]>;
}

export interface TreeContext {
  discovery: Discovery;
  /** Fires a refresh of one node (or all when undefined). */
  refresh(node?: TreeNode): void;
  /** Peering rows shown per page under a network before "Load more". */
  pageSize: number;
  showOnlyProblems(): boolean;
}

const STATE_ICONS: Record<PeeringState, [string, string | undefined]> = {
  active: ['pass-filled', 'testing.iconPassed'],
  pending: ['clock', 'list.warningForeground'],
  provisioning: ['sync~spin', undefined],
  inactive: ['circle-slash', 'list.warningForeground'],
  failed: ['error', 'list.errorForeground'],
  disconnected: ['debug-disconnect', 'list.errorForeground'],
  deleting: ['loading~spin', undefined],
  deleted: ['trash', 'disabledForeground'],
  unknown: ['question', undefined],
};

export function stateIcon(state: PeeringState): vscode.ThemeIcon {
  const [icon, color] = STATE_ICONS[state];
  return new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
}

/** Loads children and turns a failure into one error row, so siblings still show. */
async function guarded(parent: TreeNode, load: () => Promise<TreeNode[]>): Promise<TreeNode[]> {
  try {
    const children = await load();
    return children.length ? children : [MessageNode.empty(parent)];
  } catch (error) {
    return [MessageNode.error(parent, error)];
  }
}

export class AccountNode implements TreeNode {
  readonly id: string;
  constructor(
    readonly account: Account,
    private readonly ctx: TreeContext,
  ) {
    this.id = `account/${account.id}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.account.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description =
      CLOUD_LABELS[this.account.cloud] +
      (this.account.sandbox ? ` · ${vscode.l10n.t('sandbox')}` : '');
    item.contextValue = `account account.${this.account.cloud}${this.account.sandbox ? ' sandbox' : ''}`;
    item.iconPath = new vscode.ThemeIcon(this.account.sandbox ? 'beaker' : 'cloud');
    item.tooltip = new vscode.MarkdownString(
      `**${this.account.label}**\n\n${CLOUD_LABELS[this.account.cloud]} · \`${this.account.ref}\`` +
        (this.account.endpoint ? `\n\nEndpoint: \`${this.account.endpoint}\`` : ''),
    );
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return guarded(this, async () => {
      const regions = await this.ctx.discovery.regions(this.account);
      // One place: skip the region level, the way the AWS console does for a single region.
      if (regions.length === 1) {
        return new PlaceNode(
          this,
          { account: this.account, region: regions[0] },
          this.ctx,
          true,
        ).getChildren();
      }
      return regions.map(
        (region) => new PlaceNode(this, { account: this.account, region }, this.ctx),
      );
    });
  }
}

/** A region or zone of an account. */
export class PlaceNode implements TreeNode {
  readonly id: string;
  constructor(
    readonly parent: TreeNode,
    readonly place: Place,
    private readonly ctx: TreeContext,
    /** True when the region row is skipped and its networks sit under the account. */
    private readonly inline = false,
  ) {
    this.id = `${parent.id}/region/${place.region ?? 'global'}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(
      this.place.region ?? vscode.l10n.t('global'),
      vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('globe');
    item.contextValue = 'region';
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return guarded(this, async () => {
      const [networks, peerings] = await Promise.all([
        this.ctx.discovery.networks(this.place),
        this.ctx.discovery.peerings(this.place),
      ]);
      const nodes = networks
        .map(
          (n) =>
            new NetworkNode(
              this.inline ? this.parent : this,
              this.place,
              n,
              peeringsOf(n, peerings),
              this.ctx,
            ),
        )
        .filter((n) => !this.ctx.showOnlyProblems() || n.hasProblems());
      return nodes.sort((a, b) => a.network.name.localeCompare(b.network.name));
    });
  }
}

/** Peerings that touch a network, on either side. */
function peeringsOf(network: Network, peerings: Peering[]): Peering[] {
  return peerings.filter(
    (p) => p.local.networkId === network.id || p.peer.networkId === network.id,
  );
}

export class NetworkNode implements TreeNode {
  readonly id: string;
  private shown: number;
  constructor(
    readonly parent: TreeNode,
    readonly place: Place,
    readonly network: Network,
    readonly peerings: Peering[],
    private readonly ctx: TreeContext,
  ) {
    this.id = `${parent.id}/network/${network.id}`;
    this.shown = ctx.pageSize;
  }

  hasProblems(): boolean {
    return this.peerings.some((p) => NEEDS_ACTION_STATES.has(p.state));
  }

  getTreeItem(): vscode.TreeItem {
    const n = this.network;
    const item = new vscode.TreeItem(
      n.name,
      this.peerings.length
        ? vscode.TreeItemCollapsibleState.Collapsed
        : vscode.TreeItemCollapsibleState.None,
    );
    item.id = this.id;
    item.description = [n.name !== n.id ? n.id : undefined, n.cidrs.join(', ')]
      .filter(Boolean)
      .join(' · ');
    item.iconPath = new vscode.ThemeIcon(
      this.hasProblems() ? 'warning' : 'type-hierarchy-sub',
      this.hasProblems() ? new vscode.ThemeColor('list.warningForeground') : undefined,
    );
    item.contextValue = `network network.${n.cloud}`;
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${n.name}** \`${n.id}\`\n\n`);
    md.appendMarkdown(
      `${CLOUD_LABELS[n.cloud]}${n.region ? ` · ${n.region}` : ''}${n.zone ? ` · ${n.zone}` : ''}\n\n`,
    );
    md.appendMarkdown(`CIDRs: ${n.cidrs.map((c) => `\`${c}\``).join(', ') || '—'}\n\n`);
    md.appendMarkdown(vscode.l10n.t('{0} peerings', this.peerings.length));
    item.tooltip = md;
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    const visible = this.ctx.showOnlyProblems()
      ? this.peerings.filter((p) => NEEDS_ACTION_STATES.has(p.state))
      : this.peerings;
    const rows: TreeNode[] = visible
      .slice(0, this.shown)
      .map((p) => new PeeringNode(this, this.network, p));
    if (visible.length > this.shown) {
      rows.push(
        MessageNode.loadMore(this, visible.length - this.shown, () => {
          this.shown += this.ctx.pageSize;
          this.ctx.refresh(this);
        }),
      );
    }
    return rows.length ? rows : [MessageNode.empty(this)];
  }
}

export class PeeringNode implements TreeNode {
  readonly id: string;
  constructor(
    readonly parent: TreeNode,
    readonly network: Network,
    readonly peering: Peering,
  ) {
    this.id = `${parent.id}/peering/${peering.id}`;
  }

  /** The far side from this network's point of view. */
  get far() {
    return this.peering.local.networkId === this.network.id
      ? this.peering.peer
      : this.peering.local;
  }

  getTreeItem(): vscode.TreeItem {
    const p = this.peering;
    const far = this.far;
    const label = far.name ?? p.name ?? far.networkId;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = `${p.state === p.rawState ? p.state : `${p.state} (${p.rawState})`} · ${p.id}`;
    item.iconPath = stateIcon(p.state);
    item.contextValue = `peering peering.${p.cloud} state.${p.state} raw.${p.rawState}${p.role ? ` role.${p.role}` : ''}`;
    const near = this.peering.local.networkId === this.network.id ? p.local : p.peer;
    const side = (title: string, ref: typeof near) =>
      `| ${title} | ${ref.name ?? ''} \`${ref.networkId}\` | ${ref.accountId ?? ''} | ${ref.region ?? ''} | ${(ref.cidrs ?? []).join(', ')} |`;
    const md = new vscode.MarkdownString(
      [
        `**${p.name ?? p.id}** · ${CLOUD_LABELS[p.cloud]}`,
        '',
        `State: **${p.state}** (raw \`${p.rawState}\`)${p.stateMessage ? ` — ${p.stateMessage}` : ''}`,
        '',
        '| | network | account | region | CIDRs |',
        '|---|---|---|---|---|',
        side(vscode.l10n.t('this side'), near),
        side(vscode.l10n.t('peer'), far),
        '',
        p.createdAt ? `Created ${p.createdAt}` : '',
        p.expiresAt ? `Expires ${p.expiresAt}` : '',
        p.options && Object.keys(p.options).length
          ? `Options: ${Object.entries(p.options)
              .map(([k, v]) => `\`${k}=${String(v)}\``)
              .join(', ')}`
          : '',
      ].join('\n'),
    );
    item.tooltip = md;
    return item;
  }
}

/** The uniform non-data rows. */
export class MessageNode implements TreeNode {
  private constructor(
    readonly id: string,
    readonly parent: TreeNode | undefined,
    private readonly label: string,
    private readonly icon: vscode.ThemeIcon,
    private readonly contextValue: string,
    private readonly command?: vscode.Command,
    private readonly tooltip?: string,
  ) {}

  static empty(parent: TreeNode): MessageNode {
    return new MessageNode(
      `${parent.id}/empty`,
      parent,
      vscode.l10n.t('Nothing here'),
      new vscode.ThemeIcon('circle-outline'),
      'message.empty',
    );
  }

  static loading(parent: TreeNode | undefined): MessageNode {
    return new MessageNode(
      `${parent?.id ?? 'root'}/loading`,
      parent,
      vscode.l10n.t('Loading…'),
      new vscode.ThemeIcon('loading~spin'),
      'message.loading',
    );
  }

  static error(parent: TreeNode, error: unknown): MessageNode {
    const message = errorMessage(error);
    return new MessageNode(
      `${parent.id}/error`,
      parent,
      vscode.l10n.t('Failed to load: {0}', message),
      new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
      'message.error',
      { command: 'peering.refresh', title: vscode.l10n.t('Retry'), arguments: [parent] },
      vscode.l10n.t('{0}\n\nClick to retry, or use Show Log for details.', message),
    );
  }

  static loadMore(parent: TreeNode, remaining: number, more: () => void): MessageNode {
    return new MessageNode(
      `${parent.id}/more`,
      parent,
      vscode.l10n.t('Load more ({0} more)', remaining),
      new vscode.ThemeIcon('ellipsis'),
      'message.loadMore',
      { command: 'peering.loadMore', title: vscode.l10n.t('Load more'), arguments: [more] },
    );
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = this.icon;
    item.contextValue = this.contextValue;
    item.command = this.command;
    item.tooltip = this.tooltip;
    return item;
  }
}
