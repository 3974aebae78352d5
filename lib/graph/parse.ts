import { GRAPH_FORMAT, GRAPH_VERSION, LIMITS, formatPath, zGraphDocument } from './schema';
import type { GraphDocument, GraphIssue, GraphNode } from './schema';
import { migrateDocument } from './migrations';
import { resolveNode } from './resolve-node';

export interface ParseResult {
  /** null when the document cannot be read at all; see `issues`. */
  graph: GraphDocument | null;
  /** Fatal problems (graph is null) or problems with single nodes, which are kept as they were. */
  issues: GraphIssue[];
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Parses JSON text, enforcing the size limit first. Never throws. */
export function parseGraphText(text: string): ParseResult {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > LIMITS.bytes) {
    return fatal('too-large', '(document)', `The file is ${(bytes / 1048576).toFixed(1)} MB; a graph may be at most ${LIMITS.bytes / 1048576} MB. Is this really a .graft.json file?`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return fatal('not-json', '(document)', `This is not valid JSON (${err instanceof Error ? err.message : String(err)}). A graph is a .graft.json file saved by Graft.`);
  }
  return parseGraph(value);
}

/**
 * Reads a graph document: format and version first, then migrations, then a strict schema.
 * Never throws. Nodes of unknown types or with bad params are kept as they were and reported.
 */
export function parseGraph(input: unknown): ParseResult {
  try {
    return parseUnsafe(input);
  } catch (err) {
    // A last guard so that no input can make the editor or the CLI crash.
    return fatal('internal', '(document)', `Graft could not read this document (${err instanceof Error ? err.message : String(err)}).`);
  }
}

function parseUnsafe(input: unknown): ParseResult {
  if (!isPlainObject(input)) {
    return fatal('not-an-object', '(document)', 'A graph document is a JSON object with "format": "graft.graph"; this is not an object.');
  }
  const forbidden = findForbiddenKey(input, []);
  if (forbidden) {
    return fatal('forbidden-key', formatPath(forbidden), `The key "${String(forbidden[forbidden.length - 1])}" is not allowed anywhere in a graph (it could tamper with the program reading it). Remove it.`);
  }
  if (input.format !== GRAPH_FORMAT) {
    const seen = input.format === undefined ? 'no "format" field' : `"format": ${JSON.stringify(input.format)}`;
    return fatal('wrong-format', 'format', `This is not a Graft graph: it has ${seen}, where a graph has "format": "${GRAPH_FORMAT}".`);
  }
  const version = input.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return fatal('bad-version', 'version', `"version" must be a whole number from 1; this file has ${JSON.stringify(version)}.`);
  }
  if (version > GRAPH_VERSION) {
    return fatal('newer-version', 'version', `This graph was saved by a newer Graft (document version ${version}; this one reads up to ${GRAPH_VERSION}). Update Graft to open it.`);
  }
  const migrated = migrateDocument(input, version);
  if (!migrated.ok) return fatal('migration-failed', 'version', migrated.message);

  const parsed = zGraphDocument.safeParse(migrated.value);
  if (!parsed.success) {
    return {
      graph: null,
      issues: parsed.error.issues.map((issue) => ({
        severity: 'error' as const,
        code: 'invalid-document',
        path: formatPath(issue.path),
        message: documentIssueMessage(issue),
      })),
    };
  }
  const doc = parsed.data;
  const issues: GraphIssue[] = [];
  checkUniqueIds(doc.nodes, 'nodes', issues);
  checkUniqueIds(doc.edges, 'edges', issues);
  if (issues.length) return { graph: null, issues };

  const nodes = doc.nodes.map((node, i): GraphNode => {
    const resolved = resolveNode(node);
    if (resolved.ok) {
      return { ...node, typeVersion: resolved.def.version, params: resolved.params };
    }
    for (const problem of resolved.problems) {
      issues.push({
        severity: 'error',
        code: problem.code,
        path: `nodes[${i}].${problem.path}`,
        message: `Node "${node.id}": ${problem.message}`,
        nodeId: node.id,
      });
    }
    return node; // kept exactly as written: nothing the user made is dropped
  });
  return { graph: { ...doc, nodes }, issues };
}

function checkUniqueIds(items: readonly { id: string }[], where: 'nodes' | 'edges', issues: GraphIssue[]): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const first = seen.get(item.id);
    if (first !== undefined) {
      issues.push({
        severity: 'error',
        code: 'duplicate-id',
        path: `${where}[${i}].id`,
        message: `${where === 'nodes' ? 'Nodes' : 'Edges'} ${first} and ${i} share the id "${item.id}"; every ${where === 'nodes' ? 'node' : 'edge'} needs its own id.`,
      });
    } else {
      seen.set(item.id, i);
    }
  });
}

/** The sentence for a schema issue; its location travels separately, in `path`. */
function documentIssueMessage(issue: { code: string; message: string; path: PropertyKey[]; keys?: string[] }): string {
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    const where = issue.path.length ? `in ${formatPath(issue.path)}` : 'at the top of the document';
    return `Unknown ${issue.keys.length > 1 ? 'fields' : 'field'} ${issue.keys.map((k) => `"${k}"`).join(', ')} ${where}: a graph document holds only the fields Graft writes (editor state such as the viewport is not saved).`;
  }
  return `${issue.message.charAt(0).toUpperCase()}${issue.message.slice(1)}.`;
}

function findForbiddenKey(value: unknown, path: PropertyKey[]): PropertyKey[] | null {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findForbiddenKey(value[i], [...path, i]);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return [...path, key];
      const found = findForbiddenKey((value as Record<string, unknown>)[key], [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function fatal(code: string, path: string, message: string): ParseResult {
  return { graph: null, issues: [{ severity: 'error', code, path, message }] };
}
