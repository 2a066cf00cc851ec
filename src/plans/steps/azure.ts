/**
 * Azure steps: one VNet's half of a peering (Initiated until the remote side
 * peers back, then Connected), the wait for Connected, and an inbound NSG
 * rule. Each carries its AzureActions call, the read that finds it, and its
 * az CLI and azurerm forms.
 */
import { failedOrGone } from '../../model/states';
import {
  addStep,
  declareTerraformProvider,
  tfElement,
  variable,
  waitOnly,
  type PlanDraft,
} from '../draft';
import type { ShellLine, ShellWord, TfExpr } from '../../model/plan';

/** A VNet as script variables. */
export interface AzureVnetVars {
  side: string;
  label: string;
  subscriptionVar: string;
  resourceGroupVar: string;
  vnetVar: string;
  subscription: string;
  resourceGroup: string;
  vnet: string;
  tenant?: string;
  region?: string;
}

export function azureVnetId(subscription: string, resourceGroup: string, vnet: string): string {
  return `/subscriptions/${subscription}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/virtualNetworks/${vnet}`;
}

export function vnetIdWord(v: AzureVnetVars): ShellWord {
  return {
    concat: [
      '/subscriptions/',
      { var: v.subscriptionVar },
      '/resourceGroups/',
      { var: v.resourceGroupVar },
      '/providers/Microsoft.Network/virtualNetworks/',
      { var: v.vnetVar },
    ],
  };
}

export function vnetIdTf(v: AzureVnetVars): TfExpr {
  return {
    call: 'format',
    args: [
      '/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Network/virtualNetworks/%s',
      { var: v.subscriptionVar },
      { var: v.resourceGroupVar },
      { var: v.vnetVar },
    ],
  };
}

export function declareAzureVnet(draft: PlanDraft, v: AzureVnetVars): void {
  variable(draft, v.subscriptionVar, v.subscription, `Azure subscription of ${v.label}`);
  variable(draft, v.resourceGroupVar, v.resourceGroup, `Resource group of ${v.label}`);
  variable(draft, v.vnetVar, v.vnet, `VNet name of ${v.label}`);
  declareTerraformProvider(draft, {
    provider: 'azurerm',
    alias: v.side,
    body: [
      { block: 'features', body: [] },
      { attr: 'subscription_id', value: { var: v.subscriptionVar } },
    ],
  });
}

/** The arguments that name a VNet (its peerings' parent) to az network vnet peering. */
function vnetArgs(v: AzureVnetVars): ShellWord[] {
  return [
    '--resource-group',
    { var: v.resourceGroupVar },
    '--vnet-name',
    { var: v.vnetVar },
    '--subscription',
    { var: v.subscriptionVar },
  ];
}

/** The arguments that name the NSG (NSG_NAME, in the VNet's resource group) to az network nsg rule. */
function nsgArgs(v: AzureVnetVars): ShellWord[] {
  return [
    '--resource-group',
    { var: v.resourceGroupVar },
    '--nsg-name',
    { var: 'NSG_NAME' },
    '--subscription',
    { var: v.subscriptionVar },
  ];
}

/**
 * The optional settings of one VNet's half of a peering, for hub-and-spoke,
 * VPN and on-premises routes (all off by default, as in ARM):
 * https://learn.microsoft.com/azure/virtual-network/virtual-network-manage-peering#create-a-peering
 */
export interface AzurePeeringFlags {
  /** Traffic forwarded by the remote VNet (not originating there) may enter this VNet. */
  allowForwardedTraffic?: boolean;
  /** The remote VNet may use this VNet's gateway (its peering sets useRemoteGateways). */
  allowGatewayTransit?: boolean;
  /** This VNet uses the remote VNet's gateway (the remote half allows gateway transit). */
  useRemoteGateways?: boolean;
}

/** Each flag: its ARM property, az option, azurerm argument and portal label. */
export const AZURE_PEERING_FLAGS = [
  {
    key: 'allowForwardedTraffic',
    option: '--allow-forwarded-traffic',
    tf: 'allow_forwarded_traffic',
    portal: 'Allow forwarded traffic from the remote virtual network',
  },
  {
    key: 'allowGatewayTransit',
    option: '--allow-gateway-transit',
    tf: 'allow_gateway_transit',
    portal: "Allow the remote virtual network to use this one's gateway (gateway transit)",
  },
  {
    key: 'useRemoteGateways',
    option: '--use-remote-gateways',
    tf: 'use_remote_gateways',
    portal: "Use the remote virtual network's gateway (use remote gateways)",
  },
] as const;

export interface AzurePeeringOptions {
  id: string;
  local: AzureVnetVars;
  /** The remote VNet's ARM id: as words for bash, as an expression for Terraform, as text for the adapter. */
  remote: { word: ShellWord; tf: TfExpr; id: string; tenant?: string };
  nameVar: string;
  name: ShellWord;
  nameValue: string;
  title: string;
  reason: string;
  manual: boolean;
  /** Extra bash before the peering (the service-principal sign-ins of https://www.dragonflydb.io/docs/cloud/connections, Azure step 6). */
  before?: ShellLine[];
  instructions?: string[];
  tfName: string;
  /** Terraform: the provider that creates the peering (default: the side's `azurerm.<side>`). */
  tfProvider?: string;
  /** Terraform: what must exist first (`depends_on`). */
  tfDependsOn?: string[];
  /** Forwarded traffic, gateway transit, remote gateways: each only when on. */
  flags?: AzurePeeringFlags;
}

export function azurePeeringStep(draft: PlanDraft, o: AzurePeeringOptions): void {
  const l = o.local;
  const on = AZURE_PEERING_FLAGS.filter((f) => o.flags?.[f.key] === true);
  addStep(draft, {
    id: o.id,
    side: l.side,
    title: o.title,
    reason: o.reason,
    ...(o.manual
      ? {
          kind: 'manual' as const,
          instructions: o.instructions ?? [
            `Create the peering on ${l.vnet} with az network vnet peering create (below), or in the portal: ${l.vnet} → Peerings → Add.`,
          ],
          values: [
            {
              label: 'Peering name',
              value: o.nameValue,
              destination: `${l.vnet} → Peerings → name`,
            },
            {
              label: 'Remote virtual network id',
              value: o.remote.id,
              destination: `${l.vnet} → Peerings → remote virtual network (resource id)`,
            },
            ...on.map((f) => ({
              label: f.portal,
              value: 'Selected',
              destination: `${l.vnet} → Peerings → Add → the setting of this name`,
            })),
          ],
        }
      : {
          kind: 'api' as const,
          action: {
            cloud: 'azure' as const,
            method: 'createPeering',
            args: [
              {
                resourceGroup: l.resourceGroup,
                vnetName: l.vnet,
                name: o.nameValue,
                remoteVnetId: o.remote.id,
                allowVirtualNetworkAccess: true,
                ...Object.fromEntries(on.map((f) => [f.key, true])),
                ...(o.remote.tenant && o.remote.tenant !== l.tenant
                  ? { remoteTenantId: o.remote.tenant }
                  : {}),
              },
            ],
          },
        }),
    check: {
      kind: 'azurePeering',
      resourceGroup: l.resourceGroup,
      vnetName: l.vnet,
      name: o.nameValue,
    },
    rollback: `az network vnet peering delete --name ${o.nameValue} --resource-group ${l.resourceGroup} --vnet-name ${l.vnet} --subscription ${l.subscription}`,
    scripts: {
      bash: [
        ...(o.before ?? []),
        {
          capture: 'EXISTING_PEERING',
          command: [
            'az',
            'network',
            'vnet',
            'peering',
            'list',
            ...vnetArgs(l),
            '--query',
            '[].name',
            '-o',
            'json',
          ],
          pipeTo: ['jq', '-r', '--arg', 'name', o.name, 'map(select(. == $name))[0] // empty'],
        },
        {
          ifVar: 'EXISTING_PEERING',
          equals: null,
          then: [
            {
              command: [
                'az',
                'network',
                'vnet',
                'peering',
                'create',
                '--name',
                o.name,
                '--resource-group',
                { var: l.resourceGroupVar },
                '--vnet-name',
                { var: l.vnetVar },
                '--remote-vnet',
                o.remote.word,
                '--subscription',
                { var: l.subscriptionVar },
                '--allow-vnet-access',
                ...on.map((f) => f.option),
                '--query',
                'peeringState',
                '-o',
                'tsv',
              ],
            },
          ],
        },
      ],
      terraform: [
        {
          kind: 'resource',
          type: 'azurerm_virtual_network_peering',
          name: o.tfName,
          body: [
            { attr: 'provider', value: { ref: o.tfProvider ?? `azurerm.${l.side}` } },
            { attr: 'name', value: { var: o.nameVar } },
            { attr: 'resource_group_name', value: { var: l.resourceGroupVar } },
            { attr: 'virtual_network_name', value: { var: l.vnetVar } },
            { attr: 'remote_virtual_network_id', value: o.remote.tf },
            { attr: 'allow_virtual_network_access', value: true },
            ...on.map((f) => ({ attr: f.tf, value: true })),
            ...(o.tfDependsOn
              ? [{ attr: 'depends_on', value: o.tfDependsOn.map((d) => ({ ref: d })) }]
              : []),
          ],
        },
      ],
    },
  });
}

export function azureWaitConnectedStep(
  draft: PlanDraft,
  o: {
    id: string;
    local: AzureVnetVars;
    nameVar: string;
    name: ShellWord;
    nameValue: string;
    reason: string;
  },
): void {
  const l = o.local;
  addStep(draft, {
    id: o.id,
    side: l.side,
    title: `Wait until the peering on ${l.vnet} reads Connected`,
    reason: o.reason,
    kind: 'wait',
    check: {
      kind: 'azurePeering',
      resourceGroup: l.resourceGroup,
      vnetName: l.vnet,
      name: o.nameValue,
      states: ['Connected'],
    },
    ...waitOnly(),
    scripts: {
      bash: [
        {
          command: [
            'wait_for_state',
            'Connected',
            failedOrGone('azure').join('|'),
            'az',
            'network',
            'vnet',
            'peering',
            'show',
            '--name',
            o.name,
            ...vnetArgs(l),
            '--query',
            'peeringState',
            '-o',
            'tsv',
          ],
        },
      ],
      terraform: [],
    },
  });
}

export function azureSecurityRuleStep(
  draft: PlanDraft,
  o: {
    id: string;
    local: AzureVnetVars;
    nsg: string;
    name: string;
    priority: number;
    source: { variable: string; index: number; value: string; label: string };
    port: string;
    reason: string;
    manual: boolean;
  },
): void {
  const l = o.local;
  variable(draft, 'NSG_NAME', o.nsg, `Network security group on ${l.label}`);
  variable(draft, 'NSG_RULE_NAME', o.name, 'Name of the inbound rule');
  variable(
    draft,
    'NSG_RULE_PRIORITY',
    String(o.priority),
    'Priority of the inbound rule (100-4096, lower runs first)',
  );
  variable(draft, 'NSG_RULE_PORT', o.port, 'Destination port the rule allows');
  const source: ShellWord = { var: o.source.variable, index: o.source.index };
  addStep(draft, {
    id: o.id,
    side: l.side,
    title: `Allow port ${o.port} from ${o.source.value} (${o.source.label}) in ${o.nsg}`,
    reason: o.reason,
    ...(o.manual
      ? {
          kind: 'manual' as const,
          instructions: [
            `In the portal, open ${o.nsg} → Inbound security rules → Add, with the values below (TCP, Allow).`,
          ],
          values: [
            {
              label: 'Source IP addresses/CIDR ranges',
              value: o.source.value,
              destination: `${o.nsg} → Inbound rule → Source`,
            },
            {
              label: 'Destination port ranges',
              value: o.port,
              destination: `${o.nsg} → Inbound rule → Destination port ranges`,
            },
            {
              label: 'Priority',
              value: String(o.priority),
              destination: `${o.nsg} → Inbound rule → Priority`,
            },
          ],
        }
      : {
          kind: 'api' as const,
          action: {
            cloud: 'azure' as const,
            method: 'createSecurityRule',
            args: [
              {
                resourceGroup: l.resourceGroup,
                nsgName: o.nsg,
                name: o.name,
                priority: o.priority,
                sourceAddressPrefix: o.source.value,
                destinationPortRange: o.port,
                protocol: 'Tcp',
                access: 'Allow',
                direction: 'Inbound',
                description: `From ${o.source.label}`,
              },
            ],
          },
          check: {
            kind: 'azureSecurityRule' as const,
            resourceGroup: l.resourceGroup,
            nsgName: o.nsg,
            name: o.name,
          },
        }),
    rollback: `az network nsg rule delete --resource-group ${l.resourceGroup} --nsg-name ${o.nsg} --name ${o.name}`,
    scripts: {
      bash: [
        {
          capture: 'EXISTING_RULE',
          command: [
            'az',
            'network',
            'nsg',
            'rule',
            'list',
            ...nsgArgs(l),
            '--query',
            '[].name',
            '-o',
            'json',
          ],
          pipeTo: [
            'jq',
            '-r',
            '--arg',
            'name',
            { var: 'NSG_RULE_NAME' },
            'map(select(. == $name))[0] // empty',
          ],
        },
        {
          ifVar: 'EXISTING_RULE',
          equals: null,
          then: [
            {
              command: [
                'az',
                'network',
                'nsg',
                'rule',
                'create',
                ...nsgArgs(l),
                '--name',
                { var: 'NSG_RULE_NAME' },
                '--priority',
                { var: 'NSG_RULE_PRIORITY' },
                '--direction',
                'Inbound',
                '--access',
                'Allow',
                '--protocol',
                'Tcp',
                '--source-address-prefixes',
                source,
                '--destination-port-ranges',
                { var: 'NSG_RULE_PORT' },
                '--query',
                'provisioningState',
                '-o',
                'tsv',
              ],
            },
          ],
        },
      ],
      terraform: [
        {
          kind: 'resource',
          type: 'azurerm_network_security_rule',
          name: o.id.replace(/-/g, '_'),
          body: [
            { attr: 'provider', value: { ref: `azurerm.${l.side}` } },
            { attr: 'name', value: { var: 'NSG_RULE_NAME' } },
            { attr: 'resource_group_name', value: { var: l.resourceGroupVar } },
            { attr: 'network_security_group_name', value: { var: 'NSG_NAME' } },
            { attr: 'priority', value: { var: 'NSG_RULE_PRIORITY' } },
            { attr: 'direction', value: 'Inbound' },
            { attr: 'access', value: 'Allow' },
            { attr: 'protocol', value: 'Tcp' },
            { attr: 'source_port_range', value: '*' },
            {
              attr: 'source_address_prefix',
              value: tfElement(o.source.variable, o.source.index),
            },
            { attr: 'destination_port_range', value: { var: 'NSG_RULE_PORT' } },
            { attr: 'destination_address_prefix', value: '*' },
          ],
        },
      ],
    },
  });
}
