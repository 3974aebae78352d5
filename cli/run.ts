import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { TrainingPlan } from '../lib/compiler/plan';
import type { BackendChoice } from '../lib/runtime/backend';
import type { RunEvent } from '../lib/runtime/events';
import type { ExportedModel } from '../lib/runtime/export';
import { REPO_ROOT } from './catalog';
import { formatCount } from './format';

export interface RunArgs {
  plan: TrainingPlan;
  backend: BackendChoice;
  data: Record<string, string>;
  out: string | null;
  json: boolean;
  seed: number | undefined;
}

type Out = { out: (s: string) => void; err: (s: string) => void };

export const RUN_OPTIONS = {
  backend: { type: 'string', default: 'auto' },
  data: { type: 'string', multiple: true, default: [] as string[] },
  out: { type: 'string' },
  json: { type: 'boolean', default: false },
  seed: { type: 'string' },
  epochs: { type: 'string' },
  limit: { type: 'string' },
} as const;

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null) => (x === null ? '—' : x.toFixed(4));

function writeModel(dir: string, model: ExportedModel) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'model.json'), `${JSON.stringify(model.modelJson)}\n`);
  writeFileSync(path.join(dir, 'weights.bin'), new Uint8Array(model.weightData));
}

/** Human-readable progress: bars on a terminal, one line per event otherwise. */
function progressPrinter(io: Out, tty: boolean) {
  let multibar: cliProgress.MultiBar | null = null;
  let bar: cliProgress.SingleBar | null = null;
  let batches = 1;
  const line = (s: string) => (multibar ? multibar.log(`${s}\n`) : io.out(s));
  const stopBars = () => { multibar?.stop(); multibar = null; bar = null; };
  return {
    stop: stopBars,
    event(e: RunEvent) {
      switch (e.type) {
        case 'backend':
          io.out(`backend: ${e.backend.name}${e.backend.device ? ` (${e.backend.device})` : ''} — ${e.backend.reason}`);
          break;
        case 'log':
          line(`${e.level === 'warning' ? 'warning' : 'note'}${e.node ? ` ${e.node}` : ''}: ${e.message}`);
          break;
        case 'stage-start':
          batches = e.batchesPerEpoch;
          line(`stage ${e.stage} "${e.label}": ${e.samples} samples, ${e.epochs} epochs of ${e.batchesPerEpoch} batches, ${formatCount(e.params.trainable)} trainable parameters; cache ${e.cache.enabled ? 'on' : 'off'} (${e.cache.reason})`);
          if (tty) {
            multibar ??= new cliProgress.MultiBar({
              format: ' {label} |{bar}| {percentage}% · epoch {epoch}/{epochs} · batch {batch}/{batches} · loss {loss} · acc {acc}',
              hideCursor: true, clearOnComplete: false, stopOnComplete: false, barsize: 28,
            }, cliProgress.Presets.shades_classic);
            bar = multibar.create(e.epochs * e.batchesPerEpoch, 0, { label: `stage ${e.stage}`, epoch: 1, epochs: e.epochs, batch: 0, batches: e.batchesPerEpoch, loss: '—', acc: '—' });
          }
          break;
        case 'batch':
          bar?.update((e.epoch - 1) * batches + e.batch, { epoch: e.epoch, batch: e.batch, loss: e.loss.toFixed(4), acc: pct(e.accuracy) });
          break;
        case 'epoch':
          line(`  epoch ${e.epoch}/${e.epochs}: loss ${num(e.loss)} acc ${pct(e.accuracy)} · val_loss ${num(e.val_loss)} val_acc ${pct(e.val_accuracy)} · lr ${e.lr.toPrecision(3)} · ${e.seconds.toFixed(1)} s (${e.samplesPerSecond.toFixed(1)} samples/s)`);
          break;
        case 'stage-end':
          bar?.update(bar.getTotal());
          line(`  stage ${e.stage} done in ${e.seconds.toFixed(1)} s${e.stoppedEarly ? `, stopped early (best epoch ${e.bestEpoch})` : ''}`);
          break;
        case 'evaluation':
          stopBars();
          io.out(`evaluate ${e.node}: ${pct(e.accuracy)} accuracy on ${e.samples} ${e.split} samples (loss ${num(e.loss)})`);
          for (const c of e.perClass) io.out(`  ${c.label.padEnd(12)} precision ${pct(c.precision).padStart(6)}  recall ${pct(c.recall).padStart(6)}  (${c.support})`);
          break;
        case 'export':
          line(`export ${e.node}: "${e.name}", ${formatCount(e.bytes)} bytes of weights (${e.quantize})`);
          break;
        case 'done':
          stopBars();
          io.out(`done in ${e.seconds.toFixed(1)} s`);
          break;
        case 'error':
          stopBars();
          break;
      }
    },
  };
}

/** `graft run`: trains a compiled plan headless. Returns the exit code. */
export async function runCommand(args: RunArgs, io: Out): Promise<number> {
  const { installNodeWebGPU, nodeSources } = await import('../lib/runtime/node');
  const { runPlan } = await import('../lib/runtime/run-plan');
  const { exportModel } = await import('../lib/runtime/export');
  const { RunError } = await import('../lib/runtime/events');
  const { tf } = await import('../lib/runtime/tf');
  tf.enableProdMode(); // no "install tfjs-node" banner: it cannot be installed offline anyway

  if (args.backend !== 'cpu') {
    const gpu = await installNodeWebGPU();
    if (gpu.via === 'none' && !args.json) io.err(`note: ${gpu.note}`);
  }
  const printer = args.json ? null : progressPrinter(io, Boolean(process.stdout.isTTY));
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const outDir = args.out ? path.resolve(args.out) : null;
  const exported: string[] = [];
  try {
    const result = await runPlan(args.plan, {
      backend: args.backend,
      signal: controller.signal,
      seed: args.seed,
      sources: nodeSources(path.join(REPO_ROOT, 'public'), args.data),
      batchEventMs: args.json ? 1000 : 100,
      onEvent: (e) => (args.json ? io.out(JSON.stringify(e)) : printer!.event(e)),
      onExport: async (step, model) => {
        if (!outDir) return;
        const dir = path.join(outDir, exported.length === 0 ? 'model' : `model-${step.node}`);
        writeModel(dir, model);
        exported.push(path.relative(process.cwd(), dir));
      },
    });
    try {
      // Always leave a model in --out: the last trained one when the graph has no Export node.
      const lastTrain = [...args.plan.steps].reverse().find((s) => s.kind === 'train');
      if (outDir && exported.length === 0 && lastTrain?.kind === 'train') {
        const model = await exportModel(result.models.get(lastTrain.model)!, 'none', { graft: { classes: lastTrain.classes, adapter: lastTrain.adapter, plan: args.plan.title } });
        writeModel(path.join(outDir, 'model'), model);
        exported.push(path.relative(process.cwd(), path.join(outDir, 'model')));
      }
      if (outDir) {
        mkdirSync(outDir, { recursive: true });
        writeFileSync(path.join(outDir, 'report.json'), `${JSON.stringify({ ...result.report, models: exported }, null, 2)}\n`);
        if (!args.json) io.out(`wrote ${[...exported.map((d) => `${d}/model.json`), path.relative(process.cwd(), path.join(outDir, 'report.json'))].join(', ')}`);
      }
    } finally {
      result.dispose();
    }
    return 0;
  } catch (err) {
    printer?.stop();
    const message = err instanceof RunError ? err.message : `The run failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`;
    if (args.json) {
      if (!(err instanceof RunError)) io.out(JSON.stringify({ type: 'error', code: 'internal', message }));
    } else {
      io.err(`error${err instanceof RunError && err.node ? ` ${err.node}` : ''}: ${message}`);
    }
    return 2;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
