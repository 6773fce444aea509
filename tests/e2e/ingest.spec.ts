import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import JSZip from 'jszip';
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { importFiles, ingestPanel, metricValue, openApp } from './helpers';

const SAMPLES = new URL('../fixtures/garmin-export-samples/', import.meta.url);
const FIT = new URL('../fixtures/real-fit/', import.meta.url);

/** The real 2025 account-export fragment: 5 summaries, 2 activity FITs + 3 monitoring FITs. */
async function realAccountExport(): Promise<Buffer> {
  const z = new JSZip();
  const root = 'f1e2d3c4-0000-4000-8000-000000000001_1/DI_CONNECT';
  z.file(`${root}/DI-Connect-Fitness/user@example.com_0_summarizedActivities.json`,
    readFileSync(new URL('full-export-2025-uploadedfiles/DI_CONNECT/DI-Connect-Fitness/user@example.com_0_summarizedActivities.json', SAMPLES)));
  z.file(`${root}/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip`,
    readFileSync(new URL('full-export-2025-uploadedfiles/DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip', SAMPLES)));
  return z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

test('drop an account export: counts shown, kept across reloads, never duplicated, bad files named', async ({ page }) => {
  await openApp(page);
  await expect(ingestPanel(page)).toHaveAttribute('data-ingest-state', 'idle');
  expect(await metricValue(page, 'activities')).toBe(0);

  await importFiles(page, [{ name: 'garmin-export.zip', buffer: await realAccountExport() }]);
  expect(await metricValue(page, 'activities')).toBe(5);
  expect(await metricValue(page, 'added')).toBe(5);
  expect(await metricValue(page, 'fit-linked')).toBe(2);
  await expect(page.locator('[data-skipped]')).toHaveCount(0);

  // Reload: everything is still there, read back from SQLite in OPFS.
  await page.reload();
  await expect(page.locator('[data-metric="activities"]')).toHaveAttribute('data-value', '5');
  expect(await metricValue(page, 'fit-linked')).toBe(2);
  expect(await metricValue(page, 'added')).toBe(5);

  // The same export again: nothing new.
  await importFiles(page, [{ name: 'garmin-export.zip', buffer: await realAccountExport() }]);
  expect(await metricValue(page, 'activities')).toBe(5);
  expect(await metricValue(page, 'added')).toBe(0);

  // A truncated FIT next to a good one: the bad one is named with its reason, the good one lands.
  const good = readFileSync(new URL('pyfitparse__garmin-fenix-5-run.fit', FIT));
  await importFiles(page, [
    { name: 'truncated.fit', buffer: good.subarray(0, good.length - 40) },
    { name: 'fenix-5-run.fit', buffer: good },
  ]);
  const skipped = page.locator('[data-skipped]');
  await expect(skipped).toHaveCount(1);
  await expect(skipped).toHaveAttribute('data-file', 'truncated.fit');
  expect(await skipped.getAttribute('data-reason')).toMatch(/truncated|corrupted/);
  expect(await metricValue(page, 'activities')).toBe(6);
});

test('a second tab is told the database is in use, and the first keeps working', async ({ page, context }) => {
  await openApp(page);
  await expect(page.locator('[data-metric="activities"]')).toBeVisible();
  const second = await context.newPage();
  await second.goto('/');
  await expect(second.locator('[data-testid="db-unavailable"]')).toContainText('already open in another tab');
  await expect(second.locator('[data-ingest-state]')).toHaveCount(0);
  await importFiles(page, [{ name: 'garmin-export.zip', buffer: await realAccountExport() }]);
  expect(await metricValue(page, 'activities')).toBe(5);
});

test('download the database (a real SQLite file) and delete everything after confirming', async ({ page }) => {
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-export.zip', buffer: await realAccountExport() }]);

  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="download-db"]').click()]);
  expect(download.suggestedFilename()).toMatch(/^fitbook-\d{4}-\d{2}-\d{2}\.sqlite3$/);
  const bytes = readFileSync(await download.path());
  expect(bytes.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\u0000');
  const sqlite3 = await sqlite3InitModule();
  const p = sqlite3.wasm.allocFromTypedArray(new Uint8Array(bytes));
  const db = new sqlite3.oo1.DB();
  sqlite3.capi.sqlite3_deserialize(db.pointer as number, 'main', p, bytes.length, bytes.length, sqlite3.capi.SQLITE_DESERIALIZE_FREEONCLOSE);
  expect(db.selectValue('SELECT count(*) FROM activities')).toBe(5);
  expect(db.selectValue('PRAGMA user_version')).toBe(7);
  db.close();

  await page.locator('[data-action="delete-all"]').click();
  await page.locator('[data-action="cancel-delete"]').click();
  expect(await metricValue(page, 'activities')).toBe(5);
  await page.locator('[data-action="delete-all"]').click();
  await page.locator('[data-action="confirm-delete"]').click();
  await expect(page.locator('[data-metric="activities"]')).toHaveAttribute('data-value', '0');
  await page.reload();
  await expect(page.locator('[data-metric="activities"]')).toHaveAttribute('data-value', '0');
});

test('drop files on the drop zone (several at once)', async ({ page }) => {
  await openApp(page);
  const names = ['sportslib__6916663933.fit', 'pyfitparse__garmin-fenix-5-walk.fit'];
  const files = names.map((name) => ({ name, b64: readFileSync(new URL(name, FIT)).toString('base64') }));
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name));
    return dt;
  }, files);
  await page.locator('.dropzone').dispatchEvent('dragover', { dataTransfer });
  await page.locator('.dropzone').dispatchEvent('drop', { dataTransfer });
  await expect(ingestPanel(page)).toHaveAttribute('data-ingest-state', 'done');
  expect(await metricValue(page, 'activities')).toBe(2);
  await expect(page.locator('tr[data-sport="walking"]')).toBeVisible();
});

test('reloading while the worker is busy opens the app again (the lock is not "another tab")', async ({ page }) => {
  await openApp(page);
  await page.locator('[data-action="load-sample"]').click();
  await expect(ingestPanel(page)).toHaveAttribute('data-ingest-state', 'running');
  await page.reload();
  await expect(ingestPanel(page)).toBeVisible();
  await expect(page.locator('[data-testid="db-unavailable"]')).toHaveCount(0);
  // What the interrupted import had committed is there, and importing again completes it.
  await page.locator('[data-action="load-sample"]').click();
  await expect(ingestPanel(page)).toHaveAttribute('data-ingest-state', 'done', { timeout: 120_000 });
  expect(await metricValue(page, 'activities')).toBeGreaterThan(100);
});

test('GPX and TCX recordings, loose, gzipped and in a zip: imported with their streams; a route and a damaged file named', async ({ page }) => {
  const XML = new URL('../fixtures/real-gpx-tcx/', import.meta.url);
  const read = (name: string) => readFileSync(new URL(name, XML));
  const { gzipSync } = await import('node:zlib');
  const inZip = new JSZip();
  inZip.file('activities/sup.tcx.gz', gzipSync(read('tcxparser__sup_activity_1.tcx')));
  await openApp(page);
  await importFiles(page, [
    { name: 'morning-run.tcx', buffer: read('tcxparser__test.tcx') },
    { name: 'lake.gpx.gz', buffer: gzipSync(read('gpxpy__cerknicko-jezero.gpx')) },
    { name: 'old-phone.zip', buffer: await inZip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }) },
    { name: 'planned.gpx', buffer: read('gpxpy__route.gpx') },
    { name: 'cut.tcx', buffer: read('tcxparser__test.tcx').subarray(0, 3000) },
  ]);
  expect(await metricValue(page, 'activities')).toBe(3);
  expect(await metricValue(page, 'fit-linked')).toBe(3);
  const skipped = page.locator('[data-skipped]');
  await expect(skipped).toHaveCount(2);
  await expect(page.locator('[data-skipped][data-file="planned.gpx"]')).toHaveAttribute('data-reason', /a planned route/);
  await expect(page.locator('[data-skipped][data-file="cut.tcx"]')).toHaveAttribute('data-reason', /not well-formed XML/);
  // The run opens like any other, its pace and heart rate drawn from the TCX stream.
  await page.locator('[data-cell="activities"] [data-action="open-activity"]').first().click();
  await expect(page.locator('[data-cell="activity"] .time-chart svg').first()).toBeVisible();
  // Again: nothing twice.
  await importFiles(page, [{ name: 'morning-run.tcx', buffer: read('tcxparser__test.tcx') }]);
  expect(await metricValue(page, 'activities')).toBe(3);
});
