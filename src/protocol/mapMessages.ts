/**
 * The messages between the Peering Map's webview and its host, as schemas (see `schema.ts`):
 * the host parses every message from the webview with `MapWebviewToHost` and rejects what does
 * not fit (logged, answered with an `error` the panel shows, the panel stays usable); the webview
 * parses the host's messages with `MapHostToWebview`.
 *
 *   webview → host   { type: 'ready' }                    once its script runs
 *   host → webview   { type: 'scene', ... }               the drawn map, its filters and findings
 *   webview → host   { type: 'view', view }               filters, search, collapsed groups changed
 *   webview → host   { type: 'reveal', nodeKey }          a click on a network
 *   webview → host   { type: 'edgeAction', ... }          Diagnose, Open in Console, Delete, Reveal
 *   webview → host   { type: 'connect', from, to }        a drag from one network to another
 *   webview → host   { type: 'export', format, palette }  SVG, PNG, Mermaid or DOT
 *   host → webview   { type: 'rasterize', svg, ... }      PNG: the webview draws the SVG on a canvas
 *   webview → host   { type: 'png', dataUrl }             … and sends the picture back to be saved
 */
import { arr, bool, literal, num, obj, optional, str, tagged, type Infer } from './schema';
import type { PeeringState } from '../model/types';
import { CLOUD_KINDS } from '../providers/registry';

export const MAP_PROTOCOL_VERSION = 1;

const key = str({ min: 1, max: 1_000 });
const text = str({ max: 2_000 });
const cloud = literal(...CLOUD_KINDS);
/**
 * Every normalized `PeeringState` (model/types.ts), as values for the schema and the state filter.
 * The session assigns the engine's view options to this protocol's and back, so the compiler
 * fails if a state is missing here or added only here.
 */
export const PEERING_STATES = [
  'active',
  'pending',
  'provisioning',
  'inactive',
  'failed',
  'disconnected',
  'deleting',
  'deleted',
  'unknown',
] as const satisfies readonly PeeringState[];
const state = literal(...PEERING_STATES);
/** A CSS colour as `getComputedStyle` gives it: #hex, rgb()/rgba(), or a plain name. */
const colour = str({
  min: 1,
  max: 64,
  pattern: /^(#[0-9a-fA-F]{3,8}|rgba?\([0-9.,\s%]+\)|[a-zA-Z]+)$/,
});

export const MapViewOptions = obj({
  collapsed: arr(key, { max: 5_000 }),
  search: str({ max: 200 }),
  clouds: arr(cloud, { max: 6 }),
  accounts: arr(key, { max: 5_000 }),
  states: arr(state, { max: 9 }),
  problemsOnly: bool(),
});
export type MapViewOptions = Infer<typeof MapViewOptions>;

export const MapPalette = obj({
  background: colour,
  foreground: colour,
  muted: colour,
  border: colour,
  nodeFill: colour,
  active: colour,
  waiting: colour,
  failed: colour,
  gone: colour,
  service: colour,
});
export type MapPalette = Infer<typeof MapPalette>;

export const ExportFormat = literal('svg', 'png', 'mermaid', 'dot');
export type ExportFormat = Infer<typeof ExportFormat>;

export const EdgeAction = literal('diagnose', 'openInConsole', 'delete', 'reveal');
export type EdgeAction = Infer<typeof EdgeAction>;

export const MapWebviewToHost = tagged('type', {
  ready: obj({ type: literal('ready'), protocolVersion: num({ integer: true }) }),
  view: obj({ type: literal('view'), view: MapViewOptions }),
  reveal: obj({ type: literal('reveal'), nodeKey: key }),
  edgeAction: obj({ type: literal('edgeAction'), action: EdgeAction, peeringKey: key }),
  connect: obj({ type: literal('connect'), from: key, to: key }),
  export: obj({ type: literal('export'), format: ExportFormat, palette: MapPalette }),
  /** The PNG the webview drew for a `rasterize`, as a data URL (about 40 MB at most). */
  png: obj({
    type: literal('png'),
    dataUrl: str({ max: 40_000_000, pattern: /^data:image\/png;base64,[A-Za-z0-9+/]+=*$/ }),
  }),
  log: obj({ type: literal('log'), level: literal('info', 'warn', 'error'), message: text }),
});
export type MapWebviewToHost = Infer<typeof MapWebviewToHost>;

/** One thing the picture tells: the networks and peerings it concerns, to highlight them. */
export const MapInsightView = obj({
  kind: literal('overlap', 'nonTransitive', 'isolated', 'finding'),
  text,
  nodes: arr(key, { max: 10 }),
  edges: arr(key, { max: 10 }),
  /** The provider's page that explains it. */
  docUrl: optional(str({ max: 500, pattern: /^https:\/\// })),
});
export type MapInsightView = Infer<typeof MapInsightView>;

export const MapFacets = obj({
  clouds: arr(obj({ id: cloud, label: text, count: num({ min: 0, integer: true }) }), { max: 6 }),
  accounts: arr(obj({ id: key, label: text, cloud }), { max: 5_000 }),
});
export type MapFacets = Infer<typeof MapFacets>;

export const MapSceneMessage = obj({
  type: literal('scene'),
  /** The map as SVG markup built by the host from escaped names (`src/map/export.ts`). */
  svg: str({ max: 30_000_000 }),
  width: num({ min: 0 }),
  height: num({ min: 0 }),
  view: MapViewOptions,
  facets: MapFacets,
  stats: obj({
    networks: num({ min: 0, integer: true }),
    peerings: num({ min: 0, integer: true }),
    hiddenNetworks: num({ min: 0, integer: true }),
    hiddenPeerings: num({ min: 0, integer: true }),
    /** Milliseconds the layout took. */
    layoutMs: num({ min: 0 }),
  }),
  insights: arr(MapInsightView, { max: 2_000 }),
  /** Insights left out of the list (a hub with many spokes has many non-transitive paths). */
  moreInsights: num({ min: 0, integer: true }),
  /** A network to scroll to and select (the map opened from a network's row). */
  focus: optional(key),
  /** False until the inventory has loaded something; the panel says so. */
  loaded: bool(),
});
export type MapSceneMessage = Infer<typeof MapSceneMessage>;

export const MapHostToWebview = tagged('type', {
  scene: MapSceneMessage,
  rasterize: obj({
    type: literal('rasterize'),
    svg: str({ max: 30_000_000 }),
    width: num({ min: 1 }),
    height: num({ min: 1 }),
  }),
  /** Something the panel should say: a rejected message, a failed action. */
  notice: obj({ type: literal('notice'), level: literal('info', 'error'), message: text }),
});
export type MapHostToWebview = Infer<typeof MapHostToWebview>;
