/**
 * The AWS adapter: EC2 through @aws-sdk/client-ec2. Its own bundle
 * (dist/providers/aws.js), loaded on first use.
 *
 * The SDK's retries are off (maxAttempts 1); `withRetry` is the one retry loop,
 * so throttling is honored the same way for every cloud and retries stay bounded.
 */
import {
  AcceptVpcPeeringConnectionCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateNetworkAclEntryCommand,
  CreateRouteCommand,
  ModifyVpcAttributeCommand,
  ReplaceRouteCommand,
  CreateTagsCommand,
  CreateVpcPeeringConnectionCommand,
  DeleteVpcPeeringConnectionCommand,
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
  EC2Client,
  type $Command,
  type EC2ClientResolvedConfig,
  type ServiceInputTypes,
  type ServiceOutputTypes,
  ModifyVpcPeeringConnectionOptionsCommand,
  RejectVpcPeeringConnectionCommand,
  type Filter,
  type IpPermission,
  type NetworkAcl,
  type Route as Ec2Route,
  type RouteTable as Ec2RouteTable,
  type SecurityGroup,
  type Subnet,
  type Vpc,
  type VpcPeeringConnection,
} from '@aws-sdk/client-ec2';
import { fromIni, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { loadSharedConfigFiles } from '@smithy/core/config';
import { UserFacingError } from '../../model/errors';
import { normalizeState } from '../../model/states';
import type { Account, AccountGroup, Network, Peering } from '../../model/types';
import type { OrganizationListing } from './organization';
import { withRetry, type RetryClassification } from '../../async/retry';
import type {
  CallOptions,
  CloudProvider,
  EngineListing,
  FirewallGroup,
  GroupInventory,
  Place,
  ProviderEnvironment,
  ProviderModule,
  RouteTable,
  DeleteOutcome,
  NetworkPath,
  PathFilter,
  PathReadOptions,
  PathRule,
} from '../provider';

export interface AwsPeeringOptions {
  allowDnsResolutionFromRemoteVpc?: boolean;
}

/** The mutating calls the plans use. Each returns what the next step needs. */
export interface AwsActions {
  createPeering(
    place: Place,
    input: {
      vpcId: string;
      peerVpcId: string;
      peerOwnerId?: string;
      peerRegion?: string;
      name?: string;
    },
    options?: CallOptions,
  ): Promise<Peering>;
  acceptPeering(place: Place, id: string, options?: CallOptions): Promise<Peering>;
  rejectPeering(place: Place, id: string, options?: CallOptions): Promise<void>;
  deletePeering(place: Place, id: string, options?: CallOptions): Promise<void>;
  createRoute(
    place: Place,
    input: { routeTableId: string; destinationCidr: string; peeringId: string },
    options?: CallOptions,
  ): Promise<void>;
  allowIngress(
    place: Place,
    input: {
      groupId: string;
      protocol: string;
      fromPort?: number;
      toPort?: number;
      cidr: string;
      description?: string;
    },
    options?: CallOptions,
  ): Promise<void>;
  modifyPeeringOptions(
    place: Place,
    id: string,
    input: { requester?: AwsPeeringOptions; accepter?: AwsPeeringOptions },
    options?: CallOptions,
  ): Promise<void>;
  /** ModifyVpcAttribute for one DNS attribute (the API takes one attribute per call). */
  setVpcDnsAttribute(
    place: Place,
    input: { vpcId: string; attribute: AwsVpcDnsAttribute; value: boolean },
    options?: CallOptions,
  ): Promise<void>;
  /** DescribeVpcAttribute: the runner's check that a DNS attribute is on. */
  vpcDnsAttribute(
    place: Place,
    vpcId: string,
    attribute: AwsVpcDnsAttribute,
    options?: CallOptions,
  ): Promise<boolean | undefined>;
  /** CreateNetworkAclEntry: an allow rule (the Doctor's NACL repair). */
  createNetworkAclEntry(
    place: Place,
    entry: AwsNetworkAclEntry,
    options?: CallOptions,
  ): Promise<void>;
  /** One network ACL's entries (DescribeNetworkAcls by id), undefined when it does not exist. */
  networkAclEntries(
    place: Place,
    networkAclId: string,
    options?: CallOptions,
  ): Promise<AwsNetworkAclEntry[] | undefined>;
}

export type AwsVpcDnsAttribute = 'enableDnsSupport' | 'enableDnsHostnames';

/** A network ACL entry as the Doctor's repair writes and checks it. */
export interface AwsNetworkAclEntry {
  networkAclId: string;
  ruleNumber: number;
  egress: boolean;
  /** IANA number as a string: `6` tcp, `17` udp, `-1` all. */
  protocol: string;
  ruleAction: 'allow' | 'deny';
  cidr: string;
  fromPort?: number;
  toPort?: number;
}

/** Secret stored for sandbox and static-key accounts: `{"accessKeyId": "...", "secretAccessKey": "..."}`. */
interface StaticKeys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** An EC2 command with input I and output O, as EC2Client.send takes it. */
type Ec2Command<I extends ServiceInputTypes, O extends ServiceOutputTypes> = $Command<
  I,
  O,
  EC2ClientResolvedConfig,
  ServiceInputTypes,
  ServiceOutputTypes
>;

export class AwsProvider implements CloudProvider, AwsActions {
  readonly cloud = 'aws' as const;
  private readonly clients = new Map<string, EC2Client>();
  /** Account numbers learned from DescribeVpcs, per account id. */
  private readonly owners = new Map<string, string>();
  private readonly vpcsInFlight = new Map<string, Promise<Vpc[]>>();
  /** Session credentials per organization member account, shared by its regional clients. */
  private readonly sessions = new Map<string, Promise<AwsCredentialIdentityProvider>>();

  constructor(private readonly env: ProviderEnvironment) {}

  /**
   * The organization `source`'s credentials belong to: its id, the caller's account number and
   * every account (Organizations ListAccounts, paged). Needs the management account or a
   * delegated administrator.
   */
  async listOrganization(source: Account, options: CallOptions = {}): Promise<OrganizationListing> {
    const { listOrganizationAccounts } = organizationModule();
    try {
      return await listOrganizationAccounts(
        {
          credentials: await this.sourceCredentials(source),
          endpoint: source.endpoint,
          classify: classifyAwsError,
        },
        options,
      );
    } catch (error) {
      const name = (error as { name?: string } | undefined)?.name;
      if (name === 'AccessDeniedException' || name === 'AWSOrganizationsNotInUseException') {
        throw new UserFacingError(
          name === 'AccessDeniedException'
            ? `AWS account "${source.label}" may not list its organization's accounts (${name}).`
            : `AWS account "${source.label}" is not in an AWS Organization (${name}).`,
          {
            account: source.id,
            fix: "Pick the organization's management account or a delegated administrator.",
            cause: error,
          },
        );
      }
      throw explainAwsError({ account: source }, error);
    }
  }

  /** Profiles from the shared config and credentials files, read by the SDK's own loader. */
  async listProfiles(): Promise<{ name: string; region?: string; kind: string }[]> {
    const files = await loadSharedConfigFiles();
    const names = new Set([
      ...Object.keys(files.configFile ?? {}),
      ...Object.keys(files.credentialsFile ?? {}),
    ]);
    return [...names].sort().map((name) => {
      const config = { ...files.credentialsFile?.[name], ...files.configFile?.[name] };
      const kind =
        config.sso_session || config.sso_start_url
          ? 'SSO'
          : config.role_arn
            ? 'assume role'
            : config.credential_process
              ? 'credential process'
              : config.aws_access_key_id
                ? 'access keys'
                : 'profile';
      return { name, region: config.region, kind };
    });
  }

  /** The account's own regions if set; otherwise the profile's region plus `peering.aws.defaultRegions`. */
  async listRegions(account: Account): Promise<string[]> {
    if (account.regions?.length) return [...account.regions];
    const profileRegion = await this.profileRegion(account.ref);
    const regions = [
      ...new Set(
        [profileRegion, ...(this.env.awsDefaultRegions ?? [])].filter((r): r is string => !!r),
      ),
    ];
    return regions.length ? regions : ['us-east-1'];
  }

  async listNetworks(place: Place, options: CallOptions = {}): Promise<Network[]> {
    const vpcs = await this.describeVpcs(place, options);
    return vpcs.map((vpc) => this.toNetwork(place, vpc));
  }

  async listPeerings(place: Place, options: CallOptions = {}): Promise<Peering[]> {
    const pcxs = await this.describePeerings(place, [], options);
    const owner = await this.ownerIfNeeded(place, pcxs, options);
    return pcxs.map((p) => this.toPeering(place, p, owner));
  }

  /**
   * An AWS Organization's member accounts through its AWS Config aggregator: the aggregator is
   * looked for with DescribeConfigurationAggregators in the members' regions in order (the first
   * member's home region first: an aggregator lives in one region, usually there), then
   * SelectAggregateResourceConfig reads AWS::EC2::VPC and AWS::EC2::VPCPeeringConnection per
   * region (`organization.ts`). Every region of every member is answered, empty where the
   * aggregator holds nothing, each mapped by the same toNetwork/toPeering as DescribeVpcs and
   * DescribeVpcPeeringConnections. Throws when there is no aggregator or the query fails (the
   * message says which): discovery then lists each account and region with EC2 through the role.
   * The organization module and its clients load on first use.
   */
  async listGroupInventory(
    group: AccountGroup,
    accounts: readonly Account[],
    options: CallOptions = {},
  ): Promise<GroupInventory> {
    if (group.kind !== 'aws-organization')
      throw new Error(`AWS Config aggregators list AWS Organizations, not ${group.kind}`);
    // Members reach the organization through the configured account they were added from; the
    // same organization added from two of them reads each one's aggregator.
    const bySource = new Map<string, Account[]>();
    for (const account of accounts) {
      if (!account.awsMember) continue;
      const source = account.awsMember.credentialsOf ?? `profile ${account.ref}`;
      let members = bySource.get(source);
      if (!members) bySource.set(source, (members = []));
      members.push(account);
    }
    if (!bySource.size) throw new Error(`${group.label} has no member accounts configured`);
    const parts = await Promise.all(
      [...bySource.values()].map((members) => this.readAggregator(members, options)),
    );
    return {
      engine: [...new Set(parts.map((p) => p.engine))].join(', '),
      byAccount: new Map(parts.flatMap((p) => [...p.byAccount])),
      calls: parts.reduce((sum, p) => sum + p.calls, 0),
    };
  }

  async getPeering(
    place: Place,
    id: string,
    options: CallOptions = {},
  ): Promise<Peering | undefined> {
    const found = await this.describePeerings(
      place,
      [{ Name: 'vpc-peering-connection-id', Values: [id] }],
      options,
    );
    // The id filter is the server's; an endpoint that ignores it returns other peerings, so keep
    // only the one asked for.
    const mine = found.filter((p) => p.VpcPeeringConnectionId === id);
    if (!mine[0]) return undefined;
    return this.toPeering(place, mine[0], await this.ownerIfNeeded(place, mine, options));
  }

  async listRouteTables(
    place: Place,
    networkId?: string,
    options: CallOptions = {},
  ): Promise<RouteTable[]> {
    const filters: Filter[] = networkId ? [{ Name: 'vpc-id', Values: [networkId] }] : [];
    const tables = await this.paginate(
      place,
      options,
      (token) =>
        new DescribeRouteTablesCommand({ Filters: filters, NextToken: token, MaxResults: 100 }),
      (out) => out.RouteTables,
    );
    return tables.map((t) => ({
      id: t.RouteTableId ?? '',
      networkId: t.VpcId ?? '',
      name: t.Tags?.find((tag) => tag.Key === 'Name')?.Value,
      main: t.Associations?.some((a) => a.Main) ?? false,
      routes: (t.Routes ?? []).map(routeOf),
    }));
  }

  async listFirewalls(
    place: Place,
    networkId?: string,
    options: CallOptions = {},
  ): Promise<FirewallGroup[]> {
    const filters: Filter[] = networkId ? [{ Name: 'vpc-id', Values: [networkId] }] : [];
    const groups = await this.paginate(
      place,
      options,
      (token) =>
        new DescribeSecurityGroupsCommand({ Filters: filters, NextToken: token, MaxResults: 1000 }),
      (out) => out.SecurityGroups,
    );
    return groups.map((g) => ({
      id: g.GroupId ?? '',
      name: g.GroupName ?? '',
      networkId: g.VpcId ?? '',
      ingress: (g.IpPermissions ?? []).map((perm) => ({
        protocol: perm.IpProtocol ?? '-1',
        fromPort: perm.FromPort,
        toPort: perm.ToPort,
        sources: [
          ...(perm.IpRanges ?? []).map((r) => r.CidrIp ?? ''),
          ...(perm.Ipv6Ranges ?? []).map((r) => r.CidrIpv6 ?? ''),
          ...(perm.UserIdGroupPairs ?? []).map((r) => r.GroupId ?? ''),
        ].filter(Boolean),
      })),
    }));
  }

  /**
   * The Doctor's read of VPCs in one region: route tables (with their subnet associations),
   * subnets, network ACLs and security groups, each one paginated Describe filtered by up to
   * VPC_FILTER_VALUES VPC ids, all four at once; for the VPCs in `options.dnsOf`, also
   * DescribeVpcAttribute for enableDnsSupport and enableDnsHostnames (the API reads one VPC and one
   * attribute per call; DescribeVpcs does not return them). Read-only.
   */
  async readNetworkPaths(
    place: Place,
    networkIds: readonly string[],
    options: PathReadOptions = {},
  ): Promise<{ paths: NetworkPath[]; calls: number }> {
    let calls = 0;
    const counted = <
      I extends ServiceInputTypes,
      O extends ServiceOutputTypes & { NextToken?: string },
      T,
    >(
      command: (filters: Filter[], token: string | undefined) => Ec2Command<I, O>,
      itemsOf: (out: O) => T[] | undefined,
    ): Promise<T[]> =>
      Promise.all(
        chunks([...new Set(networkIds)], VPC_FILTER_VALUES).map((ids) =>
          this.paginate(
            place,
            options,
            (token) => {
              calls++;
              return command([{ Name: 'vpc-id', Values: ids }], token);
            },
            itemsOf,
          ),
        ),
      ).then((lists) => lists.flat());
    const wanted = new Set(networkIds.map((id) => id.toLowerCase()));
    const dnsIds = [...new Set(options.dnsOf ?? [])].filter((id) => wanted.has(id.toLowerCase()));
    const dnsReads = Promise.all(
      dnsIds.map(async (vpcId) => {
        const [support, hostnames] = await Promise.all(
          (['enableDnsSupport', 'enableDnsHostnames'] as const).map((Attribute) => {
            calls++;
            return this.send(
              place,
              options,
              () => new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute }),
            );
          }),
        );
        return [
          vpcId,
          {
            enableDnsSupport: support.EnableDnsSupport?.Value ?? null,
            enableDnsHostnames: hostnames.EnableDnsHostnames?.Value ?? null,
          },
        ] as const;
      }),
    );
    const [tables, subnets, acls, groups, dns] = await Promise.all([
      counted(
        (Filters, NextToken) =>
          new DescribeRouteTablesCommand({ Filters, NextToken, MaxResults: 100 }),
        (out) => out.RouteTables,
      ),
      counted(
        (Filters, NextToken) =>
          new DescribeSubnetsCommand({ Filters, NextToken, MaxResults: 1000 }),
        (out) => out.Subnets,
      ),
      counted(
        (Filters, NextToken) =>
          new DescribeNetworkAclsCommand({ Filters, NextToken, MaxResults: 100 }),
        (out) => out.NetworkAcls,
      ),
      counted(
        (Filters, NextToken) =>
          new DescribeSecurityGroupsCommand({ Filters, NextToken, MaxResults: 1000 }),
        (out) => out.SecurityGroups,
      ),
      dnsReads,
    ]);
    const dnsOf = new Map(dns);
    const paths = networkIds.map((vpcId) => {
      const path = toNetworkPath(vpcId, tables, subnets, acls, groups);
      const settings = dnsOf.get(vpcId);
      if (settings) path.settings = { ...path.settings, ...settings };
      return path;
    });
    return { paths, calls };
  }

  async createPeering(
    place: Place,
    input: {
      vpcId: string;
      peerVpcId: string;
      peerOwnerId?: string;
      peerRegion?: string;
      name?: string;
    },
    options: CallOptions = {},
  ): Promise<Peering> {
    const out = await this.send(
      place,
      options,
      () =>
        new CreateVpcPeeringConnectionCommand({
          VpcId: input.vpcId,
          PeerVpcId: input.peerVpcId,
          PeerOwnerId: input.peerOwnerId,
          PeerRegion: input.peerRegion,
          TagSpecifications: input.name
            ? [
                {
                  ResourceType: 'vpc-peering-connection',
                  Tags: [{ Key: 'Name', Value: input.name }],
                },
              ]
            : undefined,
        }),
    );
    if (!out.VpcPeeringConnection)
      throw new Error('CreateVpcPeeringConnection returned no peering');
    // The caller's VPC is the requester.
    return this.toPeering(
      place,
      out.VpcPeeringConnection,
      out.VpcPeeringConnection.RequesterVpcInfo?.OwnerId,
    );
  }

  async acceptPeering(place: Place, id: string, options: CallOptions = {}): Promise<Peering> {
    // An accept right after the create can meet EC2's eventual consistency: the new id is not
    // known yet (InvalidVpcPeeringConnectionID.NotFound). AWS's "Eventual consistency in the
    // Amazon EC2 API" asks clients to retry with backoff; this retries that error alone, at most
    // ACCEPT_NOT_FOUND_ATTEMPTS times (about 10 s in all), then reports it.
    const out = await withRetry(
      () =>
        this.send(
          place,
          options,
          () => new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }),
        ),
      {
        classify: (error) => ({
          retryable: errorCode(error) === 'InvalidVpcPeeringConnectionID.NotFound',
          throttled: false,
        }),
        maxAttempts: ACCEPT_NOT_FOUND_ATTEMPTS,
        baseDelayMs: ACCEPT_NOT_FOUND_BASE_MS,
        signal: options.signal,
      },
    );
    if (!out.VpcPeeringConnection)
      throw new Error('AcceptVpcPeeringConnection returned no peering');
    // Only the accepter can accept.
    return this.toPeering(
      place,
      out.VpcPeeringConnection,
      out.VpcPeeringConnection.AccepterVpcInfo?.OwnerId,
    );
  }

  async rejectPeering(place: Place, id: string, options: CallOptions = {}): Promise<void> {
    await this.send(
      place,
      options,
      () => new RejectVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }),
    );
  }

  async deleteListedPeering(
    place: Place,
    peering: Peering,
    options: CallOptions = {},
  ): Promise<DeleteOutcome> {
    await this.deletePeering(place, peering.id, options);
    return 'read-again';
  }

  async deletePeering(place: Place, id: string, options: CallOptions = {}): Promise<void> {
    await this.send(
      place,
      options,
      () => new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }),
    );
  }

  async createRoute(
    place: Place,
    input: { routeTableId: string; destinationCidr: string; peeringId: string },
    options: CallOptions = {},
  ): Promise<void> {
    const ipv6 = input.destinationCidr.includes(':');
    const route = {
      RouteTableId: input.routeTableId,
      DestinationCidrBlock: ipv6 ? undefined : input.destinationCidr,
      DestinationIpv6CidrBlock: ipv6 ? input.destinationCidr : undefined,
      VpcPeeringConnectionId: input.peeringId,
    };
    try {
      await this.send(place, options, () => new CreateRouteCommand(route));
    } catch (error) {
      if (errorCode(error) !== 'RouteAlreadyExists') throw error;
      // A route to this destination that EC2 marks `blackhole` (its peering is gone) is
      // pointed at this peering with ReplaceRoute; a route through anything live stays an error.
      const tables = await this.listRouteTables(place, undefined, options);
      const existing = tables
        .find((t) => t.id === input.routeTableId)
        ?.routes.find((r) => r.destination === input.destinationCidr);
      if (existing?.state !== 'blackhole') throw error;
      await this.send(place, options, () => new ReplaceRouteCommand(route));
    }
  }

  async allowIngress(
    place: Place,
    input: {
      groupId: string;
      protocol: string;
      fromPort?: number;
      toPort?: number;
      cidr: string;
      description?: string;
    },
    options: CallOptions = {},
  ): Promise<void> {
    const ipv6 = input.cidr.includes(':');
    const permission: IpPermission = {
      IpProtocol: input.protocol,
      FromPort: input.fromPort,
      ToPort: input.toPort,
      IpRanges: ipv6 ? undefined : [{ CidrIp: input.cidr, Description: input.description }],
      Ipv6Ranges: ipv6 ? [{ CidrIpv6: input.cidr, Description: input.description }] : undefined,
    };
    await this.send(
      place,
      options,
      () =>
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: input.groupId,
          IpPermissions: [permission],
        }),
    );
  }

  async modifyPeeringOptions(
    place: Place,
    id: string,
    input: { requester?: AwsPeeringOptions; accepter?: AwsPeeringOptions },
    options: CallOptions = {},
  ): Promise<void> {
    const map = (o?: AwsPeeringOptions) =>
      o ? { AllowDnsResolutionFromRemoteVpc: o.allowDnsResolutionFromRemoteVpc } : undefined;
    await this.send(
      place,
      options,
      () =>
        new ModifyVpcPeeringConnectionOptionsCommand({
          VpcPeeringConnectionId: id,
          RequesterPeeringConnectionOptions: map(input.requester),
          AccepterPeeringConnectionOptions: map(input.accepter),
        }),
    );
  }

  async setVpcDnsAttribute(
    place: Place,
    input: { vpcId: string; attribute: AwsVpcDnsAttribute; value: boolean },
    options: CallOptions = {},
  ): Promise<void> {
    const value = { Value: input.value };
    await this.send(
      place,
      options,
      () =>
        new ModifyVpcAttributeCommand({
          VpcId: input.vpcId,
          ...(input.attribute === 'enableDnsSupport'
            ? { EnableDnsSupport: value }
            : { EnableDnsHostnames: value }),
        }),
    );
  }

  async vpcDnsAttribute(
    place: Place,
    vpcId: string,
    attribute: AwsVpcDnsAttribute,
    options: CallOptions = {},
  ): Promise<boolean | undefined> {
    const out = await this.send(
      place,
      options,
      () => new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: attribute }),
    );
    return (attribute === 'enableDnsSupport' ? out.EnableDnsSupport : out.EnableDnsHostnames)
      ?.Value;
  }

  async createNetworkAclEntry(
    place: Place,
    entry: AwsNetworkAclEntry,
    options: CallOptions = {},
  ): Promise<void> {
    const ipv6 = entry.cidr.includes(':');
    await this.send(
      place,
      options,
      () =>
        new CreateNetworkAclEntryCommand({
          NetworkAclId: entry.networkAclId,
          RuleNumber: entry.ruleNumber,
          Egress: entry.egress,
          Protocol: entry.protocol,
          RuleAction: entry.ruleAction,
          ...(ipv6 ? { Ipv6CidrBlock: entry.cidr } : { CidrBlock: entry.cidr }),
          PortRange:
            entry.fromPort !== undefined
              ? { From: entry.fromPort, To: entry.toPort ?? entry.fromPort }
              : undefined,
        }),
    );
  }

  async networkAclEntries(
    place: Place,
    networkAclId: string,
    options: CallOptions = {},
  ): Promise<AwsNetworkAclEntry[] | undefined> {
    const acls = await this.paginate(
      place,
      options,
      (token) =>
        new DescribeNetworkAclsCommand({
          Filters: [{ Name: 'network-acl-id', Values: [networkAclId] }],
          NextToken: token,
        }),
      (out) => out.NetworkAcls,
    );
    const acl = acls.find((a) => a.NetworkAclId === networkAclId);
    if (!acl) return undefined;
    return (acl.Entries ?? []).map((e) => ({
      networkAclId,
      ruleNumber: e.RuleNumber ?? 0,
      egress: e.Egress ?? false,
      protocol: e.Protocol ?? '-1',
      ruleAction: e.RuleAction === 'deny' ? 'deny' : 'allow',
      cidr: e.CidrBlock ?? e.Ipv6CidrBlock ?? '',
      fromPort: e.PortRange?.From,
      toPort: e.PortRange?.To,
    }));
  }

  async tag(
    place: Place,
    resourceId: string,
    tags: Record<string, string>,
    options: CallOptions = {},
  ): Promise<void> {
    await this.send(
      place,
      options,
      () =>
        new CreateTagsCommand({
          Resources: [resourceId],
          Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
        }),
    );
  }

  dispose(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
    this.sessions.clear();
  }

  // ---- internals ----

  /** One source's members through its organization's Config aggregator (see listGroupInventory). */
  private async readAggregator(
    members: readonly Account[],
    options: CallOptions,
  ): Promise<GroupInventory> {
    const regionsOf = new Map<Account, string[]>();
    for (const account of members) regionsOf.set(account, await this.listRegions(account));
    const regions = [...new Set([...regionsOf.values()].flat())];
    const source = members[0];
    const { readOrganizationInventory, inventoryKey } = organizationModule();
    let inventory;
    try {
      inventory = await readOrganizationInventory(
        {
          credentials: await this.sourceCredentials(source),
          endpoint: source.endpoint,
          classify: classifyAwsError,
        },
        regions,
        options,
      );
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw new Error(
        `the AWS Config aggregator query failed (${explainAwsError({ account: source }, error).message})`,
        { cause: error },
      );
    }
    if (!inventory) throw new Error(`no AWS Config aggregator in ${regions.join(', ')}`);
    const byAccount = new Map<string, Map<string | undefined, EngineListing>>();
    for (const [account, accountRegions] of regionsOf) {
      const owner = account.awsMember?.accountNumber ?? '';
      const listings = new Map<string | undefined, EngineListing>();
      for (const region of accountRegions) {
        const place = { account, region };
        const found = inventory.places.get(inventoryKey(owner, region));
        listings.set(region, {
          networks: (found?.vpcs ?? []).map((vpc) => this.toNetwork(place, vpc)),
          peerings: (found?.peerings ?? []).map((p) => this.toPeering(place, p, owner)),
        });
      }
      byAccount.set(account.id, listings);
    }
    return {
      engine: `AWS Config aggregator "${inventory.aggregatorName}" (${inventory.aggregatorRegion})`,
      byAccount,
      calls: inventory.calls,
    };
  }

  /** DescribeVpcs for a place, shared while in flight (listPeerings may need the owner at the same time). */
  private describeVpcs(place: Place, options: CallOptions): Promise<Vpc[]> {
    const key = `${place.account.id}|${place.region}`;
    let pending = this.vpcsInFlight.get(key);
    if (!pending) {
      pending = this.paginate(
        place,
        options,
        (token) => new DescribeVpcsCommand({ NextToken: token, MaxResults: 1000 }),
        (out) => out.Vpcs,
      ).then((vpcs) => {
        const owner = vpcs.find((v) => v.OwnerId)?.OwnerId;
        if (owner) this.owners.set(place.account.id, owner);
        return vpcs;
      });
      pending.finally(() => this.vpcsInFlight.delete(key)).catch(() => undefined);
      this.vpcsInFlight.set(key, pending);
    }
    return pending;
  }

  /**
   * The account number, needed only to tell the local side of a same-region
   * cross-account peering. Learned from DescribeVpcs, so no STS client is loaded.
   */
  private async ownerIfNeeded(
    place: Place,
    pcxs: VpcPeeringConnection[],
    options: CallOptions,
  ): Promise<string | undefined> {
    const known = this.owners.get(place.account.id);
    if (known) return known;
    const ambiguous = pcxs.some(
      (p) =>
        p.RequesterVpcInfo?.Region === p.AccepterVpcInfo?.Region &&
        p.RequesterVpcInfo?.OwnerId !== p.AccepterVpcInfo?.OwnerId,
    );
    if (!ambiguous) return undefined;
    await this.describeVpcs(place, options);
    return this.owners.get(place.account.id);
  }

  private async describePeerings(
    place: Place,
    filters: Filter[],
    options: CallOptions,
  ): Promise<VpcPeeringConnection[]> {
    return this.paginate(
      place,
      options,
      (token) =>
        new DescribeVpcPeeringConnectionsCommand({
          Filters: filters.length ? filters : undefined,
          NextToken: token,
          MaxResults: 1000,
        }),
      (out) => out.VpcPeeringConnections,
    );
  }

  /** Every page of a Describe call: `command` asks for the page at a token, `itemsOf` picks its items. */
  private async paginate<
    I extends ServiceInputTypes,
    O extends ServiceOutputTypes & { NextToken?: string },
    T,
  >(
    place: Place,
    options: CallOptions,
    command: (token: string | undefined) => Ec2Command<I, O>,
    itemsOf: (out: O) => T[] | undefined,
  ): Promise<T[]> {
    const items: T[] = [];
    let token: string | undefined;
    do {
      const out = await this.send(place, options, () => command(token));
      items.push(...(itemsOf(out) ?? []));
      token = out.NextToken;
    } while (token);
    return items;
  }

  /** One EC2 call, retried by `call`; the command is made afresh for each attempt. */
  private send<I extends ServiceInputTypes, O extends ServiceOutputTypes>(
    place: Place,
    options: CallOptions,
    command: () => Ec2Command<I, O>,
  ): Promise<O> {
    return this.call(place, options, (client) =>
      client.send(command(), { abortSignal: options.signal }),
    );
  }

  private async call<T>(
    place: Place,
    options: CallOptions,
    action: (client: EC2Client) => Promise<T>,
  ): Promise<T> {
    const client = await this.client(place);
    try {
      return await withRetry(() => action(client), {
        classify: classifyAwsError,
        signal: options.signal,
      });
    } catch (error) {
      throw explainAwsError(place, error);
    }
  }

  private async client(place: Place): Promise<EC2Client> {
    const region = place.region ?? 'us-east-1';
    // The endpoint is part of the key: editing an account's override must not reuse the old client.
    const key = `${place.account.id}|${region}|${place.account.endpoint ?? ''}`;
    let client = this.clients.get(key);
    if (!client) {
      // The credentials are passed as a provider the client awaits on its first call, so the
      // client is cached before any await: networks and peerings of one place listed side by side
      // share one client (two would leave one never destroyed).
      client = new EC2Client({
        region,
        endpoint: place.account.endpoint,
        credentials: () =>
          this.credentials(place.account).then((c) => (typeof c === 'function' ? c() : c)),
        maxAttempts: 1,
      });
      this.clients.set(key, client);
    }
    return client;
  }

  /**
   * An organization member's credentials: the management credentials as they are for the
   * management account itself, else a session in the member account from STS AssumeRole
   * through the SDK's fromTemporaryCredentials, which renews it before it expires. One session
   * per account, shared by its regional clients; it lives in memory only.
   */
  private credentials(
    account: Account,
  ): Promise<AwsCredentialIdentity | AwsCredentialIdentityProvider> {
    const member = account.awsMember;
    if (!member?.roleName) return this.sourceCredentials(account);
    // Kept before the first await: the regions of an account listed side by side (the fallback
    // from the aggregator) share one session instead of each assuming the role.
    let session = this.sessions.get(account.id);
    if (!session) {
      const { shareSession } = organizationModule();
      const pending = this.sourceCredentials(account).then((masterCredentials) =>
        shareSession(
          fromTemporaryCredentials({
            masterCredentials,
            params: {
              RoleArn: `arn:aws:iam::${member.accountNumber}:role/${member.roleName}`,
              RoleSessionName: 'cloud-peering',
              DurationSeconds: 3600,
            },
            clientConfig: {
              region: account.regions?.[0] ?? 'us-east-1',
              endpoint: account.endpoint,
              maxAttempts: 1,
            },
          }),
        ),
      );
      pending.catch(() => {
        if (this.sessions.get(account.id) === pending) this.sessions.delete(account.id);
      });
      this.sessions.set(account.id, (session = pending));
    }
    return session;
  }

  /**
   * The credentials an account's own calls use: keys stored for it (or, for an organization
   * member, for the configured account it names), else its profile through the SDK's loader.
   */
  private async sourceCredentials(
    account: Account,
  ): Promise<AwsCredentialIdentity | AwsCredentialIdentityProvider> {
    const secret = await this.env.credentials.getSecret(
      account.awsMember?.credentialsOf ?? account.id,
    );
    if (secret) {
      let keys: StaticKeys;
      try {
        keys = JSON.parse(secret) as StaticKeys;
      } catch {
        throw new UserFacingError(
          `The stored keys for AWS account "${account.label}" are unreadable.`,
          {
            account: account.id,
            fix: 'Remove the account and add it again.',
          },
        );
      }
      return {
        accessKeyId: keys.accessKeyId,
        secretAccessKey: keys.secretAccessKey,
        sessionToken: keys.sessionToken,
      };
    }
    // The SDK's own loader: static keys, SSO, assume-role, credential_process.
    return fromIni({ profile: account.ref });
  }

  private async profileRegion(profile: string): Promise<string | undefined> {
    try {
      const files = await loadSharedConfigFiles();
      return files.configFile?.[profile]?.region ?? files.credentialsFile?.[profile]?.region;
    } catch {
      return undefined;
    }
  }

  private toNetwork(place: Place, vpc: Vpc): Network {
    const id = vpc.VpcId ?? '';
    const v4 = (vpc.CidrBlockAssociationSet ?? [])
      .filter((a) => !a.CidrBlockState?.State || a.CidrBlockState.State === 'associated')
      .map((a) => a.CidrBlock ?? '');
    if (v4.length === 0 && vpc.CidrBlock) v4.push(vpc.CidrBlock);
    const v6 = (vpc.Ipv6CidrBlockAssociationSet ?? [])
      .filter((a) => !a.Ipv6CidrBlockState?.State || a.Ipv6CidrBlockState.State === 'associated')
      .map((a) => a.Ipv6CidrBlock ?? '');
    const tags = Object.fromEntries((vpc.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
    return {
      key: `${place.account.id}/${place.region}/${id}`,
      accountKey: place.account.id,
      cloud: 'aws',
      id,
      name: tags.Name ?? id,
      cidrs: [...v4, ...v6].filter(Boolean),
      region: place.region,
      ownerId: vpc.OwnerId,
      tags,
    };
  }

  private toPeering(place: Place, pcx: VpcPeeringConnection, owner: string | undefined): Peering {
    const requester = pcx.RequesterVpcInfo ?? {};
    const accepter = pcx.AccepterVpcInfo ?? {};
    // Which side is local: across regions, the one in this region; across
    // accounts in one region, the one this account owns; otherwise the requester.
    const isAccepterHere =
      requester.Region !== accepter.Region
        ? accepter.Region === place.region
        : requester.OwnerId !== accepter.OwnerId &&
          owner !== undefined &&
          accepter.OwnerId === owner;
    const [local, peer] = isAccepterHere ? [accepter, requester] : [requester, accepter];
    const raw = pcx.Status?.Code ?? 'unknown';
    const id = pcx.VpcPeeringConnectionId ?? '';
    const name = pcx.Tags?.find((t) => t.Key === 'Name')?.Value;
    const cidrsOf = (info: typeof requester) =>
      [
        // CidrBlockSet lists every IPv4 block; without it, the primary CidrBlock is all there is.
        ...(info.CidrBlockSet?.length
          ? info.CidrBlockSet.map((c) => c.CidrBlock ?? '')
          : [info.CidrBlock ?? '']),
        ...(info.Ipv6CidrBlockSet ?? []).map((c) => c.Ipv6CidrBlock ?? ''),
      ].filter(Boolean);
    const options: Record<string, boolean> = {};
    if (requester.PeeringOptions?.AllowDnsResolutionFromRemoteVpc !== undefined)
      options.requesterDnsResolution = requester.PeeringOptions.AllowDnsResolutionFromRemoteVpc;
    if (accepter.PeeringOptions?.AllowDnsResolutionFromRemoteVpc !== undefined)
      options.accepterDnsResolution = accepter.PeeringOptions.AllowDnsResolutionFromRemoteVpc;
    return {
      key: `aws/${id}`,
      accountKey: place.account.id,
      cloud: 'aws',
      id,
      name,
      state: normalizeState('aws', raw),
      rawState: raw,
      stateMessage: pcx.Status?.Message,
      role: isAccepterHere ? 'accepter' : 'requester',
      local: {
        cloud: 'aws',
        accountId: local.OwnerId,
        networkId: local.VpcId ?? '',
        region: local.Region,
        cidrs: cidrsOf(local),
      },
      peer: {
        cloud: 'aws',
        accountId: peer.OwnerId,
        networkId: peer.VpcId ?? '',
        region: peer.Region,
        cidrs: cidrsOf(peer),
      },
      expiresAt: pcx.ExpirationTime?.toISOString(),
      options,
    };
  }
}

/**
 * The organization module, evaluated on first use: esbuild keeps a required module lazy inside
 * the bundle, so the Organizations, STS and Config clients cost nothing until an organization is
 * used. (A dynamic import() of a relative module would not run under the tests' CommonJS loader.)
 */
function organizationModule(): typeof import('./organization') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./organization') as typeof import('./organization');
}

/** EC2 takes at most 200 values in one filter. */
const VPC_FILTER_VALUES = 200;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** One EC2 route as the runner and the Doctor read it: where it goes, through what, in what state. */
function routeOf(r: Ec2Route): { destination: string; target: string; state: string | undefined } {
  return {
    destination:
      r.DestinationCidrBlock ?? r.DestinationIpv6CidrBlock ?? r.DestinationPrefixListId ?? '',
    target:
      r.VpcPeeringConnectionId ??
      r.GatewayId ??
      r.NatGatewayId ??
      r.TransitGatewayId ??
      r.NetworkInterfaceId ??
      '',
    state: r.State,
  };
}

/** The Doctor's view of one VPC from the region-wide reads. */
function toNetworkPath(
  vpcId: string,
  tables: Ec2RouteTable[],
  subnets: Subnet[],
  acls: NetworkAcl[],
  groups: SecurityGroup[],
): NetworkPath {
  const mine = <T extends { VpcId?: string }>(items: T[]) => items.filter((i) => i.VpcId === vpcId);
  const routeTables = mine(tables).map((t) => ({
    id: t.RouteTableId ?? '',
    name: t.Tags?.find((tag) => tag.Key === 'Name')?.Value,
    main: t.Associations?.some((a) => a.Main) ?? false,
    subnetIds: (t.Associations ?? []).flatMap((a) => (a.SubnetId ? [a.SubnetId] : [])),
    routes: (t.Routes ?? []).map((r) => ({ ...routeOf(r), origin: r.Origin })),
  }));
  const aclOf = new Map<string, string>();
  for (const acl of mine(acls))
    for (const a of acl.Associations ?? [])
      if (a.SubnetId) aclOf.set(a.SubnetId, acl.NetworkAclId ?? '');
  const pathSubnets = mine(subnets).map((s) => {
    const id = s.SubnetId ?? '';
    const table =
      routeTables.find((t) => t.subnetIds.includes(id)) ?? routeTables.find((t) => t.main);
    const acl = aclOf.get(id);
    return {
      id,
      name: s.Tags?.find((tag) => tag.Key === 'Name')?.Value,
      cidrs: [
        ...(s.CidrBlock ? [s.CidrBlock] : []),
        ...(s.Ipv6CidrBlockAssociationSet ?? []).map((a) => a.Ipv6CidrBlock ?? '').filter(Boolean),
      ],
      routeTableId: table?.id,
      filterIds: acl ? [acl] : undefined,
    };
  });
  const filters: PathFilter[] = [
    ...mine(acls).map((acl): PathFilter => ({
      kind: 'network-acl',
      id: acl.NetworkAclId ?? '',
      name: acl.Tags?.find((tag) => tag.Key === 'Name')?.Value,
      stateful: false,
      isDefault: acl.IsDefault,
      subnetIds: (acl.Associations ?? []).flatMap((a) => (a.SubnetId ? [a.SubnetId] : [])),
      rules: (acl.Entries ?? []).map((e): PathRule => ({
        id: `${acl.NetworkAclId ?? ''}/${e.Egress ? 'egress' : 'ingress'}/${e.RuleNumber ?? ''}`,
        direction: e.Egress ? 'egress' : 'ingress',
        action: e.RuleAction === 'allow' ? 'allow' : 'deny',
        priority: e.RuleNumber,
        protocol: ec2Protocol(e.Protocol),
        fromPort: e.PortRange?.From,
        toPort: e.PortRange?.To,
        addresses: [e.CidrBlock ?? e.Ipv6CidrBlock ?? ''].filter(Boolean),
      })),
    })),
    ...mine(groups).map((g): PathFilter => ({
      kind: 'security-group',
      id: g.GroupId ?? '',
      name: g.GroupName,
      stateful: true,
      isDefault: g.GroupName === 'default',
      rules: [
        ...permissionsToRules(g.GroupId ?? '', 'ingress', g.IpPermissions ?? []),
        ...permissionsToRules(g.GroupId ?? '', 'egress', g.IpPermissionsEgress ?? []),
      ],
    })),
  ];
  return { networkId: vpcId, subnets: pathSubnets, routeTables, filters };
}

/** EC2's protocol: `-1` (all), a name, or an IANA number (6 tcp, 17 udp, 1 icmp). */
function ec2Protocol(protocol: string | undefined): string {
  const p = (protocol ?? '-1').toLowerCase();
  return p === '-1' ? 'all' : p === '6' ? 'tcp' : p === '17' ? 'udp' : p === '1' ? 'icmp' : p;
}

function permissionsToRules(
  groupId: string,
  direction: 'ingress' | 'egress',
  permissions: IpPermission[],
): PathRule[] {
  return permissions.map((perm, i) => ({
    id: `${groupId}/${direction}/${i}`,
    direction,
    action: 'allow',
    protocol: ec2Protocol(perm.IpProtocol),
    fromPort: perm.FromPort === -1 ? undefined : perm.FromPort,
    toPort: perm.ToPort === -1 ? undefined : perm.ToPort,
    addresses: [
      ...(perm.IpRanges ?? []).map((r) => r.CidrIp ?? ''),
      ...(perm.Ipv6Ranges ?? []).map((r) => r.CidrIpv6 ?? ''),
    ].filter(Boolean),
  }));
}

/** Throttling and 5xx are retried; the SDK marks both on the error. */
/** Attempts and first delay for an accept that meets a not-yet-visible peering id. */
export const ACCEPT_NOT_FOUND_ATTEMPTS = 6;
export const ACCEPT_NOT_FOUND_BASE_MS = 500;

/** The EC2 error code (the SDK error's name), also through the UserFacingError explaining it. */
function errorCode(error: unknown): string | undefined {
  if (error instanceof UserFacingError) return errorCode(error.options.cause);
  return (error as { name?: string } | undefined)?.name;
}

export function classifyAwsError(error: unknown): RetryClassification {
  const e = error as {
    name?: string;
    $retryable?: { throttling?: boolean };
    $metadata?: { httpStatusCode?: number };
    code?: string;
  };
  const throttled =
    e.$retryable?.throttling === true ||
    [
      'RequestLimitExceeded',
      'Throttling',
      'ThrottlingException',
      'TooManyRequestsException',
    ].includes(e.name ?? '');
  const status = e.$metadata?.httpStatusCode ?? 0;
  const transientNetwork =
    ['ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(e.code ?? '') || e.name === 'TimeoutError';
  return { retryable: throttled || status >= 500 || transientNetwork, throttled };
}

/** Turns SDK errors into messages that name the account and say what to do. */
function explainAwsError(place: Pick<Place, 'account' | 'region'>, error: unknown): Error {
  if (!(error instanceof Error) || error.name === 'AbortError') return error as Error;
  // Already explained (e.g. unreadable stored keys, raised when a client first asks for them).
  if (error instanceof UserFacingError) return error;
  const where = `AWS account "${place.account.label}"${place.region ? ` in ${place.region}` : ''}`;
  const code = (error as { code?: string }).code;
  if (
    [
      'AuthFailure',
      'UnrecognizedClientException',
      'InvalidClientTokenId',
      'SignatureDoesNotMatch',
      'ExpiredToken',
    ].includes(error.name)
  ) {
    return new UserFacingError(`${where}: the credentials were rejected (${error.name}).`, {
      account: place.account.id,
      fix: `Check profile "${place.account.ref}" in ~/.aws/credentials, or run "aws sso login --profile ${place.account.ref}".`,
      cause: error,
    });
  }
  if (error.name === 'CredentialsProviderError') {
    return new UserFacingError(
      `${where}: no credentials found for profile "${place.account.ref}".`,
      {
        account: place.account.id,
        fix: 'Add the profile to ~/.aws/config or ~/.aws/credentials, or pick another profile.',
        cause: error,
      },
    );
  }
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new UserFacingError(
      `${where}: cannot reach ${place.account.endpoint ?? 'the EC2 endpoint'} (${code}).`,
      {
        account: place.account.id,
        fix: place.account.endpoint
          ? 'Check the endpoint override in the account settings.'
          : 'Check your network connection and proxy settings.',
        cause: error,
      },
    );
  }
  return new UserFacingError(`${where}: ${error.name}: ${error.message}`, {
    account: place.account.id,
    cause: error,
  });
}

export const createProvider: ProviderModule['createProvider'] = (env) => new AwsProvider(env);
