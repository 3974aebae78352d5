import type { KerasLayer } from '@/nodes/keras-layers';

/** Shape without the batch dimension. */
export type Shape = number[];

export interface LayerParams {
  trainable: number;
  nonTrainable: number;
}

export type LayerInference =
  | { ok: true; outputShape: Shape; params: LayerParams }
  | { ok: false; message: string };

const pair = (v: number | [number, number]): [number, number] => (typeof v === 'number' ? [v, v] : v);
const prod = (s: Shape) => s.reduce((a, b) => a * b, 1);

export function formatShape(shape: Shape | null): string {
  return shape ? `${shape.join('×')}` : 'unknown';
}

function spatial(n: number, k: number, s: number, padding: 'valid' | 'same'): number {
  return padding === 'same' ? Math.ceil(n / s) : Math.floor((n - k) / s) + 1;
}

function need3d(layer: KerasLayer, input: Shape): LayerInference | null {
  if (input.length !== 3) {
    return { ok: false, message: `${layer.class_name} needs an image-shaped input (height × width × channels), but gets ${formatShape(input)}` };
  }
  return null;
}

function conv2dShape(input: Shape, kernel: [number, number], strides: [number, number], padding: 'valid' | 'same', channels: number, className: string): LayerInference | Shape {
  const [h, w] = input as [number, number, number];
  const oh = spatial(h, kernel[0], strides[0], padding);
  const ow = spatial(w, kernel[1], strides[1], padding);
  if (oh < 1 || ow < 1) {
    return { ok: false, message: `${className} with a ${kernel[0]}×${kernel[1]} window and 'valid' padding does not fit a ${h}×${w} input; use padding 'same' or a smaller window` };
  }
  return [oh, ow, channels];
}

/** Output shape and parameter counts of one Keras layer, as Keras computes them. */
export function inferLayer(layer: KerasLayer, input: Shape): LayerInference {
  switch (layer.class_name) {
    case 'Conv2D': {
      const bad = need3d(layer, input);
      if (bad) return bad;
      const k = pair(layer.config.kernel_size);
      const out = conv2dShape(input, k, pair(layer.config.strides), layer.config.padding, layer.config.filters, layer.class_name);
      if (!Array.isArray(out)) return out;
      const cin = input[2]!;
      const trainable = k[0] * k[1] * cin * layer.config.filters + (layer.config.use_bias ? layer.config.filters : 0);
      return { ok: true, outputShape: out, params: { trainable, nonTrainable: 0 } };
    }
    case 'DepthwiseConv2D': {
      const bad = need3d(layer, input);
      if (bad) return bad;
      const k = pair(layer.config.kernel_size);
      const cout = input[2]! * layer.config.depth_multiplier;
      const out = conv2dShape(input, k, pair(layer.config.strides), layer.config.padding, cout, layer.class_name);
      if (!Array.isArray(out)) return out;
      const trainable = k[0] * k[1] * cout + (layer.config.use_bias ? cout : 0);
      return { ok: true, outputShape: out, params: { trainable, nonTrainable: 0 } };
    }
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      const bad = need3d(layer, input);
      if (bad) return bad;
      const k = pair(layer.config.pool_size);
      const s = layer.config.strides === null ? k : pair(layer.config.strides);
      const out = conv2dShape(input, k, s, layer.config.padding, input[2]!, layer.class_name);
      if (!Array.isArray(out)) return out;
      return { ok: true, outputShape: out, params: { trainable: 0, nonTrainable: 0 } };
    }
    case 'GlobalAveragePooling2D':
    case 'GlobalMaxPooling2D': {
      const bad = need3d(layer, input);
      if (bad) return bad;
      return { ok: true, outputShape: [input[2]!], params: { trainable: 0, nonTrainable: 0 } };
    }
    case 'Flatten':
      return { ok: true, outputShape: [prod(input)], params: { trainable: 0, nonTrainable: 0 } };
    case 'Dense': {
      const last = input[input.length - 1]!;
      const units = layer.config.units;
      return {
        ok: true,
        outputShape: [...input.slice(0, -1), units],
        params: { trainable: last * units + (layer.config.use_bias ? units : 0), nonTrainable: 0 },
      };
    }
    case 'BatchNormalization': {
      const ch = input[input.length - 1]!;
      return { ok: true, outputShape: [...input], params: { trainable: 2 * ch, nonTrainable: 2 * ch } };
    }
    case 'Dropout':
    case 'Activation':
      return { ok: true, outputShape: [...input], params: { trainable: 0, nonTrainable: 0 } };
  }
}

/** The activation a layer applies last, if it has one. */
export function layerActivation(layer: KerasLayer): string | null {
  if ('activation' in layer.config) return layer.config.activation;
  return null;
}

/** Keras' to_snake_case: Conv2D → conv2d, MaxPooling2D → max_pooling2d. */
export function defaultLayerName(className: string): string {
  return className.replace(/(.)([A-Z][a-z]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}
