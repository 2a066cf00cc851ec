/**
 * What every Azure pair shares (Azure ↔ Azure, Dragonfly Cloud ↔ Azure): each VNet creates its half
 * of the peering with --allow-vnet-access; both read Connected once both
 * halves exist. Across tenants the user must be signed in to both tenants
 * (the runner sends the remote tenant's token as ARM's auxiliary token).
 */
import { citeUrl, PROVIDER_DOCS } from '../../model/docs';
import { addSide, newDraft, variable } from '../draft';
import { defineScenario, inputSpecs, type InputReader } from '../scenario';
import {
  AZURE_PEERING_FLAGS,
  azurePeeringStep,
  azureVnetId,
  azureWaitConnectedStep,
  declareAzureVnet,
  vnetIdTf,
  vnetIdWord,
  type AzurePeeringFlags,
  type AzureVnetVars,
} from '../steps/azure';
import type { InputSpec, PlanContext, ScenarioId, ValidationIssue } from '../../model/plan';
import { issue } from '../validation/fieldRules';
import {
  AZURE_RESERVED,
  existingPeeringIssue,
  networkCidrs,
  overlapIssues,
  reservedIssues,
  selfOverlapIssues,
} from '../validation/networkRules';

/** The names of the inputs of one VNet end whose side id is `W`. */
export type AzureEndInput<W extends string> =
  `${W}SubscriptionId` | `${W}ResourceGroup` | `${W}Vnet` | `${W}Cidrs` | `${W}TenantId`;

export function azureVnetInputs<W extends string>(
  who: W,
  label: string,
  options: { tenant: boolean },
): InputSpec<AzureEndInput<W>>[] {
  const specs: InputSpec<AzureEndInput<W>>[] = [
    {
      name: `${who}SubscriptionId`,
      label: `${label}: subscription id`,
      kind: 'azureSubscriptionId',
      required: true,
      side: who,
      help: 'The subscription that holds the VNet.',
    },
    {
      name: `${who}ResourceGroup`,
      label: `${label}: resource group`,
      kind: 'azureResourceGroup',
      required: true,
      side: who,
      help: "The VNet's resource group.",
    },
    {
      name: `${who}Vnet`,
      label: `${label}: VNet name`,
      kind: 'azureVnetName',
      required: true,
      side: who,
      help: 'The virtual network to peer.',
    },
    {
      name: `${who}Cidrs`,
      label: `${label}: address space`,
      kind: 'cidr',
      list: true,
      required: true,
      side: who,
      help: 'Every address prefix of the VNet.',
    },
  ];
  if (options.tenant)
    specs.push({
      name: `${who}TenantId`,
      label: `${label}: tenant id`,
      kind: 'azureTenantId',
      required: true,
      side: who,
      help: 'The Microsoft Entra tenant of the subscription.',
    });
  return specs;
}

/** Microsoft's pages on the peering settings, linked from each setting's help. */
export const AZURE_PEERING_DOCS = {
  overview: 'https://learn.microsoft.com/azure/virtual-network/virtual-network-peering-overview',
  create:
    'https://learn.microsoft.com/azure/virtual-network/virtual-network-manage-peering#create-a-peering',
};

/** The names of the peering-setting inputs of the side `W`. */
export type AzureFlagInput<W extends string> = `${W}${Capitalize<keyof AzurePeeringFlags>}`;

function flagInput<W extends string>(who: W, key: keyof AzurePeeringFlags): AzureFlagInput<W> {
  return `${who}${key[0].toUpperCase()}${key.slice(1)}` as AzureFlagInput<W>;
}

/** The optional settings of one half of a VNet peering, off unless the user turns them on. */
export function azurePeeringFlagInputs<W extends string>(
  who: W,
  label: string,
): InputSpec<AzureFlagInput<W>>[] {
  const help = {
    allowForwardedTraffic: `Hub-and-spoke or a network virtual appliance: lets traffic that the other VNet forwards (not originating there) into ${label}. ${AZURE_PEERING_DOCS.create}`,
    allowGatewayTransit: `${label} has a VPN or ExpressRoute gateway that the other VNet may use (the other half then sets "use remote gateways"). ${AZURE_PEERING_DOCS.overview}`,
    useRemoteGateways: `${label} reaches VPN or on-premises routes through the other VNet's gateway; needs gateway transit on the other half, and ${label} must have no gateway of its own. ${AZURE_PEERING_DOCS.create}`,
  };
  return AZURE_PEERING_FLAGS.map((f) => ({
    name: flagInput(who, f.key),
    label: `Peering on ${label}: ${FLAG_LABELS[f.key]}`,
    kind: 'yesNo' as const,
    required: false,
    side: who,
    help: help[f.key],
    default: 'no',
  }));
}

const FLAG_LABELS: Record<keyof AzurePeeringFlags, string> = {
  allowForwardedTraffic: 'allow forwarded traffic',
  allowGatewayTransit: 'allow gateway transit',
  useRemoteGateways: 'use remote gateways',
};

/** The settings one side's inputs turn on. */
export function azurePeeringFlags(i: InputReader, who: string): AzurePeeringFlags {
  return Object.fromEntries(
    AZURE_PEERING_FLAGS.map((f) => [
      f.key,
      i.text(`${who}${f.key[0].toUpperCase()}${f.key.slice(1)}`) === 'yes',
    ]),
  );
}

/**
 * "Use remote gateways" needs "allow gateway transit" on the other half, can
 * be on for only one half, and not on a VNet that has its own gateway (which
 * is what allowing gateway transit on the same half shares). Microsoft:
 * virtual-network-manage-peering#create-a-peering, and ARM's
 * VirtualNetworkPeeringPropertiesFormat.useRemoteGateways ("If the flag is set
 * to true, and allowGatewayTransit on remote peering is also true, virtual
 * network will use gateways of remote virtual network for transit. Only one
 * peering can have this flag set to true. This flag cannot be set if virtual
 * network already has a gateway.").
 */
export function azurePeeringFlagIssues(
  a: { who: string; label: string; flags: AzurePeeringFlags },
  b: { who: string; label: string; flags: AzurePeeringFlags },
): (ValidationIssue | undefined)[] {
  const field = (who: string) => `${who}UseRemoteGateways`;
  if (a.flags.useRemoteGateways && b.flags.useRemoteGateways)
    return [
      issue(
        field(b.who),
        'yes',
        `"use remote gateways" can be on for only one half of a peering (it is already on for ${a.label}); the other half allows gateway transit instead (${AZURE_PEERING_DOCS.create})`,
      ),
    ];
  return [a, b].flatMap((s) => {
    const other = s === a ? b : a;
    if (!s.flags.useRemoteGateways) return [];
    return [
      other.flags.allowGatewayTransit
        ? undefined
        : issue(
            field(s.who),
            'yes',
            `"use remote gateways" on ${s.label} needs "allow gateway transit" on the peering of ${other.label}, whose gateway it uses (${AZURE_PEERING_DOCS.create})`,
          ),
      s.flags.allowGatewayTransit
        ? issue(
            field(s.who),
            'yes',
            `"use remote gateways" cannot be set on a VNet that has its own gateway, which "allow gateway transit" on ${s.label} shares; turn one of them off (${AZURE_PEERING_DOCS.create})`,
          )
        : undefined,
    ];
  });
}

export function azureEnd(
  i: InputReader,
  c: PlanContext,
  who: string,
  label: string,
): AzureVnetVars & { cidrs: string[] } {
  const prefix = who.toUpperCase();
  const subscription = i.text(`${who}SubscriptionId`);
  const resourceGroup = i.text(`${who}ResourceGroup`);
  const vnet = i.text(`${who}Vnet`);
  return {
    side: who,
    label,
    subscriptionVar: `${prefix}_SUBSCRIPTION_ID`,
    resourceGroupVar: `${prefix}_RESOURCE_GROUP`,
    vnetVar: `${prefix}_VNET`,
    subscription,
    resourceGroup,
    vnet,
    tenant: i.text(`${who}TenantId`) || c.accounts?.[who]?.tenantId,
    cidrs: networkCidrs(
      c,
      'azure',
      subscription && resourceGroup && vnet
        ? azureVnetId(subscription, resourceGroup, vnet)
        : undefined,
      i.list(`${who}Cidrs`),
    ),
  };
}

/** Azure ↔ Azure in one tenant or across tenants: your VNet and the other one. */
export function azurePairScenario(id: ScenarioId, crossTenant: boolean) {
  const title = crossTenant ? 'Azure ↔ Azure, across tenants' : 'Azure ↔ Azure, same tenant';
  const description = crossTenant
    ? 'Peer VNets in two Microsoft Entra tenants: each side creates its half, signed in to both tenants.'
    : 'Peer two VNets of one tenant (any subscriptions): one half from each VNet.';
  const inputs = [
    ...azureVnetInputs('local', 'Your VNet', { tenant: crossTenant }),
    ...azureVnetInputs('peer', 'Other VNet', { tenant: crossTenant }),
    ...inputSpecs(
      {
        name: 'localPeeringName',
        label: 'Peering name on your VNet',
        kind: 'azureName',
        required: true,
        side: 'local',
        help: "Unique among the VNet's peerings.",
        default: 'to-peer',
      },
      {
        name: 'peerPeeringName',
        label: 'Peering name on the other VNet',
        kind: 'azureName',
        required: true,
        side: 'peer',
        help: "Unique among that VNet's peerings.",
        default: 'to-local',
      },
    ),
    ...azurePeeringFlagInputs('local', 'your VNet'),
    ...azurePeeringFlagInputs('peer', 'the other VNet'),
  ];
  const source = citeUrl(PROVIDER_DOCS.azurePeering);
  return defineScenario({
    id,
    title,
    description,
    constraints: [
      'Each VNet creates its half; a half reads Initiated until the other exists, then both read Connected.',
      'Address spaces must not overlap.',
      ...(crossTenant
        ? [
            'You must be signed in to both tenants, with rights to peer (Network Contributor or the peer action) on both VNets.',
          ]
        : []),
      'By default the AllowVnetInBound and AllowVnetOutBound rules allow traffic between peered VNets.',
      'Optional, off by default: forwarded traffic, gateway transit and remote gateways on each half, for hub-and-spoke, VPN or on-premises routes. "Use remote gateways" needs gateway transit on the other half and can be on for one half only.',
    ],
    clouds: ['azure'],
    sides: [
      { id: 'local', cloud: 'azure', role: 'yours' },
      { id: 'peer', cloud: 'azure', role: 'peer' },
    ],
    inputs,
    source,
    rules(i, c) {
      const local = azureEnd(i, c, 'local', 'your VNet');
      const peer = azureEnd(i, c, 'peer', 'the other VNet');
      const a = { field: 'localCidrs', label: local.label, cidrs: local.cidrs };
      const b = { field: 'peerCidrs', label: peer.label, cidrs: peer.cidrs };
      const errors = [
        ...overlapIssues(b, a),
        ...selfOverlapIssues(a),
        ...selfOverlapIssues(b),
        ...reservedIssues(a, AZURE_RESERVED),
        ...reservedIssues(b, AZURE_RESERVED),
        local.subscription === peer.subscription &&
        local.resourceGroup.toLowerCase() === peer.resourceGroup.toLowerCase() &&
        local.vnet.toLowerCase() === peer.vnet.toLowerCase()
          ? issue('peerVnet', peer.vnet, 'a VNet cannot peer with itself')
          : undefined,
        crossTenant && local.tenant && local.tenant === peer.tenant
          ? issue(
              'peerTenantId',
              peer.tenant ?? '',
              'across tenants, the other tenant must differ from yours; use "Azure ↔ Azure, same tenant"',
            )
          : undefined,
        ...azurePeeringFlagIssues(
          { who: 'local', label: local.label, flags: azurePeeringFlags(i, 'local') },
          { who: 'peer', label: peer.label, flags: azurePeeringFlags(i, 'peer') },
        ),
        existingPeeringIssue(
          c,
          'peerVnet',
          { cloud: 'azure', id: azureVnetId(local.subscription, local.resourceGroup, local.vnet) },
          { cloud: 'azure', id: azureVnetId(peer.subscription, peer.resourceGroup, peer.vnet) },
        ),
      ];
      return { errors, warnings: [] };
    },
    build(i, c) {
      const local = azureEnd(i, c, 'local', 'your VNet');
      const peer = azureEnd(i, c, 'peer', 'the other VNet');
      const draft = newDraft({
        scenarioId: id,
        title: `${title}: ${local.vnet} ↔ ${peer.vnet}`,
        summary: description,
        source,
      });
      const peerAccount = c.accounts?.peer ?? (crossTenant ? undefined : c.accounts?.local);
      addSide(draft, {
        id: 'local',
        label: `Subscription ${local.subscription}`,
        cloud: 'azure',
        accountId: c.accounts?.local?.id,
        manual: !c.accounts?.local,
      });
      addSide(draft, {
        id: 'peer',
        label: `Subscription ${peer.subscription} (${peer.vnet})`,
        cloud: 'azure',
        accountId: peerAccount?.id,
        manual: !peerAccount,
      });
      declareAzureVnet(draft, local);
      declareAzureVnet(draft, peer);
      if (crossTenant) {
        variable(draft, 'LOCAL_TENANT_ID', local.tenant ?? '', 'Tenant of your subscription');
        variable(draft, 'PEER_TENANT_ID', peer.tenant ?? '', 'Tenant of the other subscription');
      }
      const signIn = crossTenant
        ? [
            {
              comment:
                'Across tenants, az needs a sign-in to each tenant (it sends the remote one as an auxiliary token).',
            },
            {
              command: ['az', 'login', '--tenant', { var: 'LOCAL_TENANT_ID' }, '--output', 'none'],
            },
            { command: ['az', 'login', '--tenant', { var: 'PEER_TENANT_ID' }, '--output', 'none'] },
          ]
        : [];
      variable(
        draft,
        'LOCAL_PEERING_NAME',
        i.text('localPeeringName'),
        'Peering name on your VNet',
      );
      variable(
        draft,
        'PEER_PEERING_NAME',
        i.text('peerPeeringName'),
        'Peering name on the other VNet',
      );
      azurePeeringStep(draft, {
        id: 'local-peering',
        local,
        remote: {
          word: vnetIdWord(peer),
          tf: vnetIdTf(peer),
          id: azureVnetId(peer.subscription, peer.resourceGroup, peer.vnet),
          tenant: peer.tenant,
        },
        nameVar: 'LOCAL_PEERING_NAME',
        name: { var: 'LOCAL_PEERING_NAME' },
        nameValue: i.text('localPeeringName'),
        title: `Peer ${local.vnet} with ${peer.vnet} (the half on your VNet)`,
        reason:
          'Azure VNet peering: each VNet gets its own peering resource that names the other VNet by resource id, with --allow-vnet-access.',
        manual: !c.accounts?.local,
        before: signIn,
        tfName: 'local',
        flags: azurePeeringFlags(i, 'local'),
      });
      azurePeeringStep(draft, {
        id: 'peer-peering',
        local: peer,
        remote: {
          word: vnetIdWord(local),
          tf: vnetIdTf(local),
          id: azureVnetId(local.subscription, local.resourceGroup, local.vnet),
          tenant: local.tenant,
        },
        nameVar: 'PEER_PEERING_NAME',
        name: { var: 'PEER_PEERING_NAME' },
        nameValue: i.text('peerPeeringName'),
        title: `Peer ${peer.vnet} with ${local.vnet} (the half on the other VNet)`,
        reason:
          'The first half reads Initiated until the other VNet peers back; then both read Connected.',
        manual: !peerAccount,
        tfName: 'peer',
        flags: azurePeeringFlags(i, 'peer'),
      });
      azureWaitConnectedStep(draft, {
        id: 'wait-connected',
        local,
        nameVar: 'LOCAL_PEERING_NAME',
        name: { var: 'LOCAL_PEERING_NAME' },
        nameValue: i.text('localPeeringName'),
        reason: 'Traffic flows once both halves exist and the peering reads Connected.',
      });
      draft.followUps.push(
        'By default the AllowVnetInBound and AllowVnetOutBound NSG rules allow traffic between the peered VNets; add rules only if you replaced them.',
      );
      draft.teardown.push(
        'Delete the peering on each VNet: az network vnet peering delete --name <name> --resource-group <rg> --vnet-name <vnet>.',
      );
      return draft;
    },
  });
}
