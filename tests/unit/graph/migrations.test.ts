import { describe, expect, it } from 'vitest';
import { registry, NODE_TYPES } from '@/nodes/registry';
import { DOCUMENT_MIGRATIONS, migrateDocument, migrateNodeParams } from '@/lib/graph/migrations';
import { parseGraph } from '@/lib/graph/parse';
import { serializeGraph } from '@/lib/graph/serialize';
import { FIXTURES, readJson } from '../../helpers/fixtures';
import path from 'node:path';
import { existsSync } from 'node:fs';

/**
 * Every migration step has a fixture tests/fixtures/migrations/<type>-v<from>.json holding
 * `cases` of { before, after }: the step applied to `before` must give exactly `after`.
 */
const steps = NODE_TYPES.flatMap((type) => registry[type].migrations.map((m) => ({ type, m })));

describe('node migrations', () => {
  it('each step has its own fixture', () => {
    const missing = steps
      .map(({ type, m }) => path.join(FIXTURES, 'migrations', `${type}-v${m.from}.json`))
      .filter((f) => !existsSync(f));
    expect(missing).toEqual([]);
  });

  describe.each(steps.map(({ type, m }) => [`${type} v${m.from}→v${m.from + 1}`, type, m] as const))('%s', (_name, type, m) => {
    const fixture = readJson(path.join(FIXTURES, 'migrations', `${type}-v${m.from}.json`)) as { cases: { name: string; before: Record<string, unknown>; after: Record<string, unknown> }[] };
    it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
      const before = structuredClone(c.before);
      expect(m.up(before)).toEqual(c.after);
      expect(before).toEqual(c.before); // migrations are pure
      // The migrated params are valid for the current version.
      expect(registry[type].params.safeParse(c.after).success).toBe(true);
    });
  });

  it('runs a whole chain, and refuses a version with no step', () => {
    const def = registry.optimizer;
    const out = migrateNodeParams(def, { type: 'sgd', learningRate: 0.1, schedule: 'cosine', decaySteps: 50, alpha: 0.1 }, 1);
    expect(out).toEqual({ ok: true, applied: ['optimizer v1→v2'], value: { type: 'sgd', learningRate: 0.1, schedule: { type: 'cosine', decaySteps: 50, alpha: 0.1 } } });
    const noSteps = { ...def, migrations: [] };
    expect(migrateNodeParams(noSteps, {}, 1)).toEqual({ ok: false, message: 'optimizer has no migration from version 1' });
  });

  it('turns a throwing step into a message, not an exception', () => {
    const boom = { ...registry.optimizer, migrations: [{ from: 1, description: 'x', up: () => { throw new Error('kaput'); } }] };
    const out = migrateNodeParams(boom, {}, 1);
    expect(out.ok).toBe(false);
    expect(!out.ok && out.message).toMatch(/migrating optimizer from version 1 failed: kaput/);
  });

  it('migrates a saved v1 optimizer when a document loads, and saves it as v2', () => {
    const doc = {
      format: 'graft.graph', version: 1, meta: { title: 't' }, edges: [],
      nodes: [{ id: 'o', type: 'optimizer', typeVersion: 1, position: { x: 0, y: 0 }, params: { type: 'sgd', learningRate: 0.05, schedule: 'exponential', decayRate: 0.5, decaySteps: 10 } }],
    };
    const { graph, issues } = parseGraph(doc);
    expect(issues).toEqual([]);
    const saved = JSON.parse(serializeGraph(graph!));
    expect(saved.nodes[0].typeVersion).toBe(2);
    expect(saved.nodes[0].params.schedule).toEqual({ type: 'exponential', decayRate: 0.5, decaySteps: 10 });
  });
});

describe('document migrations', () => {
  it('has none yet: version 1 is the first format', () => {
    expect(DOCUMENT_MIGRATIONS).toEqual([]);
  });

  it('applies steps in order and stamps each version', () => {
    const steps = [
      { from: 1, description: 'rename a', up: (d: Record<string, unknown>) => ({ ...d, b: d.a, a: undefined }) },
      { from: 2, description: 'double b', up: (d: Record<string, unknown>) => ({ ...d, b: (d.b as number) * 2 }) },
    ];
    const out = migrateDocument({ version: 1, a: 21 }, 1, steps, 3);
    expect(out).toEqual({ ok: true, applied: ['document v1→v2', 'document v2→v3'], value: { version: 3, a: undefined, b: 42 } });
    expect(migrateDocument({}, 1, steps.slice(1), 3)).toEqual({ ok: false, message: 'no migration from document version 1 to 2' });
  });
});
