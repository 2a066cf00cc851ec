import * as vscode from 'vscode';
import type { LocatedPeering } from '../discovery/inventory';
import type { PeeringSummary } from '../discovery/watch';
import type { Network, NetworkRef } from '../model/types';
import { failingChecksText, farLabel, stateText } from './tree/rowModel';

/** The Peering Doctor's side of the status bar: peerings whose latest diagnosis has an error. */
export interface DoctorStatusSource {
  failing(): LocatedPeering[];
  onDidChange(listener: () => void): () => void;
}

/** How many items the tooltip lists before "and N more". */
const TOOLTIP_ITEMS = 8;

/**
 * One status bar item, created once; what it shows is a function of the
 * watcher's summary. `update` is debounced, so a burst of changes (a refresh
 * landing place by place) renders once.
 */
export class PeeringStatusBar implements vscode.Disposable {
  static readonly id = 'peering.status';
  readonly item: vscode.StatusBarItem;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private summary: PeeringSummary | undefined;

  private readonly unsubscribeDoctor: (() => void) | undefined;

  constructor(
    private readonly lookup: (ref: NetworkRef) => Network | undefined,
    private readonly doctor?: DoctorStatusSource,
  ) {
    this.item = vscode.window.createStatusBarItem(
      PeeringStatusBar.id,
      vscode.StatusBarAlignment.Left,
      10,
    );
    this.item.name = vscode.l10n.t('Cloud Peering');
    this.item.command = 'peering.showProblems';
    this.unsubscribeDoctor = doctor?.onDidChange(() => this.update(this.summary));
    this.render();
    this.item.show();
  }

  /** Undefined: nothing discovered yet (no accounts, or the first load is running). */
  update(summary: PeeringSummary | undefined): void {
    this.summary = summary;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.render(), 50);
  }

  /** The tooltip's Markdown, for tests. */
  get tooltipText(): string {
    const tooltip = this.item.tooltip;
    return typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? '');
  }

  private render(): void {
    this.timer = undefined;
    const s = this.summary;
    if (!s) {
      this.item.text = `$(plug) ${vscode.l10n.t('Peering')}`;
      this.item.backgroundColor = undefined;
      this.item.tooltip = vscode.l10n.t('Cloud Peering: no peerings discovered yet');
      this.item.accessibilityInformation = {
        label: vscode.l10n.t('Cloud Peering: no peerings discovered yet'),
        role: 'button',
      };
      return;
    }
    // Peerings that fail a Doctor check count apart from those merely pending: they are up
    // and still carry no traffic.
    const failing = this.doctor?.failing() ?? [];
    const failingText = failingChecksText(failing.length, vscode.l10n.t);
    this.item.text = `$(plug) ${vscode.l10n.t(
      '{0} active · {1} pending · {2} down',
      s.active,
      s.pending,
      s.down,
    )}${failingText ? ` · ${failingText}` : ''}`;
    this.item.backgroundColor =
      s.severity === 'error' || failing.length
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : s.severity === 'warning'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    this.item.tooltip = this.tooltip(s);
    // What a screen reader says instead of "plug 5 active · 4 pending · 2 down".
    this.item.accessibilityInformation = {
      label: [
        vscode.l10n.t(
          'Cloud Peering: {0} peerings active, {1} pending, {2} down.',
          s.active,
          s.pending,
          s.down,
        ),
        failingText ? vscode.l10n.t('Peering Doctor: {0}.', failingText) : '',
        s.needsAction.length
          ? vscode.l10n.t('{0} need your attention; press to list them.', s.needsAction.length)
          : vscode.l10n.t('Nothing needs your attention.'),
      ]
        .filter(Boolean)
        .join(' '),
      role: 'button',
    };
  }

  private tooltip(s: PeeringSummary): vscode.MarkdownString {
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = {
      enabledCommands: ['peering.revealPeering', 'peering.showProblems', 'peering.diagnosePeering'],
    };
    md.appendMarkdown(
      `**${vscode.l10n.t('Cloud Peering')}** · ${vscode.l10n.t(
        '{0} watched: {1} active, {2} pending, {3} down',
        s.watched,
        s.active,
        s.pending,
        s.down,
      )}\n\n`,
    );
    const failing = this.doctor?.failing() ?? [];
    if (failing.length) {
      md.appendMarkdown(`${vscode.l10n.t('Failing Peering Doctor checks:')}\n\n`);
      for (const item of failing.slice(0, TOOLTIP_ITEMS)) md.appendMarkdown(this.line(item, true));
      md.appendMarkdown('\n');
    }
    if (!s.needsAction.length) {
      md.appendMarkdown(vscode.l10n.t('Nothing needs your attention.'));
      return md;
    }
    md.appendMarkdown(`${vscode.l10n.t('Needs action:')}\n\n`);
    for (const item of s.needsAction.slice(0, TOOLTIP_ITEMS)) md.appendMarkdown(this.line(item));
    if (s.needsAction.length > TOOLTIP_ITEMS) {
      md.appendMarkdown(
        `\n[${vscode.l10n.t('…and {0} more', s.needsAction.length - TOOLTIP_ITEMS)}](command:peering.showProblems)\n`,
      );
    }
    return md;
  }

  /** One peering in the tooltip: reveal it, and diagnose it. */
  private line(item: LocatedPeering, failingCheck = false): string {
    const icon =
      failingCheck || item.peering.state === 'failed' || item.peering.state === 'disconnected'
        ? '$(error)'
        : '$(warning)';
    const args = encodeURIComponent(JSON.stringify([revealArgs(item)]));
    return `- ${icon} [${escape(peeringTitle(item, this.lookup))}](command:peering.revealPeering?${args}) — ${escape(stateText(item.peering))} · ${escape(item.account.label)} · [$(debug-console) ${vscode.l10n.t('Diagnose')}](command:peering.diagnosePeering?${args})\n`;
  }

  dispose(): void {
    this.unsubscribeDoctor?.();
    if (this.timer) clearTimeout(this.timer);
    this.item.dispose();
  }
}

/** What `peering.revealPeering` takes: enough to find the peering in the inventory again. */
export interface RevealArgs {
  key: string;
  accountId: string;
  region?: string;
}

export function revealArgs(item: LocatedPeering): RevealArgs {
  return { key: item.peering.key, accountId: item.account.id, region: item.region };
}

/** "app-vpc ↔ data-vpc": both ends, named as the tree names them. */
export function peeringTitle(
  item: LocatedPeering,
  lookup: (ref: NetworkRef) => Network | undefined,
): string {
  const p = item.peering;
  const near = lookup(p.local)?.name ?? p.local.name ?? p.local.networkId;
  return `${near} ↔ ${farLabel(p.peer, lookup)}`;
}

function escape(text: string): string {
  return text.replace(/[\\`*_[\]()<>|]/g, (c) => `\\${c}`);
}
