/** Samples in memory: values in [0, 1], height × width × channels, row-major. */
export interface LoadedDataset {
  /** The dataset node's id. */
  id: string;
  classes: string[];
  shape: [number, number, number];
  x: Float32Array;
  /** Index into `classes`, one per sample. */
  labels: Int32Array;
  /** A stable id per sample, shown for misclassified samples (e.g. `mnist:7:123`, a file path). */
  ids: string[];
  splits: { train: number[]; validation: number[]; test: number[] };
  /** Files that were not used, and why (image folders). */
  skipped: { file: string; reason: string }[];
}

export type SplitName = keyof LoadedDataset['splits'];
