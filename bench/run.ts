/**
 * `npm run bench`: measurements taken side by side in one run, printed as ratios and written
 * to docs/benchmarks.md (the section between the BENCH markers is replaced).
 *
 *   (a) head-only MobileNetV2 stage, frozen-prefix cache on vs off: time per epoch, speed-up
 *   (b) WebGPU vs CPU: time per training step of the same small stage
 *   (c) compile() time for graphs of 10, 100 and 1,000 nodes
 *   (d) tensors alive before and after a full run (must be equal)
 *
 * Options: --quick (smaller sizes, for a smoke test), --no-write (print only).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compile } from '../lib/compiler/compile';
import type { TrainingPlan } from '../lib/compiler/plan';
import type { Catalog } from '../lib/catalog/types';
import { parseGraph } from '../lib/graph/parse';
import { documentFromSpec } from '../lib/graph/spec';
import type { NodeSpec } from '../lib/graph/spec';
import type { GraphDocument } from '../lib/graph/schema';
import type { BackendChoice } from '../lib/runtime/backend';
import type { RunEvent } from '../lib/runtime/events';
import { installNodeWebGPU, nodeSources } from '../lib/runtime/node';
import { runPlan } from '../lib/runtime/run-plan';
import { tf } from '../lib/runtime/tf';

const ROOT = path.resolve(__dirname, '..');
const quick = process.argv.includes('--quick');
const write = !process.argv.includes('--no-write');
const catalog = JSON.parse(readFileSync(path.join(ROOT, 'public', 'models', 'catalog.json'), 'utf8')) as Catalog;

type Spec = NodeSpec;
function graphOf(nodes: Spec[], edges: string[]): GraphDocument {
  const parsed = parseGraph(documentFromSpec(nodes, edges, 'bench'));
  if (!parsed.graph) throw new Error(JSON.stringify(parsed.issues));
  return parsed.graph;
}
function planOf(nodes: Spec[], edges: string[]): TrainingPlan {
  const { plan, diagnostics } = compile(graphOf(nodes, edges), catalog);
  if (!plan) throw new Error(JSON.stringify(diagnostics.filter((d) => d.severity === 'error')));
  return plan;
}

async function runQuiet(plan: TrainingPlan, backend: BackendChoice) {
  const events: RunEvent[] = [];
  const result = await runPlan(plan, { backend, sources: nodeSources(path.join(ROOT, 'public')), onEvent: (e) => events.push(e), batchEventMs: 0 });
  return { result, events };
}
const epochsOf = (events: RunEvent[]) => events.filter((e): e is Extract<RunEvent, { type: 'epoch' }> => e.type === 'epoch');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (x: number, d = 2) => x.toFixed(d);

// ---------------------------------------------------------------- (a) cache on vs off
async function cacheBench(backend: BackendChoice) {
  const perClass = quick ? 6 : 16;
  const epochs = 3;
  const plan = (cache: string) => planOf([
    ['data', 'dataset', { source: 'synthetic', synthetic: { imageSize: 64, perClass }, validationSplit: 0.2, testSplit: 0 }],
    ['base', 'pretrained-base', { source: 'mobilenet-v2', inputSize: 96 }], ['freeze', 'freeze', { mode: 'all' }],
    ['head', 'dense-head', { hidden: [{ units: 64, activation: 'relu', dropout: 0 }] }], ['opt', 'optimizer', { type: 'rmsprop', learningRate: 0.001 }],
    ['train', 'train', { epochs, batchSize: 16, cache }],
  ], ['base.model->freeze.model', 'freeze.model->head.model', 'head.model->train.model', 'data.data->train.data', 'opt.optimizer->train.optimizer']);
  const rows: { cache: string; perEpoch: number; stage: number; losses: number[] }[] = [];
  for (const cache of ['auto', 'off']) {
    const { result, events } = await runQuiet(plan(cache), backend);
    const stage = result.report.stages[0]!;
    result.dispose();
    const ep = epochsOf(events);
    rows.push({ cache: cache === 'auto' ? 'on' : 'off', perEpoch: median(ep.map((e) => e.seconds)), stage: stage.seconds, losses: ep.map((e) => e.loss) });
  }
  const [on, off] = rows as [typeof rows[0], typeof rows[0]];
  return { perClass, epochs, on, off, speedupEpoch: off.perEpoch / on.perEpoch, speedupStage: off.stage / on.stage, samples: perClass * 5 };
}

// ---------------------------------------------------------------- (b) WebGPU vs CPU step time
async function stepBench(backend: BackendChoice) {
  const epochs = quick ? 2 : 3;
  const plan = planOf([
    ['data', 'dataset', { source: 'mnist', classes: ['0', '1', '2', '3', '4'], limitPerClass: quick ? 20 : 40, validationSplit: 0, testSplit: 0 }],
    ['cnn', 'layers', { layers: [
      { class_name: 'Conv2D', config: { filters: 16, kernel_size: 3, activation: 'relu' } }, { class_name: 'MaxPooling2D', config: {} },
      { class_name: 'Conv2D', config: { filters: 32, kernel_size: 3, activation: 'relu' } }, { class_name: 'MaxPooling2D', config: {} },
      { class_name: 'Flatten', config: {} }, { class_name: 'Dense', config: { units: 64, activation: 'relu' } }, { class_name: 'Dense', config: { units: 5, activation: 'softmax' } }] }],
    ['opt', 'optimizer', {}], ['train', 'train', { epochs, batchSize: 32 }],
  ], ['cnn.model->train.model', 'data.data->train.data', 'opt.optimizer->train.optimizer']);
  const { result, events } = await runQuiet(plan, backend);
  result.dispose();
  const ep = epochsOf(events).slice(1); // the first epoch compiles shaders
  const batches = (events.find((e) => e.type === 'stage-start') as Extract<RunEvent, { type: 'stage-start' }>).batchesPerEpoch;
  return { msPerStep: (median(ep.map((e) => e.seconds)) / batches) * 1000, batches };
}

// ---------------------------------------------------------------- (c) compile time
function compileBench() {
  const block = (k: number): { nodes: Spec[]; edges: string[] } => {
    const p = (s: string) => `${s}-${k}`;
    return {
      nodes: [
        [p('data'), 'dataset', { source: 'synthetic' }], [p('base'), 'pretrained-base', { inputSize: 96 }], [p('freeze'), 'freeze'],
        [p('head'), 'dense-head'], [p('opt'), 'optimizer'], [p('train'), 'train'], [p('unfreeze'), 'freeze', { mode: 'until', layer: 'block_15_add' }],
        [p('train2'), 'train'], [p('eval'), 'evaluate'], [p('export'), 'export'],
      ],
      edges: [`${p('base')}.model->${p('freeze')}.model`, `${p('freeze')}.model->${p('head')}.model`, `${p('head')}.model->${p('train')}.model`,
        `${p('data')}.data->${p('train')}.data`, `${p('opt')}.optimizer->${p('train')}.optimizer`, `${p('train')}.model->${p('unfreeze')}.model`,
        `${p('unfreeze')}.model->${p('train2')}.model`, `${p('data')}.data->${p('train2')}.data`, `${p('opt')}.optimizer->${p('train2')}.optimizer`,
        `${p('train2')}.model->${p('eval')}.model`, `${p('data')}.data->${p('eval')}.data`, `${p('train2')}.model->${p('export')}.model`],
    };
  };
  const rows: { nodes: number; edges: number; ms: number; steps: number }[] = [];
  for (const n of [10, 100, 1000]) {
    const blocks = Array.from({ length: n / 10 }, (_, k) => block(k));
    const g = graphOf(blocks.flatMap((b) => b.nodes), blocks.flatMap((b) => b.edges));
    const times: number[] = [];
    let steps = 0;
    for (let i = 0; i < (n === 1000 ? 5 : 15); i++) {
      const t = performance.now();
      const r = compile(g, catalog);
      times.push(performance.now() - t);
      if (!r.plan) throw new Error('bench graph does not compile');
      steps = r.plan.steps.length;
    }
    rows.push({ nodes: g.nodes.length, edges: g.edges.length, ms: median(times), steps });
  }
  return rows;
}

// ---------------------------------------------------------------- (d) tensors before/after
async function tensorBench(backend: BackendChoice) {
  const plan = planOf([
    ['data', 'dataset', { source: 'synthetic', synthetic: { imageSize: 32, perClass: 6 } }],
    ['base', 'pretrained-base', { inputSize: 96 }], ['freeze', 'freeze'], ['head', 'dense-head', { hidden: [] }], ['opt', 'optimizer'],
    ['train', 'train', { epochs: 1, batchSize: 8 }], ['unfreeze', 'freeze', { mode: 'until', layer: 'block_15_add' }],
    ['slow', 'optimizer', { type: 'rmsprop', learningRate: 1e-5 }], ['train2', 'train', { epochs: 1, batchSize: 8 }],
    ['eval', 'evaluate'], ['export', 'export', { quantize: 'uint8' }],
  ], ['base.model->freeze.model', 'freeze.model->head.model', 'head.model->train.model', 'data.data->train.data', 'opt.optimizer->train.optimizer',
    'train.model->unfreeze.model', 'unfreeze.model->train2.model', 'data.data->train2.data', 'slow.optimizer->train2.optimizer',
    'train2.model->eval.model', 'data.data->eval.data', 'train2.model->export.model']);
  const before = tf.memory().numTensors;
  const { result } = await runQuiet(plan, backend);
  const during = tf.memory().numTensors;
  result.dispose();
  return { before, during, after: tf.memory().numTensors };
}

async function main() {
  const gpu = await installNodeWebGPU();
  tf.enableProdMode();
  const gpuBackend: BackendChoice = gpu.via === 'none' ? 'cpu' : 'webgpu';
  const log = (s: string) => console.log(s);
  const adapter = await (async () => {
    const g = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<{ info?: { description?: string } } | null> } } }).navigator?.gpu;
    return (await g?.requestAdapter())?.info?.description ?? 'none';
  })();
  log(`machine: ${os.cpus()[0]?.model} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, WebGPU adapter: ${adapter} (${gpu.note})`);

  log('\n(c) compile time');
  const comp = compileBench();
  for (const r of comp) log(`  ${r.nodes} nodes / ${r.edges} edges: ${fmt(r.ms)} ms (${r.steps} plan steps)`);

  log(`\n(b) time per training step, small CNN on MNIST, batch 32`);
  const steps: Record<string, { msPerStep: number; batches: number }> = {};
  for (const b of gpuBackend === 'webgpu' ? (['webgpu', 'cpu'] as const) : (['cpu'] as const)) {
    steps[b] = await stepBench(b);
    log(`  ${b}: ${fmt(steps[b]!.msPerStep, 0)} ms per step`);
  }
  if (steps.webgpu) log(`  ratio cpu / webgpu: ${fmt(steps.cpu!.msPerStep / steps.webgpu.msPerStep)}×`);

  log(`\n(a) head-only MobileNetV2 (96 px) stage on ${gpuBackend}, cache on vs off`);
  const cache = await cacheBench(gpuBackend);
  log(`  ${cache.samples} images, ${cache.epochs} epochs: cache on ${fmt(cache.on.perEpoch)} s/epoch (stage ${fmt(cache.on.stage)} s incl. features), off ${fmt(cache.off.perEpoch)} s/epoch (stage ${fmt(cache.off.stage)} s)`);
  log(`  speed-up per epoch ${fmt(cache.speedupEpoch, 1)}×, whole stage ${fmt(cache.speedupStage, 1)}×; losses on ${cache.on.losses.map((l) => fmt(l, 4)).join(' ')} / off ${cache.off.losses.map((l) => fmt(l, 4)).join(' ')}`);

  log(`\n(d) tensors alive around a full two-stage run (MobileNetV2, evaluate, export) on ${gpuBackend}`);
  const tensors = await tensorBench(gpuBackend);
  log(`  before ${tensors.before}, while the trained model is held ${tensors.during}, after dispose ${tensors.after}: delta ${tensors.after - tensors.before}`);

  if (!write) return;
  const date = new Date().toISOString().slice(0, 10);
  const md = `<!-- BENCH:START (written by npm run bench; edit outside the markers) -->
Measured ${date} with \`npm run bench${quick ? ' -- --quick' : ''}\` on ${os.cpus()[0]?.model} × ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; WebGPU adapter: ${adapter} (${gpu.note}). No hardware GPU: WebGPU here is Dawn on SwiftShader, a software Vulkan.

**(a) Frozen-prefix cache**, head-only MobileNetV2 stage at 96 px on ${gpuBackend}, ${cache.samples} synthetic images, ${cache.epochs} epochs, batch 16:

| cache | seconds per epoch (median) | whole stage (incl. computing features) | losses per epoch |
|---|---|---|---|
| on | ${fmt(cache.on.perEpoch)} | ${fmt(cache.on.stage)} | ${cache.on.losses.map((l) => fmt(l, 4)).join(', ')} |
| off | ${fmt(cache.off.perEpoch)} | ${fmt(cache.off.stage)} | ${cache.off.losses.map((l) => fmt(l, 4)).join(', ')} |

Speed-up: **${fmt(cache.speedupEpoch, 1)}× per epoch**, ${fmt(cache.speedupStage, 1)}× for the whole stage (the gap grows with the number of epochs).

**(b) WebGPU vs CPU**, time per training step of a small CNN (2 conv + 2 dense, 28×28 MNIST, batch 32), median epoch after the first:

| backend | ms per step |
|---|---|
${Object.entries(steps).map(([b, s]) => `| ${b} | ${fmt(s.msPerStep, 0)} |`).join('\n')}
${steps.webgpu ? `\nCPU / WebGPU: **${fmt(steps.cpu!.msPerStep / steps.webgpu.msPerStep)}×**.` : ''}

**(c) compile()**, median time for graphs made of 10-node two-stage blocks:

| nodes | edges | plan steps | ms | ms per node |
|---|---|---|---|---|
${comp.map((r) => `| ${r.nodes} | ${r.edges} | ${r.steps} | ${fmt(r.ms)} | ${fmt(r.ms / r.nodes, 3)} |`).join('\n')}

From 100 to 1,000 nodes the time grows ${fmt(comp[2]!.ms / comp[1]!.ms, 1)}× for 10× the nodes.

**(d) Tensors** around a full two-stage run (MobileNetV2, evaluate, uint8 export) on ${gpuBackend}: ${tensors.before} before, ${tensors.during} while the trained model is held, ${tensors.after} after \`dispose()\` — delta **${tensors.after - tensors.before}**.
<!-- BENCH:END -->`;
  const file = path.join(ROOT, 'docs', 'benchmarks.md');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n\n<!-- BENCH:START --><!-- BENCH:END -->\n';
  const next = current.replace(/<!-- BENCH:START[\s\S]*?BENCH:END -->/, md);
  writeFileSync(file, next);
  log(`\nwrote ${path.relative(process.cwd(), file)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
