import type { BackendInfo } from './backend';

export interface EpochLog {
  epoch: number;
  loss: number;
  accuracy: number;
  val_loss: number | null;
  val_accuracy: number | null;
  lr: number;
  seconds: number;
  samplesPerSecond: number;
}

export interface Evaluation {
  node: string;
  split: 'test' | 'validation';
  dataset: string;
  classes: string[];
  samples: number;
  accuracy: number;
  loss: number;
  /** confusion[true][predicted] */
  confusion: number[][];
  perClass: { label: string; precision: number; recall: number; support: number }[];
  misclassified: { id: string; label: string; predicted: string; confidence: number }[];
  /** Every evaluated sample as [id, true class index, predicted class index]: what each confusion cell counts. */
  predictions: [string, number, number][];
}

/** What a run reports as it goes (DESIGN §6). */
export type RunEvent =
  | { type: 'backend'; backend: BackendInfo }
  | { type: 'log'; level: 'info' | 'warning'; message: string; node?: string }
  | { type: 'stage-start'; node: string; stage: number; label: string; epochs: number; batchesPerEpoch: number; samples: number; cache: { enabled: boolean; reason: string }; params: { trainable: number; nonTrainable: number } }
  | { type: 'batch'; node: string; stage: number; epoch: number; batch: number; batches: number; loss: number; accuracy: number }
  | ({ type: 'epoch'; node: string; stage: number; epochs: number } & EpochLog)
  | { type: 'stage-end'; node: string; stage: number; epochsRun: number; stoppedEarly: boolean; bestEpoch: number | null; seconds: number }
  | ({ type: 'evaluation' } & Evaluation)
  | { type: 'export'; node: string; name: string; bytes: number; quantize: string }
  | { type: 'done'; seconds: number }
  | { type: 'error'; code: string; message: string; node?: string; stage?: number; epoch?: number };

/** A run that could not finish, with what a person needs to know to fix it. */
export class RunError extends Error {
  constructor(
    readonly code: 'non-finite-loss' | 'cancelled' | 'data' | 'model' | 'internal',
    message: string,
    readonly node?: string,
    readonly stage?: number,
    readonly epoch?: number,
  ) {
    super(message);
    this.name = 'RunError';
  }
}
