import type { GraphDocument } from '@/lib/graph/schema';
import { parseGraph } from '@/lib/graph/parse';
import { documentFromSpec } from '@/lib/graph/spec';
import type { NodeSpec } from '@/lib/graph/spec';

/** A tiny graph builder for compiler tests: nodes in order, edges as "from.port->to.port". */
export function graph(nodes: NodeSpec[], edges: string[]): GraphDocument {
  const { graph: g, issues } = parseGraph(documentFromSpec(nodes, edges, 'test'));
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
