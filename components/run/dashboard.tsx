'use client';

import { useMemo } from 'react';
import { useEditor } from '../editor-context';
import dynamic from 'next/dynamic';
import { runSeries } from './series';
import styles from './run.module.css';
import { pct } from '../format';

// uPlot touches window at import: load it in the browser only, when a chart is first shown.
const Chart = dynamic(() => import('./chart').then((m) => m.Chart), { ssr: false });

const num = (x: number | null | undefined, d = 4) => (x == null ? '—' : x.toFixed(d));
const lr = (x: number) => (x >= 0.01 ? x.toPrecision(2) : x.toExponential(1));

/** Live training charts (loss, accuracy, learning rate) across stages, and the table of epochs. */
export function Dashboard({ large = false }: { large?: boolean }) {
  const run = useEditor((s) => s.run);
  const series = useMemo(() => runSeries(run.stages), [run.stages]);
  const lossData = useMemo(() => [series.x, series.batchLoss, series.loss, series.valLoss] as [number[], ...(number | null)[][]], [series]);
  const accData = useMemo(() => [series.x, series.batchAcc, series.acc, series.valAcc] as [number[], ...(number | null)[][]], [series]);
  const lrData = useMemo(() => [series.x, series.lr] as [number[], ...(number | null)[][]], [series]);
  const rows = run.stages.flatMap((s) => s.history.map((h) => ({ ...h, label: s.label, node: s.node })));
  const h = large ? 300 : 190;

  if (run.status === 'idle' && !run.stages.length) {
    return <p className={styles.empty}>Press <strong>Run</strong> to train this graph: loss and accuracy appear here as it learns.</p>;
  }
  return (
    <div className={`${styles.dashboard} ${large ? styles.large : ''}`}>
      <div className={styles.stages}>
        {run.stages.map((s) => {
          const secs = s.history.reduce((n, e) => n + e.seconds, 0);
          const sps = s.history.length ? s.history.reduce((n, e) => n + e.samplesPerSecond, 0) / s.history.length : null;
          return (
            <div key={s.node} className={styles.stage}>
              <strong>Stage {s.stage}</strong> “{s.label}” · {s.samples} samples · {s.params.trainable.toLocaleString('en-US')} trainable parameters ·
              cache {s.cache.enabled ? 'on' : 'off'}
              {s.history.length > 0 && <> · {(secs / s.history.length).toFixed(2)} s/epoch · {sps!.toFixed(0)} samples/s</>}
              {s.finished && <> · finished{s.stoppedEarly ? ' (early stopping)' : ''}</>}
            </div>
          );
        })}
        {run.status === 'preparing' && <div className={styles.stage}>Loading the base and the data…</div>}
        {(run.status === 'training' || run.status === 'preparing') && <div className={styles.hint}>Edits you make now apply to the next run.</div>}
        {run.logs.filter((l) => l.level === 'warning').slice(-3).map((l, i) => <div key={i} className={styles.warn}>{l.message}</div>)}
      </div>
      <div className={styles.charts}>
        <Chart title="Loss" testId="chart-loss" height={h} data={lossData} markers={series.markers} series={[
          { label: 'batch', color: 'var(--muted)', width: 1, alpha: 0.6 },
          { label: 'training', color: 'var(--model)', points: true },
          { label: 'validation', color: 'var(--optimizer)', points: true, dash: [6, 3] },
        ]} />
        <Chart title="Accuracy" testId="chart-accuracy" height={h} data={accData} markers={series.markers} yRange={[0, 1]} series={[
          { label: 'batch', color: 'var(--muted)', width: 1, alpha: 0.6 },
          { label: 'training', color: 'var(--model)', points: true },
          { label: 'validation', color: 'var(--optimizer)', points: true, dash: [6, 3] },
        ]} />
        {!large && <Chart title="Learning rate" testId="chart-lr" height={h} data={lrData} markers={series.markers} logY series={[{ label: 'learning rate', color: 'var(--dataset)', points: true }]} />}
      </div>
      {!large && (
        <table className={styles.table}>
          <thead>
            <tr><th>stage</th><th>epoch</th><th>loss</th><th>accuracy</th><th>val loss</th><th>val accuracy</th><th>learning rate</th><th>seconds</th><th>samples/s</th></tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.node}-${r.epoch}`} data-testid="epoch-row">
                <td title={r.node}>{r.label}</td><td>{r.epoch}</td><td>{num(r.loss)}</td><td>{pct(r.accuracy)}</td>
                <td>{num(r.val_loss)}</td><td>{pct(r.val_accuracy)}</td><td>{lr(r.lr)}</td><td>{r.seconds.toFixed(2)}</td><td>{r.samplesPerSecond.toFixed(0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
