/**
 * The peering wizard, wired into the extension: `registerPeeringWizard`
 * registers the panel serializer and the `peering.newPeering` command
 * (palette, tree, walkthrough), and returns `open(node?)`.
 *
 * Activation loads only the panel host and the protocol. The plan side
 * (src/plans, src/render, src/runner) is dist/wizard-plans.js, required the
 * first time a panel asks for it, the way provider bundles are.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Account, CloudKind, Peering } from '../../../model/types';
import type { CloudProvider } from '../../../providers/provider';
import { WIZARD_PROTOCOL_VERSION, type RunView } from '../../../protocol/wizardMessages';
import type { WizardHandlers } from '../../../protocol/wizardRpc';
import { commandRegistrar } from '../../commandWrapper';
import type { PeeringLog } from '../../log';
import type { PlanHost, PlanHostModule } from '../planBundle/planHost';
import { prefillFromNode } from '../session/prefill';
import { copyScript, openScriptInEditor, runScriptInTerminal, saveScript } from './scriptActions';
import { inventorySource, type InventoryReader } from '../session/wizardInventory';
import { WIZARD_VIEW_TYPE, WizardPanels, type WizardPanel } from './wizardPanel';
import { wizardHandlers } from '../session/wizardSession';

export { WIZARD_VIEW_TYPE } from './wizardPanel';

export interface PeeringWizardDeps {
  log: PeeringLog;
  accounts: { list(): Account[] };
  /** What the Networks view lists; the wizard picks from it and refreshes it after a run. */
  inventory: InventoryReader;
  loadProvider(cloud: CloudKind): Promise<CloudProvider>;
  /** After a run: make sure the status bar watches the new peering until it settles. */
  watchPeering?(peering: Peering): void | Promise<void>;
}

export interface PeeringWizard {
  /** Opens (or reveals) the panel, prefilled from a Networks tree node when one is given. */
  open(node?: unknown): WizardPanel;
  readonly panels: WizardPanels;
  /** Where runs and their journals are kept. */
  readonly runsDirectory: string;
  /** The plan side (loads dist/wizard-plans.js on first call). */
  planHost(): Promise<PlanHost>;
  /** The request handlers a panel gets, over the live inventory, plans and runs (for tests). */
  handlers(onRunUpdate: (run: RunView) => void): WizardHandlers;
}

export function registerPeeringWizard(
  context: vscode.ExtensionContext,
  deps: PeeringWizardDeps,
): PeeringWizard {
  const inventory = inventorySource(deps.inventory, () => deps.accounts.list());
  const runsDirectory = vscode.Uri.joinPath(context.globalStorageUri, 'runs').fsPath;
  let host: PlanHost | undefined;
  const planHost = async (): Promise<PlanHost> => {
    if (!host) {
      // A computed path: esbuild leaves this require alone, so the plan side stays out of
      // dist/extension.js.
      const file = path.join(context.extensionPath, 'dist', 'wizard-plans.js');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(file) as PlanHostModule;
      host = mod.createPlanHost({
        runsDir: runsDirectory,
        loadProvider: (cloud) => deps.loadProvider(cloud),
        accounts: () => deps.accounts.list(),
        inventory,
        // Reloading the touched accounts updates their rows in the Networks view.
        refreshTree: async (accountIds) => {
          await Promise.all(accountIds.map((id) => deps.inventory.loadAccount(id, true)));
        },
        watch: deps.watchPeering ? (peering) => deps.watchPeering?.(peering) : undefined,
        log: deps.log,
      });
    }
    return host;
  };
  const scripts = {
    copy: copyScript,
    openInEditor: openScriptInEditor,
    save: saveScript,
    runInTerminal: (script: Parameters<typeof runScriptInTerminal>[0]) =>
      runScriptInTerminal(script),
    copyText: async (text: string) => vscode.env.clipboard.writeText(text),
  };
  const handlers = (onRunUpdate: (run: RunView) => void) =>
    wizardHandlers(
      {
        inventory,
        plans: async () => (await planHost()).plans,
        runs: async () => (await planHost()).runs,
        scripts,
        reveal: async (args) => {
          await vscode.commands.executeCommand('peering.revealPeering', args);
        },
        diagnose: async (args) => {
          await vscode.commands.executeCommand('peering.diagnosePeering', args);
        },
      },
      onRunUpdate,
    );
  const panels = new WizardPanels({
    extensionUri: context.extensionUri,
    log: deps.log,
    handlers: (panel) =>
      handlers((run) => {
        if (!panel.isDisposed) panel.endpoint.runUpdate(run);
      }),
    init: (prefill) => ({
      protocolVersion: WIZARD_PROTOCOL_VERSION,
      flavor: vscode.workspace
        .getConfiguration('peering')
        .get<'bash' | 'terraform'>('script.flavor', 'bash'),
      hasAccounts: deps.accounts.list().length > 0,
      ...(prefill ? { prefill } : {}),
    }),
  });
  context.subscriptions.push(
    panels,
    vscode.window.registerWebviewPanelSerializer(WIZARD_VIEW_TYPE, panels),
  );
  const open = (node?: unknown) =>
    panels.open(prefillFromNode(node, (ref) => deps.inventory.lookup?.(ref)));
  const command = commandRegistrar(context, deps.log);
  command('peering.newPeering', vscode.l10n.t('New Peering'), (node?: unknown) => {
    open(node);
  });
  return { panels, runsDirectory, planHost, handlers, open };
}
