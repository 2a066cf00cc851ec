/**
 * The one interface every cloud adapter implements. Adapters live in
 * src/providers/<cloud>/ and are separate bundles (dist/providers/<cloud>.js)
 * loaded on first use by `loader.ts`; this file imports no SDK.
 */
import type { Account, AccountGroup, CloudKind, Network, Peering } from '../model/types';

/** Where an adapter gets secrets and tokens. The UI implements it over SecretStorage and VS Code auth. */
export interface CredentialSource {
  /** The secret stored for an account (UpCloud password or token, Aiven token, Dragonfly API key, sandbox keys). */
  getSecret(accountId: string): Promise<string | undefined>;
  /**
   * An Azure access token for the given tenant, for ARM. The UI answers from VS Code's
   * Microsoft sign-in; undefined lets the adapter fall back to @azure/identity.
   */
  getAzureToken?(
    scopes: string[],
    tenantId?: string,
  ): Promise<{ token: string; expiresOnTimestamp: number } | undefined>;
}

export interface ProviderEnvironment {
  credentials: CredentialSource;
  /** PEM the Azure client trusts in addition to the system roots: the sandbox's certificate only. */
  azureCaPem?: string;
  /** `peering.aws.defaultRegions`: scanned besides each AWS profile's own region. */
  awsDefaultRegions?: string[];
}

export interface CallOptions {
  signal?: AbortSignal;
}

/** A place to scan: a region for AWS, a location or "global" elsewhere. */
export interface Place {
  account: Account;
  /** Undefined for providers without regions in their listing APIs (GCP networks are global). */
  region?: string;
}

export interface Route {
  destination: string;
  /** pcx-..., a GCP peering name, an Azure next hop, ... */
  target: string;
  /** active | blackhole | ... as the provider says. */
  state?: string;
}

export interface RouteTable {
  id: string;
  networkId: string;
  name?: string;
  main?: boolean;
  routes: Route[];
}

export interface IngressRule {
  protocol: string;
  fromPort?: number;
  toPort?: number;
  sources: string[];
  description?: string;
}

/** AWS security group, GCP firewall, Azure NSG: normalized to ingress rules on a network. */
export interface FirewallGroup {
  id: string;
  name: string;
  networkId: string;
  ingress: IngressRule[];
}

/** What a delete leaves: nothing to read, or a peering to read again for its state. */
export type DeleteOutcome = 'gone' | 'read-again';

/** One place's listing as an inventory engine answered it: what listNetworks and listPeerings return. */
export interface EngineListing {
  networks: Network[];
  peerings: Peering[];
}

/** What an organisation-scale inventory engine answered for a group of accounts. */
export interface GroupInventory {
  /**
   * The engine, for the log: "Azure Resource Graph", "Cloud Asset Inventory",
   * `AWS Config aggregator "name" (region)`.
   */
  engine: string;
  /**
   * Per account id, every account the answer covers, and per place of it (`Place.region`: the
   * account's regions for AWS, undefined where listings have no region: GCP, Azure) its
   * listing; a place without networks has empty lists. A place the answer leaves out is listed
   * by its own calls.
   */
  byAccount: Map<string, Map<string | undefined, EngineListing>>;
  /** Requests made (pages). */
  calls: number;
}

export interface CloudProvider {
  readonly cloud: CloudKind;
  /** The regions or locations to scan for this account. */
  listRegions(account: Account, options?: CallOptions): Promise<(string | undefined)[]>;
  listNetworks(place: Place, options?: CallOptions): Promise<Network[]>;
  /** Peerings in both directions that touch this place's networks. */
  listPeerings(place: Place, options?: CallOptions): Promise<Peering[]>;
  getPeering(place: Place, id: string, options?: CallOptions): Promise<Peering | undefined>;
  listRouteTables(place: Place, networkId?: string, options?: CallOptions): Promise<RouteTable[]>;
  listFirewalls(place: Place, networkId?: string, options?: CallOptions): Promise<FirewallGroup[]>;
  /**
   * Deletes a peering as this adapter listed it: the one delete every cloud has. Each adapter
   * reads from the listed peering what its API needs (an id, an ARM id's parts, Aiven's peer).
   * `gone`: nothing is left to read; `read-again`: the provider may still list it (deleting).
   */
  deleteListedPeering(
    place: Place,
    peering: Peering,
    options?: CallOptions,
  ): Promise<DeleteOutcome>;
  /**
   * The cloud's own inventory engine (Azure Resource Graph, Cloud Asset Inventory, an AWS Config
   * aggregator): the networks and peerings of many accounts of one group in a few paged calls,
   * mapped exactly as listNetworks/listPeerings map them. Optional; it throws when the engine
   * cannot answer (the message says why), and discovery then lists each place itself.
   */
  listGroupInventory?(
    group: AccountGroup,
    accounts: readonly Account[],
    options?: CallOptions,
  ): Promise<GroupInventory>;
  /**
   * The Doctor's read-only view of networks in one place (routes, subnets, filters); optional, so
   * a provider without it is reported as a skipped check.
   */
  readNetworkPaths?: NetworkPathReader['readNetworkPaths'];
  /** Releases clients and sockets. */
  dispose(): void;
}

/** What a provider bundle exports. */
export interface ProviderModule {
  createProvider(env: ProviderEnvironment): CloudProvider;
}

// ---- The Peering Doctor's reads (issue 13) ---------------------------------------------------

/** A subnet and what serves it: its route table (explicit association or the main table) and ACL. */
export interface PathSubnet {
  id: string;
  name?: string;
  cidrs: string[];
  /** The route table that serves it; undefined where the cloud routes without tables (GCP). */
  routeTableId?: string;
  /** AWS network ACL, Azure NSG on the subnet. */
  filterIds?: string[];
}

export interface PathRoute extends Route {
  /** How the provider made it where it says: `CreateRoute`, `static`, `VNetPeering`, `local`, … */
  origin?: string;
  /** The route's own name where it has one (Azure user-defined routes). */
  name?: string;
  /** The next hop's address where the target is a kind, not an id (Azure VirtualAppliance). */
  nextHopIp?: string;
}

export interface PathRouteTable {
  id: string;
  name?: string;
  /** AWS: the main table serves every subnet without an explicit association. */
  main?: boolean;
  /** Subnets explicitly associated with this table. */
  subnetIds: string[];
  routes: PathRoute[];
}

/** One rule of a filter, normalized across clouds; evaluated in `priority` order where it has one. */
export interface PathRule {
  /** Evidence id: sgr-…, an ACL rule number, a firewall rule's name, an NSG rule's ARM id. */
  id: string;
  name?: string;
  direction: 'ingress' | 'egress';
  action: 'allow' | 'deny';
  /** Lower first. Undefined for allow-only sets, where order does not matter (AWS SGs). */
  priority?: number;
  /** `all`, `tcp`, `udp`, `icmp`, … (lower case). */
  protocol: string;
  fromPort?: number;
  toPort?: number;
  /** Sources (ingress) or destinations (egress): CIDRs, or a service tag (`VirtualNetwork`). */
  addresses: string[];
  /** GCP target tags: the rule applies only to instances carrying one of them. */
  targetTags?: string[];
  /** A rule the platform adds and the user cannot delete (Azure default rules, GCP implied rules). */
  platformDefault?: boolean;
}

/** An AWS security group or network ACL, a GCP network's firewall, an Azure NSG. */
export interface PathFilter {
  kind: 'security-group' | 'network-acl' | 'firewall' | 'nsg';
  id: string;
  name?: string;
  /** Stateful filters let return traffic back; stateless ones (AWS NACLs) need a rule for it. */
  stateful: boolean;
  /** Subnets it guards (NACL, NSG); undefined: the whole network or the instances that use it. */
  subnetIds?: string[];
  /** AWS: the VPC's default security group (the Fix proposes it). */
  isDefault?: boolean;
  rules: PathRule[];
}

/** A server on the network, for the DHCP check (UpCloud). */
export interface PathServer {
  id: string;
  name?: string;
  /** As the provider says: UpCloud `started`, `stopped`, `maintenance`, `error`. */
  state?: string;
}

/** What a diagnosis reads of one network: routes, subnets, filters, settings. Read-only calls only. */
export interface NetworkPath {
  networkId: string;
  /** The network's address blocks as the provider lists them now. */
  cidrs?: string[];
  subnets: PathSubnet[];
  routeTables: PathRouteTable[];
  filters: PathFilter[];
  /** Network settings the checks read: GCP `routingMode`, AWS DNS attributes, UpCloud `routerId`. */
  settings?: Record<string, string | number | boolean | null>;
  servers?: PathServer[];
}

/**
 * The Doctor's read of many networks in one place. Providers read them with as few calls as their
 * APIs allow (one Describe per resource kind for all of a region's VPCs, …); `calls` counts them.
 */
export interface NetworkPathReader {
  readNetworkPaths(
    place: Place,
    networkIds: readonly string[],
    options?: PathReadOptions,
  ): Promise<{ paths: NetworkPath[]; calls: number }>;
}

export interface PathReadOptions extends CallOptions {
  /**
   * Networks (of `networkIds`) whose DNS settings the checks need: AWS reads `enableDnsSupport`
   * and `enableDnsHostnames` into `settings` with DescribeVpcAttribute, one attribute per call,
   * so only where DNS matters (see the Doctor's `dnsMatters`).
   */
  dnsOf?: readonly string[];
}
