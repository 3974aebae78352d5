import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { main } from '@/cli/main';
import { launch, SCREENSHOTS } from './browser';
import { openEditor as open } from './page';

type Graph = { nodes: { id: string; type: string; params: Record<string, unknown> }[]; edges: { source: string; sourcePort: string; target: string; targetPort: string }[]; meta: { title: string } };

const ROOT = path.resolve(__dirname, '..', '..');
const example = (slug: string) => JSON.parse(readFileSync(path.join(ROOT, 'public', 'examples', `${slug}.graft.json`), 'utf8'));

const graphOf = (page: Page) => page.evaluate(() => (window as unknown as { graft: { getGraph(): Graph } }).graft.getGraph());
const load = (page: Page, json: unknown) => page.evaluate((j) => (window as unknown as { graft: { loadGraph(x: unknown): boolean } }).graft.loadGraph(j), json);

async function addNode(page: Page, type: string): Promise<string> {
  const before = new Set((await graphOf(page)).nodes.map((n) => n.id));
  await page.getByTestId(`palette-item-${type}`).click();
  const after = (await graphOf(page)).nodes.map((n) => n.id);
  const id = after.find((x) => !before.has(x));
  if (!id) throw new Error(`no ${type} node was added`);
  return id;
}

async function drag(page: Page, s: string, sp: string, t: string, tp: string) {
  const a = await page.locator(`[data-testid="node-${s}"] .react-flow__handle.source[data-handleid="${sp}"]`).boundingBox();
  const b = await page.locator(`[data-testid="node-${t}"] .react-flow__handle.target[data-handleid="${tp}"]`).boundingBox();
  if (!a || !b) throw new Error(`handle not visible: ${s}.${sp} → ${t}.${tp}`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 10 });
  await page.mouse.up();
}

async function fitView(page: Page) {
  await page.locator('.react-flow__controls-fitview').click();
  await page.waitForTimeout(350);
}

async function selectNode(page: Page, id: string) {
  await page.locator(`[data-testid="node-${id}"] > div`).first().click();
  await page.getByTestId('inspector').locator('code', { hasText: id }).waitFor();
}

const inspector = (page: Page) => page.getByTestId('inspector');

describe('the editor in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launch(); });
  afterAll(async () => { await browser?.close(); });

  it('adds nodes from the palette and connects them; a wrong-type connection is refused with a reason', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await open(context);
    const data = await addNode(page, 'dataset');
    const opt = await addNode(page, 'optimizer');
    const train = await addNode(page, 'train');
    await fitView(page);
    await drag(page, data, 'data', train, 'data');
    let g = await graphOf(page);
    expect(g.edges).toEqual([expect.objectContaining({ source: data, sourcePort: 'data', target: train, targetPort: 'data' })]);

    await drag(page, opt, 'optimizer', train, 'data');
    await expect.poll(() => page.getByTestId('notice').textContent()).toMatch(/Not connected: The data input of Train takes a dataset, but this output gives an optimizer\./);
    g = await graphOf(page);
    expect(g.edges).toHaveLength(1);
    await context.close();
  });

  it('shows a diagnostic on the node, and clears it when the setting is fixed; undo and redo', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await open(context);
    const doc = example('mnist-transfer');
    doc.nodes.find((n: { id: string }) => n.id === 'adam').params.learningRate = 0;
    expect(await load(page, doc)).toBe(true);
    const status = page.getByTestId('node-status-adam');
    await expect.poll(() => status.getAttribute('data-status')).toBe('error');
    await expect.poll(() => page.getByTestId('diagnostics').textContent()).toMatch(/The learning rate is 0/);
    // Clicking the diagnostic selects its node.
    await page.getByTestId('diagnostics').getByText('The learning rate is 0', { exact: false }).click();
    await inspector(page).locator('code', { hasText: 'adam' }).waitFor();
    await inspector(page).getByLabel('Learning rate', { exact: true }).fill('0.002');
    await expect.poll(() => status.getAttribute('data-status')).toBe('ok');
    expect((await graphOf(page)).nodes.find((n) => n.id === 'adam')!.params.learningRate).toBe(0.002);

    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await graphOf(page)).nodes.find((n) => n.id === 'adam')!.params.learningRate).toBe(0);
    await expect.poll(() => status.getAttribute('data-status')).toBe('error');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(async () => (await graphOf(page)).nodes.find((n) => n.id === 'adam')!.params.learningRate).toBe(0.002);
    await context.close();
  });

  it('importing a broken file shows why and keeps the graph', async () => {
    const context = await browser.newContext();
    const page = await open(context);
    await load(page, example('mnist-transfer'));
    const before = await graphOf(page);
    await page.getByTestId('import-input').setInputFiles({ name: 'broken.graft.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "graft.graph", "version": 1, "nodes": [') });
    await expect.poll(() => page.getByTestId('notice').textContent()).toMatch(/broken\.graft\.json is not valid JSON.*Your graph is unchanged/);
    const wrong = { format: 'graft.graph', version: 1, nodes: [{ id: 'x' }], edges: [] };
    await page.getByTestId('import-input').setInputFiles({ name: 'wrong.graft.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(wrong)) });
    await expect.poll(() => page.getByTestId('notice').textContent()).toMatch(/wrong\.graft\.json could not be opened; your graph is unchanged\.nodes\[0\]/);
    expect(await graphOf(page)).toEqual(before);
    await context.close();
  });

  it('a share link opens the same graph in a new page, and a reload restores the autosave', async () => {
    const a = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await open(a);
    await load(page, example('two-stage-finetune'));
    await page.getByTestId('share-button').click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toMatch(/Share link/);
    const url = page.url();
    expect(url).toContain('#graph=');
    const shared = await graphOf(page);

    const b = await browser.newContext();
    const other = await b.newPage();
    await other.goto(url);
    await other.getByTestId('node-mobilenet').waitFor();
    expect(await graphOf(other)).toEqual(shared);
    await b.close();

    await page.goto(`${inject('baseUrl')}/`);
    await page.getByTestId('node-mobilenet').waitFor();
    expect(await graphOf(page)).toEqual(shared);
    await a.close();
  });

  it('builds the two-stage recipe from an empty canvas with mouse and keyboard, and downloads what graft plan compiles', async () => {
    const context = await browser.newContext({ viewport: { width: 1700, height: 1000 }, acceptDownloads: true });
    const page = await open(context);
    const ids: Record<string, string> = {};
    for (const [name, type] of [['data', 'dataset'], ['base', 'pretrained-base'], ['f1', 'freeze'], ['head', 'dense-head'], ['opt1', 'optimizer'], ['t1', 'train'],
      ['f2', 'freeze'], ['opt2', 'optimizer'], ['t2', 'train'], ['eval', 'evaluate'], ['export', 'export']] as const) {
      ids[name] = await addNode(page, type);
    }
    await page.getByRole('button', { name: 'Layout', exact: true }).click();
    await fitView(page);
    // Settings, in the inspector.
    await selectNode(page, ids.data!);
    await inspector(page).getByLabel('Source', { exact: true }).selectOption('synthetic');
    await inspector(page).getByLabel('Test split', { exact: true }).fill('0.2');
    await selectNode(page, ids.base!);
    await inspector(page).getByLabel('input size', { exact: true }).selectOption('96');
    await selectNode(page, ids.opt1!);
    await inspector(page).getByLabel('Type', { exact: true }).selectOption('rmsprop');
    await selectNode(page, ids.opt2!);
    await inspector(page).getByLabel('Type', { exact: true }).selectOption('rmsprop');
    await inspector(page).getByLabel('Learning rate', { exact: true }).fill('0.00001');
    await page.getByRole('button', { name: 'Layout', exact: true }).click();
    await fitView(page);
    for (const [s, sp, t, tp] of [
      ['base', 'model', 'f1', 'model'], ['f1', 'model', 'head', 'model'], ['head', 'model', 't1', 'model'], ['data', 'data', 't1', 'data'], ['opt1', 'optimizer', 't1', 'optimizer'],
      ['t1', 'model', 'f2', 'model'], ['f2', 'model', 't2', 'model'], ['data', 'data', 't2', 'data'], ['opt2', 'optimizer', 't2', 'optimizer'],
      ['t2', 'model', 'eval', 'model'], ['data', 'data', 'eval', 'data'], ['t2', 'model', 'export', 'model'],
    ] as const) {
      await drag(page, ids[s]!, sp, ids[t]!, tp);
    }
    expect((await graphOf(page)).edges).toHaveLength(12);
    // The second freeze: until block_15_add, picked from the layer list.
    await page.getByRole('button', { name: 'Layout', exact: true }).click();
    await fitView(page);
    await selectNode(page, ids.f2!);
    await inspector(page).getByLabel('Mode', { exact: true }).selectOption('until');
    await inspector(page).getByLabel('layer', { exact: true }).selectOption('block_15_add');
    await expect.poll(() => inspector(page).getByTestId('param-effect').textContent()).toMatch(/1,043,653 trainable/);
    await expect.poll(() => page.getByTestId('diagnostics-button').textContent()).toBe('No errors');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'editor-built-two-stage.png') });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-button').click()]);
    const file = path.join(SCREENSHOTS, '..', 'built-two-stage.graft.json');
    await download.saveAs(file);
    const out: string[] = [];
    const code = await main(['plan', file], { out: (s) => out.push(s), err: (s) => out.push(s) });
    expect(code, out.join('\n')).toBe(0);
    const plan = JSON.parse(out.join('\n'));
    const reference: string[] = [];
    await main(['plan', path.join(ROOT, 'public', 'examples', 'two-stage-finetune.graft.json')], { out: (s) => reference.push(s), err: () => {} });
    const stages = (p: { summary: { stages: { params: unknown }[] } }) => p.summary.stages.map((s) => s.params);
    expect(stages(plan)).toEqual(stages(JSON.parse(reference.join('\n'))));
    expect(plan.steps.map((s: { kind: string }) => s.kind)).toEqual(['build', 'freeze', 'add-layers', 'train', 'freeze', 'train', 'evaluate', 'export']);
    await context.close();
  });

  it.each(['light', 'dark'] as const)('looks right with an example open (%s)', async (colorScheme) => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme });
    const page = await open(context);
    await page.getByTestId('examples-button').click();
    await page.getByTestId('example-two-stage-finetune').click();
    await page.getByTestId('node-unfreeze-top').waitFor();
    await selectNode(page, 'unfreeze-top');
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SCREENSHOTS, `editor-two-stage-${colorScheme}.png`) });
    expect(page.errors).toEqual([]);
    await context.close();
  });
});
