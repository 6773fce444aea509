import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { Db } from '../../src/db/db';
import { readDataset } from '../../src/db/dataset';
import { exportHrProfile } from '../../src/db/queries';
import { firstRunSettings } from '../../src/app/settings';
import type { Dataset } from '../../src/database';

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

/** The app's database as the user downloads it, opened with sqlite-wasm in Node. */
export async function downloadDatabase(page: Page): Promise<Db> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="download-db"]').click()]);
  const bytes = new Uint8Array(readFileSync(await download.path()));
  const sqlite3 = await sqlite3InitModule();
  const raw = new sqlite3.oo1.DB();
  const p = sqlite3.wasm.allocFromTypedArray(bytes);
  sqlite3.capi.sqlite3_deserialize(raw.pointer as number, 'main', p, bytes.length, bytes.length, sqlite3.capi.SQLITE_DESERIALIZE_FREEONCLOSE);
  return new Db(raw, sqlite3);
}

/** The browser's local calendar day (what the notebook calls today). */
export function browserToday(page: Page): Promise<string> {
  return page.evaluate(() => {
    const now = new Date();
    return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
  });
}

/**
 * The notebook's dataset as the app reads it, from the database file it wrote, weighed with the
 * settings a first run takes from the export (heartRateZones.json: zones, resting and max HR).
 */
export function firstRunDataset(db: Db): Dataset {
  const profile = exportHrProfile(db);
  const { zones, restingHr, maxHr } = firstRunSettings(profile);
  return readDataset(db, { zones, restingHr, maxHr });
}
