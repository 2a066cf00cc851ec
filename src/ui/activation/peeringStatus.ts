/**
 * The status bar and the watcher behind it: the bar is a function of what the inventory holds;
 * the watcher looks at every change (coalesced), polls watched peerings, and notifies when one
 * becomes active, fails, expires or disconnects. The first discovery for the bar is scheduled
 * here, about 2 s after activation.
 */
import * as vscode from 'vscode';
import type { Inventory } from '../../discovery/inventory';
import { PeeringWatcher, type WatchTransition } from '../../discovery/watch';
import type { ProviderLoader } from '../../providers/loader';
import type { AccountStore } from '../accounts';
import { logLoadError } from '../commandWrapper';
import type { PeeringLog } from '../log';
import type { PeeringDoctor } from '../doctor';
import { PeeringStatusBar, peeringTitle, revealArgs } from '../statusBar';
import type { NetworksTreeProvider } from '../tree/networksTree';
import type { WatchList } from '../watchList';

export interface PeeringStatus {
  statusBar: PeeringStatusBar;
  watcher: PeeringWatcher;
  /** The notifications shown so far, for extension-host tests. */
  notifications: string[];
}

export function registerPeeringStatus(
  context: vscode.ExtensionContext,
  deps: {
    log: PeeringLog;
    accounts: AccountStore;
    loadProvider: ProviderLoader;
    watchList: WatchList;
    inventory: Inventory;
    tree: NetworksTreeProvider;
    doctor: PeeringDoctor;
  },
): PeeringStatus {
  const { log, accounts, inventory, tree, watchList, doctor } = deps;
  const lookup = inventory.lookup.bind(inventory);
  const statusBar = new PeeringStatusBar(lookup, {
    failing: () => doctor.failing(),
    onDidChange: (listener) => doctor.store.onDidChange(listener),
  });
  const refreshMinutes = () =>
    vscode.workspace.getConfiguration('peering').get<number>('refreshIntervalMinutes', 10);
  const watcher = new PeeringWatcher({
    getPeering: async (item, signal) =>
      (await deps.loadProvider(item.peering.cloud)).getPeering(
        { account: item.account, region: item.region },
        item.peering.id,
        { signal },
      ),
    refreshAll: () => inventory.refreshAll(),
    isWatched: (key) => watchList.isWatched(key),
    refreshIntervalMs: refreshMinutes() * 60_000,
    onPollError: (item, error) =>
      logLoadError(log, `Polling ${item.peering.id} (${item.account.label})`, error),
  });
  context.subscriptions.push(statusBar, watcher);

  let observeTimer: ReturnType<typeof setTimeout> | undefined;
  const anythingListed = () => inventory.peerings().length > 0 || inventory.networks().length > 0;
  const observe = () => {
    observeTimer = undefined;
    watcher.observe(inventory.peerings());
    if (!anythingListed()) statusBar.update(undefined);
  };
  const notifications: string[] = [];
  const notify = (transition: WatchTransition): string => {
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
  };
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

  // The first discovery, for the status bar, once the window has settled;
  // never inside activation.
  const firstLoad = setTimeout(() => void inventory.ensureLoaded(), 2000);
  context.subscriptions.push({ dispose: () => clearTimeout(firstLoad) });

  return {
    statusBar,
    watcher,
    notifications,
  };
}
