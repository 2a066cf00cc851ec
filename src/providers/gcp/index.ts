/**
 * The GCP adapter: Compute Engine v1 (networks, peerings, subnetworks,
 * routes, firewalls, global operations) through @google-cloud/compute's
 * per-service clients. Its own bundle (dist/providers/gcp.js), loaded on
 * first use.
 *
 * An account is a project (`ref`). Networks are global, so there is one
 * place per account (`region` undefined). The clients' own retries are off
 * (`maxRetries: 0`); `withRetry` is the one retry loop.
 */
import { randomUUID } from 'node:crypto';
import type { AssetServiceClient } from '@google-cloud/asset/build/src/v1/asset_service_client';
import { UserFacingError } from '../../model/errors';
import type { Account, AccountGroup, Network, Peering } from '../../model/types';
import { throwIfAborted, withRetry } from '../../async/retry';
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
import { gcpScopeProblem, type GcpScopeProject } from '../../model/gcpOrganization';
import {
  ASSET_PAGE_SIZE,
  NETWORK_ASSET,
  PROJECT_ASSET,
  SUBNETWORK_ASSET,
  scopeInventory,
  scopeProjects,
  type AssetResult,
  type AssetSearch,
} from './asset';
import { GcpClients, gcpClientOptions } from './clients';
import { parseGcpPeeringId } from './descriptor';
import {
  GceOperationError,
  classifyGcpError,
  explainGcpError,
  readGceFailure,
  type GcpCallContext,
} from './failures';
import {
  checkAllowed,
  checkGceName,
  checkNetwork,
  checkPriority,
  checkProject,
  checkSourceRanges,
  invalid,
} from './inputChecks';
import {
  groupSubnets,
  networkPath,
  parseNetwork,
  parsePeeringId,
  toFirewallGroup,
  toNetworkPath,
  toNetwork,
  toPeering,
  toRouteTables,
  type GceNetwork,
  type GceOperation,
  type GceSubnetwork,
  type NetworkName,
} from './resources';

/** Route-exchange options of one side of a peering (GCE NetworkPeering fields). */
export interface GcpPeeringExchange {
  importCustomRoutes?: boolean;
  exportCustomRoutes?: boolean;
  importSubnetRoutesWithPublicIp?: boolean;
  exportSubnetRoutesWithPublicIp?: boolean;
  stackType?: 'IPV4_ONLY' | 'IPV4_IPV6';
}

export interface GcpAddPeeringInput extends GcpPeeringExchange {
  /** The local network in the place's project: a name or `projects/P/global/networks/N`. */
  network: string;
  /** The peer network's project; defaults to the place's project (or the one in `peerNetwork`'s path). */
  peerProject?: string;
  /** The peer network: a name (in `peerProject`) or a path or self link. */
  peerNetwork: string;
  /** The peering's name on the local network (unique per network). */
  name: string;
  /** Must be true when given: GCE always exchanges subnet routes. */
  exchangeSubnetRoutes?: boolean;
}

export interface GcpFirewallInput {
  network: string;
  name: string;
  sourceRanges: string[];
  allowed: { IPProtocol: string; ports?: string[] }[];
  direction?: 'INGRESS';
  priority?: number;
  description?: string;
  targetTags?: string[];
}

/** The mutating calls the plans use. Each waits for GCE's operation and fails with GCE's message. */
export interface GcpActions {
  /** Adds this network's half of a peering; it is ACTIVE once the peer network has the other half. */
  addPeering(place: Place, input: GcpAddPeeringInput, options?: CallOptions): Promise<Peering>;
  removePeering(
    place: Place,
    input: { network: string; name: string },
    options?: CallOptions,
  ): Promise<void>;
  updatePeering(
    place: Place,
    input: { network: string; name: string } & GcpPeeringExchange,
    options?: CallOptions,
  ): Promise<Peering>;
  insertFirewall(
    place: Place,
    input: GcpFirewallInput,
    options?: CallOptions,
  ): Promise<FirewallGroup>;
}

/** The client's own retries are off: withRetry is the one loop. */
const LIST_CALL = { maxRetries: 0, timeout: 60_000, autoPaginate: false } as const;
const CALL = { maxRetries: 0, timeout: 60_000 } as const;
/** globalOperations.wait holds the request up to 2 minutes on GCE. */
const WAIT_CALL = { maxRetries: 0, timeout: 150_000 } as const;
const PAGE_SIZE = 500;
/** searchAllResources needs cloud-platform (or cloud-platform.read-only); compute scopes do not cover it. */
const ASSET_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
/** How long an action waits for its operation before giving up. */
const OPERATION_DEADLINE_MS = 15 * 60_000;

export class GcpProvider implements CloudProvider, GcpActions {
  readonly cloud = 'gcp' as const;
  private readonly clientsByAccount = new Map<string, Promise<GcpClients>>();
  private readonly assetClients = new Map<string, Promise<AssetServiceClient>>();
  private readonly networksInFlight = new Map<string, Promise<GceNetwork[]>>();

  constructor(private readonly env: ProviderEnvironment) {}

  /** Networks are global: one listing per project. */
  async listRegions(): Promise<(string | undefined)[]> {
    return [undefined];
  }

  async listNetworks(place: Place, options: CallOptions = {}): Promise<Network[]> {
    const [networks, subnets] = await Promise.all([
      this.gceNetworks(place, options),
      this.subnetworks(place, options),
    ]);
    const byNetwork = groupSubnets(subnets);
    return networks.map((n) => toNetwork(place.account, n, byNetwork));
  }

  async listPeerings(place: Place, options: CallOptions = {}): Promise<Peering[]> {
    const networks = await this.gceNetworks(place, options);
    return networks.flatMap((n) => {
      const local = this.nameOf(place.account, n);
      return (n.peerings ?? []).map((p) => toPeering(place.account, local, p));
    });
  }

  async getPeering(
    place: Place,
    id: string,
    options: CallOptions = {},
  ): Promise<Peering | undefined> {
    const parsed = parsePeeringId(id);
    if (!parsed)
      throw invalid('id', id, 'it must be projects/PROJECT/global/networks/NETWORK/peerings/NAME');
    const network = await this.getNetwork(place, parsed, options);
    const peering = network?.peerings?.find((p) => p.name === parsed.name);
    return peering ? toPeering(place.account, parsed, peering) : undefined;
  }

  async listRouteTables(
    place: Place,
    networkId?: string,
    options: CallOptions = {},
  ): Promise<RouteTable[]> {
    const project = place.account.ref;
    const routes = await this.pages(
      place,
      options,
      { subject: `project "${project}"` },
      (c, pageToken) => c.routes.list({ project, maxResults: PAGE_SIZE, pageToken }, LIST_CALL),
    );
    const tables = toRouteTables(routes);
    const wanted = networkId ? this.normalizedId(place.account, networkId) : undefined;
    return wanted ? tables.filter((t) => t.networkId === wanted) : tables;
  }

  /**
   * The Doctor's read of a project's networks: its firewalls and its routes, one paginated list
   * each, both at once; every network asked for is cut from the same two lists.
   */
  async readNetworkPaths(
    place: Place,
    networkIds: readonly string[],
    options: CallOptions = {},
  ): Promise<{ paths: NetworkPath[]; calls: number }> {
    const project = place.account.ref;
    let calls = 0;
    const [firewalls, routes] = await Promise.all([
      this.pages(place, options, { subject: `project "${project}"` }, (c, pageToken) => {
        calls++;
        return c.firewalls.list({ project, maxResults: PAGE_SIZE, pageToken }, LIST_CALL);
      }),
      this.pages(place, options, { subject: `project "${project}"` }, (c, pageToken) => {
        calls++;
        return c.routes.list({ project, maxResults: PAGE_SIZE, pageToken }, LIST_CALL);
      }),
    ]);
    const paths = networkIds.map((id) =>
      toNetworkPath(this.normalizedId(place.account, id), project, firewalls, routes),
    );
    return { paths: paths.map((p, i) => ({ ...p, networkId: networkIds[i] })), calls };
  }

  async listFirewalls(
    place: Place,
    networkId?: string,
    options: CallOptions = {},
  ): Promise<FirewallGroup[]> {
    const project = place.account.ref;
    const firewalls = await this.pages(
      place,
      options,
      { subject: `project "${project}"` },
      (c, pageToken) => c.firewalls.list({ project, maxResults: PAGE_SIZE, pageToken }, LIST_CALL),
    );
    const groups = firewalls.map((fw) => toFirewallGroup(project, fw));
    const wanted = networkId ? this.normalizedId(place.account, networkId) : undefined;
    return wanted ? groups.filter((g) => g.networkId === wanted) : groups;
  }

  // ---- actions ----

  async addPeering(
    place: Place,
    input: GcpAddPeeringInput,
    options: CallOptions = {},
  ): Promise<Peering> {
    const project = place.account.ref;
    const local = this.localNetwork(place.account, 'network', input.network);
    const name = checkGceName('name', input.name);
    const peerProject =
      input.peerProject !== undefined ? checkProject('peerProject', input.peerProject) : undefined;
    const peer = checkNetwork('peerNetwork', input.peerNetwork, peerProject ?? project);
    if (peerProject && peer.project !== peerProject)
      throw invalid(
        'peerNetwork',
        input.peerNetwork,
        `it names project "${peer.project}" but peerProject is "${peerProject}"`,
      );
    if (input.exchangeSubnetRoutes === false)
      throw invalid(
        'exchangeSubnetRoutes',
        false,
        'GCE always exchanges subnet routes between peered networks; leave it out or set it to true',
      );
    await this.runOperation(
      place,
      options,
      { subject: `network "${local.network}"`, action: `adding peering "${name}"` },
      (c, requestId) =>
        c.networks.addPeering(
          {
            project,
            network: local.network,
            requestId,
            networksAddPeeringRequestResource: {
              networkPeering: {
                name,
                network: networkPath(peer),
                exchangeSubnetRoutes: true,
                ...exchangeFields(input),
              },
            },
          },
          CALL,
        ),
    );
    return this.requirePeering(place, local, name, options);
  }

  async deleteListedPeering(
    place: Place,
    peering: Peering,
    options: CallOptions = {},
  ): Promise<DeleteOutcome> {
    await this.removePeering(place, parseGcpPeeringId(peering.id), options);
    return 'read-again';
  }

  async removePeering(
    place: Place,
    input: { network: string; name: string },
    options: CallOptions = {},
  ): Promise<void> {
    const local = this.localNetwork(place.account, 'network', input.network);
    const name = checkGceName('name', input.name);
    await this.runOperation(
      place,
      options,
      { subject: `peering "${name}" on network "${local.network}"`, action: 'removing it' },
      (c, requestId) =>
        c.networks.removePeering(
          {
            project: local.project,
            network: local.network,
            requestId,
            networksRemovePeeringRequestResource: { name },
          },
          CALL,
        ),
    );
  }

  async updatePeering(
    place: Place,
    input: { network: string; name: string } & GcpPeeringExchange,
    options: CallOptions = {},
  ): Promise<Peering> {
    const local = this.localNetwork(place.account, 'network', input.network);
    const name = checkGceName('name', input.name);
    await this.runOperation(
      place,
      options,
      { subject: `peering "${name}" on network "${local.network}"`, action: 'updating it' },
      (c, requestId) =>
        c.networks.updatePeering(
          {
            project: local.project,
            network: local.network,
            requestId,
            networksUpdatePeeringRequestResource: {
              networkPeering: { name, exchangeSubnetRoutes: true, ...exchangeFields(input) },
            },
          },
          CALL,
        ),
    );
    return this.requirePeering(place, local, name, options);
  }

  async insertFirewall(
    place: Place,
    input: GcpFirewallInput,
    options: CallOptions = {},
  ): Promise<FirewallGroup> {
    const local = this.localNetwork(place.account, 'network', input.network);
    const name = checkGceName('name', input.name);
    const sourceRanges = checkSourceRanges('sourceRanges', input.sourceRanges);
    const allowed = checkAllowed('allowed', input.allowed);
    if (input.direction !== undefined && input.direction !== 'INGRESS')
      throw invalid('direction', input.direction, 'only INGRESS rules are supported');
    const priority =
      input.priority === undefined ? undefined : checkPriority('priority', input.priority);
    const context = {
      subject: `network "${local.network}"`,
      action: `adding firewall rule "${name}"`,
    };
    await this.runOperation(place, options, context, (c, requestId) =>
      c.firewalls.insert(
        {
          project: local.project,
          requestId,
          firewallResource: {
            name,
            network: networkPath(local),
            direction: 'INGRESS',
            priority,
            sourceRanges,
            allowed,
            description: input.description,
            targetTags: input.targetTags,
          },
        },
        CALL,
      ),
    );
    const [fw] = await this.call(place, options, context, (c) =>
      c.firewalls.get({ project: local.project, firewall: name }, CALL),
    );
    return toFirewallGroup(local.project, fw);
  }

  /**
   * A GCP organisation's or folder's projects through Cloud Asset Inventory (searchAllResources,
   * paged). The asset client loads on first use and talks REST, like the compute clients.
   * Throws when the engine cannot answer: discovery then lists each project.
   */
  async listGroupInventory(
    group: AccountGroup,
    accounts: readonly Account[],
    options: CallOptions = {},
  ): Promise<GroupInventory> {
    if ((group.kind !== 'gcp-organization' && group.kind !== 'gcp-folder') || !accounts.length)
      throw new Error(
        `Cloud Asset Inventory lists GCP organisations and folders, not ${group.kind}`,
      );
    const scope = group.id;
    const search = await this.scopeSearch({ account: accounts[0] }, scope, group.label, {
      assetTypes: [NETWORK_ASSET, SUBNETWORK_ASSET],
      readMask: ['name', 'assetType', 'versionedResources'],
    });
    return scopeInventory(accounts, search, options);
  }

  /**
   * The projects in use under an organisation or folder (Add GCP Organization), through Cloud
   * Asset Inventory's searchAllResources for `cloudresourcemanager.googleapis.com/Project`, with
   * the credentials and endpoint of `source` (a configured project, or Application Default
   * Credentials). The repo's SDKs include the asset client, not Resource Manager's.
   */
  async listScopeProjects(
    source: Account,
    scope: string,
    options: CallOptions = {},
  ): Promise<GcpScopeProject[]> {
    const search = await this.scopeSearch({ account: source }, scope, scope, {
      assetTypes: [PROJECT_ASSET],
      readMask: ['name', 'assetType', 'project', 'displayName', 'state', 'additionalAttributes'],
    });
    const results: AssetResult[] = [];
    let pageToken: string | undefined;
    do {
      throwIfAborted(options.signal);
      const page = await search(pageToken, options);
      results.push(...page.results);
      pageToken = page.nextPageToken;
    } while (pageToken);
    return scopeProjects(results);
  }

  dispose(): void {
    for (const client of this.assetClients.values())
      client.then((c) => c.close()).catch(() => undefined);
    this.assetClients.clear();
    for (const pending of this.clientsByAccount.values())
      pending.then((c) => c.close()).catch(() => undefined);
    this.clientsByAccount.clear();
  }

  // ---- internals ----

  /** networks.list for a place, shared while in flight (listNetworks and listPeerings both need it). */
  private gceNetworks(place: Place, options: CallOptions): Promise<GceNetwork[]> {
    const key = `${place.account.id}|${place.account.endpoint ?? ''}`;
    let pending = this.networksInFlight.get(key);
    if (!pending) {
      const project = place.account.ref;
      pending = this.pages(place, options, { subject: `project "${project}"` }, (c, pageToken) =>
        c.networks.list({ project, maxResults: PAGE_SIZE, pageToken }, LIST_CALL),
      );
      pending.finally(() => this.networksInFlight.delete(key)).catch(() => undefined);
      this.networksInFlight.set(key, pending);
    }
    return pending;
  }

  /**
   * Every subnetwork of the project in one aggregated listing (one call per
   * page for all regions). The SDK only offers it as an async iterator; a
   * page that fails leaves the iterator on the same page (gax assigns the
   * next request only after a page arrives), so `next()` is retried as is.
   */
  private async subnetworks(place: Place, options: CallOptions): Promise<GceSubnetwork[]> {
    const project = place.account.ref;
    const context = { subject: `project "${project}"` };
    const clients = await this.clients(place);
    const iterator = clients.subnetworks
      .aggregatedListAsync({ project, maxResults: PAGE_SIZE }, { ...CALL, autoPaginate: false })
      [Symbol.asyncIterator]();
    const out: GceSubnetwork[] = [];
    for (;;) {
      const step = await this.retrying(place, options, context, () => iterator.next());
      if (step.done) break;
      const [, scoped] = step.value;
      out.push(...(scoped.subnetworks ?? []));
    }
    return out;
  }

  private async getNetwork(
    place: Place,
    name: NetworkName,
    options: CallOptions,
  ): Promise<GceNetwork | undefined> {
    return this.call(place, options, { subject: `network "${name.network}"` }, async (c) => {
      try {
        const [network] = await c.networks.get(
          { project: name.project, network: name.network },
          CALL,
        );
        return network;
      } catch (error) {
        if (readGceFailure(error).status === 404) return undefined;
        throw error;
      }
    });
  }

  private async requirePeering(
    place: Place,
    local: NetworkName,
    name: string,
    options: CallOptions,
  ): Promise<Peering> {
    const network = await this.getNetwork(place, local, options);
    const peering = network?.peerings?.find((p) => p.name === name);
    if (!peering)
      throw new UserFacingError(
        `GCP project "${place.account.ref}": peering "${name}" is not on network "${local.network}" after the operation finished.`,
        { account: place.account.id, fix: 'Refresh and check the network in the Cloud Console.' },
      );
    return toPeering(place.account, local, peering);
  }

  /**
   * Starts a mutation and waits for its operation with globalOperations.wait.
   * One requestId for every attempt, so GCE runs a retried request once.
   * An operation can end DONE with an error (an overlap is a 400 on the
   * operation, not on the call): that is a failure with GCE's message.
   */
  private async runOperation(
    place: Place,
    options: CallOptions,
    context: GcpCallContext,
    start: (
      clients: GcpClients,
      requestId: string,
    ) => Promise<[{ latestResponse?: unknown; name?: string | null }, ...unknown[]]>,
  ): Promise<GceOperation> {
    const requestId = randomUUID();
    const [lro] = await this.call(place, options, context, (c) => start(c, requestId));
    let op = (lro.latestResponse ?? {}) as GceOperation;
    const deadline = Date.now() + OPERATION_DEADLINE_MS;
    while (String(op.status) !== 'DONE') {
      throwIfAborted(options.signal);
      if (Date.now() > deadline)
        throw new UserFacingError(
          `GCP project "${place.account.ref}": operation ${op.name ?? ''} is still running after ${OPERATION_DEADLINE_MS / 60_000} minutes.`,
          { account: place.account.id, fix: 'Check it in the Cloud Console, then refresh.' },
        );
      const operation = String(op.name ?? '');
      [op] = await this.call(place, options, context, (c) =>
        c.operations.wait({ project: place.account.ref, operation }, WAIT_CALL),
      );
    }
    const errors = op.error?.errors ?? [];
    if (errors.length) {
      const failure = new GceOperationError(
        String(op.operationType ?? 'operation'),
        op.httpErrorStatusCode ?? undefined,
        errors[0].code ?? undefined,
        errors.map((e) => e.message ?? e.code ?? '').join(' '),
      );
      throw explainGcpError(place, failure, context);
    }
    return op;
  }

  private async pages<T>(
    place: Place,
    options: CallOptions,
    context: GcpCallContext,
    page: (
      clients: GcpClients,
      pageToken: string | undefined,
    ) => Promise<[T[], { pageToken?: string | null } | null | undefined, ...unknown[]]>,
  ): Promise<T[]> {
    const items: T[] = [];
    let token: string | undefined;
    do {
      const [found, next] = await this.call(place, options, context, (c) => page(c, token));
      items.push(...found);
      token = next?.pageToken ?? undefined;
    } while (token);
    return items;
  }

  private async call<T>(
    place: Place,
    options: CallOptions,
    context: GcpCallContext,
    action: (clients: GcpClients) => Promise<T>,
  ): Promise<T> {
    const clients = await this.clients(place);
    return this.retrying(place, options, context, () => action(clients));
  }

  private async retrying<T>(
    place: Place,
    options: CallOptions,
    context: GcpCallContext,
    action: () => Promise<T>,
  ): Promise<T> {
    try {
      return await withRetry(action, { classify: classifyGcpError, signal: options.signal });
    } catch (error) {
      throw explainGcpError(place, error, context);
    }
  }

  /** One page of searchAllResources over an organisation or folder, retried and explained. */
  private async scopeSearch(
    place: Place,
    scope: string,
    label: string,
    query: { assetTypes: string[]; readMask: string[] },
  ): Promise<AssetSearch> {
    const problem = gcpScopeProblem(scope);
    if (problem) throw invalid('group.id', scope, `it must be ${problem}`);
    const context: GcpCallContext = { subject: label === scope ? scope : `${label} (${scope})` };
    const client = await this.assetClient(place);
    return async (pageToken, callOptions) => {
      const [results, next] = await this.retrying(place, callOptions, context, () =>
        client.searchAllResources(
          {
            scope,
            assetTypes: query.assetTypes,
            pageSize: ASSET_PAGE_SIZE,
            pageToken,
            readMask: { paths: query.readMask },
          },
          LIST_CALL,
        ),
      );
      return {
        results: results as AssetResult[],
        nextPageToken: next?.pageToken || undefined,
      };
    };
  }

  /** The v1 asset client for an account's credentials and endpoint, imported on first use. */
  private assetClient(place: Place): Promise<AssetServiceClient> {
    const account = place.account;
    const key = `${account.id}|${account.endpoint ?? ''}`;
    let pending = this.assetClients.get(key);
    if (!pending) {
      pending = Promise.all([
        import('@google-cloud/asset/build/src/v1/asset_service_client.js'),
        this.env.credentials.getSecret(account.id),
      ]).then(([{ AssetServiceClient }, token]) => {
        if (!token && account.sandbox)
          throw new UserFacingError(
            `GCP project "${account.ref}": no sandbox token is stored for this account.`,
            { account: account.id, fix: 'Remove the account and run "Try the Sandbox" again.' },
          );
        return new AssetServiceClient(gcpClientOptions(account, token, ASSET_SCOPE));
      });
      pending.catch(() => this.assetClients.delete(key));
      this.assetClients.set(key, pending);
    }
    return pending.catch((error: unknown) => {
      throw explainGcpError(place, error);
    });
  }

  private clients(place: Place): Promise<GcpClients> {
    const account = place.account;
    // The endpoint is part of the key: editing an account's override must not reuse the old client.
    const key = `${account.id}|${account.endpoint ?? ''}`;
    let pending = this.clientsByAccount.get(key);
    if (!pending) {
      pending = this.env.credentials.getSecret(account.id).then((token) => {
        // A sandbox account never falls back to ADC: that would send real credentials to the sandbox.
        if (!token && account.sandbox)
          throw new UserFacingError(
            `GCP project "${account.ref}": no sandbox token is stored for this account.`,
            { account: account.id, fix: 'Remove the account and run "Try the Sandbox" again.' },
          );
        return new GcpClients(gcpClientOptions(account, token));
      });
      pending.catch(() => this.clientsByAccount.delete(key));
      this.clientsByAccount.set(key, pending);
    }
    return pending.catch((error: unknown) => {
      throw explainGcpError(place, error);
    });
  }

  private nameOf(account: Account, network: GceNetwork): NetworkName {
    return (
      parseNetwork(network.selfLink ?? '', account.ref) ?? {
        project: account.ref,
        network: network.name ?? '',
      }
    );
  }

  /** A network the place's project owns, from a name or path. */
  private localNetwork(account: Account, field: string, value: unknown): NetworkName {
    const name = checkNetwork(field, value, account.ref);
    if (name.project !== account.ref)
      throw invalid(field, value, `it must be a network of project "${account.ref}"`);
    return name;
  }

  private normalizedId(account: Account, networkId: string): string {
    const name = parseNetwork(networkId, account.ref);
    return name ? networkPath(name) : networkId;
  }
}

function exchangeFields(input: GcpPeeringExchange): GcpPeeringExchange {
  const out: GcpPeeringExchange = {};
  if (input.importCustomRoutes !== undefined) out.importCustomRoutes = input.importCustomRoutes;
  if (input.exportCustomRoutes !== undefined) out.exportCustomRoutes = input.exportCustomRoutes;
  if (input.importSubnetRoutesWithPublicIp !== undefined)
    out.importSubnetRoutesWithPublicIp = input.importSubnetRoutesWithPublicIp;
  if (input.exportSubnetRoutesWithPublicIp !== undefined)
    out.exportSubnetRoutesWithPublicIp = input.exportSubnetRoutesWithPublicIp;
  if (input.stackType !== undefined) out.stackType = input.stackType;
  return out;
}

export const createProvider: ProviderModule['createProvider'] = (env) => new GcpProvider(env);
