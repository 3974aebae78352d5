import type { InputFile } from '@/lib/runtime/browser/client';

/** Files from an <input type=file> (a picked folder keeps its paths in webkitRelativePath). */
export function filesFromInput(list: FileList | null): InputFile[] {
  return [...(list ?? [])].map((f) => ({ path: f.webkitRelativePath || f.name, data: f }));
}

type Entry = { isFile: boolean; isDirectory: boolean; name: string; fullPath: string; file?(ok: (f: File) => void, err: (e: unknown) => void): void; createReader?(): { readEntries(ok: (e: Entry[]) => void, err: (e: unknown) => void): void } };

async function walk(entry: Entry, out: InputFile[]): Promise<void> {
  if (entry.isFile && entry.file) {
    const file = await new Promise<File>((ok, err) => entry.file!(ok, err));
    out.push({ path: entry.fullPath.replace(/^\//, ''), data: file });
  } else if (entry.isDirectory && entry.createReader) {
    const reader = entry.createReader();
    // readEntries returns at most ~100 entries per call: read until empty.
    for (;;) {
      const batch = await new Promise<Entry[]>((ok, err) => reader.readEntries(ok, err));
      if (!batch.length) break;
      for (const e of batch) await walk(e, out);
    }
  }
}

/** Files (folders walked recursively) from a drop; null when the drop holds no files. */
export async function filesFromDrop(dt: DataTransfer): Promise<InputFile[] | null> {
  const entries = [...dt.items].map((i) => (i.kind === 'file' ? (i.webkitGetAsEntry?.() as Entry | null) : null)).filter((e): e is Entry => !!e);
  if (!entries.length) return dt.files.length ? filesFromInput(dt.files) : null;
  // An empty dropped folder gives [] (not null), so the import can say it is empty.
  const out: InputFile[] = [];
  for (const e of entries) await walk(e, out);
  return out;
}

/** Whether a drag carries files (folders or zips), as opposed to a palette item. */
export const dragHasFiles = (dt: DataTransfer) => [...dt.types].includes('Files');
