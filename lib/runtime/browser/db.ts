/**
 * Graft's IndexedDB database (through `idb`): the model library and the stored datasets.
 * Browser-only; the worker and the page open it alike.
 */
import { openDB } from 'idb';
import type { DBSchema, IDBPDatabase } from 'idb';
import type { LibraryModel } from './library';
import type { StoredDataset, StoredSample } from './datasets';

export interface GraftDB extends DBSchema {
  models: { key: string; value: LibraryModel };
  datasets: { key: string; value: StoredDataset };
  /** One decoded image per record, keyed `${dataset}\u0000${sample id}`. */
  samples: { key: string; value: StoredSample; indexes: { dataset: string } };
}

const DB_NAME = 'graft';
const DB_VERSION = 2;
let dbPromise: Promise<IDBPDatabase<GraftDB>> | null = null;

export function db(): Promise<IDBPDatabase<GraftDB>> {
  if (typeof indexedDB === 'undefined') return Promise.reject(new Error('this browser has no IndexedDB (private mode?), so nothing can be stored'));
  dbPromise ??= openDB<GraftDB>(DB_NAME, DB_VERSION, {
    upgrade(d, oldVersion) {
      if (oldVersion < 1) d.createObjectStore('models', { keyPath: 'id' });
      if (oldVersion < 2) {
        d.createObjectStore('datasets', { keyPath: 'id' });
        d.createObjectStore('samples', { keyPath: 'key' }).createIndex('dataset', 'dataset');
      }
    },
    // Another tab upgraded the database: let it, and reopen next time.
    blocking() { void dbPromise?.then((x) => x.close()); dbPromise = null; },
  }).catch((err: unknown) => { dbPromise = null; throw err; });
  return dbPromise;
}

/** Tells every tab and worker that a store changed ('models' or 'datasets'). */
export function broadcast(channel: string) {
  if (typeof BroadcastChannel === 'undefined') return;
  const ch = new BroadcastChannel(channel);
  ch.postMessage('changed');
  ch.close();
}

export function listen(channel: string, callback: () => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {};
  const ch = new BroadcastChannel(channel);
  ch.onmessage = () => callback();
  return () => ch.close();
}
