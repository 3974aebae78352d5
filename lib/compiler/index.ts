export { compile, DEFAULT_CACHE_BUDGET } from './compile';
export type { CompileOptions } from './compile';
export * from './plan';
export { inferLayer, formatShape } from './layers';
export type { Shape } from './layers';
