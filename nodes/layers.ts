import { z } from 'zod';
import { defineNode } from './types';
import { zKerasLayer } from './keras-layers';

export const zLayersParams = z.strictObject({
  layers: z.array(zKerasLayer).max(500).default([]),
});
export type LayersParams = z.infer<typeof zLayersParams>;

export const layersNode = defineNode({
  type: 'layers',
  version: 1,
  label: 'Layers',
  category: 'model',
  description: 'Keras layers (Conv2D, pooling, Dense, Dropout…) added on top of a model, or a model from scratch.',
  inputs: [{ id: 'model', type: 'model', label: 'model', optional: true }],
  outputs: [{ id: 'model', type: 'model', label: 'model' }],
  params: zLayersParams,
  migrations: [],
});
