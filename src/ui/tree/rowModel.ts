/**
 * What each Networks-tree row shows, computed from the model: labels,
 * descriptions, icons, context values, Markdown tooltips, and which peerings a
 * network shows on a page. Pure (no `vscode` import): the tree nodes wrap the
 * results into TreeItems, and the benchmark and unit tests run it in plain
 * Node. User-facing text goes through the `Translate` function the caller
 * passes (`vscode.l10n.t` in the extension).
 */
import { worstSeverity, type Diagnosis, type FindingSeverity } from '../../model/diagnosis';
import { NEEDS_ACTION_STATES, rawState } from '../../model/states';
import type { Network, NetworkRef, Peering, PeeringState } from '../../model/types';
import { CLOUD_LABELS } from '../../providers/registry';

/** Rows per page under a region or a network before "Load more". */
export const PAGE_SIZE = 200;

export type Translate = (message: string, ...args: (string | number | boolean)[]) => string;

/** `{0}` placeholders filled in order, as vscode.l10n.t does without a bundle. */
export const untranslated: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (match, index: string) =>
    Number(index) < args.length ? String(args[Number(index)]) : match,
  );

export interface IconSpec {
  /** Codicon id, e.g. `pass-filled` or `sync~spin`. */
  id: string;
  /** Theme color id. */
  color?: string;
}

export interface RowText {
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  icon: IconSpec;
  contextValue: string;
}

export const STATE_ICONS: Record<PeeringState, IconSpec> = {
  active: { id: 'pass-filled', color: 'testing.iconPassed' },
  pending: { id: 'clock', color: 'list.warningForeground' },
  provisioning: { id: 'sync~spin', color: 'charts.blue' },
  inactive: { id: 'circle-slash', color: 'list.warningForeground' },
  failed: { id: 'error', color: 'list.errorForeground' },
  disconnected: { id: 'debug-disconnect', color: 'list.errorForeground' },
  deleting: { id: 'loading~spin', color: 'disabledForeground' },
  deleted: { id: 'trash', color: 'disabledForeground' },
  unknown: { id: 'question' },
};

export type NetworkLookup = (ref: NetworkRef) => Network | undefined;

/** This network's side of a peering and the far one. */
export function sidesOf(network: Network, peering: Peering): { near: NetworkRef; far: NetworkRef } {
  const nearIsLocal = sameNetwork(peering.local, network);
  return nearIsLocal
    ? { near: peering.local, far: peering.peer }
    : { near: peering.peer, far: peering.local };
}

function sameNetwork(ref: NetworkRef, network: Network): boolean {
  return ref.networkId.toLowerCase() === network.id.toLowerCase();
}

/**
 * The far side's name: the configured network it resolves to (any account,
 * any cloud), else the name the provider gives it, else its id. The
 * peering's own name describes the peering, not the peer, so it is not used.
 */
export function farLabel(far: NetworkRef, lookup: NetworkLookup): string {
  return lookup(far)?.name ?? far.name ?? far.networkId;
}

export function stateText(peering: Peering): string {
  return peering.state === peering.rawState
    ? peering.state
    : `${peering.state} (${peering.rawState})`;
}

export function isProblem(peering: Peering): boolean {
  return NEEDS_ACTION_STATES.has(peering.state);
}

/** Problems first, in the order a user handles them, then the rest. */
const STATE_ORDER: Record<PeeringState, number> = {
  failed: 0,
  disconnected: 1,
  pending: 2,
  inactive: 3,
  provisioning: 4,
  deleting: 5,
  active: 6,
  unknown: 7,
  deleted: 8,
};

export interface PeeringPage {
  /** The peerings on the shown pages, in display order, with their far-side labels. */
  rows: { peering: Peering; label: string }[];
  /** Filtered peerings not shown yet. */
  remaining: number;
  /** Peerings after the problems filter. */
  total: number;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * The peerings a network row shows: filtered to problems when asked, sorted
 * (problems first, then by far-side name), the first `shown`.
 */
export function peeringPage(
  network: Network,
  peerings: readonly Peering[],
  options: { problemsOnly: boolean; shown: number; lookup: NetworkLookup },
): PeeringPage {
  const visible = options.problemsOnly ? peerings.filter(isProblem) : peerings;
  const labelled = visible.map((peering) => ({
    peering,
    label: farLabel(sidesOf(network, peering).far, options.lookup),
  }));
  labelled.sort(
    (a, b) =>
      STATE_ORDER[a.peering.state] - STATE_ORDER[b.peering.state] ||
      collator.compare(a.label, b.label) ||
      collator.compare(a.peering.id, b.peering.id),
  );
  const shown = Math.max(0, options.shown);
  return {
    rows: labelled.slice(0, shown),
    remaining: Math.max(0, labelled.length - shown),
    total: labelled.length,
  };
}

export function hasProblems(peerings: readonly Peering[]): boolean {
  return peerings.some(isProblem);
}

export function networkRow(network: Network, peerings: readonly Peering[], t: Translate): RowText {
  const problems = peerings.filter(isProblem).length;
  // The CIDRs first, so the default sidebar width shows them; a long id (an UpCloud UUID,
  // a VPC id) goes at the end, where the row may cut it, and whole in the tooltip.
  const description = [network.cidrs.join(', '), shortId(network)].filter(Boolean).join(' · ');
  const where = [CLOUD_LABELS[network.cloud], network.region, network.zone]
    .filter(Boolean)
    .join(' · ');
  const lines = [
    `**${md(network.name)}** \`${network.id}\``,
    '',
    where,
    '',
    t('CIDRs: {0}', network.cidrs.map((c) => `\`${c}\``).join(', ') || '—'),
  ];
  if (network.ownerId) lines.push('', t('Owner: `{0}`', network.ownerId));
  for (const alias of network.aliases ?? []) {
    lines.push('', t('Same network as {0} `{1}`', CLOUD_LABELS[alias.cloud], alias.networkId));
  }
  lines.push(
    '',
    problems
      ? t('{0} peerings, {1} need action', peerings.length, problems)
      : t('{0} peerings', peerings.length),
  );
  return {
    label: network.name,
    description,
    tooltip: lines.join('\n'),
    icon: problems
      ? { id: 'warning', color: 'list.warningForeground' }
      : { id: 'type-hierarchy-sub' },
    contextValue: `network network.${network.cloud}`,
  };
}

export function peeringRow(
  network: Network,
  peering: Peering,
  options: {
    lookup: NetworkLookup;
    t: Translate;
    /** explicit: on the watch list; implicit: watched because everything is; off: unwatched. */
    watch: 'explicit' | 'implicit' | 'off';
    /** Epoch ms, for the age. */
    now: number;
    /** The Peering Doctor's latest diagnosis of this peering, if one ran. */
    diagnosis?: Diagnosis;
  },
): RowText {
  const { near, far } = sidesOf(network, peering);
  const { lookup, t } = options;
  const resolvedFar = lookup(far);
  const label = farLabel(far, lookup);
  const farCloud = resolvedFar?.cloud ?? far.cloud;
  const parts = [stateText(peering)];
  if (farCloud !== network.cloud) parts.push(CLOUD_LABELS[farCloud]);
  if (options.watch === 'explicit') parts.push(t('watched'));
  const context = [
    'peering',
    `peering.${peering.cloud}`,
    `state.${peering.state}`,
    `raw.${peering.rawState}`,
    peering.role ? `role.${peering.role}` : '',
    `watch.${options.watch}`,
    options.diagnosis ? `doctor.${worstSeverity(options.diagnosis) ?? 'clean'}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return {
    label,
    description: parts.join(' · '),
    tooltip: [
      peeringTooltip(peering, near, far, options),
      options.diagnosis ? doctorTooltipLine(options.diagnosis, t, options.now) : '',
    ]
      .filter(Boolean)
      .join('\n\n'),
    icon: STATE_ICONS[peering.state],
    contextValue: context,
  };
}

function peeringTooltip(
  peering: Peering,
  near: NetworkRef,
  far: NetworkRef,
  options: { lookup: NetworkLookup; t: Translate; now: number },
): string {
  const { t, lookup } = options;
  const side = (title: string, ref: NetworkRef) => {
    const known = lookup(ref);
    const name = known?.name ?? ref.name ?? '';
    const cidrs = ref.cidrs?.length ? ref.cidrs : (known?.cidrs ?? []);
    return `| ${title} | ${md(name)} \`${ref.networkId}\` | ${CLOUD_LABELS[known?.cloud ?? ref.cloud]} | ${ref.accountId ?? known?.ownerId ?? ''} | ${ref.region ?? known?.region ?? known?.zone ?? ''} | ${cidrs.join(', ')} |`;
  };
  const lines = [
    `**${md(peering.name ?? peering.id)}** · ${CLOUD_LABELS[peering.cloud]}`,
    '',
    `\`${peering.id}\``,
    '',
    t('State: **{0}** (raw `{1}`)', peering.state, peering.rawState) +
      (peering.stateMessage ? ` — ${md(peering.stateMessage)}` : ''),
    '',
    `| | ${t('network')} | ${t('cloud')} | ${t('account')} | ${t('region')} | CIDRs |`,
    '|---|---|---|---|---|---|',
    side(t('this side'), near),
    side(t('peer'), far),
  ];
  if (peering.role) lines.push('', t('Listed as the {0}', peering.role));
  if (peering.createdAt) {
    const created = Date.parse(peering.createdAt);
    lines.push(
      '',
      Number.isFinite(created)
        ? t('Created {0} ago ({1})', formatAge(options.now - created), peering.createdAt)
        : t('Created {0}', peering.createdAt),
    );
  }
  // An expiry matters only to a request still waiting to be accepted (an AWS
  // request lapses after 7 days), and to one that did lapse: not to a peering
  // that failed, was rejected or is up.
  if (
    peering.expiresAt &&
    (peering.state === 'pending' || peering.rawState === rawState('aws', 'expired'))
  ) {
    const expires = Date.parse(peering.expiresAt);
    lines.push(
      '',
      Number.isFinite(expires) && expires > options.now
        ? t('Expires in {0} ({1})', formatAge(expires - options.now), peering.expiresAt)
        : t('Expired {0}', peering.expiresAt),
    );
  }
  const entries = Object.entries(peering.options ?? {});
  if (entries.length) {
    lines.push('', t('Options: {0}', entries.map(([k, v]) => `\`${k}=${String(v)}\``).join(', ')));
  }
  return lines.join('\n');
}

/** A short duration: 45 s, 12 min, 5 h, 3 d. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 90) return `${min} min`;
  const h = Math.round(min / 60);
  if (h < 36) return `${h} h`;
  return `${Math.round(h / 24)} d`;
}

/** Escapes Markdown in names that come from the cloud. */
function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}

/**
 * The id as the row shows it: left out when it only repeats the name (a GCP
 * self link or an Azure ARM id ends with it); the tooltip and Copy ID have it.
 */
export function shortId(network: Network): string | undefined {
  if (network.id === network.name || network.id.endsWith(`/${network.name}`)) return undefined;
  return network.id;
}

/** The group a network sits in under its account: its zone, else its region. */
export function groupOf(network: Network): string | undefined {
  return network.zone ?? network.region;
}

// ---- Peering Doctor ----

/** "2 errors, 1 warning": a diagnosis's findings counted by severity, in words. */
export function findingCounts(diagnosis: Diagnosis, t: Translate): string {
  const count = (severity: FindingSeverity) =>
    diagnosis.findings.filter((f) => f.severity === severity).length;
  const parts: string[] = [];
  const errors = count('error');
  const warnings = count('warning');
  const infos = count('info');
  if (errors) parts.push(errors === 1 ? t('1 error') : t('{0} errors', errors));
  if (warnings) parts.push(warnings === 1 ? t('1 warning') : t('{0} warnings', warnings));
  if (infos) parts.push(infos === 1 ? t('1 note') : t('{0} notes', infos));
  return parts.join(', ');
}

/** The Networks tree tooltip's Doctor line: what the latest diagnosis found, and when. */
export function doctorTooltipLine(diagnosis: Diagnosis, t: Translate, now: number): string {
  const age = formatAge(now - diagnosis.checkedAt);
  const worst = worstSeverity(diagnosis);
  if (!worst) return `$(pass) ${t('Peering Doctor: all checks pass ({0} ago)', age)}`;
  const first = diagnosis.findings.find((f) => f.severity === worst);
  const icon = worst === 'error' ? '$(error)' : worst === 'warning' ? '$(warning)' : '$(info)';
  return `${icon} ${t('Peering Doctor: {0} ({1} ago)', findingCounts(diagnosis, t), age)}${
    first ? ` — ${md(first.title)}` : ''
  }`;
}

/**
 * The decoration a peering row gets from its diagnosis (a badge and a theme
 * color, as VS Code's problem decorations look): errors and warnings only, so
 * a clean or informational report leaves the row as the state shows it.
 */
export function doctorDecoration(
  diagnosis: Diagnosis | undefined,
  t: Translate,
): { badge: string; tooltip: string; color: string } | undefined {
  const worst = diagnosis ? worstSeverity(diagnosis) : undefined;
  if (!diagnosis || !worst || worst === 'info') return undefined;
  const n = diagnosis.findings.filter((f) => f.severity === worst).length;
  return {
    badge: n > 9 ? '9+' : String(n),
    tooltip: t('Peering Doctor: {0}', findingCounts(diagnosis, t)),
    color: worst === 'error' ? 'list.errorForeground' : 'list.warningForeground',
  };
}

/** The status bar's Doctor part: peerings whose latest diagnosis has an error. */
export function failingChecksText(failing: number, t: Translate): string | undefined {
  if (failing <= 0) return undefined;
  return failing === 1 ? t('1 failing check') : t('{0} failing checks', failing);
}
