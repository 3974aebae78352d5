import { describe, expect, it } from 'vitest';
import { addNode, connect, connectionProblem, copyNodes, createNode, pasteNodes, removeElements } from '@/lib/graph/edit';
import { autoLayout } from '@/lib/graph/layout';
import { graphFromHash, shareHash } from '@/lib/graph/share';
import { emptyGraph, serializeGraph } from '@/lib/graph/serialize';
import { parseGraph } from '@/lib/graph/parse';
import { createEditorStore, hasUnsavedWork } from '@/lib/store/editor-store';
import { exampleFiles, loadGraph } from '../../helpers/fixtures';

function small() {
  let g = emptyGraph();
  for (const [id, type] of [['d', 'dataset'], ['o', 'optimizer'], ['t', 'train'], ['b', 'pretrained-base'], ['f', 'freeze']] as const) g = addNode(g, createNode(g, type, { x: 0, y: 0 }, id));
  return g;
}

describe('graph edits', () => {
  it('creates nodes with every default param, under fresh ids', () => {
    const g = small();
    const n = createNode(g, 'train', { x: 10.4, y: 20.6 });
    expect(n).toMatchObject({ id: 'train-1', typeVersion: 1, position: { x: 10, y: 21 } });
    expect(n.params).toEqual(expect.objectContaining({ epochs: 10, batchSize: 32 }));
    expect(parseGraph(JSON.parse(serializeGraph(addNode(g, n)))).issues).toEqual([]);
  });

  it('refuses connections with a sentence: wrong type, loops, unknown ports', () => {
    const g = small();
    expect(connectionProblem(g, { source: 'o', sourcePort: 'optimizer', target: 't', targetPort: 'data' }))
      .toBe('The data input of Train takes a dataset, but this output gives an optimizer.');
    const chain = connect(connect(g, { source: 'b', sourcePort: 'model', target: 'f', targetPort: 'model' }).graph, { source: 'f', sourcePort: 'model', target: 't', targetPort: 'model' }).graph;
    expect(connectionProblem(chain, { source: 't', sourcePort: 'model', target: 'f', targetPort: 'model' })).toMatch(/would make a loop/);
    expect(connectionProblem(g, { source: 'd', sourcePort: 'nope', target: 't', targetPort: 'data' })).toMatch(/Connect an output/);
    expect(connectionProblem(g, { source: 'd', sourcePort: 'data', target: 't', targetPort: 'data' })).toBeNull();
  });

  it('replaces the edge already in an input (an input takes one)', () => {
    let g = addNode(small(), createNode(small(), 'dataset', { x: 0, y: 0 }, 'd2'));
    g = connect(g, { source: 'd', sourcePort: 'data', target: 't', targetPort: 'data' }).graph;
    const r = connect(g, { source: 'd2', sourcePort: 'data', target: 't', targetPort: 'data' });
    expect(r.replaced?.source).toBe('d');
    expect(r.graph.edges.map((e) => e.source)).toEqual(['d2']);
  });

  it('removes nodes with their edges, and pastes copies under new ids with their inner edges', () => {
    let g = connect(small(), { source: 'b', sourcePort: 'model', target: 'f', targetPort: 'model' }).graph;
    g = connect(g, { source: 'd', sourcePort: 'data', target: 't', targetPort: 'data' }).graph;
    expect(removeElements(g, ['f']).edges.map((e) => e.source)).toEqual(['d']);
    const { graph: pasted, ids } = pasteNodes(g, copyNodes(g, ['b', 'f']));
    expect(ids).toEqual(['pretrained-base-1', 'freeze-1']);
    expect(pasted.edges.at(-1)).toMatchObject({ source: 'pretrained-base-1', target: 'freeze-1' });
    expect(new Set(pasted.edges.map((e) => e.id)).size).toBe(pasted.edges.length);
  });

  it('lays a chain out left to right', () => {
    const g = autoLayout(loadGraph(exampleFiles().find((f) => f.includes('two-stage'))!));
    const x = (id: string) => g.nodes.find((n) => n.id === id)!.position.x;
    expect(x('mobilenet')).toBeLessThan(x('freeze-base'));
    expect(x('train-head')).toBeLessThan(x('fine-tune'));
    expect(x('fine-tune')).toBeLessThan(x('evaluate'));
  });
});

describe('share links', () => {
  it.each(exampleFiles())('%s survives the round trip through the URL hash', (file) => {
    const g = loadGraph(file);
    const hash = shareHash(g);
    expect(hash).toMatch(/^#graph=[A-Za-z0-9+\-$]+$/);
    expect(serializeGraph(graphFromHash(hash)!.graph!)).toBe(serializeGraph(g));
  });

  it('reports a damaged link instead of opening it', () => {
    expect(graphFromHash('#graph=garbage!!')?.graph).toBeNull();
    expect(graphFromHash('#other')).toBeNull();
  });
});

describe('editor store', () => {
  it('undoes and redoes every change, params included; a drag is one step', () => {
    const s = createEditorStore();
    const id = s.getState().addNode('optimizer', { x: 0, y: 0 });
    s.getState().updateParams(id, { ...s.getState().graph.nodes[0]!.params, learningRate: 0.5 });
    s.getState().moveNodes({ [id]: { x: 10, y: 0 } }, false);
    s.getState().moveNodes({ [id]: { x: 20, y: 0 } }, false);
    s.getState().moveNodes({ [id]: { x: 30, y: 5 } }, true);
    expect(s.getState().past).toHaveLength(3);
    s.getState().undo();
    expect(s.getState().graph.nodes[0]!.position).toEqual({ x: 0, y: 0 });
    s.getState().undo();
    expect(s.getState().graph.nodes[0]!.params.learningRate).toBe(0.001);
    s.getState().redo();
    s.getState().redo();
    expect(s.getState().graph.nodes[0]!.position).toEqual({ x: 30, y: 5 });
  });

  it('makes one undo step of quick edits to one node, and separate steps for other nodes', () => {
    const s = createEditorStore();
    const a = s.getState().addNode('optimizer', { x: 0, y: 0 });
    const b = s.getState().addNode('train', { x: 300, y: 0 });
    const params = (id: string) => s.getState().graph.nodes.find((n) => n.id === id)!.params;
    for (const lr of [0.0, 0.00, 0.002]) s.getState().updateParams(a, { ...params(a), learningRate: lr });
    s.getState().updateParams(b, { ...params(b), epochs: 3 });
    expect(s.getState().past).toHaveLength(4); // two adds, one for the typing on a, one for b
    s.getState().undo();
    expect(params(b).epochs).toBe(10);
    s.getState().undo();
    expect(params(a).learningRate).toBe(0.001);
  });

  it('keeps the graph and reports the issues when a document does not parse', () => {
    const s = createEditorStore();
    s.getState().addNode('train', { x: 0, y: 0 });
    const before = s.getState().graph;
    expect(s.getState().load({ format: 'something-else' }, 'bad.json')).toBe(false);
    expect(s.getState().graph).toBe(before);
    expect(s.getState().notice).toMatchObject({ kind: 'error', text: 'bad.json could not be opened; your graph is unchanged.' });
  });

  it('knows when there is unsaved work', () => {
    const s = createEditorStore();
    expect(hasUnsavedWork(s.getState())).toBe(false);
    s.getState().addNode('train', { x: 0, y: 0 });
    expect(hasUnsavedWork(s.getState())).toBe(true);
    s.getState().markSaved();
    expect(hasUnsavedWork(s.getState())).toBe(false);
  });

  it('refuses a wrong connection with a notice and no history entry', () => {
    const s = createEditorStore(small());
    expect(s.getState().connect({ source: 'o', sourcePort: 'optimizer', target: 't', targetPort: 'model' })).toBe(false);
    expect(s.getState().past).toHaveLength(0);
    expect(s.getState().notice?.text).toMatch(/^Not connected: The model input of Train takes a model/);
  });
});
