'use client';

import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  color: string;
  width?: number;
  dash?: number[];
  /** Draw points (per-epoch values) rather than only a line. */
  points?: boolean;
  alpha?: number;
}

export interface ChartMarker { x: number; label: string }

/** Reads a CSS variable (the charts follow the light/dark theme). */
const cssVar = (name: string, el: Element) => getComputedStyle(el).getPropertyValue(name).trim() || '#888';
const resolve = (color: string, el: Element) => (color.startsWith('var(') ? cssVar(color.slice(4, -1), el) : color);

/**
 * A uPlot line chart: x is the run's epoch axis (continuous across stages), series may have
 * gaps (batch values and epoch values share the x axis), and markers draw stage boundaries.
 */
export function Chart({ title, series, data, markers = [], height = 200, logY = false, yRange, testId }: {
  title: string;
  series: ChartSeries[];
  data: [number[], ...(number | null)[][]];
  markers?: ChartMarker[];
  height?: number;
  logY?: boolean;
  yRange?: [number, number];
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const markersRef = useRef(markers);
  const key = `${series.map((s) => s.label).join('|')}:${logY}:${height}`;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const text = cssVar('--muted', el);
    const grid = cssVar('--border', el);
    const opts: uPlot.Options = {
      title,
      width: Math.max(200, el.clientWidth),
      height,
      scales: { x: { time: false, range: (_u, _min, max) => [0, Math.max(1, max ?? 1)] }, y: logY ? { distr: 3 } : yRange ? { range: yRange } : {} },
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      axes: [
        { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, label: 'epoch', labelSize: 18, size: 34 },
        {
          stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, size: 52,
          // Learning rates span decades: 1e-5 must not print as 0.
          values: logY ? (_u, vals) => vals.map((v) => (v == null ? '' : v >= 0.01 ? String(+v.toPrecision(2)) : v.toExponential(0))) : undefined,
        },
      ],
      series: [
        { label: 'epoch' },
        ...series.map((s) => ({
          label: s.label,
          stroke: resolve(s.color, el),
          width: s.width ?? 2,
          dash: s.dash,
          spanGaps: true,
          alpha: s.alpha,
          points: { show: s.points ?? false, size: 5 },
        })),
      ],
      hooks: {
        draw: [(u) => {
          const ctx = u.ctx;
          ctx.save();
          ctx.strokeStyle = text;
          ctx.fillStyle = text;
          ctx.setLineDash([4, 4]);
          ctx.textAlign = 'left';
          ctx.textBaseline = 'alphabetic';
          ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
          for (const m of markersRef.current) {
            const x = u.valToPos(m.x, 'x', true);
            if (!Number.isFinite(x)) continue;
            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
            ctx.fillText(m.label, x + 4 * devicePixelRatio, u.bbox.top + 12 * devicePixelRatio);
          }
          ctx.restore();
        }],
      },
    };
    const p = new uPlot(opts, data as uPlot.AlignedData, el);
    plot.current = p;
    const ro = new ResizeObserver(() => p.setSize({ width: Math.max(200, el.clientWidth), height }));
    ro.observe(el);
    return () => { ro.disconnect(); p.destroy(); plot.current = null; };
    // The plot is rebuilt only when its series change; data updates go through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  useEffect(() => {
    markersRef.current = markers;
    plot.current?.setData(data as uPlot.AlignedData);
  }, [data, markers]);

  return <div ref={box} className="graft-chart" data-testid={testId} />;
}
