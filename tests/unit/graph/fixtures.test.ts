import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { parseGraph } from '@/lib/graph/parse';
import { compile } from '@/lib/compiler/compile';
import { FIXTURES, exampleFiles, listGraphs, readJson, realCatalog } from '../../helpers/fixtures';

interface Expected { code: string; nodeId?: string; path?: string; parse?: 'fatal' | 'kept'; messageIncludes?: string }

const catalog = realCatalog();
const validDir = path.join(FIXTURES, 'graphs', 'valid');
const invalidDir = path.join(FIXTURES, 'graphs', 'invalid');
const expected = readJson(path.join(invalidDir, 'expected.json')) as Record<string, Expected>;

describe('valid graphs: every file parses and compiles with no errors', () => {
  it.each([...exampleFiles(), ...listGraphs(validDir)].map((f) => [path.basename(f), f]))('%s', (_n, file) => {
    const { graph } = parseGraph(readJson(file));
    const { plan, diagnostics } = compile(graph!, catalog);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(plan?.steps.length).toBeGreaterThan(0);
  });
});

describe('invalid graphs: each produces its diagnostic, naming the node or the JSON path', () => {
  it('every file in the folder has an expectation, and every expectation a file', () => {
    const files = listGraphs(invalidDir).map((f) => path.basename(f, '.graft.json')).sort();
    expect(files).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))('%s → %s', (file, exp) => {
    const parsed = parseGraph(readJson(path.join(invalidDir, `${file}.graft.json`)));
    if (exp.parse === 'fatal') {
      expect(parsed.graph).toBeNull();
      const issue = parsed.issues.find((i) => i.code === exp.code);
      expect(issue, JSON.stringify(parsed.issues)).toBeDefined();
      expect(issue!.path).toBe(exp.path);
      if (exp.messageIncludes) expect(issue!.message).toContain(exp.messageIncludes);
      return;
    }
    expect(parsed.graph).not.toBeNull();
    if (exp.parse === 'kept') expect(parsed.issues.some((i) => i.nodeId === exp.nodeId)).toBe(true);
    else expect(parsed.issues).toEqual([]);
    const { plan, diagnostics } = compile(parsed.graph!, catalog);
    expect(plan).toBeNull();
    const d = diagnostics.find((x) => x.code === exp.code && x.severity === 'error');
    expect(d, JSON.stringify(diagnostics, null, 1)).toBeDefined();
    expect(d!.nodeId).toBe(exp.nodeId);
    expect(d!.message.length).toBeGreaterThan(20);
    if (exp.messageIncludes) expect(d!.message).toContain(exp.messageIncludes);
  });
});
