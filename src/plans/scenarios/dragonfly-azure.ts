/**
 * Dragonfly Cloud ↔ Azure (https://www.dragonflydb.io/docs/cloud/connections, Azure: the
 * multi-tenant application flow): an Azure AD application gets peering rights on both VNets,
 * Dragonfly peers from its side, and your VNet peers back with --allow-vnet-access.
 */
import { cite, citeUrl } from '../../model/docs';
import { addSide, declareTerraformProvider, newDraft, variable, type PlanDraft } from '../draft';
import {
  azurePeeringStep,
  azureSecurityRuleStep,
  declareAzureVnet,
  type AzureVnetVars,
} from '../steps/azure';
import { defineScenario, inputSpecs, type InputReader } from '../scenario';
import {
  connectionActiveStep,
  createConnectionStep,
  declareDragonfly,
  type DragonflyConnection,
} from '../steps/dragonfly';
import type { PlanContext, ShellWord } from '../../model/plan';
import { issue } from '../validation/fieldRules';
import {
  compact,
  AZURE_RESERVED,
  existingPeeringIssue,
  networkCidrs,
  reservedIssues,
  selfOverlapIssues,
} from '../validation/networkRules';

import {
  addDragonflySide,
  dragonflyCidrRules,
  dragonflyNetwork,
  DRAGONFLY_INPUTS,
  DOC,
  firstCidrOnlyFollowUp,
  firstCidrOnlyIssue,
} from '../pairs/dragonfly';
import {
  DFCLOUD_AZURE_APP_ID,
  DFCLOUD_AZURE_TENANT_ID,
  signInAsUserApp,
  addAzureAdApplicationSteps,
  type AzStep,
} from '../pairs/azureAdApplication';

const DESCRIPTION =
  'Connect a Dragonfly Cloud private network to your Azure VNet (private beta): an Azure AD application gets peering rights on both VNets, Dragonfly peers from its side, you peer back with --allow-vnet-access.';

const AZURE_SOURCE = citeUrl(DOC, 'Azure');

/** An ARM resource-group id: /subscriptions/<GUID>/resourceGroups/<1-90 chars, not ending in a period>. */
const DF_ACCOUNT_PATH =
  /^\/subscriptions\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/resourceGroups\/[-\w.()]{0,89}[-\w()]$/i;

/** Dragonfly's inputs, then the customer's VNet and Azure AD application. */
const INPUTS = inputSpecs(
  ...DRAGONFLY_INPUTS,
  {
    name: 'dfcloudAccountId',
    label: 'Dragonfly network: Account ID',
    kind: 'name',
    maxLength: 200,
    required: true,
    side: 'dragonfly',
    help: 'The Account ID under the Dragonfly Cloud network, like /subscriptions/<id>/resourceGroups/<group>.',
  },
  {
    name: 'dfcloudVpcId',
    label: 'Dragonfly network: VPC ID',
    kind: 'azureVnetName',
    required: true,
    side: 'dragonfly',
    help: 'The VPC ID under the Dragonfly Cloud network (its VNet name).',
  },
  {
    name: 'userSubscriptionId',
    label: 'Your Azure subscription ID',
    kind: 'azureSubscriptionId',
    required: true,
    side: 'customer',
    help: `user_subscription_id in ${cite(DOC, 'Azure, step 1')}.`,
  },
  {
    name: 'userResourceGroup',
    label: 'Your resource group',
    kind: 'azureResourceGroup',
    required: true,
    side: 'customer',
    help: `user_resource_group in ${cite(DOC, 'Azure, step 1')}.`,
  },
  {
    name: 'userVnetName',
    label: 'Your VNet name',
    kind: 'azureVnetName',
    required: true,
    side: 'customer',
    help: `user_vnet_name in ${cite(DOC, 'Azure, step 1')}.`,
  },
  {
    name: 'azureRegion',
    label: 'Your Azure region',
    kind: 'azureRegion',
    required: true,
    side: 'customer',
    help: `azure_region in ${cite(DOC, 'Azure, step 1')}, e.g. centralus.`,
    example: 'centralus',
  },
  {
    name: 'userCidrs',
    label: 'Your VNet address space',
    kind: 'cidr',
    list: true,
    required: true,
    side: 'customer',
    help: 'Every address prefix of the VNet.',
  },
  {
    name: 'appDisplayName',
    label: 'Display name of your Azure AD application',
    kind: 'name',
    maxLength: 120,
    required: true,
    side: 'customer',
    help: `${cite(DOC, 'Azure, step 2')} names it client-app.`,
    default: 'client-app',
  },
  {
    name: 'userAppId',
    label: 'App ID of that application, if it exists already',
    kind: 'uuid',
    required: false,
    side: 'customer',
    help: 'Lets the wizard create the Dragonfly connection through the API.',
  },
  {
    name: 'userAppObjectId',
    label: 'Object ID of that application, if it exists already',
    kind: 'uuid',
    required: false,
    side: 'customer',
    help: 'Microsoft Entra ID → App registrations → the application → Object ID (not the Application (client) ID). Dragonfly Cloud’s API takes this one.',
  },
  {
    name: 'userTenantId',
    label: 'Your Azure tenant ID',
    kind: 'azureTenantId',
    required: false,
    side: 'customer',
    help: 'Step 3 reads it with az account show; give it to skip that.',
  },
  {
    name: 'nsgName',
    label: 'NSG to open for 6379 (optional)',
    kind: 'azureName',
    required: false,
    side: 'customer',
    help: 'Only if you replaced the default AllowVnetInBound rule.',
  },
  {
    name: 'rulePriority',
    label: 'Priority of the 6379 rule',
    kind: 'azurePriority',
    required: true,
    side: 'customer',
    help: '100-4096; lower runs first.',
    default: '1000',
  },
);

/** The inputs as `build` and its step builders read them. */
type Inputs = InputReader<(typeof INPUTS)[number]['name']>;

export const dragonflyAzure = defineScenario({
  id: 'dragonfly-azure',
  title: 'Dragonfly Cloud ↔ Azure',
  description: DESCRIPTION,
  constraints: [
    'Azure peering connections are in private beta at Dragonfly Cloud.',
    'Create the Dragonfly Cloud private network first.',
    'The Azure AD steps need the az CLI: the wizard shows each command, the bash script runs them.',
    'Your VNet address space must not overlap the Dragonfly network CIDR.',
    `Dragonfly Cloud's tenant (${DFCLOUD_AZURE_TENANT_ID}) and application (${DFCLOUD_AZURE_APP_ID}) are fixed values.`,
  ],
  service: 'dragonfly',
  sides: [
    { id: 'dragonfly', cloud: 'dragonfly', role: 'service' },
    { id: 'customer', cloud: 'azure', role: 'yours' },
  ],
  clouds: ['dragonfly', 'azure'],
  inputs: INPUTS,
  source: AZURE_SOURCE,
  rules(i, c) {
    const df = dragonflyNetwork(i, c);
    const cidrs = networkCidrs(c, 'azure', undefined, i.list('userCidrs'));
    const yours = { field: 'userCidrs', label: 'your VNet', cidrs };
    const errors = [
      ...dragonflyCidrRules(df.cidr, yours),
      ...selfOverlapIssues(yours),
      ...reservedIssues(yours, AZURE_RESERVED),
      i.has('dfcloudAccountId') && !DF_ACCOUNT_PATH.test(i.text('dfcloudAccountId'))
        ? issue(
            'dfcloudAccountId',
            i.text('dfcloudAccountId'),
            'it is the Account ID shown under the Dragonfly network, an Azure resource-group id: /subscriptions/<subscription id>/resourceGroups/<resource group>',
            'Dragonfly network: Account ID',
          )
        : undefined,
      existingPeeringIssue(
        c,
        'userVnetName',
        { cloud: 'dragonfly', id: df.networkId },
        {
          cloud: 'azure',
          id: `/subscriptions/${i.text('userSubscriptionId')}/resourceGroups/${i.text('userResourceGroup')}/providers/Microsoft.Network/virtualNetworks/${i.text('userVnetName')}`,
        },
      ),
    ];
    return { errors, warnings: compact([firstCidrOnlyIssue('userCidrs', cidrs)]) };
  },
  build(i, c) {
    const df = dragonflyNetwork(i, c);
    const customer = customerVnet(i);
    // Through the API only when the application's object ID (what the API takes) and the tenant are known up front.
    const connectionViaApi = df.api && i.has('userAppObjectId') && i.has('userTenantId');
    const draft = newDraft({
      scenarioId: 'dragonfly-azure',
      title: `Dragonfly Cloud ${df.networkId} ↔ Azure ${customer.vnet}`,
      summary: DESCRIPTION,
      source: AZURE_SOURCE,
    });
    addDragonflySide(draft, c, df);
    addCustomerSide(draft, c, customer);
    declareNetworkVariables(draft, i, c, customer);
    declareTerraformProvider(draft, { provider: 'azuread', body: [] });
    const { azStep } = addAzureAdApplicationSteps(draft, {
      customer,
      connectionViaApi,
      appDisplayName: i.text('appDisplayName'),
    });
    addPort6379Rule(draft, i, c, customer, df.cidr);
    const connection = dragonflyConnection(i, df, customer, connectionViaApi);
    declareDragonfly(draft, connection);
    createConnectionStep(draft, connection, {
      reason: `${cite(DOC, 'Azure, step 5')}: Dragonfly Cloud creates the peering on its side with your application's credentials; enter Acceptor Account ID, VPC ID, Region, App ID, Resource Group and Tenant ID. It starts Inactive.`,
      dependsOn: [
        'azurerm_role_assignment.dragonfly_peer',
        'azurerm_role_assignment.client_network_contributor',
      ],
    });
    addCredentialResetStep(azStep);
    addApplicationSignInSteps(draft, azStep);
    addPeeringToDragonflyStep(draft, i, customer);
    firstCidrOnlyFollowUp(draft, networkCidrs(c, 'azure', undefined, i.list('userCidrs')));
    connectionActiveStep(draft, connection, {
      kind: 'azurePeering',
      resourceGroup: customer.resourceGroup,
      vnetName: customer.vnet,
      name: `${customer.vnet}-dfcloud-peering`,
      states: ['Connected'],
    });
    return draft;
  },
});

/** The customer's VNet as the Azure step builders name it: typed values and their script variables. */
function customerVnet(i: Inputs): AzureVnetVars {
  return {
    side: 'customer',
    label: 'your VNet',
    subscriptionVar: 'USER_SUBSCRIPTION_ID',
    resourceGroupVar: 'USER_RESOURCE_GROUP',
    vnetVar: 'USER_VNET_NAME',
    subscription: i.text('userSubscriptionId'),
    resourceGroup: i.text('userResourceGroup'),
    vnet: i.text('userVnetName'),
    region: i.text('azureRegion'),
  };
}

/** The customer's side: run by the plan when its Azure account is configured, by hand otherwise. */
function addCustomerSide(draft: PlanDraft, c: PlanContext, customer: AzureVnetVars): void {
  addSide(draft, {
    id: 'customer',
    label: `Your Azure subscription (${customer.subscription})`,
    cloud: 'azure',
    accountId: c.accounts?.customer?.id,
    manual: !c.accounts?.customer,
  });
}

/**
 * The script variables of both networks and of both Azure AD applications. Declared before any
 * step: the az steps of Azure steps 1–6 read them, and the script lists them in this order.
 */
function declareNetworkVariables(
  draft: PlanDraft,
  i: Inputs,
  c: PlanContext,
  customer: AzureVnetVars,
): void {
  declareAzureVnet(draft, customer);
  variable(draft, 'AZURE_REGION', customer.region ?? '', 'Your Azure region (e.g. centralus)');
  variable(
    draft,
    'USER_CIDRS',
    networkCidrs(c, 'azure', undefined, i.list('userCidrs')),
    'Address space of your VNet',
  );
  variable(
    draft,
    'DFCLOUD_ACCOUNT_ID',
    i.text('dfcloudAccountId'),
    'Account ID under the Dragonfly Cloud network',
  );
  variable(
    draft,
    'DFCLOUD_VPC_ID',
    i.text('dfcloudVpcId'),
    'VPC ID under the Dragonfly Cloud network',
  );
  // Dragonfly Cloud's own tenant and application are the same for every customer.
  variable(
    draft,
    'DFCLOUD_TENANT_ID',
    DFCLOUD_AZURE_TENANT_ID,
    "Dragonfly Cloud's tenant (fixed value)",
  );
  variable(
    draft,
    'DFCLOUD_APP_ID',
    DFCLOUD_AZURE_APP_ID,
    "Dragonfly Cloud's Azure AD application (fixed value)",
  );
  variable(
    draft,
    'APP_DISPLAY_NAME',
    i.text('appDisplayName'),
    'Display name of your Azure AD application',
  );
}

/**
 * Port 6379 from the Dragonfly network: a rule in the NSG the user names, or a follow-up saying
 * when one is needed. As the user, before the script signs in as the application: its service
 * principal holds Network Contributor on the VNet only, which cannot write the NSG.
 */
function addPort6379Rule(
  draft: PlanDraft,
  i: Inputs,
  c: PlanContext,
  customer: AzureVnetVars,
  dragonflyCidr: string,
): void {
  const nsg = i.text('nsgName');
  if (nsg)
    azureSecurityRuleStep(draft, {
      id: 'nsg-6379',
      local: customer,
      nsg,
      name: 'allow-dragonfly-6379',
      priority: Number(i.text('rulePriority')),
      source: {
        variable: 'DFCLOUD_CIDRS',
        index: 0,
        value: dragonflyCidr,
        label: 'the Dragonfly network',
      },
      port: '6379',
      reason: `${cite(DOC, 'Azure')}: if the default AllowVnetInbound/AllowVnetOutbound rules are not there, add a rule for 6379 traffic between the two networks.`,
      manual: !c.accounts?.customer,
    });
  else
    draft.followUps.push(
      `By default the AllowVnetInbound and AllowVnetOutbound rules allow traffic between the peered networks; if you replaced them, allow port 6379 from the Dragonfly CIDR (${cite(DOC, 'Azure')}).`,
    );
}

/**
 * The Dragonfly connection with the customer's VNet as its peer (Azure, step 5). The application's
 * IDs and the tenant are optional inputs: left out, the script reads them in the az steps, and
 * the connection is made in the console instead of through the API.
 */
function dragonflyConnection(
  i: Inputs,
  df: ReturnType<typeof dragonflyNetwork>,
  customer: AzureVnetVars,
  connectionViaApi: boolean,
): DragonflyConnection {
  return {
    networkId: df.networkId,
    cidr: df.cidr,
    name: df.name,
    peer: {
      cloud: 'azure',
      accountId: customer.subscription,
      vpcId: customer.vnet,
      cidr: i.list('userCidrs')[0] ?? '',
      region: customer.region,
      azure: {
        resourceGroup: customer.resourceGroup,
        tenantId: i.text('userTenantId') || undefined,
        appId: i.text('userAppId') || undefined,
        appObjectId: i.text('userAppObjectId') || undefined,
      },
    },
    peerVariables: {
      accountId: 'USER_SUBSCRIPTION_ID',
      vpcId: 'USER_VNET_NAME',
      cidr: { var: 'USER_CIDRS', index: 0 },
      region: 'AZURE_REGION',
      resourceGroup: 'USER_RESOURCE_GROUP',
      tenantId: 'USER_TENANT_ID',
      appId: 'USER_APP_ID',
      appObjectId: 'USER_APP_OBJECT_ID',
    },
    api: connectionViaApi,
    customerSide: 'customer',
  };
}

/**
 * Azure step 6: a new password for the customer's application, which signs in with it to create
 * the peering from the customer's side. --append keeps the application's other secrets.
 */
function addCredentialResetStep(azStep: AzStep): void {
  azStep(
    'credential-reset',
    "Reset your application's credentials and keep the password",
    `${cite(DOC, 'Azure, step 6')}: the application signs in with a password to create the peering from your side.`,
    [
      {
        capture: 'USER_APP_PASSWORD',
        command: [
          'az',
          'ad',
          'app',
          'credential',
          'reset',
          '--id',
          { var: 'USER_APP_ID' },
          // Without --append, the reset deletes the application's other secrets.
          '--append',
          '--query',
          'password',
          '-o',
          'tsv',
        ],
      },
    ],
    [
      {
        kind: 'resource',
        type: 'azuread_application_password',
        name: 'client',
        body: [{ attr: 'application_id', value: { ref: 'azuread_application.client.id' } }],
      },
    ],
  );
}

/**
 * Azure step 6: the application signs in to the customer's tenant and to Dragonfly Cloud's, since
 * only it holds rights on both VNets. In Terraform, an azurerm provider with the password created
 * above and Dragonfly's tenant as an auxiliary tenant; in bash, two service-principal logins.
 */
function addApplicationSignInSteps(draft: PlanDraft, azStep: AzStep): void {
  // The application's own sign-in (https://www.dragonflydb.io/docs/cloud/connections, Azure step 6: az login --service-principal
  // to your tenant and to Dragonfly's), with the password created above.
  declareTerraformProvider(draft, {
    provider: 'azurerm',
    alias: 'dragonfly_app',
    body: [
      { block: 'features', body: [] },
      { attr: 'subscription_id', value: { var: 'USER_SUBSCRIPTION_ID' } },
      { attr: 'client_id', value: { ref: 'azuread_application.client.client_id' } },
      { attr: 'client_secret', value: { ref: 'azuread_application_password.client.value' } },
      { attr: 'tenant_id', value: { ref: 'data.azurerm_client_config.current.tenant_id' } },
      { attr: 'auxiliary_tenant_ids', value: [{ var: 'DFCLOUD_TENANT_ID' }] },
    ],
  });
  azStep(
    'sp-logins',
    "Sign in as the application to your tenant and to Dragonfly Cloud's tenant",
    `${cite(DOC, 'Azure, step 6')}: the application now has access to both VNets; it signs in to your tenant and to Dragonfly's (${DFCLOUD_AZURE_TENANT_ID}).`,
    [
      { command: ['az', 'account', 'clear'] },
      signInAsUserApp('USER_TENANT_ID'),
      signInAsUserApp('DFCLOUD_TENANT_ID'),
    ],
    [],
    {
      values: [
        {
          label: "Dragonfly Cloud's tenant ID",
          value: DFCLOUD_AZURE_TENANT_ID,
          destination: 'az login --service-principal --tenant',
        },
      ],
    },
  );
}

/**
 * Azure step 6: the peering from the customer's VNet to Dragonfly's, named
 * $user_vnet_name-dfcloud-peering as the guide names it. Always manual: it runs signed in as
 * the application (previous step), not with the account the plan holds.
 */
function addPeeringToDragonflyStep(draft: PlanDraft, i: Inputs, customer: AzureVnetVars): void {
  variable(
    draft,
    'PEERING_NAME',
    `${customer.vnet}-dfcloud-peering`,
    `Name of the peering on your VNet ($user_vnet_name-dfcloud-peering in ${cite(DOC, 'Azure, step 6')})`,
  );
  const dragonflyVnet: ShellWord = {
    concat: [
      { var: 'DFCLOUD_ACCOUNT_ID' },
      '/providers/Microsoft.Network/virtualNetworks/',
      { var: 'DFCLOUD_VPC_ID' },
    ],
  };
  azurePeeringStep(draft, {
    id: 'customer-peering',
    local: customer,
    remote: {
      word: dragonflyVnet,
      tf: {
        call: 'format',
        args: [
          '%s/providers/Microsoft.Network/virtualNetworks/%s',
          { var: 'DFCLOUD_ACCOUNT_ID' },
          { var: 'DFCLOUD_VPC_ID' },
        ],
      },
      id: `${i.text('dfcloudAccountId')}/providers/Microsoft.Network/virtualNetworks/${i.text('dfcloudVpcId')}`,
      tenant: DFCLOUD_AZURE_TENANT_ID,
    },
    nameVar: 'PEERING_NAME',
    name: { var: 'PEERING_NAME' },
    nameValue: `${customer.vnet}-dfcloud-peering`,
    title: "Create the peering from your VNet to Dragonfly Cloud's VNet (--allow-vnet-access)",
    reason: `${cite(DOC, 'Azure, step 6')}: signed in as the application, create the peering with --remote-vnet set to the Dragonfly VNet id and --allow-vnet-access; the connection becomes Active.`,
    manual: true,
    instructions: [
      'Signed in as the application (previous step), run az network vnet peering create with the values below and --allow-vnet-access.',
    ],
    tfName: 'dragonfly',
    // https://www.dragonflydb.io/docs/cloud/connections, Azure step 6: the peering is created signed in as the application, in
    // your tenant and Dragonfly's at once: azurerm's auxiliary_tenant_ids.
    tfProvider: 'azurerm.dragonfly_app',
    tfDependsOn: [
      'dfcloud_connection.connection',
      'azurerm_role_assignment.client_network_contributor',
    ],
  });
}
