import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../lib/catalog/types';

export const REPO_ROOT = path.resolve(__dirname, '..');
const CATALOG = path.join(REPO_ROOT, 'public', 'models', 'catalog.json');

/** The catalog of bases and datasets, preparing the assets first when they are missing or stale. */
export async function loadCatalog(): Promise<Catalog> {
  const { prepareAssets } = await import('../scripts/prepare-assets');
  await prepareAssets({ quiet: existsSync(CATALOG) });
  return JSON.parse(readFileSync(CATALOG, 'utf8')) as Catalog;
}
