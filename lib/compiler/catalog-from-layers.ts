import type { KerasLayer } from '@/nodes/keras-layers';
import type { CatalogLayer } from '@/lib/catalog/types';
import { defaultLayerName, inferLayer } from './layers';
import type { Shape } from './layers';

/** Names every layer the way the plan will: its own name, or class-based and unique. */
export function nameLayers(layers: readonly KerasLayer[], prefix: string, taken: Set<string>): string[] {
  return layers.map((layer, i) => {
    let name = layer.config.name ?? `${prefix}${defaultLayerName(layer.class_name)}_${i + 1}`;
    if (layer.config.name === null) {
      let n = 2;
      const base = name;
      while (taken.has(name)) name = `${base}_${n++}`;
    }
    taken.add(name);
    return name;
  });
}

/** Catalog entries for a sequential Keras model, as if it had been built at `size`. */
export function catalogLayersFromKeras(layers: readonly KerasLayer[], inputShape: Shape, size: number): CatalogLayer[] {
  const out: CatalogLayer[] = [{
    name: 'input',
    className: 'InputLayer',
    inbound: [],
    params: { trainable: 0, nonTrainable: 0 },
    shapes: { [String(size)]: [...inputShape] },
  }];
  const names = nameLayers(layers, '', new Set(['input']));
  let shape = inputShape;
  layers.forEach((layer, i) => {
    const inf = inferLayer(layer, shape);
    if (!inf.ok) throw new Error(`layer ${names[i]}: ${inf.message}`);
    out.push({
      name: names[i]!,
      className: layer.class_name,
      inbound: [out[out.length - 1]!.name],
      params: inf.params,
      shapes: { [String(size)]: inf.outputShape },
    });
    shape = inf.outputShape;
  });
  return out;
}
