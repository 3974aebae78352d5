import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseGraphText } from '../lib/graph/parse';
import type { ParseResult } from '../lib/graph/parse';
import { compile } from '../lib/compiler/compile';
import type { CompileResult } from '../lib/compiler/plan';
import type { Catalog } from '../lib/catalog/types';
import { loadCatalog } from './catalog';
import { formatDiagnostic, formatIssue, formatPlanSummary } from './format';
import { RUN_OPTIONS, runCommand } from './run';
import type { BackendChoice } from '../lib/runtime/backend';
import { BACKEND_CHOICES } from '../lib/runtime/backend';
import type { GraphDocument } from '../lib/graph/schema';

export const EXIT = { ok: 0, graphErrors: 1, failure: 2 } as const;

const USAGE = `Usage: graft <command> [options]

Commands:
  check <graph.graft.json>...   print the graph's diagnostics (exit 1 on errors)
  plan <graph.graft.json>       print the compiled training plan as JSON (exit 1 on errors)
        --summary               print a readable summary instead of JSON
  run <graph.graft.json>        train the graph headless
        --backend B             auto (default), webgpu, webgl or cpu
        --data ID=DIR           the images of dataset node ID: one sub-folder per class (repeatable)
        --out DIR               write DIR/model/model.json + weights.bin and DIR/report.json
        --json                  JSON lines of events instead of progress bars
        --seed N                seed for initial weights, shuffling and augmentation (default 1337)
        --epochs N, --limit N   quick tries: override every Train node's epochs / every dataset's limit per class
  help                          show this text

Exit codes: 0 ok, 1 the graph has errors, 2 the command could not run (bad usage, unreadable file, failed run).`;

interface Out { out: (s: string) => void; err: (s: string) => void }
const stdio: Out = { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) };

/** Runs one CLI invocation; returns the exit code. */
export async function main(argv: string[], io: Out = stdio): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check': return check(rest, io);
    case 'plan': return plan(rest, io);
    case 'run': return run(rest, io);
    case undefined: case 'help': case '--help': case '-h':
      io.out(USAGE);
      return command === undefined ? EXIT.failure : EXIT.ok;
    default:
      io.err(`graft: unknown command "${command}".\n\n${USAGE}`);
      return EXIT.failure;
  }
}

function readGraph(file: string, io: Out): ParseResult | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    io.err(`graft: cannot read ${file}${code === 'ENOENT' ? ': no such file' : code === 'EISDIR' ? ': it is a folder' : `: ${String(err)}`}.`);
    return null;
  }
  return parseGraphText(text);
}

interface Checked { parsed: ParseResult; compiled: CompileResult | null; errors: boolean }

function checkOne(file: string, catalog: Catalog, io: Out, edit?: (g: GraphDocument) => void): Checked | null {
  const parsed = readGraph(file, io);
  if (!parsed) return null;
  if (!parsed.graph) return { parsed, compiled: null, errors: true };
  edit?.(parsed.graph);
  const compiled = compile(parsed.graph, catalog);
  return { parsed, compiled, errors: compiled.diagnostics.some((d) => d.severity === 'error') };
}

function report(c: Checked, print: (s: string) => void) {
  // Node-level parse issues are reported again, with hints, by the compiler: print those once.
  for (const issue of c.parsed.issues) if (!c.compiled || !issue.nodeId) print(formatIssue(issue));
  for (const d of c.compiled?.diagnostics ?? []) print(formatDiagnostic(d));
}

async function check(args: string[], io: Out): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length === 0) { io.err('graft check: give at least one graph file.'); return EXIT.failure; }
  const catalog = await loadCatalog();
  let worst: number = EXIT.ok;
  for (const file of positionals) {
    const c = checkOne(file, catalog, io);
    if (!c) { worst = EXIT.failure; continue; }
    const counts = { error: 0, warning: 0, info: 0 };
    for (const i of c.parsed.issues) if (!c.compiled || !i.nodeId) counts[i.severity]++;
    for (const d of c.compiled?.diagnostics ?? []) counts[d.severity]++;
    io.out(`${file}: ${counts.error ? `${counts.error} error${counts.error > 1 ? 's' : ''}` : 'ok'}${counts.warning ? `, ${counts.warning} warning${counts.warning > 1 ? 's' : ''}` : ''}${counts.info ? `, ${counts.info} note${counts.info > 1 ? 's' : ''}` : ''}`);
    report(c, (s) => io.out(`  ${s.replace(/\n/g, '\n  ')}`));
    if (c.errors && worst === EXIT.ok) worst = EXIT.graphErrors;
  }
  return worst;
}

async function plan(args: string[], io: Out): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { summary: { type: 'boolean', default: false } } });
  if (positionals.length !== 1) { io.err('graft plan: give exactly one graph file.'); return EXIT.failure; }
  const catalog = await loadCatalog();
  const c = checkOne(positionals[0]!, catalog, io);
  if (!c) return EXIT.failure;
  if (c.errors || !c.compiled?.plan) {
    io.err(`${positionals[0]}: the graph has errors, so there is no plan.`);
    report(c, (s) => io.err(`  ${s.replace(/\n/g, '\n  ')}`));
    return EXIT.graphErrors;
  }
  io.out(values.summary ? formatPlanSummary(c.compiled.plan) : JSON.stringify(c.compiled.plan, null, 2));
  return EXIT.ok;
}

const positiveInt = (v: string | undefined, flag: string): number | undefined | Error => {
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : new Error(`${flag} takes a whole number above 0, not "${v}"`);
};

async function run(args: string[], io: Out): Promise<number> {
  let parsedArgs;
  try {
    parsedArgs = parseArgs({ args, allowPositionals: true, options: RUN_OPTIONS });
  } catch (err) {
    io.err(`graft run: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT.failure;
  }
  const { positionals, values } = parsedArgs;
  if (positionals.length !== 1) { io.err('graft run: give exactly one graph file.'); return EXIT.failure; }
  if (!(BACKEND_CHOICES as readonly string[]).includes(values.backend)) { io.err(`graft run: --backend is one of ${BACKEND_CHOICES.join(', ')}, not "${values.backend}".`); return EXIT.failure; }
  const data: Record<string, string> = {};
  for (const d of values.data) {
    const m = /^([A-Za-z0-9_-]{1,64})=(.+)$/.exec(d);
    if (!m) { io.err(`graft run: --data takes ID=DIR (a dataset node id and a folder), not "${d}".`); return EXIT.failure; }
    data[m[1]!] = m[2]!;
  }
  const epochs = positiveInt(values.epochs, '--epochs');
  const limit = positiveInt(values.limit, '--limit');
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  for (const v of [epochs, limit]) if (v instanceof Error) { io.err(`graft run: ${v.message}.`); return EXIT.failure; }
  if (seed !== undefined && !Number.isInteger(seed)) { io.err(`graft run: --seed takes a whole number, not "${values.seed}".`); return EXIT.failure; }

  const catalog = await loadCatalog();
  const c = checkOne(positionals[0]!, catalog, io, (g) => {
    for (const n of g.nodes) {
      if (n.type === 'train' && typeof epochs === 'number') n.params = { ...n.params, epochs };
      if (n.type === 'dataset' && typeof limit === 'number') n.params = { ...n.params, limitPerClass: limit };
    }
  });
  if (!c) return EXIT.failure;
  if (c.errors || !c.compiled?.plan) {
    io.err(`${positionals[0]}: the graph has errors, so it cannot run.`);
    report(c, (s) => io.err(`  ${s.replace(/\n/g, '\n  ')}`));
    return EXIT.graphErrors;
  }
  if (!values.json) for (const d of c.compiled.diagnostics) if (d.severity === 'warning') io.err(formatDiagnostic(d));
  return runCommand({ plan: c.compiled.plan, backend: values.backend as BackendChoice, data, out: values.out ?? null, json: values.json, seed }, io);
}
