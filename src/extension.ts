import * as path from 'node:path';
import * as vscode from 'vscode';
import { Discovery } from './discovery/discovery';
import type { ProviderEnvironment } from './providers/provider';
import { createBundleLoader } from './providers/loader';
import { addAccount, removeAccount, type AccountCommandDeps } from './ui/accountCommands';
import { AccountStore } from './ui/accounts';
import { registerCommand } from './ui/commandWrapper';
import { ExtensionCredentials } from './ui/credentials';
import { PeeringLog } from './ui/log';
import { SandboxHost } from './ui/sandboxHost';
import { AccountSecrets } from './ui/secrets';
import { PeeringStatusBar } from './ui/statusBar';
import { NetworksTreeProvider } from './ui/tree/networksTree';
import type { UserInput } from './ui/userInput';
import type { Account, CloudKind } from './model/types';
import { AccountNode, type TreeNode } from './ui/tree/treeNodes';
import { registerPeeringWizard, type PeeringWizard } from './ui/wizard';

/** What `activate` returns: used by the extension-host tests and the activation benchmark. */
export interface CloudPeeringApi {
  readonly activationMs: number;
  statusBarText(): string;
  readonly sandbox: SandboxHost;
  readonly accounts: AccountStore;
  readonly tree: NetworksTreeProvider;
  readonly discovery: Discovery;
  readonly secrets: AccountSecrets;
  /** The peering wizard's panels, for extension-host tests. */
  readonly wizard: PeeringWizard;
  /** The account commands with injectable prompts, for extension-host tests. */
  readonly accountCommands: {
    add(ui: UserInput, cloud?: CloudKind): Promise<Account | undefined>;
    remove(ui: UserInput, accountId?: string): Promise<void>;
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
  };
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('peering.aws.defaultRegions'))
        env.awsDefaultRegions = awsDefaultRegions();
    }),
  );
  const loadProvider = createBundleLoader(path.join(context.extensionPath, 'dist'), env);
  const discovery = new Discovery({ loadProvider });
  const tree = new NetworksTreeProvider(accounts, discovery);
  const statusBar = new PeeringStatusBar();
  const view = vscode.window.createTreeView('peering.networks', {
    treeDataProvider: tree,
    showCollapseAll: true,
  });
  context.subscriptions.push(log, accounts, tree, statusBar, sandbox, view, {
    dispose: () => loadProvider.dispose(),
  });

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

  command('peering.refresh', vscode.l10n.t('Refresh'), (node?: unknown) =>
    tree.refresh(isTreeNode(node) ? node : undefined),
  );
  command('peering.loadMore', vscode.l10n.t('Load more'), (more?: unknown) => {
    if (typeof more === 'function') more();
  });
  command('peering.showLog', vscode.l10n.t('Show Log'), () => log.show());
  command('peering.addAccount', vscode.l10n.t('Add Account'), () =>
    addAccount(deps, pendingSecrets),
  );
  command('peering.removeAccount', vscode.l10n.t('Remove Account'), async (node?: unknown) => {
    if (node instanceof AccountNode && node.account.sandbox) return sandbox.stop();
    return removeAccount(deps, node instanceof AccountNode ? node.account.id : undefined);
  });
  command('peering.showOnlyProblems', vscode.l10n.t('Show Only Problems'), () =>
    tree.setShowOnlyProblems(true),
  );
  command('peering.showAll', vscode.l10n.t('Show All'), () => tree.setShowOnlyProblems(false));
  const wizard = registerPeeringWizard(context, { log, accounts, discovery });
  command('peering.newPeering', vscode.l10n.t('New Peering'), (node?: unknown) => {
    wizard.open(node);
  });
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
    discovery,
    secrets,
    wizard,
    accountCommands: {
      add: (ui, cloud) => addAccount({ ...deps, ui }, pendingSecrets, cloud),
      remove: (ui, accountId) => removeAccount({ ...deps, ui }, accountId),
    },
  };
}

function isTreeNode(value: unknown): value is TreeNode {
  return (
    !!value && typeof value === 'object' && typeof (value as TreeNode).getTreeItem === 'function'
  );
}

export function deactivate(): void {
  // Disposables registered on the context clean up the sandbox, providers and views.
}
