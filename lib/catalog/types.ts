/** What the compiler knows of the bases and datasets, built by scripts/prepare-assets.ts. */

/** One layer of a pretrained base, in Keras' topological order. */
export interface CatalogLayer {
  name: string;
  className: string;
  /** Names of the layers whose outputs feed this one. */
  inbound: string[];
  /** Trainable weights (kernels, biases, BN gamma/beta) and non-trainable ones (BN moving statistics). */
  params: { trainable: number; nonTrainable: number };
  /** Output shape without the batch dimension, per supported input size (key: the size). */
  shapes: Record<string, number[]>;
}

export interface BaseCatalogEntry {
  id: string;
  label: string;
  description: string;
  /** Input sides the base accepts, in pixels; the first is not the default, see defaultInputSize. */
  inputSizes: number[];
  defaultInputSize: number;
  channels: 1 | 3;
  /** The value range its inputs are scaled to (MobileNetV2: [-1, 1]; digits-cnn: [0, 1]). */
  valueRange: [number, number];
  defaultCutAt: string;
  /** The classes of the base's own top, when it has one (digits-cnn: "0"–"4"). */
  classes: string[] | null;
  /** Where the runtime loads it from (relative to the site root or the repo's public/). */
  path: string;
  /** Every layer, input layer first, in topological order. */
  layers: CatalogLayer[];
  /** false when the weights are not there yet (digits-cnn before it is pretrained). */
  available: boolean;
}

export interface DatasetCatalogEntry {
  id: string;
  label: string;
  classes: string[];
  counts: Record<string, number>;
  /** Height, width, channels. */
  shape: [number, number, number];
  path: string;
}

export interface Catalog {
  format: 'graft.catalog';
  version: 1;
  bases: Record<string, BaseCatalogEntry>;
  datasets: Record<string, DatasetCatalogEntry>;
  /** Models saved in the browser's library, added by the editor at run time. */
  library?: Record<string, BaseCatalogEntry>;
  /**
   * Image datasets stored in this browser (by id), added by the editor. Absent outside the
   * browser (the CLI takes folders with --data), where stored references are not checked.
   */
  stored?: Record<string, { hash: string; classes: string[]; size?: number }>;
}
