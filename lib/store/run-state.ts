/**
 * What the editor shows of a training run, folded from the worker's messages (a pure reducer,
 * unit-tested). Canvas nodes, the dashboard, evaluation, predict and export panels read it.
 */
import type { BackendChoice, BackendInfo } from '@/lib/runtime/backend-choices';
import type { EpochLog, Evaluation, RunEvent } from '@/lib/runtime/events';
import type { FromWorker, Predictor } from '@/lib/runtime/browser/protocol';
import type { RunReport } from '@/lib/runtime/run-plan';

export type RunStatus = 'idle' | 'preparing' | 'training' | 'stopping' | 'done' | 'error';

export interface StageView {
  node: string;
  stage: number;
  label: string;
  epochs: number;
  batchesPerEpoch: number;
  samples: number;
  cache: { enabled: boolean; reason: string };
  params: { trainable: number; nonTrainable: number };
  /** Epochs finished, with their logs. */
  history: (EpochLog & { stage: number })[];
  /** Throttled batch losses: x is the epoch position within the stage (epoch - 1 + batch / batches). */
  batches: { x: number; loss: number; accuracy: number }[];
  /** The batch under way, for the progress bar. */
  current: { epoch: number; batch: number; batches: number; loss: number; accuracy: number } | null;
  finished: boolean;
  stoppedEarly: boolean;
  seconds: number | null;
}

export interface ExportView {
  node: string;
  name: string;
  bytes: number;
  quantize: string;
  libraryId: string | null;
  files: { modelJson: object; weightData: ArrayBuffer } | null;
}

export interface RunView {
  status: RunStatus;
  runId: number;
  title: string;
  requested: BackendChoice;
  thread: 'worker' | 'main';
  backend: BackendInfo | null;
  startedAt: number | null;
  stages: StageView[];
  /** The node whose stage is training now. */
  active: string | null;
  evaluations: Evaluation[];
  exports: ExportView[];
  logs: { level: 'info' | 'warning'; message: string; node?: string }[];
  error: { code: string; message: string; node?: string } | null;
  report: RunReport | null;
  predictors: Predictor[];
  seconds: number | null;
}

export const idleRun = (requested: BackendChoice = 'auto', thread: 'worker' | 'main' = 'worker'): RunView => ({
  status: 'idle', runId: 0, title: '', requested, thread, backend: null, startedAt: null, stages: [], active: null,
  evaluations: [], exports: [], logs: [], error: null, report: null, predictors: [], seconds: null,
});

const MAX_BATCH_POINTS = 2000;

function updateStage(run: RunView, node: string, f: (s: StageView) => StageView): RunView {
  return { ...run, stages: run.stages.map((s) => (s.node === node ? f(s) : s)) };
}

function reduceEvent(run: RunView, e: RunEvent): RunView {
  switch (e.type) {
    case 'backend':
      return { ...run, backend: e.backend };
    case 'log':
      return { ...run, logs: [...run.logs, { level: e.level, message: e.message, node: e.node }] };
    case 'stage-start': {
      const stage: StageView = {
        node: e.node, stage: e.stage, label: e.label, epochs: e.epochs, batchesPerEpoch: e.batchesPerEpoch, samples: e.samples,
        cache: e.cache, params: e.params, history: [], batches: [], current: null, finished: false, stoppedEarly: false, seconds: null,
      };
      return { ...run, status: 'training', active: e.node, stages: [...run.stages.filter((s) => s.node !== e.node), stage] };
    }
    case 'batch':
      return updateStage(run, e.node, (s) => ({
        ...s,
        current: { epoch: e.epoch, batch: e.batch, batches: e.batches, loss: e.loss, accuracy: e.accuracy },
        batches: [...s.batches, { x: e.epoch - 1 + e.batch / e.batches, loss: e.loss, accuracy: e.accuracy }].slice(-MAX_BATCH_POINTS),
      }));
    case 'epoch': {
      const { type: _t, node, epochs: _n, ...log } = e;
      return updateStage(run, node, (s) => ({
        ...s,
        history: [...s.history, log],
        current: { epoch: e.epoch, batch: s.batchesPerEpoch, batches: s.batchesPerEpoch, loss: e.loss, accuracy: e.accuracy },
      }));
    }
    case 'stage-end':
      return { ...updateStage(run, e.node, (s) => ({ ...s, finished: true, stoppedEarly: e.stoppedEarly, seconds: e.seconds })), active: null };
    case 'evaluation': {
      const { type: _t, ...evaluation } = e;
      return { ...run, evaluations: [...run.evaluations.filter((x) => x.node !== e.node), evaluation] };
    }
    case 'export':
      return run; // the 'exported' message carries the files
    case 'done':
      return { ...run, seconds: e.seconds };
    case 'error':
      return { ...run, status: 'error', error: { code: e.code, message: e.message, node: e.node } };
  }
}

/** Folds one message of the current run into the view; messages of older runs are ignored. */
export function reduceRun(run: RunView, m: Extract<FromWorker, { runId: number }>): RunView {
  if (m.runId !== run.runId && m.runId !== -1) return run;
  switch (m.type) {
    case 'event':
      return reduceEvent(run, m.event);
    case 'exported':
      return {
        ...run,
        exports: [...run.exports.filter((x) => x.node !== m.node), {
          node: m.node, name: m.name, bytes: m.weightData.byteLength, quantize: run.report?.exports.find((x) => x.node === m.node)?.quantize ?? '',
          libraryId: m.libraryId, files: { modelJson: m.modelJson, weightData: m.weightData },
        }],
      };
    case 'finished':
      return {
        ...run, status: 'done', active: null, report: m.report, predictors: m.predictors, seconds: m.report.seconds.total,
        exports: run.exports.map((x) => ({ ...x, quantize: m.report.exports.find((r) => r.node === x.node)?.quantize ?? x.quantize })),
      };
    case 'failed':
      if (m.code === 'cancelled') return { ...run, status: 'idle', active: null, error: null };
      return { ...run, status: 'error', active: null, error: { code: m.code, message: m.message, node: m.node } };
  }
}

/** The compact run state `window.graft.getRunState()` returns to tests and scripts. */
export function runSummary(run: RunView) {
  const last = run.stages[run.stages.length - 1];
  return {
    status: run.status,
    backend: run.backend?.name ?? null,
    device: run.backend?.device ?? null,
    thread: run.thread,
    stage: last?.stage ?? null,
    epochs: run.stages.reduce((n, s) => n + s.history.length, 0),
    history: run.stages.flatMap((s) => s.history),
    accuracy: run.evaluations[0]?.accuracy ?? null,
    exports: run.exports.map((x) => ({ name: x.name, libraryId: x.libraryId, bytes: x.bytes })),
    error: run.error,
    seconds: run.seconds,
  };
}
