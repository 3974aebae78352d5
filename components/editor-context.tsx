'use client';

import { createContext, useContext, useDeferredValue, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import { compile } from '@/lib/compiler/compile';
import type { CompileResult } from '@/lib/compiler/plan';
import type { Catalog } from '@/lib/catalog/types';
import { createEditorStore } from '@/lib/store/editor-store';
import type { EditorStore, EditorStoreApi } from '@/lib/store/editor-store';
import type { GraphDocument } from '@/lib/graph/schema';
import { listDatasets, listLibrary, onDatasetsChange, onLibraryChange } from '@/lib/runtime/browser/client';
import type { DatasetSummary, LibrarySummary } from '@/lib/runtime/browser/client';

const StoreContext = createContext<EditorStoreApi | null>(null);
const CatalogContext = createContext<Catalog | null>(null);
/** A list kept in this browser's storage, reloaded when any tab or worker changes it. */
export interface StoredList<T> { items: T[]; loaded: boolean; error: string | null }
const NOTHING_YET = { items: [], loaded: false, error: null };
const LibraryContext = createContext<StoredList<LibrarySummary>>(NOTHING_YET);
const DatasetsContext = createContext<StoredList<DatasetSummary>>(NOTHING_YET);

function useStoredList<T>(load: () => Promise<T[]>, onChange: (callback: () => void) => () => void): StoredList<T> {
  const [list, setList] = useState<StoredList<T>>(NOTHING_YET);
  useEffect(() => {
    let live = true;
    const reload = () => load()
      .then((items) => { if (live) setList({ items, loaded: true, error: null }); })
      .catch((err: unknown) => { if (live) setList({ items: [], loaded: false, error: err instanceof Error ? err.message : String(err) }); });
    void reload();
    const off = onChange(() => void reload());
    return () => { live = false; off(); };
  }, [load, onChange]);
  return list;
}

/** Holds one editor store for the page (zustand's Next.js pattern) and the catalog of bases. */
export function EditorProvider({ children, store: given, catalog: givenCatalog }: { children: ReactNode; store?: EditorStoreApi; catalog?: Catalog }) {
  const [store] = useState<EditorStoreApi>(() => given ?? createEditorStore());
  const [catalog, setCatalog] = useState<Catalog | null>(givenCatalog ?? null);
  useEffect(() => {
    if (givenCatalog) return;
    let live = true;
    fetch('/models/catalog.json')
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then((c: Catalog) => { if (live) setCatalog(c); })
      .catch((err: unknown) => store.getState().notify({ kind: 'error', text: `The catalog of bases could not load (${String(err)}): run npm run prepare-assets and reload.` }));
    return () => { live = false; };
  }, [givenCatalog, store]);
  // Models saved in this browser's library are bases like any other (source "library"), and
  // the compiler reports a dataset node whose stored images are missing.
  const library = useStoredList(listLibrary, onLibraryChange);
  const stored = useStoredList(listDatasets, onDatasetsChange);
  const merged = useMemo(
    () => (catalog ? {
      ...catalog,
      library: { ...catalog.library, ...Object.fromEntries(library.items.map((m) => [m.id, m.entry])) },
      // Until storage has answered, references are not checked (no false "missing" flash).
      stored: stored.loaded ? Object.fromEntries(stored.items.map((d) => [d.id, { hash: d.hash, classes: d.classes, size: d.size }])) : catalog.stored,
    } : null),
    [catalog, library, stored],
  );
  return (
    <StoreContext.Provider value={store}>
      <CatalogContext.Provider value={merged}>
        <LibraryContext.Provider value={library}>
          <DatasetsContext.Provider value={stored}>{children}</DatasetsContext.Provider>
        </LibraryContext.Provider>
      </CatalogContext.Provider>
    </StoreContext.Provider>
  );
}

export function useEditorStoreApi(): EditorStoreApi {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useEditor must be used inside <EditorProvider>');
  return store;
}

export function useEditor<T>(selector: (s: EditorStore) => T): T {
  return useStore(useEditorStoreApi(), selector);
}

export function useStoredDatasets() {
  return useContext(DatasetsContext);
}

export function useLibrary() {
  return useContext(LibraryContext);
}

export function useCatalog(): Catalog | null {
  return useContext(CatalogContext);
}

const EMPTY: CompileResult = { plan: null, diagnostics: [], nodes: {} };

/**
 * Diagnostics and node info, derived by compiling the graph (never stored twice). The graph is
 * deferred, so compiling never sits on the typing or dragging path.
 */
export function useCompiled(): CompileResult {
  const graph = useDeferredValue(useEditor((s) => s.graph));
  const catalog = useCatalog();
  const compiledFor = useCompileKey(graph);
  return useMemo(() => (catalog ? compile(compiledFor, catalog) : EMPTY), [compiledFor, catalog]);
}

/** Positions do not change a plan: moving nodes keeps the last graph that was compiled. */
function sameButPositions(a: GraphDocument, b: GraphDocument): boolean {
  return a.edges === b.edges && a.meta === b.meta && a.nodes.length === b.nodes.length
    && a.nodes.every((n, i) => { const m = b.nodes[i]!; return n.id === m.id && n.type === m.type && n.typeVersion === m.typeVersion && n.params === m.params; });
}

function useCompileKey(graph: GraphDocument): GraphDocument {
  const [key, setKey] = useState(graph);
  const keep = key === graph || sameButPositions(key, graph);
  if (!keep) setKey(graph);
  return keep ? key : graph;
}
