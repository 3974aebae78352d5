import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '@/cli/main';
import { fileLoader } from '@/lib/runtime/node';
import { loadLayersModelFrom } from '@/lib/runtime/model';
import { ROOT, FIXTURES } from '../helpers/fixtures';

const run = async (...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out, err: err.join('\n') };
};
const example = (name: string) => path.join(ROOT, 'public', 'examples', `${name}.graft.json`);

describe('graft run', () => {
  it('trains, prints JSON lines, and writes a model tfjs loads plus report.json', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'graft-run-'));
    const r = await run('run', example('pretrain-digits'), '--backend', 'cpu', '--limit', '12', '--epochs', '1', '--json', '--out', out);
    expect(r.code, r.err).toBe(0);
    const events = r.out.map((l) => JSON.parse(l) as { type: string });
    expect(events[0]).toMatchObject({ type: 'backend', backend: { name: 'cpu' } });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['stage-start', 'epoch', 'stage-end', 'evaluation', 'export', 'done']));
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
    expect(report).toMatchObject({ format: 'graft.report', backend: { name: 'cpu' }, models: [path.relative(process.cwd(), path.join(out, 'model'))] });
    expect(report.stages[0].history).toHaveLength(1);
    expect(report.evaluations[0].confusion).toHaveLength(5);
    const model = await loadLayersModelFrom(fileLoader(out), 'model/model.json', null, 1);
    expect(model.outputs[0]!.shape).toEqual([null, 5]);
    expect(model.layers.map((l) => l.name)).toContain('conv1');
    model.dispose();
  });

  it('prints readable progress without --json', async () => {
    const r = await run('run', example('pretrain-digits'), '--backend', 'cpu', '--limit', '8', '--epochs', '1');
    expect(r.code, r.err).toBe(0);
    const text = r.out.join('\n');
    expect(text).toMatch(/^backend: cpu — CPU backend, as requested/m);
    expect(text).toMatch(/stage 1 "Pretrain on 0–4": \d+ samples, 1 epochs/);
    expect(text).toMatch(/epoch 1\/1: loss \d\.\d{4} acc \d+\.\d%/);
    expect(text).toMatch(/evaluate evaluate: \d+\.\d% accuracy on \d+ test samples/);
  });

  it('exits 1 on graph errors without running', async () => {
    const r = await run('run', path.join(FIXTURES, 'graphs', 'invalid', 'zero-learning-rate.graft.json'), '--backend', 'cpu');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/the graph has errors, so it cannot run/);
  });

  it('exits 2 with what to do when an image dataset has no folder', async () => {
    const graph = path.join(FIXTURES, 'graphs', 'valid', 'images-folder.graft.json');
    const r = await run('run', graph, '--backend', 'cpu');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/error photos: Dataset "photos" is a folder of images: pass it with --data photos=DIR/);
  });

  it('exits 2 on bad options', async () => {
    expect((await run('run', example('pretrain-digits'), '--backend', 'tpu')).code).toBe(2);
    expect((await run('run', example('pretrain-digits'), '--data', 'nonsense')).code).toBe(2);
    expect((await run('run', example('pretrain-digits'), '--epochs', '0')).code).toBe(2);
    expect(existsSync(path.join(ROOT, 'model'))).toBe(false);
  });
});
