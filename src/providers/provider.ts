/**
 * The one interface every cloud adapter implements. Adapters live in
 * src/providers/<cloud>/ and are separate bundles (dist/providers/<cloud>.js)
 * loaded on first use by `loader.ts`; this file imports no SDK.
 */
import type { Account, CloudKind, Network, Peering } from '../model/types';

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
  /** Where an adapter says which source answered (an inventory engine or its fallback). Never secrets. */
  log?: (message: string) => void;
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
  /** Releases clients and sockets. */
  dispose(): void;
}

/** What a provider bundle exports. */
export interface ProviderModule {
  createProvider(env: ProviderEnvironment): CloudProvider;
}
