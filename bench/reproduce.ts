/**
 * `npm run reproduce`: the reproductions reported in docs/benchmarks.md (issue #3).
 *
 *   transfer   — public/examples/mnist-transfer.graft.json as shipped (digits-cnn, frozen
 *                convolutions, new head on digits 5–9): test accuracy.
 *   two-stage  — public/examples/two-stage-finetune.graft.json on the synthetic shapes: test
 *                accuracy after stage 1 and after stage 2 (an evaluate node after each stage),
 *   scratch    — and a from-scratch CNN with about as many parameters as the stage-1 head,
 *                trained on the same images for as many epochs as both stages together.
 *
 * Options: --part transfer|two-stage|scratch (repeatable; default all), --per-class N (synthetic
 * images per class; default the example's), --epochs N (per stage), --backend B, --no-write.
 * Each part replaces its own lines between the REPRO markers of docs/benchmarks.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { compile } from '../lib/compiler/compile';
import type { Catalog } from '../lib/catalog/types';
import { parseGraph } from '../lib/graph/parse';
import type { GraphDocument } from '../lib/graph/schema';
import type { BackendChoice } from '../lib/runtime/backend';
import { installNodeWebGPU, nodeSources } from '../lib/runtime/node';
import { runPlan } from '../lib/runtime/run-plan';
import type { RunReport } from '../lib/runtime/run-plan';
import { tf } from '../lib/runtime/tf';

const ROOT = path.resolve(__dirname, '..');
const { values } = parseArgs({
  options: {
    part: { type: 'string', multiple: true, default: [] as string[] },
    'per-class': { type: 'string' },
    epochs: { type: 'string' },
    backend: { type: 'string', default: 'auto' },
    'no-write': { type: 'boolean', default: false },
  },
});
const parts = values.part.length ? values.part : ['transfer', 'two-stage', 'scratch'];
const perClass = values['per-class'] ? Number(values['per-class']) : null;
const epochs = values.epochs ? Number(values.epochs) : null;
const catalog = JSON.parse(readFileSync(path.join(ROOT, 'public', 'models', 'catalog.json'), 'utf8')) as Catalog;

function example(name: string): GraphDocument {
  const parsed = parseGraph(JSON.parse(readFileSync(path.join(ROOT, 'public', 'examples', `${name}.graft.json`), 'utf8')));
  if (!parsed.graph) throw new Error(`${name} does not parse`);
  return parsed.graph;
}

function tweak(g: GraphDocument): GraphDocument {
  for (const n of g.nodes) {
    if (n.type === 'dataset' && perClass !== null && n.params.source === 'synthetic') n.params = { ...n.params, synthetic: { ...(n.params.synthetic as object), perClass } };
    if (n.type === 'train' && epochs !== null) n.params = { ...n.params, epochs };
  }
  return g;
}

async function run(g: GraphDocument, label: string): Promise<RunReport> {
  const { plan, diagnostics } = compile(g, catalog);
  if (!plan) throw new Error(`${label}: ${JSON.stringify(diagnostics.filter((d) => d.severity === 'error'))}`);
  console.log(`\n== ${label}`);
  const result = await runPlan(plan, {
    backend: values.backend as BackendChoice,
    sources: nodeSources(path.join(ROOT, 'public')),
    onEvent: (e) => {
      if (e.type === 'backend') console.log(`backend ${e.backend.name}: ${e.backend.reason}`);
      if (e.type === 'stage-start') console.log(`stage ${e.stage} "${e.label}": ${e.samples} samples, cache ${e.cache.enabled ? 'on' : 'off'} (${e.cache.reason})`);
      if (e.type === 'epoch') console.log(`  epoch ${e.epoch}/${e.epochs} loss ${e.loss.toFixed(4)} acc ${(e.accuracy * 100).toFixed(1)}% val_acc ${e.val_accuracy === null ? '—' : (e.val_accuracy * 100).toFixed(1)}% (${e.seconds.toFixed(1)} s)`);
      if (e.type === 'evaluation') console.log(`  evaluate ${e.node}: ${(e.accuracy * 100).toFixed(2)}% on ${e.samples} ${e.split} samples`);
    },
  });
  result.dispose();
  return result.report;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

async function main() {
  const gpu = await installNodeWebGPU();
  tf.enableProdMode();
  const lines: Record<string, string> = {};

  if (parts.includes('transfer')) {
    const r = await run(example('mnist-transfer'), 'mnist-transfer');
    const ev = r.evaluations[0]!;
    const st = r.stages[0]!;
    lines.transfer = `- **mnist-transfer** (\`npx graft run public/examples/mnist-transfer.graft.json\`): digits-cnn's frozen convolutions + a new 128-unit head, ${st.history.length} epochs on ${r.datasets[0]!.samples.train} digits 5–9: **${pct(ev.accuracy)} test accuracy** on ${ev.samples} held-out digits (Keras reports 99.2% with the full 60k MNIST; we ship 10k). Backend ${r.backend.name}${r.backend.device ? ` (${r.backend.device})` : ''}, ${r.seconds.total.toFixed(0)} s in all; cache ${st.cache.enabled ? 'on' : 'off'}.`;
  }

  let twoStage: RunReport | null = null;
  if (parts.includes('two-stage')) {
    const g = tweak(example('two-stage-finetune'));
    // An evaluate node after stage 1 too, to report both.
    g.nodes.push({ id: 'evaluate-stage-1', type: 'evaluate', typeVersion: 1, position: { x: 1200, y: 300 }, params: { split: 'test' } });
    g.edges.push(
      { id: 'r1', source: 'train-head', sourcePort: 'model', target: 'evaluate-stage-1', targetPort: 'model' },
      { id: 'r2', source: 'shapes', sourcePort: 'data', target: 'evaluate-stage-1', targetPort: 'data' },
    );
    twoStage = await run(g, 'two-stage-finetune');
    const s1 = twoStage.evaluations.find((e) => e.node === 'evaluate-stage-1')!;
    const s2 = twoStage.evaluations.find((e) => e.node === 'evaluate')!;
    const [st1, st2] = twoStage.stages;
    lines['two-stage'] = `- **two-stage-finetune** on the synthetic shapes (${twoStage.datasets[0]!.samples.train} training, ${s2.samples} test images, 64 px resized to 96): stage 1 (frozen MobileNetV2, head, RMSprop 1e-3, ${st1!.history.length} epochs) **${pct(s1.accuracy)}** test accuracy; stage 2 (top block unfrozen, RMSprop 1e-5, ${st2!.history.length} epochs) **${pct(s2.accuracy)}**. Trainable parameters ${st1!.params.trainable.toLocaleString('en-US')} then ${st2!.params.trainable.toLocaleString('en-US')}; ${twoStage.seconds.total.toFixed(0)} s on ${twoStage.backend.name}.`;
  }

  if (parts.includes('scratch')) {
    const base = tweak(example('two-stage-finetune'));
    const data = base.nodes.find((n) => n.id === 'shapes')!;
    const stageEpochs = base.nodes.filter((n) => n.type === 'train').reduce((s, n) => s + (n.params.epochs as number), 0);
    const parsed = parseGraph({
      format: 'graft.graph', version: 1, meta: { title: 'From scratch, same data', description: '' },
      nodes: [
        { ...data, position: { x: 0, y: 0 } },
        { id: 'cnn', type: 'layers', typeVersion: 1, position: { x: 0, y: 200 }, params: { layers: [
          { class_name: 'Conv2D', config: { filters: 32, kernel_size: 3, strides: 2, padding: 'same', activation: 'relu' } },
          { class_name: 'Conv2D', config: { filters: 64, kernel_size: 3, strides: 2, padding: 'same', activation: 'relu' } },
          { class_name: 'Conv2D', config: { filters: 128, kernel_size: 3, strides: 2, padding: 'same', activation: 'relu' } },
          { class_name: 'GlobalAveragePooling2D', config: {} },
          { class_name: 'Dense', config: { units: 256, activation: 'relu' } },
          { class_name: 'Dropout', config: { rate: 0.5 } },
          { class_name: 'Dense', config: { units: 5, activation: 'softmax' } },
        ] } },
        { id: 'adam', type: 'optimizer', typeVersion: 2, position: { x: 0, y: 400 }, params: { type: 'adam', learningRate: 0.002 } },
        { id: 'train', type: 'train', typeVersion: 1, position: { x: 300, y: 200 }, params: { epochs: stageEpochs, batchSize: 32, label: 'From scratch' } },
        { id: 'evaluate', type: 'evaluate', typeVersion: 1, position: { x: 600, y: 200 }, params: { split: 'test' } },
      ],
      edges: [
        { id: 'e1', source: 'cnn', sourcePort: 'model', target: 'train', targetPort: 'model' },
        { id: 'e2', source: 'shapes', sourcePort: 'data', target: 'train', targetPort: 'data' },
        { id: 'e3', source: 'adam', sourcePort: 'optimizer', target: 'train', targetPort: 'optimizer' },
        { id: 'e4', source: 'train', sourcePort: 'model', target: 'evaluate', targetPort: 'model' },
        { id: 'e5', source: 'shapes', sourcePort: 'data', target: 'evaluate', targetPort: 'data' },
      ],
    });
    const r = await run(parsed.graph!, 'from scratch');
    const ev = r.evaluations[0]!;
    lines.scratch = `- **from scratch**, same images: a 3-conv CNN with ${r.stages[0]!.params.trainable.toLocaleString('en-US')} parameters (about the size of the stage-1 head), Adam 2e-3, ${r.stages[0]!.history.length} epochs (as many as both stages): **${pct(ev.accuracy)}** test accuracy; ${r.seconds.total.toFixed(0)} s.`;
  }

  for (const l of Object.values(lines)) console.log(l);
  if (values['no-write']) return;
  const file = path.join(ROOT, 'docs', 'benchmarks.md');
  let md = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  if (!md.includes('<!-- REPRO:START')) md += '\n## Reproductions\n\n<!-- REPRO:START (written by npm run reproduce) -->\n<!-- REPRO:END -->\n';
  const block = /<!-- REPRO:START[^>]*-->\n([\s\S]*?)<!-- REPRO:END -->/.exec(md)!;
  const existing = new Map<string, string>();
  for (const line of block[1]!.split('\n')) {
    const key = /^- \*\*(mnist-transfer|two-stage-finetune|from scratch)\*\*/.exec(line)?.[1];
    if (key) existing.set(key === 'mnist-transfer' ? 'transfer' : key === 'two-stage-finetune' ? 'two-stage' : 'scratch', line);
  }
  for (const [k, v] of Object.entries(lines)) existing.set(k, v);
  const ordered = ['transfer', 'two-stage', 'scratch'].filter((k) => existing.has(k)).map((k) => existing.get(k)!);
  const header = `Last run ${new Date().toISOString().slice(0, 10)} on ${os.cpus()[0]?.model} × ${os.cpus().length} (${gpu.note}); \`npm run reproduce${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\`.`;
  md = md.replace(block[0], `<!-- REPRO:START (written by npm run reproduce) -->\n${header}\n\n${ordered.join('\n')}\n<!-- REPRO:END -->`);
  writeFileSync(file, md);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
