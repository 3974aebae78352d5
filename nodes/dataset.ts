import { z } from 'zod';
import { defineNode } from './types';
import { zClassLabel } from './common';

export const DATASET_SOURCES = ['mnist', 'synthetic', 'images', 'webcam'] as const;

/** The labels of the synthetic shapes dataset, in order. */
export const SYNTHETIC_CLASSES = ['circle', 'square', 'triangle', 'star', 'cross'] as const;

/** A dataset stored in the browser (images, webcam): its id, content hash and class names. */
export const zDatasetRef = z.strictObject({
  id: z.string().min(1).max(128),
  hash: z.string().max(128).default(''),
  classes: z.array(zClassLabel).max(1000),
  /** Samples per class, when known; lets the compiler size the feature cache. */
  counts: z.record(z.string(), z.int().min(0)).nullable().default(null),
});

export const zDatasetParams = z.strictObject({
  source: z.enum(DATASET_SOURCES).default('mnist'),
  /** A subset of the source's labels; null keeps them all. */
  classes: z.array(zClassLabel).max(1000).nullable().default(null),
  limitPerClass: z.int().min(1).nullable().default(null),
  validationSplit: z.number().min(0).max(0.95).default(0.2),
  testSplit: z.number().min(0).max(0.95).default(0.1),
  seed: z.int().min(0).max(2 ** 31 - 1).default(42),
  /** The stored dataset (images, webcam); null until the user adds images. */
  ref: zDatasetRef.nullable().default(null),
  /** Side, in pixels, at which stored images (images, webcam) are kept and fed. */
  imageSize: z.int().min(16).max(512).default(96),
  synthetic: z
    .strictObject({
      imageSize: z.int().min(8).max(256).default(64),
      perClass: z.int().min(1).max(5000).default(200),
    })
    .prefault({}),
});
export type DatasetParams = z.infer<typeof zDatasetParams>;

export const datasetNode = defineNode({
  type: 'dataset',
  version: 1,
  label: 'Dataset',
  category: 'data',
  description: 'Labelled images: MNIST digits, synthetic shapes, your own folders or the webcam, split into train/validation/test.',
  inputs: [],
  outputs: [{ id: 'data', type: 'dataset', label: 'data' }],
  params: zDatasetParams,
  migrations: [],
});
