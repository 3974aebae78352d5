import { z } from 'zod';
import { defineNode } from './types';

export const BASE_SOURCES = ['mobilenet-v2', 'digits-cnn', 'url', 'library'] as const;

export const zPretrainedBaseParams = z.strictObject({
  source: z.enum(BASE_SOURCES).default('mobilenet-v2'),
  /** model.json of a tfjs layers model (source `url`). */
  url: z.string().max(2048).nullable().default(null),
  /** A model saved in the browser's library (source `library`). */
  libraryId: z.string().max(128).nullable().default(null),
  /** The last layer kept; null takes the base's own default (MobileNetV2: out_relu). */
  cutAt: z.string().max(128).nullable().default(null),
  /** Input side in pixels; null takes the base's default (MobileNetV2: 128). */
  inputSize: z.int().min(8).max(1024).nullable().default(null),
  pooling: z.enum(['avg', 'max', 'none']).default('avg'),
});
export type PretrainedBaseParams = z.infer<typeof zPretrainedBaseParams>;

export const pretrainedBaseNode = defineNode({
  type: 'pretrained-base',
  version: 1,
  label: 'Pretrained base',
  category: 'model',
  description: 'A pretrained network cut at a layer (MobileNetV2, digits-cnn, a URL or your library) to build on.',
  inputs: [],
  outputs: [{ id: 'model', type: 'model', label: 'model' }],
  params: zPretrainedBaseParams,
  migrations: [],
});
