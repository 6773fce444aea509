import { expect, test } from '@playwright/test';
import { generateExport } from '../../tools/gen-export/generate';
import { downloadDatabase, importFiles, openApp } from './helpers';

/**
 * Issue #16, item 6: what the Garmin export holds that runners use — the VO2max history in the
 * Records cell, Garmin's race predictions beside fitbook's, gear with its mileage in the
 * Activities cell (the table's running total and the gear list).
 */

test('VO2max, Garmin\'s race predictions and shoe mileage are shown as the export holds them', async ({ page }) => {
  const generated = await generateExport({ seed: 47, weeks: 16 });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  const db = await downloadDatabase(page);

  const records = page.locator('[data-cell="records"]');
  const last = db.get<{ date: string; vo2max: number }>(`SELECT date, vo2max FROM vo2max_daily WHERE sport = 'running' ORDER BY date DESC LIMIT 1`)!;
  await expect(records.locator('[data-metric="vo2max"]')).toHaveAttribute('data-value', String(last.vo2max));
  await expect(records.locator('[data-chart="vo2max"] svg')).toBeVisible();
  const today = await page.evaluate(() => new Date(Date.now() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 10));
  const garmin = db.get<{ five_k_s: number; marathon_s: number }>('SELECT five_k_s, marathon_s FROM race_predictions WHERE date <= ? ORDER BY date DESC LIMIT 1', [today])!;
  const predictions = records.locator('[data-testid="records-predictions"]');
  await expect(predictions.locator('tr[data-target-m="5000"] [data-method="garmin"]')).toHaveAttribute('data-value', String(garmin.five_k_s));
  await expect(predictions.locator('tr[data-target-m="42195"] [data-method="garmin"]')).toHaveAttribute('data-value', String(garmin.marathon_s));

  const list = page.locator('[data-cell="activities"] [data-testid="gear-list"]');
  for (const g of generated.manifest.account.gear) {
    const row = list.locator(`[data-gear="${g.uuid}"]`);
    await expect(row).toContainText(g.name);
    const distance = db.value(
      `SELECT coalesce(sum(a.distance_m), 0) FROM gear_activities ga JOIN activities a ON a.garmin_activity_id = ga.garmin_activity_id WHERE ga.gear_uuid = ?`, [g.uuid]) as number;
    expect(Number(await row.locator('[data-metric="gear-distance"]').getAttribute('data-value'))).toBeCloseTo(distance, 3);
  }
  // The table's Gear column: the newest run's shoe with that shoe's total (it is the last use).
  const shoe = generated.manifest.account.gear.find((g) => g.type === 'shoes' && g.status === 'active' && g.activities > 0)!;
  const newest = db.get<{ id: number }>(
    `SELECT a.id FROM activities a JOIN gear_activities ga ON ga.garmin_activity_id = a.garmin_activity_id WHERE ga.gear_uuid = ? ORDER BY a.start_ms DESC LIMIT 1`, [shoe.uuid])!;
  const cell = page.locator(`[data-cell="activities"] tr[data-activity="${newest.id}"] td.gear`);
  await expect(cell).toContainText(shoe.name);
  expect(Number(await cell.getAttribute('data-gear-distance-m'))).toBeCloseTo(Number(await list.locator(`[data-gear="${shoe.uuid}"] [data-metric="gear-distance"]`).getAttribute('data-value')), 3);
});
