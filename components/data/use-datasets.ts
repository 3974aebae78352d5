'use client';

import { useMemo } from 'react';
import { DatasetImportError, importImages, refOf } from '@/lib/runtime/browser/client';
import type { InputFile, StoredDataset } from '@/lib/runtime/browser/client';
import type { EditorStoreApi } from '@/lib/store/editor-store';
import { useCatalog, useEditorStoreApi } from '../editor-context';

/** Points every dataset node that refers to `ds` at its current contents (classes, counts, hash). */
export function syncRefs(store: EditorStoreApi, ds: StoredDataset) {
  const ref = refOf(ds);
  for (const n of store.getState().graph.nodes) {
    const cur = n.params.ref as { id?: string } | null | undefined;
    if (n.type !== 'dataset' || cur?.id !== ds.id) continue;
    const classes = n.params.classes as string[] | null | undefined;
    // A class filter that names classes the dataset no longer has is dropped (all classes train).
    const keep = classes && classes.every((c) => ds.classes.includes(c)) ? classes : null;
    store.getState().updateParams(n.id, { ...n.params, ref, classes: keep });
  }
}

export interface DatasetActions {
  /** Adds a folder's (or zip's) images to a dataset node: stores them, or relinks a missing dataset. */
  addImages(nodeId: string, files: InputFile[]): Promise<boolean>;
}

export function useDatasetActions(): DatasetActions {
  const store = useEditorStoreApi();
  const catalog = useCatalog();
  return useMemo<DatasetActions>(() => ({
    async addImages(nodeId, files) {
      const s = store.getState();
      const node = s.graph.nodes.find((n) => n.id === nodeId);
      if (!node || node.type !== 'dataset') return false;
      const ref = node.params.ref as { id: string; classes: string[]; hash: string } | null;
      if (ref && !catalog?.stored) {
        s.notify({ kind: 'error', text: 'The browser’s storage has not answered yet, so these images cannot be checked against the stored ones: try again in a moment. Nothing was changed.' });
        return false;
      }
      const storedHere = !!(ref && catalog?.stored?.[ref.id]);
      const relink = !!ref && !storedHere && !!catalog?.stored;
      if (ref && storedHere && !window.confirm(`Replace the images stored for "${nodeId}" with these ${files.length} files? The current ones are deleted once the new ones are read.`)) return false;
      const name = `${s.graph.meta.title} · ${nodeId}`;
      let last = 0;
      try {
        const { dataset, skipped } = await importImages(files, {
          id: ref?.id, name, imageSize: Number(node.params.imageSize ?? 96), expectClasses: relink ? ref!.classes : undefined,
          onProgress: (done, total) => {
            if (Date.now() - last < 300 && done < total) return;
            last = Date.now();
            store.getState().notify({ kind: 'info', text: `Reading images… ${done} of ${total}` });
          },
        });
        if (node.params.source !== 'images') store.getState().updateParams(nodeId, { ...node.params, source: 'images' });
        const fresh = store.getState().graph.nodes.find((n) => n.id === nodeId)!;
        store.getState().updateParams(nodeId, { ...fresh.params, ref: refOf(dataset), classes: relink ? fresh.params.classes : null });
        const n = Object.keys(dataset.index).length;
        const same = relink && ref!.hash === dataset.hash;
        store.getState().notify({
          kind: 'info',
          text: `${relink ? `Relinked "${nodeId}"${same ? ' (same images as when the graph was saved)' : ' — the class names match, but the images differ from the ones the graph was saved with'}: ` : ''}${n} images in ${dataset.classes.length} classes (${dataset.classes.join(', ')})${skipped.length ? `; ${skipped.length} file${skipped.length > 1 ? 's' : ''} skipped` : ''}.`,
          details: skipped.map((x) => `${x.file}: ${x.reason}`),
        });
        store.getState().showPanel('data');
        return true;
      } catch (err) {
        const e = err instanceof DatasetImportError ? err : null;
        store.getState().notify({
          kind: 'error',
          text: e ? `${e.message} Nothing stored was changed.` : `The images could not be stored: ${err instanceof Error ? err.message : String(err)}. Nothing stored was changed.`,
          details: e?.skipped.map((x) => `${x.file}: ${x.reason}`),
        });
        return false;
      }
    },
  }), [store, catalog]);
}
