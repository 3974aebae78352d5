import { SYNTHETIC_CLASSES } from '@/nodes/dataset';
import { mixSeed, mulberry32 } from './random';

type Pt = [number, number];

function polygon(n: number, r: number, inner?: number): Pt[] {
  const pts: Pt[] = [];
  const k = inner === undefined ? n : n * 2;
  for (let i = 0; i < k; i++) {
    const rr = inner !== undefined && i % 2 === 1 ? r * inner : r;
    const a = -Math.PI / 2 + (i * 2 * Math.PI) / k;
    pts.push([rr * Math.cos(a), rr * Math.sin(a)]);
  }
  return pts;
}

function insidePolygon(x: number, y: number, pts: readonly Pt[]): boolean {
  let inside = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i]!;
    const [xj, yj] = pts[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether the point (u, v), in the shape's own rotated frame, lies inside shape `label` of radius r. */
function insideShape(label: string, u: number, v: number, r: number, poly: readonly Pt[] | null): boolean {
  switch (label) {
    case 'circle': return u * u + v * v <= r * r;
    case 'square': return Math.abs(u) <= r * 0.78 && Math.abs(v) <= r * 0.78;
    case 'cross': { const w = r * 0.3; return (Math.abs(u) <= r && Math.abs(v) <= w) || (Math.abs(v) <= r && Math.abs(u) <= w); }
    default: return insidePolygon(u, v, poly!);
  }
}

/**
 * Draws sample `index` of class `label`: a coloured shape of random size, position and
 * rotation on a noisy background. Deterministic from (seed, class, index), so a sample
 * never changes when perClass does. Returns size × size × 3 values in [0, 1].
 */
export function drawShape(label: string, index: number, size: number, seed: number): Float32Array {
  const cls = SYNTHETIC_CLASSES.indexOf(label as (typeof SYNTHETIC_CLASSES)[number]);
  const random = mulberry32(mixSeed(seed, 0x5a9e, cls, index));
  const bg = [random(), random(), random()];
  // A shape colour far enough from the background to be seen.
  let fg: number[];
  do { fg = [random(), random(), random()]; } while (Math.hypot(fg[0]! - bg[0]!, fg[1]! - bg[1]!, fg[2]! - bg[2]!) < 0.45);
  const r = size * (0.18 + random() * 0.17);
  const cx = r + random() * (size - 2 * r);
  const cy = r + random() * (size - 2 * r);
  const angle = random() * Math.PI * 2;
  const noise = 0.04 + random() * 0.08;
  const poly = label === 'triangle' ? polygon(3, r) : label === 'star' ? polygon(5, r, 0.45) : null;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const out = new Float32Array(size * size * 3);
  const SS = 2; // 2×2 supersampling for smooth edges
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let cover = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const dx = x + (sx + 0.5) / SS - cx;
          const dy = y + (sy + 0.5) / SS - cy;
          if (insideShape(label, dx * cos + dy * sin, -dx * sin + dy * cos, r, poly)) cover++;
        }
      }
      const a = cover / (SS * SS);
      const o = (y * size + x) * 3;
      for (let c = 0; c < 3; c++) {
        const n = (random() - 0.5) * 2 * noise;
        out[o + c] = Math.min(1, Math.max(0, fg[c]! * a + bg[c]! * (1 - a) + n));
      }
    }
  }
  return out;
}
