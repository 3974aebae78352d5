import { z } from 'zod';
import { defineNode } from './types';

export const zEvaluateParams = z.strictObject({
  split: z.enum(['test', 'validation']).default('test'),
});
export type EvaluateParams = z.infer<typeof zEvaluateParams>;

export const evaluateNode = defineNode({
  type: 'evaluate',
  version: 1,
  label: 'Evaluate',
  category: 'output',
  description: 'Accuracy, confusion matrix, per-class precision and recall, and the misclassified samples.',
  inputs: [
    { id: 'model', type: 'model', label: 'model' },
    { id: 'data', type: 'dataset', label: 'data' },
  ],
  outputs: [],
  params: zEvaluateParams,
  migrations: [],
});
