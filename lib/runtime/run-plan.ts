import type { PlanStep, TrainingPlan } from '@/lib/compiler/plan';
import { selectBackend } from './backend';
import type { BackendChoice, BackendInfo } from './backend';
import { DataError, loadDataset } from './data/load';
import type { DataSources } from './data/load';
import type { LoadedDataset } from './data/types';
import { evaluateModel } from './evaluate';
import type { EpochLog, Evaluation, RunEvent } from './events';
import { RunError } from './events';
import { exportModel } from './export';
import type { ExportedModel } from './export';
import { buildFromBase, buildFromScratch, cloneModel, extendModel } from './model';
import { trainStage } from './train';
import type { LayersModel } from './tf';

export interface RunOptions {
  backend?: BackendChoice;
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
  sources: DataSources;
  /** Loads a model saved in the browser's library. */
  library?: (id: string) => Promise<LayersModel>;
  /** Receives each export's files (the CLI writes them; the browser offers a download or stores them). */
  onExport?: (step: Extract<PlanStep, { kind: 'export' }>, model: ExportedModel) => Promise<void>;
  /** Seeds weight initialisation, shuffling and augmentation. */
  seed?: number;
  batchEventMs?: number;
  now?: () => number;
}

export interface StageReport {
  node: string;
  stage: number;
  label: string;
  model: string;
  dataset: string;
  params: { trainable: number; nonTrainable: number; total: number };
  cache: { enabled: boolean; reason: string };
  history: EpochLog[];
  stoppedEarly: boolean;
  bestEpoch: number | null;
  seconds: number;
}

/** What a run did: written as report.json by the CLI. */
export interface RunReport {
  format: 'graft.report';
  version: 1;
  title: string;
  backend: BackendInfo;
  datasets: { id: string; classes: string[]; samples: { train: number; validation: number; test: number }; skipped: { file: string; reason: string }[] }[];
  stages: StageReport[];
  evaluations: Evaluation[];
  exports: { node: string; name: string; quantize: string; bytes: number }[];
  seconds: { total: number; loading: number };
}

export interface RunResult {
  report: RunReport;
  /** The trained models by plan model id (for predictions); freed by dispose(). */
  models: Map<string, LayersModel>;
  datasets: Map<string, LoadedDataset>;
  dispose(): void;
}

const DEFAULT_SEED = 1337;

/**
 * Executes a plan's steps in order with tfjs (DESIGN §6). Emits events as it goes, honours
 * the AbortSignal between batches, and on any failure frees every tensor it made before the
 * error propagates. On success the caller owns the models until it calls dispose().
 */
export async function runPlan(plan: TrainingPlan, options: RunOptions): Promise<RunResult> {
  const now = options.now ?? (() => (typeof performance !== 'undefined' ? performance.now() : Date.now()));
  const emit = (e: RunEvent) => options.onEvent?.(e);
  const seed = options.seed ?? DEFAULT_SEED;
  const t0 = now();
  const models = new Map<string, LayersModel>();
  const datasets = new Map<string, LoadedDataset>();
  let loading = 0;
  const disposeAll = () => {
    const seen = new Set<LayersModel>();
    for (const m of models.values()) if (!seen.has(m)) { seen.add(m); m.dispose(); }
    models.clear();
  };

  try {
    const backend = await selectBackend(options.backend ?? 'auto');
    emit({ type: 'backend', backend });
    if (backend.warning) emit({ type: 'log', level: 'warning', message: backend.warning });
    const report: RunReport = {
      format: 'graft.report', version: 1, title: plan.title, backend, datasets: [], stages: [], evaluations: [], exports: [],
      seconds: { total: 0, loading: 0 },
    };

    const dataset = async (id: string): Promise<LoadedDataset> => {
      let d = datasets.get(id);
      if (d) return d;
      const spec = plan.datasets.find((s) => s.id === id);
      if (!spec) throw new RunError('internal', `The plan has no dataset "${id}".`);
      const l0 = now();
      try {
        d = await loadDataset(spec, options.sources);
      } catch (err) {
        if (err instanceof DataError) throw new RunError('data', err.message, err.datasetId);
        throw err;
      }
      loading += now() - l0;
      datasets.set(id, d);
      report.datasets.push({ id, classes: d.classes, samples: { train: d.splits.train.length, validation: d.splits.validation.length, test: d.splits.test.length }, skipped: d.skipped });
      for (const s of d.skipped) emit({ type: 'log', level: 'warning', node: id, message: `Skipped ${s.file}: ${s.reason}` });
      return d;
    };
    const model = (id: string, step: PlanStep): LayersModel => {
      const m = models.get(id);
      if (!m) throw new RunError('internal', `Step ${step.kind} of "${step.node}" uses model "${id}", which does not exist yet.`, step.node);
      return m;
    };

    for (const step of plan.steps) {
      if (options.signal?.aborted) throw new RunError('cancelled', 'The run was stopped.');
      switch (step.kind) {
        case 'build': {
          const l0 = now();
          let m: LayersModel;
          try {
            m = step.base
              ? await buildFromBase(step.base, options.sources.loader, options.library)
              : buildFromScratch(step.inputShape!, step.layers, seed);
          } catch (err) {
            throw new RunError('model', `Could not load the base of "${step.node}": ${err instanceof Error ? err.message : String(err)}`, step.node);
          }
          loading += now() - l0;
          models.set(step.model, m);
          break;
        }
        case 'add-layers':
          // The extended model shares its layers with the previous one: nothing to free.
          models.set(step.model, extendModel(model(step.model, step), step.layers, seed));
          break;
        case 'fork':
          models.set(step.model, await cloneModel(model(step.from, step)));
          break;
        case 'freeze': {
          const m = model(step.model, step);
          for (const [name, trainable] of Object.entries(step.trainable)) {
            try {
              m.getLayer(name).trainable = trainable;
            } catch {
              throw new RunError('model', `Freeze "${step.node}" names layer "${name}", which the loaded model does not have.`, step.node);
            }
          }
          break;
        }
        case 'train': {
          const data = await dataset(step.dataset);
          const result = await trainStage({
            model: model(step.model, step), step, data, seed, signal: options.signal, emit,
            batchEventMs: options.batchEventMs ?? 200, now,
          });
          report.stages.push({
            node: step.node, stage: step.stage, label: step.label, model: step.model, dataset: step.dataset,
            params: { trainable: step.params.trainable, nonTrainable: step.params.nonTrainable, total: step.params.total },
            cache: result.cache, history: result.history, stoppedEarly: result.stoppedEarly, bestEpoch: result.bestEpoch, seconds: result.seconds,
          });
          break;
        }
        case 'evaluate': {
          const data = await dataset(step.dataset);
          const evaluation = await evaluateModel(step.node, model(step.model, step), data, step.split, step.adapter);
          report.evaluations.push(evaluation);
          emit({ type: 'evaluation', ...evaluation });
          break;
        }
        case 'export': {
          const exported = await exportModel(model(step.model, step), step.quantize, {
            graft: { name: step.name, classes: step.classes, adapter: adapterFor(plan, step.model), plan: plan.title },
          });
          await options.onExport?.(step, exported);
          const bytes = exported.weightData.byteLength;
          report.exports.push({ node: step.node, name: step.name, quantize: step.quantize, bytes });
          emit({ type: 'export', node: step.node, name: step.name, bytes, quantize: step.quantize });
          break;
        }
        case 'predict':
          break; // live predictions happen in the editor, on the trained model
      }
    }
    report.seconds = { total: (now() - t0) / 1000, loading: loading / 1000 };
    emit({ type: 'done', seconds: report.seconds.total });
    return { report, models, datasets, dispose: disposeAll };
  } catch (err) {
    disposeAll();
    const e = err instanceof RunError ? err
      : new RunError('internal', `The run failed: ${err instanceof Error ? err.message : String(err)}`);
    emit({ type: 'error', code: e.code, message: e.message, node: e.node, stage: e.stage, epoch: e.epoch });
    throw e;
  }
}

/** The last stage that trains `model`, if any: its dataset, classes and input adapter describe the trained model. */
export function lastTrainOf(plan: TrainingPlan, model: string): Extract<PlanStep, { kind: 'train' }> | undefined {
  return plan.steps.findLast((s): s is Extract<PlanStep, { kind: 'train' }> => s.kind === 'train' && s.model === model);
}

/** How inputs were prepared when the model was last trained: saved with an export so users can feed it. */
function adapterFor(plan: TrainingPlan, model: string) {
  return lastTrainOf(plan, model)?.adapter ?? null;
}

