/**
 * Messages between the editor and the training worker (DESIGN §6): plain, structured-cloneable
 * data, with pixel and weight buffers transferred rather than copied. No tfjs here: the UI side
 * imports these types.
 */
import type { TrainingPlan } from '@/lib/compiler/plan';
import type { BackendChoice } from '../backend';
import type { RunEvent } from '../events';
import type { RunReport } from '../run-plan';

/** A trained model the editor can predict with: a Predict node, or the last trained model. */
export interface Predictor {
  node: string;
  model: string;
  classes: string[];
  topK: number;
  /** What the Predict node asks for first (webcam, upload, draw, test-samples). */
  input: string;
  /** The samples the model was trained on: height, width, channels, values in [0, 1]. */
  shape: [number, number, number];
  /** The dataset whose test samples it can be shown. */
  dataset: string;
}

export interface SampleImage {
  id: string;
  label: string;
  width: number;
  height: number;
  /** RGBA, ready for ImageData. */
  rgba: Uint8ClampedArray;
}

export type ToWorker =
  | { type: 'run'; runId: number; plan: TrainingPlan; backend: BackendChoice; seed?: number }
  | { type: 'stop'; runId: number }
  | { type: 'predict'; requestId: number; node: string; pixels: Float32Array }
  | { type: 'samples'; requestId: number; dataset: string; ids?: string[]; split?: 'train' | 'validation' | 'test'; limit?: number }
  | { type: 'release' };

export type FromWorker =
  | { type: 'event'; runId: number; event: RunEvent }
  | { type: 'exported'; runId: number; node: string; name: string; libraryId: string | null; modelJson: object; weightData: ArrayBuffer }
  | { type: 'finished'; runId: number; report: RunReport; predictors: Predictor[] }
  | { type: 'failed'; runId: number; code: string; message: string; node?: string }
  | { type: 'prediction'; requestId: number; probabilities: Float32Array; ms: number }
  | { type: 'samples'; requestId: number; samples: SampleImage[] }
  | { type: 'request-failed'; requestId: number; message: string };
