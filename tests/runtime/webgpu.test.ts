import { describe, it } from 'vitest';
import { installNodeWebGPU } from '@/lib/runtime/node';
import { runtimeSuite } from './suite';

// WebGPU in Node comes from Dawn on SwiftShader (Debian's chromium + libvulkan1, installed by
// .ci/run). Where neither a GPU nor SwiftShader exists these tests cannot run; CI must have them.
const gpu = await installNodeWebGPU();
if (gpu.via !== 'none') {
  runtimeSuite('webgpu');
} else if (process.env.CI) {
  describe('runtime on webgpu', () => {
    it('has a WebGPU adapter in CI', () => { throw new Error(`no WebGPU adapter: ${gpu.note}`); });
  });
} else {
  describe.skip(`runtime on webgpu (skipped: ${gpu.note}; apt-get install chromium libvulkan1)`, () => {
    it('needs WebGPU', () => {});
  });
}
