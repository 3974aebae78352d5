import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import { parseGraphText } from './parse';
import type { ParseResult } from './parse';
import { serializeGraph } from './serialize';
import type { GraphDocument } from './schema';

const PREFIX = '#graph=';

/** The URL hash that carries a graph, compressed (nothing is sent to a server). */
export function shareHash(graph: GraphDocument): string {
  return `${PREFIX}${compressToEncodedURIComponent(serializeGraph(graph))}`;
}

/** Reads a graph from a URL hash; null when the hash carries none. */
export function graphFromHash(hash: string): ParseResult | null {
  if (!hash.startsWith(PREFIX)) return null;
  const text = decompressFromEncodedURIComponent(hash.slice(PREFIX.length));
  if (!text) return { graph: null, issues: [{ severity: 'error', code: 'bad-link', path: '(link)', message: 'This link is damaged or cut short: it does not hold a readable graph. Ask for the link again.' }] };
  return parseGraphText(text);
}
