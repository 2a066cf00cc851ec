/**
 * The commands on peerings and the tree's rows (refresh, accept, reject, delete, copy, open in
 * the console, watch, find, reveal), over one `PeeringCommands` with the real prompts.
 */
import * as vscode from 'vscode';
import { commandRegistrar } from '../commandWrapper';
import { PeeringCommands, type PeeringCommandDeps } from '../peeringCommands';
import { readServiceAccounts } from '../serviceAccounts';
import type { RevealArgs } from '../statusBar';
import { isTreeNode } from '../tree/treeNodes';
import { vscodeUserInput } from '../userInput';

export function registerPeeringCommands(
  context: vscode.ExtensionContext,
  deps: Omit<PeeringCommandDeps, 'ui' | 'openExternal' | 'serviceAccounts'> & {
    /** Where the wizard keeps its runs, which record EMQX Cloud's accounts. */
    runsDirectory: string;
  },
): PeeringCommands {
  const { inventory, tree, view, watcher, watchList, loadProvider, log, sandbox } = deps;
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
    serviceAccounts: () => readServiceAccounts(deps.runsDirectory),
  });
  const node = (value: unknown) => (isTreeNode(value) ? value : undefined);
  const command = commandRegistrar(context, deps.log);
  command('peering.refresh', vscode.l10n.t('Refresh'), (target?: unknown) =>
    peeringCommands.refresh(node(target)),
  );
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
  return peeringCommands;
}

function isRevealArgs(value: unknown): value is RevealArgs {
  const v = value as RevealArgs | undefined;
  return (
    !!v && typeof v === 'object' && typeof v.key === 'string' && typeof v.accountId === 'string'
  );
}
