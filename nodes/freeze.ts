import { z } from 'zod';
import { defineNode } from './types';

export const FREEZE_MODES = ['all', 'none', 'until', 'last-n', 'match'] as const;

export const zFreezeParams = z.strictObject({
  mode: z.enum(FREEZE_MODES).default('all'),
  /** until: freeze every layer up to and including this one; the rest train. */
  layer: z.string().max(128).nullable().default(null),
  /** last-n: leave the last N weighted layers trainable. */
  count: z.int().min(0).default(1),
  /** match: a regular expression on layer names; matching layers train, the rest freeze. */
  pattern: z.string().max(500).nullable().default(null),
  /** frozen: batch-norm layers stay frozen and in inference mode (Keras' advice for fine-tuning). */
  batchNorm: z.enum(['frozen', 'follow']).default('frozen'),
});
export type FreezeParams = z.infer<typeof zFreezeParams>;

export const freezeNode = defineNode({
  type: 'freeze',
  version: 1,
  label: 'Freeze',
  category: 'model',
  description: 'Choose which layers train: all frozen, none, up to a layer, the last N, or names matching a pattern.',
  inputs: [{ id: 'model', type: 'model', label: 'model' }],
  outputs: [{ id: 'model', type: 'model', label: 'model' }],
  params: zFreezeParams,
  migrations: [],
});
