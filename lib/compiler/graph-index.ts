import type { GraphDocument, GraphNode } from '@/lib/graph/schema';
import { resolveNode } from '@/lib/graph/resolve-node';
import type { NodeDefinition, PortDefinition } from '@/nodes/types';
import type { Diagnostic } from './plan';

export interface IndexedNode {
  node: GraphNode;
  order: number;
  def: NodeDefinition | undefined;
  /** Validated params with defaults, or null when the node is broken (unknown type, bad params). */
  params: Record<string, unknown> | null;
}

export interface Link {
  edgeId: string;
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
}

export interface GraphIndex {
  nodes: Map<string, IndexedNode>;
  /** The accepted edge into each input: inputs.get(nodeId)?.get(port). */
  inputs: Map<string, Map<string, Link>>;
  /** Inputs wired to something that cannot be checked (a broken node): not "missing", but no value either. */
  opaqueInputs: Map<string, Set<string>>;
  /** Accepted edges out of each node, by output port. */
  outputs: Map<string, Map<string, Link[]>>;
  /** Nodes in dependency order; nodes in or after a cycle are left out. */
  order: string[];
}

const portLabel = (def: NodeDefinition, port: PortDefinition) => `the ${port.label} ${def.inputs.includes(port) ? 'input' : 'output'} of this ${def.label}`;

/** Checks nodes and edges, and orders the nodes. Every problem becomes a diagnostic. */
export function indexGraph(graph: GraphDocument, diags: Diagnostic[]): GraphIndex {
  const nodes = new Map<string, IndexedNode>();
  graph.nodes.forEach((node, order) => {
    const resolved = resolveNode(node);
    if (resolved.ok) {
      nodes.set(node.id, { node, order, def: resolved.def, params: resolved.params });
      return;
    }
    nodes.set(node.id, { node, order, def: resolved.def, params: null });
    for (const p of resolved.problems) {
      diags.push({
        severity: 'error',
        nodeId: node.id,
        code: p.code,
        message: p.code === 'unknown-node-type'
          ? `"${node.type}" is not a node type this version of Graft knows, so this node cannot run.`
          : `${resolved.def?.label ?? node.type} settings: ${p.message}`,
        hint: p.code === 'unknown-node-type'
          ? 'Replace it with a node from the palette, or open the graph with the Graft that made it. It stays in the document as it is.'
          : p.code === 'invalid-params' ? 'Fix the setting in the inspector; the node keeps what you wrote until then.' : undefined,
      });
    }
  });

  const inputs = new Map<string, Map<string, Link>>();
  const opaqueInputs = new Map<string, Set<string>>();
  const outputs = new Map<string, Map<string, Link[]>>();
  for (const edge of graph.edges) {
    const link: Link = { edgeId: edge.id, source: edge.source, sourcePort: edge.sourcePort, target: edge.target, targetPort: edge.targetPort };
    const src = nodes.get(edge.source);
    const dst = nodes.get(edge.target);
    if (!src || !dst) {
      const missing = [!src ? `"${edge.source}"` : null, !dst ? `"${edge.target}"` : null].filter(Boolean).join(' and ');
      diags.push({
        severity: 'error',
        nodeId: dst ? edge.target : src ? edge.source : null,
        edgeId: edge.id,
        code: 'dangling-edge',
        message: `Connection "${edge.id}" refers to ${missing}, which ${missing.includes(' and ') ? 'are' : 'is'} not in the graph.`,
        hint: 'Delete the connection or add the missing node back.',
      });
      continue;
    }
    if (!src.def || !dst.def) {
      // One end is a node Graft cannot read; it is already reported. The input counts as wired.
      if (dst.def) addToSet(opaqueInputs, edge.target, edge.targetPort);
      continue;
    }
    const out = src.def.outputs.find((p) => p.id === edge.sourcePort);
    const inp = dst.def.inputs.find((p) => p.id === edge.targetPort);
    if (!out) {
      diags.push({
        severity: 'error', nodeId: edge.source, port: edge.sourcePort, edgeId: edge.id, code: 'unknown-port',
        message: `A ${src.def.label} has no output called "${edge.sourcePort}"${src.def.outputs.length ? ` (it has ${src.def.outputs.map((p) => `"${p.id}"`).join(', ')})` : ' (it has no outputs)'}.`,
        hint: 'Delete this connection and draw it again from the right handle.',
      });
      continue;
    }
    if (!inp) {
      diags.push({
        severity: 'error', nodeId: edge.target, port: edge.targetPort, edgeId: edge.id, code: 'unknown-port',
        message: `A ${dst.def.label} has no input called "${edge.targetPort}"${dst.def.inputs.length ? ` (it has ${dst.def.inputs.map((p) => `"${p.id}"`).join(', ')})` : ' (it has no inputs)'}.`,
        hint: 'Delete this connection and draw it again to the right handle.',
      });
      continue;
    }
    if (out.type !== inp.type) {
      addToSet(opaqueInputs, edge.target, edge.targetPort);
      diags.push({
        severity: 'error', nodeId: edge.target, port: edge.targetPort, edgeId: edge.id, code: 'port-type-mismatch',
        message: `${capitalize(portLabel(dst.def, inp))} takes ${article(inp.type)} ${inp.type}, but "${edge.source}" (${src.def.label}) gives ${article(out.type)} ${out.type}.`,
        hint: `Connect ${article(inp.type)} ${inp.type} output here, such as ${suggestSource(inp.type)}.`,
      });
      continue;
    }
    const taken = inputs.get(edge.target)?.get(edge.targetPort);
    if (taken) {
      diags.push({
        severity: 'error', nodeId: edge.target, port: edge.targetPort, edgeId: edge.id, code: 'input-taken',
        message: `${capitalize(portLabel(dst.def, inp))} already comes from "${taken.source}" (connection "${taken.edgeId}"); an input takes one connection, so connection "${edge.id}" from "${edge.source}" is ignored.`,
        hint: 'Delete one of the two connections. To compare variants, fork from an output instead: an output may feed several inputs.',
      });
      continue;
    }
    let byPort = inputs.get(edge.target);
    if (!byPort) inputs.set(edge.target, (byPort = new Map()));
    byPort.set(edge.targetPort, link);
    let outs = outputs.get(edge.source);
    if (!outs) outputs.set(edge.source, (outs = new Map()));
    const list = outs.get(edge.sourcePort) ?? [];
    list.push(link);
    outs.set(edge.sourcePort, list);
  }

  reportCycles(nodes, outputs, diags);
  return { nodes, inputs, opaqueInputs, outputs, order: topoOrder(nodes, inputs, outputs) };
}

function suggestSource(type: string): string {
  return type === 'dataset' ? 'a Dataset or Augment node' : type === 'optimizer' ? 'an Optimizer node' : 'a Pretrained base, Freeze, Dense head, Layers or Train node';
}

function addToSet(map: Map<string, Set<string>>, key: string, value: string) {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function successors(outputs: Map<string, Map<string, Link[]>>, id: string): string[] {
  const out: string[] = [];
  for (const links of outputs.get(id)?.values() ?? []) for (const l of links) out.push(l.target);
  return out;
}

/** Kahn's algorithm, ties broken by document order so plans are stable. */
function topoOrder(nodes: Map<string, IndexedNode>, inputs: Map<string, Map<string, Link>>, outputs: Map<string, Map<string, Link[]>>): string[] {
  const indegree = new Map<string, number>();
  for (const id of nodes.keys()) indegree.set(id, inputs.get(id)?.size ?? 0);
  const ready = [...nodes.keys()].filter((id) => indegree.get(id) === 0);
  const byOrder = (a: string, b: string) => nodes.get(a)!.order - nodes.get(b)!.order;
  ready.sort(byOrder);
  const order: string[] = [];
  while (ready.length) {
    const id = ready.shift()!;
    order.push(id);
    const newlyReady: string[] = [];
    for (const next of successors(outputs, id)) {
      const d = indegree.get(next)! - 1;
      indegree.set(next, d);
      if (d === 0) newlyReady.push(next);
    }
    if (newlyReady.length) {
      ready.push(...newlyReady);
      ready.sort(byOrder);
    }
  }
  return order;
}

/** Tarjan's strongly connected components: every node on a cycle gets a diagnostic naming the loop. */
function reportCycles(nodes: Map<string, IndexedNode>, outputs: Map<string, Map<string, Link[]>>, diags: Diagnostic[]): void {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  // Iterative, so a long chain of nodes cannot overflow the call stack.
  for (const start of nodes.keys()) {
    if (idx.has(start)) continue;
    const work: { id: string; succ: string[]; i: number }[] = [];
    const visit = (id: string) => {
      idx.set(id, index); low.set(id, index); index++;
      stack.push(id); onStack.add(id);
      work.push({ id, succ: successors(outputs, id), i: 0 });
    };
    visit(start);
    while (work.length) {
      const frame = work[work.length - 1]!;
      if (frame.i < frame.succ.length) {
        const next = frame.succ[frame.i++]!;
        if (!idx.has(next)) visit(next);
        else if (onStack.has(next)) low.set(frame.id, Math.min(low.get(frame.id)!, idx.get(next)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) === idx.get(frame.id)) {
        const comp: string[] = [];
        let w: string;
        do { w = stack.pop()!; onStack.delete(w); comp.push(w); } while (w !== frame.id);
        const selfLoop = comp.length === 1 && successors(outputs, frame.id).includes(frame.id);
        if (comp.length > 1 || selfLoop) components.push(comp);
      }
    }
  }
  for (const comp of components) {
    comp.sort((a, b) => nodes.get(a)!.order - nodes.get(b)!.order);
    const loop = [...comp, comp[0]].map((id) => `"${id}"`).join(' → ');
    for (const id of comp) {
      diags.push({
        severity: 'error', nodeId: id, code: 'cycle',
        message: `This node is part of a loop (${loop}): data and models must flow one way, so nothing on the loop can run.`,
        hint: 'Delete one connection of the loop. To train again from a result, chain a new Train node after it instead.',
      });
    }
  }
}
