/**
 * The account commands: Add Account, Add Azure Tenants, the organisation-scale adds (AWS
 * Organizations, GCP organisations and folders) and Remove Account, with the real prompts; the API gets the same commands
 * with injectable prompts.
 */
import * as vscode from 'vscode';
import type { Account, CloudKind } from '../../model/types';
import type { ProviderLoader } from '../../providers/loader';
import type { ProviderEnvironment } from '../../providers/provider';
import {
  addAccount,
  addAwsOrganization,
  removeAccount,
  type AccountCommandDeps,
} from '../accountCommands';
import type { AccountStore } from '../accounts';
import { addAzureTenant } from '../azureTenantCommand';
import { commandRegistrar } from '../commandWrapper';
import { registerAddGcpOrganization } from '../gcpOrganizationCommand';
import type { PeeringLog } from '../log';
import type { SandboxHost } from '../sandboxHost';
import type { AccountSecrets } from '../secrets';
import { AccountNode } from '../tree/treeNodes';
import type { UserInput } from '../userInput';

/** The account commands with injectable prompts, for extension-host tests. */
export interface AccountCommandsApi {
  add(ui: UserInput, cloud?: CloudKind): Promise<Account | undefined>;
  /** Add Azure Tenants: every visible subscription of the picked tenants. */
  addAzureTenant(ui: UserInput): Promise<Account[]>;
  remove(ui: UserInput, accountId?: string): Promise<void>;
  addAwsOrganization(ui: UserInput): Promise<Account[]>;
  addGcpOrganization(ui: UserInput): Promise<Account[]>;
}

export function registerAccountCommands(
  context: vscode.ExtensionContext,
  deps: {
    log: PeeringLog;
    accounts: AccountStore;
    secrets: AccountSecrets;
    loadProvider: ProviderLoader;
    sandbox: SandboxHost;
    /** Add GCP Organization reads the listing account's token through its credentials. */
    env: Pick<ProviderEnvironment, 'credentials'>;
    /** Secrets typed in Add Account before the account is saved; the credentials read them. */
    pendingSecrets: Map<string, string>;
  },
): AccountCommandsApi {
  const { sandbox, pendingSecrets } = deps;
  const commandDeps: AccountCommandDeps = {
    accounts: deps.accounts,
    secrets: deps.secrets,
    loadProvider: deps.loadProvider,
    log: deps.log,
  };
  const command = commandRegistrar(context, deps.log);
  command('peering.addAzureTenant', vscode.l10n.t('Add Azure Tenants'), () =>
    addAzureTenant(commandDeps),
  );
  command('peering.addAccount', vscode.l10n.t('Add Account'), () =>
    addAccount(commandDeps, pendingSecrets),
  );
  command('peering.addAwsOrganization', vscode.l10n.t('Add AWS Organization'), () =>
    addAwsOrganization(commandDeps),
  );
  const addGcpOrganization = registerAddGcpOrganization(command, {
    ...commandDeps,
    credentials: deps.env.credentials,
  });
  command('peering.removeAccount', vscode.l10n.t('Remove Account'), async (node?: unknown) => {
    if (node instanceof AccountNode && node.account.sandbox) return sandbox.stop();
    return removeAccount(commandDeps, node instanceof AccountNode ? node.account.id : undefined);
  });
  return {
    add: (ui, cloud) => addAccount({ ...commandDeps, ui }, pendingSecrets, cloud),
    addAzureTenant: (ui) => addAzureTenant(commandDeps, ui),
    remove: (ui, accountId) => removeAccount({ ...commandDeps, ui }, accountId),
    addAwsOrganization: (ui) => addAwsOrganization({ ...commandDeps, ui }),
    addGcpOrganization,
  };
}
