'use client';

import { createContext, useCallback, useContext, useEffect, useMemo, useRef } from 'react';
import type { ReactNode } from 'react';
import { compile } from '@/lib/compiler/compile';
import { BACKEND_CHOICES, createRunClient } from '@/lib/runtime/browser/client';
import type { BackendChoice, RunClient, RunThread, SampleImage } from '@/lib/runtime/browser/client';
import { useCatalog, useEditorStoreApi } from './editor-context';
import { pct } from './format';

export interface Runner {
  run(): void;
  stop(): void;
  predict(node: string, pixels: Float32Array): Promise<{ probabilities: Float32Array; ms: number }>;
  samples(query: { dataset: string; ids?: string[]; split?: 'train' | 'validation' | 'test'; limit?: number }): Promise<SampleImage[]>;
}

const RunnerContext = createContext<Runner | null>(null);

export function useRunner(): Runner {
  const r = useContext(RunnerContext);
  if (!r) throw new Error('useRunner must be used inside <RunnerProvider>');
  return r;
}

const LABEL: Record<string, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'the CPU' };

/**
 * Owns the training worker (started on the first Run) and feeds its messages into the store.
 * `?backend=webgpu|webgl|wasm|cpu` preselects the backend; `?runIn=main` trains on the page's
 * own thread instead of the worker (for the long-task benchmark only).
 */
export function RunnerProvider({ children }: { children: ReactNode }) {
  const store = useEditorStoreApi();
  const catalog = useCatalog();
  const client = useRef<RunClient | null>(null);
  const nextRun = useRef(1);
  const thread = useRef<RunThread>('worker');

  useEffect(() => {
    const q = new URLSearchParams(location.search);
    const b = q.get('backend');
    if (b && (BACKEND_CHOICES as readonly string[]).includes(b)) store.getState().setBackendChoice(b as BackendChoice);
    else if (b) store.getState().notify({ kind: 'error', text: `?backend=${b} is not a backend: use one of ${BACKEND_CHOICES.join(', ')}. Training will choose automatically.` });
    if (q.get('runIn') === 'main') thread.current = 'main';
    return () => { client.current?.close(); client.current = null; };
  }, [store]);

  const ensureClient = useCallback((): RunClient => {
    if (client.current && !client.current.dead) return client.current;
    client.current?.close();
    const c = createRunClient(thread.current);
    c.subscribe((m) => {
      const s = store.getState();
      const before = s.run;
      s.runMessage(m);
      const after = store.getState().run;
      if (m.runId !== before.runId && m.runId !== -1) return;
      if (m.type === 'event' && m.event.type === 'backend' && (m.event.backend.warning || m.event.backend.software)) {
        // Say why when the run is not on a hardware GPU: a fallback, or a software adapter.
        const b = m.event.backend;
        s.notify({ kind: 'info', text: `Training on ${LABEL[b.name]}: ${(b.warning ?? b.reason).replace(/\.$/, '')}.` });
      } else if (m.type === 'finished') {
        const ev = after.evaluations[0];
        s.notify({ kind: 'info', text: `Finished in ${m.report.seconds.total.toFixed(1)} s on ${m.report.backend.name}${ev ? `: ${ev.split} accuracy ${pct(ev.accuracy)} on ${ev.samples} samples` : ''}.` });
        if (ev) s.showPanel('evaluation');
      } else if (m.type === 'failed') {
        if (m.code === 'cancelled') {
          const saved = after.exports.filter((x) => x.libraryId).map((x) => `“${x.name}”`);
          s.notify({ kind: 'info', text: `Training stopped${saved.length ? `; ${saved.join(', ')} had already been exported to the library and stays there` : ''}. Press Run to start again.` });
        }
        else {
          s.notify({ kind: 'error', text: `Training failed${m.node ? ` at "${m.node}"` : ''}: ${m.message}` });
          if (m.node) s.focusNode(m.node);
        }
      }
    });
    client.current = c;
    return c;
  }, [store]);

  const runner = useMemo<Runner>(() => ({
    run() {
      const s = store.getState();
      if (s.run.status === 'preparing' || s.run.status === 'training' || s.run.status === 'stopping') {
        s.notify({ kind: 'info', text: 'A run is already under way: stop it first.' });
        return;
      }
      if (!catalog) {
        s.notify({ kind: 'error', text: 'The catalog of bases has not loaded yet, so the graph cannot compile: wait a moment, or run npm run prepare-assets and reload.' });
        return;
      }
      const { plan, diagnostics } = compile(s.graph, catalog);
      const errors = diagnostics.filter((d) => d.severity === 'error');
      if (!plan || errors.length) {
        s.notify({
          kind: 'error',
          text: `Not started: the graph has ${errors.length} error${errors.length === 1 ? '' : 's'}. Fix ${errors.length === 1 ? 'it' : 'them'} and press Run again.`,
          details: errors.map((d) => `${d.nodeId ?? 'graph'}: ${d.message}`),
        });
        s.showPanel('diagnostics');
        return;
      }
      if (!plan.steps.some((st) => st.kind === 'train' || st.kind === 'evaluate' || st.kind === 'export')) {
        s.notify({ kind: 'error', text: 'Nothing to run: connect a model and a dataset to a Train node first.' });
        return;
      }
      const runId = nextRun.current++;
      s.startRun(runId, plan.title, thread.current);
      s.showPanel('dashboard');
      ensureClient().send({ type: 'run', runId, plan, backend: s.run.requested });
    },
    stop() {
      const s = store.getState();
      if (s.run.status !== 'preparing' && s.run.status !== 'training') return;
      s.setRunStatus('stopping');
      client.current?.send({ type: 'stop', runId: s.run.runId });
    },
    predict: (node, pixels) => ensureClient().predict(node, pixels),
    samples: (q) => ensureClient().samples(q),
  }), [store, catalog, ensureClient]);

  return <RunnerContext.Provider value={runner}>{children}</RunnerContext.Provider>;
}
