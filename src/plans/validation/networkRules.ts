/**
 * Rules about the networks themselves, checked before anything changes:
 * overlapping CIDRs (IPv4 and IPv6, every block of both networks), ranges a
 * service reserves, region and zone rules, network types, and an existing
 * peering between the same pair.
 */
import { contains, overlaps, parseCidr, type Cidr } from '../../model/cidr';
import type { CloudKind, Network } from '../../model/types';
import type { PlanContext, ValidationIssue } from '../../model/plan';
import { issue } from './fieldRules';

/** A list of CIDRs as the user gave them: the field they came from, and the network's name. */
export interface CidrSet {
  field: string;
  /** "your VPC", "the Dragonfly network", ... */
  label: string;
  cidrs: readonly string[];
}

function parsed(set: CidrSet): { field: string; text: string; cidr: Cidr }[] {
  const out: { field: string; text: string; cidr: Cidr }[] = [];
  set.cidrs.forEach((text, i) => {
    try {
      out.push({ field: `${set.field}[${i}]`, text, cidr: parseCidr(text) });
    } catch {
      // Malformed blocks are reported by the field rules; nothing to compare here.
    }
  });
  return out;
}

/**
 * Every overlapping pair between two networks, each as one error on the first
 * set's field, naming the second set's field as `related`.
 */
export function overlapIssues(left: CidrSet, right: CidrSet): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const rights = parsed(right);
  for (const l of parsed(left)) {
    for (const r of rights) {
      if (overlaps(l.cidr, r.cidr)) {
        issues.push({
          ...issue(
            l.field,
            l.text,
            `it overlaps ${right.label}'s ${r.cidr.text}; peered networks need address ranges that do not overlap`,
          ),
          related: r.field,
        });
      }
    }
  }
  return issues;
}

/** Blocks inside one network that overlap each other (a typo in a secondary CIDR, usually). */
export function selfOverlapIssues(set: CidrSet): ValidationIssue[] {
  const items = parsed(set);
  const issues: ValidationIssue[] = [];
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      if (overlaps(items[i].cidr, items[j].cidr))
        issues.push(
          issue(
            items[j].field,
            items[j].text,
            `it overlaps ${items[i].cidr.text}, listed before it`,
          ),
        );
    }
  }
  return issues;
}

export interface ReservedRange {
  cidr: string;
  /** Why, e.g. "EMQX Cloud does not support CIDRs in 100.0.0.0/8". */
  rule: string;
}

/**
 * EMQX Cloud: "EMQ X Cloud does not support CIDR of 100.0.0.0/8, 101.0.0.0/8"
 * (https://docs.emqx.com/en/cloud/latest/deployments/vpc_peering.html, Precautions, 2).
 */
export const EMQX_CLOUD_RESERVED: ReservedRange[] = ['100.0.0.0/8', '101.0.0.0/8'].map((cidr) => ({
  cidr,
  rule: `EMQX Cloud does not support CIDRs in ${cidr}; plan the VPC in another range`,
}));

/** Ranges a VNet may not use (Azure virtual network FAQ). */
export const AZURE_RESERVED: ReservedRange[] = [
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['168.63.129.16/32', "Azure's internal DNS and health probe address"],
].map(([cidr, what]) => ({ cidr, rule: `Azure reserves ${cidr} (${what}); a VNet cannot use it` }));

/** Ranges a GCP subnet may not use (VPC subnet ranges). */
export const GCP_RESERVED: ReservedRange[] = [
  ['0.0.0.0/8', 'the "this network" block'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
].map(([cidr, what]) => ({ cidr, rule: `GCP reserves ${cidr} (${what}); a subnet cannot use it` }));

export function reservedIssues(
  set: CidrSet,
  reserved: readonly ReservedRange[],
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const item of parsed(set)) {
    for (const r of reserved) {
      if (overlaps(item.cidr, r.cidr)) issues.push(issue(item.field, item.text, r.rule));
    }
  }
  return issues;
}

/** IPv4 blocks must be private (RFC 1918 or RFC 6598) where the service says so. */
export function privateIssues(set: CidrSet, who: string): ValidationIssue[] {
  const privateBlocks = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];
  return parsed(set)
    .filter((i) => i.cidr.family === 'ipv4' && !privateBlocks.some((p) => contains(p, i.cidr)))
    .map((i) =>
      issue(
        i.field,
        i.text,
        `${who} takes only private IPv4 ranges (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10)`,
      ),
    );
}

export function prefixRangeIssues(
  set: CidrSet,
  min: number,
  max: number,
  who: string,
): ValidationIssue[] {
  return parsed(set)
    .filter((i) => i.cidr.family === 'ipv4' && (i.cidr.prefix < min || i.cidr.prefix > max))
    .map((i) => issue(i.field, i.text, `${who} takes IPv4 blocks from /${min} to /${max}`));
}

/** The CIDRs the user gave, plus every block discovery knows for the same network (secondary, IPv6). */
export function networkCidrs(
  context: PlanContext,
  cloud: CloudKind,
  networkId: string | undefined,
  given: readonly string[] | undefined,
): string[] {
  const out = [...(given ?? [])].map((c) => c.trim()).filter(Boolean);
  const known = networkId ? findNetwork(context, cloud, networkId) : undefined;
  const canonical = new Set(
    out.map((c) => {
      try {
        return parseCidr(c).text;
      } catch {
        return c;
      }
    }),
  );
  for (const c of known?.cidrs ?? []) {
    if (!canonical.has(c)) {
      out.push(c);
      canonical.add(c);
    }
  }
  return out;
}

/** Ids compare equal when one is the other's full path (GCP self links, ARM ids). */
export function sameNetworkId(a: string, b: string): boolean {
  if (a === b) return true;
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x === y || x.endsWith(`/${y}`) || y.endsWith(`/${x}`);
}

export function findNetwork(
  context: PlanContext,
  cloud: CloudKind,
  networkId: string,
): Network | undefined {
  return context.networks?.find(
    (n) =>
      (n.cloud === cloud && sameNetworkId(n.id, networkId)) ||
      (n.aliases ?? []).some((a) => a.cloud === cloud && sameNetworkId(a.networkId, networkId)),
  );
}

const GONE = new Set(['deleted', 'failed']);

/** A live peering between the same two networks, in either direction. */
export function existingPeeringIssue(
  context: PlanContext,
  field: string,
  a: { cloud: CloudKind; id: string },
  b: { cloud: CloudKind; id: string },
): ValidationIssue | undefined {
  const match = (
    ref: { cloud: CloudKind; networkId: string },
    n: { cloud: CloudKind; id: string },
  ) => ref.cloud === n.cloud && sameNetworkId(ref.networkId, n.id);
  const found = context.peerings?.find(
    (p) =>
      !GONE.has(p.state) &&
      ((match(p.local, a) && match(p.peer, b)) || (match(p.local, b) && match(p.peer, a))),
  );
  if (!found) return undefined;
  return issue(
    field,
    b.id,
    `a peering between these networks exists already (${found.id}, ${found.rawState}); use it, or delete it first`,
  );
}

export function compact<T>(items: (T | undefined)[]): T[] {
  return items.filter((i): i is T => i !== undefined);
}
