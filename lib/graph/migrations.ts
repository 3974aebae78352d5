import type { NodeDefinition } from '@/nodes/types';
import { GRAPH_VERSION } from './schema';

/** One step that moves a whole document from version `from` to `from + 1`. */
export interface DocumentMigration {
  from: number;
  description: string;
  up(doc: Record<string, unknown>): Record<string, unknown>;
}

/**
 * Document-level migrations, ordered by `from`. Version 1 is the first published format,
 * so there are none yet; a future version 2 adds `{ from: 1, ... }` here and a test.
 */
export const DOCUMENT_MIGRATIONS: readonly DocumentMigration[] = [];

export type MigrationResult<T> = { ok: true; value: T; applied: string[] } | { ok: false; message: string };

/** Runs the document migrations from `version` up to GRAPH_VERSION. */
export function migrateDocument(
  doc: Record<string, unknown>,
  version: number,
  steps: readonly DocumentMigration[] = DOCUMENT_MIGRATIONS,
  target: number = GRAPH_VERSION,
): MigrationResult<Record<string, unknown>> {
  let current = doc;
  const applied: string[] = [];
  for (let v = version; v < target; v++) {
    const step = steps.find((s) => s.from === v);
    if (!step) return { ok: false, message: `no migration from document version ${v} to ${v + 1}` };
    try {
      current = { ...step.up(current), version: v + 1 };
    } catch (err) {
      return { ok: false, message: `migrating the document from version ${v} failed: ${errorText(err)}` };
    }
    applied.push(`document v${v}→v${v + 1}`);
  }
  return { ok: true, value: current, applied };
}

/** Runs a node type's migrations from `typeVersion` up to the type's current version. */
export function migrateNodeParams(
  def: NodeDefinition,
  params: Record<string, unknown>,
  typeVersion: number,
): MigrationResult<Record<string, unknown>> {
  let current = params;
  const applied: string[] = [];
  for (let v = typeVersion; v < def.version; v++) {
    const step = def.migrations.find((m) => m.from === v);
    if (!step) return { ok: false, message: `${def.type} has no migration from version ${v}` };
    try {
      current = step.up(current);
    } catch (err) {
      return { ok: false, message: `migrating ${def.type} from version ${v} failed: ${errorText(err)}` };
    }
    applied.push(`${def.type} v${v}→v${v + 1}`);
  }
  return { ok: true, value: current, applied };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
