/**
 * `dist/map.js`: the Peering Map's engine, required by the panel the first time a map opens
 * (never at activation), so ELK (about 1.5 MB of JavaScript) stays out of `dist/extension.js`.
 */
import { buildMapGraph, type MapGraph, type MapInput } from './graph';
import { renderSvg, toDot, toMermaid, type MapPalette } from './export';
import { layoutScene, type Scene } from './layout';
import { initialView, visibleGraph, type MapViewOptions } from './view';

export interface MapEngine {
  build(input: MapInput): MapGraph;
  /** What the map opens with: everything, or every account collapsed above 150 networks. */
  initialView(graph: MapGraph): MapViewOptions;
  /** Filters, collapses and lays out the graph; `svg` is what the panel draws (styled by class). */
  render(graph: MapGraph, view: MapViewOptions): Promise<{ scene: Scene; svg: string }>;
  /** A standalone SVG with the palette's colours written in. */
  exportSvg(scene: Scene, palette: MapPalette): string;
  exportText(graph: MapGraph, format: 'mermaid' | 'dot'): string;
}

export interface MapModule {
  createMapEngine(): MapEngine;
}

export function createMapEngine(): MapEngine {
  return {
    build: buildMapGraph,
    initialView,
    async render(graph, view) {
      const scene = await layoutScene(visibleGraph(graph, view));
      return { scene, svg: renderSvg(scene) };
    },
    exportSvg: (scene, palette) => renderSvg(scene, { palette }),
    exportText: (graph, format) => (format === 'mermaid' ? toMermaid(graph) : toDot(graph)),
  };
}
