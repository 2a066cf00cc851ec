import * as vscode from 'vscode';

export interface PeeringCounts {
  active: number;
  pending: number;
  down: number;
}

/**
 * One status bar item, created once; its text is a function of the counts.
 * `update` is debounced so a burst of state changes renders once.
 */
export class PeeringStatusBar implements vscode.Disposable {
  static readonly id = 'peering.status';
  readonly item: vscode.StatusBarItem;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private counts: PeeringCounts | undefined;

  constructor() {
    this.item = vscode.window.createStatusBarItem(
      PeeringStatusBar.id,
      vscode.StatusBarAlignment.Left,
      10,
    );
    this.item.name = vscode.l10n.t('Cloud Peering');
    this.item.command = 'workbench.view.extension.peering';
    this.render();
    this.item.show();
  }

  update(counts: PeeringCounts | undefined): void {
    this.counts = counts;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.render(), 50);
  }

  /** The text the item shows for the current counts; exposed for tests. */
  static format(counts: PeeringCounts | undefined): string {
    if (!counts) return `$(plug) ${vscode.l10n.t('Peering')}`;
    return `$(plug) ${vscode.l10n.t('{0} active · {1} pending · {2} down', counts.active, counts.pending, counts.down)}`;
  }

  private render(): void {
    const counts = this.counts;
    this.item.text = PeeringStatusBar.format(counts);
    this.item.backgroundColor =
      counts && counts.down > 0
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : counts && counts.pending > 0
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    this.item.tooltip = counts
      ? new vscode.MarkdownString(
          vscode.l10n.t(
            'Cloud Peering: {0} active, {1} pending, {2} down',
            counts.active,
            counts.pending,
            counts.down,
          ),
        )
      : vscode.l10n.t('Cloud Peering: no peerings watched yet');
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.item.dispose();
  }
}
