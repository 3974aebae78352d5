import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import type { Catalog } from '@/lib/catalog/types';
import { RunError } from '@/lib/runtime/events';
import type { RunEvent } from '@/lib/runtime/events';
import { tf } from '@/lib/runtime/tf';
import { fileLoader } from '@/lib/runtime/node';
import { loadLayersModelFrom } from '@/lib/runtime/model';
import { runPlan } from '@/lib/runtime/run-plan';
import { nodeSources } from '@/lib/runtime/node';
import { ROOT } from '../helpers/fixtures';
import { planOf, run, tinyBase, tinyTransfer, tmp, weightsOf } from './helpers';
import type { Backend } from './helpers';

const epochs = (events: RunEvent[]) => events.filter((e): e is Extract<RunEvent, { type: 'epoch' }> => e.type === 'epoch');

/** The runtime's contract (DESIGN §6, issue #3), run on one backend with tiny models. */
export function runtimeSuite(backend: Backend, skipReason: string | null = null) {
  describe.skipIf(skipReason !== null)(`runtime on ${backend}${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
    let dir: string;
    let catalog: Catalog;
    let tensorsAtStart: number;

    beforeAll(async () => {
      ({ dir, catalog } = await tinyBase());
      tensorsAtStart = tf.memory().numTensors;
    });
    afterAll(() => {
      // Every run below is disposed: nothing may be left behind.
      expect(tf.memory().numTensors).toBe(tensorsAtStart);
    });

    it('uses the backend it was asked for, and says so', async () => {
      const { result, events } = await run(tinyTransfer(catalog, { train: { epochs: 1 } }), backend, dir);
      result.dispose();
      expect(events[0]).toMatchObject({ type: 'backend', backend: { name: backend, requested: backend } });
      expect(tf.getBackend()).toBe(backend);
    });

    it('loss falls on a learnable problem', async () => {
      const { result, events } = await run(tinyTransfer(catalog, { freeze: { mode: 'none' }, train: { epochs: 5 } }), backend, dir);
      result.dispose();
      const log = epochs(events);
      expect(log).toHaveLength(5);
      expect(log[4]!.loss).toBeLessThan(log[0]!.loss * 0.8);
      expect(log[4]!.val_accuracy).toBeGreaterThan(0.75);
    });

    it('frozen weights stay bit-identical, trainable ones change, frozen batch-norm statistics do not move', async () => {
      const plan = tinyTransfer(catalog, { freeze: { mode: 'until', layer: 'tiny_relu1' }, train: { epochs: 2, cache: 'off' } });
      const library = await loadLayersModelFrom(fileLoader(dir), 'tiny/model.json', null, 3);
      const before = { conv1: await weightsOf(library, 'tiny_conv1'), bn: await weightsOf(library, 'tiny_bn1'), conv2: await weightsOf(library, 'tiny_conv2') };
      library.dispose();
      const { result } = await run(plan, backend, dir);
      const m = result.models.get('base')!;
      const after = { conv1: await weightsOf(m, 'tiny_conv1'), bn: await weightsOf(m, 'tiny_bn1'), conv2: await weightsOf(m, 'tiny_conv2') };
      result.dispose();
      expect(after.conv1).toEqual(before.conv1);
      // gamma, beta, moving mean, moving variance: all four unchanged (inference mode, frozen).
      expect(after.bn).toEqual(before.bn);
      expect(after.conv2[0]).not.toEqual(before.conv2[0]);
    });

    it('a batch norm that trains ("follow") does update its statistics', async () => {
      const plan = tinyTransfer(catalog, { freeze: { mode: 'none', batchNorm: 'follow' }, train: { epochs: 1 } });
      const library = await loadLayersModelFrom(fileLoader(dir), 'tiny/model.json', null, 3);
      const before = await weightsOf(library, 'tiny_bn1');
      library.dispose();
      const { result } = await run(plan, backend, dir);
      const after = await weightsOf(result.models.get('base')!, 'tiny_bn1');
      result.dispose();
      expect(after[2]).not.toEqual(before[2]); // moving mean
    });

    it('the frozen-prefix cache gives the same loss history as no cache', async () => {
      const histories: number[][][] = [];
      for (const cache of ['auto', 'off']) {
        const { result, events } = await run(tinyTransfer(catalog, { train: { epochs: 3, cache } }), backend, dir);
        result.dispose();
        const start = events.find((e) => e.type === 'stage-start') as Extract<RunEvent, { type: 'stage-start' }>;
        expect(start.cache.enabled).toBe(cache === 'auto');
        histories.push(epochs(events).map((e) => [e.loss, e.val_loss!]));
      }
      expect(histories[0]!.length).toBe(3);
      histories[0]!.forEach(([l, v], i) => {
        expect(l).toBeCloseTo(histories[1]![i]![0]!, 4);
        expect(v).toBeCloseTo(histories[1]![i]![1]!, 4);
      });
    });

    it('stage 2 starts from the weights stage 1 left', async () => {
      const plan = planOf(catalog, [
        ['data', 'dataset', { source: 'synthetic', classes: ['circle', 'square'], synthetic: { imageSize: 12, perClass: 16 } }],
        ['base', 'pretrained-base', { source: 'library', libraryId: 'tiny' }], ['f1', 'freeze', {}], ['head', 'dense-head', { hidden: [] }],
        ['opt', 'optimizer', { learningRate: 0.05 }], ['t1', 'train', { epochs: 2, batchSize: 8 }],
        ['f2', 'freeze', { mode: 'none' }], ['slow', 'optimizer', { type: 'sgd', learningRate: 1e-9 }], ['t2', 'train', { epochs: 1, batchSize: 8, shuffle: false }],
      ], ['base.model->f1.model', 'f1.model->head.model', 'head.model->t1.model', 'data.data->t1.data', 'opt.optimizer->t1.optimizer',
        't1.model->f2.model', 'f2.model->t2.model', 'data.data->t2.data', 'slow.optimizer->t2.optimizer']);
      const { result, events } = await run(plan, backend, dir);
      result.dispose();
      const [s1, s2] = [epochs(events).filter((e) => e.stage === 1), epochs(events).filter((e) => e.stage === 2)];
      // With a learning rate of 1e-9, stage 2 changes nothing: its validation loss is where stage 1 ended.
      expect(s2[0]!.val_loss!).toBeCloseTo(s1[s1.length - 1]!.val_loss!, 4);
      expect(events.filter((e) => e.type === 'stage-start').map((e) => (e as { stage: number }).stage)).toEqual([1, 2]);
    });

    it('a fork trains a copy: the branch point and the other branch keep their weights', async () => {
      const plan = planOf(catalog, [
        ['data', 'dataset', { source: 'synthetic', classes: ['circle', 'square'], synthetic: { imageSize: 12, perClass: 16 } }],
        ['base', 'pretrained-base', { source: 'library', libraryId: 'tiny' }], ['head', 'dense-head', { hidden: [] }],
        ['opt', 'optimizer', { learningRate: 0.05 }], ['t1', 'train', { epochs: 1, batchSize: 8 }],
        ['fa', 'freeze', { mode: 'none' }], ['ta', 'train', { epochs: 2, batchSize: 8 }], ['fb', 'freeze', { mode: 'all' }], ['x', 'export', {}],
      ], ['base.model->head.model', 'head.model->t1.model', 'data.data->t1.data', 'opt.optimizer->t1.optimizer',
        't1.model->fa.model', 'fa.model->ta.model', 'data.data->ta.data', 'opt.optimizer->ta.optimizer', 't1.model->fb.model', 'fb.model->x.model']);
      expect(plan.steps.filter((s) => s.kind === 'fork').map((s) => s.model)).toEqual(['fa', 'fb']);
      const { result } = await run(plan, backend, dir);
      const [trunk, a, b] = ['base', 'fa', 'fb'].map((id) => result.models.get(id)!);
      const w = async (m: tf.LayersModel) => weightsOf(m, 'tiny_conv1');
      const [wt, wa, wb] = [await w(trunk!), await w(a!), await w(b!)];
      result.dispose();
      expect(wa[0]).not.toEqual(wt[0]);
      expect(wb[0]).toEqual(wt[0]);
    });

    it('stopping while the frozen layers\' outputs are being computed leaves no tensors', async () => {
      const before = tf.memory().numTensors;
      // A signal that reads "aborted" from its second check once the feature computation has
      // begun: at least one batch of features exists when the stop lands.
      let computing = false;
      let reads = 0;
      const signal = { get aborted() { return computing && ++reads > 1; } } as AbortSignal;
      const err = await run(tinyTransfer(catalog, { train: { epochs: 2, batchSize: 4 } }), backend, dir, {
        signal,
        onEvent: (e) => { if (e.type === 'log' && /Computing the frozen layers/.test(e.message)) computing = true; },
      }).catch((e: unknown) => e);
      expect(computing).toBe(true);
      expect((err as RunError).code).toBe('cancelled');
      expect(tf.memory().numTensors).toBe(before);
    });

    it('stopping mid-epoch ends the run with "cancelled" and leaves no tensors', async () => {
      const before = tf.memory().numTensors;
      const controller = new AbortController();
      let batches = 0;
      const err = await run(tinyTransfer(catalog, { freeze: { mode: 'none' }, train: { epochs: 5, batchSize: 4 } }), backend, dir, {
        signal: controller.signal,
        onEvent: (e) => { if (e.type === 'batch' && ++batches === 3) controller.abort(); },
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RunError);
      expect((err as RunError).code).toBe('cancelled');
      expect(batches).toBe(3);
      expect(tf.memory().numTensors).toBe(before);
    });

    it('a huge learning rate stops the stage with the non-finite-loss error, naming stage and epoch', async () => {
      const before = tf.memory().numTensors;
      // A linear output with squared error has no clipping to hide the blow-up: with a learning
      // rate of 1e30 the outputs overflow float32 within a few steps, on every backend.
      const plan = planOf(catalog, [
        ['data', 'dataset', { source: 'mnist', classes: ['0', '1'], limitPerClass: 16 }],
        ['net', 'layers', { layers: [{ class_name: 'Flatten', config: {} }, { class_name: 'Dense', config: { units: 2 } }] }],
        ['sgd', 'optimizer', { type: 'sgd', learningRate: 1e30 }], ['train', 'train', { epochs: 4, batchSize: 8, loss: 'meanSquaredError' }],
      ], ['net.model->train.model', 'data.data->train.data', 'sgd.optimizer->train.optimizer']);
      const err = await run(plan, backend, dir).then((r) => { r.result.dispose(); return r; }, (e: unknown) => e);
      expect(err).toBeInstanceOf(RunError);
      expect(err).toMatchObject({ code: 'non-finite-loss', node: 'train', stage: 1 });
      expect((err as RunError).message).toMatch(/diverged: the loss became (NaN|Infinity) in epoch \d/);
      expect(tf.memory().numTensors).toBe(before);
    });

    it('evaluates: accuracy, loss, confusion matrix, per-class precision and recall, misclassified ids', async () => {
      const { result, events } = await run(tinyTransfer(catalog, { freeze: { mode: 'none' }, train: { epochs: 2 }, evaluate: true }), backend, dir);
      result.dispose();
      const ev = events.find((e) => e.type === 'evaluation') as Extract<RunEvent, { type: 'evaluation' }>;
      expect(ev.samples).toBe(12);
      expect(ev.confusion.flat().reduce((a, b) => a + b, 0)).toBe(12);
      // Each confusion cell opens the samples it counts.
      expect(ev.predictions).toHaveLength(12);
      for (const [, t, p] of ev.predictions) expect(ev.confusion[t]![p]).toBeGreaterThan(0);
      expect(ev.predictions.filter(([, t, p]) => t !== p).map(([id]) => id)).toEqual(ev.misclassified.map((m) => m.id));
      const correct = ev.confusion[0]![0]! + ev.confusion[1]![1]!;
      expect(ev.accuracy).toBeCloseTo(correct / 12, 6);
      expect(ev.misclassified).toHaveLength(12 - correct);
      for (const m of ev.misclassified) expect(m.id).toMatch(/^mnist:[01]:\d+$/);
      expect(ev.perClass.map((c) => c.support)).toEqual([6, 6]);
    });

    it('reads a folder of images: a corrupt PNG and a text file are reported, not fatal', async () => {
      const data = tmp();
      for (const [k, cl] of ['red', 'blue'].entries()) {
        mkdirSync(path.join(data, cl));
        for (let i = 0; i < 6; i++) {
          const png = new PNG({ width: 10, height: 14 });
          for (let p = 0; p < 10 * 14; p++) png.data.set([k === 0 ? 200 + i * 5 : 20, 30, k === 1 ? 200 + i * 5 : 20, 255], p * 4);
          writeFileSync(path.join(data, cl, `img${i}.png`), PNG.sync.write(png));
        }
      }
      writeFileSync(path.join(data, 'red', 'broken.png'), Buffer.from('\x89PNG\r\n\x1a\n this is not a png'));
      writeFileSync(path.join(data, 'blue', 'notes.txt'), 'hello');
      const plan = planOf(catalog, [
        ['photos', 'dataset', { source: 'images', imageSize: 16, ref: { id: 'photos', classes: ['blue', 'red'] }, validationSplit: 0.2, testSplit: 0 }],
        ['cnn', 'layers', { layers: [{ class_name: 'GlobalAveragePooling2D', config: {} }, { class_name: 'Dense', config: { units: 2, activation: 'softmax' } }] }],
        ['opt', 'optimizer', { learningRate: 0.1 }], ['t', 'train', { epochs: 1, batchSize: 4 }],
      ], ['cnn.model->t.model', 'photos.data->t.data', 'opt.optimizer->t.optimizer']);
      const events: RunEvent[] = [];
      const result = await runPlan(plan, { backend, sources: nodeSources(path.join(ROOT, 'public'), { photos: data }), onEvent: (e) => events.push(e) });
      result.dispose();
      expect(result.report.datasets[0]).toMatchObject({ id: 'photos', classes: ['blue', 'red'], samples: { train: 10, validation: 2, test: 0 } });
      expect(result.report.datasets[0]!.skipped).toEqual([
        { file: path.join('blue', 'notes.txt'), reason: 'not a PNG or JPEG image' },
        { file: path.join('red', 'broken.png'), reason: expect.stringMatching(/^could not be decoded/) },
      ]);
      expect(events.filter((e) => e.type === 'log' && e.level === 'warning').length).toBe(2);
      expect(epochs(events)).toHaveLength(1);
    });

    it('exports a model that tfjs loads back and that predicts like the trained one', async () => {
      const out = tmp();
      const plan = planOf(catalog, [
        ['data', 'dataset', { source: 'synthetic', classes: ['circle', 'square'], synthetic: { imageSize: 12, perClass: 12 } }],
        ['base', 'pretrained-base', { source: 'library', libraryId: 'tiny' }], ['f', 'freeze', {}], ['head', 'dense-head', { hidden: [] }],
        ['opt', 'optimizer', {}], ['t', 'train', { epochs: 1, batchSize: 8 }], ['x', 'export', { name: 'tiny-export' }], ['q', 'export', { quantize: 'uint8' }],
      ], ['base.model->f.model', 'f.model->head.model', 'head.model->t.model', 'data.data->t.data', 'opt.optimizer->t.optimizer', 't.model->x.model', 't.model->q.model']);
      const files: Record<string, { json: object; bin: ArrayBuffer }> = {};
      const { result } = await run(plan, backend, dir, {
        onExport: async (step, m) => {
          mkdirSync(path.join(out, step.node));
          writeFileSync(path.join(out, step.node, 'model.json'), JSON.stringify(m.modelJson));
          writeFileSync(path.join(out, step.node, 'weights.bin'), new Uint8Array(m.weightData));
          files[step.node] = { json: m.modelJson, bin: m.weightData };
        },
      });
      const trained = result.models.get('base')!;
      const x = tf.randomUniform([3, 12, 12, 3], 0, 1, 'float32', 7);
      const outputs = async (m: tf.LayersModel) => { const y = m.predict(x) as tf.Tensor; const v = await y.data(); y.dispose(); return v; };
      const expected = await outputs(trained);
      result.dispose();
      const loaded = await loadLayersModelFrom(fileLoader(out), 'x/model.json', null, 3);
      const got = await outputs(loaded);
      const quant = await loadLayersModelFrom(fileLoader(out), 'q/model.json', null, 3);
      const gotQ = await outputs(quant);
      x.dispose(); loaded.dispose(); quant.dispose();
      Array.from(got).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
      Array.from(gotQ).forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(0.05));
      expect(files.q!.bin.byteLength).toBeLessThan(files.x!.bin.byteLength / 3);
      const meta = JSON.parse(readFileSync(path.join(out, 'x', 'model.json'), 'utf8')).userDefinedMetadata.graft;
      expect(meta).toMatchObject({ name: 'tiny-export', classes: ['circle', 'square'], adapter: null });
    });
  });
}
