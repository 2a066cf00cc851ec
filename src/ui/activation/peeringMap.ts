/**
 * The Peering Map over the Networks view's inventory, with the Doctor's findings on its edges
 * and the `peering.showMap` command. Its engine, dist/map.js, loads on the first open.
 */
import * as vscode from 'vscode';
import type { Inventory } from '../../discovery/inventory';
import type { DiagnosisLookup } from '../../model/diagnosis';
import { commandRegistrar } from '../commandWrapper';
import type { PeeringLog } from '../log';
import { createPeeringMap, type PeeringMap } from '../map/mapPanel';
import type { PeeringCommands } from '../peeringCommands';
import { readServiceAccounts } from '../serviceAccounts';
import type { NetworksTreeProvider } from '../tree/networksTree';

export function registerPeeringMap(
  context: vscode.ExtensionContext,
  deps: {
    log: PeeringLog;
    inventory: Inventory;
    tree: NetworksTreeProvider;
    peeringCommands: PeeringCommands;
    /** Where the wizard keeps its runs, which record EMQX Cloud's accounts. */
    runsDirectory: string;
    /** The Doctor's store. */
    diagnoses: DiagnosisLookup;
  },
): PeeringMap {
  const { inventory, tree, peeringCommands } = deps;
  const map = createPeeringMap({
    extensionUri: context.extensionUri,
    extensionPath: context.extensionPath,
    log: deps.log,
    inventory: {
      networks: () => inventory.networks(),
      peerings: () => inventory.peerings(),
      lookup: inventory.lookup.bind(inventory),
      onDidChange: (listener) => inventory.onDidChange(() => listener()),
    },
    emqxAccounts: async () =>
      (await readServiceAccounts(deps.runsDirectory)).emqxCloud ?? new Set<string>(),
    revealNetwork: (located) => peeringCommands.revealNetwork(located),
    peeringNode: (located) => tree.peeringNode(located),
    diagnoses: deps.diagnoses,
  });
  context.subscriptions.push(map);
  const command = commandRegistrar(context, deps.log);
  command('peering.showMap', vscode.l10n.t('Show Peering Map'), (node?: unknown) => map.open(node));
  return map;
}
