import type { z } from 'zod';
import { getNodeDefinition } from '@/nodes/registry';
import type { NodeDefinition } from '@/nodes/types';
import { migrateNodeParams } from './migrations';
import type { GraphNode } from './schema';
import { formatPath } from './schema';

/** A problem with one node's type or params, relative to the node (`params.rate`). */
export interface NodeProblem {
  code: 'unknown-node-type' | 'newer-node-version' | 'migration-failed' | 'invalid-params';
  path: string;
  message: string;
}

export type ResolvedNode =
  | { ok: true; def: NodeDefinition; params: Record<string, unknown>; migrated: string[] }
  | { ok: false; def: NodeDefinition | undefined; problems: NodeProblem[] };

/**
 * Looks a node's type up, migrates its params to the type's version and validates them.
 * Used by both parseGraph and compile, so a node is judged the same way everywhere.
 */
export function resolveNode(node: Pick<GraphNode, 'type' | 'typeVersion' | 'params'>): ResolvedNode {
  const def = getNodeDefinition(node.type);
  if (!def) {
    return {
      ok: false,
      def: undefined,
      problems: [{ code: 'unknown-node-type', path: 'type', message: `"${node.type}" is not a node type Graft knows; it is kept as it is, but cannot run.` }],
    };
  }
  if (node.typeVersion > def.version) {
    return {
      ok: false,
      def,
      problems: [{
        code: 'newer-node-version',
        path: 'typeVersion',
        message: `this ${def.label} node was saved by a newer Graft (version ${node.typeVersion}; this one knows up to ${def.version}); it is kept as it is.`,
      }],
    };
  }
  const migrated = migrateNodeParams(def, node.params, node.typeVersion);
  if (!migrated.ok) return { ok: false, def, problems: [{ code: 'migration-failed', path: 'params', message: migrated.message }] };
  const parsed = def.params.safeParse(migrated.value);
  if (!parsed.success) {
    return { ok: false, def, problems: parsed.error.issues.map((issue) => paramProblem(issue)) };
  }
  return { ok: true, def, params: parsed.data as Record<string, unknown>, migrated: migrated.applied };
}

function paramProblem(issue: z.core.$ZodIssue): NodeProblem {
  const path = formatPath(['params', ...issue.path]);
  const field = issue.path.length ? formatPath(issue.path) : 'params';
  let message: string;
  if (issue.code === 'unrecognized_keys') {
    message = `unknown ${issue.keys.length > 1 ? 'settings' : 'setting'} ${issue.keys.map((k) => `"${k}"`).join(', ')}${issue.path.length ? ` in ${field}` : ''}: remove ${issue.keys.length > 1 ? 'them' : 'it'} or check the spelling.`;
  } else {
    message = `${field}: ${issue.message}`;
  }
  return { code: 'invalid-params', path, message };
}
