import { inject } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';

export type EditorPage = Page & { errors: string[] };

/** Opens the editor (`suffix`: a query or a #graph= hash) and collects uncaught page errors. */
export async function openEditor(context: BrowserContext, suffix = ''): Promise<EditorPage> {
  const page = (await context.newPage()) as EditorPage;
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(`${inject('baseUrl')}/${suffix}`);
  await page.getByTestId('canvas').locator('.react-flow').waitFor();
  return page;
}
