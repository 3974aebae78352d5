'use client';

import { memo, useState } from 'react';
import { Handle, Position } from '@xyflow/react';
import type { Node, NodeProps } from '@xyflow/react';
import { getNodeDefinition } from '@/nodes/registry';
import type { Diagnostic, NodeInfo } from '@/lib/compiler/plan';
import { infoLine, summarize } from './node-summary';
import { useEditor } from './editor-context';
import { Sparkline } from './sparkline';
import type { StageView } from '@/lib/store/run-state';
import { dragHasFiles, filesFromDrop } from './data/files';
import { useDatasetActions } from './data/use-datasets';
import styles from './graft-node.module.css';
import { pct } from './format';

export type GraftNodeData = {
  type: string;
  params: Record<string, unknown>;
  info?: NodeInfo;
  diagnostics: Diagnostic[];
};
export type GraftFlowNode = Node<GraftNodeData, 'graft'>;

/** A node on the canvas, drawn from its definition: typed handles, key params, shapes, problems. */
function GraftNodeView({ id, data, selected }: NodeProps<GraftFlowNode>) {
  const def = getNodeDefinition(data.type);
  const errors = data.diagnostics.filter((d) => d.severity === 'error');
  const warnings = data.diagnostics.filter((d) => d.severity === 'warning');
  const status = errors.length ? 'error' : warnings.length ? 'warning' : 'ok';
  const tooltip = data.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.message}${d.hint ? `\n→ ${d.hint}` : ''}`).join('\n\n');
  const inputs = def?.inputs ?? [];
  const outputs = def?.outputs ?? [];
  const rows = Math.max(inputs.length, outputs.length);
  const line = infoLine(data.info);
  // A dataset of your own images takes a dropped folder or .zip: added, replaced or relinked.
  const takesImages = data.type === 'dataset' && data.params.source === 'images';
  const missing = data.diagnostics.some((d) => d.code === 'dataset-missing' || d.code === 'no-data');
  const actions = useDatasetActions();
  const [over, setOver] = useState(false);
  return (
    <div
      className={`${styles.node} ${styles[status]} ${selected ? styles.selected : ''} ${def ? styles[`cat_${def.category}`] : styles.broken} ${over ? styles.dropOver : ''}`}
      data-testid={`node-${id}`}
      title={tooltip || undefined}
      onDragOver={takesImages ? (e) => { if (dragHasFiles(e.dataTransfer)) { e.preventDefault(); e.stopPropagation(); setOver(true); } } : undefined}
      onDragLeave={takesImages ? () => setOver(false) : undefined}
      onDrop={takesImages ? async (e) => {
        if (!dragHasFiles(e.dataTransfer)) return;
        e.preventDefault();
        e.stopPropagation();
        setOver(false);
        const files = await filesFromDrop(e.dataTransfer);
        if (files) await actions.addImages(id, files);
      } : undefined}
    >
      <div className={styles.header}>
        <span className={styles.label}>{def?.label ?? data.type}</span>
        <span className={styles.id}>{id}</span>
        <span className={styles.status} data-testid={`node-status-${id}`} data-status={status} aria-label={`${errors.length} errors, ${warnings.length} warnings`}>
          {errors.length ? `${errors.length} ✕` : warnings.length ? `${warnings.length} !` : '✓'}
        </span>
      </div>
      <div className={styles.ports} style={{ minHeight: rows * 22 }}>
        {inputs.map((p, i) => (
          <div key={`in-${p.id}`} className={`${styles.port} ${styles.in}`} style={{ top: 6 + i * 22 }}>
            <Handle type="target" position={Position.Left} id={p.id} className={`${styles.handle} ${styles[`port_${p.type}`]}`} data-port-type={p.type} />
            <span>{p.label}{p.optional ? ' (optional)' : ''}</span>
          </div>
        ))}
        {outputs.map((p, i) => (
          <div key={`out-${p.id}`} className={`${styles.port} ${styles.out}`} style={{ top: 6 + i * 22 }}>
            <span>{p.label}</span>
            <Handle type="source" position={Position.Right} id={p.id} className={`${styles.handle} ${styles[`port_${p.type}`]}`} data-port-type={p.type} />
          </div>
        ))}
      </div>
      <div className={styles.body}>
        {def ? summarize(data.type, data.params).map((s, i) => <div key={i} className={styles.summary}>{s}</div>) : <div className={styles.summary}>unknown node type — kept as written</div>}
        {line && <div className={styles.info}>{line}</div>}
        {errors[0] && <div className={styles.problem}>{errors[0].message}</div>}
        {!errors[0] && warnings[0] && <div className={styles.warn}>{warnings[0].message}</div>}
        {takesImages && missing && <div className={styles.dropHint} data-testid={`node-drop-hint-${id}`}>{data.diagnostics.some((d) => d.code === 'dataset-missing') ? 'Missing data: drop the folder here to relink' : 'Drop a folder or .zip here'}</div>}
        <NodeRun id={id} type={data.type} />
      </div>
    </div>
  );
}


function StageProgress({ stage }: { stage: StageView }) {
  const cur = stage.current;
  const done = stage.history.length;
  const within = cur ? (cur.epoch - 1 + cur.batch / Math.max(1, cur.batches)) : 0;
  const fraction = stage.finished ? 1 : Math.min(1, within / Math.max(1, stage.epochs));
  const last = stage.history[done - 1];
  const points = stage.batches.length > 1 ? stage.batches.map((b) => b.loss) : stage.history.map((h) => h.loss);
  return (
    <div className={styles.run}>
      <div className={styles.runLine}>
        <span>{stage.finished ? `done · ${done} epoch${done === 1 ? '' : 's'}${stage.stoppedEarly ? ' (stopped early)' : ''}` : `epoch ${Math.min(stage.epochs, (cur?.epoch ?? 1))}/${stage.epochs}`}</span>
        <Sparkline values={points} width={70} height={18} />
      </div>
      <div className={styles.bar} role="progressbar" aria-valuenow={Math.round(fraction * 100)} aria-valuemin={0} aria-valuemax={100}><div style={{ width: `${fraction * 100}%` }} /></div>
      {(last || cur) && (
        <div className={styles.runLine}>
          <span>loss {(last?.loss ?? cur!.loss).toFixed(3)}</span>
          <span>acc {pct(last?.accuracy ?? cur!.accuracy)}</span>
          {last?.val_accuracy != null && <span>val {pct(last.val_accuracy)}</span>}
        </div>
      )}
    </div>
  );
}

/**
 * What the current run did at this node: a stage's progress, an evaluation, an export, or its
 * error. Memoized: a node re-renders on every frame of a drag, this part only when the run changes.
 */
const NodeRun = memo(function NodeRun({ id, type }: { id: string; type: string }) {
  const stage = useEditor((s) => (type === 'train' ? s.run.stages.find((x) => x.node === id) : undefined));
  const evaluation = useEditor((s) => (type === 'evaluate' ? s.run.evaluations.find((x) => x.node === id) : undefined));
  const exported = useEditor((s) => (type === 'export' ? s.run.exports.find((x) => x.node === id) : undefined));
  const error = useEditor((s) => (s.run.error?.node === id ? s.run.error : null));
  return (
    <>
      {stage && <StageProgress stage={stage} />}
      {evaluation && <div className={styles.runResult}>{evaluation.split} accuracy <strong>{pct(evaluation.accuracy)}</strong> on {evaluation.samples}</div>}
      {exported && <div className={styles.runResult}>exported {(exported.bytes / 1024).toFixed(0)} KB{exported.libraryId ? ' · in library' : ''}</div>}
      {error && <div className={styles.runError} data-testid={`node-run-error-${id}`} role="alert">{error.message}</div>}
    </>
  );
});

export const GraftNode = memo(GraftNodeView);
