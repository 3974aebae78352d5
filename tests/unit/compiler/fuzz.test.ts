import { describe, expect, it } from 'vitest';
import { parseGraph } from '@/lib/graph/parse';
import { serializeGraph } from '@/lib/graph/serialize';
import { compile } from '@/lib/compiler/compile';
import { NODE_TYPES, registry } from '@/nodes/registry';
import { exampleFiles, readJson, realCatalog } from '../../helpers/fixtures';
import { mulberry32 } from '@/lib/runtime/data/random';

const rng = mulberry32;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const WEIRD: Json[] = [
  null, true, false, 0, -1, 1e308, -1e-308, 0.5, 3, 4096, 1e9, '', 'x', 'auto', 'mnist', 'block_15_add', '(', '.*', '^$',
  [], [1, 2], ['0', '1'], ['5'], {}, { units: 3 }, { class_name: 'Dense', config: { units: 2 } }, 'model', 'data', 'optimizer',
  '__proto__', 'constructor', '💥', 'a'.repeat(300),
];

function mutate(doc: { [k: string]: Json }, r: () => number): void {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const isObj = (v: Json): v is { [k: string]: Json } => v !== null && typeof v === 'object' && !Array.isArray(v);
  const allNodes = Array.isArray(doc.nodes) ? doc.nodes : [];
  const allEdges = Array.isArray(doc.edges) ? doc.edges : [];
  const nodes = allNodes.filter(isObj);
  const edges = allEdges.filter(isObj);
  const ids = nodes.map((n) => n?.id).filter((x): x is string => typeof x === 'string');
  const ports = ['model', 'data', 'optimizer', 'nope'];
  switch (Math.floor(r() * 9)) {
    case 0: { // rewire an edge end
      const e = edges.length ? pick(edges) : null;
      if (e) e[pick(['source', 'target'])] = r() < 0.8 && ids.length ? pick(ids) : 'ghost';
      break;
    }
    case 1: // add a random edge
      if (ids.length) allEdges.push({ id: `fz${Math.floor(r() * 1e6)}`, source: pick(ids), sourcePort: pick(ports), target: pick(ids), targetPort: pick(ports) });
      break;
    case 2: // delete a node or an edge
      if (r() < 0.5 && allNodes.length) allNodes.splice(Math.floor(r() * allNodes.length), 1);
      else if (allEdges.length) allEdges.splice(Math.floor(r() * allEdges.length), 1);
      break;
    case 3: { // change a node's type
      const n = nodes.length ? pick(nodes) : null;
      if (n) n.type = r() < 0.9 ? pick(NODE_TYPES) : 'mystery';
      break;
    }
    case 4: { // set a param to a valid default of another type's field, or something weird
      const n = nodes.length ? pick(nodes) : null;
      if (n && n.params && typeof n.params === 'object' && !Array.isArray(n.params)) {
        const def = registry[pick(NODE_TYPES)];
        const defaults = def.params.parse({}) as Record<string, Json>;
        const keys = Object.keys(defaults);
        const key = r() < 0.7 && keys.length ? pick(keys) : pick(['epochs', 'layer', 'pattern', 'units', 'classes', 'cutAt', 'inputSize']);
        (n.params as { [k: string]: Json })[key] = r() < 0.5 ? pick(WEIRD) : (defaults[key] ?? null);
      }
      break;
    }
    case 5: { // replace a random value anywhere
      const walk = (v: Json, depth: number): void => {
        if (v === null || typeof v !== 'object') return;
        const keys = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
        if (!keys.length) return;
        const k = pick(keys as (string | number)[]);
        if (depth > 0 && r() < 0.6) walk((v as Record<string | number, Json>)[k] as Json, depth - 1);
        else (v as Record<string | number, Json>)[k] = pick(WEIRD);
      };
      walk(doc, 5);
      break;
    }
    case 6: { // duplicate a node under a new id and wire it in
      const n = nodes.length ? pick(nodes) : null;
      if (n) {
        const copy = structuredClone(n);
        copy.id = `dup${Math.floor(r() * 1e6)}`;
        allNodes.push(copy);
        if (ids.length) allEdges.push({ id: `fz${Math.floor(r() * 1e6)}`, source: copy.id as string, sourcePort: pick(ports), target: pick(ids), targetPort: pick(ports) });
      }
      break;
    }
    case 7: { // a freeze mode with a random layer or pattern
      const n = nodes.find((x) => x.type === 'freeze');
      if (n) n.params = { mode: pick(['all', 'none', 'until', 'last-n', 'match']), layer: pick(['block_15_add', 'conv1', 'nope', 'input_1', 'head_output']), pattern: pick(['^block', '[', '.*', 'x{2,1}']), count: pick([0, 1, 5, 500]) };
      break;
    }
    case 8: { // a layers list with random layers
      const n = nodes.find((x) => x.type === 'layers');
      if (n) n.params = { layers: Array.from<unknown, Json>({ length: Math.floor(r() * 6) }, () => ({ class_name: pick(['Conv2D', 'Dense', 'Flatten', 'MaxPooling2D', 'GlobalAveragePooling2D', 'Dropout', 'BatchNormalization', 'Nope']), config: pick<Json>([{}, { units: 5 }, { filters: 2, kernel_size: 30 }, { pool_size: 4 }, { name: 'conv1' }]) })) };
      break;
    }
  }
}

describe('fuzz: mutated examples never make parseGraph or compile throw', () => {
  const catalog = realCatalog();
  const examples = exampleFiles().map((f) => readJson(f) as { [k: string]: Json });
  const RUNS = 4000;

  it(`survives ${RUNS} mutated documents`, () => {
    const stats = { parsed: 0, compiled: 0, plans: 0 };
    for (let seed = 1; seed <= RUNS; seed++) {
      const r = rng(seed);
      const doc = structuredClone(examples[seed % examples.length]!);
      const n = 1 + Math.floor(r() * 4);
      for (let i = 0; i < n; i++) mutate(doc, r);
      let parsed;
      try {
        parsed = parseGraph(doc);
      } catch (err) {
        throw new Error(`parseGraph threw on seed ${seed}: ${String(err)}`);
      }
      if (!parsed.graph) continue;
      stats.parsed++;
      const result = compile(parsed.graph, catalog);
      const internal = result.diagnostics.find((d) => d.code === 'internal-error');
      if (internal) throw new Error(`compile failed on seed ${seed}: ${internal.message}\n${JSON.stringify(doc)}`);
      stats.compiled++;
      if (result.plan) stats.plans++;
      const once = serializeGraph(parsed.graph);
      expect(serializeGraph(parseGraph(JSON.parse(once)).graph!), `round trip, seed ${seed}`).toBe(once);
    }
    // The mutations must reach the compiler, and some must still compile to a plan.
    expect(stats.parsed).toBeGreaterThan(RUNS * 0.5);
    expect(stats.plans).toBeGreaterThan(RUNS * 0.05);
    expect(stats.plans).toBeLessThan(stats.compiled);
  });
});
