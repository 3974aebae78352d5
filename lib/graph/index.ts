export * from './schema';
export { parseGraph, parseGraphText } from './parse';
export type { ParseResult } from './parse';
export { serializeGraph, emptyGraph } from './serialize';
export { resolveNode } from './resolve-node';
export type { ResolvedNode, NodeProblem } from './resolve-node';
export { migrateDocument, migrateNodeParams, DOCUMENT_MIGRATIONS } from './migrations';
