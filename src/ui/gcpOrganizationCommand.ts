import * as vscode from 'vscode';
import { gcpScopeAccounts, gcpScopeProblem } from '../model/gcpOrganization';
import { UserFacingError } from '../model/errors';
import type { Account } from '../model/types';
import type { CredentialSource } from '../providers/provider';
import type { AccountCommandDeps } from './accountCommands';
import { input, required, vscodeUserInput, type UserInput } from './userInput';

/** Add GCP Organization also reads the listing account's token, to give it to the projects. */
export interface GcpOrganizationDeps extends AccountCommandDeps {
  credentials: Pick<CredentialSource, 'getSecret'>;
}

/**
 * Add GCP Organization: pick the credentials (a configured GCP account, sandbox ones included, or
 * Application Default Credentials), name the organisation or folder, list its projects through
 * Cloud Asset Inventory, pick all or some, and add them in one settings write grouped under it
 * (`group.kind` gcp-organization or gcp-folder). Discovery then reads the group through Cloud
 * Asset Inventory and falls back to each project's own calls. A token the listing account holds
 * (a sandbox's) is stored for each project in SecretStorage; with ADC nothing is stored.
 */
export async function addGcpOrganization(
  deps: GcpOrganizationDeps,
  uiArg?: UserInput,
): Promise<Account[]> {
  const ui = uiArg ?? deps.ui ?? vscodeUserInput;
  const adc = vscode.l10n.t('Application Default Credentials');
  const configured = deps.accounts.list().filter((a) => a.cloud === 'gcp');
  const picked = required(
    await ui.showQuickPick(
      [
        ...configured.map((a) => ({
          label: a.label,
          description: vscode.l10n.t('configured project {0}', a.ref),
          source: a as Account | undefined,
        })),
        {
          label: adc,
          description: 'gcloud auth application-default login',
          source: undefined,
        },
      ],
      {
        title: vscode.l10n.t('GCP Organization: credentials to list its projects'),
        placeHolder: vscode.l10n.t(
          'They need cloudasset.assets.searchAllResources on the organization or folder',
        ),
        ignoreFocusOut: true,
      },
    ),
  );
  const source: Account = picked.source ?? {
    id: 'gcp:application-default-credentials',
    cloud: 'gcp',
    ref: '',
    label: adc,
  };
  const scope = await input(ui, {
    title: vscode.l10n.t('Organization or folder'),
    prompt: vscode.l10n.t(
      'organizations/NUMBER or folders/NUMBER (gcloud organizations list, gcloud resource-manager folders list)',
    ),
    validateInput: (v) => {
      const problem = gcpScopeProblem(v.trim());
      return problem ? vscode.l10n.t('Organization or folder: {0}.', problem) : undefined;
    },
  });
  const provider = await deps.loadProvider('gcp');
  const projects = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Listing the projects of {0}…', scope),
      cancellable: true,
    },
    (_progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return provider.listScopeProjects(source, scope, { signal: controller.signal });
    },
  );
  const already = new Set(deps.accounts.configured().map((a) => a.id));
  const candidates = gcpScopeAccounts({ scope, source, projects }).filter(
    (a) => !already.has(a.id),
  );
  if (candidates.length === 0)
    throw new UserFacingError(
      projects.length
        ? vscode.l10n.t('Every project of {0} is already added.', scope)
        : vscode.l10n.t('{0} holds no active project these credentials can see.', scope),
      {
        fix: vscode.l10n.t(
          'Check the number, and that the credentials have cloudasset.assets.searchAllResources on it.',
        ),
      },
    );
  const chosen = required(
    await ui.showQuickPick(
      candidates.map((account) => ({ label: account.label, picked: true, account })),
      {
        title: vscode.l10n.t(
          'Projects to add from {0} ({1} of {2})',
          scope,
          String(candidates.length),
          String(projects.length),
        ),
        canPickMany: true,
        ignoreFocusOut: true,
      },
    ),
  ).map((item) => item.account);
  if (chosen.length === 0) throw new Error(vscode.l10n.t('Projects: pick at least one project.'));
  const token = picked.source ? await deps.credentials.getSecret(picked.source.id) : undefined;
  if (token) for (const account of chosen) await deps.secrets.set(account.id, token);
  await deps.accounts.addAll(chosen);
  deps.log.info(`Added ${chosen.length} projects of ${scope}.`);
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Added {0} projects of {1}.', String(chosen.length), scope),
  );
  return chosen;
}

/**
 * Registers `peering.addGcpOrganization` beside the other organisation commands; returns the
 * command with injectable prompts, for the extension-host tests.
 */
export function registerAddGcpOrganization(
  command: (id: string, title: string, handler: () => unknown) => void,
  deps: GcpOrganizationDeps,
): (ui: UserInput) => Promise<Account[]> {
  command('peering.addGcpOrganization', vscode.l10n.t('Add GCP Organization'), () =>
    addGcpOrganization(deps),
  );
  return (ui) => addGcpOrganization(deps, ui);
}
