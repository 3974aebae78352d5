import type { InputAdapter } from '@/lib/compiler/plan';
import type { LoadedDataset, SplitName } from './data/types';
import type { Evaluation } from './events';
import { adaptInput, applyInferenceModes, batchTensor } from './train';
import { tf } from './tf';
import type { LayersModel, Tensor } from './tf';

/** Class probabilities for some samples, in inference mode, in fixed-size padded batches. */
export async function predictProbabilities(model: LayersModel, data: LoadedDataset, indices: readonly number[], adapter: InputAdapter | null, B = 32): Promise<Float32Array> {
  applyInferenceModes(model);
  const k = (model.outputs[0]!.shape as number[])[1]!;
  const out = new Float32Array(indices.length * k);
  for (let i = 0; i < indices.length; i += B) {
    const chunk = indices.slice(i, i + B);
    const p = tf.tidy(() => (model.predict(adaptInput(batchTensor(data, chunk, B), adapter), { batchSize: B }) as Tensor).slice(0, chunk.length));
    out.set(await p.data() as Float32Array, i * k);
    p.dispose();
  }
  return out;
}

/** Accuracy, loss, confusion matrix, per-class precision/recall and the misclassified samples. */
export async function evaluateModel(node: string, model: LayersModel, data: LoadedDataset, split: SplitName & ('test' | 'validation'), adapter: InputAdapter | null, maxMisclassified = 200): Promise<Evaluation> {
  const indices = data.splits[split];
  const k = data.classes.length;
  const probs = await predictProbabilities(model, data, indices, adapter);
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const misclassified: Evaluation['misclassified'] = [];
  const predictions: Evaluation['predictions'] = [];
  let loss = 0;
  let correct = 0;
  indices.forEach((idx, n) => {
    const row = probs.subarray(n * k, (n + 1) * k);
    let pred = 0;
    for (let c = 1; c < k; c++) if (row[c]! > row[pred]!) pred = c;
    const label = data.labels[idx]!;
    confusion[label]![pred]!++;
    predictions.push([data.ids[idx]!, label, pred]);
    loss -= Math.log(Math.min(1 - 1e-7, Math.max(1e-7, row[label]!)));
    if (pred === label) correct++;
    else if (misclassified.length < maxMisclassified) {
      misclassified.push({ id: data.ids[idx]!, label: data.classes[label]!, predicted: data.classes[pred]!, confidence: row[pred]! });
    }
  });
  const perClass = data.classes.map((label, c) => {
    const tp = confusion[c]![c]!;
    const predicted = confusion.reduce((n, r) => n + r[c]!, 0);
    const support = confusion[c]!.reduce((a, b) => a + b, 0);
    return { label, precision: predicted ? tp / predicted : 0, recall: support ? tp / support : 0, support };
  });
  return {
    node, split, dataset: data.id, classes: data.classes, samples: indices.length,
    accuracy: indices.length ? correct / indices.length : 0, loss: indices.length ? loss / indices.length : 0,
    confusion, perClass, misclassified, predictions,
  };
}
