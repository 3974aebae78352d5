/**
 * Turns the offline packages into the files Graft loads, and writes the catalog the compiler
 * reads (DESIGN §1, issue #2). Idempotent: when every output exists and every input is
 * unchanged it returns at once. Run by predev, prebuild and pretest; `--force` rebuilds.
 *
 *   nsfwjs  → public/models/mobilenet-v2/{model.json, weights.bin}  (backbone cut at out_relu)
 *   mnist   → public/datasets/mnist/{images.bin, meta.json}          (uint8, 28×28, by class)
 *   catalog → public/models/catalog.json                             (layers, params, shapes)
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { BaseCatalogEntry, Catalog, DatasetCatalogEntry } from '../lib/catalog/types';

const ROOT = path.resolve(__dirname, '..');
const require_ = createRequire(path.join(ROOT, 'package.json'));
const PUBLIC = path.join(ROOT, 'public');
export const CATALOG_PATH = path.join(PUBLIC, 'models', 'catalog.json');
const STAMP_PATH = path.join(ROOT, '.assets-stamp.json');
const MOBILENET_DIR = path.join(PUBLIC, 'models', 'mobilenet-v2');
const DIGITS_DIR = path.join(PUBLIC, 'models', 'digits-cnn');
const MNIST_DIR = path.join(PUBLIC, 'datasets', 'mnist');
const PRETRAIN_EXAMPLE = path.join(PUBLIC, 'examples', 'pretrain-digits.graft.json');

export const MOBILENET_SIZES = [96, 128, 160, 192, 224];
const MOBILENET_CUT = 'out_relu';

const OUTPUTS = [
  CATALOG_PATH,
  path.join(MOBILENET_DIR, 'model.json'),
  path.join(MOBILENET_DIR, 'weights.bin'),
  path.join(MNIST_DIR, 'images.bin'),
  path.join(MNIST_DIR, 'meta.json'),
];

function nsfwjsModelDir(): string {
  // nsfwjs' exports map hides its model files; find the package from its entry point.
  const entry = require_.resolve('nsfwjs'); // …/nsfwjs/dist/cjs/index.js
  return path.join(path.dirname(entry), '..', 'models', 'mobilenet_v2');
}

function fingerprint(): string {
  const h = createHash('sha256');
  h.update(readFileSync(__filename));
  h.update(readFileSync(path.join(ROOT, 'lib', 'compiler', 'layers.ts')));
  h.update(readFileSync(path.join(ROOT, 'lib', 'runtime', 'catalog.ts')));
  for (const pkg of ['nsfwjs', 'mnist', '@tensorflow/tfjs']) {
    const dir = packageDir(pkg);
    h.update(`${pkg}@${JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version}`);
  }
  for (const f of [path.join(DIGITS_DIR, 'model.json'), PRETRAIN_EXAMPLE]) {
    h.update(existsSync(f) ? readFileSync(f) : `missing ${f}`);
  }
  return h.digest('hex');
}

function packageDir(name: string): string {
  // Walk up from the resolved entry to the folder holding the package's package.json.
  let dir = path.dirname(require_.resolve(name));
  while (!existsSync(path.join(dir, 'package.json')) || JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).name !== name) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find the folder of package ${name}`);
    dir = up;
  }
  return dir;
}

export async function prepareAssets({ force = false, quiet = false } = {}): Promise<{ rebuilt: boolean }> {
  const log = (msg: string) => { if (!quiet) console.log(`prepare-assets: ${msg}`); };
  const print = fingerprint();
  if (!force && OUTPUTS.every((f) => existsSync(f)) && existsSync(STAMP_PATH)) {
    const stamp = JSON.parse(readFileSync(STAMP_PATH, 'utf8')) as { fingerprint?: string };
    if (stamp.fingerprint === print) {
      log('up to date');
      return { rebuilt: false };
    }
  }
  const t0 = Date.now();
  const mnist = prepareMnist();
  log(`MNIST: ${Object.values(mnist.counts).reduce((a, b) => a + b, 0)} digits → ${path.relative(ROOT, MNIST_DIR)}`);
  const topology = prepareMobileNet();
  log(`MobileNetV2 backbone → ${path.relative(ROOT, MOBILENET_DIR)}`);

  const catalogFromTopology = await loadCatalogBuilder();
  const mobilenet = await catalogFromTopology(topology, {
    id: 'mobilenet-v2',
    label: 'MobileNetV2',
    description: 'MobileNetV2 (alpha 1.0) convolutional backbone, cut at out_relu; expects RGB scaled to [-1, 1].',
    inputSizes: MOBILENET_SIZES,
    defaultInputSize: 128,
    channels: 3,
    valueRange: [-1, 1],
    defaultCutAt: MOBILENET_CUT,
    classes: null,
    path: 'models/mobilenet-v2/model.json',
    available: true,
  });
  const digits = await digitsCatalog(catalogFromTopology);
  const catalog: Catalog = {
    format: 'graft.catalog',
    version: 1,
    bases: { 'mobilenet-v2': mobilenet, 'digits-cnn': digits },
    datasets: { mnist },
  };
  mkdirSync(path.dirname(CATALOG_PATH), { recursive: true });
  writeFileSync(CATALOG_PATH, `${JSON.stringify(catalog)}\n`);
  writeFileSync(STAMP_PATH, `${JSON.stringify({ fingerprint: print, at: new Date().toISOString() })}\n`);
  log(`catalog → ${path.relative(ROOT, CATALOG_PATH)} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return { rebuilt: true };
}

function prepareMnist(): DatasetCatalogEntry {
  const classes = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
  const chunks: Uint8Array[] = [];
  const counts: Record<string, number> = {};
  for (const label of classes) {
    const file = path.join(packageDir('mnist'), 'src', 'digits', `${label}.json`);
    const { data } = JSON.parse(readFileSync(file, 'utf8')) as { data: number[] };
    if (data.length % 784 !== 0) throw new Error(`${file}: ${data.length} values is not a whole number of 28×28 digits`);
    const bytes = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i++) bytes[i] = Math.max(0, Math.min(255, Math.round(data[i]! * 255)));
    chunks.push(bytes);
    counts[label] = data.length / 784;
  }
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) { all.set(c, offset); offset += c.length; }
  mkdirSync(MNIST_DIR, { recursive: true });
  writeFileSync(path.join(MNIST_DIR, 'images.bin'), all);
  const entry: DatasetCatalogEntry = {
    id: 'mnist',
    label: 'MNIST digits',
    classes,
    counts,
    shape: [28, 28, 1],
    path: 'datasets/mnist/images.bin',
  };
  // images.bin holds the digits of class "0", then "1", …, each 784 bytes (0–255), row-major.
  writeFileSync(path.join(MNIST_DIR, 'meta.json'), `${JSON.stringify({ ...entry, layout: 'uint8 28x28, grouped by class in the order of classes' }, null, 2)}\n`);
  return entry;
}

type KerasLayerJson = { name: string; class_name: string; config: Record<string, unknown>; inbound_nodes: unknown[] };
type Topology = { model_config: { class_name: string; config: { name: string; layers: KerasLayerJson[]; input_layers: unknown[]; output_layers: unknown[] } }; [k: string]: unknown };
type WeightSpec = { name: string; shape: number[]; dtype: string; quantization?: { dtype: string; min?: number; scale?: number } };

function prepareMobileNet(): Topology {
  const dir = nsfwjsModelDir();
  // Both files are UMD bundles exporting plain data: the topology+manifest, and base64 weights.
  const { modelTopology, weightsManifest } = require_(path.join(dir, 'model.min.js')) as { modelTopology: Topology; weightsManifest: { paths: string[]; weights: WeightSpec[] }[] };
  const base64 = require_(path.join(dir, 'group1-shard1of1.min.js')) as string;
  const buffer = Buffer.from(base64, 'base64');

  const layers = modelTopology.model_config.config.layers;
  const cut = layers.findIndex((l) => l.name === MOBILENET_CUT);
  if (cut < 0) throw new Error(`the nsfwjs MobileNetV2 has no layer "${MOBILENET_CUT}"`);
  // Keep the backbone only; every layer trainable (only freeze nodes decide, DESIGN §6).
  const kept = layers.slice(0, cut + 1).map((l) => ({ ...l, config: { ...l.config, trainable: true } }));
  const keptNames = new Set(kept.map((l) => l.name));
  const topology: Topology = {
    ...modelTopology,
    model_config: {
      ...modelTopology.model_config,
      config: { ...modelTopology.model_config.config, name: 'mobilenet_v2_backbone', layers: kept, output_layers: [[MOBILENET_CUT, 0, 0]] },
    },
  };
  delete (topology as Record<string, unknown>).training_config;

  // Weights are concatenated in manifest order; keep the byte ranges of the backbone's.
  const keptWeights: WeightSpec[] = [];
  const parts: Buffer[] = [];
  let offset = 0;
  for (const group of weightsManifest) {
    for (const w of group.weights) {
      const bytesPer = w.quantization ? (w.quantization.dtype === 'uint8' ? 1 : 2) : 4;
      const size = w.shape.reduce((a, b) => a * b, 1) * bytesPer;
      if (keptNames.has(w.name.split('/')[0]!)) {
        keptWeights.push(w);
        parts.push(buffer.subarray(offset, offset + size));
      }
      offset += size;
    }
  }
  if (offset !== buffer.length) throw new Error(`MobileNetV2 weights: manifest describes ${offset} bytes, file has ${buffer.length}`);
  mkdirSync(MOBILENET_DIR, { recursive: true });
  writeFileSync(path.join(MOBILENET_DIR, 'weights.bin'), Buffer.concat(parts));
  const modelJson = {
    format: 'layers-model',
    generatedBy: 'keras 2.2.4 (via the nsfwjs package)',
    convertedBy: 'graft scripts/prepare-assets.ts',
    modelTopology: topology,
    weightsManifest: [{ paths: ['weights.bin'], weights: keptWeights }],
  };
  writeFileSync(path.join(MOBILENET_DIR, 'model.json'), JSON.stringify(modelJson));
  return topology;
}

async function loadCatalogBuilder() {
  const { tf } = await import('../lib/runtime/tf');
  await tf.setBackend('cpu');
  tf.enableProdMode(); // quiet: no 'install tfjs-node' banner (it cannot be installed here anyway)
  return (await import('../lib/runtime/catalog')).catalogFromTopology;
}

const DIGITS_ENTRY = {
  id: 'digits-cnn',
  label: 'digits-cnn',
  description: 'A small CNN pretrained by Graft on MNIST digits 0–4 (the pretrain-digits example); expects 28×28 grayscale in [0, 1].',
  inputSizes: [28],
  defaultInputSize: 28,
  channels: 1 as const,
  valueRange: [0, 1] as [number, number],
  defaultCutAt: 'flatten',
  classes: ['0', '1', '2', '3', '4'],
  path: 'models/digits-cnn/model.json',
};

/**
 * digits-cnn is trained by the project itself. Once its model.json is committed, the catalog
 * is read from it; before that, from the architecture in the pretrain-digits example, so
 * graphs that use it compile (the runtime then reports that the weights are missing).
 */
async function digitsCatalog(catalogFromTopology: Awaited<ReturnType<typeof loadCatalogBuilder>>): Promise<BaseCatalogEntry> {
  const modelFile = path.join(DIGITS_DIR, 'model.json');
  if (existsSync(modelFile) && statSync(modelFile).size > 0) {
    const json = JSON.parse(readFileSync(modelFile, 'utf8')) as { modelTopology: Topology };
    return catalogFromTopology(json.modelTopology, { ...DIGITS_ENTRY, available: true });
  }
  const { catalogLayersFromKeras } = await import('../lib/compiler/catalog-from-layers');
  const { parseGraph } = await import('../lib/graph/parse');
  const parsed = parseGraph(JSON.parse(readFileSync(PRETRAIN_EXAMPLE, 'utf8')));
  const node = parsed.graph?.nodes.find((n) => n.type === 'layers');
  if (!node) throw new Error(`${PRETRAIN_EXAMPLE} has no layers node to take digits-cnn's architecture from`);
  const layers = catalogLayersFromKeras(node.params.layers as never, [28, 28, 1], 28);
  return { ...DIGITS_ENTRY, layers, available: false };
}

if (require.main === module) {
  prepareAssets({ force: process.argv.includes('--force') }).catch((err) => {
    console.error(`prepare-assets failed: ${err instanceof Error ? err.stack : String(err)}`);
    process.exit(1);
  });
}
