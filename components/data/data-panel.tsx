'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import {
  addClass, addSamples, createWebcamDataset, deleteSamples, dropClass, getDataset, previewSamples, refOf, renameClass, rgbToRgba, squarePixels,
} from '@/lib/runtime/browser/client';
import type { DatasetSummary, StoredDataset, StoredSample } from '@/lib/runtime/browser/client';
import type { GraphNode } from '@/lib/graph/schema';
import { useEditor, useEditorStoreApi, useStoredDatasets } from '../editor-context';
import { filesFromDrop, filesFromInput } from './files';
import { syncRefs, useDatasetActions } from './use-datasets';
import { warningsOf } from './warnings';
import styles from './data.module.css';

const PER_CLASS = 24;

function RgbCanvas({ sample, size }: { sample: StoredSample; size: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    c.width = size;
    c.height = size;
    c.getContext('2d')!.putImageData(new ImageData(rgbToRgba(sample.pixels), size, size), 0, 0);
  }, [sample, size]);
  return <canvas ref={ref} className={styles.image} aria-label={sample.id} />;
}

/** Folder and zip pickers; also a drop zone. Used for adding, replacing and relinking images. */
export function ImagePicker({ nodeId, label }: { nodeId: string; label: string }) {
  const actions = useDatasetActions();
  const zip = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [over, setOver] = useState(false);
  // An empty folder still goes through: the import says what to do with it.
  const run = async (files: ReturnType<typeof filesFromInput> | null) => {
    if (!files) return;
    setBusy(true);
    try { await actions.addImages(nodeId, files); } finally { setBusy(false); }
  };
  return (
    <div
      className={`${styles.drop} ${over ? styles.over : ''}`}
      onDragOver={(e) => { if ([...e.dataTransfer.types].includes('Files')) { e.preventDefault(); e.stopPropagation(); setOver(true); } }}
      onDragLeave={() => setOver(false)}
      onDrop={async (e) => { if (![...e.dataTransfer.types].includes('Files')) return; e.preventDefault(); e.stopPropagation(); setOver(false); await run(await filesFromDrop(e.dataTransfer)); }}
    >
      <span>{busy ? 'Reading images…' : label}</span>
      <label className={styles.button}>
        Pick a folder
        <input
          type="file" multiple data-testid="dataset-upload" hidden disabled={busy}
          {...{ webkitdirectory: '', directory: '' }}
          onChange={async (e) => { const files = filesFromInput(e.target.files); e.target.value = ''; await run(files); }}
        />
      </label>
      <button type="button" className={styles.button} disabled={busy} onClick={() => zip.current?.click()}>Pick a .zip</button>
      <input ref={zip} type="file" accept=".zip,application/zip" data-testid="dataset-upload-zip" hidden onChange={async (e) => { const files = filesFromInput(e.target.files); e.target.value = ''; await run(files); }} />
    </div>
  );
}

function useDataset(summary: DatasetSummary | undefined, perClass: number) {
  const [state, setState] = useState<{ key: string; dataset: StoredDataset | undefined; samples: StoredSample[] } | null>(null);
  const key = summary ? `${summary.id}@${summary.updatedAt}:${perClass}` : '';
  useEffect(() => {
    if (!summary) return;
    let live = true;
    void Promise.all([getDataset(summary.id), previewSamples(summary.id, perClass)]).then(([dataset, samples]) => { if (live) setState({ key, dataset, samples }); });
    return () => { live = false; };
    // the key names the summary's version
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  // While a new version loads, keep showing the last one of the same dataset (the webcam stays on).
  return state && summary && state.key.startsWith(`${summary.id}@`) ? state : null;
}

function ClassHeader({ ds, cls, count, onError }: { ds: StoredDataset; cls: string; count: number; onError(msg: string): void }) {
  const store = useEditorStoreApi();
  const [name, setName] = useState(cls);
  const commit = async () => {
    if (name.trim() === cls) return;
    try { syncRefs(store, await renameClass(ds.id, cls, name)); } catch (err) { onError(`Not renamed: ${err instanceof Error ? err.message : String(err)}.`); setName(cls); }
  };
  return (
    <div className={styles.classHead}>
      <input className={styles.className} aria-label={`Name of class ${cls}`} value={name} onChange={(e) => setName(e.target.value)} onBlur={commit} onKeyDown={(e) => { if (e.key === 'Enter') (e.target as HTMLInputElement).blur(); }} data-testid={`class-name-${cls}`} />
      <span className={styles.count} data-testid={`class-count-${cls}`}>{count}</span>
      <button type="button" className={styles.small} onClick={async () => {
        if (!window.confirm(`Drop the class "${cls}" and its ${count} images from this dataset?`)) return;
        try { syncRefs(store, await dropClass(ds.id, cls)); } catch (err) { onError(String(err)); }
      }}>Drop class</button>
    </div>
  );
}

function Webcam({ ds }: { ds: StoredDataset }) {
  const store = useEditorStoreApi();
  const video = useRef<HTMLVideoElement>(null);
  const [on, setOn] = useState(false);
  const [recording, setRecording] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const frames = useRef<Uint8Array[]>([]);
  useEffect(() => {
    if (!on) return;
    let stream: MediaStream | null = null;
    let stopped = false;
    navigator.mediaDevices?.getUserMedia({ video: { width: 320, height: 240 } })
      .then(async (s) => { stream = s; if (stopped) { s.getTracks().forEach((t) => t.stop()); return; } video.current!.srcObject = s; await video.current!.play(); })
      .catch((err: unknown) => { setError(`The webcam could not start (${err instanceof Error ? err.message : String(err)}): allow camera access for this page.`); setOn(false); });
    return () => { stopped = true; stream?.getTracks().forEach((t) => t.stop()); };
  }, [on]);
  useEffect(() => {
    if (!recording) return;
    const t = setInterval(() => {
      const v = video.current;
      if (v && v.readyState >= 2) frames.current.push(squarePixels(v, v.videoWidth, v.videoHeight, ds.size));
    }, 120);
    return () => clearInterval(t);
  }, [recording, ds.size]);
  const stop = useCallback(async () => {
    const cls = recording;
    setRecording(null);
    const got = frames.current;
    frames.current = [];
    if (!cls || !got.length) return;
    try {
      syncRefs(store, await addSamples(ds.id, cls, got));
    } catch (err) {
      setError(`The ${got.length} frames of “${cls}” could not be saved (${err instanceof Error ? err.message : String(err)}): record them again.`);
    }
  }, [recording, ds.id, store]);
  return (
    <div className={styles.webcam}>
      <video ref={video} className={styles.video} muted playsInline />
      <div className={styles.recorders}>
        <button type="button" className={styles.button} onClick={() => setOn(!on)} data-testid="webcam-record-toggle">{on ? 'Stop the camera' : 'Start the camera'}</button>
        {on && ds.classes.map((c) => (
          <button key={c} type="button" className={`${styles.button} ${recording === c ? styles.recording : ''}`} data-testid={`record-${c}`}
            onPointerDown={(e) => { e.currentTarget.setPointerCapture(e.pointerId); frames.current = []; setRecording(c); }}
            onPointerUp={stop} onLostPointerCapture={() => { if (recording === c) void stop(); }}>
            {recording === c ? `Recording “${c}”…` : `Hold to record “${c}”`}
          </button>
        ))}
        {error && <p className={styles.error}>{error}</p>}
      </div>
    </div>
  );
}

function NewClass({ ds }: { ds: StoredDataset }) {
  const store = useEditorStoreApi();
  const [name, setName] = useState('');
  return (
    <form className={styles.row} onSubmit={async (e) => {
      e.preventDefault();
      try { syncRefs(store, await addClass(ds.id, name)); setName(''); } catch (err) { store.getState().notify({ kind: 'error', text: `No class added: ${err instanceof Error ? err.message : String(err)}.` }); }
    }}>
      <input className={styles.className} placeholder="new class name" value={name} onChange={(e) => setName(e.target.value)} aria-label="New class name" />
      <button type="submit" className={styles.small} disabled={!name.trim()}>Add class</button>
    </form>
  );
}

/** The stored images of one dataset node: counts, warnings, skipped files, samples per class. */
function Preview({ node, summary }: { node: GraphNode; summary: DatasetSummary }) {
  const store = useEditorStoreApi();
  const [perClass, setPerClass] = useState(PER_CLASS);
  const got = useDataset(summary, perClass);
  const [error, setError] = useState<string | null>(null);
  const warnings = warningsOf(summary.counts);
  return (
    <div className={styles.preview} data-testid="dataset-preview">
      <div className={styles.summary}>
        <strong data-testid="dataset-total">{summary.total} images</strong> in {summary.classes.length} classes · kept at {summary.size}×{summary.size} · fed at {String(node.params.imageSize)} px · <span title={summary.hash} data-testid="dataset-hash">{summary.hash.slice(7, 19)}</span>
        {summary.source === 'images' && <ImagePicker nodeId={node.id} label="Replace: drop another folder or .zip here" />}
      </div>
      {warnings.map((w) => <p key={w} className={styles.warn}>{w}</p>)}
      {error && <p className={styles.error} role="alert">{error}</p>}
      {summary.skipped.length > 0 && (
        <details className={styles.skipped} open={summary.skipped.length <= 10}>
          <summary>{summary.skipped.length} file{summary.skipped.length > 1 ? 's' : ''} skipped</summary>
          <ul data-testid="dataset-skipped">{summary.skipped.map((s) => <li key={s.file}><code>{s.file}</code>: {s.reason}</li>)}</ul>
        </details>
      )}
      {got?.dataset && summary.source === 'webcam' && <Webcam ds={got.dataset} />}
      {got?.dataset && got.dataset.classes.map((cls) => (
        <section key={cls} className={styles.cls}>
          <ClassHeader key={`${cls}@${summary.updatedAt}`} ds={got.dataset!} cls={cls} count={summary.counts[cls] ?? 0} onError={setError} />
          <div className={styles.grid}>
            {got.samples.filter((s) => s.cls === cls).map((s) => (
              <figure key={s.id} className={styles.sample} title={s.id}>
                <RgbCanvas sample={s} size={got.dataset!.size} />
                <button type="button" aria-label={`Delete ${s.id}`} className={styles.del} data-testid="sample-delete"
                  onClick={async () => { try { syncRefs(store, await deleteSamples(got.dataset!.id, [s.id])); } catch (err) { setError(String(err)); } }}>×</button>
              </figure>
            ))}
            {(summary.counts[cls] ?? 0) > perClass && (
              <button type="button" className={styles.more} onClick={() => setPerClass(Math.max(...Object.values(summary.counts)))}>
                +{(summary.counts[cls] ?? 0) - perClass} more: show all
              </button>
            )}
          </div>
        </section>
      ))}
      {got?.dataset && summary.source === 'webcam' && <NewClass ds={got.dataset} />}
    </div>
  );
}

/** The Data panel: the images behind the selected (or first) images/webcam dataset node. */
export function DataPanel() {
  const store = useEditorStoreApi();
  const all = useEditor((s) => s.graph.nodes);
  const nodes = all.filter((n) => n.type === 'dataset' && (n.params.source === 'images' || n.params.source === 'webcam'));
  const selected = useEditor((s) => s.selection.nodes);
  const stored = useStoredDatasets();
  const node = nodes.find((n) => selected.includes(n.id)) ?? nodes[0];
  if (!node) {
    return <p className={styles.empty}>Add a Dataset node and set its source to <strong>images</strong> (a folder or .zip with one sub-folder per class) or <strong>webcam</strong> to see its samples here.</p>;
  }
  const ref = node.params.ref as { id: string; classes: string[] } | null;
  const summary = ref ? stored.items.find((d) => d.id === ref.id) : undefined;
  const chooser = nodes.length > 1 && (
    <select aria-label="Dataset node" value={node.id} onChange={(e) => store.getState().select([e.target.value])}>
      {nodes.map((n) => <option key={n.id} value={n.id}>{n.id}</option>)}
    </select>
  );
  if (stored.error) return <p className={styles.error}>Stored datasets are unavailable: {stored.error}</p>;
  if (!stored.loaded) return <p className={styles.empty}>Opening the browser’s storage…</p>;
  let body;
  if (summary) body = <Preview node={node} summary={summary} />;
  else if (ref) {
    body = (
      <div className={styles.missing} data-testid="dataset-missing">
        <p><strong>Missing data.</strong> The images of “{node.id}” (classes {ref.classes.map((c) => `“${c}”`).join(', ')}) are not stored in this browser. Everything else in the graph still works.</p>
        {node.params.source === 'images' ? <ImagePicker nodeId={node.id} label="Drop the folder here to relink" /> : <p>Import the project’s .graft.zip to bring the recorded samples back.</p>}
      </div>
    );
  } else if (node.params.source === 'images') {
    body = <ImagePicker nodeId={node.id} label="No images yet: drop a folder (one sub-folder per class) or a .zip here" />;
  } else {
    const classes = (node.params.classes as string[] | null) ?? ['class 1', 'class 2'];
    body = (
      <p className={styles.empty}>
        No samples yet. <button type="button" className={styles.button} data-testid="webcam-create" onClick={async () => {
          const ds = await createWebcamDataset(`${store.getState().graph.meta.title} · ${node.id}`, classes, Number(node.params.imageSize ?? 96));
          store.getState().updateParams(node.id, { ...node.params, ref: refOf(ds), classes: null });
        }}>Start recording classes {classes.map((c) => `“${c}”`).join(', ')}</button>
      </p>
    );
  }
  return <div className={styles.panel}>{chooser}<h4>{node.id} · {String(node.params.source)}</h4>{body}</div>;
}

/** The inspector's view of a dataset node's stored images: what is there, and where to manage it. */
export function DatasetField({ node }: { node: GraphNode }) {
  const store = useEditorStoreApi();
  const stored = useStoredDatasets();
  const ref = node.params.ref as { id: string; classes: string[] } | null;
  const summary = ref ? stored.items.find((d) => d.id === ref.id) : undefined;
  const open = () => { store.getState().select([node.id]); store.getState().showPanel('data'); };
  return (
    <div className={styles.field}>
      {summary ? <span>{summary.total} images · {summary.classes.map((c) => `${c} ${summary.counts[c]}`).join(' · ')}</span>
        : ref && stored.loaded ? <span className={styles.error}>Missing in this browser: relink it in the Data panel.</span>
        : <span className={styles.muted}>{node.params.source === 'images' ? 'No images yet.' : 'No samples yet.'}</span>}
      <button type="button" className={styles.small} onClick={open} data-testid="open-data-panel">{node.params.source === 'images' ? (summary ? 'Preview, edit or replace' : 'Add images') : 'Record samples'}</button>
    </div>
  );
}
