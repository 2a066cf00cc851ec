/**
 * Repair plans: a Peering Doctor finding's `fix` (model/diagnosis.ts) as an
 * ordinary plan, so the Doctor shows it as steps, bash and Terraform through
 * the same renderers as the wizard (every value through `shellQuote` and
 * `hclString`) and runs it with the same runner (its check first: a route or
 * rule already there is skipped).
 *
 * Kinds, with the params the engine gives (see docs/architecture.md, "Peering Doctor"):
 * - `add-route` / `replace-route` (AWS): route `destinationCidr` through `peeringId` in
 *   `routeTableId`. The runner's `createRoute` points a blackhole route (its peering is gone)
 *   at this peering with ReplaceRoute; a route through anything live stops the run.
 * - `add-ingress-rule`: AWS security group, GCP firewall rule, or Azure NSG rule allowing
 *   `port`/`protocol` from `sourceCidr`, each through the shared step builders.
 * - `azure-resync-peering`: sync the peering with the remote VNet's address space.
 * - `azure-allow-forwarded-traffic`: turn on allowForwardedTraffic on the peering that receives
 *   traffic an appliance forwards (`remoteVnetId`: the network it peers with, for Terraform).
 */
import { PROVIDER_DOCS, cite, citeUrl } from '../model/docs';
import type { FindingFix } from '../model/diagnosis';
import { UserFacingError } from '../model/errors';
import type { Plan, ShellLine, ShellWord } from '../model/plan';
import type { Account, CloudKind } from '../model/types';
import { parseCidr } from '../model/cidr';
import { awsSideCommand, awsSideVariables, renderBashStep } from '../render/bash';
import { renderTerraformStep } from '../render/terraform';
import {
  addSide,
  addStep,
  declareTerraformProvider,
  finishPlan,
  newDraft,
  variable,
  type PlanDraft,
} from './draft';
import { endVariables, ingressSteps, profileOf, type AwsEnd } from './steps/aws';
import { azureSecurityRuleStep, type AzureVnetVars } from './steps/azure';
import { gcpFirewallStep } from './steps/gcp';

export interface RepairContext {
  /** The configured account that makes the change; without one the steps are manual. */
  account?: Account;
  /** "app-vpc ↔ shared-vpc": the peering the finding is about, for the plan's title. */
  peeringTitle?: string;
}

/** What a fix changes, in one sentence naming the resource: the confirmation shows it. */
export function repairChange(fix: FindingFix): string {
  const p = fix.params;
  switch (fix.kind) {
    case 'add-route':
      return `Add a route to ${text(p.destinationCidr)} through ${text(p.peeringId)} in route table ${text(p.routeTableId)}`;
    case 'replace-route':
      return `Point the route to ${text(p.destinationCidr)} in route table ${text(p.routeTableId)} at ${text(p.peeringId)}`;
    case 'add-ingress-rule':
      return `Allow ${protocolOf(fix).toUpperCase()} ${text(p.port)} from ${text(p.sourceCidr)} in ${ruleHome(fix)}`;
    case 'azure-resync-peering':
      return `Sync peering ${text(p.peeringName)} on ${text(p.vnetName)} with the remote virtual network's address space`;
    case 'enable-vpc-dns':
      return `Turn on ${dnsAttributesOf(fix).join(' and ')} on VPC ${text(p.vpcId)}`;
    case 'add-acl-entry':
      return `Add ${aclEntryOf(fix).egress ? 'outbound' : 'inbound'} rule ${text(p.ruleNumber)} to network ACL ${text(p.networkAclId)}: allow ${aclEntryText(fix)}`;
    case 'azure-allow-forwarded-traffic':
      return `Allow forwarded traffic on peering ${text(p.peeringName)} of ${text(p.vnetName)}`;
  }
}

/** The plan that makes one fix's change; throws a UserFacingError naming a missing parameter. */
export function buildRepairPlan(fix: FindingFix, context: RepairContext = {}): Plan {
  const cloud = cloudOf(fix);
  const change = repairChange(fix);
  const draft = newDraft({
    scenarioId: 'doctor-repair',
    title: `Peering Doctor: ${change}`,
    summary: context.peeringTitle
      ? `Repairs ${context.peeringTitle}: ${fix.summary}`
      : `Repairs a peering: ${fix.summary}`,
    source: citeUrl(docOf(cloud)),
  });
  const account = context.account?.cloud === cloud ? context.account : undefined;
  const manual = !account;
  const sideLabel = fix.side === 'local' ? 'this side' : 'the peer side';
  addSide(draft, {
    id: fix.side,
    label: account ? `${sideLabel} (${account.label})` : sideLabel,
    cloud,
    accountId: account?.id,
    region: cloud === 'aws' ? required(fix, 'region') : undefined,
    manual,
  });
  switch (fix.kind) {
    case 'add-route':
    case 'replace-route':
      routeRepair(draft, fix, account, manual);
      break;
    case 'add-ingress-rule':
      ruleRepair(draft, fix, account, manual);
      break;
    case 'azure-resync-peering':
      resyncRepair(draft, fix, manual);
      break;
    case 'enable-vpc-dns':
      dnsRepair(draft, fix, account, manual);
      break;
    case 'add-acl-entry':
      aclRepair(draft, fix, account, manual);
      break;
    case 'azure-allow-forwarded-traffic':
      forwardingRepair(draft, fix, manual);
      break;
  }
  draft.followUps.push('Re-check the peering: the Doctor reads both sides again after the run.');
  return finishPlan(draft, (plan, step) => ({
    bash: renderBashStep(plan, step),
    terraform: renderTerraformStep(plan, step),
  }));
}

// ---- routes (AWS) ----

function routeRepair(
  draft: PlanDraft,
  fix: FindingFix,
  account: Account | undefined,
  manual: boolean,
): void {
  const routeTableId = required(fix, 'routeTableId');
  const destination = required(fix, 'destinationCidr');
  const peeringId = required(fix, 'peeringId');
  const region = required(fix, 'region');
  declareAwsSide(draft, fix.side, region, account);
  const ipv6 = parseCidrOrThrow(destination, 'destinationCidr').family === 'ipv6';
  const table = variable(draft, 'ROUTE_TABLE_ID', routeTableId, 'Route table to repair');
  const cidr = variable(draft, 'DESTINATION_CIDR', destination, 'The peer CIDR to route');
  const pcx = variable(draft, 'PEERING_ID', peeringId, 'The peering connection to route through');
  const flag = ipv6 ? '--destination-ipv6-cidr-block' : '--destination-cidr-block';
  const aws = awsSideCommand(fix.side);
  const routeCommand = (verb: 'create-route' | 'replace-route'): ShellLine => ({
    command: [
      aws,
      'ec2',
      verb,
      '--route-table-id',
      table,
      flag,
      cidr,
      '--vpc-peering-connection-id',
      pcx,
    ],
  });
  const reason = `Traffic to the peer leaves a subnet only through a route in the route table that serves it, pointing at the peering connection (${cite(PROVIDER_DOCS.awsPeering, 'Update your route tables for a VPC peering connection')}).`;
  addStep(draft, {
    id: 'route',
    side: fix.side,
    title:
      fix.kind === 'replace-route'
        ? `Point ${destination} at ${peeringId} in ${routeTableId}`
        : `Route ${destination} through ${peeringId} in ${routeTableId}`,
    reason,
    ...(manual
      ? {
          kind: 'manual' as const,
          instructions: [
            `In the AWS console (region ${region}), open VPC → Route tables → ${routeTableId} → Edit routes.`,
            fix.kind === 'replace-route'
              ? 'Change the route to the destination below so its target is the peering connection, then Save changes.'
              : 'Add route: the destination and target below, then Save changes.',
          ],
          values: [
            {
              label: `Destination in ${routeTableId}`,
              value: destination,
              destination: 'AWS console → Route tables → Edit routes → Destination',
            },
            {
              label: 'Target (peering connection)',
              value: peeringId,
              destination: 'AWS console → Route tables → Edit routes → Target',
            },
          ],
        }
      : { kind: 'api' as const }),
    action: manual
      ? undefined
      : {
          cloud: 'aws',
          method: 'createRoute',
          args: [{ routeTableId, destinationCidr: destination, peeringId }],
        },
    check: { kind: 'awsRoute', routeTableId, destination, peeringId },
    rollback: `aws ec2 delete-route --route-table-id ${routeTableId} ${flag} ${destination}`,
    scripts: {
      bash: [
        {
          comment:
            'Present only as an active route to this CIDR through this peering; a blackhole (through a deleted peering) is replaced, any other target stops the script.',
        },
        {
          capture: 'ROUTE_STATE',
          command: [
            aws,
            'ec2',
            'describe-route-tables',
            '--route-table-ids',
            table,
            '--output',
            'json',
          ],
          pipeTo: ['jq', '-r', '--arg', 'cidr', cidr, '--arg', 'pcx', pcx, ROUTE_STATE_JQ],
        },
        { ifVar: 'ROUTE_STATE', equals: 'missing', then: [routeCommand('create-route')] },
        { ifVar: 'ROUTE_STATE', equals: 'blackhole', then: [routeCommand('replace-route')] },
        {
          ifVar: 'ROUTE_STATE',
          equals: 'taken',
          then: [
            {
              command: [
                'stop_script',
                {
                  concat: [
                    'Route table ',
                    table,
                    ' already sends ',
                    cidr,
                    ' to another live target than ',
                    pcx,
                    '. Remove that route first.',
                  ],
                },
              ],
            },
          ],
        },
      ],
      terraform: [
        {
          kind: 'resource',
          type: 'aws_route',
          name: 'doctor_route',
          body: [
            { attr: 'provider', value: { ref: `aws.${fix.side}` } },
            { attr: 'route_table_id', value: { var: 'ROUTE_TABLE_ID' } },
            {
              attr: ipv6 ? 'destination_ipv6_cidr_block' : 'destination_cidr_block',
              value: { var: 'DESTINATION_CIDR' },
            },
            { attr: 'vpc_peering_connection_id', value: { var: 'PEERING_ID' } },
          ],
        },
      ],
    },
  });
}

/** The same states the wizard's route step reads: missing, present, blackhole, taken. */
const ROUTE_STATE_JQ =
  '[.RouteTables[0].Routes[]? | select((.DestinationCidrBlock // .DestinationIpv6CidrBlock) == $cidr)][0]' +
  ' | if . == null then "missing"' +
  ' elif .VpcPeeringConnectionId == $pcx and .State == "active" then "present"' +
  ' elif .State == "blackhole" then "blackhole"' +
  ' else "taken" end';

function declareAwsSide(
  draft: PlanDraft,
  side: string,
  region: string,
  account: Account | undefined,
): void {
  const v = awsSideVariables(side);
  variable(draft, v.region, region, `AWS region of ${side === 'local' ? 'this side' : 'the peer'}`);
  variable(
    draft,
    v.profile,
    profileOf(account, undefined),
    'AWS CLI profile; leave empty for the default credentials',
  );
  const profileVar = `var.${v.profile.toLowerCase()}`;
  declareTerraformProvider(draft, {
    provider: 'aws',
    alias: side,
    body: [
      { attr: 'region', value: { var: v.region } },
      { attr: 'profile', value: { expr: `${profileVar} == "" ? null : ${profileVar}` } },
    ],
  });
}

// ---- ingress rules (AWS, GCP, Azure) ----

function ruleRepair(
  draft: PlanDraft,
  fix: FindingFix,
  account: Account | undefined,
  manual: boolean,
): void {
  const cloud = cloudOf(fix);
  const source = required(fix, 'sourceCidr');
  parseCidrOrThrow(source, 'sourceCidr');
  const port = portOf(fix);
  const protocol = protocolOf(fix);
  const reason = (doc: string) =>
    `The service port must be allowed from the peer's CIDR: peering routes traffic, the rules still decide what reaches the instances (${doc}).`;
  if (cloud === 'aws') {
    const region = required(fix, 'region');
    const groupId = required(fix, 'groupId');
    const end: AwsEnd = {
      side: fix.side,
      label: fix.side === 'local' ? 'this side' : 'the peer side',
      vpcId: '',
      cidrs: [],
      region,
      routeTableIds: [],
      securityGroupIds: [groupId],
      profile: profileOf(account, undefined),
    };
    declareAwsSide(draft, fix.side, region, account);
    variable(draft, endVariables(end).securityGroups, [groupId], 'Security group to repair');
    variable(draft, 'PEER_CIDRS', [source], "The peer's CIDR the rule allows");
    ingressSteps(draft, end, {
      reason: reason(cite(PROVIDER_DOCS.awsPeering, 'Update your security groups')),
      sources: { variable: 'PEER_CIDRS', values: [source], label: 'the peer' },
      ports: { protocol, fromPort: port, toPort: port },
      description: 'Allowed by the Peering Doctor',
      idPrefix: 'doctor',
      manual,
    });
    return;
  }
  if (cloud === 'gcp') {
    const project = required(fix, 'project');
    const network = required(fix, 'network');
    const name = `allow-peer-${protocol}-${port}-${nameSuffix(source)}`;
    variable(draft, 'GCP_PROJECT', project, 'Project of the network');
    variable(draft, 'GCP_NETWORK', network, 'The network whose firewall is repaired');
    variable(draft, 'PEER_CIDRS', [source], "The peer's CIDR the rule allows");
    declareTerraformProvider(draft, { provider: 'google', body: [] });
    gcpFirewallStep(draft, {
      id: 'firewall',
      side: fix.side,
      network: { projectVar: 'GCP_PROJECT', networkVar: 'GCP_NETWORK', project, network },
      nameVar: 'FIREWALL_NAME',
      name,
      sources: { variable: 'PEER_CIDRS', values: [source], label: 'the peer' },
      ports: { protocol, fromPort: port, toPort: port },
      title: `Allow ${protocol.toUpperCase()} ${port} from ${source} on ${network}`,
      reason: reason(cite(PROVIDER_DOCS.gcpPeering, 'Firewall rules')),
      manual,
      tfName: 'doctor_firewall',
    });
    return;
  }
  // azure
  if (protocol !== 'tcp')
    throw new UserFacingError(
      `The Doctor's Azure rule repair allows TCP only; this finding asks for ${protocol.toUpperCase()}.`,
      { fix: 'Add the rule in the portal or with az network nsg rule create.' },
    );
  const subscription = required(fix, 'subscriptionId');
  const resourceGroup = required(fix, 'resourceGroup');
  const nsg = required(fix, 'nsgName');
  const priority = Number(fix.params.priority ?? 4000);
  if (!Number.isInteger(priority) || priority < 100 || priority > 4096)
    throw new UserFacingError(
      `Priority ${String(fix.params.priority)}: it must be a whole number from 100 to 4096.`,
    );
  const local: AzureVnetVars = {
    side: fix.side,
    label: fix.side === 'local' ? 'this side' : 'the peer side',
    subscriptionVar: 'AZURE_SUBSCRIPTION',
    resourceGroupVar: 'AZURE_RESOURCE_GROUP',
    vnetVar: 'AZURE_VNET',
    subscription,
    resourceGroup,
    vnet: '',
  };
  declareAzureScope(draft, local);
  variable(draft, 'PEER_CIDRS', [source], "The peer's CIDR the rule allows");
  azureSecurityRuleStep(draft, {
    id: 'nsg-rule',
    local,
    nsg,
    name: `allow-peer-${port}-${nameSuffix(source)}`,
    priority,
    source: { variable: 'PEER_CIDRS', index: 0, value: source, label: 'the peer' },
    port: String(port),
    reason: reason(cite(PROVIDER_DOCS.azurePeering, 'Network security groups')),
    manual,
  });
}

/** An Azure side's subscription and resource group as variables, and its azurerm provider. */
function declareAzureScope(draft: PlanDraft, v: AzureVnetVars): void {
  variable(draft, v.subscriptionVar, v.subscription, 'Azure subscription');
  variable(draft, v.resourceGroupVar, v.resourceGroup, 'Resource group');
  declareTerraformProvider(draft, {
    provider: 'azurerm',
    alias: v.side,
    body: [
      { block: 'features', body: [] },
      { attr: 'subscription_id', value: { var: v.subscriptionVar } },
    ],
  });
}

// ---- VPC DNS attributes (AWS) ----

const DNS_ATTRIBUTES = ['enableDnsSupport', 'enableDnsHostnames'] as const;

/** The attributes to turn on, DNS support first: "You can only enable DNS hostnames if you've enabled DNS support". */
function dnsAttributesOf(fix: FindingFix): (typeof DNS_ATTRIBUTES)[number][] {
  const named = required(fix, 'attributes').split(',');
  for (const a of named)
    if (!(DNS_ATTRIBUTES as readonly string[]).includes(a))
      throw new UserFacingError(
        `VPC attribute ${text(a)}: the DNS repair turns on enableDnsSupport or enableDnsHostnames.`,
      );
  return DNS_ATTRIBUTES.filter((a) => named.includes(a));
}

function dnsRepair(
  draft: PlanDraft,
  fix: FindingFix,
  account: Account | undefined,
  manual: boolean,
): void {
  const vpcId = required(fix, 'vpcId');
  const region = required(fix, 'region');
  declareAwsSide(draft, fix.side, region, account);
  const vpc = variable(draft, 'VPC_ID', vpcId, 'The VPC whose DNS attributes are turned on');
  const aws = awsSideCommand(fix.side);
  const attributes = dnsAttributesOf(fix);
  const reason = `A peering resolves the other VPC's hostnames to private addresses only when both VPCs have DNS hostnames and DNS resolution on (${cite(PROVIDER_DOCS.awsPeeringDnsOptions, 'Enable DNS resolution')}; ${cite(PROVIDER_DOCS.awsVpcDnsAttributes, 'DNS attributes for your VPC')}).`;
  for (const attribute of attributes) {
    const flag =
      attribute === 'enableDnsSupport' ? '--enable-dns-support' : '--enable-dns-hostnames';
    const label = attribute === 'enableDnsSupport' ? 'DNS resolution' : 'DNS hostnames';
    const captured = attribute === 'enableDnsSupport' ? 'DNS_SUPPORT' : 'DNS_HOSTNAMES';
    addStep(draft, {
      id: attribute === 'enableDnsSupport' ? 'dns-support' : 'dns-hostnames',
      side: fix.side,
      title: `Turn on ${attribute} on ${vpcId}`,
      reason,
      ...(manual
        ? {
            kind: 'manual' as const,
            instructions: [
              `In the AWS console (region ${region}), open VPC → Your VPCs → ${vpcId} → Actions → Edit VPC settings.`,
              `Tick "Enable ${label}", then Save.`,
            ],
          }
        : {
            kind: 'api' as const,
            action: {
              cloud: 'aws' as const,
              method: 'setVpcDnsAttribute',
              args: [{ vpcId, attribute, value: true }],
            },
          }),
      check: { kind: 'awsVpcAttribute', vpcId, attribute },
      rollback: `aws ec2 modify-vpc-attribute --vpc-id ${vpcId} ${flag.replace('--', '--no-')}`,
      scripts: {
        bash: [
          {
            capture: captured,
            command: [
              aws,
              'ec2',
              'describe-vpc-attribute',
              '--vpc-id',
              vpc,
              '--attribute',
              attribute,
              '--query',
              `${attribute[0].toUpperCase()}${attribute.slice(1)}.Value`,
              '--output',
              'text',
            ],
          },
          {
            ifVar: captured,
            equals: 'False',
            then: [{ command: [aws, 'ec2', 'modify-vpc-attribute', '--vpc-id', vpc, flag] }],
          },
        ],
        terraform: [],
        terraformGap: [
          'Terraform keeps these attributes on the aws_vpc resource that manages the VPC',
          '(enable_dns_support = true, enable_dns_hostnames = true); there is no resource for',
          'them alone, and adopting the VPC here would let Terraform change its other settings.',
          'Set them where the VPC is defined, or run the bash above.',
        ],
      },
    });
  }
}

// ---- Network ACL entries (AWS) ----

/** EC2's network ACL rule numbers: 1 to 32766 (32767 is the `*` rule). */
const ACL_RULE_NUMBERS: readonly [number, number] = [1, 32766];

function aclEntryOf(fix: FindingFix) {
  const ruleNumber = Number(fix.params.ruleNumber);
  if (
    !Number.isInteger(ruleNumber) ||
    ruleNumber < ACL_RULE_NUMBERS[0] ||
    ruleNumber > ACL_RULE_NUMBERS[1]
  )
    throw new UserFacingError(
      `Rule number ${text(fix.params.ruleNumber)}: it must be a whole number from 1 to 32766.`,
    );
  const direction = required(fix, 'direction');
  if (direction !== 'ingress' && direction !== 'egress')
    throw new UserFacingError(`Direction ${text(direction)}: it must be ingress or egress.`);
  const cidr = required(fix, 'cidr');
  const ipv6 = parseCidrOrThrow(cidr, 'cidr').family === 'ipv6';
  const fromPort = Number(fix.params.fromPort);
  const toPort = Number(fix.params.toPort);
  if (
    ![fromPort, toPort].every((p) => Number.isInteger(p) && p >= 0 && p <= 65535) ||
    fromPort > toPort
  )
    throw new UserFacingError(
      `Ports ${text(fix.params.fromPort)}-${text(fix.params.toPort)}: each must be 0 to 65535, the first not above the second.`,
    );
  const protocol = protocolOf(fix);
  return {
    networkAclId: required(fix, 'networkAclId'),
    ruleNumber,
    egress: direction === 'egress',
    protocol,
    protocolNumber: protocol === 'tcp' ? '6' : '17',
    cidr,
    ipv6,
    fromPort,
    toPort,
  };
}

function aclEntryText(fix: FindingFix): string {
  const e = aclEntryOf(fix);
  const ports = e.fromPort === e.toPort ? `${e.fromPort}` : `${e.fromPort}-${e.toPort}`;
  return `${e.protocol.toUpperCase()} ${ports} ${e.egress ? 'to' : 'from'} ${e.cidr}`;
}

function aclRepair(
  draft: PlanDraft,
  fix: FindingFix,
  account: Account | undefined,
  manual: boolean,
): void {
  const e = aclEntryOf(fix);
  const region = required(fix, 'region');
  declareAwsSide(draft, fix.side, region, account);
  const acl = variable(draft, 'NETWORK_ACL_ID', e.networkAclId, 'The network ACL to repair');
  const rule = variable(
    draft,
    'RULE_NUMBER',
    String(e.ruleNumber),
    'A free rule number before the rule that denies the traffic',
  );
  const cidr = variable(draft, 'ACL_CIDR', e.cidr, "The peer's CIDR the entry allows");
  const fromPort = variable(draft, 'FROM_PORT', String(e.fromPort), 'First port allowed');
  const toPort = variable(draft, 'TO_PORT', String(e.toPort), 'Last port allowed');
  const aws = awsSideCommand(fix.side);
  const direction = e.egress ? 'outbound' : 'inbound';
  const what = aclEntryText(fix);
  addStep(draft, {
    id: 'acl-entry',
    side: fix.side,
    title: `Allow ${what} in ${e.networkAclId} (${direction} rule ${e.ruleNumber})`,
    reason: `AWS network ACLs are stateless and apply their rules lowest number first: the request and its return traffic on ephemeral ports each need an allow rule numbered before any rule that denies them (${cite(PROVIDER_DOCS.awsNetworkAcls, 'Network ACL rules')}).`,
    ...(manual
      ? {
          kind: 'manual' as const,
          instructions: [
            `In the AWS console (region ${region}), open VPC → Network ACLs → ${e.networkAclId} → Edit ${direction} rules → Add new rule.`,
            'Enter the values below with Allow, then Save changes.',
          ],
          values: [
            { label: 'Rule number', value: String(e.ruleNumber), destination: 'Rule number' },
            {
              label: 'Type',
              value: `Custom ${e.protocol.toUpperCase()}`,
              destination: 'Type',
            },
            {
              label: 'Port range',
              value: e.fromPort === e.toPort ? `${e.fromPort}` : `${e.fromPort}-${e.toPort}`,
              destination: 'Port range',
            },
            {
              label: e.egress ? 'Destination' : 'Source',
              value: e.cidr,
              destination: e.egress ? 'Destination' : 'Source',
            },
          ],
        }
      : {
          kind: 'api' as const,
          action: {
            cloud: 'aws' as const,
            method: 'createNetworkAclEntry',
            args: [
              {
                networkAclId: e.networkAclId,
                ruleNumber: e.ruleNumber,
                egress: e.egress,
                protocol: e.protocolNumber,
                ruleAction: 'allow',
                cidr: e.cidr,
                fromPort: e.fromPort,
                toPort: e.toPort,
              },
            ],
          },
        }),
    check: {
      kind: 'awsNetworkAclEntry',
      networkAclId: e.networkAclId,
      ruleNumber: e.ruleNumber,
      egress: e.egress,
      protocol: e.protocolNumber,
      cidr: e.cidr,
      fromPort: e.fromPort,
      toPort: e.toPort,
    },
    rollback: `aws ec2 delete-network-acl-entry --network-acl-id ${e.networkAclId} --rule-number ${e.ruleNumber} ${e.egress ? '--egress' : '--ingress'}`,
    scripts: {
      bash: [
        {
          comment:
            'Present when this rule number holds an entry already (the same one, from an earlier run); then nothing is added.',
        },
        {
          capture: 'ACL_ENTRY',
          command: [
            aws,
            'ec2',
            'describe-network-acls',
            '--network-acl-ids',
            acl,
            '--query',
            {
              concat: [
                "NetworkAcls[0].Entries[?to_string(RuleNumber)=='",
                rule,
                `' && ${e.egress ? '' : '!'}Egress].RuleAction | [0]`,
              ],
            },
            '--output',
            'text',
          ],
        },
        {
          ifVar: 'ACL_ENTRY',
          equals: null,
          then: [
            {
              command: [
                aws,
                'ec2',
                'create-network-acl-entry',
                '--network-acl-id',
                acl,
                '--rule-number',
                rule,
                e.egress ? '--egress' : '--ingress',
                '--protocol',
                e.protocol,
                '--port-range',
                { concat: ['From=', fromPort, ',To=', toPort] },
                e.ipv6 ? '--ipv6-cidr-block' : '--cidr-block',
                cidr,
                '--rule-action',
                'allow',
              ],
            },
          ],
        },
      ],
      terraform: [
        {
          kind: 'resource',
          type: 'aws_network_acl_rule',
          name: 'doctor_acl_rule',
          body: [
            { attr: 'provider', value: { ref: `aws.${fix.side}` } },
            { attr: 'network_acl_id', value: { var: 'NETWORK_ACL_ID' } },
            { attr: 'rule_number', value: { call: 'tonumber', args: [{ var: 'RULE_NUMBER' }] } },
            { attr: 'egress', value: e.egress },
            { attr: 'protocol', value: e.protocol },
            { attr: 'rule_action', value: 'allow' },
            { attr: e.ipv6 ? 'ipv6_cidr_block' : 'cidr_block', value: { var: 'ACL_CIDR' } },
            { attr: 'from_port', value: { call: 'tonumber', args: [{ var: 'FROM_PORT' }] } },
            { attr: 'to_port', value: { call: 'tonumber', args: [{ var: 'TO_PORT' }] } },
          ],
        },
      ],
    },
  });
}

// ---- Azure resync ----

/**
 * `az network vnet peering VERB` on the peering AZURE_PEERING_NAME of the fix's VNet, with `extra`
 * arguments, printing the setting `query` reads (tsv) so the log shows the result.
 */
function azPeeringCommand(
  v: AzureVnetVars,
  verb: 'sync' | 'update',
  extra: ShellWord[],
  query: string,
): ShellLine {
  return {
    command: [
      'az',
      'network',
      'vnet',
      'peering',
      verb,
      '--resource-group',
      { var: v.resourceGroupVar },
      '--vnet-name',
      { var: v.vnetVar },
      '--name',
      { var: 'AZURE_PEERING_NAME' },
      '--subscription',
      { var: v.subscriptionVar },
      ...extra,
      '--query',
      query,
      '-o',
      'tsv',
    ],
  };
}

/**
 * An Azure peering repair's scope: the fix's subscription and resource group (declareAzureScope),
 * its VNet as AZURE_VNET and its peering as AZURE_PEERING_NAME, described by `purpose`.
 */
function azurePeeringScope(
  draft: PlanDraft,
  fix: FindingFix,
  purpose: { vnet: string; peering: string },
) {
  const subscription = required(fix, 'subscriptionId');
  const resourceGroup = required(fix, 'resourceGroup');
  const vnetName = required(fix, 'vnetName');
  const peeringName = required(fix, 'peeringName');
  const v: AzureVnetVars = {
    side: fix.side,
    label: fix.side === 'local' ? 'this side' : 'the peer side',
    subscriptionVar: 'AZURE_SUBSCRIPTION',
    resourceGroupVar: 'AZURE_RESOURCE_GROUP',
    vnetVar: 'AZURE_VNET',
    subscription,
    resourceGroup,
    vnet: vnetName,
  };
  declareAzureScope(draft, v);
  variable(draft, v.vnetVar, vnetName, purpose.vnet);
  variable(draft, 'AZURE_PEERING_NAME', peeringName, purpose.peering);
  return { v, resourceGroup, vnetName, peeringName };
}

function resyncRepair(draft: PlanDraft, fix: FindingFix, manual: boolean): void {
  const { v, resourceGroup, vnetName, peeringName } = azurePeeringScope(draft, fix, {
    vnet: 'The virtual network whose peering is synced',
    peering: 'The peering to sync',
  });
  addStep(draft, {
    id: 'resync',
    side: fix.side,
    title: `Sync ${peeringName} on ${vnetName}`,
    reason: `After an address space changes, each peering reads LocalNotInSync or RemoteNotInSync until it is synced; traffic to the new ranges does not flow before (${cite(PROVIDER_DOCS.azurePeering, 'Update the address space of a peered virtual network')}).`,
    ...(manual
      ? {
          kind: 'manual' as const,
          instructions: [`In the portal, open ${vnetName} → Peerings → ${peeringName} → Sync.`],
        }
      : {
          kind: 'api' as const,
          action: {
            cloud: 'azure' as const,
            method: 'syncPeering',
            args: [{ resourceGroup, vnetName, name: peeringName }],
          },
        }),
    check: { kind: 'azurePeeringSynced', resourceGroup, vnetName, name: peeringName },
    rollback: 'Nothing to undo: a sync only updates the peering to the current address spaces.',
    scripts: {
      bash: [azPeeringCommand(v, 'sync', [], 'peeringSyncLevel')],
      terraform: [],
      terraformGap: [
        'azurerm_virtual_network_peering has no sync action; sync with',
        'az network vnet peering sync (above) or the portal (Peerings → Sync).',
      ],
    },
  });
}

// ---- Azure forwarded traffic ----

function forwardingRepair(draft: PlanDraft, fix: FindingFix, manual: boolean): void {
  const { v, resourceGroup, vnetName, peeringName } = azurePeeringScope(draft, fix, {
    vnet: 'The virtual network whose peering receives forwarded traffic',
    peering: 'The peering to change',
  });
  const remoteVnetId = required(fix, 'remoteVnetId');
  variable(draft, 'AZURE_REMOTE_VNET_ID', remoteVnetId, 'The virtual network it peers with');
  addStep(draft, {
    id: 'allow-forwarded-traffic',
    side: fix.side,
    title: `Allow forwarded traffic on ${peeringName} of ${vnetName}`,
    reason: `Traffic a network virtual appliance forwards from the other network arrives through this peering only when it allows forwarded traffic (${cite(PROVIDER_DOCS.azurePeeringSettings, 'Change a peering')}); in Terraform, set allow_forwarded_traffic on the azurerm_virtual_network_peering that manages it (import it first if Terraform does not).`,
    ...(manual
      ? {
          kind: 'manual' as const,
          instructions: [
            `In the portal, open ${vnetName} → Peerings → ${peeringName}, select "Allow ${vnetName} to receive forwarded traffic", then Save.`,
          ],
        }
      : {
          kind: 'api' as const,
          action: {
            cloud: 'azure' as const,
            method: 'allowForwardedTraffic',
            args: [{ resourceGroup, vnetName, name: peeringName }],
          },
        }),
    check: { kind: 'azurePeeringForwarding', resourceGroup, vnetName, name: peeringName },
    rollback: `Set allowForwardedTraffic back to false on ${peeringName} (az network vnet peering update --set allowForwardedTraffic=false).`,
    scripts: {
      bash: [
        azPeeringCommand(
          v,
          'update',
          ['--set', 'allowForwardedTraffic=true'],
          'allowForwardedTraffic',
        ),
      ],
      terraform: [
        {
          kind: 'resource',
          type: 'azurerm_virtual_network_peering',
          name: 'receives_forwarded',
          body: [
            { attr: 'provider', value: { ref: `azurerm.${v.side}` } },
            { attr: 'name', value: { var: 'AZURE_PEERING_NAME' } },
            { attr: 'resource_group_name', value: { var: v.resourceGroupVar } },
            { attr: 'virtual_network_name', value: { var: v.vnetVar } },
            { attr: 'remote_virtual_network_id', value: { var: 'AZURE_REMOTE_VNET_ID' } },
            { attr: 'allow_virtual_network_access', value: true },
            { attr: 'allow_forwarded_traffic', value: true },
          ],
        },
      ],
    },
  });
}

// ---- parameters ----

function cloudOf(fix: FindingFix): CloudKind {
  if (
    fix.kind === 'add-route' ||
    fix.kind === 'replace-route' ||
    fix.kind === 'enable-vpc-dns' ||
    fix.kind === 'add-acl-entry'
  )
    return 'aws';
  if (fix.kind === 'azure-resync-peering' || fix.kind === 'azure-allow-forwarded-traffic')
    return 'azure';
  const cloud = fix.params.cloud;
  if (cloud === 'aws' || cloud === 'gcp' || cloud === 'azure') return cloud;
  throw new UserFacingError(
    `The rule repair works on AWS, GCP and Azure; this finding names cloud "${text(cloud)}".`,
  );
}

function docOf(cloud: CloudKind) {
  return cloud === 'gcp'
    ? PROVIDER_DOCS.gcpPeering
    : cloud === 'azure'
      ? PROVIDER_DOCS.azurePeering
      : PROVIDER_DOCS.awsPeering;
}

function required(fix: FindingFix, name: string): string {
  const value = fix.params[name];
  if (value === undefined || value === '')
    throw new UserFacingError(`The fix "${fix.summary}" has no ${name}; it cannot be planned.`, {
      fix: 'Re-check the peering: the Doctor fills this in from what it read.',
    });
  return String(value);
}

function portOf(fix: FindingFix): number {
  const port = Number(fix.params.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new UserFacingError(
      `Port ${text(fix.params.port)}: it must be a whole number from 1 to 65535.`,
    );
  return port;
}

function protocolOf(fix: FindingFix): 'tcp' | 'udp' {
  const protocol = String(fix.params.protocol ?? 'tcp').toLowerCase();
  if (protocol !== 'tcp' && protocol !== 'udp')
    throw new UserFacingError(`Protocol ${text(protocol)}: it must be tcp or udp.`);
  return protocol;
}

function parseCidrOrThrow(value: string, field: string) {
  try {
    return parseCidr(value);
  } catch {
    throw new UserFacingError(
      `${field} ${text(value)}: it must be a CIDR block such as 10.8.0.0/16.`,
    );
  }
}

function ruleHome(fix: FindingFix): string {
  const p = fix.params;
  if (p.cloud === 'gcp') return `the firewall of ${text(p.network)} (project ${text(p.project)})`;
  if (p.cloud === 'azure') return `network security group ${text(p.nsgName)}`;
  return `security group ${text(p.groupId)}`;
}

/** A name-safe suffix from a CIDR: 10.8.0.0/16 → 10-8-0-0-16. */
function nameSuffix(cidr: string): string {
  return cidr
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()
    .slice(0, 40);
}

function text(value: string | number | undefined): string {
  return value === undefined ? '' : String(value);
}
