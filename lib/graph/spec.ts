/** A node as [id, type, params?]: the compact form tests, benchmarks and scripts build graphs from. */
export type NodeSpec = [id: string, type: string, params?: Record<string, unknown>];

/**
 * A raw graph document from node specs and edges written "source.port->target.port".
 * Nodes take their type's current version (optimizer: 2) and sit on a grid. Parse the result
 * with parseGraph like any document.
 */
export function documentFromSpec(nodes: NodeSpec[], edges: string[], title = 'graph'): Record<string, unknown> {
  return {
    format: 'graft.graph',
    version: 1,
    meta: { title, description: '' },
    nodes: nodes.map(([id, type, params], i) => ({
      id, type, typeVersion: type === 'optimizer' ? 2 : 1, position: { x: (i % 20) * 280, y: Math.floor(i / 20) * 220 }, params: params ?? {},
    })),
    edges: edges.map((e, i) => {
      const m = /^([\w-]+)\.(\w+)->([\w-]+)\.(\w+)$/.exec(e);
      if (!m) throw new Error(`bad edge "${e}": write it as source.port->target.port`);
      return { id: `e${i}`, source: m[1], sourcePort: m[2], target: m[3], targetPort: m[4] };
    }),
  };
}
