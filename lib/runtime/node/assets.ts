import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AssetLoader } from '../assets';

/** Reads prepared assets from a folder (the repo's public/); http(s) URLs are fetched. */
export function fileLoader(root: string): AssetLoader {
  const isUrl = (p: string) => /^https?:\/\//i.test(p);
  const resolve = (p: string) => (path.isAbsolute(p) && !p.startsWith('/models/') && !p.startsWith('/datasets/') ? p : path.join(root, p.replace(/^\//, '')));
  const read = async (p: string) => {
    try {
      return await readFile(resolve(p));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new Error(code === 'ENOENT' ? `${resolve(p)} does not exist (run npm run prepare-assets?)` : `cannot read ${resolve(p)}: ${String(err)}`);
    }
  };
  return {
    async json<T>(p: string) {
      if (isUrl(p)) return (await (await fetch(p)).json()) as T;
      return JSON.parse((await read(p)).toString('utf8')) as T;
    },
    async binary(p: string) {
      if (isUrl(p)) return (await fetch(p)).arrayBuffer();
      const buf = await read(p);
      return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
    },
  };
}
