/**
 * Image datasets stored in the browser (IndexedDB through `idb`): folders or zips of images,
 * one sub-folder per class (Keras' image_dataset_from_directory convention), or webcam
 * samples. Each image is decoded once, centre-cropped to a square and kept as RGB bytes at a
 * working size; a graph refers to a stored dataset by id, a content hash and its class names.
 * Browser-only (createImageBitmap, OffscreenCanvas, crypto.subtle); no tfjs.
 */
import { unzip } from 'fflate';
import { broadcast, db, listen } from './db';
import { rgbaToRgb } from './pixels';

export const MAX_FILES = 20_000;
export const MAX_BYTES = 1024 ** 3;
/** Side at which images are kept: larger inputs are resized down when a run reads them. */
export const MIN_STORE_SIZE = 128;
const IMAGE_FILE = /\.(png|jpe?g|gif|webp|bmp)$/i;
const IGNORED = /(^|\/)(\.[^/]*|__MACOSX|Thumbs\.db|desktop\.ini)(\/|$)/i;
const CHANNEL = 'graft-datasets';

export interface StoredDataset {
  id: string;
  name: string;
  source: 'images' | 'webcam';
  classes: string[];
  /** Sample id → its class and the digest of its pixels (the content hash is made from these). */
  index: Record<string, { cls: string; digest: string }>;
  /** Side of the stored squares, in pixels. */
  size: number;
  hash: string;
  createdAt: string;
  updatedAt: string;
  /** Files that were not used when the images were added, and why. */
  skipped: { file: string; reason: string }[];
}

export interface StoredSample {
  key: string;
  dataset: string;
  id: string;
  cls: string;
  /** RGB, size × size × 3. */
  pixels: Uint8Array;
}

export type DatasetSummary = Omit<StoredDataset, 'index'> & { counts: Record<string, number>; total: number };
export interface DatasetRef { id: string; hash: string; classes: string[]; counts: Record<string, number> }

/** A file from a dropped or picked folder, a zip, or a bundle, with its path inside it. */
export interface InputFile { path: string; data: Blob }

/** Adding images failed before anything was stored; the message says what to do. */
export class DatasetImportError extends Error {
  constructor(message: string, readonly skipped: { file: string; reason: string }[] = []) {
    super(message);
    this.name = 'DatasetImportError';
  }
}

const sampleKey = (dataset: string, id: string) => `${dataset}\u0000${id}`;

// Writes to stored datasets run one after another (this page's), so two quick edits never
// read the same record and overwrite each other.
let writes: Promise<unknown> = Promise.resolve();
function serial<T>(work: () => Promise<T>): Promise<T> {
  const next = writes.then(work, work);
  writes = next.catch(() => undefined);
  return next;
}
export const newDatasetId = () => `ds-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;

export function countsOf(ds: Pick<StoredDataset, 'classes' | 'index'>): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(ds.classes.map((c) => [c, 0]));
  for (const s of Object.values(ds.index)) counts[s.cls] = (counts[s.cls] ?? 0) + 1;
  return counts;
}

export function refOf(ds: StoredDataset): DatasetRef {
  return { id: ds.id, hash: ds.hash, classes: ds.classes, counts: countsOf(ds) };
}

export function summaryOf(ds: StoredDataset): DatasetSummary {
  const { index, ...rest } = ds;
  const counts = countsOf(ds);
  return { ...rest, counts, total: Object.keys(index).length };
}

async function sha256(data: BufferSource): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return [...d].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A sample's digest: the first 96 bits of the SHA-256 of its pixels. */
export async function pixelDigest(pixels: Uint8Array): Promise<string> {
  return (await sha256(pixels as Uint8Array<ArrayBuffer>)).slice(0, 24);
}

/** The content hash: class names and every sample's class and pixel digest, in a fixed order. */
export async function hashOf(ds: Pick<StoredDataset, 'classes' | 'index' | 'size'>): Promise<string> {
  const lines = Object.values(ds.index).map((s) => `${s.cls}\t${s.digest}`).sort();
  const text = `${ds.size}\n${ds.classes.join('\t')}\n${lines.join('\n')}`;
  return `sha256:${(await sha256(new TextEncoder().encode(text))).slice(0, 32)}`;
}

// ------------------------------------------------------------------ reading folders and zips

/** Opens every .zip among the files, in place of the zip itself. */
export async function expandZips(files: InputFile[]): Promise<InputFile[]> {
  const out: InputFile[] = [];
  for (const f of files) {
    if (!/\.zip$/i.test(f.path)) { out.push(f); continue; }
    const bytes = new Uint8Array(await f.data.arrayBuffer());
    const entries = await new Promise<Record<string, Uint8Array>>((resolve, reject) => unzip(bytes, (err, data) => (err ? reject(err) : resolve(data))))
      .catch(() => { throw new DatasetImportError(`${f.path} is not a zip file that can be opened: check that it downloaded completely, or pick the folder instead.`); });
    const dir = f.path.includes('/') ? f.path.slice(0, f.path.lastIndexOf('/') + 1) : '';
    for (const [name, data] of Object.entries(entries)) {
      if (name.endsWith('/')) continue;
      out.push({ path: dir + name, data: new Blob([data as Uint8Array<ArrayBuffer>]) });
    }
  }
  return out;
}

/**
 * Sorts files into classes by their first folder, after the folder they all share (the one
 * that was dropped). Hidden and system files are ignored; others that are not images, or that
 * sit outside a class folder, are listed as skipped.
 */
export function classify(files: InputFile[]): { byClass: Map<string, InputFile[]>; skipped: { file: string; reason: string }[] } {
  const kept = files
    .map((f) => ({ ...f, parts: f.path.replace(/\\/g, '/').replace(/^\.?\/+/, '').split('/').filter(Boolean) }))
    .filter((f) => f.parts.length && !IGNORED.test(f.parts.join('/')));
  // Strip the folders every file shares, as long as each file keeps a class folder.
  const shared = () => kept.every((f) => f.parts.length >= 2 && f.parts[0] === kept[0]!.parts[0]);
  const deeper = () => kept.some((f) => IMAGE_FILE.test(f.path) && f.parts.length >= 3);
  while (kept.length && shared() && deeper()) for (const f of kept) f.parts = f.parts.slice(1);
  const byClass = new Map<string, InputFile[]>();
  const skipped: { file: string; reason: string }[] = [];
  for (const f of kept) {
    if (!IMAGE_FILE.test(f.path)) { skipped.push({ file: f.path, reason: 'not an image (PNG, JPEG, GIF, WebP or BMP)' }); continue; }
    if (f.parts.length < 2) { skipped.push({ file: f.path, reason: 'not inside a class folder' }); continue; }
    const cls = f.parts[0]!.normalize('NFC').trim();
    const list = byClass.get(cls) ?? [];
    list.push({ path: f.parts.join('/'), data: f.data });
    byClass.set(cls, list);
  }
  return { byClass: new Map([...byClass.entries()].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))), skipped };
}

/** Decodes an image and keeps its centre square at `size` × `size`, RGB. */
export async function decodeSquare(data: Blob, size: number): Promise<Uint8Array> {
  const bitmap = await createImageBitmap(data);
  try {
    return squarePixels(bitmap, bitmap.width, bitmap.height, size);
  } finally {
    bitmap.close();
  }
}

/** The centre square of any drawable (a bitmap, a video frame), at `size`, as RGB bytes. */
export function squarePixels(src: CanvasImageSource, w: number, h: number, size: number): Uint8Array {
  const canvas = new OffscreenCanvas(size, size);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  const side = Math.min(w, h);
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(src, (w - side) / 2, (h - side) / 2, side, side, 0, 0, size, size);
  return rgbaToRgb(ctx.getImageData(0, 0, size, size).data);
}

export interface ImportOptions {
  /** The dataset to replace (re-adding images to a node, or relinking); a new one otherwise. */
  id?: string;
  name: string;
  /** The node's working size: images are kept at least this large. */
  imageSize: number;
  /** Relinking: the class names the graph expects. */
  expectClasses?: string[];
  onProgress?: (done: number, total: number) => void;
}

/**
 * Decodes a folder's (or zip's) images into a stored dataset. Checks everything first and
 * writes in one transaction at the end, so a failure leaves what was stored untouched.
 */
export async function importImages(input: InputFile[], opts: ImportOptions): Promise<{ dataset: StoredDataset; skipped: { file: string; reason: string }[] }> {
  const files = await expandZips(input);
  const bytes = files.reduce((n, f) => n + f.data.size, 0);
  if (files.length > MAX_FILES || bytes > MAX_BYTES) {
    throw new DatasetImportError(`That is ${files.length.toLocaleString('en-US')} files (${(bytes / 1024 ** 2).toFixed(0)} MB); a dataset holds at most ${MAX_FILES.toLocaleString('en-US')} files and ${MAX_BYTES / 1024 ** 3} GB. Pick fewer images per class, or smaller ones.`);
  }
  const { byClass, skipped } = classify(files);
  if (byClass.size === 0) {
    throw new DatasetImportError(
      files.length === 0 ? 'The folder is empty. Pick a folder with one sub-folder of images per class (e.g. cats/, dogs/).'
        : 'No images were found in class sub-folders. Put each class\'s images in its own sub-folder (e.g. cats/, dogs/) and pick the folder that holds them.',
      skipped,
    );
  }
  if (byClass.size === 1) {
    throw new DatasetImportError(`Only one class was found ("${[...byClass.keys()][0]}"): a classifier needs at least two. Add a sub-folder of images for each other class.`, skipped);
  }
  const size = Math.max(MIN_STORE_SIZE, opts.imageSize);
  const id = opts.id ?? newDatasetId();
  const samples: StoredSample[] = [];
  const index: StoredDataset['index'] = {};
  const total = [...byClass.values()].reduce((n, l) => n + l.length, 0);
  let done = 0;
  for (const [cls, list] of byClass) {
    for (const f of list) {
      try {
        const pixels = await decodeSquare(f.data, size);
        const digest = await pixelDigest(pixels);
        samples.push({ key: sampleKey(id, f.path), dataset: id, id: f.path, cls, pixels });
        index[f.path] = { cls, digest };
      } catch {
        skipped.push({ file: f.path, reason: 'could not be decoded (corrupt or not really an image)' });
      }
      opts.onProgress?.(++done, total);
    }
  }
  const classes = [...byClass.keys()].filter((c) => samples.some((s) => s.cls === c));
  if (classes.length < 2) {
    throw new DatasetImportError(`Only ${classes.length ? `"${classes[0]}"` : 'no class'} has images that could be decoded: a classifier needs at least two classes.`, skipped);
  }
  if (opts.expectClasses) {
    const missing = opts.expectClasses.filter((c) => !classes.includes(c));
    const extra = classes.filter((c) => !opts.expectClasses!.includes(c));
    if (missing.length || extra.length) {
      throw new DatasetImportError(`This folder does not match the dataset the graph expects (${opts.expectClasses.join(', ')}):${missing.length ? ` it has no ${missing.map((m) => `"${m}"`).join(', ')}` : ''}${missing.length && extra.length ? ';' : ''}${extra.length ? ` it also has ${extra.map((m) => `"${m}"`).join(', ')}` : ''}. Drop the folder this graph was made with.`, skipped);
    }
  }
  const now = new Date().toISOString();
  const dataset: StoredDataset = {
    id, name: opts.name, source: 'images', classes: opts.expectClasses ?? classes, index, size, hash: '', createdAt: now, updatedAt: now,
    skipped: skipped.slice(0, 500),
  };
  dataset.hash = await hashOf(dataset);
  await replaceDataset(dataset, samples);
  return { dataset, skipped };
}

/** Stores a dataset with its samples in one transaction, replacing any dataset with its id. */
export function replaceDataset(dataset: StoredDataset, samples: StoredSample[]): Promise<void> {
  return serial(() => writeDataset(dataset, samples));
}

async function writeDataset(dataset: StoredDataset, samples: StoredSample[]): Promise<void> {
  const d = await db();
  const tx = d.transaction(['datasets', 'samples'], 'readwrite');
  const store = tx.objectStore('samples');
  const old = await store.index('dataset').getAllKeys(dataset.id);
  await Promise.all([...old.map((k) => store.delete(k)), ...samples.map((s) => store.put(s)), tx.objectStore('datasets').put(dataset)]);
  await tx.done;
  broadcast(CHANNEL);
}

// ------------------------------------------------------------------ reading and editing

export async function getDataset(id: string): Promise<StoredDataset | undefined> {
  return (await db()).get('datasets', id);
}

export async function listDatasets(): Promise<DatasetSummary[]> {
  return (await (await db()).getAll('datasets')).map(summaryOf).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

/** Every sample of a dataset, in class order then id order (what a run trains on). */
export async function allSamples(id: string): Promise<StoredSample[]> {
  const ds = await getDataset(id);
  const all = await (await db()).getAllFromIndex('samples', 'dataset', id);
  const order = new Map(ds?.classes.map((c, i) => [c, i]));
  return all.sort((a, b) => (order.get(a.cls) ?? 0) - (order.get(b.cls) ?? 0) || a.id.localeCompare(b.id, 'en', { numeric: true }));
}

/** Up to `perClass` samples of each class, for the preview (reads only those, by key). */
export async function previewSamples(id: string, perClass: number): Promise<StoredSample[]> {
  const d = await db();
  const ds = await d.get('datasets', id);
  if (!ds) return [];
  const chosen: string[] = [];
  for (const cls of ds.classes) {
    const ids = Object.entries(ds.index).filter(([, e]) => e.cls === cls).map(([sid]) => sid)
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).slice(0, perClass);
    chosen.push(...ids);
  }
  const tx = d.transaction('samples');
  const got = await Promise.all(chosen.map((sid) => tx.store.get(sampleKey(id, sid))));
  return got.filter((x): x is StoredSample => !!x);
}

/**
 * Changes a stored dataset: `change` edits the record and queues sample writes; digests and the
 * hash are computed before the write transaction opens (a transaction closes at any await that
 * is not IndexedDB's own), which then applies everything at once.
 */
type Change = (ds: StoredDataset, samples: { get(sid: string): Promise<StoredSample | undefined>; put(s: StoredSample): void; delete(sid: string): void }) => Promise<void>;

function update(id: string, change: Change): Promise<StoredDataset> {
  return serial(() => applyUpdate(id, change));
}

async function applyUpdate(id: string, change: Change): Promise<StoredDataset> {
  const d = await db();
  const ds = await d.get('datasets', id);
  if (!ds) throw new Error(`the dataset "${id}" is not stored in this browser`);
  const puts: StoredSample[] = [];
  const deletes: string[] = [];
  await change(ds, {
    get: (sid) => d.get('samples', sampleKey(id, sid)),
    put: (s) => { puts.push(s); },
    delete: (sid) => { deletes.push(sampleKey(id, sid)); },
  });
  ds.updatedAt = new Date().toISOString();
  ds.hash = await hashOf(ds);
  const tx = d.transaction(['datasets', 'samples'], 'readwrite');
  const store = tx.objectStore('samples');
  await Promise.all([...deletes.map((k) => store.delete(k)), ...puts.map((p) => store.put(p)), tx.objectStore('datasets').put(ds)]);
  await tx.done;
  broadcast(CHANNEL);
  return ds;
}

export function deleteSamples(id: string, sampleIds: string[]): Promise<StoredDataset> {
  return update(id, async (ds, s) => {
    for (const sid of sampleIds) { delete ds.index[sid]; await s.delete(sid); }
  });
}

export function renameClass(id: string, from: string, to: string): Promise<StoredDataset> {
  const name = to.normalize('NFC').trim();
  return update(id, async (ds, s) => {
    if (!name || name.length > 64) throw new Error('a class name has 1 to 64 characters');
    if (ds.classes.includes(name)) throw new Error(`there already is a class "${name}"`);
    ds.classes = ds.classes.map((c) => (c === from ? name : c));
    for (const [sid, entry] of Object.entries(ds.index)) {
      if (entry.cls !== from) continue;
      entry.cls = name;
      const sample = await s.get(sid);
      if (sample) await s.put({ ...sample, cls: name });
    }
  });
}

export function dropClass(id: string, cls: string): Promise<StoredDataset> {
  return update(id, async (ds, s) => {
    ds.classes = ds.classes.filter((c) => c !== cls);
    for (const [sid, entry] of Object.entries(ds.index)) if (entry.cls === cls) { delete ds.index[sid]; await s.delete(sid); }
  });
}

/** Creates an empty webcam dataset with these class names. */
export async function createWebcamDataset(name: string, classes: string[], imageSize: number, id = newDatasetId()): Promise<StoredDataset> {
  const now = new Date().toISOString();
  const ds: StoredDataset = { id, name, source: 'webcam', classes, index: {}, size: Math.max(MIN_STORE_SIZE, imageSize), hash: '', createdAt: now, updatedAt: now, skipped: [] };
  ds.hash = await hashOf(ds);
  await replaceDataset(ds, []);
  return ds;
}

export function addClass(id: string, cls: string): Promise<StoredDataset> {
  const name = cls.normalize('NFC').trim();
  return update(id, async (ds) => {
    if (!name || name.length > 64) throw new Error('a class name has 1 to 64 characters');
    if (ds.classes.includes(name)) throw new Error(`there already is a class "${name}"`);
    ds.classes = [...ds.classes, name];
  });
}

/** Adds recorded frames (RGB squares at the dataset's size) to a class. */
export function addSamples(id: string, cls: string, frames: Uint8Array[]): Promise<StoredDataset> {
  return update(id, async (ds, s) => {
    if (!ds.classes.includes(cls)) throw new Error(`there is no class "${cls}"`);
    let n = Object.keys(ds.index).length;
    for (const pixels of frames) {
      const sid = `${cls}/webcam-${Date.now().toString(36)}-${(n++).toString(36)}`;
      ds.index[sid] = { cls, digest: await pixelDigest(pixels) };
      await s.put({ key: sampleKey(id, sid), dataset: id, id: sid, cls, pixels });
    }
  });
}

export function deleteDataset(id: string): Promise<void> {
  return serial(() => removeDataset(id));
}

async function removeDataset(id: string): Promise<void> {
  const d = await db();
  const tx = d.transaction(['datasets', 'samples'], 'readwrite');
  const store = tx.objectStore('samples');
  const keys = await store.index('dataset').getAllKeys(id);
  await Promise.all([...keys.map((k) => store.delete(k)), tx.objectStore('datasets').delete(id)]);
  await tx.done;
  broadcast(CHANNEL);
}

export function onDatasetsChange(callback: () => void): () => void {
  return listen(CHANNEL, callback);
}
