/**
 * The reads behind each step's idempotency check: does the peering, route or
 * rule this step would create exist already? For a wait, has the awaited
 * state been reached? `failed` means the read found something that no amount
 * of waiting or retrying fixes (a rejected peering, a route to the same CIDR
 * through something else), and the step stops with that message.
 */
import { parseCidr } from '../model/cidr';
import {
  isFailed,
  isGone,
  isLive,
  hasState,
  rawStates,
  statesIn,
  stopsWait,
  type RawState,
} from '../model/states';
import type { Peering } from '../model/types';
import type { StepCheck } from '../model/plan';
import { UserFacingError } from '../model/errors';
import type { CallOptions, CloudProvider, Place } from '../providers/provider';
import { providerFor } from '../providers/loader';
import type { Outputs } from './actions';

export interface CheckResult {
  present: boolean;
  outputs?: Outputs;
  /** A state that will not change by itself: stop and say why. */
  failed?: string;
  /** What was seen, for progress messages ("pending-acceptance"). */
  detail?: string;
}

const LIVE_AWS = statesIn('aws', 'live');

/** Where a check's `{$ref}` values have been resolved already. */
type ResolvedCheck = StepCheck;

function sameCidr(a: string, b: string): boolean {
  try {
    return parseCidr(a).text === parseCidr(b).text;
  } catch {
    return a === b;
  }
}

function requesterAndAccepter(p: Peering) {
  return p.role === 'accepter'
    ? { requester: p.peer, accepter: p.local }
    : { requester: p.local, accepter: p.peer };
}

/** Which of several live AWS peerings between the same VPCs a check reports first. */
const STATE_RANK: Partial<Record<string, number>> & Partial<Record<RawState<'aws'>, number>> = {
  active: 4,
  provisioning: 3,
  'pending-acceptance': 2,
  'initiating-request': 1,
};

function endsWithName(id: string, name: string): boolean {
  return id === name || id.endsWith(`/${name}`);
}

/**
 * A live peering requested the other way round (accepter VPC → requester VPC). EC2 would create
 * our request anyway and then refuse to accept it with VpcPeeringConnectionAlreadyExists
 * (hashicorp/terraform-provider-aws#44315), so the step stops before creating a duplicate. It does
 * not adopt the reverse peering: its accepter is the other account and region than the plan's
 * accept step, and its requester/accepter options are swapped.
 */
function reversePeering(
  peerings: Peering[],
  requesterVpcId: string,
  accepterVpcId: string,
): CheckResult | undefined {
  const reverse = peerings
    .filter((p) => {
      const { requester, accepter } = requesterAndAccepter(p);
      return (
        requester.networkId === accepterVpcId &&
        accepter.networkId === requesterVpcId &&
        isLive('aws', p.rawState)
      );
    })
    .sort((a, b) => (STATE_RANK[b.rawState] ?? 0) - (STATE_RANK[a.rawState] ?? 0))[0];
  if (!reverse) return undefined;
  const waiting = hasState(
    rawStates('aws', 'pending-acceptance', 'initiating-request'),
    reverse.rawState,
  );
  return {
    present: false,
    detail: reverse.rawState,
    failed:
      `Peering ${reverse.id} (${reverse.rawState}) already joins ${accepterVpcId} to ${requesterVpcId}, requested the other way round. ` +
      `A new request from ${requesterVpcId} could not be accepted (EC2 refuses it with VpcPeeringConnectionAlreadyExists). ` +
      (waiting
        ? `Accept ${reverse.id} as the owner of ${requesterVpcId}, or delete it, then run the plan again.`
        : `Use ${reverse.id} (add the routes and rules for it), or delete it, then run the plan again.`),
  };
}

type CheckOf<K extends ResolvedCheck['kind']> = Extract<ResolvedCheck, { kind: K }>;

/**
 * Runs the read behind one step's check. This only dispatches: each kind has its own function
 * below, so what a check reads and when it stops can be read one kind at a time.
 */
export async function runCheck(
  check: ResolvedCheck,
  provider: CloudProvider,
  place: Place,
  options: CallOptions,
): Promise<CheckResult> {
  switch (check.kind) {
    case 'awsPeeringBetween':
      return awsPeeringBetweenVpcs(check, provider, place, options);
    case 'awsPeeringState':
      return awsPeeringReachedState(check, provider, place, options);
    case 'awsPeeringOptions':
      return awsPeeringOptionOn(check, provider, place, options);
    case 'awsRoute':
      return awsRouteThroughPeering(check, provider, place, options);
    case 'awsVpcAttribute':
      return awsVpcDnsAttributeOn(check, provider, place, options);
    case 'awsNetworkAclEntry':
      return awsNetworkAclEntryAllows(check, provider, place, options);
    case 'awsIngress':
      return awsSecurityGroupAllows(check, provider, place, options);
    case 'gcpPeering':
      return gcpPeeringOnNetwork(check, provider, place, options);
    case 'gcpFirewall':
      return gcpFirewallNamed(check, provider, place, options);
    case 'upcloudPeering':
      return upcloudPeeringBetweenNetworks(check, provider, place, options);
    case 'upcloudNetwork':
      return upcloudNetworkPeerable(check, provider, place, options);
    case 'aivenConnection':
      return aivenConnectionToPeer(check, provider, place, options);
    case 'dragonflyConnection':
      return dragonflyConnectionToPeer(check, provider, place, options);
    case 'azurePeering':
    case 'azureSecurityRule':
    case 'azurePeeringSynced':
    case 'azurePeeringForwarding':
      return runAzureCheck(check, provider, place, options);
  }
}

/**
 * The live (or `states`) AWS peering into the accepter VPC from the requester VPC or CIDR; a create
 * step adopts it instead of requesting a duplicate, and one requested the other way round stops the
 * step.
 */
async function awsPeeringBetweenVpcs(
  check: CheckOf<'awsPeeringBetween'>,
  provider: CloudProvider,
  place: Place,
  options: CallOptions,
): Promise<CheckResult> {
  const states = check.states ?? LIVE_AWS;
  const peerings = await provider.listPeerings(place, options);
  const matches = peerings.filter((p) => {
    const { requester, accepter } = requesterAndAccepter(p);
    if (accepter.networkId !== check.accepterVpcId) return false;
    if (check.requesterVpcId && requester.networkId !== check.requesterVpcId) return false;
    if (
      check.requesterCidr &&
      !(requester.cidrs ?? []).some((c) => sameCidr(c, check.requesterCidr as string))
    )
      return false;
    return hasState(states, p.rawState);
  });
  matches.sort((a, b) => (STATE_RANK[b.rawState] ?? 0) - (STATE_RANK[a.rawState] ?? 0));
  const found = matches[0];
  if (!found && check.requesterVpcId) {
    const reverse = reversePeering(peerings, check.requesterVpcId, check.accepterVpcId);
    if (reverse) return reverse;
  }
  if (!found) return { present: false };
  const outputs: Outputs = { peeringId: found.id };
  const owner = requesterAndAccepter(found).requester.accountId;
  if (owner) outputs.requesterAccountId = owner;
  return { present: true, outputs, detail: found.rawState };
}

/**
 * A wait on one AWS peering by id: a state EC2 never leaves by itself (failed, rejected, expired,
 * deleted) stops the wait with its status message.
 */
async function awsPeeringReachedState(
  check: CheckOf<'awsPeeringState'>,
  provider: CloudProvider,
  place: Place,
  options: CallOptions,
): Promise<CheckResult> {
  const id = String(check.peeringId);
  const peering = await provider.getPeering(place, id, options);
  if (!peering) return { present: false, detail: 'not visible yet' };
  if (hasState(check.states, peering.rawState)) return { present: true, detail: peering.rawState };
  if (stopsWait('aws', peering.rawState))
    return {
      present: false,
      detail: peering.rawState,
      failed: `Peering ${id} is ${peering.rawState}${peering.stateMessage ? `: ${peering.stateMessage}` : ''}. Create a new request once the cause is fixed.`,
    };
  return { present: false, detail: peering.rawState };
}

/**
 * Whether a peering option (requester or accepter DNS resolution) is on already, so setting it
 * again is skipped.
 */
async function awsPeeringOptionOn(
  check: CheckOf<'awsPeeringOptions'>,
  provider: CloudProvider,
  place: Place,
  options: CallOptions,
): Promise<CheckResult> {
  const peering = await provider.getPeering(place, String(check.peeringId), options);
  return { present: peering?.options?.[check.option] === true };
}

/**
 * Whether the route table sends the destination through this peering; a route through something
 * else is not overwritten, since it may carry other traffic.
 */
async function awsRouteThroughPeering(
  check: CheckOf<'awsRoute'>,
  provider: CloudProvider,
  place: Place,
  options: CallOptions,
): Promise<CheckResult> {
  const tables = await provider.listRouteTables(place, undefined, options);
  const table = tables.find((t) => t.id === check.routeTableId);
  if (!table)
    return {
      present: false,
      failed: `Route table ${check.routeTableId} does not exist in ${place.region ?? 'this region'} for this account.`,
    };
  const route = table.routes.find((r) => sameCidr(r.destination, check.destination));
  if (!route) return { present: false };
  if (route.target === String(check.peeringId)) return { present: true };
  // Through a peering that is gone: the step's createRoute replaces it (ReplaceRoute).
  if (route.state === 'blackhole') return { present: false, detail: 'blackhole' };
  return {
    present: false,
    failed: `Route table ${check.routeTableId} already sends ${check.destination} to ${route.target || 'another target'}${route.state ? ` (${route.state})` : ''}. Remove that route or pick another route table.`,
  };
}

/**
 * Whether the VPC DNS attribute (enableDnsSupport / enableDnsHostnames) is on already; the detail
 * shows what was read.
 */
async function awsVpcDnsAttributeOn(
  check: CheckOf<'awsVpcAttribute'>,
  provider: CloudProvider,
  place: Place,
  options: CallOptions,
): Promise<CheckResult> {
  const on = await providerFor('aws', provider).vpcDnsAttribute(
    place,
    check.vpcId,
    check.attribute,
    options,
  );
  return { present: on === true, detail: `${check.attribute}=${String(on)}` };
}

/**
 * Whether the network ACL already has this allow entry at this rule number; the number taken by
 * another entry stops the step, as EC2 would refuse the create (NetworkAclEntryAlreadyExists).
 */
async function awsNetworkAclEntryAllows(
  check: CheckOf<'awsNetworkAclEntry'>,
  provider: CloudProvider,
  place: Place,
  options: CallOptions,
): Promise<CheckResult> {
  const entries = await providerFor('aws', provider).networkAclEntries(
    place,
    check.networkAclId,
    options,
  );
  if (!entries)
    return {
      present: false,
      failed: `Network ACL ${check.networkAclId} does not exist in ${place.region ?? 'this region'} for this account.`,
    };
  const at = entries.find((e) => e.ruleNumber === check.ruleNumber && e.egress === check.egress);
  if (!at) return { present: false };
  const same =
    at.ruleAction === 'allow' &&
    at.protocol === check.protocol &&
    at.fromPort === check.fromPort &&
    at.toPort === check.toPort &&
    sameCidr(at.cidr, check.cidr);
  if (same) return { present: true };
  return {
    present: false,
    failed: `Rule ${check.ruleNumber} (${check.egress ? 'outbound' : 'inbound'}) of ${check.networkAclId} is taken by another entry. Re-check the peering: the Doctor picks a free number.`,
  };
}

/**
 * Whether the security group already allows the CIDR on this protocol and ports (all ports for
 * protocol -1), so the authorize is skipped.
 */
async function awsSecurityGroupAllows(
  check: CheckOf<'awsIngress'>,
  provider: CloudProvider,
  place: Place,
  options: CallOptions,
): Promise<CheckResult> {
  const groups = await provider.listFirewalls(place, undefined, options);
  const group = groups.find((g) => g.id === check.groupId);
  if (!group)
    return {
      present: false,
      failed: `Security group ${check.groupId} does not exist in ${place.region ?? 'this region'} for this account.`,
    };
  const found = group.ingress.some(
    (rule) =>
      rule.protocol === check.protocol &&
      (check.protocol === '-1' ||
        (rule.fromPort === check.fromPort && rule.toPort === check.toPort)) &&
      rule.sources.some((s) => sameCidr(s, check.cidr)),
  );
  return { present: found };
}

/**
 * The GCP peering on the network, by name or by peer network; the detail shows its state for a
 * wait.
 */
async function gcpPeeringOnNetwork(
  check: CheckOf<'gcpPeering'>,
  provider: CloudProvider,
  place: Place,
  options: CallOptions,
): Promise<CheckResult> {
  const peerings = await provider.listPeerings(place, options);
  const onNetwork = peerings.filter((p) => endsWithName(p.local.networkId, check.network));
  // GCE allows one peering per pair of networks, whatever its name.
  const found =
    onNetwork.find((p) => p.name === check.name) ??
    onNetwork.find((p) => endsWithName(p.peer.networkId, check.peerNetworkPath));
  if (!found) return { present: false };
  if (check.states && !hasState(check.states, found.rawState))
    return { present: false, detail: found.rawState };
  return { present: true, detail: found.rawState };
}

/** Whether a GCP firewall rule with this name exists already (names are unique per project). */
async function gcpFirewallNamed(
  check: CheckOf<'gcpFirewall'>,
  provider: CloudProvider,
  place: Place,
  options: CallOptions,
): Promise<CheckResult> {
  const groups = await provider.listFirewalls(place, undefined, options);
  return { present: groups.some((g) => g.name === check.name) };
}

/**
 * The UpCloud peering between the two networks; a wait stops on a state UpCloud does not leave by
 * itself (a conflicting subnet, a missing router).
 */
async function upcloudPeeringBetweenNetworks(
  check: CheckOf<'upcloudPeering'>,
  provider: CloudProvider,
  place: Place,
  options: CallOptions,
): Promise<CheckResult> {
  const peerings = await provider.listPeerings(place, options);
  const found = peerings.find(
    (p) =>
      p.local.networkId === check.networkUuid && p.peer.networkId === String(check.peerNetworkUuid),
  );
  if (!found) return { present: false };
  if (isFailed('upcloud', found.rawState) && check.states)
    return {
      present: false,
      detail: found.rawState,
      failed:
        `UpCloud peering ${found.id} is ${found.rawState}: ${found.stateMessage ?? ''}`.trim(),
    };
  if (check.states && !hasState(check.states, found.rawState))
    return { present: false, detail: found.rawState };
  return { present: true, detail: found.rawState };
}

/**
 * Whether the UpCloud network can be peered (its type and router), read before the plan changes
 * anything.
 */
async function upcloudNetworkPeerable(
  check: CheckOf<'upcloudNetwork'>,
  provider: CloudProvider,
  place: Place,
  options: CallOptions,
): Promise<CheckResult> {
  // Read only: the plan runs this before its first change, so a refusal leaves nothing half made.
  try {
    const network = await providerFor('upcloud', provider).checkPeerableNetwork(
      place,
      check.networkUuid,
      { ...options, role: check.role },
    );
    return { present: true, detail: `type ${network.networkType}, router ${network.routerId}` };
  } catch (error) {
    // Refusals about the network itself; anything else (credentials, outages) goes to the retry policy.
    if (error instanceof UserFacingError && error.options.field)
      return { present: false, failed: error.message };
    throw error;
  }
}

/**
 * The Aiven peering connection from the project VPC to the peer VPC, with its ids as outputs for
 * the steps after it.
 */
async function aivenConnectionToPeer(
  check: CheckOf<'aivenConnection'>,
  provider: CloudProvider,
  place: Place,
  options: CallOptions,
): Promise<CheckResult> {
  const peerings = await provider.listPeerings(place, options);
  const toPeer = peerings.filter(
    (p) => p.local.networkId === check.vpcId && p.peer.networkId === String(check.peerVpc),
  );
  const found = toPeer.find((p) => !isGone('aiven', p.rawState));
  // A wait (it has states) whose connection is deleted or being deleted stops, as the script's
  // wait_for_state does: nothing will make a deleted connection reach PENDING_PEER or ACTIVE.
  // A create step's check (no states) treats it as absent and makes a new one.
  const gone = toPeer.find((p) => isGone('aiven', p.rawState));
  if (!found && gone && check.states)
    return {
      present: false,
      detail: gone.rawState,
      failed: `Aiven peering connection to ${String(check.peerVpc)} is ${gone.rawState}. Create the connection again (run the plan again).`,
    };
  if (!found) return { present: false };
  const outputs: Outputs = { aivenPeeringId: found.id };
  const toNetwork = found.options?.toNetworkId;
  if (typeof toNetwork === 'string' && toNetwork) outputs.aivenNetworkId = toNetwork;
  // DELETED_BY_PEER included: the peer network is gone, so the connection never becomes ACTIVE.
  if (isFailed('aiven', found.rawState) && check.states)
    return {
      present: false,
      detail: found.rawState,
      failed: `Aiven peering connection is ${found.rawState}${found.stateMessage ? `: ${found.stateMessage}` : ''}.`,
    };
  if (check.states && !hasState(check.states, found.rawState))
    return { present: false, outputs, detail: found.rawState };
  return { present: true, outputs, detail: found.rawState };
}

/**
 * The Dragonfly connection from its network to the peer VPC, with its ids as outputs for the steps
 * after it.
 */
async function dragonflyConnectionToPeer(
  check: CheckOf<'dragonflyConnection'>,
  provider: CloudProvider,
  place: Place,
  options: CallOptions,
): Promise<CheckResult> {
  // A wait reads the connection the plan made, by id, the way the script does: once it is
  // deleted (or being deleted) nothing will make it active, so the wait stops.
  const byId =
    check.connectionId !== undefined
      ? await provider.getPeering(place, String(check.connectionId), options)
      : undefined;
  if (byId && isGone('dragonfly', byId.rawState))
    return {
      present: false,
      detail: byId.rawState,
      failed: `Dragonfly connection ${byId.id} is ${byId.rawState}. Create the connection again (run the plan again).`,
    };
  const peerings = byId ? [byId] : await provider.listPeerings(place, options);
  const found = peerings.find(
    (p) =>
      p.local.networkId === check.networkId &&
      endsWithName(p.peer.networkId, check.peerVpcId) &&
      !isGone('dragonfly', p.rawState),
  );
  if (!found) return { present: false };
  const outputs: Outputs = { connectionId: found.id };
  const pcx = found.options?.peerConnectionId;
  if (typeof pcx === 'string' && pcx) outputs.peerConnectionId = pcx;
  if (isFailed('dragonfly', found.rawState) && check.states)
    return {
      present: false,
      detail: found.rawState,
      failed: `Dragonfly connection ${found.id} is ${found.rawState}${found.stateMessage ? `: ${found.stateMessage}` : ''}.`,
    };
  if (check.states && !hasState(check.states, found.rawState))
    return { present: false, outputs, detail: found.rawState };
  return { present: true, outputs, detail: found.rawState };
}

/**
 * The listed Azure peering `name` on VNet `vnetName` of `resourceGroup` (ids compare
 * case-insensitively).
 */
async function findAzurePeering(
  check: { resourceGroup: string; vnetName: string; name: string },
  provider: CloudProvider,
  place: Place,
  options: CallOptions,
): Promise<Peering | undefined> {
  const vnetPath =
    `/resourceGroups/${check.resourceGroup}/providers/Microsoft.Network/virtualNetworks/${check.vnetName}`.toLowerCase();
  return (await provider.listPeerings(place, options)).find(
    (p) => p.local.networkId.toLowerCase().endsWith(vnetPath) && p.name === check.name,
  );
}

/** Azure reads go through the adapter's listings: peerings by VNet and name, NSG rules by name. */
async function runAzureCheck(
  check: Extract<
    StepCheck,
    { kind: 'azurePeering' | 'azureSecurityRule' | 'azurePeeringSynced' | 'azurePeeringForwarding' }
  >,
  provider: CloudProvider,
  place: Place,
  options: CallOptions,
): Promise<CheckResult> {
  if (check.kind === 'azurePeeringForwarding' || check.kind === 'azurePeeringSynced') {
    const found = await findAzurePeering(check, provider, place, options);
    if (!found)
      return {
        present: false,
        failed: `Azure peering ${check.name} on ${check.vnetName} does not exist in resource group ${check.resourceGroup}.`,
      };
    if (check.kind === 'azurePeeringForwarding')
      return {
        present: found.options?.allowForwardedTraffic === true,
        detail: `allowForwardedTraffic=${String(found.options?.allowForwardedTraffic ?? false)}`,
      };
    const level = found.options?.peeringSyncLevel;
    return {
      present: level === 'FullyInSync',
      detail: typeof level === 'string' ? level : undefined,
    };
  }
  if (check.kind === 'azurePeering') {
    const found = await findAzurePeering(check, provider, place, options);
    if (!found) return { present: false };
    // Disconnected: the remote half was deleted; Azure's peering does not reconnect by itself.
    if (check.states && isFailed('azure', found.rawState))
      return {
        present: false,
        detail: found.rawState,
        failed: `Azure peering ${found.name} on ${check.vnetName} is ${found.rawState}: the peering on the other virtual network was deleted. Delete this peering and run the plan again.`,
      };
    if (check.states && !hasState(check.states, found.rawState))
      return { present: false, detail: found.rawState };
    return { present: true, detail: found.rawState };
  }
  const groups = await provider.listFirewalls(place, undefined, options);
  const group = groups.find(
    (g) =>
      g.name === check.nsgName || g.id.toLowerCase().endsWith(`/${check.nsgName.toLowerCase()}`),
  );
  if (!group)
    return { present: false, failed: `Network security group ${check.nsgName} was not found.` };
  return {
    present: group.ingress.some((r) => (r.description ?? '').startsWith(`${check.name} (`)),
  };
}
