import * as vscode from 'vscode';
import {
  DEFAULT_ORGANIZATION_ROLE,
  organizationMemberAccounts,
  roleNameProblem,
} from '../model/awsOrganization';
import { UserCancelledError, errorMessage } from '../model/errors';
import type { Account, CloudKind } from '../model/types';
import type { CloudProvider } from '../providers/provider';
import type { ProviderLoader } from '../providers/loader';
import { CLOUD_KINDS, CLOUD_LABELS } from '../providers/registry';
import type { AccountStore } from './accounts';
import { signInToAzure } from './credentials';
import type { PeeringLog } from './log';
import type { AccountSecrets } from './secrets';
import { input, required, vscodeUserInput, type UserInput } from './userInput';

/** Common AWS regions offered in the picker; the profile's own region is always added. */
const AWS_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'eu-south-1',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'ap-northeast-2',
];

const GCP_PROJECT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const AIVEN_PROJECT = /^[a-z0-9][a-z0-9-]{0,62}$/;

interface NewAccount {
  account: Account;
  secret?: string;
}

export interface AccountCommandDeps {
  accounts: AccountStore;
  secrets: AccountSecrets;
  loadProvider: ProviderLoader;
  log: PeeringLog;
  /** The prompts; tests pass a scripted one. */
  ui?: UserInput;
}

function validateEndpoint(value: string): string | undefined {
  if (!value.trim()) return undefined;
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      return vscode.l10n.t('Endpoint: use an http:// or https:// URL.');
    return undefined;
  } catch {
    return vscode.l10n.t('Endpoint: "{0}" is not a URL, e.g. http://localhost:4566', value);
  }
}

async function askEndpoint(ui: UserInput, cloud: CloudKind): Promise<string | undefined> {
  const real = vscode.l10n.t('Use the real {0} API', CLOUD_LABELS[cloud]);
  const custom = vscode.l10n.t('Use an endpoint override (LocalStack or another emulator)…');
  const pick = required(
    await ui.showQuickPick([{ label: real }, { label: custom }], {
      title: vscode.l10n.t('Endpoint'),
      ignoreFocusOut: true,
    }),
  );
  if (pick.label === real) return undefined;
  return input(ui, {
    title: vscode.l10n.t('Endpoint override'),
    prompt: vscode.l10n.t('Base URL, e.g. http://localhost:4566'),
    validateInput: validateEndpoint,
  });
}

async function promptAws(ui: UserInput, deps: AccountCommandDeps): Promise<NewAccount> {
  const provider = await deps.loadProvider('aws');
  const profiles = await provider.listProfiles().catch(() => []);
  const other = vscode.l10n.t('Type a profile name…');
  const picked = required(
    await ui.showQuickPick(
      [
        ...profiles.map((p) => ({
          label: p.name,
          description: p.kind,
          detail: p.region ? vscode.l10n.t('region {0}', p.region) : undefined,
        })),
        {
          label: other,
          description: '',
          detail: profiles.length
            ? undefined
            : vscode.l10n.t(
                'No profiles in ~/.aws/config or ~/.aws/credentials. Run "aws configure" or "aws configure sso" first.',
              ),
        },
      ],
      { title: vscode.l10n.t('AWS profile'), ignoreFocusOut: true },
    ),
  );
  const profile =
    picked.label === other
      ? await input(ui, {
          title: vscode.l10n.t('AWS profile name'),
          validateInput: (v) =>
            /^[\w.+@-]{1,64}$/.test(v.trim())
              ? undefined
              : vscode.l10n.t('Profile: use 1 to 64 letters, digits or ._+@-'),
        })
      : picked.label;
  const profileRegion = profiles.find((p) => p.name === profile)?.region;
  const defaults = vscode.workspace
    .getConfiguration('peering')
    .get<string[]>('aws.defaultRegions', ['us-east-1']);
  const preselected = new Set([profileRegion, ...defaults].filter((r): r is string => !!r));
  const regions = required(
    await ui.showQuickPick(
      [...new Set([...preselected, ...AWS_REGIONS])].map((r) => ({
        label: r,
        picked: preselected.has(r),
      })),
      { title: vscode.l10n.t('Regions to scan'), canPickMany: true, ignoreFocusOut: true },
    ),
  ).map((r) => r.label);
  if (regions.length === 0)
    throw new Error(vscode.l10n.t('Regions: pick at least one region to scan.'));
  const endpoint = await askEndpoint(ui, 'aws');
  return {
    account: {
      id: `aws:${profile}`,
      cloud: 'aws',
      ref: profile,
      label: profile,
      regions,
      endpoint,
    },
  };
}

async function promptGcp(ui: UserInput): Promise<NewAccount> {
  const project = await input(ui, {
    title: vscode.l10n.t('Google Cloud project id'),
    prompt: vscode.l10n.t(
      'Credentials come from Application Default Credentials (gcloud auth application-default login).',
    ),
    validateInput: (v) =>
      GCP_PROJECT.test(v.trim())
        ? undefined
        : vscode.l10n.t(
            'Project id: 6 to 30 lowercase letters, digits or hyphens, starting with a letter.',
          ),
  });
  const endpoint = await askEndpoint(ui, 'gcp');
  return {
    account: { id: `gcp:${project}`, cloud: 'gcp', ref: project, label: project, endpoint },
  };
}

async function promptAzure(ui: UserInput, deps: AccountCommandDeps): Promise<NewAccount> {
  await signInToAzure();
  const provider = await deps.loadProvider('azure');
  let subscriptions: { subscriptionId: string; displayName?: string; tenantId?: string }[] = [];
  try {
    subscriptions = await provider.listSubscriptions({});
  } catch (error) {
    deps.log.warn(`Listing Azure subscriptions failed: ${errorMessage(error)}`);
  }
  const typeIt = vscode.l10n.t('Type a subscription id…');
  const picked = required(
    await ui.showQuickPick(
      [
        ...subscriptions.map((s) => ({
          label: s.displayName ?? s.subscriptionId,
          description: s.subscriptionId,
          subscription: s,
        })),
        { label: typeIt, description: '', subscription: undefined },
      ],
      { title: vscode.l10n.t('Azure subscription'), ignoreFocusOut: true },
    ),
  );
  const subscription =
    picked.subscription ??
    ({
      subscriptionId: await input(ui, {
        title: vscode.l10n.t('Azure subscription id'),
        validateInput: (v) =>
          GUID.test(v.trim())
            ? undefined
            : vscode.l10n.t(
                'Subscription id: a GUID such as 00000000-0000-0000-0000-000000000000.',
              ),
      }),
    } as { subscriptionId: string; displayName?: string; tenantId?: string });
  const endpoint = await askEndpoint(ui, 'azure');
  return {
    account: {
      id: `azure:${subscription.subscriptionId}`,
      cloud: 'azure',
      ref: subscription.subscriptionId,
      label: subscription.displayName ?? subscription.subscriptionId,
      tenantId: subscription.tenantId,
      endpoint,
    },
  };
}

async function promptUpcloud(ui: UserInput): Promise<NewAccount> {
  const passwordAuth = vscode.l10n.t('API user and password');
  const tokenAuth = vscode.l10n.t('API token');
  const method = required(
    await ui.showQuickPick([{ label: passwordAuth }, { label: tokenAuth }], {
      title: vscode.l10n.t('UpCloud sign-in'),
      ignoreFocusOut: true,
    }),
  );
  if (method.label === tokenAuth) {
    const token = await input(ui, {
      title: vscode.l10n.t('UpCloud API token'),
      password: true,
      validateInput: (v) =>
        v.trim().length >= 8 ? undefined : vscode.l10n.t('Token: paste the whole token.'),
    });
    const label = await input(ui, {
      title: vscode.l10n.t('A name for this account'),
      value: 'UpCloud',
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Name: required.')),
    });
    const endpoint = await askEndpoint(ui, 'upcloud');
    return {
      account: { id: `upcloud:${label}`, cloud: 'upcloud', ref: label, label, endpoint },
      secret: JSON.stringify({ token }),
    };
  }
  const username = await input(ui, {
    title: vscode.l10n.t('UpCloud API user name'),
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('User name: required.')),
  });
  const password = await input(ui, {
    title: vscode.l10n.t('UpCloud API password'),
    password: true,
    validateInput: (v) => (v ? undefined : vscode.l10n.t('Password: required.')),
  });
  const endpoint = await askEndpoint(ui, 'upcloud');
  return {
    account: {
      id: `upcloud:${username}`,
      cloud: 'upcloud',
      ref: username,
      label: `UpCloud · ${username}`,
      endpoint,
    },
    secret: JSON.stringify({ username, password }),
  };
}

async function promptAiven(ui: UserInput): Promise<NewAccount> {
  const project = await input(ui, {
    title: vscode.l10n.t('Aiven project name'),
    validateInput: (v) =>
      AIVEN_PROJECT.test(v.trim())
        ? undefined
        : vscode.l10n.t('Project: lowercase letters, digits and hyphens, up to 63.'),
  });
  const token = await input(ui, {
    title: vscode.l10n.t('Aiven token'),
    password: true,
    validateInput: (v) =>
      v.trim().length >= 8 ? undefined : vscode.l10n.t('Token: paste the whole token.'),
  });
  const endpoint = await askEndpoint(ui, 'aiven');
  return {
    account: {
      id: `aiven:${project}`,
      cloud: 'aiven',
      ref: project,
      label: `Aiven · ${project}`,
      endpoint,
    },
    secret: token,
  };
}

async function promptDragonfly(ui: UserInput): Promise<NewAccount> {
  const label = await input(ui, {
    title: vscode.l10n.t('A name for this Dragonfly Cloud account'),
    value: 'Dragonfly Cloud',
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Name: required.')),
  });
  const key = await input(ui, {
    title: vscode.l10n.t('Dragonfly Cloud API key'),
    password: true,
    validateInput: (v) =>
      v.trim().length >= 8 ? undefined : vscode.l10n.t('API key: paste the whole key.'),
  });
  const endpoint = await askEndpoint(ui, 'dragonfly');
  return {
    account: { id: `dragonfly:${label}`, cloud: 'dragonfly', ref: label, label, endpoint },
    secret: key,
  };
}

/**
 * The Add Account prompts, one per cloud: the one per-cloud table of the UI (it
 * needs `vscode`, so it cannot live in the SDK-free descriptors). Each asks for
 * what its adapter reads (`Account.ref`, the secret) and offers the endpoint
 * override.
 */
const ACCOUNT_PROMPTS: Readonly<
  Record<CloudKind, (ui: UserInput, deps: AccountCommandDeps) => Promise<NewAccount>>
> = Object.freeze({
  aws: promptAws,
  gcp: promptGcp,
  azure: promptAzure,
  upcloud: promptUpcloud,
  aiven: promptAiven,
  dragonfly: promptDragonfly,
});

/** Lists the first place's networks, so a wrong key or endpoint shows now, not in the tree later. */
async function testConnection(
  deps: AccountCommandDeps,
  candidate: NewAccount,
  pendingSecret: Map<string, string>,
): Promise<number> {
  if (candidate.secret) pendingSecret.set(candidate.account.id, candidate.secret);
  try {
    return await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Testing the connection to {0}…', candidate.account.label),
        cancellable: true,
      },
      async (_progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(20_000)]);
        const provider: CloudProvider = await deps.loadProvider(candidate.account.cloud);
        const [region] = await provider.listRegions(candidate.account, { signal });
        const networks = await provider.listNetworks(
          { account: candidate.account, region },
          { signal },
        );
        return networks.length;
      },
    );
  } finally {
    pendingSecret.delete(candidate.account.id);
  }
}

export async function addAccount(
  deps: AccountCommandDeps,
  pendingSecret: Map<string, string>,
  cloudArg?: CloudKind,
): Promise<Account | undefined> {
  const ui = deps.ui ?? vscodeUserInput;
  const cloud =
    cloudArg ??
    required(
      await ui.showQuickPick(
        CLOUD_KINDS.map((c) => ({
          label: CLOUD_LABELS[c],
          cloud: c,
        })),
        { title: vscode.l10n.t('Add Account: which cloud or service?'), ignoreFocusOut: true },
      ),
    ).cloud;
  const candidate = await ACCOUNT_PROMPTS[cloud](ui, deps);
  if (deps.accounts.configured().some((a) => a.id === candidate.account.id)) {
    throw new Error(
      vscode.l10n.t(
        '"{0}" is already configured. Remove it first to change it.',
        candidate.account.label,
      ),
    );
  }
  try {
    const count = await testConnection(deps, candidate, pendingSecret);
    deps.log.info(`Connection test for ${candidate.account.id}: ${count} networks`);
  } catch (error) {
    const save = vscode.l10n.t('Save Anyway');
    const choice = await ui.showWarningModal(
      vscode.l10n.t('The connection test failed: {0}', errorMessage(error)),
      vscode.l10n.t('Check the credentials and endpoint, or save the account and fix it later.'),
      save,
    );
    if (choice !== save) throw new UserCancelledError();
  }
  if (candidate.secret) await deps.secrets.set(candidate.account.id, candidate.secret);
  await deps.accounts.add(candidate.account);
  void vscode.window.showInformationMessage(vscode.l10n.t('Added {0}.', candidate.account.label));
  return candidate.account;
}

export async function removeAccount(deps: AccountCommandDeps, accountId?: string): Promise<void> {
  const ui = deps.ui ?? vscodeUserInput;
  const configured = deps.accounts.configured();
  const account =
    configured.find((a) => a.id === accountId) ??
    required(
      await ui.showQuickPick(
        configured.map((a) => ({
          label: a.label,
          description: `${CLOUD_LABELS[a.cloud]} · ${a.ref}`,
          account: a,
        })),
        {
          title: vscode.l10n.t('Remove which account?'),
          placeHolder: configured.length ? undefined : vscode.l10n.t('No accounts are configured.'),
        },
      ),
    ).account;
  const remove = vscode.l10n.t('Remove');
  const choice = await ui.showWarningModal(
    vscode.l10n.t('Remove the {0} account "{1}"?', CLOUD_LABELS[account.cloud], account.label),
    vscode.l10n.t('Its stored secret is deleted from this machine. Nothing changes in the cloud.'),
    remove,
  );
  if (choice !== remove) throw new UserCancelledError();
  await deps.secrets.delete(account.id);
  await deps.accounts.remove(account.id);
}

/**
 * Add AWS Organization: pick the management profile (or a configured AWS account), list the
 * organization's accounts, pick all or some, name the role to assume in them, and add them in
 * one settings write, grouped under the organization. The role's session credentials are
 * obtained by the provider when an account is first listed and never stored.
 */
export async function addAwsOrganization(deps: AccountCommandDeps): Promise<Account[]> {
  const ui = deps.ui ?? vscodeUserInput;
  const provider = await deps.loadProvider('aws');
  const configured = deps.accounts.list().filter((a) => a.cloud === 'aws' && !a.awsMember);
  const profiles = await provider.listProfiles().catch(() => []);
  const configuredRefs = new Set(configured.map((a) => a.ref));
  const picked = required(
    await ui.showQuickPick(
      [
        ...configured.map((a) => ({
          label: a.label,
          description: vscode.l10n.t('configured account · profile {0}', a.ref),
          source: a,
        })),
        ...profiles
          .filter((p) => !configuredRefs.has(p.name))
          .map((p) => ({
            label: p.name,
            description: p.kind,
            source: undefined as Account | undefined,
            profileRegion: p.region,
          })),
      ],
      {
        title: vscode.l10n.t('AWS Organization: the management account profile'),
        placeHolder: vscode.l10n.t(
          'Credentials of the management account or a delegated administrator',
        ),
        ignoreFocusOut: true,
      },
    ),
  );
  const defaults = vscode.workspace
    .getConfiguration('peering')
    .get<string[]>('aws.defaultRegions', ['us-east-1']);
  const source: Account = picked.source ?? {
    id: `aws:${picked.label}`,
    cloud: 'aws',
    ref: picked.label,
    label: picked.label,
    regions: [
      ...new Set(
        [(picked as { profileRegion?: string }).profileRegion, ...defaults].filter(
          (r): r is string => !!r,
        ),
      ),
    ],
  };
  const listing = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Listing the accounts of the organization…'),
      cancellable: true,
    },
    (_progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return provider.listOrganization(source, { signal: controller.signal });
    },
  );
  const already = new Set(deps.accounts.configured().map((a) => a.id));
  const candidates = organizationMemberAccounts({
    organizationId: listing.organizationId,
    source,
    callerAccountNumber: listing.callerAccountNumber,
    roleName: DEFAULT_ORGANIZATION_ROLE,
    members: listing.accounts,
  }).filter((a) => !already.has(a.id));
  if (candidates.length === 0) {
    throw new Error(
      vscode.l10n.t(
        'Every account of AWS Organization {0} is already added.',
        listing.organizationId,
      ),
    );
  }
  const chosen = required(
    await ui.showQuickPick(
      candidates.map((account) => ({
        label: account.label,
        description:
          account.awsMember?.accountNumber === listing.callerAccountNumber
            ? vscode.l10n.t('this profile’s own account')
            : undefined,
        picked: true,
        account,
      })),
      {
        title: vscode.l10n.t(
          'Accounts to add from {0} ({1} of {2})',
          listing.organizationId,
          String(candidates.length),
          String(listing.accounts.length),
        ),
        canPickMany: true,
        ignoreFocusOut: true,
      },
    ),
  ).map((item) => item.account);
  if (chosen.length === 0)
    throw new Error(vscode.l10n.t('Accounts: pick at least one account to add.'));
  let roleName = DEFAULT_ORGANIZATION_ROLE;
  if (chosen.some((a) => a.awsMember?.roleName)) {
    roleName = await input(ui, {
      title: vscode.l10n.t('Role to assume in each member account'),
      prompt: vscode.l10n.t(
        'AWS Organizations creates OrganizationAccountAccessRole in the accounts it creates; invited accounts need a role that trusts the management account.',
      ),
      value: DEFAULT_ORGANIZATION_ROLE,
      validateInput: (v) => {
        const problem = roleNameProblem(v.trim());
        return problem ? vscode.l10n.t('Role to assume: {0}.', problem) : undefined;
      },
    });
  }
  const accounts = chosen.map((a) =>
    a.awsMember?.roleName ? { ...a, awsMember: { ...a.awsMember, roleName } } : a,
  );
  await deps.accounts.addAll(accounts);
  deps.log.info(
    `Added ${accounts.length} accounts of AWS Organization ${listing.organizationId} (role ${roleName}).`,
  );
  void vscode.window.showInformationMessage(
    vscode.l10n.t(
      'Added {0} accounts of AWS Organization {1}.',
      String(accounts.length),
      listing.organizationId,
    ),
  );
  return accounts;
}
