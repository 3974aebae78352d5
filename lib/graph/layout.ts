import dagre from '@dagrejs/dagre';
import type { GraphDocument } from './schema';
import { moveNodes } from './edit';

/** Left-to-right layered layout (dagre), using measured node sizes where known. */
export function autoLayout(graph: GraphDocument, sizes: Record<string, { width: number; height: number }> = {}): GraphDocument {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 90, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of graph.nodes) g.setNode(n.id, { width: sizes[n.id]?.width ?? 240, height: sizes[n.id]?.height ?? 150 });
  for (const e of graph.edges) if (g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const positions: Record<string, { x: number; y: number }> = {};
  for (const n of graph.nodes) {
    const p = g.node(n.id);
    // dagre gives centres; React Flow positions are top-left corners.
    positions[n.id] = { x: p.x - p.width / 2, y: p.y - p.height / 2 };
  }
  return moveNodes(graph, positions);
}
