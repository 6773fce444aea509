import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { fitnessSeries } from '../../src/analysis/fitness';
import { activityLoads, exportHrProfile } from '../../src/db/queries';
import { generateExport } from '../../tools/gen-export/generate';
import { browserToday, downloadDatabase, importFiles, openApp } from './helpers';

test('Fitness cell: today\'s figures and its CSV equal the analysis functions on the same database', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  const generated = await generateExport({ seed: 21, weeks: 12 });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  const cell = page.locator('[data-cell="fitness"]');
  await expect(cell.locator('[data-metric="ctl"]')).toBeVisible();
  await expect(cell.locator('svg').first()).toBeVisible();

  // The same data, analysed independently in Node: the database file the app wrote.
  const db = await downloadDatabase(page);
  const profile = exportHrProfile(db);
  const loads = activityLoads(db, { restingHr: profile?.restingHr ?? 50, maxHr: profile?.maxHr ?? 190 });
  const series = fitnessSeries(loads, { today: await browserToday(page) });
  const last = series.dates.length - 1;
  for (const [metric, values] of [['ctl', series.ctl], ['atl', series.atl], ['tsb', series.tsb], ['acwr', series.acwr], ['ramp', series.ramp]] as const) {
    expect(Number(await cell.locator(`[data-metric="${metric}"]`).getAttribute('data-value')), metric).toBeCloseTo(values[last] as number, 9);
  }

  // The CSV is the whole series at full precision, whatever range the chart shows.
  await cell.locator('select').selectOption('90d');
  const [download] = await Promise.all([page.waitForEvent('download'), cell.locator('[data-action="download-csv"]').click()]);
  const lines = readFileSync(await download.path(), 'utf8').trim().split('\n');
  expect(lines[0]).toBe('date,load,ctl,atl,tsb,acwr,ramp');
  expect(lines).toHaveLength(series.dates.length + 1);
  lines.slice(1).forEach((line, i) => {
    const [date, ...numbers] = line.split(',');
    expect(date).toBe(series.dates[i]);
    const expected = [series.load[i], series.ctl[i], series.atl[i], series.tsb[i], series.acwr[i], series.ramp[i]] as number[];
    numbers.forEach((v, j) => {
      if (Number.isNaN(expected[j])) expect(v).toBe('');
      else expect(Number(v)).toBe(expected[j]);
    });
  });
  // SVG charts have labelled axes; the figures did not change with the range.
  await expect(cell.locator('svg text', { hasText: 'Date' }).first()).toBeAttached();
  expect(Number(await cell.locator('[data-metric="ctl"]').getAttribute('data-value'))).toBeCloseTo(series.ctl[last] as number, 9);
  expect(errors).toEqual([]);
});
