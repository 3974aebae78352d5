/**
 * `npm run bench:editor`: frame times while dragging on a 300-node graph in headless Chromium
 * (issue #4). Serves the production build (run `npm run build` first), loads a graph of 30
 * ten-node two-stage blocks through window.graft, then drags one node and then the whole
 * selection across the canvas, recording requestAnimationFrame intervals in the page.
 * Writes the EDITOR section of docs/benchmarks.md.
 */
import os from 'node:os';
import { serveBuild, writeSection } from './browser-bench';
import { chromium } from 'playwright-core';
import type { Page } from 'playwright-core';

const PORT = 3457;

function graph(blocks: number) {
  const nodes: object[] = [];
  const edges: object[] = [];
  const spec: [string, string, Record<string, unknown>][] = [
    ['data', 'dataset', { source: 'synthetic' }], ['base', 'pretrained-base', { inputSize: 96 }], ['freeze', 'freeze', {}], ['head', 'dense-head', {}],
    ['opt', 'optimizer', {}], ['train', 'train', {}], ['unfreeze', 'freeze', { mode: 'until', layer: 'block_15_add' }], ['train2', 'train', {}],
    ['eval', 'evaluate', {}], ['export', 'export', {}],
  ];
  const wires = [['base', 'model', 'freeze', 'model'], ['freeze', 'model', 'head', 'model'], ['head', 'model', 'train', 'model'], ['data', 'data', 'train', 'data'],
    ['opt', 'optimizer', 'train', 'optimizer'], ['train', 'model', 'unfreeze', 'model'], ['unfreeze', 'model', 'train2', 'model'], ['data', 'data', 'train2', 'data'],
    ['opt', 'optimizer', 'train2', 'optimizer'], ['train2', 'model', 'eval', 'model'], ['data', 'data', 'eval', 'data'], ['train2', 'model', 'export', 'model']];
  for (let b = 0; b < blocks; b++) {
    spec.forEach(([name, type, params], i) => nodes.push({ id: `${name}-${b}`, type, typeVersion: type === 'optimizer' ? 2 : 1, position: { x: i * 280, y: b * 220 }, params }));
    wires.forEach(([s, sp, t, tp], i) => edges.push({ id: `e${b}-${i}`, source: `${s}-${b}`, sourcePort: sp, target: `${t}-${b}`, targetPort: tp }));
  }
  return { format: 'graft.graph', version: 1, meta: { title: `${blocks * 10} nodes`, description: '' }, nodes, edges };
}

async function measureDrag(page: Page, selector: string, steps: number): Promise<number[]> {
  // A string, not a function: tsx would wrap a function with helpers the page does not have.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__stop = false;
    let last = performance.now();
    const tick = (t) => { window.__frames.push(t - last); last = t; if (!window.__stop) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  const box = (await page.locator(selector).first().boundingBox())!;
  const x = box.x + 40;
  const y = box.y + 10;
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= steps; i++) {
    // A loop that ends where it started, so the node stays in view.
    const a = (i / steps) * 2 * Math.PI;
    await page.mouse.move(x + Math.sin(a) * 160, y + (1 - Math.cos(a)) * 90);
  }
  await page.mouse.up();
  await page.waitForTimeout(200);
  return page.evaluate<number[]>('(() => { window.__stop = true; return window.__frames.slice(2); })()');
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

async function main() {
  const server = await serveBuild(PORT);
  try {
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu-sandbox'] });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(`${server.url}/`);
    await page.locator('.react-flow').waitFor();
    const rows: { case: string; frames: number; median: number; p95: number; max: number }[] = [];
    for (const blocks of [3, 30]) {
      await page.evaluate(`window.graft.loadGraph(${JSON.stringify(graph(blocks))})`);
      await page.locator('.react-flow__controls-fitview').click();
      await page.waitForTimeout(800);
      const one = await measureDrag(page, '[data-testid="node-train-0"]', 120);
      rows.push({ case: `${blocks * 10} nodes, drag one node`, frames: one.length, median: pct(one, 50), p95: pct(one, 95), max: Math.max(...one) });
      await page.locator('.react-flow__controls-fitview').click();
      await page.waitForTimeout(400);
      // Select everything (Ctrl+A) and drag it all: the worst case.
      await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('Control+a');
      const many = await measureDrag(page, '[data-testid="node-train-0"]', 120);
      rows.push({ case: `${blocks * 10} nodes, drag all selected`, frames: many.length, median: pct(many, 50), p95: pct(many, 95), max: Math.max(...many) });
    }
    await browser.close();
    for (const r of rows) console.log(`${r.case}: ${r.frames} frames, median ${r.median.toFixed(1)} ms (${(1000 / r.median).toFixed(0)} fps), p95 ${r.p95.toFixed(1)} ms, max ${r.max.toFixed(0)} ms`);
    const md = `<!-- EDITOR:START (written by npm run bench:editor) -->
Measured ${new Date().toISOString().slice(0, 10)} with \`npm run build && npm run bench:editor\`: headless Chromium (software rendering, no GPU) on ${os.cpus()[0]?.model} × ${os.cpus().length}, 1600×1000 viewport, the whole graph fitted in view; 120 mouse moves per drag; frame time = interval between requestAnimationFrame callbacks.

| case | frames | median ms | p95 ms | max ms |
|---|---|---|---|---|
${rows.map((r) => `| ${r.case} | ${r.frames} | ${r.median.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.max.toFixed(0)} |`).join('\n')}

Going from 30 to 300 nodes multiplies the median frame time by ${(rows[2]!.median / rows[0]!.median).toFixed(1)}× (one node) and ${(rows[3]!.median / rows[1]!.median).toFixed(1)}× (everything selected).
<!-- EDITOR:END -->`;
    writeSection('EDITOR', 'Editor (`npm run bench:editor`)', md);
  } finally {
    server.stop();
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
