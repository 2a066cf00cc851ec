/**
 * Rule evaluation for the Doctor: does a filter (AWS security group or network ACL, GCP firewall,
 * Azure NSG) let a flow through? Ordered filters decide by their first matching rule, lowest
 * priority number first (AWS NACL rule numbers, GCP and Azure priorities); allow-only sets (AWS
 * security groups) allow a flow when any rule does. Pure functions over `PathFilter`.
 */
import { contains, isCidr, overlaps } from '../model/cidr';
import type { PathFilter, PathRule } from '../providers/provider';

/** One direction of traffic through a filter, as seen from the network that owns it. */
export interface Flow {
  direction: 'ingress' | 'egress';
  protocol: string;
  fromPort: number;
  toPort: number;
  /** The peer's block: the source of ingress, the destination of egress. */
  cidr: string;
}

export interface Verdict {
  allowed: boolean;
  /** The rule that decided; undefined when nothing matched (the filter's implicit deny). */
  rule?: PathRule;
  /** A deny rule catches only part of the block or port range. */
  partly?: boolean;
}

/** Ephemeral ports a client's return traffic uses (the AWS NACL guide's range for any client). */
export const EPHEMERAL_PORTS: readonly [number, number] = [1024, 65535];

/**
 * Azure service tags that stand for address space. `VirtualNetwork` includes peered networks'
 * address space (Azure docs, Network security groups → Service tags); `*` and `Any` match all.
 */
const PEERED_SPACE_TAGS = new Set(['virtualnetwork']);
const ANY_ADDRESS = new Set(['*', 'any']);

function addressMatch(address: string, cidr: string, allowWhole: boolean): 'all' | 'part' | 'none' {
  const key = address.toLowerCase();
  if (ANY_ADDRESS.has(key) || PEERED_SPACE_TAGS.has(key)) return 'all';
  if (!isCidr(address) || !isCidr(cidr)) return 'none';
  if (contains(address, cidr)) return 'all';
  if (!allowWhole && overlaps(address, cidr)) return 'part';
  return 'none';
}

function protocolMatch(rule: PathRule, protocol: string): boolean {
  return rule.protocol === 'all' || rule.protocol === protocol.toLowerCase();
}

function portMatch(rule: PathRule, from: number, to: number): 'all' | 'part' | 'none' {
  if (rule.protocol === 'all' || rule.fromPort === undefined) return 'all';
  const lo = rule.fromPort;
  const hi = rule.toPort ?? rule.fromPort;
  if (lo <= from && to <= hi) return 'all';
  if (lo <= to && from <= hi) return 'part';
  return 'none';
}

function ruleMatch(rule: PathRule, flow: Flow): 'all' | 'part' | 'none' {
  if (rule.direction !== flow.direction || !protocolMatch(rule, flow.protocol)) return 'none';
  const ports = portMatch(rule, flow.fromPort, flow.toPort);
  if (ports === 'none') return 'none';
  let best: 'all' | 'part' | 'none' = 'none';
  for (const address of rule.addresses) {
    const m = addressMatch(address, flow.cidr, false);
    if (m === 'all') {
      best = 'all';
      break;
    }
    if (m === 'part') best = 'part';
  }
  if (best === 'none') return 'none';
  return best === 'all' && ports === 'all' ? 'all' : 'part';
}

/** Rules in the order the filter applies them: priority ascending, unnumbered last. */
export function orderedRules(filter: PathFilter): PathRule[] {
  return [...filter.rules].sort(
    (a, b) => (a.priority ?? Number.MAX_SAFE_INTEGER) - (b.priority ?? Number.MAX_SAFE_INTEGER),
  );
}

/**
 * Whether `flow` passes `filter`. An ordered filter stops at the first rule that matches the whole
 * flow; a deny that matches part of it first is reported as `partly`. An allow-only set allows when
 * one rule covers the whole flow.
 */
export function evaluate(filter: PathFilter, flow: Flow): Verdict {
  const ordered = filter.rules.some((r) => r.priority !== undefined);
  if (!ordered) {
    const rule = filter.rules.find((r) => r.action === 'allow' && ruleMatch(r, flow) === 'all');
    return rule ? { allowed: true, rule } : { allowed: false };
  }
  let partialDeny: PathRule | undefined;
  for (const rule of orderedRules(filter)) {
    const m = ruleMatch(rule, flow);
    if (m === 'none') continue;
    if (rule.action === 'deny') {
      if (m === 'all') return { allowed: false, rule };
      partialDeny ??= rule;
      continue;
    }
    if (m === 'all') {
      return partialDeny
        ? { allowed: false, rule: partialDeny, partly: true }
        : { allowed: true, rule };
    }
  }
  return partialDeny ? { allowed: false, rule: partialDeny, partly: true } : { allowed: false };
}

/** One line naming a rule, for evidence. */
export function describeRule(rule: PathRule): string {
  const ports =
    rule.protocol === 'all' || rule.fromPort === undefined
      ? ''
      : rule.fromPort === (rule.toPort ?? rule.fromPort)
        ? ` ${rule.fromPort}`
        : ` ${rule.fromPort}-${rule.toPort}`;
  const where = rule.direction === 'ingress' ? 'from' : 'to';
  const order = rule.priority !== undefined ? `#${rule.priority} ` : '';
  const tags = rule.targetTags?.length ? ` (targets ${rule.targetTags.join(', ')})` : '';
  return `${order}${rule.action} ${rule.protocol}${ports} ${where} ${rule.addresses.join(', ') || 'nothing'}${tags}`;
}
