/**
 * The Peering Map's webview panel (issue 14): one per window, opened from the Networks view's
 * title bar, the palette (`peering.showMap`) and a network row's menu. The page is one script and
 * one stylesheet from dist/webviews under the wizard's strict CSP with a fresh nonce; every
 * message from it goes through `MapSession`, which validates it.
 *
 * The engine (graph, ELK layout, exports) is `dist/map.js`, required the first time a map opens,
 * so activation never loads ELK.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LocatedNetwork, LocatedPeering } from '../../discovery/inventory';
import type { MapEdge, MapNode } from '../../map/graph';
import type { MapEngine, MapModule } from '../../map/index';
import type { DiagnosisLookup } from '../../model/diagnosis';
import type { Network, NetworkRef } from '../../model/types';
import type { EdgeAction, ExportFormat } from '../../protocol/mapMessages';
import type { PeeringLog } from '../log';
import type { TreeNode } from '../tree/treeNodes';
import { webviewPageHtml } from '../webviewPage';
import { MapSession } from './mapSession';

export const MAP_VIEW_TYPE = 'peering.map';
/** The Peering Doctor's command; the map runs it by id with the tree's node, as the row menu does. */
export const DIAGNOSE_COMMAND = 'peering.diagnosePeering';

export interface PeeringMapDeps {
  extensionUri: vscode.Uri;
  extensionPath: string;
  log: PeeringLog;
  inventory: {
    networks(): LocatedNetwork[];
    peerings(): LocatedPeering[];
    lookup(ref: NetworkRef): Network | undefined;
    onDidChange(listener: () => void): { dispose(): void };
  };
  /** The Doctor's store; the map shows its findings on their edges. */
  diagnoses?: DiagnosisLookup;
  /** AWS accounts that belong to EMQX Cloud, so their networks are marked as a service. */
  emqxAccounts?(): Promise<ReadonlySet<string>>;
  revealNetwork(located: LocatedNetwork): Promise<unknown>;
  peeringNode(located: LocatedPeering): TreeNode | undefined;
}

export interface PeeringMap extends vscode.Disposable {
  /** Opens (or reveals) the map; from a network row it scrolls to that network. */
  open(node?: unknown): Promise<void>;
  /** Whether dist/map.js has been required (it is on the first open, never at activation). */
  readonly engineLoaded: boolean;
}

export function createPeeringMap(deps: PeeringMapDeps): PeeringMap {
  let engine: MapEngine | undefined;
  let current: { panel: vscode.WebviewPanel; session: MapSession } | undefined;
  const loadEngine = (): MapEngine => {
    if (!engine) {
      // A computed path: esbuild leaves this require alone, so ELK stays out of dist/extension.js.
      const file = path.join(deps.extensionPath, 'dist', 'map.js');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      engine = (require(file) as MapModule).createMapEngine();
    }
    return engine;
  };

  const findPeering = (edge: MapEdge): LocatedPeering | undefined => {
    const all = deps.inventory.peerings();
    return (
      all.find(
        (p) =>
          p.peering.key === edge.key && p.account.id === edge.accountId && p.region === edge.region,
      ) ?? all.find((p) => p.peering.key === edge.key)
    );
  };
  const findNetwork = (node: MapNode): LocatedNetwork | undefined =>
    deps.inventory.networks().find((n) => n.network.key === node.key);

  const actions = {
    async reveal(node: MapNode) {
      const located = findNetwork(node);
      if (located) await deps.revealNetwork(located);
    },
    async edgeAction(action: EdgeAction, edge: MapEdge) {
      const located = findPeering(edge);
      if (!located) {
        void vscode.window.showWarningMessage(
          vscode.l10n.t('That peering is no longer listed; refresh the view.'),
        );
        return;
      }
      if (action === 'reveal') {
        await vscode.commands.executeCommand('peering.revealPeering', {
          key: located.peering.key,
          accountId: located.account.id,
          region: located.region,
        });
        return;
      }
      const treeNode = deps.peeringNode(located);
      if (action === 'openInConsole')
        await vscode.commands.executeCommand('peering.openInConsole', treeNode);
      else if (action === 'delete')
        await vscode.commands.executeCommand('peering.deletePeering', treeNode);
      else await vscode.commands.executeCommand(DIAGNOSE_COMMAND, treeNode);
    },
    async connect(from: MapNode, to: MapNode) {
      const local = findNetwork(from)?.network;
      if (!local) return;
      const peerNetwork = findNetwork(to)?.network ?? {
        key: to.key,
        id: to.networkId,
        name: to.name,
        cloud: to.cloud,
        cidrs: to.cidrs,
      };
      await vscode.commands.executeCommand('peering.newPeering', { network: local, peerNetwork });
    },
    async save(format: ExportFormat, content: string | Uint8Array) {
      const extension = { svg: 'svg', png: 'png', mermaid: 'mmd', dot: 'dot' }[format];
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const target = await vscode.window.showSaveDialog({
        defaultUri: folder ? vscode.Uri.joinPath(folder, `peering-map.${extension}`) : undefined,
        saveLabel: vscode.l10n.t('Export'),
        filters: { [format.toUpperCase()]: [extension] },
        title: vscode.l10n.t('Export the Peering Map'),
      });
      if (!target) return undefined;
      const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
      await vscode.workspace.fs.writeFile(target, bytes);
      deps.log.info(`Peering Map: exported ${format} to ${target.fsPath || target.toString()}`);
      return target.fsPath || target.toString();
    },
  };

  const subscriptions: vscode.Disposable[] = [];
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  const scheduleRefresh = () => {
    // The inventory changes place by place while it loads: one redraw per quiet 300 ms.
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      refreshTimer = undefined;
      void current?.session.refresh();
    }, 300);
  };
  subscriptions.push(deps.inventory.onDidChange(scheduleRefresh));
  if (deps.diagnoses) {
    const off = deps.diagnoses.onDidChange(scheduleRefresh);
    subscriptions.push({ dispose: off });
  }

  const focusOf = (node: unknown): string | undefined => {
    const network = (node as { network?: { key?: unknown } } | undefined)?.network;
    return typeof network?.key === 'string' ? network.key : undefined;
  };

  return {
    get engineLoaded() {
      return engine !== undefined;
    },
    async open(node?: unknown) {
      const focus = focusOf(node);
      if (current) {
        current.session.setFocus(focus);
        current.panel.reveal(current.panel.viewColumn ?? vscode.ViewColumn.Active);
        await current.session.refresh();
        return;
      }
      // Loaded before the panel exists, so a broken install fails here with the error shown once.
      loadEngine();
      const root = vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webviews');
      const panel = vscode.window.createWebviewPanel(
        MAP_VIEW_TYPE,
        vscode.l10n.t('Peering Map'),
        { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
        {
          enableScripts: true,
          // The map redraws from the inventory when shown again; no hidden DOM is kept.
          retainContextWhenHidden: false,
          localResourceRoots: [root],
        },
      );
      panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'peering.svg');
      const session = new MapSession({
        post: (message) => panel.webview.postMessage(message),
        loadEngine,
        inventory: deps.inventory,
        diagnoses: deps.diagnoses,
        emqxAccounts: deps.emqxAccounts,
        actions,
        log: deps.log,
      });
      session.setFocus(focus);
      current = { panel, session };
      const listener = panel.webview.onDidReceiveMessage((m: unknown) => void session.receive(m));
      panel.onDidDispose(() => {
        listener.dispose();
        if (current?.panel === panel) current = undefined;
      });
      panel.webview.html = mapHtml(panel.webview, deps.extensionUri);
    },
    dispose() {
      if (refreshTimer) clearTimeout(refreshTimer);
      for (const s of subscriptions) s.dispose();
      current?.panel.dispose();
    },
  };
}

function mapHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return webviewPageHtml(webview, extensionUri, {
    app: 'map',
    title: vscode.l10n.t('Peering Map'),
    l10nBundle: false,
  });
}
