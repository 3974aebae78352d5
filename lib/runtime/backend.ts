import { tf } from './tf';

export { BACKEND_CHOICES } from './backend-choices';
export type { BackendChoice, BackendInfo } from './backend-choices';
import type { BackendChoice, BackendInfo } from './backend-choices';

interface GpuAdapterLike {
  info?: { description?: string; vendor?: string; architecture?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}

async function webgpuAdapter(): Promise<{ adapter: GpuAdapterLike; device: string; software: boolean } | null> {
  const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(o?: object): Promise<GpuAdapterLike | null> } } }).navigator?.gpu;
  if (!gpu) return null;
  let adapter: GpuAdapterLike | null = null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch {
    adapter = null;
  }
  if (!adapter) return null;
  const info = adapter.info ?? {};
  const device = info.description || [info.vendor, info.architecture].filter(Boolean).join(' ') || 'unknown adapter';
  const software = Boolean(adapter.isFallbackAdapter ?? info.isFallbackAdapter) || /swiftshader|llvmpipe|lavapipe/i.test(`${device} ${info.architecture ?? ''}`);
  return { adapter, device, software };
}

function webglRenderer(): string | null {
  try {
    const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
    if (!gl) return null;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    return String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  } catch {
    return null;
  }
}

/** WebGL needs a canvas: a page's, or an OffscreenCanvas in a worker (never in Node). */
function canWebGL(): boolean {
  return typeof document !== 'undefined' || typeof (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas !== 'undefined';
}

/** Imports the WebGPU backend once navigator.gpu exists (it registers itself on import only then). */
async function registerWebGPU(): Promise<boolean> {
  if (tf.findBackendFactory('webgpu')) return true;
  if (!(globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu) return false;
  await import('@tensorflow/tfjs-backend-webgpu');
  return Boolean(tf.findBackendFactory('webgpu'));
}

async function trySet(name: string): Promise<boolean> {
  if (name === 'webgpu' && !(await registerWebGPU())) return false;
  if (!tf.findBackendFactory(name)) return false;
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

/**
 * Chooses and initialises a backend. `auto` prefers a hardware WebGPU adapter, then hardware
 * WebGL, then the fastest software path (WebGPU on a software adapter beats the plain-JS CPU
 * backend on convolutions: see docs/benchmarks.md). An explicit choice is honoured when it can
 * be set up at all; otherwise the run falls back to the CPU and says so.
 */
export async function selectBackend(choice: BackendChoice = 'auto'): Promise<BackendInfo> {
  const info = (name: BackendInfo['name'], device: string | null, software: boolean, reason: string, warning: string | null = null): BackendInfo =>
    ({ name, requested: choice, device, software, reason, warning });

  if (choice === 'cpu') {
    await tf.setBackend('cpu');
    return info('cpu', null, true, 'CPU backend, as requested');
  }
  if (choice === 'webgpu' || choice === 'auto') {
    const found = await webgpuAdapter();
    if (found && (choice === 'webgpu' || !found.software) && (await trySet('webgpu'))) {
      return info('webgpu', found.device, found.software,
        found.software ? `WebGPU on a software adapter (${found.device}), as requested: correct but slow` : `WebGPU on ${found.device}`);
    }
    if (choice === 'auto' && canWebGL() && (await trySet('webgl'))) {
      const renderer = webglRenderer();
      const software = !renderer || /swiftshader|llvmpipe|software/i.test(renderer);
      if (!software) return info('webgl', renderer, false, `no hardware WebGPU adapter; WebGL on ${renderer}`);
    }
    if (choice === 'auto' && found && (await trySet('webgpu'))) {
      return info('webgpu', found.device, true, `no hardware GPU; WebGPU on the software adapter ${found.device} is the fastest path here (correct but slow)`);
    }
    if (choice === 'webgpu') {
      await tf.setBackend('cpu');
      return info('cpu', null, true, 'CPU backend (fallback)', 'WebGPU was asked for but no WebGPU adapter is available here; running on the CPU instead.');
    }
    await tf.setBackend('cpu');
    return info('cpu', null, true, 'no GPU adapter (WebGPU or WebGL) is available; running on the CPU', 'No GPU adapter is available; training runs on the CPU and will be slow.');
  }
  if (choice === 'webgl') {
    if (await trySet('webgl')) {
      const renderer = webglRenderer();
      return info('webgl', renderer, !renderer || /swiftshader|llvmpipe|software/i.test(renderer), `WebGL on ${renderer ?? 'an unknown renderer'}, as requested`);
    }
    await tf.setBackend('cpu');
    return info('cpu', null, true, 'CPU backend (fallback)', 'WebGL was asked for but is not available here; running on the CPU instead.');
  }
  // wasm: only when its backend package is loaded (it trains dense heads, not convolutions).
  if (await trySet('wasm')) return info('wasm', null, true, 'WASM backend, as requested (dense layers only: it cannot back-propagate through convolutions)');
  await tf.setBackend('cpu');
  return info('cpu', null, true, 'CPU backend (fallback)', 'The WASM backend is not part of this build; running on the CPU instead.');
}
