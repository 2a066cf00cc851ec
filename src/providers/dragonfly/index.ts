/**
 * The Dragonfly Cloud adapter: API v1 networks and connections, over JSON
 * (the shapes the Terraform provider dfcloud reads). There is no official Node
 * SDK, so this talks HTTP through the shared REST client. Its own bundle
 * (dist/providers/dragonfly.js), loaded on first use.
 *
 * A Dragonfly network is a VPC that Dragonfly runs in its own cloud account;
 * `vpc` names it, and that is the alias through which an AWS peering's far
 * side resolves to the Dragonfly network. A connection peers it with a
 * customer VPC: on AWS it is a peering request the customer has to accept.
 */
import { UserFacingError } from '../../model/errors';
import { normalizeState } from '../../model/states';
import type { Account, CloudKind, Network, NetworkRef, Peering } from '../../model/types';
import type {
  CallOptions,
  CloudProvider,
  Place,
  ProviderEnvironment,
  ProviderModule,
  DeleteOutcome,
} from '../provider';
import type { RestServiceSpec } from '../rest/accountClients';
import { accountLabel, explainRestError } from '../rest/failures';
import {
  checkCidr,
  checkName,
  checkNonEmpty,
  checkOneOf,
  checkPattern,
  invalidField,
} from '../rest/fieldChecks';
import { azureVnetId, gcpNetworkId } from '../rest/foreignNetworkIds';
import { pathOf, type RestProviderOptions } from '../rest/jsonClient';
import { InFlightLoads, RestCloudProvider } from '../rest/restProvider';

export type DragonflyCloud = 'aws' | 'gcp' | 'azure';
const DRAGONFLY_CLOUDS: readonly DragonflyCloud[] = ['aws', 'gcp', 'azure'];

export interface DragonflyNetworkInfo {
  network: Network;
  /** pending, active, failed, deleting, deleted. */
  status: string;
  provider: DragonflyCloud;
}

export interface DragonflyPeerInput {
  /** AWS account id, GCP project id or Azure subscription id of the customer's network. */
  accountId: string;
  /** vpc-…, a GCP network name or an Azure VNet name. */
  vpcId: string;
  cidrBlock: string;
  /** Defaults to the Dragonfly network's region. */
  region?: string;
  azure?: {
    resourceGroup: string;
    tenantId: string;
    appObjectId?: string;
    useRemoteGateways?: boolean;
  };
}

export interface DragonflyNetworkInput {
  name: string;
  provider: DragonflyCloud;
  region: string;
  cidrBlock: string;
  byocAccountId?: string;
}

export interface DragonflyConnectionInput {
  networkId: string;
  name: string;
  peer: DragonflyPeerInput;
}

/** The mutating calls the plans use. Each returns what the next step needs. */
export interface DragonflyActions {
  /** Creates a network; it reads `pending` until Dragonfly has built its VPC, then `active`. */
  createNetwork(
    place: Place,
    input: DragonflyNetworkInput,
    options?: CallOptions,
  ): Promise<DragonflyNetworkInfo>;
  getNetwork(
    place: Place,
    id: string,
    options?: CallOptions,
  ): Promise<DragonflyNetworkInfo | undefined>;
  deleteNetwork(place: Place, id: string, options?: CallOptions): Promise<void>;
  /**
   * Connects a network to a customer VPC. On AWS it reads `pending`, then
   * `inactive` until the customer accepts the peering named in
   * `options.peerConnectionId`, then `active`.
   */
  createConnection(
    place: Place,
    input: DragonflyConnectionInput,
    options?: CallOptions,
  ): Promise<Peering>;
  deleteConnection(place: Place, id: string, options?: CallOptions): Promise<void>;
}

// ---- wire shapes (the fields this adapter reads) ----

interface NetworkJson {
  network_id: string;
  name: string;
  location: { provider: DragonflyCloud; region: string };
  cidr_block: string;
  status: string;
  created_at?: number;
  vpc?: { resource_id: string; account_id: string } | null;
}

interface ConnectionJson {
  connection_id: string;
  status: string;
  status_detail?: string;
  peer_connection_id?: string;
  connection_config: {
    name: string;
    network_id: string;
    peer: {
      account_id: string;
      cidr_block: string;
      vpc_id: string;
      region?: string;
      azure?: { resource_group?: string; tenant_id?: string };
    };
  };
}

export const DRAGONFLY_SPEC: RestServiceSpec = {
  service: 'Dragonfly Cloud',
  defaultBaseUrl: 'https://api.dragonflydb.cloud',
  credentialsFix:
    'create a new API key in the Dragonfly Cloud console (Account → API Keys), then remove this account and add it again with that key.',
  authorization: (secret) => `Bearer ${secret.trim()}`,
  // `{"error": "..."}`
  decodeError: (status, body, text) => {
    const e = (body as { error?: unknown } | undefined)?.error;
    return { message: typeof e === 'string' ? e : text.slice(0, 200) || `HTTP ${status}` };
  },
};

export class DragonflyProvider
  extends RestCloudProvider
  implements CloudProvider, DragonflyActions
{
  readonly cloud = 'dragonfly' as const;
  /** Networks per account: peerings need them for their local side. */
  private readonly networkLoads = new InFlightLoads<NetworkJson[]>();

  constructor(env: ProviderEnvironment, options: RestProviderOptions = {}) {
    super(env, DRAGONFLY_SPEC, options, explainDragonflyError);
  }

  async listNetworks(place: Place, options: CallOptions = {}): Promise<Network[]> {
    const networks = await this.networksJson(place, options);
    return networks.map((n) => this.toNetwork(place, n));
  }

  /** Connections go one way, from Dragonfly's network to the customer's; the API lists them all. */
  async listPeerings(place: Place, options: CallOptions = {}): Promise<Peering[]> {
    const [networks, connections] = await Promise.all([
      this.networksJson(place, options),
      this.send<ConnectionJson[]>(place, {
        method: 'GET',
        path: '/v1/connections',
        signal: options.signal,
      }),
    ]);
    const byId = new Map(networks.map((n) => [n.network_id, n]));
    return (connections ?? []).map((c) =>
      this.toPeering(place, c, byId.get(c.connection_config.network_id)),
    );
  }

  async getPeering(
    place: Place,
    id: string,
    options: CallOptions = {},
  ): Promise<Peering | undefined> {
    const connectionId = checkNonEmpty('connection id', id, 'conn-0123456789ab');
    // A 404 means "no such connection" (the dfcloud client reads it so too).
    const connection = await this.sendUnlessAbsent<ConnectionJson>(place, {
      method: 'GET',
      path: pathOf`/v1/connections/${connectionId}`,
      signal: options.signal,
    });
    if (!connection) return undefined;
    const network = await this.networkJson(place, connection.connection_config.network_id, options);
    return this.toPeering(place, connection, network);
  }

  async createNetwork(
    place: Place,
    input: DragonflyNetworkInput,
    options: CallOptions = {},
  ): Promise<DragonflyNetworkInfo> {
    const name = checkName('name', input.name, 100);
    const provider = checkOneOf('provider', input.provider, DRAGONFLY_CLOUDS);
    const region = checkNonEmpty('region', input.region, 'us-east-1');
    const cidrBlock = checkCidr('cidrBlock', input.cidrBlock, {
      family: 'ipv4',
      privateOnly: true,
      prefix: [16, 24],
    });
    const byoc =
      input.byocAccountId === undefined
        ? undefined
        : checkNonEmpty('byocAccountId', input.byocAccountId, '111111111111');
    const network = await this.send<NetworkJson>(place, {
      method: 'POST',
      path: '/v1/networks',
      body: {
        name,
        location: { provider, region },
        cidr_block: cidrBlock,
        ...(byoc ? { byoc: { account_id: byoc } } : {}),
      },
      signal: options.signal,
    });
    return this.toNetworkInfo(place, network);
  }

  async getNetwork(
    place: Place,
    id: string,
    options: CallOptions = {},
  ): Promise<DragonflyNetworkInfo | undefined> {
    const network = await this.networkJson(
      place,
      checkNonEmpty('network id', id, 'net-0123456789ab'),
      options,
    );
    return network && this.toNetworkInfo(place, network);
  }

  async deleteNetwork(place: Place, id: string, options: CallOptions = {}): Promise<void> {
    const networkId = checkNonEmpty('network id', id, 'net-0123456789ab');
    await this.send<NetworkJson>(place, {
      method: 'DELETE',
      path: pathOf`/v1/networks/${networkId}`,
      signal: options.signal,
    });
  }

  async createConnection(
    place: Place,
    input: DragonflyConnectionInput,
    options: CallOptions = {},
  ): Promise<Peering> {
    const networkId = checkNonEmpty('networkId', input.networkId, 'net-0123456789ab');
    const name = checkName('name', input.name, 255);
    if (!input.peer || typeof input.peer !== 'object')
      throw invalidField('peer', input.peer, 'it is required: {accountId, vpcId, cidrBlock}');
    const cidrBlock = checkCidr('peer.cidrBlock', input.peer.cidrBlock, { family: 'ipv4' });
    const accountId = checkNonEmpty('peer.accountId', input.peer.accountId, '111111111111');
    const vpcId = checkNonEmpty('peer.vpcId', input.peer.vpcId, 'vpc-0a1b2c3d4e5f60718');
    const region =
      input.peer.region === undefined
        ? undefined
        : checkNonEmpty('peer.region', input.peer.region, 'us-east-1');
    // The network decides what a valid peer is, and must be active to take connections.
    const network = await this.networkJson(place, networkId, options);
    if (!network) {
      throw new UserFacingError(
        `${accountLabel(DRAGONFLY_SPEC, place.account)}: network ${networkId} does not exist.`,
        {
          account: place.account.id,
          field: 'networkId',
          fix: 'Fix: pick a network from the list.',
        },
      );
    }
    if (network.status !== 'active') {
      throw new UserFacingError(
        `${accountLabel(DRAGONFLY_SPEC, place.account)}: network ${networkId} is ${network.status}; connections need an active network.`,
        {
          account: place.account.id,
          field: 'networkId',
          fix: 'Fix: wait until the network is active.',
        },
      );
    }
    let azure: Record<string, string | boolean> | undefined;
    if (network.location.provider === 'aws') {
      checkPattern('peer.accountId', accountId, /^\d{12}$/, 'it must be a 12-digit AWS account id');
      checkPattern(
        'peer.vpcId',
        vpcId,
        /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/,
        'it must be an AWS VPC id such as vpc-0a1b2c3d4e5f60718',
      );
    } else if (network.location.provider === 'azure') {
      const a = input.peer.azure;
      azure = {
        resource_group: checkNonEmpty('peer.azure.resourceGroup', a?.resourceGroup, 'rg-app'),
        tenant_id: checkPattern(
          'peer.azure.tenantId',
          a?.tenantId,
          /^[0-9a-f-]{36}$/i,
          'it must be the Azure tenant id (a UUID)',
        ),
        app_object_id: a?.appObjectId ?? '',
        use_remote_gateways: a?.useRemoteGateways ?? false,
      };
    }
    const connection = await this.send<ConnectionJson>(place, {
      method: 'POST',
      path: '/v1/connections',
      body: {
        name,
        network_id: networkId,
        peer: {
          account_id: accountId,
          vpc_id: vpcId,
          cidr_block: cidrBlock,
          ...(region ? { region } : {}),
          ...(azure ? { azure } : {}),
        },
      },
      signal: options.signal,
    });
    return this.toPeering(place, connection, network);
  }

  async deleteListedPeering(
    place: Place,
    peering: Peering,
    options: CallOptions = {},
  ): Promise<DeleteOutcome> {
    await this.deleteConnection(place, peering.id, options);
    return 'read-again';
  }

  async deleteConnection(place: Place, id: string, options: CallOptions = {}): Promise<void> {
    const connectionId = checkNonEmpty('connection id', id, 'conn-0123456789ab');
    await this.send<ConnectionJson>(place, {
      method: 'DELETE',
      path: pathOf`/v1/connections/${connectionId}`,
      signal: options.signal,
    });
  }

  override dispose(): void {
    super.dispose();
    this.networkLoads.clear();
  }

  // ---- internals ----

  private networksJson(place: Place, options: CallOptions): Promise<NetworkJson[]> {
    return this.networkLoads.share(place.account, async () => {
      const list = await this.send<NetworkJson[]>(place, {
        method: 'GET',
        path: '/v1/networks',
        signal: options.signal,
      });
      return list ?? [];
    });
  }

  /** Undefined for a 404 (the dfcloud client reads it as "no such network" too). */
  private networkJson(
    place: Place,
    id: string,
    options: CallOptions,
  ): Promise<NetworkJson | undefined> {
    return this.sendUnlessAbsent<NetworkJson>(place, {
      method: 'GET',
      path: pathOf`/v1/networks/${id}`,
      signal: options.signal,
    });
  }

  private toNetworkInfo(place: Place, n: NetworkJson): DragonflyNetworkInfo {
    return { network: this.toNetwork(place, n), status: n.status, provider: n.location.provider };
  }

  private toNetwork(place: Place, n: NetworkJson): Network {
    const region = n.location.region;
    return {
      key: `${place.account.id}/${n.location.provider}-${region}/${n.network_id}`,
      accountKey: place.account.id,
      cloud: 'dragonfly',
      id: n.network_id,
      name: n.name,
      cidrs: [n.cidr_block],
      region,
      // The VPC exists (and can be peered with) only once the network is provisioned.
      aliases: n.vpc
        ? [
            {
              cloud: n.location.provider,
              accountId: n.vpc.account_id,
              networkId: vpcNetworkId(n.location.provider, n.vpc),
              region,
            },
          ]
        : undefined,
    };
  }

  private toPeering(place: Place, c: ConnectionJson, network: NetworkJson | undefined): Peering {
    const config = c.connection_config;
    const options: Record<string, string> = {};
    if (c.peer_connection_id) options.peerConnectionId = c.peer_connection_id;
    return {
      key: `dragonfly/${c.connection_id}`,
      accountKey: place.account.id,
      cloud: 'dragonfly',
      id: c.connection_id,
      name: config.name,
      state: normalizeState('dragonfly', c.status),
      rawState: c.status,
      stateMessage: c.status_detail || undefined,
      // Dragonfly requests the peering; the customer accepts it.
      role: 'requester',
      local: {
        cloud: 'dragonfly',
        networkId: config.network_id,
        name: network?.name,
        region: network?.location.region,
        cidrs: network ? [network.cidr_block] : undefined,
      },
      peer: peerRef(config.peer, network),
      options,
    };
  }
}

/** The customer's network, named the way that cloud's adapter names its networks. */
function peerRef(
  peer: ConnectionJson['connection_config']['peer'],
  network: NetworkJson | undefined,
): NetworkRef {
  const cloud: CloudKind =
    network?.location.provider ??
    (peer.vpc_id.startsWith('vpc-') ? 'aws' : peer.azure?.resource_group ? 'azure' : 'gcp');
  const networkId =
    cloud === 'gcp'
      ? gcpNetworkId(peer.account_id, peer.vpc_id)
      : cloud === 'azure'
        ? azureVnetId(peer.account_id, peer.azure?.resource_group ?? '', peer.vpc_id)
        : peer.vpc_id;
  return {
    cloud,
    accountId: peer.account_id,
    networkId,
    region: peer.region || network?.location.region,
    cidrs: [peer.cidr_block],
  };
}

export function explainDragonflyError(account: Account, error: unknown): Error {
  return explainRestError(DRAGONFLY_SPEC, account, error);
}

export const createProvider: ProviderModule['createProvider'] = (env) => new DragonflyProvider(env);

/**
 * The id the hosting cloud's adapter gives a Dragonfly network's VPC. On GCP
 * the console's "account ID" is the project and its "VPC ID" the network; on
 * Azure the "account ID" is /subscriptions/<id>/resourceGroups/<group> and the
 * VNet id is that + /providers/Microsoft.Network/virtualNetworks/ + "VPC ID"
 * (Dragonfly Cloud docs, peering connections, Azure: dfcloud_vnet_id).
 */
function vpcNetworkId(provider: string, vpc: { resource_id: string; account_id: string }): string {
  if (provider === 'gcp') return gcpNetworkId(vpc.account_id, vpc.resource_id);
  if (provider === 'azure' && !vpc.resource_id.startsWith('/')) {
    const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)$/i.exec(vpc.account_id);
    if (m) return azureVnetId(m[1], m[2], vpc.resource_id);
  }
  return vpc.resource_id;
}
