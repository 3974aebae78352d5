import { z } from 'zod';
import { defineNode } from './types';

export const OPTIMIZER_TYPES = ['sgd', 'momentum', 'adam', 'rmsprop', 'adagrad', 'adamax'] as const;

export const zSchedule = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('constant') }),
  /** Keras' ExponentialDecay: lr · decayRate^(step / decaySteps), step counted in batches. */
  z.strictObject({
    type: z.literal('exponential'),
    decayRate: z.number().gt(0).max(1).default(0.96),
    decaySteps: z.int().min(1).default(100),
  }),
  /** Keras' CosineDecay: from lr down to lr · alpha over decaySteps batches. */
  z.strictObject({
    type: z.literal('cosine'),
    decaySteps: z.int().min(1).default(1000),
    alpha: z.number().min(0).max(1).default(0),
  }),
]);
export type Schedule = z.infer<typeof zSchedule>;

export const zOptimizerParams = z.strictObject({
  type: z.enum(OPTIMIZER_TYPES).default('adam'),
  // Any finite number passes here: a zero or negative rate gets its own diagnostic
  // (bad-learning-rate) from the compiler, with a hint, instead of a schema error.
  learningRate: z.number().default(0.001),
  momentum: z.number().min(0).lt(1).default(0.9),
  beta1: z.number().min(0).lt(1).default(0.9),
  beta2: z.number().min(0).lt(1).default(0.999),
  rho: z.number().min(0).lt(1).default(0.9),
  epsilon: z.number().positive().default(1e-7),
  schedule: zSchedule.default({ type: 'constant' }),
});
export type OptimizerParams = z.infer<typeof zOptimizerParams>;

export const optimizerNode = defineNode({
  type: 'optimizer',
  version: 2,
  label: 'Optimizer',
  category: 'training',
  description: 'How weights move: SGD, momentum, Adam, RMSprop, Adagrad or Adamax, with a learning-rate schedule.',
  inputs: [],
  outputs: [{ id: 'optimizer', type: 'optimizer', label: 'optimizer' }],
  params: zOptimizerParams,
  migrations: [
    {
      from: 1,
      description:
        'v1 kept the schedule flat (schedule: "exponential", decayRate, decaySteps, alpha beside it); v2 nests its fields in one schedule object.',
      up(params) {
        const { schedule, decayRate, decaySteps, alpha, ...rest } = params;
        const type = typeof schedule === 'string' ? schedule : 'constant';
        const nested: Record<string, unknown> = { type };
        if (type === 'exponential') {
          if (decayRate !== undefined) nested.decayRate = decayRate;
          if (decaySteps !== undefined) nested.decaySteps = decaySteps;
        } else if (type === 'cosine') {
          if (decaySteps !== undefined) nested.decaySteps = decaySteps;
          if (alpha !== undefined) nested.alpha = alpha;
        }
        return { ...rest, schedule: nested };
      },
    },
  ],
});
