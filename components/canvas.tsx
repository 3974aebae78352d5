'use client';

import { useCallback, useRef, useEffect, useMemo, useState } from 'react';
import { Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, useReactFlow } from '@xyflow/react';
import type { Connection, Edge, EdgeChange, FinalConnectionState, IsValidConnection, NodeChange } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { getNodeDefinition } from '@/nodes/registry';
import { connectionProblem } from '@/lib/graph/edit';
import type { Diagnostic } from '@/lib/compiler/plan';
import { useCompiled, useEditor, useEditorStoreApi } from './editor-context';
import { importFile } from './project-files';
import { GraftNode } from './graft-node';
import type { GraftFlowNode, GraftNodeData } from './graft-node';

const nodeTypes = { graft: GraftNode };
const NO_DIAGNOSTICS: Diagnostic[] = [];
const PORT_COLOR: Record<string, string> = { dataset: 'var(--dataset)', model: 'var(--model)', optimizer: 'var(--optimizer)' };
export const PALETTE_MIME = 'application/x-graft-node';

function Flow() {
  const store = useEditorStoreApi();
  const graph = useEditor((s) => s.graph);
  const selection = useEditor((s) => s.selection);
  const focus = useEditor((s) => s.focus);
  const compiled = useCompiled();
  const flow = useReactFlow();

  const byNode = useMemo(() => {
    const m = new Map<string, Diagnostic[]>();
    for (const d of compiled.diagnostics) if (d.nodeId) m.set(d.nodeId, [...(m.get(d.nodeId) ?? []), d]);
    return m;
  }, [compiled]);

  // Controlled nodes must carry their measured size, or the minimap cannot draw them.
  const [sizes, setSizes] = useState<Record<string, { width: number; height: number }>>({});
  // Node data keeps its identity while only positions change, so a drag re-renders no node view.
  const [dataCache] = useState(() => new Map<string, GraftNodeData>());
  const nodes = useMemo<GraftFlowNode[]>(() => graph.nodes.map((n) => {
    const info = compiled.nodes[n.id];
    const diagnostics = byNode.get(n.id) ?? NO_DIAGNOSTICS;
    const prev = dataCache.get(n.id);
    const data = prev && prev.type === n.type && prev.params === n.params && prev.info === info && prev.diagnostics === diagnostics
      ? prev : { type: n.type, params: n.params, info, diagnostics };
    dataCache.set(n.id, data);
    return { id: n.id, type: 'graft' as const, position: n.position, measured: sizes[n.id], selected: selection.nodes.includes(n.id), data };
  }), [graph.nodes, selection.nodes, compiled.nodes, byNode, sizes, dataCache]);

  // While a stage trains, the edges feeding it (its whole upstream chain) are animated.
  const active = useEditor((s) => s.run.active);
  const running = useMemo(() => {
    const chain = new Set<string>();
    if (!active) return chain;
    const stack = [active];
    while (stack.length) {
      const id = stack.pop()!;
      if (chain.has(id)) continue;
      chain.add(id);
      for (const e of graph.edges) if (e.target === id) stack.push(e.source);
    }
    return chain;
  }, [active, graph.edges]);

  const edges = useMemo<Edge[]>(() => graph.edges.map((e) => {
    const type = getNodeDefinition(graph.nodes.find((n) => n.id === e.source)?.type ?? '')?.outputs.find((p) => p.id === e.sourcePort)?.type;
    const broken = compiled.diagnostics.some((d) => d.edgeId === e.id && d.severity === 'error');
    return {
      id: e.id, source: e.source, sourceHandle: e.sourcePort, target: e.target, targetHandle: e.targetPort,
      selected: selection.edges.includes(e.id),
      animated: running.has(e.target),
      style: { stroke: broken ? 'var(--danger)' : PORT_COLOR[type ?? ''] ?? 'var(--muted)', strokeWidth: 2, strokeDasharray: broken ? '5 4' : undefined },
    };
  }), [graph, selection.edges, compiled.diagnostics, running]);

  useEffect(() => {
    if (!focus) return;
    void flow.fitView({ nodes: [{ id: focus }], duration: 300, maxZoom: 1.2 });
    store.getState().focusNode(null);
  }, [focus, flow, store]);

  const applySelection = useCallback((changes: { type: string; id?: string; selected?: boolean }[], kind: 'nodes' | 'edges') => {
    const sel = changes.filter((c): c is { type: 'select'; id: string; selected: boolean } => c.type === 'select');
    if (!sel.length) return;
    const cur = store.getState().selection;
    const set = new Set(cur[kind]);
    for (const c of sel) {
      if (c.selected) set.add(c.id);
      else set.delete(c.id);
    }
    const next = [...set];
    if (next.join() !== cur[kind].join()) store.getState().select(kind === 'nodes' ? next : cur.nodes, kind === 'edges' ? next : cur.edges);
  }, [store]);

  const onNodesChange = useCallback((changes: NodeChange<GraftFlowNode>[]) => {
    applySelection(changes, 'nodes');
    const dims = changes.filter((c) => c.type === 'dimensions' && c.dimensions);
    if (dims.length) {
      setSizes((cur) => {
        const next = { ...cur };
        for (const c of dims) if (c.type === 'dimensions' && c.dimensions) next[c.id] = c.dimensions;
        return next;
      });
    }
    const positions: Record<string, { x: number; y: number }> = {};
    let dragging = false;
    for (const c of changes) {
      if (c.type === 'position' && c.position) {
        positions[c.id] = c.position;
        dragging ||= Boolean(c.dragging);
      }
    }
    if (Object.keys(positions).length) store.getState().moveNodes(positions, !dragging);
    else if (changes.some((c) => c.type === 'position' && !c.dragging)) store.getState().moveNodes({}, true);
  }, [store, applySelection]);

  const onEdgesChange = useCallback((changes: EdgeChange[]) => applySelection(changes, 'edges'), [applySelection]);

  const toConnection = (c: Connection | Edge) => ({ source: c.source, sourcePort: c.sourceHandle ?? '', target: c.target, targetPort: c.targetHandle ?? '' });
  const isValidConnection: IsValidConnection = useCallback((c) => connectionProblem(store.getState().graph, toConnection(c)) === null, [store]);
  const onConnect = useCallback((c: Connection) => { store.getState().connect(toConnection(c)); }, [store]);
  const onConnectEnd = useCallback((_: MouseEvent | TouchEvent, state: FinalConnectionState) => {
    if (state.isValid || !state.fromHandle || !state.toHandle) return;
    const [from, to] = state.fromHandle.type === 'source' ? [state.fromHandle, state.toHandle] : [state.toHandle, state.fromHandle];
    const problem = connectionProblem(store.getState().graph, { source: from.nodeId, sourcePort: from.id ?? '', target: to.nodeId, targetPort: to.id ?? '' });
    if (problem) store.getState().notify({ kind: 'error', text: `Not connected: ${problem}` });
  }, [store]);

  const onDelete = useCallback(({ nodes: n, edges: e }: { nodes: GraftFlowNode[]; edges: Edge[] }) => {
    store.getState().remove(n.map((x) => x.id), e.map((x) => x.id));
  }, [store]);

  const onDragOver = useCallback((e: React.DragEvent) => {
    e.preventDefault();
    e.dataTransfer.dropEffect = e.dataTransfer.types.includes(PALETTE_MIME) ? 'move' : 'copy';
  }, []);
  const onDrop = useCallback(async (e: React.DragEvent) => {
    e.preventDefault();
    const type = e.dataTransfer.getData(PALETTE_MIME);
    if (type) {
      const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      store.getState().addNode(type, { x: p.x - 120, y: p.y - 30 });
      return;
    }
    const file = e.dataTransfer.files[0];
    if (file) await importFile(file, store);
  }, [flow, store]);

  // When a panel opens or closes under the canvas, keep the whole graph in view.
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let last = el.clientHeight;
    const ro = new ResizeObserver(() => {
      const h = el.clientHeight;
      if (Math.abs(h - last) > 80) void flow.fitView({ duration: 200, maxZoom: 1.2 });
      last = h;
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [flow]);

  return (
    <div ref={box} style={{ width: '100%', height: '100%' }}>
    <ReactFlow<GraftFlowNode, Edge>
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onConnect={onConnect}
      onConnectEnd={onConnectEnd}
      isValidConnection={isValidConnection}
      onDelete={onDelete}
      onDragOver={onDragOver}
      onDrop={onDrop}
      deleteKeyCode={['Delete', 'Backspace']}
      multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
      snapToGrid
      snapGrid={[10, 10]}
      fitView
      minZoom={0.1}
      colorMode="system"
      onlyRenderVisibleElements
    >
      <Background gap={20} />
      <MiniMap pannable zoomable style={{ width: 150, height: 100 }} nodeColor={(n) => ((n.data as { diagnostics?: Diagnostic[] }).diagnostics?.some((d) => d.severity === 'error') ? '#d9534f' : '#8a93a3')} />
      <Controls />
    </ReactFlow>
    </div>
  );
}

/**
 * The React Flow canvas. Rendered on the client only: its colour mode follows the system
 * theme, which the server cannot know, and a server-rendered class would stick after hydration.
 */
export default function Canvas() {
  return (
    <ReactFlowProvider>
      <Flow />
    </ReactFlowProvider>
  );
}
