import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { expect, test } from '@playwright/test';
import { generateExport } from '../../tools/gen-export/generate';
import { downloadDatabase, importFiles, ingestPanel, openApp } from './helpers';
import type { Db } from '../../src/db/db';

/**
 * Issue #16, "the originals are kept": every imported file is kept in OPFS under its SHA-256, an
 * activity's original downloads byte for byte, and "Rebuild from originals" gives the same
 * database back (corrections included), which the next visit opens.
 */

const gpx = readFileSync(new URL('../fixtures/real-gpx-tcx/gpxpy__cerknicko-jezero.gpx', import.meta.url));

/** What the import derives, without row ids and times of writing. */
function derived(db: Db) {
  return {
    activities: db.all(`SELECT start_ms, sport, name, distance_m, elapsed_s, avg_hr, training_load, edited, excluded_from_load, deleted_at, source
      FROM activities ORDER BY start_ms, sport`),
    laps: db.all('SELECT a.start_ms, l.lap_index, l.distance_m, l.timer_s FROM laps l JOIN activities a ON a.id = l.activity_id ORDER BY 1, 2'),
    samples: db.all('SELECT a.start_ms, s.n, hex(s.hr) AS hr, hex(s.lat) AS lat FROM samples s JOIN activities a ON a.id = s.activity_id ORDER BY 1'),
    metrics: db.all('SELECT a.start_ms, m.decoupling_pct, m.best_efforts_s FROM stream_metrics m JOIN activities a ON a.id = m.activity_id ORDER BY 1'),
    wellness: db.all('SELECT date, resting_hr, sleep_s FROM wellness_daily ORDER BY date'),
  };
}

/** A member of a zip by its path in fitbook's terms (`<part>.zip/<member>` inside nested parts). */
async function member(zip: Uint8Array, path: string): Promise<Uint8Array> {
  const split = path.indexOf('.zip/');
  const z = await JSZip.loadAsync(zip);
  if (split < 0) return z.file(path)!.async('uint8array');
  return member(await z.file(path.slice(0, split + 4))!.async('uint8array'), path.slice(split + 5));
}

test('originals are kept and download byte for byte; the database rebuilt from them is the same, corrections kept, and opened on the next visit', async ({ page }) => {
  const generated = await generateExport({ seed: 41, weeks: 6 });
  await openApp(page);
  await importFiles(page, [
    { name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) },
    { name: 'lake.gpx', buffer: gpx },
  ]);
  let db = await downloadDatabase(page);
  const kept = db.value('SELECT count(*) FROM originals') as number;
  expect(kept).toBe(db.value(`SELECT count(*) FROM fit_files WHERE status != 'not_activity'`) as number + (db.value(`SELECT count(*) FROM originals WHERE kind != 'recording'`) as number));
  await expect(page.locator('[data-metric="originals-kept"]')).toHaveAttribute('data-value', String(kept));

  // The newest run's original: the FIT exactly as it was in the export's zip.
  const activities = page.locator('[data-cell="activities"]');
  const first = activities.locator('tr[data-activity]').first();
  const id = Number(await first.getAttribute('data-activity'));
  const path = db.value(`SELECT file_name FROM fit_files WHERE activity_id = ? AND status = 'linked'`, [id]) as string;
  await first.locator('[data-action="open-activity"]').click();
  const cell = page.locator('[data-cell="activity"]');
  const [download] = await Promise.all([page.waitForEvent('download'), cell.locator('[data-action="download-original"]').click()]);
  expect(download.suggestedFilename()).toBe(path.split('/').pop());
  expect(new Uint8Array(readFileSync(await download.path()))).toEqual(await member(generated.accountZip, path));

  // A correction, then the rebuild.
  const corrections = cell.locator('[data-testid="activity-corrections"]');
  await corrections.locator('summary').click();
  await corrections.locator('input[name="name"]').fill('Kept through the rebuild');
  await corrections.locator('[data-action="edit-activity"]').click();
  await expect(cell.locator('h2')).toContainText('Kept through the rebuild');
  db = await downloadDatabase(page);
  const before = derived(db);

  const beforeId = await ingestPanel(page).getAttribute('data-ingest-id');
  await page.locator('[data-action="rebuild-from-originals"]').click();
  await expect(ingestPanel(page)).not.toHaveAttribute('data-ingest-id', beforeId ?? '0', { timeout: 120_000 });
  await expect(ingestPanel(page)).toHaveAttribute('data-ingest-state', 'done');
  await expect(page.locator('[data-testid="ingest-message"]')).toContainText(`Rebuilt from ${kept} original files`);
  await expect(page.locator('[data-testid="ingest-message"]')).toContainText('1 correction applied again');
  db = await downloadDatabase(page);
  expect(derived(db)).toEqual(before);
  expect(db.value('SELECT count(*) FROM originals')).toBe(kept);

  // The next visit opens the rebuilt database.
  await page.reload();
  await expect(activities.locator('tr[data-activity]', { hasText: 'Kept through the rebuild' })).toHaveCount(1);
  db = await downloadDatabase(page);
  expect(derived(db)).toEqual(before);
});

test('originals the device lost: the download says so, the rebuild is refused and changes nothing, and dropping the export again keeps them anew', async ({ page }) => {
  const generated = await generateExport({ seed: 43, weeks: 3 });
  const drop = () => importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  await openApp(page);
  await drop();
  // The kept originals lost (part of the site's storage cleared).
  await page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    await root.removeEntry('fitbook-originals', { recursive: true });
  });
  await page.locator('[data-cell="activities"] tr[data-activity] [data-action="open-activity"]').first().click();
  await page.locator('[data-cell="activity"] [data-action="download-original"]').click();
  await expect(page.locator('[data-cell="activity"] [data-testid="original-problem"]')).toContainText('its original file is no longer on this device');

  const count = await page.locator('[data-metric="activities"]').getAttribute('data-value');
  const rebuild = async () => {
    const beforeId = await ingestPanel(page).getAttribute('data-ingest-id');
    await page.locator('[data-action="rebuild-from-originals"]').click();
    await expect(ingestPanel(page)).not.toHaveAttribute('data-ingest-id', beforeId ?? '0', { timeout: 120_000 });
  };
  await rebuild();
  await expect(page.locator('[data-testid="ingest-message"]')).toContainText(`Not rebuilt: ${count} activities have no original file kept`);
  await expect(page.locator('[data-metric="activities"]')).toHaveAttribute('data-value', count ?? '');
  // Dropped again: kept anew, and the rebuild goes through.
  await drop();
  await expect(page.locator('[data-metric="originals-kept"]')).not.toHaveAttribute('data-value', '0');
  await rebuild();
  await expect(page.locator('[data-testid="ingest-message"]')).toContainText('Rebuilt from');
  await expect(page.locator('[data-metric="activities"]')).toHaveAttribute('data-value', count ?? '');
});

test('a rebuild that would lose activities is refused, names them, and changes nothing', async ({ page }) => {
  const generated = await generateExport({ seed: 43, weeks: 3 });
  await openApp(page);
  // A loose run first, whose original the device then loses; the export after it, kept.
  await importFiles(page, [{ name: 'lake.gpx', buffer: gpx }]);
  await page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    await root.removeEntry('fitbook-originals', { recursive: true });
  });
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  const before = await downloadDatabase(page);
  const beforeId = await ingestPanel(page).getAttribute('data-ingest-id');
  await page.locator('[data-action="rebuild-from-originals"]').click();
  await expect(ingestPanel(page)).not.toHaveAttribute('data-ingest-id', beforeId ?? '0', { timeout: 120_000 });
  const lake = before.get<{ local_date: string }>(`SELECT a.local_date FROM activities a JOIN fit_files f ON f.activity_id = a.id WHERE f.file_name = 'lake.gpx'`)!;
  await expect(page.locator('[data-testid="ingest-message"]')).toContainText(`Not rebuilt: 1 activity has no original file kept (imported before fitbook kept originals, or the device was full): ${lake.local_date}`);
  await expect(page.locator('[data-testid="ingest-message"]')).toContainText('the rebuilt database would lack 1 original file no longer on this device');
  await expect(page.locator('[data-testid="ingest-message"]')).toContainText('Your database is as it was');
  expect(derived(await downloadDatabase(page))).toEqual(derived(before));
});
