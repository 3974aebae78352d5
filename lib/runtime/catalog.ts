import type { BaseCatalogEntry, CatalogLayer } from '@/lib/catalog/types';
import { tf } from './tf';

type KerasLayerJson = { name: string; class_name: string; config: Record<string, unknown>; inbound_nodes: unknown[] };
export type KerasTopology = { model_config?: { config: { layers: KerasLayerJson[] } }; config?: { layers: KerasLayerJson[] } };

function inboundNames(layer: KerasLayerJson): string[] {
  const names: string[] = [];
  for (const node of (layer.inbound_nodes ?? []) as unknown[][]) {
    for (const conn of node as unknown[]) {
      if (Array.isArray(conn) && typeof conn[0] === 'string') names.push(conn[0]);
    }
  }
  return names;
}

const count = (ws: { shape: (number | null)[] }[]) => ws.reduce((n, w) => n + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);

/**
 * The catalog entry of a Keras-format model: its layers in order with their inbound layers,
 * trainable and non-trainable parameter counts (every layer set trainable, as a base loads),
 * and output shapes at each supported input size. Builds the model once per size with random
 * weights: only shapes and counts are read. Used by prepare-assets and the model library.
 */
export async function catalogFromTopology(topology: KerasTopology, entry: Omit<BaseCatalogEntry, 'layers'>): Promise<BaseCatalogEntry> {
  const layersJson = (topology.model_config?.config ?? topology.config)!.layers;
  const shapes = new Map<string, Record<string, number[]>>();
  let params = new Map<string, { trainable: number; nonTrainable: number }>();
  for (const size of entry.inputSizes) {
    const sized = structuredClone(topology);
    const input = (sized.model_config?.config ?? sized.config)!.layers[0]!;
    const declared = input.config.batch_input_shape as (number | null)[];
    input.config.batch_input_shape = declared.length === 4 ? [null, size, size, entry.channels] : declared;
    const model = await tf.models.modelFromJSON({ modelTopology: sized } as tf.io.ModelJSON);
    params = new Map();
    for (const layer of model.layers) {
      layer.trainable = true;
      const rec = shapes.get(layer.name) ?? {};
      rec[String(size)] = (layer.outputShape as number[]).slice(1);
      shapes.set(layer.name, rec);
      params.set(layer.name, { trainable: count(layer.trainableWeights), nonTrainable: count(layer.nonTrainableWeights) });
    }
    model.dispose();
  }
  const layers: CatalogLayer[] = layersJson.map((l) => ({
    name: l.name,
    className: l.class_name,
    inbound: inboundNames(l),
    params: params.get(l.name) ?? { trainable: 0, nonTrainable: 0 },
    shapes: shapes.get(l.name) ?? {},
  }));
  return { ...entry, layers };
}
