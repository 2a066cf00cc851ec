import type { CloudKind, PeeringState } from './types';

/**
 * The one table per provider from raw peering states to normalized ones.
 * Providers call `normalizeState`; nothing else interprets raw strings, so a
 * new raw state is a one-line change here.
 */
export const STATE_TABLES: Record<CloudKind, Record<string, PeeringState>> = {
  // AWS VpcPeeringConnectionStateReasonCode
  aws: {
    'initiating-request': 'provisioning',
    'pending-acceptance': 'pending',
    provisioning: 'provisioning',
    active: 'active',
    deleting: 'deleting',
    deleted: 'deleted',
    rejected: 'failed',
    failed: 'failed',
    expired: 'disconnected',
  },
  // GCP NetworkPeering.state
  gcp: {
    ACTIVE: 'active',
    INACTIVE: 'inactive',
  },
  // Azure VirtualNetworkPeeringPropertiesFormat.peeringState
  azure: {
    Initiated: 'pending',
    Connected: 'active',
    Disconnected: 'disconnected',
  },
  // UpCloud network-peering state (https://aiven.io/docs/platform/howto/vpc-peering-upcloud and the 1.3 API)
  upcloud: {
    active: 'active',
    'pending-peer': 'pending',
    provisioning: 'provisioning',
    'conflict-subnet': 'failed',
    'missing-local-router': 'failed',
    'missing-peer-router': 'failed',
    'deleted-peer-network': 'disconnected',
    disabled: 'inactive',
    'peer-disabled': 'inactive',
    error: 'failed',
  },
  // Aiven VPC peering connection state
  aiven: {
    ACTIVE: 'active',
    APPROVED: 'provisioning',
    APPROVED_PEER_REQUESTED: 'pending',
    PENDING_PEER: 'pending',
    DELETING: 'deleting',
    DELETED: 'deleted',
    DELETED_BY_PEER: 'disconnected',
    ERROR: 'failed',
    INVALID_SPECIFICATION: 'failed',
    REJECTED_BY_PEER: 'failed',
  },
  // Dragonfly Cloud connection status
  dragonfly: {
    active: 'active',
    inactive: 'pending',
    pending: 'provisioning',
    irrecoverable: 'disconnected',
    deleting: 'deleting',
    deleted: 'deleted',
    failed: 'failed',
  },
};

export function normalizeState(cloud: CloudKind, raw: string): PeeringState {
  return STATE_TABLES[cloud][raw] ?? 'unknown';
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
