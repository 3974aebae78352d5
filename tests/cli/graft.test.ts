import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { main } from '@/cli/main';
import { exampleFiles, FIXTURES, ROOT } from '../helpers/fixtures';

const run = async (...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
};
const invalid = (name: string) => path.join(FIXTURES, 'graphs', 'invalid', `${name}.graft.json`);

describe('graft check', () => {
  it('exits 0 for every example', async () => {
    const r = await run('check', ...exampleFiles());
    expect(r.code, r.out + r.err).toBe(0);
    for (const f of exampleFiles()) expect(r.out).toContain(`${f}: ok`);
  });

  // Each broken graph exits 1 and names its node (or JSON path) in a sentence.
  it.each([
    ['cycle', /error freeze: This node is part of a loop \("freeze" → "head" → "train" → "freeze"\)/],
    ['wrong-port-type', /error train \(optimizer\): The optimizer input of this Train takes an optimizer, but "data" \(Dataset\) gives a dataset\./],
    ['missing-input', /error train \(data\): This Train needs a dataset on its "data" input, and nothing is connected there\./],
    ['unknown-node-type', /error mystery: "quantum-layer" is not a node type this version of Graft knows/],
    ['bad-regex', /error freeze: "\(conv\[" is not a valid regular expression/],
    ['zero-learning-rate', /error opt: The learning rate is 0; it must be a number above 0/],
    ['one-class', /error data: Only one class \("7"\) is left after filtering: a classifier needs at least two\./],
    ['units-mismatch', /error head: The model has 4 outputs, but "train" trains it on 3 classes/],
    ['proto-key', /error nodes\[0\]\.params\.__proto__: The key "__proto__" is not allowed anywhere in a graph/],
  ])('%s exits 1 with a sentence naming the node', async (name, pattern) => {
    const r = await run('check', invalid(name));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(pattern);
  });

  it('prints the hint under each diagnostic', async () => {
    const r = await run('check', invalid('zero-learning-rate'));
    expect(r.out).toMatch(/error opt: .*\n\s+hint: Try 0\.001 for Adam/);
  });

  it('exits 1 when any of several files has errors, 2 when a file cannot be read', async () => {
    expect((await run('check', exampleFiles()[0]!, invalid('cycle'))).code).toBe(1);
    const missing = await run('check', 'no/such/file.graft.json');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/cannot read no\/such\/file\.graft\.json: no such file/);
  });

  it('exits 2 with usage on an unknown command', async () => {
    const r = await run('frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown command "frobnicate"/);
  });
});

describe('graft plan', () => {
  const twoStage = path.join(ROOT, 'public', 'examples', 'two-stage-finetune.graft.json');

  it('prints the plan as JSON', async () => {
    const r = await run('plan', twoStage);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.out);
    expect(plan.format).toBe('graft.plan');
    expect(plan.steps.find((s: { kind: string }) => s.kind === 'build').params).toEqual({ trainable: 2223872, nonTrainable: 34112, total: 2257984, exact: true });
  });

  it('summarises MobileNetV2 with Keras\' parameter counts, changing with each freeze', async () => {
    const r = await run('plan', twoStage, '--summary');
    expect(r.code).toBe(0);
    expect(r.out).toContain('2,257,984 parameters: 2,223,872 trainable, 34,112 non-trainable');
    expect(r.out).toMatch(/stage 1 .* 164,613 trainable/);
    expect(r.out).toMatch(/stage 2 .* 1,043,653 trainable/);
  });

  it('exits 1 and prints no plan for a graph with errors', async () => {
    const r = await run('plan', invalid('cycle'));
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/the graph has errors, so there is no plan/);
  });
});

describe('npx graft (the installed command)', () => {
  it('runs from the repo root', async () => {
    const exec = promisify(execFile);
    const { stdout } = await exec('npx', ['--no-install', 'graft', 'check', 'public/examples/pretrain-digits.graft.json'], { cwd: ROOT });
    expect(stdout).toContain('public/examples/pretrain-digits.graft.json: ok');
    const failed = await exec('npx', ['--no-install', 'graft', 'check', path.relative(ROOT, invalid('cycle'))], { cwd: ROOT }).catch((e: { code: number; stdout: string }) => e);
    expect('code' in failed ? failed.code : 0).toBe(1);
  });
});
