/**
 * The Azure AD (Microsoft Entra) application steps of Dragonfly Cloud ↔ Azure
 * (https://www.dragonflydb.io/docs/cloud/connections, Azure: the multi-tenant application flow):
 * bash that finds or creates the application, its service principal and the peering role, and
 * signs in as the application.
 */
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
