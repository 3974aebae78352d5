import { describe, expect, it } from 'vitest';
import { warningsOf } from '@/components/data/warnings';

describe('dataset warnings', () => {
  it('none for balanced classes of ten or more', () => {
    expect(warningsOf({ cat: 40, dog: 30, bird: 14 })).toEqual([]);
  });
  it('names tiny classes', () => {
    expect(warningsOf({ cat: 12, dog: 9 })).toEqual([expect.stringMatching(/^"dog" has 9 images: with fewer than 10 per class/)]);
  });
  it('names the biggest and smallest class when one is three times the other', () => {
    const [w] = warningsOf({ cat: 90, dog: 30, bird: 45 });
    expect(w).toMatch(/Imbalanced: "cat" has 3× as many images as "dog"/);
    expect(warningsOf({ cat: 89, dog: 30 })).toEqual([]);
  });

  it('an empty class is named as tiny, not as the small side of the ratio', () => {
    const ws = warningsOf({ a: 90, b: 0, c: 30 });
    expect(ws[0]).toMatch(/^"b" has 0 images/);
    expect(ws[1]).toMatch(/"a" has 3× as many images as "c"/);
  });
  it('ten images is enough not to be tiny', () => {
    expect(warningsOf({ a: 10, b: 10 })).toEqual([]);
  });
});
