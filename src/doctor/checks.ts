/**
 * The Doctor's checks: pure functions from what was read (the inventory's peerings and networks,
 * and each side's `NetworkPath`) to findings. No I/O here; `index.ts` does the reads.
 */
import type { Finding, FindingEvidence, FindingFix } from '../model/diagnosis';
import { PROVIDER_DOCS, type ProviderDoc } from '../model/docs';
import { nextStepFor } from '../model/states';
import type { Account, CloudKind, Network, NetworkRef, Peering } from '../model/types';
import type {
  NetworkPath,
  PathFilter,
  PathRoute,
  PathRouteTable,
  PathRule,
} from '../providers/provider';
import {
  EPHEMERAL_PORTS,
  cidrOf,
  contains,
  describeRule,
  evaluate,
  isCidr,
  overlaps,
  type Flow,
} from './rules';

/** One end of the peering as the checks see it. */
export interface SideView {
  side: 'local' | 'peer';
  ref: NetworkRef;
  network?: Network;
  account?: Account;
  /** What was read; undefined when the side could not be read (see the diagnosis' skipped). */
  path?: NetworkPath;
  /** The other end's blocks. */
  otherCidrs: string[];
}

export interface CheckInput {
  peering: Peering;
  /** The other half of a two-sided peering (GCP, Azure) when the inventory lists it. */
  counterpart?: Peering;
  /** True when the other half's network is in the inventory, so a missing half is a finding. */
  counterpartExpected: boolean;
  sides: SideView[];
  /** All peerings the inventory lists, for shadowing CIDRs. */
  peerings: readonly Peering[];
  port?: number;
  protocol: 'tcp' | 'udp';
  /** Which end hosts the service on `port`; both when unknown. */
  serviceSide: 'local' | 'peer' | 'both';
  /** The peer is reached by private DNS names: DNS options matter. */
  privateDns?: boolean;
}

/** A finding without the optional fields a check left undefined (its JSON stays minimal). */
function finding(parts: Finding): Finding {
  const out: Finding = { ...parts };
  if (out.networkKey === undefined) delete out.networkKey;
  if (out.section === undefined) delete out.section;
  if (out.fix === undefined) delete out.fix;
  return out;
}

function peeringEvidence(p: Peering, summary?: string): FindingEvidence {
  return {
    kind: 'peering',
    cloud: p.cloud,
    id: p.id,
    summary: summary ?? `${p.name ?? p.id}: ${p.rawState}`,
  };
}

const DOC_BY_CLOUD: Record<CloudKind, ProviderDoc> = {
  aws: PROVIDER_DOCS.awsPeering,
  gcp: PROVIDER_DOCS.gcpPeeringRoutes,
  azure: PROVIDER_DOCS.azurePeering,
  upcloud: PROVIDER_DOCS.upcloudNetworks,
  aiven: PROVIDER_DOCS.aivenUpcloud,
  dragonfly: PROVIDER_DOCS.dragonfly,
};

function normalizedNetworkId(id: string): string {
  return id
    .replace(/^https:\/\/www\.googleapis\.com\/compute\/v1\//, '')
    .replace(/\/$/, '')
    .toLowerCase();
}

function sameNetworkId(a: string, b: string): boolean {
  return normalizedNetworkId(a) === normalizedNetworkId(b);
}

/** The first pair of overlapping blocks between two lists (parsed once, see rules.ts). */
function firstOverlap(
  left: readonly string[],
  right: readonly string[],
): [string, string] | undefined {
  for (const l of left) for (const r of right) if (overlaps(l, r)) return [l, r];
  return undefined;
}

interface PeerBlock {
  peering: Peering;
  peerId: string;
  text: string;
  family: string;
  start: bigint;
  end: bigint;
}

const overlapIndexes = new WeakMap<readonly Peering[], Map<string, [Peering, string, string][]>>();

/**
 * Other live peerings of the same network whose peer blocks overlap this one's, with the pair of
 * blocks: one sort-and-sweep per network and inventory, so Diagnose All stays near linear.
 */
function overlappingPeerings(
  peerings: readonly Peering[],
  peering: Peering,
): { other: Peering; shadow: [string, string] }[] {
  let index = overlapIndexes.get(peerings);
  if (!index) {
    index = new Map();
    const byNetwork = new Map<string, PeerBlock[]>();
    for (const p of peerings) {
      if (p.state === 'deleted' || p.state === 'deleting') continue;
      const key = `${p.cloud}|${normalizedNetworkId(p.local.networkId)}`;
      const peerId = normalizedNetworkId(p.peer.networkId);
      for (const text of p.peer.cidrs ?? []) {
        const c = cidrOf(text);
        if (!c) continue;
        let list = byNetwork.get(key);
        if (!list) byNetwork.set(key, (list = []));
        list.push({ peering: p, peerId, text, family: c.family, start: c.start, end: c.end });
      }
    }
    for (const blocks of byNetwork.values()) {
      blocks.sort((a, b) =>
        a.family !== b.family
          ? a.family < b.family
            ? -1
            : 1
          : a.start < b.start
            ? -1
            : a.start > b.start
              ? 1
              : 0,
      );
      for (let i = 0; i < blocks.length; i++) {
        const a = blocks[i];
        for (let j = i + 1; j < blocks.length; j++) {
          const b = blocks[j];
          if (b.family !== a.family || b.start > a.end) break;
          if (a.peering.key === b.peering.key || a.peerId === b.peerId) continue;
          for (const [x, y] of [
            [a, b],
            [b, a],
          ]) {
            let list = index.get(x.peering.key);
            if (!list) index.set(x.peering.key, (list = []));
            list.push([y.peering, x.text, y.text]);
          }
        }
      }
    }
    overlapIndexes.set(peerings, index);
  }
  const seen = new Set<string>();
  const out: { other: Peering; shadow: [string, string] }[] = [];
  for (const [other, mine, theirs] of index.get(peering.key) ?? []) {
    if (seen.has(other.key)) continue;
    seen.add(other.key);
    out.push({ other, shadow: [mine, theirs] });
  }
  return out;
}

/** The other half of a GCP or Azure peering in the inventory: same pair, other direction. */
export function counterpartOf(peering: Peering, peerings: readonly Peering[]): Peering | undefined {
  if (peering.cloud !== 'gcp' && peering.cloud !== 'azure') return undefined;
  return peerings.find(
    (p) =>
      p.cloud === peering.cloud &&
      p.key !== peering.key &&
      sameNetworkId(p.local.networkId, peering.peer.networkId) &&
      sameNetworkId(p.peer.networkId, peering.local.networkId),
  );
}

// ---- State of both halves -------------------------------------------------------------------

export function checkState(input: CheckInput): Finding[] {
  const { peering, counterpart } = input;
  const out: Finding[] = [];
  const halves: { p: Peering; side: 'local' | 'peer' }[] = [{ p: peering, side: 'local' }];
  if (counterpart) halves.push({ p: counterpart, side: 'peer' });
  for (const { p, side } of halves) {
    const next = nextStepFor(p.cloud, p.rawState);
    if (next === undefined) continue;
    out.push(
      finding({
        code: 'state.not-active',
        severity: p.state === 'provisioning' ? 'warning' : 'error',
        side,
        title: `${p.name ?? p.id} is ${p.rawState}, not carrying traffic`,
        detail: [next, p.stateMessage].filter(Boolean).join(' '),
        evidence: [peeringEvidence(p)],
        doc: DOC_BY_CLOUD[p.cloud],
      }),
    );
  }
  if (!counterpart && input.counterpartExpected) {
    out.push(
      finding({
        code: 'state.half-missing',
        severity: 'error',
        side: 'peer',
        title: `${input.peering.peer.name ?? input.peering.peer.networkId} has no peering back to this network`,
        detail:
          peering.cloud === 'gcp'
            ? 'GCP peers two networks only when each has a peering to the other; create the other half.'
            : 'Azure connects two virtual networks only when each has a peering to the other; create the other half.',
        evidence: [peeringEvidence(peering)],
        doc: DOC_BY_CLOUD[peering.cloud],
      }),
    );
  }
  return out;
}

// ---- CIDRs: overlap and shadowing -----------------------------------------------------------

export function checkCidrs(input: CheckInput): Finding[] {
  const { peering } = input;
  const own = (side: 'local' | 'peer') => {
    const view = input.sides.find((s) => s.side === side);
    const ref = side === 'local' ? peering.local : peering.peer;
    const cidrs = ref.cidrs?.length ? ref.cidrs : (view?.network?.cidrs ?? []);
    return cidrs.filter(isCidr);
  };
  const local = own('local');
  const peer = own('peer');
  const out: Finding[] = [];
  const overlap = firstOverlap(local, peer);
  if (overlap) {
    out.push(
      finding({
        code: 'cidr.overlap',
        severity: 'error',
        side: 'both',
        title: `${overlap[0]} overlaps the peer's ${overlap[1]}`,
        detail:
          'Peered networks must not overlap: traffic to the overlapping range stays local. Re-address one network.',
        evidence: [peeringEvidence(peering, `local ${local.join(', ')}; peer ${peer.join(', ')}`)],
        doc:
          peering.cloud === 'aws'
            ? PROVIDER_DOCS.awsPeeringUnsupported
            : DOC_BY_CLOUD[peering.cloud],
      }),
    );
  }
  // Another peering of the same network to an overlapping range: the more specific route wins,
  // so part of the traffic may leave through the other peering.
  for (const { other, shadow } of overlappingPeerings(input.peerings, peering)) {
    out.push(
      finding({
        code: 'cidr.shadowed',
        severity: 'warning',
        side: 'local',
        title: `The peer's ${shadow[0]} overlaps ${shadow[1]} of another peering (${other.name ?? other.id})`,
        detail:
          'Two peerings of this network reach overlapping ranges; routes pick the more specific one, so part of the traffic may go to the other network.',
        evidence: [peeringEvidence(peering), peeringEvidence(other)],
        doc:
          peering.cloud === 'aws'
            ? PROVIDER_DOCS.awsPeeringUnsupported
            : DOC_BY_CLOUD[peering.cloud],
      }),
    );
  }
  return out;
}

// ---- Routes (AWS) ---------------------------------------------------------------------------

function routeEvidence(
  cloud: CloudKind,
  table: PathRouteTable,
  servedSubnets: string[],
): FindingEvidence {
  const routes = table.routes
    .map(
      (r) =>
        `${r.destination} → ${r.target || 'local'}${r.state && r.state !== 'active' ? ` (${r.state})` : ''}`,
    )
    .join('; ');
  const serves = servedSubnets.length
    ? ` [serves ${servedSubnets.join(', ')}]`
    : table.main
      ? ' [main]'
      : '';
  return { kind: 'route-table', cloud, id: table.id, summary: `${routes}${serves}` };
}

/** Route tables that serve the network's subnets, each with the subnets it serves. */
export function servingTables(path: NetworkPath): { table: PathRouteTable; subnets: string[] }[] {
  const main = path.routeTables.find((t) => t.main);
  if (path.subnets.length === 0) return main ? [{ table: main, subnets: [] }] : [];
  const served = new Map<string, string[]>();
  for (const subnet of path.subnets) {
    const tableId =
      subnet.routeTableId ??
      path.routeTables.find((t) => t.subnetIds.includes(subnet.id))?.id ??
      main?.id;
    if (!tableId) continue;
    served.set(tableId, [...(served.get(tableId) ?? []), subnet.id]);
  }
  return path.routeTables
    .filter((t) => served.has(t.id))
    .map((table) => ({ table, subnets: served.get(table.id) ?? [] }));
}

function prefixLength(cidr: string): number {
  return Number(cidr.split('/')[1] ?? 0);
}

export function checkAwsRoutes(input: CheckInput, view: SideView): Finding[] {
  const { peering } = input;
  const path = view.path;
  if (!path || !view.account) return [];
  const out: Finding[] = [];
  const pcx = peering.id;
  const region = view.network?.region ?? view.ref.region ?? '';
  const tables = servingTables(path);
  for (const { table, subnets } of tables) {
    let cached: FindingEvidence | undefined;
    // Built only when a finding needs it: Diagnose All walks thousands of clean tables.
    const evidenceOf = () => (cached ??= routeEvidence('aws', table, subnets));
    const serves = subnets.length ? ` (serves ${subnets.join(', ')})` : ' (the main table)';
    for (const cidr of reachableCidrs(view)) {
      const covering = table.routes
        .filter((r) => isCidr(r.destination) && contains(r.destination, cidr))
        .sort((a, b) => prefixLength(b.destination) - prefixLength(a.destination));
      const best = covering[0];
      const fixParams = {
        cloud: 'aws',
        accountId: view.account.id,
        region,
        routeTableId: table.id,
        destinationCidr: cidr,
        peeringId: pcx,
      };
      if (best && best.target === pcx) {
        if (best.state === 'blackhole') {
          out.push(
            finding({
              code: 'route.blackhole',
              severity: 'error',
              side: view.side,
              networkKey: view.network?.key,
              title: `${best.destination} → ${pcx} in ${table.id} is a blackhole`,
              detail:
                'The route points at this peering but AWS marks it blackhole: the peering is not active.',
              evidence: [evidenceOf()],
              doc: PROVIDER_DOCS.awsPeeringRoutes,
            }),
          );
        }
        // More specific routes inside the peer's block that go elsewhere take that part away.
        for (const r of table.routes) {
          if (!isCidr(r.destination) || r.target === pcx || r.destination === cidr) continue;
          if (!contains(cidr, r.destination) || r.destination === best.destination) continue;
          out.push(
            finding({
              code: 'route.shadowed',
              severity: 'warning',
              side: view.side,
              networkKey: view.network?.key,
              title: `${r.destination} → ${r.target} in ${table.id} shadows the peering route to ${cidr}`,
              detail:
                'A more specific route wins (longest prefix match): traffic to that part of the peer network leaves elsewhere.',
              evidence: [evidenceOf()],
              doc: PROVIDER_DOCS.awsRouteTables,
            }),
          );
        }
        continue;
      }
      if (best && best.destination === cidr) {
        const dead = best.state === 'blackhole';
        out.push(
          finding({
            code: dead ? 'route.blackhole' : 'route.wrong-target',
            severity: 'error',
            side: view.side,
            networkKey: view.network?.key,
            title: dead
              ? `${cidr} → ${best.target} in ${table.id} is a blackhole${serves}`
              : `${cidr} goes to ${best.target}, not ${pcx}, in ${table.id}${serves}`,
            detail: dead
              ? 'The route points at a peering that no longer exists; point it at this peering.'
              : 'The route to the peer sends traffic elsewhere; point it at this peering.',
            evidence: [evidenceOf()],
            doc: PROVIDER_DOCS.awsPeeringRoutes,
            fix: {
              kind: 'replace-route',
              side: view.side,
              summary: `Replace ${cidr} → ${best.target} with ${cidr} → ${pcx} in ${table.id}`,
              params: fixParams,
            },
          }),
        );
        continue;
      }
      out.push(
        finding({
          code: 'route.missing',
          severity: 'error',
          side: view.side,
          networkKey: view.network?.key,
          title: `No route to ${cidr} through ${pcx} in ${table.id}${serves}`,
          detail: best
            ? `Traffic to ${cidr} follows ${best.destination} → ${best.target} instead. Add a route to the peer's block through the peering.`
            : `Nothing routes ${cidr}: add a route to the peer's block through the peering.`,
          evidence: [evidenceOf()],
          doc: PROVIDER_DOCS.awsPeeringRoutes,
          fix: {
            kind: 'add-route',
            side: view.side,
            summary: `Add ${cidr} → ${pcx} to ${table.id}`,
            params: fixParams,
          },
        }),
      );
    }
    // Routes through this peering to ranges the peer does not own expect transitive routing.
    for (const r of table.routes) {
      if (r.target !== pcx || !isCidr(r.destination)) continue;
      if (view.otherCidrs.some((c) => isCidr(c) && overlaps(c, r.destination))) continue;
      out.push(
        finding({
          code: 'route.transitive',
          severity: 'warning',
          side: view.side,
          networkKey: view.network?.key,
          title: `${r.destination} → ${pcx} in ${table.id} is outside the peer's blocks`,
          detail:
            'VPC peering does not route transitively: traffic to a third network (VPN, another peering, a gateway) through the peer VPC is dropped.',
          evidence: [evidenceOf()],
          doc: PROVIDER_DOCS.awsPeeringUnsupported,
        }),
      );
    }
  }
  return out;
}

// ---- Filters: security groups, ACLs, firewalls, NSGs --------------------------------------

function filterEvidence(cloud: CloudKind, filter: PathFilter, rules?: PathRule[]): FindingEvidence {
  const kind: FindingEvidence['kind'] = filter.kind === 'firewall' ? 'firewall-rule' : filter.kind;
  const shown = (rules ?? filter.rules).slice(0, 6).map(describeRule).join('; ');
  return {
    kind,
    cloud,
    id: filter.id,
    summary: `${filter.name ?? filter.id}: ${shown || 'no rules'}${(rules ?? filter.rules).length > 6 ? '; …' : ''}`,
  };
}

/**
 * Which role a side's filters are checked for. With the service side unknown (`both`), each side
 * is checked as a server (the port in, its return traffic out); the client-side checks (the port
 * out, the return traffic in) run only when the service side is named, so they are not guesses.
 */
function serverRoles(input: CheckInput, view: SideView): { server: boolean; client: boolean } {
  if (input.serviceSide === 'both') return { server: true, client: false };
  return { server: input.serviceSide === view.side, client: input.serviceSide !== view.side };
}

/** The other side's blocks this side can reach: IPv6 only where this side has IPv6 itself. */
export function reachableCidrs(view: SideView): string[] {
  const own = [...(view.path?.cidrs ?? view.network?.cidrs ?? view.ref.cidrs ?? [])].filter(isCidr);
  const hasV6 = own.some((c) => c.includes(':'));
  const hasV4 = own.length === 0 || own.some((c) => !c.includes(':'));
  return view.otherCidrs.filter((c) => isCidr(c) && (c.includes(':') ? hasV6 : hasV4));
}

export function checkAwsSecurityGroups(input: CheckInput, view: SideView): Finding[] {
  const { port, protocol } = input;
  const path = view.path;
  if (!path || port === undefined || !serverRoles(input, view).server) return [];
  const groups = path.filters.filter((f) => f.kind === 'security-group');
  if (groups.length === 0) return [];
  const out: Finding[] = [];
  for (const cidr of reachableCidrs(view)) {
    const flow: Flow = { direction: 'ingress', protocol, fromPort: port, toPort: port, cidr };
    if (groups.some((g) => evaluate(g, flow).allowed)) continue;
    const target = groups.find((g) => g.isDefault) ?? groups[0];
    out.push(
      finding({
        code: 'rule.port-blocked',
        severity: 'error',
        side: view.side,
        networkKey: view.network?.key,
        title: `No security group allows ${protocol} ${port} from ${cidr}`,
        detail: `None of the ${groups.length} security groups of ${path.networkId} lets the peer in on ${protocol}/${port}. Allow it on the group your instances use (the fix proposes ${target.name ?? target.id}).`,
        evidence: groups.map((g) =>
          filterEvidence(
            'aws',
            g,
            g.rules.filter((r) => r.direction === 'ingress'),
          ),
        ),
        doc: PROVIDER_DOCS.awsPeeringSecurityGroups,
        fix: view.account
          ? {
              kind: 'add-ingress-rule',
              side: view.side,
              summary: `Allow ${protocol} ${port} from ${cidr} in ${target.id} (${target.name ?? ''})`,
              params: {
                cloud: 'aws',
                accountId: view.account.id,
                region: view.network?.region ?? view.ref.region ?? '',
                groupId: target.id,
                port,
                protocol,
                sourceCidr: cidr,
              },
            }
          : undefined,
      }),
    );
  }
  return out;
}

/**
 * The rule number for an allow entry that lets `flow` through `acl`: below the first rule that
 * denies any of it (the deciding rule, the `*` rule 32767 included), so it is evaluated first,
 * and as high as possible, so every rule the owner numbered earlier still comes first. AWS
 * recommends numbering in increments (of 10 or 100) to leave room for later rules, so a free
 * multiple of 100 below the deny is preferred (32700 before the `*` rule), then any free number.
 * Undefined when no number is free below it (a deny at rule 1).
 */
function freeAclRuleNumber(
  acl: PathFilter,
  flow: Flow,
  deciding: PathRule | undefined,
  taken: Set<number>,
): number | undefined {
  const rules = orderedDirection(acl, flow.direction);
  let limit = Math.min(deciding?.priority ?? 32767, 32767);
  for (const r of rules) {
    if (r.action !== 'deny' || (r.priority ?? 0) >= limit) continue;
    if (evaluate({ ...acl, rules: [r] }, flow).rule) limit = r.priority ?? limit;
  }
  const used = new Set([...rules.map((r) => r.priority), ...taken]);
  for (let n = Math.floor((limit - 1) / 100) * 100; n >= 100; n -= 100) if (!used.has(n)) return n;
  for (let n = limit - 1; n >= 1; n--) if (!used.has(n)) return n;
  return undefined;
}

export function checkAwsNetworkAcls(input: CheckInput, view: SideView): Finding[] {
  const { port, protocol } = input;
  const path = view.path;
  if (!path || port === undefined) return [];
  const roles = serverRoles(input, view);
  const out: Finding[] = [];
  for (const acl of path.filters.filter((f) => f.kind === 'network-acl')) {
    // Numbers this diagnosis already proposes, per direction, so two fixes never collide.
    const proposed = { ingress: new Set<number>(), egress: new Set<number>() };
    if (acl.subnetIds && acl.subnetIds.length === 0) continue;
    const subnets = acl.subnetIds?.length ? ` (subnets ${acl.subnetIds.join(', ')})` : '';
    for (const cidr of reachableCidrs(view)) {
      const flows: { flow: Flow; code: string; what: string }[] = [];
      const eph = { fromPort: EPHEMERAL_PORTS[0], toPort: EPHEMERAL_PORTS[1] };
      if (roles.server) {
        flows.push({
          flow: { direction: 'ingress', protocol, fromPort: port, toPort: port, cidr },
          code: 'acl.ingress-blocked',
          what: `inbound ${protocol} ${port} from ${cidr}`,
        });
        flows.push({
          flow: { direction: 'egress', protocol, ...eph, cidr },
          code: 'acl.return-blocked',
          what: `outbound return traffic (${protocol} ${eph.fromPort}-${eph.toPort}) to ${cidr}`,
        });
      }
      if (roles.client) {
        flows.push({
          flow: { direction: 'egress', protocol, fromPort: port, toPort: port, cidr },
          code: 'acl.egress-blocked',
          what: `outbound ${protocol} ${port} to ${cidr}`,
        });
        flows.push({
          flow: { direction: 'ingress', protocol, ...eph, cidr },
          code: 'acl.return-blocked',
          what: `inbound return traffic (${protocol} ${eph.fromPort}-${eph.toPort}) from ${cidr}`,
        });
      }
      for (const { flow, code, what } of flows) {
        const verdict = evaluate(acl, flow);
        if (verdict.allowed) continue;
        const by = verdict.rule ? `rule ${describeRule(verdict.rule)}` : 'no rule (implicit deny)';
        const taken = proposed[flow.direction];
        const ruleNumber = view.account
          ? freeAclRuleNumber(acl, flow, verdict.rule, taken)
          : undefined;
        if (ruleNumber !== undefined) taken.add(ruleNumber);
        const ports =
          flow.fromPort === flow.toPort ? `${flow.fromPort}` : `${flow.fromPort}-${flow.toPort}`;
        const fix: FindingFix | undefined =
          view.account && ruleNumber !== undefined
            ? {
                kind: 'add-acl-entry',
                side: view.side,
                summary: `Add ${flow.direction === 'ingress' ? 'inbound' : 'outbound'} rule ${ruleNumber} to ${acl.id}: allow ${protocol} ${ports} ${flow.direction === 'ingress' ? 'from' : 'to'} ${cidr}`,
                params: {
                  cloud: 'aws',
                  accountId: view.account.id,
                  region: view.network?.region ?? view.ref.region ?? '',
                  networkAclId: acl.id,
                  ruleNumber,
                  direction: flow.direction,
                  protocol,
                  fromPort: flow.fromPort,
                  toPort: flow.toPort,
                  cidr,
                },
              }
            : undefined;
        out.push(
          finding({
            code,
            severity: 'error',
            side: view.side,
            networkKey: view.network?.key,
            title: `Network ACL ${acl.id}${subnets} ${verdict.partly ? 'partly ' : ''}blocks ${what}`,
            detail: `Decided by ${by}. Network ACLs are stateless: both the request and its return traffic on ephemeral ports need an allow rule numbered before any deny.${ruleNumber !== undefined ? ` The fix adds rule ${ruleNumber}: the highest free number (a whole hundred where one is free) below the first rule that denies this traffic, so the rules numbered before it still apply first.` : ''}`,
            evidence: [filterEvidence('aws', acl, orderedDirection(acl, flow.direction))],
            doc: PROVIDER_DOCS.awsNetworkAcls,
            fix,
          }),
        );
      }
    }
  }
  return out;
}

function orderedDirection(filter: PathFilter, direction: 'ingress' | 'egress'): PathRule[] {
  return filter.rules
    .filter((r) => r.direction === direction)
    .sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));
}

/**
 * Whether a diagnosis of this peering needs the VPCs' DNS attributes (AWS DescribeVpcAttribute,
 * two calls per VPC): when the caller says the peer is reached by private hostnames, or when the
 * peering's AllowDnsResolutionFromRemoteVpc is on for either side, since that option works only
 * when "both VPCs [are] enabled for DNS hostnames and DNS resolution" (AWS VPC peering guide).
 * Otherwise DNS does not decide whether traffic flows, and the attributes are not read.
 */
export function dnsMatters(peering: Peering, privateDns?: boolean): boolean {
  if (peering.cloud !== 'aws') return false;
  const o = peering.options ?? {};
  return (
    privateDns === true || o.requesterDnsResolution === true || o.accepterDnsResolution === true
  );
}

const VPC_DNS_ATTRIBUTES = ['enableDnsSupport', 'enableDnsHostnames'] as const;

export function checkAwsDns(input: CheckInput): Finding[] {
  const { peering } = input;
  const options = peering.options ?? {};
  const out: Finding[] = [];
  // The VPC attributes, where they were read (only when DNS matters: see dnsMatters).
  for (const view of input.sides) {
    const settings = view.path?.settings;
    if (!settings || !view.account) continue;
    const off = VPC_DNS_ATTRIBUTES.filter((a) => settings[a] === false);
    if (off.length === 0) continue;
    const vpcId = view.path?.networkId ?? view.ref.networkId;
    const region = view.network?.region ?? view.ref.region ?? '';
    const read = VPC_DNS_ATTRIBUTES.map((a) => `${a}=${String(settings[a])}`).join(', ');
    out.push(
      finding({
        code: 'dns.vpc-attribute-off',
        severity: input.privateDns ? 'error' : 'warning',
        side: view.side,
        networkKey: view.network?.key,
        title: `${view.network?.name ?? vpcId} has ${off.join(' and ')} off`,
        detail:
          (off.includes('enableDnsSupport')
            ? 'Without DNS support the Amazon DNS server does not answer in this VPC, so no name resolves there. '
            : 'Without DNS hostnames instances get no DNS names. ') +
          'A peering resolves the other VPC’s hostnames to private addresses only when both VPCs have DNS hostnames and DNS resolution on (AWS VPC peering guide, Enable DNS resolution). Turn them on with ModifyVpcAttribute.',
        evidence: [
          { kind: 'network', cloud: 'aws', id: vpcId, summary: `DescribeVpcAttribute: ${read}` },
        ],
        doc: PROVIDER_DOCS.awsVpcDnsAttributes,
        fix: {
          kind: 'enable-vpc-dns',
          side: view.side,
          summary: `Turn on ${off.join(' and ')} on ${vpcId}`,
          params: {
            cloud: 'aws',
            accountId: view.account.id,
            region,
            vpcId,
            attributes: off.join(','),
          },
        },
      }),
    );
  }
  const local = peering.role === 'accepter' ? 'accepter' : 'requester';
  for (const who of ['requester', 'accepter'] as const) {
    const value = options[`${who}DnsResolution`];
    if (value !== false) continue;
    const side = who === local ? 'local' : 'peer';
    out.push(
      finding({
        code: 'dns.remote-resolution-off',
        severity: input.privateDns ? 'warning' : 'info',
        side,
        title: `DNS resolution from the remote VPC is off on the ${who} side`,
        detail:
          'Public DNS hostnames of instances on this side resolve to public addresses from the other VPC; turn on AllowDnsResolutionFromRemoteVpc if the peer reaches them by name.',
        evidence: [peeringEvidence(peering, `${who} AllowDnsResolutionFromRemoteVpc=false`)],
        doc: PROVIDER_DOCS.awsPeeringDns,
      }),
    );
  }
  return out;
}

// ---- Azure ----------------------------------------------------------------------------------

function armParts(
  id: string,
): { subscriptionId: string; resourceGroup: string; vnetName: string; name?: string } | undefined {
  const m =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)(?:\/virtualNetworkPeerings\/([^/]+))?/i.exec(
      id,
    );
  return m ? { subscriptionId: m[1], resourceGroup: m[2], vnetName: m[3], name: m[4] } : undefined;
}

function resyncFix(p: Peering, side: 'local' | 'peer'): FindingFix | undefined {
  const parts = armParts(p.id);
  if (!parts?.name) return undefined;
  return {
    kind: 'azure-resync-peering',
    side,
    summary: `Sync peering ${parts.name} of ${parts.vnetName} with its remote address space`,
    params: {
      subscriptionId: parts.subscriptionId,
      resourceGroup: parts.resourceGroup,
      vnetName: parts.vnetName,
      peeringName: parts.name,
    },
  };
}

export function checkAzurePeering(input: CheckInput): Finding[] {
  const { peering, counterpart } = input;
  const out: Finding[] = [];
  const halves: { p: Peering; side: 'local' | 'peer' }[] = [{ p: peering, side: 'local' }];
  if (counterpart) halves.push({ p: counterpart, side: 'peer' });
  for (const { p, side } of halves) {
    const o = p.options ?? {};
    const level = o.peeringSyncLevel;
    if (typeof level === 'string' && level !== 'FullyInSync' && p.rawState === 'Connected') {
      // Seen from this half: "Remote" means this half has to sync; "Local" means the other half does.
      const syncThis = level === 'RemoteNotInSync' || level === 'LocalAndRemoteNotInSync';
      if (syncThis) {
        out.push(
          finding({
            code: 'azure.sync-level',
            severity: 'error',
            side,
            title: `${p.name ?? p.id} is ${level}: the remote address space changed since it synced`,
            detail:
              'Traffic to the added ranges is not routed until the peering is synced (Sync in the portal, syncRemoteAddressSpace in the API).',
            evidence: [peeringEvidence(p, `peeringSyncLevel=${level}`)],
            doc: PROVIDER_DOCS.azureAddressSpace,
            fix: resyncFix(p, side),
          }),
        );
      }
    }
    if (o.allowVirtualNetworkAccess === false) {
      out.push(
        finding({
          code: 'azure.vnet-access-off',
          severity: 'error',
          side,
          title: `${p.name ?? p.id} does not allow virtual network access`,
          detail:
            'With allowVirtualNetworkAccess off, the peered address space is not reachable from this side.',
          evidence: [peeringEvidence(p, 'allowVirtualNetworkAccess=false')],
          doc: PROVIDER_DOCS.azurePeeringSettings,
        }),
      );
    }
  }
  if (counterpart) {
    for (const [a, b, side] of [
      [peering, counterpart, 'local'],
      [counterpart, peering, 'peer'],
    ] as const) {
      if (a.options?.useRemoteGateways === true && b.options?.allowGatewayTransit !== true) {
        out.push(
          finding({
            code: 'azure.gateway-transit',
            severity: 'error',
            side,
            title: `${a.name ?? a.id} uses remote gateways, but ${b.name ?? b.id} does not allow gateway transit`,
            detail:
              'useRemoteGateways needs allowGatewayTransit on the remote peering (and a gateway in the remote network).',
            evidence: [
              peeringEvidence(a, 'useRemoteGateways=true'),
              peeringEvidence(
                b,
                `allowGatewayTransit=${String(b.options?.allowGatewayTransit ?? false)}`,
              ),
            ],
            doc: PROVIDER_DOCS.azurePeeringSettings,
          }),
        );
      }
    }
  }
  return out;
}

/** Where a user-defined route sends traffic instead of the peering, by next hop type. */
const NEXT_HOP_INSTEAD: Record<string, string> = {
  Internet: 'to the Internet',
  VirtualNetworkGateway: "to the virtual network's gateway (VPN or ExpressRoute)",
  VnetLocal: 'inside this virtual network',
};

function udrEvidence(table: PathRouteTable, r: PathRoute): FindingEvidence {
  const hop = r.nextHopIp ? ` ${r.nextHopIp}` : '';
  const serves = table.subnetIds.length ? ` [serves ${table.subnetIds.join(', ')}]` : '';
  return {
    kind: 'route-table',
    cloud: 'azure',
    id: table.id,
    summary: `${r.name ?? '?'}: ${r.destination} → ${r.target}${hop}${serves}`,
  };
}

function inside(ip: string, cidrs: readonly string[]): boolean {
  const host = ip.includes(':') ? `${ip}/128` : `${ip}/32`;
  return cidrs.some((c) => contains(c, host));
}

/**
 * User-defined routes on the side's subnets against the peering's system route. Azure picks the
 * longest prefix, and a user route over a system route of the same prefix
 * (virtual-networks-udr-overview, "How Azure selects a route"), so a route for the peer's block or
 * a part of it decides that traffic; a shorter one (0.0.0.0/0) does not. None drops it; Internet,
 * VirtualNetworkGateway and VnetLocal send it elsewhere; VirtualAppliance in this network forwards
 * it into the peer, which the peer's half accepts only with allowForwardedTraffic for traffic that
 * did not start in this network.
 */
export function checkAzureRoutes(input: CheckInput, view: SideView): Finding[] {
  const path = view.path;
  if (!path) return [];
  const out: Finding[] = [];
  const own = (view.path?.cidrs ?? view.network?.cidrs ?? view.ref.cidrs ?? []).filter(isCidr);
  // The half that receives this side's traffic: the other network's peering back to this one.
  const receiving = view.side === 'local' ? input.counterpart : input.peering;
  for (const table of path.routeTables) {
    for (const cidr of reachableCidrs(view)) {
      for (const r of table.routes) {
        if (!isCidr(r.destination) || !contains(cidr, r.destination)) continue;
        const evidence = [udrEvidence(table, r)];
        const where = `${r.name ?? r.destination} in ${table.name ?? table.id}`;
        const part = r.destination === cidr ? cidr : `${r.destination} (part of ${cidr})`;
        if (r.target === 'None') {
          out.push(
            finding({
              code: 'azure.route-blackhole',
              severity: 'error',
              side: view.side,
              networkKey: view.network?.key,
              title: `${where} drops traffic to ${part}: next hop None`,
              detail:
                'A user-defined route with next hop None drops the traffic, and it wins over the peering’s system route (same or longer prefix). Delete the route or point it at the peer.',
              evidence,
              doc: PROVIDER_DOCS.azureUdr,
            }),
          );
        } else if (NEXT_HOP_INSTEAD[r.target]) {
          out.push(
            finding({
              code: 'azure.route-overrides-peering',
              severity: 'error',
              side: view.side,
              networkKey: view.network?.key,
              title: `${where} sends traffic to ${part} ${NEXT_HOP_INSTEAD[r.target]}, not through the peering`,
              detail: `A user-defined route (next hop ${r.target}) wins over the peering’s system route for the same or a longer prefix. Delete the route so the peering’s route applies.`,
              evidence,
              doc: PROVIDER_DOCS.azureUdr,
            }),
          );
        } else if (r.target === 'VirtualAppliance' && r.nextHopIp) {
          // An appliance in the peer network is reached over the peering itself.
          if (inside(r.nextHopIp, view.otherCidrs)) continue;
          if (!inside(r.nextHopIp, own)) {
            out.push(
              finding({
                code: 'azure.route-overrides-peering',
                severity: 'warning',
                side: view.side,
                networkKey: view.network?.key,
                title: `${where} sends traffic to ${part} through the appliance at ${r.nextHopIp}, outside both networks`,
                detail:
                  'The traffic leaves through another network’s appliance, not through this peering; the peerings on that path must allow forwarded traffic.',
                evidence,
                doc: PROVIDER_DOCS.azureUdr,
              }),
            );
            continue;
          }
          if (!receiving || receiving.options?.allowForwardedTraffic === true) continue;
          out.push(
            finding({
              code: 'azure.forwarded-traffic-off',
              severity: 'warning',
              side: view.side === 'local' ? 'peer' : 'local',
              networkKey: input.sides.find((s) => s.side !== view.side)?.network?.key,
              title: `${receiving.name ?? receiving.id} does not allow forwarded traffic, and ${where} forwards traffic to ${part} through the appliance at ${r.nextHopIp}`,
              detail:
                'Traffic the appliance forwards into the peer that did not start in this network (from on-premises, a VPN or other peered networks) is dropped by the peer’s half unless it allows forwarded traffic; traffic from this network’s own hosts still passes.',
              evidence: [...evidence, peeringEvidence(receiving, 'allowForwardedTraffic=false')],
              doc: PROVIDER_DOCS.azurePeeringSettings,
              fix: forwardedTrafficFix(receiving, view.side === 'local' ? 'peer' : 'local'),
            }),
          );
        }
      }
    }
  }
  return out;
}

function forwardedTrafficFix(p: Peering, side: 'local' | 'peer'): FindingFix | undefined {
  const parts = armParts(p.id);
  if (!parts?.name) return undefined;
  return {
    kind: 'azure-allow-forwarded-traffic',
    side,
    summary: `Allow forwarded traffic on peering ${parts.name} of ${parts.vnetName}`,
    params: {
      subscriptionId: parts.subscriptionId,
      resourceGroup: parts.resourceGroup,
      vnetName: parts.vnetName,
      peeringName: parts.name,
      remoteVnetId: p.peer.networkId,
    },
  };
}

/** The lowest-precedence free priority above `below`'s rules (Azure: 100–4096). */
function freePriority(filter: PathFilter, before: number): number {
  const used = new Set(filter.rules.map((r) => r.priority));
  for (let p = Math.min(before - 1, 4096); p >= 100; p--) if (!used.has(p)) return p;
  return 100;
}

export function checkAzureNsgs(input: CheckInput, view: SideView): Finding[] {
  const { port, protocol } = input;
  const path = view.path;
  if (!path || port === undefined) return [];
  const roles = serverRoles(input, view);
  const out: Finding[] = [];
  for (const nsg of path.filters.filter((f) => f.kind === 'nsg')) {
    for (const cidr of reachableCidrs(view)) {
      const flows: Flow[] = [];
      if (roles.server)
        flows.push({ direction: 'ingress', protocol, fromPort: port, toPort: port, cidr });
      if (roles.client)
        flows.push({ direction: 'egress', protocol, fromPort: port, toPort: port, cidr });
      for (const flow of flows) {
        const verdict = evaluate(nsg, flow);
        if (verdict.allowed) continue;
        const nsgMatch =
          /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/networkSecurityGroups\/([^/]+)/i.exec(
            nsg.id,
          );
        const sub = /^\/subscriptions\/([^/]+)/i.exec(nsg.id)?.[1];
        const priority = freePriority(nsg, verdict.rule?.priority ?? 4097);
        const fix: FindingFix | undefined =
          flow.direction === 'ingress' && nsgMatch && sub
            ? {
                kind: 'add-ingress-rule',
                side: view.side,
                summary: `Allow ${protocol} ${port} from ${cidr} in NSG ${nsgMatch[2]} at priority ${priority}`,
                params: {
                  cloud: 'azure',
                  subscriptionId: sub,
                  resourceGroup: nsgMatch[1],
                  nsgName: nsgMatch[2],
                  port,
                  protocol,
                  sourceCidr: cidr,
                  priority,
                },
              }
            : undefined;
        const by = verdict.rule
          ? `${verdict.rule.name ?? verdict.rule.id} (${describeRule(verdict.rule)}${verdict.rule.platformDefault ? ', a default rule' : ''})`
          : 'no rule';
        out.push(
          finding({
            code: flow.direction === 'ingress' ? 'nsg.port-blocked' : 'nsg.egress-blocked',
            severity: 'error',
            side: view.side,
            networkKey: view.network?.key,
            title: `NSG ${nsg.name ?? nsg.id} ${verdict.partly ? 'partly ' : ''}blocks ${protocol} ${port} ${flow.direction === 'ingress' ? 'from' : 'to'} ${cidr}`,
            detail: `Rules apply in priority order, the default rules last; ${by} decides first.`,
            evidence: [filterEvidence('azure', nsg, orderedDirection(nsg, flow.direction))],
            doc: PROVIDER_DOCS.azureNsg,
            fix,
          }),
        );
      }
    }
  }
  return out;
}

// ---- GCP ------------------------------------------------------------------------------------

function gcpProjectAndNetwork(id: string): { project: string; network: string } | undefined {
  const m = /projects\/([^/]+)\/global\/networks\/([^/]+)/.exec(id);
  return m ? { project: m[1], network: m[2] } : undefined;
}

export function checkGcpFirewall(input: CheckInput, view: SideView): Finding[] {
  const { port, protocol } = input;
  const path = view.path;
  if (!path || port === undefined || !serverRoles(input, view).server) return [];
  const out: Finding[] = [];
  for (const fw of path.filters.filter((f) => f.kind === 'firewall')) {
    for (const cidr of reachableCidrs(view)) {
      const flow: Flow = { direction: 'ingress', protocol, fromPort: port, toPort: port, cidr };
      const verdict = evaluate(fw, flow);
      const evidence = [filterEvidence('gcp', fw, orderedDirection(fw, 'ingress'))];
      if (verdict.allowed) {
        if (verdict.rule?.targetTags?.length) {
          out.push(
            finding({
              code: 'firewall.target-tags',
              severity: 'warning',
              side: view.side,
              networkKey: view.network?.key,
              title: `${verdict.rule.name ?? verdict.rule.id} allows ${protocol} ${port} from ${cidr} only to instances tagged ${verdict.rule.targetTags.join(', ')}`,
              detail:
                'Instances without one of the target tags still get the implied deny; tag them or widen the rule.',
              evidence,
              doc: PROVIDER_DOCS.gcpFirewall,
            }),
          );
        }
        continue;
      }
      const names = gcpProjectAndNetwork(path.networkId);
      const by = verdict.rule
        ? `${verdict.rule.name ?? verdict.rule.id} (${describeRule(verdict.rule)})`
        : 'the implied deny-ingress rule (priority 65535)';
      out.push(
        finding({
          code: 'firewall.port-blocked',
          severity: 'error',
          side: view.side,
          networkKey: view.network?.key,
          title: `Firewall ${verdict.partly ? 'partly ' : ''}blocks ${protocol} ${port} from ${cidr} in ${names?.network ?? path.networkId}`,
          detail: `Rules apply lowest priority number first, deny winning a tie; ${by} decides first.`,
          evidence,
          doc: PROVIDER_DOCS.gcpFirewall,
          fix: names
            ? {
                kind: 'add-ingress-rule',
                side: view.side,
                summary: `Add a firewall rule allowing ${protocol} ${port} from ${cidr} to ${names.network}`,
                params: {
                  cloud: 'gcp',
                  project: names.project,
                  network: names.network,
                  port,
                  protocol,
                  sourceCidr: cidr,
                },
              }
            : undefined,
        }),
      );
    }
  }
  return out;
}

/** Custom routes (static, VPN) of one network reach the other only when exported and imported. */
export function checkGcpCustomRoutes(input: CheckInput): Finding[] {
  const { peering, counterpart } = input;
  const out: Finding[] = [];
  const local = input.sides.find((s) => s.side === 'local');
  const peer = input.sides.find((s) => s.side === 'peer');
  const pairs = [
    { from: peer, exporter: counterpart, importer: peering, importerSide: 'local' as const },
    { from: local, exporter: peering, importer: counterpart, importerSide: 'peer' as const },
  ];
  for (const { from, exporter, importer, importerSide } of pairs) {
    if (!from?.path || !exporter || !importer) continue;
    const custom = from.path.routeTables.flatMap((t) =>
      t.routes.filter((r) => r.origin === 'static'),
    );
    if (custom.length === 0) continue;
    const exported = exporter.options?.exportCustomRoutes === true;
    const imported = importer.options?.importCustomRoutes === true;
    if (exported && imported) continue;
    out.push(
      finding({
        code: 'gcp.custom-routes',
        severity: 'warning',
        side: importerSide,
        title: `${custom.length} custom route(s) of ${from.ref.name ?? from.ref.networkId} do not reach the other network`,
        detail: `Destinations behind a VPN or static route (${custom
          .slice(0, 3)
          .map((r) => `${r.destination} → ${r.target}`)
          .join(
            ', ',
          )}) need exportCustomRoutes on ${exporter.name ?? exporter.id} (${String(exported)}) and importCustomRoutes on ${importer.name ?? importer.id} (${String(imported)}).`,
        evidence: [
          peeringEvidence(exporter, `exportCustomRoutes=${String(exported)}`),
          peeringEvidence(importer, `importCustomRoutes=${String(imported)}`),
        ],
        doc: PROVIDER_DOCS.gcpPeeringRoutes,
      }),
    );
  }
  return out;
}

// ---- UpCloud --------------------------------------------------------------------------------

export function checkUpcloud(input: CheckInput): Finding[] {
  const { peering } = input;
  const out: Finding[] = [];
  for (const view of input.sides) {
    const routerId =
      view.path?.settings?.routerId !== undefined
        ? view.path.settings.routerId
        : view.network?.routerId;
    if (routerId === null) {
      out.push(
        finding({
          code: 'upcloud.no-router',
          severity: 'error',
          side: view.side,
          networkKey: view.network?.key,
          title: `${view.network?.name ?? view.ref.networkId} has no router attached`,
          detail: 'UpCloud peers only networks with a router attached: attach one to this network.',
          evidence: [
            { kind: 'network', cloud: 'upcloud', id: view.ref.networkId, summary: 'router: none' },
          ],
          doc: PROVIDER_DOCS.upcloudNetworks,
        }),
      );
    }
    // Servers take the peered network's route from DHCP, so one that got its lease before the
    // peering became active lacks it until it renews (Aiven's guide, "Renew a DHCP lease").
    // UpCloud exposes no server start or lease time and no peering activation time
    // (upcloud-go-api upcloud/server.go, upcloud/network_peering.go), so the running servers
    // are named, each one a candidate; stopped servers get a fresh lease when they start.
    const running = (view.path?.servers ?? []).filter((s) => s.state === 'started');
    if (running.length > 0) {
      const name = view.network?.name ?? view.ref.networkId;
      const blocks = (view.path?.cidrs ?? view.network?.cidrs ?? []).join(', ');
      out.push(
        finding({
          code: 'upcloud.dhcp-renewal',
          severity: 'info',
          side: view.side,
          networkKey: view.network?.key,
          title: `Renew the DHCP lease on ${running.length === 1 ? 'server' : 'servers'} ${running.map((s) => s.name ?? s.id).join(', ')} if started before the peering`,
          detail: `Servers learn the route to the peered network when their DHCP lease is renewed. UpCloud does not say when a server started or when the peering became active, so check each server started before it: run \`dhclient -r IFACE; dhclient IFACE\` there, IFACE being its interface on ${name}${blocks ? ` (${blocks})` : ''}, or restart the server.`,
          evidence: running.map((s) => ({
            kind: 'server' as const,
            cloud: 'upcloud' as const,
            id: s.id,
            summary: `${s.name ?? s.id}: ${s.state ?? '?'} on ${name}`,
          })),
          doc: PROVIDER_DOCS.aivenUpcloudDhcp,
          section: 'Renew a DHCP lease',
        }),
      );
    }
  }
  if (input.port !== undefined) {
    out.push(
      finding({
        code: 'upcloud.firewall-not-applied',
        severity: 'info',
        side: 'both',
        title: `UpCloud's firewall does not filter ${input.protocol} ${input.port} on private networks`,
        detail:
          'The server firewall applies to public and utility networks only; check the operating system’s own firewall on the servers.',
        evidence: [peeringEvidence(peering)],
        doc: PROVIDER_DOCS.upcloudFirewall,
      }),
    );
  }
  return out;
}
