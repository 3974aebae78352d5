import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { classify, DatasetImportError, expandZips, importImages, MAX_FILES } from '@/lib/runtime/browser/datasets';
import type { InputFile } from '@/lib/runtime/browser/datasets';

const files = (...paths: string[]): InputFile[] => paths.map((path) => ({ path, data: new Blob(['x']) }));
const summary = (r: ReturnType<typeof classify>) => ({ classes: Object.fromEntries([...r.byClass].map(([c, l]) => [c, l.map((f) => f.path)])), skipped: r.skipped });

describe('sorting a folder into classes (image_dataset_from_directory)', () => {
  it('takes the first folder under the one that was dropped as the class; lists what is not used', () => {
    const r = classify(files('pets/cat/1.png', 'pets/cat/2.JPG', 'pets/dog/a/b.webp', 'pets/README.txt', 'pets/dog/notes.md', 'pets/.DS_Store', 'pets/__MACOSX/cat/._1.png'));
    expect(summary(r)).toEqual({
      classes: { cat: ['cat/1.png', 'cat/2.JPG'], dog: ['dog/a/b.webp'] },
      skipped: [{ file: 'pets/README.txt', reason: 'not an image (PNG, JPEG, GIF, WebP or BMP)' }, { file: 'pets/dog/notes.md', reason: 'not an image (PNG, JPEG, GIF, WebP or BMP)' }],
    });
  });

  it('a zip without a root folder, and images outside any class folder', () => {
    const r = classify(files('cat/1.png', 'dog/1.png', 'loose.png'));
    expect(summary(r).classes).toEqual({ cat: ['cat/1.png'], dog: ['dog/1.png'] });
    expect(r.skipped).toEqual([{ file: 'loose.png', reason: 'not inside a class folder' }]);
  });

  it('a picked class folder on its own stays one class (so the message can say so)', () => {
    expect([...classify(files('cats/1.png', 'cats/2.png')).byClass.keys()]).toEqual(['cats']);
  });

  it('orders classes naturally (2 before 10)', () => {
    expect([...classify(files('d/10/a.png', 'd/2/a.png', 'd/1/a.png')).byClass.keys()]).toEqual(['1', '2', '10']);
  });
});

describe('zips', () => {
  it('opens zips in place, keeping their paths', async () => {
    const zip = zipSync({ 'shapes/circle/1.png': strToU8('png'), 'shapes/square/1.png': strToU8('png'), 'shapes/': new Uint8Array() });
    const out = await expandZips([{ path: 'shapes.zip', data: new Blob([zip]) }, { path: 'other/x.png', data: new Blob(['x']) }]);
    expect(out.map((f) => f.path).sort()).toEqual(['other/x.png', 'shapes/circle/1.png', 'shapes/square/1.png']);
  });

  it('a damaged zip is reported by name with what to do', async () => {
    const err = await expandZips([{ path: 'photos.zip', data: new Blob(['PK not a zip at all']) }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetImportError);
    expect((err as Error).message).toMatch(/photos.zip is not a zip file that can be opened.*pick the folder instead/);
  });
});

describe('what is refused before anything is decoded or stored', () => {
  const opts = { name: 'test', imageSize: 96 };
  const refused = (input: InputFile[]) => importImages(input, opts).then(() => null, (e: unknown) => e as DatasetImportError);

  it('an empty folder', async () => {
    expect((await refused([]))!.message).toMatch(/^The folder is empty\. Pick a folder with one sub-folder of images per class/);
  });

  it('a folder of only non-images lists them', async () => {
    const err = (await refused(files('stuff/a/notes.txt', 'stuff/b/data.csv')))!;
    expect(err.message).toMatch(/No images were found in class sub-folders/);
    expect(err.skipped.map((s) => s.file)).toEqual(['stuff/a/notes.txt', 'stuff/b/data.csv']);
  });

  it('a single class', async () => {
    expect((await refused(files('cats/a/1.png', 'cats/a/2.png')))!.message).toMatch(/Only one class was found \("a"\): a classifier needs at least two/);
  });

  it('more files than a dataset holds', async () => {
    const many = Array.from({ length: MAX_FILES + 1 }, (_, i) => ({ path: `d/c${i % 2}/${i}.png`, data: new Blob(['x']) }));
    expect((await refused(many))!.message).toMatch(/^That is 20,001 files .* a dataset holds at most 20,000 files and 1 GB\. Pick fewer images per class, or smaller ones\./);
  });
});
