import { z } from 'zod';

/** Class labels are strings everywhere (DESIGN §4). */
export const zClassLabel = z.string().min(1).max(64);

/** Keras' activation names that tfjs-layers understands. */
export const ACTIVATIONS = [
  'linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'tanh', 'softmax', 'softplus', 'swish', 'gelu',
] as const;
export const zActivation = z.enum(ACTIVATIONS);
export type Activation = z.infer<typeof zActivation>;

/** A layer name as tfjs accepts it. */
export const zLayerName = z
  .string()
  .regex(/^[A-Za-z0-9][-A-Za-z0-9._/]*$/, 'a layer name starts with a letter or digit and uses letters, digits, -, _, . or /')
  .max(128);
