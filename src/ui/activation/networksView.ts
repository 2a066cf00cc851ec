/**
 * The Networks view: its data side (discovery, inventory, kept inventory, tree provider), the
 * tree view with its description, and the commands that only change what the tree shows.
 */
import * as vscode from 'vscode';
import { Discovery } from '../../discovery/discovery';
import { Inventory } from '../../discovery/inventory';
import type { DiagnosisLookup } from '../../model/diagnosis';
import type { CloudKind } from '../../model/types';
import type { CloudProvider } from '../../providers/provider';
import type { AccountStore } from '../accounts';
import { commandRegistrar, logLoadError } from '../commandWrapper';
import { InventoryKeeper } from '../keptInventory';
import type { PeeringLog } from '../log';
import { NetworksTreeProvider } from '../tree/networksTree';
import { isTreeNode, type TreeNode } from '../tree/treeNodes';
import { NetworksViewStatus } from '../tree/viewStatus';
import type { WatchList } from '../watchList';

/** The Networks view's data side, as activation builds it. */
export interface NetworksModel extends vscode.Disposable {
  discovery: Discovery;
  inventory: Inventory;
  keeper: InventoryKeeper;
  tree: NetworksTreeProvider;
}

interface NetworksModelDeps {
  storageDirectory: string;
  accounts: AccountStore;
  loadProvider: (cloud: CloudKind) => Promise<CloudProvider>;
  log: PeeringLog;
  watchOf: (key: string) => 'explicit' | 'implicit' | 'off';
  diagnoses?: DiagnosisLookup;
}

function createNetworksModel(deps: NetworksModelDeps): NetworksModel {
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

export interface NetworksView {
  discovery: Discovery;
  inventory: Inventory;
  keeper: InventoryKeeper;
  tree: NetworksTreeProvider;
  view: vscode.TreeView<TreeNode>;
  /**
   * What activation builds for the Networks view's data side, built again over the same
   * accounts and storage, as a window reload builds it (the kept inventory's host test).
   */
  reopen(): NetworksModel;
}

export function registerNetworksView(
  context: vscode.ExtensionContext,
  deps: {
    accounts: AccountStore;
    loadProvider: (cloud: CloudKind) => Promise<CloudProvider>;
    log: PeeringLog;
    watchList: WatchList;
    diagnoses: DiagnosisLookup;
  },
): NetworksView {
  const { watchList } = deps;
  const modelDeps: NetworksModelDeps = {
    storageDirectory: context.globalStorageUri.fsPath,
    accounts: deps.accounts,
    loadProvider: deps.loadProvider,
    log: deps.log,
    watchOf: (key) =>
      watchList.isExplicit(key) ? 'explicit' : watchList.isWatched(key) ? 'implicit' : 'off',
    diagnoses: deps.diagnoses,
  };
  const model = createNetworksModel(modelDeps);
  const { inventory, keeper, tree } = model;
  const view = vscode.window.createTreeView('peering.networks', {
    treeDataProvider: tree,
    showCollapseAll: true,
  });
  const viewStatus = new NetworksViewStatus(view, inventory);
  void keeper.ready.then(() => viewStatus.update());

  context.subscriptions.push(model, viewStatus, view);
  const command = commandRegistrar(context, deps.log);
  command('peering.loadMore', vscode.l10n.t('Load more'), (target?: unknown) => {
    if (isTreeNode(target)) tree.loadMore(target);
  });
  command('peering.showOnlyProblems', vscode.l10n.t('Show Only Problems'), () =>
    tree.setShowOnlyProblems(true),
  );
  command('peering.showAll', vscode.l10n.t('Show All'), () => tree.setShowOnlyProblems(false));
  return {
    discovery: model.discovery,
    inventory,
    keeper,
    tree,
    view,
    reopen: () => createNetworksModel(modelDeps),
  };
}
