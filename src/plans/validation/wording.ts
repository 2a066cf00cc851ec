/**
 * Validation in the user's words: every issue names its field by the label
 * the form shows (never the input's internal key), says each problem once,
 * and a CIDR typed for a network that discovery lists must be one of that
 * network's own blocks.
 */
import { contains, parseCidr } from '../../model/cidr';
import type { CloudKind } from '../../model/types';
import type {
  InputKind,
  InputSpec,
  PlanContext,
  PlanInputs,
  ValidationIssue,
} from '../../model/plan';
import { displayValue } from './fieldRules';
import { findNetwork } from './networkRules';

/** `customerCidrs[1]` → `customerCidrs` and 1. */
export function splitField(field: string): { name: string; index?: number } {
  const m = /^(.*)\[(\d+)\]$/.exec(field);
  return m ? { name: m[1], index: Number(m[2]) } : { name: field };
}

/** The sentence for one issue, naming the field by its label. */
export function issueMessage(label: string, value: string, rule: string): string {
  const text = rule.replace(/\.$/, '');
  if (rule === 'it is required') return `${label} is required.`;
  return value ? `${label} "${displayValue(value)}": ${text}.` : `${label}: ${text}.`;
}

/**
 * Rewrites each issue's message with its field's label and drops repeats:
 * the same rule about the same value of the same field is one problem.
 */
export function inWords(issues: ValidationIssue[], specs: readonly InputSpec[]): ValidationIssue[] {
  const seen = new Set<string>();
  const out: ValidationIssue[] = [];
  for (const issue of issues) {
    const spec = specs.find((s) => s.name === splitField(issue.field).name);
    const worded = spec
      ? { ...issue, label: spec.label, message: issueMessage(spec.label, issue.value, issue.rule) }
      : issue;
    const key = `${splitField(issue.field).name}\u0000${issue.value.trim()}\u0000${issue.rule}`;
    if (seen.has(key) || seen.has(worded.message)) continue;
    seen.add(key);
    seen.add(worded.message);
    out.push(worded);
  }
  return out;
}

/** Network id kinds, and the clouds whose networks they name. */
const NETWORK_ID_CLOUDS: Partial<Record<InputKind, CloudKind[]>> = {
  vpcId: ['aws'],
  gcpNetwork: ['gcp'],
  azureVnetName: ['azure'],
  dragonflyNetworkId: ['dragonfly'],
  uuid: ['upcloud', 'aiven'],
};

/**
 * A CIDR typed for a side whose network discovery lists must lie inside one
 * of that network's blocks: anything else contradicts what the provider's API
 * says about the network (a typo, or the wrong network picked).
 */
export function contradictionIssues(
  specs: readonly InputSpec[],
  inputs: PlanInputs,
  context: PlanContext,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const idSpec of specs) {
    const clouds = NETWORK_ID_CLOUDS[idSpec.kind];
    const id = inputs[idSpec.name];
    if (!clouds || typeof id !== 'string' || !id.trim()) continue;
    const network = clouds
      .map((cloud) => findNetwork(context, cloud, id.trim()))
      .find((n) => n !== undefined);
    if (!network?.cidrs?.length) continue;
    for (const cidrSpec of specs) {
      if (cidrSpec.kind !== 'cidr' || cidrSpec.side !== idSpec.side) continue;
      const raw = inputs[cidrSpec.name];
      const typed = (Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [])
        .map((v) => v.trim())
        .filter(Boolean);
      typed.forEach((value, i) => {
        let inside: boolean;
        try {
          const cidr = parseCidr(value);
          inside = network.cidrs!.some((block) => {
            try {
              return contains(block, cidr);
            } catch {
              return false;
            }
          });
        } catch {
          return; // malformed: the field rules report it
        }
        if (inside) return;
        const name = network.name ?? network.id;
        issues.push({
          field: cidrSpec.list ? `${cidrSpec.name}[${i}]` : cidrSpec.name,
          value,
          rule: `${name} has ${network.cidrs!.join(', ')} according to the provider's API, and ${value} is not inside it; correct the CIDR or pick another network`,
          message: '',
          related: idSpec.name,
        });
      });
    }
  }
  return issues;
}
