/**
 * The peering wizard, wired into the extension: `registerPeeringWizard`
 * registers the panel serializer and returns `open(node?)` for the
 * `peering.newPeering` command (palette, tree, walkthrough).
 */
import * as vscode from 'vscode';
import type { Account, CloudKind, Peering } from '../../model/types';
import type { CloudProvider } from '../../providers/provider';
import { WIZARD_PROTOCOL_VERSION, type RunView } from '../../protocol/wizardMessages';
import type { PeeringLog } from '../log';
import { afterRun } from './afterRun';
import { WizardPlansAdapter } from './planAdapter';
import { prefillFromNode } from './prefill';
import { copyScript, openScriptInEditor, runScriptInTerminal, saveScript } from './scriptActions';
import { inventorySource, type InventoryReader } from './wizardInventory';
import { WIZARD_VIEW_TYPE, WizardPanels, type WizardPanel } from './wizardPanel';
import { PlanRuns } from './wizardRuns';
import { wizardHandlers } from './wizardSession';
import type { WizardHandlers } from '../../protocol/wizardRpc';

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
  readonly runs: PlanRuns;
  /** The request handlers a panel gets, over the live inventory, plans and runs (for tests). */
  handlers(onRunUpdate: (run: RunView) => void): WizardHandlers;
}

export function registerPeeringWizard(
  context: vscode.ExtensionContext,
  deps: PeeringWizardDeps,
): PeeringWizard {
  const inventory = inventorySource(deps.inventory, () => deps.accounts.list());
  const plans = new WizardPlansAdapter({ loadProvider: (cloud) => deps.loadProvider(cloud) });
  const runs = new PlanRuns({
    dir: vscode.Uri.joinPath(context.globalStorageUri, 'runs').fsPath,
    loadProvider: (cloud) => deps.loadProvider(cloud),
    accounts: () => deps.accounts.list(),
    plan: (draft, snapshot) => plans.plan(draft, snapshot),
    log: deps.log,
    onFinished: (run) =>
      afterRun(run, {
        inventory,
        // Reloading the touched accounts updates their rows in the Networks view.
        refreshTree: async (accountIds) => {
          await Promise.all(accountIds.map((id) => deps.inventory.loadAccount(id, true)));
        },
        watch: deps.watchPeering ? (peering) => deps.watchPeering?.(peering) : undefined,
      }),
  });
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
        plans,
        runs,
        scripts,
        reveal: async (args) => {
          await vscode.commands.executeCommand('peering.revealPeering', args);
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
  return {
    panels,
    runs,
    handlers,
    open: (node?: unknown) => panels.open(prefillFromNode(node)),
  };
}
