'use client';

import { useEffect } from 'react';
import dynamic from 'next/dynamic';
import { EditorProvider, useEditor, useEditorStoreApi } from './editor-context';
import { Palette } from './palette';
import { Inspector } from './inspector';
import { BottomPanel, ExamplesDialog, Toolbar } from './toolbar';
import { useDocument } from './use-document';
import { RunnerProvider } from './runner';
import { RunControls } from './run/run-controls';
import { Dashboard } from './run/dashboard';
import styles from './editor-shell.module.css';

const Canvas = dynamic(() => import('./canvas'), { ssr: false });

function Notice() {
  const store = useEditorStoreApi();
  const notice = useEditor((s) => s.notice);
  // Information fades after a while; errors stay until dismissed or replaced.
  useEffect(() => {
    if (notice?.kind !== 'info' || notice.details?.length) return;
    const t = setTimeout(() => { if (store.getState().notice === notice) store.getState().notify(null); }, 6000);
    return () => clearTimeout(t);
  }, [notice, store]);
  if (!notice) return null;
  return (
    <div className={`${styles.notice} ${notice.kind === 'error' ? styles.noticeError : ''}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
      <div>
        {notice.text}
        {notice.details && notice.details.length > 0 && (
          <ul>{notice.details.slice(0, 8).map((d, i) => <li key={i}>{d}</li>)}{notice.details.length > 8 && <li>… and {notice.details.length - 8} more</li>}</ul>
        )}
      </div>
      <button type="button" aria-label="Dismiss" onClick={() => store.getState().notify(null)}>×</button>
    </div>
  );
}

/** Full screen for talks: the canvas beside large live charts and the latest accuracy. */
function Present() {
  const store = useEditorStoreApi();
  const title = useEditor((s) => s.graph.meta.title);
  const evaluation = useEditor((s) => s.run.evaluations[0]);
  useEffect(() => {
    document.documentElement.requestFullscreen?.().catch(() => {});
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') store.getState().setPresenting(false); };
    const onFs = () => { if (!document.fullscreenElement) store.getState().setPresenting(false); };
    window.addEventListener('keydown', onKey);
    document.addEventListener('fullscreenchange', onFs);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('fullscreenchange', onFs);
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
    };
  }, [store]);
  return (
    <div className={`${styles.shell} ${styles.presenting}`} data-testid="present-view">
      <header className={styles.header}>
        <span className={styles.logo} aria-hidden>◆</span>
        <h1 className={styles.presentTitle}>{title}</h1>
        <RunControls />
        <button type="button" className={styles.leave} onClick={() => store.getState().setPresenting(false)}>Leave (Esc)</button>
      </header>
      <Notice />
      <div className={styles.presentBody}>
        <div className={styles.canvas} data-testid="canvas"><Canvas /></div>
        <aside className={styles.presentSide}>
          {evaluation && <div className={styles.presentAccuracy}>{evaluation.split} accuracy <strong>{(evaluation.accuracy * 100).toFixed(1)}%</strong></div>}
          <Dashboard large />
        </aside>
      </div>
    </div>
  );
}

function Editor() {
  const store = useEditorStoreApi();
  useDocument(store);
  const empty = useEditor((s) => s.graph.nodes.length === 0);
  const presenting = useEditor((s) => s.presenting);
  if (presenting) return <Present />;
  return (
    <div className={styles.shell}>
      <header className={styles.header}>
        <span className={styles.logo} aria-hidden>◆</span>
        <h1 className={styles.title}>Graft</h1>
        <Toolbar />
      </header>
      <Notice />
      <div className={styles.body}>
        <Palette />
        <main className={styles.main}>
          <div className={styles.canvas} data-testid="canvas">
            <Canvas />
            {empty && (
              <p className={styles.empty}>
                Start from an <button type="button" className={styles.link} onClick={() => store.getState().setPanel('examples')}>example</button>, or click nodes in the palette and connect an output (right) to an input (left) of the same colour.
              </p>
            )}
          </div>
          <BottomPanel />
        </main>
        <Inspector />
      </div>
      <ExamplesDialog />
    </div>
  );
}

/** The editor page: palette, canvas, inspector, problems and plan, and training in the browser. */
export function EditorShell() {
  return (
    <EditorProvider>
      <RunnerProvider>
        <Editor />
      </RunnerProvider>
    </EditorProvider>
  );
}
