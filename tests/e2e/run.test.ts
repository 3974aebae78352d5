import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { documentFromSpec } from '@/lib/graph/spec';
import { launch, SCREENSHOTS } from './browser';
import { openEditor as open } from './page';

/** A 56×56 PNG of a light ring on black, roughly a hand-drawn 0/6. */
function digitPng(): Buffer {
  const png = new PNG({ width: 56, height: 56 });
  for (let y = 0; y < 56; y++) {
    for (let x = 0; x < 56; x++) {
      const r = Math.hypot(x - 28, y - 32);
      const v = r > 10 && r < 16 ? 255 : 0;
      const i = (y * 56 + x) * 4;
      png.data[i] = png.data[i + 1] = png.data[i + 2] = v;
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

// Training in the browser (issue #5): the worker runtime on WebGPU through SwiftShader, the
// dashboard, evaluation, predictions, export to the library and back, stop, divergence.

type RunSummary = {
  status: string; backend: string | null; device: string | null; thread: string; epochs: number; accuracy: number | null;
  exports: { name: string; libraryId: string | null; bytes: number }[]; error: { code: string; message: string; node?: string } | null;
  history: { loss: number }[];
};
type Node = { id: string; type: string; typeVersion?: number; position?: { x: number; y: number }; params: Record<string, unknown> };
type Graph = { nodes: Node[]; edges: unknown[]; meta: { title: string } };

const ROOT = path.resolve(__dirname, '..', '..');
const example = (slug: string): Graph => JSON.parse(readFileSync(path.join(ROOT, 'public', 'examples', `${slug}.graft.json`), 'utf8'));
const runState = (page: Page) => page.evaluate('window.graft.getRunState()') as Promise<RunSummary>;
const load = (page: Page, g: Graph) => page.evaluate(`window.graft.loadGraph(${JSON.stringify(g)})`);
const node = (g: Graph, id: string) => g.nodes.find((n) => n.id === id)!;

/** mnist-transfer, small enough for software WebGPU: `perClass` digits of each of 5–9. */
function smallTransfer(perClass: number, epochs: number): Graph {
  const g = example('mnist-transfer');
  node(g, 'digits-5-9').params.limitPerClass = perClass;
  node(g, 'train-head').params.epochs = epochs;
  return g;
}


async function waitFor(page: Page, statuses: string[], timeout = 180_000): Promise<RunSummary> {
  let last: RunSummary | null = null;
  await expect.poll(async () => (last = await runState(page)).status, { timeout, interval: 250 }).toSatisfy((s: string) => statuses.includes(s));
  return last!;
}

describe('training in the browser (Chromium, WebGPU on SwiftShader, in a worker)', () => {
  let browser: Browser;
  let context: BrowserContext;
  beforeAll(async () => {
    browser = await launch();
    context = await browser.newContext({ viewport: { width: 1500, height: 950 } });
  });
  afterAll(async () => { await browser?.close(); });

  it('runs mnist-transfer: epoch rows, WebGPU badge, evaluation, predictions, export into the library and back as a base', async () => {
    const page = await open(context, '?backend=webgpu');
    expect(await page.getByTestId('backend-select').inputValue()).toBe('webgpu');
    await load(page, smallTransfer(60, 2));
    await page.getByTestId('run-button').click();
    await page.getByTestId('stop-button').waitFor();

    // Live: one row per finished epoch, the train node's progress, the badge.
    await page.getByTestId('epoch-row').first().waitFor({ timeout: 180_000 });
    await expect.poll(() => page.getByTestId('backend-badge').textContent()).toMatch(/WebGPU/);
    expect(await page.getByTestId('backend-badge').getAttribute('title')).toMatch(/SwiftShader/i);
    await expect.poll(() => page.getByTestId('node-train-head').textContent()).toMatch(/epoch|done/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'run-in-progress.png') });

    const done = await waitFor(page, ['done', 'error']);
    expect(done.error).toBeNull();
    expect(done).toMatchObject({ status: 'done', backend: 'webgpu', thread: 'worker', epochs: 2 });
    // Finishing switches to the evaluation; the training tab keeps the epochs.
    await expect.poll(() => page.getByTestId('eval-accuracy').count()).toBe(1);
    await page.getByTestId('panel-tab-dashboard').click();
    expect(await page.getByTestId('epoch-row').count()).toBe(2);
    expect(done.history[1]!.loss).toBeLessThan(done.history[0]!.loss);

    // Evaluation: 6 test digits per class; chance is 20%.
    await page.getByTestId('panel-tab-evaluation').click();
    const acc = Number(await page.getByTestId('eval-accuracy').getAttribute('data-value'));
    expect(acc).toBeGreaterThan(0.5);
    const cells = page.getByTestId('confusion-matrix').locator('button');
    expect(await cells.count()).toBe(25);
    const counts = await cells.allTextContents();
    expect(counts.map(Number).reduce((a, b) => a + b, 0)).toBe(30);
    // A cell opens the images it counts: an error cell if there is one, its true class in the ids.
    const off = counts.map(Number).findIndex((n, i) => n > 0 && i % 6 !== 0);
    const c = off >= 0 ? off : counts.map(Number).findIndex((n) => n > 0);
    const [t, p] = [Math.floor(c / 5), c % 5];
    await page.getByTestId(`confusion-cell-${t}-${p}`).click();
    await page.getByRole('heading', { name: `“${5 + t}” predicted as “${5 + p}” (${counts[c]})` }).waitFor();
    await expect.poll(() => page.getByTestId('sample-thumb').evaluateAll((f) => f.map((e) => e.getAttribute('title'))))
      .toSatisfy((ids: (string | null)[]) => ids.length === Number(counts[c]) && ids.every((id) => id!.startsWith(`mnist:${5 + t}:`)));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'run-evaluation.png') });

    // Predict: a test sample, then a drawing.
    await page.getByTestId('panel-tab-predict').click();
    await page.getByTestId('predict-source-test-samples').click();
    await page.getByTestId('predict-sample').first().click();
    await expect.poll(() => page.getByTestId('prediction-row').count()).toBe(3);
    const probs = (await page.getByTestId('prediction-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-p')))));
    expect(probs[0]).toBeGreaterThanOrEqual(probs[1]!);
    expect(probs[0]).toBeGreaterThanOrEqual(0.2); // the top one of 5 softmax outputs
    expect(probs.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1.0001);

    await page.getByTestId('predict-source-draw').click();
    const pad = (await page.getByTestId('draw-pad').boundingBox())!;
    // A "7": a bar across the top and a stroke down to the bottom left.
    await page.mouse.move(pad.x + 60, pad.y + 50);
    await page.mouse.down();
    await page.mouse.move(pad.x + 165, pad.y + 50, { steps: 8 });
    await page.mouse.move(pad.x + 95, pad.y + 185, { steps: 12 });
    await page.mouse.up();
    await expect.poll(() => page.getByTestId('prediction-row').count()).toBe(3);
    const labels = await page.getByTestId('prediction-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-label')));
    expect(labels.every((l) => ['5', '6', '7', '8', '9'].includes(l!))).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'run-predict-draw.png') });

    // An uploaded picture, and the (fake) webcam.
    await page.getByTestId('predict-source-upload').click();
    await page.getByTestId('predict-upload').setInputFiles({ name: 'six.png', mimeType: 'image/png', buffer: digitPng() });
    await expect.poll(() => page.getByTestId('prediction-row').count()).toBe(3);
    await page.getByTestId('predict-source-webcam').click();
    expect(await page.getByTestId('prediction-row').count()).toBe(0);
    await page.getByTestId('webcam-toggle').click();
    await expect.poll(() => page.getByTestId('prediction-row').count(), { timeout: 20_000 }).toBe(3);
    await page.getByTestId('webcam-toggle').click();

    // Export: in the library, and usable as the base of the next experiment.
    expect(done.exports).toEqual([expect.objectContaining({ name: 'digits-5-9', libraryId: 'digits-5-9' })]);
    await page.getByTestId('panel-tab-library').click();
    await page.getByTestId('library-item-digits-5-9').waitFor();
    const download = page.waitForEvent('download');
    await page.getByTestId('download-export-export').click();
    expect((await download).suggestedFilename()).toBe('model.json');

    await page.getByTestId('use-library-digits-5-9').click();
    const added = (await page.evaluate('window.graft.getGraph()') as Graph).nodes.find((n) => n.type === 'pretrained-base' && n.params.source === 'library')!;
    expect(added.params).toMatchObject({ libraryId: 'digits-5-9' });
    // It compiles: no error, only the warning that a lone base leads nowhere yet.
    await expect.poll(() => page.getByTestId(`node-status-${added.id}`).getAttribute('data-status')).toBe('warning');
    expect(await page.getByTestId(`node-${added.id}`).getAttribute('title')).toMatch(/not connected to anything/);

    // The next experiment: the same recipe on the library model, cut where "Use as a base" cut it.
    // The library copy is the trained model, weights and all: evaluated as it is, on the same
    // test digits, it scores exactly what the run that trained it scored.
    const asIs = documentFromSpec([
      ['digits-5-9', 'dataset', node(smallTransfer(60, 1), 'digits-5-9').params],
      ['saved', 'pretrained-base', { source: 'library', libraryId: 'digits-5-9', cutAt: 'head_output', pooling: 'none' }],
      ['evaluate', 'evaluate', { split: 'test' }],
    ], ['saved.model->evaluate.model', 'digits-5-9.data->evaluate.data'], 'as saved') as unknown as Graph;
    await load(page, asIs);
    await page.getByTestId('run-button').click();
    const reloaded = await waitFor(page, ['done', 'error']);
    expect(reloaded.error).toBeNull();
    expect(reloaded.accuracy).toBe(acc);

    // Its 128 trained features separate 5–9 already: a new head learns them in a few steps.
    const next = smallTransfer(60, 3);
    node(next, 'adam').params.learningRate = 0.01;
    node(next, 'digits-cnn').params = { source: 'library', libraryId: 'digits-5-9', cutAt: added.params.cutAt, pooling: 'none' };
    node(next, 'export').params.name = 'digits-5-9-again';
    await load(page, next);
    await expect.poll(() => page.getByTestId('diagnostics-button').textContent()).toMatch(/No errors/);
    await page.getByTestId('run-button').click();
    const again = await waitFor(page, ['done', 'error']);
    expect(again.error).toBeNull();
    expect(again.status).toBe('done');
    expect(again.accuracy).toBeGreaterThan(0.5);
    expect(page.errors).toEqual([]);

    // A bundle carries the library model this graph starts from and the one it exports: in a
    // browser with empty storage the graph compiles against them.
    const zipped = page.waitForEvent('download');
    await page.getByTestId('bundle-button').click();
    const bundle = path.join(mkdtempSync(path.join(os.tmpdir(), 'graft-run-')), 'bundle.graft.zip');
    await (await zipped).saveAs(bundle);
    await page.close();
    const fresh = await browser.newContext({ viewport: { width: 1500, height: 950 } });
    const elsewhere = await open(fresh);
    await elsewhere.getByTestId('import-input').setInputFiles(bundle);
    await expect.poll(() => elsewhere.getByTestId('notice').textContent(), { timeout: 30_000 }).toMatch(/0 image datasets and 2 trained models/);
    await expect.poll(() => elsewhere.getByTestId('diagnostics-button').textContent()).toMatch(/No errors/);
    await elsewhere.getByTestId('panel-tab-library').click();
    await elsewhere.getByTestId('library-item-digits-5-9').waitFor();
    await elsewhere.getByTestId('library-item-digits-5-9-again').waitFor();
    await fresh.close();
  }, 600_000);

  it('Stop returns to idle with the editor usable, and a second run works', async () => {
    const page = await open(context);
    await load(page, smallTransfer(200, 30));
    await page.getByTestId('run-button').click();
    await page.getByTestId('epoch-row').first().waitFor({ timeout: 180_000 });
    await page.getByTestId('stop-button').click();
    const stopped = await waitFor(page, ['idle', 'error', 'done'], 60_000);
    expect(stopped.status).toBe('idle');
    expect(stopped.epochs).toBeLessThan(30);
    await expect.poll(() => page.getByTestId('notice').textContent()).toMatch(/stopped/i);

    await load(page, smallTransfer(20, 1));
    await page.getByTestId('run-button').click();
    const second = await waitFor(page, ['done', 'error']);
    expect(second).toMatchObject({ status: 'done', epochs: 1, error: null });
    await page.close();
  }, 400_000);

  it('a diverging loss shows the error on its Train node; a graph with errors does not start', async () => {
    const page = await open(context, '?backend=cpu');
    const g = documentFromSpec([
      ['data', 'dataset', { source: 'mnist', classes: ['0', '1'], limitPerClass: 16 }],
      ['net', 'layers', { layers: [{ class_name: 'Flatten', config: {} }, { class_name: 'Dense', config: { units: 2 } }] }],
      ['sgd', 'optimizer', { type: 'sgd', learningRate: 1e30 }],
      ['train', 'train', { epochs: 4, batchSize: 8, loss: 'meanSquaredError' }],
    ], ['net.model->train.model', 'data.data->train.data', 'sgd.optimizer->train.optimizer'], 'diverges') as unknown as Graph;
    await load(page, g);
    await page.getByTestId('run-button').click();
    const failed = await waitFor(page, ['error', 'done']);
    expect(failed).toMatchObject({ status: 'error', backend: 'cpu', error: { code: 'non-finite-loss', node: 'train' } });
    await expect.poll(() => page.getByTestId('node-run-error-train').textContent()).toMatch(/diverged/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'run-diverged.png') });

    // A graph with an error is refused with the reason, and nothing starts.
    node(g, 'sgd').params.learningRate = 0;
    await load(page, g);
    await page.getByTestId('run-button').click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toMatch(/Not started: the graph has 1 error/);
    expect((await runState(page)).status).toBe('error'); // unchanged: still the last run's state
    await page.close();
  }, 300_000);

  it('honours an explicit WebGL choice in the worker, and Present shows the canvas beside large charts', async () => {
    const page = await open(context, '?backend=webgl');
    await load(page, smallTransfer(20, 2));
    await page.getByTestId('run-button').click();
    const done = await waitFor(page, ['done', 'error']);
    expect(done).toMatchObject({ status: 'done', backend: 'webgl', error: null });
    expect(await page.getByTestId('backend-badge').textContent()).toMatch(/WebGL/);
    // SwiftShader's WebGL is a software renderer: the badge says so.
    expect(await page.getByTestId('backend-badge').textContent()).toMatch(/WebGL · software/);

    await page.getByTestId('present-button').click();
    await page.getByTestId('present-view').waitFor();
    expect(await page.getByTestId('present-view').getByTestId('chart-loss').count()).toBe(1);
    expect(await page.getByTestId('present-view').locator('.react-flow__node').count()).toBe(9);
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'run-present.png') });
    await page.keyboard.press('Escape');
    await page.getByTestId('palette-item-dataset').waitFor();
    await page.close();
  }, 300_000);
});
