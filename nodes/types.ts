import type { z } from 'zod';

/** The kinds of value that travel along edges. */
export type PortType = 'dataset' | 'model' | 'optimizer';

export const PORT_TYPES: readonly PortType[] = ['dataset', 'model', 'optimizer'];

/** One input or output of a node type. */
export interface PortDefinition {
  id: string;
  type: PortType;
  label: string;
  /** An optional input may be left unconnected (a `layers` node with no input builds from scratch). */
  optional?: boolean;
}

export type NodeCategory = 'data' | 'model' | 'training' | 'output';

/** One step that moves a node's params from `from` to `from + 1`. Pure: returns new params. */
export interface NodeMigration {
  from: number;
  description: string;
  up(params: Record<string, unknown>): Record<string, unknown>;
}

/** A node type, as data: ports, a zod params schema with defaults, and its migrations. */
export interface NodeDefinition<Schema extends z.ZodType = z.ZodType> {
  type: string;
  version: number;
  label: string;
  category: NodeCategory;
  /** One line, shown in the palette. */
  description: string;
  inputs: readonly PortDefinition[];
  outputs: readonly PortDefinition[];
  params: Schema;
  /** Ordered: migrations[i].from === i + 1, and the last one leads to `version`. */
  migrations: readonly NodeMigration[];
}

export function defineNode<Schema extends z.ZodType>(def: NodeDefinition<Schema>): NodeDefinition<Schema> {
  return def;
}
