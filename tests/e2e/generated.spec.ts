import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { generateExport, type GeneratedExport } from '../../tools/gen-export/generate';
import { importFiles, ingestPanel, metricValue, openApp } from './helpers';

let generated: GeneratedExport;

test.beforeAll(async () => {
  generated = await generateExport({ seed: 3, weeks: 8 });
});

const account = () => ({ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) });
const connect = () => ({ name: 'connect-export.zip', buffer: Buffer.from(generated.connectZip) });

test('a generated account export: the counts shown equal the manifest, survive a reload, never duplicate', async ({ page }) => {
  const m = generated.manifest;
  await openApp(page);
  await importFiles(page, [account()]);
  await expect(page.locator('[data-skipped]')).toHaveCount(0);
  expect(await metricValue(page, 'activities')).toBe(m.account.activities);
  expect(await metricValue(page, 'added')).toBe(m.account.activities);
  expect(await metricValue(page, 'fit-linked')).toBe(m.account.activitiesWithFit);
  expect(await metricValue(page, 'wellness-days')).toBe(m.account.wellnessDays);
  await expect(page.locator('[data-testid="date-range"]')).toContainText(`${m.account.firstLocalDate} to ${m.account.lastLocalDate}`);
  for (const [sport, count] of Object.entries(m.account.bySport)) {
    await expect(page.locator(`tr[data-sport="${sport}"] td`).last()).toHaveText(String(count));
  }
  // The monitoring files are recognised, not reported as errors: one line per UploadedFiles part.
  await expect(page.locator('[data-ignored]').filter({ hasText: 'monitoring' })).toContainText(`${m.account.monitoringFiles} monitoringB FIT files`);

  await page.reload();
  await expect(page.locator('[data-metric="activities"]')).toHaveAttribute('data-value', String(m.account.activities));
  expect(await metricValue(page, 'fit-linked')).toBe(m.account.activitiesWithFit);
  expect(await metricValue(page, 'wellness-days')).toBe(m.account.wellnessDays);

  await importFiles(page, [account()]);
  expect(await metricValue(page, 'added')).toBe(0);
  expect(await metricValue(page, 'activities')).toBe(m.account.activities);

  // The Connect export holds the last two weeks again plus two newer runs: only those are added.
  await importFiles(page, [connect()]);
  expect(await metricValue(page, 'added')).toBe(m.connect.newActivities);
  expect(await metricValue(page, 'activities')).toBe(m.totalActivities);
  expect(await metricValue(page, 'fit-linked')).toBe(m.account.activitiesWithFit + m.connect.newActivities);

  // A corrupt zip: named with its reason; what is stored stays.
  await importFiles(page, [{ name: 'broken.zip', buffer: Buffer.from(generated.accountZip.subarray(0, 4096)) }]);
  const skipped = page.locator('[data-skipped]');
  await expect(skipped).toHaveCount(1);
  await expect(skipped).toHaveAttribute('data-file', 'broken.zip');
  expect(await skipped.getAttribute('data-reason')).toMatch(/not a readable zip/);
  expect(await metricValue(page, 'activities')).toBe(m.totalActivities);
});

test('"Load sample data" imports the bundled sample export', async ({ page }) => {
  const manifest = JSON.parse(readFileSync(new URL('../../public/sample/manifest.json', import.meta.url), 'utf8')) as GeneratedExport['manifest'];
  await openApp(page);
  await expect(page.locator('.empty')).toContainText('No activities yet');
  await page.locator('[data-action="load-sample"]').click();
  await expect(ingestPanel(page)).toHaveAttribute('data-ingest-state', 'done', { timeout: 120_000 });
  expect(await metricValue(page, 'activities')).toBe(manifest.account.activities);
  expect(await metricValue(page, 'fit-linked')).toBe(manifest.account.activitiesWithFit);
  expect(await metricValue(page, 'wellness-days')).toBe(manifest.account.wellnessDays);
});

test('progress while importing, and cancel leaves a consistent database', async ({ page }) => {
  await openApp(page);
  await page.locator('[data-action="load-sample"]').click();
  await expect(ingestPanel(page)).toHaveAttribute('data-ingest-state', 'running');
  // The progress line shows files, megabytes and activities found while the worker runs.
  await expect(page.locator('[data-testid="progress-files"]')).toContainText(/\d+ \/ \d+ files/);
  await expect(page.locator('[data-testid="progress-bytes"]')).toContainText('MB');
  await expect(page.locator('[data-testid="progress-activities"]')).toContainText('activities found');
  // The file being read is named as a person knows it, not by the export's folder path.
  await expect(page.locator('[data-testid="progress-current"]')).toHaveText(/\w/);
  await expect(page.locator('[data-testid="progress-current"]')).not.toContainText('DI_CONNECT');
  await page.locator('[data-action="cancel-ingest"]').click();
  await expect(ingestPanel(page)).toHaveAttribute('data-ingest-state', 'cancelled');
  // Summaries go first (one JSON file makes every activity); the FIT streams stopped part-way.
  const sample = JSON.parse(readFileSync(new URL('../../public/sample/manifest.json', import.meta.url), 'utf8')) as GeneratedExport['manifest'];
  const linked = await metricValue(page, 'fit-linked');
  expect(linked).toBeLessThan(sample.account.activitiesWithFit);
  // Whatever was kept is whole and still there after a reload; importing again completes it.
  await page.reload();
  await expect(page.locator('[data-metric="fit-linked"]')).toHaveAttribute('data-value', String(linked));
  expect(await metricValue(page, 'activities')).toBe(sample.account.activities);
  await page.locator('[data-action="load-sample"]').click();
  await expect(ingestPanel(page)).toHaveAttribute('data-ingest-state', 'done', { timeout: 120_000 });
  expect(await metricValue(page, 'activities')).toBe(sample.account.activities);
  expect(await metricValue(page, 'fit-linked')).toBe(sample.account.activitiesWithFit);
});
