import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';
import { expect, test } from '@playwright/test';
import { addDays } from '../../src/analysis/calendar';
import { generateExport } from '../../tools/gen-export/generate';
import { predictionHistory } from '../../src/analysis/predictionHistory';
import { predictionEfforts } from '../../src/analysis/recordsSummary';
import { browserToday, downloadDatabase, firstRunDataset, importFiles, openApp } from './helpers';

/**
 * Issue #17, item 1 and 6: a plan built from a goal race — prefilled from the last six weeks,
 * refused at the field when a rule is broken (nothing saved), saved as a new plan the Plan cell
 * and the forecast open, its sessions exported as an .ics a calendar parser reads back.
 */

test('build a plan from a goal: prefilled, refused at the field, saved whole, in the forecast, exported to a calendar', async ({ page }) => {
  const generated = await generateExport({ seed: 61, weeks: 10 });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  const today = await browserToday(page);
  const cell = page.locator('[data-cell="plan-builder"]');
  const form = cell.locator('[data-testid="plan-builder-form"]');
  // Prefilled from the last six weeks of runs.
  const weekly = Number(await form.locator('input[name="weeklyKm"]').inputValue());
  expect(weekly).toBeGreaterThan(0);
  const plansBefore = (await downloadDatabase(page)).value('SELECT count(*) FROM plans') as number;

  // A race in the past: said at the date, nothing saved.
  await form.locator('input[name="raceDate"]').fill(addDays(today, -3));
  await form.locator('[data-action="generate-plan"]').click();
  await expect(form.locator('[data-error="raceDate"]')).toHaveText('The race date must be after today.');
  // A weekly volume of 0: said at the field.
  await form.locator('input[name="raceDate"]').fill(addDays(today, 84));
  await form.locator('input[name="weeklyKm"]').fill('0');
  await form.locator('[data-action="generate-plan"]').click();
  await expect(form.locator('[data-error="weeklyKm"]')).toContainText('between 5 and 300 km');
  // More base weeks than the weeks before the taper allow: said at the field.
  await form.locator('input[name="weeklyKm"]').fill(String(weekly));
  await form.locator('input[name="baseWeeks"]').fill('40');
  await form.locator('[data-action="generate-plan"]').click();
  await expect(form.locator('[data-error="baseWeeks"]')).toContainText('Base is 1 to');
  await form.locator('input[name="baseWeeks"]').fill('');
  expect((await downloadDatabase(page)).value('SELECT count(*) FROM plans')).toBe(plansBefore);

  // A half marathon in 12 weeks, four days a week, no Friday.
  const raceDate = addDays(today, 84);
  await form.locator('input[name="weeklyKm"]').fill(String(weekly));
  await form.locator('input[name="raceName"]').fill('Autumn Half, "fast"');
  await form.locator('input[name="blocked"][value="5"]').check();
  await form.locator('[data-action="generate-plan"]').click();
  const built = cell.locator('[data-testid="plan-built"]');
  await expect(built).toContainText('Built “Autumn Half, "fast"”');
  const planId = Number(await built.getAttribute('data-plan-id'));
  const sessions = Number(await built.getAttribute('data-sessions'));

  const db = await downloadDatabase(page);
  expect(db.value('SELECT count(*) FROM plan_sessions WHERE plan_id = ?', [planId])).toBe(sessions);
  expect(db.value(`SELECT count(*) FROM plan_sessions WHERE plan_id = ? AND CAST(strftime('%u', date) AS INTEGER) = 5 AND type != 'race'`, [planId])).toBe(0);
  expect(db.value('SELECT date FROM plan_sessions WHERE plan_id = ? AND type = ?', [planId, 'race'])).toBe(raceDate);
  // The Plan cell opens it, and the forecast has its race.
  await expect(page.locator('[data-cell="plan"] select[data-action="plan-select"], [data-cell="plan"] select').first()).toHaveValue(String(planId));
  await expect(page.locator(`[data-cell="forecast"] [data-race="${raceDate}"]`).first()).toBeVisible();

  // A second goal while this plan runs: refused at the race date, nothing saved.
  const plansNow = db.value('SELECT count(*) FROM plans');
  await form.locator('input[name="raceDate"]').fill(addDays(today, 140));
  await form.locator('[data-action="generate-plan"]').click();
  await expect(form.locator('[data-error="raceDate"]')).toContainText(`runs until its race on ${raceDate}`);
  expect((await downloadDatabase(page)).value('SELECT count(*) FROM plans')).toBe(plansNow);
  await expect(built).toHaveAttribute('data-plan-id', String(planId));

  // Its sessions as CSV, one row each.
  const [csv] = await Promise.all([page.waitForEvent('download'), cell.locator('[data-action="download-csv"]').click()]);
  const lines = readFileSync(await csv.path(), 'utf8').trim().split('\n');
  expect(lines[0]).toBe('date,week,weekday,phase,type,intensity,distance_km,duration_min,structure');
  expect(lines).toHaveLength(sessions + 1);

  // The calendar file: one event per session, read back by ical.js.
  const [download] = await Promise.all([page.waitForEvent('download'), built.locator('[data-action="export-ics"]').click()]);
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(await download.path(), 'utf8')));
  const events = calendar.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
  expect(events).toHaveLength(sessions);
  expect(events.find((e) => e.summary.startsWith('Race'))?.startDate.toString()).toBe(raceDate);
});

test('the consistency map: a year of days, the days with training as the database has them, load or distance', async ({ page }) => {
  const generated = await generateExport({ seed: 67, weeks: 20 });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  const today = await browserToday(page);
  const cell = page.locator('[data-cell="consistency"]');
  await expect(cell.locator('[data-chart="consistency"] svg')).toBeVisible();
  const db = await downloadDatabase(page);
  const active = db.value(`SELECT count(DISTINCT local_date) FROM activities WHERE deleted_at IS NULL AND local_date > ? AND local_date <= ?`, [addDays(today, -365), today]) as number;
  await expect(cell.locator('[data-metric="active-days"]')).toHaveAttribute('data-value', String(active));
  await expect(cell.locator('[data-metric="rest-days"]')).toHaveAttribute('data-value', String(365 - active));
  // Distance instead of load: the same days, another scale; kept after a reload.
  await cell.locator('[data-testid="consistency-metric"]').selectOption('distance');
  await page.reload();
  await expect(page.locator('[data-cell="consistency"] [data-testid="consistency-metric"]')).toHaveValue('distance');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-cell="consistency"] [data-action="download-csv"]').click()]);
  const rows = readFileSync(await download.path(), 'utf8').trim().split('\n').slice(1);
  expect(rows).toHaveLength(365);
  expect(rows.filter((r) => !r.endsWith(',')).length).toBe(active);
});

test('predicted race times over time: the chart\'s weeks and times equal the analysis on the same database', async ({ page }) => {
  const generated = await generateExport({ seed: 73, weeks: 30 });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  const today = await browserToday(page);
  const cell = page.locator('[data-cell="predictions"]');
  await expect(cell.locator('[data-chart="predictions"] svg').last()).toBeVisible();
  const dataset = firstRunDataset(await downloadDatabase(page));
  const [download] = await Promise.all([page.waitForEvent('download'), cell.locator('[data-action="download-csv"]').click()]);
  const lines = readFileSync(await download.path(), 'utf8').trim().split('\n');
  expect(lines[0]).toBe('date,target_m,riegel_s,vdot_s,source_activity_id,source_vdot');
  const rows = lines.slice(1).map((l) => l.split(','));
  expect(rows.at(-1)?.[0]).toBe(today);
  const expected = predictionHistory(predictionEfforts(dataset.activities, dataset.table), { from: rows[0]?.[0] as string, to: today });
  expect(rows).toHaveLength(expected.length);
  rows.forEach((r, i) => {
    const e = expected[i]!;
    expect([r[0], Number(r[1]), r[4] === '' ? null : Number(r[4])]).toEqual([e.date, e.targetM, e.sourceActivityId]);
    if (e.vdotS !== null) expect(Number(r[3])).toBeCloseTo(e.vdotS, 2);
  });
  // The figure is the last point's time; Riegel on request.
  const last5k = expected.filter((p) => p.targetM === 5000).at(-1)!;
  await expect(cell.locator('[data-metric="predicted-time"][data-target-m="5000"]')).toHaveAttribute('data-value', String(last5k.vdotS));
  await cell.locator('[data-testid="predictions-method"]').selectOption('riegel');
  await expect(cell.locator('[data-metric="predicted-time"][data-target-m="5000"]')).toHaveAttribute('data-value', String(last5k.riegelS));
});
