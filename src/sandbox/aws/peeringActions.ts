import { RETURN_TRUE, type AwsAction, type AwsCall } from './call';
import {
  AwsApiError,
  invalidParameterValue,
  missingParameter,
  notFoundId,
  operationNotPermitted,
  requireWellFormedId,
} from './errors';
import { compileFilters, type FilterSpec } from './filters';
import {
  acceptPeering,
  createPeering,
  deletePeeringAsCaller,
  isVisibleTo,
  peeringStatus,
  rejectPeering,
  sideOf,
  statusMessage,
  sweepGonePeerings,
  visiblePeering,
  type AwsPeeringStatusCode,
} from './lifecycle';
import {
  decodeNextToken,
  encodeNextToken,
  maxResults,
  refuseIdsWithMaxResults,
  type QueryParams,
} from './query';
import type { AwsPeering, AwsPeeringOptions, AwsScope, AwsTags, AwsVpc } from './state';
import { renderPeering, renderPeeringItem, type PeeringView } from './xml';

/** What the peering filters look at: the peering as the caller sees it now. */
interface PeeringRow {
  p: AwsPeering;
  status: AwsPeeringStatusCode;
  tags: AwsTags;
  vpcs: ReadonlyMap<string, AwsVpc>;
}

function cidrsOf(row: PeeringRow, vpcId: string): string[] | undefined {
  return row.vpcs.get(vpcId)?.cidrs.map((c) => c.cidr);
}

/** The filters DescribeVpcPeeringConnections documents, and no others. */
const PEERING_FILTERS: FilterSpec<PeeringRow> = {
  fields: {
    'accepter-vpc-info.cidr-block': (r) =>
      r.p.acceptedAt === undefined ? undefined : cidrsOf(r, r.p.accepter.vpcId),
    'accepter-vpc-info.owner-id': (r) => r.p.accepter.accountId,
    'accepter-vpc-info.vpc-id': (r) => r.p.accepter.vpcId,
    'expiration-time': (r) =>
      r.p.acceptedAt === undefined ? new Date(r.p.expiresAt).toISOString() : undefined,
    'requester-vpc-info.cidr-block': (r) => cidrsOf(r, r.p.requester.vpcId),
    'requester-vpc-info.owner-id': (r) => r.p.requester.accountId,
    'requester-vpc-info.vpc-id': (r) => r.p.requester.vpcId,
    'status-code': (r) => r.status,
    'status-message': (r) => statusMessage(r.p, r.status),
    'vpc-peering-connection-id': (r) => r.p.id,
  },
  tags: (r) => r.tags,
};

function rowFor(call: AwsCall, p: AwsPeering): PeeringRow {
  const side = sideOf(p, call.scope);
  return {
    p,
    status: peeringStatus(p, call.now),
    tags: side === 'accepter' ? p.accepter.tags : p.requester.tags,
    vpcs: call.aws.vpcs,
  };
}

function viewOf(call: AwsCall, row: PeeringRow): PeeringView {
  return {
    callerAccountId: call.scope.accountId,
    tags: row.tags,
    status: row.status,
    vpcs: call.aws.vpcs,
  };
}

/** Index of the first peering in a seq-ordered list with seq > afterSeq. */
function firstAfter(list: AwsPeering[], afterSeq: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].seq <= afterSeq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * DescribeVpcPeeringConnections. With MaxResults the scan starts where the
 * previous page's NextToken points (a binary search on creation order) and
 * stops at the first match past the page, so a page costs what it returns.
 */
const describeVpcPeeringConnections: AwsAction = (call) => {
  const { params, scope, now } = call;
  refuseIdsWithMaxResults(params, 'VpcPeeringConnectionId');
  const max = maxResults(params);
  const matches = compileFilters(params, PEERING_FILTERS);
  const ids = params.strings('VpcPeeringConnectionId');
  const out: string[] = ['<vpcPeeringConnectionSet>'];
  if (ids.length > 0) {
    for (const id of ids) requireWellFormedId('peering', id);
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) continue;
      seen.add(id);
      const p = visiblePeering(call.aws, scope, id, now);
      if (!p) throw notFoundId('peering', id);
      const row = rowFor(call, p);
      if (matches && !matches(row)) continue;
      renderPeering(p, viewOf(call, row), out);
    }
    out.push('</vpcPeeringConnectionSet>');
    return out.join('');
  }

  const afterSeq = decodeNextToken('pcx', params.get('NextToken'));
  // A first page sweeps what nobody can see any more; later pages keep the list their token indexes.
  if (afterSeq === undefined) sweepGonePeerings(call.aws, scope, now);
  const list = scope.peerings;
  let nextToken: string | undefined;
  let count = 0;
  let lastSeq = 0;
  const epoch = call.aws.renderEpoch;
  for (let i = afterSeq === undefined ? 0 : firstAfter(list, afterSeq); i < list.length; i++) {
    const p = list[i];
    const side = sideOf(p, scope);
    if (!side || !isVisibleTo(p, side, now)) continue;
    const row = rowFor(call, p);
    if (matches && !matches(row)) continue;
    if (max !== undefined && count === max) {
      nextToken = encodeNextToken('pcx', lastSeq);
      break;
    }
    renderPeeringItem(
      p,
      viewOf(call, row),
      `${row.status}|${scope.accountId}|${side}|${epoch}`,
      out,
    );
    count++;
    lastSeq = p.seq;
  }
  out.push('</vpcPeeringConnectionSet>');
  if (nextToken) out.push('<nextToken>', nextToken, '</nextToken>');
  return out.join('');
};

/** TagSpecification.N for a resource type; other types are refused as EC2 does. */
export function tagSpecifications(params: QueryParams, resourceType: string): AwsTags {
  const tags: AwsTags = new Map();
  for (const spec of params.structs('TagSpecification')) {
    const type = spec.required('ResourceType');
    if (type !== resourceType) {
      throw invalidParameterValue(
        `'${type}' is not a valid taggable resource type for this operation. Use '${resourceType}'.`,
      );
    }
    for (const [key, value] of readTags(spec)) tags.set(key, value);
  }
  return tags;
}

/** Tag.N.Key / Tag.N.Value with EC2's limits (keys 1-128 characters, no `aws:` prefix). */
export function readTags(params: QueryParams): [string, string][] {
  return params.structs('Tag').map((tag) => {
    const key = tag.required('Key');
    const value = tag.get('Value') ?? '';
    if (key.length > 128) {
      throw invalidParameterValue(`Tag key '${key.slice(0, 20)}…' is longer than 128 characters.`);
    }
    if (key.toLowerCase().startsWith('aws:')) {
      throw invalidParameterValue(
        `Tag keys starting with 'aws:' are reserved for AWS use; '${key}' cannot be set.`,
      );
    }
    if (value.length > 256) {
      throw invalidParameterValue(`The value of tag '${key}' is longer than 256 characters.`);
    }
    return [key, value];
  });
}

function peeringOfCall(call: AwsCall): AwsPeering {
  const id = call.params.required('VpcPeeringConnectionId');
  requireWellFormedId('peering', id);
  const p = visiblePeering(call.aws, call.scope, id, call.now);
  if (!p) throw notFoundId('peering', id);
  return p;
}

function renderOne(call: AwsCall, p: AwsPeering): string {
  const out: string[] = [];
  const row = rowFor(call, p);
  renderPeering(p, viewOf(call, row), out, 'vpcPeeringConnection');
  return out.join('');
}

const createVpcPeeringConnection: AwsAction = (call) => {
  const { params, scope } = call;
  const vpcId = params.required('VpcId');
  const peerVpcId = params.required('PeerVpcId');
  requireWellFormedId('vpc', vpcId);
  requireWellFormedId('vpc', peerVpcId);
  const tags = tagSpecifications(params, 'vpc-peering-connection');
  const p = createPeering(call.aws, call.ctx, {
    requesterAccountId: scope.accountId,
    requesterRegion: scope.region,
    requesterVpcId: vpcId,
    accepterAccountId: params.get('PeerOwnerId') || scope.accountId,
    accepterRegion: params.get('PeerRegion') || scope.region,
    accepterVpcId: peerVpcId,
    tags,
  });
  return renderOne(call, p);
};

const acceptVpcPeeringConnection: AwsAction = (call) => {
  const p = peeringOfCall(call);
  acceptPeering(call.aws, p, call.scope, call.now);
  return renderOne(call, p);
};

const rejectVpcPeeringConnection: AwsAction = (call) => {
  const p = peeringOfCall(call);
  rejectPeering(p, call.scope, call.now);
  return RETURN_TRUE;
};

const deleteVpcPeeringConnection: AwsAction = (call) => {
  const p = peeringOfCall(call);
  deletePeeringAsCaller(p, call.scope, call.now);
  return RETURN_TRUE;
};

const OPTION_NAMES = [
  'AllowDnsResolutionFromRemoteVpc',
  'AllowEgressFromLocalClassicLinkToRemoteVpc',
  'AllowEgressFromLocalVpcToRemoteClassicLink',
] as const;

function optionKey(name: (typeof OPTION_NAMES)[number]): keyof AwsPeeringOptions {
  return (name[0].toLowerCase() + name.slice(1)) as keyof AwsPeeringOptions;
}

/**
 * ModifyVpcPeeringConnectionOptions: only while active, and each side's
 * options only by that side's owner in that side's region. Echoes the options
 * it set, as AWS's sample response does.
 */
const modifyVpcPeeringConnectionOptions: AwsAction = (call) => {
  const { params, scope } = call;
  const p = peeringOfCall(call);
  const requested = {
    requester: params.struct('RequesterPeeringConnectionOptions'),
    accepter: params.struct('AccepterPeeringConnectionOptions'),
  };
  if (!requested.requester && !requested.accepter) {
    throw missingParameter('accepterPeeringConnectionOptions or requesterPeeringConnectionOptions');
  }
  const status = peeringStatus(p, call.now);
  if (status !== 'active') {
    throw operationNotPermitted(
      `Peering ${p.id} is not active. Peering options can be added only to active peerings.`,
    );
  }
  const changes: { side: 'requester' | 'accepter'; values: Partial<AwsPeeringOptions> }[] = [];
  for (const sideName of ['requester', 'accepter'] as const) {
    const options = requested[sideName];
    if (!options) continue;
    checkMayModify(p, scope, sideName);
    const values: Partial<AwsPeeringOptions> = {};
    for (const name of OPTION_NAMES) {
      const value = options.bool(name);
      if (value !== undefined) values[optionKey(name)] = value;
    }
    changes.push({ side: sideName, values });
  }
  const out: string[] = [];
  for (const { side, values } of changes) {
    Object.assign(p[side].options, values);
    call.aws.renderEpoch++;
    const tag = `${side}PeeringConnectionOptions`;
    out.push('<', tag, '>');
    for (const [key, value] of Object.entries(values))
      out.push(`<${key}>${String(value)}</${key}>`);
    out.push('</', tag, '>');
  }
  return out.join('');
};

function checkMayModify(p: AwsPeering, scope: AwsScope, side: 'requester' | 'accepter'): void {
  const owner = p[side];
  if (owner.accountId !== scope.accountId) {
    throw operationNotPermitted(
      `User ${scope.accountId} cannot modify the ${side} options of ${p.id}: only the ${side} VPC's owner (${owner.accountId}) can.`,
    );
  }
  if (owner.region !== scope.region) {
    throw new AwsApiError(
      'OperationNotPermitted',
      `Incorrect region (${scope.region}) specified for this request. The ${side} options of VPC peering connection ${p.id} must be modified in region ${owner.region}.`,
    );
  }
}

export const PEERING_ACTIONS: Record<string, AwsAction> = {
  DescribeVpcPeeringConnections: describeVpcPeeringConnections,
  CreateVpcPeeringConnection: createVpcPeeringConnection,
  AcceptVpcPeeringConnection: acceptVpcPeeringConnection,
  RejectVpcPeeringConnection: rejectVpcPeeringConnection,
  DeleteVpcPeeringConnection: deleteVpcPeeringConnection,
  ModifyVpcPeeringConnectionOptions: modifyVpcPeeringConnectionOptions,
};
