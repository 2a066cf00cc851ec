/**
 * The Peering Map's webview (bundled to dist/webviews/map.js as a browser ES module). The host
 * draws the map as SVG markup from escaped names (`src/map/export.ts`); this page shows it, pans
 * and zooms it (mouse: drag the background, wheel; keys: arrows, + and -, 0 to fit), filters and
 * searches it through the host, and turns clicks, the edge menu and drags into messages.
 * Every message from the host is checked against `MapHostToWebview` first.
 */
import './map.css';
import { parse } from '../../src/protocol/schema';
import {
  MAP_PROTOCOL_VERSION,
  MapHostToWebview,
  PEERING_STATES,
  type EdgeAction,
  type ExportFormat,
  type MapPalette,
  type MapSceneMessage,
  type MapViewOptions,
  type MapWebviewToHost,
} from '../../src/protocol/mapMessages';

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const post = (message: MapWebviewToHost) => vscode.postMessage(message);

const root = document.getElementById('map')!;
root.innerHTML = `
<header class="toolbar" role="toolbar" aria-label="Map tools">
  <input type="search" id="search" placeholder="Search networks, ids, CIDRs" aria-label="Search networks">
  <select id="cloud" aria-label="Filter by provider"><option value="">All providers</option></select>
  <select id="account" aria-label="Filter by account"><option value="">All accounts</option></select>
  <select id="state" aria-label="Filter by peering state"><option value="">All states</option></select>
  <label class="check"><input type="checkbox" id="problems"> Problems only</label>
  <span class="sep"></span>
  <button id="collapse-all" title="Collapse every account">Collapse all</button>
  <button id="expand-all" title="Open every group">Expand all</button>
  <span class="sep"></span>
  <button id="zoom-out" title="Zoom out (-)" aria-label="Zoom out">−</button>
  <button id="zoom-fit" title="Fit to window (0)" aria-label="Fit to window">Fit</button>
  <button id="zoom-in" title="Zoom in (+)" aria-label="Zoom in">+</button>
  <span class="sep"></span>
  <span class="export" role="group" aria-label="Export">Export
    <button data-export="svg">SVG</button><button data-export="png">PNG</button><button data-export="mermaid">Mermaid</button><button data-export="dot">DOT</button>
  </span>
</header>
<div id="notice" role="status" aria-live="polite" hidden></div>
<div class="body">
  <div id="viewport" tabindex="0" aria-label="Peering map: arrows pan, plus and minus zoom, 0 fits">
    <div id="canvas"></div>
    <svg id="drag-overlay" aria-hidden="true"><line id="drag-line" x1="0" y1="0" x2="0" y2="0"/></svg>
  </div>
  <aside id="side">
    <section class="legend" aria-label="Legend">
      <h2>Legend</h2>
      <ul>
        <li><span class="swatch tone-active"></span>active</li>
        <li><span class="swatch tone-waiting dashed"></span>pending, provisioning, inactive</li>
        <li><span class="swatch tone-failed"></span>failed, disconnected</li>
        <li><span class="swatch tone-gone dashed"></span>deleting, deleted, unknown</li>
        <li><span class="box service"></span>managed service (◆)</li>
        <li><span class="box isolated"></span>no peering, or not configured</li>
        <li><span class="box overlap"></span>overlapping CIDRs</li>
        <li><span class="dot"></span>Doctor finding or overlap on a peering</li>
      </ul>
      <p class="hint">Click a network to show it in the Networks view. Drag from one network to another to connect them. Click a peering for its menu.</p>
    </section>
    <section aria-label="What the map tells">
      <h2 id="insights-title">Findings</h2>
      <ol id="insights"></ol>
    </section>
  </aside>
</div>
<div id="edge-menu" role="menu" hidden>
  <button role="menuitem" data-action="diagnose">Diagnose</button>
  <button role="menuitem" data-action="openInConsole">Open in Console</button>
  <button role="menuitem" data-action="reveal">Show in Networks View</button>
  <button role="menuitem" data-action="delete">Delete…</button>
</div>
<p id="stats" class="stats" aria-live="polite"></p>`;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const search = $<HTMLInputElement>('search');
const cloudSelect = $<HTMLSelectElement>('cloud');
const accountSelect = $<HTMLSelectElement>('account');
const stateSelect = $<HTMLSelectElement>('state');
const problems = $<HTMLInputElement>('problems');
const viewport = $<HTMLDivElement>('viewport');
const canvas = $<HTMLDivElement>('canvas');
const notice = $<HTMLDivElement>('notice');
const insightsList = $<HTMLOListElement>('insights');
const edgeMenu = $<HTMLDivElement>('edge-menu');
const stats = $<HTMLParagraphElement>('stats');
const dragLine = document.getElementById('drag-line') as unknown as SVGLineElement;

for (const state of PEERING_STATES) stateSelect.append(new Option(state, state));

let scene: MapSceneMessage | undefined;
let view: MapViewOptions | undefined;
let zoom = 1;
let panX = 0;
let panY = 0;

function applyTransform(): void {
  canvas.style.transform = `translate(${panX}px, ${panY}px) scale(${zoom})`;
}

function fit(): void {
  if (!scene) return;
  const w = viewport.clientWidth || 800;
  const h = viewport.clientHeight || 600;
  const sw = scene.width + 32;
  const sh = scene.height + 32;
  zoom = Math.min(2, Math.max(0.05, Math.min(w / sw, h / sh)));
  panX = (w - sw * zoom) / 2;
  panY = Math.max(0, (h - sh * zoom) / 2);
  applyTransform();
}

function zoomBy(
  factor: number,
  cx = viewport.clientWidth / 2,
  cy = viewport.clientHeight / 2,
): void {
  const next = Math.min(4, Math.max(0.05, zoom * factor));
  panX = cx - ((cx - panX) * next) / zoom;
  panY = cy - ((cy - panY) * next) / zoom;
  zoom = next;
  applyTransform();
}

function sendView(change: Partial<MapViewOptions>): void {
  if (!view) return;
  view = { ...view, ...change };
  post({ type: 'view', view });
}

function showNotice(level: 'info' | 'error', message: string): void {
  notice.hidden = false;
  notice.className = level;
  notice.textContent = message;
}

function option(select: HTMLSelectElement, value: string, label: string): void {
  select.append(new Option(label, value));
}

function renderScene(message: MapSceneMessage): void {
  const first = !scene;
  scene = message;
  view = message.view;
  // Host-built markup: every name in it was escaped by the host's renderer.
  canvas.innerHTML = message.svg;
  // Filters.
  const keep = (select: HTMLSelectElement, values: [string, string][], current: string) => {
    select.length = 1;
    for (const [value, label] of values) option(select, value, label);
    select.value = current;
  };
  keep(
    cloudSelect,
    message.facets.clouds.map((c) => [c.id, `${c.label} (${c.count})`]),
    view.clouds[0] ?? '',
  );
  keep(
    accountSelect,
    message.facets.accounts.map((a) => [a.id, a.label]),
    view.accounts[0] ?? '',
  );
  stateSelect.value = view.states[0] ?? '';
  problems.checked = view.problemsOnly;
  if (document.activeElement !== search) search.value = view.search;
  // Collapsed groups: mark toggles of open groups, and collapsed nodes expand on click.
  for (const toggle of Array.from(canvas.querySelectorAll<SVGGElement>('[data-toggle]'))) {
    toggle.setAttribute('aria-expanded', 'true');
  }
  // Findings.
  insightsList.replaceChildren(
    ...message.insights.map((insight, i) => {
      const li = document.createElement('li');
      li.className = `insight insight-${insight.kind}`;
      const button = document.createElement('button');
      button.textContent = insight.text;
      button.dataset.index = String(i);
      li.append(button);
      if (insight.docUrl) {
        const a = document.createElement('a');
        a.href = insight.docUrl;
        a.textContent = 'docs';
        li.append(' ', a);
      }
      return li;
    }),
  );
  $('insights-title').textContent =
    `Findings (${message.insights.length + message.moreInsights})` +
    (message.moreInsights ? `, ${message.insights.length} listed` : '');
  stats.textContent = message.loaded
    ? `${message.stats.networks} networks, ${message.stats.peerings} peerings` +
      (message.stats.hiddenNetworks || message.stats.hiddenPeerings
        ? ` (${message.stats.hiddenNetworks} networks and ${message.stats.hiddenPeerings} peerings hidden by filters or inside collapsed groups)`
        : '') +
      ` · layout ${message.stats.layoutMs} ms`
    : 'Nothing is listed yet: add an account or try the sandbox, then refresh the Networks view.';
  document.body.dataset.ready = 'true';
  if (first) fit();
  if (message.focus) {
    const node = canvas.querySelector<SVGGElement>(`[data-node="${CSS.escape(message.focus)}"]`);
    if (node) {
      select(node);
      node.focus();
    }
  }
}

function select(node: Element): void {
  for (const s of Array.from(canvas.querySelectorAll('.selected'))) s.classList.remove('selected');
  node.classList.add('selected');
}

function highlight(nodes: string[], edges: string[]): void {
  for (const s of Array.from(canvas.querySelectorAll('.highlight')))
    s.classList.remove('highlight');
  canvas.classList.toggle('dimmed', nodes.length + edges.length > 0);
  for (const key of nodes)
    canvas.querySelector(`[data-node="${CSS.escape(key)}"]`)?.classList.add('highlight');
  for (const key of edges)
    canvas.querySelector(`[data-edge="${CSS.escape(key)}"]`)?.classList.add('highlight');
}

// ---------------------------------------------------------------------------
// Edge menu

let menuEdge: string | undefined;
function openEdgeMenu(edge: SVGGElement, x: number, y: number): void {
  if (edge.classList.contains('merged')) {
    showNotice('info', 'Several peerings between collapsed groups: open a group to act on one.');
    return;
  }
  menuEdge = edge.dataset.edge;
  select(edge);
  edgeMenu.hidden = false;
  const bounds = root.getBoundingClientRect();
  edgeMenu.style.left = `${Math.min(x, bounds.width - 200)}px`;
  edgeMenu.style.top = `${y}px`;
  edgeMenu.querySelector<HTMLButtonElement>('button')?.focus();
}
function closeEdgeMenu(): void {
  edgeMenu.hidden = true;
  menuEdge = undefined;
}
edgeMenu.addEventListener('click', (event) => {
  const button = (event.target as Element).closest<HTMLButtonElement>('[data-action]');
  if (!button || !menuEdge) return;
  post({ type: 'edgeAction', action: button.dataset.action as EdgeAction, peeringKey: menuEdge });
  closeEdgeMenu();
});
edgeMenu.addEventListener('keydown', (event) => {
  const items = Array.from(edgeMenu.querySelectorAll<HTMLButtonElement>('button'));
  const at = items.indexOf(document.activeElement as HTMLButtonElement);
  if (event.key === 'Escape') closeEdgeMenu();
  else if (event.key === 'ArrowDown') items[(at + 1) % items.length].focus();
  else if (event.key === 'ArrowUp') items[(at - 1 + items.length) % items.length].focus();
  else return;
  event.preventDefault();
});

// ---------------------------------------------------------------------------
// Pointer: pan the background, click or drag a network, click an edge or a group toggle

let gesture:
  | { kind: 'pan'; x: number; y: number; panX: number; panY: number }
  | { kind: 'node'; key: string; x: number; y: number; moved: boolean }
  | undefined;

viewport.addEventListener('pointerdown', (event) => {
  if (event.button !== 0) return;
  closeEdgeMenu();
  const target = event.target as Element;
  const node = target.closest<SVGGElement>('[data-node]');
  if (node && node.dataset.kind === 'network') {
    gesture = {
      kind: 'node',
      key: node.dataset.node!,
      x: event.clientX,
      y: event.clientY,
      moved: false,
    };
  } else if (!target.closest('[data-edge], [data-toggle], [data-node]')) {
    gesture = { kind: 'pan', x: event.clientX, y: event.clientY, panX, panY };
  }
  if (gesture) viewport.setPointerCapture(event.pointerId);
});

viewport.addEventListener('pointermove', (event) => {
  if (!gesture) return;
  if (gesture.kind === 'pan') {
    panX = gesture.panX + event.clientX - gesture.x;
    panY = gesture.panY + event.clientY - gesture.y;
    applyTransform();
    return;
  }
  if (!gesture.moved && Math.hypot(event.clientX - gesture.x, event.clientY - gesture.y) < 6)
    return;
  gesture.moved = true;
  const box = viewport.getBoundingClientRect();
  dragLine.setAttribute('x1', String(gesture.x - box.left));
  dragLine.setAttribute('y1', String(gesture.y - box.top));
  dragLine.setAttribute('x2', String(event.clientX - box.left));
  dragLine.setAttribute('y2', String(event.clientY - box.top));
  viewport.classList.add('connecting');
});

viewport.addEventListener('pointerup', (event) => {
  const current = gesture;
  gesture = undefined;
  viewport.classList.remove('connecting');
  if (viewport.hasPointerCapture(event.pointerId)) viewport.releasePointerCapture(event.pointerId);
  if (!current || current.kind !== 'node') return;
  if (current.moved) {
    const drop = document
      .elementsFromPoint(event.clientX, event.clientY)
      .map((e) => e.closest<SVGGElement>('[data-node]'))
      .find((e) => e && e.dataset.kind === 'network' && e.dataset.node !== current.key);
    if (drop) post({ type: 'connect', from: current.key, to: drop.dataset.node! });
    return;
  }
  const node = canvas.querySelector<SVGGElement>(`[data-node="${CSS.escape(current.key)}"]`);
  if (node) select(node);
  post({ type: 'reveal', nodeKey: current.key });
});

viewport.addEventListener('click', (event) => {
  const target = event.target as Element;
  const toggle = target.closest<SVGGElement>('[data-toggle]');
  if (toggle) return collapse(toggle.dataset.toggle!);
  const group = target.closest<SVGGElement>('[data-node][data-kind="group"]');
  if (group) return expand(group.dataset.node!);
  const edge = target.closest<SVGGElement>('[data-edge]');
  if (edge) {
    const box = root.getBoundingClientRect();
    openEdgeMenu(edge, event.clientX - box.left, event.clientY - box.top);
  }
});

viewport.addEventListener('contextmenu', (event) => {
  const edge = (event.target as Element).closest<SVGGElement>('[data-edge]');
  if (!edge) return;
  event.preventDefault();
  const box = root.getBoundingClientRect();
  openEdgeMenu(edge, event.clientX - box.left, event.clientY - box.top);
});

viewport.addEventListener(
  'wheel',
  (event) => {
    event.preventDefault();
    const box = viewport.getBoundingClientRect();
    zoomBy(event.deltaY < 0 ? 1.15 : 1 / 1.15, event.clientX - box.left, event.clientY - box.top);
  },
  { passive: false },
);

// ---------------------------------------------------------------------------
// Keyboard: pan and zoom; Enter on a network reveals it, on an edge opens its menu

viewport.addEventListener('keydown', (event) => {
  const target = event.target as Element;
  const node = target.closest<SVGGElement>('[data-node]');
  const edge = target.closest<SVGGElement>('[data-edge]');
  const toggle = target.closest<SVGGElement>('[data-toggle]');
  if (event.key === 'Enter' || event.key === ' ') {
    if (toggle) collapse(toggle.dataset.toggle!);
    else if (node?.dataset.kind === 'group') expand(node.dataset.node!);
    else if (node) {
      select(node);
      post({ type: 'reveal', nodeKey: node.dataset.node! });
    } else if (edge) {
      const box = edge.getBoundingClientRect();
      const rootBox = root.getBoundingClientRect();
      openEdgeMenu(
        edge,
        box.left - rootBox.left + box.width / 2,
        box.top - rootBox.top + box.height / 2,
      );
    } else return;
  } else if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) {
    if (!edge) return;
    const box = edge.getBoundingClientRect();
    const rootBox = root.getBoundingClientRect();
    openEdgeMenu(edge, box.left - rootBox.left, box.top - rootBox.top);
  } else if (event.key === 'ArrowLeft') {
    panX += 60;
    applyTransform();
  } else if (event.key === 'ArrowRight') {
    panX -= 60;
    applyTransform();
  } else if (event.key === 'ArrowUp') {
    panY += 60;
    applyTransform();
  } else if (event.key === 'ArrowDown') {
    panY -= 60;
    applyTransform();
  } else if (event.key === '+' || event.key === '=') zoomBy(1.2);
  else if (event.key === '-') zoomBy(1 / 1.2);
  else if (event.key === '0') fit();
  else return;
  event.preventDefault();
});

function collapse(groupId: string): void {
  if (!view || view.collapsed.includes(groupId)) return;
  sendView({ collapsed: [...view.collapsed, groupId] });
}
function expand(groupId: string): void {
  if (!view) return;
  sendView({ collapsed: view.collapsed.filter((g) => g !== groupId) });
}

// ---------------------------------------------------------------------------
// Toolbar

let searchTimer: ReturnType<typeof setTimeout> | undefined;
search.addEventListener('input', () => {
  if (searchTimer) clearTimeout(searchTimer);
  // Sent as typed: the host's validator, not the page, enforces the 200-character limit.
  searchTimer = setTimeout(() => sendView({ search: search.value }), 250);
});
cloudSelect.addEventListener('change', () =>
  sendView({
    clouds: cloudSelect.value ? [cloudSelect.value as MapViewOptions['clouds'][number]] : [],
  }),
);
accountSelect.addEventListener('change', () =>
  sendView({ accounts: accountSelect.value ? [accountSelect.value] : [] }),
);
stateSelect.addEventListener('change', () =>
  sendView({
    states: stateSelect.value ? [stateSelect.value as MapViewOptions['states'][number]] : [],
  }),
);
problems.addEventListener('change', () => sendView({ problemsOnly: problems.checked }));
$('collapse-all').addEventListener('click', () =>
  sendView({ collapsed: scene ? scene.facets.accounts.map((a) => a.id) : [] }),
);
$('expand-all').addEventListener('click', () => sendView({ collapsed: [] }));
$('zoom-in').addEventListener('click', () => zoomBy(1.2));
$('zoom-out').addEventListener('click', () => zoomBy(1 / 1.2));
$('zoom-fit').addEventListener('click', fit);
for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('[data-export]'))) {
  button.addEventListener('click', () =>
    post({ type: 'export', format: button.dataset.export as ExportFormat, palette: palette() }),
  );
}
insightsList.addEventListener('click', (event) => {
  const button = (event.target as Element).closest<HTMLButtonElement>('button[data-index]');
  const insight = button && scene?.insights[Number(button.dataset.index)];
  if (insight) highlight(insight.nodes, insight.edges);
});
notice.addEventListener('click', () => (notice.hidden = true));

/** The theme's colours as the page resolved them, for an exported picture. */
function palette(): MapPalette {
  const style = getComputedStyle(document.body);
  const read = (name: string, fallback: string) => {
    const value = style.getPropertyValue(name).trim();
    return /^(#[0-9a-fA-F]{3,8}|rgba?\([0-9.,\s%]+\)|[a-zA-Z]+)$/.test(value) ? value : fallback;
  };
  return {
    background: read('--vscode-editor-background', '#ffffff'),
    foreground: read('--vscode-foreground', '#1f1f1f'),
    muted: read('--vscode-descriptionForeground', '#616161'),
    border: read('--vscode-panel-border', '#c8c8c8'),
    nodeFill: read('--vscode-sideBar-background', '#f3f3f3'),
    active: read('--vscode-charts-green', '#388a34'),
    waiting: read('--vscode-charts-yellow', '#bf8803'),
    failed: read('--vscode-charts-red', '#e51400'),
    gone: read('--vscode-disabledForeground', '#8a8a8a'),
    service: read('--vscode-charts-purple', '#652d90'),
  };
}

/** Draws the exported SVG on a canvas (at most 8,000 px a side) and sends the PNG back. */
function rasterize(svg: string, width: number, height: number): void {
  const scale = Math.min(2, 8000 / width, 8000 / height);
  const image = new Image();
  image.onload = () => {
    const c = document.createElement('canvas');
    c.width = Math.round(width * scale);
    c.height = Math.round(height * scale);
    const context = c.getContext('2d');
    if (!context) return showNotice('error', 'This window cannot draw a PNG.');
    context.scale(scale, scale);
    context.drawImage(image, 0, 0, width, height);
    post({ type: 'png', dataUrl: c.toDataURL('image/png') });
  };
  image.onerror = () => showNotice('error', 'Could not draw the map as a PNG.');
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = parse(MapHostToWebview, event.data);
  if (!parsed.ok) {
    post({ type: 'log', level: 'warn', message: `ignored a host message: ${parsed.error}` });
    return;
  }
  const message = parsed.value;
  if (message.type === 'scene') renderScene(message);
  else if (message.type === 'rasterize') rasterize(message.svg, message.width, message.height);
  else showNotice(message.level, message.message);
});

window.addEventListener('error', (event) =>
  post({ type: 'log', level: 'error', message: String(event.message).slice(0, 1_000) }),
);
document.addEventListener('securitypolicyviolation', (event) =>
  post({
    type: 'log',
    level: 'warn',
    message: `CSP blocked ${event.blockedURI} (${event.violatedDirective})`,
  }),
);
window.addEventListener('resize', () => scene && fit());

post({ type: 'ready', protocolVersion: MAP_PROTOCOL_VERSION });
