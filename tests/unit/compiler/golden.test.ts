import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compile } from '@/lib/compiler/compile';
import { exampleFiles, FIXTURES, loadGraph, realCatalog } from '../../helpers/fixtures';

/**
 * Golden plans: the compiled plan of each example, checked in. A change to the compiler that
 * changes a plan shows up as a diff here; when it is intended, regenerate with
 * `UPDATE_GOLDEN=1 npx vitest run tests/unit/compiler/golden.test.ts` and review the diff.
 */
const GOLDEN = path.join(FIXTURES, 'golden');
const catalog = realCatalog();

describe('golden plans of the examples', () => {
  it.each(exampleFiles().map((f) => [path.basename(f, '.graft.json'), f]))('%s', (name, file) => {
    const { plan, diagnostics } = compile(loadGraph(file), catalog);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const text = `${JSON.stringify(plan, null, 2)}\n`;
    const golden = path.join(GOLDEN, `${name}.plan.json`);
    if (process.env.UPDATE_GOLDEN || !existsSync(golden)) {
      if (!process.env.UPDATE_GOLDEN && process.env.CI) throw new Error(`missing golden plan ${golden}`);
      mkdirSync(GOLDEN, { recursive: true });
      writeFileSync(golden, text);
    }
    expect(text).toBe(readFileSync(golden, 'utf8'));
  });
});
