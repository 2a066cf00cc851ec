/**
 * Dragonfly Cloud ↔ AWS (https://www.dragonflydb.io/docs/cloud/connections#aws): the connection is
 * made on Dragonfly's side (its API when the account is configured, its console otherwise),
 * starts Inactive, and turns Active once your VPC accepts the peering request, routes the
 * Dragonfly CIDR through it and opens port 6379 in its security groups.
 */
import { cite } from '../../model/docs';
import { addSide, addStep, newDraft, ref, waitOnly } from '../draft';
import { defineScenario } from '../scenario';
import { awsEnd, awsEndInputs, awsRuleDescriptionInput, CROSS_REGION_CHARGES } from '../pairs/aws';
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
import { issue } from '../validation/fieldRules';
import { compact, existingPeeringIssue, selfOverlapIssues } from '../validation/networkRules';

import {
  addDragonflySide,
  dragonflyCidrRules,
  dragonflyIngressPorts,
  dragonflyNetwork,
  DRAGONFLY_INGRESS_INPUT,
  DRAGONFLY_INPUTS,
  DOC,
  firstCidrOnlyFollowUp,
  firstCidrOnlyIssue,
  otherCloudIssue,
  SOURCE,
} from '../pairs/dragonfly';

const DESCRIPTION =
  'Connect a Dragonfly Cloud private network to your AWS VPC: Dragonfly requests the peering, you accept it, route the Dragonfly CIDR through it and open port 6379.';

export const dragonflyAws = defineScenario({
  id: 'dragonfly-aws',
  title: 'Dragonfly Cloud ↔ AWS',
  description: DESCRIPTION,
  constraints: [
    'Create the Dragonfly Cloud private network first; the connection is made from it.',
    'The connection starts Inactive and turns Active once you accept the peering in your AWS account.',
    'Your VPC CIDRs must not overlap the Dragonfly network CIDR.',
    'Without a configured Dragonfly Cloud account, you enter the connection values in its console yourself.',
  ],
  service: 'dragonfly',
  sides: [
    { id: 'dragonfly', cloud: 'dragonfly', role: 'service' },
    { id: 'customer', cloud: 'aws', role: 'yours' },
  ],
  clouds: ['dragonfly', 'aws'],
  inputs: [
    ...DRAGONFLY_INPUTS,
    ...awsEndInputs('customer', 'Your VPC', { account: 'required' }),
    DRAGONFLY_INGRESS_INPUT,
    awsRuleDescriptionInput('customer', 'Dragonfly Cloud'),
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
      summary: DESCRIPTION,
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
});
