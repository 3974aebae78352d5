import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { unzipSync } from 'fflate';
import { main } from '@/cli/main';
import { documentFromSpec } from '@/lib/graph/spec';
import { mulberry32 } from '@/lib/runtime/data/random';
import { launch, SCREENSHOTS } from './browser';
import { openEditor } from './page';

// Your own images (issue #6): a folder of PNGs (with a text file and a corrupt PNG) through
// `dataset-upload`, preview, training, a project bundle into a fresh browser, relinking.

type RunSummary = { status: string; epochs: number; accuracy: number | null; error: { message: string } | null };
const runState = (page: Page) => page.evaluate('window.graft.getRunState()') as Promise<RunSummary>;

const CLASSES = ['circle', 'square', 'stripes'];
const PER_CLASS = 16;

/** A 40×40 PNG of a class's pattern, in a random colour and place. */
function drawPng(cls: string, i: number): Buffer {
  const rand = mulberry32(i * 7919 + cls.length);
  const png = new PNG({ width: 40, height: 40 });
  const [r, g, b] = [80 + rand() * 175, 80 + rand() * 175, 80 + rand() * 175];
  const cx = 14 + rand() * 12;
  const cy = 14 + rand() * 12;
  for (let y = 0; y < 40; y++) {
    for (let x = 0; x < 40; x++) {
      const on = cls === 'circle' ? Math.hypot(x - cx, y - cy) < 9
        : cls === 'square' ? Math.abs(x - cx) < 8 && Math.abs(y - cy) < 8
          : Math.floor((x + y + i) / 4) % 2 === 0;
      const k = (y * 40 + x) * 4;
      png.data[k] = on ? r : 20;
      png.data[k + 1] = on ? g : 20;
      png.data[k + 2] = on ? b : 30;
      png.data[k + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

/** my-images/<class>/<n>.png, plus my-images/README.txt and my-images/square/broken.png. */
function makeFolder(root: string, classes = CLASSES): string {
  const dir = path.join(root, 'my-images');
  for (const cls of classes) {
    mkdirSync(path.join(dir, cls), { recursive: true });
    for (let i = 0; i < PER_CLASS; i++) writeFileSync(path.join(dir, cls, `${cls}-${i}.png`), drawPng(cls, i));
  }
  writeFileSync(path.join(dir, 'README.txt'), 'not an image');
  if (classes.includes('square')) writeFileSync(path.join(dir, 'square', 'broken.png'), Buffer.from('\x89PNG\r\n\x1a\nthis is not really a png'));
  return dir;
}

type Graph = { nodes: { id: string; type: string; params: Record<string, unknown> }[]; edges: unknown[]; meta: { title: string } };
const graph = documentFromSpec([
  ['photos', 'dataset', { source: 'images', imageSize: 32, validationSplit: 0.2, testSplit: 0.2 }],
  ['net', 'layers', { layers: [
    { class_name: 'Conv2D', config: { filters: 8, kernel_size: 3, activation: 'relu' } },
    { class_name: 'MaxPooling2D', config: { pool_size: 4 } },
    { class_name: 'Flatten', config: {} },
  ] }],
  ['head', 'dense-head', { hidden: [] }],
  ['adam', 'optimizer', { type: 'adam', learningRate: 0.01 }],
  ['train', 'train', { epochs: 1, batchSize: 8 }],
  ['evaluate', 'evaluate', { split: 'test' }],
], ['net.model->head.model', 'head.model->train.model', 'photos.data->train.data', 'adam.optimizer->train.optimizer', 'train.model->evaluate.model', 'photos.data->evaluate.data'], 'My patterns') as unknown as Graph;


async function train(page: Page): Promise<RunSummary> {
  await page.getByTestId('run-button').click();
  let last: RunSummary | null = null;
  await expect.poll(async () => (last = await runState(page)).status, { timeout: 120_000, interval: 250 }).toSatisfy((s: string) => s === 'done' || s === 'error');
  return last!;
}

const counts = async (page: Page) => Object.fromEntries(await Promise.all(CLASSES.map(async (c) => [c, Number(await page.getByTestId(`class-count-${c}`).textContent())])));

describe('your own images (Chromium)', () => {
  let browser: Browser;
  let tmp: string;
  let folder: string;
  let bundle: string;
  let graphWithRef: unknown;
  beforeAll(async () => {
    browser = await launch();
    tmp = mkdtempSync(path.join(os.tmpdir(), 'graft-data-'));
    folder = makeFolder(tmp);
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('uploads a folder: counts per class, the two bad files listed; trains and evaluates; survives a reload; bundles', async () => {
    const context = await browser.newContext({ viewport: { width: 1500, height: 950 }, acceptDownloads: true });
    const page = await openEditor(context, '?backend=cpu');
    await page.evaluate(`window.graft.loadGraph(${JSON.stringify(graph)})`);
    await expect.poll(() => page.getByTestId('node-drop-hint-photos').textContent()).toMatch(/Drop a folder/);
    await page.locator('[data-testid="node-photos"] > div').first().click();
    await page.getByTestId('open-data-panel').click();
    await page.getByTestId('dataset-upload').waitFor({ state: 'attached' });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'data-upload.png') });
    await page.getByTestId('dataset-upload').setInputFiles(folder);
    await page.getByTestId('dataset-preview').waitFor({ timeout: 60_000 });
    expect(await counts(page)).toEqual({ circle: PER_CLASS, square: PER_CLASS, stripes: PER_CLASS });
    expect(await page.getByTestId('dataset-total').textContent()).toBe(`${3 * PER_CLASS} images`);
    const skipped = await page.getByTestId('dataset-skipped').locator('li').allTextContents();
    expect(skipped).toHaveLength(2);
    expect(skipped.find((s) => s.includes('README.txt'))).toMatch(/not an image/);
    expect(skipped.find((s) => s.includes('square/broken.png'))).toMatch(/could not be decoded/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'data-preview.png') });

    // The graph now refers to the stored dataset by id, hash and class names.
    const doc = await page.evaluate('window.graft.getGraph()') as typeof graph;
    const ref = doc.nodes[0]!.params as unknown as { ref: { id: string; hash: string; classes: string[]; counts: Record<string, number> } };
    expect(ref.ref).toMatchObject({ classes: CLASSES, counts: { circle: 16, square: 16, stripes: 16 } });
    expect(ref.ref.hash).toMatch(/^sha256:[0-9a-f]{32}$/);
    graphWithRef = doc;

    const done = await train(page);
    expect(done.error).toBeNull();
    expect(done).toMatchObject({ status: 'done', epochs: 1 });
    expect(done.accuracy).not.toBeNull();
    expect(Number(await page.getByTestId('eval-accuracy').getAttribute('data-value'))).toBe(done.accuracy);

    // A single-class folder is refused with what to do; what was stored stays.
    const one = path.join(tmp, 'one-class');
    mkdirSync(path.join(one, 'only'), { recursive: true });
    writeFileSync(path.join(one, 'only', 'a.png'), drawPng('circle', 1));
    await page.getByTestId('panel-tab-data').click();
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('dataset-upload').setInputFiles(one);
    await expect.poll(() => page.getByTestId('notice').textContent()).toMatch(/Only one class was found \("only"\).*Nothing stored was changed/);
    expect(await counts(page)).toEqual({ circle: PER_CLASS, square: PER_CLASS, stripes: PER_CLASS });

    // Deleting a sample updates the stored dataset and the graph's reference (counts and hash).
    await page.getByTestId('sample-delete').first().click({ force: true });
    await expect.poll(() => page.getByTestId('class-count-circle').textContent()).toBe(String(PER_CLASS - 1));
    const refNow = async () => (((await page.evaluate('window.graft.getGraph()')) as typeof graph).nodes[0]!.params as unknown as typeof ref).ref;
    await expect.poll(refNow).toMatchObject({ id: ref.ref.id, counts: { circle: PER_CLASS - 1, square: PER_CLASS, stripes: PER_CLASS } });
    expect((await refNow()).hash).not.toBe(ref.ref.hash);
    expect((await refNow()).hash).toMatch(new RegExp(`^sha256:${await page.getByTestId('dataset-hash').textContent()}`));

    // Storage survives a reload (the graph comes back from the autosave).
    await page.reload();
    await page.getByTestId('canvas').locator('.react-flow').waitFor();
    await page.getByTestId('panel-tab-data').click();
    await expect.poll(() => page.getByTestId('class-count-circle').textContent()).toBe(String(PER_CLASS - 1));

    const download = page.waitForEvent('download');
    await page.getByTestId('bundle-button').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('my-patterns.graft.zip');
    bundle = path.join(tmp, 'my-patterns.graft.zip');
    await file.saveAs(bundle);
    expect(page.errors).toEqual([]);
    await context.close();
  }, 300_000);

  it('a browser without the dataset shows the node as missing data and relinks when the folder is dropped in', async () => {
    const context = await browser.newContext({ viewport: { width: 1500, height: 950 } });
    const page = await openEditor(context, '?backend=cpu');
    await page.evaluate(`window.graft.loadGraph(${JSON.stringify(graphWithRef)})`);
    await expect.poll(() => page.getByTestId('node-drop-hint-photos').textContent()).toMatch(/Missing data: drop the folder here to relink/);
    // Everything else still works: the other nodes have no errors of their own.
    expect(await page.getByTestId('node-status-adam').getAttribute('data-status')).toBe('ok');
    await page.getByTestId('panel-tab-data').click();
    await page.getByTestId('dataset-missing').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'data-missing.png') });

    // A folder with other class names is refused, naming the difference.
    const other = makeFolder(path.join(tmp, 'other'), ['circle', 'square', 'dots']);
    await page.getByTestId('dataset-upload').setInputFiles(other);
    await expect.poll(() => page.getByTestId('notice').textContent()).toMatch(/does not match.*no "stripes".*also has "dots"/);
    await page.getByTestId('dataset-missing').waitFor();

    await page.getByTestId('dataset-upload').setInputFiles(folder);
    // This graph was taken before a sample was deleted: the folder gives back the very same images.
    await expect.poll(() => page.getByTestId('notice').textContent(), { timeout: 60_000 }).toMatch(/Relinked "photos" \(same images as when the graph was saved\)/);
    await page.getByTestId('dataset-preview').waitFor();
    expect(await page.getByTestId('node-drop-hint-photos').count()).toBe(0);
    const before = (graphWithRef as typeof graph).nodes[0]!.params as unknown as { ref: { id: string; hash: string } };
    expect((((await page.evaluate('window.graft.getGraph()')) as typeof graph).nodes[0]!.params as unknown as { ref: object }).ref).toMatchObject({ id: before.ref.id, hash: before.ref.hash });
    const done = await train(page);
    expect(done).toMatchObject({ status: 'done', error: null });
    await context.close();
  }, 300_000);

  it('imports the bundle into a browser with empty storage, and the same graph trains again', async () => {
    const context = await browser.newContext({ viewport: { width: 1500, height: 950 } });
    const page = await openEditor(context, '?backend=cpu');
    await page.getByTestId('import-input').setInputFiles(bundle);
    await expect.poll(() => page.getByTestId('notice').textContent(), { timeout: 60_000 }).toMatch(/Opened my-patterns.graft.zip: the graph, 1 image dataset/);
    await page.getByTestId('panel-tab-data').click();
    await expect.poll(() => page.getByTestId('class-count-circle').textContent()).toBe(String(PER_CLASS - 1));
    // Exact pixels: the stored dataset's hash is the one in the graph.
    const saved = (((await page.evaluate('window.graft.getGraph()')) as typeof graph).nodes[0]!.params as unknown as { ref: { hash: string } }).ref.hash;
    expect(saved).toMatch(new RegExp(`^sha256:${await page.getByTestId('dataset-hash').textContent()}`));
    const done = await train(page);
    expect(done).toMatchObject({ status: 'done', epochs: 1, error: null });

    // Importing it again over different stored images asks first; declining keeps them.
    await page.getByTestId('panel-tab-data').click();
    await page.getByTestId('sample-delete').first().click({ force: true });
    await expect.poll(() => page.getByTestId('class-count-circle').textContent()).toBe(String(PER_CLASS - 2));
    let asked = '';
    page.once('dialog', (d) => { asked = d.message(); void d.dismiss(); });
    await page.getByTestId('import-input').setInputFiles(bundle);
    await expect.poll(() => page.getByTestId('notice').textContent()).toMatch(/Nothing was imported: what this browser stores was kept/);
    expect(asked).toMatch(/replaces what this browser stores.*46 stored here, 47 in the bundle/s);
    expect(await page.getByTestId('class-count-circle').textContent()).toBe(String(PER_CLASS - 2));
    expect(page.errors).toEqual([]);
    await context.close();

    // Unzipped, the bundle is what `graft run --data` takes: the same graph trains headless.
    const dir = path.join(tmp, 'unzipped');
    for (const [name, bytes] of Object.entries(unzipSync(readFileSync(bundle)))) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      if (!name.endsWith('/')) writeFileSync(path.join(dir, name), bytes);
    }
    const doc = JSON.parse(readFileSync(path.join(dir, 'graph.graft.json'), 'utf8')) as typeof graph;
    const id = (doc.nodes[0]!.params as unknown as { ref: { id: string } }).ref.id;
    const lines: string[] = [];
    const code = await main(['run', path.join(dir, 'graph.graft.json'), '--data', `photos=${path.join(dir, 'datasets', id)}`, '--backend', 'cpu', '--out', path.join(tmp, 'cli-out'), '--json'],
      { out: (x) => lines.push(x), err: (x) => lines.push(x) });
    expect(code, lines.join('\n')).toBe(0);
    const report = JSON.parse(readFileSync(path.join(tmp, 'cli-out', 'report.json'), 'utf8')) as { datasets: { classes: string[]; samples: Record<string, number> }[]; evaluations: unknown[] };
    expect(report.datasets[0]!.classes).toEqual(CLASSES);
    expect(Object.values(report.datasets[0]!.samples).reduce((a, b) => a + b, 0)).toBe(3 * PER_CLASS - 1);
    expect(report.evaluations).toHaveLength(1);
  }, 300_000);

  it('webcam (Chromium\'s fake camera): records samples per class while the button is held; classes are renamed and added', async () => {
    const context = await browser.newContext({ viewport: { width: 1500, height: 950 } });
    const page = await openEditor(context, '?backend=cpu');
    const g = { ...graph, nodes: [{ ...graph.nodes[0]!, params: { source: 'webcam', classes: ['thumbs up', 'thumbs down'], imageSize: 32 } }, ...graph.nodes.slice(1)] };
    await page.evaluate(`window.graft.loadGraph(${JSON.stringify(g)})`);
    await page.getByTestId('panel-tab-data').click();
    await page.getByTestId('webcam-create').click();
    await page.getByTestId('webcam-record-toggle').click();
    // The picture is there before anyone records.
    await expect.poll(() => page.evaluate("document.querySelector('[data-testid=data-panel] video')?.readyState ?? 0")).toBeGreaterThanOrEqual(2);
    for (const cls of ['thumbs up', 'thumbs down']) {
      const button = page.getByTestId(`record-${cls}`);
      await button.hover();
      await page.mouse.down();
      await expect.poll(() => button.textContent()).toMatch(/Recording/);
      await page.waitForTimeout(1000);
      await page.mouse.up();
      await expect.poll(async () => Number(await page.getByTestId(`class-count-${cls}`).textContent())).toBeGreaterThanOrEqual(1);
    }
    await page.getByTestId('class-name-thumbs down').fill('thumbs sideways');
    await page.getByTestId('class-name-thumbs down').press('Enter');
    await page.getByPlaceholder('new class name').fill('no hand');
    await page.getByRole('button', { name: 'Add class' }).click();
    await expect.poll(async () => ((await page.evaluate('window.graft.getGraph()')) as typeof graph).nodes[0]!.params).toMatchObject({
      ref: { classes: ['thumbs up', 'thumbs sideways', 'no hand'] },
    });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'data-webcam.png') });
    await page.getByTestId('webcam-record-toggle').click();
    expect(page.errors).toEqual([]);
    await context.close();
  }, 120_000);
});
