/**
 * `npm run bench:longtasks`: what training does to the editor's own thread, worker vs main
 * thread, in headless Chromium (issue #5), on WebGPU and on the CPU backend. Serves the production build (run `npm run build`
 * first), loads mnist-transfer (200 digits per class, 3 epochs) and trains it on WebGPU
 * (SwiftShader) twice each way, alternating: in the Web Worker (the default) and on the page's
 * thread (`?runIn=main`, the same host code without the worker). While it trains the page
 * records long tasks (PerformanceObserver 'longtask', > 50 ms) and requestAnimationFrame
 * intervals. Writes the LONGTASKS section of docs/benchmarks.md.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, serveBuild, writeSection } from './browser-bench';
import type { Page } from 'playwright-core';
import { launch } from '../tests/e2e/browser';

const PORT = 3458;
const PER_CLASS = 200;
const EPOCHS = 3;
const BACKENDS = ['webgpu', 'cpu'];

interface Sample { thread: string; seconds: number; longTasks: number; longTaskMs: number; maxTaskMs: number; frames: number; p95FrameMs: number; maxFrameMs: number; slowFrames: number; backend: string }

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? 0;
const median = (xs: number[]) => pct(xs, 50);

async function measure(page: Page, url: string, thread: 'worker' | 'main', backend: string): Promise<Sample> {
  await page.goto(`${url}/?backend=${backend}${thread === 'main' ? '&runIn=main' : ''}`);
  await page.locator('.react-flow').waitFor();
  const g = JSON.parse(readFileSync(path.join(ROOT, 'public', 'examples', 'mnist-transfer.graft.json'), 'utf8'));
  g.nodes.find((n: { id: string }) => n.id === 'digits-5-9').params.limitPerClass = PER_CLASS;
  g.nodes.find((n: { id: string }) => n.id === 'train-head').params.epochs = EPOCHS;
  await page.evaluate(`window.graft.loadGraph(${JSON.stringify(g)})`);
  await page.waitForTimeout(1000);
  // Strings, not functions: tsx would wrap a function with helpers the page does not have.
  await page.evaluate(`(() => {
    window.__tasks = [];
    window.__frames = [];
    window.__stop = false;
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__tasks.push(e.duration); }).observe({ type: 'longtask' });
    let last = performance.now();
    const tick = (t) => { window.__frames.push(t - last); last = t; if (!window.__stop) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  const t0 = Date.now();
  await page.getByTestId('run-button').click();
  for (;;) {
    const st = await page.evaluate('window.graft.getRunState()') as { status: string; backend: string; error: { message: string } | null };
    if (st.status === 'done') break;
    if (st.status === 'error' || st.status === 'idle') throw new Error(`the ${thread} run ended ${st.status}: ${st.error?.message}`);
    await page.waitForTimeout(200);
  }
  const seconds = (Date.now() - t0) / 1000;
  const { tasks, frames } = await page.evaluate('(() => { window.__stop = true; return { tasks: window.__tasks, frames: window.__frames.slice(1) }; })()') as { tasks: number[]; frames: number[] };
  const used = (await page.evaluate('window.graft.getRunState()') as { backend: string }).backend;
  return {
    thread, seconds, backend: used, longTasks: tasks.length, longTaskMs: tasks.reduce((a, b) => a + b, 0), maxTaskMs: Math.max(0, ...tasks),
    frames: frames.length, p95FrameMs: pct(frames, 95), maxFrameMs: Math.max(0, ...frames), slowFrames: frames.filter((f) => f > 50).length,
  };
}

async function main() {
  const server = await serveBuild(PORT);
  try {
    const browser = await launch();
    const samples: Sample[] = [];
    for (const backend of BACKENDS) {
      for (let round = 0; round < 2; round++) {
        for (const thread of ['worker', 'main'] as const) {
          const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
          const s = await measure(page, server.url, thread, backend);
          await page.close();
          console.log(`${thread}: ${s.seconds.toFixed(1)} s on ${s.backend}, ${s.longTasks} long tasks (${s.longTaskMs.toFixed(0)} ms, longest ${s.maxTaskMs.toFixed(0)} ms), ${s.frames} frames, p95 ${s.p95FrameMs.toFixed(1)} ms, max ${s.maxFrameMs.toFixed(0)} ms, ${s.slowFrames} over 50 ms`);
          samples.push(s);
        }
      }
    }
    await browser.close();
    const row = (b: string, t: string) => {
      const xs = samples.filter((s) => s.thread === t && s.backend === b);
      const m = (k: keyof Sample) => median(xs.map((x) => x[k] as number));
      return { b, t, seconds: m('seconds'), longTasks: m('longTasks'), longTaskMs: m('longTaskMs'), maxTaskMs: m('maxTaskMs'), frames: m('frames'), p95: m('p95FrameMs'), max: m('maxFrameMs'), slow: m('slowFrames') };
    };
    const rows = BACKENDS.flatMap((b) => [row(b, 'worker'), row(b, 'main')]);
    const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(1)}×` : a > 0 ? 'worker none' : 'both none');
    const md = `<!-- LONGTASKS:START (written by npm run bench:longtasks) -->
Measured ${new Date().toISOString().slice(0, 10)} with \`npm run build && npm run bench:longtasks\`: headless Chromium (SwiftShader for WebGPU), ${os.cpus()[0]?.model} × ${os.cpus().length}. mnist-transfer with ${PER_CLASS} digits per class and ${EPOCHS} epochs, from pressing Run to the end of the run (loading the base and the data, training, evaluation, export), on WebGPU and on the CPU backend. Two runs each way, alternating worker and main thread; each figure is the worse of the two. A long task is a task over 50 ms on the editor's thread (PerformanceObserver 'longtask'); frame time = interval between requestAnimationFrame callbacks on the editor's page.

| backend | training runs in | run s | long tasks | long-task ms | longest task ms | frames | p95 frame ms | max frame ms | frames > 50 ms |
|---|---|---|---|---|---|---|---|---|---|
${rows.map((r) => `| ${r.b} | ${r.t === 'worker' ? 'Web Worker (default)' : 'main thread (?runIn=main)'} | ${r.seconds.toFixed(1)} | ${r.longTasks} | ${r.longTaskMs.toFixed(0)} | ${r.maxTaskMs.toFixed(0)} | ${r.frames} | ${r.p95.toFixed(1)} | ${r.max.toFixed(0)} | ${r.slow} |`).join('\n')}

${BACKENDS.map((b) => { const w = row(b, 'worker'); const m = row(b, 'main'); return `On ${b}, main thread / worker: long-task time ${ratio(m.longTaskMs, w.longTaskMs)}, longest task ${ratio(m.maxTaskMs, w.maxTaskMs)}, frames over 50 ms ${ratio(m.slow, w.slow)}, longest frame ${ratio(m.max, w.max)}.`; }).join('\n')}
<!-- LONGTASKS:END -->`;
    writeSection('LONGTASKS', 'Training and the editor\'s thread (`npm run bench:longtasks`)', md);
  } finally {
    server.stop();
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
