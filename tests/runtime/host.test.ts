import { describe, expect, it } from 'vitest';
import { createRunHost, predictorsOf } from '@/lib/runtime/browser/host';
import type { FromWorker } from '@/lib/runtime/browser/protocol';
import { tf } from '@/lib/runtime/tf';
import { realCatalog } from '../helpers/fixtures';
import { planOf } from './helpers';

// The worker's host (lib/runtime/browser/host.ts), driven by messages as the editor drives it,
// on the CPU backend in Node: stop, a second run, predictions, samples, release.

const catalog = realCatalog();
const plan = (epochs: number) => planOf(catalog, [
  ['shapes', 'dataset', { source: 'synthetic', synthetic: { imageSize: 12, perClass: 12 }, classes: ['circle', 'square'], validationSplit: 0.25, testSplit: 0.25 }],
  ['net', 'layers', { layers: [{ class_name: 'Flatten', config: {} }] }],
  ['head', 'dense-head', { hidden: [{ units: 8, activation: 'relu', dropout: 0 }] }],
  ['sgd', 'optimizer', { type: 'sgd', learningRate: 0.05 }],
  ['train', 'train', { epochs, batchSize: 4 }],
  ['predict', 'predict', { input: 'draw', topK: 2 }],
], ['net.model->head.model', 'head.model->train.model', 'shapes.data->train.data', 'sgd.optimizer->train.optimizer', 'train.model->predict.model']);

function messages() {
  const seen: FromWorker[] = [];
  const waiting: { pred: (m: FromWorker) => boolean; resolve: (m: FromWorker) => void }[] = [];
  const post = (m: FromWorker) => {
    seen.push(m);
    for (const w of [...waiting]) if (w.pred(m)) { waiting.splice(waiting.indexOf(w), 1); w.resolve(m); }
  };
  const next = <T extends FromWorker>(pred: (m: FromWorker) => boolean) => new Promise<T>((resolve) => {
    const found = seen.find(pred);
    if (found) resolve(found as T);
    else waiting.push({ pred, resolve: resolve as (m: FromWorker) => void });
  });
  return { post, next, seen };
}

describe('the training worker\'s host (cpu)', () => {
  it('stops a run mid-way, runs the next, predicts and shows samples, and frees every tensor on release', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const { post, next, seen } = messages();
    const host = createRunHost(post, 'http://localhost');

    host.handle({ type: 'run', runId: 1, plan: plan(200), backend: 'cpu' });
    await next((m) => m.type === 'event' && m.runId === 1 && m.event.type === 'batch');
    host.handle({ type: 'stop', runId: 1 });
    host.handle({ type: 'run', runId: 2, plan: plan(1), backend: 'cpu' });

    const stopped = await next<Extract<FromWorker, { type: 'failed' }>>((m) => m.type === 'failed' && m.runId === 1);
    expect(stopped.code).toBe('cancelled');
    const epochsOfRun1 = seen.filter((m) => m.type === 'event' && m.runId === 1 && m.event.type === 'epoch').length;
    expect(epochsOfRun1).toBeLessThan(200);
    const done = await next<Extract<FromWorker, { type: 'finished' }>>((m) => m.type === 'finished' && m.runId === 2);
    expect(done.report.stages[0]!.history).toHaveLength(1);
    expect(done.predictors).toEqual(predictorsOf(plan(1)));
    expect(done.predictors[0]).toMatchObject({ node: 'predict', classes: ['circle', 'square'], shape: [12, 12, 3], topK: 2, dataset: 'shapes' });
    expect(seen.some((m) => m.type === 'finished' && m.runId === 1)).toBe(false);

    host.handle({ type: 'samples', requestId: 7, dataset: 'shapes', split: 'test', limit: 3 });
    const got = await next<Extract<FromWorker, { type: 'samples' }>>((m) => m.type === 'samples' && m.requestId === 7);
    expect(got.samples).toHaveLength(3);
    expect(got.samples[0]!.rgba).toHaveLength(12 * 12 * 4);
    expect(['circle', 'square']).toContain(got.samples[0]!.label);

    host.handle({ type: 'predict', requestId: 8, node: 'predict', pixels: new Float32Array(12 * 12 * 3).fill(0.5) });
    const p = await next<Extract<FromWorker, { type: 'prediction' }>>((m) => m.type === 'prediction' && m.requestId === 8);
    expect(p.probabilities).toHaveLength(2);
    expect(p.probabilities[0]! + p.probabilities[1]!).toBeCloseTo(1, 5);

    host.handle({ type: 'predict', requestId: 9, node: 'predict', pixels: new Float32Array(5) });
    const bad = await next<Extract<FromWorker, { type: 'request-failed' }>>((m) => m.type === 'request-failed' && m.requestId === 9);
    expect(bad.message).toMatch(/takes 12×12×3 inputs; got 5 values/);

    host.handle({ type: 'release' });
    await expect.poll(() => tf.memory().numTensors, { timeout: 5000, interval: 20 }).toBe(before);
    host.handle({ type: 'predict', requestId: 10, node: 'predict', pixels: new Float32Array(12 * 12 * 3) });
    const gone = await next<Extract<FromWorker, { type: 'request-failed' }>>((m) => m.type === 'request-failed' && m.requestId === 10);
    expect(gone.message).toMatch(/run the graph first/);
  }, 60_000);
});
