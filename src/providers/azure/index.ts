/**
 * The Azure adapter: virtual networks, peerings and network security groups
 * through @azure/arm-network, subscriptions and tenants through
 * @azure/arm-resources-subscriptions (loaded only for Add Account). Its own
 * bundle (dist/providers/azure.js), loaded on first use.
 *
 * An account is a subscription (`ref`), optionally with its tenant. One
 * listAll call returns every vnet of the subscription with its peerings
 * embedded, so there is one place per account (`region` undefined) and a
 * refresh costs one call per page. The SDK's retries are off; `withRetry`
 * is the one retry loop.
 */
import {
  NetworkManagementClient,
  getContinuationToken,
  type VirtualNetwork,
  type VirtualNetworkPeering,
} from '@azure/arm-network';
import type { TokenCredential } from '@azure/core-auth';
import type { Account, AccountGroup, Network, Peering } from '../../model/types';
import { withRetry } from '../../async/retry';
import { isCancellation } from '../../model/errors';
import type {
  CallOptions,
  CloudProvider,
  FirewallGroup,
  NetworkPath,
  Place,
  ProviderEnvironment,
  ProviderModule,
  RouteTable,
  DeleteOutcome,
  GroupInventory,
} from '../provider';
import { armClientOptions } from './clients';
import { ArmCredential } from './credentials';
import { parseAzurePeeringId } from './descriptor';
import {
  classifyAzureError,
  explainAzureError,
  readArmFailure,
  type ArmCallContext,
} from './failures';
import { tenantInventory, type ResourceGraphQuery } from './resourceGraph';
import {
  checkAddressPrefix,
  checkGuid,
  checkOneOf,
  checkPortRange,
  checkPriority,
  checkResourceGroup,
  checkResourceName,
  checkVnetId,
  invalid,
} from './inputChecks';
import {
  parsePeeringId,
  toFirewallGroups,
  toNetworkPath,
  toNetwork,
  toPeering,
  vnetIdOf,
  type LocalVnet,
} from './resources';

export interface AzureCreatePeeringInput {
  resourceGroup: string;
  /** The local vnet, in the place's subscription. */
  vnetName: string;
  /** The peering's name on the local vnet. */
  name: string;
  /** ARM id of the remote vnet (any subscription). */
  remoteVnetId: string;
  allowVirtualNetworkAccess?: boolean;
  allowForwardedTraffic?: boolean;
  allowGatewayTransit?: boolean;
  useRemoteGateways?: boolean;
  /** The remote vnet's tenant, when it is not the account's: its token goes in x-ms-authorization-auxiliary. */
  remoteTenantId?: string;
}

export interface AzurePeeringRef {
  resourceGroup: string;
  vnetName: string;
  name: string;
}

export interface AzureSecurityRuleInput {
  resourceGroup: string;
  nsgName: string;
  name: string;
  /** 100-4096; lower runs first. */
  priority: number;
  /** CIDR, address, `*` or a service tag. */
  sourceAddressPrefix: string;
  /** `*`, a port or a range such as 6379 or 8000-8080. */
  destinationPortRange: string;
  protocol: 'Tcp' | 'Udp' | 'Icmp' | 'Esp' | 'Ah' | '*';
  access: 'Allow';
  direction: 'Inbound';
  destinationAddressPrefix?: string;
  description?: string;
}

/** The mutating calls the plans use. Each waits for ARM's long-running operation. */
export interface AzureActions {
  /** Creates this vnet's half of a peering: Initiated until the remote side peers back, then Connected. */
  createPeering(
    place: Place,
    input: AzureCreatePeeringInput,
    options?: CallOptions,
  ): Promise<Peering>;
  /** Deletes this side; the remote side becomes Disconnected. */
  deletePeering(place: Place, input: AzurePeeringRef, options?: CallOptions): Promise<void>;
  /** Picks up a changed remote address space (syncRemoteAddressSpace=true). */
  syncPeering(place: Place, input: AzurePeeringRef, options?: CallOptions): Promise<Peering>;
  /** Turns on allowForwardedTraffic, keeping the peering's other settings (a Doctor fix). */
  allowForwardedTraffic(
    place: Place,
    input: AzurePeeringRef,
    options?: CallOptions,
  ): Promise<Peering>;
  createSecurityRule(
    place: Place,
    input: AzureSecurityRuleInput,
    options?: CallOptions,
  ): Promise<void>;
}

/** Where to look for subscriptions and tenants: the Add Account flow has no account yet. */
export interface AzureDirectoryInput {
  endpoint?: string;
  tenantId?: string;
  sandbox?: boolean;
}

export interface AzureSubscriptionInfo {
  subscriptionId: string;
  displayName: string;
  tenantId?: string;
  state?: string;
}

export interface AzureTenantInfo {
  tenantId: string;
  displayName?: string;
  defaultDomain?: string;
}

/** For Add Account: what the signed-in user can pick. */
export interface AzureDirectory {
  listSubscriptions(
    input?: AzureDirectoryInput,
    options?: CallOptions,
  ): Promise<AzureSubscriptionInfo[]>;
  listTenants(input?: AzureDirectoryInput, options?: CallOptions): Promise<AzureTenantInfo[]>;
}

/** ARM's own LROs report every few seconds; the sandbox's finish in milliseconds. */
const POLL_MS = 2000;
const SANDBOX_POLL_MS = 20;

export class AzureProvider implements CloudProvider, AzureActions, AzureDirectory {
  readonly cloud = 'azure' as const;
  private readonly clients = new Map<string, NetworkManagementClient>();
  private readonly vnetsInFlight = new Map<string, Promise<VirtualNetwork[]>>();
  /** Resource Graph clients by endpoint and tenant (typed loosely: the SDK loads on first use). */
  private readonly graphClients = new Map<string, unknown>();

  constructor(private readonly env: ProviderEnvironment) {}

  /** One listAll covers every location: one place per subscription. */
  async listRegions(): Promise<(string | undefined)[]> {
    return [undefined];
  }

  async listNetworks(place: Place, options: CallOptions = {}): Promise<Network[]> {
    const vnets = await this.vnets(place, options);
    return vnets.map((v) => toNetwork(place.account, v));
  }

  async listPeerings(place: Place, options: CallOptions = {}): Promise<Peering[]> {
    const vnets = await this.vnets(place, options);
    const perVnet = await Promise.all(
      vnets.map(async (v) => {
        const local: LocalVnet = {
          id: v.id ?? '',
          location: v.location,
          addressPrefixes: v.addressSpace?.addressPrefixes,
        };
        // ARM embeds the peerings in the vnet; ask per vnet only if an endpoint leaves them out.
        const peerings =
          v.virtualNetworkPeerings ?? (await this.listVnetPeerings(place, v, options));
        return peerings.map((p) => toPeering(place.account, local, p));
      }),
    );
    return perVnet.flat();
  }

  async getPeering(
    place: Place,
    id: string,
    options: CallOptions = {},
  ): Promise<Peering | undefined> {
    const parsed = parsePeeringId(id);
    if (!parsed)
      throw invalid(
        'id',
        id,
        'it must be a peering id: /subscriptions/SUB/resourceGroups/RG/providers/Microsoft.Network/virtualNetworks/VNET/virtualNetworkPeerings/NAME',
      );
    const peering = await this.call(place, options, {}, async (client) => {
      try {
        return await client.virtualNetworkPeerings.get(
          parsed.resourceGroup,
          parsed.vnetName,
          parsed.name,
          { abortSignal: options.signal },
        );
      } catch (error) {
        if (readArmFailure(error).statusCode === 404) return undefined;
        throw error;
      }
    });
    return peering ? toPeering(place.account, { id: vnetIdOf(parsed) }, peering) : undefined;
  }

  /**
   * Azure peerings need no route tables: ARM adds the peered ranges as system
   * routes (next hop VNetPeering), so the plans list none. User route tables
   * matter only where they override those: the Doctor reads them through
   * readNetworkPaths (routeTables.listAll).
   */
  async listRouteTables(): Promise<RouteTable[]> {
    return [];
  }

  /**
   * The Doctor's read: the subscription's NSGs and route tables, each in one paginated listAll
   * (an NSG carries its rules, default rules and associated subnets; a route table its
   * user-defined routes and associated subnets), both at once, mapped onto the vnets asked for.
   * The peering's own routes are system routes, so nothing else is read.
   */
  async readNetworkPaths(
    place: Place,
    networkIds: readonly string[],
    options: CallOptions = {},
  ): Promise<{ paths: NetworkPath[]; calls: number }> {
    let calls = 0;
    const [nsgs, tables] = await Promise.all([
      this.pages(place, options, {}, (client, continuationToken) => {
        calls++;
        return client.networkSecurityGroups
          .listAll({ abortSignal: options.signal })
          .byPage({ continuationToken })
          .next();
      }),
      this.pages(place, options, {}, (client, continuationToken) => {
        calls++;
        return client.routeTables
          .listAll({ abortSignal: options.signal })
          .byPage({ continuationToken })
          .next();
      }),
    ]);
    return { paths: networkIds.map((id) => toNetworkPath(id, nsgs, tables)), calls };
  }

  async listFirewalls(
    place: Place,
    networkId?: string,
    options: CallOptions = {},
  ): Promise<FirewallGroup[]> {
    const nsgs = await this.pages(place, options, {}, (client, continuationToken) =>
      client.networkSecurityGroups
        .listAll({ abortSignal: options.signal })
        .byPage({ continuationToken })
        .next(),
    );
    const groups = nsgs.flatMap(toFirewallGroups);
    return networkId
      ? groups.filter((g) => g.networkId.toLowerCase() === networkId.toLowerCase())
      : groups;
  }

  /**
   * An Azure tenant's subscriptions through Azure Resource Graph (one query, paged); the
   * client loads on first use. Throws when Resource Graph cannot answer: discovery then lists
   * each subscription.
   */
  async listGroupInventory(
    group: AccountGroup,
    accounts: readonly Account[],
    options: CallOptions = {},
  ): Promise<GroupInventory> {
    if (group.kind !== 'azure-tenant' || !accounts.length)
      throw new Error(`Azure Resource Graph lists Azure tenants, not ${group.kind}`);
    const { ResourceGraphClient } = await import('@azure/arm-resourcegraph');
    const first = accounts[0];
    const account: Account = { ...first, tenantId: first.tenantId ?? group.id };
    const place: Place = { account };
    const context = {
      where: `Azure tenant ${group.label}`,
      action: 'querying Azure Resource Graph',
    };
    // One client per endpoint and tenant, so its connections (and TLS sessions) are reused.
    const key = `${account.endpoint ?? ''}|${group.id}`;
    let client = this.graphClients.get(key) as InstanceType<typeof ResourceGraphClient> | undefined;
    if (!client) {
      try {
        const settings = armClientOptions({ account, caPem: this.env.azureCaPem });
        client = new ResourceGraphClient(new ArmCredential(this.env, account), {
          ...settings,
          // @azure-rest/core-client reads the token scope here, not from credentialScopes.
          credentials: { scopes: settings.credentialScopes },
        });
      } catch (error) {
        throw explainAzureError(place, error, context);
      }
      this.graphClients.set(key, client);
    }
    const graph = client;
    const query: ResourceGraphQuery = (request, callOptions) =>
      this.retrying(place, callOptions, context, () =>
        graph.resources(request, { abortSignal: callOptions.signal }),
      );
    return tenantInventory(accounts, query, options);
  }

  // ---- actions ----

  async createPeering(
    place: Place,
    input: AzureCreatePeeringInput,
    options: CallOptions = {},
  ): Promise<Peering> {
    const resourceGroup = checkResourceGroup('resourceGroup', input.resourceGroup);
    const vnetName = checkResourceName('vnetName', input.vnetName, 64);
    const name = checkResourceName('name', input.name);
    checkVnetId('remoteVnetId', input.remoteVnetId);
    const remoteTenantId =
      input.remoteTenantId === undefined
        ? undefined
        : checkGuid('remoteTenantId', input.remoteTenantId);
    const sameTenant =
      remoteTenantId === undefined ||
      remoteTenantId.toLowerCase() === place.account.tenantId?.toLowerCase();
    const context: ArmCallContext = {
      action: `creating peering "${name}" on ${vnetName}`,
      remoteTenantId: sameTenant ? undefined : remoteTenantId,
    };
    const body: VirtualNetworkPeering = {
      remoteVirtualNetwork: { id: input.remoteVnetId },
      allowVirtualNetworkAccess: input.allowVirtualNetworkAccess ?? true,
      allowForwardedTraffic: input.allowForwardedTraffic ?? false,
      allowGatewayTransit: input.allowGatewayTransit ?? false,
      useRemoteGateways: input.useRemoteGateways ?? false,
    };
    const created = await this.call(
      place,
      options,
      context,
      (client) =>
        client.virtualNetworkPeerings.beginCreateOrUpdateAndWait(
          resourceGroup,
          vnetName,
          name,
          body,
          this.lroOptions(place, options),
        ),
      sameTenant ? undefined : remoteTenantId,
    );
    return toPeering(
      place.account,
      { id: this.localVnetId(place, resourceGroup, vnetName) },
      created,
    );
  }

  async deleteListedPeering(
    place: Place,
    peering: Peering,
    options: CallOptions = {},
  ): Promise<DeleteOutcome> {
    await this.deletePeering(place, parseAzurePeeringId(peering.id), options);
    return 'read-again';
  }

  async deletePeering(
    place: Place,
    input: AzurePeeringRef,
    options: CallOptions = {},
  ): Promise<void> {
    const ref = this.checkPeeringRef(input);
    await this.call(
      place,
      options,
      { action: `deleting peering "${ref.name}" on ${ref.vnetName}` },
      (client) =>
        client.virtualNetworkPeerings.beginDeleteAndWait(
          ref.resourceGroup,
          ref.vnetName,
          ref.name,
          this.lroOptions(place, options),
        ),
    );
  }

  async syncPeering(
    place: Place,
    input: AzurePeeringRef,
    options: CallOptions = {},
  ): Promise<Peering> {
    return this.rewritePeering(place, input, options, {
      action: (ref) => `syncing peering "${ref.name}" on ${ref.vnetName}`,
      syncRemoteAddressSpace: true,
    });
  }

  /**
   * The PUT `az network vnet peering update --set allowForwardedTraffic=true` makes: the peering
   * as read, with allowForwardedTraffic on
   * (https://learn.microsoft.com/azure/virtual-network/virtual-network-manage-peering#change-peering).
   */
  async allowForwardedTraffic(
    place: Place,
    input: AzurePeeringRef,
    options: CallOptions = {},
  ): Promise<Peering> {
    return this.rewritePeering(place, input, options, {
      action: (ref) => `allowing forwarded traffic on peering "${ref.name}" of ${ref.vnetName}`,
      set: { allowForwardedTraffic: true },
    });
  }

  /**
   * Reads the peering and PUTs it back (the PUT replaces it: the settings a create sets go back as
   * read), with `set` applied; `syncRemoteAddressSpace` adds the query parameter that syncs it with
   * the remote address space (https://learn.microsoft.com/rest/api/virtualnetwork/virtual-network-peerings/create-or-update).
   */
  private async rewritePeering(
    place: Place,
    input: AzurePeeringRef,
    options: CallOptions,
    how: {
      action: (ref: AzurePeeringRef) => string;
      set?: Pick<VirtualNetworkPeering, 'allowForwardedTraffic'>;
      syncRemoteAddressSpace?: boolean;
    },
  ): Promise<Peering> {
    const ref = this.checkPeeringRef(input);
    const context = { action: how.action(ref) };
    const current = await this.call(place, options, context, (client) =>
      client.virtualNetworkPeerings.get(ref.resourceGroup, ref.vnetName, ref.name, {
        abortSignal: options.signal,
      }),
    );
    const written = await this.call(place, options, context, (client) =>
      client.virtualNetworkPeerings.beginCreateOrUpdateAndWait(
        ref.resourceGroup,
        ref.vnetName,
        ref.name,
        {
          remoteVirtualNetwork: current.remoteVirtualNetwork,
          allowVirtualNetworkAccess: current.allowVirtualNetworkAccess,
          allowForwardedTraffic: current.allowForwardedTraffic,
          allowGatewayTransit: current.allowGatewayTransit,
          useRemoteGateways: current.useRemoteGateways,
          ...how.set,
        },
        how.syncRemoteAddressSpace
          ? { ...this.lroOptions(place, options), syncRemoteAddressSpace: 'true' }
          : this.lroOptions(place, options),
      ),
    );
    return toPeering(
      place.account,
      { id: this.localVnetId(place, ref.resourceGroup, ref.vnetName) },
      written,
    );
  }

  async createSecurityRule(
    place: Place,
    input: AzureSecurityRuleInput,
    options: CallOptions = {},
  ): Promise<void> {
    const resourceGroup = checkResourceGroup('resourceGroup', input.resourceGroup);
    const nsgName = checkResourceName('nsgName', input.nsgName);
    const name = checkResourceName('name', input.name);
    const rule = {
      priority: checkPriority('priority', input.priority),
      sourceAddressPrefix: checkAddressPrefix('sourceAddressPrefix', input.sourceAddressPrefix),
      destinationPortRange: checkPortRange('destinationPortRange', input.destinationPortRange),
      protocol: checkOneOf('protocol', input.protocol, ['Tcp', 'Udp', 'Icmp', 'Esp', 'Ah', '*']),
      access: checkOneOf('access', input.access, ['Allow']),
      direction: checkOneOf('direction', input.direction, ['Inbound']),
      destinationAddressPrefix: checkAddressPrefix(
        'destinationAddressPrefix',
        input.destinationAddressPrefix ?? '*',
      ),
      sourcePortRange: '*',
      description: input.description,
    };
    await this.call(
      place,
      options,
      { action: `adding security rule "${name}" to ${nsgName}` },
      (client) =>
        client.securityRules.beginCreateOrUpdateAndWait(
          resourceGroup,
          nsgName,
          name,
          rule,
          this.lroOptions(place, options),
        ),
    );
  }

  // ---- directory (Add Account) ----

  async listSubscriptions(
    input: AzureDirectoryInput = {},
    options: CallOptions = {},
  ): Promise<AzureSubscriptionInfo[]> {
    const { SubscriptionClient } = await import('@azure/arm-resources-subscriptions');
    const place = directoryPlace(input);
    const context = { where: directoryWhere(input), action: 'listing subscriptions' };
    const client = new SubscriptionClient(
      new ArmCredential(this.env, place.account),
      armClientOptions({ account: place.account, caPem: this.env.azureCaPem }),
    );
    return this.retrying(place, options, context, async () => {
      const out: AzureSubscriptionInfo[] = [];
      for await (const s of client.subscriptions.list({ abortSignal: options.signal })) {
        out.push({
          subscriptionId: s.subscriptionId ?? '',
          displayName: s.displayName ?? s.subscriptionId ?? '',
          tenantId: s.tenantId,
          state: s.state,
        });
      }
      return out;
    });
  }

  async listTenants(
    input: AzureDirectoryInput = {},
    options: CallOptions = {},
  ): Promise<AzureTenantInfo[]> {
    const { SubscriptionClient } = await import('@azure/arm-resources-subscriptions');
    const place = directoryPlace(input);
    const context = { where: directoryWhere(input), action: 'listing tenants' };
    const client = new SubscriptionClient(
      new ArmCredential(this.env, place.account),
      armClientOptions({ account: place.account, caPem: this.env.azureCaPem }),
    );
    return this.retrying(place, options, context, async () => {
      const out: AzureTenantInfo[] = [];
      for await (const t of client.tenants.list({ abortSignal: options.signal })) {
        out.push({
          tenantId: t.tenantId ?? '',
          displayName: t.displayName,
          defaultDomain: t.defaultDomain,
        });
      }
      return out;
    });
  }

  dispose(): void {
    this.clients.clear();
    this.vnetsInFlight.clear();
    this.graphClients.clear();
  }

  // ---- internals ----

  /**
   * virtualNetworks.listAll for a place, shared while in flight (networks and
   * peerings both need it). The listing runs under its first caller's signal:
   * when that caller is cancelled, a caller that joined it and was not
   * cancelled lists again instead of failing with someone else's
   * cancellation (the runner's background poll is cancelled just as its
   * verification joins it).
   */
  private vnets(place: Place, options: CallOptions): Promise<VirtualNetwork[]> {
    const key = `${place.account.id}|${place.account.endpoint ?? ''}`;
    const shared = this.vnetsInFlight.get(key);
    if (shared)
      return shared.catch((error: unknown) => {
        if (isCancellation(error) && !options.signal?.aborted) return this.vnets(place, options);
        throw error;
      });
    const pending = this.pages(place, options, {}, (client, continuationToken) =>
      client.virtualNetworks
        .listAll({ abortSignal: options.signal })
        .byPage({ continuationToken })
        .next(),
    );
    pending.finally(() => this.vnetsInFlight.delete(key)).catch(() => undefined);
    this.vnetsInFlight.set(key, pending);
    return pending;
  }

  private async listVnetPeerings(
    place: Place,
    vnet: VirtualNetwork,
    options: CallOptions,
  ): Promise<VirtualNetworkPeering[]> {
    const id = parsePeeringId(`${vnet.id ?? ''}/virtualNetworkPeerings/x`);
    if (!id) return [];
    return this.pages(place, options, {}, (client, continuationToken) =>
      client.virtualNetworkPeerings
        .list(id.resourceGroup, id.vnetName, { abortSignal: options.signal })
        .byPage({ continuationToken })
        .next(),
    );
  }

  /**
   * One page per call, each retried on its own: a new byPage iterator starts
   * from the last continuation token, so a throttled page does not restart
   * the listing.
   */
  private async pages<T>(
    place: Place,
    options: CallOptions,
    context: ArmCallContext,
    page: (
      client: NetworkManagementClient,
      continuationToken: string | undefined,
    ) => Promise<IteratorResult<T[]>>,
  ): Promise<T[]> {
    const items: T[] = [];
    let token: string | undefined;
    do {
      const step = await this.call(place, options, context, (client) => page(client, token));
      if (step.done) break;
      items.push(...step.value);
      token = getContinuationToken(step.value);
    } while (token);
    return items;
  }

  private async call<T>(
    place: Place,
    options: CallOptions,
    context: ArmCallContext,
    action: (client: NetworkManagementClient) => Promise<T>,
    auxiliaryTenantId?: string,
  ): Promise<T> {
    let client: NetworkManagementClient;
    try {
      client = this.client(place, auxiliaryTenantId);
    } catch (error) {
      throw explainAzureError(place, error, context);
    }
    return this.retrying(place, options, context, () => action(client));
  }

  private async retrying<T>(
    place: Place,
    options: CallOptions,
    context: ArmCallContext,
    action: () => Promise<T>,
  ): Promise<T> {
    try {
      return await withRetry(action, { classify: classifyAzureError, signal: options.signal });
    } catch (error) {
      throw explainAzureError(place, error, context);
    }
  }

  private client(place: Place, auxiliaryTenantId?: string): NetworkManagementClient {
    const account = place.account;
    // The endpoint is part of the key: editing an account's override must not reuse the old client.
    const key = `${account.id}|${account.endpoint ?? ''}|${auxiliaryTenantId ?? ''}`;
    let client = this.clients.get(key);
    if (!client) {
      const subscriptionId = checkGuid('subscription id', account.ref);
      const auxiliary: TokenCredential[] = auxiliaryTenantId
        ? [new ArmCredential(this.env, account, auxiliaryTenantId)]
        : [];
      client = new NetworkManagementClient(
        new ArmCredential(this.env, account),
        subscriptionId,
        armClientOptions({ account, caPem: this.env.azureCaPem, auxiliary }),
      );
      this.clients.set(key, client);
    }
    return client;
  }

  private lroOptions(place: Place, options: CallOptions) {
    return {
      abortSignal: options.signal,
      updateIntervalInMs: place.account.sandbox ? SANDBOX_POLL_MS : POLL_MS,
    };
  }

  private checkPeeringRef(input: AzurePeeringRef): AzurePeeringRef {
    return {
      resourceGroup: checkResourceGroup('resourceGroup', input.resourceGroup),
      vnetName: checkResourceName('vnetName', input.vnetName, 64),
      name: checkResourceName('name', input.name),
    };
  }

  private localVnetId(place: Place, resourceGroup: string, vnetName: string): string {
    return vnetIdOf({ subscriptionId: place.account.ref, resourceGroup, vnetName });
  }
}

function directoryPlace(input: AzureDirectoryInput): Place {
  if (input.tenantId !== undefined) checkGuid('tenantId', input.tenantId);
  const account: Account = {
    id: 'azure:directory',
    cloud: 'azure',
    ref: input.tenantId ?? 'directory',
    label: 'Azure sign-in',
    endpoint: input.endpoint,
    tenantId: input.tenantId,
    sandbox: input.sandbox,
  };
  return { account };
}

function directoryWhere(input: AzureDirectoryInput): string {
  return `Azure${input.tenantId ? ` tenant ${input.tenantId}` : ' sign-in'}${input.endpoint ? ` at ${input.endpoint}` : ''}`;
}

export const createProvider: ProviderModule['createProvider'] = (env) => new AzureProvider(env);
