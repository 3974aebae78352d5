/** Pixel layouts the browser side converts between (no tfjs; the page and the worker share it). */

/** RGB bytes → RGBA bytes (opaque), ready for ImageData. */
export function rgbToRgba(rgb: Uint8Array): Uint8ClampedArray<ArrayBuffer> {
  const rgba = new Uint8ClampedArray(new ArrayBuffer((rgb.length / 3) * 4));
  for (let i = 0, j = 0; j < rgb.length; i += 4, j += 3) { rgba[i] = rgb[j]!; rgba[i + 1] = rgb[j + 1]!; rgba[i + 2] = rgb[j + 2]!; rgba[i + 3] = 255; }
  return rgba;
}

/** RGBA bytes → RGB bytes (alpha dropped). */
export function rgbaToRgb(rgba: Uint8ClampedArray): Uint8Array {
  const rgb = new Uint8Array((rgba.length / 4) * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) { rgb[j] = rgba[i]!; rgb[j + 1] = rgba[i + 1]!; rgb[j + 2] = rgba[i + 2]!; }
  return rgb;
}

/** Values in [0, 1], height × width × channels (1 or 3) → RGBA bytes (gray repeated). */
export function floatsToRgba(values: Float32Array, channels: number): Uint8ClampedArray<ArrayBuffer> {
  const n = values.length / channels;
  const rgba = new Uint8ClampedArray(new ArrayBuffer(n * 4));
  for (let p = 0; p < n; p++) {
    for (let k = 0; k < 3; k++) rgba[p * 4 + k] = Math.round(values[p * channels + (channels === 1 ? 0 : k)]! * 255);
    rgba[p * 4 + 3] = 255;
  }
  return rgba;
}
