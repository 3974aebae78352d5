import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Debian's Chromium ships Google's SwiftShader Vulkan driver: WebGPU without a GPU. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

type Gpu = { requestAdapter(o?: object): Promise<unknown> };

let installed: Promise<{ via: 'system' | 'swiftshader' | 'none'; note: string }> | null = null;

/**
 * Gives Node a `navigator.gpu` from Dawn (the `webgpu` package). It tries the machine's own
 * Vulkan drivers first; when they offer no adapter and Debian's Chromium is installed, it
 * points Vulkan at SwiftShader. Without either, WebGPU stays unavailable and runs use the CPU.
 */
export function installNodeWebGPU(): Promise<{ via: 'system' | 'swiftshader' | 'none'; note: string }> {
  installed ??= install();
  return installed;
}

function hasGpuDevice(): boolean {
  return ['/dev/dri', '/dev/nvidiactl', '/dev/nvidia0', '/dev/kfd'].some((p) => existsSync(p));
}

async function install() {
  const g = globalThis as { navigator?: { gpu?: Gpu } };
  if (g.navigator?.gpu) return { via: 'system' as const, note: 'navigator.gpu was already present' };
  if (!process.env.XDG_RUNTIME_DIR) {
    const dir = path.join(tmpdir(), `graft-xdg-${process.getuid?.() ?? 0}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    process.env.XDG_RUNTIME_DIR = dir;
  }
  let dawn: { create(flags: string[]): Gpu; globals: Record<string, unknown> };
  try {
    dawn = (await import('webgpu')) as unknown as typeof dawn;
  } catch (err) {
    return { via: 'none' as const, note: `the webgpu package could not load (${err instanceof Error ? err.message : String(err)})` };
  }
  Object.assign(globalThis, dawn.globals);
  const attempt = async () => {
    const gpu = dawn.create([]);
    const adapter = await gpu.requestAdapter().catch(() => null);
    return adapter ? gpu : null;
  };
  let gpu = process.env.VK_ICD_FILENAMES ? await attempt() : null;
  let via: 'system' | 'swiftshader' = 'system';
  // Probe the system's Vulkan drivers only when there is a GPU device to find: probing Mesa's
  // software drivers just prints Dawn's refusals on stderr.
  if (!gpu && !process.env.VK_ICD_FILENAMES && hasGpuDevice()) gpu = await attempt();
  if (!gpu && existsSync(SWIFTSHADER_ICD) && process.env.VK_ICD_FILENAMES !== SWIFTSHADER_ICD) {
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    via = 'swiftshader';
    gpu = await attempt();
  }
  if (!gpu) {
    return { via: 'none' as const, note: existsSync(SWIFTSHADER_ICD) ? 'no Vulkan adapter answered (is libvulkan1 installed?)' : 'no GPU, and no SwiftShader (apt-get install chromium libvulkan1)' };
  }
  Object.defineProperty(globalThis, 'navigator', { value: { ...(g.navigator ?? {}), gpu }, configurable: true, writable: true });
  return { via, note: via === 'swiftshader' ? `WebGPU through SwiftShader (${SWIFTSHADER_ICD})` : 'WebGPU through the system Vulkan driver' };
}
