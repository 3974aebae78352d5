import { z } from 'zod';
import { defineNode } from './types';
import { zActivation } from './common';

export const zHiddenLayer = z.strictObject({
  units: z.int().min(1).max(65536),
  activation: zActivation.default('relu'),
  dropout: z.number().min(0).lt(1).default(0),
});
export type HiddenLayer = z.infer<typeof zHiddenLayer>;

export const zDenseHeadParams = z.strictObject({
  hidden: z.array(zHiddenLayer).max(32).default([{ units: 128, activation: 'relu', dropout: 0.2 }]),
  /** auto: as many outputs as the dataset that trains it has classes. */
  units: z.union([z.literal('auto'), z.int().min(1).max(65536)]).default('auto'),
  outputActivation: z.enum(['auto', 'softmax', 'sigmoid']).default('auto'),
});
export type DenseHeadParams = z.infer<typeof zDenseHeadParams>;

export const denseHeadNode = defineNode({
  type: 'dense-head',
  version: 1,
  label: 'Dense head',
  category: 'model',
  description: 'A new classifier on top: optional hidden dense layers with dropout, then one output per class.',
  inputs: [{ id: 'model', type: 'model', label: 'model' }],
  outputs: [{ id: 'model', type: 'model', label: 'model' }],
  params: zDenseHeadParams,
  migrations: [],
});
