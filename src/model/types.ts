/**
 * Plain data types shared by every layer. Nothing here does I/O or imports
 * `vscode`, so the sandbox, the providers and the tests can all use it.
 */

/**
 * Every cloud or managed service the extension knows how to talk to. Everything else per cloud
 * (its label, the list in order, links, limits) is in src/providers/registry.ts.
 */
export type CloudKind = 'aws' | 'gcp' | 'azure' | 'upcloud' | 'aiven' | 'dragonfly';

/**
 * A configured account: an AWS profile, a GCP project, an Azure subscription,
 * or one API identity at UpCloud, Aiven or Dragonfly Cloud. Secrets are never
 * stored here; `secretKey` names the SecretStorage entry that holds them.
 */
export interface Account {
  /** Stable id, unique across all accounts, e.g. `aws:prod` or `gcp:my-project`. */
  id: string;
  cloud: CloudKind;
  /** What the user sees in the tree. */
  label: string;
  /** AWS profile name, GCP project id, Azure subscription id, Aiven project, ... */
  ref: string;
  /** Regions to scan (AWS). Empty means the provider's default. */
  regions?: string[];
  /** Endpoint override: the sandbox, LocalStack or another emulator. */
  endpoint?: string;
  /** Azure tenant, when known. */
  tenantId?: string;
  /** True for accounts that point at the built-in sandbox. */
  sandbox?: boolean;
  /** Where the account sits in its cloud's hierarchy; the tree groups accounts by it. */
  group?: AccountGroup;
  /** An AWS Organizations member account, reached from its management account (issue 15). */
  awsMember?: AwsMemberAccess;
}

/**
 * How the extension acts in an AWS organization's member account: with the credentials of the
 * management profile (`Account.ref`, or the configured account `credentialsOf` when that one holds
 * stored keys, as sandbox accounts do), assuming `roleName` in `accountNumber` through STS. No
 * role for the management account itself, which the profile already is. Session credentials live
 * in memory only.
 */
export interface AwsMemberAccess {
  /** The 12-digit account number. */
  accountNumber: string;
  /** The role to assume, e.g. OrganizationAccountAccessRole; absent for the caller's own account. */
  roleName?: string;
  /** The configured account whose credentials call STS and the Config aggregator. */
  credentialsOf?: string;
}

/**
 * An AWS organization, a GCP organization or folder, or an Azure tenant: what many accounts
 * added at once (issue 15) share, so the Networks tree can group hundreds of them.
 */
export interface AccountGroup {
  kind: 'aws-organization' | 'gcp-organization' | 'gcp-folder' | 'azure-tenant';
  /** o-…, organizations/123, folders/456, a tenant GUID. */
  id: string;
  label: string;
}

/**
 * The normalized peering state. Every provider's raw states map to one of
 * these through a single table in `states.ts`; the raw state is kept beside it.
 */
export type PeeringState =
  | 'active'
  /** Waiting on the user (accept, create the other side, enter values elsewhere). */
  | 'pending'
  /** The provider is working on it; poll. */
  | 'provisioning'
  /** Exists but carries no traffic, e.g. one side of a GCP pair. */
  | 'inactive'
  /** Failed, rejected, conflicting: the user has to act. */
  | 'failed'
  /** Was active and lost its other side, or was expired. */
  | 'disconnected'
  | 'deleting'
  | 'deleted'
  | 'unknown';

export interface NetworkRef {
  cloud: CloudKind;
  /** Account id (AWS account number, GCP project, Azure subscription, ...). */
  accountId?: string;
  /** Provider id of the network: vpc-..., a GCP network self link, an ARM id, a UUID. */
  networkId: string;
  region?: string;
  name?: string;
  cidrs?: string[];
  /** Set by peer resolution: the key of the configured network this ref points at. */
  resolvedKey?: string;
}

export interface Network {
  /** Tree-stable id: account, region and provider id together. */
  key: string;
  accountKey: string;
  cloud: CloudKind;
  id: string;
  name: string;
  cidrs: string[];
  region?: string;
  zone?: string;
  /** Provider account id (AWS owner id, GCP project, Azure subscription, ...). */
  ownerId?: string;
  tags?: Record<string, string>;
  /** The provider's kind of network where it has several (UpCloud: private, public or utility). */
  networkType?: string;
  /**
   * The router attached to the network where peering needs one (UpCloud): its
   * id, or null when none is attached; undefined where unknown or not applicable.
   */
  routerId?: string | null;
  /**
   * The same network as another cloud sees it: a Dragonfly Cloud network's AWS
   * VPC, an Aiven VPC's UpCloud SDN network. Peer resolution matches on these.
   */
  aliases?: NetworkRef[];
}

export interface Peering {
  key: string;
  accountKey: string;
  cloud: CloudKind;
  id: string;
  name?: string;
  state: PeeringState;
  /** The provider's own state string, shown next to the normalized one. */
  rawState: string;
  stateMessage?: string;
  local: NetworkRef;
  peer: NetworkRef;
  /** AWS requester / accepter, GCP/Azure: which side we listed it from. */
  role?: 'requester' | 'accepter' | 'local';
  createdAt?: string;
  expiresAt?: string;
  options?: Record<string, string | boolean | number>;
}
