import type { AwsOrganizationWorldSpec } from '../api';
import type { World, WorldBuildContext } from '../world';
import { AWS_ACCOUNTS, AWS_ORGANIZATION } from '../worlds/demoTopology';
import {
  createPeering,
  HOUR_MS,
  isVisibleTo,
  peeringStatus,
  PENDING_EXPIRY_MS,
  registerPeering,
  sideOf,
  statusMessage,
  tagsSeenBy,
} from './lifecycle';
import {
  addAwsVpc,
  AWS_KNOWN_REGIONS,
  type AwsPeering,
  type AwsPeeringSide,
  type AwsScope,
  type AwsState,
  type AwsTags,
  type AwsVpc,
} from './state';

/**
 * The AWS Organization part of the sandbox: its accounts (Organizations
 * ListAccounts), the sessions STS AssumeRole hands out into them, and the AWS
 * Config organization aggregator in the management account, whose advanced
 * query reads the very VPCs and peerings EC2 serves (configItems), so the two
 * always agree.
 */
export interface AwsOrganizationAccount {
  accountId: string;
  name: string;
  email: string;
  joinedMethod: 'CREATED' | 'INVITED';
  joinedAt: number;
}

export interface AwsOrganization {
  id: string;
  managementAccountId: string;
  /** The role AWS Organizations creates in accounts it creates; AssumeRole succeeds only into it. */
  accessRoleName: string;
  accounts: AwsOrganizationAccount[];
  aggregator: {
    name: string;
    region: string;
    createdAt: number;
  };
  /** Sessions handed out so far, for unique temporary access key ids. */
  sessions: number;
}

const DAY_MS = 24 * HOUR_MS;

function orgAccount(accountId: string, name: string, joinedAt: number): AwsOrganizationAccount {
  return {
    accountId,
    name,
    email: `aws+${name}@example.com`,
    joinedMethod: 'CREATED',
    joinedAt,
  };
}

/** The demo world's organization (worlds/demoTopology.ts AWS_ORGANIZATION). */
export function seedAwsOrganizationDemo(world: World, ctx: WorldBuildContext): void {
  const aws = world.aws;
  const now = ctx.clock.now();
  const management = AWS_ACCOUNTS[AWS_ORGANIZATION.managementAccount];
  const members = AWS_ORGANIZATION.members;
  aws.organization = {
    id: AWS_ORGANIZATION.id,
    managementAccountId: management.accountId,
    accessRoleName: AWS_ORGANIZATION.accessRoleName,
    accounts: [
      orgAccount(management.accountId, 'app', now - 400 * DAY_MS),
      orgAccount(AWS_ACCOUNTS.data.accountId, 'data', now - 300 * DAY_MS),
      orgAccount(members.platform.accountId, members.platform.name, now - 200 * DAY_MS),
      orgAccount(members.platformEu.accountId, members.platformEu.name, now - 100 * DAY_MS),
    ],
    aggregator: {
      name: AWS_ORGANIZATION.aggregatorName,
      region: AWS_ORGANIZATION.aggregatorRegion,
      createdAt: now - 90 * DAY_MS,
    },
    sessions: 0,
  };
  const vpcs = {} as Record<keyof typeof AWS_ORGANIZATION.vpcs, AwsVpc>;
  for (const [key, spec] of Object.entries(AWS_ORGANIZATION.vpcs)) {
    vpcs[key as keyof typeof AWS_ORGANIZATION.vpcs] = addAwsVpc(aws, {
      id: spec.id,
      accountId: members[spec.member].accountId,
      region: spec.region,
      cidrs: spec.cidrs,
      name: spec.name,
    });
  }
  const peering = createPeering(
    aws,
    { ...ctx, operationDelayMs: 200 },
    {
      id: AWS_ORGANIZATION.peering,
      createdAt: now - 5 * DAY_MS,
      requesterAccountId: vpcs.platform.accountId,
      requesterRegion: vpcs.platform.region,
      requesterVpcId: vpcs.platform.id,
      accepterAccountId: vpcs.platformEu.accountId,
      accepterRegion: vpcs.platformEu.region,
      accepterVpcId: vpcs.platformEu.id,
      tags: new Map([['Name', 'platform-hub-to-eu']]),
    },
  );
  peering.acceptedAt = peering.createdAt + 60_000;
  peering.accepter.tags.set('Name', 'platform-hub-to-eu');
}

/** The first generated member account number; member i is this plus i. */
const FIRST_GENERATED_ACCOUNT = 100_000_000_000;

/**
 * A generated organization for benchmarks: `accounts` member accounts (the
 * demo app account is the management account and is not counted), each with
 * one VPC in each of its first `regions` known regions, and an active peering
 * between member i and member i+1 in the first region. Built directly, like
 * the large world, so 8,500 VPCs take milliseconds.
 */
export function seedAwsOrganizationGenerated(
  world: World,
  ctx: WorldBuildContext,
  spec: AwsOrganizationWorldSpec,
): void {
  const count = spec.accounts ?? 500;
  const regionCount = spec.regions ?? AWS_KNOWN_REGIONS.length;
  if (!Number.isInteger(count) || count < 1 || count > 5_000)
    throw new RangeError(`organization world: accounts must be 1 to 5000, got ${String(count)}`);
  if (!Number.isInteger(regionCount) || regionCount < 1 || regionCount > AWS_KNOWN_REGIONS.length)
    throw new RangeError(
      `organization world: regions must be 1 to ${AWS_KNOWN_REGIONS.length}, got ${String(regionCount)}`,
    );
  if (count * regionCount > 65_536)
    throw new RangeError('organization world: too many VPCs for distinct /24 blocks');
  const aws = world.aws;
  const now = ctx.clock.now();
  const regions = AWS_KNOWN_REGIONS.slice(0, regionCount);
  const management = AWS_ACCOUNTS.app.accountId;
  aws.organization = {
    id: 'o-generated001',
    managementAccountId: management,
    accessRoleName: AWS_ORGANIZATION.accessRoleName,
    accounts: [orgAccount(management, 'management', now - 400 * DAY_MS)],
    aggregator: {
      name: AWS_ORGANIZATION.aggregatorName,
      region: AWS_ORGANIZATION.aggregatorRegion,
      createdAt: now - 90 * DAY_MS,
    },
    sessions: 0,
  };
  const firstRegionVpcs: AwsVpc[] = [];
  let block = 0;
  for (let i = 0; i < count; i++) {
    const accountId = String(FIRST_GENERATED_ACCOUNT + i);
    aws.organization.accounts.push(orgAccount(accountId, `member-${i}`, now - DAY_MS));
    for (const region of regions) {
      const vpc = addAwsVpc(aws, {
        id: `vpc-0f${(block + 1).toString(16).padStart(15, '0')}`,
        accountId,
        region,
        cidrs: [`10.${(block >> 8) & 255}.${block & 255}.0/24`],
        name: `member-${i}-${region}`,
      });
      if (region === regions[0]) firstRegionVpcs.push(vpc);
      block++;
    }
  }
  const options = () => ({
    allowDnsResolutionFromRemoteVpc: false,
    allowEgressFromLocalClassicLinkToRemoteVpc: false,
    allowEgressFromLocalVpcToRemoteClassicLink: false,
  });
  const side = (vpc: AwsVpc, name: string): AwsPeeringSide => ({
    accountId: vpc.accountId,
    region: vpc.region,
    vpcId: vpc.id,
    options: options(),
    tags: new Map([['Name', name]]),
  });
  for (let i = 0; i + 1 < firstRegionVpcs.length; i++) {
    const createdAt = now - DAY_MS;
    const name = `member-${i}-to-${i + 1}`;
    const p: AwsPeering = {
      id: `pcx-0f${(i + 1).toString(16).padStart(15, '0')}`,
      seq: aws.nextSeq++,
      requester: side(firstRegionVpcs[i], name),
      accepter: side(firstRegionVpcs[i + 1], name),
      createdAt,
      expiresAt: createdAt + PENDING_EXPIRY_MS,
      delayMs: 200,
      failed: false,
      acceptedAt: createdAt + 60_000,
    };
    registerPeering(aws, p);
  }
}

/** Whether an account belongs to the organization. */
export function isOrganizationMember(org: AwsOrganization, accountId: string): boolean {
  return org.accounts.some((a) => a.accountId === accountId);
}

/** The fields a configuration item offers to SELECT in the sandbox's advanced query. */
export const CONFIG_ITEM_FIELDS = [
  'resourceId',
  'resourceName',
  'resourceType',
  'accountId',
  'awsRegion',
  'availabilityZone',
  'configuration',
  'tags',
] as const;

export type ConfigItemField = (typeof CONFIG_ITEM_FIELDS)[number];
export type ConfigItem = Record<ConfigItemField, unknown>;

export const VPC_RESOURCE_TYPE = 'AWS::EC2::VPC';
export const PEERING_RESOURCE_TYPE = 'AWS::EC2::VPCPeeringConnection';

function configTags(tags: AwsTags): { key: string; value: string }[] {
  return [...tags].map(([key, value]) => ({ key, value }));
}

/**
 * A VPC's configuration item. `configuration` is the EC2 Vpc shape with
 * lower-camel-case member names, as AWS Config records it (the resource
 * schema of AWS::EC2::VPC in awslabs/aws-config-resource-schema), and
 * carries the same blocks DescribeVpcs returns.
 */
function vpcItem(vpc: AwsVpc): ConfigItem {
  return {
    resourceId: vpc.id,
    resourceName: vpc.tags.get('Name') ?? null,
    resourceType: VPC_RESOURCE_TYPE,
    accountId: vpc.accountId,
    awsRegion: vpc.region,
    availabilityZone: 'Multiple Availability Zones',
    tags: configTags(vpc.tags),
    configuration: {
      vpcId: vpc.id,
      ownerId: vpc.accountId,
      state: 'available',
      cidrBlock: vpc.cidrs[0].cidr,
      cidrBlockAssociationSet: vpc.cidrs.map((c) => ({
        associationId: c.associationId,
        cidrBlock: c.cidr,
        cidrBlockState: { state: 'associated' },
      })),
      ipv6CidrBlockAssociationSet: vpc.ipv6Cidrs.map((c) => ({
        associationId: c.associationId,
        ipv6CidrBlock: c.cidr,
        ipv6CidrBlockState: { state: 'associated' },
        networkBorderGroup: vpc.region,
        ipv6Pool: 'Amazon',
      })),
      dhcpOptionsId: vpc.dhcpOptionsId,
      instanceTenancy: 'default',
      isDefault: vpc.isDefault,
      tags: configTags(vpc.tags),
    },
  };
}

/**
 * A peering's configuration item as one side's account records it in its
 * region: the EC2 VpcPeeringConnection shape in lower camel case, with what
 * that side's DescribeVpcPeeringConnections shows (the accepter's blocks once
 * accepted, each side's options to its own account, that side's tags).
 */
function peeringItem(aws: AwsState, p: AwsPeering, scope: AwsScope, now: number): ConfigItem {
  const status = peeringStatus(p, now);
  const tags = tagsSeenBy(p, scope);
  const info = (s: AwsPeeringSide, showBlocks: boolean) => {
    const vpc = aws.vpcs.get(s.vpcId);
    const blocks =
      showBlocks && vpc
        ? {
            cidrBlock: vpc.cidrs[0].cidr,
            cidrBlockSet: vpc.cidrs.map((c) => ({ cidrBlock: c.cidr })),
            ipv6CidrBlockSet: vpc.ipv6Cidrs.map((c) => ({ ipv6CidrBlock: c.cidr })),
          }
        : {};
    const options =
      s.accountId === scope.accountId
        ? {
            peeringOptions: {
              allowDnsResolutionFromRemoteVpc: s.options.allowDnsResolutionFromRemoteVpc,
              allowEgressFromLocalClassicLinkToRemoteVpc:
                s.options.allowEgressFromLocalClassicLinkToRemoteVpc,
              allowEgressFromLocalVpcToRemoteClassicLink:
                s.options.allowEgressFromLocalVpcToRemoteClassicLink,
            },
          }
        : {};
    return { ownerId: s.accountId, vpcId: s.vpcId, region: s.region, ...blocks, ...options };
  };
  return {
    resourceId: p.id,
    resourceName: tags.get('Name') ?? null,
    resourceType: PEERING_RESOURCE_TYPE,
    accountId: scope.accountId,
    awsRegion: scope.region,
    availabilityZone: 'Not Applicable',
    tags: configTags(tags),
    configuration: {
      vpcPeeringConnectionId: p.id,
      requesterVpcInfo: info(p.requester, true),
      accepterVpcInfo: info(p.accepter, p.acceptedAt !== undefined),
      status: { code: status, message: statusMessage(p, status) },
      expirationTime: p.acceptedAt === undefined ? new Date(p.expiresAt).toISOString() : null,
      tags: configTags(tags),
    },
  };
}

/**
 * The configuration items the organization's aggregator holds: every VPC of
 * every member account, and every peering once per member (account, region)
 * that DescribeVpcPeeringConnections lists it in, generated from the same
 * state EC2 answers from.
 */
export function configItems(
  aws: AwsState,
  org: AwsOrganization,
  now: number,
  /** Skips whole (account, region) scopes a query's conditions rule out, before building items. */
  wanted: (accountId: string, region: string) => boolean = () => true,
): ConfigItem[] {
  const members = new Set(org.accounts.map((a) => a.accountId));
  const items: ConfigItem[] = [];
  for (const scope of aws.scopes.values()) {
    if (!members.has(scope.accountId) || !wanted(scope.accountId, scope.region)) continue;
    for (const vpc of scope.vpcs) items.push(vpcItem(vpc));
    for (const p of scope.peerings) {
      const side = sideOf(p, scope);
      if (!side || !isVisibleTo(p, side, now)) continue;
      items.push(peeringItem(aws, p, scope, now));
    }
  }
  return items;
}
