'use client';

import { useEffect, useRef } from 'react';
import type { SampleImage } from '@/lib/runtime/browser/client';

/** A dataset sample drawn from its pixels (scaled up with crisp pixels by CSS). */
export function SampleCanvas({ sample, className }: { sample: SampleImage; className?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    c.width = sample.width;
    c.height = sample.height;
    c.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(sample.rgba), sample.width, sample.height), 0, 0);
  }, [sample]);
  return <canvas ref={ref} className={className} aria-label={`${sample.id} (${sample.label})`} />;
}
