/**
 * The sandbox in the extension: its accounts join the store and its Azure CA the providers'
 * environment while it runs; Try the Sandbox and Stop the Sandbox; and, with
 * `peering.sandbox.enabled`, a start right after activation (never inside it).
 */
import * as vscode from 'vscode';
import type { ProviderEnvironment } from '../../providers/provider';
import type { AccountStore } from '../accounts';
import { commandRegistrar } from '../commandWrapper';
import type { PeeringLog } from '../log';
import type { SandboxHost } from '../sandboxHost';

export function registerSandbox(
  context: vscode.ExtensionContext,
  deps: {
    log: PeeringLog;
    sandbox: SandboxHost;
    accounts: AccountStore;
    env: ProviderEnvironment;
  },
): void {
  const { log, sandbox, accounts, env } = deps;
  context.subscriptions.push(
    sandbox.onDidChange((running) => {
      // Only the sandbox's Azure client trusts its certificate; it changes at every start.
      env.azureCaPem = running?.endpoints.azureCaPem;
      accounts.setSandboxAccounts(running ? running.accounts().map((a) => a.account) : []);
    }),
  );
  const command = commandRegistrar(context, log);
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
}
