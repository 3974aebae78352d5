import { describe, expect, it } from 'vitest';
import { idleRun, reduceRun, runSummary } from '@/lib/store/run-state';
import type { RunView } from '@/lib/store/run-state';
import type { FromWorker } from '@/lib/runtime/browser/protocol';
import type { RunEvent } from '@/lib/runtime/events';
import { runSeries } from '@/components/run/series';

type RunMessage = Extract<FromWorker, { runId: number }>;
const ev = (event: RunEvent, runId = 1): RunMessage => ({ type: 'event', runId, event });
const started = (): RunView => ({ ...idleRun('webgpu'), status: 'preparing', runId: 1 });
const stageStart = (node: string, stage: number, epochs = 3): RunEvent => ({
  type: 'stage-start', node, stage, label: `stage ${stage}`, epochs, batchesPerEpoch: 4, samples: 100,
  cache: { enabled: true, reason: 'frozen prefix' }, params: { trainable: 10, nonTrainable: 5 },
});
const epoch = (node: string, stage: number, n: number, loss: number): RunEvent => ({
  type: 'epoch', node, stage, epochs: 3, epoch: n, loss, accuracy: 1 - loss, val_loss: loss + 0.1, val_accuracy: 0.9 - loss, lr: 0.001, seconds: 1, samplesPerSecond: 100,
});
const fold = (messages: RunMessage[], from = started()) => messages.reduce(reduceRun, from);

describe('the run view folded from worker messages', () => {
  it('follows a stage: training, batches for the progress bar, one history row per epoch', () => {
    const run = fold([
      ev({ type: 'backend', backend: { name: 'webgpu', requested: 'webgpu', device: 'SwiftShader', software: true, reason: 'as requested', warning: null } }),
      ev(stageStart('t1', 1)),
      ev({ type: 'batch', node: 't1', stage: 1, epoch: 1, batch: 2, batches: 4, loss: 1.2, accuracy: 0.3 }),
      ev(epoch('t1', 1, 1, 0.9)),
      ev({ type: 'batch', node: 't1', stage: 1, epoch: 2, batch: 1, batches: 4, loss: 0.8, accuracy: 0.5 }),
    ]);
    expect(run.status).toBe('training');
    expect(run.active).toBe('t1');
    expect(run.backend?.device).toBe('SwiftShader');
    const s = run.stages[0]!;
    expect(s.history.map((h) => h.loss)).toEqual([0.9]);
    expect(s.batches.map((b) => b.x)).toEqual([0.5, 1.25]);
    expect(s.current).toMatchObject({ epoch: 2, batch: 1, loss: 0.8 });
    expect(runSummary(run)).toMatchObject({ status: 'training', backend: 'webgpu', epochs: 1, stage: 1 });
  });

  it('ignores messages of an earlier run', () => {
    const run = fold([ev(stageStart('t1', 1), 7), ev(epoch('t1', 1, 1, 0.5), 7)]);
    expect(run.stages).toEqual([]);
    expect(run.status).toBe('preparing');
  });

  it('ends done with the report\'s predictors; a stop returns to idle; a failure names its node', () => {
    const report = { seconds: { total: 3.5, loading: 1 }, exports: [] } as unknown as Extract<RunMessage, { type: 'finished' }>['report'];
    const predictors = [{ node: 'p', model: 'm', classes: ['a', 'b'], topK: 2, input: 'draw', shape: [28, 28, 1] as [number, number, number], dataset: 'd' }];
    const done = fold([ev(stageStart('t1', 1)), ev({ type: 'stage-end', node: 't1', stage: 1, epochsRun: 3, stoppedEarly: false, bestEpoch: null, seconds: 3 }), { type: 'finished', runId: 1, report, predictors }]);
    expect(done).toMatchObject({ status: 'done', active: null, seconds: 3.5, predictors });
    expect(done.stages[0]!.finished).toBe(true);

    expect(fold([ev(stageStart('t1', 1)), { type: 'failed', runId: 1, code: 'cancelled', message: 'The run was stopped.' }])).toMatchObject({ status: 'idle', error: null, active: null });
    expect(fold([{ type: 'failed', runId: 1, code: 'non-finite-loss', message: 'diverged', node: 't2' }])).toMatchObject({ status: 'error', error: { code: 'non-finite-loss', node: 't2' } });
    // A crashed worker (runId -1) ends whatever run is under way.
    expect(fold([ev(stageStart('t1', 1)), { type: 'failed', runId: -1, code: 'internal', message: 'crashed' }])).toMatchObject({ status: 'error', active: null, error: { message: 'crashed' } });
  });

  it('keeps exported files for download, with their library id', () => {
    const weightData = new ArrayBuffer(16);
    const run = fold([{ type: 'exported', runId: 1, node: 'x', name: 'digits', libraryId: 'digits', modelJson: { a: 1 }, weightData }]);
    expect(run.exports).toEqual([expect.objectContaining({ node: 'x', bytes: 16, libraryId: 'digits', files: { modelJson: { a: 1 }, weightData } })]);
  });
});

describe('chart series across stages', () => {
  it('puts stage 2 after the epochs stage 1 ran, with a marker at each boundary', () => {
    const run = fold([
      ev(stageStart('t1', 1, 5)), ev(epoch('t1', 1, 1, 0.9)), ev(epoch('t1', 1, 2, 0.7)),
      ev({ type: 'stage-end', node: 't1', stage: 1, epochsRun: 2, stoppedEarly: true, bestEpoch: 2, seconds: 2 }),
      ev(stageStart('t2', 2, 3)), ev({ type: 'batch', node: 't2', stage: 2, epoch: 1, batch: 2, batches: 4, loss: 0.6, accuracy: 0.6 }), ev(epoch('t2', 2, 1, 0.5)),
    ]);
    const s = runSeries(run.stages);
    expect(s.markers.map((m) => m.x)).toEqual([0, 2]);
    expect(s.x).toEqual([1, 2, 2.5, 3]);
    expect(s.loss).toEqual([0.9, 0.7, null, 0.5]);
    expect(s.batchLoss).toEqual([null, null, 0.6, null]);
    expect(s.lr).toEqual([0.001, 0.001, null, 0.001]);
  });
});
