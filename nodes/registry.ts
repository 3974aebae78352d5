import type { z } from 'zod';
import type { NodeDefinition } from './types';
import { datasetNode } from './dataset';
import { augmentNode } from './augment';
import { pretrainedBaseNode } from './pretrained-base';
import { freezeNode } from './freeze';
import { denseHeadNode } from './dense-head';
import { layersNode } from './layers';
import { optimizerNode } from './optimizer';
import { trainNode } from './train';
import { evaluateNode } from './evaluate';
import { exportNode } from './export';
import { predictNode } from './predict';

export const NODE_TYPES = [
  'dataset', 'augment', 'pretrained-base', 'freeze', 'dense-head', 'layers',
  'optimizer', 'train', 'evaluate', 'export', 'predict',
] as const;
export type NodeType = (typeof NODE_TYPES)[number];

/** Every node type, keyed by its id: a type listed in NODE_TYPES without an entry is a compile error. */
export const registry = {
  dataset: datasetNode,
  augment: augmentNode,
  'pretrained-base': pretrainedBaseNode,
  freeze: freezeNode,
  'dense-head': denseHeadNode,
  layers: layersNode,
  optimizer: optimizerNode,
  train: trainNode,
  evaluate: evaluateNode,
  export: exportNode,
  predict: predictNode,
} satisfies Record<NodeType, NodeDefinition>;

export type Registry = typeof registry;
export type ParamsOf<T extends NodeType> = z.infer<Registry[T]['params']>;

export function isNodeType(type: string): type is NodeType {
  return Object.prototype.hasOwnProperty.call(registry, type);
}

export function getNodeDefinition(type: string): NodeDefinition | undefined {
  return isNodeType(type) ? registry[type] : undefined;
}

/** Fails loudly when a definition sits under another type's key or its migrations have gaps. */
export function checkRegistry(reg: Record<string, NodeDefinition> = registry): void {
  for (const [key, def] of Object.entries(reg)) {
    if (def.type !== key) throw new Error(`node registry: "${key}" holds the definition of "${def.type}"`);
    if (def.migrations.length !== def.version - 1) {
      throw new Error(`node registry: "${key}" is at version ${def.version} but has ${def.migrations.length} migrations`);
    }
    def.migrations.forEach((m, i) => {
      if (m.from !== i + 1) throw new Error(`node registry: "${key}" migration ${i} starts from ${m.from}, expected ${i + 1}`);
    });
  }
}
