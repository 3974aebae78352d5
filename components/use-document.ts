'use client';

import { useEffect } from 'react';
import { parseGraphText } from '@/lib/graph/parse';
import { serializeGraph } from '@/lib/graph/serialize';
import { graphFromHash } from '@/lib/graph/share';
import type { Clipboard } from '@/lib/graph/edit';
import { hasUnsavedWork } from '@/lib/store/editor-store';
import { runSummary } from '@/lib/store/run-state';
import type { EditorStoreApi } from '@/lib/store/editor-store';

export const AUTOSAVE_KEY = 'graft.autosave.v1';

const inField = (e: Event) => {
  const t = e.target as HTMLElement | null;
  return !!t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
};

/**
 * The document's life in the browser: restore the autosave, open a shared link (asking before
 * replacing unsaved work), autosave every change, keyboard shortcuts, clipboard, and the
 * window.graft hooks for automation (DESIGN §8).
 */
export function useDocument(store: EditorStoreApi) {
  useEffect(() => {
    const s = store.getState();
    const saved = localStorage.getItem(AUTOSAVE_KEY);
    if (saved) {
      const r = parseGraphText(saved);
      if (r.graph) {
        s.loadParsed(r, 'your last session');
        s.notify(null);
        store.setState({ past: [], future: [], savedAs: saved });
      }
    }
    const openHash = () => {
      const shared = graphFromHash(location.hash);
      if (!shared) return;
      const st = store.getState();
      if (hasUnsavedWork(st) && !window.confirm('Open the graph from this link? It replaces the graph you are editing (Undo brings it back).')) return;
      if (st.loadParsed(shared, 'the shared link')) history.replaceState(null, '', location.pathname);
    };
    openHash();
    window.addEventListener('hashchange', openHash);

    let timer: ReturnType<typeof setTimeout> | undefined;
    const save = () => { timer = undefined; localStorage.setItem(AUTOSAVE_KEY, serializeGraph(store.getState().graph)); };
    const unsubscribe = store.subscribe((state, prev) => {
      if (state.graph === prev.graph) return;
      clearTimeout(timer);
      timer = setTimeout(save, 300);
    });
    // A reload or a closed tab within the debounce still saves the last change.
    const flush = () => { if (timer !== undefined) { clearTimeout(timer); save(); } };
    window.addEventListener('pagehide', flush);

    const onKey = (e: KeyboardEvent) => {
      if (inField(e)) return;
      const mod = e.ctrlKey || e.metaKey;
      const st = store.getState();
      if (mod && e.key.toLowerCase() === 'z') { e.preventDefault(); if (e.shiftKey) st.redo(); else st.undo(); }
      else if (mod && e.key.toLowerCase() === 'y') { e.preventDefault(); st.redo(); }
      else if (mod && e.key.toLowerCase() === 'd') { e.preventDefault(); st.duplicate(); }
      else if (mod && e.key.toLowerCase() === 'a') { e.preventDefault(); st.select(st.graph.nodes.map((n) => n.id)); }
      else if (e.key === 'Escape') st.select([]);
    };
    const onCopy = (e: ClipboardEvent) => {
      if (inField(e)) return;
      const clip = store.getState().copy();
      if (!clip || !e.clipboardData) return;
      e.clipboardData.setData('text/plain', JSON.stringify(clip));
      e.preventDefault();
    };
    const onPaste = (e: ClipboardEvent) => {
      if (inField(e)) return;
      const text = e.clipboardData?.getData('text/plain');
      if (!text) return;
      let json: { format?: string } | null = null;
      try { json = JSON.parse(text); } catch { return; }
      e.preventDefault();
      const st = store.getState();
      if (json?.format === 'graft.clipboard') st.paste(json as Clipboard);
      else if (json?.format === 'graft.graph') {
        if (hasUnsavedWork(st) && !window.confirm('Replace the graph you are editing with the pasted one? (Undo brings it back.)')) return;
        st.load(json, 'the pasted graph');
      } else st.notify({ kind: 'error', text: 'The clipboard holds JSON that is neither Graft nodes nor a graph; nothing was pasted.' });
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('copy', onCopy);
    window.addEventListener('paste', onPaste);

    (window as unknown as { graft: object }).graft = {
      getGraph: () => JSON.parse(serializeGraph(store.getState().graph)),
      loadGraph: (json: unknown) => store.getState().load(typeof json === 'string' ? JSON.parse(json) : json, 'window.graft.loadGraph'),
      getRunState: () => runSummary(store.getState().run),
    };
    return () => {
      unsubscribe();
      flush();
      window.removeEventListener('pagehide', flush);
      clearTimeout(timer);
      window.removeEventListener('hashchange', openHash);
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('copy', onCopy);
      window.removeEventListener('paste', onPaste);
    };
  }, [store]);
}
