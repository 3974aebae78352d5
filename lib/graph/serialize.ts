import type { GraphDocument } from './schema';

/**
 * Writes a graph as stable, explicit JSON: fields in a fixed order, params as parsed (so
 * defaults are written out), UI state never included. `serialize(parse(x))` is a fixed point.
 */
export function serializeGraph(graph: GraphDocument): string {
  const doc = {
    format: graph.format,
    version: graph.version,
    meta: { title: graph.meta.title, description: graph.meta.description },
    nodes: graph.nodes.map((n) => ({
      id: n.id,
      type: n.type,
      typeVersion: n.typeVersion,
      position: { x: n.position.x, y: n.position.y },
      params: n.params,
    })),
    edges: graph.edges.map((e) => ({
      id: e.id,
      source: e.source,
      sourcePort: e.sourcePort,
      target: e.target,
      targetPort: e.targetPort,
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** An empty document, ready to edit. */
export function emptyGraph(title = 'Untitled graph'): GraphDocument {
  return { format: 'graft.graph', version: 1, meta: { title, description: '' }, nodes: [], edges: [] };
}
