import type { StageView } from '@/lib/store/run-state';

/** Chart data on one epoch axis across stages: stage k starts where stage k-1 ended. */
export interface RunSeries {
  x: number[];
  batchLoss: (number | null)[];
  loss: (number | null)[];
  valLoss: (number | null)[];
  batchAcc: (number | null)[];
  acc: (number | null)[];
  valAcc: (number | null)[];
  lr: (number | null)[];
  markers: { x: number; label: string }[];
}

export function runSeries(stages: StageView[]): RunSeries {
  const points = new Map<number, Partial<Record<keyof Omit<RunSeries, 'x' | 'markers'>, number | null>>>();
  const at = (x: number) => {
    const k = Math.round(x * 1e6) / 1e6;
    let p = points.get(k);
    if (!p) { p = {}; points.set(k, p); }
    return p;
  };
  const markers: RunSeries['markers'] = [];
  let offset = 0;
  for (const s of stages) {
    markers.push({ x: offset, label: `stage ${s.stage}` });
    for (const b of s.batches) Object.assign(at(offset + b.x), { batchLoss: b.loss, batchAcc: b.accuracy });
    for (const h of s.history) {
      Object.assign(at(offset + h.epoch), { loss: h.loss, acc: h.accuracy, valLoss: h.val_loss, valAcc: h.val_accuracy, lr: h.lr });
    }
    offset += s.finished ? s.history.length : s.epochs;
  }
  const x = [...points.keys()].sort((a, b) => a - b);
  const col = (k: keyof Omit<RunSeries, 'x' | 'markers'>) => x.map((v) => points.get(v)![k] ?? null);
  return {
    x, markers,
    batchLoss: col('batchLoss'), loss: col('loss'), valLoss: col('valLoss'),
    batchAcc: col('batchAcc'), acc: col('acc'), valAcc: col('valAcc'), lr: col('lr'),
  };
}
