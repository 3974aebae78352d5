import { describe, it } from 'vitest';
import { installNodeWebGPU } from '@/lib/runtime/node';
import { runtimeSuite } from './suite';

// WebGPU in Node comes from Dawn on SwiftShader (Debian's chromium + libvulkan1, installed by
// .ci/run). On a machine with neither a GPU nor SwiftShader the suite is skipped, saying why;
// in CI that is a failure instead, because CI installs both.
const gpu = await installNodeWebGPU();
if (gpu.via === 'none' && process.env.CI) {
  describe('runtime on webgpu', () => {
    it('has a WebGPU adapter in CI', () => { throw new Error(`no WebGPU adapter: ${gpu.note}`); });
  });
} else {
  runtimeSuite('webgpu', gpu.via === 'none' ? `${gpu.note}; apt-get install chromium libvulkan1` : null);
}
