import { chromium, type Browser } from 'playwright-core';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export const SCREENSHOTS = path.resolve(__dirname, '..', '..', 'test-results', 'screenshots');

/** Debian's Chromium, headless, with the flags that work as root on a closed network. */
export async function launch(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  if (!executablePath) throw new Error('Chromium is not installed: `apt-get install -y chromium` (see README).');
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu-sandbox', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader', '--enable-unsafe-swiftshader',
      // A synthetic camera, allowed without a prompt: the Predict panel's webcam input.
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
    ],
  });
}
