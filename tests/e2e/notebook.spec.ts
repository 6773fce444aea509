import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { addDays, isoWeek, mondayOf } from '../../src/analysis/calendar';
import { fitnessSeries } from '../../src/analysis/fitness';
import { raceForecast } from '../../src/analysis/forecast';
import { ACTIVITIES_CSV_COLUMNS, activitiesCsvRows } from '../../src/analysis/activityTable';
import { isRun } from '../../src/analysis/types';
import { toCsv } from '../../src/ui/csv';
import { listPlans, planWeeks } from '../../src/db/plans';
import { exportHrProfile, listActivities } from '../../src/db/queries';
import { polarizedSplit } from '../../src/analysis/timeInZone';
import { COMPLIANCE_CSV_COLUMNS, complianceCsvRows, weeklyCompliance } from '../../src/analysis/compliance';
import { generateExport } from '../../tools/gen-export/generate';
import { browserToday, downloadDatabase, firstRunDataset, importFiles, openApp } from './helpers';

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
  const loads = firstRunDataset(db).loads;
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

test('plan and forecast: typing a distance moves race-day TSB at once, and the edit survives a reload', async ({ page }) => {
  const generated = await generateExport({ seed: 22, weeks: 12 });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  const plan = page.locator('[data-cell="plan"]');
  const forecast = page.locator('[data-cell="forecast"]');
  // A starter plan: 4 finished weeks and 12 from this Monday, no race invented.
  await expect(plan.locator('tbody tr')).toHaveCount(16);
  await expect(forecast).toContainText('No race ahead');

  const today = await browserToday(page);
  const raceWeek = isoWeek(addDays(mondayOf(today), 7 * 7));
  const raceDate = addDays(mondayOf(today), 7 * 7 + 5);
  await plan.locator(`tr[data-week="${raceWeek}"] input[data-field="races"]`).fill(`${raceDate} Spring Half 21.1`);
  await plan.locator(`tr[data-week="${raceWeek}"] input[data-field="races"]`).press('Tab');
  const raceTsb = forecast.locator(`[data-metric="race-day-tsb"][data-race="${raceDate}"]`);
  await expect(raceTsb).toBeVisible();
  const before = Number(await raceTsb.getAttribute('data-value'));

  // One keystroke at a time into the week before the race: the forecast follows, no reload.
  const weekBefore = isoWeek(addDays(mondayOf(today), 6 * 7));
  const distance = plan.locator(`tr[data-week="${weekBefore}"] input[data-field="distance_km"]`);
  await distance.fill('');
  await distance.pressSequentially('95');
  await expect.poll(async () => Number(await raceTsb.getAttribute('data-value'))).toBeLessThan(before);
  const after = Number(await raceTsb.getAttribute('data-value'));

  // Saved to SQLite: after a reload the plan and the forecast are the same.
  await page.waitForTimeout(600);
  await page.reload();
  await expect(page.locator(`[data-cell="plan"] tr[data-week="${weekBefore}"] input[data-field="distance_km"]`)).toHaveValue('95');
  await expect(page.locator(`[data-cell="forecast"] [data-metric="race-day-tsb"][data-race="${raceDate}"]`)).toHaveAttribute('data-value', String(after));

  // And it is what the analysis functions say for the same database and plan.
  const db = await downloadDatabase(page);
  const loads = firstRunDataset(db).loads;
  const [stored] = listPlans(db);
  const expected = raceForecast(loads.map((a) => ({ localDate: a.localDate, load: a.load, distanceM: a.distanceM, isRun: isRun(a.sport) })), planWeeks(db, stored?.id ?? -1), { today });
  expect(expected?.races[0]?.tsb).toBeCloseTo(after, 9);
});

test('SQL cell: the expected row count, writes refused; Overview charts the coverage', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const generated = await generateExport({ seed: 23, weeks: 6 });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  await expect(page.locator('[data-cell="overview"] svg').first()).toBeVisible();
  await expect(page.locator('[data-cell="overview"]')).toContainText(`${generated.manifest.account.activities} activities`);

  const sql = page.locator('[data-cell="sql"]');
  await sql.locator('textarea').fill("SELECT id, sport, distance_m FROM activities WHERE sport = 'running'");
  await sql.locator('[data-action="run-sql"]').click();
  await expect(sql.locator('[data-testid="sql-row-count"]')).toHaveAttribute('data-value', String(generated.manifest.account.bySport.running));
  await expect(sql.locator('tbody tr')).toHaveCount(generated.manifest.account.bySport.running ?? 0);

  await sql.locator('textarea').fill('DELETE FROM activities');
  await sql.locator('[data-action="run-sql"]').click();
  await expect(sql.locator('[role="alert"]')).toContainText(/readonly/i);
  await sql.locator('textarea').fill('SELECT count(*) FROM activities');
  await sql.locator('[data-action="run-sql"]').click();
  await expect(sql.locator('tbody td').first()).toHaveText(String(generated.manifest.account.activities));
  expect(errors).toEqual([]);
});

test('Activities cell: filter and CSV equal the analysis on the same database; hostile names stay text', async ({ page }) => {
  let alerted = false;
  page.on('dialog', (d) => { alerted = true; void d.dismiss(); });
  const generated = await generateExport({ seed: 24, weeks: 8 });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  const cell = page.locator('[data-cell="activities"]');
  await expect(cell.locator('[data-testid="activities-count"]')).toHaveAttribute('data-value', String(generated.manifest.account.activities));
  await cell.locator('[data-testid="activities-sport"]').selectOption('running');
  await expect(cell.locator('[data-testid="activities-count"]')).toHaveAttribute('data-value', String(generated.manifest.account.bySport.running));

  // The <img onerror> name is shown as text, never as an element.
  const hostile = cell.locator(`tr[data-activity]`, { hasText: '<img src=x onerror=' });
  await cell.locator('[data-testid="activities-sport"]').selectOption('');
  await cell.locator('[data-testid="activities-search"]').fill('onerror');
  await expect(hostile).toHaveCount(1);
  await expect(cell.locator('img')).toHaveCount(0);
  expect(alerted).toBe(false);

  const [download] = await Promise.all([page.waitForEvent('download'), cell.locator('[data-action="download-csv"]').click()]);
  const csv = readFileSync(await download.path(), 'utf8');
  const db = await downloadDatabase(page);
  // The app's settings start from the export's heartRateZones.json (firstRunDataset).
  const expected = firstRunDataset(db).table;
  expect(csv).toBe(toCsv(ACTIVITIES_CSV_COLUMNS, activitiesCsvRows(expected)));
});

test('This week: the compliance score and its CSV equal the analysis on the same database and plan', async ({ page }) => {
  const generated = await generateExport({ seed: 25, weeks: 10, endDate: await browserToday(page).catch(() => undefined) ?? undefined });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  const cell = page.locator('[data-cell="week"]');
  const score = cell.locator('[data-metric="compliance-score"]');
  await expect(score).toBeAttached();
  const today = await browserToday(page);
  const [download] = await Promise.all([page.waitForEvent('download'), cell.locator('[data-action="download-csv"]').click()]);
  const csv = readFileSync(await download.path(), 'utf8');

  const db = await downloadDatabase(page);
  const [stored] = listPlans(db);
  const weeks = planWeeks(db, stored?.id ?? -1).map((w) => ({ ...w, phase: 'base' as const }));
  const compliance = weeklyCompliance(weeks, listActivities(db), { asOf: today });
  const current = compliance.find((w) => w.week === isoWeek(mondayOf(today))) ?? [...compliance].reverse().find((w) => w.weekStart <= today);
  expect(Number(await score.getAttribute('data-value'))).toBe(current?.score);
  expect(csv).toBe(toCsv(COMPLIANCE_CSV_COLUMNS, complianceCsvRows(compliance).map((r) => COMPLIANCE_CSV_COLUMNS.map((c) => r[c]))));
  expect(csv.split('\n')[0]).toBe('week,planned_km,actual_km,planned_vert_m,actual_vert_m,planned_long_run_km,longest_run_km,planned_gym,gym,planned_series,series_detected,score,alerts');

  // Every phase the plan offers shows as itself (recovery and race weeks were shown as "base").
  const thisWeek = isoWeek(mondayOf(today));
  for (const phase of ['recovery', 'race', 'taper']) {
    await page.locator(`[data-cell="plan"] select[aria-label="Phase, ${thisWeek}"]`).selectOption(phase);
    await expect(cell.locator('p', { hasText: thisWeek }).first()).toContainText(`, ${phase}`);
  }
});

test('Zones: the polarized split shown equals the analysis on the same database', async ({ page }) => {
  const generated = await generateExport({ seed: 26, weeks: 14, endDate: await browserToday(page) });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  const cell = page.locator('[data-cell="zones"]');
  await expect(cell.locator('[data-metric="polarized-easy-pct"]')).toBeVisible();
  const db = await downloadDatabase(page);
  const rows = firstRunDataset(db).table;
  const items = rows.flatMap((r) => (r.tizS ? [{ localDate: r.localDate, tiz: { source: 'stream' as const, belowS: 0, zonesS: r.tizS, aboveS: 0, totalS: 0 } }] : []));
  const split = polarizedSplit(items, await browserToday(page));
  for (const [metric, value] of [['polarized-easy-pct', split.easyPct], ['polarized-moderate-pct', split.moderatePct], ['polarized-hard-pct', split.hardPct]] as const) {
    expect(Number(await cell.locator(`[data-metric="${metric}"]`).getAttribute('data-value')), metric).toBeCloseTo(value, 9);
  }
  expect(split.easyPct + split.moderatePct + split.hardPct).toBeCloseTo(100, 9);

  // Time in zone over a chosen range: all history is every activity's seconds; the split stays 12 weeks.
  const total = cell.locator('[data-testid="zones-range-total"]');
  const twelveWeeks = Number(await total.getAttribute('data-value'));
  await cell.locator('[data-testid="zones-range"]').selectOption('all');
  const all = rows.reduce((sum, r) => sum + (r.tizS ?? []).reduce((a, b) => a + b, 0), 0);
  await expect.poll(async () => Number(await total.getAttribute('data-value'))).toBeCloseTo(all, 6);
  expect(all).toBeGreaterThan(twelveWeeks);
  expect(Number(await cell.locator('[data-metric="polarized-easy-pct"]').getAttribute('data-value'))).toBeCloseTo(split.easyPct, 9);
});

test('cells can be reordered, removed and added back, and the layout survives a reload', async ({ page }) => {
  const generated = await generateExport({ seed: 27, weeks: 4 });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  const order = () => page.locator('[data-slot]').evaluateAll((slots) => slots.map((s) => s.getAttribute('data-slot')));
  await expect(page.locator('[data-cell="fitness"]')).toBeVisible();
  expect((await order()).slice(0, 2)).toEqual(['overview', 'fitness']);
  await page.locator('[data-slot="fitness"] [data-action="cell-up"]').click();
  await page.locator('[data-slot="sql"] [data-action="cell-remove"]').click();
  await expect(page.locator('[data-cell="sql"]')).toHaveCount(0);
  expect((await order()).slice(0, 2)).toEqual(['fitness', 'overview']);

  await page.reload();
  await expect(page.locator('[data-cell="fitness"]')).toBeVisible();
  expect((await order()).slice(0, 2)).toEqual(['fitness', 'overview']);
  await expect(page.locator('[data-cell="sql"]')).toHaveCount(0);
  await page.locator('[data-action="cell-add"]').selectOption('sql');
  await expect(page.locator('[data-cell="sql"]')).toBeVisible();
  expect((await order()).at(-1)).toBe('sql');
});

test('settings: prefilled from the export on the first run, applied at once, kept after a reload', async ({ page }) => {
  const generated = await generateExport({ seed: 28, weeks: 8 });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  const panel = page.locator('fitbook-settings');
  await expect(panel.getByRole('heading', { name: 'Check your settings' })).toBeVisible();
  const db = await downloadDatabase(page);
  const profile = exportHrProfile(db);
  await expect(panel.locator('input[name="maxHr"]')).toHaveValue(String(profile?.maxHr));

  await panel.locator('input[name="ctlDays"]').fill('21');
  await panel.locator('[data-action="save-settings"]').click();
  await expect(panel.locator('[data-testid="settings-summary"]')).toContainText('CTL 21');
  const loads = firstRunDataset(db).loads;
  const series = fitnessSeries(loads, { today: await browserToday(page), ctlDays: 21 });
  const ctl = page.locator('[data-cell="fitness"] [data-metric="ctl"]');
  await expect.poll(async () => Number(await ctl.getAttribute('data-value'))).toBeCloseTo(series.ctl[series.ctl.length - 1] as number, 9);

  await page.reload();
  await expect(page.locator('fitbook-settings [data-testid="settings-summary"]')).toContainText('CTL 21');
  await expect(page.locator('fitbook-settings').getByRole('heading', { name: 'Check your settings' })).toHaveCount(0);
});

test('today moves at midnight in a tab left open: the cells recompute for the new day', async ({ page }) => {
  // The page's clock starts two minutes before midnight (the workers keep real time: the import runs normally).
  await page.clock.install({ time: new Date('2026-03-10T23:58:00') });
  const generated = await generateExport({ seed: 7, weeks: 8, endDate: '2026-03-10' });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  const fitness = page.locator('[data-cell="fitness"]');
  await expect(fitness).toContainText('Today is 2026-03-10');
  const csvName = async () => (await Promise.all([page.waitForEvent('download'), fitness.locator('[data-action="download-csv"]').click()]))[0].suggestedFilename();
  expect(await csvName()).toBe('fitbook-fitness-2026-03-10.csv');

  await page.clock.fastForward('05:00');
  await expect(fitness).toContainText('Today is 2026-03-11');
  expect(await csvName()).toBe('fitbook-fitness-2026-03-11.csv');
});

test("cells' parameters survive a reload: the Fitness range, the Activities filters and sort", async ({ page }) => {
  const generated = await generateExport({ seed: 12, weeks: 12 });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  const fitness = page.locator('[data-cell="fitness"]');
  const activities = page.locator('[data-cell="activities"]');
  await fitness.locator('select').first().selectOption('90d');
  const sport = activities.locator('[data-testid="activities-sport"]');
  const firstSport = await sport.locator('option').nth(1).getAttribute('value');
  await sport.selectOption(firstSport ?? '');
  await activities.locator('th', { hasText: 'Distance' }).locator('button').click();
  const count = await activities.locator('[data-testid="activities-count"]').getAttribute('data-value');
  const order = await activities.locator('tr[data-activity]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-activity')));

  await page.reload();
  await expect(fitness.locator('select').first()).toHaveValue('90d');
  await expect(sport).toHaveValue(firstSport ?? '');
  await expect(activities.locator('th', { hasText: 'Distance' })).toHaveAttribute('aria-sort', 'descending');
  await expect(activities.locator('[data-testid="activities-count"]')).toHaveAttribute('data-value', count ?? '');
  expect(await activities.locator('tr[data-activity]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-activity')))).toEqual(order);
});

test('in miles, the cells that show distances and paces show no kilometre figure', async ({ page }) => {
  const generated = await generateExport({ seed: 33, weeks: 16, endDate: await browserToday(page).catch(() => undefined) ?? undefined });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  const panel = page.locator('fitbook-settings');
  await panel.locator('select[name="units"]').selectOption('mi');
  await panel.locator('[data-action="save-settings"]').click();
  await expect(panel.locator('[data-testid="settings-summary"]')).toContainText('· mi ·');
  // A race in the plan, so the forecast shows its race table too.
  const today = await browserToday(page);
  const week = isoWeek(mondayOf(addDays(today, 21)));
  const raceDate = addDays(mondayOf(addDays(today, 21)), 5);
  const races = page.locator(`[data-cell="plan"] input[aria-label="Races, ${week}"]`);
  await races.fill(`${raceDate} Test 10K 6.2`);
  await races.press('Enter');
  // The plan is edited in miles and stored in km: 30 mi a week, a 6.2 mi race.
  await page.locator(`[data-cell="plan"] input[aria-label="Distance (mi), ${week}"]`).fill('30');
  await expect(page.locator(`[data-cell="plan"] input[aria-label="Distance (mi), ${week}"]`)).toHaveValue('30');
  await expect(races).toHaveValue(`${raceDate} Test 10K 6.2 mi`);
  await page.waitForTimeout(500);
  const db = await downloadDatabase(page);
  const stored = db.get<{ distance_km: number; races: string }>('SELECT distance_km, races FROM plan_weeks WHERE week = ?', [week]);
  expect(stored?.distance_km).toBeCloseTo(30 * 1.609344, 9);
  expect((JSON.parse(stored?.races ?? '[]') as { km: number }[])[0]?.km).toBeCloseTo(6.2 * 1.609344, 9);
  await page.locator('[data-cell="activities"] [data-action="open-activity"]').first().click();
  await expect(page.locator('[data-cell="activity"] .figures')).toBeVisible();
  await expect(page.locator('[data-cell="forecast"] [data-metric="race-day-tsb"]').first()).toBeAttached();
  // A plan built from a goal in miles: the deck's targets and the replanning's numbers in miles too.
  const builder = page.locator('[data-cell="plan-builder"] [data-testid="plan-builder-form"]');
  await builder.locator('input[name="raceDate"]').fill(addDays(today, 70));
  await builder.locator('[data-action="generate-plan"]').click();
  await expect(page.locator('[data-cell="deck"] li[data-session-id]').first()).toBeVisible();
  await expect(page.locator('[data-cell="predictions"] [data-chart="predictions"] svg').last()).toBeVisible();

  // Kilometres as a figure or a pace: "12.3 km", "5:10 /km", "(min/km)", "s/km", "(km)".
  const kmFigure = /\d\s?km\b|\/km\b|\(km\)/;
  for (const kind of ['overview', 'fitness', 'plan', 'plan-builder', 'deck', 'replan', 'forecast', 'week', 'zones', 'activities', 'decoupling', 'routes', 'efficiency', 'recovery', 'records', 'predictions', 'consistency', 'activity']) {
    const cell = page.locator(`[data-cell="${kind}"]`);
    await expect(cell.locator('h2').first(), kind).toBeVisible();
    // Charts draw on the next frame: let them, then read every text the cell shows, SVG included.
    await page.waitForTimeout(100);
    const text = await cell.evaluate((el) => {
      const parts: string[] = [];
      const walk = (n: Node) => {
        if (n.nodeType === Node.TEXT_NODE) parts.push(n.textContent ?? '');
        if (n instanceof Element && (n.tagName === 'STYLE' || n.tagName === 'style')) return;
        if (n instanceof Element && n.shadowRoot) walk(n.shadowRoot);
        n.childNodes.forEach(walk);
      };
      walk(el);
      return parts.join(' ');
    });
    expect(kmFigure.exec(text) ? text.slice(Math.max(0, (kmFigure.exec(text)?.index ?? 0) - 60), (kmFigure.exec(text)?.index ?? 0) + 20) : null, kind).toBeNull();
    if (['activities', 'routes', 'records'].includes(kind)) expect(text, kind).toMatch(/\bmi\b/);
  }
});
