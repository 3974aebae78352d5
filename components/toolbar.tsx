'use client';

import { useRef } from 'react';
import { serializeGraph } from '@/lib/graph/serialize';
import { shareHash } from '@/lib/graph/share';
import { EXAMPLES } from '@/lib/examples';
import { useCompiled, useEditor, useEditorStoreApi } from './editor-context';
import { exportProject, fileNameFor, importFile, saveFile } from './project-files';
import { Dashboard } from './run/dashboard';
import { EvaluationPanel } from './run/evaluation';
import { PredictPanel } from './run/predict';
import { ModelsPanel } from './run/models';
import { RunControls } from './run/run-controls';
import { DataPanel } from './data/data-panel';
import type { UiSlice } from '@/lib/store/editor-store';
import styles from './editor-shell.module.css';

export function download(name: string, text: string) {
  saveFile(name, new Blob([text], { type: 'application/json' }));
}


export function Toolbar() {
  const store = useEditorStoreApi();
  const title = useEditor((s) => s.graph.meta.title);
  const canUndo = useEditor((s) => s.past.length > 0);
  const canRedo = useEditor((s) => s.future.length > 0);
  const panel = useEditor((s) => s.panel);
  const compiled = useCompiled();
  const fileInput = useRef<HTMLInputElement>(null);
  const errors = compiled.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = compiled.diagnostics.filter((d) => d.severity === 'warning').length;

  const share = async () => {
    const url = `${location.origin}${location.pathname}${shareHash(store.getState().graph)}`;
    history.replaceState(null, '', url);
    try {
      await navigator.clipboard.writeText(url);
      store.getState().notify({ kind: 'info', text: `Share link copied (${url.length.toLocaleString('en-US')} characters): the graph travels inside the link, nothing is uploaded.` });
    } catch {
      store.getState().notify({ kind: 'info', text: 'Share link is in the address bar: copy it from there. The graph travels inside the link, nothing is uploaded.' });
    }
  };

  return (
    <div className={styles.toolbar}>
      <RunControls />
      <input className={styles.titleInput} aria-label="Graph title" value={title} onChange={(e) => store.getState().setTitle(e.target.value)} />
      <div className={styles.buttons}>
        <button type="button" onClick={() => store.getState().undo()} disabled={!canUndo} title="Undo (Ctrl+Z)">Undo</button>
        <button type="button" onClick={() => store.getState().redo()} disabled={!canRedo} title="Redo (Shift+Ctrl+Z)">Redo</button>
        <button type="button" onClick={() => store.getState().layout(measuredSizes())} title="Arrange the nodes left to right">Layout</button>
        <span className={styles.sep} />
        <button type="button" data-testid="examples-button" onClick={() => store.getState().setPanel('examples')}>Examples</button>
        <button type="button" onClick={() => fileInput.current?.click()}>Import</button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json,.zip,application/zip"
          data-testid="import-input"
          hidden
          onChange={async (e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) await importFile(f, store);
          }}
        />
        <button type="button" data-testid="download-button" onClick={() => { download(fileNameFor(title), serializeGraph(store.getState().graph)); store.getState().markSaved(); }}>Download</button>
        <button type="button" data-testid="bundle-button" onClick={() => exportProject(store)} title="A .graft.zip with the graph, its image datasets and trained models: Import it in another browser to reproduce everything">Bundle</button>
        <button type="button" data-testid="share-button" onClick={share} title="Copy a link that carries the graph">Share</button>
        <span className={styles.sep} />
        <button type="button" className={panel === 'diagnostics' ? styles.active : ''} onClick={() => store.getState().setPanel('diagnostics')} data-testid="diagnostics-button">
          {errors ? `${errors} error${errors > 1 ? 's' : ''}` : 'No errors'}{warnings ? ` · ${warnings} warning${warnings > 1 ? 's' : ''}` : ''}
        </button>
        <button type="button" className={panel === 'plan' ? styles.active : ''} onClick={() => store.getState().setPanel('plan')} data-testid="plan-button">View plan</button>
        <span className={styles.sep} />
        <button type="button" data-testid="present-button" onClick={() => store.getState().setPresenting(true)} title="Full screen: the canvas and large charts, for talks (Esc leaves)">Present</button>
      </div>
    </div>
  );
}

function measuredSizes(): Record<string, { width: number; height: number }> {
  const sizes: Record<string, { width: number; height: number }> = {};
  document.querySelectorAll<HTMLElement>('.react-flow__node').forEach((el) => {
    const id = el.dataset.id;
    if (id) sizes[id] = { width: el.offsetWidth, height: el.offsetHeight };
  });
  return sizes;
}

export function ExamplesDialog() {
  const store = useEditorStoreApi();
  const open = useEditor((s) => s.panel === 'examples');
  if (!open) return null;
  const openExample = async (slug: string) => {
    const s = store.getState();
    if (s.graph.nodes.length && serializeGraph(s.graph) !== s.savedAs && !window.confirm('Replace the current graph with this example? Your unsaved changes stay in Undo.')) return;
    const res = await fetch(`/examples/${slug}.graft.json`);
    if (!res.ok) { s.notify({ kind: 'error', text: `The example ${slug} could not load (HTTP ${res.status}).` }); return; }
    if (s.load(await res.json(), `example "${slug}"`)) s.showPanel('diagnostics');
  };
  return (
    <div className={styles.overlay} role="dialog" aria-label="Examples" onClick={() => store.getState().setPanel('examples')}>
      <div className={styles.dialog} onClick={(e) => e.stopPropagation()}>
        <h2>Examples</h2>
        {EXAMPLES.map((ex) => (
          <button key={ex.slug} type="button" className={styles.example} data-testid={`example-${ex.slug}`} onClick={() => openExample(ex.slug)}>
            <strong>{ex.title}</strong>
            <span>{ex.description}</span>
          </button>
        ))}
      </div>
    </div>
  );
}

const TABS: { id: NonNullable<UiSlice['panel']>; label: string }[] = [
  { id: 'diagnostics', label: 'Problems' },
  { id: 'plan', label: 'Plan' },
  { id: 'data', label: 'Data' },
  { id: 'dashboard', label: 'Training' },
  { id: 'evaluation', label: 'Evaluation' },
  { id: 'predict', label: 'Predict' },
  { id: 'library', label: 'Models' },
];

const TEST_ID: Partial<Record<NonNullable<UiSlice['panel']>, string>> = {
  diagnostics: 'diagnostics', plan: 'plan-panel', data: 'data-panel', dashboard: 'dashboard', evaluation: 'evaluation-panel', predict: 'predict-panel', library: 'models-panel',
};

/** The panel under the canvas: problems, plan, and a run's training charts, evaluation, predictions and models. */
export function BottomPanel() {
  const store = useEditorStoreApi();
  const panel = useEditor((s) => s.panel);
  const epochs = useEditor((s) => s.run.stages.reduce((n, st) => n + st.history.length, 0));
  const status = useEditor((s) => s.run.status);
  const shown = panel && panel !== 'examples' ? panel : null;
  return (
    <div className={styles.bottomWrap}>
      <nav className={styles.tabs} aria-label="Panels">
        {TABS.map((t) => (
          <button key={t.id} type="button" className={shown === t.id ? styles.active : ''} data-testid={`panel-tab-${t.id}`} onClick={() => store.getState().setPanel(t.id)} aria-pressed={shown === t.id}>
            {t.label}{t.id === 'dashboard' && (status === 'training' || status === 'preparing') ? ` · ${epochs} epochs…` : ''}
          </button>
        ))}
      </nav>
      {shown && (
        <section className={`${styles.bottom} ${shown !== 'diagnostics' && shown !== 'plan' ? styles.tall : ''}`} aria-label={TABS.find((t) => t.id === shown)!.label} data-testid={TEST_ID[shown]}>
          {shown === 'diagnostics' || shown === 'plan' ? <ProblemsOrPlan panel={shown} />
            : shown === 'data' ? <DataPanel />
            : shown === 'dashboard' ? <Dashboard />
            : shown === 'evaluation' ? <EvaluationPanel />
            : shown === 'predict' ? <PredictPanel />
            : <ModelsPanel />}
        </section>
      )}
    </div>
  );
}

function ProblemsOrPlan({ panel }: { panel: 'diagnostics' | 'plan' }) {
  const store = useEditorStoreApi();
  const compiled = useCompiled();
  return (
    <>
      {panel === 'diagnostics' ? (
        compiled.diagnostics.length === 0 ? <p className={styles.ok}>The graph compiles with no problems.</p> : (
          <ul className={styles.diagList}>
            {compiled.diagnostics.map((d, i) => (
              <li key={i}>
                <button type="button" className={styles[`sev_${d.severity}`]} onClick={() => d.nodeId && store.getState().focusNode(d.nodeId)}>
                  <span className={styles.sev}>{d.severity}</span>
                  <span className={styles.where}>{d.nodeId ?? 'graph'}</span>
                  <span>{d.message}{d.hint ? <em> — {d.hint}</em> : null}</span>
                </button>
              </li>
            ))}
          </ul>
        )
      ) : compiled.plan ? (
        <div className={styles.plan}>
          <ul>
            {compiled.plan.summary.stages.map((s) => (
              <li key={s.node}>Stage {s.stage} “{s.label}” on <code>{s.model}</code>: {s.params.trainable.toLocaleString('en-US')} trainable of {s.params.total.toLocaleString('en-US')} parameters · cache {s.cache.enabled ? 'on' : 'off'} ({s.cache.reason})</li>
            ))}
          </ul>
          <pre data-testid="plan-json">{JSON.stringify(compiled.plan, null, 2)}</pre>
        </div>
      ) : (
        <p className={styles.bad}>No plan: the graph has errors. Open the problems list to fix them.</p>
      )}
    </>
  );
}
