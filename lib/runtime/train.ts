import type { InputAdapter, OptimizerSpec, PlanStep } from '@/lib/compiler/plan';
import type { LoadedDataset } from './data/types';
import { mixSeed, mulberry32, shuffleInPlace } from './data/random';
import type { EpochLog, RunEvent } from './events';
import { RunError } from './events';
import { prefixModel, suffixModel } from './model';
import { tf } from './tf';
import type { LayersModel, Tensor } from './tf';

type TrainStep = Extract<PlanStep, { kind: 'train' }>;

const FORCE_INFERENCE = Symbol('graft.forceInference');
const PATCHED = Symbol('graft.patched');
type PatchableLayer = tf.layers.Layer & { [FORCE_INFERENCE]?: boolean; [PATCHED]?: boolean };

/**
 * Frozen parts run in inference mode (DESIGN §6): every layer before the first trainable one,
 * and every frozen BatchNormalization anywhere, so batch statistics are never used and the
 * moving mean and variance never change. tfjs-layers would otherwise run them with
 * training = true inside a training step, even with trainable = false.
 */
export function applyInferenceModes(model: LayersModel): { frozenPrefix: number } {
  const first = model.layers.findIndex((l) => l.trainable && l.trainableWeights.length > 0);
  const prefixEnd = first < 0 ? model.layers.length : first;
  model.layers.forEach((layer, i) => {
    const l = layer as PatchableLayer;
    if (!l[PATCHED]) {
      const call = l.call.bind(l);
      l.call = (inputs, kwargs) => call(inputs, l[FORCE_INFERENCE] ? { ...kwargs, training: false } : kwargs);
      l[PATCHED] = true;
    }
    l[FORCE_INFERENCE] = i < prefixEnd || (l.getClassName() === 'BatchNormalization' && !l.trainable);
  });
  return { frozenPrefix: prefixEnd };
}

/** Turns [0, 1] samples into what the model's input expects: resize, channels, value range. */
export function adaptInput(x: Tensor, adapter: InputAdapter | null): Tensor {
  if (!adapter) return x;
  return tf.tidy(() => {
    let y = x as tf.Tensor4D;
    if (adapter.resize) y = tf.image.resizeBilinear(y, adapter.resize, true);
    if (adapter.channels === 'gray-to-rgb') y = tf.tile(y, [1, 1, 1, 3]);
    else if (adapter.channels === 'rgb-to-gray') y = tf.mean(y, 3, true) as tf.Tensor4D;
    if (adapter.scale) {
      const [lo, hi] = adapter.scale.to;
      y = tf.add(tf.mul(y, hi - lo), lo);
    }
    return y;
  });
}

export function createOptimizer(spec: OptimizerSpec): tf.Optimizer {
  const s = spec.settings;
  const lr = spec.learningRate;
  switch (spec.type) {
    case 'sgd': return tf.train.sgd(lr);
    case 'momentum': return tf.train.momentum(lr, s.momentum ?? 0.9);
    case 'adam': return tf.train.adam(lr, s.beta1, s.beta2, s.epsilon);
    case 'rmsprop': return tf.train.rmsprop(lr, s.rho, 0, s.epsilon);
    case 'adagrad': return tf.train.adagrad(lr);
    case 'adamax': return tf.train.adamax(lr, s.beta1, s.beta2, s.epsilon);
  }
}

/** The learning rate at optimizer step `step` (Keras' ExponentialDecay and CosineDecay). */
export function learningRateAt(spec: OptimizerSpec, step: number): number {
  const lr = spec.learningRate;
  const sch = spec.schedule;
  switch (sch.type) {
    case 'constant': return lr;
    case 'exponential': return lr * Math.pow(sch.decayRate, step / sch.decaySteps);
    case 'cosine': {
      const t = Math.min(step, sch.decaySteps) / sch.decaySteps;
      return lr * ((1 - sch.alpha) * 0.5 * (1 + Math.cos(Math.PI * t)) + sch.alpha);
    }
  }
}

function setLearningRate(opt: tf.Optimizer, lr: number) {
  const o = opt as tf.Optimizer & { setLearningRate?: (lr: number) => void; learningRate?: number };
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}

export function lossFunction(name: string): (y: Tensor, p: Tensor) => tf.Scalar {
  switch (name) {
    case 'binaryCrossentropy': return (y, p) => tf.mean(tf.metrics.binaryCrossentropy(y, p));
    case 'meanSquaredError': return (y, p) => tf.losses.meanSquaredError(y, p) as tf.Scalar;
    default: return (y, p) => tf.mean(tf.metrics.categoricalCrossentropy(y, p));
  }
}

/** Copies the chosen samples into one batch tensor of a fixed size (pads with zeros). */
export function batchTensor(data: LoadedDataset, indices: readonly number[], size = indices.length): tf.Tensor4D {
  const [h, w, c] = data.shape;
  const per = h * w * c;
  const buf = new Float32Array(size * per);
  indices.forEach((idx, i) => buf.set(data.x.subarray(idx * per, (idx + 1) * per), i * per));
  return tf.tensor4d(buf, [size, h, w, c]);
}

export function oneHot(data: LoadedDataset, indices: readonly number[]): tf.Tensor2D {
  return tf.tidy(() => tf.oneHot(tf.tensor1d(indices.map((i) => data.labels[i]!), 'int32'), data.classes.length) as tf.Tensor2D);
}

/** Random flips, rotations, zoom, shifts and colour jitter, per sample, from a seeded source. */
function augmentBatch(x: tf.Tensor4D, step: TrainStep, random: () => number): tf.Tensor4D {
  if (!step.augment.length) return x;
  return tf.tidy(() => {
    const [b, h, w] = x.shape;
    let y = x;
    for (const a of step.augment) {
      const transforms: number[] = [];
      for (let i = 0; i < b; i++) {
        const flip = a.flipHorizontal && random() < 0.5 ? -1 : 1;
        const angle = ((random() * 2 - 1) * a.rotation * Math.PI) / 180;
        const zoom = 1 + (random() * 2 - 1) * a.zoom;
        const tx = (random() * 2 - 1) * a.translate * w;
        const ty = (random() * 2 - 1) * a.translate * h;
        // Output pixel (x, y) samples input at A·(x, y) + t, about the image centre.
        const cos = Math.cos(angle) / zoom;
        const sin = Math.sin(angle) / zoom;
        const cx = (w - 1) / 2;
        const cy = (h - 1) / 2;
        const a0 = cos * flip;
        const a1 = -sin;
        const b0 = sin * flip;
        const b1 = cos;
        transforms.push(a0, a1, cx - a0 * cx - a1 * cy + tx, b0, b1, cy - b0 * cx - b1 * cy + ty, 0, 0);
      }
      y = tf.image.transform(y, tf.tensor2d(transforms, [b, 8]), 'bilinear', 'nearest');
      if (a.brightness > 0 || a.contrast > 0) {
        const bright = tf.tensor4d(Array.from({ length: b }, () => (random() * 2 - 1) * a.brightness), [b, 1, 1, 1]);
        const contrast = tf.tensor4d(Array.from({ length: b }, () => 1 + (random() * 2 - 1) * a.contrast), [b, 1, 1, 1]);
        const mean = tf.mean(y, [1, 2, 3], true);
        y = tf.clipByValue(tf.add(tf.add(tf.mul(tf.sub(y, mean), contrast), mean), bright), 0, 1) as tf.Tensor4D;
      }
    }
    return y;
  });
}

export interface StageOptions {
  model: LayersModel;
  step: TrainStep;
  data: LoadedDataset;
  seed: number;
  signal?: AbortSignal;
  emit: (e: RunEvent) => void;
  /** Minimum time between batch events. */
  batchEventMs: number;
  now: () => number;
}

export interface StageResult {
  history: EpochLog[];
  stoppedEarly: boolean;
  bestEpoch: number | null;
  seconds: number;
  cache: { enabled: boolean; reason: string };
}

const aborted = (signal?: AbortSignal) => {
  if (signal?.aborted) throw new RunError('cancelled', 'The run was stopped.');
};

/**
 * Trains one stage with a fixed batch shape (the last batch is filled from the start of the
 * shuffled order, so GPU buffers keep one size), on cached frozen-prefix features when the
 * plan says so, reading the loss after every batch to stop at once on a non-finite value.
 */
export async function trainStage(o: StageOptions): Promise<StageResult> {
  const { model, step, data, signal, emit } = o;
  const t0 = o.now();
  const trainIdx = data.splits.train;
  const valIdx = data.splits.validation;
  if (trainIdx.length === 0) throw new RunError('data', `Stage "${step.label}" has no training samples.`, step.node, step.stage);
  const B = Math.min(step.fit.batchSize, trainIdx.length);
  const batches = Math.ceil(trainIdx.length / B);
  applyInferenceModes(model);

  const disposables: Tensor[] = [];
  const optimizer = createOptimizer(step.optimizer);
  let cacheInfo = { enabled: step.cache.enabled, reason: step.cache.reason };
  let runModel = model;
  let features: { train: Tensor; val: Tensor | null } | null = null;
  let snapshot: Tensor[] | null = null;
  try {
    if (step.cache.enabled && step.cache.until) {
      const shape = (model.getLayer(step.cache.until).outputShape as number[]).slice(1);
      const bytes = (trainIdx.length + valIdx.length) * shape.reduce((a, b) => a * b, 1) * 4;
      if (bytes > step.cache.budgetBytes) {
        cacheInfo = { enabled: false, reason: `the cached outputs would take ${(bytes / 1048576).toFixed(0)} MB, over the ${(step.cache.budgetBytes / 1048576).toFixed(0)} MB budget` };
        emit({ type: 'log', level: 'info', node: step.node, message: `Feature cache off: ${cacheInfo.reason}.` });
      } else {
        const prefix = prefixModel(model, step.cache.until);
        // Computing the features can take minutes on a software adapter: say so before it starts.
        emit({ type: 'log', level: 'info', node: step.node, message: `Computing the frozen layers' outputs (up to "${step.cache.until}") once for ${trainIdx.length + valIdx.length} samples…` });
        const compute = async (indices: number[]) => {
          const parts: Tensor[] = [];
          try {
            for (let i = 0; i < indices.length; i += B) {
              aborted(signal);
              const chunk = indices.slice(i, i + B);
              const out = tf.tidy(() => {
                const x = adaptInput(batchTensor(data, chunk, B), step.adapter);
                const f = prefix.predict(x, { batchSize: B }) as Tensor;
                return chunk.length === B ? f : f.slice(0, chunk.length);
              });
              parts.push(out);
              await out.data(); // one batch at a time: keeps memory flat and lets the page breathe
            }
            return tf.concat(parts, 0);
          } finally {
            // Stopped half-way or done: the per-batch parts go either way.
            parts.forEach((p) => p.dispose());
          }
        };
        const trainFeatures = await compute(trainIdx);
        disposables.push(trainFeatures);
        const valFeatures = valIdx.length ? await compute(valIdx) : null;
        if (valFeatures) disposables.push(valFeatures);
        features = { train: trainFeatures, val: valFeatures };
        runModel = suffixModel(model, step.cache.until);
      }
    }

    const vars = runModel.trainableWeights.map((w) => w.read() as tf.Variable);
    const lossFn = lossFunction(step.loss);
    const random = mulberry32(mixSeed(o.seed, 0xa06, step.stage));
    const trainInputs = (batch: number[]): Tensor => adaptInput(augmentBatch(batchTensor(data, batch, batch.length), step, random), step.adapter);
    // Position of each train sample in `features.train`, without indexOf per batch.
    const position = new Map(trainIdx.map((v, i) => [v, i]));
    const cachedInputs = (batch: number[]): Tensor => tf.gather(features!.train, tf.tensor1d(batch.map((i) => position.get(i)!), 'int32'));

    const history: EpochLog[] = [];
    const es = step.fit.earlyStopping;
    let best = { value: Number.NaN, epoch: null as number | null };
    let wait = 0;
    let stoppedEarly = false;
    let stepCount = 0;
    let lastBatchEvent = -Infinity;

    emit({
      type: 'stage-start', node: step.node, stage: step.stage, label: step.label, epochs: step.fit.epochs,
      batchesPerEpoch: batches, samples: trainIdx.length, cache: cacheInfo, params: { trainable: step.params.trainable, nonTrainable: step.params.nonTrainable },
    });

    for (let epoch = 1; epoch <= step.fit.epochs; epoch++) {
      const e0 = o.now();
      const order = step.fit.shuffle ? shuffleInPlace([...trainIdx], mulberry32(mixSeed(o.seed, step.stage, epoch))) : [...trainIdx];
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      let lr = step.optimizer.learningRate;
      for (let b = 0; b < batches; b++) {
        aborted(signal);
        const batch = order.slice(b * B, (b + 1) * B);
        for (let k = 0; batch.length < B; k++) batch.push(order[k % order.length]!);
        lr = learningRateAt(step.optimizer, stepCount);
        setLearningRate(optimizer, lr);
        let pred: Tensor | null = null;
        const { value, grads } = tf.variableGrads(() => {
          const x = features ? cachedInputs(batch) : trainInputs(batch);
          const y = oneHot(data, batch);
          const p = runModel.apply(x, { training: true }) as Tensor;
          pred = tf.keep(p);
          return lossFn(y, p);
        }, vars);
        optimizer.applyGradients(grads);
        Object.values(grads).forEach((g) => g.dispose());
        stepCount++;
        const hits = tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(pred!, 1), tf.tensor1d(batch.map((i) => data.labels[i]!), 'int32')), 'float32')));
        const [lossValue] = await value.data();
        const [hitValue] = await hits.data();
        value.dispose();
        hits.dispose();
        (pred as Tensor | null)?.dispose();
        if (!Number.isFinite(lossValue)) {
          throw new RunError('non-finite-loss',
            `Stage "${step.label}" diverged: the loss became ${lossValue} in epoch ${epoch} (batch ${b + 1}). Lower the learning rate (it is ${step.optimizer.learningRate}) and run again.`,
            step.node, step.stage, epoch);
        }
        lossSum += lossValue! * batch.length;
        correct += hitValue!;
        seen += batch.length;
        const t = o.now();
        if (t - lastBatchEvent >= o.batchEventMs || b === batches - 1) {
          lastBatchEvent = t;
          emit({ type: 'batch', node: step.node, stage: step.stage, epoch, batch: b + 1, batches, loss: lossValue!, accuracy: hitValue! / batch.length });
        }
      }
      const val = valIdx.length ? await evaluateLoss(runModel, data, valIdx, B, lossFn, features?.val ?? null, step.adapter) : null;
      const seconds = (o.now() - e0) / 1000;
      const log: EpochLog = {
        epoch, loss: lossSum / seen, accuracy: correct / seen, val_loss: val?.loss ?? null, val_accuracy: val?.accuracy ?? null,
        lr, seconds, samplesPerSecond: seen / Math.max(seconds, 1e-9),
      };
      history.push(log);
      emit({ type: 'epoch', node: step.node, stage: step.stage, epochs: step.fit.epochs, ...log });

      if (es) {
        const value = es.monitor === 'loss' ? log.loss : es.monitor === 'accuracy' ? log.accuracy : es.monitor === 'val_loss' ? log.val_loss : log.val_accuracy;
        const better = value !== null && (Number.isNaN(best.value) || (es.monitor.endsWith('loss') ? value < best.value : value > best.value));
        if (better) {
          best = { value: value!, epoch };
          wait = 0;
          if (es.restoreBest) {
            snapshot?.forEach((t) => t.dispose());
            snapshot = model.getWeights().map((w) => w.clone());
          }
        } else if (++wait > es.patience) {
          stoppedEarly = true;
          break;
        }
      }
    }
    if (es?.restoreBest && snapshot && best.epoch !== history[history.length - 1]!.epoch) model.setWeights(snapshot);
    const seconds = (o.now() - t0) / 1000;
    emit({ type: 'stage-end', node: step.node, stage: step.stage, epochsRun: history.length, stoppedEarly, bestEpoch: best.epoch, seconds });
    return { history, stoppedEarly, bestEpoch: best.epoch, seconds, cache: cacheInfo };
  } finally {
    snapshot?.forEach((t) => t.dispose());
    disposables.forEach((t) => t.dispose());
    optimizer.dispose();
    // The suffix applied the model's layers once more (tfjs counts each application); disposing
    // it gives those references back and frees only its own input layer.
    if (runModel !== model) runModel.dispose();
  }
}

/** Loss and accuracy on some samples, in inference mode, with fixed-size padded batches. */
export async function evaluateLoss(
  model: LayersModel, data: LoadedDataset, indices: readonly number[], B: number,
  lossFn: (y: Tensor, p: Tensor) => tf.Scalar, features: Tensor | null, adapter: InputAdapter | null,
): Promise<{ loss: number; accuracy: number }> {
  let lossSum = 0;
  let correct = 0;
  for (let i = 0; i < indices.length; i += B) {
    const chunk = indices.slice(i, i + B);
    const [l, h] = tf.tidy(() => {
      let x: Tensor;
      if (features) {
        const f = features.slice(i, chunk.length);
        x = chunk.length === B ? f : tf.concat([f, tf.zeros([B - chunk.length, ...f.shape.slice(1)])], 0);
      } else {
        x = adaptInput(batchTensor(data, chunk, B), adapter);
      }
      const p = (model.predict(x, { batchSize: B }) as Tensor).slice(0, chunk.length);
      const y = oneHot(data, chunk);
      const loss = tf.mul(lossFn(y, p), chunk.length);
      const hits = tf.sum(tf.cast(tf.equal(tf.argMax(p, 1), tf.argMax(y, 1)), 'float32'));
      return [loss, hits];
    });
    lossSum += (await l.data())[0]!;
    correct += (await h.data())[0]!;
    l.dispose();
    h.dispose();
  }
  return { loss: lossSum / indices.length, accuracy: correct / indices.length };
}
