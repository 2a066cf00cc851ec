/**
 * The Azure AD (Microsoft Entra) application steps of Dragonfly Cloud ↔ Azure
 * (https://www.dragonflydb.io/docs/cloud/connections, Azure: the multi-tenant application flow):
 * bash that finds or creates the application, its service principal and the peering role, and
 * signs in as the application.
 */
import { cite, PROVIDER_DOCS } from '../../model/docs';
import type { TfBlock } from '../../model/plan';
import { addStep, type PlanDraft, type StepDraft } from '../draft';
import { vnetIdTf, type AzureVnetVars } from '../steps/azure';
import type { ShellLine, ShellWord } from '../../model/plan';

/** Dragonfly Cloud's tenant and its Azure AD application, fixed values from https://www.dragonflydb.io/docs/cloud/connections (Azure, steps 1 and 4). */
export const DFCLOUD_AZURE_TENANT_ID = '3f7cbd78-1650-4b7d-b28f-8ee05eac10a4';
export const DFCLOUD_AZURE_APP_ID = 'ac30c41f-1eab-4f45-9024-70decee5559d';

/**
 * The App ID of the one application whose display name is exactly $name; nothing when there is
 * none; an error (the script stops) when several share the name, since one of them would have its
 * secrets reset.
 */
export const EXACT_APP_JQ =
  '[.[] | select(.displayName == $name) | .appId] | if length > 1 then error("several Azure AD applications are named \\($name): rename the others or choose another display name") else (.[0] // empty) end';

export const ROLE_DEFINITION_JQ =
  '{Name: "dfcloud-peering-role", Description: "Allows creating a peering to vnets in scope (but not from)", Actions: ["Microsoft.Network/virtualNetworks/peer/action"], AssignableScopes: ["/subscriptions/" + $sub]}';

/**
 * Looks the object up first and creates it only when the lookup prints
 * nothing, so rerunning the script reuses what an earlier run created.
 */
export function findOrCreate(
  capture: string,
  find: ShellWord[],
  create: ShellWord[],
  findPipeTo?: ShellWord[],
): ShellLine[] {
  return [
    { capture, command: find, ...(findPipeTo ? { pipeTo: findPipeTo } : {}) },
    { ifVar: capture, equals: null, then: [{ capture, command: create }] },
  ];
}

/** The service principal of an application in the signed-in tenant, into `capture`. */
export function findOrCreateServicePrincipal(capture: string, appIdVar: string): ShellLine[] {
  return findOrCreate(
    capture,
    [
      'az',
      'ad',
      'sp',
      'list',
      '--filter',
      { concat: ["appId eq '", { var: appIdVar }, "'"] },
      '--query',
      '[0].id',
      '-o',
      'tsv',
    ],
    ['az', 'ad', 'sp', 'create', '--id', { var: appIdVar }, '--query', 'id', '-o', 'tsv'],
  );
}

/** Grants `role` on the customer's VNet (USER_VNET_ID) to a service principal. */
export function assignRoleOnUserVnet(
  sub: ShellWord,
  role: ShellWord,
  assigneeVar: string,
): ShellLine {
  return {
    command: [
      'az',
      'role',
      'assignment',
      'create',
      '--subscription',
      sub,
      '--role',
      role,
      '--assignee-object-id',
      { var: assigneeVar },
      '--scope',
      { var: 'USER_VNET_ID' },
    ],
  };
}

/**
 * Signs in as the customer's application (its App ID and password) to one tenant.
 * The secret goes to az on standard input, never on its command line (where `ps`
 * shows it): azure-cli replaces an argument "@-" (or the part after "=" of
 * "--password=@-") with standard input before it parses the arguments
 * (azure-cli 2.45, azure/cli/core/commands/__init__.py, _expand_file_prefixed_files).
 * The "--password=" form keeps a secret that starts with "-" the option's value,
 * as `az login --help` says: "Use -p=secret if the first character of the
 * password is '-'". `printf` is a bash builtin, so no other argv holds it either.
 */
export function signInAsUserApp(tenantVar: string): ShellLine {
  return {
    command: ['printf', '%s', { var: 'USER_APP_PASSWORD' }],
    pipeTo: [
      'az',
      'login',
      '--service-principal',
      '--username',
      { var: 'USER_APP_ID' },
      '--password=@-',
      '--tenant',
      { var: tenantVar },
      '--output',
      'none',
    ],
  };
}

const DOC = PROVIDER_DOCS.dragonfly;

/** A manual step of the customer's side whose bash runs az commands. */
export type AzStep = (
  id: string,
  title: string,
  reason: string,
  bash: ShellLine[],
  terraform?: TfBlock[],
  extra?: Partial<StepDraft>,
) => void;

/** The subscription of the customer's VNet, as the scenario's script sets it. */
const USER_SUBSCRIPTION: ShellWord = { var: 'USER_SUBSCRIPTION_ID' };

/** Adds manual az steps of the customer's side to `draft`, with the common instructions and rollback. */
function azStepsOf(draft: PlanDraft): AzStep {
  return (id, title, reason, bash, terraform = [], extra = {}) =>
    addStep(draft, {
      id,
      side: 'customer',
      title,
      reason,
      kind: 'manual',
      instructions: [
        'Run these az commands (the bash tab has them with your values), then mark the step done.',
      ],
      rollback:
        'See the Azure portal: Microsoft Entra ID → App registrations, and Access control (IAM) on the VNet.',
      scripts: { bash, terraform },
      ...extra,
    });
}

/**
 * The Azure AD application steps (https://www.dragonflydb.io/docs/cloud/connections, Azure,
 * steps 1–4): sign in, find or create your application and its service principal, Dragonfly
 * Cloud's service principal, the peering role, and the role assignments on both VNets. Returns the
 * step factory the later az steps use.
 */
export function addAzureAdApplicationSteps(
  draft: PlanDraft,
  o: { customer: AzureVnetVars; connectionViaApi: boolean; appDisplayName: string },
): { azStep: AzStep } {
  const azStep = azStepsOf(draft);
  addSignInStep(azStep);
  addCreateAppStep(azStep, o);
  addCreateServicePrincipalStep(azStep);
  addNetworkDetailsStep(azStep);
  addNetworkContributorStep(azStep, o.customer);
  addDragonflyServicePrincipalStep(azStep);
  addCustomRoleStep(azStep);
  addAssignCustomRoleStep(azStep, o.customer);
  return { azStep };
}

/** Step 1: a clean az login with the customer's own account. */
function addSignInStep(azStep: AzStep): void {
  azStep(
    'az-sign-in',
    'Clear any existing Azure login and sign in with your client account',
    `${cite(DOC, 'Azure, steps 1–2')}: start from a clean az login with your own account.`,
    [{ command: ['az', 'account', 'clear'] }, { command: ['az', 'login', '--output', 'none'] }],
  );
}

/** Step 2: the multi-tenant application, found by its exact display name or created. */
function addCreateAppStep(
  azStep: AzStep,
  o: { connectionViaApi: boolean; appDisplayName: string },
): void {
  // `az ad app list --display-name` matches by prefix: keep exact matches only, and refuse to
  // pick one of several (its secrets are reset later).
  const exactAppLookup: ShellWord[] = [
    'az',
    'ad',
    'app',
    'list',
    '--display-name',
    { var: 'APP_DISPLAY_NAME' },
    '--query',
    '[].{appId: appId, displayName: displayName}',
    '-o',
    'json',
  ];
  azStep(
    'create-app',
    'Create the Azure AD application (multi-tenant) for peering authentication',
    `${cite(DOC, 'Azure, step 2')}: the application signs in to both tenants later, so it is created with --sign-in-audience AzureADMultipleOrgs.`,
    [
      ...findOrCreate(
        'USER_APP_ID',
        exactAppLookup,
        [
          'az',
          'ad',
          'app',
          'create',
          '--display-name',
          { var: 'APP_DISPLAY_NAME' },
          '--sign-in-audience',
          'AzureADMultipleOrgs',
          '--key-type',
          'Password',
          '--query',
          'appId',
          '-o',
          'tsv',
        ],
        ['jq', '-r', '--arg', 'name', { var: 'APP_DISPLAY_NAME' }, EXACT_APP_JQ],
      ),
      { say: ['App ID: ', { var: 'USER_APP_ID' }] },
      // Dragonfly's API takes the application's object ID (peer.azure.app_object_id).
      ...(o.connectionViaApi
        ? [
            {
              capture: 'USER_APP_OBJECT_ID',
              command: [
                'az',
                'ad',
                'app',
                'show',
                '--id',
                { var: 'USER_APP_ID' },
                '--query',
                'id',
                '-o',
                'tsv',
              ],
            },
          ]
        : []),
    ],
    [
      {
        kind: 'resource',
        type: 'azuread_application',
        name: 'client',
        body: [
          { attr: 'display_name', value: { var: 'APP_DISPLAY_NAME' } },
          { attr: 'sign_in_audience', value: 'AzureADMultipleOrgs' },
        ],
      },
    ],
    {
      values: [
        {
          label: 'Display name',
          value: o.appDisplayName,
          destination: 'az ad app create --display-name',
        },
      ],
    },
  );
}

/** Step 2: the service principal of the customer's application. */
function addCreateServicePrincipalStep(azStep: AzStep): void {
  azStep(
    'create-sp',
    'Create the service principal of your application',
    `${cite(DOC, 'Azure, step 2')}: role assignments go to the service principal.`,
    findOrCreateServicePrincipal('USER_SP_ID', 'USER_APP_ID'),
    [
      {
        kind: 'resource',
        type: 'azuread_service_principal',
        name: 'client',
        body: [{ attr: 'client_id', value: { ref: 'azuread_application.client.client_id' } }],
      },
    ],
  );
}

/** Step 3: the tenant ID and the VNet ID the role assignments are scoped to. */
function addNetworkDetailsStep(azStep: AzStep): void {
  azStep(
    'network-details',
    'Read your tenant ID and VNet ID',
    `${cite(DOC, 'Azure, step 3')}: the role assignments are scoped to the VNet id, and the console needs the tenant id.`,
    [
      {
        capture: 'USER_TENANT_ID',
        command: [
          'az',
          'account',
          'show',
          '--subscription',
          USER_SUBSCRIPTION,
          '--query',
          'tenantId',
          '-o',
          'tsv',
        ],
      },
      {
        capture: 'USER_VNET_ID',
        command: [
          'az',
          'network',
          'vnet',
          'show',
          '--subscription',
          USER_SUBSCRIPTION,
          '--name',
          { var: 'USER_VNET_NAME' },
          '--resource-group',
          { var: 'USER_RESOURCE_GROUP' },
          '--query',
          'id',
          '-o',
          'tsv',
        ],
      },
    ],
  );
}

/** Step 4: Network Contributor on the customer's VNet for its application. */
function addNetworkContributorStep(azStep: AzStep, customer: AzureVnetVars): void {
  azStep(
    'network-contributor',
    'Give your service principal Network Contributor on your VNet',
    `${cite(DOC, 'Azure, step 4')}: the application must be allowed to create the peering on your VNet.`,
    [assignRoleOnUserVnet(USER_SUBSCRIPTION, 'Network Contributor', 'USER_SP_ID')],
    [
      {
        kind: 'resource',
        type: 'azurerm_role_assignment',
        name: 'client_network_contributor',
        body: [
          { attr: 'provider', value: { ref: 'azurerm.customer' } },
          { attr: 'scope', value: vnetIdTf(customer) },
          { attr: 'role_definition_name', value: 'Network Contributor' },
          { attr: 'principal_id', value: { ref: 'azuread_service_principal.client.object_id' } },
        ],
      },
    ],
  );
}

/** Step 4: the service principal of Dragonfly Cloud's application in the customer's tenant. */
function addDragonflyServicePrincipalStep(azStep: AzStep): void {
  azStep(
    'dragonfly-sp',
    "Create the service principal of Dragonfly Cloud's application in your tenant",
    `${cite(DOC, 'Azure, step 4')}: Dragonfly Cloud's application (${DFCLOUD_AZURE_APP_ID}) needs a principal in your tenant to be granted the peer action.`,
    findOrCreateServicePrincipal('DFCLOUD_SP_ID', 'DFCLOUD_APP_ID'),
    [
      {
        kind: 'resource',
        type: 'azuread_service_principal',
        name: 'dragonfly',
        body: [{ attr: 'client_id', value: { var: 'DFCLOUD_APP_ID' } }],
      },
    ],
    {
      values: [
        {
          label: "Dragonfly Cloud's application ID",
          value: DFCLOUD_AZURE_APP_ID,
          destination: 'az ad sp create --id',
        },
      ],
    },
  );
}

/** Step 4: the custom role dfcloud-peering-role, with the peer action only. */
function addCustomRoleStep(azStep: AzStep): void {
  azStep(
    'custom-role',
    'Create the custom role dfcloud-peering-role (peer action only)',
    `${cite(DOC, 'Azure, step 4')}: Dragonfly may create a peering to VNets in scope, but not from them: only Microsoft.Network/virtualNetworks/peer/action.`,
    findOrCreate(
      'DFCLOUD_ROLE_ID',
      [
        'az',
        'role',
        'definition',
        'list',
        '--subscription',
        USER_SUBSCRIPTION,
        '--name',
        'dfcloud-peering-role',
        '--query',
        '[0].name',
        '-o',
        'tsv',
      ],
      [
        'az',
        'role',
        'definition',
        'create',
        '--subscription',
        USER_SUBSCRIPTION,
        '--role-definition',
        { subst: ['jq', '-cn', '--arg', 'sub', USER_SUBSCRIPTION, ROLE_DEFINITION_JQ] },
        '--query',
        'name',
        '-o',
        'tsv',
      ],
    ),
    [
      {
        kind: 'resource',
        type: 'azurerm_role_definition',
        name: 'dfcloud_peering',
        body: [
          { attr: 'provider', value: { ref: 'azurerm.customer' } },
          { attr: 'name', value: 'dfcloud-peering-role' },
          {
            attr: 'description',
            value: 'Allows creating a peering to vnets in scope (but not from)',
          },
          {
            attr: 'scope',
            value: {
              call: 'format',
              args: ['/subscriptions/%s', { var: 'USER_SUBSCRIPTION_ID' }],
            },
          },
          {
            block: 'permissions',
            body: [{ attr: 'actions', value: ['Microsoft.Network/virtualNetworks/peer/action'] }],
          },
          {
            attr: 'assignable_scopes',
            value: [
              { call: 'format', args: ['/subscriptions/%s', { var: 'USER_SUBSCRIPTION_ID' }] },
            ],
          },
        ],
      },
    ],
  );
}

/** Step 4: dfcloud-peering-role for Dragonfly Cloud on the customer's VNet. */
function addAssignCustomRoleStep(azStep: AzStep, customer: AzureVnetVars): void {
  azStep(
    'assign-custom-role',
    'Assign dfcloud-peering-role to Dragonfly Cloud on your VNet',
    `${cite(DOC, 'Azure, step 4')}: with the peer action on your VNet, Dragonfly can peer its VNet to yours.`,
    [assignRoleOnUserVnet(USER_SUBSCRIPTION, { var: 'DFCLOUD_ROLE_ID' }, 'DFCLOUD_SP_ID')],
    [
      {
        kind: 'resource',
        type: 'azurerm_role_assignment',
        name: 'dragonfly_peer',
        body: [
          { attr: 'provider', value: { ref: 'azurerm.customer' } },
          { attr: 'scope', value: vnetIdTf(customer) },
          {
            attr: 'role_definition_id',
            value: { ref: 'azurerm_role_definition.dfcloud_peering.role_definition_resource_id' },
          },
          {
            attr: 'principal_id',
            value: { ref: 'azuread_service_principal.dragonfly.object_id' },
          },
        ],
      },
    ],
  );
}
