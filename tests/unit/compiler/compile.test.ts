import { describe, expect, it } from 'vitest';
import { compile } from '@/lib/compiler/compile';
import type { PlanStep, TrainingPlan } from '@/lib/compiler/plan';
import { graph, transferChain } from '../../helpers/build';
import { realCatalog } from '../../helpers/fixtures';

const catalog = realCatalog();
const mobilenet = catalog.bases['mobilenet-v2']!;

function plan(g: ReturnType<typeof graph>, budget?: number): TrainingPlan {
  const r = compile(g, catalog, budget === undefined ? {} : { cacheBudgetBytes: budget });
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (!r.plan) throw new Error(`expected a plan, got ${JSON.stringify(errors, null, 1)}`);
  return r.plan;
}
const stepsOf = <K extends PlanStep['kind']>(p: TrainingPlan, kind: K) => p.steps.filter((s): s is Extract<PlanStep, { kind: K }> => s.kind === kind);
const codes = (g: ReturnType<typeof graph>) => compile(g, catalog).diagnostics.map((d) => `${d.severity}:${d.code}:${d.nodeId}`);

describe('MobileNetV2 base', () => {
  it("counts Keras' figures: 2,257,984 parameters, 34,112 of them batch-norm statistics", () => {
    const p = plan(transferChain({ freeze: { mode: 'none' } }));
    const build = stepsOf(p, 'build')[0]!;
    expect(build.params).toEqual({ trainable: 2_223_872, nonTrainable: 34_112, total: 2_257_984, exact: true });
  });

  it('cuts at out_relu by default with ceil(s/32)² × 1280 outputs, pooled to 1280', () => {
    for (const size of [96, 128, 160, 192, 224]) {
      const cut = mobilenet.layers.find((l) => l.name === 'out_relu')!;
      expect(cut.shapes[String(size)]).toEqual([Math.ceil(size / 32), Math.ceil(size / 32), 1280]);
    }
    const p = plan(transferChain({ base: { source: 'mobilenet-v2', inputSize: 160, pooling: 'max' } }));
    expect(p.models[0]!.base).toMatchObject({ cutAt: 'out_relu', inputSize: 160, pooling: 'max', poolingLayer: 'base_max_pool', valueRange: [-1, 1] });
    expect(p.models[0]!.layers[0]).toEqual({ class_name: 'Dense', config: { name: 'head_output', units: 5, activation: 'softmax', use_bias: true } });
  });

  it('cutting earlier keeps fewer layers and parameters', () => {
    const p = plan(transferChain({ base: { source: 'mobilenet-v2', inputSize: 96, cutAt: 'block_6_expand_relu' }, freeze: { mode: 'none' } }));
    const all = stepsOf(plan(transferChain({ freeze: { mode: 'none' } })), 'build')[0]!.params.total;
    expect(stepsOf(p, 'build')[0]!.params.total).toBeLessThan(all);
    expect(p.models[0]!.layers[0]!.config.units).toBe(5);
  });
});

describe('freeze modes change the trainable count correctly', () => {
  const head = 1280 * 5 + 5; // Dense(5) on 1280 pooled features
  const frozenBase = (freeze: Record<string, unknown>) => stepsOf(plan(transferChain({ freeze })), 'train')[0]!.params;
  const bn = mobilenet.layers.filter((l) => l.className === 'BatchNormalization');
  const bnTrainable = bn.reduce((n, l) => n + l.params.trainable, 0);

  it('all: only the head trains', () => {
    expect(frozenBase({ mode: 'all' })).toMatchObject({ trainable: head, nonTrainable: 2_257_984 });
  });

  it('none: everything but batch norm (frozen by default) trains', () => {
    expect(frozenBase({ mode: 'none' }).trainable).toBe(2_223_872 - bnTrainable + head);
    expect(frozenBase({ mode: 'none', batchNorm: 'follow' }).trainable).toBe(2_223_872 + head);
  });

  it('until: layers up to and including the named one are frozen, the rest train', () => {
    const after = mobilenet.layers.slice(mobilenet.layers.findIndex((l) => l.name === 'block_16_project_BN') + 1);
    const expected = after.filter((l) => l.className !== 'BatchNormalization').reduce((n, l) => n + l.params.trainable, 0);
    expect(expected).toBe(1280 * 320); // Conv_1's kernel (no bias)
    expect(frozenBase({ mode: 'until', layer: 'block_16_project_BN' }).trainable).toBe(expected + head);
    const follow = after.reduce((n, l) => n + l.params.trainable, 0);
    expect(frozenBase({ mode: 'until', layer: 'block_16_project_BN', batchNorm: 'follow' }).trainable).toBe(follow + head);
  });

  it('last-n: the last N weighted layers train', () => {
    // The last three weighted layers: Conv_1_bn (follow), Conv_1... and the head comes after the freeze, so it trains too.
    const p = frozenBase({ mode: 'last-n', count: 2, batchNorm: 'follow' });
    expect(p.trainable).toBe(1280 * 320 + 2 * 1280 + head);
  });

  it('match: layers whose names match train', () => {
    const block16 = mobilenet.layers.filter((l) => /^block_16_/.test(l.name) && l.className !== 'BatchNormalization').reduce((n, l) => n + l.params.trainable, 0);
    expect(frozenBase({ mode: 'match', pattern: '^block_16_' }).trainable).toBe(block16 + head);
  });

  it('the freeze step lists every weighted layer and counts the same numbers', () => {
    const p = plan(transferChain({ freeze: { mode: 'until', layer: 'block_15_add' } }));
    const f = stepsOf(p, 'freeze')[0]!;
    const weighted = mobilenet.layers.filter((l) => l.params.trainable + l.params.nonTrainable > 0);
    expect(Object.keys(f.trainable)).toEqual(weighted.map((l) => l.name));
    expect(f.trainable.block_15_project).toBe(false);
    expect(f.trainable.block_16_expand).toBe(true);
    expect(f.trainable.block_16_expand_BN).toBe(false);
  });
});

describe('stages and forks', () => {
  const twoStage = () => graph(
    [
      ['data', 'dataset', { source: 'synthetic', synthetic: { imageSize: 32, perClass: 10 } }],
      ['base', 'pretrained-base', { inputSize: 96 }], ['f1', 'freeze', {}], ['head', 'dense-head', {}],
      ['opt', 'optimizer', {}], ['t1', 'train', {}], ['f2', 'freeze', { mode: 'until', layer: 'block_15_add' }],
      ['slow', 'optimizer', { type: 'rmsprop', learningRate: 1e-5 }], ['t2', 'train', {}], ['ev', 'evaluate', {}],
    ],
    ['base.model->f1.model', 'f1.model->head.model', 'head.model->t1.model', 'data.data->t1.data', 'opt.optimizer->t1.optimizer',
      't1.model->f2.model', 'f2.model->t2.model', 'data.data->t2.data', 'slow.optimizer->t2.optimizer', 't2.model->ev.model', 'data.data->ev.data'],
  );

  it('two Train nodes on one chain run in order on the same weights', () => {
    const p = plan(twoStage());
    expect(p.steps.map((s) => `${s.kind}:${s.node}:${s.model}`)).toEqual([
      'build:base:base', 'freeze:f1:base', 'add-layers:head:base', 'train:t1:base', 'freeze:f2:base', 'train:t2:base', 'evaluate:ev:base',
    ]);
    const [s1, s2] = stepsOf(p, 'train');
    expect([s1!.stage, s2!.stage]).toEqual([1, 2]);
    expect(s2!.optimizer).toMatchObject({ type: 'rmsprop', learningRate: 1e-5, settings: { rho: 0.9, epsilon: 1e-7 } });
    expect(s2!.params.trainable).toBeGreaterThan(s1!.params.trainable);
    expect(p.summary.stages.map((s) => s.label)).toEqual(['Stage 1', 'Stage 2']);
  });

  it('an output feeding two branches forks: each branch trains its own copy', () => {
    const g = graph(
      [
        ['data', 'dataset', { source: 'synthetic', synthetic: { imageSize: 32, perClass: 10 } }],
        ['base', 'pretrained-base', { inputSize: 96 }], ['f', 'freeze', {}],
        ['a', 'dense-head', { hidden: [] }], ['b', 'dense-head', {}], ['opt', 'optimizer', {}], ['ta', 'train', {}], ['tb', 'train', {}],
      ],
      ['base.model->f.model', 'f.model->a.model', 'f.model->b.model', 'a.model->ta.model', 'b.model->tb.model',
        'data.data->ta.data', 'data.data->tb.data', 'opt.optimizer->ta.optimizer', 'opt.optimizer->tb.optimizer'],
    );
    const p = plan(g);
    expect(stepsOf(p, 'fork').map((s) => `${s.from}→${s.model}`)).toEqual(['base→a', 'base→b']);
    expect(stepsOf(p, 'train').map((s) => s.model)).toEqual(['a', 'b']);
    expect(p.models.map((m) => [m.id, m.forkedFrom, m.layers.length])).toEqual([['base', null, 0], ['a', 'base', 1], ['b', 'base', 3]]);
  });

  it('reading a model (evaluate, export) beside a branch that changes it forks only the branch', () => {
    const g = twoStage();
    g.nodes.push({ id: 'ev1', type: 'evaluate', typeVersion: 1, position: { x: 0, y: 0 }, params: { split: 'test' } });
    g.edges.push({ id: 'x1', source: 't1', sourcePort: 'model', target: 'ev1', targetPort: 'model' }, { id: 'x2', source: 'data', sourcePort: 'data', target: 'ev1', targetPort: 'data' });
    const p = plan(g);
    expect(stepsOf(p, 'fork').map((s) => `${s.from}→${s.model}`)).toEqual(['base→f2']);
    expect(stepsOf(p, 'evaluate').map((s) => `${s.node}:${s.model}`).sort()).toEqual(['ev1:base', 'ev:f2']);
  });
});

describe('frozen-prefix cache decision', () => {
  const cacheOf = (g: ReturnType<typeof graph>, budget?: number) => stepsOf(plan(g, budget), 'train')[0]!.cache;

  it('caches pooled features when the whole base is frozen', () => {
    const c = cacheOf(transferChain());
    expect(c).toMatchObject({ enabled: true, until: 'base_avg_pool', featureShape: [1280], bytes: 50 * 1280 * 4 });
  });

  it('never cuts through a skip connection', () => {
    // Freezing until block_16_expand (its batch norm stays frozen): the first layer that
    // trains is block_16_depthwise, and the layer before it is a single tensor.
    const c = cacheOf(transferChain({ freeze: { mode: 'until', layer: 'block_16_expand' } }));
    expect(c.until).toBe('block_16_expand_relu');
    const mid = cacheOf(transferChain({ freeze: { mode: 'until', layer: 'block_15_depthwise' }, base: { inputSize: 96 } }));
    // block_15_add reads block_14_add, so nothing inside block 15 is a valid cut: block_14_add is.
    expect(mid.until).toBe('block_14_add');
  });

  it('is off with augmentation, when turned off, or over the memory budget, and says why', () => {
    const g = transferChain({ train: { cache: 'off' } });
    expect(cacheOf(g)).toMatchObject({ enabled: false, reason: 'turned off on this Train node' });
    expect(cacheOf(transferChain(), 1000)).toMatchObject({ enabled: false, bytes: 256000, reason: expect.stringMatching(/over the 0.00 MB budget/) });
    const aug = transferChain();
    aug.nodes.push({ id: 'aug', type: 'augment', typeVersion: 1, position: { x: 0, y: 0 }, params: { rotation: 10, flipHorizontal: false, zoom: 0, translate: 0, brightness: 0, contrast: 0 } });
    aug.edges = aug.edges.filter((e) => e.target !== 'train' || e.targetPort !== 'data');
    aug.edges.push({ id: 'a1', source: 'data', sourcePort: 'data', target: 'aug', targetPort: 'data' }, { id: 'a2', source: 'aug', sourcePort: 'data', target: 'train', targetPort: 'data' });
    expect(cacheOf(aug)).toMatchObject({ enabled: false, reason: expect.stringMatching(/augmented/) });
    expect(stepsOf(plan(aug), 'train')[0]!.augment).toEqual([expect.objectContaining({ node: 'aug', rotation: 10 })]);
  });

  it('is off when nothing with weights is frozen before the first layer that trains', () => {
    expect(cacheOf(transferChain({ freeze: { mode: 'none' } }))).toMatchObject({ enabled: false, reason: expect.stringMatching(/no frozen layers with weights/) });
  });
});

describe('input adapter and class resolution', () => {
  it('resizes, copies gray to RGB and scales for MobileNetV2', () => {
    const p = plan(transferChain({ data: { source: 'mnist', classes: ['3', '8'] } }));
    expect(stepsOf(p, 'train')[0]!.adapter).toEqual({ from: [28, 28, 1], to: [96, 96, 3], resize: [96, 96], channels: 'gray-to-rgb', scale: { from: [0, 1], to: [-1, 1] } });
    expect(codes(transferChain({ data: { source: 'mnist', classes: ['3', '8'] } }))).toContain('info:input-adapted:train');
  });

  it('needs no adapter for digits-cnn on MNIST', () => {
    const p = plan(transferChain({ data: { source: 'mnist', classes: ['5', '6'] }, base: { source: 'digits-cnn', cutAt: 'flatten', pooling: 'none' } }));
    expect(stepsOf(p, 'train')[0]!.adapter).toBeNull();
  });

  it('sizes an auto head from the filtered classes, and counts samples with the limit', () => {
    const p = plan(transferChain({ data: { source: 'mnist', classes: ['1', '2', '3'], limitPerClass: 40 } }));
    expect(p.models[0]!.outputShape).toEqual([3]);
    expect(p.datasets[0]).toMatchObject({ classes: ['1', '2', '3'], counts: { 1: 40, 2: 40, 3: 40 } });
    expect(stepsOf(p, 'train')[0]!.loss).toBe('categoricalCrossentropy');
  });

  it('uses binary cross-entropy for a sigmoid head', () => {
    const p = plan(transferChain({ head: { hidden: [], outputActivation: 'sigmoid' } }));
    expect(stepsOf(p, 'train')[0]!.loss).toBe('binaryCrossentropy');
  });

  it('builds a from-scratch model on the shape of the data that trains it', () => {
    const g = graph(
      [['data', 'dataset', { source: 'synthetic', synthetic: { imageSize: 24, perClass: 5 } }],
        ['cnn', 'layers', { layers: [{ class_name: 'Conv2D', config: { filters: 4 } }, { class_name: 'Flatten', config: {} }, { class_name: 'Dense', config: { units: 5, activation: 'softmax' } }] }],
        ['opt', 'optimizer', {}], ['t', 'train', {}]],
      ['cnn.model->t.model', 'data.data->t.data', 'opt.optimizer->t.optimizer'],
    );
    const p = plan(g);
    const b = stepsOf(p, 'build')[0]!;
    expect(b.inputShape).toEqual([24, 24, 3]);
    expect(b.layers.map((l) => l.config.name)).toEqual(['cnn_conv2d_1', 'cnn_flatten_2', 'cnn_dense_3']);
    expect(b.params.total).toBe((3 * 3 * 3 * 4 + 4) + (22 * 22 * 4 * 5 + 5));
  });
});

describe('diagnostics', () => {
  it('warns about an export or predict that no Train node reaches', () => {
    const g = graph([['base', 'pretrained-base', { inputSize: 96 }], ['out', 'export', {}], ['p', 'predict', {}]], ['base.model->out.model', 'base.model->p.model']);
    expect(codes(g)).toEqual(['warning:untrained-model:out', 'warning:untrained-model:p']);
    expect(compile(g, catalog).plan).not.toBeNull();
  });

  it('compiles an empty graph to an empty plan', () => {
    expect(compile(graph([], []), catalog)).toMatchObject({ plan: { steps: [] }, diagnostics: [] });
  });

  it('produces no plan when there is an error, and lists errors first', () => {
    const g = transferChain({ data: { source: 'mnist', classes: ['7'] } });
    g.nodes.push({ id: 'lonely', type: 'optimizer', typeVersion: 2, position: { x: 0, y: 0 }, params: {} });
    const r = compile(g, catalog);
    expect(r.plan).toBeNull();
    expect(r.diagnostics.map((d) => d.severity)).toEqual(['error', 'warning']);
  });

  it('flags a numeric head size that disagrees with the classes, on the head', () => {
    expect(codes(transferChain({ head: { units: 3 } }))).toContain('error:units-mismatch:head');
    expect(codes(transferChain({ head: { units: 5 } }))).not.toContain('error:units-mismatch:head');
  });

  it('flags early stopping on validation metrics without a validation split', () => {
    const g = transferChain({ data: { source: 'synthetic', validationSplit: 0 }, train: { earlyStopping: { monitor: 'val_loss', patience: 2, restoreBest: true } } });
    expect(codes(g)).toContain('error:no-validation-data:train');
  });

  it('refuses a base input size the base does not take, and a cut at an unknown layer', () => {
    expect(codes(transferChain({ base: { inputSize: 100 } }))).toContain('error:bad-input-size:base');
    const r = compile(transferChain({ base: { cutAt: 'block_6_expnd' } }), catalog);
    expect(r.diagnostics[0]).toMatchObject({ code: 'layer-not-found', nodeId: 'base' });
    expect(r.diagnostics[0]!.hint).toContain('"block_6_expand"');
  });
});

describe('per-node info for the editor', () => {
  it('gives model nodes their output shape and parameter counts, freeze nodes their layers', () => {
    const r = compile(transferChain({ freeze: { mode: 'until', layer: 'block_16_project_BN' } }), catalog);
    expect(r.nodes.base).toMatchObject({ outputShape: [1280], params: { trainable: 2_223_872, total: 2_257_984 } });
    expect(r.nodes.freeze!.params!.trainable).toBe(1280 * 320);
    const conv1 = r.nodes.freeze!.layers!.find((l) => l.name === 'Conv_1')!;
    expect(conv1).toEqual({ name: 'Conv_1', className: 'Conv2D', outputShape: [3, 3, 1280], params: 409_600, trainable: true });
    expect(r.nodes.freeze!.layers!.find((l) => l.name === 'block_16_project')!.trainable).toBe(false);
    expect(r.nodes.head).toMatchObject({ outputShape: [5], params: { trainable: 1280 * 320 + 6405 } });
    expect(r.nodes.data).toEqual({ classes: ['circle', 'square', 'triangle', 'star', 'cross'], samples: 50, sampleShape: [32, 32, 3] });
  });

  it('keeps the info of healthy nodes when another node has an error', () => {
    const g = transferChain();
    g.nodes.push({ id: 'bad', type: 'optimizer', typeVersion: 2, position: { x: 0, y: 0 }, params: { learningRate: 0 } as never });
    const r = compile(g, catalog);
    expect(r.plan).toBeNull();
    expect(r.nodes.base?.outputShape).toEqual([1280]);
  });
});

describe('independent problems are all reported', () => {
  it('a broken optimizer does not hide a head whose units disagree with the classes', () => {
    const g = transferChain({ head: { units: 4 } });
    g.nodes.find((n) => n.id === 'opt')!.params = { ...g.nodes.find((n) => n.id === 'opt')!.params, learningRate: 0 };
    expect(codes(g)).toEqual(expect.arrayContaining(['error:bad-learning-rate:opt', 'error:units-mismatch:head']));
  });
});

describe('library bases', () => {
  // A model exported by mnist-transfer: digits-cnn's layers, then the old head ("head_…").
  const digits = catalog.bases['digits-cnn']!;
  const flatten = digits.layers.findIndex((l) => l.name === 'flatten');
  const old = [
    { name: 'head_dense_1', className: 'Dense', inbound: ['flatten'], params: { trainable: 102_528, nonTrainable: 0 }, shapes: { 28: [128] } },
    { name: 'head_dropout_1', className: 'Dropout', inbound: ['head_dense_1'], params: { trainable: 0, nonTrainable: 0 }, shapes: { 28: [128] } },
    { name: 'head_output', className: 'Dense', inbound: ['head_dropout_1'], params: { trainable: 645, nonTrainable: 0 }, shapes: { 28: [5] } },
  ];
  const entry = { ...digits, id: 'digits-5-9', label: 'digits-5-9', path: 'library:digits-5-9', classes: ['5', '6', '7', '8', '9'], layers: [...digits.layers.slice(0, flatten + 1), ...old], defaultCutAt: 'head_dropout_1' };
  const withLibrary = { ...catalog, library: { 'digits-5-9': entry } };
  const g = transferChain({
    data: { source: 'mnist', classes: ['5', '6', '7', '8', '9'] },
    base: { source: 'library', libraryId: 'digits-5-9', cutAt: 'head_dropout_1', pooling: 'none' },
    head: { hidden: [{ units: 32, activation: 'relu', dropout: 0.5 }] },
  });

  it('a new head with the old head\'s node id gets names that step aside from the kept layers', () => {
    const r = compile(g, withLibrary);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const added = r.plan!.steps.find((s) => s.kind === 'add-layers')!;
    expect(added.kind === 'add-layers' && added.layers.map((l) => l.config.name)).toEqual(['head_dense_1_2', 'head_dropout_1_2', 'head_output']);
  });

  it('cut earlier, the old head goes and the new one takes its names back', () => {
    const r = compile(transferChain({
      data: { source: 'mnist', classes: ['5', '6', '7', '8', '9'] },
      base: { source: 'library', libraryId: 'digits-5-9', cutAt: 'flatten', pooling: 'none' },
      head: { hidden: [{ units: 32, activation: 'relu', dropout: 0.5 }] },
    }), withLibrary);
    const added = r.plan!.steps.find((s) => s.kind === 'add-layers')!;
    expect(added.kind === 'add-layers' && added.layers.map((l) => l.config.name)).toEqual(['head_dense_1', 'head_dropout_1', 'head_output']);
  });

  it('a library model that is not in this browser is an error that says what to do', () => {
    expect(codes(g)).toContain('error:library-model-missing:base');
  });
});

describe('stored image datasets', () => {
  const ref = { id: 'ds-1', hash: 'sha256:aa', classes: ['cat', 'dog'], counts: { cat: 10, dog: 12 } };
  const g = transferChain({ data: { source: 'images', ref, imageSize: 96 } });

  it('outside the browser (no stored list) a reference is trusted: the CLI passes folders', () => {
    expect(codes(g).filter((c) => c.startsWith('error'))).toEqual([]);
  });

  it('in a browser that lacks it, the node says so and how to relink', () => {
    const r = compile(g, { ...catalog, stored: {} });
    const d = r.diagnostics.find((x) => x.code === 'dataset-missing')!;
    expect(d).toMatchObject({ severity: 'error', nodeId: 'data' });
    expect(d.message).toMatch(/"cat", "dog"/);
    expect(d.hint).toMatch(/Drop its folder/);
    expect(r.plan).toBeNull();
  });

  it('stored with other contents: a warning, and it still compiles', () => {
    const r = compile(g, { ...catalog, stored: { 'ds-1': { hash: 'sha256:bb', classes: ['cat', 'dog'] } } });
    expect(r.diagnostics.map((x) => x.code)).toContain('dataset-changed');
    expect(r.plan).not.toBeNull();
    expect(compile(g, { ...catalog, stored: { 'ds-1': { hash: 'sha256:aa', classes: ['cat', 'dog'] } } }).diagnostics.map((x) => x.code)).not.toContain('dataset-changed');
  });

  it('fed larger than stored: a warning that says how to keep the detail', () => {
    const at = (size: number) => compile(g, { ...catalog, stored: { 'ds-1': { hash: 'sha256:aa', classes: ['cat', 'dog'], size } } }).diagnostics.filter((x) => x.code === 'dataset-upscaled');
    expect(at(128)).toEqual([]);
    expect(at(64)[0]!.message).toMatch(/stored at 64 px.*96 px/);
  });
});

describe('a model from scratch with a head', () => {
  it('builds the Layers node\'s layers and adds the head\'s once (no layer twice at run time)', () => {
    const p = plan(graph(
      [
        ['data', 'dataset', { source: 'synthetic', synthetic: { imageSize: 32, perClass: 10 } }],
        ['net', 'layers', { layers: [{ class_name: 'Conv2D', config: { filters: 4, kernel_size: 3 } }, { class_name: 'Flatten', config: {} }] }],
        ['head', 'dense-head', { hidden: [] }], ['opt', 'optimizer', {}], ['train', 'train', {}],
      ],
      ['net.model->head.model', 'head.model->train.model', 'data.data->train.data', 'opt.optimizer->train.optimizer'],
    ));
    const build = stepsOf(p, 'build')[0]!;
    const add = stepsOf(p, 'add-layers')[0]!;
    expect(build.layers.map((l) => l.class_name)).toEqual(['Conv2D', 'Flatten']);
    expect(add.layers.map((l) => l.config.name)).toEqual(['head_output']);
    expect(p.models[0]!.layers.map((l) => l.class_name)).toEqual(['Conv2D', 'Flatten', 'Dense']);
  });
});
