import { tf } from './tf';
import type { LayersModel } from './tf';

/** A tfjs layers model as files: model.json (as an object) and its one weights file. */
export interface ExportedModel {
  modelJson: {
    format: 'layers-model';
    generatedBy: string;
    convertedBy: string;
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
    userDefinedMetadata?: Record<string, unknown>;
  };
  weightData: ArrayBuffer;
}

/** float32 → IEEE half precision, rounding to nearest even. */
function toHalf(value: number): number {
  const f = new Float32Array([value]);
  const x = new Uint32Array(f.buffer)[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    if ((mant >>> (shift - 1)) & 1 && ((mant & ((1 << (shift - 1)) - 1)) || half & 1)) half++;
    return sign | half;
  }
  let half = sign | (e << 10) | (mant >>> 13);
  if (mant & 0x1000 && (mant & 0xfff || half & 1)) half++;
  return half;
}

/**
 * Saves the merged model (base + head) in tfjs' layers format. `quantize` stores weights as
 * float16 or affine uint8, which tfjs' loaders dequantize on load (half or a quarter of the size).
 */
export async function exportModel(model: LayersModel, quantize: 'none' | 'float16' | 'uint8', metadata: Record<string, unknown>): Promise<ExportedModel> {
  let artifacts: tf.io.ModelArtifacts | null = null;
  await model.save(tf.io.withSaveHandler(async (a) => {
    artifacts = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  const a = artifacts as unknown as tf.io.ModelArtifacts;
  const specs = a.weightSpecs ?? [];
  const data = a.weightData instanceof ArrayBuffer ? a.weightData : tf.io.concatenateArrayBuffers(a.weightData as ArrayBuffer[]);
  let weights = specs;
  let weightData = data;
  if (quantize !== 'none') {
    const parts: Uint8Array[] = [];
    weights = [];
    let offset = 0;
    for (const spec of specs) {
      const n = spec.shape.reduce((x, y) => x * y, 1);
      const bytes = spec.dtype === 'float32' || spec.dtype === 'int32' ? 4 : 1;
      const slice = data.slice(offset, offset + n * bytes);
      offset += n * bytes;
      if (spec.dtype !== 'float32') { weights.push(spec); parts.push(new Uint8Array(slice)); continue; }
      const values = new Float32Array(slice);
      if (quantize === 'float16') {
        const half = new Uint16Array(n);
        for (let i = 0; i < n; i++) half[i] = toHalf(values[i]!);
        weights.push({ ...spec, quantization: { dtype: 'float16' } });
        parts.push(new Uint8Array(half.buffer));
      } else {
        let min = Infinity;
        let max = -Infinity;
        for (const v of values) { if (v < min) min = v; if (v > max) max = v; }
        const scale = max > min ? (max - min) / 255 : 1;
        const q = new Uint8Array(n);
        for (let i = 0; i < n; i++) q[i] = Math.round((values[i]! - min) / scale);
        weights.push({ ...spec, quantization: { dtype: 'uint8', min, scale } });
        parts.push(q);
      }
    }
    const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
    let o = 0;
    for (const p of parts) { out.set(p, o); o += p.length; }
    weightData = out.buffer;
  }
  return {
    modelJson: {
      format: 'layers-model',
      generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
      convertedBy: 'Graft',
      modelTopology: a.modelTopology as object,
      weightsManifest: [{ paths: ['weights.bin'], weights }],
      userDefinedMetadata: metadata,
    },
    weightData,
  };
}
