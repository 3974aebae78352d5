// Backend names and the report of which one a run uses: no tfjs here, so the editor can import it.

export type BackendChoice = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];

/** The backend a run uses, and why: shown in events, the UI and the CLI report. */
export interface BackendInfo {
  name: 'webgpu' | 'webgl' | 'wasm' | 'cpu';
  requested: BackendChoice;
  /** The GPU adapter or renderer, when there is one (e.g. "SwiftShader driver 5.0.0"). */
  device: string | null;
  /** true for software renderers (SwiftShader, llvmpipe) and the CPU: correct, but slow. */
  software: boolean;
  reason: string;
  /** Set when the requested backend could not be used. */
  warning: string | null;
}
