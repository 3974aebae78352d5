'use client';

import { z } from 'zod';
import { getNodeDefinition } from '@/nodes/registry';
import { SYNTHETIC_CLASSES } from '@/nodes/dataset';
import type { NodeInfo } from '@/lib/compiler/plan';
import type { Catalog } from '@/lib/catalog/types';
import { useCatalog, useCompiled, useEditor, useEditorStoreApi } from './editor-context';
import { SchemaField, pathKey } from './schema-form';
import type { FieldOverride, FormContext, JsonSchema, Path } from './schema-form';
import { compact } from './node-summary';
import { DatasetField } from './data/data-panel';
import styles from './inspector.module.css';

const schemas = new Map<string, JsonSchema>();
/** A node type's params as JSON Schema (what the form is generated from), computed once per type. */
function schemaFor(type: string): JsonSchema | null {
  const def = getNodeDefinition(type);
  if (!def) return null;
  let s = schemas.get(type);
  if (!s) schemas.set(type, (s = z.toJSONSchema(def.params, { io: 'input', unrepresentable: 'any' }) as JsonSchema));
  return s;
}

/** Fields that only matter for some settings of their node. */
function hiddenField(type: string, path: Path, parent: Record<string, unknown>): boolean {
  const key = path[path.length - 1];
  if (path.length !== 1) return false;
  switch (type) {
    case 'optimizer': {
      const t = parent.type;
      if (key === 'momentum') return t !== 'momentum';
      if (key === 'beta1' || key === 'beta2') return t !== 'adam' && t !== 'adamax';
      if (key === 'rho') return t !== 'rmsprop';
      if (key === 'epsilon') return !['adam', 'adamax', 'rmsprop'].includes(String(t));
      return false;
    }
    case 'freeze':
      return (key === 'layer' && parent.mode !== 'until') || (key === 'count' && parent.mode !== 'last-n') || (key === 'pattern' && parent.mode !== 'match');
    case 'dataset':
      return (key === 'synthetic' && parent.source !== 'synthetic') || ((key === 'ref' || key === 'imageSize') && parent.source !== 'images' && parent.source !== 'webcam');
    case 'pretrained-base':
      return (key === 'url' && parent.source !== 'url') || (key === 'libraryId' && parent.source !== 'library');
    default:
      return false;
  }
}

function availableClasses(params: Record<string, unknown>, catalog: Catalog | null): string[] {
  if (params.source === 'mnist') return catalog?.datasets.mnist?.classes ?? [];
  if (params.source === 'synthetic') return [...SYNTHETIC_CLASSES];
  return ((params.ref as { classes?: string[] } | null)?.classes) ?? [];
}

/** Keras' model.summary() for the layer picker: name, output shape, parameters, trains or not. */
function LayerPicker({ layers, value, onChange, allowDefault }: { layers: NonNullable<NodeInfo['layers']>; value: unknown; onChange: (v: unknown) => void; allowDefault?: string }) {
  return (
    <select className={styles.input} aria-label="layer" value={value === null || value === undefined ? '' : String(value)} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}>
      <option value="">{allowDefault ?? '— choose a layer —'}</option>
      {layers.map((l) => (
        <option key={l.name} value={l.name}>
          {`${l.name}  ·  ${l.className}  ·  ${l.outputShape ? l.outputShape.join('×') : '?'}${l.params ? `  ·  ${l.params.toLocaleString('en-US')} params` : ''}`}
        </option>
      ))}
    </select>
  );
}

export function Inspector() {
  const store = useEditorStoreApi();
  const selection = useEditor((s) => s.selection.nodes);
  const graph = useEditor((s) => s.graph);
  const compiled = useCompiled();
  const catalog = useCatalog();
  const node = selection.length === 1 ? graph.nodes.find((n) => n.id === selection[0]) : undefined;
  const def = node ? getNodeDefinition(node.type) : undefined;
  const schema = def ? schemaFor(def.type) : null;

  if (!node) {
    return (
      <aside className={styles.inspector} data-testid="inspector">
        <p className={styles.muted}>{selection.length > 1 ? `${selection.length} nodes selected.` : 'Select a node to edit its settings.'}</p>
        <p className={styles.muted}>Add nodes from the palette; connect an output (right) to an input (left) of the same colour.</p>
      </aside>
    );
  }
  const info = compiled.nodes[node.id];
  const diagnostics = compiled.diagnostics.filter((d) => d.nodeId === node.id);
  const params = node.params;
  const parsed = def?.params.safeParse(params);
  const errors = new Map<string, string>();
  if (parsed && !parsed.success) for (const issue of parsed.error.issues) errors.set(pathKey(issue.path as Path), issue.message);
  const set = (next: unknown) => store.getState().updateParams(node.id, next as Record<string, unknown>);

  // The model reaching this node, for the freeze layer picker.
  const upstream = graph.edges.find((e) => e.target === node.id && e.targetPort === 'model');
  const upstreamLayers = upstream ? compiled.nodes[upstream.source]?.layers : undefined;
  const base = node.type !== 'pretrained-base' || !catalog ? undefined
    : params.source === 'library' ? catalog.library?.[String(params.libraryId)] : catalog.bases[String(params.source)];

  const override = (path: Path): FieldOverride | undefined => {
    const key = pathKey(path);
    if (node.type === 'freeze' && key === 'layer' && (info?.layers ?? upstreamLayers)) {
      return { render: ({ value, onChange }) => <LayerPicker layers={(info?.layers ?? upstreamLayers)!} value={value} onChange={onChange} /> };
    }
    if (node.type === 'pretrained-base' && key === 'libraryId') {
      const models = Object.values(catalog?.library ?? {});
      return {
        render: ({ value, onChange }) => (
          <select className={styles.input} aria-label="library model" data-testid="library-select" value={value === null || value === undefined ? '' : String(value)} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}>
            <option value="">{models.length ? '— choose a saved model —' : '— the library is empty: run a graph with an Export node —'}</option>
            {value != null && !models.some((m) => m.id === value) && <option value={String(value)}>{String(value)} (not in this browser)</option>}
            {models.map((m) => <option key={m.id} value={m.id}>{`${m.label} · ${m.classes?.length ?? '?'} classes · ${m.defaultInputSize}×${m.defaultInputSize}×${m.channels}`}</option>)}
          </select>
        ),
      };
    }
    if (node.type === 'pretrained-base' && key === 'cutAt' && base) {
      const size = String(params.inputSize ?? base.defaultInputSize);
      const layers = base.layers.map((l) => ({ name: l.name, className: l.className, outputShape: l.shapes[size] ?? null, params: l.params.trainable + l.params.nonTrainable, trainable: true }));
      return { render: ({ value, onChange }) => <LayerPicker layers={layers} value={value} onChange={onChange} allowDefault={`default (${base.defaultCutAt})`} /> };
    }
    if (node.type === 'pretrained-base' && key === 'inputSize' && base) {
      return {
        render: ({ value, onChange }) => (
          <select className={styles.input} aria-label="input size" value={value === null ? '' : String(value)} onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}>
            <option value="">default ({base.defaultInputSize} px)</option>
            {base.inputSizes.map((s) => <option key={s} value={s}>{s} px</option>)}
          </select>
        ),
      };
    }
    if (node.type === 'dataset' && key === 'ref') {
      return { render: () => <DatasetField node={node} /> };
    }
    if (node.type === 'dataset' && key === 'classes') {
      const all = availableClasses(params, catalog);
      if (!all.length) return undefined;
      return {
        render: ({ value, onChange }) => {
          const chosen = Array.isArray(value) ? (value as string[]) : all;
          return (
            <div className={styles.chips}>
              {all.map((c) => (
                <label key={c} className={styles.chip}>
                  <input type="checkbox" checked={chosen.includes(c)} onChange={(e) => {
                    const next = e.target.checked ? all.filter((x) => chosen.includes(x) || x === c) : chosen.filter((x) => x !== c);
                    onChange(next.length === all.length ? null : next);
                  }} />
                  {c}
                </label>
              ))}
            </div>
          );
        },
      };
    }
    return undefined;
  };
  const ctx: FormContext = { errors, override, hidden: (path, parent) => hiddenField(node.type, path, parent) };

  return (
    <aside className={styles.inspector} data-testid="inspector">
      <div className={styles.title}>
        <h2>{def?.label ?? node.type}</h2>
        <code>{node.id}</code>
      </div>
      {def && <p className={styles.muted}>{def.description}</p>}
      {diagnostics.length > 0 && (
        <ul className={styles.diags}>
          {diagnostics.map((d, i) => (
            <li key={i} className={styles[d.severity]}>
              {d.message}
              {d.hint && <div className={styles.hint}>{d.hint}</div>}
            </li>
          ))}
        </ul>
      )}
      {info?.params && (
        <div className={styles.effect} data-testid="param-effect">
          <div><strong>{info.params.trainable.toLocaleString('en-US')}</strong> trainable</div>
          <div><strong>{info.params.nonTrainable.toLocaleString('en-US')}</strong> frozen</div>
          <div className={styles.muted}>of {compact(info.params.total)} · output {info.outputShape ? info.outputShape.join('×') : '?'}</div>
        </div>
      )}
      {def && schema ? (
        <form className={styles.form} onSubmit={(e) => e.preventDefault()}>
          {Object.entries(schema.properties ?? {}).filter(([k]) => !hiddenField(node.type, [k], params)).map(([k, s]) => (
            <SchemaField key={k} schema={s} value={params[k]} path={[k]} ctx={ctx} onChange={(v) => set({ ...params, [k]: v })} />
          ))}
        </form>
      ) : (
        <pre className={styles.raw}>{JSON.stringify(params, null, 2)}</pre>
      )}
      {node.type === 'freeze' && info?.layers && (
        <details className={styles.summary}>
          <summary>Layers ({info.layers.filter((l) => l.trainable).length} of {info.layers.filter((l) => l.params > 0).length} with weights train)</summary>
          <table>
            <thead><tr><th>layer</th><th>output</th><th>params</th><th /></tr></thead>
            <tbody>
              {info.layers.map((l) => (
                <tr key={l.name} className={l.params ? (l.trainable ? styles.trains : styles.frozen) : undefined}>
                  <td>{l.name}</td><td>{l.outputShape?.join('×')}</td><td>{l.params ? l.params.toLocaleString('en-US') : ''}</td><td>{l.params ? (l.trainable ? 'trains' : 'frozen') : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </aside>
  );
}
