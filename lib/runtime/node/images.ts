import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import type { RawImages } from '../data/load';

const IMAGE_EXT = new Set(['.png', '.jpg', '.jpeg']);

interface Decoded { width: number; height: number; data: Uint8Array | Buffer }

function decode(file: string, bytes: Buffer): Decoded {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.png') return PNG.sync.read(bytes);
  return jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 256 });
}

/** Bilinear resize of RGBA bytes to size × size RGB floats in [0, 1] (no crop, as Keras does by default). */
export function resizeToFloat(img: Decoded, size: number, out: Float32Array, offset: number): void {
  const { width: w, height: h, data } = img;
  for (let y = 0; y < size; y++) {
    const sy = Math.min(h - 1, Math.max(0, ((y + 0.5) * h) / size - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(h - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < size; x++) {
      const sx = Math.min(w - 1, Math.max(0, ((x + 0.5) * w) / size - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(w - 1, x0 + 1);
      const fx = sx - x0;
      for (let c = 0; c < 3; c++) {
        const p = (yy: number, xx: number) => data[(yy * w + xx) * 4 + c]!;
        const v = (p(y0, x0) * (1 - fx) + p(y0, x1) * fx) * (1 - fy) + (p(y1, x0) * (1 - fx) + p(y1, x1) * fx) * fy;
        out[offset + (y * size + x) * 3 + c] = v / 255;
      }
    }
  }
}

/**
 * Reads a folder with one sub-folder per class (Keras' image_dataset_from_directory layout).
 * PNG and JPEG files are decoded and resized; other files, and images that fail to decode,
 * are skipped and listed, so one bad file never stops a run.
 */
export async function readImageFolder(dir: string, size: number): Promise<RawImages> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    throw new Error(`${dir} is not a readable folder`);
  }
  const classes = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
  if (classes.length === 0) throw new Error(`${dir} has no sub-folders: put the images of each class in a folder named after the class`);
  const skipped: RawImages['skipped'] = [];
  const decoded: { label: number; id: string; img: Decoded }[] = [];
  for (let k = 0; k < classes.length; k++) {
    const classDir = path.join(dir, classes[k]!);
    const files = (await readdir(classDir, { withFileTypes: true })).filter((f) => f.isFile() && !f.name.startsWith('.')).map((f) => f.name).sort();
    for (const name of files) {
      const rel = path.join(classes[k]!, name);
      if (!IMAGE_EXT.has(path.extname(name).toLowerCase())) {
        skipped.push({ file: rel, reason: 'not a PNG or JPEG image' });
        continue;
      }
      try {
        const file = path.join(classDir, name);
        if ((await stat(file)).size === 0) throw new Error('empty file');
        const img = decode(name, await readFile(file));
        if (!img.width || !img.height) throw new Error('no pixels');
        decoded.push({ label: k, id: rel, img });
      } catch (err) {
        skipped.push({ file: rel, reason: `could not be decoded (${err instanceof Error ? err.message : String(err)})` });
      }
    }
  }
  const per = size * size * 3;
  const x = new Float32Array(decoded.length * per);
  decoded.forEach((d, i) => resizeToFloat(d.img, size, x, i * per));
  return { classes, shape: [size, size, 3], x, labels: Int32Array.from(decoded.map((d) => d.label)), ids: decoded.map((d) => d.id), skipped };
}
