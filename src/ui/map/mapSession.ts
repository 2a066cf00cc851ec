/**
 * The Peering Map panel's host side without `vscode`: it validates every message from the
 * webview (`MapWebviewToHost`), rebuilds the graph from the inventory, asks the engine
 * (`dist/map.js`, loaded lazily) for the scene, and turns clicks, edge menus, drags and exports
 * into the actions the panel was given. Unit tests drive it with the real engine.
 *
 * A message that does not validate is counted, logged on one line and answered with a `notice`;
 * nothing else changes, so the panel keeps working.
 */
import type { DiagnosisLookup } from '../../model/diagnosis';
import { escapeUnsafeCharacters } from '../../model/text';
import type { Network, NetworkRef } from '../../model/types';
import type { MapEdge, MapGraph, MapNetworkInput, MapNode, MapPeeringInput } from '../../map/graph';
import type { MapEngine } from '../../map/index';
import type { Scene } from '../../map/layout';
import { parse } from '../../protocol/schema';
import {
  MAP_PROTOCOL_VERSION,
  MapWebviewToHost,
  type EdgeAction,
  type ExportFormat,
  type MapHostToWebview,
  type MapInsightView,
  type MapSceneMessage,
  type MapViewOptions,
} from '../../protocol/mapMessages';
import { CLOUD_LABELS } from '../../providers/registry';

/** At most this many insights are listed in the panel; the rest are counted. */
const INSIGHT_LIMIT = 400;

export interface MapSessionActions {
  /** Reveals a network's row in the Networks view. */
  reveal(node: MapNode): Promise<void>;
  edgeAction(action: EdgeAction, edge: MapEdge): Promise<void>;
  /** Opens the wizard prefilled with both networks. */
  connect(from: MapNode, to: MapNode): Promise<void>;
  /** Asks where to save, writes, and returns the path (undefined when the user cancelled). */
  save(format: ExportFormat, content: string | Uint8Array): Promise<string | undefined>;
}

export interface MapSessionDeps {
  post(message: MapHostToWebview): unknown;
  loadEngine(): MapEngine | Promise<MapEngine>;
  inventory: {
    networks(): readonly MapNetworkInput[];
    peerings(): readonly MapPeeringInput[];
    lookup?(ref: NetworkRef): Network | undefined;
  };
  diagnoses?: DiagnosisLookup;
  emqxAccounts?(): ReadonlySet<string> | Promise<ReadonlySet<string>>;
  actions: MapSessionActions;
  log: {
    info(message: string): void;
    warn(message: string): void;
    error(message: string, error?: unknown): void;
  };
}

export class MapSession {
  /** Messages rejected so far; tests read it. */
  rejected = 0;
  private view: MapViewOptions | undefined;
  private graph: MapGraph | undefined;
  private scene: Scene | undefined;
  private focus: string | undefined;
  private rendering: Promise<void> = Promise.resolve();

  constructor(private readonly deps: MapSessionDeps) {}

  /** Scroll to this network on the next scene (the map opened from a network's row). */
  setFocus(nodeKey: string | undefined): void {
    this.focus = nodeKey;
  }

  get currentGraph(): MapGraph | undefined {
    return this.graph;
  }

  async receive(raw: unknown): Promise<void> {
    const parsed = parse(MapWebviewToHost, raw);
    if (!parsed.ok) {
      this.rejected++;
      const why = escapeUnsafeCharacters(parsed.error);
      this.deps.log.warn(`Peering Map: rejected a message from the panel: ${why}`);
      this.notice('error', `The map sent a message the extension does not accept (${why}).`);
      return;
    }
    const message = parsed.value;
    try {
      switch (message.type) {
        case 'ready':
          if (message.protocolVersion !== MAP_PROTOCOL_VERSION)
            this.deps.log.warn(
              `Peering Map: the panel speaks protocol ${message.protocolVersion}, the host ${MAP_PROTOCOL_VERSION}`,
            );
          return await this.refresh();
        case 'view':
          this.view = message.view;
          return await this.refresh(false);
        case 'reveal': {
          const node = this.graph?.nodes.find((n) => n.key === message.nodeKey);
          if (!node) return this.notice('error', 'That network is no longer on the map.');
          if (node.external)
            return this.notice(
              'info',
              `${node.name} is not in a configured account, so the Networks view has no row for it.`,
            );
          return await this.deps.actions.reveal(node);
        }
        case 'edgeAction': {
          const edge = this.graph?.edges.find((e) => e.key === message.peeringKey);
          if (!edge) return this.notice('error', 'That peering is no longer on the map.');
          return await this.deps.actions.edgeAction(message.action, edge);
        }
        case 'connect': {
          const from = this.graph?.nodes.find((n) => n.key === message.from);
          const to = this.graph?.nodes.find((n) => n.key === message.to);
          if (!from || !to || from === to)
            return this.notice('error', 'Drop on another network to connect the two.');
          if (from.external && to.external)
            return this.notice(
              'error',
              'Neither network is in a configured account: the wizard needs one of yours.',
            );
          return await this.deps.actions.connect(
            from.external ? to : from,
            from.external ? from : to,
          );
        }
        case 'export':
          return await this.export(message.format, message.palette);
        case 'png': {
          const base64 = message.dataUrl.slice(message.dataUrl.indexOf(',') + 1);
          const saved = await this.deps.actions.save('png', Buffer.from(base64, 'base64'));
          if (saved) this.notice('info', `Saved the map to ${saved}`);
          return;
        }
        case 'log': {
          const line = `Peering Map panel: ${escapeUnsafeCharacters(message.message)}`;
          if (message.level === 'error') this.deps.log.error(line);
          else if (message.level === 'warn') this.deps.log.warn(line);
          else this.deps.log.info(line);
          return;
        }
      }
    } catch (error) {
      this.deps.log.error(`Peering Map: ${message.type} failed`, error);
      this.notice('error', error instanceof Error ? error.message : String(error));
    }
  }

  /** Rebuilds the graph (unless only the view changed) and sends the new scene; calls are queued. */
  refresh(rebuild = true): Promise<void> {
    this.rendering = this.rendering
      .then(() => this.render(rebuild))
      .catch((error: unknown) => {
        this.deps.log.error('Peering Map: could not draw the map', error);
        this.notice(
          'error',
          `Could not draw the map: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    return this.rendering;
  }

  private async render(rebuild: boolean): Promise<void> {
    const engine = await this.deps.loadEngine();
    if (rebuild || !this.graph) {
      this.graph = engine.build({
        networks: this.deps.inventory.networks(),
        peerings: this.deps.inventory.peerings(),
        lookup: this.deps.inventory.lookup?.bind(this.deps.inventory),
        diagnoses: this.deps.diagnoses,
        emqxAccounts: await this.deps.emqxAccounts?.(),
      });
    }
    const graph = this.graph;
    this.view ??= engine.initialView(graph);
    const started = performance.now();
    const { scene, svg } = await engine.render(graph, this.view);
    this.scene = scene;
    const layoutMs = performance.now() - started;
    const insights = insightViews(graph);
    const message: MapSceneMessage = {
      type: 'scene',
      svg,
      width: scene.width,
      height: scene.height,
      view: this.view,
      facets: facets(graph),
      stats: {
        networks: graph.nodes.length,
        peerings: graph.edges.length,
        hiddenNetworks: graph.nodes.length - scene.nodes.reduce((sum, n) => sum + n.count, 0),
        hiddenPeerings:
          graph.edges.length - scene.edges.reduce((s, e) => s + e.peeringKeys.length, 0),
        layoutMs: Math.round(layoutMs),
      },
      insights: insights.slice(0, INSIGHT_LIMIT),
      moreInsights:
        Math.max(0, insights.length - INSIGHT_LIMIT) +
        graph.insights.nonTransitiveTotal -
        graph.insights.nonTransitive.length,
      ...(this.focus ? { focus: this.focus } : {}),
      loaded: graph.nodes.length > 0 || graph.edges.length > 0,
    };
    this.focus = undefined;
    this.deps.post(message);
  }

  private async export(
    format: ExportFormat,
    palette: Parameters<MapEngine['exportSvg']>[1],
  ): Promise<void> {
    const engine = await this.deps.loadEngine();
    if (!this.graph || !this.scene) return this.notice('error', 'The map is not drawn yet.');
    if (format === 'png') {
      const svg = engine.exportSvg(this.scene, palette);
      this.deps.post({
        type: 'rasterize',
        svg,
        width: Math.max(1, this.scene.width + 32),
        height: Math.max(1, this.scene.height + 32),
      });
      return;
    }
    const content =
      format === 'svg'
        ? engine.exportSvg(this.scene, palette)
        : engine.exportText(this.graph, format);
    const saved = await this.deps.actions.save(format, content);
    if (saved) this.notice('info', `Saved the map to ${saved}`);
  }

  private notice(level: 'info' | 'error', message: string): void {
    this.deps.post({ type: 'notice', level, message: message.slice(0, 2_000) });
  }
}

function facets(graph: MapGraph): MapSceneMessage['facets'] {
  const counts = new Map<MapNode['cloud'], number>();
  for (const node of graph.nodes) counts.set(node.cloud, (counts.get(node.cloud) ?? 0) + 1);
  return {
    clouds: [...counts].map(([id, count]) => ({ id, label: CLOUD_LABELS[id], count })),
    accounts: graph.groups
      .filter((g) => g.kind === 'account')
      .map((g) => ({ id: g.id, label: g.label.slice(0, 2_000), cloud: g.cloud })),
  };
}

export function insightViews(graph: MapGraph): MapInsightView[] {
  const name = new Map(graph.nodes.map((n) => [n.key, n.name]));
  const label = (key: string) => (name.get(key) ?? key).slice(0, 200);
  const out: MapInsightView[] = [];
  for (const o of graph.insights.overlaps) {
    out.push({
      kind: 'overlap',
      text: o.edgeKey
        ? `${label(o.a)} (${o.cidrA}) and ${label(o.b)} (${o.cidrB}) overlap and are peered: traffic to the overlapping addresses cannot be routed.`
        : `${label(o.a)} (${o.cidrA}) and ${label(o.b)} (${o.cidrB}) overlap; both peer with ${label(o.via ?? '')}, so they cannot be peered with each other.`,
      nodes: [o.a, o.b],
      edges: o.edgeKey ? [o.edgeKey] : [],
    });
  }
  for (const edge of graph.edges) {
    if (!edge.findings) continue;
    out.push({
      kind: 'finding',
      text: `Peering Doctor on ${edge.label.slice(0, 200)}: ${edge.findings.count} finding(s), worst ${edge.findings.worst}${edge.findings.titles[0] ? `: ${edge.findings.titles[0].slice(0, 300)}` : ''}`,
      nodes: [edge.from, edge.to],
      edges: [edge.key],
    });
  }
  for (const key of graph.insights.isolated) {
    out.push({ kind: 'isolated', text: `${label(key)} has no peering.`, nodes: [key], edges: [] });
  }
  for (const t of graph.insights.nonTransitive) {
    out.push({
      kind: 'nonTransitive',
      text: `${label(t.a)} ↔ ${label(t.via)} ↔ ${label(t.c)}: ${label(t.a)} cannot reach ${label(t.c)} through ${label(t.via)}; peering is not transitive.`,
      nodes: [t.a, t.via, t.c],
      edges: [],
      ...(t.doc ? { docUrl: t.doc.url } : {}),
    });
  }
  return out;
}
