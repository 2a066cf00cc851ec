import type * as vscode from 'vscode';
import type { Discovery } from './discovery/discovery';
import type { Inventory } from './discovery/inventory';
import type { PeeringWatcher } from './discovery/watch';
import { registerAccountCommands, type AccountCommandsApi } from './ui/activation/accountCommands';
import { createActivationCore } from './ui/activation/core';
import { registerNetworksView, type NetworksModel } from './ui/activation/networksView';
import { registerPeeringCommands } from './ui/activation/peeringCommands';
import { registerPeeringMap } from './ui/activation/peeringMap';
import { registerPeeringStatus } from './ui/activation/peeringStatus';
import { registerSandbox } from './ui/activation/sandbox';
import type { AccountStore } from './ui/accounts';
import { registerPeeringDoctor, type PeeringDoctor } from './ui/doctor';
import type { InventoryKeeper } from './ui/keptInventory';
import type { PeeringCommands } from './ui/peeringCommands';
import type { SandboxHost } from './ui/sandboxHost';
import type { AccountSecrets } from './ui/secrets';
import type { NetworksTreeProvider } from './ui/tree/networksTree';
import type { TreeNode } from './ui/tree/treeNodes';
import { vscodeUserInput } from './ui/userInput';
import type { WatchList } from './ui/watchList';
import { registerPeeringWizard, type PeeringWizard } from './ui/wizard/panel';
import type { PeeringMap } from './ui/map/mapPanel';

/** What `activate` returns: used by the extension-host tests and the activation benchmark. */
export interface CloudPeeringApi {
  readonly activationMs: number;
  statusBarText(): string;
  readonly sandbox: SandboxHost;
  readonly accounts: AccountStore;
  readonly tree: NetworksTreeProvider;
  readonly view: vscode.TreeView<TreeNode>;
  readonly discovery: Discovery;
  /** What discovery found, per account and region; the tree, the status bar and the quick picks read it. */
  readonly inventory: Inventory;
  readonly watcher: PeeringWatcher;
  readonly watchList: WatchList;
  /** Keeps the inventory between sessions (globalStorage/inventory.jsonl). */
  readonly keeper: InventoryKeeper;
  /** The view's description (kept age, refresh progress) as shown now. */
  viewDescription(): string;
  /**
   * What activation builds for the Networks view (discovery, inventory, kept
   * inventory, tree), built again over the same accounts and storage, as a
   * window reload builds it: for the extension-host test of the kept inventory.
   */
  reopenNetworks(): NetworksModel;
  /** The peering commands with injectable prompts, for extension-host tests. */
  readonly peeringCommands: PeeringCommands;
  /** The status bar item as the user sees it, and the notifications shown so far. */
  readonly status: {
    text(): string;
    tooltip(): string;
    background(): string | undefined;
    /** The status bar item's screen-reader label. */
    accessibilityLabel(): string | undefined;
    readonly notifications: string[];
  };
  readonly secrets: AccountSecrets;
  /** The peering wizard's panels, for extension-host tests. */
  readonly wizard: PeeringWizard;
  /** The Peering Doctor: its store, report panels and commands with injectable prompts. */
  readonly doctor: PeeringDoctor;
  /** The Peering Map panel (its engine, dist/map.js, loads on first open). */
  readonly map: PeeringMap;
  /** The account commands with injectable prompts, for extension-host tests. */
  readonly accountCommands: AccountCommandsApi;
}

// Activation does no I/O and loads no SDK: it wires objects and registers
// commands. Providers and the sandbox are separate bundles loaded on first use.
// Each feature's registration puts what it creates on the context's subscriptions.
export function activate(context: vscode.ExtensionContext): CloudPeeringApi {
  const started = performance.now();
  const core = createActivationCore(context);
  const { log, accounts, loadProvider, watchList } = core;
  const networks = registerNetworksView(context, core);
  const { inventory, tree } = networks;
  const doctor = registerPeeringDoctor(context, {
    log,
    inventory,
    accounts,
    loadProvider,
    ui: vscodeUserInput,
    store: core.diagnoses,
  });
  const status = registerPeeringStatus(context, { ...core, inventory, tree, doctor });
  const wizard = registerPeeringWizard(context, {
    log,
    accounts,
    inventory,
    loadProvider,
    watchPeering: async (peering) => {
      if (!watchList.isWatched(peering.key)) await watchList.watch(peering.key);
    },
  });
  const { runsDirectory } = wizard;
  const peeringCommands = registerPeeringCommands(context, {
    ...core,
    ...networks,
    watcher: status.watcher,
    runsDirectory,
  });
  const accountCommands = registerAccountCommands(context, core);
  const map = registerPeeringMap(context, {
    ...networks,
    log,
    peeringCommands,
    runsDirectory,
    diagnoses: doctor.store,
  });
  registerSandbox(context, core);

  const activationMs = performance.now() - started;
  log.info(`Activated in ${activationMs.toFixed(2)} ms`);
  const { statusBar } = status;
  return {
    activationMs,
    statusBarText: () => statusBar.item.text,
    sandbox: core.sandbox,
    accounts,
    tree,
    view: networks.view,
    discovery: networks.discovery,
    inventory,
    watcher: status.watcher,
    watchList,
    keeper: networks.keeper,
    viewDescription: () => networks.view.description ?? '',
    reopenNetworks: () => networks.reopen(),
    peeringCommands,
    status: {
      text: () => statusBar.item.text,
      tooltip: () => statusBar.tooltipText,
      background: () => statusBar.item.backgroundColor?.id,
      accessibilityLabel: () => statusBar.item.accessibilityInformation?.label,
      notifications: status.notifications,
    },
    secrets: core.secrets,
    wizard,
    doctor,
    map,
    accountCommands,
  };
}

export function deactivate(): void {
  // Disposables registered on the context clean up the sandbox, providers and views.
}
