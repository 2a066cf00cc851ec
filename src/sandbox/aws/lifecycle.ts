import { overlaps, parseCidr } from '../../model/cidr';
import type { SandboxClock } from '../clock';
import type { SeededRandom } from '../random';
import { AwsApiError, invalidParameterValue, invalidStateTransition, notFoundId } from './errors';
import {
  AWS_KNOWN_REGIONS,
  awsScope,
  type AwsPeering,
  type AwsPeeringOptions,
  type AwsScope,
  type AwsState,
  type AwsTags,
} from './state';

/**
 * The VPC peering connection lifecycle, from AWS's "VPC peering connection
 * lifecycle" (vpc-peering-basics): initiating-request → pending-acceptance →
 * provisioning → active, with failed, rejected, expired, deleting and deleted
 * as the ends. Everything time-based is computed from the sandbox clock when
 * read, so advancing the clock takes effect at once.
 */

export type AwsPeeringStatusCode =
  | 'initiating-request'
  | 'pending-acceptance'
  | 'provisioning'
  | 'active'
  | 'deleting'
  | 'deleted'
  | 'rejected'
  | 'failed'
  | 'expired';

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;
/** "If no action is taken on the request, it expires after 7 days." */
export const PENDING_EXPIRY_MS = 7 * DAY_MS;

/** AWS's message for a request that failed: wrong VPC, wrong account or overlapping CIDRs. */
export const FAILED_MESSAGE =
  'Failed due to incorrect VPC-ID, Account ID, or overlapping CIDR range';

export function peeringStatus(p: AwsPeering, now: number): AwsPeeringStatusCode {
  if (p.deletedAt !== undefined) {
    // Only an inter-Region peering passes through `deleting`.
    const crossRegion = p.requester.region !== p.accepter.region;
    return crossRegion && now < p.deletedAt + p.delayMs ? 'deleting' : 'deleted';
  }
  if (p.rejectedAt !== undefined) return 'rejected';
  if (now < p.createdAt + p.delayMs) return 'initiating-request';
  if (p.failed) return 'failed';
  if (p.acceptedAt !== undefined) {
    return now < p.acceptedAt + p.delayMs ? 'provisioning' : 'active';
  }
  return now >= p.expiresAt ? 'expired' : 'pending-acceptance';
}

export function statusMessage(p: AwsPeering, status: AwsPeeringStatusCode): string {
  switch (status) {
    case 'initiating-request':
      return `Initiating Request to ${p.accepter.accountId}`;
    case 'pending-acceptance':
      return `Pending Acceptance by ${p.accepter.accountId}`;
    case 'provisioning':
      return 'Provisioning';
    case 'active':
      return 'Active';
    case 'deleting':
      return 'Deleting';
    case 'deleted':
      return `Deleted by ${p.deletedBy ?? p.requester.accountId}`;
    case 'rejected':
      return `Rejected by ${p.accepter.accountId}`;
    case 'failed':
      return FAILED_MESSAGE;
    case 'expired':
      return 'Expired';
  }
}

export type PeeringSideName = 'requester' | 'accepter';

function sameScope(p: AwsPeering): boolean {
  return p.requester.accountId === p.accepter.accountId && p.requester.region === p.accepter.region;
}

/** Which side of the peering a scope is, or undefined when it takes no part. */
export function sideOf(p: AwsPeering, scope: AwsScope): PeeringSideName | undefined {
  if (p.requester.accountId === scope.accountId && p.requester.region === scope.region)
    return 'requester';
  if (p.accepter.accountId === scope.accountId && p.accepter.region === scope.region)
    return 'accepter';
  return undefined;
}

/**
 * Whether one side still sees the peering. From AWS's lifecycle page: failed
 * stays visible to the requester for 2 hours; expired to both for 2 days;
 * rejected to the requester for 2 days and the accepter for 2 hours; deleted
 * to the deleting party for 2 hours and the other for 2 days; within one
 * account, rejected and deleted last 2 hours. The accepter first sees a
 * request once it is pending-acceptance, and never sees a failed one.
 */
export function isVisibleTo(p: AwsPeering, side: PeeringSideName, now: number): boolean {
  if (side === 'accepter' && !sameScope(p)) {
    if (p.failed || now < p.createdAt + p.delayMs) return false;
  }
  const sameAccount = p.requester.accountId === p.accepter.accountId;
  if (p.deletedAt !== undefined) {
    const sideAccount = side === 'requester' ? p.requester.accountId : p.accepter.accountId;
    const keep = sameAccount || sideAccount === p.deletedBy ? 2 * HOUR_MS : 2 * DAY_MS;
    return now < p.deletedAt + keep;
  }
  if (p.rejectedAt !== undefined) {
    const keep = sameAccount || side === 'accepter' ? 2 * HOUR_MS : 2 * DAY_MS;
    return now < p.rejectedAt + keep;
  }
  if (p.failed) return now < p.createdAt + p.delayMs + 2 * HOUR_MS;
  if (p.acceptedAt === undefined && now >= p.expiresAt) return now < p.expiresAt + 2 * DAY_MS;
  return true;
}

/** True once neither side can see the peering any more. */
export function isGone(p: AwsPeering, now: number): boolean {
  return !isVisibleTo(p, 'requester', now) && !isVisibleTo(p, 'accepter', now);
}

/**
 * Drops the scope's peerings that neither side can see any more (the visibility times above, from
 * AWS's lifecycle page) from the scope's list, the id map and the per-VPC index, so listings stop
 * walking the whole history. Their other scope's list drops them on its own next sweep.
 */
export function sweepGonePeerings(aws: AwsState, scope: AwsScope, now: number): void {
  const gone = scope.peerings.filter((p) => isGone(p, now));
  if (gone.length === 0) return;
  for (const p of gone) {
    aws.peerings.delete(p.id);
    for (const vpcId of [p.requester.vpcId, p.accepter.vpcId]) {
      const list = aws.peeringsByVpc.get(vpcId);
      if (!list) continue;
      const rest = list.filter((other) => other !== p);
      if (rest.length) aws.peeringsByVpc.set(vpcId, rest);
      else aws.peeringsByVpc.delete(vpcId);
    }
  }
  const goneSet = new Set(gone);
  const kept = scope.peerings.filter((p) => !goneSet.has(p));
  scope.peerings.splice(0, scope.peerings.length, ...kept);
}

/** The peering as a scope sees it, or undefined when it does not (any more). */
export function visiblePeering(
  aws: AwsState,
  scope: AwsScope,
  id: string,
  now: number,
): AwsPeering | undefined {
  const p = aws.peerings.get(id);
  if (!p) return undefined;
  const side = sideOf(p, scope);
  if (!side || !isVisibleTo(p, side, now)) return undefined;
  return p;
}

/** A pending or active peering blocks a second one between the same VPCs. */
const BLOCKING: ReadonlySet<AwsPeeringStatusCode> = new Set([
  'initiating-request',
  'pending-acceptance',
  'provisioning',
  'active',
]);

function defaultOptions(): AwsPeeringOptions {
  return {
    allowDnsResolutionFromRemoteVpc: false,
    allowEgressFromLocalClassicLinkToRemoteVpc: false,
    allowEgressFromLocalVpcToRemoteClassicLink: false,
  };
}

export interface CreatePeeringInput {
  requesterAccountId: string;
  requesterRegion: string;
  requesterVpcId: string;
  accepterAccountId: string;
  accepterRegion: string;
  accepterVpcId: string;
  tags: AwsTags;
  /** Fixed id (demo world); otherwise a random pcx- id. */
  id?: string;
  /** Backdated creation time (demo world); otherwise now. */
  createdAt?: number;
}

/**
 * The pending or active peering that joins the same two VPCs (same accounts and regions), if any.
 * `sameDirection` says whether it was requested from `requesterVpcId` to `accepterVpcId` too.
 */
export function findPeeringBetween(
  aws: AwsState,
  pair: Pick<
    CreatePeeringInput,
    | 'requesterAccountId'
    | 'requesterRegion'
    | 'requesterVpcId'
    | 'accepterAccountId'
    | 'accepterRegion'
    | 'accepterVpcId'
  >,
  now: number,
  except?: AwsPeering,
): { peering: AwsPeering; sameDirection: boolean } | undefined {
  for (const other of aws.peeringsByVpc.get(pair.requesterVpcId) ?? []) {
    if (other === except || !BLOCKING.has(peeringStatus(other, now))) continue;
    const sameDirection = other.requester.vpcId === pair.requesterVpcId;
    const otherSide = sameDirection ? other.accepter : other.requester;
    const ownSide = sameDirection ? other.requester : other.accepter;
    if (
      otherSide.vpcId === pair.accepterVpcId &&
      otherSide.accountId === pair.accepterAccountId &&
      otherSide.region === pair.accepterRegion &&
      ownSide.accountId === pair.requesterAccountId &&
      ownSide.region === pair.requesterRegion
    ) {
      return { peering: other, sameDirection };
    }
  }
  return undefined;
}

/**
 * CreateVpcPeeringConnection's rules: the requester VPC must exist in the
 * caller's account and region (InvalidVpcID.NotFound); an accepter VPC that
 * does not exist where the request says, or any overlapping IPv4/IPv6 block,
 * makes the request `failed` rather than an error, as in AWS.
 *
 * A second request between the same two VPCs is not an error in EC2:
 * - in the same direction, while the first is pending or active, EC2 returns
 *   the existing peering (its id and state) and creates nothing
 *   (hashicorp/terraform-provider-aws#27750 and the note PR #27751 added to the
 *   aws_vpc_peering_connection docs);
 * - in the reverse direction EC2 creates a second request, and accepting it
 *   fails with `VpcPeeringConnectionAlreadyExists` naming the new id
 *   (hashicorp/terraform-provider-aws#44315); see {@link acceptPeering}.
 */
export function createPeering(
  aws: AwsState,
  ctx: { clock: SandboxClock; random: SeededRandom; operationDelayMs: number },
  input: CreatePeeringInput,
): AwsPeering {
  const now = input.createdAt ?? ctx.clock.now();
  const requesterVpc = aws.vpcs.get(input.requesterVpcId);
  if (
    !requesterVpc ||
    requesterVpc.accountId !== input.requesterAccountId ||
    requesterVpc.region !== input.requesterRegion
  ) {
    throw notFoundId('vpc', input.requesterVpcId);
  }
  if (!AWS_KNOWN_REGIONS.includes(input.accepterRegion)) {
    throw invalidParameterValue(
      `Value (${input.accepterRegion}) for parameter peerRegion is invalid. Unknown region.`,
    );
  }
  if (!/^\d{12}$/.test(input.accepterAccountId)) {
    throw invalidParameterValue(
      `Value (${input.accepterAccountId}) for parameter peerOwnerId is invalid. An AWS account ID is 12 digits.`,
    );
  }
  if (input.accepterVpcId === input.requesterVpcId) {
    throw invalidParameterValue(
      `The requester VPC and the accepter VPC are both ${input.requesterVpcId}; a VPC cannot peer with itself.`,
    );
  }
  const existing = findPeeringBetween(aws, input, now);
  if (existing?.sameDirection) return existing.peering;
  const accepterVpc = aws.vpcs.get(input.accepterVpcId);
  const accepterExists =
    accepterVpc !== undefined &&
    accepterVpc.accountId === input.accepterAccountId &&
    accepterVpc.region === input.accepterRegion;
  const overlap =
    accepterExists &&
    (blocksOverlap(
      requesterVpc.cidrs.map((c) => c.cidr),
      accepterVpc.cidrs.map((c) => c.cidr),
    ) ||
      blocksOverlap(
        requesterVpc.ipv6Cidrs.map((c) => c.cidr),
        accepterVpc.ipv6Cidrs.map((c) => c.cidr),
      ));

  let id = input.id;
  while (!id || aws.peerings.has(id)) id = `pcx-${ctx.random.hex(17)}`;
  const peering: AwsPeering = {
    id,
    seq: aws.nextSeq++,
    requester: {
      accountId: input.requesterAccountId,
      region: input.requesterRegion,
      vpcId: input.requesterVpcId,
      options: defaultOptions(),
      tags: input.tags,
    },
    accepter: {
      accountId: input.accepterAccountId,
      region: input.accepterRegion,
      vpcId: input.accepterVpcId,
      options: defaultOptions(),
      tags: new Map(),
    },
    createdAt: now,
    expiresAt: now + PENDING_EXPIRY_MS,
    delayMs: ctx.operationDelayMs,
    failed: !accepterExists || overlap,
  };
  registerPeering(aws, peering);
  return peering;
}

function blocksOverlap(left: string[], right: string[]): boolean {
  if (left.length === 0 || right.length === 0) return false;
  const parsedRight = right.map((r) => parseCidr(r));
  return left.some((l) => {
    const pl = parseCidr(l);
    return parsedRight.some((r) => overlaps(pl, r));
  });
}

/** Lists a new peering in its scopes and indexes; seq must be the highest so far. */
export function registerPeering(aws: AwsState, p: AwsPeering): void {
  aws.peerings.set(p.id, p);
  const requesterScope = awsScope(aws, p.requester.accountId, p.requester.region);
  requesterScope.peerings.push(p);
  if (!sameScope(p) && !p.failed) {
    awsScope(aws, p.accepter.accountId, p.accepter.region).peerings.push(p);
  }
  for (const vpcId of [p.requester.vpcId, p.accepter.vpcId]) {
    const list = aws.peeringsByVpc.get(vpcId);
    if (list) list.push(p);
    else aws.peeringsByVpc.set(vpcId, [p]);
  }
}

/** The caller's side for an action only one side may take. */
function callerIsAccepter(p: AwsPeering, scope: AwsScope): boolean {
  return p.accepter.accountId === scope.accountId && p.accepter.region === scope.region;
}

function wrongRegion(p: AwsPeering, scope: AwsScope, verb: string): AwsApiError {
  return new AwsApiError(
    'OperationNotPermitted',
    `Incorrect region (${scope.region}) specified for this request. VPC peering connection ${p.id} must be ${verb} in region ${p.accepter.region}.`,
  );
}

/**
 * AcceptVpcPeeringConnection: only the accepter account, only in the accepter
 * VPC's region, only while pending-acceptance, and not while another pending or
 * active peering joins the same two VPCs.
 */
export function acceptPeering(aws: AwsState, p: AwsPeering, scope: AwsScope, now: number): void {
  if (!callerIsAccepter(p, scope)) {
    if (p.accepter.accountId === scope.accountId) throw wrongRegion(p, scope, 'accepted');
    throw new AwsApiError(
      'OperationNotPermitted',
      `User ${scope.accountId} cannot accept peering ${p.id}: only the owner of the accepter VPC (${p.accepter.accountId}) can accept it.`,
    );
  }
  const status = peeringStatus(p, now);
  if (status !== 'pending-acceptance') throw invalidStateTransition(p.id, status, 'accepted');
  // A pending or active peering already joins the two VPCs (requested the other way round, see
  // createPeering): EC2 refuses the accept, and its message names this request's id, not the
  // existing one (hashicorp/terraform-provider-aws#44315).
  const pair = {
    requesterAccountId: p.requester.accountId,
    requesterRegion: p.requester.region,
    requesterVpcId: p.requester.vpcId,
    accepterAccountId: p.accepter.accountId,
    accepterRegion: p.accepter.region,
    accepterVpcId: p.accepter.vpcId,
  };
  if (findPeeringBetween(aws, pair, now, p)) {
    throw new AwsApiError(
      'VpcPeeringConnectionAlreadyExists',
      `The vpc peering connection identified by ${p.id} already exists.`,
    );
  }
  p.acceptedAt = now;
}

/** RejectVpcPeeringConnection: the accepter, in its region, while pending-acceptance. */
export function rejectPeering(p: AwsPeering, scope: AwsScope, now: number): void {
  if (!callerIsAccepter(p, scope)) {
    if (p.accepter.accountId === scope.accountId) throw wrongRegion(p, scope, 'rejected');
    throw new AwsApiError(
      'OperationNotPermitted',
      `User ${scope.accountId} cannot reject peering ${p.id}: only the owner of the accepter VPC (${p.accepter.accountId}) can reject it. Use DeleteVpcPeeringConnection to withdraw a request.`,
    );
  }
  const status = peeringStatus(p, now);
  if (status !== 'pending-acceptance') throw invalidStateTransition(p.id, status, 'rejected');
  p.rejectedAt = now;
}

/**
 * DeleteVpcPeeringConnection as the API checks it: either owner may delete an
 * active peering; only the requester a pending-acceptance one; failed,
 * rejected, expired and deleted ones cannot be deleted.
 */
export function deletePeeringAsCaller(p: AwsPeering, scope: AwsScope, now: number): void {
  const status = peeringStatus(p, now);
  if (status === 'pending-acceptance') {
    const isRequester = sideOf(p, scope) === 'requester';
    if (!isRequester) {
      throw new AwsApiError(
        'OperationNotPermitted',
        `User ${scope.accountId} cannot delete peering ${p.id} while it is pending-acceptance: only the requester can withdraw a request; the accepter rejects it.`,
      );
    }
  } else if (status !== 'active') {
    throw invalidStateTransition(p.id, status, 'deleted');
  }
  deletePeering(p, scope.accountId, now);
}

export function deletePeering(p: AwsPeering, byAccountId: string, now: number): void {
  p.deletedAt = now;
  p.deletedBy = byAccountId;
}

/** Tags as the scope sees them: each side keeps its own. */
export function tagsSeenBy(p: AwsPeering, scope: AwsScope): AwsTags {
  return sideOf(p, scope) === 'accepter' ? p.accepter.tags : p.requester.tags;
}
