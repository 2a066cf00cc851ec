/**
 * Dragonfly Cloud ↔ AWS / GCP / Azure (seeds 000 and 001). The connection is
 * made on Dragonfly's side (its API when the account is configured, its
 * console otherwise), starts Inactive, and turns Active once the customer's
 * side has done its part: on AWS accept + route + security group on 6379, on
 * GCP the peering back with --peer-network/--peer-project + a firewall rule,
 * on Azure the multi-tenant app flow of seed 000.
 */
import { addSide, addStep, newDraft, ref, variable } from '../draft';
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
import type { InputSpec, PlanContext } from '../types';
import { issue, parseIngressPorts } from '../validation/fieldRules';
import {
  compact,
  existingPeeringIssue,
  GCP_RESERVED,
  overlapIssues,
  prefixRangeIssues,
  privateIssues,
  reservedIssues,
  selfOverlapIssues,
} from '../validation/networkRules';

const SOURCE = 'seeds 000 and 001 (Dragonfly Cloud peering connections)';

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
    {
      name: 'ingressPorts',
      label: 'Traffic to allow from the Dragonfly network',
      kind: 'ingressPorts',
      required: true,
      side: 'customer',
      help: 'Dragonfly data stores listen on 6379.',
      default: 'tcp:6379',
    },
    {
      name: 'ruleDescription',
      label: 'Description of the security group rules',
      kind: 'name',
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
    const errors = [
      ...dragonflyCidrRules(df.cidr, {
        field: 'customerCidrs',
        label: 'your VPC',
        cidrs: customer.cidrs,
      }),
      ...selfOverlapIssues({ field: 'customerCidrs', label: 'your VPC', cidrs: customer.cidrs }),
      existingPeeringIssue(
        c,
        'customerVpcId',
        { cloud: 'dragonfly', id: df.networkId },
        { cloud: 'aws', id: customer.vpcId },
      ),
      df.vpc
        ? existingPeeringIssue(
            c,
            'customerVpcId',
            { cloud: 'aws', id: df.vpc.networkId },
            { cloud: 'aws', id: customer.vpcId },
          )
        : undefined,
      df.vpc?.cloud && df.vpc.cloud !== 'aws'
        ? issue(
            'dragonflyNetworkId',
            df.networkId,
            `this network runs on ${df.vpc.cloud.toUpperCase()}; pick an AWS network or the ${df.vpc.cloud.toUpperCase()} scenario`,
          )
        : undefined,
    ];
    const warnings = [
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
    addSide(draft, {
      id: 'dragonfly',
      label: 'Dragonfly Cloud',
      cloud: 'dragonfly',
      accountId: c.accounts?.dragonfly?.id,
      manual: !df.api,
    });
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
      reason:
        'Seed 001: specify the region, CIDR, account ID (owner ID) and VPC ID of your AWS VPC and click Create; Dragonfly then requests a VPC peering to your VPC.',
    });
    // The request comes from Dragonfly's own AWS account: find it by the Dragonfly CIDR.
    addStep(draft, {
      id: 'wait-request',
      side: 'customer',
      title: 'Wait for the peering request from Dragonfly Cloud to reach your account',
      reason:
        'Dragonfly creates the AWS peering request asynchronously; the connection reads Inactive until you accept it (seed 001).',
      kind: 'wait',
      check: {
        kind: 'awsPeeringBetween',
        requesterCidr: df.cidr,
        accepterVpcId: customer.vpcId,
        states: ['pending-acceptance', 'provisioning', 'active'],
      },
      outputs: ['peeringId'],
      timeoutMs: 30 * 60_000,
      rollback: 'Nothing to undo: this step only waits.',
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
      reason:
        'Seed 001: "accept the peering connection in your AWS account console (VPC > Peering Connections)".',
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
      reason:
        'Seed 001: "Create a route in your AWS VPC, set the destination to the CIDR of the Dragonfly Cloud private network, set the target to the AWS peering connection ID."',
      destinations: dfCidrs,
      tfPeeringId: 'dfcloud_connection.connection.peer_connection_id',
      dependsOn: ['aws_vpc_peering_connection_accepter.peering'],
    });
    ingressSteps(draft, customer, {
      reason:
        'Seed 001: "Modify your relevant security groups to allow traffic from the Dragonfly cloud Private Network CIDR" (data stores listen on 6379).',
      sources: dfCidrs,
      ports: parseIngressPorts(i.text('ingressPorts')) ?? {
        protocol: 'tcp',
        fromPort: 6379,
        toPort: 6379,
      },
      description: i.text('ruleDescription'),
    });
    connectionActiveStep(draft, connection, {
      kind: 'awsPeeringState',
      peeringId: ref('peeringId'),
      states: ['active'],
    });
    if (df.region && df.region !== customer.region) draft.followUps.push(CROSS_REGION_CHARGES);
    return draft;
  },
};

export const DRAGONFLY_SCENARIOS: Scenario[] = [dragonflyAws];

// ---- GCP (seed 001, GCP section) ----

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
    {
      name: 'ingressPorts',
      label: 'Traffic to allow from the Dragonfly network',
      kind: 'ingressPorts',
      required: true,
      side: 'customer',
      help: 'Dragonfly data stores listen on 6379.',
      default: 'tcp:6379',
    },
  ],
  source: SOURCE,
  rules(i, c) {
    const df = dragonflyNetwork(i, c);
    const customer = gcpEnd(i, c, 'customer', 'your network', i.text('customerProject'));
    const errors = [
      ...dragonflyCidrRules(df.cidr, {
        field: 'customerCidrs',
        label: 'your network',
        cidrs: customer.cidrs,
      }),
      ...selfOverlapIssues({
        field: 'customerCidrs',
        label: 'your network',
        cidrs: customer.cidrs,
      }),
      ...reservedIssues(
        { field: 'customerCidrs', label: 'your network', cidrs: customer.cidrs },
        GCP_RESERVED,
      ),
      existingPeeringIssue(
        c,
        'customerNetwork',
        { cloud: 'dragonfly', id: df.networkId },
        { cloud: 'gcp', id: gcpNetworkPath(customer.project, customer.network) },
      ),
      df.vpc?.cloud && df.vpc.cloud !== 'gcp'
        ? issue(
            'dragonflyNetworkId',
            df.networkId,
            `this network runs on ${df.vpc.cloud.toUpperCase()}; pick a GCP network or the ${df.vpc.cloud.toUpperCase()} scenario`,
          )
        : undefined,
    ];
    return { errors, warnings: [] };
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
    addSide(draft, {
      id: 'dragonfly',
      label: 'Dragonfly Cloud',
      cloud: 'dragonfly',
      accountId: c.accounts?.dragonfly?.id,
      manual: !df.api,
    });
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
      reason:
        'Seed 001 (GCP): specify the CIDR, GCP project ID and VPC ID of your network and click Create; the connection is created Inactive.',
    });
    gcpPeeringStep(draft, {
      id: 'customer-peering',
      side: 'customer',
      local: customer,
      peer: dfEnd,
      nameVar: 'PEERING_NAME',
      name: i.text('peeringName'),
      title: `Peer ${customer.network} with the Dragonfly network`,
      reason:
        'Seed 001 (GCP): create the peering with --peer-network and --peer-project set to the VPC ID and account ID of the Dragonfly Cloud network.',
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
      ports: parseIngressPorts(i.text('ingressPorts')) ?? {
        protocol: 'tcp',
        fromPort: 6379,
        toPort: 6379,
      },
      title: 'Allow the Dragonfly CIDR in your firewall',
      reason:
        'Seed 001 (GCP): "Don\'t forget to modify your firewall to allow traffic from the Dragonfly cloud Private Network CIDR."',
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
      reason: 'Seed 001 (GCP): observe the connection becomes Active after a few moments.',
    });
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
