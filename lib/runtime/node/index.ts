import path from 'node:path';
import type { DatasetSpec } from '@/lib/compiler/plan';
import type { DataSources, RawImages } from '../data/load';
import { DataError } from '../data/load';
import { fileLoader } from './assets';
import { readImageFolder } from './images';

export { installNodeWebGPU, SWIFTSHADER_ICD } from './webgpu';
export { fileLoader } from './assets';
export { readImageFolder } from './images';

/** Data sources for Node: prepared assets from `publicDir`, image datasets from folders given by id. */
export function nodeSources(publicDir: string, folders: Record<string, string> = {}): DataSources {
  return {
    loader: fileLoader(publicDir),
    images: async (spec: DatasetSpec): Promise<RawImages> => {
      const dir = folders[spec.id] ?? (spec.ref ? folders[spec.ref.id] : undefined);
      if (!dir) {
        throw new DataError(`Dataset "${spec.id}" is a folder of images: pass it with --data ${spec.id}=DIR (one sub-folder per class).`, spec.id);
      }
      try {
        return await readImageFolder(path.resolve(dir), spec.shape[0]);
      } catch (err) {
        throw new DataError(`Dataset "${spec.id}": ${err instanceof Error ? err.message : String(err)}.`, spec.id);
      }
    },
  };
}
