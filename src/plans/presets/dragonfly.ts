/**
 * Dragonfly Cloud ↔ AWS / GCP / Azure (https://www.dragonflydb.io/docs/cloud/connections). The connection is
 * made on Dragonfly's side (its API when the account is configured, its
 * console otherwise), starts Inactive, and turns Active once the customer's
 * side has done its part: on AWS accept + route + security group on 6379, on
 * GCP the peering back with --peer-network/--peer-project + a firewall rule,
 * on Azure the multi-tenant app flow of the page's Azure section.
 */
import { cite, citeUrl, PROVIDER_DOCS } from '../../model/docs';
import {
  addSide,
  addStep,
  declareTerraformProvider,
  newDraft,
  ref,
  variable,
  waitOnly,
  type PlanDraft,
  type StepDraft,
} from '../draft';
import {
  azurePeeringStep,
  azureSecurityRuleStep,
  declareAzureVnet,
  vnetIdTf,
  type AzureVnetVars,
} from '../steps/azure';
import { declareGcpEnd, gcpEnd, gcpNetworkInputs, type GcpEnd } from '../scenarios/gcp';
import { gcpFirewallStep, gcpNetworkPath, gcpPeeringStep, gcpWaitActiveStep } from '../steps/gcp';
import type { InputReader, Scenario } from '../scenario';
import { awsEnd, awsEndInputs, CROSS_REGION_CHARGES } from '../scenarios/aws';
import {
  acceptPeeringStep,
  awsCommand,
  declareAwsEnd,
  endVariables,
  ingressSteps,
  waitPeeringStep,
  routeSteps,
} from '../steps/aws';
import { connectionActiveStep, createConnectionStep, declareDragonfly } from '../steps/dragonfly';
import type { InputSpec, PlanContext, ShellLine, ShellWord, TfBlock } from '../../model/plan';
import { issue, parseIngressPorts } from '../validation/fieldRules';
import {
  compact,
  AZURE_RESERVED,
  existingPeeringIssue,
  GCP_RESERVED,
  networkCidrs,
  overlapIssues,
  prefixRangeIssues,
  privateIssues,
  reservedIssues,
  selfOverlapIssues,
} from '../validation/networkRules';

const DOC = PROVIDER_DOCS.dragonfly;
const SOURCE = citeUrl(DOC);

export const DRAGONFLY_INPUTS: InputSpec[] = [
  {
    name: 'dragonflyNetworkId',
    label: 'Dragonfly Cloud private network',
    kind: 'dragonflyNetworkId',
    required: true,
    side: 'dragonfly',
    help: 'The private network to connect (Dragonfly Cloud → Networks). Create it first if you have none.',
    example: 'net-0123456789ab',
  },
  {
    name: 'dragonflyCidr',
    label: 'CIDR of the Dragonfly Cloud network',
    kind: 'cidr',
    required: true,
    side: 'dragonfly',
    help: 'Shown on the network page; your routes and firewall rules point at it.',
    example: '192.168.0.0/16',
  },
  {
    name: 'connectionName',
    label: 'Name of the connection',
    kind: 'name',
    maxLength: 255,
    required: true,
    side: 'dragonfly',
    help: 'How the connection is listed in Dragonfly Cloud.',
    default: 'app-connection',
  },
];

/** Reads the Dragonfly network: typed values, or discovery's when the Dragonfly account is configured. */
export function dragonflyNetwork(i: InputReader, c: PlanContext) {
  const networkId = i.text('dragonflyNetworkId');
  const known = c.networks?.find((n) => n.cloud === 'dragonfly' && n.id === networkId);
  return {
    networkId,
    cidr: i.text('dragonflyCidr') || known?.cidrs[0] || '',
    name: i.text('connectionName'),
    region: known?.region,
    vpc: known?.aliases?.[0],
    api: !!c.accounts?.dragonfly,
  };
}

/** The Dragonfly Cloud side of a plan: through its API when the Dragonfly account is configured. */
function addDragonflySide(draft: PlanDraft, c: PlanContext, df: { api: boolean }): void {
  addSide(draft, {
    id: 'dragonfly',
    label: 'Dragonfly Cloud',
    cloud: 'dragonfly',
    accountId: c.accounts?.dragonfly?.id,
    manual: !df.api,
  });
}

/** What the customer's side lets in from the Dragonfly network (AWS security groups, GCP firewall). */
const DRAGONFLY_INGRESS_INPUT: InputSpec = {
  name: 'ingressPorts',
  label: 'Traffic to allow from the Dragonfly network',
  kind: 'ingressPorts',
  required: true,
  side: 'customer',
  help: 'Dragonfly data stores listen on 6379.',
  default: 'tcp:6379',
};

/** The ports typed in DRAGONFLY_INGRESS_INPUT; 6379 (where data stores listen) when they do not parse. */
function dragonflyIngressPorts(i: InputReader) {
  return (
    parseIngressPorts(i.text('ingressPorts')) ?? {
      protocol: 'tcp' as const,
      fromPort: 6379,
      toPort: 6379,
    }
  );
}

/** The picked Dragonfly network runs on another cloud than this scenario connects to. */
function otherCloudIssue(
  df: ReturnType<typeof dragonflyNetwork>,
  cloud: 'aws' | 'gcp',
  wanted: string,
) {
  return df.vpc?.cloud && df.vpc.cloud !== cloud
    ? issue(
        'dragonflyNetworkId',
        df.networkId,
        `this network runs on ${df.vpc.cloud.toUpperCase()}; pick ${wanted} or the ${df.vpc.cloud.toUpperCase()} scenario`,
      )
    : undefined;
}

/** Dragonfly's connection takes one CIDR of the customer's network: the others are not routed. */
export function firstCidrOnlyIssue(field: string, cidrs: string[]) {
  const left = cidrs.slice(1);
  return left.length
    ? issue(
        field,
        left.join(', '),
        `a Dragonfly Cloud connection takes one CIDR of your network (${cidrs[0]}): ${left.join(', ')} will not be routed to or from the Dragonfly network`,
      )
    : undefined;
}

function firstCidrOnlyFollowUp(draft: PlanDraft, cidrs: string[]): void {
  if (cidrs.length > 1)
    draft.followUps.push(
      `Only ${cidrs[0]} of your network is given to Dragonfly Cloud: ${cidrs.slice(1).join(', ')} will not be routed to or from the Dragonfly network.`,
    );
}

export function dragonflyCidrRules(
  dfCidr: string,
  peer: { field: string; label: string; cidrs: string[] },
) {
  const df = { field: 'dragonflyCidr', label: 'the Dragonfly network', cidrs: [dfCidr] };
  return [
    ...overlapIssues(peer, df),
    ...privateIssues(df, 'A Dragonfly Cloud network'),
    ...prefixRangeIssues(df, 16, 24, 'A Dragonfly Cloud network'),
  ];
}

const dragonflyAws: Scenario = {
  id: 'dragonfly-aws',
  title: 'Dragonfly Cloud ↔ AWS',
  description:
    'Connect a Dragonfly Cloud private network to your AWS VPC: Dragonfly requests the peering, you accept it, route the Dragonfly CIDR through it and open port 6379.',
  constraints: [
    'Create the Dragonfly Cloud private network first; the connection is made from it.',
    'The connection starts Inactive and turns Active once you accept the peering in your AWS account.',
    'Your VPC CIDRs must not overlap the Dragonfly network CIDR.',
    'Without a configured Dragonfly Cloud account, you enter the connection values in its console yourself.',
  ],
  clouds: ['dragonfly', 'aws'],
  inputs: [
    ...DRAGONFLY_INPUTS,
    ...awsEndInputs('customer', 'Your VPC', { account: 'required' }),
    DRAGONFLY_INGRESS_INPUT,
    {
      name: 'ruleDescription',
      label: 'Description of the security group rules',
      kind: 'awsRuleDescription',
      maxLength: 255,
      required: true,
      side: 'customer',
      help: 'Shown next to each inbound rule.',
      default: 'Dragonfly Cloud',
    },
  ],
  source: SOURCE,
  rules(i, c) {
    const df = dragonflyNetwork(i, c);
    const customer = awsEnd(i, c, 'customer', 'your VPC', { account: c.accounts?.customer });
    const yours = { field: 'customerCidrs', label: 'your VPC', cidrs: customer.cidrs };
    const errors = [
      ...dragonflyCidrRules(df.cidr, yours),
      ...selfOverlapIssues(yours),
      // The Dragonfly connection and the AWS peering it made are one peering: reported once.
      existingPeeringIssue(
        c,
        'customerVpcId',
        { cloud: 'dragonfly', id: df.networkId },
        { cloud: 'aws', id: customer.vpcId },
      ) ??
        (df.vpc
          ? existingPeeringIssue(
              c,
              'customerVpcId',
              { cloud: 'aws', id: df.vpc.networkId },
              { cloud: 'aws', id: customer.vpcId },
            )
          : undefined),
      otherCloudIssue(df, 'aws', 'an AWS network'),
    ];
    const warnings = [
      firstCidrOnlyIssue('customerCidrs', customer.cidrs),
      df.region && customer.region && df.region !== customer.region
        ? issue(
            'customerRegion',
            customer.region,
            `the Dragonfly network is in ${df.region}; ${CROSS_REGION_CHARGES}`,
          )
        : undefined,
      customer.routeTableIds.length === 0
        ? issue(
            'customerRouteTableIds',
            '',
            'no route tables: your subnets cannot reach the Dragonfly network until a route sends its CIDR to the peering',
          )
        : undefined,
      customer.securityGroupIds.length === 0
        ? issue(
            'customerSecurityGroupIds',
            '',
            'no security groups: the Dragonfly network cannot reach your instances until a rule allows its CIDR',
          )
        : undefined,
    ];
    return { errors, warnings: compact(warnings) };
  },
  build(i, c) {
    const df = dragonflyNetwork(i, c);
    const customer = awsEnd(i, c, 'customer', 'your VPC', { account: c.accounts?.customer });
    const draft = newDraft({
      scenarioId: 'dragonfly-aws',
      title: `Dragonfly Cloud ${df.networkId} ↔ AWS ${customer.vpcId}`,
      summary: dragonflyAws.description,
      source: SOURCE,
    });
    addDragonflySide(draft, c, df);
    addSide(draft, {
      id: 'customer',
      label: `Your AWS account (${customer.vpcId})`,
      cloud: 'aws',
      accountId: c.accounts?.customer?.id,
      region: customer.region,
      manual: !c.accounts?.customer,
    });
    declareAwsEnd(draft, customer);
    const v = endVariables(customer);
    const connection = {
      networkId: df.networkId,
      cidr: df.cidr,
      name: df.name,
      peer: {
        cloud: 'aws' as const,
        accountId: customer.accountId ?? '',
        vpcId: customer.vpcId,
        cidr: customer.cidrs[0],
        region: customer.region,
      },
      peerVariables: {
        accountId: v.accountId,
        vpcId: v.vpcId,
        cidr: { var: v.cidrs, index: 0 },
        region: v.region,
      },
      api: df.api,
      customerSide: 'customer',
    };
    declareDragonfly(draft, connection);
    createConnectionStep(draft, connection, {
      reason: `${cite(DOC, 'AWS')}: specify the region, CIDR, account ID (owner ID) and VPC ID of your AWS VPC and click Create; Dragonfly then requests a VPC peering to your VPC.`,
    });
    // The request comes from Dragonfly's own AWS account: find it by the Dragonfly CIDR.
    addStep(draft, {
      id: 'wait-request',
      side: 'customer',
      title: 'Wait for the peering request from Dragonfly Cloud to reach your account',
      reason: `Dragonfly creates the AWS peering request asynchronously; the connection reads Inactive until you accept it (${cite(DOC, 'AWS')}).`,
      kind: 'wait',
      check: {
        kind: 'awsPeeringBetween',
        requesterCidr: df.cidr,
        accepterVpcId: customer.vpcId,
        states: ['pending-acceptance', 'provisioning', 'active'],
      },
      outputs: ['peeringId'],
      ...waitOnly(),
      scripts: {
        bash: [
          {
            capture: 'PEERING_ID',
            command: [
              'wait_for_value',
              ...awsCommand(
                customer,
                'ec2',
                'describe-vpc-peering-connections',
                '--filters',
                { concat: ['Name=accepter-vpc-info.vpc-id,Values=', { var: v.vpcId }] },
                {
                  concat: [
                    'Name=requester-vpc-info.cidr-block,Values=',
                    { var: 'DFCLOUD_CIDRS', index: 0 },
                  ],
                },
                'Name=status-code,Values=pending-acceptance,provisioning,active',
                '--query',
                'VpcPeeringConnections[0].VpcPeeringConnectionId',
                '--output',
                'text',
              ),
            ],
          },
          { say: ['Peering request from Dragonfly Cloud: ', { var: 'PEERING_ID' }] },
        ],
        terraform: [],
      },
    });
    acceptPeeringStep(draft, customer, {
      manual: !c.accounts?.customer,
      reason: `${cite(DOC, 'AWS')}: "accept the peering connection in your AWS account console (VPC > Peering Connections)".`,
      terraformAccepter: true,
      tfPeeringId: 'dfcloud_connection.connection.peer_connection_id',
    });
    waitPeeringStep(draft, {
      id: 'wait-active',
      side: 'customer',
      states: ['active'],
      title: 'Wait until the peering is active',
      reason: 'Routes through the peering carry traffic only once it is active.',
    });
    const dfCidrs = {
      variable: 'DFCLOUD_CIDRS',
      values: [df.cidr],
      label: 'the Dragonfly network',
    };
    routeSteps(draft, customer, {
      reason: `${cite(DOC, 'AWS')}: "Create a route in your AWS VPC, set the destination to the CIDR of the Dragonfly Cloud private network, set the target to the AWS peering connection ID."`,
      destinations: dfCidrs,
      tfPeeringId: 'dfcloud_connection.connection.peer_connection_id',
      dependsOn: ['aws_vpc_peering_connection_accepter.peering'],
    });
    ingressSteps(draft, customer, {
      reason: `${cite(DOC, 'AWS')}: "Modify your relevant security groups to allow traffic from the Dragonfly cloud Private Network CIDR" (data stores listen on 6379).`,
      sources: dfCidrs,
      ports: dragonflyIngressPorts(i),
      description: i.text('ruleDescription'),
    });
    connectionActiveStep(draft, connection, {
      kind: 'awsPeeringState',
      peeringId: ref('peeringId'),
      states: ['active'],
    });
    firstCidrOnlyFollowUp(draft, customer.cidrs);
    if (df.region && df.region !== customer.region) draft.followUps.push(CROSS_REGION_CHARGES);
    return draft;
  },
};

export const DRAGONFLY_SCENARIOS: Scenario[] = [dragonflyAws];

// ---- GCP (https://www.dragonflydb.io/docs/cloud/connections#gcp) ----

const dragonflyGcp: Scenario = {
  id: 'dragonfly-gcp',
  title: 'Dragonfly Cloud ↔ GCP',
  description:
    'Connect a Dragonfly Cloud private network to your GCP VPC network: Dragonfly creates its half, you create yours with --peer-network and --peer-project, and allow the Dragonfly CIDR in your firewall.',
  constraints: [
    'Create the Dragonfly Cloud private network first; the connection is made from it.',
    'The connection starts Inactive and turns Active a few moments after your half of the peering exists.',
    'Your subnet ranges must not overlap the Dragonfly network CIDR.',
    'Without a configured Dragonfly Cloud account, you enter the connection values in its console yourself.',
  ],
  clouds: ['dragonfly', 'gcp'],
  inputs: [
    ...DRAGONFLY_INPUTS,
    {
      name: 'dragonflyProject',
      label: 'Dragonfly network: account ID (GCP project)',
      kind: 'gcpProject',
      required: true,
      side: 'dragonfly',
      help: 'The account ID shown under the Dragonfly Cloud network; it goes in --peer-project.',
    },
    {
      name: 'dragonflyVpcId',
      label: 'Dragonfly network: VPC ID',
      kind: 'gcpNetwork',
      required: true,
      side: 'dragonfly',
      help: 'The VPC ID shown under the Dragonfly Cloud network; it goes in --peer-network.',
    },
    ...gcpNetworkInputs('customer', 'Your network', { project: true }),
    {
      name: 'peeringName',
      label: 'Peering name on your network',
      kind: 'gcpResourceName',
      required: true,
      side: 'customer',
      help: 'Unique among the peerings of your network.',
      default: 'dragonfly',
    },
    {
      name: 'firewallName',
      label: 'Firewall rule name',
      kind: 'gcpResourceName',
      required: true,
      side: 'customer',
      help: 'The ingress rule that allows the Dragonfly CIDR.',
      default: 'allow-dragonfly',
    },
    DRAGONFLY_INGRESS_INPUT,
  ],
  source: SOURCE,
  rules(i, c) {
    const df = dragonflyNetwork(i, c);
    const customer = gcpEnd(i, c, 'customer', 'your network', i.text('customerProject'));
    const yours = { field: 'customerCidrs', label: 'your network', cidrs: customer.cidrs };
    const errors = [
      ...dragonflyCidrRules(df.cidr, yours),
      ...selfOverlapIssues(yours),
      ...reservedIssues(yours, GCP_RESERVED),
      existingPeeringIssue(
        c,
        'customerNetwork',
        { cloud: 'dragonfly', id: df.networkId },
        { cloud: 'gcp', id: gcpNetworkPath(customer.project, customer.network) },
      ),
      otherCloudIssue(df, 'gcp', 'a GCP network'),
    ];
    return { errors, warnings: compact([firstCidrOnlyIssue('customerCidrs', customer.cidrs)]) };
  },
  build(i, c) {
    const df = dragonflyNetwork(i, c);
    const customer = gcpEnd(i, c, 'customer', 'your network', i.text('customerProject'));
    const dfEnd: GcpEnd = {
      side: 'dragonfly',
      label: 'the Dragonfly network',
      project: i.text('dragonflyProject') || df.vpc?.accountId || '',
      network: i.text('dragonflyVpcId') || df.vpc?.networkId.split('/').pop() || '',
      projectVar: 'DFCLOUD_PROJECT',
      networkVar: 'DFCLOUD_VPC_ID',
      cidrs: [df.cidr],
      prefix: 'DFCLOUD',
    };
    const draft = newDraft({
      scenarioId: 'dragonfly-gcp',
      title: `Dragonfly Cloud ${df.networkId} ↔ GCP ${customer.network}`,
      summary: dragonflyGcp.description,
      source: SOURCE,
    });
    addDragonflySide(draft, c, df);
    addSide(draft, {
      id: 'customer',
      label: `Your GCP project (${customer.project})`,
      cloud: 'gcp',
      accountId: c.accounts?.customer?.id,
      manual: !c.accounts?.customer,
    });
    declareGcpEnd(draft, customer);
    variable(
      draft,
      dfEnd.projectVar,
      dfEnd.project,
      'GCP project of the Dragonfly network (its account ID)',
    );
    variable(draft, dfEnd.networkVar, dfEnd.network, 'VPC of the Dragonfly network (its VPC ID)');
    const connection = {
      networkId: df.networkId,
      cidr: df.cidr,
      name: df.name,
      peer: {
        cloud: 'gcp' as const,
        accountId: customer.project,
        vpcId: customer.network,
        cidr: customer.cidrs[0],
      },
      peerVariables: {
        accountId: customer.projectVar,
        vpcId: customer.networkVar,
        cidr: { var: 'CUSTOMER_CIDRS', index: 0 },
      },
      api: df.api,
      customerSide: 'customer',
    };
    declareDragonfly(draft, connection);
    createConnectionStep(draft, connection, {
      reason: `${cite(DOC, 'GCP')}: specify the CIDR, GCP project ID and VPC ID of your network and click Create; the connection is created Inactive.`,
    });
    gcpPeeringStep(draft, {
      id: 'customer-peering',
      side: 'customer',
      local: customer,
      peer: dfEnd,
      nameVar: 'PEERING_NAME',
      name: i.text('peeringName'),
      title: `Peer ${customer.network} with the Dragonfly network`,
      reason: `${cite(DOC, 'GCP')}: create the peering with --peer-network and --peer-project set to the VPC ID and account ID of the Dragonfly Cloud network.`,
      manual: !c.accounts?.customer,
      tfName: 'dragonfly',
    });
    gcpFirewallStep(draft, {
      id: 'customer-firewall',
      side: 'customer',
      network: customer,
      nameVar: 'FIREWALL_NAME',
      name: i.text('firewallName'),
      sources: { variable: 'DFCLOUD_CIDRS', values: [df.cidr], label: 'the Dragonfly network' },
      ports: dragonflyIngressPorts(i),
      title: 'Allow the Dragonfly CIDR in your firewall',
      reason: `${cite(DOC, 'GCP')}: "Don't forget to modify your firewall to allow traffic from the Dragonfly cloud Private Network CIDR."`,
      manual: !c.accounts?.customer,
      tfName: 'dragonfly',
    });
    gcpWaitActiveStep(draft, {
      id: 'wait-active',
      side: 'customer',
      local: customer,
      peer: dfEnd,
      nameVar: 'PEERING_NAME',
      name: i.text('peeringName'),
      reason: `${cite(DOC, 'GCP')}: observe the connection becomes Active after a few moments.`,
    });
    firstCidrOnlyFollowUp(draft, customer.cidrs);
    connectionActiveStep(draft, connection, {
      kind: 'gcpPeering',
      network: gcpNetworkPath(customer.project, customer.network),
      name: i.text('peeringName'),
      peerNetworkPath: gcpNetworkPath(dfEnd.project, dfEnd.network),
      states: ['ACTIVE'],
    });
    return draft;
  },
};

DRAGONFLY_SCENARIOS.push(dragonflyGcp);

// ---- Azure (https://www.dragonflydb.io/docs/cloud/connections, section Azure: the multi-tenant application flow) ----

/** Dragonfly Cloud's tenant and its Azure AD application, fixed values from https://www.dragonflydb.io/docs/cloud/connections (Azure, steps 1 and 4). */
export const DFCLOUD_AZURE_TENANT_ID = '3f7cbd78-1650-4b7d-b28f-8ee05eac10a4';
export const DFCLOUD_AZURE_APP_ID = 'ac30c41f-1eab-4f45-9024-70decee5559d';

/**
 * The App ID of the one application whose display name is exactly $name; nothing when there is
 * none; an error (the script stops) when several share the name, since one of them would have its
 * secrets reset.
 */
const EXACT_APP_JQ =
  '[.[] | select(.displayName == $name) | .appId] | if length > 1 then error("several Azure AD applications are named \\($name): rename the others or choose another display name") else (.[0] // empty) end';

const ROLE_DEFINITION_JQ =
  '{Name: "dfcloud-peering-role", Description: "Allows creating a peering to vnets in scope (but not from)", Actions: ["Microsoft.Network/virtualNetworks/peer/action"], AssignableScopes: ["/subscriptions/" + $sub]}';

/**
 * Looks the object up first and creates it only when the lookup prints
 * nothing, so rerunning the script reuses what an earlier run created.
 */
function findOrCreate(
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
function findOrCreateServicePrincipal(capture: string, appIdVar: string): ShellLine[] {
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
function assignRoleOnUserVnet(sub: ShellWord, role: ShellWord, assigneeVar: string): ShellLine {
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
function signInAsUserApp(tenantVar: string): ShellLine {
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

/** An ARM resource-group id: /subscriptions/<GUID>/resourceGroups/<1-90 chars, not ending in a period>. */
const DF_ACCOUNT_PATH =
  /^\/subscriptions\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/resourceGroups\/[-\w.()]{0,89}[-\w()]$/i;

const dragonflyAzure: Scenario = {
  id: 'dragonfly-azure',
  title: 'Dragonfly Cloud ↔ Azure',
  description:
    'Connect a Dragonfly Cloud private network to your Azure VNet (private beta): an Azure AD application gets peering rights on both VNets, Dragonfly peers from its side, you peer back with --allow-vnet-access.',
  constraints: [
    'Azure peering connections are in private beta at Dragonfly Cloud.',
    'Create the Dragonfly Cloud private network first.',
    'The Azure AD steps need the az CLI: the wizard shows each command, the bash script runs them.',
    'Your VNet address space must not overlap the Dragonfly network CIDR.',
    `Dragonfly Cloud's tenant (${DFCLOUD_AZURE_TENANT_ID}) and application (${DFCLOUD_AZURE_APP_ID}) are fixed values.`,
  ],
  clouds: ['dragonfly', 'azure'],
  inputs: [
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
  ],
  source: citeUrl(DOC, 'Azure'),
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
    const customer: AzureVnetVars = {
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
    const knownAppId = i.text('userAppId');
    const knownAppObjectId = i.text('userAppObjectId');
    // Through the API only when the application's object ID (what the API takes) and the tenant are known up front.
    const knownTenant = i.text('userTenantId');
    const connectionViaApi = df.api && !!knownAppObjectId && !!knownTenant;
    const draft = newDraft({
      scenarioId: 'dragonfly-azure',
      title: `Dragonfly Cloud ${df.networkId} ↔ Azure ${customer.vnet}`,
      summary: dragonflyAzure.description,
      source: dragonflyAzure.source,
    });
    addDragonflySide(draft, c, df);
    addSide(draft, {
      id: 'customer',
      label: `Your Azure subscription (${customer.subscription})`,
      cloud: 'azure',
      accountId: c.accounts?.customer?.id,
      manual: !c.accounts?.customer,
    });
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
    declareTerraformProvider(draft, { provider: 'azuread', body: [] });
    const sub = { var: 'USER_SUBSCRIPTION_ID' };
    const dfVnet: ShellWord = {
      concat: [
        { var: 'DFCLOUD_ACCOUNT_ID' },
        '/providers/Microsoft.Network/virtualNetworks/',
        { var: 'DFCLOUD_VPC_ID' },
      ],
    };
    const azStep = (
      id: string,
      title: string,
      reason: string,
      bash: ShellLine[],
      terraform: TfBlock[] = [],
      extra: Partial<StepDraft> = {},
    ) =>
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

    azStep(
      'az-sign-in',
      'Clear any existing Azure login and sign in with your client account',
      `${cite(DOC, 'Azure, steps 1–2')}: start from a clean az login with your own account.`,
      [{ command: ['az', 'account', 'clear'] }, { command: ['az', 'login', '--output', 'none'] }],
    );
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
        ...(connectionViaApi
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
            value: i.text('appDisplayName'),
            destination: 'az ad app create --display-name',
          },
        ],
      },
    );
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
            sub,
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
            sub,
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
    azStep(
      'network-contributor',
      'Give your service principal Network Contributor on your VNet',
      `${cite(DOC, 'Azure, step 4')}: the application must be allowed to create the peering on your VNet.`,
      [assignRoleOnUserVnet(sub, 'Network Contributor', 'USER_SP_ID')],
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
          sub,
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
          sub,
          '--role-definition',
          { subst: ['jq', '-cn', '--arg', 'sub', sub, ROLE_DEFINITION_JQ] },
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
    azStep(
      'assign-custom-role',
      'Assign dfcloud-peering-role to Dragonfly Cloud on your VNet',
      `${cite(DOC, 'Azure, step 4')}: with the peer action on your VNet, Dragonfly can peer its VNet to yours.`,
      [assignRoleOnUserVnet(sub, { var: 'DFCLOUD_ROLE_ID' }, 'DFCLOUD_SP_ID')],
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
    // As the user, before the script signs in as the application: its service principal holds
    // Network Contributor on the VNet only, which cannot write the NSG.
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
          value: df.cidr,
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
    const connection = {
      networkId: df.networkId,
      cidr: df.cidr,
      name: df.name,
      peer: {
        cloud: 'azure' as const,
        accountId: customer.subscription,
        vpcId: customer.vnet,
        cidr: i.list('userCidrs')[0] ?? '',
        region: customer.region,
        azure: {
          resourceGroup: customer.resourceGroup,
          tenantId: knownTenant || undefined,
          appId: knownAppId || undefined,
          appObjectId: knownAppObjectId || undefined,
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
      // Through the API only when the application's App ID and the tenant are known up front.
      api: connectionViaApi,
      customerSide: 'customer',
    };
    declareDragonfly(draft, connection);
    createConnectionStep(draft, connection, {
      reason: `${cite(DOC, 'Azure, step 5')}: Dragonfly Cloud creates the peering on its side with your application's credentials; enter Acceptor Account ID, VPC ID, Region, App ID, Resource Group and Tenant ID. It starts Inactive.`,
      dependsOn: [
        'azurerm_role_assignment.dragonfly_peer',
        'azurerm_role_assignment.client_network_contributor',
      ],
    });
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
    variable(
      draft,
      'PEERING_NAME',
      `${customer.vnet}-dfcloud-peering`,
      `Name of the peering on your VNet ($user_vnet_name-dfcloud-peering in ${cite(DOC, 'Azure, step 6')})`,
    );
    azurePeeringStep(draft, {
      id: 'customer-peering',
      local: customer,
      remote: {
        word: dfVnet,
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
};

DRAGONFLY_SCENARIOS.push(dragonflyAzure);
