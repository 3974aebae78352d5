import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { NODE_TYPES, checkRegistry, getNodeDefinition, registry } from '@/nodes/registry';
import { PORT_TYPES } from '@/nodes/types';
import type { NodeDefinition } from '@/nodes/types';

describe('node registry', () => {
  it('holds one definition per type, each under its own key, with gap-free migrations', () => {
    expect(Object.keys(registry).sort()).toEqual([...NODE_TYPES].sort());
    expect(() => checkRegistry()).not.toThrow();
  });

  it('fails loudly when a definition sits under another key or a migration is missing', () => {
    const swapped = { ...registry, freeze: registry.train } as Record<string, NodeDefinition>;
    expect(() => checkRegistry(swapped)).toThrow(/"freeze" holds the definition of "train"/);
    const gap = { ...registry, train: { ...registry.train, version: 3 } } as Record<string, NodeDefinition>;
    expect(() => checkRegistry(gap)).toThrow(/version 3 but has 0 migrations/);
  });

  it('only knows real types', () => {
    expect(getNodeDefinition('train')?.label).toBe('Train');
    expect(getNodeDefinition('constructor')).toBeUndefined();
    expect(getNodeDefinition('__proto__')).toBeUndefined();
  });

  describe.each(NODE_TYPES)('%s', (type) => {
    const def = registry[type];

    it('parses empty params into a complete set of defaults, and rejects unknown keys', () => {
      const parsed = def.params.parse({}) as Record<string, unknown>;
      // Defaults are explicit: a second parse of the output changes nothing.
      expect(def.params.parse(parsed)).toEqual(parsed);
      expect(def.params.safeParse({ ...parsed, notASetting: 1 }).success).toBe(false);
    });

    it('describes itself in one line and declares typed, uniquely named ports', () => {
      expect(def.description).toMatch(/^[A-Z].{20,160}[.]$/);
      expect(def.description).not.toContain('\n');
      for (const ports of [def.inputs, def.outputs]) {
        expect(new Set(ports.map((p) => p.id)).size).toBe(ports.length);
        for (const p of ports) expect(PORT_TYPES).toContain(p.type);
      }
    });

    it('has a JSON-schema-expressible params schema (the inspector form is generated from it)', () => {
      expect(() => z.toJSONSchema(def.params, { io: 'input', unrepresentable: 'any' })).not.toThrow();
    });
  });

  it('gives the dataset and train defaults the design asks for', () => {
    const d = registry.dataset.params.parse({});
    expect([d.source, d.validationSplit, d.testSplit, d.seed, d.classes, d.limitPerClass]).toEqual(['mnist', 0.2, 0.1, 42, null, null]);
    const t = registry.train.params.parse({});
    expect([t.epochs, t.batchSize, t.loss, t.earlyStopping, t.shuffle, t.cache]).toEqual([10, 32, 'auto', null, true, 'auto']);
    const b = registry['pretrained-base'].params.parse({});
    expect([b.source, b.pooling]).toEqual(['mobilenet-v2', 'avg']);
    const h = registry['dense-head'].params.parse({});
    expect(h.hidden).toEqual([{ units: 128, activation: 'relu', dropout: 0.2 }]);
  });
});
