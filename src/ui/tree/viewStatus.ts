import * as vscode from 'vscode';
import type { Inventory } from '../../discovery/inventory';
import { viewDescription, viewMessage } from './scaleRows';

/** How often the description follows a running refresh, and ages the kept rows. */
const UPDATE_EVERY_MS = 250;
const AGE_EVERY_MS = 30_000;

/**
 * The Networks view's description, message and progress bar: the kept rows'
 * age until the refresh replaces them (in the description and, since VS Code
 * hides the description of a view alone in its container, in the message),
 * the count of places listed while a refresh runs, and the view's own progress
 * bar (withProgress on the view) meanwhile.
 */
export class NetworksViewStatus implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly ageTimer: ReturnType<typeof setInterval>;
  private progressDone: (() => void) | undefined;
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly view: vscode.TreeView<unknown>,
    private readonly inventory: Inventory,
  ) {
    this.subscription = inventory.onDidChange(() => this.schedule());
    this.ageTimer = setInterval(() => this.update(), AGE_EVERY_MS);
  }

  /** Updates now; also what the tests read through `view.description`. */
  update(): void {
    const busy = this.inventory.busy;
    const state = {
      keptAt: this.inventory.keptAt,
      progress: this.inventory.progress(),
      busy,
      now: Date.now(),
    };
    this.view.description = viewDescription(state, vscode.l10n.t);
    this.view.message = viewMessage(state, vscode.l10n.t);
    if (busy && !this.progressDone) {
      void vscode.window.withProgress(
        { location: { viewId: 'peering.networks' } },
        () => new Promise<void>((resolve) => (this.progressDone = resolve)),
      );
    } else if (!busy && this.progressDone) {
      this.progressDone();
      this.progressDone = undefined;
    }
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.update();
    }, UPDATE_EVERY_MS);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    clearInterval(this.ageTimer);
    this.progressDone?.();
    this.subscription.dispose();
  }
}
