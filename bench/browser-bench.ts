/** What the browser benchmarks share: a production server of this build, and their section of docs/benchmarks.md. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');

/** `next start` on `port` (run `npm run build` first); resolves once it answers. */
export async function serveBuild(port: number): Promise<{ url: string; stop(): void }> {
  if (!existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) throw new Error('run npm run build first');
  const server = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', String(port), '-H', '127.0.0.1'], { cwd: ROOT, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(url)).ok) break; } catch { /* starting */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, stop: () => server.kill() };
}

/** Replaces the MARKER section of docs/benchmarks.md (added under `heading` the first time). */
export function writeSection(marker: string, heading: string, body: string) {
  const file = path.join(ROOT, 'docs', 'benchmarks.md');
  let text = readFileSync(file, 'utf8');
  if (!text.includes(`<!-- ${marker}:START`)) text += `\n## ${heading}\n\n<!-- ${marker}:START --><!-- ${marker}:END -->\n`;
  writeFileSync(file, text.replace(new RegExp(`<!-- ${marker}:START[\\s\\S]*?${marker}:END -->`), body));
  console.log('wrote docs/benchmarks.md');
}
