/**
 * The editor's handle on the training runtime: a Web Worker by default (DESIGN §6), or the
 * page's main thread (`?runIn=main`, for the long-task benchmark). The UI imports this file and
 * the protocol's types only, never tfjs.
 */
import type { FromWorker, ToWorker, Predictor, SampleImage } from './protocol';

export type { Predictor, SampleImage, FromWorker };
export type RunThread = 'worker' | 'main';

interface Endpoint {
  send(message: ToWorker, transfer?: Transferable[]): void;
  close(): void;
}

export interface RunClient {
  readonly thread: RunThread;
  /** The worker crashed: make a new client. */
  readonly dead: boolean;
  send(message: Extract<ToWorker, { type: 'run' | 'stop' | 'release' }>): void;
  predict(node: string, pixels: Float32Array): Promise<{ probabilities: Float32Array; ms: number }>;
  samples(query: { dataset: string; ids?: string[]; split?: 'train' | 'validation' | 'test'; limit?: number }): Promise<SampleImage[]>;
  /** Run messages (events, exports, the end of a run); returns an unsubscribe function. */
  subscribe(listener: (message: Extract<FromWorker, { runId: number }>) => void): () => void;
  close(): void;
}

type Pending = { resolve(value: never): void; reject(err: Error): void };

export function createRunClient(thread: RunThread = 'worker'): RunClient {
  const listeners = new Set<(m: Extract<FromWorker, { runId: number }>) => void>();
  const pending = new Map<number, Pending>();
  let nextRequest = 1;
  let dead = false;

  const receive = (m: FromWorker) => {
    if ('requestId' in m) {
      const p = pending.get(m.requestId);
      pending.delete(m.requestId);
      if (!p) return;
      if (m.type === 'request-failed') p.reject(new Error(m.message));
      else if (m.type === 'prediction') p.resolve({ probabilities: m.probabilities, ms: m.ms } as never);
      else if (m.type === 'samples') p.resolve(m.samples as never);
      return;
    }
    for (const l of listeners) l(m);
  };

  let endpoint: Endpoint;
  if (thread === 'worker') {
    const worker = new Worker(new URL('./run.worker.ts', import.meta.url), { type: 'module', name: 'graft-training' });
    worker.onmessage = (e: MessageEvent<FromWorker>) => receive(e.data);
    worker.onerror = (e) => {
      // The worker is gone (e.g. out of memory): fail what waits on it; the next run starts a new one.
      dead = true;
      worker.terminate();
      for (const p of pending.values()) p.reject(new Error('The training worker stopped: run the graph again.'));
      pending.clear();
      for (const l of listeners) l({ type: 'failed', runId: -1, code: 'internal', message: `The training worker crashed (${e.message || 'out of memory?'}). Press Run to start again, perhaps with fewer images or a smaller image size.` });
    };
    endpoint = { send: (m, t = []) => worker.postMessage(m, t), close: () => worker.terminate() };
  } else {
    // Same host, on this thread: messages still go through a task boundary, as with a worker.
    const host = import('./host').then(({ createRunHost }) => createRunHost((m) => setTimeout(() => receive(m), 0), location.origin));
    endpoint = { send: (m) => { void host.then((h) => h.handle(m)); }, close: () => { void host.then((h) => h.handle({ type: 'release' })); } };
  }

  const request = <T,>(message: ToWorker, transfer?: Transferable[]) => new Promise<T>((resolve, reject) => {
    pending.set((message as { requestId: number }).requestId, { resolve: resolve as (v: never) => void, reject });
    endpoint.send(message, transfer);
  });

  return {
    thread,
    get dead() { return dead; },
    send: (m) => endpoint.send(m),
    predict: (node, pixels) => request({ type: 'predict', requestId: nextRequest++, node, pixels }, [pixels.buffer]),
    samples: (q) => request({ type: 'samples', requestId: nextRequest++, ...q }),
    subscribe: (l) => { listeners.add(l); return () => listeners.delete(l); },
    close: () => { endpoint.close(); for (const p of pending.values()) p.reject(new Error('closed')); pending.clear(); },
  };
}

export { listLibrary, deleteLibraryModel, getLibraryModel, onLibraryChange } from './library';
export type { LibrarySummary } from './library';
export { BACKEND_CHOICES } from '../backend-choices';
export type { BackendChoice, BackendInfo } from '../backend-choices';
export {
  importImages, listDatasets, getDataset, previewSamples, deleteSamples, renameClass, dropClass, addClass, addSamples,
  createWebcamDataset, deleteDataset, onDatasetsChange, refOf, summaryOf, squarePixels, DatasetImportError, MAX_FILES,
} from './datasets';
export type { StoredDataset, StoredSample, DatasetSummary, DatasetRef, InputFile } from './datasets';
export { exportBundle, importBundle, isZip } from './bundle';
export { libraryIdFor } from './library';
export { floatsToRgba, rgbToRgba } from './pixels';
