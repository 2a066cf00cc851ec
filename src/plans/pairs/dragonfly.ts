/**
 * What the Dragonfly Cloud scenarios share (https://www.dragonflydb.io/docs/cloud/connections): the
 * Dragonfly network's inputs and side, and the CIDR rules. The connection is
 * made on Dragonfly's side (its API when the account is configured, its
 * console otherwise), starts Inactive, and turns Active once the customer's
 * side has done its part: on AWS accept + route + security group on 6379, on
 * GCP the peering back with --peer-network/--peer-project + a firewall rule,
 * on Azure the multi-tenant app flow of the page's Azure section.
 */
import { citeUrl, PROVIDER_DOCS } from '../../model/docs';
import { addSide, type PlanDraft } from '../draft';
import { inputSpec, inputSpecs, type InputReader } from '../scenario';
import type { PlanContext } from '../../model/plan';
import { issue, parseIngressPorts } from '../validation/fieldRules';
import { overlapIssues, prefixRangeIssues, privateIssues } from '../validation/networkRules';

export const DOC = PROVIDER_DOCS.dragonfly;
export const SOURCE = citeUrl(DOC);

export const DRAGONFLY_INPUTS = inputSpecs(
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
);

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
export function addDragonflySide(draft: PlanDraft, c: PlanContext, df: { api: boolean }): void {
  addSide(draft, {
    id: 'dragonfly',
    label: 'Dragonfly Cloud',
    cloud: 'dragonfly',
    accountId: c.accounts?.dragonfly?.id,
    manual: !df.api,
  });
}

/** What the customer's side lets in from the Dragonfly network (AWS security groups, GCP firewall). */
export const DRAGONFLY_INGRESS_INPUT = inputSpec({
  name: 'ingressPorts',
  label: 'Traffic to allow from the Dragonfly network',
  kind: 'ingressPorts',
  required: true,
  side: 'customer',
  help: 'Dragonfly data stores listen on 6379.',
  default: 'tcp:6379',
});

/** The ports typed in DRAGONFLY_INGRESS_INPUT; 6379 (where data stores listen) when they do not parse. */
export function dragonflyIngressPorts(i: InputReader) {
  return (
    parseIngressPorts(i.text('ingressPorts')) ?? {
      protocol: 'tcp' as const,
      fromPort: 6379,
      toPort: 6379,
    }
  );
}

/** The picked Dragonfly network runs on another cloud than this scenario connects to. */
export function otherCloudIssue(
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

export function firstCidrOnlyFollowUp(draft: PlanDraft, cidrs: string[]): void {
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
