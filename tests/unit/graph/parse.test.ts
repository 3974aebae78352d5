import { describe, expect, it } from 'vitest';
import { parseGraph, parseGraphText } from '@/lib/graph/parse';
import { serializeGraph, emptyGraph } from '@/lib/graph/serialize';
import { LIMITS } from '@/lib/graph/schema';
import { clone, exampleFiles, FIXTURES, listGraphs, readJson } from '../../helpers/fixtures';
import path from 'node:path';

const valid = [...exampleFiles(), ...listGraphs(path.join(FIXTURES, 'graphs', 'valid'))];
const name = (f: string) => path.relative(path.join(FIXTURES, '..', '..'), f);

const minimal = () => ({
  format: 'graft.graph', version: 1, meta: { title: 't', description: '' },
  nodes: [{ id: 'o', type: 'optimizer', typeVersion: 2, position: { x: 1, y: 2 }, params: {} }],
  edges: [] as unknown[],
});

describe('parseGraph on valid documents', () => {
  it.each(valid.map((f) => [name(f), f]))('%s parses with no issues', (_n, file) => {
    const { graph, issues } = parseGraph(readJson(file));
    expect(issues).toEqual([]);
    expect(graph).not.toBeNull();
  });

  it.each(valid.map((f) => [name(f), f]))('%s: serialize(parse(x)) is a fixed point', (_n, file) => {
    const once = serializeGraph(parseGraph(readJson(file)).graph!);
    const twice = serializeGraph(parseGraph(JSON.parse(once)).graph!);
    expect(twice).toBe(once);
  });

  it('writes omitted params out in full', () => {
    const saved = JSON.parse(serializeGraph(parseGraph(minimal()).graph!));
    expect(saved.nodes[0].params).toEqual({
      type: 'adam', learningRate: 0.001, momentum: 0.9, beta1: 0.9, beta2: 0.999, rho: 0.9, epsilon: 1e-7, schedule: { type: 'constant' },
    });
  });

  it('fills meta defaults and accepts an empty graph', () => {
    const { graph } = parseGraph({ format: 'graft.graph', version: 1, nodes: [], edges: [] });
    expect(graph?.meta).toEqual({ title: 'Untitled graph', description: '' });
    expect(parseGraph(JSON.parse(serializeGraph(emptyGraph()))).issues).toEqual([]);
  });
});

describe('parseGraph keeps what it cannot use', () => {
  it('keeps a node of unknown type exactly as written and reports it with its path', () => {
    const doc = minimal();
    doc.nodes.push({ id: 'q', type: 'quantum', typeVersion: 3, position: { x: 0, y: 0 }, params: { qubits: 7, nested: { a: [1, 2] } } } as never);
    const { graph, issues } = parseGraph(doc);
    expect(graph?.nodes[1]).toEqual(doc.nodes[1]);
    expect(issues).toEqual([expect.objectContaining({ code: 'unknown-node-type', path: 'nodes[1].type', nodeId: 'q' })]);
    expect(JSON.parse(serializeGraph(graph!)).nodes[1]).toEqual(doc.nodes[1]);
  });

  it('keeps a node with bad params as written, naming each bad field', () => {
    const doc = minimal();
    doc.nodes[0]!.params = { learningRate: 'fast', beta1: 2, typo: true } as never;
    const { graph, issues } = parseGraph(doc);
    expect(graph?.nodes[0]?.params).toEqual({ learningRate: 'fast', beta1: 2, typo: true });
    expect(issues.map((i) => i.path).sort()).toEqual(['nodes[0].params', 'nodes[0].params.beta1', 'nodes[0].params.learningRate']);
    expect(issues.find((i) => i.path === 'nodes[0].params')?.message).toMatch(/unknown setting "typo"/);
    expect(issues.every((i) => i.nodeId === 'o' && i.message.startsWith('Node "o"'))).toBe(true);
  });

  it('keeps a node saved by a newer version of its type untouched', () => {
    const doc = minimal();
    doc.nodes[0]!.typeVersion = 9;
    doc.nodes[0]!.params = { futureSetting: 1 } as never;
    const { graph, issues } = parseGraph(doc);
    expect(graph?.nodes[0]).toEqual(doc.nodes[0]);
    expect(issues).toEqual([expect.objectContaining({ code: 'newer-node-version', path: 'nodes[0].typeVersion' })]);
  });
});

describe('parseGraph refuses unreadable documents with a path and a sentence', () => {
  const fatal = (input: unknown) => {
    const r = parseGraph(input);
    expect(r.graph).toBeNull();
    expect(r.issues.length).toBeGreaterThan(0);
    return r.issues[0]!;
  };

  it.each([
    ['null', null, 'not-an-object', '(document)'],
    ['an array', [], 'not-an-object', '(document)'],
    ['a string', 'graph', 'not-an-object', '(document)'],
    ['no format', { version: 1 }, 'wrong-format', 'format'],
    ['a React Flow export', { nodes: [], edges: [], viewport: {} }, 'wrong-format', 'format'],
    ['version 0', { format: 'graft.graph', version: 0 }, 'bad-version', 'version'],
    ['version "1"', { format: 'graft.graph', version: '1' }, 'bad-version', 'version'],
    ['version 2', { format: 'graft.graph', version: 2 }, 'newer-version', 'version'],
  ])('%s', (_n, input, code, path) => {
    expect(fatal(input)).toMatchObject({ code, path });
  });

  it('rejects __proto__ and constructor keys anywhere, with their path', () => {
    const proto = JSON.parse('{"format":"graft.graph","version":1,"nodes":[{"id":"a","type":"train","typeVersion":1,"position":{"x":0,"y":0},"params":{"__proto__":{"x":1}}}],"edges":[]}');
    expect(fatal(proto)).toMatchObject({ code: 'forbidden-key', path: 'nodes[0].params.__proto__' });
    const ctor = { ...minimal(), meta: { title: 't', constructor: { prototype: {} } } };
    expect(fatal(ctor)).toMatchObject({ code: 'forbidden-key', path: 'meta.constructor' });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('rejects unknown top-level fields (UI state is never part of a document)', () => {
    const issue = fatal({ ...minimal(), viewport: { x: 0, y: 0, zoom: 1 } });
    expect(issue.message).toMatch(/"viewport"/);
  });

  it('rejects ids outside [A-Za-z0-9_-]{1,64} and duplicate ids', () => {
    const bad = minimal();
    bad.nodes[0]!.id = 'x'.repeat(65);
    expect(fatal(bad).path).toBe('nodes[0].id');
    const dupe = minimal();
    dupe.nodes.push(clone(dupe.nodes[0]!));
    expect(fatal(dupe)).toMatchObject({ code: 'duplicate-id', path: 'nodes[1].id' });
  });

  it('enforces the node, edge and size limits', () => {
    const many = minimal();
    many.nodes = Array.from({ length: LIMITS.nodes + 1 }, (_, i) => ({ ...clone(many.nodes[0]!), id: `n${i}` }));
    expect(fatal(many).message).toMatch(/at most 1000 nodes/);
    const edges = minimal();
    edges.edges = Array.from({ length: LIMITS.edges + 1 }, (_, i) => ({ id: `e${i}`, source: 'o', sourcePort: 'optimizer', target: 'o', targetPort: 'x' }));
    expect(fatal(edges).message).toMatch(/at most 5000 edges/);
    const big = JSON.stringify({ ...minimal(), meta: { title: 't', description: 'x'.repeat(LIMITS.bytes) } });
    expect(parseGraphText(big).issues[0]).toMatchObject({ code: 'too-large' });
  });

  it('reports text that is not JSON', () => {
    expect(parseGraphText('{"format": "graft.graph",').issues[0]).toMatchObject({ code: 'not-json' });
    expect(parseGraphText('{"format": "graft.graph",').issues[0]!.message).toMatch(/not valid JSON/);
  });

  it('rejects non-finite positions', () => {
    const doc = minimal();
    doc.nodes[0]!.position.x = Number.POSITIVE_INFINITY;
    expect(fatal(doc).path).toBe('nodes[0].position.x');
  });
});
