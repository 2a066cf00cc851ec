/**
 * Places the visible graph with ELK (elkjs, the Eclipse Layout Kernel compiled to JavaScript):
 * providers, accounts and regions are nested compound nodes packed by ELK's `rectpacking`, and
 * the networks of a region by its `box` packer. ELK's layered algorithm over the whole hierarchy
 * (`INCLUDE_CHILDREN`) was measured too and took seconds for 50 networks with 200 peerings, so
 * the map packs groups, which stays under a second at 500 networks and 2,000 peerings (the
 * `map.layout_500_ms` benchmark row).
 *
 * Edges are drawn as straight lines between the boxes' borders: the groups carry the meaning
 * (who owns what, where), and a peering is a line between two of them.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api';
import type { VisibleEdge, VisibleGraph, VisibleGroup, VisibleNode } from './view';

export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 46;
/** Room for a group's title above its content. */
const GROUP_HEADER = 26;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type SceneGroup = VisibleGroup & Box & { depth: number };
export type SceneNode = VisibleNode & Box;
export type SceneEdge = VisibleEdge & { points: [number, number][] };

export interface Scene {
  width: number;
  height: number;
  groups: SceneGroup[];
  nodes: SceneNode[];
  edges: SceneEdge[];
}

let elk: InstanceType<typeof ELK> | undefined;

const GROUP_OPTIONS = {
  'elk.padding': `[top=${GROUP_HEADER + 6},left=10,bottom=10,right=10]`,
  'elk.spacing.nodeNode': '14',
  'elk.aspectRatio': '1.6',
};

export async function layoutScene(graph: VisibleGraph): Promise<Scene> {
  elk ??= new ELK();
  const elkNodes = new Map<string, ElkNode>();
  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'rectpacking',
      'elk.spacing.nodeNode': '24',
      'elk.aspectRatio': '1.6',
    },
    children: [],
  };
  const depthOf = (group: VisibleGroup) =>
    group.kind === 'provider' ? 0 : group.kind === 'account' ? 1 : 2;
  for (const group of graph.groups) {
    elkNodes.set(group.id, {
      id: group.id,
      layoutOptions: {
        ...GROUP_OPTIONS,
        // Networks in a region are equal boxes: the simple box packer places them fastest.
        'elk.algorithm': group.kind === 'region' ? 'box' : 'rectpacking',
      },
      children: [],
    });
  }
  const parentOf = (id: string | undefined): ElkNode => (id && elkNodes.get(id)) || root;
  for (const group of graph.groups) parentOf(group.parent).children?.push(elkNodes.get(group.id)!);
  for (const node of graph.nodes) {
    const elkNode: ElkNode = { id: node.key, width: NODE_WIDTH, height: NODE_HEIGHT };
    elkNodes.set(node.key, elkNode);
    parentOf(node.parent).children?.push(elkNode);
  }
  const laid = await elk.layout(root);

  const absolute = new Map<string, Box>();
  const walk = (node: ElkNode, dx: number, dy: number) => {
    for (const child of node.children ?? []) {
      const x = dx + (child.x ?? 0);
      const y = dy + (child.y ?? 0);
      absolute.set(child.id, { x, y, width: child.width ?? 0, height: child.height ?? 0 });
      walk(child, x, y);
    }
  };
  walk(laid, 0, 0);

  const box = (id: string): Box => absolute.get(id) ?? { x: 0, y: 0, width: 0, height: 0 };
  const groups: SceneGroup[] = graph.groups.map((g) => ({ ...g, ...box(g.id), depth: depthOf(g) }));
  const nodes: SceneNode[] = graph.nodes.map((n) => ({ ...n, ...box(n.key) }));
  const edges: SceneEdge[] = graph.edges.map((e) => ({
    ...e,
    points: straight(box(e.from), box(e.to)),
  }));
  return {
    width: Math.ceil(laid.width ?? 0),
    height: Math.ceil(laid.height ?? 0),
    groups,
    nodes,
    edges,
  };
}

/** The segment between two boxes' centres, cut at each box's border; a loop for a box to itself. */
export function straight(a: Box, b: Box): [number, number][] {
  const ca: [number, number] = [a.x + a.width / 2, a.y + a.height / 2];
  const cb: [number, number] = [b.x + b.width / 2, b.y + b.height / 2];
  if (ca[0] === cb[0] && ca[1] === cb[1]) {
    const top = a.y;
    return [
      [ca[0] - 20, top],
      [ca[0] - 20, top - 18],
      [ca[0] + 20, top - 18],
      [ca[0] + 20, top],
    ];
  }
  return [clip(ca, cb, a), clip(cb, ca, b)];
}

function clip(from: [number, number], to: [number, number], box: Box): [number, number] {
  const dx = to[0] - from[0];
  const dy = to[1] - from[1];
  const sx = dx === 0 ? Infinity : box.width / 2 / Math.abs(dx);
  const sy = dy === 0 ? Infinity : box.height / 2 / Math.abs(dy);
  const s = Math.min(sx, sy, 1);
  return [round(from[0] + dx * s), round(from[1] + dy * s)];
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
