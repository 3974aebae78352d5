/**
 * The training side of the editor: runs plans, keeps the trained models for predictions, saves
 * exports to the library. It lives in the Web Worker (run.worker.ts) so the editor stays
 * responsive; the same code can run on the page's main thread, which the long-task benchmark
 * compares against.
 */
import type { DatasetSpec, InputAdapter, PlanStep, TrainingPlan } from '@/lib/compiler/plan';
import type { BaseCatalogEntry } from '@/lib/catalog/types';
import { fetchLoader } from '../assets';
import type { AssetLoader } from '../assets';
import { catalogFromTopology } from '../catalog';
import type { KerasTopology } from '../catalog';
import { DataError } from '../data/load';
import type { RawImages } from '../data/load';
import type { LoadedDataset } from '../data/types';
import { RunError } from '../events';
import { loadLayersModelFrom } from '../model';
import { lastTrainOf, runPlan } from '../run-plan';
import type { RunResult } from '../run-plan';
import { adaptInput } from '../train';
import { tf } from '../tf';
import type { LayersModel, Tensor } from '../tf';
import { getLibraryModel, libraryIdFor, saveLibraryModel } from './library';
import { allSamples, getDataset } from './datasets';
import type { FromWorker, Predictor, SampleImage, ToWorker } from './protocol';
import { floatsToRgba } from './pixels';

type Post = (message: FromWorker, transfer?: Transferable[]) => void;

/** Serves a library model's files to the loader that builds bases. */
function memoryLoader(modelJson: object, weightData: ArrayBuffer): AssetLoader {
  return {
    json: async <T,>() => modelJson as T,
    binary: async () => weightData,
  };
}

async function loadFromLibrary(id: string): Promise<LayersModel> {
  const rec = await getLibraryModel(id);
  if (!rec) throw new Error(`the model "${id}" is not in this browser's library (it was deleted, or saved in another browser)`);
  return loadLayersModelFrom(memoryLoader(rec.modelJson, rec.weightData), 'model.json', null, rec.entry.channels);
}

/** The models a person can predict with after a run: each Predict node, or else the last trained model. */
export function predictorsOf(plan: TrainingPlan): Predictor[] {
  const shapeOf = (dataset: string) => plan.datasets.find((d) => d.id === dataset)!.shape;
  const out: Predictor[] = [];
  for (const s of plan.steps) {
    const t = s.kind === 'predict' ? lastTrainOf(plan, s.model) : undefined;
    if (s.kind === 'predict' && t) out.push({ node: s.node, model: s.model, classes: t.classes, topK: s.topK, input: s.input, shape: shapeOf(t.dataset), dataset: t.dataset });
  }
  const t = plan.steps.findLast((s) => s.kind === 'train');
  if (!out.length && t?.kind === 'train') {
    out.push({ node: t.node, model: t.model, classes: t.classes, topK: Math.min(3, t.classes.length), input: 'test-samples', shape: shapeOf(t.dataset), dataset: t.dataset });
  }
  return out;
}

/**
 * What the compiler needs to start from an exported model as a library base: its layers and
 * shapes, its input (read from the model itself) and the value range it was trained on.
 */
async function libraryEntry(id: string, plan: TrainingPlan, step: Extract<PlanStep, { kind: 'export' }>, topology: KerasTopology): Promise<BaseCatalogEntry> {
  const layers = topology.config?.layers ?? [];
  const [, size, , channels] = layers[0]!.config.batch_input_shape as number[];
  // Cut before the classifier: at the layer feeding the last one.
  const inbound = (layers[layers.length - 1]?.inbound_nodes?.[0] as unknown[][] | undefined)?.[0]?.[0];
  return catalogFromTopology(topology, {
    id,
    label: step.name,
    description: `Trained by "${plan.title}" (${step.classes?.length ?? '?'} classes), saved ${new Date().toLocaleString()}.`,
    inputSizes: [size!],
    defaultInputSize: size!,
    channels: channels === 1 ? 1 : 3,
    valueRange: lastTrainOf(plan, step.model)?.adapter?.scale?.to ?? [0, 1],
    defaultCutAt: typeof inbound === 'string' ? inbound : layers[Math.max(0, layers.length - 2)]!.name,
    classes: step.classes,
    path: `library:${id}`,
    available: true,
  });
}

function toImage(data: LoadedDataset, index: number): SampleImage {
  const [h, w, c] = data.shape;
  const per = h * w * c;
  const rgba = floatsToRgba(data.x.subarray(index * per, (index + 1) * per), c);
  return { id: data.ids[index]!, label: data.classes[data.labels[index]!]!, width: w, height: h, rgba };
}

/** Bilinear resize of an RGB square (stored size) to the plan's h × w × c, values in [0, 1]. */
function resizeInto(src: Uint8Array, size: number, out: Float32Array, offset: number, [h, w, c]: [number, number, number]) {
  for (let y = 0; y < h; y++) {
    const fy = Math.max(0, Math.min(size - 1, ((y + 0.5) * size) / h - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(size - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < w; x++) {
      const fx = Math.max(0, Math.min(size - 1, ((x + 0.5) * size) / w - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(size - 1, x0 + 1);
      const wx = fx - x0;
      const px = (yy: number, xx: number, k: number) => src[(yy * size + xx) * 3 + k]!;
      const rgb = [0, 1, 2].map((k) => (px(y0, x0, k) * (1 - wx) + px(y0, x1, k) * wx) * (1 - wy) + (px(y1, x0, k) * (1 - wx) + px(y1, x1, k) * wx) * wy);
      const o = offset + (y * w + x) * c;
      if (c === 1) out[o] = (0.299 * rgb[0]! + 0.587 * rgb[1]! + 0.114 * rgb[2]!) / 255;
      else for (let k = 0; k < 3; k++) out[o + k] = rgb[k]! / 255;
    }
  }
}

const MAX_DATASET_BYTES = 2 * 1024 ** 3;

/** The samples of an `images` or `webcam` dataset, read from this browser's storage. */
async function storedImages(spec: DatasetSpec): Promise<RawImages> {
  if (!spec.ref) throw new DataError(`Dataset "${spec.id}" has no images yet: drop a folder (one sub-folder per class) or a .zip on the node.`, spec.id);
  const ds = await getDataset(spec.ref.id);
  if (!ds) throw new DataError(`The images of dataset "${spec.id}" are not stored in this browser: drop its folder on the node to relink it, or import the project's .graft.zip.`, spec.id);
  const per = spec.shape[0] * spec.shape[1] * spec.shape[2];
  const n = Object.keys(ds.index).length;
  // The samples are held as float32 twice while a run selects its classes and splits.
  const bytes = n * per * 4 * 2;
  if (bytes > MAX_DATASET_BYTES) {
    throw new DataError(`Dataset "${spec.id}" has ${n.toLocaleString('en-US')} images: at ${spec.shape[0]} px they need ${(bytes / 1024 ** 3).toFixed(1)} GB of memory, more than a browser tab can count on. Lower the image size, or set a limit per class.`, spec.id);
  }
  const samples = await allSamples(ds.id);
  const x = new Float32Array(samples.length * per);
  const labels = new Int32Array(samples.length);
  samples.forEach((s, i) => {
    resizeInto(s.pixels, ds.size, x, i * per, spec.shape);
    labels[i] = ds.classes.indexOf(s.cls);
  });
  return { classes: ds.classes, shape: spec.shape, x, labels, ids: samples.map((s) => s.id), skipped: ds.skipped };
}

export function createRunHost(post: Post, origin: string) {
  const loader = fetchLoader(origin);
  let current: { runId: number; controller: AbortController; plan: TrainingPlan } | null = null;
  let result: RunResult | null = null;
  /** Per predictor node of the last finished run: what it predicts with. */
  let predictors = new Map<string, Predictor & { adapter: InputAdapter | null }>();
  let queue: Promise<void> = Promise.resolve();

  const release = () => {
    result?.dispose();
    result = null;
    predictors = new Map();
  };

  async function run(msg: Extract<ToWorker, { type: 'run' }>) {
    release();
    const controller = new AbortController();
    current = { runId: msg.runId, controller, plan: msg.plan };
    const { runId, plan } = msg;
    try {
      const r = await runPlan(plan, {
        backend: msg.backend,
        seed: msg.seed,
        signal: controller.signal,
        batchEventMs: 250,
        onEvent: (event) => { if (event.type !== 'error') post({ type: 'event', runId, event }); },
        sources: {
          loader,
          images: storedImages,
        },
        library: loadFromLibrary,
        onExport: async (step, exported) => {
          let libraryId: string | null = null;
          if (step.saveToLibrary) {
            libraryId = libraryIdFor(step.name);
            const entry = await libraryEntry(libraryId, plan, step, exported.modelJson.modelTopology as KerasTopology);
            await saveLibraryModel({
              id: libraryId, name: step.name, savedAt: new Date().toISOString(), from: plan.title, classes: step.classes,
              quantize: step.quantize, bytes: exported.weightData.byteLength, entry,
              modelJson: exported.modelJson, weightData: exported.weightData,
            });
          }
          const weightData = exported.weightData.slice(0);
          post({ type: 'exported', runId, node: step.node, name: step.name, libraryId, modelJson: exported.modelJson, weightData }, [weightData]);
        },
      });
      if (current?.runId !== runId) { r.dispose(); return; }
      result = r;
      const list = predictorsOf(plan);
      predictors = new Map(list.map((p) => [p.node, { ...p, adapter: lastTrainOf(plan, p.model)?.adapter ?? null }]));
      post({ type: 'finished', runId, report: r.report, predictors: list });
    } catch (err) {
      const e = err instanceof RunError ? err : new RunError('internal', err instanceof Error ? err.message : String(err));
      post({ type: 'failed', runId, code: e.code, message: e.message, node: e.node });
    } finally {
      if (current?.runId === runId) current = null;
    }
  }

  async function predict(msg: Extract<ToWorker, { type: 'predict' }>) {
    const t0 = performance.now();
    const p = predictors.get(msg.node);
    const model = p ? result?.models.get(p.model) : undefined;
    if (!p || !model) throw new Error('There is no trained model to predict with: run the graph first.');
    const [h, w, c] = p.shape;
    if (msg.pixels.length !== h * w * c) throw new Error(`The model takes ${h}×${w}×${c} inputs; got ${msg.pixels.length} values.`);
    const probs = tf.tidy(() => (model.predict(adaptInput(tf.tensor4d(msg.pixels, [1, h, w, c]), p.adapter)) as Tensor).squeeze());
    const probabilities = (await probs.data()) as Float32Array;
    probs.dispose();
    post({ type: 'prediction', requestId: msg.requestId, probabilities, ms: performance.now() - t0 }, [probabilities.buffer]);
  }

  function samples(msg: Extract<ToWorker, { type: 'samples' }>) {
    const data = result?.datasets.get(msg.dataset);
    if (!data) throw new Error(`The samples of "${msg.dataset}" are not loaded: run the graph first.`);
    let indices: number[];
    if (msg.ids) {
      const wanted = new Set(msg.ids);
      indices = [];
      data.ids.forEach((id, i) => { if (wanted.has(id)) indices.push(i); });
    } else {
      indices = data.splits[msg.split ?? 'test'];
    }
    const images = indices.slice(0, msg.limit ?? 64).map((i) => toImage(data, i));
    post({ type: 'samples', requestId: msg.requestId, samples: images }, images.map((s) => s.rgba.buffer));
  }

  return {
    handle(msg: ToWorker) {
      switch (msg.type) {
        case 'run':
          // One run at a time: a new one starts when the previous has stopped and freed its tensors.
          current?.controller.abort();
          queue = queue.then(() => run(msg));
          break;
        case 'stop':
          if (current?.runId === msg.runId) current.controller.abort();
          break;
        case 'release':
          queue = queue.then(release);
          break;
        case 'predict':
        case 'samples': {
          const requestId = msg.requestId;
          const work = async () => { if (msg.type === 'predict') await predict(msg); else samples(msg); };
          work().catch((err: unknown) => post({ type: 'request-failed', requestId, message: err instanceof Error ? err.message : String(err) }));
          break;
        }
      }
    },
  };
}
