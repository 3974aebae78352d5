/** Where the runtime reads prepared models and datasets from: files in Node, HTTP in the browser. */
export interface AssetLoader {
  /** `path` is relative to the site root / the repo's public/ folder, or an absolute URL. */
  json<T = unknown>(path: string): Promise<T>;
  binary(path: string): Promise<ArrayBuffer>;
}

/** Reads assets over HTTP, relative to `base` (the site root by default). */
export function fetchLoader(base = '/'): AssetLoader {
  const url = (p: string) => (/^[a-z]+:\/\//i.test(p) ? p : `${base.replace(/\/$/, '')}/${p.replace(/^\//, '')}`);
  const get = async (p: string) => {
    const res = await fetch(url(p));
    if (!res.ok) throw new Error(`could not load ${url(p)}: HTTP ${res.status}`);
    return res;
  };
  return {
    json: async <T,>(p: string) => (await (await get(p)).json()) as T,
    binary: async (p: string) => (await get(p)).arrayBuffer(),
  };
}
