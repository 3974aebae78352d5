import { z } from 'zod';
import { defineNode } from './types';

export const zPredictParams = z.strictObject({
  input: z.enum(['webcam', 'upload', 'draw', 'test-samples']).default('test-samples'),
  topK: z.int().min(1).max(20).default(3),
});
export type PredictParams = z.infer<typeof zPredictParams>;

export const predictNode = defineNode({
  type: 'predict',
  version: 1,
  label: 'Predict',
  category: 'output',
  description: 'Live predictions with top-k bars on test samples, an upload, a drawing pad or the webcam.',
  inputs: [{ id: 'model', type: 'model', label: 'model' }],
  outputs: [],
  params: zPredictParams,
  migrations: [],
});
