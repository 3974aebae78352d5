/**
 * The in-browser model library (IndexedDB through `idb`): exported models that a
 * `pretrained-base` node with source `library` can start the next experiment from. Used by the
 * worker (save on export, load as a base) and by the editor (list, delete): no tfjs here.
 */
import type { BaseCatalogEntry } from '@/lib/catalog/types';
import { broadcast, db, listen } from './db';

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
const notifyChanged = () => broadcast(CHANNEL);

/** Calls back when the library changes in any tab or worker; returns an unsubscribe function. */
export function onLibraryChange(callback: () => void): () => void {
  return listen(CHANNEL, callback);
}
