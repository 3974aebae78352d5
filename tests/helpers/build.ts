import type { GraphDocument } from '@/lib/graph/schema';
import { parseGraph } from '@/lib/graph/parse';

/** A tiny graph builder for compiler tests: nodes in order, edges as "from.port->to.port". */
export function graph(nodes: [id: string, type: string, params?: Record<string, unknown>][], edges: string[]): GraphDocument {
  const doc = {
    format: 'graft.graph',
    version: 1,
    meta: { title: 'test', description: '' },
    nodes: nodes.map(([id, type, params], i) => ({ id, type, typeVersion: type === 'optimizer' ? 2 : 1, position: { x: i * 100, y: 0 }, params: params ?? {} })),
    edges: edges.map((e, i) => {
      const m = /^([\w-]+)\.(\w+)->([\w-]+)\.(\w+)$/.exec(e);
      if (!m) throw new Error(`bad edge spec ${e}`);
      return { id: `e${i}`, source: m[1], sourcePort: m[2], target: m[3], targetPort: m[4] };
    }),
  };
  const { graph: g, issues } = parseGraph(doc);
  if (!g) throw new Error(issues.map((i) => i.message).join('; '));
  return g;
}

/** base → freeze → head → train, with data and optimizer: the usual transfer chain. */
export function transferChain(opts: { data?: Record<string, unknown>; base?: Record<string, unknown>; freeze?: Record<string, unknown>; head?: Record<string, unknown>; train?: Record<string, unknown> } = {}) {
  return graph(
    [
      ['data', 'dataset', opts.data ?? { source: 'synthetic', synthetic: { imageSize: 32, perClass: 10 } }],
      ['base', 'pretrained-base', opts.base ?? { source: 'mobilenet-v2', inputSize: 96 }],
      ['freeze', 'freeze', opts.freeze ?? { mode: 'all' }],
      ['head', 'dense-head', opts.head ?? { hidden: [] }],
      ['opt', 'optimizer', {}],
      ['train', 'train', opts.train ?? { epochs: 1 }],
    ],
    ['base.model->freeze.model', 'freeze.model->head.model', 'head.model->train.model', 'data.data->train.data', 'opt.optimizer->train.optimizer'],
  );
}
