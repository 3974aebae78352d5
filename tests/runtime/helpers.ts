import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compile } from '@/lib/compiler/compile';
import type { TrainingPlan } from '@/lib/compiler/plan';
import type { Catalog } from '@/lib/catalog/types';
import { parseGraph } from '@/lib/graph/parse';
import { documentFromSpec } from '@/lib/graph/spec';
import type { NodeSpec } from '@/lib/graph/spec';
import { catalogFromTopology } from '@/lib/runtime/catalog';
import type { KerasTopology } from '@/lib/runtime/catalog';
import { exportModel } from '@/lib/runtime/export';
import { loadLayersModelFrom } from '@/lib/runtime/model';
import { fileLoader, installNodeWebGPU, nodeSources } from '@/lib/runtime/node';
import { runPlan } from '@/lib/runtime/run-plan';
import type { RunOptions, RunResult } from '@/lib/runtime/run-plan';
import type { RunEvent } from '@/lib/runtime/events';
import { tf } from '@/lib/runtime/tf';
import { ROOT, realCatalog } from '../helpers/fixtures';

export type Backend = 'cpu' | 'webgpu';

/** WebGPU through Dawn + SwiftShader when available; CI installs chromium and libvulkan1 so it is. */
export async function webgpuAvailable(): Promise<boolean> {
  const r = await installNodeWebGPU();
  return r.via !== 'none';
}


/**
 * A tiny pretrained base with a batch norm — Conv(4) → BN → ReLU → Conv(6) → ReLU — on 12×12
 * RGB, saved like a library model. Its weights are random but fixed by the seed.
 */
export async function tinyBase(): Promise<{ dir: string; catalog: Catalog }> {
  await tf.setBackend('cpu');
  const input = tf.input({ shape: [12, 12, 3], name: 'tiny_input' });
  let x = tf.layers.conv2d({ name: 'tiny_conv1', filters: 4, kernelSize: 3, padding: 'same', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization({ name: 'tiny_bn1', movingMeanInitializer: tf.initializers.constant({ value: 0.1 }), movingVarianceInitializer: tf.initializers.constant({ value: 0.9 }) }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.reLU({ name: 'tiny_relu1' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ name: 'tiny_conv2', filters: 6, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }).apply(x) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: x, name: 'tiny' });
  const exported = await exportModel(model, 'none', {});
  model.dispose();
  const dir = mkdtempSync(path.join(tmpdir(), 'graft-tiny-'));
  mkdirSync(path.join(dir, 'tiny'));
  writeFileSync(path.join(dir, 'tiny', 'model.json'), JSON.stringify(exported.modelJson));
  writeFileSync(path.join(dir, 'tiny', 'weights.bin'), new Uint8Array(exported.weightData));
  const entry = await catalogFromTopology(exported.modelJson.modelTopology as KerasTopology, {
    id: 'tiny', label: 'tiny', description: 'test base', inputSizes: [12], defaultInputSize: 12, channels: 3, valueRange: [0, 1],
    defaultCutAt: 'tiny_conv2', classes: null, path: 'tiny/model.json', available: true,
  });
  return { dir, catalog: { ...realCatalog(), library: { tiny: entry } } };
}

/** Compiles a graph given as nodes and "a.port->b.port" edges; throws on compile errors. */
export function planOf(catalog: Catalog, nodes: NodeSpec[], edges: string[]): TrainingPlan {
  const parsed = parseGraph(documentFromSpec(nodes, edges, 'runtime test'));
  if (!parsed.graph) throw new Error(JSON.stringify(parsed.issues));
  const { plan, diagnostics } = compile(parsed.graph, catalog);
  if (!plan) throw new Error(JSON.stringify(diagnostics.filter((d) => d.severity === 'error'), null, 1));
  return plan;
}

/** The usual tiny transfer graph: MNIST 0 vs 1 (24 each) → tiny base → freeze → head → train (→ evaluate). */
export function tinyTransfer(catalog: Catalog, opts: { freeze?: Record<string, unknown>; head?: Record<string, unknown>; train?: Record<string, unknown>; optimizer?: Record<string, unknown>; data?: Record<string, unknown>; evaluate?: boolean } = {}): TrainingPlan {
  const nodes: NodeSpec[] = [
    ['data', 'dataset', { source: 'mnist', classes: ['0', '1'], limitPerClass: 24, validationSplit: 0.25, testSplit: 0.25, ...opts.data }],
    ['base', 'pretrained-base', { source: 'library', libraryId: 'tiny', pooling: 'avg' }],
    ['freeze', 'freeze', opts.freeze ?? { mode: 'all' }],
    ['head', 'dense-head', opts.head ?? { hidden: [] }],
    ['opt', 'optimizer', opts.optimizer ?? { type: 'adam', learningRate: 0.05 }],
    ['train', 'train', { epochs: 3, batchSize: 8, ...opts.train }],
  ];
  const edges = ['base.model->freeze.model', 'freeze.model->head.model', 'head.model->train.model', 'data.data->train.data', 'opt.optimizer->train.optimizer'];
  if (opts.evaluate) {
    nodes.push(['eval', 'evaluate', {}]);
    edges.push('train.model->eval.model', 'data.data->eval.data');
  }
  return planOf(catalog, nodes, edges);
}

export async function run(plan: TrainingPlan, backend: Backend, dir: string, extra: Partial<RunOptions> = {}): Promise<{ result: RunResult; events: RunEvent[] }> {
  const events: RunEvent[] = [];
  const library = (id: string) => loadLayersModelFrom(fileLoader(dir), `${id}/model.json`, null, 3);
  const result = await runPlan(plan, {
    backend, sources: nodeSources(path.join(ROOT, 'public')), library, batchEventMs: 0,
    onEvent: (e) => events.push(e), ...extra,
  });
  return { result, events };
}

export async function weightsOf(model: tf.LayersModel, layer: string): Promise<Float32Array[]> {
  return Promise.all(model.getLayer(layer).getWeights().map(async (w) => (await w.data()) as Float32Array));
}

export function tmp(): string {
  return mkdtempSync(path.join(tmpdir(), 'graft-rt-'));
}
