/**
 * The wizard's webview panel: one per window. It renders the page under a
 * strict CSP, connects the webview to the session through the validating
 * host endpoint, and is revived by the serializer after a reload.
 */
import * as vscode from 'vscode';
import { maskSecrets } from '../../../model/redact';
import { parse } from '../../../protocol/schema';
import { WizardViewState, type Prefill, type WizardInit } from '../../../protocol/wizardMessages';
import { WizardHostEndpoint, type WizardHandlers } from '../../../protocol/wizardRpc';
import type { PeeringLog } from '../../log';
import { webviewPageHtml, webviewPanelOptions } from '../../webviewPage';

export const WIZARD_VIEW_TYPE = 'peering.wizard';

export interface WizardPanelHost {
  readonly extensionUri: vscode.Uri;
  readonly log: PeeringLog;
  /** The request handlers, bound to this panel's run-update sink. */
  handlers(panel: WizardPanel): WizardHandlers;
  init(prefill: Prefill | undefined): WizardInit | Promise<WizardInit>;
}

export class WizardPanel implements vscode.Disposable {
  readonly endpoint: WizardHostEndpoint;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  /** Resolves when the webview has said `ready` and received `init`. */
  readonly ready: Promise<void>;
  private markReady!: () => void;
  private readonly disposeListeners: (() => void)[] = [];
  /** Runs this panel shows; the session stops sending their updates once the panel is gone. */
  readonly runIds = new Set<string>();

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly host: WizardPanelHost,
    private initialPrefill: Prefill | undefined,
    /** The state the webview saved before a reload (validated), if any. */
    readonly restoredState?: WizardViewState,
  ) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    panel.webview.options = webviewPanelOptions(host.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(host.extensionUri, 'media', 'peering.svg');
    this.endpoint = new WizardHostEndpoint({
      post: (message) => (this.disposed ? false : panel.webview.postMessage(message)),
      handlers: host.handlers(this),
      onReady: async () => {
        const init = await host.init(this.initialPrefill);
        // A prefill applies once: a later reload restores the webview's own state.
        this.initialPrefill = undefined;
        setTimeout(() => this.markReady(), 0);
        return init;
      },
      log: host.log,
      describeError: (error) => maskSecrets(error instanceof Error ? error.message : String(error)),
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => void this.endpoint.receive(message)),
      panel.onDidDispose(() => this.dispose()),
    );
    this.render();
  }

  /** A fresh page (and a fresh nonce) every time. */
  render(): void {
    this.panel.webview.html = webviewPageHtml(this.panel.webview, this.host.extensionUri, {
      app: 'wizard',
      title: this.panel.title,
      l10nBundle: true,
    });
  }

  reveal(prefill: Prefill | undefined): void {
    this.panel.reveal(this.panel.viewColumn ?? vscode.ViewColumn.Active);
    if (prefill) this.endpoint.prefill(prefill);
  }

  onDidDispose(listener: () => void): void {
    this.disposeListeners.push(listener);
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const d of this.disposables) d.dispose();
    for (const listener of this.disposeListeners) listener();
    this.panel.dispose();
  }
}

/** Keeps at most one wizard panel, and revives it after a reload. */
export class WizardPanels implements vscode.WebviewPanelSerializer<unknown>, vscode.Disposable {
  private current: WizardPanel | undefined;

  constructor(private readonly host: WizardPanelHost) {}

  get panel(): WizardPanel | undefined {
    return this.current;
  }

  open(prefill?: Prefill): WizardPanel {
    if (this.current && !this.current.isDisposed) {
      this.current.reveal(prefill);
      return this.current;
    }
    const panel = vscode.window.createWebviewPanel(
      WIZARD_VIEW_TYPE,
      vscode.l10n.t('New Peering'),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      webviewPanelOptions(this.host.extensionUri),
    );
    return this.adopt(new WizardPanel(panel, this.host, prefill));
  }

  /** VS Code calls this after a reload for a panel that was open; `state` is what the webview saved. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const parsed =
      state === undefined || state === null ? undefined : parse(WizardViewState, state, 'state');
    if (parsed && !parsed.ok) {
      // The webview starts fresh when its saved state does not validate; the host only notes it.
      this.host.log.warn(
        `Wizard: ignored a saved panel state that does not validate: ${parsed.error}`,
      );
    }
    if (this.current && !this.current.isDisposed) this.current.dispose();
    this.adopt(new WizardPanel(panel, this.host, undefined, parsed?.ok ? parsed.value : undefined));
  }

  private adopt(panel: WizardPanel): WizardPanel {
    this.current = panel;
    panel.onDidDispose(() => {
      if (this.current === panel) this.current = undefined;
    });
    return panel;
  }

  dispose(): void {
    this.current?.dispose();
  }
}
