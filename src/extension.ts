import * as vscode from 'vscode';
import { AccountStore } from './ui/accounts';
import { registerCommand } from './ui/commandWrapper';
import { PeeringLog } from './ui/log';
import { SandboxHost } from './ui/sandboxHost';
import { PeeringStatusBar } from './ui/statusBar';
import { NetworksTreeProvider } from './ui/tree/networksTree';

/** What `activate` returns: used by the extension-host tests and the activation benchmark. */
export interface CloudPeeringApi {
  readonly activationMs: number;
  statusBarText(): string;
  readonly sandbox: SandboxHost;
}

// Activation does no I/O and loads no SDK: it wires objects and registers
// commands. Providers and the sandbox are separate bundles loaded on first use.
export function activate(context: vscode.ExtensionContext): CloudPeeringApi {
  const started = performance.now();
  const log = new PeeringLog();
  const accounts = new AccountStore();
  const tree = new NetworksTreeProvider(accounts);
  const statusBar = new PeeringStatusBar();
  const sandbox = new SandboxHost(context.extensionPath, log);
  const view = vscode.window.createTreeView('peering.networks', {
    treeDataProvider: tree,
    showCollapseAll: true,
  });
  context.subscriptions.push(log, accounts, tree, statusBar, sandbox, view);

  const command = (id: string, title: string, handler: (...args: unknown[]) => unknown) =>
    registerCommand(context, log, id, title, handler);

  command('peering.refresh', vscode.l10n.t('Refresh'), () => tree.refresh());
  command('peering.showLog', vscode.l10n.t('Show Log'), () => log.show());
  command('peering.addAccount', vscode.l10n.t('Add Account'), () =>
    notYet('Add Account', 'account management'),
  );
  command('peering.removeAccount', vscode.l10n.t('Remove Account'), () =>
    notYet('Remove Account', 'account management'),
  );
  command('peering.newPeering', vscode.l10n.t('New Peering'), () =>
    notYet('New Peering', 'the peering wizard'),
  );
  command('peering.trySandbox', vscode.l10n.t('Try the Sandbox'), async () => {
    await vscode.workspace
      .getConfiguration('peering')
      .update('sandbox.enabled', true, vscode.ConfigurationTarget.Global);
    const running = await sandbox.start();
    void vscode.window.showInformationMessage(
      vscode.l10n.t('The sandbox is running at {0}.', running.endpoints.http),
    );
  });
  command('peering.stopSandbox', vscode.l10n.t('Stop the Sandbox'), () => sandbox.stop());

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
  };
}

function notYet(what: string, feature: string): void {
  void vscode.window.showInformationMessage(
    vscode.l10n.t(
      '{0} needs {1}, which is not in this version of Cloud Peering yet.',
      what,
      feature,
    ),
  );
}

export function deactivate(): void {
  // Disposables registered on the context clean up the sandbox and the views.
}
