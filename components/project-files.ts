'use client';

import { parseGraphText } from '@/lib/graph/parse';
import { serializeGraph } from '@/lib/graph/serialize';
import { exportBundle, importBundle, isZip, libraryIdFor } from '@/lib/runtime/browser/client';
import type { EditorStoreApi } from '@/lib/store/editor-store';

export function saveFile(name: string, data: Blob) {
  const url = URL.createObjectURL(data);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file name from a graph's title: "My patterns" → my-patterns.graft.json. */
export const fileNameFor = (title: string) => `${title.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'graph'}.graft.json`;

export const bundleNameFor = (title: string) => fileNameFor(title).replace(/\.graft\.json$/, '.graft.zip');

/** Opens a dropped or picked file: a `.graft.json` graph, or a `.graft.zip` project bundle. */
export async function importFile(file: File, store: EditorStoreApi) {
  const notify = store.getState().notify;
  if (/\.zip$/i.test(file.name) || (await isZip(file))) {
    try {
      notify({ kind: 'info', text: `Opening ${file.name}…` });
      const { graphText, datasets, models } = await importBundle(file, (text) => notify({ kind: 'info', text }),
        (what) => window.confirm(`This bundle replaces what this browser stores under the same names:\n\n• ${what.join('\n• ')}\n\nReplace them?`));
      if (store.getState().loadParsed(parseGraphText(graphText), file.name)) {
        notify({ kind: 'info', text: `Opened ${file.name}: the graph, ${datasets.length} image dataset${datasets.length === 1 ? '' : 's'} and ${models.length} trained model${models.length === 1 ? '' : 's'} are now in this browser.` });
      }
    } catch (err) {
      notify({ kind: 'error', text: `${file.name} could not be imported: ${err instanceof Error ? err.message : String(err)} Your graph is unchanged.` });
    }
    return;
  }
  if (file.size > 5 * 1024 * 1024) { notify({ kind: 'error', text: `${file.name} is over 5 MB: it is not a graph. Your graph is unchanged.` }); return; }
  let json: unknown;
  try {
    json = JSON.parse(await file.text());
  } catch {
    notify({ kind: 'error', text: `${file.name} is not valid JSON, so it is not a .graft.json graph. Your graph is unchanged.` });
    return;
  }
  store.getState().load(json, file.name);
}

/** Downloads a `.graft.zip`: the graph, the stored images of its datasets, and its models. */
export async function exportProject(store: EditorStoreApi) {
  const { graph, notify } = store.getState();
  const datasets = graph.nodes.map((n) => (n.type === 'dataset' ? (n.params.ref as { id?: string } | null)?.id : undefined)).filter((x): x is string => !!x);
  const models = graph.nodes.flatMap((n) => {
    if (n.type === 'pretrained-base' && n.params.source === 'library' && typeof n.params.libraryId === 'string') return [n.params.libraryId];
    if (n.type === 'export' && n.params.saveToLibrary !== false && typeof n.params.name === 'string') return [libraryIdFor(n.params.name)];
    return [];
  });
  try {
    notify({ kind: 'info', text: 'Packing the bundle…' });
    const out = await exportBundle(serializeGraph(graph), { datasets: [...new Set(datasets)], models: [...new Set(models)] }, (text) => notify({ kind: 'info', text }));
    saveFile(bundleNameFor(graph.meta.title), out.blob);
    store.getState().markSaved();
    notify({ kind: 'info', text: `Bundle saved (${(out.blob.size / 1024 ** 2).toFixed(1)} MB): the graph, ${out.datasets.length} image dataset${out.datasets.length === 1 ? '' : 's'} and ${out.models.length} trained model${out.models.length === 1 ? '' : 's'}.` });
  } catch (err) {
    notify({ kind: 'error', text: `The bundle could not be made: ${err instanceof Error ? err.message : String(err)}.` });
  }
}
