import type { BaseSpec, PlanLayer } from '@/lib/compiler/plan';
import type { AssetLoader } from './assets';
import { mixSeed } from './data/random';
import { tf } from './tf';
import type { LayersModel, SymbolicTensor } from './tf';

type Config = Record<string, unknown>;
type Activation = Parameters<typeof tf.layers.dense>[0]['activation'];

const seedOf = (name: string, seed: number) => mixSeed(seed, ...Array.from(name, (ch) => ch.charCodeAt(0)));

/** A tf.layers layer from a plan layer in Keras format; initialisers are seeded from its name. */
export function createLayer(layer: PlanLayer, seed: number): tf.layers.Layer {
  const c = layer.config as Config;
  const name = c.name as string;
  const kernelInitializer = tf.initializers.glorotUniform({ seed: seedOf(name, seed) });
  const act = (c.activation as Activation) ?? 'linear';
  const size = (v: unknown) => v as number | [number, number];
  switch (layer.class_name) {
    case 'Conv2D':
      return tf.layers.conv2d({ name, filters: c.filters as number, kernelSize: size(c.kernel_size), strides: size(c.strides), padding: c.padding as 'valid' | 'same', activation: act, useBias: c.use_bias as boolean, kernelInitializer });
    case 'DepthwiseConv2D':
      return tf.layers.depthwiseConv2d({ name, kernelSize: size(c.kernel_size), strides: size(c.strides), padding: c.padding as 'valid' | 'same', depthMultiplier: c.depth_multiplier as number, activation: act, useBias: c.use_bias as boolean, depthwiseInitializer: kernelInitializer });
    case 'MaxPooling2D':
      return tf.layers.maxPooling2d({ name, poolSize: size(c.pool_size), strides: c.strides === null ? undefined : size(c.strides), padding: c.padding as 'valid' | 'same' });
    case 'AveragePooling2D':
      return tf.layers.averagePooling2d({ name, poolSize: size(c.pool_size), strides: c.strides === null ? undefined : size(c.strides), padding: c.padding as 'valid' | 'same' });
    case 'GlobalAveragePooling2D':
      return tf.layers.globalAveragePooling2d({ name });
    case 'GlobalMaxPooling2D':
      return tf.layers.globalMaxPooling2d({ name });
    case 'Flatten':
      return tf.layers.flatten({ name });
    case 'Dense':
      return tf.layers.dense({ name, units: c.units as number, activation: act, useBias: c.use_bias as boolean, kernelInitializer });
    case 'Dropout':
      return tf.layers.dropout({ name, rate: c.rate as number, seed: seedOf(name, seed) });
    case 'BatchNormalization':
      return tf.layers.batchNormalization({ name, momentum: c.momentum as number, epsilon: c.epsilon as number });
    case 'Activation':
      return tf.layers.activation({ name, activation: act! });
    default:
      throw new Error(`layer type ${layer.class_name} is not supported by the runtime`);
  }
}

/** Applies plan layers on top of a model's output, sharing the existing layers and weights. */
export function extendModel(model: LayersModel, layers: readonly PlanLayer[], seed: number): LayersModel {
  let x = model.outputs[0]!;
  for (const l of layers) x = createLayer(l, seed).apply(x) as SymbolicTensor;
  return tf.model({ inputs: model.inputs, outputs: x, name: model.name });
}

/** A model from scratch (a `layers` node with no input). */
export function buildFromScratch(inputShape: number[], layers: readonly PlanLayer[], seed: number): LayersModel {
  const input = tf.input({ shape: inputShape, name: 'input' });
  let x: SymbolicTensor = input;
  for (const l of layers) x = createLayer(l, seed).apply(x) as SymbolicTensor;
  return tf.model({ inputs: input, outputs: x, name: 'graft_model' });
}

interface ModelJson {
  modelTopology: { model_config?: { config: { layers: { class_name: string; config: Config }[] } }; config?: unknown };
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  userDefinedMetadata?: Record<string, unknown>;
}

/** Loads a tfjs layers model.json with its weights, re-declaring the input size when asked. */
export async function loadLayersModelFrom(loader: AssetLoader, location: string, inputSize: number | null, channels: number): Promise<LayersModel> {
  const json = await loader.json<ModelJson>(location);
  const dir = location.includes('/') ? location.slice(0, location.lastIndexOf('/') + 1) : '';
  const topology = structuredClone(json.modelTopology);
  const layers = topology.model_config?.config.layers ?? (topology as unknown as { config: { layers: { class_name: string; config: Config }[] } }).config?.layers ?? [];
  for (const l of layers) {
    // A base loads with every layer trainable, whatever its file says: only freeze nodes decide.
    l.config.trainable = true;
    if (l.class_name === 'InputLayer' && inputSize !== null) {
      const shape = l.config.batch_input_shape as (number | null)[] | undefined;
      if (shape && shape.length === 4) l.config.batch_input_shape = [null, inputSize, inputSize, channels];
    }
  }
  const weightSpecs = json.weightsManifest.flatMap((g) => g.weights);
  const parts = await Promise.all(json.weightsManifest.flatMap((g) => g.paths).map((p) => loader.binary(/^[a-z]+:\/\//i.test(p) ? p : dir + p)));
  const weightData = concat(parts);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: topology as object, weightSpecs, weightData }));
}

function concat(parts: ArrayBuffer[]): ArrayBuffer {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let o = 0;
  for (const p of parts) { out.set(new Uint8Array(p), o); o += p.byteLength; }
  return out.buffer;
}

/** A pretrained base cut at its layer, with its pooling layer: the model a `build` step starts from. */
export async function buildFromBase(base: BaseSpec, loader: AssetLoader, library?: (id: string) => Promise<LayersModel>): Promise<LayersModel> {
  let full: LayersModel;
  if (base.source === 'library') {
    if (!library) throw new Error('this runtime has no model library');
    full = await library(base.location.replace(/^library:/, ''));
  } else {
    full = await loadLayersModelFrom(loader, base.location, base.inputSize, base.channels);
  }
  for (const l of full.layers) l.trainable = true;
  const cutAt = base.cutAt ?? full.layers[full.layers.length - 1]!.name;
  let x = full.getLayer(cutAt).output as SymbolicTensor;
  if (base.poolingLayer) {
    const pool = base.pooling === 'max' ? tf.layers.globalMaxPooling2d({ name: base.poolingLayer }) : tf.layers.globalAveragePooling2d({ name: base.poolingLayer });
    x = pool.apply(x) as SymbolicTensor;
  }
  const model = tf.model({ inputs: full.inputs, outputs: x, name: 'graft_model' });
  // Layers after the cut are not part of the model: free their weights now.
  for (const l of full.layers) if (!model.layers.includes(l)) l.dispose();
  return model;
}

/** An independent copy, weights included: what a fork trains. */
export async function cloneModel(model: LayersModel): Promise<LayersModel> {
  const topology = model.toJSON(null, false) as object;
  const copy = await tf.models.modelFromJSON({ modelTopology: topology } as tf.io.ModelJSON);
  const weights = model.getWeights();
  copy.setWeights(weights);
  model.layers.forEach((l, i) => { copy.layers[i]!.trainable = l.trainable; });
  return copy;
}

/**
 * The part of a model after layer `cut`, as a model that takes the cut layer's output.
 * Layers are shared with the full model, so training the suffix trains the model. Works on
 * any DAG whose only tensor crossing the cut is the cut layer's output (the compiler checks).
 */
export function suffixModel(model: LayersModel, cut: string): LayersModel {
  const cutLayer = model.getLayer(cut);
  const input = tf.input({ shape: (cutLayer.outputShape as number[]).slice(1), name: `${cut}_features` });
  const produced = new Map<string, SymbolicTensor>([[cut, input]]);
  const start = model.layers.indexOf(cutLayer);
  for (const layer of model.layers.slice(start + 1)) {
    // The layer's first inbound node is its wiring in the full model (later ones come from cuts like this one).
    const node = layer.inboundNodes[0]!;
    const ins = node.inboundLayers.map((l) => {
      const t = produced.get(l.name);
      if (!t) throw new Error(`cannot cut the model at "${cut}": "${layer.name}" reads "${l.name}", which comes before the cut`);
      return t;
    });
    produced.set(layer.name, layer.apply(ins.length === 1 ? ins[0]! : ins) as SymbolicTensor);
  }
  const outName = model.outputs[0]!.sourceLayer.name;
  return tf.model({ inputs: input, outputs: produced.get(outName)!, name: `${model.name}_after_${cut}` });
}

/** The part of a model up to and including layer `cut`. */
export function prefixModel(model: LayersModel, cut: string): LayersModel {
  return tf.model({ inputs: model.inputs, outputs: model.getLayer(cut).output as SymbolicTensor, name: `${model.name}_until_${cut}` });
}
