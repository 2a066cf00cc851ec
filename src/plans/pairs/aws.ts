/**
 * AWS ↔ AWS: in one account, across accounts, and across regions. The
 * requester asks, the accepter accepts, then each side routes the other's
 * CIDRs through the pcx and opens its security groups
 * (https://docs.aws.amazon.com/vpc/latest/peering/working-with-vpc-peering.html;
 * https://docs.emqx.com/en/cloud/latest/deployments/byoc_vpc_peering.html
 * describes the same steps for a same-account pair).
 */
import { cite, citeUrl, PROVIDER_DOCS } from '../../model/docs';
import type { Account } from '../../model/types';
import { newDraft, addSide, type PlanDraft } from '../draft';
import { defineScenario, inputSpecs, type InputReader, type ScenarioRules } from '../scenario';
import {
  acceptPeeringStep,
  declareAwsEnd,
  dnsResolutionSteps,
  endVariables,
  ingressSteps,
  profileOf,
  requestPeeringStep,
  routeSteps,
  waitPeeringStep,
  type AwsEnd,
} from '../steps/aws';
import type { InputSpec, PlanContext, ScenarioId } from '../../model/plan';
import { issue, parseIngressPorts } from '../validation/fieldRules';
import {
  compact,
  existingPeeringIssue,
  findNetwork,
  networkCidrs,
  overlapIssues,
  selfOverlapIssues,
} from '../validation/networkRules';

export const CROSS_REGION_CHARGES = `Cross-region peering carries inter-region data transfer charges (${cite(PROVIDER_DOCS.emqxByoc, 'Precautions, 1')}: "Cross-region peering connections may incur charges").`;

/** The names of the inputs of one VPC end whose side id is `W`. */
export type AwsEndInput<W extends string> =
  | `${W}AccountId`
  | `${W}Region`
  | `${W}VpcId`
  | `${W}Cidrs`
  | `${W}RouteTableIds`
  | `${W}SecurityGroupIds`
  | `${W}Profile`;

/**
 * The description AWS shows next to each inbound rule a plan adds (at most 255 characters, the
 * characters `awsRuleDescription` checks); `defaultText` names the other side.
 */
export function awsRuleDescriptionInput(
  side: string,
  defaultText: string,
): InputSpec<'ruleDescription'> {
  return {
    name: 'ruleDescription',
    label: 'Description of the security group rules',
    kind: 'awsRuleDescription',
    maxLength: 255,
    required: true,
    side,
    help: 'Shown next to each inbound rule.',
    default: defaultText,
  };
}

/** The inputs that describe one VPC end; `who` is the side id and prefixes the input names. */
export function awsEndInputs<W extends string>(
  who: W,
  label: string,
  options: {
    account?: 'required' | 'optional' | 'none';
    region?: 'required' | 'none';
    routeTablesHelp?: string;
    securityGroupsHelp?: string;
    vpcHelp?: string;
  } = {},
): InputSpec<AwsEndInput<W>>[] {
  const specs: InputSpec<AwsEndInput<W>>[] = [];
  if (options.account !== 'none')
    specs.push({
      name: `${who}AccountId`,
      label: `${label}: AWS account id`,
      kind: 'awsAccountId',
      required: options.account === 'required',
      side: who,
      help: 'The 12-digit account number (the VPC owner id).',
      example: '111111111111',
    });
  if (options.region !== 'none')
    specs.push({
      name: `${who}Region`,
      label: `${label}: region`,
      kind: 'awsRegion',
      required: true,
      side: who,
      help: 'The AWS region the VPC lives in.',
      example: 'us-east-1',
    });
  specs.push(
    {
      name: `${who}VpcId`,
      label: `${label}: VPC id`,
      kind: 'vpcId',
      required: true,
      side: who,
      help: options.vpcHelp ?? 'The VPC to peer.',
      example: 'vpc-0a1b2c3d4e5f60718',
    },
    {
      name: `${who}Cidrs`,
      label: `${label}: CIDR blocks`,
      kind: 'cidr',
      list: true,
      required: true,
      side: who,
      help: 'Every CIDR of the VPC, secondary and IPv6 included: the other side routes to all of them.',
      example: '10.10.0.0/16',
    },
    {
      name: `${who}RouteTableIds`,
      label: `${label}: route tables`,
      kind: 'routeTableId',
      list: true,
      required: false,
      side: who,
      help:
        options.routeTablesHelp ??
        'Route tables of the subnets that talk to the other side; each gets a route to the other CIDRs via the peering.',
      example: 'rtb-0a1b2c3d4e5f60718',
    },
    {
      name: `${who}SecurityGroupIds`,
      label: `${label}: security groups`,
      kind: 'securityGroupId',
      list: true,
      required: false,
      side: who,
      help:
        options.securityGroupsHelp ??
        'Security groups that accept traffic from the other side; each gets an inbound rule per CIDR.',
      example: 'sg-0a1b2c3d4e5f60718',
    },
    {
      name: `${who}Profile`,
      label: `${label}: AWS CLI profile for the script`,
      kind: 'awsProfile',
      required: false,
      side: who,
      help: 'Used by the generated bash and Terraform; empty uses the default credentials.',
    },
  );
  return specs;
}

const COMMON_INPUTS = inputSpecs(
  {
    name: 'peeringName',
    label: 'Name of the peering',
    kind: 'name',
    maxLength: 255,
    required: true,
    side: 'requester',
    help: 'Set as the Name tag of the peering connection.',
    default: 'vpc-peering',
  },
  {
    name: 'ingressPorts',
    label: 'Traffic to allow from the other side',
    kind: 'ingressPorts',
    required: true,
    side: 'requester',
    help: '"all", "tcp:all", or e.g. "tcp:5432" or "tcp:1024-65535".',
    default: 'all',
  },
  awsRuleDescriptionInput('requester', 'Peered VPC'),
  {
    name: 'dnsResolution',
    label: 'Resolve private DNS names across the peering',
    kind: 'yesNo',
    required: true,
    side: 'requester',
    help: 'Sets AllowDnsResolutionFromRemoteVpc on both sides once the peering is active.',
    default: 'no',
  },
);

/** Reads an AWS end from inputs, with every CIDR discovery knows for that VPC. */
export function awsEnd(
  inputs: InputReader,
  context: PlanContext,
  who: string,
  label: string,
  defaults: { region?: string; accountId?: string; account?: Account },
): AwsEnd {
  const vpcId = inputs.text(`${who}VpcId`);
  const known = findNetwork(context, 'aws', vpcId);
  return {
    side: who,
    label,
    vpcId,
    cidrs: networkCidrs(context, 'aws', vpcId, inputs.list(`${who}Cidrs`)),
    region: inputs.text(`${who}Region`) || defaults.region || known?.region || '',
    accountId: inputs.text(`${who}AccountId`) || defaults.accountId || known?.ownerId,
    routeTableIds: inputs.list(`${who}RouteTableIds`),
    securityGroupIds: inputs.list(`${who}SecurityGroupIds`),
    profile: profileOf(
      defaults.account,
      inputs.has(`${who}Profile`) ? inputs.text(`${who}Profile`) : undefined,
    ),
  };
}

/** Overlap, duplicate and route-table rules every AWS pair shares. */
export function awsPairRules(
  requester: AwsEnd,
  accepter: AwsEnd,
  context: PlanContext,
  fields: { requester: string; accepter: string },
): ScenarioRules {
  const errors = [
    ...overlapIssues(
      { field: `${fields.accepter}Cidrs`, label: accepter.label, cidrs: accepter.cidrs },
      { field: `${fields.requester}Cidrs`, label: requester.label, cidrs: requester.cidrs },
    ),
    ...selfOverlapIssues({
      field: `${fields.requester}Cidrs`,
      label: requester.label,
      cidrs: requester.cidrs,
    }),
    ...selfOverlapIssues({
      field: `${fields.accepter}Cidrs`,
      label: accepter.label,
      cidrs: accepter.cidrs,
    }),
    requester.vpcId && requester.vpcId === accepter.vpcId
      ? issue(`${fields.accepter}VpcId`, accepter.vpcId, 'a VPC cannot peer with itself')
      : undefined,
    existingPeeringIssue(
      context,
      `${fields.accepter}VpcId`,
      { cloud: 'aws', id: requester.vpcId },
      { cloud: 'aws', id: accepter.vpcId },
    ),
  ];
  const warnings = [requester, accepter].map((end) =>
    end.routeTableIds.length === 0
      ? issue(
          end.side === fields.requester
            ? `${fields.requester}RouteTableIds`
            : `${fields.accepter}RouteTableIds`,
          '',
          `no route tables for ${end.label}: traffic cannot flow until its route tables send the other side's CIDRs to the peering`,
        )
      : undefined,
  );
  return { errors, warnings };
}

export interface AwsPairPlan {
  requester: AwsEnd;
  accepter: AwsEnd;
  peeringName: string;
  ingress: ReturnType<typeof parseIngressPorts>;
  ruleDescription: string;
  dnsResolution: boolean;
  /** The accepter side has an account the runner can use. */
  accepterHasAccount: boolean;
  /** The accepter is another account (its id goes in --peer-owner-id). */
  crossAccount: boolean;
  reasons: {
    request: string;
    accept: string;
    requesterRoutes: string;
    accepterRoutes: string;
    requesterIngress: string;
    accepterIngress: string;
  };
}

/** Request → wait → accept → wait → options → routes both ways → rules both ways. */
export function addAwsPairSteps(draft: PlanDraft, p: AwsPairPlan): void {
  const { requester, accepter } = p;
  const crossAccount =
    p.crossAccount ||
    (!!requester.accountId && !!accepter.accountId && requester.accountId !== accepter.accountId);
  const crossRegion = requester.region !== accepter.region;
  const autoAccept = !crossAccount && !crossRegion;
  declareAwsEnd(draft, requester);
  declareAwsEnd(draft, accepter);
  requestPeeringStep(draft, requester, accepter, {
    title: `Request a peering from ${requester.vpcId} to ${accepter.vpcId}`,
    reason: p.reasons.request,
    name: p.peeringName,
    autoAccept,
    crossAccount,
    crossRegion,
  });
  waitPeeringStep(draft, {
    id: 'wait-pending-acceptance',
    side: accepter.side,
    states: ['pending-acceptance', 'provisioning', 'active'],
    title: 'Wait until the request reaches the accepter (pending-acceptance)',
    reason:
      'AWS accepts only a request in pending-acceptance; a new request is in initiating-request first, and across regions it appears in the accepter region only then.',
  });
  acceptPeeringStep(draft, accepter, {
    manual: !p.accepterHasAccount,
    reason: p.reasons.accept,
    terraformAccepter: !autoAccept,
  });
  waitPeeringStep(draft, {
    id: 'wait-active',
    side: requester.side,
    states: ['active'],
    title: 'Wait until the peering is active',
    reason: 'Routes carry traffic and peering options can change only once the peering is active.',
  });
  if (p.dnsResolution)
    dnsResolutionSteps(draft, requester, accepter, autoAccept, !p.accepterHasAccount);
  const dependsOn = autoAccept ? undefined : ['aws_vpc_peering_connection_accepter.peering'];
  routeSteps(draft, requester, {
    reason: p.reasons.requesterRoutes,
    destinations: {
      variable: endVariables(accepter).cidrs,
      values: accepter.cidrs,
      label: accepter.label,
    },
    dependsOn,
  });
  routeSteps(draft, accepter, {
    manual: !p.accepterHasAccount,
    reason: p.reasons.accepterRoutes,
    destinations: {
      variable: endVariables(requester).cidrs,
      values: requester.cidrs,
      label: requester.label,
    },
    dependsOn,
  });
  if (p.ingress) {
    ingressSteps(draft, requester, {
      reason: p.reasons.requesterIngress,
      sources: {
        variable: endVariables(accepter).cidrs,
        values: accepter.cidrs,
        label: accepter.label,
      },
      ports: p.ingress,
      description: p.ruleDescription,
    });
    ingressSteps(draft, accepter, {
      manual: !p.accepterHasAccount,
      reason: p.reasons.accepterIngress,
      sources: {
        variable: endVariables(requester).cidrs,
        values: requester.cidrs,
        label: requester.label,
      },
      ports: p.ingress,
      description: p.ruleDescription,
    });
  }
  if (crossRegion) draft.followUps.push(CROSS_REGION_CHARGES);
  draft.teardown.push(
    'Delete the routes and security group rules that point at the peering, then delete the peering (either owner can): aws ec2 delete-vpc-peering-connection --vpc-peering-connection-id <pcx-id>.',
  );
}

const GENERIC_REASONS = {
  request:
    'A VPC peering starts as a request from the requester VPC to the accepter VPC (AWS VPC peering: create a peering connection).',
  accept: 'The accepter VPC owner must accept the request before any traffic can flow.',
  requesterRoutes:
    "The requester's subnets reach the accepter only through a route to its CIDRs with the pcx as target.",
  accepterRoutes:
    'Routing is not symmetric: the accepter needs its own routes back to the requester CIDRs.',
  requesterIngress: "Security groups deny inbound traffic by default; allow the accepter's CIDRs.",
  accepterIngress: "Security groups deny inbound traffic by default; allow the requester's CIDRs.",
};

export interface AwsVariant {
  id: ScenarioId;
  title: string;
  description: string;
  constraints: string[];
  crossAccount: boolean;
  crossRegion: boolean;
}

/** One AWS ↔ AWS scenario: the requester is your VPC, the accepter the other one. */
export function awsPairScenario(v: AwsVariant) {
  const inputs = [
    ...awsEndInputs('requester', 'Requester VPC', { account: 'optional' }),
    ...awsEndInputs('accepter', 'Accepter VPC', {
      account: v.crossAccount ? 'required' : 'none',
      region: v.crossRegion ? 'required' : 'none',
    }),
    ...COMMON_INPUTS,
  ];
  const ends = (i: InputReader, c: PlanContext) => {
    const requesterAccount = c.accounts?.requester;
    const requester = awsEnd(i, c, 'requester', 'the requester VPC', { account: requesterAccount });
    const accepterAccount = v.crossAccount
      ? c.accounts?.accepter
      : (c.accounts?.accepter ?? requesterAccount);
    const accepter = awsEnd(i, c, 'accepter', 'the accepter VPC', {
      region: requester.region,
      accountId: v.crossAccount ? undefined : requester.accountId,
      account: accepterAccount,
    });
    return { requester, accepter, accepterAccount };
  };
  return defineScenario({
    id: v.id,
    title: v.title,
    description: v.description,
    constraints: v.constraints,
    clouds: ['aws'],
    sides: [
      { id: 'requester', cloud: 'aws', role: 'yours' },
      { id: 'accepter', cloud: 'aws', role: 'peer' },
    ],
    inputs,
    source: citeUrl(PROVIDER_DOCS.awsPeering),
    rules(i, c) {
      const { requester, accepter } = ends(i, c);
      const pair = awsPairRules(requester, accepter, c, {
        requester: 'requester',
        accepter: 'accepter',
      });
      const knownAccepterOwner = findNetwork(c, 'aws', accepter.vpcId)?.ownerId;
      const errors = [...pair.errors];
      const warnings = [...pair.warnings];
      if (v.crossAccount) {
        errors.push(
          requester.accountId && accepter.accountId === requester.accountId
            ? issue(
                'accepterAccountId',
                accepter.accountId,
                'across accounts, the accepter account must differ from the requester account; use "AWS ↔ AWS, same account" instead',
              )
            : undefined,
          knownAccepterOwner && accepter.accountId && knownAccepterOwner !== accepter.accountId
            ? issue(
                'accepterAccountId',
                accepter.accountId,
                `VPC ${accepter.vpcId} belongs to account ${knownAccepterOwner}`,
              )
            : undefined,
        );
        if (requester.region !== accepter.region)
          warnings.push(issue('accepterRegion', accepter.region, CROSS_REGION_CHARGES));
      } else if (
        requester.accountId &&
        knownAccepterOwner &&
        knownAccepterOwner !== requester.accountId
      ) {
        errors.push(
          issue(
            'accepterVpcId',
            accepter.vpcId,
            `VPC ${accepter.vpcId} belongs to account ${knownAccepterOwner}, not ${requester.accountId}; use "AWS ↔ AWS, across accounts"`,
          ),
        );
      }
      if (v.crossRegion) {
        errors.push(
          accepter.region === requester.region
            ? issue(
                'accepterRegion',
                accepter.region,
                'across regions, the accepter region must differ from the requester region',
              )
            : undefined,
        );
        warnings.push(issue('accepterRegion', accepter.region, CROSS_REGION_CHARGES));
      } else if (!v.crossAccount) {
        const knownRegion = findNetwork(c, 'aws', accepter.vpcId)?.region;
        errors.push(
          knownRegion && knownRegion !== requester.region
            ? issue(
                'accepterVpcId',
                accepter.vpcId,
                `VPC ${accepter.vpcId} is in ${knownRegion}, not ${requester.region}; use "AWS ↔ AWS, across regions"`,
              )
            : undefined,
        );
      }
      return { errors: compact(errors), warnings: compact(warnings) };
    },
    build(i, c) {
      const { requester, accepter, accepterAccount } = ends(i, c);
      const draft = newDraft({
        scenarioId: v.id,
        title: `${v.title}: ${requester.vpcId} ↔ ${accepter.vpcId}`,
        summary: v.description,
        source: citeUrl(PROVIDER_DOCS.awsPeering),
      });
      addSide(draft, {
        id: 'requester',
        label: `Requester (${requester.vpcId})`,
        cloud: 'aws',
        accountId: c.accounts?.requester?.id,
        region: requester.region,
        manual: !c.accounts?.requester,
      });
      addSide(draft, {
        id: 'accepter',
        label: `Accepter (${accepter.vpcId})`,
        cloud: 'aws',
        accountId: accepterAccount?.id,
        region: accepter.region,
        manual: !accepterAccount,
      });
      addAwsPairSteps(draft, {
        requester,
        accepter,
        peeringName: i.text('peeringName'),
        ingress: parseIngressPorts(i.text('ingressPorts')),
        ruleDescription: i.text('ruleDescription'),
        dnsResolution: i.text('dnsResolution') === 'yes',
        accepterHasAccount: !!accepterAccount,
        crossAccount: v.crossAccount,
        reasons: GENERIC_REASONS,
      });
      return draft;
    },
  });
}
