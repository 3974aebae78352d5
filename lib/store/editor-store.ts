import { createStore } from 'zustand/vanilla';
import type { GraphDocument } from '@/lib/graph/schema';
import { emptyGraph, serializeGraph } from '@/lib/graph/serialize';
import { parseGraph } from '@/lib/graph/parse';
import type { ParseResult } from '@/lib/graph/parse';
import * as edit from '@/lib/graph/edit';
import type { Clipboard, Connection } from '@/lib/graph/edit';
import { autoLayout } from '@/lib/graph/layout';
import type { FromWorker } from '@/lib/runtime/browser/protocol';
import type { BackendChoice } from '@/lib/runtime/backend-choices';
import { idleRun, reduceRun } from './run-state';
import type { RunView } from './run-state';

const HISTORY_LIMIT = 200;
const PARAM_COALESCE_MS = 1000;

export type Notice = { kind: 'info' | 'error'; text: string; details?: string[] };

export type { RunView } from './run-state';

export interface GraphSlice {
  graph: GraphDocument;
  past: GraphDocument[];
  future: GraphDocument[];
  /** The serialized document last saved or loaded: when it differs from the graph, there is unsaved work. */
  savedAs: string;
}

export interface UiSlice {
  selection: { nodes: string[]; edges: string[] };
  notice: Notice | null;
  panel: 'diagnostics' | 'plan' | 'examples' | 'data' | 'dashboard' | 'evaluation' | 'predict' | 'library' | null;
  /** Full-screen view of the canvas and large charts, for talks. */
  presenting: boolean;
  /** A node to centre the view on (diagnostics panel); the canvas clears it. */
  focus: string | null;
}

export interface RunSlice {
  run: RunView;
}

export interface EditorActions {
  addNode(type: string, position: { x: number; y: number }): string;
  connect(c: Connection): boolean;
  updateParams(nodeId: string, params: Record<string, unknown>): void;
  /** Moves nodes; `commit` false while dragging (no history entry), true when the drag ends. */
  moveNodes(positions: Record<string, { x: number; y: number }>, commit: boolean): void;
  remove(nodeIds: string[], edgeIds: string[]): void;
  undo(): void;
  redo(): void;
  copy(): Clipboard | null;
  paste(clip: Clipboard): void;
  duplicate(): void;
  layout(sizes?: Record<string, { width: number; height: number }>): void;
  setTitle(title: string): void;
  /** Loads a document; on failure the current graph stays and the issues are shown. */
  load(input: unknown, source: string): boolean;
  loadParsed(result: ParseResult, source: string): boolean;
  markSaved(): void;
  select(nodes: string[], edges?: string[]): void;
  focusNode(id: string | null): void;
  notify(notice: Notice | null): void;
  /** Toggles a panel (a second click closes it). */
  setPanel(panel: UiSlice['panel']): void;
  showPanel(panel: UiSlice['panel']): void;
  /** A run starts (the worker has been sent the plan). */
  startRun(runId: number, title: string, thread: 'worker' | 'main'): void;
  runMessage(message: Extract<FromWorker, { runId: number }>): void;
  setRunStatus(status: RunView['status']): void;
  setBackendChoice(choice: BackendChoice): void;
  setPresenting(on: boolean): void;
}

export type EditorState = GraphSlice & UiSlice & RunSlice;
export type EditorStore = EditorState & EditorActions;

/** The editor's state: graph (with undo history), UI and run slices in one store. */
export function createEditorStore(initial: GraphDocument = emptyGraph()) {
  let dragStart: GraphDocument | null = null;
  let lastParamEdit: { nodeId: string; at: number; graph: GraphDocument | null } | null = null;
  return createStore<EditorStore>()((set, get) => {
    const commit = (next: GraphDocument, before = get().graph) => {
      if (next === before) return;
      set((s) => ({ graph: next, past: [...s.past, before].slice(-HISTORY_LIMIT), future: [] }));
    };
    return {
      graph: initial,
      past: [],
      future: [],
      savedAs: serializeGraph(initial),
      selection: { nodes: [], edges: [] },
      notice: null,
      panel: 'diagnostics',
      focus: null,
      presenting: false,
      run: idleRun(),

      addNode: (type, position) => {
        const node = edit.createNode(get().graph, type, position);
        commit(edit.addNode(get().graph, node));
        set({ selection: { nodes: [node.id], edges: [] } });
        return node.id;
      },
      connect: (c) => {
        const problem = edit.connectionProblem(get().graph, c);
        if (problem) {
          set({ notice: { kind: 'error', text: `Not connected: ${problem}` } });
          return false;
        }
        const { graph, replaced } = edit.connect(get().graph, c);
        commit(graph);
        if (replaced) set({ notice: { kind: 'info', text: `The ${c.targetPort} input of "${c.target}" takes one connection: it now comes from "${c.source}" instead of "${replaced.source}".` } });
        return true;
      },
      updateParams: (nodeId, params) => {
        // Typing into one node's field makes one undo step, not one per keystroke.
        const now = Date.now();
        const last = lastParamEdit;
        lastParamEdit = { nodeId, at: now, graph: null };
        const next = edit.updateParams(get().graph, nodeId, params);
        if (last && last.nodeId === nodeId && now - last.at < PARAM_COALESCE_MS && get().past.length && last.graph === get().graph) {
          set({ graph: next, future: [] });
        } else {
          commit(next);
        }
        lastParamEdit.graph = get().graph;
      },
      moveNodes: (positions, done) => {
        if (!dragStart) dragStart = get().graph;
        const next = edit.moveNodes(get().graph, positions);
        if (done) {
          const before = dragStart;
          dragStart = null;
          commit(next, before);
        } else {
          set({ graph: next });
        }
      },
      remove: (nodeIds, edgeIds) => {
        if (!nodeIds.length && !edgeIds.length) return;
        commit(edit.removeElements(get().graph, nodeIds, edgeIds));
        set((s) => ({ selection: { nodes: s.selection.nodes.filter((n) => !nodeIds.includes(n)), edges: [] } }));
      },
      undo: () => {
        const { past, graph, future } = get();
        if (!past.length) return;
        set({ graph: past[past.length - 1]!, past: past.slice(0, -1), future: [graph, ...future] });
      },
      redo: () => {
        const { past, graph, future } = get();
        if (!future.length) return;
        set({ graph: future[0]!, past: [...past, graph], future: future.slice(1) });
      },
      copy: () => {
        const { selection, graph } = get();
        return selection.nodes.length ? edit.copyNodes(graph, selection.nodes) : null;
      },
      paste: (clip) => {
        const { graph, ids } = edit.pasteNodes(get().graph, clip);
        commit(graph);
        set({ selection: { nodes: ids, edges: [] } });
      },
      duplicate: () => {
        const clip = get().copy();
        if (clip) get().paste(clip);
      },
      layout: (sizes) => commit(autoLayout(get().graph, sizes)),
      setTitle: (title) => commit({ ...get().graph, meta: { ...get().graph.meta, title } }),
      load: (input, source) => get().loadParsed(parseGraph(input), source),
      loadParsed: (result, source) => {
        if (!result.graph) {
          set({ notice: { kind: 'error', text: `${source} could not be opened; your graph is unchanged.`, details: result.issues.map((i) => `${i.path}: ${i.message}`) } });
          return false;
        }
        commit(result.graph);
        set({
          savedAs: serializeGraph(result.graph),
          selection: { nodes: [], edges: [] },
          notice: result.issues.length
            ? { kind: 'info', text: `${source} opened, with ${result.issues.length} problem${result.issues.length > 1 ? 's' : ''} kept on the nodes concerned.`, details: result.issues.map((i) => `${i.path}: ${i.message}`) }
            : { kind: 'info', text: `Opened ${source}.` },
        });
        return true;
      },
      markSaved: () => set({ savedAs: serializeGraph(get().graph) }),
      select: (nodes, edges = []) => set({ selection: { nodes, edges } }),
      focusNode: (id) => set(id ? { focus: id, selection: { nodes: [id], edges: [] } } : { focus: null }),
      notify: (notice) => set({ notice }),
      setPanel: (panel) => set((s) => ({ panel: s.panel === panel ? null : panel })),
      showPanel: (panel) => set({ panel }),
      startRun: (runId, title, thread) => set((s) => ({
        run: { ...idleRun(s.run.requested, thread), status: 'preparing', runId, title, startedAt: Date.now() },
      })),
      runMessage: (message) => set((s) => ({ run: reduceRun(s.run, message) })),
      setRunStatus: (status) => set((s) => ({ run: { ...s.run, status } })),
      setBackendChoice: (requested) => set((s) => ({ run: { ...s.run, requested } })),
      setPresenting: (presenting) => set({ presenting }),
    };
  });
}

export type EditorStoreApi = ReturnType<typeof createEditorStore>;

/** Whether the graph differs from what was last loaded or saved. */
export function hasUnsavedWork(s: EditorState): boolean {
  return s.graph.nodes.length > 0 && serializeGraph(s.graph) !== s.savedAs;
}
