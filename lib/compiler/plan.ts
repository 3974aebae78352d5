import type { AugmentParams } from '@/nodes/augment';
import type { Schedule } from '@/nodes/optimizer';
import type { Shape } from './layers';

/** A compiler finding about one node (or the document), in the user's words. DESIGN §5. */
export interface Diagnostic {
  severity: 'error' | 'warning' | 'info';
  /** The node it is about; null for the document as a whole. */
  nodeId: string | null;
  port?: string;
  edgeId?: string;
  code: string;
  message: string;
  hint?: string;
}

/** A layer in Keras' serialization format, its name resolved. */
export interface PlanLayer {
  class_name: string;
  config: Record<string, unknown> & { name: string };
}

export interface DatasetSpec {
  id: string;
  source: 'mnist' | 'synthetic' | 'images' | 'webcam';
  classes: string[];
  /** Samples per class after filtering and limits, when known before loading. */
  counts: Record<string, number> | null;
  /** Height, width, channels of the samples as the dataset produces them (values in [0, 1]). */
  shape: [number, number, number];
  limitPerClass: number | null;
  validationSplit: number;
  testSplit: number;
  seed: number;
  ref: { id: string; hash: string; classes: string[] } | null;
  synthetic: { imageSize: number; perClass: number } | null;
}

export type AugmentSpec = AugmentParams & { node: string };

export interface BaseSpec {
  source: 'mobilenet-v2' | 'digits-cnn' | 'url' | 'library';
  /** Where the runtime finds model.json: a catalog path, the URL, or `library:<id>`. */
  location: string;
  cutAt: string | null;
  inputSize: number | null;
  pooling: 'avg' | 'max' | 'none';
  /** The pooling layer added after the cut, if any. */
  poolingLayer: string | null;
  channels: 1 | 3;
  valueRange: [number, number];
}

/** How samples are turned into what the model's input expects. */
export interface InputAdapter {
  from: Shape;
  to: Shape;
  resize: [number, number] | null;
  channels: 'keep' | 'gray-to-rgb' | 'rgb-to-gray';
  /** Samples are in [0, 1]; null when the model wants that too. */
  scale: { from: [number, number]; to: [number, number] } | null;
}

export interface OptimizerSpec {
  node: string;
  type: 'sgd' | 'momentum' | 'adam' | 'rmsprop' | 'adagrad' | 'adamax';
  learningRate: number;
  /** Only the settings this type uses. */
  settings: Record<string, number>;
  schedule: Schedule;
}

export interface CacheDecision {
  enabled: boolean;
  /** The last layer whose outputs are cached (the frozen prefix ends here). */
  until: string | null;
  featureShape: Shape | null;
  /** Estimated size of the cached activations of every split, in bytes; null when unknown until the data loads. */
  bytes: number | null;
  budgetBytes: number;
  reason: string;
}

export interface ParamCounts {
  trainable: number;
  nonTrainable: number;
  total: number;
  /** false when some layers are known only once the model loads (URL bases). */
  exact: boolean;
}

export type PlanStep =
  | {
      kind: 'build'; node: string; model: string; base: BaseSpec | null; inputShape: Shape | null; layers: PlanLayer[];
      /** Parameters of the model as built, every layer trainable (Keras' model.summary()). */
      params: ParamCounts;
    }
  | { kind: 'add-layers'; node: string; model: string; layers: PlanLayer[] }
  | { kind: 'fork'; node: string; model: string; from: string }
  | {
      kind: 'freeze'; node: string; model: string; mode: string; batchNorm: 'frozen' | 'follow';
      /** Every layer with weights: true when it trains. Frozen batch norms run in inference mode. */
      trainable: Record<string, boolean>;
      params: ParamCounts;
    }
  | {
      kind: 'train'; node: string; model: string; stage: number; label: string;
      dataset: string; augment: AugmentSpec[]; adapter: InputAdapter | null; classes: string[];
      optimizer: OptimizerSpec; loss: string; metrics: string[];
      fit: { epochs: number; batchSize: number; shuffle: boolean; earlyStopping: { monitor: string; patience: number; restoreBest: boolean } | null };
      cache: CacheDecision; params: ParamCounts;
    }
  | { kind: 'evaluate'; node: string; model: string; dataset: string; split: 'test' | 'validation'; adapter: InputAdapter | null; classes: string[] }
  | { kind: 'export'; node: string; model: string; name: string; quantize: 'none' | 'float16' | 'uint8'; saveToLibrary: boolean; classes: string[] | null }
  | { kind: 'predict'; node: string; model: string; input: string; topK: number; classes: string[] | null; adapter: InputAdapter | null };

export interface PlanModel {
  id: string;
  /** The node that built it, or the node whose fork created it. */
  node: string;
  forkedFrom: string | null;
  base: BaseSpec | null;
  inputShape: Shape | null;
  /** Layers added on top of the base (or the whole model when built from scratch), in Keras format. */
  layers: PlanLayer[];
  outputShape: Shape | null;
}

export interface StageSummary {
  node: string;
  stage: number;
  label: string;
  model: string;
  params: ParamCounts;
  cache: { enabled: boolean; reason: string };
}

/** What compile() produces from a graph without errors: plain JSON. DESIGN §5. */
export interface TrainingPlan {
  format: 'graft.plan';
  version: 1;
  title: string;
  datasets: DatasetSpec[];
  models: PlanModel[];
  steps: PlanStep[];
  summary: { stages: StageSummary[] };
}

/** One layer of a model as the editor shows it (Keras' model.summary(), plus whether it trains). */
export interface LayerSummary {
  name: string;
  className: string;
  outputShape: Shape | null;
  params: number;
  trainable: boolean;
}

/** What the compiler learned about one node: shown on the canvas and in the inspector. */
export interface NodeInfo {
  /** Output shape of a model node (without the batch dimension). */
  outputShape?: Shape | null;
  /** Parameter counts of the model after this node. */
  params?: ParamCounts;
  /** Layers of the model after this node (for the layer picker and model summaries). */
  layers?: LayerSummary[];
  /** Dataset nodes: classes and samples per class. */
  classes?: string[];
  samples?: number | null;
  sampleShape?: Shape;
}

export interface CompileResult {
  plan: TrainingPlan | null;
  diagnostics: Diagnostic[];
  /** Per node, even when the graph has errors elsewhere. */
  nodes: Record<string, NodeInfo>;
}
