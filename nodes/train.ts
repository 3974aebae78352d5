import { z } from 'zod';
import { defineNode } from './types';

export const LOSSES = ['auto', 'categoricalCrossentropy', 'binaryCrossentropy', 'meanSquaredError'] as const;

export const zEarlyStopping = z.strictObject({
  monitor: z.enum(['val_loss', 'val_accuracy', 'loss', 'accuracy']).default('val_loss'),
  patience: z.int().min(0).max(1000).default(3),
  restoreBest: z.boolean().default(true),
});

export const zTrainParams = z.strictObject({
  epochs: z.int().min(1).max(10000).default(10),
  batchSize: z.int().min(1).max(4096).default(32),
  loss: z.enum(LOSSES).default('auto'),
  /** null: off. */
  earlyStopping: zEarlyStopping.nullable().default(null),
  shuffle: z.boolean().default(true),
  cache: z.enum(['auto', 'off']).default('auto'),
  /** The stage's name in charts and reports; null names it after its position. */
  label: z.string().max(100).nullable().default(null),
});
export type TrainParams = z.infer<typeof zTrainParams>;

export const trainNode = defineNode({
  type: 'train',
  version: 1,
  label: 'Train',
  category: 'training',
  description: 'One training stage: fits the model on the data with the optimizer, starting from the weights it is given.',
  inputs: [
    { id: 'model', type: 'model', label: 'model' },
    { id: 'data', type: 'dataset', label: 'data' },
    { id: 'optimizer', type: 'optimizer', label: 'optimizer' },
  ],
  outputs: [{ id: 'model', type: 'model', label: 'model' }],
  params: zTrainParams,
  migrations: [],
});
