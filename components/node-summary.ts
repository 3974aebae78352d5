import type { NodeInfo } from '@/lib/compiler/plan';

/** Numbers as people write them: 0.001, 1e-5, 2,048. */
export const n = (x: unknown) => {
  if (typeof x !== 'number') return String(x);
  if (x !== 0 && Math.abs(x) < 0.001) return x.toExponential().replace(/\.?0+e/, 'e').replace('e-', 'e-');
  return x.toLocaleString('en-US', { maximumSignificantDigits: 6 });
};

/** The few params worth seeing on the node itself, as short lines. */
export function summarize(type: string, p: Record<string, unknown>): string[] {
  switch (type) {
    case 'dataset': {
      const classes = Array.isArray(p.classes) ? `${(p.classes as string[]).length} classes` : 'all classes';
      const src = p.source === 'synthetic' ? `synthetic shapes, ${n((p.synthetic as { perClass: number })?.perClass)}/class` : String(p.source);
      return [src, `${classes}${p.limitPerClass ? `, ≤${n(p.limitPerClass)}/class` : ''}`, `val ${Math.round(Number(p.validationSplit) * 100)}% · test ${Math.round(Number(p.testSplit) * 100)}%`];
    }
    case 'augment':
      return [['flipHorizontal', 'rotation', 'zoom', 'translate', 'brightness', 'contrast'].filter((k) => p[k]).map((k) => (k === 'flipHorizontal' ? 'flip' : `${k} ${n(p[k])}`)).join(', ') || 'nothing on'];
    case 'pretrained-base':
      return [String(p.source), `cut ${p.cutAt ?? 'default'} · ${p.inputSize ?? 'default'} px · ${p.pooling} pool`];
    case 'freeze':
      return [p.mode === 'until' ? `freeze until ${p.layer ?? '?'}` : p.mode === 'last-n' ? `train last ${n(p.count)}` : p.mode === 'match' ? `train /${p.pattern ?? ''}/` : p.mode === 'all' ? 'freeze all' : 'train all', `batch norm ${p.batchNorm}`];
    case 'dense-head': {
      const hidden = (p.hidden as { units: number; activation: string; dropout: number }[]) ?? [];
      return [[...hidden.map((h) => `${h.units} ${h.activation}${h.dropout ? ` ↓${h.dropout}` : ''}`), `${p.units} ${p.outputActivation}`].join(' → ')];
    }
    case 'layers': {
      const layers = (p.layers as { class_name: string }[]) ?? [];
      return [layers.length ? layers.map((l) => l.class_name.replace('2D', '')).join(' → ') : 'no layers'];
    }
    case 'optimizer':
      return [`${p.type} · lr ${n(p.learningRate)}`, `schedule ${(p.schedule as { type: string })?.type ?? 'constant'}`];
    case 'train':
      return [`${n(p.epochs)} epochs · batch ${n(p.batchSize)}`, p.earlyStopping ? 'early stopping' : `cache ${p.cache}`];
    case 'evaluate':
      return [`on the ${p.split} split`];
    case 'export':
      return [`"${p.name}" · ${p.quantize === 'none' ? 'float32' : p.quantize}`];
    case 'predict':
      return [`${p.input} · top ${n(p.topK)}`];
    default:
      return [];
  }
}

/** Output shape and trainable / frozen counts, for model nodes. */
export function infoLine(info: NodeInfo | undefined): string | null {
  if (!info) return null;
  if (info.classes) return `${info.classes.length} classes${info.samples ? ` · ${info.samples.toLocaleString('en-US')} samples` : ''}`;
  if (!info.params) return null;
  const shape = info.outputShape ? `out ${info.outputShape.join('×')}` : 'out ?';
  return `${shape} · ${compact(info.params.trainable)} trainable · ${compact(info.params.nonTrainable)} frozen`;
}

export function compact(x: number): string {
  if (x >= 1e6) return `${(x / 1e6).toFixed(x >= 1e7 ? 0 : 2)}M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(x >= 1e4 ? 0 : 1)}k`;
  return String(x);
}
