import { z } from 'zod';

export const GRAPH_FORMAT = 'graft.graph';
/** The document version this code writes. Older ones are migrated on load. */
export const GRAPH_VERSION = 1;

export const LIMITS = {
  bytes: 5 * 1024 * 1024,
  nodes: 1000,
  edges: 5000,
} as const;

export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const zId = z.string().regex(ID_PATTERN, 'an id is 1 to 64 letters, digits, _ or -');

const zFinite = z.number().refine(Number.isFinite, 'must be a finite number');

export const zGraphNode = z.strictObject({
  id: zId,
  type: z.string().min(1).max(64),
  typeVersion: z.int().min(1),
  position: z.strictObject({ x: zFinite, y: zFinite }),
  /** Checked against the node type's own schema separately, so a bad node is kept, not fatal. */
  params: z.record(z.string(), z.unknown()).default({}),
});
/** A node as stored: params are the type's params when valid, or whatever the file held. */
export type GraphNode = z.infer<typeof zGraphNode>;

export const zGraphEdge = z.strictObject({
  id: zId,
  source: zId,
  sourcePort: z.string().min(1).max(64),
  target: zId,
  targetPort: z.string().min(1).max(64),
});
export type GraphEdge = z.infer<typeof zGraphEdge>;

export const zGraphMeta = z.strictObject({
  title: z.string().max(200).default('Untitled graph'),
  description: z.string().max(20000).default(''),
});

export const zGraphDocument = z.strictObject({
  format: z.literal(GRAPH_FORMAT),
  version: z.literal(GRAPH_VERSION),
  meta: zGraphMeta.prefault({}),
  nodes: z.array(zGraphNode).max(LIMITS.nodes, `a graph holds at most ${LIMITS.nodes} nodes`),
  edges: z.array(zGraphEdge).max(LIMITS.edges, `a graph holds at most ${LIMITS.edges} edges`),
});
/** A Graft graph document (`*.graft.json`), DESIGN §3. */
export type GraphDocument = z.infer<typeof zGraphDocument>;

/** A problem found while reading a document. `path` is a JSON path such as `nodes[2].params.rate`. */
export interface GraphIssue {
  severity: 'error' | 'warning';
  code: string;
  path: string;
  message: string;
  /** Set when the issue belongs to one node, which is kept in the document as it was. */
  nodeId?: string;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && /^[A-Za-z_$][\w$]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out || '(document)';
}
