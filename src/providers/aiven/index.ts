/**
 * The Aiven adapter: API v1 (https://api.aiven.io/doc/) project VPCs and their
 * peering connections, over JSON. Aiven has no official Node SDK, so this
 * talks HTTP through the shared REST client. Its own bundle
 * (dist/providers/aiven.js), loaded on first use.
 *
 * An account is one Aiven project (`account.ref`). A VPC on `upcloud-<zone>`
 * is backed by an UpCloud SDN network in Aiven's own UpCloud account; the
 * connections name it in `state_info["to-network-id"]`, and that is the
 * alias through which an UpCloud peering's far side resolves to the Aiven VPC.
 */
import { UserFacingError } from '../../model/errors';
import { normalizeState } from '../../model/states';
import type { Account, Network, NetworkRef, Peering } from '../../model/types';
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
  checkNonEmpty,
  checkPattern,
  checkUuid,
  invalidField,
} from '../rest/fieldChecks';
import { azureVnetId, gcpNetworkId } from '../rest/foreignNetworkIds';
import { HttpError, pathOf, type RestProviderOptions } from '../rest/jsonClient';
import { InFlightLoads, RestCloudProvider } from '../rest/restProvider';
import { parseAivenPeeringId } from './descriptor';

/** Which peer a connection goes to; Aiven's delete and CIDR calls address a connection by these. */
export interface AivenPeer {
  /** "upcloud", an AWS account id, a GCP project, an Azure subscription. */
  peerCloudAccount: string;
  /** The peer network: an UpCloud network UUID, a vpc-…, a GCP network or an Azure VNet name. */
  peerVpc: string;
  /** AWS only, when the peer VPC is in another region than the Aiven VPC. */
  peerRegion?: string;
  /** Azure only. */
  peerResourceGroup?: string;
}

export interface AivenVpcInfo {
  network: Network;
  /** ACTIVE, APPROVED (being built), DELETING, DELETED. */
  state: string;
  peerings: Peering[];
}

/** A peering connection to request: the peer, and what Azure and the routes need. */
export interface AivenPeeringInput extends AivenPeer {
  userPeerNetworkCidrs?: string[];
  peerAzureAppId?: string;
  peerAzureTenantId?: string;
}

/** The mutating calls the plans use. Each returns what the next step needs. */
export interface AivenActions {
  /** Creates a project VPC; it reads APPROVED while Aiven builds it, then ACTIVE. */
  createVpc(
    place: Place,
    input: { cloudName: string; networkCidr: string },
    options?: CallOptions,
  ): Promise<AivenVpcInfo>;
  getVpc(place: Place, vpcId: string, options?: CallOptions): Promise<AivenVpcInfo | undefined>;
  /**
   * Requests a peering from the VPC. For an UpCloud peer it reads APPROVED,
   * then PENDING_PEER until the UpCloud side (to `options.toNetworkId`) exists, then ACTIVE.
   */
  createPeeringConnection(
    place: Place,
    vpcId: string,
    input: AivenPeeringInput,
    options?: CallOptions,
  ): Promise<Peering>;
  deletePeeringConnection(
    place: Place,
    vpcId: string,
    peer: AivenPeer,
    options?: CallOptions,
  ): Promise<Peering>;
  /** Makes the connection's user peer network CIDRs exactly `cidrs` (adds and deletes the difference). */
  setUserPeerNetworkCidrs(
    place: Place,
    vpcId: string,
    peer: AivenPeer,
    cidrs: string[],
    options?: CallOptions,
  ): Promise<Peering>;
}

// ---- wire shapes (the fields this adapter reads) ----

interface VpcSummaryJson {
  cloud_name: string;
  network_cidr: string;
  project_vpc_id: string;
  state: string;
  create_time?: string;
}

interface StateInfoJson {
  message?: string;
  type?: string;
  warnings?: { message: string; type: string }[];
  'to-network-id'?: string;
}

interface ConnectionJson {
  peer_cloud_account: string;
  peer_vpc: string;
  peer_region?: string | null;
  peer_resource_group?: string | null;
  peering_connection_id?: string | null;
  state: string;
  state_info?: StateInfoJson | null;
  user_peer_network_cidrs?: string[];
  vpc_peering_connection_type?: string;
  create_time?: string;
}

interface VpcDetailJson extends VpcSummaryJson {
  peering_connections?: ConnectionJson[];
}

const UUID_EXAMPLE = 'a1e00000-0000-4000-8000-000000000001';

export const AIVEN_SPEC: RestServiceSpec = {
  service: 'Aiven',
  defaultBaseUrl: 'https://api.aiven.io',
  credentialsFix:
    'create a new token in Aiven Console (User information → Tokens), then remove this account and add it again with that token.',
  authorization: (secret) => `aivenv1 ${secret.trim()}`,
  // `{"errors":[{"message","status"}],"message"}`
  decodeError: (status, body, text) => {
    const b = body as { message?: string; errors?: { message?: string }[] } | undefined;
    return {
      message: b?.message ?? b?.errors?.[0]?.message ?? (text.slice(0, 200) || `HTTP ${status}`),
    };
  },
};

export class AivenProvider extends RestCloudProvider implements CloudProvider, AivenActions {
  readonly cloud = 'aiven' as const;
  /** VPC details per account: networks and peerings come from the same calls. */
  private readonly vpcDetailLoads = new InFlightLoads<VpcDetailJson[]>();

  constructor(env: ProviderEnvironment, options: RestProviderOptions = {}) {
    super(env, AIVEN_SPEC, options, explainAivenError);
  }

  async listNetworks(place: Place, options: CallOptions = {}): Promise<Network[]> {
    const vpcs = await this.vpcDetails(place, options);
    return vpcs.map((vpc) => this.toNetwork(place, vpc));
  }

  async listPeerings(place: Place, options: CallOptions = {}): Promise<Peering[]> {
    const vpcs = await this.vpcDetails(place, options);
    return vpcs.flatMap((vpc) =>
      (vpc.peering_connections ?? []).map((c) => this.toPeering(place, vpc, c)),
    );
  }

  /** `id` is the one this adapter gives: `<project VPC id>/<peer account>/…/<peer VPC>`. */
  async getPeering(
    place: Place,
    id: string,
    options: CallOptions = {},
  ): Promise<Peering | undefined> {
    const vpcId = checkUuid(
      'peering id',
      id.split('/')[0],
      `${UUID_EXAMPLE}/upcloud/<network UUID>`,
    );
    const vpc = await this.vpcJson(place, vpcId, options);
    const connection = vpc?.peering_connections?.find((c) => peeringId(vpcId, c) === id);
    return vpc && connection && this.toPeering(place, vpc, connection);
  }

  async createVpc(
    place: Place,
    input: { cloudName: string; networkCidr: string },
    options: CallOptions = {},
  ): Promise<AivenVpcInfo> {
    const cloudName = checkPattern(
      'cloudName',
      input.cloudName,
      /^[a-z]+-[a-z0-9-]+$/,
      'it must be an Aiven cloud name such as upcloud-de-fra1 or aws-eu-west-1',
    );
    const networkCidr = checkCidr('networkCidr', input.networkCidr, {
      family: 'ipv4',
      privateOnly: true,
    });
    const vpc = await this.send<VpcDetailJson>(place, {
      method: 'POST',
      path: pathOf`/v1/project/${project(place)}/vpcs`,
      body: { cloud_name: cloudName, network_cidr: networkCidr, peering_connections: [] },
      signal: options.signal,
    });
    return this.toVpcInfo(place, vpc);
  }

  async getVpc(
    place: Place,
    vpcId: string,
    options: CallOptions = {},
  ): Promise<AivenVpcInfo | undefined> {
    const vpc = await this.vpcJson(place, checkUuid('vpcId', vpcId, UUID_EXAMPLE), options);
    return vpc && this.toVpcInfo(place, vpc);
  }

  async createPeeringConnection(
    place: Place,
    vpcId: string,
    input: AivenPeeringInput,
    options: CallOptions = {},
  ): Promise<Peering> {
    const id = checkUuid('vpcId', vpcId, UUID_EXAMPLE);
    const peer = checkPeer(input);
    const cidrs = (input.userPeerNetworkCidrs ?? []).map((c, i) =>
      checkCidr(`userPeerNetworkCidrs[${i}]`, c, { family: 'ipv4' }),
    );
    const connection = await this.send<ConnectionJson>(place, {
      method: 'POST',
      path: pathOf`/v1/project/${project(place)}/vpcs/${id}/peering-connections`,
      body: {
        peer_cloud_account: peer.peerCloudAccount,
        peer_vpc: peer.peerVpc,
        ...(peer.peerRegion ? { peer_region: peer.peerRegion } : {}),
        ...(peer.peerResourceGroup ? { peer_resource_group: peer.peerResourceGroup } : {}),
        ...(input.peerAzureAppId ? { peer_azure_app_id: input.peerAzureAppId } : {}),
        ...(input.peerAzureTenantId ? { peer_azure_tenant_id: input.peerAzureTenantId } : {}),
        ...(cidrs.length ? { user_peer_network_cidrs: cidrs } : {}),
      },
      signal: options.signal,
    });
    return this.toPeering(place, { project_vpc_id: id }, connection);
  }

  async deleteListedPeering(
    place: Place,
    peering: Peering,
    options: CallOptions = {},
  ): Promise<DeleteOutcome> {
    const { vpcId, peer } = parseAivenPeeringId(peering);
    await this.deletePeeringConnection(place, vpcId, peer, options);
    return 'read-again';
  }

  async deletePeeringConnection(
    place: Place,
    vpcId: string,
    peer: AivenPeer,
    options: CallOptions = {},
  ): Promise<Peering> {
    const id = checkUuid('vpcId', vpcId, UUID_EXAMPLE);
    const p = checkPeer(peer);
    const base = pathOf`/v1/project/${project(place)}/vpcs/${id}/peering-connections/peer-accounts/${p.peerCloudAccount}`;
    const path = p.peerResourceGroup
      ? base + pathOf`/peer-resource-groups/${p.peerResourceGroup}/peer-vpcs/${p.peerVpc}`
      : p.peerRegion
        ? base + pathOf`/peer-vpcs/${p.peerVpc}/peer-regions/${p.peerRegion}`
        : base + pathOf`/peer-vpcs/${p.peerVpc}`;
    const connection = await this.send<ConnectionJson>(place, {
      method: 'DELETE',
      path,
      signal: options.signal,
    });
    return this.toPeering(place, { project_vpc_id: id }, connection);
  }

  async setUserPeerNetworkCidrs(
    place: Place,
    vpcId: string,
    peer: AivenPeer,
    cidrs: string[],
    options: CallOptions = {},
  ): Promise<Peering> {
    const id = checkUuid('vpcId', vpcId, UUID_EXAMPLE);
    const p = checkPeer(peer);
    const wanted = cidrs.map((c, i) => checkCidr(`cidrs[${i}]`, c, { family: 'ipv4' }));
    const vpc = await this.vpcJson(place, id, options);
    const match = (c: ConnectionJson) =>
      c.peer_cloud_account === p.peerCloudAccount &&
      c.peer_vpc === p.peerVpc &&
      (p.peerResourceGroup === undefined || c.peer_resource_group === p.peerResourceGroup);
    const connection = vpc?.peering_connections?.find(match);
    if (!vpc || !connection) {
      throw new UserFacingError(
        `${accountLabel(AIVEN_SPEC, place.account)}: VPC ${id} has no peering connection to ${p.peerCloudAccount}/${p.peerVpc}.`,
        { account: place.account.id, fix: 'Fix: create the peering connection first.' },
      );
    }
    const current = connection.user_peer_network_cidrs ?? [];
    const add = wanted.filter((c) => !current.includes(c));
    const remove = current.filter((c) => !wanted.includes(c));
    if (add.length === 0 && remove.length === 0) return this.toPeering(place, vpc, connection);
    const updated = await this.send<VpcDetailJson>(place, {
      method: 'PUT',
      path: pathOf`/v1/project/${project(place)}/vpcs/${id}/user-peer-network-cidrs`,
      body: {
        add: add.map((cidr) => ({
          cidr,
          peer_cloud_account: p.peerCloudAccount,
          peer_vpc: p.peerVpc,
          ...(p.peerResourceGroup ? { peer_resource_group: p.peerResourceGroup } : {}),
        })),
        delete: remove,
      },
      signal: options.signal,
    });
    const after = updated.peering_connections?.find(match) ?? connection;
    return this.toPeering(place, updated, after);
  }

  override dispose(): void {
    super.dispose();
    this.vpcDetailLoads.clear();
  }

  // ---- internals ----

  /** VpcList, then VpcGet for each VPC (only the details carry the peering connections). */
  private vpcDetails(place: Place, options: CallOptions): Promise<VpcDetailJson[]> {
    return this.vpcDetailLoads.share(place.account, async () => {
      const list = await this.send<{ vpcs?: VpcSummaryJson[] }>(place, {
        method: 'GET',
        path: pathOf`/v1/project/${project(place)}/vpcs`,
        signal: options.signal,
      });
      const details = await Promise.all(
        (list?.vpcs ?? []).map((v) => this.vpcJson(place, v.project_vpc_id, options)),
      );
      // A VPC deleted between the two calls is simply gone.
      return details.filter((d): d is VpcDetailJson => d !== undefined);
    });
  }

  /** Undefined when Aiven says the VPC does not exist (a 404 about the project is an error). */
  private vpcJson(
    place: Place,
    vpcId: string,
    options: CallOptions,
  ): Promise<VpcDetailJson | undefined> {
    return this.sendUnlessAbsent<VpcDetailJson>(
      place,
      {
        method: 'GET',
        path: pathOf`/v1/project/${project(place)}/vpcs/${vpcId}`,
        signal: options.signal,
      },
      (error) => /VPC/.test(error.providerMessage),
    );
  }

  private toVpcInfo(place: Place, vpc: VpcDetailJson): AivenVpcInfo {
    return {
      network: this.toNetwork(place, vpc),
      state: vpc.state,
      peerings: (vpc.peering_connections ?? []).map((c) => this.toPeering(place, vpc, c)),
    };
  }

  private toNetwork(place: Place, vpc: VpcDetailJson): Network {
    const backing = new Set(
      (vpc.peering_connections ?? [])
        .map((c) => c.state_info?.['to-network-id'])
        .filter((id): id is string => typeof id === 'string' && id !== ''),
    );
    return {
      key: `${place.account.id}/${vpc.cloud_name}/${vpc.project_vpc_id}`,
      accountKey: place.account.id,
      cloud: 'aiven',
      id: vpc.project_vpc_id,
      name: `${vpc.cloud_name} VPC`,
      cidrs: [vpc.network_cidr],
      region: vpc.cloud_name,
      ownerId: place.account.ref,
      aliases: backing.size
        ? [...backing].map((networkId) => ({
            cloud: 'upcloud' as const,
            networkId,
            region: vpc.cloud_name.replace(/^upcloud-/, ''),
          }))
        : undefined,
    };
  }

  private toPeering(
    place: Place,
    vpc: Partial<VpcDetailJson> & { project_vpc_id: string },
    c: ConnectionJson,
  ): Peering {
    const id = peeringId(vpc.project_vpc_id, c);
    const info = c.state_info ?? {};
    const warnings = (info.warnings ?? []).map((w) => w.message);
    const options: Record<string, string> = {};
    if (c.vpc_peering_connection_type) options.type = c.vpc_peering_connection_type;
    if (c.peering_connection_id) options.peeringConnectionId = c.peering_connection_id;
    if (info['to-network-id']) options.toNetworkId = info['to-network-id'];
    return {
      key: `aiven/${id}`,
      accountKey: place.account.id,
      cloud: 'aiven',
      id,
      state: normalizeState('aiven', c.state),
      rawState: c.state,
      stateMessage: [info.message, ...warnings].filter(Boolean).join(' ') || undefined,
      role: 'local',
      createdAt: c.create_time,
      local: {
        cloud: 'aiven',
        accountId: place.account.ref,
        networkId: vpc.project_vpc_id,
        region: vpc.cloud_name,
        cidrs: vpc.network_cidr ? [vpc.network_cidr] : undefined,
      },
      peer: peerRef(vpc.cloud_name, c),
      options,
    };
  }
}

function project(place: Place): string {
  const ref = place.account.ref?.trim();
  if (!ref) {
    throw new UserFacingError(
      `${accountLabel(AIVEN_SPEC, place.account)}: no Aiven project is set.`,
      {
        account: place.account.id,
        field: 'ref',
        fix: 'Fix: set the project name in the account settings.',
      },
    );
  }
  return ref;
}

/** Stable across refreshes: Aiven identifies a connection by its VPC and its peer. */
function peeringId(vpcId: string, c: ConnectionJson): string {
  return [vpcId, c.peer_cloud_account, c.peer_resource_group, c.peer_vpc, c.peer_region]
    .filter((part): part is string => typeof part === 'string' && part !== '')
    .join('/');
}

/** The far side, named the way that cloud's adapter names its networks. */
function peerRef(cloudName: string | undefined, c: ConnectionJson): NetworkRef {
  const type = c.vpc_peering_connection_type ?? '';
  const cidrs = c.user_peer_network_cidrs?.length ? [...c.user_peer_network_cidrs] : undefined;
  const account = c.peer_cloud_account;
  if (account === 'upcloud' || type.startsWith('upcloud'))
    return { cloud: 'upcloud', networkId: c.peer_vpc, cidrs };
  if (type.startsWith('aws') || cloudName?.startsWith('aws-')) {
    return {
      cloud: 'aws',
      accountId: account,
      networkId: c.peer_vpc,
      region: c.peer_region ?? cloudName?.replace(/^aws-/, ''),
      cidrs,
    };
  }
  if (type.startsWith('google') || cloudName?.startsWith('google-'))
    return {
      cloud: 'gcp',
      accountId: account,
      networkId: gcpNetworkId(account, c.peer_vpc),
      cidrs,
    };
  if (type.startsWith('azure') || cloudName?.startsWith('azure-')) {
    return {
      cloud: 'azure',
      accountId: account,
      networkId: azureVnetId(account, c.peer_resource_group ?? '', c.peer_vpc),
      cidrs,
    };
  }
  // DigitalOcean has no adapter here: the ref stays unresolved, named for the tree.
  return {
    cloud: 'aiven',
    accountId: account,
    networkId: c.peer_vpc,
    name: `${type} ${c.peer_vpc}`,
    cidrs,
  };
}

function checkPeer(peer: AivenPeer): AivenPeer {
  const peerCloudAccount = checkNonEmpty(
    'peerCloudAccount',
    peer.peerCloudAccount,
    '"upcloud" or an AWS account id',
  );
  const peerVpc =
    peerCloudAccount === 'upcloud'
      ? checkUuid(
          'peerVpc',
          peer.peerVpc,
          '03126dc1-a69f-4bc2-8b24-e31c22d64712 (the UpCloud network UUID)',
        )
      : checkNonEmpty('peerVpc', peer.peerVpc, 'vpc-0a1b2c3d4e5f60718');
  if (peerCloudAccount === 'upcloud' && peer.peerRegion)
    throw invalidField('peerRegion', peer.peerRegion, 'it must be left out for UpCloud peers');
  const peerRegion =
    peer.peerRegion === undefined
      ? undefined
      : checkNonEmpty('peerRegion', peer.peerRegion, 'eu-west-1');
  const peerResourceGroup =
    peer.peerResourceGroup === undefined
      ? undefined
      : checkNonEmpty('peerResourceGroup', peer.peerResourceGroup, 'rg-app');
  return { peerCloudAccount, peerVpc, peerRegion, peerResourceGroup };
}

export function explainAivenError(account: Account, error: unknown): Error {
  if (
    error instanceof HttpError &&
    error.status === 404 &&
    /^Project '/.test(error.providerMessage)
  ) {
    return new UserFacingError(`${accountLabel(AIVEN_SPEC, account)}: ${error.providerMessage}.`, {
      account: account.id,
      field: 'ref',
      fix: `Fix: check the project name of this account (now "${account.ref}") and that the token's user is a member of it.`,
      cause: error,
    });
  }
  return explainRestError(AIVEN_SPEC, account, error);
}

export const createProvider: ProviderModule['createProvider'] = (env) => new AivenProvider(env);
