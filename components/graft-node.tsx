'use client';

import { memo } from 'react';
import { Handle, Position } from '@xyflow/react';
import type { Node, NodeProps } from '@xyflow/react';
import { getNodeDefinition } from '@/nodes/registry';
import type { Diagnostic, NodeInfo } from '@/lib/compiler/plan';
import { infoLine, summarize } from './node-summary';
import styles from './graft-node.module.css';

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
  return (
    <div
      className={`${styles.node} ${styles[status]} ${selected ? styles.selected : ''} ${def ? styles[`cat_${def.category}`] : styles.broken}`}
      data-testid={`node-${id}`}
      title={tooltip || undefined}
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
      </div>
    </div>
  );
}

export const GraftNode = memo(GraftNodeView);
