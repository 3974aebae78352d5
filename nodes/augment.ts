import { z } from 'zod';
import { defineNode } from './types';

export const zAugmentParams = z.strictObject({
  flipHorizontal: z.boolean().default(false),
  /** Maximum rotation either way, in degrees. */
  rotation: z.number().min(0).max(180).default(0),
  /** Maximum zoom in or out, as a fraction of the size. */
  zoom: z.number().min(0).max(0.9).default(0),
  /** Maximum shift, as a fraction of the size. */
  translate: z.number().min(0).max(0.9).default(0),
  brightness: z.number().min(0).max(1).default(0),
  contrast: z.number().min(0).max(1).default(0),
});
export type AugmentParams = z.infer<typeof zAugmentParams>;

export const augmentNode = defineNode({
  type: 'augment',
  version: 1,
  label: 'Augment',
  category: 'data',
  description: 'Random flips, rotations, zoom, shifts and colour changes on the training split, fresh each epoch.',
  inputs: [{ id: 'data', type: 'dataset', label: 'data' }],
  outputs: [{ id: 'data', type: 'dataset', label: 'data' }],
  params: zAugmentParams,
  migrations: [],
});
