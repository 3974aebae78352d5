import type { GraphDocument } from '@/lib/graph/schema';
import type { BaseCatalogEntry, Catalog } from '@/lib/catalog/types';
import type { AugmentParams } from '@/nodes/augment';
import { SYNTHETIC_CLASSES } from '@/nodes/dataset';
import type { DatasetParams } from '@/nodes/dataset';
import type { DenseHeadParams } from '@/nodes/dense-head';
import type { EvaluateParams } from '@/nodes/evaluate';
import type { ExportParams } from '@/nodes/export';
import type { FreezeParams } from '@/nodes/freeze';
import type { KerasLayer } from '@/nodes/keras-layers';
import type { LayersParams } from '@/nodes/layers';
import type { OptimizerParams } from '@/nodes/optimizer';
import type { PredictParams } from '@/nodes/predict';
import type { PretrainedBaseParams } from '@/nodes/pretrained-base';
import type { TrainParams } from '@/nodes/train';
import { indexGraph } from './graph-index';
import type { GraphIndex, IndexedNode } from './graph-index';
import { nameLayers } from './catalog-from-layers';
import { formatShape, inferLayer, layerActivation } from './layers';
import type { LayerParams, Shape } from './layers';
import type {
  AugmentSpec, BaseSpec, CacheDecision, CompileResult, DatasetSpec, Diagnostic, InputAdapter, NodeInfo,
  OptimizerSpec, ParamCounts, PlanLayer, PlanModel, PlanStep, StageSummary, TrainingPlan,
} from './plan';

export interface CompileOptions {
  /** Largest frozen-prefix cache, in bytes, before training falls back to no cache. */
  cacheBudgetBytes?: number;
}

export const DEFAULT_CACHE_BUDGET = 256 * 1024 * 1024;

/** A dataset as it flows along data edges. */
interface DataValue {
  spec: DatasetSpec;
  augment: AugmentSpec[];
}

/** One layer of a model under construction. */
interface ModelLayer {
  name: string;
  className: string;
  inbound: string[];
  params: LayerParams;
  shape: Shape | null;
  trainable: boolean;
  /** The node that added it ('base' layers carry the base node's id). */
  node: string;
}

/** A model as it flows along model edges: a snapshot, never mutated once produced. */
interface ModelValue {
  slot: string;
  layers: ModelLayer[];
  /** True when the base's own layers are unknown until it loads (URL bases). */
  opaqueBase: boolean;
  inputShape: Shape | null;
  outputShape: Shape | null;
  channels: 1 | 3 | null;
  valueRange: [number, number];
  /** The node whose layer is the model's output, and that layer's activation. */
  outputNode: string;
  outputActivation: string | null;
  /** Train nodes this model has been through, in order. */
  trainedBy: string[];
  classes: string[] | null;
}

const MUTATING = new Set(['freeze', 'dense-head', 'layers', 'train']);
const SAMPLE_RANGE: [number, number] = [0, 1];

/**
 * Turns a graph into a TrainingPlan, pure and synchronous. Never throws: every problem is a
 * diagnostic, and a graph with errors yields no plan. DESIGN §5.
 */
export function compile(graph: GraphDocument, catalog: Catalog, options: CompileOptions = {}): CompileResult {
  try {
    return new Compiler(graph, catalog, options).run();
  } catch (err) {
    // A compiler bug must not take the editor down; the fuzz test looks for this code.
    return {
      plan: null,
      diagnostics: [{
        severity: 'error', nodeId: null, code: 'internal-error',
        message: `The compiler failed on this graph (${err instanceof Error ? err.message : String(err)}). This is a bug in Graft.`,
        hint: 'Please report it with the graph file.',
      }],
      nodes: {},
    };
  }
}

class Compiler {
  private diags: Diagnostic[] = [];
  private index!: GraphIndex;
  private data = new Map<string, DataValue | null>();
  private models = new Map<string, ModelValue | null>();
  private optimizers = new Map<string, OptimizerSpec | null>();
  private steps: PlanStep[] = [];
  private planModels = new Map<string, PlanModel>();
  private datasets = new Map<string, DatasetSpec>();
  private stages: StageSummary[] = [];
  private info: Record<string, NodeInfo> = {};
  private budget: number;

  constructor(private graph: GraphDocument, private catalog: Catalog, options: CompileOptions) {
    this.budget = options.cacheBudgetBytes ?? DEFAULT_CACHE_BUDGET;
  }

  run(): CompileResult {
    this.index = indexGraph(this.graph, this.diags);
    this.checkMissingInputs();
    // Datasets first: a head's size and a from-scratch model's input come from the data that
    // reaches the Train node downstream, which may sit later in the order.
    for (const id of this.index.order) {
      const n = this.index.nodes.get(id)!;
      if (n.node.type === 'dataset' || n.node.type === 'augment') this.visit(n);
    }
    for (const id of this.index.order) {
      const n = this.index.nodes.get(id)!;
      if (n.node.type !== 'dataset' && n.node.type !== 'augment') this.visit(n);
    }
    this.checkUnused();

    const rank = { error: 0, warning: 1, info: 2 } as const;
    const diagnostics = this.diags
      .map((d, i) => ({ d, i }))
      .sort((a, b) => rank[a.d.severity] - rank[b.d.severity] || a.i - b.i)
      .map(({ d }) => d);
    if (diagnostics.some((d) => d.severity === 'error')) return { plan: null, diagnostics, nodes: this.info };

    const plan: TrainingPlan = {
      format: 'graft.plan',
      version: 1,
      title: this.graph.meta.title,
      datasets: [...this.datasets.values()],
      models: [...this.planModels.values()],
      steps: this.steps,
      summary: { stages: this.stages },
    };
    return { plan, diagnostics, nodes: this.info };
  }

  // ---------------------------------------------------------------- helpers

  /** Records what a model node produces: output shape, parameter counts and its layers. */
  private describe(id: string, model: ModelValue | null): ModelValue | null {
    if (!model) return model;
    this.info[id] = {
      outputShape: model.outputShape,
      params: countParams(model),
      layers: model.layers.map((l) => ({
        name: l.name, className: l.className, outputShape: l.shape,
        params: l.params.trainable + l.params.nonTrainable, trainable: l.trainable && l.params.trainable > 0,
      })),
    };
    return model;
  }

  private diag(severity: Diagnostic['severity'], nodeId: string | null, code: string, message: string, hint?: string, port?: string) {
    const d: Diagnostic = { severity, nodeId, code, message };
    if (port) d.port = port;
    if (hint) d.hint = hint;
    this.diags.push(d);
  }

  private link(nodeId: string, port: string) {
    return this.index.inputs.get(nodeId)?.get(port);
  }

  private consumers(nodeId: string, port: string) {
    return this.index.outputs.get(nodeId)?.get(port) ?? [];
  }

  private typeOf(nodeId: string): string | undefined {
    return this.index.nodes.get(nodeId)?.node.type;
  }

  private checkMissingInputs() {
    for (const n of this.index.nodes.values()) {
      if (!n.def) continue;
      for (const port of n.def.inputs) {
        // Wired to a broken node, or wired wrongly (already reported): not "missing".
        if (port.optional || this.link(n.node.id, port.id) || this.index.opaqueInputs.get(n.node.id)?.has(port.id)) continue;
        this.diag('error', n.node.id, 'missing-input',
          `This ${n.def.label} needs ${article(port.type)} ${port.type} on its "${port.label}" input, and nothing is connected there.`,
          port.type === 'dataset' ? 'Connect a Dataset (or Augment) node to it.'
            : port.type === 'optimizer' ? 'Connect an Optimizer node to it.'
              : 'Connect a model to it: a Pretrained base, Freeze, Dense head, Layers or Train node.',
          port.id);
      }
    }
  }

  private checkUnused() {
    for (const n of this.index.nodes.values()) {
      if (!n.def || !n.params || n.def.outputs.length === 0) continue;
      const used = n.def.outputs.some((p) => this.consumers(n.node.id, p.id).length > 0);
      if (used || n.node.type === 'train') continue;
      const what = n.def.outputs[0]!.type;
      this.diag('warning', n.node.id, 'unused',
        `This ${n.def.label} is not connected to anything, so it has no effect.`,
        what === 'dataset' ? 'Connect its output to a Train or Evaluate node.'
          : what === 'optimizer' ? 'Connect it to the optimizer input of a Train node.'
            : 'Connect its model to a Train node.');
    }
  }

  private visit(n: IndexedNode) {
    const id = n.node.id;
    const p = n.params;
    if (!p) { this.setBlocked(n); return; }
    switch (n.node.type) {
      case 'dataset': this.data.set(id, this.describeData(id, this.dataset(id, p as DatasetParams))); break;
      case 'augment': this.data.set(id, this.describeData(id, this.augment(id, p as AugmentParams))); break;
      case 'pretrained-base': this.models.set(id, this.describe(id, this.base(id, p as PretrainedBaseParams))); break;
      case 'layers': this.models.set(id, this.describe(id, this.layers(id, p as LayersParams))); break;
      case 'freeze': this.models.set(id, this.describe(id, this.freeze(id, p as FreezeParams))); break;
      case 'dense-head': this.models.set(id, this.describe(id, this.denseHead(id, p as DenseHeadParams))); break;
      case 'optimizer': this.optimizers.set(id, this.optimizer(id, p as OptimizerParams)); break;
      case 'train': this.models.set(id, this.describe(id, this.train(id, p as TrainParams))); break;
      case 'evaluate': this.evaluate(id, p as EvaluateParams); break;
      case 'export': this.exportNode(id, p as ExportParams); break;
      case 'predict': this.predict(id, p as PredictParams); break;
    }
  }

  private describeData(id: string, data: DataValue | null): DataValue | null {
    if (data) {
      const counts = data.spec.counts;
      this.info[id] = { classes: data.spec.classes, samples: counts ? Object.values(counts).reduce((a, b) => a + b, 0) : null, sampleShape: data.spec.shape };
    }
    return data;
  }

  private setBlocked(n: IndexedNode) {
    this.data.set(n.node.id, null);
    this.models.set(n.node.id, null);
    this.optimizers.set(n.node.id, null);
  }

  private inputData(nodeId: string, port = 'data'): DataValue | null {
    const l = this.link(nodeId, port);
    return l ? this.data.get(l.source) ?? null : null;
  }

  private inputOptimizer(nodeId: string): OptimizerSpec | null {
    const l = this.link(nodeId, 'optimizer');
    return l ? this.optimizers.get(l.source) ?? null : null;
  }

  /** The model on a node's input, forked into a slot of its own when this node changes it and others read it too. */
  private inputModel(nodeId: string): ModelValue | null {
    const l = this.link(nodeId, 'model');
    if (!l) return null;
    const value = this.models.get(l.source);
    if (!value) return null;
    const copy = cloneModel(value);
    const type = this.typeOf(nodeId)!;
    if (MUTATING.has(type) && this.consumers(l.source, l.sourcePort).length > 1) {
      copy.slot = nodeId;
      this.steps.push({ kind: 'fork', node: nodeId, model: nodeId, from: value.slot });
      const parent = this.planModels.get(value.slot);
      this.planModels.set(nodeId, {
        id: nodeId, node: nodeId, forkedFrom: value.slot, base: parent?.base ?? null,
        inputShape: value.inputShape, layers: [...(parent?.layers ?? [])], outputShape: value.outputShape,
      });
    }
    return copy;
  }

  /**
   * The datasets of the first Train nodes reached from this node's model output. `trains`
   * counts them all, including those whose data is missing or broken (already reported).
   */
  private downstreamTrainData(nodeId: string): { trains: number; found: { train: string; data: DataValue }[] } {
    const found: { train: string; data: DataValue }[] = [];
    let trains = 0;
    const seen = new Set<string>();
    const queue = [nodeId];
    while (queue.length) {
      const cur = queue.shift()!;
      for (const l of this.consumers(cur, 'model')) {
        if (seen.has(l.target)) continue;
        seen.add(l.target);
        const type = this.typeOf(l.target);
        if (type === 'train' && l.targetPort === 'model') {
          trains++;
          const d = this.inputData(l.target);
          if (d) found.push({ train: l.target, data: d });
        } else if (type === 'freeze' || type === 'dense-head' || type === 'layers') {
          queue.push(l.target);
        }
      }
    }
    return { trains, found };
  }

  private recordModel(value: ModelValue, added: PlanLayer[]) {
    const m = this.planModels.get(value.slot);
    if (!m) return;
    m.layers.push(...added);
    m.outputShape = value.outputShape;
  }

  // ---------------------------------------------------------------- data

  private dataset(id: string, p: DatasetParams): DataValue | null {
    let available: string[];
    let counts: Record<string, number> | null = null;
    let shape: [number, number, number];
    let ok = true;
    switch (p.source) {
      case 'mnist': {
        const entry = this.catalog.datasets.mnist;
        if (!entry) {
          this.diag('error', id, 'dataset-unavailable', 'The MNIST files are not prepared on this machine.', 'Run `npm run prepare-assets`.');
          return null;
        }
        available = entry.classes;
        counts = { ...entry.counts };
        shape = entry.shape;
        break;
      }
      case 'synthetic':
        available = [...SYNTHETIC_CLASSES];
        counts = Object.fromEntries(available.map((c) => [c, p.synthetic.perClass]));
        shape = [p.synthetic.imageSize, p.synthetic.imageSize, 3];
        break;
      case 'images':
      case 'webcam': {
        shape = [p.imageSize, p.imageSize, 3];
        if (!p.ref) {
          if (p.source === 'images' || !p.classes?.length) {
            this.diag('error', id, 'no-data',
              p.source === 'images' ? 'This dataset has no images yet.' : 'This webcam dataset has no classes yet.',
              p.source === 'images'
                ? 'Drop a folder (one sub-folder per class) or a .zip on the node, or use Add images in the inspector.'
                : 'Name the classes in the inspector, then record samples for each.');
            return null;
          }
          available = p.classes;
          this.diag('warning', id, 'no-samples', 'No webcam samples are recorded yet: training will have nothing to learn from.',
            'Open the dataset and hold the record button for each class.');
        } else {
          const stored = this.catalog.stored;
          if (stored && !stored[p.ref.id]) {
            this.diag('error', id, 'dataset-missing', `The images of this dataset are not stored in this browser (classes ${p.ref.classes.map((c) => `"${c}"`).join(', ')}).`,
              p.source === 'images'
                ? 'Drop its folder (one sub-folder per class) or .zip on the node to relink it, or import the project\'s .graft.zip.'
                : 'Import the project\'s .graft.zip, or record the classes again.');
            return null;
          }
          if (stored && p.ref.hash && stored[p.ref.id]!.hash !== p.ref.hash) {
            this.diag('warning', id, 'dataset-changed', 'The stored images changed since this graph was saved: a run will not reproduce the saved one exactly.',
              'Open the Data panel to see what is stored now.');
          }
          const kept = stored?.[p.ref.id]?.size;
          if (kept && kept < p.imageSize) {
            this.diag('warning', id, 'dataset-upscaled', `The images are stored at ${kept} px, so feeding them at ${p.imageSize} px only enlarges them.`,
              p.source === 'images' ? `Add the folder again to keep them at ${p.imageSize} px, or use an image size of ${kept} or less.` : `Use an image size of ${kept} or less, or record again.`);
          }
          available = p.ref.classes;
          counts = p.ref.counts ? { ...p.ref.counts } : null;
        }
        break;
      }
    }

    let classes = available;
    if (p.classes && !(p.source === 'webcam' && !p.ref)) {
      const unknown = p.classes.filter((c) => !available.includes(c));
      if (unknown.length) {
        ok = false;
        this.diag('error', id, 'unknown-class',
          `${plural(unknown.length, 'Class', 'Classes')} ${unknown.map((c) => `"${c}"`).join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not in this dataset.`,
          `Its classes are ${available.map((c) => `"${c}"`).join(', ')}.`);
      }
      const dupes = p.classes.filter((c, i) => p.classes!.indexOf(c) !== i);
      if (dupes.length) {
        ok = false;
        this.diag('error', id, 'duplicate-class', `Class "${dupes[0]}" is listed twice.`, 'List each class once.');
      }
      classes = p.classes.filter((c) => available.includes(c));
    }
    if (ok && classes.length < 2) {
      ok = false;
      this.diag('error', id, 'too-few-classes',
        classes.length === 0 ? 'No classes are left after filtering, so there is nothing to classify.'
          : `Only one class ("${classes[0]}") is left after filtering: a classifier needs at least two.`,
        'Keep at least two classes in the class filter.');
    }
    if (p.validationSplit + p.testSplit >= 1) {
      ok = false;
      this.diag('error', id, 'splits-too-large',
        `The validation (${pct(p.validationSplit)}) and test (${pct(p.testSplit)}) splits add up to ${pct(p.validationSplit + p.testSplit)}, leaving nothing to train on.`,
        'Lower them so they add up to less than 100% (0.2 and 0.1 are common).');
    }
    let kept: Record<string, number> | null = null;
    if (counts) {
      kept = {};
      for (const c of classes) {
        const n = counts[c] ?? 0;
        kept[c] = p.limitPerClass === null ? n : Math.min(n, p.limitPerClass);
      }
      const starved = classes.filter((c) => kept![c]! - Math.round(kept![c]! * p.validationSplit) - Math.round(kept![c]! * p.testSplit) < 1);
      if (ok && starved.length) {
        ok = false;
        this.diag('error', id, 'too-few-samples',
          `After the splits, ${starved.map((c) => `"${c}"`).join(', ')} ${starved.length > 1 ? 'have' : 'has'} no training samples left.`,
          'Raise the limit per class or add samples.');
      }
    }
    if (!ok) return null;
    const spec: DatasetSpec = {
      id,
      source: p.source,
      classes,
      counts: kept,
      shape,
      limitPerClass: p.limitPerClass,
      validationSplit: p.validationSplit,
      testSplit: p.testSplit,
      seed: p.seed,
      ref: p.ref ? { id: p.ref.id, hash: p.ref.hash, classes: p.ref.classes } : null,
      synthetic: p.source === 'synthetic' ? { ...p.synthetic } : null,
    };
    return { spec, augment: [] };
  }

  private augment(id: string, p: AugmentParams): DataValue | null {
    const input = this.inputData(id);
    if (!input) return null;
    const active = p.flipHorizontal || p.rotation > 0 || p.zoom > 0 || p.translate > 0 || p.brightness > 0 || p.contrast > 0;
    if (!active) {
      this.diag('info', id, 'augment-noop', 'Every augmentation is off, so this node passes the data through unchanged.', 'Turn on a flip, rotation, zoom, shift or colour change.');
    }
    if (p.flipHorizontal && input.spec.source === 'mnist') {
      this.diag('warning', id, 'flip-digits', 'Mirrored digits are not digits: a horizontal flip teaches the model wrong shapes.', 'Turn the flip off for MNIST; small rotations and shifts work well.');
    }
    return { spec: input.spec, augment: active ? [...input.augment, { ...p, node: id }] : input.augment };
  }

  // ---------------------------------------------------------------- models

  private base(id: string, p: PretrainedBaseParams): ModelValue | null {
    let entry: BaseCatalogEntry | undefined;
    let location: string;
    if (p.source === 'url') {
      if (!p.url || !/^(https?:\/\/|\/|\.{0,2}\/)/.test(p.url) || !p.url.endsWith('.json')) {
        this.diag('error', id, 'bad-url', p.url ? `"${p.url}" does not look like the address of a model.json.` : 'This base has no URL.',
          'Enter the address of a TensorFlow.js layers model\'s model.json (http(s)://… or a path on this site).');
        return null;
      }
      location = p.url;
      entry = this.catalog.bases[`url:${p.url}`];
    } else if (p.source === 'library') {
      if (!p.libraryId) {
        this.diag('error', id, 'no-library-model', 'Pick a model from your library.', 'Models land in the library when an Export node runs with "save to library" on.');
        return null;
      }
      entry = this.catalog.library?.[p.libraryId];
      location = `library:${p.libraryId}`;
      if (!entry) {
        this.diag('error', id, 'library-model-missing', `The model "${p.libraryId}" is not in this browser's library.`,
          'Run the graph that exports it, or import its project bundle, then pick it again.');
        return null;
      }
    } else {
      entry = this.catalog.bases[p.source];
      if (!entry) {
        this.diag('error', id, 'base-unavailable', `The ${p.source} files are not prepared on this machine.`, 'Run `npm run prepare-assets`.');
        return null;
      }
      location = entry.path;
      if (!entry.available) {
        this.diag('warning', id, 'base-weights-missing', `The pretrained weights of ${entry.label} are not there yet, so this graph compiles but cannot train.`,
          'Produce them by running the pretrain-digits example (see the README).');
      }
    }

    if (!entry) {
      // A URL base: its layers are known only once it loads.
      this.diag('info', id, 'opaque-base', 'The layers of a model loaded from a URL are known only when it loads; layer names and shapes are checked then.');
      const slot = id;
      const baseSpec: BaseSpec = { source: p.source, location, cutAt: p.cutAt, inputSize: p.inputSize, pooling: p.pooling, poolingLayer: null, channels: 3, valueRange: [0, 1] };
      this.steps.push({ kind: 'build', node: id, model: slot, base: baseSpec, inputShape: null, layers: [], params: { trainable: 0, nonTrainable: 0, total: 0, exact: false } });
      this.planModels.set(slot, { id: slot, node: id, forkedFrom: null, base: baseSpec, inputShape: null, layers: [], outputShape: null });
      return {
        slot, layers: [], opaqueBase: true, inputShape: null, outputShape: null, channels: null, valueRange: [0, 1],
        outputNode: id, outputActivation: null, trainedBy: [], classes: null,
      };
    }

    const size = p.inputSize ?? entry.defaultInputSize;
    if (!entry.inputSizes.includes(size)) {
      this.diag('error', id, 'bad-input-size', `${entry.label} takes inputs of ${entry.inputSizes.join(', ')} pixels, not ${size}.`,
        `Choose one of ${entry.inputSizes.join(', ')}${entry.inputSizes.length > 1 ? ' (smaller trains faster, larger sees more detail)' : ''}.`);
      return null;
    }
    const cutAt = p.cutAt ?? entry.defaultCutAt;
    const cutIndex = entry.layers.findIndex((l) => l.name === cutAt);
    if (cutIndex < 0) {
      this.diag('error', id, 'layer-not-found', `${entry.label} has no layer called "${cutAt}" to cut at.`,
        `Pick a layer from the list, e.g. ${suggestNames(cutAt, entry.layers.map((l) => l.name))}.`);
      return null;
    }
    const layers: ModelLayer[] = entry.layers.slice(0, cutIndex + 1).map((l) => ({
      name: l.name, className: l.className, inbound: l.inbound, params: { ...l.params },
      shape: l.shapes[String(size)] ?? null, trainable: true, node: id,
    }));
    const cutShape = layers[layers.length - 1]!.shape;
    let poolingLayer: string | null = null;
    let outputShape = cutShape;
    if (cutShape && cutShape.length === 3 && p.pooling !== 'none') {
      poolingLayer = uniqueName(`${safeName(id)}_${p.pooling}_pool`, layers);
      outputShape = [cutShape[2]!];
      layers.push({
        name: poolingLayer, className: p.pooling === 'avg' ? 'GlobalAveragePooling2D' : 'GlobalMaxPooling2D',
        inbound: [cutAt], params: { trainable: 0, nonTrainable: 0 }, shape: outputShape, trainable: true, node: id,
      });
    } else if (cutShape && cutShape.length !== 3 && p.pooling !== 'none') {
      this.diag('info', id, 'pooling-ignored', `The output at "${cutAt}" is already flat (${formatShape(cutShape)}), so ${p.pooling} pooling does not apply.`,
        'Set pooling to none, or cut at an earlier, image-shaped layer.');
    }
    const baseSpec: BaseSpec = {
      source: p.source, location, cutAt, inputSize: size, pooling: p.pooling, poolingLayer,
      channels: entry.channels, valueRange: entry.valueRange,
    };
    const inputShape: Shape = [size, size, entry.channels];
    const last = entry.layers[cutIndex]!;
    const model: ModelValue = {
      slot: id, layers, opaqueBase: false, inputShape, outputShape, channels: entry.channels, valueRange: entry.valueRange,
      outputNode: id, outputActivation: last.className === 'Dense' || last.className === 'Activation' ? (entry.classes ? 'softmax' : null) : null,
      trainedBy: [], classes: entry.classes && cutIndex === entry.layers.length - 1 ? entry.classes : null,
    };
    this.steps.push({ kind: 'build', node: id, model: id, base: baseSpec, inputShape, layers: [], params: countParams(model) });
    this.planModels.set(id, { id, node: id, forkedFrom: null, base: baseSpec, inputShape, layers: [], outputShape });
    return model;
  }

  /** Appends Keras layers to a model, inferring shapes; null when one does not fit. */
  private appendLayers(id: string, model: ModelValue, keras: readonly KerasLayer[]): PlanLayer[] | null {
    const taken = new Set(model.layers.map((l) => l.name));
    const names = nameLayers(keras, `${safeName(id)}_`, new Set(taken));
    const added: PlanLayer[] = [];
    let shape = model.outputShape;
    for (let i = 0; i < keras.length; i++) {
      const layer = keras[i]!;
      const name = names[i]!;
      if (taken.has(name)) {
        this.diag('error', id, 'duplicate-layer-name', `The model already has a layer called "${name}".`, 'Give this layer another name, or leave its name empty to get one.');
        return null;
      }
      taken.add(name);
      let params: LayerParams = { trainable: 0, nonTrainable: 0 };
      if (shape) {
        const inf = inferLayer(layer, shape);
        if (!inf.ok) {
          this.diag('error', id, 'shape-mismatch', `Layer ${i + 1} (${layer.class_name} "${name}"): ${inf.message}.`,
            shape.length === 3 && layer.class_name === 'Dense'
              ? 'Add a Flatten or GlobalAveragePooling2D layer before it.' : 'Check the layer order and settings.');
          return null;
        }
        shape = inf.outputShape;
        params = inf.params;
      }
      const prev = model.layers[model.layers.length - 1];
      model.layers.push({ name, className: layer.class_name, inbound: prev ? [prev.name] : [], params, shape, trainable: true, node: id });
      added.push({ class_name: layer.class_name, config: { ...layer.config, name } });
      const act = layerActivation(layer);
      if (act !== null) model.outputActivation = act;
    }
    if (keras.length) model.outputNode = id;
    model.outputShape = shape;
    return added;
  }

  private layers(id: string, p: LayersParams): ModelValue | null {
    const hasInput = !!this.link(id, 'model') || this.index.opaqueInputs.get(id)?.has('model');
    if (hasInput) {
      const model = this.inputModel(id);
      if (!model) return null;
      if (p.layers.length === 0) this.diag('warning', id, 'empty-layers', 'This Layers node has no layers, so it changes nothing.', 'Add layers in the inspector, or remove the node.');
      const added = this.appendLayers(id, model, p.layers);
      if (!added) return null;
      this.steps.push({ kind: 'add-layers', node: id, model: model.slot, layers: added });
      this.recordModel(model, added);
      return model;
    }
    // From scratch: the input is the shape of the data that trains it.
    if (p.layers.length === 0) {
      this.diag('error', id, 'empty-layers', 'This Layers node has no input and no layers, so there is no model.', 'Add layers in the inspector (e.g. Conv2D, MaxPooling2D, Flatten, Dense), or connect a model to its input.');
      return null;
    }
    const { trains: trainCount, found: trains } = this.downstreamTrainData(id);
    if (trains.length === 0) {
      if (trainCount > 0) return null; // the Train node's data is missing or broken, and reported there
      this.diag('error', id, 'input-shape-unknown', 'A model built from scratch takes its input shape from the data it trains on, and no Train node with data follows it.',
        'Connect its model output to a Train node that has a dataset.');
      return null;
    }
    const shapes = new Set(trains.map((t) => t.data.spec.shape.join('×')));
    if (shapes.size > 1) {
      this.diag('error', id, 'input-shape-conflict', `The Train nodes after this model feed it data of different shapes (${[...shapes].join(' and ')}).`,
        'Train it on datasets of one image size, or use separate Layers nodes.');
      return null;
    }
    const inputShape: Shape = [...trains[0]!.data.spec.shape];
    const model: ModelValue = {
      slot: id, layers: [], opaqueBase: false, inputShape, outputShape: inputShape, channels: inputShape[2] as 1 | 3,
      valueRange: SAMPLE_RANGE, outputNode: id, outputActivation: null, trainedBy: [], classes: null,
    };
    const added = this.appendLayers(id, model, p.layers);
    if (!added) return null;
    this.steps.push({ kind: 'build', node: id, model: id, base: null, inputShape, layers: added, params: countParams(model) });
    this.planModels.set(id, { id, node: id, forkedFrom: null, base: null, inputShape, layers: [...added], outputShape: model.outputShape });
    return model;
  }

  private freeze(id: string, p: FreezeParams): ModelValue | null {
    const model = this.inputModel(id);
    if (!model) return null;
    const { layers } = model;
    const isBN = (l: ModelLayer) => l.className === 'BatchNormalization';
    const weighted = (l: ModelLayer) => l.params.trainable + l.params.nonTrainable > 0;
    let rule: ((l: ModelLayer, i: number) => boolean) | null = null;
    switch (p.mode) {
      case 'all': rule = () => false; break;
      case 'none': rule = () => true; break;
      case 'until': {
        if (!p.layer) {
          this.diag('error', id, 'no-layer', 'Freeze "until" needs a layer: every layer up to and including it is frozen.', 'Pick a layer in the inspector.');
          return null;
        }
        const at = layers.findIndex((l) => l.name === p.layer);
        if (at < 0) {
          if (model.opaqueBase) { this.diag('info', id, 'unchecked-layer', `"${p.layer}" is checked when the base loads.`); rule = () => true; break; }
          this.diag('error', id, 'layer-not-found', `The model has no layer called "${p.layer}".`,
            `Pick one from the list, e.g. ${suggestNames(p.layer, layers.map((l) => l.name))}.`);
          return null;
        }
        rule = (_l, i) => i > at;
        break;
      }
      case 'last-n': {
        const w = layers.filter(weighted);
        if (p.count > w.length) this.diag('warning', id, 'count-too-large', `The model has only ${w.length} layers with weights, fewer than ${p.count}: all of them train.`);
        const keep = new Set(w.slice(Math.max(0, w.length - p.count)).map((l) => l.name));
        rule = (l) => keep.has(l.name);
        break;
      }
      case 'match': {
        if (!p.pattern) {
          this.diag('error', id, 'no-pattern', 'Freeze "match" needs a pattern: layers whose names match it train, the rest are frozen.', 'Enter a regular expression such as ^block_16 or Conv_1.');
          return null;
        }
        let re: RegExp;
        try {
          re = new RegExp(p.pattern);
        } catch (err) {
          this.diag('error', id, 'bad-regex', `"${p.pattern}" is not a valid regular expression (${err instanceof Error ? err.message.replace(/^Invalid regular expression: /, '') : 'invalid'}).`,
            'Check brackets and escapes; for a literal name, escape dots and brackets with a backslash.');
          return null;
        }
        if (!layers.some((l) => re.test(l.name))) {
          if (model.opaqueBase) { this.diag('info', id, 'unchecked-layer', `The pattern is checked against the base's layers when it loads.`); }
          else {
            this.diag('error', id, 'layer-not-found', `No layer name matches /${p.pattern}/, so nothing would train.`,
              `Layer names look like ${layers.filter(weighted).slice(-3).map((l) => `"${l.name}"`).join(', ')}.`);
            return null;
          }
        }
        rule = (l) => re.test(l.name);
        break;
      }
    }
    for (let i = 0; i < layers.length; i++) {
      const l = layers[i]!;
      l.trainable = p.batchNorm === 'frozen' && isBN(l) ? false : rule!(l, i);
    }
    const trainable: Record<string, boolean> = {};
    for (const l of layers) if (weighted(l)) trainable[l.name] = l.trainable;
    this.steps.push({ kind: 'freeze', node: id, model: model.slot, mode: p.mode, batchNorm: p.batchNorm, trainable, params: countParams(model) });
    return model;
  }

  private denseHead(id: string, p: DenseHeadParams): ModelValue | null {
    const model = this.inputModel(id);
    if (!model) return null;
    let units: number | null = typeof p.units === 'number' ? p.units : null;
    if (units === null) {
      const { trains: trainCount, found: trains } = this.downstreamTrainData(id);
      const counts = new Set(trains.map((t) => t.data.spec.classes.length));
      if (trains.length === 0) {
        if (trainCount > 0) return null; // the Train node's data is missing or broken, and reported there
        this.diag('error', id, 'classes-unknown', 'With units "auto" the head has one output per class of the data it trains on, and no Train node with data follows it.',
          'Connect its model to a Train node with a dataset, or set the number of units.');
        return null;
      }
      if (counts.size > 1) {
        this.diag('error', id, 'classes-conflict', `The Train nodes after this head use datasets with different numbers of classes (${[...counts].join(' and ')}).`,
          'Give each dataset its own head, or set the number of units.');
        return null;
      }
      units = [...counts][0]!;
    }
    const activation = p.outputActivation === 'auto' ? 'softmax' : p.outputActivation;
    const keras: KerasLayer[] = [];
    // Generated names step aside from layers the model already has (a library model that was
    // trained with a head of the same id keeps its old head's layers below the cut).
    const used = [...model.layers];
    const auto = (name: string) => { const n = uniqueName(name, used); used.push({ name: n } as typeof used[number]); return n; };
    if (model.outputShape && model.outputShape.length > 1) {
      keras.push({ class_name: 'Flatten', config: { name: auto(`${safeName(id)}_flatten`) } });
      this.diag('info', id, 'flatten-added', `The model's output is image-shaped (${formatShape(model.outputShape)}), so the head flattens it first (${model.outputShape.reduce((a, b) => a * b, 1)} values).`,
        'Pooling on the base (avg or max) gives a much smaller head.');
    }
    p.hidden.forEach((h, i) => {
      keras.push({ class_name: 'Dense', config: { name: auto(`${safeName(id)}_dense_${i + 1}`), units: h.units, activation: h.activation, use_bias: true } });
      if (h.dropout > 0) keras.push({ class_name: 'Dropout', config: { name: auto(`${safeName(id)}_dropout_${i + 1}`), rate: h.dropout } });
    });
    keras.push({ class_name: 'Dense', config: { name: auto(`${safeName(id)}_output`), units, activation, use_bias: true } });
    const added = this.appendLayers(id, model, keras);
    if (!added) return null;
    this.steps.push({ kind: 'add-layers', node: id, model: model.slot, layers: added });
    this.recordModel(model, added);
    return model;
  }

  // ---------------------------------------------------------------- training

  private optimizer(id: string, p: OptimizerParams): OptimizerSpec | null {
    if (!Number.isFinite(p.learningRate) || p.learningRate <= 0) {
      this.diag('error', id, 'bad-learning-rate', `The learning rate is ${p.learningRate}; it must be a number above 0, or the weights never move.`,
        'Try 0.001 for Adam, 0.01 for SGD, or 0.00001 to fine-tune unfrozen pretrained layers.');
      return null;
    }
    if (p.learningRate > 1) {
      this.diag('warning', id, 'large-learning-rate', `A learning rate of ${p.learningRate} is very large: training will likely diverge.`, 'Values between 0.00001 and 0.01 are usual.');
    }
    const settings: Record<string, number> = {};
    switch (p.type) {
      case 'momentum': settings.momentum = p.momentum; break;
      case 'adam': case 'adamax': Object.assign(settings, { beta1: p.beta1, beta2: p.beta2, epsilon: p.epsilon }); break;
      case 'rmsprop': Object.assign(settings, { rho: p.rho, epsilon: p.epsilon }); break;
      default: break;
    }
    return { node: id, type: p.type, learningRate: p.learningRate, settings, schedule: p.schedule };
  }

  private adapter(id: string, data: DatasetSpec, model: ModelValue): InputAdapter | null | false {
    if (!model.inputShape) return null;
    const [h, w, c] = data.shape;
    const [H, W, C] = model.inputShape as [number, number, number];
    let channels: InputAdapter['channels'] = 'keep';
    if (c !== C) {
      if (c === 1 && C === 3) channels = 'gray-to-rgb';
      else if (c === 3 && C === 1) channels = 'rgb-to-gray';
      else {
        this.diag('error', id, 'channel-mismatch', `The data has ${c} channels and the model expects ${C}.`, 'Use a base made for this kind of image.');
        return false;
      }
    }
    const resize: [number, number] | null = h !== H || w !== W ? [H, W] : null;
    const [lo, hi] = model.valueRange;
    const scale = lo === SAMPLE_RANGE[0] && hi === SAMPLE_RANGE[1] ? null : { from: SAMPLE_RANGE, to: model.valueRange };
    if (!resize && channels === 'keep' && !scale) return null;
    const what = [
      resize ? `resized from ${h}×${w} to ${H}×${W}` : null,
      channels === 'gray-to-rgb' ? 'grayscale copied to RGB' : channels === 'rgb-to-gray' ? 'RGB averaged to grayscale' : null,
      scale ? `scaled to [${lo}, ${hi}]` : null,
    ].filter((x): x is string => x !== null);
    this.diag('info', id, 'input-adapted', `Samples are ${joinWords(what)} to fit the model's input.`);
    return { from: [h, w, c], to: [H, W, C], resize, channels, scale };
  }

  private train(id: string, p: TrainParams): ModelValue | null {
    const data = this.inputData(id);
    const opt = this.inputOptimizer(id);
    const model = this.inputModel(id);
    // A broken optimizer must not hide the model's own problems: check those first.
    if (!model || !data) return null;
    const stage = this.stages.length + 1;
    const label = p.label ?? `Stage ${stage}`;
    const classes = data.spec.classes;
    let ok = true;

    if (model.outputShape) {
      if (model.outputShape.length !== 1) {
        ok = false;
        this.diag('error', model.outputNode, 'output-not-flat', `The model ends in an image-shaped output (${formatShape(model.outputShape)}), which cannot be one score per class.`,
          'Add a Dense head (or Flatten and Dense layers) before training.');
      } else if (model.outputShape[0] !== classes.length) {
        ok = false;
        this.diag('error', model.outputNode, 'units-mismatch',
          `The model has ${model.outputShape[0]} outputs, but "${id}" trains it on ${classes.length} classes (${abbreviate(classes)}).`,
          this.typeOf(model.outputNode) === 'dense-head' ? 'Set the head\'s units to "auto" or to the number of classes.' : `Make the last Dense layer have ${classes.length} units.`);
      }
    }
    const params = countParams(model);
    if (params.exact && params.trainable === 0) {
      ok = false;
      this.diag('error', id, 'nothing-trainable', 'Every layer of this model is frozen, so this stage would change nothing.',
        'Add a Dense head after the Freeze node, or unfreeze some layers (Freeze mode "until", "last-n" or "match").');
    }
    if (p.earlyStopping?.monitor.startsWith('val_') && data.spec.validationSplit === 0) {
      ok = false;
      this.diag('error', id, 'no-validation-data', `Early stopping watches ${p.earlyStopping.monitor}, but the dataset has no validation split.`,
        'Give the dataset a validation split, or watch "loss".');
    }
    let loss: string = p.loss;
    if (p.loss === 'auto') {
      if (model.outputActivation === 'sigmoid') loss = 'binaryCrossentropy';
      else {
        loss = 'categoricalCrossentropy';
        if (model.outputActivation !== 'softmax' && model.outputActivation !== null) {
          this.diag('warning', model.outputNode, 'no-softmax', `The model's last layer uses "${model.outputActivation}", not softmax, so its outputs are not class probabilities.`,
            'Use softmax on the last layer for classification.');
        }
      }
    }
    const adapter = this.adapter(id, data.spec, model);
    if (adapter === false || !ok || !opt) return null;

    const cache = this.cacheDecision(p, data, model);
    this.datasets.set(data.spec.id, data.spec);
    this.steps.push({
      kind: 'train', node: id, model: model.slot, stage, label, dataset: data.spec.id, augment: data.augment, adapter,
      classes, optimizer: opt, loss, metrics: ['accuracy'],
      fit: { epochs: p.epochs, batchSize: p.batchSize, shuffle: p.shuffle, earlyStopping: p.earlyStopping ? { ...p.earlyStopping } : null },
      cache, params,
    });
    this.stages.push({ node: id, stage, label, model: model.slot, params, cache: { enabled: cache.enabled, reason: cache.reason } });
    model.trainedBy = [...model.trainedBy, id];
    model.classes = classes;
    return model;
  }

  /** DESIGN §6: cache the frozen prefix's outputs when that gives the same training, within budget. */
  private cacheDecision(p: TrainParams, data: DataValue, model: ModelValue): CacheDecision {
    const off = (reason: string): CacheDecision => ({ enabled: false, until: null, featureShape: null, bytes: null, budgetBytes: this.budget, reason });
    if (p.cache === 'off') return off('turned off on this Train node');
    if (data.augment.length) return off('the data is augmented, so the frozen layers see new inputs every epoch');
    if (model.opaqueBase) return off('the base\'s layers are known only when it loads');
    const { layers } = model;
    const weighted = (l: ModelLayer) => l.params.trainable + l.params.nonTrainable > 0;
    const first = layers.findIndex((l) => l.trainable && weighted(l));
    if (first <= 0) return off('the first layer trains, so there is no frozen prefix to cache');
    // The cut must be a single tensor: no layer after it may read a layer before it (skip connections).
    const pos = new Map(layers.map((l, i) => [l.name, i]));
    const lastUse = layers.map(() => -1);
    layers.forEach((l, i) => { for (const src of l.inbound) { const j = pos.get(src); if (j !== undefined) lastUse[j] = Math.max(lastUse[j]!, i); } });
    let cut = -1;
    let reach = -1;
    for (let k = 0; k < first; k++) {
      if (k > 0) reach = Math.max(reach, lastUse[k - 1]!);
      if (reach <= k && layers[k]!.shape) cut = k;
    }
    if (cut < 0 || !layers.slice(0, cut + 1).some(weighted)) return off('no frozen layers with weights come before the first trainable one');
    const until = layers[cut]!;
    const featureShape = until.shape!;
    const samples = data.spec.counts ? Object.values(data.spec.counts).reduce((a, b) => a + b, 0) : null;
    const bytes = samples === null ? null : samples * featureShape.reduce((a, b) => a * b, 1) * 4;
    const mb = (b: number) => `${(b / 1048576).toFixed(b < 1048576 ? 2 : 0)} MB`;
    if (bytes !== null && bytes > this.budget) {
      return { ...off(`the cached outputs of "${until.name}" would take ${mb(bytes)}, over the ${mb(this.budget)} budget`), featureShape, bytes };
    }
    return {
      enabled: true, until: until.name, featureShape, bytes, budgetBytes: this.budget,
      reason: `layers up to "${until.name}" are frozen: their outputs (${formatShape(featureShape)} per sample${bytes !== null ? `, ${mb(bytes)} in all` : ''}) are computed once, in inference mode, and only the rest trains`,
    };
  }

  private requireTrained(id: string, model: ModelValue, what: string) {
    if (model.trainedBy.length === 0) {
      this.diag('warning', id, 'untrained-model', `No Train node comes before this ${what}, so it ${what === 'Export' ? 'saves' : 'uses'} a model whose new layers are untrained.`,
        'Connect it after a Train node.');
    }
  }

  private evaluate(id: string, p: EvaluateParams): void {
    const model = this.inputModel(id);
    const data = this.inputData(id);
    if (!model || !data) return;
    this.requireTrained(id, model, 'Evaluate');
    const split = p.split === 'test' ? data.spec.testSplit : data.spec.validationSplit;
    if (split === 0) {
      this.diag('error', id, 'empty-split', `The dataset's ${p.split} split is 0%, so there is nothing to evaluate on.`,
        `Give the dataset a ${p.split} split, or evaluate on the ${p.split === 'test' ? 'validation' : 'test'} split.`);
      return;
    }
    if (model.outputShape && model.outputShape.length === 1 && model.outputShape[0] !== data.spec.classes.length) {
      this.diag('error', id, 'units-mismatch', `The model has ${model.outputShape[0]} outputs, but this dataset has ${data.spec.classes.length} classes.`,
        'Evaluate on the dataset the model was trained on.');
      return;
    }
    if (model.classes && model.classes.join('\u0000') !== data.spec.classes.join('\u0000')) {
      this.diag('warning', id, 'classes-differ', `The model was trained on ${abbreviate(model.classes)} but is evaluated on ${abbreviate(data.spec.classes)}: outputs are matched by position.`);
    }
    const adapter = this.adapter(id, data.spec, model);
    if (adapter === false) return;
    this.datasets.set(data.spec.id, data.spec);
    this.steps.push({ kind: 'evaluate', node: id, model: model.slot, dataset: data.spec.id, split: p.split, adapter, classes: data.spec.classes });
  }

  private exportNode(id: string, p: ExportParams): void {
    const model = this.inputModel(id);
    if (!model) return;
    this.requireTrained(id, model, 'Export');
    this.steps.push({ kind: 'export', node: id, model: model.slot, name: p.name, quantize: p.quantize, saveToLibrary: p.saveToLibrary, classes: model.classes });
  }

  private predict(id: string, p: PredictParams): void {
    const model = this.inputModel(id);
    if (!model) return;
    this.requireTrained(id, model, 'Predict');
    if (p.input === 'draw' && model.channels === 3) {
      this.diag('info', id, 'draw-on-color-model', 'Drawings are grayscale; they are copied to RGB for this model.');
    }
    let adapter: InputAdapter | null = null;
    const lastTrain = [...this.steps].reverse().find((s) => s.kind === 'train' && s.model === model.slot);
    if (lastTrain && lastTrain.kind === 'train') adapter = lastTrain.adapter;
    this.steps.push({ kind: 'predict', node: id, model: model.slot, input: p.input, topK: p.topK, classes: model.classes, adapter });
  }
}

// ------------------------------------------------------------------ pure helpers

function cloneModel(m: ModelValue): ModelValue {
  return { ...m, layers: m.layers.map((l) => ({ ...l })), trainedBy: [...m.trainedBy] };
}

function countParams(model: ModelValue): ParamCounts {
  let trainable = 0;
  let total = 0;
  for (const l of model.layers) {
    total += l.params.trainable + l.params.nonTrainable;
    if (l.trainable) trainable += l.params.trainable;
  }
  const exact = !model.opaqueBase && model.layers.every((l) => l.shape !== null);
  return { trainable, nonTrainable: total - trainable, total, exact };
}

/** Node ids may start with _ or -, which tfjs refuses at the start of a layer name. */
function safeName(id: string): string {
  return /^[A-Za-z0-9]/.test(id) ? id : `n${id}`;
}

function uniqueName(name: string, layers: readonly { name: string }[]): string {
  let out = name;
  let n = 2;
  while (layers.some((l) => l.name === out)) out = `${name}_${n++}`;
  return out;
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

function joinWords(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

function abbreviate(classes: readonly string[]): string {
  const shown = classes.slice(0, 5).map((c) => `"${c}"`).join(', ');
  return classes.length > 5 ? `${shown}, … (${classes.length} in all)` : shown;
}

/** A few layer names close to what the user typed, to put in a hint. */
function suggestNames(wanted: string, names: readonly string[]): string {
  const w = wanted.toLowerCase();
  const scored = names
    .map((n) => ({ n, s: similarity(w, n.toLowerCase()) }))
    .sort((a, b) => b.s - a.s)
    .slice(0, 3)
    .map(({ n }) => `"${n}"`);
  return scored.join(', ');
}

function similarity(a: string, b: string): number {
  // Shared character bigrams (Dice coefficient): cheap and good enough for layer names.
  const grams = (s: string) => { const g = new Map<string, number>(); for (let i = 0; i < s.length - 1; i++) { const k = s.slice(i, i + 2); g.set(k, (g.get(k) ?? 0) + 1); } return g; };
  const ga = grams(a);
  const gb = grams(b);
  let shared = 0;
  for (const [k, n] of ga) shared += Math.min(n, gb.get(k) ?? 0);
  return (2 * shared) / Math.max(1, a.length - 1 + b.length - 1);
}
