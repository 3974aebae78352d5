import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Catalog } from '@/lib/catalog/types';
import { parseGraph } from '@/lib/graph/parse';
import type { GraphDocument } from '@/lib/graph/schema';

export const ROOT = path.resolve(__dirname, '..', '..');
export const FIXTURES = path.join(ROOT, 'tests', 'fixtures');
export const EXAMPLES_DIR = path.join(ROOT, 'public', 'examples');

/** The catalog prepare-assets wrote (npm test runs it first, from pretest). */
export function realCatalog(): Catalog {
  return JSON.parse(readFileSync(path.join(ROOT, 'public', 'models', 'catalog.json'), 'utf8')) as Catalog;
}

export function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

export function listGraphs(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.graft.json')).sort().map((f) => path.join(dir, f));
}

export function exampleFiles(): string[] {
  return listGraphs(EXAMPLES_DIR);
}

/** Parses a file that must be a valid document. */
export function loadGraph(file: string): GraphDocument {
  const { graph, issues } = parseGraph(readJson(file));
  if (!graph) throw new Error(`${file} does not parse: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  return graph;
}

/** A deep copy, to edit a fixture in a test. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}
