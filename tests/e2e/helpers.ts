import { expect, type Locator, type Page } from '@playwright/test';

export function metric(page: Page, name: string): Locator {
  return page.locator(`[data-metric="${name}"]`);
}

export async function metricValue(page: Page, name: string): Promise<number> {
  return Number(await metric(page, name).getAttribute('data-value'));
}

/** The ingest panel's root, whose data-ingest-state says where an import is. */
export function ingestPanel(page: Page): Locator {
  return page.locator('[data-ingest-state]');
}

export async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(ingestPanel(page)).toBeVisible();
}

/** Imports through the file input and waits for THIS import to finish (its id differs from the last). */
export async function importFiles(page: Page, files: { name: string; buffer: Buffer }[], expectState = 'done'): Promise<void> {
  const before = await ingestPanel(page).getAttribute('data-ingest-id');
  await page.locator('input[type=file][data-testid="import-files"]').setInputFiles(
    files.map((f) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: f.buffer })),
  );
  await expect(ingestPanel(page)).not.toHaveAttribute('data-ingest-id', before ?? '0', { timeout: 120_000 });
  await expect(ingestPanel(page)).toHaveAttribute('data-ingest-state', expectState);
}
