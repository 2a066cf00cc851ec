/**
 * The Peering Doctor's report (issue 13): why an active peering carries no traffic. The engine in
 * `src/doctor/` reads both sides through the providers (read-only calls) and returns a `Diagnosis`;
 * the Doctor report webview, the Networks tree, the status bar and the Peering Map all read this
 * shape and nothing else, so it stays plain data (no functions, no class instances).
 */
import type { ProviderDoc } from './docs';
import type { CloudKind } from './types';

/** `error`: traffic cannot flow; `warning`: it may not (or only partly); `info`: worth knowing. */
export type FindingSeverity = 'error' | 'warning' | 'info';

/** Which end of the peering a finding is about, as the peering was listed (`Peering.local` / `.peer`). */
export type FindingSide = 'local' | 'peer' | 'both';

/** What was read to reach a finding, named by its provider id so the user can find it in the console. */
export interface FindingEvidence {
  kind:
    | 'peering'
    | 'network'
    | 'subnet'
    | 'route-table'
    | 'security-group'
    | 'network-acl'
    | 'firewall-rule'
    | 'nsg'
    | 'router'
    | 'server'
    | 'option';
  cloud: CloudKind;
  /** The provider's id: rtb-…, sg-…, acl-…, a firewall rule's name, an NSG rule's ARM id, a UUID. */
  id: string;
  /** What was read, in one line ("0.0.0.0/0 → igw-1; 10.8.0.0/16 → blackhole pcx-old"). */
  summary: string;
}

/** A change the product can make to repair a finding: the Fix builds plan steps from it. */
export interface FindingFix {
  kind:
    | 'add-route'
    | 'replace-route'
    | 'add-ingress-rule'
    | 'azure-resync-peering'
    | 'enable-vpc-dns'
    | 'add-acl-entry'
    | 'azure-allow-forwarded-traffic';
  /** Which end the change is made on. */
  side: Exclude<FindingSide, 'both'>;
  /** What changes, naming the resource, for the confirmation ("Add 10.8.0.0/16 → pcx-1 to rtb-2"). */
  summary: string;
  /** What the plan needs: a route table id and destination, a group id, port and source, an ARM id. */
  params: Readonly<Record<string, string | number>>;
}

export interface Finding {
  /** Stable dotted id of the check that found it ("route.missing", "rule.port-blocked", …). */
  code: string;
  severity: FindingSeverity;
  side: FindingSide;
  /** The network the finding concerns, by `Network.key` where the inventory knows it. */
  networkKey?: string;
  /** One line in the user's words ("No route to 10.8.0.0/16 in rtb-2 (serves subnet-a, subnet-b)"). */
  title: string;
  /** Why it matters and what to do, in a sentence or two. */
  detail: string;
  evidence: FindingEvidence[];
  /** The public documentation the check follows (`PROVIDER_DOCS` or a provider's own page). */
  doc: ProviderDoc;
  section?: string;
  fix?: FindingFix;
}

/** A check that could not run, and why (no account for the other side, a console-only service). */
export interface SkippedCheck {
  check: string;
  side: FindingSide;
  reason: string;
}

export interface Diagnosis {
  /** `Peering.key` of the peering diagnosed. */
  peeringKey: string;
  /** Epoch ms when the reads finished. */
  checkedAt: number;
  /** The service port checked through rules and ACLs, when known or asked. */
  port?: number;
  findings: Finding[];
  skipped: SkippedCheck[];
  /** Read calls made for this diagnosis (the inventory's own listings excluded): a benchmark row. */
  calls: number;
}

const SEVERITY_ORDER: Record<FindingSeverity, number> = { error: 0, warning: 1, info: 2 };

/** The most severe finding's severity, or undefined for a clean report. */
export function worstSeverity(diagnosis: Diagnosis): FindingSeverity | undefined {
  let worst: FindingSeverity | undefined;
  for (const finding of diagnosis.findings) {
    if (!worst || SEVERITY_ORDER[finding.severity] < SEVERITY_ORDER[worst])
      worst = finding.severity;
  }
  return worst;
}

/**
 * Read access to the latest diagnosis per peering. The Doctor's store (`src/ui/doctor/`) implements
 * it; the Networks tree, the status bar and the Peering Map read findings through it, so none of them
 * depends on how or when a diagnosis ran.
 */
export interface DiagnosisLookup {
  /** The latest diagnosis of `Peering.key`, if one ran in this window. */
  get(peeringKey: string): Diagnosis | undefined;
  /** Called after any diagnosis is stored or cleared; returns a function that unsubscribes. */
  onDidChange(listener: () => void): () => void;
}
