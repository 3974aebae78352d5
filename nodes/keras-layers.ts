import { z } from 'zod';
import { zActivation, zLayerName } from './common';

// The layers a `layers` node may hold, in Keras' own serialization format
// ({ class_name, config }), so a plan maps 1:1 to tf.layers.* and reads like Keras.

const zSize2 = z.union([z.int().min(1).max(1024), z.tuple([z.int().min(1).max(1024), z.int().min(1).max(1024)])]);
const zName = zLayerName.nullable().default(null);
const zPadding = z.enum(['valid', 'same']).default('valid');

const layer = <N extends string, C extends z.core.$ZodLooseShape>(className: N, config: C) =>
  z.strictObject({ class_name: z.literal(className), // Every config field has a default, so an empty config is valid.
    config: z.strictObject({ ...config, name: zName }).prefault({} as never) });

export const zConv2D = layer('Conv2D', {
  filters: z.int().min(1).max(8192).default(32),
  kernel_size: zSize2.default(3),
  strides: zSize2.default(1),
  padding: zPadding,
  activation: zActivation.default('linear'),
  use_bias: z.boolean().default(true),
});
export const zDepthwiseConv2D = layer('DepthwiseConv2D', {
  kernel_size: zSize2.default(3),
  strides: zSize2.default(1),
  padding: zPadding,
  depth_multiplier: z.int().min(1).max(64).default(1),
  activation: zActivation.default('linear'),
  use_bias: z.boolean().default(true),
});
export const zMaxPooling2D = layer('MaxPooling2D', {
  pool_size: zSize2.default(2),
  strides: zSize2.nullable().default(null),
  padding: zPadding,
});
export const zAveragePooling2D = layer('AveragePooling2D', {
  pool_size: zSize2.default(2),
  strides: zSize2.nullable().default(null),
  padding: zPadding,
});
export const zGlobalAveragePooling2D = layer('GlobalAveragePooling2D', {});
export const zGlobalMaxPooling2D = layer('GlobalMaxPooling2D', {});
export const zFlatten = layer('Flatten', {});
export const zDense = layer('Dense', {
  units: z.int().min(1).max(65536).default(10),
  activation: zActivation.default('linear'),
  use_bias: z.boolean().default(true),
});
export const zDropout = layer('Dropout', { rate: z.number().min(0).lt(1).default(0.5) });
export const zBatchNormalization = layer('BatchNormalization', {
  momentum: z.number().min(0).max(1).default(0.99),
  epsilon: z.number().positive().default(0.001),
});
export const zActivationLayer = layer('Activation', { activation: zActivation.default('relu') });

export const zKerasLayer = z.discriminatedUnion('class_name', [
  zConv2D, zDepthwiseConv2D, zMaxPooling2D, zAveragePooling2D, zGlobalAveragePooling2D,
  zGlobalMaxPooling2D, zFlatten, zDense, zDropout, zBatchNormalization, zActivationLayer,
]);
/** A layer as the user wrote it, defaults filled. */
export type KerasLayer = z.infer<typeof zKerasLayer>;
export type KerasClassName = KerasLayer['class_name'];
export const KERAS_CLASS_NAMES = zKerasLayer.options.map((o) => o.shape.class_name.value) as KerasClassName[];
