/**
 * Turns what a person shows the model (a drawing, an uploaded picture, a webcam frame, a test
 * sample) into the float pixels it was trained on: height × width × channels in [0, 1].
 */

type Source = CanvasImageSource & { width?: number; height?: number };

function canvas(w: number, h: number) {
  const c = document.createElement('canvas');
  c.width = w;
  c.height = h;
  return c;
}

function toChannels(rgba: Uint8ClampedArray, channels: number): Float32Array {
  const n = rgba.length / 4;
  const out = new Float32Array(n * channels);
  for (let i = 0; i < n; i++) {
    if (channels === 1) out[i] = (0.299 * rgba[i * 4]! + 0.587 * rgba[i * 4 + 1]! + 0.114 * rgba[i * 4 + 2]!) / 255;
    else for (let k = 0; k < 3; k++) out[i * 3 + k] = rgba[i * 4 + k]! / 255;
  }
  return out;
}

/** The centre square of a picture, scaled to the model's size (a webcam frame, an upload). */
export function coverPixels(src: Source, srcW: number, srcH: number, [h, w, c]: [number, number, number]): Float32Array {
  const out = canvas(w, h);
  const ctx = out.getContext('2d', { willReadFrequently: true })!;
  const side = Math.min(srcW, srcH);
  ctx.drawImage(src, (srcW - side) / 2, (srcH - side) / 2, side, side, 0, 0, w, h);
  return toChannels(ctx.getImageData(0, 0, w, h).data, c);
}

/**
 * A drawing made as MNIST digits were: the strokes' bounding box scaled to fit 20×20 (keeping
 * its aspect) and centred in 28×28 — or the same proportions at another size. Light strokes on
 * black. Returns null for an empty pad.
 */
export function digitPixels(pad: HTMLCanvasElement, [h, w, c]: [number, number, number]): Float32Array | null {
  const ctx = pad.getContext('2d', { willReadFrequently: true })!;
  const { width: W, height: H } = pad;
  const data = ctx.getImageData(0, 0, W, H).data;
  let x0 = W, y0 = H, x1 = -1, y1 = -1;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (data[(y * W + x) * 4]! > 40) { if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y; }
    }
  }
  if (x1 < 0) return null;
  const bw = x1 - x0 + 1;
  const bh = y1 - y0 + 1;
  const box = (20 / 28) * Math.min(w, h);
  const scale = box / Math.max(bw, bh);
  const out = canvas(w, h);
  const o = out.getContext('2d', { willReadFrequently: true })!;
  o.fillStyle = '#000';
  o.fillRect(0, 0, w, h);
  o.imageSmoothingQuality = 'high';
  o.drawImage(pad, x0, y0, bw, bh, (w - bw * scale) / 2, (h - bh * scale) / 2, bw * scale, bh * scale);
  return toChannels(o.getImageData(0, 0, w, h).data, c);
}

/** A test sample's RGBA pixels back to the model's channels. */
export function samplePixels(rgba: Uint8ClampedArray, channels: number): Float32Array {
  return toChannels(rgba, channels);
}
