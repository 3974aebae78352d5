import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import path from 'node:path';
import { launch, SCREENSHOTS } from './browser';

describe('the editor page in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launch(); });
  afterAll(async () => { await browser?.close(); });

  it.each(['light', 'dark'] as const)('serves the canvas (%s scheme) with no console errors', async (colorScheme) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme });
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(inject('baseUrl'));
    await page.getByTestId('canvas').locator('.react-flow').waitFor();
    await expect(page.getByRole('heading', { name: 'Graft' }).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, `editor-empty-${colorScheme}.png`) });
    expect(errors).toEqual([]);
    await page.close();
  });
});
