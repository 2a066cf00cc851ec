import * as vscode from 'vscode';
import { UserCancelledError, UserFacingError, errorMessage } from '../model/errors';
import type { Account, AccountGroup } from '../model/types';
import type { AzureSubscriptionInfo, AzureTenantInfo } from '../providers/azure/index';
import type { AccountCommandDeps } from './accountCommands';
import { signInToAzure } from './credentials';
import { required, vscodeUserInput, type UserInput } from './userInput';

function tenantLabel(t: AzureTenantInfo): string {
  return t.displayName ?? t.defaultDomain ?? t.tenantId;
}

/**
 * Add Azure Tenants: every subscription the signed-in user can see, across the tenants they
 * pick, added at once as accounts grouped by tenant (`group.kind` azure-tenant). Discovery then
 * lists each tenant through Azure Resource Graph (one paged query), falling back to one call per
 * subscription. Tenants come from `GET /tenants` and each tenant's subscriptions from
 * `GET /subscriptions` with a token for that tenant (ARM lists the token's tenant only).
 */
export async function addAzureTenant(
  deps: AccountCommandDeps,
  uiArg?: UserInput,
): Promise<Account[]> {
  const ui = uiArg ?? deps.ui ?? vscodeUserInput;
  const real = vscode.l10n.t('Use the real Azure Resource Manager API');
  const custom = vscode.l10n.t('Use an endpoint override (LocalStack or another emulator)…');
  const where = required(
    await ui.showQuickPick([{ label: real }, { label: custom }], {
      title: vscode.l10n.t('Endpoint'),
      ignoreFocusOut: true,
    }),
  );
  const endpoint =
    where.label === real
      ? undefined
      : required(
          await ui.showInputBox({
            title: vscode.l10n.t('Endpoint override'),
            prompt: vscode.l10n.t('Base URL, e.g. https://127.0.0.1:4568'),
            ignoreFocusOut: true,
            validateInput: (v) =>
              /^https:\/\/\S+$/.test(v.trim())
                ? undefined
                : vscode.l10n.t('Endpoint: Azure Resource Manager endpoints are https:// URLs.'),
          }),
        ).trim();
  // The real ARM needs a Microsoft sign-in; an override answers with its own tokens.
  if (!endpoint) await signInToAzure();
  const provider = await deps.loadProvider('azure');

  const tenants = await provider.listTenants({ endpoint });
  if (!tenants.length)
    throw new UserFacingError(vscode.l10n.t('This Azure sign-in belongs to no tenant.'), {
      fix: vscode.l10n.t('Sign in with an account that is a member or guest of a tenant.'),
    });
  const pickedTenants = required(
    await ui.showQuickPick(
      tenants.map((t) => ({
        label: tenantLabel(t),
        description: t.tenantId,
        picked: true,
        tenant: t,
      })),
      {
        title: vscode.l10n.t('Azure tenants to add'),
        canPickMany: true,
        ignoreFocusOut: true,
      },
    ),
  );
  if (!pickedTenants.length) throw new UserCancelledError();

  const configured = new Set(deps.accounts.configured().map((a) => a.id));
  const candidates: { subscription: AzureSubscriptionInfo; group: AccountGroup }[] = [];
  for (const { tenant } of pickedTenants) {
    const group: AccountGroup = {
      kind: 'azure-tenant',
      id: tenant.tenantId,
      label: tenantLabel(tenant),
    };
    let subscriptions: AzureSubscriptionInfo[];
    try {
      subscriptions = await provider.listSubscriptions({ endpoint, tenantId: tenant.tenantId });
    } catch (error) {
      deps.log.warn(`Listing the subscriptions of tenant ${group.label}: ${errorMessage(error)}`);
      continue;
    }
    for (const subscription of subscriptions) {
      // Subscriptions managed from this tenant (Lighthouse) belong to their own tenant's group.
      if (subscription.tenantId && subscription.tenantId !== tenant.tenantId) continue;
      if (configured.has(`azure:${subscription.subscriptionId}`)) continue;
      candidates.push({ subscription, group });
    }
  }
  if (!candidates.length)
    throw new UserFacingError(
      vscode.l10n.t('No subscription to add: every visible subscription is already configured.'),
      { fix: vscode.l10n.t('Pick another tenant, or remove accounts first.') },
    );
  const picked = required(
    await ui.showQuickPick(
      candidates.map((c) => ({
        label: c.subscription.displayName || c.subscription.subscriptionId,
        description: `${c.subscription.subscriptionId} · ${c.group.label}`,
        picked: true,
        candidate: c,
      })),
      {
        title: vscode.l10n.t('Subscriptions to add ({0} found)', candidates.length),
        canPickMany: true,
        ignoreFocusOut: true,
      },
    ),
  );
  if (!picked.length) throw new UserCancelledError();
  const accounts: Account[] = picked.map(({ candidate: { subscription, group } }) => ({
    id: `azure:${subscription.subscriptionId}`,
    cloud: 'azure',
    ref: subscription.subscriptionId,
    label: subscription.displayName || subscription.subscriptionId,
    tenantId: group.id,
    endpoint,
    group,
  }));
  await deps.accounts.addAll(accounts);
  const tenantCount = new Set(accounts.map((a) => a.group?.id)).size;
  deps.log.info(`Added ${accounts.length} Azure subscriptions from ${tenantCount} tenants`);
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Added {0} Azure subscriptions from {1} tenants.', accounts.length, tenantCount),
  );
  return accounts;
}
