import { expect, test } from '@playwright/test';
import { generateExport } from '../../tools/gen-export/generate';
import { buildStravaArchive } from '../../tools/gen-export/strava';
import { downloadDatabase, importFiles, openApp } from './helpers';

/**
 * Issue #16, item 1: Strava's bulk export dropped after Garmin's. Only what Garmin lacked is
 * added (with Strava's names), every recording gets Strava's description and gear, activities
 * entered by hand on Strava become off-watch sessions, and dropping it again adds nothing.
 */

test('a Strava archive adds what Garmin lacked, with names, descriptions, gear and hand-entered sessions; again adds nothing', async ({ page }) => {
  const generated = await generateExport({ seed: 53, weeks: 5 });
  const strava = await buildStravaArchive(generated);
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  await importFiles(page, [{ name: 'export_12345.zip', buffer: Buffer.from(strava.zip) }]);
  await expect(page.locator('[data-metric="added"]')).toHaveAttribute('data-value', String(generated.manifest.connect.newActivities));
  await expect(page.locator('[data-skipped]')).toHaveCount(0);
  // The bad hand-entered row is named with the reason.
  await page.locator('details.warnings summary').click();
  await expect(page.locator('[data-warning][data-file="activities.csv"]')).toContainText('1 activity entered by hand on Strava left out: no readable date or duration (8000003)');

  // A Strava-only run: its Strava name in the table, its description in the Activity cell.
  const [, title] = [...strava.renamed][0]!;
  const activities = page.locator('[data-cell="activities"]');
  const row = activities.locator('tr[data-activity]', { hasText: title });
  await expect(row).toHaveCount(1);
  await row.locator('[data-action="open-activity"]').click();
  await expect(page.locator('[data-cell="activity"] [data-testid="activity-description"]')).toHaveText(strava.description);
  // Every recording is linked to Strava's shoe, merged ones too.
  const gear = activities.locator('[data-testid="gear-list"] [data-gear]', { hasText: strava.gear });
  await expect(gear.locator('[data-metric="gear-activities"]')).toHaveAttribute('data-value', String(strava.recordings));

  // Hand-entered: two off-watch sessions, RPE × minutes where Strava has the RPE.
  await activities.locator('[data-testid="manual-sessions"] summary').click();
  const sessions = activities.locator('[data-testid="manual-sessions"] tbody tr');
  await expect(sessions).toHaveCount(strava.manual.length);
  await expect(sessions.filter({ hasText: 'Gym class' })).toContainText('270');

  // Dropped again: nothing added, no session twice.
  await importFiles(page, [{ name: 'export_12345.zip', buffer: Buffer.from(strava.zip) }]);
  await expect(page.locator('[data-metric="added"]')).toHaveAttribute('data-value', '0');
  await expect(sessions).toHaveCount(strava.manual.length);
  const db = await downloadDatabase(page);
  expect(db.value('SELECT count(*) FROM activities WHERE name = ? AND description = ?', [title, strava.description])).toBe(1);
  expect(db.value(`SELECT count(*) FROM manual_activities WHERE external_id LIKE 'strava:%'`)).toBe(strava.manual.length);
});
