import type { DatasetSpec } from '@/lib/compiler/plan';
import type { AssetLoader } from '../assets';
import { drawShape } from './synthetic';
import { mixSeed, mulberry32, shuffleInPlace } from './random';
import { splitByClass } from './splits';
import type { LoadedDataset } from './types';

/** Images from outside the prepared assets (a folder in Node, IndexedDB in the browser), already at the dataset's size. */
export interface RawImages {
  classes: string[];
  shape: [number, number, number];
  x: Float32Array;
  labels: Int32Array;
  ids: string[];
  skipped: { file: string; reason: string }[];
}

export interface DataSources {
  loader: AssetLoader;
  /** Supplies the samples of an `images` or `webcam` dataset. */
  images?: (spec: DatasetSpec) => Promise<RawImages>;
}

export class DataError extends Error {
  constructor(message: string, readonly datasetId: string) {
    super(message);
    this.name = 'DataError';
  }
}

interface MnistMeta { classes: string[]; counts: Record<string, number>; shape: [number, number, number]; path: string }

/** Loads a dataset as the plan describes it: classes, limit per class, deterministic splits. */
export async function loadDataset(spec: DatasetSpec, sources: DataSources): Promise<LoadedDataset> {
  let raw: RawImages;
  switch (spec.source) {
    case 'mnist': raw = await loadMnist(spec, sources.loader); break;
    case 'synthetic': raw = synthetic(spec); break;
    case 'images':
    case 'webcam':
      if (!sources.images) {
        throw new DataError(`Dataset "${spec.id}" needs its images: in the browser add them to the node; from the command line pass --data ${spec.id}=DIR (one sub-folder per class).`, spec.id);
      }
      raw = await sources.images(spec);
      break;
  }
  return select(spec, raw);
}

function select(spec: DatasetSpec, raw: RawImages): LoadedDataset {
  const [h, w, c] = spec.shape;
  if (raw.shape[0] !== h || raw.shape[1] !== w || raw.shape[2] !== c) {
    throw new DataError(`Dataset "${spec.id}" has ${raw.shape.join('×')} samples where the plan expects ${spec.shape.join('×')}.`, spec.id);
  }
  const missing = spec.classes.filter((cl) => !raw.classes.includes(cl));
  if (missing.length) {
    throw new DataError(`Dataset "${spec.id}" has no ${missing.map((m) => `"${m}"`).join(', ')} class; it has ${raw.classes.map((m) => `"${m}"`).join(', ')}.`, spec.id);
  }
  const per = h * w * c;
  const chosen: number[][] = spec.classes.map(() => []);
  raw.labels.forEach((label, i) => {
    const k = spec.classes.indexOf(raw.classes[label]!);
    if (k >= 0) chosen[k]!.push(i);
  });
  chosen.forEach((indices, k) => {
    if (spec.limitPerClass !== null && indices.length > spec.limitPerClass) {
      const kept = shuffleInPlace([...indices], mulberry32(mixSeed(spec.seed, 0x11a7, k))).slice(0, spec.limitPerClass);
      chosen[k] = kept.sort((a, b) => a - b);
    }
  });
  const empty = spec.classes.filter((_, k) => chosen[k]!.length === 0);
  if (empty.length) {
    throw new DataError(`Dataset "${spec.id}" has no samples of ${empty.map((m) => `"${m}"`).join(', ')}.`, spec.id);
  }
  const total = chosen.reduce((n, xs) => n + xs.length, 0);
  const x = new Float32Array(total * per);
  const labels = new Int32Array(total);
  const ids: string[] = [];
  let o = 0;
  chosen.forEach((indices, k) => {
    for (const i of indices) {
      x.set(raw.x.subarray(i * per, (i + 1) * per), o * per);
      labels[o] = k;
      ids.push(raw.ids[i]!);
      o++;
    }
  });
  return {
    id: spec.id, classes: spec.classes, shape: spec.shape, x, labels, ids,
    splits: splitByClass(labels, spec.classes.length, spec.validationSplit, spec.testSplit, spec.seed),
    skipped: raw.skipped,
  };
}

async function loadMnist(spec: DatasetSpec, loader: AssetLoader): Promise<RawImages> {
  const meta = await loader.json<MnistMeta>('datasets/mnist/meta.json');
  const bytes = new Uint8Array(await loader.binary(meta.path));
  const per = meta.shape[0] * meta.shape[1] * meta.shape[2];
  // Only decode the classes the plan uses.
  const wanted = new Set(spec.classes);
  let offset = 0;
  const xs: Float32Array[] = [];
  const labels: number[] = [];
  const ids: string[] = [];
  meta.classes.forEach((cl, k) => {
    const n = meta.counts[cl]!;
    if (wanted.has(cl)) {
      const part = new Float32Array(n * per);
      for (let i = 0; i < n * per; i++) part[i] = bytes[offset + i]! / 255;
      xs.push(part);
      for (let i = 0; i < n; i++) { labels.push(k); ids.push(`mnist:${cl}:${i}`); }
    }
    offset += n * per;
  });
  if (offset !== bytes.length) throw new DataError(`datasets/mnist/images.bin has ${bytes.length} bytes, meta.json describes ${offset}: run npm run prepare-assets -- --force.`, spec.id);
  const x = new Float32Array(labels.length * per);
  let o = 0;
  for (const part of xs) { x.set(part, o); o += part.length; }
  return { classes: meta.classes, shape: meta.shape, x, labels: Int32Array.from(labels), ids, skipped: [] };
}

function synthetic(spec: DatasetSpec): RawImages {
  const { imageSize, perClass } = spec.synthetic!;
  const per = imageSize * imageSize * 3;
  const n = spec.classes.length * perClass;
  const x = new Float32Array(n * per);
  const labels = new Int32Array(n);
  const ids: string[] = [];
  let o = 0;
  spec.classes.forEach((cl, k) => {
    for (let i = 0; i < perClass; i++) {
      x.set(drawShape(cl, i, imageSize, spec.seed), o * per);
      labels[o] = k;
      ids.push(`synthetic:${cl}:${i}`);
      o++;
    }
  });
  return { classes: spec.classes, shape: [imageSize, imageSize, 3], x, labels, ids, skipped: [] };
}
