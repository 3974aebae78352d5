'use client';

import { deleteLibraryModel, getLibraryModel } from '@/lib/runtime/browser/client';
import type { LibrarySummary } from '@/lib/runtime/browser/client';
import type { EditorStoreApi } from '@/lib/store/editor-store';
import { useEditor, useEditorStoreApi, useLibrary } from '../editor-context';
import { saveFile } from '../project-files';
import styles from './run.module.css';

const kb = (n: number) => `${(n / 1024).toLocaleString('en-US', { maximumFractionDigits: 0 })} KB`;

const save = (name: string, data: BlobPart, type: string) => saveFile(name, new Blob([data], { type }));

/** model.json and weights.bin, as tfjs' loaders expect them side by side. */
function downloadModel(modelJson: object, weightData: ArrayBuffer) {
  save('model.json', JSON.stringify(modelJson), 'application/json');
  setTimeout(() => save('weights.bin', weightData, 'application/octet-stream'), 300);
}

/** Adds a pretrained-base node that starts from a library model, cut before its classifier. */
export function addLibraryBase(store: EditorStoreApi, model: LibrarySummary) {
  const s = store.getState();
  const xs = s.graph.nodes.map((n) => n.position);
  const position = { x: xs.length ? Math.min(...xs.map((p) => p.x)) : 0, y: xs.length ? Math.max(...xs.map((p) => p.y)) + 220 : 0 };
  const id = s.addNode('pretrained-base', position);
  s.updateParams(id, { source: 'library', libraryId: model.id, cutAt: model.entry.defaultCutAt, pooling: 'none', inputSize: null });
  s.notify({ kind: 'info', text: `Added "${id}": ${model.name} from your library, cut at ${model.entry.defaultCutAt}. Connect it to a Freeze or a head.` });
  s.focusNode(id);
}

/** This run's exports (download) and the browser's model library (use as a base, download, delete). */
export function ModelsPanel() {
  const store = useEditorStoreApi();
  const exports = useEditor((s) => s.run.exports);
  const library = useLibrary();
  return (
    <div className={styles.models} data-testid="library-panel">
      <h4>Exported by the last run</h4>
      {exports.length === 0 && <p className={styles.sub}>Nothing yet: an Export node saves the trained model when the graph runs.</p>}
      {exports.map((x) => (
        <div key={x.node} className={styles.model} data-testid={`export-${x.node}`}>
          <strong>{x.name}</strong>
          <span className={styles.sub}>{kb(x.bytes)} of weights{x.quantize && x.quantize !== 'none' ? ` (${x.quantize})` : ''}{x.libraryId ? ` · saved to the library as “${x.libraryId}”` : ''}</span>
          {x.files && <button type="button" data-testid={`download-export-${x.node}`} onClick={() => downloadModel(x.files!.modelJson, x.files!.weightData)}>Download model.json + weights.bin</button>}
        </div>
      ))}
      <h4>Model library (this browser)</h4>
      {library.error && <p className={styles.wrong}>The library is unavailable: {library.error}</p>}
      {!library.error && library.items.length === 0 && <p className={styles.sub}>Empty. Models land here when an Export node with “save to library” runs.</p>}
      {library.items.map((m) => (
        <div key={m.id} className={styles.model} data-testid={`library-item-${m.id}`}>
          <strong>{m.name}</strong>
          <span className={styles.sub}>
            {m.classes ? `${m.classes.length} classes (${m.classes.join(', ')})` : 'no classes'} · input {m.entry.defaultInputSize}×{m.entry.defaultInputSize}×{m.entry.channels} · {kb(m.bytes)} · from “{m.from}” · {new Date(m.savedAt).toLocaleString()}
          </span>
          <button type="button" data-testid={`use-library-${m.id}`} onClick={() => addLibraryBase(store, m)}>Use as a base</button>
          <button type="button" onClick={async () => { const full = await getLibraryModel(m.id); if (full) downloadModel(full.modelJson, full.weightData); }}>Download</button>
          <button type="button" onClick={async () => {
            if (!window.confirm(`Delete “${m.name}” from this browser's library? Graphs that start from it will ask for another base.`)) return;
            await deleteLibraryModel(m.id);
            store.getState().notify({ kind: 'info', text: `Deleted “${m.name}” from the library.` });
          }}>Delete</button>
        </div>
      ))}
    </div>
  );
}
