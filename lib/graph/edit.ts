import { getNodeDefinition } from '@/nodes/registry';
import type { PortDefinition } from '@/nodes/types';
import type { GraphDocument, GraphEdge, GraphNode } from './schema';

// Pure edits on a graph document: each returns a new document and never mutates its input.

/** A fresh id for a node of `type`: `type-1`, `type-2`, … */
export function newNodeId(graph: GraphDocument, type: string): string {
  const taken = new Set(graph.nodes.map((n) => n.id));
  for (let i = 1; ; i++) if (!taken.has(`${type}-${i}`)) return `${type}-${i}`;
}

function newEdgeId(graph: GraphDocument, taken = new Set(graph.edges.map((e) => e.id))): string {
  for (let i = graph.edges.length + 1; ; i++) if (!taken.has(`e${i}`)) { taken.add(`e${i}`); return `e${i}`; }
}

/** A node of `type` with every param at its default. */
export function createNode(graph: GraphDocument, type: string, position: { x: number; y: number }, id = newNodeId(graph, type)): GraphNode {
  const def = getNodeDefinition(type);
  if (!def) throw new Error(`unknown node type ${type}`);
  return { id, type, typeVersion: def.version, position: { x: Math.round(position.x), y: Math.round(position.y) }, params: def.params.parse({}) as Record<string, unknown> };
}

export function addNode(graph: GraphDocument, node: GraphNode): GraphDocument {
  return { ...graph, nodes: [...graph.nodes, node] };
}

export interface Connection {
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
}

function port(graph: GraphDocument, nodeId: string, portId: string, side: 'inputs' | 'outputs'): { label: string; port: PortDefinition } | null {
  const node = graph.nodes.find((n) => n.id === nodeId);
  const def = node && getNodeDefinition(node.type);
  const p = def?.[side].find((x) => x.id === portId);
  return def && p ? { label: def.label, port: p } : null;
}

const article = (w: string) => (/^[aeiou]/i.test(w) ? 'an' : 'a');

/** Whether `to` can be reached from `from` along edges (used to refuse loops). */
function reaches(graph: GraphDocument, from: string, to: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of graph.edges) if (e.source === id) stack.push(e.target);
  }
  return false;
}

/** Why a connection cannot be made, in a sentence; null when it can. */
export function connectionProblem(graph: GraphDocument, c: Connection): string | null {
  const out = port(graph, c.source, c.sourcePort, 'outputs');
  const inp = port(graph, c.target, c.targetPort, 'inputs');
  if (!out || !inp) return 'Connect an output (right side of a node) to an input (left side of another).';
  if (c.source === c.target) return 'A node cannot feed itself.';
  if (out.port.type !== inp.port.type) {
    return `The ${inp.port.label} input of ${inp.label} takes ${article(inp.port.type)} ${inp.port.type}, but this output gives ${article(out.port.type)} ${out.port.type}.`;
  }
  if (reaches(graph, c.target, c.source)) return 'That connection would make a loop: data and models must flow one way.';
  return null;
}

/** Adds a connection; an input takes one edge, so an existing edge into it is replaced. */
export function connect(graph: GraphDocument, c: Connection): { graph: GraphDocument; replaced: GraphEdge | null } {
  const replaced = graph.edges.find((e) => e.target === c.target && e.targetPort === c.targetPort) ?? null;
  const edges = graph.edges.filter((e) => e !== replaced);
  const edge: GraphEdge = { id: newEdgeId(graph), ...c };
  return { graph: { ...graph, edges: [...edges, edge] }, replaced };
}

export function removeElements(graph: GraphDocument, nodeIds: readonly string[], edgeIds: readonly string[] = []): GraphDocument {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  return {
    ...graph,
    nodes: graph.nodes.filter((n) => !nodes.has(n.id)),
    edges: graph.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target)),
  };
}

export function updateParams(graph: GraphDocument, nodeId: string, params: Record<string, unknown>): GraphDocument {
  return { ...graph, nodes: graph.nodes.map((n) => (n.id === nodeId ? { ...n, params } : n)) };
}

export function moveNodes(graph: GraphDocument, positions: Record<string, { x: number; y: number }>): GraphDocument {
  return {
    ...graph,
    nodes: graph.nodes.map((n) => (positions[n.id] ? { ...n, position: { x: Math.round(positions[n.id]!.x), y: Math.round(positions[n.id]!.y) } } : n)),
  };
}

/** Nodes and the edges between them, as copied to the clipboard. */
export interface Clipboard {
  format: 'graft.clipboard';
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export function copyNodes(graph: GraphDocument, nodeIds: readonly string[]): Clipboard {
  const ids = new Set(nodeIds);
  return {
    format: 'graft.clipboard',
    nodes: structuredClone(graph.nodes.filter((n) => ids.has(n.id))),
    edges: structuredClone(graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target))),
  };
}

/** Pastes copied nodes under new ids, shifted by `offset`; returns the new ids. */
export function pasteNodes(graph: GraphDocument, clip: Clipboard, offset = { x: 40, y: 40 }): { graph: GraphDocument; ids: string[] } {
  let next = graph;
  const rename = new Map<string, string>();
  for (const n of clip.nodes) {
    const id = newNodeId(next, n.type);
    rename.set(n.id, id);
    next = addNode(next, { ...structuredClone(n), id, position: { x: n.position.x + offset.x, y: n.position.y + offset.y } });
  }
  const taken = new Set(next.edges.map((e) => e.id));
  const edges = clip.edges.map((e) => ({ ...e, id: newEdgeId(next, taken), source: rename.get(e.source)!, target: rename.get(e.target)! }));
  return { graph: { ...next, edges: [...next.edges, ...edges] }, ids: [...rename.values()] };
}
