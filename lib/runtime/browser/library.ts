/**
 * The in-browser model library (IndexedDB through `idb`): exported models that a
 * `pretrained-base` node with source `library` can start the next experiment from. Used by the
 * worker (save on export, load as a base) and by the editor (list, delete): no tfjs here.
 */
import { openDB } from 'idb';
import type { DBSchema, IDBPDatabase } from 'idb';
import type { BaseCatalogEntry } from '@/lib/catalog/types';

export interface LibraryModel {
  id: string;
  name: string;
  savedAt: string;
  /** The graph that trained it. */
  from: string;
  classes: string[] | null;
  quantize: string;
  bytes: number;
  /** What the compiler needs to use it as a base: layers, shapes, input. */
  entry: BaseCatalogEntry;
  modelJson: object;
  weightData: ArrayBuffer;
}

export type LibrarySummary = Omit<LibraryModel, 'modelJson' | 'weightData'>;

interface GraftDB extends DBSchema {
  models: { key: string; value: LibraryModel };
}

const DB_NAME = 'graft';
const DB_VERSION = 1;
let dbPromise: Promise<IDBPDatabase<GraftDB>> | null = null;

function db(): Promise<IDBPDatabase<GraftDB>> {
  if (typeof indexedDB === 'undefined') return Promise.reject(new Error('this browser has no IndexedDB (private mode?), so the model library is unavailable'));
  dbPromise ??= openDB<GraftDB>(DB_NAME, DB_VERSION, {
    upgrade(d) {
      if (!d.objectStoreNames.contains('models')) d.createObjectStore('models', { keyPath: 'id' });
    },
    // Another tab upgraded the database: let it, and reopen next time.
    blocking() { void dbPromise?.then((x) => x.close()); dbPromise = null; },
  });
  return dbPromise;
}

/** A library id from an export name: re-exporting the same name replaces the model. */
export const libraryIdFor = (name: string) => name.trim().toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '') || 'model';

export async function saveLibraryModel(model: LibraryModel): Promise<void> {
  await (await db()).put('models', model);
  notifyChanged();
}

export async function getLibraryModel(id: string): Promise<LibraryModel | undefined> {
  return (await db()).get('models', id);
}

export async function listLibrary(): Promise<LibrarySummary[]> {
  const all = await (await db()).getAll('models');
  return all
    .map(({ modelJson: _m, weightData: _w, ...rest }) => rest)
    .sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}

export async function deleteLibraryModel(id: string): Promise<void> {
  await (await db()).delete('models', id);
  notifyChanged();
}

const CHANNEL = 'graft-library';

/** Tells every tab and the editor (from the worker too) that the library changed. */
function notifyChanged() {
  if (typeof BroadcastChannel === 'undefined') return;
  const ch = new BroadcastChannel(CHANNEL);
  ch.postMessage('changed');
  ch.close();
}

/** Calls back when the library changes in any tab or worker; returns an unsubscribe function. */
export function onLibraryChange(callback: () => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {};
  const ch = new BroadcastChannel(CHANNEL);
  ch.onmessage = () => callback();
  return () => ch.close();
}
