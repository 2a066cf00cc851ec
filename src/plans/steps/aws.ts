/**
 * AWS steps shared by every scenario that touches a VPC: request, wait,
 * accept, routes, security-group rules and DNS options. Each step carries its
 * adapter call (AwsActions in src/providers/aws), the read that finds its
 * effect, and its aws CLI and Terraform (hashicorp/aws) forms.
 */
import { parseCidr } from '../../model/cidr';
import { failedOrGone, statesIn, type RawState } from '../../model/states';
import type { Account } from '../../model/types';
import { awsSideCommand, awsSideVariables } from '../../render/bash';
import {
  addStep,
  awsFilter,
  declareTerraformProvider,
  element,
  ref,
  tfElement,
  variable,
  waitOnly,
  type PlanDraft,
  type StepDraft,
} from '../draft';
import type {
  SdkAction,
  ShellLine,
  ShellWord,
  StepCheck,
  TfBlock,
  TfBodyItem,
  TfExpr,
} from '../../model/plan';
import type { IngressPorts } from '../validation/fieldRules';

/** One VPC taking part in a peering, and the side (account) that owns it. */
export interface AwsEnd {
  /** Plan side id; its upper-case form prefixes the variables (REQUESTER_VPC_ID, ...). */
  side: string;
  /** "your application VPC", "the EMQX deployment VPC", ... */
  label: string;
  vpcId: string;
  cidrs: string[];
  region: string;
  accountId?: string;
  routeTableIds: string[];
  securityGroupIds: string[];
  /** AWS CLI profile for scripts; empty means the default credential chain. */
  profile: string;
}

/** A live peering: one the checks and scripts reuse rather than request again. */
export const LIVE_PEERING_STATES = statesIn('aws', 'live');
/** The states that stop a script's wait at once (`wait_for_state`'s second argument). */
export const FAILED_PEERING_STATES = failedOrGone('aws').join('|');

export function prefixOf(side: string): string {
  return side.replace(/[^A-Za-z0-9]/g, '_').toUpperCase();
}

export function endVariables(end: AwsEnd) {
  const p = prefixOf(end.side);
  return {
    vpcId: `${p}_VPC_ID`,
    cidrs: `${p}_CIDRS`,
    accountId: `${p}_ACCOUNT_ID`,
    routeTables: `${p}_ROUTE_TABLE_IDS`,
    securityGroups: `${p}_SECURITY_GROUP_IDS`,
    ...awsSideVariables(end.side),
  };
}

/** Declares an end's variables and its Terraform provider (alias = side id). */
export function declareAwsEnd(draft: PlanDraft, end: AwsEnd): void {
  const v = endVariables(end);
  variable(draft, v.vpcId, end.vpcId, `VPC id of ${end.label}`);
  variable(
    draft,
    v.cidrs,
    end.cidrs,
    `Every CIDR block of ${end.label} (primary, secondary, IPv6)`,
  );
  variable(draft, v.region, end.region, `AWS region of ${end.label}`);
  variable(
    draft,
    v.profile,
    end.profile,
    `AWS CLI profile for ${end.label}; leave empty for the default credentials`,
  );
  if (end.accountId)
    variable(draft, v.accountId, end.accountId, `AWS account id that owns ${end.label}`);
  if (end.routeTableIds.length)
    variable(draft, v.routeTables, end.routeTableIds, `Route tables of ${end.label} to update`);
  if (end.securityGroupIds.length)
    variable(
      draft,
      v.securityGroups,
      end.securityGroupIds,
      `Security groups of ${end.label} that accept traffic from the other side`,
    );
  const profileVar = `var.${v.profile.toLowerCase()}`;
  declareTerraformProvider(draft, {
    provider: 'aws',
    alias: end.side,
    body: [
      { attr: 'region', value: { var: v.region } },
      { attr: 'profile', value: { expr: `${profileVar} == "" ? null : ${profileVar}` } },
    ],
  });
}

/** The AWS profile scripts should use for a configured account: its `ref` is the profile name. */
export function profileOf(account: Account | undefined, given: string | undefined): string {
  return given ?? (account?.cloud === 'aws' ? account.ref : '');
}

function aws(end: { side: string }, ...args: ShellWord[]): ShellWord[] {
  return [awsSideCommand(end.side), ...args];
}

const tfProvider = (side: string): TfBodyItem => ({
  attr: 'provider',
  value: { ref: `aws.${side}` },
});

/** Reads one field (a JMESPath query) of a peering as the given side sees it. */
export function peeringQueryCommand(
  side: string,
  query: string,
  peeringVar = 'PEERING_ID',
): ShellWord[] {
  return aws(
    { side },
    'ec2',
    'describe-vpc-peering-connections',
    '--vpc-peering-connection-ids',
    { var: peeringVar },
    '--query',
    query,
    '--output',
    'text',
  );
}

/** Reads a peering's status code as the given side sees it. */
export function peeringStatusCommand(side: string, peeringVar = 'PEERING_ID'): ShellWord[] {
  return peeringQueryCommand(side, 'VpcPeeringConnections[0].Status.Code', peeringVar);
}

export interface RequestOptions {
  id?: string;
  title: string;
  reason: string;
  name: string;
  /** Same account and region: the requester accepts its own request (Terraform auto_accept). */
  autoAccept: boolean;
  crossAccount: boolean;
  crossRegion: boolean;
}

/** The requester asks for the peering; the read finds a live one between the same VPCs. */
export function requestPeeringStep(
  draft: PlanDraft,
  requester: AwsEnd,
  accepter: AwsEnd,
  options: RequestOptions,
): void {
  const r = endVariables(requester);
  const a = endVariables(accepter);
  const nameVar = variable(
    draft,
    'PEERING_NAME',
    options.name,
    'Name tag of the peering connection',
  );
  const createArgs: ShellWord[] = [
    'ec2',
    'create-vpc-peering-connection',
    '--vpc-id',
    { var: r.vpcId },
    '--peer-vpc-id',
    { var: a.vpcId },
  ];
  if (options.crossAccount) createArgs.push('--peer-owner-id', { var: a.accountId });
  if (options.crossRegion) createArgs.push('--peer-region', { var: a.region });
  createArgs.push(
    '--tag-specifications',
    {
      subst: [
        'jq',
        '-cn',
        '--arg',
        'name',
        nameVar,
        '[{ResourceType: "vpc-peering-connection", Tags: [{Key: "Name", Value: $name}]}]',
      ],
    },
    '--query',
    'VpcPeeringConnection.VpcPeeringConnectionId',
    '--output',
    'text',
  );
  const bash: ShellLine[] = [
    { comment: 'Reuse a live request between these VPCs if there is one.' },
    {
      capture: 'PEERING_ID',
      command: aws(
        requester,
        'ec2',
        'describe-vpc-peering-connections',
        '--filters',
        awsFilter('requester-vpc-info.vpc-id', { var: r.vpcId }),
        awsFilter('accepter-vpc-info.vpc-id', { var: a.vpcId }),
        `Name=status-code,Values=${LIVE_PEERING_STATES.join(',')}`,
        '--query',
        'VpcPeeringConnections[0].VpcPeeringConnectionId',
        '--output',
        'text',
      ),
    },
    {
      ifVar: 'PEERING_ID',
      equals: null,
      then: [
        {
          comment:
            'A live request the other way round cannot coexist: EC2 would refuse to accept ours (VpcPeeringConnectionAlreadyExists).',
        },
        {
          capture: 'REVERSE_PEERING_ID',
          command: aws(
            requester,
            'ec2',
            'describe-vpc-peering-connections',
            '--filters',
            awsFilter('requester-vpc-info.vpc-id', { var: a.vpcId }),
            awsFilter('accepter-vpc-info.vpc-id', { var: r.vpcId }),
            `Name=status-code,Values=${LIVE_PEERING_STATES.join(',')}`,
            '--query',
            'VpcPeeringConnections[0].VpcPeeringConnectionId',
            '--output',
            'text',
          ),
        },
        {
          ifVar: 'REVERSE_PEERING_ID',
          equals: null,
          then: [{ capture: 'PEERING_ID', command: aws(requester, ...createArgs) }],
        },
      ],
    },
    {
      ifVar: 'PEERING_ID',
      equals: null,
      then: [
        {
          command: [
            'stop_script',
            {
              concat: [
                'Peering ',
                { var: 'REVERSE_PEERING_ID' },
                ' already joins ',
                { var: a.vpcId },
                ' to ',
                { var: r.vpcId },
                ' the other way round; accept or delete it, then run this script again.',
              ],
            },
          ],
        },
      ],
    },
    { say: ['Peering connection: ', { var: 'PEERING_ID' }] },
  ];
  const body: TfBodyItem[] = [
    tfProvider(requester.side),
    { attr: 'vpc_id', value: { var: r.vpcId } },
    { attr: 'peer_vpc_id', value: { var: a.vpcId } },
  ];
  if (options.crossAccount) body.push({ attr: 'peer_owner_id', value: { var: a.accountId } });
  if (options.crossRegion) body.push({ attr: 'peer_region', value: { var: a.region } });
  if (options.autoAccept) body.push({ attr: 'auto_accept', value: true });
  body.push({ attr: 'tags', value: { object: { Name: { var: 'PEERING_NAME' } } } });
  addStep(draft, {
    id: options.id ?? 'request-peering',
    side: requester.side,
    title: options.title,
    reason: options.reason,
    kind: 'api',
    action: {
      cloud: 'aws',
      method: 'createPeering',
      args: [
        {
          vpcId: requester.vpcId,
          peerVpcId: accepter.vpcId,
          ...(options.crossAccount && accepter.accountId
            ? { peerOwnerId: accepter.accountId }
            : {}),
          ...(options.crossRegion ? { peerRegion: accepter.region } : {}),
          name: options.name,
        },
      ],
    },
    check: {
      kind: 'awsPeeringBetween',
      requesterVpcId: requester.vpcId,
      accepterVpcId: accepter.vpcId,
    },
    outputs: ['peeringId'],
    rollback: `Delete the request: aws ec2 delete-vpc-peering-connection --vpc-peering-connection-id <pcx-id> (as ${requester.label}'s account, region ${requester.region}).`,
    scripts: {
      bash,
      terraform: [{ kind: 'resource', type: 'aws_vpc_peering_connection', name: 'peering', body }],
    },
  });
}

export interface WaitOptions {
  id: string;
  /** The side that reads the status (its account and region). */
  side: string;
  states: RawState<'aws'>[];
  title: string;
  reason: string;
  peeringVar?: string;
  peeringOutput?: string;
  timeoutMs?: number;
}

export function waitPeeringStep(draft: PlanDraft, options: WaitOptions): void {
  addStep(draft, {
    id: options.id,
    side: options.side,
    title: options.title,
    reason: options.reason,
    kind: 'wait',
    check: {
      kind: 'awsPeeringState',
      peeringId: ref(options.peeringOutput ?? 'peeringId'),
      states: options.states,
    },
    ...waitOnly(options.timeoutMs),
    scripts: {
      bash: [
        {
          command: [
            'wait_for_state',
            options.states.join('|'),
            FAILED_PEERING_STATES,
            ...peeringStatusCommand(options.side, options.peeringVar),
          ],
        },
      ],
      terraform: [],
    },
  });
}

export interface AcceptOptions {
  /** The accepter has no configured account (or no API): the user accepts in its console. */
  manual: boolean;
  reason: string;
  /** Terraform: declare an accepter resource (false when the request auto-accepts). */
  terraformAccepter: boolean;
  /** Where the pcx id comes from in Terraform. */
  tfPeeringId?: string;
  dependsOn?: string[];
}

export function acceptPeeringStep(
  draft: PlanDraft,
  accepter: AwsEnd,
  options: AcceptOptions,
): void {
  const tfBlocks: TfBlock[] = options.terraformAccepter
    ? [
        {
          kind: 'resource',
          type: 'aws_vpc_peering_connection_accepter',
          name: 'peering',
          body: [
            tfProvider(accepter.side),
            {
              attr: 'vpc_peering_connection_id',
              value: { ref: options.tfPeeringId ?? 'aws_vpc_peering_connection.peering.id' },
            },
            { attr: 'auto_accept', value: true },
            ...(options.dependsOn
              ? [{ attr: 'depends_on', value: options.dependsOn.map((d) => ({ ref: d })) }]
              : []),
          ],
        },
      ]
    : [];
  addStep(draft, {
    id: 'accept-peering',
    side: accepter.side,
    title: `Accept the peering request in ${accepter.label}'s account`,
    reason: options.reason,
    kind: options.manual ? 'manual' : 'api',
    action: options.manual
      ? undefined
      : { cloud: 'aws', method: 'acceptPeering', args: [ref('peeringId')] },
    check: {
      kind: 'awsPeeringState',
      peeringId: ref('peeringId'),
      states: ['provisioning', 'active'],
    },
    instructions: options.manual
      ? [
          `Sign in to the AWS account that owns ${accepter.vpcId} (region ${accepter.region}).`,
          'Open VPC → Peering connections, select the request below, then Actions → Accept request.',
        ]
      : undefined,
    values: options.manual
      ? [
          {
            label: 'Peering connection id',
            value: ref('peeringId'),
            destination: 'AWS console → VPC → Peering connections',
          },
        ]
      : undefined,
    timeoutMs: options.manual ? 24 * 60 * 60_000 : undefined,
    rollback:
      'Reject or delete the peering: aws ec2 delete-vpc-peering-connection --vpc-peering-connection-id <pcx-id>.',
    scripts: {
      bash: [
        { capture: 'PEERING_STATUS', command: peeringStatusCommand(accepter.side) },
        {
          ifVar: 'PEERING_STATUS',
          equals: 'pending-acceptance',
          then: [
            {
              command: aws(
                accepter,
                'ec2',
                'accept-vpc-peering-connection',
                '--vpc-peering-connection-id',
                { var: 'PEERING_ID' },
                '--query',
                'VpcPeeringConnection.Status.Code',
                '--output',
                'text',
              ),
            },
          ],
        },
      ],
      terraform: tfBlocks,
    },
  });
}

/**
 * Reads a describe-route-tables answer for one destination (`$cidr`) and the
 * plan's peering (`$pcx`): `missing`, `present` (an active route through this
 * peering, the runner's check), `blackhole` (through a peering that is gone:
 * replace-route) or `taken` (another live target: stop, as the runner does).
 */
const ROUTE_STATE_JQ =
  '[.RouteTables[0].Routes[]? | select((.DestinationCidrBlock // .DestinationIpv6CidrBlock) == $cidr)][0]' +
  ' | if . == null then "missing"' +
  ' elif .VpcPeeringConnectionId == $pcx and .State == "active" then "present"' +
  ' elif .State == "blackhole" then "blackhole"' +
  ' else "taken" end';

export interface RouteOptions {
  reason: string;
  /** Where the pcx id comes from in Terraform. */
  tfPeeringId?: string;
  dependsOn?: string[];
  /** Destinations: a list variable and its values. */
  destinations: { variable: string; values: string[]; label: string };
  idPrefix?: string;
  /** No configured account for this side: the user adds the routes in its console. */
  manual?: boolean;
}

/** One route per route table and destination CIDR, targeting the peering. */
export function routeSteps(draft: PlanDraft, from: AwsEnd, options: RouteOptions): void {
  const v = endVariables(from);
  from.routeTableIds.forEach((tableId, t) => {
    options.destinations.values.forEach((cidr, c) => {
      const ipv6 = parseCidr(cidr).family === 'ipv6';
      const table = element(v.routeTables, t);
      const destination = element(options.destinations.variable, c);
      const flag = ipv6 ? '--destination-ipv6-cidr-block' : '--destination-cidr-block';
      /** create-route and replace-route take the same arguments: the CIDR through this peering. */
      const routeThroughPeering = (verb: 'create-route' | 'replace-route') =>
        aws(
          from,
          'ec2',
          verb,
          '--route-table-id',
          table,
          flag,
          destination,
          '--vpc-peering-connection-id',
          { var: 'PEERING_ID' },
        );
      addStep(draft, {
        id: `${options.idPrefix ?? from.side}-route-${t + 1}-${c + 1}`,
        side: from.side,
        title: `Route ${cidr} (${options.destinations.label}) through the peering in ${tableId}`,
        reason: options.reason,
        ...(options.manual
          ? {
              kind: 'manual' as const,
              instructions: [
                `In the AWS console of ${from.label}'s account (region ${from.region}), open VPC → Route tables → ${tableId} → Edit routes.`,
                'Add route: the destination and target below, then Save changes.',
              ],
              values: [
                {
                  label: `Destination in ${tableId}`,
                  value: cidr,
                  destination: 'AWS console → Route tables → Edit routes → Destination',
                },
                {
                  label: 'Target (peering connection)',
                  value: ref('peeringId'),
                  destination: 'AWS console → Route tables → Edit routes → Target',
                },
              ],
            }
          : {
              kind: 'api' as const,
              action: {
                cloud: 'aws' as const,
                method: 'createRoute',
                args: [
                  { routeTableId: tableId, destinationCidr: cidr, peeringId: ref('peeringId') },
                ],
              },
              check: {
                kind: 'awsRoute' as const,
                routeTableId: tableId,
                destination: cidr,
                peeringId: ref('peeringId'),
              },
            }),
        rollback: `aws ec2 delete-route --route-table-id ${tableId} ${flag} ${cidr}`,
        scripts: {
          bash: [
            {
              comment:
                'Present only as an active route to this CIDR through this peering (as the runner checks); a blackhole (a route through a deleted peering) is replaced, any other target stops the script.',
            },
            {
              capture: 'ROUTE_STATE',
              command: aws(
                from,
                'ec2',
                'describe-route-tables',
                '--route-table-ids',
                table,
                '--output',
                'json',
              ),
              pipeTo: [
                'jq',
                '-r',
                '--arg',
                'cidr',
                destination,
                '--arg',
                'pcx',
                { var: 'PEERING_ID' },
                ROUTE_STATE_JQ,
              ],
            },
            {
              ifVar: 'ROUTE_STATE',
              equals: 'missing',
              then: [{ command: routeThroughPeering('create-route') }],
            },
            {
              ifVar: 'ROUTE_STATE',
              equals: 'blackhole',
              then: [{ command: routeThroughPeering('replace-route') }],
            },
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
                        destination,
                        ' to another target than ',
                        { var: 'PEERING_ID' },
                        '. Remove that route or pick another route table.',
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
              name: `${from.side}_${t + 1}_${c + 1}`,
              body: [
                tfProvider(from.side),
                {
                  attr: 'route_table_id',
                  value: tfElement(v.routeTables, t),
                },
                {
                  attr: ipv6 ? 'destination_ipv6_cidr_block' : 'destination_cidr_block',
                  value: tfElement(options.destinations.variable, c),
                },
                {
                  attr: 'vpc_peering_connection_id',
                  value: { ref: options.tfPeeringId ?? 'aws_vpc_peering_connection.peering.id' },
                },
                ...(options.dependsOn
                  ? [
                      {
                        attr: 'depends_on',
                        value: options.dependsOn.map((d) => ({ ref: d })) as TfExpr,
                      },
                    ]
                  : []),
              ],
            },
          ],
        },
      });
    });
  });
}

export interface IngressOptions {
  reason: string;
  sources: { variable: string; values: string[]; label: string };
  ports: IngressPorts;
  description: string;
  idPrefix?: string;
  /** No configured account for this side: the user adds the rules in its console. */
  manual?: boolean;
}

function portsText(ports: IngressPorts): string {
  if (ports.protocol === '-1') return 'all traffic';
  if (ports.fromPort === 0 && ports.toPort === 65535) return `all ${ports.protocol.toUpperCase()}`;
  return ports.fromPort === ports.toPort
    ? `${ports.protocol.toUpperCase()} ${ports.fromPort}`
    : `${ports.protocol.toUpperCase()} ${ports.fromPort}-${ports.toPort}`;
}

/** Declares the protocol and port variables once. */
function declarePorts(draft: PlanDraft, ports: IngressPorts): void {
  variable(
    draft,
    'INGRESS_PROTOCOL',
    ports.protocol,
    'Protocol the rules allow (-1 means all traffic)',
  );
  if (ports.protocol !== '-1') {
    variable(draft, 'INGRESS_FROM_PORT', String(ports.fromPort), 'First port the rules allow');
    variable(draft, 'INGRESS_TO_PORT', String(ports.toPort), 'Last port the rules allow');
  }
}

/** One security-group rule being built: which group (g-th) lets in which source CIDR (c-th). */
interface IngressRule {
  at: AwsEnd;
  options: IngressOptions;
  groupId: string;
  g: number;
  cidr: string;
  c: number;
  /** IPv6 sources go into Ipv6Ranges / cidr_ipv6; EC2 rejects an IPv6 CIDR in IpRanges. */
  ipv6: boolean;
}

/** One inbound rule per security group and source CIDR. */
export function ingressSteps(draft: PlanDraft, at: AwsEnd, options: IngressOptions): void {
  declarePorts(draft, options.ports);
  variable(
    draft,
    'RULE_DESCRIPTION',
    options.description,
    'Description on each security group rule',
  );
  at.securityGroupIds.forEach((groupId, g) => {
    options.sources.values.forEach((cidr, c) => {
      const ipv6 = parseCidr(cidr).family === 'ipv6';
      addStep(draft, ingressStep({ at, options, groupId, g, cidr, c, ipv6 }));
    });
  });
}

/**
 * The step for one rule. Key order is kept as before so the plan JSON that
 * scripts/dump-artifacts.ts writes does not change.
 */
function ingressStep(rule: IngressRule): StepDraft {
  const { at, options, groupId, g, cidr, c } = rule;
  const manual = options.manual === true;
  return {
    id: `${options.idPrefix ?? at.side}-ingress-${g + 1}-${c + 1}`,
    side: at.side,
    title: `Allow ${portsText(options.ports)} from ${cidr} (${options.sources.label}) in ${groupId}`,
    reason: options.reason,
    ...(manual ? ingressConsoleInstructions(rule) : { kind: 'api' as const }),
    action: manual ? undefined : ingressAction(rule),
    check: manual ? undefined : ingressCheck(rule),
    rollback: `aws ec2 revoke-security-group-ingress --group-id ${groupId} with the same rule (${portsText(options.ports)} from ${cidr}).`,
    scripts: { bash: ingressBash(rule), terraform: [ingressTerraform(rule)] },
  };
}

/** No account for this side: what the user does in its AWS console instead of the API call. */
function ingressConsoleInstructions({ at, options, groupId, cidr }: IngressRule) {
  return {
    kind: 'manual' as const,
    instructions: [
      `In the AWS console of ${at.label}'s account (region ${at.region}), open VPC → Security groups → ${groupId} → Edit inbound rules.`,
      `Add rule: ${portsText(options.ports)} from the source below, then Save rules.`,
    ],
    values: [
      {
        label: `Inbound source in ${groupId}`,
        value: cidr,
        destination: 'AWS console → Security groups → Edit inbound rules → Source',
      },
    ],
  };
}

/** The adapter call (AwsActions.allowIngress); "all traffic" (-1) carries no port range. */
function ingressAction({ options, groupId, cidr }: IngressRule): SdkAction {
  const { ports } = options;
  return {
    cloud: 'aws',
    method: 'allowIngress',
    args: [
      {
        groupId,
        protocol: ports.protocol,
        ...(ports.protocol === '-1'
          ? {}
          : { fromPort: ports.fromPort ?? 0, toPort: ports.toPort ?? 65535 }),
        cidr,
        description: options.description,
      },
    ],
  };
}

/** The read the runner uses to find the rule already present (src/runner/checks.ts). */
function ingressCheck({ options, groupId, cidr }: IngressRule): StepCheck {
  return {
    kind: 'awsIngress',
    groupId,
    protocol: options.ports.protocol,
    fromPort: options.ports.fromPort,
    toPort: options.ports.toPort,
    cidr,
  };
}

/** jq arguments binding $from and $to to the port variables (absent for all traffic). */
const PORT_RANGE_ARGS: ShellWord[] = [
  '--argjson',
  'from',
  { var: 'INGRESS_FROM_PORT' },
  '--argjson',
  'to',
  { var: 'INGRESS_TO_PORT' },
];

/** aws CLI form: authorize only when describe-security-groups shows no matching permission. */
function ingressBash(rule: IngressRule): ShellLine[] {
  const { at, g } = rule;
  const group = element(endVariables(at).securityGroups, g);
  return [
    {
      comment:
        'Present only as one permission with this protocol, port range and source (as the runner checks); describe-security-groups filters would match across different rules.',
    },
    {
      capture: 'EXISTING_RULE',
      command: aws(at, 'ec2', 'describe-security-groups', '--group-ids', group, '--output', 'json'),
      pipeTo: existingRuleQuery(rule),
    },
    {
      ifVar: 'EXISTING_RULE',
      equals: 'false',
      then: [
        {
          command: aws(
            at,
            'ec2',
            'authorize-security-group-ingress',
            '--group-id',
            group,
            '--ip-permissions',
            { subst: ipPermissionsJson(rule) },
            '--query',
            'Return',
            '--output',
            'text',
          ),
        },
      ],
    },
  ];
}

/**
 * jq that prints true when the described group already holds one permission
 * with this protocol, port range and source, matching the runner's check;
 * for all traffic (-1) EC2 reports no ports, so only protocol and source count.
 */
function existingRuleQuery({ options, ipv6, c }: IngressRule): ShellWord[] {
  const source = element(options.sources.variable, c);
  const sourceField = ipv6 ? '.Ipv6Ranges[]?; .CidrIpv6' : '.IpRanges[]?; .CidrIp';
  const allTraffic = options.ports.protocol === '-1';
  return [
    'jq',
    '-r',
    '--arg',
    'proto',
    { var: 'INGRESS_PROTOCOL' },
    ...(allTraffic ? [] : PORT_RANGE_ARGS),
    '--arg',
    'cidr',
    source,
    allTraffic
      ? `any(.SecurityGroups[0].IpPermissions[]?; .IpProtocol == $proto and any(${sourceField} == $cidr))`
      : `any(.SecurityGroups[0].IpPermissions[]?; .IpProtocol == $proto and .FromPort == $from and .ToPort == $to and any(${sourceField} == $cidr))`,
  ];
}

/**
 * jq that writes the --ip-permissions JSON, so the source and description
 * reach the CLI as jq string arguments rather than spliced into JSON text.
 */
function ipPermissionsJson({ options, ipv6, c }: IngressRule): ShellWord[] {
  const source = element(options.sources.variable, c);
  const range = ipv6
    ? 'Ipv6Ranges: [{CidrIpv6: $cidr, Description: $desc}]'
    : 'IpRanges: [{CidrIp: $cidr, Description: $desc}]';
  const allTraffic = options.ports.protocol === '-1';
  return [
    'jq',
    '-cn',
    ...(allTraffic ? [] : ['--arg', 'proto', { var: 'INGRESS_PROTOCOL' }, ...PORT_RANGE_ARGS]),
    '--arg',
    'cidr',
    source,
    '--arg',
    'desc',
    { var: 'RULE_DESCRIPTION' },
    allTraffic
      ? `[{IpProtocol: "-1", ${range}}]`
      : `[{IpProtocol: $proto, FromPort: $from, ToPort: $to, ${range}}]`,
  ];
}

/** Terraform form: one aws_vpc_security_group_ingress_rule (hashicorp/aws) per group and source. */
function ingressTerraform({ at, options, g, c, ipv6 }: IngressRule): TfBlock {
  const v = endVariables(at);
  const body: TfBodyItem[] = [
    tfProvider(at.side),
    { attr: 'security_group_id', value: tfElement(v.securityGroups, g) },
    { attr: ipv6 ? 'cidr_ipv6' : 'cidr_ipv4', value: tfElement(options.sources.variable, c) },
    { attr: 'ip_protocol', value: { var: 'INGRESS_PROTOCOL' } },
  ];
  // all traffic (-1) takes no from_port / to_port in this resource.
  if (options.ports.protocol !== '-1')
    body.push(
      { attr: 'from_port', value: { var: 'INGRESS_FROM_PORT' } },
      { attr: 'to_port', value: { var: 'INGRESS_TO_PORT' } },
    );
  body.push({ attr: 'description', value: { var: 'RULE_DESCRIPTION' } });
  return {
    kind: 'resource',
    type: 'aws_vpc_security_group_ingress_rule',
    name: `${at.side}_${g + 1}_${c + 1}`,
    body,
  };
}

/** Lets each side resolve the other's private DNS names; only possible once the peering is active. */
export function dnsResolutionSteps(
  draft: PlanDraft,
  requester: AwsEnd,
  accepter: AwsEnd,
  sameOwner: boolean,
  accepterManual: boolean,
): void {
  const sides: [AwsEnd, 'requester' | 'accepter'][] = [
    [requester, 'requester'],
    [accepter, 'accepter'],
  ];
  for (const [end, role] of sides) {
    const option = role === 'requester' ? 'requesterDnsResolution' : 'accepterDnsResolution';
    const flag =
      role === 'requester'
        ? '--requester-peering-connection-options'
        : '--accepter-peering-connection-options';
    addStep(draft, {
      id: `${role}-dns-resolution`,
      side: end.side,
      title: `Let ${end.label} resolve the other VPC's private DNS names`,
      reason:
        'ModifyVpcPeeringConnectionOptions works only on an active peering, and each owner sets its own side (AWS VPC peering, DNS resolution support).',
      ...(role === 'accepter' && accepterManual
        ? {
            kind: 'manual' as const,
            instructions: [
              `In the AWS console of ${end.label}'s account, open VPC → Peering connections → the peering below → Actions → Edit DNS settings.`,
              'Turn on "Allow requester VPC to resolve DNS of hosts in accepter VPC to private IP", then Save changes.',
            ],
            values: [
              {
                label: 'Peering connection id',
                value: ref('peeringId'),
                destination: 'AWS console → VPC → Peering connections',
              },
            ],
          }
        : {
            kind: 'api' as const,
            action: {
              cloud: 'aws' as const,
              method: 'modifyPeeringOptions',
              args: [ref('peeringId'), { [role]: { allowDnsResolutionFromRemoteVpc: true } }],
            },
            check: { kind: 'awsPeeringOptions' as const, peeringId: ref('peeringId'), option },
          }),
      rollback: `Set AllowDnsResolutionFromRemoteVpc=false with aws ec2 modify-vpc-peering-connection-options ${flag}.`,
      scripts: {
        bash: [
          {
            command: aws(
              end,
              'ec2',
              'modify-vpc-peering-connection-options',
              '--vpc-peering-connection-id',
              { var: 'PEERING_ID' },
              flag,
              'AllowDnsResolutionFromRemoteVpc=true',
            ),
          },
        ],
        terraform:
          sameOwner && role === 'accepter'
            ? []
            : [
                {
                  kind: 'resource',
                  type: 'aws_vpc_peering_connection_options',
                  name: role,
                  body: [
                    tfProvider(end.side),
                    {
                      attr: 'vpc_peering_connection_id',
                      value: {
                        ref: sameOwner
                          ? 'aws_vpc_peering_connection.peering.id'
                          : 'aws_vpc_peering_connection_accepter.peering.id',
                      },
                    },
                    ...(sameOwner
                      ? ['requester', 'accepter'].map((b) => ({
                          block: b,
                          body: [
                            { attr: 'allow_remote_vpc_dns_resolution', value: true },
                          ] as TfBodyItem[],
                        }))
                      : [
                          {
                            block: role,
                            body: [
                              { attr: 'allow_remote_vpc_dns_resolution', value: true },
                            ] as TfBodyItem[],
                          },
                        ]),
                  ],
                },
              ],
      },
    });
  }
}

export { aws as awsCommand };
