import { mixSeed, mulberry32, shuffleInPlace } from './random';

/**
 * Stratified, deterministic split: within each class the samples are shuffled by the seed,
 * then the first round(n·test) go to test, the next round(n·validation) to validation and
 * the rest to training. The same seed and sample order always give the same split.
 */
export function splitByClass(labels: Int32Array, numClasses: number, validationSplit: number, testSplit: number, seed: number) {
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  labels.forEach((label, i) => byClass[label]!.push(i));
  const train: number[] = [];
  const validation: number[] = [];
  const test: number[] = [];
  byClass.forEach((indices, c) => {
    shuffleInPlace(indices, mulberry32(mixSeed(seed, 0x5917, c)));
    const n = indices.length;
    const nTest = Math.round(n * testSplit);
    const nVal = Math.round(n * validationSplit);
    test.push(...indices.slice(0, nTest));
    validation.push(...indices.slice(nTest, nTest + nVal));
    train.push(...indices.slice(nTest + nVal));
  });
  const asc = (a: number, b: number) => a - b;
  return { train: train.sort(asc), validation: validation.sort(asc), test: test.sort(asc) };
}
