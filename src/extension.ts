import * as path from 'node:path';
import * as vscode from 'vscode';
import { Discovery } from './discovery/discovery';
import { Inventory } from './discovery/inventory';
import { PeeringWatcher, type WatchTransition } from './discovery/watch';
import type { ProviderEnvironment } from './providers/provider';
import { createBundleLoader } from './providers/loader';
import {
  addAccount,
  addAwsOrganization,
  removeAccount,
  type AccountCommandDeps,
} from './ui/accountCommands';
import { addAzureTenant } from './ui/azureTenantCommand';
import { registerAddGcpOrganization } from './ui/gcpOrganizationCommand';
import { AccountStore } from './ui/accounts';
import { InventoryKeeper } from './ui/keptInventory';
import { NetworksViewStatus } from './ui/tree/viewStatus';
import type { CloudProvider } from './providers/provider';
import { logLoadError, registerCommand } from './ui/commandWrapper';
import { ExtensionCredentials } from './ui/credentials';
import { PeeringLog } from './ui/log';
import { SandboxHost } from './ui/sandboxHost';
import { AccountSecrets } from './ui/secrets';
import { PeeringCommands } from './ui/peeringCommands';
import { readServiceAccounts } from './ui/serviceAccounts';
import { PeeringStatusBar, peeringTitle, revealArgs, type RevealArgs } from './ui/statusBar';
import { NetworksTreeProvider } from './ui/tree/networksTree';
import { vscodeUserInput, type UserInput } from './ui/userInput';
import type { Account, CloudKind } from './model/types';
import { AccountNode, isTreeNode, type TreeNode } from './ui/tree/treeNodes';
import { WatchList } from './ui/watchList';
import { registerPeeringWizard, type PeeringWizard } from './ui/wizard/panel';
import { registerPeeringDoctor, type PeeringDoctor } from './ui/doctor';
import { DiagnosisStore } from './ui/doctor/diagnosisStore';
import type { DiagnosisLookup } from './model/diagnosis';
import { createPeeringMap, type PeeringMap } from './ui/map/mapPanel';

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
  readonly accountCommands: {
    add(ui: UserInput, cloud?: CloudKind): Promise<Account | undefined>;
    /** Add Azure Tenants: every visible subscription of the picked tenants. */
    addAzureTenant(ui: UserInput): Promise<Account[]>;
    remove(ui: UserInput, accountId?: string): Promise<void>;
    addAwsOrganization(ui: UserInput): Promise<Account[]>;
    addGcpOrganization(ui: UserInput): Promise<Account[]>;
  };
}

/** The Networks view's data side, as activation builds it. */
export interface NetworksModel extends vscode.Disposable {
  discovery: Discovery;
  inventory: Inventory;
  keeper: InventoryKeeper;
  tree: NetworksTreeProvider;
}

function createNetworksModel(deps: {
  storageDirectory: string;
  accounts: AccountStore;
  loadProvider: (cloud: CloudKind) => Promise<CloudProvider>;
  log: PeeringLog;
  watchOf: (key: string) => 'explicit' | 'implicit' | 'off';
  diagnoses?: DiagnosisLookup;
}): NetworksModel {
  const discovery = new Discovery({
    loadProvider: deps.loadProvider,
    onEngine: ({ group, accounts: count, inventory, error }) => {
      if (inventory)
        deps.log.info(
          `${inventory.engine} listed ${group.label} (${count} accounts) in ${inventory.calls} calls`,
        );
      else
        deps.log.warn(
          `The inventory engine failed for ${group.label}; listing its ${count} accounts one by one: ${error ?? ''}`,
        );
    },
  });
  const inventory = new Inventory(discovery, {
    onError: (what, error) => logLoadError(deps.log, what, error),
  });
  inventory.setAccounts(deps.accounts.list());
  // Reads the kept listing in the background; the tree's first rows wait for it.
  const keeper = new InventoryKeeper(deps.storageDirectory, inventory, deps.log);
  const tree = new NetworksTreeProvider(
    deps.accounts,
    inventory,
    deps.watchOf,
    deps.log,
    keeper.ready,
    deps.diagnoses,
  );
  return {
    discovery,
    inventory,
    keeper,
    tree,
    dispose: () => {
      keeper.dispose();
      tree.dispose();
    },
  };
}

// Activation does no I/O and loads no SDK: it wires objects and registers
// commands. Providers and the sandbox are separate bundles loaded on first use.
export function activate(context: vscode.ExtensionContext): CloudPeeringApi {
  const started = performance.now();
  const log = new PeeringLog();
  const accounts = new AccountStore();
  const secrets = new AccountSecrets(context.secrets);
  const sandbox = new SandboxHost(context.extensionPath, log);
  const pendingSecrets = new Map<string, string>();
  const awsDefaultRegions = () =>
    vscode.workspace.getConfiguration('peering').get<string[]>('aws.defaultRegions', ['us-east-1']);
  const env: ProviderEnvironment = {
    credentials: new ExtensionCredentials(secrets, sandbox, pendingSecrets),
    awsDefaultRegions: awsDefaultRegions(),
    log: (message) => log.info(message),
  };
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('peering.aws.defaultRegions'))
        env.awsDefaultRegions = awsDefaultRegions();
    }),
  );
  const loadProvider = createBundleLoader(path.join(context.extensionPath, 'dist'), env);
  const watchList = new WatchList(context.globalState);
  const isWatched = (key: string) => watchList.isWatched(key);
  // The Peering Doctor's findings: the tree, the status bar and the map read them.
  const diagnoses = new DiagnosisStore();
  const networksDeps = {
    storageDirectory: context.globalStorageUri.fsPath,
    accounts,
    loadProvider,
    log,
    watchOf: (key: string) =>
      watchList.isExplicit(key) ? 'explicit' : isWatched(key) ? 'implicit' : 'off',
    diagnoses,
  } as const;
  const { discovery, inventory, keeper, tree } = createNetworksModel(networksDeps);
  const doctor = registerPeeringDoctor(context, {
    log,
    inventory,
    accounts,
    loadProvider,
    ui: vscodeUserInput,
    store: diagnoses,
  });
  const lookup = inventory.lookup.bind(inventory);
  const statusBar = new PeeringStatusBar(lookup, {
    failing: () => doctor.failing(),
    onDidChange: (listener) => doctor.store.onDidChange(listener),
  });
  const view = vscode.window.createTreeView('peering.networks', {
    treeDataProvider: tree,
    showCollapseAll: true,
  });
  const viewStatus = new NetworksViewStatus(view, inventory);
  void keeper.ready.then(() => viewStatus.update());
  const refreshMinutes = () =>
    vscode.workspace.getConfiguration('peering').get<number>('refreshIntervalMinutes', 10);
  const watcher = new PeeringWatcher({
    getPeering: async (item, signal) =>
      (await loadProvider(item.peering.cloud)).getPeering(
        { account: item.account, region: item.region },
        item.peering.id,
        { signal },
      ),
    refreshAll: () => inventory.refreshAll(),
    isWatched,
    refreshIntervalMs: refreshMinutes() * 60_000,
    onPollError: (item, error) =>
      logLoadError(log, `Polling ${item.peering.id} (${item.account.label})`, error),
  });
  context.subscriptions.push(
    log,
    accounts,
    tree,
    keeper,
    viewStatus,
    statusBar,
    sandbox,
    view,
    watchList,
    {
      dispose: () => {
        watcher.dispose();
        loadProvider.dispose();
      },
    },
  );

  // The status bar is a function of what the inventory holds: the watcher
  // looks at every change (coalesced), and the bar renders its summary.
  let observeTimer: ReturnType<typeof setTimeout> | undefined;
  const anythingListed = () => inventory.peerings().length > 0 || inventory.networks().length > 0;
  const observe = () => {
    observeTimer = undefined;
    watcher.observe(inventory.peerings());
    if (!anythingListed()) statusBar.update(undefined);
  };
  const notifications: string[] = [];
  context.subscriptions.push(
    inventory.onDidChange(() => {
      observeTimer ??= setTimeout(observe, 50);
    }),
    { dispose: () => observeTimer && clearTimeout(observeTimer) },
    watcher.onDidChangeSummary((summary) =>
      statusBar.update(anythingListed() ? summary : undefined),
    ),
    watcher.onDidPoll(({ item, fresh }) => {
      if (fresh) inventory.upsertPeering({ ...item, peering: fresh });
      else inventory.removePeering(item.account.id, item.region, item.peering.key);
    }),
    watcher.onDidTransition((transition) => notifications.push(notify(transition))),
    watchList.onDidChange(() => watcher.watchedChanged()),
    accounts.onDidChange(() => {
      inventory.setAccounts(accounts.list());
      tree.refresh();
      observe();
      // The status bar summarizes every account, whether or not the view is open.
      void inventory.ensureLoaded();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('peering.refreshIntervalMinutes'))
        watcher.setRefreshInterval(refreshMinutes() * 60_000);
    }),
  );

  function notify(transition: WatchTransition): string {
    const title = peeringTitle(transition.item, lookup);
    const p = transition.item.peering;
    const message =
      transition.kind === 'active'
        ? vscode.l10n.t('Peering {0} is active.', title)
        : transition.kind === 'failed'
          ? vscode.l10n.t('Peering {0} failed: {1}', title, p.stateMessage ?? p.rawState)
          : transition.kind === 'expired'
            ? vscode.l10n.t('Peering {0} expired before it was accepted.', title)
            : vscode.l10n.t('Peering {0} is disconnected ({1}).', title, p.rawState);
    const show = vscode.l10n.t('Show in Tree');
    const shown =
      transition.kind === 'active'
        ? vscode.window.showInformationMessage(message, show)
        : vscode.window.showWarningMessage(message, show);
    void shown.then((choice) => {
      if (choice === show)
        void vscode.commands.executeCommand('peering.revealPeering', revealArgs(transition.item));
    });
    log.info(message);
    return message;
  }

  context.subscriptions.push(
    sandbox.onDidChange((running) => {
      // Only the sandbox's Azure client trusts its certificate; it changes at every start.
      env.azureCaPem = running?.endpoints.azureCaPem;
      accounts.setSandboxAccounts(running ? running.accounts().map((a) => a.account) : []);
    }),
  );

  const command = (id: string, title: string, handler: (...args: unknown[]) => unknown) =>
    registerCommand(context, log, id, title, handler);
  const deps: AccountCommandDeps = { accounts, secrets, loadProvider, log };

  const peeringCommands = new PeeringCommands({
    inventory,
    tree,
    view,
    watcher,
    watchList,
    loadProvider,
    log,
    sandbox,
    ui: vscodeUserInput,
    openExternal: (url) => vscode.env.openExternal(vscode.Uri.parse(url)),
    // The wizard (registered below) keeps its runs, which record EMQX Cloud's accounts.
    serviceAccounts: () => readServiceAccounts(wizard.runsDirectory),
  });
  const node = (value: unknown) => (isTreeNode(value) ? value : undefined);
  command('peering.refresh', vscode.l10n.t('Refresh'), (target?: unknown) =>
    peeringCommands.refresh(node(target)),
  );
  command('peering.loadMore', vscode.l10n.t('Load more'), (target?: unknown) => {
    const parent = node(target);
    if (parent) tree.loadMore(parent);
  });
  command('peering.acceptPeering', vscode.l10n.t('Accept Peering'), (target?: unknown) =>
    peeringCommands.accept(node(target)),
  );
  command('peering.rejectPeering', vscode.l10n.t('Reject Peering'), (target?: unknown) =>
    peeringCommands.reject(node(target)),
  );
  command('peering.deletePeering', vscode.l10n.t('Delete Peering'), (target?: unknown) =>
    peeringCommands.delete(node(target)),
  );
  command('peering.copyId', vscode.l10n.t('Copy ID'), (target?: unknown) =>
    peeringCommands.copyId(node(target)),
  );
  command('peering.copyCidr', vscode.l10n.t('Copy CIDR'), (target?: unknown) =>
    peeringCommands.copyCidr(node(target)),
  );
  command('peering.openInConsole', vscode.l10n.t('Open in Console'), (target?: unknown) =>
    peeringCommands.openInConsole(node(target)),
  );
  command('peering.watchPeering', vscode.l10n.t('Watch Peering'), (target?: unknown) =>
    peeringCommands.watch(node(target)),
  );
  command('peering.unwatchPeering', vscode.l10n.t('Unwatch Peering'), (target?: unknown) =>
    peeringCommands.unwatch(node(target)),
  );
  command('peering.findNetworkOrPeering', vscode.l10n.t('Find Network or Peering'), () =>
    peeringCommands.find(),
  );
  command('peering.showProblems', vscode.l10n.t('Show Peerings That Need Action'), () =>
    peeringCommands.showProblems(),
  );
  command('peering.revealPeering', vscode.l10n.t('Reveal Peering'), (args?: unknown) =>
    isRevealArgs(args) ? peeringCommands.revealByArgs(args) : peeringCommands.find(),
  );
  command('peering.diagnosePeering', vscode.l10n.t('Diagnose Peering'), (target?: unknown) =>
    doctor.diagnosePeering(target),
  );
  command('peering.diagnoseAll', vscode.l10n.t('Diagnose All Peerings'), () =>
    doctor.diagnoseAll(),
  );
  command('peering.showLog', vscode.l10n.t('Show Log'), () => log.show());
  command('peering.addAzureTenant', vscode.l10n.t('Add Azure Tenants'), () => addAzureTenant(deps));
  command('peering.addAccount', vscode.l10n.t('Add Account'), () =>
    addAccount(deps, pendingSecrets),
  );
  command('peering.addAwsOrganization', vscode.l10n.t('Add AWS Organization'), () =>
    addAwsOrganization(deps),
  );
  const addGcpOrganization = registerAddGcpOrganization(command, {
    ...deps,
    credentials: env.credentials,
  });
  command('peering.removeAccount', vscode.l10n.t('Remove Account'), async (node?: unknown) => {
    if (node instanceof AccountNode && node.account.sandbox) return sandbox.stop();
    return removeAccount(deps, node instanceof AccountNode ? node.account.id : undefined);
  });
  command('peering.showOnlyProblems', vscode.l10n.t('Show Only Problems'), () =>
    tree.setShowOnlyProblems(true),
  );
  command('peering.showAll', vscode.l10n.t('Show All'), () => tree.setShowOnlyProblems(false));
  const wizard = registerPeeringWizard(context, {
    log,
    accounts,
    inventory,
    loadProvider,
    watchPeering: async (peering) => {
      if (!watchList.isWatched(peering.key)) await watchList.watch(peering.key);
    },
  });
  command('peering.newPeering', vscode.l10n.t('New Peering'), (node?: unknown) => {
    wizard.open(node);
  });
  // The Peering Map. The Doctor's findings reach it through a DiagnosisLookup (`diagnoses`) once
  // the Doctor's store exists in this window.
  const map = createPeeringMap({
    extensionUri: context.extensionUri,
    extensionPath: context.extensionPath,
    log,
    inventory: {
      networks: () => inventory.networks(),
      peerings: () => inventory.peerings(),
      lookup,
      onDidChange: (listener) => inventory.onDidChange(() => listener()),
    },
    emqxAccounts: async () =>
      (await readServiceAccounts(wizard.runsDirectory)).emqxCloud ?? new Set<string>(),
    revealNetwork: (located) => peeringCommands.revealNetwork(located),
    peeringNode: (located) => tree.peeringNode(located),
    diagnoses: doctor.store,
  });
  context.subscriptions.push(map);
  command('peering.showMap', vscode.l10n.t('Show Peering Map'), (node?: unknown) => map.open(node));
  command('peering.trySandbox', vscode.l10n.t('Try the Sandbox'), async () => {
    await vscode.workspace
      .getConfiguration('peering')
      .update('sandbox.enabled', true, vscode.ConfigurationTarget.Global);
    const running = await sandbox.start();
    await vscode.commands.executeCommand('peering.networks.focus');
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'The sandbox is running at {0} with {1} demo accounts.',
        running.endpoints.http,
        running.accounts().length,
      ),
    );
  });
  command('peering.stopSandbox', vscode.l10n.t('Stop the Sandbox'), async () => {
    await vscode.workspace
      .getConfiguration('peering')
      .update('sandbox.enabled', false, vscode.ConfigurationTarget.Global);
    await sandbox.stop();
  });

  // The first discovery, for the status bar, once the window has settled;
  // never inside activation.
  const firstLoad = setTimeout(() => void inventory.ensureLoaded(), 2000);
  context.subscriptions.push({ dispose: () => clearTimeout(firstLoad) });

  if (vscode.workspace.getConfiguration('peering').get<boolean>('sandbox.enabled', false)) {
    // Started after activation returns, so it never counts against activation time.
    setTimeout(() => void sandbox.start().catch((e) => log.error('Sandbox failed to start', e)), 0);
  }

  const activationMs = performance.now() - started;
  log.info(`Activated in ${activationMs.toFixed(2)} ms`);
  return {
    activationMs,
    statusBarText: () => statusBar.item.text,
    sandbox,
    accounts,
    tree,
    view,
    discovery,
    inventory,
    watcher,
    watchList,
    keeper,
    viewDescription: () => view.description ?? '',
    reopenNetworks: () => createNetworksModel(networksDeps),
    peeringCommands,
    status: {
      text: () => statusBar.item.text,
      tooltip: () => statusBar.tooltipText,
      background: () => statusBar.item.backgroundColor?.id,
      accessibilityLabel: () => statusBar.item.accessibilityInformation?.label,
      notifications,
    },
    secrets,
    wizard,
    doctor,
    map,
    accountCommands: {
      add: (ui, cloud) => addAccount({ ...deps, ui }, pendingSecrets, cloud),
      addAzureTenant: (ui) => addAzureTenant(deps, ui),
      remove: (ui, accountId) => removeAccount({ ...deps, ui }, accountId),
      addAwsOrganization: (ui) => addAwsOrganization({ ...deps, ui }),
      addGcpOrganization,
    },
  };
}

function isRevealArgs(value: unknown): value is RevealArgs {
  const v = value as RevealArgs | undefined;
  return (
    !!v && typeof v === 'object' && typeof v.key === 'string' && typeof v.accountId === 'string'
  );
}

export function deactivate(): void {
  // Disposables registered on the context clean up the sandbox, providers and views.
}
