/**
 * The UpCloud adapter: API 1.3 (https://developers.upcloud.com/1.3/) over
 * JSON. UpCloud has no official Node SDK, so this talks HTTP through the shared
 * REST client. Its own bundle (dist/providers/upcloud.js), loaded on first use.
 *
 * Networks are SDN private networks; a network peering is one side of a pair,
 * active only once the peer network's owner has made the way back
 * (https://aiven.io/docs/platform/howto/vpc-peering-upcloud).
 */
import * as ipaddr from 'ipaddr.js';
import { parseCidr } from '../../model/cidr';
import { UserFacingError } from '../../model/errors';
import { normalizeState } from '../../model/states';
import type { Account, Network, Peering } from '../../model/types';
import { sleep } from '../../async/retry';
import type {
  CallOptions,
  CloudProvider,
  Place,
  ProviderEnvironment,
  ProviderModule,
  DeleteOutcome,
  NetworkPath,
} from '../provider';
import type { RestServiceSpec } from '../rest/accountClients';
import { accountLabel, explainRestError } from '../rest/failures';
import { checkName, checkOneOf, checkUuid, invalidField } from '../rest/fieldChecks';
import { HttpError, pathOf, type RestProviderOptions } from '../rest/jsonClient';
import { RestCloudProvider } from '../rest/restProvider';

export type UpcloudConfiguredStatus = 'active' | 'disabled';

export interface UpcloudRouter {
  uuid: string;
  name: string;
  /** UUIDs of the networks the router is attached to. */
  networkUuids: string[];
}

export interface UpcloudPeeringInput {
  networkUuid: string;
  peerNetworkUuid: string;
  name: string;
  configuredStatus?: UpcloudConfiguredStatus;
  labels?: Record<string, string>;
}

/** The mutating calls the plans use. Each returns what the next step needs. */
export interface UpcloudActions {
  /** Creates this side of a peering; it reads `pending-peer` until the peer's owner makes the way back. */
  createPeering(place: Place, input: UpcloudPeeringInput, options?: CallOptions): Promise<Peering>;
  /** Enables or disables a peering (UpCloud applies it asynchronously: the state reads `provisioning` first). */
  setPeeringStatus(
    place: Place,
    id: string,
    status: UpcloudConfiguredStatus,
    options?: CallOptions,
  ): Promise<Peering>;
  /** Deletes a disabled peering; an enabled one is refused with a UserFacingError that says to disable it first. */
  deletePeering(place: Place, id: string, options?: CallOptions): Promise<void>;
  /**
   * Disables the peering, waits until its state reads `disabled`, then deletes
   * it. Resolves 'absent' when there was no such peering (a re-run after success).
   */
  disableAndDeletePeering(
    place: Place,
    id: string,
    options?: CallOptions & { timeoutMs?: number },
  ): Promise<'deleted' | 'absent'>;
  /** The account's routers and the networks each is attached to (a peering needs a router on its network). */
  listRouters(place: Place, options?: CallOptions): Promise<UpcloudRouter[]>;
  /**
   * Reads a network and refuses, with the fix, one that cannot be peered: not
   * of type private, or without a router. Changes nothing; plans run it before
   * their first change, so a refusal leaves nothing half made.
   */
  checkPeerableNetwork(
    place: Place,
    networkUuid: string,
    options?: CallOptions & { role?: 'local' | 'peer' },
  ): Promise<Network>;
}

/**
 * UpCloud's rules for a network that peers, with the fix for each. Network
 * peering (https://developers.upcloud.com/1.3/13-networks/#create-network-peering)
 * is "only supported between networks of type private", and a network without
 * a router is refused (409 LOCAL_NETWORK_NO_ROUTER) or its peering stays
 * missing-local-router / missing-peer-router.
 */
export const UPCLOUD_PRIVATE_FIX =
  'Fix: pick an SDN private network (GET /1.3/network lists them with "type": "private"); public and utility networks cannot be peered.';
export const UPCLOUD_ROUTER_FIX =
  'Fix: attach a router to the network: create one with POST /1.3/router (https://developers.upcloud.com/1.3/13-networks/#create-router) or reuse one from GET /1.3/router, then PUT /1.3/network/{uuid} with {"network": {"router": "<router UUID>"}}; or attach it in the UpCloud Control Panel.';

// ---- wire shapes (the fields this adapter reads) ----

interface IpNetworkJson {
  address: string;
  family?: 'IPv4' | 'IPv6';
}

interface NetworkJson {
  uuid: string;
  name: string;
  type: 'private' | 'public' | 'utility';
  zone: string;
  router?: string;
  ip_networks?: { ip_network?: IpNetworkJson[] };
  labels?: { key: string; value: string }[];
  /** Servers with an interface on the network (upcloud-go-api upcloud/network.go `NetworkServer`). */
  servers?: { server?: { uuid: string; title?: string }[] };
}

/** One entry of GET /1.3/server (upcloud-go-api upcloud/server.go `Server`). */
interface ServerJson {
  uuid: string;
  title?: string;
  hostname?: string;
  state?: string;
  zone?: string;
}

interface PeeringJson {
  uuid: string;
  name: string;
  configured_status: UpcloudConfiguredStatus;
  state: string;
  network: { uuid: string; ip_networks?: { ip_network?: IpNetworkJson[] } };
  peer_network: { uuid: string; ip_networks?: { ip_network?: IpNetworkJson[] } };
  labels?: { key: string; value: string }[];
}

interface RouterJson {
  uuid: string;
  name: string;
  attached_networks?: { network?: { uuid: string }[] };
}

const UUID_EXAMPLE = '03126dc1-a69f-4bc2-8b24-e31c22d64712';

/** The createPeering input that each of UpCloud's peering codes is about, in the user's words. */
const PEERING_INPUT_OF_CODE: Record<
  string,
  { field: 'networkUuid' | 'peerNetworkUuid'; what: string }
> = {
  NETWORK_NOT_FOUND: {
    field: 'networkUuid',
    what: 'the network this side of the peering is made from was not found in this account',
  },
  PEER_NETWORK_NOT_FOUND: { field: 'peerNetworkUuid', what: 'the peer network was not found' },
  LOCAL_NETWORK_NO_ROUTER: {
    field: 'networkUuid',
    what: 'the network has no router attached, and UpCloud peers only networks with a router',
  },
};

/** What a raw state asks of the user, shown next to it. */
const STATE_MESSAGES: Record<string, string> = {
  'pending-peer':
    "Waiting for the peer network's owner to create the peering back to this network.",
  'missing-local-router': 'Attach a router to this network; peering needs one.',
  'missing-peer-router': 'The peer network has no router attached.',
  'conflict-subnet': "The two networks' address ranges overlap.",
  'deleted-peer-network': 'The peer network was deleted.',
  disabled: 'Disabled on this side (configured_status "disabled").',
  'peer-disabled': 'The peer has disabled its side of the peering.',
  provisioning: 'UpCloud is applying a change.',
  error: 'UpCloud reports an error on this peering.',
};

/** UpCloud's error codes with the fix for each. */
const CODE_FIXES: Record<string, string> = {
  PEERING_NOT_DISABLED:
    'Fix: disable the peering first and wait until its state reads "disabled" (Disable and Delete does both).',
  PEERING_CONFLICT:
    'Fix: a peering between these networks exists already; use it, or delete it first.',
  LOCAL_NETWORK_NO_ROUTER: UPCLOUD_ROUTER_FIX,
  CONFLICT_SUBNET: 'Fix: peer networks whose address ranges do not overlap.',
  ZONE_MISMATCH: 'Fix: both networks must be in the same zone.',
  NETWORK_TYPE_ILLEGAL: UPCLOUD_PRIVATE_FIX,
  NETWORK_NOT_FOUND:
    "Fix: check the network UUID (GET /1.3/network lists this account's networks); it must be a private network of the account that creates this side of the peering.",
  PEER_NETWORK_NOT_FOUND:
    'Fix: check the peer network UUID with its owner (for Aiven: the Aiven network ID column of the VPC peering connection, shown once it reads peer_pending); it must be in the same zone.',
  PEERING_NOT_FOUND: 'Fix: refresh; the peering may have been deleted.',
};

export const UPCLOUD_SPEC: RestServiceSpec = {
  service: 'UpCloud',
  defaultBaseUrl: 'https://api.upcloud.com',
  credentialsFix:
    'check the API username and password (or token) of this account: remove the account and add it again with working credentials.',
  authorization: upcloudAuthorization,
  // `{"error":{"error_code","error_message"}}`
  decodeError: (status, body, text) => {
    const e = (body as { error?: { error_code?: string; error_message?: string } } | undefined)
      ?.error;
    return {
      code: e?.error_code,
      message: e?.error_message ?? (text.slice(0, 200) || `HTTP ${status}`),
    };
  },
};

/** Basic for `{"username","password"}`, Bearer for `{"token"}`. */
function upcloudAuthorization(secret: string, account: Account): string {
  let parsed: { username?: unknown; password?: unknown; token?: unknown };
  try {
    parsed = JSON.parse(secret) as typeof parsed;
  } catch {
    parsed = {};
  }
  if (typeof parsed.token === 'string' && parsed.token) return `Bearer ${parsed.token}`;
  if (typeof parsed.username === 'string' && typeof parsed.password === 'string' && parsed.username)
    return `Basic ${Buffer.from(`${parsed.username}:${parsed.password}`).toString('base64')}`;
  throw new UserFacingError(
    `UpCloud account "${account.label}": the stored credentials are unreadable (expected a username and password, or a token).`,
    { account: account.id, fix: 'Fix: remove the account and add it again.' },
  );
}

export class UpcloudProvider extends RestCloudProvider implements CloudProvider, UpcloudActions {
  readonly cloud = 'upcloud' as const;

  constructor(env: ProviderEnvironment, options: RestProviderOptions = {}) {
    super(env, UPCLOUD_SPEC, options, explainUpcloudError);
  }

  async listNetworks(place: Place, options: CallOptions = {}): Promise<Network[]> {
    const out = await this.send<{ networks?: { network?: NetworkJson[] } }>(place, {
      method: 'GET',
      path: '/1.3/network',
      query: { zone: place.region },
      signal: options.signal,
    });
    // The list also holds the zone's shared public and utility networks; only private ones peer.
    // Discovery and the wizard's pickers offer only what can peer.
    return (out?.networks?.network ?? [])
      .filter((n) => n.type === 'private')
      .map((n) => this.toNetwork(place, n));
  }

  /**
   * The Doctor's read of a zone's networks: GET /1.3/network?zone= (each network with its router
   * and the servers that have an interface on it) and GET /1.3/server (their states), both at
   * once. UpCloud exposes no server start or DHCP lease time and no peering activation time, so
   * the check can only name the running servers (see checkUpcloud).
   */
  async readNetworkPaths(
    place: Place,
    networkIds: readonly string[],
    options: CallOptions = {},
  ): Promise<{ paths: NetworkPath[]; calls: number }> {
    const [networks, servers] = await Promise.all([
      this.send<{ networks?: { network?: NetworkJson[] } }>(place, {
        method: 'GET',
        path: '/1.3/network',
        query: { zone: place.region },
        signal: options.signal,
      }),
      this.send<{ servers?: { server?: ServerJson[] } }>(place, {
        method: 'GET',
        path: '/1.3/server',
        signal: options.signal,
      }),
    ]);
    const stateOf = new Map((servers?.servers?.server ?? []).map((s) => [s.uuid, s.state]));
    const byId = new Map((networks?.networks?.network ?? []).map((n) => [n.uuid.toLowerCase(), n]));
    const paths: NetworkPath[] = [];
    for (const id of networkIds) {
      const n = byId.get(id.toLowerCase());
      if (!n) continue;
      paths.push({
        networkId: n.uuid,
        cidrs: blocksOf(n.ip_networks?.ip_network),
        subnets: [],
        routeTables: [],
        filters: [],
        settings: { routerId: n.router || null },
        servers: (n.servers?.server ?? []).map((s) => ({
          id: s.uuid,
          ...(s.title ? { name: s.title } : {}),
          ...(stateOf.get(s.uuid) ? { state: stateOf.get(s.uuid) } : {}),
        })),
      });
    }
    return { paths, calls: 2 };
  }

  async listPeerings(place: Place, options: CallOptions = {}): Promise<Peering[]> {
    const out = await this.send<{ network_peerings?: { network_peering?: PeeringJson[] } }>(place, {
      method: 'GET',
      path: '/1.3/network-peering',
      signal: options.signal,
    });
    return (out?.network_peerings?.network_peering ?? []).map((p) => this.toPeering(place, p));
  }

  async getPeering(
    place: Place,
    id: string,
    options: CallOptions = {},
  ): Promise<Peering | undefined> {
    const json = await this.peeringJson(place, checkUuid('peering id', id, UUID_EXAMPLE), options);
    return json && this.toPeering(place, json);
  }

  async createPeering(
    place: Place,
    input: UpcloudPeeringInput,
    options: CallOptions = {},
  ): Promise<Peering> {
    const network = checkUuid('networkUuid', input.networkUuid, UUID_EXAMPLE);
    const peer = checkUuid('peerNetworkUuid', input.peerNetworkUuid, UUID_EXAMPLE);
    if (network === peer)
      throw invalidField(
        'peerNetworkUuid',
        input.peerNetworkUuid,
        'it must differ from networkUuid',
      );
    const name = checkName('name', input.name, 255);
    const status = checkOneOf('configuredStatus', input.configuredStatus ?? 'active', [
      'active',
      'disabled',
    ] as const);
    const labels = Object.entries(input.labels ?? {}).map(([key, value]) => ({ key, value }));
    try {
      const out = await this.send<{ network_peering: PeeringJson }>(place, {
        method: 'POST',
        path: '/1.3/network-peering',
        body: {
          network_peering: {
            configured_status: status,
            name,
            network: { uuid: network },
            peer_network: { uuid: peer },
            ...(labels.length ? { labels } : {}),
          },
        },
        signal: options.signal,
      });
      return this.toPeering(place, out.network_peering);
    } catch (error) {
      throw namingPeeringInput(place.account, error, {
        networkUuid: network,
        peerNetworkUuid: peer,
      });
    }
  }

  /** One network of any type (the zone's shared public and utility ones too), or undefined when absent. */
  async getNetwork(
    place: Place,
    uuid: string,
    options: CallOptions = {},
  ): Promise<Network | undefined> {
    const id = checkUuid('network UUID', uuid, UUID_EXAMPLE);
    const out = await this.sendUnlessAbsent<{ network: NetworkJson }>(place, {
      method: 'GET',
      path: pathOf`/1.3/network/${id}`,
      signal: options.signal,
    });
    return out?.network && this.toNetwork(place, out.network);
  }

  async checkPeerableNetwork(
    place: Place,
    networkUuid: string,
    options: CallOptions & { role?: 'local' | 'peer' } = {},
  ): Promise<Network> {
    const field = options.role === 'peer' ? 'peerNetworkUuid' : 'networkUuid';
    const uuid = checkUuid(field, networkUuid, UUID_EXAMPLE);
    const who = accountLabel(UPCLOUD_SPEC, place.account);
    const network = await this.getNetwork(place, uuid, options);
    if (!network)
      throw new UserFacingError(
        `${who}: ${field} "${uuid}": the network was not found in this account (NETWORK_NOT_FOUND).`,
        { account: place.account.id, field, fix: CODE_FIXES.NETWORK_NOT_FOUND },
      );
    if (network.networkType !== 'private')
      throw new UserFacingError(
        `${who}: ${field} "${uuid}": it is a ${network.networkType ?? 'non-private'} network; UpCloud peers only networks of type private.`,
        { account: place.account.id, field, fix: UPCLOUD_PRIVATE_FIX },
      );
    if (!network.routerId)
      throw new UserFacingError(
        `${who}: ${field} "${uuid}": the network has no router attached; UpCloud network peering needs a router on each network.`,
        { account: place.account.id, field, fix: UPCLOUD_ROUTER_FIX },
      );
    return network;
  }

  async setPeeringStatus(
    place: Place,
    id: string,
    status: UpcloudConfiguredStatus,
    options: CallOptions = {},
  ): Promise<Peering> {
    const uuid = checkUuid('peering id', id, UUID_EXAMPLE);
    const configured = checkOneOf('status', status, ['active', 'disabled'] as const);
    const out = await this.send<{ network_peering: PeeringJson }>(place, {
      method: 'PATCH',
      path: pathOf`/1.3/network-peering/${uuid}`,
      body: { network_peering: { configured_status: configured } },
      signal: options.signal,
    });
    return this.toPeering(place, out.network_peering);
  }

  async deletePeering(place: Place, id: string, options: CallOptions = {}): Promise<void> {
    const uuid = checkUuid('peering id', id, UUID_EXAMPLE);
    await this.send<void>(place, {
      method: 'DELETE',
      path: pathOf`/1.3/network-peering/${uuid}`,
      signal: options.signal,
    });
  }

  /** UpCloud deletes only disabled peerings: disabled first, deleted once it reads disabled. */
  async deleteListedPeering(
    place: Place,
    peering: Peering,
    options: CallOptions = {},
  ): Promise<DeleteOutcome> {
    await this.disableAndDeletePeering(place, peering.id, options);
    return 'gone';
  }

  async disableAndDeletePeering(
    place: Place,
    id: string,
    options: CallOptions & { timeoutMs?: number } = {},
  ): Promise<'deleted' | 'absent'> {
    const uuid = checkUuid('peering id', id, UUID_EXAMPLE);
    let current = await this.peeringJson(place, uuid, options);
    if (!current) return 'absent';
    if (current.configured_status !== 'disabled') {
      current = (
        await this.send<{ network_peering: PeeringJson }>(place, {
          method: 'PATCH',
          path: pathOf`/1.3/network-peering/${uuid}`,
          body: { network_peering: { configured_status: 'disabled' } },
          signal: options.signal,
        })
      ).network_peering;
    }
    // UpCloud applies the change asynchronously (`provisioning`), and refuses the delete until then.
    const deadline = Date.now() + (options.timeoutMs ?? 120_000);
    const pollMs = this.clients.options.pollIntervalMs ?? 1_000;
    while (current.state !== 'disabled') {
      if (Date.now() >= deadline) {
        throw new UserFacingError(
          `${accountLabel(UPCLOUD_SPEC, place.account)}: peering ${uuid} was disabled but still reads "${current.state}" after ${Math.round((options.timeoutMs ?? 120_000) / 1000)} s, so it cannot be deleted yet.`,
          { account: place.account.id, fix: 'Fix: try again in a minute.' },
        );
      }
      await sleep(pollMs, options.signal);
      const next = await this.peeringJson(place, uuid, options);
      if (!next) return 'deleted'; // someone else finished the job
      current = next;
    }
    await this.deletePeering(place, uuid, options);
    return 'deleted';
  }

  async listRouters(place: Place, options: CallOptions = {}): Promise<UpcloudRouter[]> {
    const out = await this.send<{ routers?: { router?: RouterJson[] } }>(place, {
      method: 'GET',
      path: '/1.3/router',
      signal: options.signal,
    });
    return (out?.routers?.router ?? []).map((r) => ({
      uuid: r.uuid,
      name: r.name,
      networkUuids: (r.attached_networks?.network ?? []).map((n) => n.uuid),
    }));
  }

  // ---- internals ----

  private async peeringJson(
    place: Place,
    uuid: string,
    options: CallOptions,
  ): Promise<PeeringJson | undefined> {
    const out = await this.sendUnlessAbsent<{ network_peering: PeeringJson }>(place, {
      method: 'GET',
      path: pathOf`/1.3/network-peering/${uuid}`,
      signal: options.signal,
    });
    return out?.network_peering;
  }

  private toNetwork(place: Place, n: NetworkJson): Network {
    return {
      key: `${place.account.id}/${n.zone}/${n.uuid}`,
      accountKey: place.account.id,
      cloud: 'upcloud',
      id: n.uuid,
      name: n.name,
      cidrs: blocksOf(n.ip_networks?.ip_network),
      zone: n.zone,
      tags: Object.fromEntries((n.labels ?? []).map((l) => [l.key, l.value])),
      networkType: n.type,
      routerId: n.router || null,
    };
  }

  private toPeering(place: Place, p: PeeringJson): Peering {
    const peerBlocks = blocksOf(p.peer_network.ip_networks?.ip_network);
    return {
      key: `upcloud/${p.uuid}`,
      accountKey: place.account.id,
      cloud: 'upcloud',
      id: p.uuid,
      name: p.name,
      state: normalizeState('upcloud', p.state),
      rawState: p.state,
      stateMessage: STATE_MESSAGES[p.state],
      role: 'local',
      local: {
        cloud: 'upcloud',
        networkId: p.network.uuid,
        cidrs: blocksOf(p.network.ip_networks?.ip_network),
      },
      // The peer's ranges show only once its owner has made the way back; resolution fills them otherwise.
      peer: {
        cloud: 'upcloud',
        networkId: p.peer_network.uuid,
        cidrs: peerBlocks.length ? peerBlocks : undefined,
      },
      options: { configuredStatus: p.configured_status },
    };
  }
}

/** ip_networks addresses as network blocks: UpCloud keeps host bits (`192.168.86.1/24`). */
function blocksOf(ips: IpNetworkJson[] | undefined): string[] {
  return (ips ?? []).map((ip) => networkBlock(ip.address)).filter((b) => b !== '');
}

function networkBlock(address: string): string {
  try {
    const [addr, prefix] = ipaddr.parseCIDR(address);
    const network =
      addr.kind() === 'ipv4'
        ? ipaddr.IPv4.networkAddressFromCIDR(address)
        : ipaddr.IPv6.networkAddressFromCIDR(address);
    return parseCidr(`${network.toString()}/${prefix}`).text;
  } catch {
    return address;
  }
}

/**
 * A createPeering refusal about one of its networks names that input and its
 * value (UpCloud's message may not), keeping UpCloud's code and message.
 */
function namingPeeringInput(
  account: Account,
  error: unknown,
  values: Record<'networkUuid' | 'peerNetworkUuid', string>,
): unknown {
  const cause = error instanceof UserFacingError ? error.options.cause : undefined;
  const about = cause instanceof HttpError && cause.code && PEERING_INPUT_OF_CODE[cause.code];
  if (!about || !(cause instanceof HttpError) || !cause.code) return error;
  return new UserFacingError(
    `${accountLabel(UPCLOUD_SPEC, account)}: ${cause.code}: ${about.field} "${values[about.field]}": ${about.what} (UpCloud: ${cause.providerMessage})`,
    { account: account.id, field: about.field, fix: CODE_FIXES[cause.code], cause },
  );
}

/** UpCloud's own codes get their fix; everything else is explained the way every REST adapter does. */
export function explainUpcloudError(account: Account, error: unknown): Error {
  if (error instanceof HttpError && error.code && CODE_FIXES[error.code]) {
    return new UserFacingError(
      `${accountLabel(UPCLOUD_SPEC, account)}: ${error.code}: ${error.providerMessage}`,
      { account: account.id, fix: CODE_FIXES[error.code], cause: error },
    );
  }
  return explainRestError(UPCLOUD_SPEC, account, error);
}

export const createProvider: ProviderModule['createProvider'] = (env) => new UpcloudProvider(env);
