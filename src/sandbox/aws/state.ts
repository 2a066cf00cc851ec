import type { SandboxClock } from '../clock';
import type { SeededRandom } from '../random';
import { AWS_ACCOUNTS } from '../worlds/demoTopology';
import { AwsApiError } from './errors';
import { createPeering, deletePeering, isGone, peeringStatus } from './lifecycle';
import type { AwsOrganization } from './organization';

/**
 * AWS sandbox state.
 *
 * Each (account, region) pair is an {@link AwsScope} holding that account's
 * VPCs, route tables, security groups and the peerings it can see, in creation
 * order. A peering between two scopes (cross-account or cross-region) is one
 * object listed in both scopes, so both sides always agree on its status.
 * Statuses that move with time (initiating-request, provisioning, expiry,
 * how long a deleted peering stays visible) are computed from the sandbox
 * clock on read; see lifecycle.ts.
 *
 * Contract for the other sandbox services (Dragonfly Cloud creates the AWS side
 * of its connections and reads their status):
 *
 *   awsFindVpc(aws, vpcId)          → { accountId, region, cidrs } | undefined
 *   awsRequestPeering(aws, ctx, req) → { id } | { error: { code, message } }
 *       creates a peering from the requester VPC (which must exist in the
 *       requester account and region) to the accepter VPC, exactly as
 *       CreateVpcPeeringConnection would: overlapping CIDRs or an unknown
 *       accepter VPC give a `failed` peering; a pending/active peering
 *       already requested between the same VPCs in the same direction is
 *       returned instead of a new one (terraform-provider-aws#27750).
 *   awsPeeringStatus(aws, clock, id) → the AWS status code now ('active',
 *       'pending-acceptance', 'deleted', ...) or undefined once the peering
 *       is no longer visible to either side.
 *   awsDeletePeering(aws, clock, id) → deletes it as its requester would
 *       (pending-acceptance or active); a no-op in any other state.
 */

/** Regions the sandbox knows, as DescribeRegions lists them. */
export const AWS_KNOWN_REGIONS: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'sa-east-1',
  'eu-south-1',
];

export interface AwsAccount {
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export type AwsTags = Map<string, string>;

export interface AwsCidrAssociation {
  associationId: string;
  cidr: string;
}

export interface AwsVpc {
  id: string;
  accountId: string;
  region: string;
  /** IPv4 blocks; the first is the primary. */
  cidrs: AwsCidrAssociation[];
  ipv6Cidrs: AwsCidrAssociation[];
  isDefault: boolean;
  dhcpOptionsId: string;
  tags: AwsTags;
  mainRouteTableId: string;
  defaultSecurityGroupId: string;
  defaultNetworkAclId: string;
  /**
   * DescribeVpcAttribute / ModifyVpcAttribute. AWS defaults (VPC user guide, "DNS attributes for
   * your VPC", https://docs.aws.amazon.com/vpc/latest/userguide/AmazonDNS-concepts.html#vpc-dns-support):
   * DNS support on for every VPC; DNS hostnames on for a default VPC, off for one made any other way.
   */
  enableDnsSupport: boolean;
  enableDnsHostnames: boolean;
  enableNetworkAddressUsageMetrics: boolean;
}

export interface AwsRoute {
  destinationCidrBlock?: string;
  destinationIpv6CidrBlock?: string;
  /** `local` for the VPC's own blocks. */
  gatewayId?: string;
  vpcPeeringConnectionId?: string;
  origin: 'CreateRouteTable' | 'CreateRoute';
}

export interface AwsRouteTable {
  id: string;
  vpcId: string;
  accountId: string;
  region: string;
  main: boolean;
  associationId: string;
  /** Explicit subnet associations; subnets without one use the VPC's main table. */
  subnetAssociations: { id: string; subnetId: string }[];
  routes: AwsRoute[];
  tags: AwsTags;
}

export interface AwsSubnet {
  id: string;
  vpcId: string;
  accountId: string;
  region: string;
  availabilityZone: string;
  cidr: string;
  ipv6Cidr?: string;
  tags: AwsTags;
}

/** One numbered network ACL entry; EC2 evaluates them lowest number first, per direction. */
export interface AwsNetworkAclEntry {
  ruleNumber: number;
  egress: boolean;
  /** `-1` (all) or an IANA protocol number as a string (`6` tcp, `17` udp). */
  protocol: string;
  ruleAction: 'allow' | 'deny';
  cidrBlock?: string;
  ipv6CidrBlock?: string;
  portRange?: { from: number; to: number };
}

export interface AwsNetworkAcl {
  id: string;
  vpcId: string;
  accountId: string;
  region: string;
  isDefault: boolean;
  entries: AwsNetworkAclEntry[];
  /** Every subnet is associated with exactly one ACL (the default one unless another is set). */
  associations: { id: string; subnetId: string }[];
  tags: AwsTags;
}

/** One security-group rule: a single protocol/port range and a single source. */
export interface AwsSecurityGroupRule {
  id: string;
  egress: boolean;
  /** tcp, udp, icmp, icmpv6 or -1 (all). */
  protocol: string;
  fromPort?: number;
  toPort?: number;
  cidrIpv4?: string;
  cidrIpv6?: string;
  /** A referenced group (the default group's self rule). */
  groupId?: string;
  groupOwnerId?: string;
  description?: string;
}

export interface AwsSecurityGroup {
  id: string;
  name: string;
  description: string;
  vpcId: string;
  accountId: string;
  region: string;
  rules: AwsSecurityGroupRule[];
  tags: AwsTags;
}

export interface AwsPeeringOptions {
  allowDnsResolutionFromRemoteVpc: boolean;
  allowEgressFromLocalClassicLinkToRemoteVpc: boolean;
  allowEgressFromLocalVpcToRemoteClassicLink: boolean;
}

export interface AwsPeeringSide {
  accountId: string;
  region: string;
  vpcId: string;
  options: AwsPeeringOptions;
  /** Tags apply only in the account and region where they were created. */
  tags: AwsTags;
}

export interface AwsPeering {
  id: string;
  /** Creation order; scopes list peerings sorted by it and NextToken points into it. */
  seq: number;
  requester: AwsPeeringSide;
  accepter: AwsPeeringSide;
  createdAt: number;
  /** When pending-acceptance turns into expired (7 days after creation). */
  expiresAt: number;
  /** How long initiating-request, provisioning and deleting last, in sandbox ms. */
  delayMs: number;
  /** Set when the request could not be made (overlap, unknown accepter VPC). */
  failed: boolean;
  acceptedAt?: number;
  rejectedAt?: number;
  deletedAt?: number;
  /** Account that deleted it: it sees `deleted` for 2 hours, the other side for 2 days. */
  deletedBy?: string;
}

/** One account's view of one region. */
export interface AwsScope {
  accountId: string;
  region: string;
  vpcs: AwsVpc[];
  routeTables: AwsRouteTable[];
  securityGroups: AwsSecurityGroup[];
  subnets: AwsSubnet[];
  networkAcls: AwsNetworkAcl[];
  /** Every peering this scope takes part in, ascending by seq. Gone ones are swept lazily. */
  peerings: AwsPeering[];
}

export interface AwsState {
  accountsByAccessKey: Map<string, AwsAccount>;
  scopes: Map<string, AwsScope>;
  vpcs: Map<string, AwsVpc>;
  routeTables: Map<string, AwsRouteTable>;
  securityGroups: Map<string, AwsSecurityGroup>;
  subnets: Map<string, AwsSubnet>;
  networkAcls: Map<string, AwsNetworkAcl>;
  peerings: Map<string, AwsPeering>;
  /** Peerings by the VPCs they join, for the one-peering-per-pair rule. */
  peeringsByVpc: Map<string, AwsPeering[]>;
  nextSeq: number;
  /** The AWS Organization, its STS sessions and its Config aggregator (organization.ts). */
  organization?: AwsOrganization;
  /**
   * Bumped by every change that alters how an existing peering renders other
   * than its status (tags, options), so cached XML items know they are stale.
   */
  renderEpoch: number;
}

/** A fresh AWS state that knows the sandbox accounts' access keys but holds nothing else. */
export function createAwsState(): AwsState {
  const state: AwsState = {
    accountsByAccessKey: new Map(),
    scopes: new Map(),
    vpcs: new Map(),
    routeTables: new Map(),
    securityGroups: new Map(),
    subnets: new Map(),
    networkAcls: new Map(),
    peerings: new Map(),
    peeringsByVpc: new Map(),
    nextSeq: 1,
    renderEpoch: 0,
  };
  for (const account of Object.values(AWS_ACCOUNTS)) {
    addAwsAccount(state, {
      accountId: account.accountId,
      accessKeyId: account.accessKeyId,
      secretAccessKey: account.secretAccessKey,
    });
  }
  return state;
}

export function addAwsAccount(aws: AwsState, account: AwsAccount): void {
  aws.accountsByAccessKey.set(account.accessKeyId, account);
}

export function scopeKey(accountId: string, region: string): string {
  return `${accountId}/${region}`;
}

/** The scope for an account and region, created empty on first use. */
export function awsScope(aws: AwsState, accountId: string, region: string): AwsScope {
  const key = scopeKey(accountId, region);
  let scope = aws.scopes.get(key);
  if (!scope) {
    scope = {
      accountId,
      region,
      vpcs: [],
      routeTables: [],
      securityGroups: [],
      subnets: [],
      networkAcls: [],
      peerings: [],
    };
    aws.scopes.set(key, scope);
  }
  return scope;
}

export interface AwsVpcSpec {
  id: string;
  accountId: string;
  region: string;
  cidrs: readonly string[];
  ipv6Cidrs?: readonly string[];
  name?: string;
  isDefault?: boolean;
  /** Defaults as AWS's: on for a default VPC, off otherwise. */
  enableDnsHostnames?: boolean;
}

/** The hex part of an id such as `vpc-0a1a0000000000001`, reused for the VPC's own resources. */
function idSuffix(id: string): string {
  return id.slice(id.indexOf('-') + 1);
}

/**
 * Adds a VPC with what AWS creates alongside every VPC: a main route table
 * with `local` routes for each block, and the `default` security group
 * (all traffic from itself in, everything out).
 */
export function addAwsVpc(aws: AwsState, spec: AwsVpcSpec): AwsVpc {
  if (aws.vpcs.has(spec.id)) throw new RangeError(`VPC ${spec.id} already exists`);
  if (spec.cidrs.length === 0) throw new RangeError(`VPC ${spec.id} needs an IPv4 CIDR block`);
  const suffix = idSuffix(spec.id);
  const tags: AwsTags = new Map();
  if (spec.name) tags.set('Name', spec.name);
  const vpc: AwsVpc = {
    id: spec.id,
    accountId: spec.accountId,
    region: spec.region,
    cidrs: spec.cidrs.map((cidr, i) => ({
      associationId: `vpc-cidr-assoc-${suffix}${i ? `-${i}` : ''}`,
      cidr,
    })),
    ipv6Cidrs: (spec.ipv6Cidrs ?? []).map((cidr, i) => ({
      associationId: `vpc-cidr-assoc-6${suffix.slice(1)}${i ? `-${i}` : ''}`,
      cidr,
    })),
    isDefault: spec.isDefault ?? false,
    dhcpOptionsId: `dopt-${suffix}`,
    tags,
    mainRouteTableId: `rtb-${suffix}`,
    defaultSecurityGroupId: `sg-${suffix}`,
    defaultNetworkAclId: `acl-${suffix}`,
    enableDnsSupport: true,
    enableDnsHostnames: spec.enableDnsHostnames ?? spec.isDefault ?? false,
    enableNetworkAddressUsageMetrics: false,
  };
  const routeTable: AwsRouteTable = {
    id: vpc.mainRouteTableId,
    vpcId: vpc.id,
    accountId: vpc.accountId,
    region: vpc.region,
    main: true,
    associationId: `rtbassoc-${suffix}`,
    subnetAssociations: [],
    routes: localRoutes(vpc),
    tags: new Map(),
  };
  const securityGroup: AwsSecurityGroup = {
    id: vpc.defaultSecurityGroupId,
    name: 'default',
    description: 'default VPC security group',
    vpcId: vpc.id,
    accountId: vpc.accountId,
    region: vpc.region,
    rules: [
      {
        id: `sgr-${suffix}`,
        egress: false,
        protocol: '-1',
        groupId: vpc.defaultSecurityGroupId,
        groupOwnerId: vpc.accountId,
      },
      { id: `sgr-e${suffix.slice(1)}`, egress: true, protocol: '-1', cidrIpv4: '0.0.0.0/0' },
    ],
    tags: new Map(),
  };
  const networkAcl: AwsNetworkAcl = {
    id: vpc.defaultNetworkAclId,
    vpcId: vpc.id,
    accountId: vpc.accountId,
    region: vpc.region,
    isDefault: true,
    entries: defaultAclEntries(vpc.ipv6Cidrs.length > 0),
    associations: [],
    tags: new Map(),
  };
  const scope = awsScope(aws, vpc.accountId, vpc.region);
  scope.vpcs.push(vpc);
  scope.routeTables.push(routeTable);
  scope.securityGroups.push(securityGroup);
  scope.networkAcls.push(networkAcl);
  aws.vpcs.set(vpc.id, vpc);
  aws.routeTables.set(routeTable.id, routeTable);
  aws.securityGroups.set(securityGroup.id, securityGroup);
  aws.networkAcls.set(networkAcl.id, networkAcl);
  return vpc;
}

/**
 * A default network ACL's entries (Amazon VPC User Guide, "Default network ACL"): rule 100 allows
 * all traffic in and out, the `*` rule denies what no rule matched (EC2 lists it as number 32767;
 * the IPv6 pair is 101 and `*` as 32768 where the VPC has an IPv6 block).
 */
export function defaultAclEntries(ipv6: boolean): AwsNetworkAclEntry[] {
  const entries: AwsNetworkAclEntry[] = [];
  for (const egress of [false, true]) {
    entries.push(
      { ruleNumber: 100, egress, protocol: '-1', ruleAction: 'allow', cidrBlock: '0.0.0.0/0' },
      { ruleNumber: 32767, egress, protocol: '-1', ruleAction: 'deny', cidrBlock: '0.0.0.0/0' },
    );
    if (ipv6) {
      entries.push(
        { ruleNumber: 101, egress, protocol: '-1', ruleAction: 'allow', ipv6CidrBlock: '::/0' },
        { ruleNumber: 32768, egress, protocol: '-1', ruleAction: 'deny', ipv6CidrBlock: '::/0' },
      );
    }
  }
  return entries;
}

export interface AwsSubnetSpec {
  id: string;
  vpcId: string;
  cidr: string;
  ipv6Cidr?: string;
  availabilityZone?: string;
  name?: string;
}

/** Adds a subnet, associated with the VPC's default network ACL and (implicitly) its main table. */
export function addAwsSubnet(aws: AwsState, spec: AwsSubnetSpec): AwsSubnet {
  const vpc = aws.vpcs.get(spec.vpcId);
  if (!vpc) throw new RangeError(`subnet ${spec.id}: no VPC ${spec.vpcId}`);
  const tags: AwsTags = new Map();
  if (spec.name) tags.set('Name', spec.name);
  const subnet: AwsSubnet = {
    id: spec.id,
    vpcId: vpc.id,
    accountId: vpc.accountId,
    region: vpc.region,
    availabilityZone: spec.availabilityZone ?? `${vpc.region}a`,
    cidr: spec.cidr,
    ipv6Cidr: spec.ipv6Cidr,
    tags,
  };
  const scope = awsScope(aws, vpc.accountId, vpc.region);
  scope.subnets.push(subnet);
  aws.subnets.set(subnet.id, subnet);
  aws.networkAcls
    .get(vpc.defaultNetworkAclId)
    ?.associations.push({ id: `aclassoc-${idSuffix(subnet.id)}`, subnetId: subnet.id });
  return subnet;
}

/** A new route table's `local` routes: one per IPv4 and IPv6 block of its VPC, as EC2 creates them. */
function localRoutes(vpc: AwsVpc): AwsRoute[] {
  return [
    ...vpc.cidrs.map((c): AwsRoute => ({
      destinationCidrBlock: c.cidr,
      gatewayId: 'local',
      origin: 'CreateRouteTable',
    })),
    ...vpc.ipv6Cidrs.map((c): AwsRoute => ({
      destinationIpv6CidrBlock: c.cidr,
      gatewayId: 'local',
      origin: 'CreateRouteTable',
    })),
  ];
}

/** Adds a non-main route table with the VPC's `local` routes. */
export function addAwsRouteTable(
  aws: AwsState,
  spec: { id: string; vpcId: string; name?: string },
): AwsRouteTable {
  const vpc = aws.vpcs.get(spec.vpcId);
  if (!vpc) throw new RangeError(`route table ${spec.id}: no VPC ${spec.vpcId}`);
  const tags: AwsTags = new Map();
  if (spec.name) tags.set('Name', spec.name);
  const table: AwsRouteTable = {
    id: spec.id,
    vpcId: vpc.id,
    accountId: vpc.accountId,
    region: vpc.region,
    main: false,
    associationId: `rtbassoc-${idSuffix(spec.id)}`,
    subnetAssociations: [],
    routes: localRoutes(vpc),
    tags,
  };
  awsScope(aws, vpc.accountId, vpc.region).routeTables.push(table);
  aws.routeTables.set(table.id, table);
  return table;
}

/** Associates a subnet with a route table explicitly (AssociateRouteTable). */
export function associateAwsRouteTable(aws: AwsState, tableId: string, subnetId: string): void {
  const table = aws.routeTables.get(tableId);
  if (!table) throw new RangeError(`no route table ${tableId}`);
  for (const other of aws.routeTables.values()) {
    other.subnetAssociations = other.subnetAssociations.filter((a) => a.subnetId !== subnetId);
  }
  table.subnetAssociations.push({ id: `rtbassoc-${idSuffix(subnetId)}`, subnetId });
}

/**
 * Adds a custom network ACL with `entries` (plus the `*` deny rules EC2 adds to every ACL) and
 * moves `subnetIds` to it (ReplaceNetworkAclAssociation).
 */
export function addAwsNetworkAcl(
  aws: AwsState,
  spec: {
    id: string;
    vpcId: string;
    name?: string;
    entries: AwsNetworkAclEntry[];
    subnetIds: string[];
  },
): AwsNetworkAcl {
  const vpc = aws.vpcs.get(spec.vpcId);
  if (!vpc) throw new RangeError(`network ACL ${spec.id}: no VPC ${spec.vpcId}`);
  const tags: AwsTags = new Map();
  if (spec.name) tags.set('Name', spec.name);
  const acl: AwsNetworkAcl = {
    id: spec.id,
    vpcId: vpc.id,
    accountId: vpc.accountId,
    region: vpc.region,
    isDefault: false,
    entries: [
      ...spec.entries,
      ...defaultAclEntries(vpc.ipv6Cidrs.length > 0).filter((e) => e.ruleAction === 'deny'),
    ],
    associations: [],
    tags,
  };
  for (const other of aws.networkAcls.values()) {
    other.associations = other.associations.filter((a) => !spec.subnetIds.includes(a.subnetId));
  }
  acl.associations = spec.subnetIds.map((subnetId) => ({
    id: `aclassoc-${idSuffix(subnetId)}`,
    subnetId,
  }));
  awsScope(aws, vpc.accountId, vpc.region).networkAcls.push(acl);
  aws.networkAcls.set(acl.id, acl);
  return acl;
}

// ---- The cross-service contract -------------------------------------------

export function awsFindVpc(
  aws: AwsState,
  vpcId: string,
): { accountId: string; region: string; cidrs: string[] } | undefined {
  const vpc = aws.vpcs.get(vpcId);
  if (!vpc) return undefined;
  return { accountId: vpc.accountId, region: vpc.region, cidrs: vpc.cidrs.map((c) => c.cidr) };
}

export interface AwsPeeringRequest {
  requesterAccountId: string;
  requesterRegion: string;
  requesterVpcId: string;
  accepterAccountId: string;
  accepterRegion: string;
  accepterVpcId: string;
  tags?: Record<string, string>;
}

export function awsRequestPeering(
  aws: AwsState,
  ctx: { clock: SandboxClock; random: SeededRandom; operationDelayMs: number },
  req: AwsPeeringRequest,
): { id: string } | { error: { code: string; message: string } } {
  try {
    const peering = createPeering(aws, ctx, {
      ...req,
      tags: new Map(Object.entries(req.tags ?? {})),
    });
    return { id: peering.id };
  } catch (error) {
    if (error instanceof AwsApiError)
      return { error: { code: error.code, message: error.message } };
    throw error;
  }
}

export function awsPeeringStatus(
  aws: AwsState,
  clock: SandboxClock,
  pcxId: string,
): string | undefined {
  const peering = aws.peerings.get(pcxId);
  const now = clock.now();
  if (!peering || isGone(peering, now)) return undefined;
  return peeringStatus(peering, now);
}

export function awsDeletePeering(aws: AwsState, clock: SandboxClock, pcxId: string): void {
  const peering = aws.peerings.get(pcxId);
  if (!peering) return;
  const status = peeringStatus(peering, clock.now());
  if (status !== 'pending-acceptance' && status !== 'active') return;
  deletePeering(peering, peering.requester.accountId, clock.now());
}
