/**
 * Project bundles (`.graft.zip`, fflate): the graph, the images of its stored datasets and
 * the trained models it uses or exports, so that a recipe reproduces fully in another browser.
 * Datasets are written as one folder of PNGs per class (Keras' image_dataset_from_directory
 * layout, which `graft run --data ID=DIR` reads too) plus their exact pixels, from which an
 * import restores the same content hash.
 */
import { strFromU8, strToU8, unzip, zip } from 'fflate';
import type { Zippable } from 'fflate';
import { allSamples, DatasetImportError, decodeSquare, getDataset, hashOf, pixelDigest, replaceDataset } from './datasets';
import { rgbToRgba } from './pixels';
import type { StoredDataset, StoredSample } from './datasets';
import { getLibraryModel, saveLibraryModel } from './library';
import { parseGraphText } from '@/lib/graph/parse';
import type { LibraryModel } from './library';

const GRAPH = 'graph.graft.json';

interface DatasetManifest extends Omit<StoredDataset, 'index'> {
  samples: { id: string; cls: string; file: string }[];
}

async function png(pixels: Uint8Array, size: number): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(size, size);
  canvas.getContext('2d')!.putImageData(new ImageData(rgbToRgba(pixels), size, size), 0, 0);
  return new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9 _.-]+/g, '_').slice(0, 64) || '_';

/** Zips a graph with its datasets and models. Returns the zip and what went in. */
export async function exportBundle(graphText: string, want: { datasets: string[]; models: string[] }, onProgress?: (text: string) => void): Promise<{ blob: Blob; datasets: string[]; models: string[] }> {
  const files: Zippable = { [GRAPH]: strToU8(graphText) };
  const datasets: string[] = [];
  for (const id of want.datasets) {
    const ds = await getDataset(id);
    if (!ds) continue;
    const samples = await allSamples(id);
    const manifest: DatasetManifest = { ...ds, samples: [] };
    delete (manifest as Partial<StoredDataset>).index;
    const used = new Set<string>();
    for (const [i, s] of samples.entries()) {
      const base = safe(s.id.split('/').pop()!.replace(/\.[a-z0-9]+$/i, ''));
      let file = `${safe(s.cls)}/${base}.png`;
      if (used.has(file)) file = `${safe(s.cls)}/${base}-${i}.png`;
      used.add(file);
      manifest.samples.push({ id: s.id, cls: s.cls, file });
      files[`datasets/${id}/${file}`] = [await png(s.pixels, ds.size), { level: 0 }];
      if (i % 50 === 0) onProgress?.(`Packing ${ds.name}: ${i} of ${samples.length} images`);
    }
    // The exact pixels too (PNG decoding may differ by a unit between browsers): imports read these.
    const raw = new Uint8Array(samples.length * ds.size * ds.size * 3);
    samples.forEach((s, i) => raw.set(s.pixels, i * ds.size * ds.size * 3));
    files[`datasets/${id}/pixels.bin`] = raw;
    files[`datasets/${id}/dataset.json`] = strToU8(JSON.stringify(manifest, null, 1));
    datasets.push(id);
  }
  const models: string[] = [];
  for (const id of want.models) {
    const m = await getLibraryModel(id);
    if (!m) continue;
    const { modelJson, weightData, ...meta } = m;
    files[`models/${id}/model.json`] = strToU8(JSON.stringify(modelJson));
    files[`models/${id}/weights.bin`] = new Uint8Array(weightData);
    files[`models/${id}/library.json`] = strToU8(JSON.stringify(meta));
    models.push(id);
  }
  files['README.txt'] = strToU8([
    'A Graft project bundle. Open it in Graft with Import (it restores the graph, its image datasets and models).',
    'datasets/<id>/ holds one sub-folder of PNGs per class: `npx graft run graph.graft.json --data <dataset node id>=datasets/<id>` trains on it headless.',
    'models/<id>/ holds TensorFlow.js layers models (model.json + weights.bin).',
    '',
  ].join('\n'));
  const bytes = await new Promise<Uint8Array>((resolve, reject) => zip(files, { level: 6 }, (err, out) => (err ? reject(err) : resolve(out))));
  return { blob: new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), datasets, models };
}

/** Whether a file looks like a zip (a bundle), whatever its name. */
export async function isZip(file: Blob): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  return head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

/**
 * Restores a bundle's datasets (same ids, exact pixels) and models; returns the graph's text.
 * Nothing is written until the graph reads and, where this browser holds different data under
 * the same ids, `confirmReplace` agrees.
 */
export async function importBundle(file: Blob, onProgress?: (text: string) => void, confirmReplace?: (what: string[]) => boolean | Promise<boolean>): Promise<{ graphText: string; datasets: string[]; models: string[] }> {
  const raw = new Uint8Array(await file.arrayBuffer());
  const entries = await new Promise<Record<string, Uint8Array>>((resolve, reject) => unzip(raw, (err, data) => (err ? reject(err) : resolve(data))))
    .catch(() => { throw new DatasetImportError('This file is not a zip that can be opened: check that it downloaded completely.'); });
  if (!entries[GRAPH]) throw new DatasetImportError(`This zip is not a Graft bundle (it has no ${GRAPH}). To add a zip of images to a dataset, use the dataset's “Pick a .zip”.`);
  const parsed = parseGraphText(strFromU8(entries[GRAPH]!));
  if (!parsed.graph) throw new DatasetImportError(`The bundle's graph cannot be opened (${parsed.issues.map((i) => `${i.path}: ${i.message}`).slice(0, 3).join('; ')}). Nothing was imported.`);
  const conflicts: string[] = [];
  for (const path of Object.keys(entries).filter((p) => /^datasets\/[^/]+\/dataset\.json$/.test(p))) {
    const m = JSON.parse(strFromU8(entries[path]!)) as DatasetManifest;
    const here = await getDataset(m.id);
    if (here && here.hash !== m.hash) conflicts.push(`the images of “${m.name}” (${Object.keys(here.index).length} stored here, ${m.samples.length} in the bundle)`);
  }
  for (const path of Object.keys(entries).filter((p) => /^models\/[^/]+\/library\.json$/.test(p))) {
    const m = JSON.parse(strFromU8(entries[path]!)) as Omit<LibraryModel, 'modelJson' | 'weightData'>;
    const here = await getLibraryModel(m.id);
    if (here && here.savedAt !== m.savedAt) conflicts.push(`the model “${m.name}” (saved ${here.savedAt.slice(0, 16)} here, ${m.savedAt.slice(0, 16)} in the bundle)`);
  }
  if (conflicts.length && confirmReplace && !(await confirmReplace(conflicts))) {
    throw new DatasetImportError('Nothing was imported: what this browser stores was kept.');
  }
  const datasets: string[] = [];
  for (const path of Object.keys(entries).filter((p) => /^datasets\/[^/]+\/dataset\.json$/.test(p))) {
    const dir = path.slice(0, -'dataset.json'.length);
    const manifest = JSON.parse(strFromU8(entries[path]!)) as DatasetManifest;
    const { samples: list, ...rest } = manifest;
    const ds: StoredDataset = { ...rest, index: {} };
    const samples: StoredSample[] = [];
    const raw = entries[`${dir}pixels.bin`];
    const per = ds.size * ds.size * 3;
    for (const [i, s] of list.entries()) {
      let pixels: Uint8Array;
      if (raw && raw.length === list.length * per) pixels = raw.slice(i * per, (i + 1) * per);
      else {
        const bytes = entries[dir + s.file];
        if (!bytes) continue;
        pixels = await decodeSquare(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/png' }), ds.size);
      }
      const digest = await pixelDigest(pixels);
      samples.push({ key: `${ds.id}\u0000${s.id}`, dataset: ds.id, id: s.id, cls: s.cls, pixels });
      ds.index[s.id] = { cls: s.cls, digest };
      if (i % 50 === 0) onProgress?.(`Restoring ${ds.name}: ${i} of ${list.length} images`);
    }
    ds.hash = await hashOf(ds);
    await replaceDataset(ds, samples);
    datasets.push(ds.id);
  }
  const models: string[] = [];
  for (const path of Object.keys(entries).filter((p) => /^models\/[^/]+\/library\.json$/.test(p))) {
    const dir = path.slice(0, -'library.json'.length);
    const meta = JSON.parse(strFromU8(entries[path]!)) as Omit<LibraryModel, 'modelJson' | 'weightData'>;
    const weights = entries[`${dir}weights.bin`];
    const modelJson = entries[`${dir}model.json`];
    if (!weights || !modelJson) continue;
    await saveLibraryModel({ ...meta, modelJson: JSON.parse(strFromU8(modelJson)) as object, weightData: weights.slice().buffer as ArrayBuffer });
    models.push(meta.id);
  }
  return { graphText: strFromU8(entries[GRAPH]!), datasets, models };
}
