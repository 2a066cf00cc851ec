/**
 * EMQX Cloud ↔ AWS (https://docs.emqx.com/en/cloud/latest/deployments/vpc_peering.html): your VPC
 * requests a peering to the EMQX deployment VPC in EMQX's account, in the same region only; you
 * enter the peering id, requester account and requester VPC in the EMQX console, which accepts;
 * then a route and a security group rule.
 */
import { cite, citeUrl, PROVIDER_DOCS } from '../../model/docs';
import { rawStates } from '../../model/states';
import { addSide, addStep, newDraft, ref, type PlanDraft } from '../draft';
import { defineScenario, inputSpecs, type InputReader } from '../scenario';
import { awsEnd, awsEndInputs, awsRuleDescriptionInput } from '../pairs/aws';
import {
  declareAwsEnd,
  endVariables,
  FAILED_PEERING_STATES,
  ingressSteps,
  peeringQueryCommand,
  peeringStatusCommand,
  requestPeeringStep,
  routeSteps,
  waitPeeringStep,
  type AwsEnd,
} from '../steps/aws';
import type { PlanContext, ShellLine, TfBlock } from '../../model/plan';

import { issue, parseIngressPorts } from '../validation/fieldRules';
import {
  EMQX_CLOUD_RESERVED,
  existingPeeringIssue,
  findNetwork,
  overlapIssues,
  reservedIssues,
  selfOverlapIssues,
} from '../validation/networkRules';

const CLOUD_DOC = PROVIDER_DOCS.emqxCloud;
const CLOUD_SOURCE = citeUrl(CLOUD_DOC);
const EMQX_CONSOLE = 'EMQX Cloud console → deployment → + VPC Peering Connection';

const EMQX_CLOUD_INPUTS = inputSpecs(
  {
    name: 'emqxRegion',
    label: 'Region of deployment',
    kind: 'awsRegion',
    required: true,
    side: 'emqx',
    help: 'From the EMQX console dialog (+ VPC Peering Connection). Your VPC must be in this region.',
    example: 'us-east-1',
  },
  {
    name: 'emqxVpcId',
    label: 'VPC ID of deployment',
    kind: 'vpcId',
    required: true,
    side: 'emqx',
    help: 'From the EMQX console dialog; keep the dialog open.',
  },
  {
    name: 'emqxCidr',
    label: 'CIDR of deployment',
    kind: 'cidr',
    required: true,
    side: 'emqx',
    help: 'From the EMQX console dialog; your route table sends it to the peering.',
  },
  {
    name: 'emqxAccountId',
    label: 'Account ID of EMQX Cloud',
    kind: 'awsAccountId',
    required: true,
    side: 'emqx',
    help: 'From the EMQX console dialog: the AWS account that owns the deployment VPC.',
  },
);

const DESCRIPTION =
  'Peer your AWS VPC with an EMQX Cloud deployment: request the peering to the deployment VPC, confirm it in the EMQX console, then route and open your security group.';

/** EMQX's deployment (from its console dialog), then your VPC, the peering's name and your rules. */
const INPUTS = inputSpecs(
  ...EMQX_CLOUD_INPUTS,
  ...awsEndInputs('customer', 'Your VPC', { account: 'optional', region: 'none' }),
  {
    name: 'peeringName',
    label: 'Name of the peering',
    kind: 'name',
    maxLength: 255,
    required: true,
    side: 'customer',
    help: 'Set as the Name tag of the peering connection.',
    default: 'emqx-cloud',
  },
  {
    name: 'ingressPorts',
    label: 'Traffic to allow from the deployment',
    kind: 'ingressPorts',
    required: true,
    side: 'customer',
    help: 'EMQX reaches your resources (databases, Kafka, HTTP servers) from the deployment CIDR; narrow it to their ports.',
    default: 'tcp:all',
  },
  awsRuleDescriptionInput('customer', 'EMQX Cloud deployment'),
);

/** The inputs as `build` and its step builders read them. */
type Inputs = InputReader<(typeof INPUTS)[number]['name']>;

export const emqxCloudAws = defineScenario({
  id: 'emqx-cloud-aws',
  title: 'EMQX Cloud ↔ AWS',
  description: DESCRIPTION,
  constraints: [
    'EMQX Cloud only supports peering in the same region as the deployment.',
    'EMQX Cloud does not support VPC CIDRs in 100.0.0.0/8 or 101.0.0.0/8.',
    'Peering connections are bound to resources: create the peering before creating resources in the deployment.',
    'To delete a peering later, it must read running in the EMQX console and no deployment resources may use it.',
  ],
  clouds: ['aws'],
  service: 'emqx',
  sides: [
    { id: 'emqx', cloud: 'emqx', networkCloud: 'aws', role: 'service', consoleOnly: true },
    { id: 'customer', cloud: 'aws', role: 'yours' },
  ],
  inputs: INPUTS,
  source: CLOUD_SOURCE,
  rules(i, c) {
    const region = i.text('emqxRegion');
    const customer = awsEnd(i, c, 'customer', 'your VPC', {
      region,
      account: c.accounts?.customer,
    });
    const known = findNetwork(c, 'aws', customer.vpcId);
    const emqx = { field: 'emqxCidr', label: 'the EMQX deployment', cidrs: [i.text('emqxCidr')] };
    const customerCidrs = { field: 'customerCidrs', label: 'your VPC', cidrs: customer.cidrs };
    const errors = [
      ...reservedIssues(customerCidrs, EMQX_CLOUD_RESERVED),
      ...overlapIssues(customerCidrs, emqx),
      ...selfOverlapIssues(customerCidrs),
      known?.region && known.region !== region
        ? issue(
            'customerVpcId',
            customer.vpcId,
            `your VPC is in ${known.region}, but EMQX Cloud only supports peering in the deployment's region (${region})`,
          )
        : undefined,
      customer.accountId && customer.accountId === i.text('emqxAccountId')
        ? issue(
            'emqxAccountId',
            i.text('emqxAccountId'),
            'it is your own account; copy the Account ID of EMQX Cloud from the console dialog',
          )
        : undefined,
      existingPeeringIssue(
        c,
        'customerVpcId',
        { cloud: 'aws', id: i.text('emqxVpcId') },
        { cloud: 'aws', id: customer.vpcId },
      ),
    ];
    const warnings = [
      customer.routeTableIds.length === 0
        ? issue(
            'customerRouteTableIds',
            '',
            `no route tables: your subnets cannot reach the deployment until a route sends its CIDR to the peering (${cite(CLOUD_DOC, 'AWS Cloud VPC Peering Connection, step 5')})`,
          )
        : undefined,
    ];
    return { errors, warnings };
  },
  build(i, c) {
    const region = i.text('emqxRegion');
    const customer = awsEnd(i, c, 'customer', 'your VPC', {
      region,
      account: c.accounts?.customer,
    });
    const emqx = emqxDeploymentVpc(i, region);
    const draft = newDraft({
      scenarioId: 'emqx-cloud-aws',
      title: `EMQX Cloud ${emqx.vpcId} ↔ AWS ${customer.vpcId}`,
      summary: DESCRIPTION,
      source: CLOUD_SOURCE,
    });
    addCustomerAndConsoleSides(draft, c, customer, region);
    declareBothVpcs(draft, customer, emqx);
    requestPeeringStep(draft, customer, emqx, {
      title: `Request a peering from ${customer.vpcId} to the EMQX deployment VPC ${emqx.vpcId}`,
      reason: `${cite(CLOUD_DOC, 'AWS Cloud VPC Peering Connection, step 2')}: in the deployment's region, create a peering connection to "Another account" = Account ID of EMQX Cloud, VPC (Accepter) = VPC ID of deployment.`,
      name: i.text('peeringName'),
      autoAccept: false,
      crossAccount: true,
      crossRegion: false,
    });
    waitPeeringStep(draft, {
      id: 'wait-pending-acceptance',
      side: 'customer',
      states: ['pending-acceptance', 'provisioning', 'active'],
      title: 'Wait until the request is ready for EMQX (pending-acceptance)',
      reason: 'EMQX can confirm only a request that has reached pending-acceptance.',
    });
    addConsoleConfirmStep(draft, customer);
    waitPeeringStep(draft, {
      id: 'wait-active',
      side: 'customer',
      states: ['active'],
      title: 'Wait until the peering is active',
      reason: 'The route carries traffic only once EMQX has accepted and the peering is active.',
    });
    addRouteAndIngressSteps(draft, i, customer, emqx);
    addResourceOrderAndTeardownNotes(draft);
    return draft;
  },
});

/**
 * The deployment's VPC as the AWS step builders name an end: in EMQX's account and the
 * deployment's region, with no route tables or security groups of ours and no CLI profile (EMQX
 * Cloud is a console here).
 */
function emqxDeploymentVpc(i: Inputs, region: string): AwsEnd {
  return {
    side: 'emqx',
    label: 'the EMQX deployment VPC',
    vpcId: i.text('emqxVpcId'),
    cidrs: [i.text('emqxCidr')],
    region,
    accountId: i.text('emqxAccountId'),
    routeTableIds: [],
    securityGroupIds: [],
    profile: '',
  };
}

/** Your AWS account, run by the plan when configured; EMQX Cloud's console, always by hand. */
function addCustomerAndConsoleSides(
  draft: PlanDraft,
  c: PlanContext,
  customer: AwsEnd,
  region: string,
): void {
  addSide(draft, {
    id: 'customer',
    label: `Your AWS account (${customer.vpcId})`,
    cloud: 'aws',
    accountId: c.accounts?.customer?.id,
    region,
    manual: !c.accounts?.customer,
  });
  addSide(draft, {
    id: 'emqx',
    label: 'EMQX Cloud console',
    cloud: 'emqx',
    region,
    manual: true,
  });
}

/** The variables of both VPCs; the deployment's side keeps its ids but loses the AWS access. */
function declareBothVpcs(draft: PlanDraft, customer: AwsEnd, emqx: AwsEnd): void {
  declareAwsEnd(draft, customer);
  declareAwsEnd(draft, emqx);
  // The EMQX side is a console: no CLI profile and no Terraform provider of its own.
  draft.terraformProviders = draft.terraformProviders.filter((p) => p.alias !== 'emqx');
  draft.variables = draft.variables.filter((v) => v.name !== 'EMQX_AWS_PROFILE');
}

/**
 * Step 4 of the guide: the user types the peering's three values into the EMQX console, which
 * accepts it. Checked from the customer's side (the peering leaves pending-acceptance), since the
 * plan reaches EMQX Cloud only through its console; a day's timeout, as someone does it by hand.
 */
function addConsoleConfirmStep(draft: PlanDraft, customer: AwsEnd): void {
  const requesterAccount = customer.accountId ?? ref('requesterAccountId');
  addStep(draft, {
    id: 'emqx-confirm',
    side: 'emqx',
    checkSide: 'customer',
    title: 'Enter the peering in the EMQX Cloud console and click Confirm',
    reason: `${cite(CLOUD_DOC, 'AWS Cloud VPC Peering Connection, step 4')}: EMQX Cloud accepts the request once you fill in the Peering ID, Account ID and VPC ID recorded in step 3 and click Confirm.`,
    kind: 'manual',
    instructions: [
      'Return to the EMQX Cloud console dialog (+ VPC Peering Connection) you kept open.',
      'Fill in the three values below and click Confirm.',
    ],
    values: [
      {
        label: 'Peering ID',
        value: ref('peeringId'),
        destination: `${EMQX_CONSOLE} → Peering ID`,
      },
      {
        label: 'Account ID',
        value: requesterAccount,
        destination: `${EMQX_CONSOLE} → Account ID`,
      },
      { label: 'VPC ID', value: customer.vpcId, destination: `${EMQX_CONSOLE} → VPC ID` },
    ],
    check: {
      kind: 'awsPeeringState',
      peeringId: ref('peeringId'),
      states: ['provisioning', 'active'],
    },
    timeoutMs: 24 * 60 * 60_000,
    rollback:
      'Delete the peering from the deployment details page in the EMQX console (see the deletion preconditions).',
    scripts: {
      bash: consoleConfirmBash(customer),
      terraform: consoleValuesTerraform(customer),
    },
  });
}

/**
 * The bash form of the console step: print the three values (the account as AWS records the
 * requester, which the script may not have been given), then wait until EMQX has accepted.
 */
function consoleConfirmBash(customer: AwsEnd): ShellLine[] {
  const v = endVariables(customer);
  return [
    {
      capture: 'REQUESTER_OWNER_ID',
      command: peeringQueryCommand(
        customer.side,
        'VpcPeeringConnections[0].RequesterVpcInfo.OwnerId',
      ),
    },
    {
      say: [
        'In the EMQX Cloud console dialog (+ VPC Peering Connection), fill in and click Confirm:',
      ],
    },
    { say: ['  Peering ID: ', { var: 'PEERING_ID' }] },
    { say: ['  Account ID: ', { var: 'REQUESTER_OWNER_ID' }] },
    { say: ['  VPC ID: ', { var: v.vpcId }] },
    { say: ['Waiting for EMQX Cloud to accept...'] },
    {
      command: [
        'wait_for_state',
        rawStates('aws', 'provisioning', 'active').join('|'),
        FAILED_PEERING_STATES,
        ...peeringStatusCommand(customer.side),
      ],
    },
  ];
}

/**
 * The Terraform form of the console step: Terraform cannot click Confirm, so it outputs the three
 * values to enter (the account from aws_caller_identity).
 */
function consoleValuesTerraform(customer: AwsEnd): TfBlock[] {
  const v = endVariables(customer);
  return [
    {
      kind: 'data',
      type: 'aws_caller_identity',
      name: 'customer',
      body: [{ attr: 'provider', value: { ref: 'aws.customer' } }],
    },
    {
      kind: 'output',
      name: 'emqx_console_values',
      body: [
        {
          attr: 'description',
          value: `Enter these in the EMQX Cloud console and click Confirm (${cite(CLOUD_DOC, 'AWS Cloud VPC Peering Connection, step 4')}).`,
        },
        {
          attr: 'value',
          value: {
            object: {
              peering_id: { ref: 'aws_vpc_peering_connection.peering.id' },
              account_id: { ref: 'data.aws_caller_identity.customer.account_id' },
              vpc_id: { var: v.vpcId },
            },
          },
        },
      ],
    },
  ];
}

/**
 * Steps 5 and 6 of the guide: a route to the deployment's CIDR in your route tables, and an
 * inbound rule from it in your security groups (all TCP unless narrowed), so the deployment can
 * reach your resources.
 */
function addRouteAndIngressSteps(
  draft: PlanDraft,
  i: Inputs,
  customer: AwsEnd,
  emqx: AwsEnd,
): void {
  const emqxCidrs = {
    variable: endVariables(emqx).cidrs,
    values: emqx.cidrs,
    label: 'the EMQX deployment',
  };
  routeSteps(draft, customer, {
    reason: `${cite(CLOUD_DOC, 'AWS Cloud VPC Peering Connection, step 5')}: add the CIDR of deployment to the route table of your VPC, through the peering.`,
    destinations: emqxCidrs,
  });
  ingressSteps(draft, customer, {
    reason: `${cite(CLOUD_DOC, 'AWS Cloud VPC Peering Connection, step 6')}: edit the inbound rules of the security group bound to your VPC so the deployment can reach your resources.`,
    sources: emqxCidrs,
    ports: parseIngressPorts(i.text('ingressPorts')) ?? {
      protocol: 'tcp',
      fromPort: 0,
      toPort: 65535,
    },
    description: i.text('ruleDescription'),
  });
}

/**
 * What the guide's precautions and deletion section ask of the user after the plan: resources
 * come after the peering, and deleting it has preconditions only the console shows.
 */
function addResourceOrderAndTeardownNotes(draft: PlanDraft): void {
  draft.followUps.push(
    `Now create the deployment resources that reach your VPC: peering connections are bound to resources, so they come after the peering (${cite(CLOUD_DOC, 'Precautions, 3')}).`,
  );
  draft.teardown.push(
    'Deleting the peering needs its status to read running in the EMQX console.',
    `Before deleting, make sure no resources in the deployment are associated with it; otherwise there will be unpredictable risks (${cite(CLOUD_DOC, 'Delete peering connections')}).`,
    'Delete it from the deployment details page: the delete button on the right of the peering connection. Then remove your route and security group rule.',
  );
}
