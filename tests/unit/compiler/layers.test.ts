import { describe, expect, it } from 'vitest';
import { inferLayer, defaultLayerName } from '@/lib/compiler/layers';
import { zKerasLayer } from '@/nodes/keras-layers';

const L = (class_name: string, config: Record<string, unknown> = {}) => zKerasLayer.parse({ class_name, config });

describe('Keras shape and parameter inference', () => {
  // Figures as Keras' model.summary() prints them for the same layers.
  it.each([
    ['Conv2D 32 3×3 valid on 28×28×1', L('Conv2D', { filters: 32, kernel_size: 3 }), [28, 28, 1], [26, 26, 32], 320, 0],
    ['Conv2D 64 3×3 same stride 2 on 13×13×32', L('Conv2D', { filters: 64, kernel_size: [3, 3], strides: 2, padding: 'same' }), [13, 13, 32], [7, 7, 64], 18496, 0],
    ['Conv2D without bias', L('Conv2D', { filters: 8, kernel_size: 1, use_bias: false }), [4, 4, 16], [4, 4, 8], 128, 0],
    ['DepthwiseConv2D 3×3 on 8×8×32', L('DepthwiseConv2D', { kernel_size: 3, padding: 'same' }), [8, 8, 32], [8, 8, 32], 320, 0],
    ['MaxPooling2D 2 on 11×11×64 (floor)', L('MaxPooling2D', { pool_size: 2 }), [11, 11, 64], [5, 5, 64], 0, 0],
    ['AveragePooling2D 3 stride 1 same', L('AveragePooling2D', { pool_size: 3, strides: 1, padding: 'same' }), [7, 7, 3], [7, 7, 3], 0, 0],
    ['GlobalAveragePooling2D', L('GlobalAveragePooling2D'), [4, 4, 1280], [1280], 0, 0],
    ['Flatten', L('Flatten'), [5, 5, 64], [1600], 0, 0],
    ['Dense 128 on 1600', L('Dense', { units: 128 }), [1600], [128], 204928, 0],
    ['Dense without bias', L('Dense', { units: 10, use_bias: false }), [64], [10], 640, 0],
    ['BatchNormalization on 96 channels', L('BatchNormalization'), [8, 8, 96], [8, 8, 96], 192, 192],
    ['Dropout', L('Dropout', { rate: 0.3 }), [128], [128], 0, 0],
  ])('%s', (_n, layer, input, output, trainable, nonTrainable) => {
    const r = inferLayer(layer, input);
    expect(r).toEqual({ ok: true, outputShape: output, params: { trainable, nonTrainable } });
  });

  it('explains layers that do not fit their input', () => {
    expect(inferLayer(L('Conv2D', { kernel_size: 5 }), [3, 3, 1])).toMatchObject({ ok: false, message: expect.stringMatching(/does not fit a 3×3 input/) });
    expect(inferLayer(L('MaxPooling2D'), [100])).toMatchObject({ ok: false, message: expect.stringMatching(/needs an image-shaped input/) });
  });

  it('names layers as Keras does', () => {
    expect(['Conv2D', 'MaxPooling2D', 'GlobalAveragePooling2D', 'BatchNormalization', 'Dense'].map(defaultLayerName))
      .toEqual(['conv2d', 'max_pooling2d', 'global_average_pooling2d', 'batch_normalization', 'dense']);
  });
});
