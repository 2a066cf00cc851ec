import type { CloudKind, PeeringState } from './types';

/**
 * Where a raw state sits in a peering's life:
 * - `live`: the peering exists and is, or may become, usable without being made again (a create
 *   step reuses it; a wait keeps polling);
 * - `failed`: it will not reach its target without the user fixing or recreating it (a wait stops);
 * - `gone`: deleted or being deleted (a wait stops; a create step makes a new one).
 */
export type LifecyclePhase = 'live' | 'failed' | 'gone';

export interface RawStateInfo {
  /** The normalized state the tree, the status bar and the watcher show. */
  readonly state: PeeringState;
  readonly phase: LifecyclePhase;
  /** The state a create or accept waits for (the peering carries traffic). */
  readonly target?: true;
}

/**
 * The one lifecycle table per cloud: each raw peering state the provider's API returns, its
 * normalized state and phase. Everything that interprets a raw state derives from it: providers
 * (`normalizeState`), the runner's checks, the bash waits of the plans, the tree and the peering
 * commands. A raw state literal elsewhere is typed `RawState<cloud>` so that a misspelt or unknown
 * one does not compile, and test/unit/model/lifecycle.test.ts scans the sources for bare ones.
 *
 * Order matters where a list is written into a script: `failedOrGone` keeps table order.
 */
export const LIFECYCLES = {
  // AWS VpcPeeringConnectionStateReasonCode (EC2 API reference, VpcPeeringConnectionStateReason)
  aws: {
    'initiating-request': { state: 'provisioning', phase: 'live' },
    'pending-acceptance': { state: 'pending', phase: 'live' },
    provisioning: { state: 'provisioning', phase: 'live' },
    active: { state: 'active', phase: 'live', target: true },
    failed: { state: 'failed', phase: 'failed' },
    rejected: { state: 'failed', phase: 'failed' },
    expired: { state: 'disconnected', phase: 'failed' },
    deleted: { state: 'deleted', phase: 'gone' },
    deleting: { state: 'deleting', phase: 'gone' },
  },
  // GCP NetworkPeering.state (Compute Engine API, networks resource): INACTIVE until the other
  // network's half exists.
  gcp: {
    ACTIVE: { state: 'active', phase: 'live', target: true },
    INACTIVE: { state: 'inactive', phase: 'live' },
  },
  // Azure VirtualNetworkPeeringPropertiesFormat.peeringState: Disconnected once the remote half
  // is deleted; the peering has to be deleted and created again.
  azure: {
    Initiated: { state: 'pending', phase: 'live' },
    Connected: { state: 'active', phase: 'live', target: true },
    Disconnected: { state: 'disconnected', phase: 'failed' },
  },
  // UpCloud network-peering state (https://developers.upcloud.com/1.3/13-networks/, network peerings)
  upcloud: {
    active: { state: 'active', phase: 'live', target: true },
    'pending-peer': { state: 'pending', phase: 'live' },
    provisioning: { state: 'provisioning', phase: 'live' },
    'conflict-subnet': { state: 'failed', phase: 'failed' },
    'missing-local-router': { state: 'failed', phase: 'failed' },
    'missing-peer-router': { state: 'failed', phase: 'failed' },
    'deleted-peer-network': { state: 'disconnected', phase: 'failed' },
    error: { state: 'failed', phase: 'failed' },
    disabled: { state: 'inactive', phase: 'live' },
    'peer-disabled': { state: 'inactive', phase: 'live' },
  },
  // Aiven VPC peering connection state (Aiven API, VpcPeeringConnection)
  aiven: {
    ACTIVE: { state: 'active', phase: 'live', target: true },
    APPROVED: { state: 'provisioning', phase: 'live' },
    APPROVED_PEER_REQUESTED: { state: 'pending', phase: 'live' },
    PENDING_PEER: { state: 'pending', phase: 'live' },
    ERROR: { state: 'failed', phase: 'failed' },
    INVALID_SPECIFICATION: { state: 'failed', phase: 'failed' },
    REJECTED_BY_PEER: { state: 'failed', phase: 'failed' },
    DELETED_BY_PEER: { state: 'disconnected', phase: 'failed' },
    DELETED: { state: 'deleted', phase: 'gone' },
    DELETING: { state: 'deleting', phase: 'gone' },
  },
  // Dragonfly Cloud connection status (Dragonfly Cloud API, connections)
  dragonfly: {
    active: { state: 'active', phase: 'live', target: true },
    inactive: { state: 'pending', phase: 'live' },
    pending: { state: 'provisioning', phase: 'live' },
    failed: { state: 'failed', phase: 'failed' },
    irrecoverable: { state: 'disconnected', phase: 'failed' },
    deleted: { state: 'deleted', phase: 'gone' },
    deleting: { state: 'deleting', phase: 'gone' },
  },
} as const satisfies Record<CloudKind, Record<string, RawStateInfo>>;

/** A raw state of one cloud: a key of its lifecycle table. */
export type RawState<C extends CloudKind> = keyof (typeof LIFECYCLES)[C] & string;

function table(cloud: CloudKind): Readonly<Record<string, RawStateInfo>> {
  return LIFECYCLES[cloud];
}

/** Raw → normalized, per cloud (derived from LIFECYCLES). */
export const STATE_TABLES: Record<CloudKind, Record<string, PeeringState>> = Object.fromEntries(
  Object.entries(LIFECYCLES).map(([cloud, rows]) => [
    cloud,
    Object.fromEntries(Object.entries(rows).map(([raw, info]) => [raw, info.state])),
  ]),
) as Record<CloudKind, Record<string, PeeringState>>;

export function normalizeState(cloud: CloudKind, raw: string): PeeringState {
  return Object.hasOwn(table(cloud), raw) ? table(cloud)[raw].state : 'unknown';
}

/** A typed list of raw states: each one is checked against the cloud's table when compiled. */
export function rawStates<C extends CloudKind>(_cloud: C, ...states: RawState<C>[]): RawState<C>[] {
  return states;
}

/** One typed raw state, for a comparison: `p.rawState === rawState('aws', 'active')`. */
export function rawState<C extends CloudKind>(_cloud: C, state: RawState<C>): RawState<C> {
  return state;
}

/** Whether `raw` (any string a provider returned) is one of `states`. */
export function hasState(states: readonly string[], raw: string): boolean {
  return states.includes(raw);
}

/** The phase of a raw state; undefined for a state the table does not know. */
export function phaseOf(cloud: CloudKind, raw: string): LifecyclePhase | undefined {
  return Object.hasOwn(table(cloud), raw) ? table(cloud)[raw].phase : undefined;
}

export function isLive(cloud: CloudKind, raw: string): boolean {
  return phaseOf(cloud, raw) === 'live';
}

export function isGone(cloud: CloudKind, raw: string): boolean {
  return phaseOf(cloud, raw) === 'gone';
}

export function isFailed(cloud: CloudKind, raw: string): boolean {
  return phaseOf(cloud, raw) === 'failed';
}

/** A state no amount of waiting changes into the target: failed or gone. */
export function stopsWait(cloud: CloudKind, raw: string): boolean {
  const phase = phaseOf(cloud, raw);
  return phase === 'failed' || phase === 'gone';
}

/** The raw states in one phase, in table order. */
export function statesIn<C extends CloudKind>(cloud: C, phase: LifecyclePhase): RawState<C>[] {
  return Object.entries(table(cloud))
    .filter(([, info]) => info.phase === phase)
    .map(([raw]) => raw as RawState<C>);
}

/** The raw states a create or accept waits for. */
export function targetStates<C extends CloudKind>(cloud: C): RawState<C>[] {
  return Object.entries(table(cloud))
    .filter(([, info]) => 'target' in info && info.target === true)
    .map(([raw]) => raw as RawState<C>);
}

/** The states that stop a wait at once (failed, then gone), in table order. */
export function failedOrGone<C extends CloudKind>(cloud: C): RawState<C>[] {
  return Object.entries(table(cloud))
    .filter(([, info]) => info.phase !== 'live')
    .map(([raw]) => raw as RawState<C>);
}

/** States that change on their own; the status bar polls only these. */
export const TRANSITIONAL_STATES: ReadonlySet<PeeringState> = new Set(['provisioning', 'deleting']);

/** States where the user has to do something. */
export const NEEDS_ACTION_STATES: ReadonlySet<PeeringState> = new Set([
  'pending',
  'failed',
  'disconnected',
  'inactive',
]);

/**
 * What the user does next for a peering that is not in its target state, in one sentence: the
 * Doctor's state check. Raw states with their own next step come first; the rest follow their
 * normalized state.
 */
const NEXT_STEP_BY_RAW: { readonly [C in CloudKind]?: Partial<Record<RawState<C>, string>> } = {
  aws: {
    'pending-acceptance': 'The accepter account has to accept the request (within 7 days).',
    rejected: 'The accepter rejected the request: create a new one.',
    expired: 'The request expired unaccepted: create a new one and accept it within 7 days.',
    failed:
      'The request failed (overlapping CIDRs or an unknown peer VPC): fix that and create a new one.',
  },
  gcp: {
    INACTIVE:
      'The other network has no matching peering yet: create it there (both halves must exist).',
  },
  azure: {
    Initiated: 'Create the peering from the remote virtual network back to this one.',
    Disconnected: 'The remote half was deleted: delete this peering and create both halves again.',
  },
  upcloud: {
    'pending-peer': 'Create the matching peering from the other network.',
    'missing-local-router': 'Attach a router to this network, then the peering continues.',
    'missing-peer-router': 'Attach a router to the peer network, then the peering continues.',
    'conflict-subnet':
      'The networks’ subnets overlap: re-address one and create the peering again.',
    'deleted-peer-network': 'The peer network was deleted: delete this peering.',
    disabled: 'The peering is disabled on this side: enable it.',
    'peer-disabled': 'The peering is disabled on the peer side: enable it there.',
  },
  aiven: {
    PENDING_PEER: 'Create the peering on the UpCloud side with the Aiven project VPC’s UUID.',
    APPROVED_PEER_REQUESTED: 'Accept the peering on the peer side.',
    REJECTED_BY_PEER: 'The peer rejected the peering: check the peer network and create it again.',
    DELETED_BY_PEER: 'The peer deleted its side: delete this peering and create it again.',
    INVALID_SPECIFICATION:
      'The peering’s parameters are invalid: delete it and create it with correct values.',
  },
  dragonfly: {
    inactive:
      'Accept the connection in your cloud account (the peering request Dragonfly Cloud made).',
    irrecoverable: 'Delete the connection and create it again.',
  },
};

const NEXT_STEP_BY_STATE: Record<PeeringState, string> = {
  active: '',
  pending: 'Waiting on you or the other side: finish the peering on both ends.',
  provisioning: 'The provider is still setting it up: check again in a few minutes.',
  inactive: 'It exists but carries no traffic: finish or enable the other side.',
  failed: 'It failed: fix the cause named in its state and create it again.',
  disconnected: 'It lost its other side: delete it and create it again.',
  deleting: 'It is being deleted.',
  deleted: 'It was deleted.',
  unknown: 'Its state is unknown: refresh, and check it in the provider’s console.',
};

/** The next step for a raw state, or undefined when it is the target state (traffic can flow). */
export function nextStepFor(cloud: CloudKind, raw: string): string | undefined {
  const info = (LIFECYCLES[cloud] as Record<string, RawStateInfo | undefined>)[raw];
  if (info?.target) return undefined;
  const own = (NEXT_STEP_BY_RAW[cloud] as Record<string, string | undefined> | undefined)?.[raw];
  return own ?? NEXT_STEP_BY_STATE[info?.state ?? 'unknown'];
}
