/**
 * The peering wizard, wired into the extension: `registerPeeringWizard`
 * registers the panel serializer and returns `open(node?)` for the
 * `peering.newPeering` command (palette, tree, walkthrough).
 */
import * as vscode from 'vscode';
import type { Discovery } from '../../discovery/discovery';
import type { Account } from '../../model/types';
import type { RunView } from '../../protocol/wizardMessages';
import type { PeeringLog } from '../log';
import { prefillFromNode } from './prefill';
import { copyScript, openScriptInEditor, runScriptInTerminal, saveScript } from './scriptActions';
import type { InventorySnapshot, WizardInventorySource } from './wizardInventory';
import { WIZARD_VIEW_TYPE, WizardPanels, type WizardPanel } from './wizardPanel';
import { wizardHandlers, type WizardPlans, type WizardRuns } from './wizardSession';

export { WIZARD_VIEW_TYPE } from './wizardPanel';

export interface PeeringWizardDeps {
  log: PeeringLog;
  accounts: { list(): Account[] };
  discovery: Discovery;
  plans?: WizardPlans;
  runs?: WizardRuns;
}

export interface PeeringWizard {
  /** Opens (or reveals) the panel, prefilled from a Networks tree node when one is given. */
  open(node?: unknown): WizardPanel;
  readonly panels: WizardPanels;
}

export function registerPeeringWizard(
  context: vscode.ExtensionContext,
  deps: PeeringWizardDeps,
): PeeringWizard {
  const inventory = discoveryInventory(deps);
  const scripts = {
    copy: copyScript,
    openInEditor: openScriptInEditor,
    save: saveScript,
    runInTerminal: (script: Parameters<typeof runScriptInTerminal>[0]) =>
      runScriptInTerminal(script),
    copyText: async (text: string) => vscode.env.clipboard.writeText(text),
  };
  const panels = new WizardPanels({
    extensionUri: context.extensionUri,
    log: deps.log,
    handlers: (panel) =>
      wizardHandlers({ inventory, plans: deps.plans, runs: deps.runs, scripts }, (run: RunView) => {
        if (!panel.isDisposed) panel.endpoint.runUpdate(run);
      }),
    init: (prefill) => ({
      protocolVersion: 1,
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
    open: (node?: unknown) => panels.open(prefillFromNode(node)),
  };
}

/** Every network and peering of the configured accounts, listed once and reused until a refresh. */
function discoveryInventory(deps: PeeringWizardDeps): WizardInventorySource {
  let last: { at: number; snapshot: InventorySnapshot; accountsKey: string } | undefined;
  let pending: Promise<InventorySnapshot> | undefined;
  const accountsKey = (accounts: Account[]) =>
    accounts.map((a) => `${a.id}@${a.endpoint ?? ''}`).join('|');
  return {
    accounts: () => deps.accounts.list(),
    async snapshot(refresh, signal) {
      const accounts = deps.accounts.list();
      const key = accountsKey(accounts);
      if (!refresh && last && last.accountsKey === key) return last.snapshot;
      if (!refresh && pending) return pending;
      const listing = deps.discovery.refresh(accounts, signal).then((result) => {
        const snapshot: InventorySnapshot = {
          accounts,
          networks: result.networks,
          peerings: result.peerings,
          errors: result.errors.map(
            (e) => `${e.accountLabel}${e.region ? ` (${e.region})` : ''}: ${e.message}`,
          ),
        };
        last = { at: Date.now(), snapshot, accountsKey: key };
        return snapshot;
      });
      pending = listing;
      try {
        return await listing;
      } finally {
        if (pending === listing) pending = undefined;
      }
    },
  };
}
