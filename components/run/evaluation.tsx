'use client';

import { useEffect, useState } from 'react';
import type { Evaluation } from '@/lib/runtime/events';
import type { SampleImage } from '@/lib/runtime/browser/client';
import { useEditor } from '../editor-context';
import { useRunner } from '../runner';
import { SampleCanvas } from './thumb';
import styles from './run.module.css';
import { pct } from '../format';

const MAX_THUMBS = 48;

/** Samples fetched from the worker by id (it holds the run's datasets). */
function useSamples(dataset: string, ids: string[] | null) {
  const runner = useRunner();
  const [state, setState] = useState<{ key: string; samples: SampleImage[]; error: string | null } | null>(null);
  const key = ids ? `${dataset}:${ids.join(',')}` : '';
  useEffect(() => {
    if (!ids || !ids.length) return;
    let live = true;
    runner.samples({ dataset, ids: ids.slice(0, MAX_THUMBS), limit: MAX_THUMBS })
      .then((samples) => { if (live) setState({ key, samples, error: null }); })
      .catch((err: unknown) => { if (live) setState({ key, samples: [], error: err instanceof Error ? err.message : String(err) }); });
    return () => { live = false; };
    // ids are identified by key
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, runner, dataset]);
  return state?.key === key ? state : null;
}

function Thumbs({ evaluation, ids, caption }: { evaluation: Evaluation; ids: string[]; caption: (id: string) => string }) {
  const got = useSamples(evaluation.dataset, ids);
  if (!ids.length) return <p className={styles.sub}>No samples here.</p>;
  if (!got) return <p className={styles.sub}>Loading {Math.min(ids.length, MAX_THUMBS)} samples…</p>;
  if (got.error) return <p className={styles.wrong}>{got.error}</p>;
  return (
    <div className={styles.thumbs}>
      {got.samples.map((s) => (
        <figure key={s.id} className={styles.thumb} title={s.id} data-testid="sample-thumb">
          <SampleCanvas sample={s} />
          <figcaption>{caption(s.id)}</figcaption>
        </figure>
      ))}
      {ids.length > MAX_THUMBS && <p className={styles.sub}>… and {ids.length - MAX_THUMBS} more</p>}
    </div>
  );
}

function ConfusionMatrix({ evaluation, open, onOpen }: { evaluation: Evaluation; open: [number, number] | null; onOpen(cell: [number, number]): void }) {
  const { classes, confusion } = evaluation;
  return (
    <table className={styles.matrix} data-testid="confusion-matrix" aria-label="Confusion matrix: rows are true classes, columns predicted">
      <thead>
        <tr><th className={styles.axis}>true ↓ / predicted →</th>{classes.map((c) => <th key={c}>{c}</th>)}</tr>
      </thead>
      <tbody>
        {confusion.map((row, t) => {
          const total = row.reduce((a, b) => a + b, 0) || 1;
          return (
            <tr key={t}>
              <th>{classes[t]}</th>
              {row.map((n, p) => {
                const share = n / total;
                const color = t === p ? 'var(--ok)' : 'var(--danger)';
                return (
                  <td key={p}>
                    <button
                      type="button"
                      className={`${styles.cell} ${open && open[0] === t && open[1] === p ? styles.cellOpen : ''}`}
                      style={{ background: `color-mix(in srgb, ${color} ${Math.round(share * 85)}%, transparent)` }}
                      title={`${n} sample${n === 1 ? '' : 's'} of "${classes[t]}" predicted as "${classes[p]}" (${pct(share)} of the row): click to see them`}
                      data-testid={`confusion-cell-${t}-${p}`}
                      onClick={() => onOpen([t, p])}
                    >{n}</button>
                  </td>
                );
              })}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Accuracy, confusion matrix (cells open their samples), per-class precision/recall, misclassified samples. */
export function EvaluationPanel() {
  // A new run starts with no cell open and the first evaluation chosen.
  const runId = useEditor((s) => s.run.runId);
  return <EvaluationView key={runId} />;
}

function EvaluationView() {
  const evaluations = useEditor((s) => s.run.evaluations);
  const status = useEditor((s) => s.run.status);
  const [chosen, setChosen] = useState<string | null>(null);
  const [cell, setCell] = useState<[number, number] | null>(null);
  const evaluation = evaluations.find((e) => e.node === chosen) ?? evaluations[0];
  if (!evaluation) {
    return <p className={styles.empty}>{status === 'training' || status === 'preparing' ? 'The evaluation appears when training ends.' : 'Connect an Evaluate node after a Train node and run the graph to see accuracy and the confusion matrix here.'}</p>;
  }
  const cellIds = cell ? evaluation.predictions.filter(([, t, p]) => t === cell[0] && p === cell[1]).map(([id]) => id) : null;
  const wrong = new Map(evaluation.misclassified.map((m) => [m.id, m]));
  return (
    <div className={styles.eval}>
      <div>
        {evaluations.length > 1 && (
          <select value={evaluation.node} onChange={(e) => { setChosen(e.target.value); setCell(null); }} aria-label="Evaluation">
            {evaluations.map((e) => <option key={e.node} value={e.node}>{e.node}</option>)}
          </select>
        )}
        <div className={styles.big} data-testid="eval-accuracy" data-value={evaluation.accuracy}>{pct(evaluation.accuracy)}</div>
        <div className={styles.sub}>{evaluation.split} accuracy on {evaluation.samples} samples of “{evaluation.dataset}” · loss {evaluation.loss.toFixed(4)} · chance {pct(1 / evaluation.classes.length)}</div>
        <table className={styles.table} style={{ marginTop: 10 }}>
          <thead><tr><th>class</th><th>precision</th><th>recall</th><th>samples</th></tr></thead>
          <tbody>
            {evaluation.perClass.map((c) => <tr key={c.label}><td>{c.label}</td><td>{pct(c.precision)}</td><td>{pct(c.recall)}</td><td>{c.support}</td></tr>)}
          </tbody>
        </table>
      </div>
      <div>
        <ConfusionMatrix evaluation={evaluation} open={cell} onOpen={(c) => setCell(cell && cell[0] === c[0] && cell[1] === c[1] ? null : c)} />
        <p className={styles.sub}>Rows: true class; columns: predicted. Click a cell to see its samples.</p>
      </div>
      <div>
        {cell ? (
          <>
            <h4>“{evaluation.classes[cell[0]]}” predicted as “{evaluation.classes[cell[1]]}” ({cellIds!.length}) <button type="button" onClick={() => setCell(null)}>show misclassified</button></h4>
            <Thumbs evaluation={evaluation} ids={cellIds!} caption={(id) => id.split(/[:/]/).pop() ?? id} />
          </>
        ) : (
          <>
            <h4>Misclassified ({evaluation.samples - Math.round(evaluation.accuracy * evaluation.samples)})</h4>
            <Thumbs evaluation={evaluation} ids={evaluation.misclassified.map((m) => m.id)} caption={(id) => { const m = wrong.get(id)!; return `${m.label} → ${m.predicted} ${pct(m.confidence)}`; }} />
          </>
        )}
      </div>
    </div>
  );
}
