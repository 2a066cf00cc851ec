/**
 * The map as text and pictures: the SVG the panel draws (and exports, with the theme's colours
 * written in), and Mermaid and Graphviz DOT for a wiki.
 *
 * Every name here comes from a cloud API or an account label, so it is hostile until escaped:
 * SVG text and attributes go through `xml()`, Mermaid labels become `#code;` entities for every
 * character outside a small safe set, DOT strings escape the backslash and the quote. Ids in the
 * Mermaid and DOT text are generated (`n0`, `g0`), never taken from a name. Control, line-separator
 * and bidi characters are written as visible `\uXXXX` first (`escapeUnsafeCharacters`), so a name
 * can neither break a line nor display as something else.
 */
import { escapeUnsafeCharacters } from '../model/text';
import type { PeeringState } from '../model/types';
import type { MapGraph } from './graph';
import { SERVICE_LABELS } from './graph';
import type { Scene, SceneEdge, SceneGroup, SceneNode } from './layout';

/** Concrete colours for an exported picture (the panel itself styles by CSS classes). */
export interface MapPalette {
  background: string;
  foreground: string;
  muted: string;
  border: string;
  nodeFill: string;
  active: string;
  waiting: string;
  failed: string;
  gone: string;
  service: string;
}

export const LIGHT_PALETTE: MapPalette = {
  background: '#ffffff',
  foreground: '#1f1f1f',
  muted: '#616161',
  border: '#c8c8c8',
  nodeFill: '#f3f3f3',
  active: '#388a34',
  waiting: '#bf8803',
  failed: '#e51400',
  gone: '#8a8a8a',
  service: '#652d90',
};

export type StateTone = 'active' | 'waiting' | 'failed' | 'gone';

export function stateTone(state: PeeringState): StateTone {
  switch (state) {
    case 'active':
      return 'active';
    case 'failed':
    case 'disconnected':
      return 'failed';
    case 'pending':
    case 'provisioning':
    case 'inactive':
      return 'waiting';
    default:
      return 'gone';
  }
}

function xml(text: string): string {
  return escapeUnsafeCharacters(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A tooltip of several lines (each already made visible by the view): the line breaks stay. */
function xmlLines(text: string): string {
  return text.split('\n').map(xml).join('\n');
}

/** Cuts a label to fit a box of the map (about 7 px a character at 12 px). */
function fit(text: string, chars: number): string {
  return text.length > chars ? `${text.slice(0, chars - 1)}…` : text;
}

const n = (value: number) => String(Math.round(value * 10) / 10);

export interface SvgOptions {
  /** Write these colours in (an exported file); without it the panel's CSS colours by class. */
  palette?: MapPalette;
  /** Groups the user collapsed are drawn as nodes; open ones get a "collapse" marker. */
  title?: string;
}

export function renderSvg(scene: Scene, options: SvgOptions = {}): string {
  const p = options.palette;
  const attr = (name: string, value: string | undefined) =>
    value === undefined ? '' : ` ${name}="${xml(value)}"`;
  const margin = 16;
  const width = scene.width + margin * 2;
  const height = scene.height + margin * 2;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="peering-map" width="${n(width)}" height="${n(height)}" viewBox="${-margin} ${-margin} ${n(width)} ${n(height)}" role="img" aria-label="${xml(options.title ?? 'Peering map')}" font-family="${p ? 'Segoe UI, Helvetica, Arial, sans-serif' : 'inherit'}" font-size="12">`,
  );
  if (p) {
    out.push(
      `<rect x="${-margin}" y="${-margin}" width="${n(width)}" height="${n(height)}" fill="${xml(p.background)}"/>`,
    );
  }
  out.push('<g class="groups">');
  for (const g of scene.groups) out.push(groupSvg(g, p, attr));
  out.push('</g><g class="edges">');
  for (const e of scene.edges) out.push(edgeSvg(e, p, attr));
  out.push('</g><g class="nodes">');
  for (const node of scene.nodes) out.push(nodeSvg(node, p, attr));
  out.push('</g></svg>');
  return out.join('\n');
}

type Attr = (name: string, value: string | undefined) => string;

function groupSvg(g: SceneGroup, p: MapPalette | undefined, attr: Attr): string {
  const label = `${g.label} (${g.count})`;
  return (
    `<g class="group group-${g.kind} cloud-${g.cloud}" data-group="${xml(g.id)}">` +
    `<rect x="${n(g.x)}" y="${n(g.y)}" width="${n(g.width)}" height="${n(g.height)}" rx="6"${attr('fill', p ? (g.depth === 0 ? p.nodeFill : p.background) : undefined)}${attr('fill-opacity', p && g.depth === 0 ? '0.5' : undefined)}${attr('stroke', p?.border)}${attr('stroke-dasharray', g.kind === 'region' ? '4 3' : undefined)}/>` +
    `<g class="group-toggle" tabindex="0" role="button" aria-expanded="true" aria-label="${xml(`Collapse ${g.label}`)}" data-toggle="${xml(g.id)}">` +
    `<text class="group-label" x="${n(g.x + 10)}" y="${n(g.y + 18)}"${attr('fill', p?.foreground)}${g.depth === 0 ? ' font-weight="600"' : ''}>▾ ${xml(fit(label, Math.max(8, Math.floor(g.width / 7))))}</text></g>` +
    `</g>`
  );
}

function edgeSvg(e: SceneEdge, p: MapPalette | undefined, attr: Attr): string {
  const tone = stateTone(e.state);
  const d = `M${e.points.map(([x, y]) => `${n(x)} ${n(y)}`).join(' L')}`;
  const dash = e.classes.includes('gone') || e.state === 'pending' || e.state === 'inactive';
  const single = e.peeringKeys.length === 1 && !e.classes.includes('merged');
  return (
    `<g class="edge ${e.classes.map(xml).join(' ')} tone-${tone}" data-edge="${xml(e.key)}" data-state="${e.state}"${single ? ' tabindex="0" role="button"' : ''} aria-label="${xml(e.title.split('\n')[0])}">` +
    `<title>${xmlLines(e.title)}</title>` +
    `<path class="hit" d="${d}" fill="none" stroke="transparent" stroke-width="10"/>` +
    `<path class="line" d="${d}" fill="none"${attr('stroke', p ? p[tone] : undefined)}${attr('stroke-width', p ? (e.classes.includes('problem') ? '2.5' : '1.5') : undefined)}${attr('stroke-dasharray', p && dash ? '6 4' : undefined)}/>` +
    (e.classes.some((c) => c.startsWith('finding-') || c === 'overlap')
      ? `<circle class="badge" cx="${n((e.points[0][0] + e.points[e.points.length - 1][0]) / 2)}" cy="${n((e.points[0][1] + e.points[e.points.length - 1][1]) / 2)}" r="5"${attr('fill', p?.failed)}/>`
      : '') +
    `</g>`
  );
}

function nodeSvg(node: SceneNode, p: MapPalette | undefined, attr: Attr): string {
  const service = node.classes.find((c) => c.startsWith('service-'))?.slice('service-'.length);
  const serviceLabel = service ? SERVICE_LABELS[service as keyof typeof SERVICE_LABELS] : undefined;
  const stroke = p
    ? node.classes.includes('overlap')
      ? p.failed
      : service
        ? p.service
        : p.border
    : undefined;
  const chars = Math.floor((node.width - 16) / 7);
  return (
    `<g class="node ${node.classes.map(xml).join(' ')}" data-node="${xml(node.key)}" data-kind="${node.kind}" tabindex="0" role="button" aria-label="${xml(node.title.split('\n').slice(0, 2).join(', '))}">` +
    `<title>${xmlLines(node.title)}</title>` +
    `<rect x="${n(node.x)}" y="${n(node.y)}" width="${n(node.width)}" height="${n(node.height)}" rx="4"${attr('fill', p?.nodeFill)}${attr('stroke', stroke)}${attr('stroke-width', p && (service || node.classes.includes('overlap')) ? '2' : undefined)}${attr('stroke-dasharray', p && (node.classes.includes('isolated') || node.classes.includes('external')) ? '4 3' : undefined)}/>` +
    `<text class="name" x="${n(node.x + 8)}" y="${n(node.y + 18)}"${attr('fill', p?.foreground)}>${xml(fit(serviceLabel ? `◆ ${node.label}` : node.label, chars))}</text>` +
    `<text class="cidr" x="${n(node.x + 8)}" y="${n(node.y + 36)}"${attr('fill', p?.muted)} font-size="11">${xml(fit(serviceLabel ? `${serviceLabel} · ${node.sublabel}` : node.sublabel, chars + 2))}</text>` +
    `</g>`
  );
}

// ---------------------------------------------------------------------------
// Mermaid

/** Characters a Mermaid label may carry as they are; everything else becomes `#<code>;`. */
const MERMAID_SAFE = /[A-Za-z0-9 .,:/_\-+=*@()]/;

export function mermaidText(text: string): string {
  let out = '';
  for (const ch of escapeUnsafeCharacters(text)) {
    out += MERMAID_SAFE.test(ch) ? ch : `#${ch.codePointAt(0)};`;
  }
  return out;
}

export function toMermaid(graph: MapGraph): string {
  const ids = new Map<string, string>();
  graph.nodes.forEach((node, i) => ids.set(node.key, `n${i}`));
  const lines = ['flowchart LR'];
  const children = new Map<string | undefined, string[]>();
  for (const g of graph.groups) {
    const list = children.get(g.parent) ?? [];
    list.push(g.id);
    children.set(g.parent, list);
  }
  const groupIds = new Map(graph.groups.map((g, i) => [g.id, `g${i}`]));
  const groupLabel = new Map(graph.groups.map((g) => [g.id, g.label]));
  const nodesIn = new Map<string, typeof graph.nodes>();
  for (const node of graph.nodes) {
    const list = nodesIn.get(node.regionGroup) ?? [];
    list.push(node);
    nodesIn.set(node.regionGroup, list);
  }
  const write = (group: string, depth: number) => {
    const pad = '  '.repeat(depth);
    lines.push(
      `${pad}subgraph ${groupIds.get(group)}["${mermaidText(groupLabel.get(group) ?? '')}"]`,
    );
    for (const child of children.get(group) ?? []) write(child, depth + 1);
    for (const node of nodesIn.get(group) ?? []) {
      const text = [node.name, ...node.cidrs.slice(0, 3)].map(mermaidText).join('<br/>');
      lines.push(`${pad}  ${ids.get(node.key)}["${text}"]`);
      if (node.service) lines.push(`${pad}  class ${ids.get(node.key)} service`);
    }
    lines.push(`${pad}end`);
  };
  for (const top of children.get(undefined) ?? []) write(top, 1);
  const tones: StateTone[] = [];
  graph.edges.forEach((edge) => {
    const arrow =
      edge.gone || edge.state === 'pending' || edge.state === 'inactive' ? '-.-' : '---';
    lines.push(
      `  ${ids.get(edge.from)} ${arrow}|"${mermaidText(edge.state)}"| ${ids.get(edge.to)}`,
    );
    tones.push(stateTone(edge.state));
  });
  lines.push(`  classDef service stroke:${LIGHT_PALETTE.service},stroke-width:2px`);
  tones.forEach((tone, i) => lines.push(`  linkStyle ${i} stroke:${LIGHT_PALETTE[tone]}`));
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------
// Graphviz DOT

/**
 * A DOT double-quoted string: backslash and quote escaped, so `\N` or `"` in a name stay text,
 * and `&` written as `&amp;`, since Graphviz reads entity references in labels.
 */
export function dotString(text: string): string {
  const escaped = escapeUnsafeCharacters(text)
    .replace(/&/g, '&amp;')
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"');
  return `"${escaped}"`;
}

export function toDot(graph: MapGraph): string {
  const ids = new Map<string, string>();
  graph.nodes.forEach((node, i) => ids.set(node.key, `n${i}`));
  const lines = [
    'graph "peering-map" {',
    '  compound=true;',
    '  rankdir=LR;',
    '  node [shape=box, style="rounded", fontname="Helvetica"];',
  ];
  const children = new Map<string | undefined, string[]>();
  for (const g of graph.groups) {
    const list = children.get(g.parent) ?? [];
    list.push(g.id);
    children.set(g.parent, list);
  }
  const groupIndex = new Map(graph.groups.map((g, i) => [g.id, i]));
  const groupLabel = new Map(graph.groups.map((g) => [g.id, g.label]));
  const nodesIn = new Map<string, typeof graph.nodes>();
  for (const node of graph.nodes) {
    const list = nodesIn.get(node.regionGroup) ?? [];
    list.push(node);
    nodesIn.set(node.regionGroup, list);
  }
  const write = (group: string, depth: number) => {
    const pad = '  '.repeat(depth);
    lines.push(`${pad}subgraph cluster_${groupIndex.get(group)} {`);
    lines.push(`${pad}  label=${dotString(groupLabel.get(group) ?? '')};`);
    for (const child of children.get(group) ?? []) write(child, depth + 1);
    for (const node of nodesIn.get(group) ?? []) {
      // Each line escaped on its own; the `\n` between them is DOT's own line break.
      const label = [node.name, ...node.cidrs.slice(0, 3)]
        .map((line) => dotString(line).slice(1, -1))
        .join('\\n');
      const extra = node.service ? `, color="${LIGHT_PALETTE.service}", penwidth=2` : '';
      lines.push(`${pad}  ${ids.get(node.key)} [label="${label}"${extra}];`);
    }
    lines.push(`${pad}}`);
  };
  for (const top of children.get(undefined) ?? []) write(top, 1);
  for (const edge of graph.edges) {
    const style =
      edge.gone || edge.state === 'pending' || edge.state === 'inactive' ? ', style=dashed' : '';
    lines.push(
      `  ${ids.get(edge.from)} -- ${ids.get(edge.to)} [label=${dotString(edge.state)}, color="${LIGHT_PALETTE[stateTone(edge.state)]}"${style}];`,
    );
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}
