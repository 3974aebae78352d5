import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import path from 'node:path';
import { ROOT } from '../helpers/fixtures';

/** The import boundaries of DESIGN §2 are lint rules; these cases prove they bite. */
describe('import boundaries', () => {
  const eslint = new ESLint({ cwd: ROOT });
  const lint = async (file: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
    return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  };

  it.each([
    ['lib/compiler/x.ts', "import * as tf from '@tensorflow/tfjs';", /pure/],
    ['lib/compiler/x.ts', "import { runPlan } from '../runtime/run';", /pure/],
    ['lib/graph/x.ts', "import { useState } from 'react';", /pure core/],
    ['nodes/x.ts', "import { readFileSync } from 'node:fs';", /pure core/],
    ['components/x.tsx', "import '@tensorflow/tfjs-backend-webgpu';", /only through the store/],
    ['lib/runtime/x.ts', "import { readFileSync } from 'fs';", /lib\/runtime\/node/],
    ['components/x.tsx', "import { runPlan } from '@/lib/runtime/run-plan';", /browser\/client/],
    ['lib/store/x.ts', "import { selectBackend } from '../runtime/backend';", /browser\/client/],
  ])('%s may not: %s', async (file, code, message) => {
    const messages = await lint(file, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(message);
  }, 30_000);

  it.each([
    ['lib/runtime/x.ts', "import * as tf from '@tensorflow/tfjs';"],
    ['lib/runtime/node/x.ts', "import { readFileSync } from 'node:fs';"],
    ['lib/compiler/x.ts', "import { z } from 'zod';"],
    ['cli/x.ts', "import { readFileSync } from 'node:fs';"],
    ['components/x.tsx', "import { createRunClient } from '@/lib/runtime/browser/client';"],
    ['components/x.tsx', "import type { RunEvent } from '@/lib/runtime/events';"],
  ])('%s may: %s', async (file, code) => {
    expect(await lint(file, code)).toEqual([]);
  }, 30_000);
});
