import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { frielVerdict, isLongSteadyRun, streamDecoupling } from '../../src/analysis/decoupling';
import { cumulativeDistanceM } from '../../src/analysis/pace';
import { buildRoutes, ROUTES_CSV_COLUMNS, routesCsvRows } from '../../src/analysis/routes';
import { isRun } from '../../src/analysis/types';
import { activityDetail, exportHrProfile, listActivities } from '../../src/db/queries';
import { runFacts } from '../../src/analysis/insights';
import { insightSentences } from '../../src/ui/insightText';
import { firstRunSettings } from '../../src/app/settings';
import { readTrack } from '../../src/db/streamMetrics';
import { listWellness } from '../../src/db/wellness';
import { RECOVERY_CSV_COLUMNS, recoveryCsvRows, recoverySeries } from '../../src/analysis/recovery';
import { EFFICIENCY_CSV_COLUMNS, efficiencyCsvRows, efficiencyPoints, efficiencySummary } from '../../src/analysis/efficiencySummary';
import { bestEffortRows, prRows, racePredictions, RECORDS_CSV_COLUMNS, recordsCsvRows } from '../../src/analysis/recordsSummary';
import type { Db } from '../../src/db/db';
import { CELL_KINDS } from '../../src/notebook/layout';
import { toCsv } from '../../src/ui/csv';
import { generateExport } from '../../tools/gen-export/generate';
import { browserToday, downloadDatabase, firstRunDataset, importFiles, openApp } from './helpers';

/** The cells' rows as the app computes them, from the database file it wrote. */
function tableOf(db: Db) {
  return firstRunDataset(db).table;
}

async function csvOf(page: Page, cell: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-cell="${cell}"] [data-action="download-csv"]`).click()]);
  return readFileSync(await download.path(), 'utf8');
}

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

test('every cell renders without console errors; collapse persists; an error in one cell stays in that cell', async ({ page }) => {
  const errors = watchErrors(page);
  const generated = await generateExport({ seed: 41, weeks: 16 });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);

  // Every kind but the activity cell is in a fresh notebook, each with a heading, a CSV button, a chart or table, no error.
  for (const kind of CELL_KINDS.filter((k) => k !== 'activity')) {
    const cell = page.locator(`[data-cell="${kind}"]`);
    await expect(cell, kind).toBeVisible();
    await expect(cell.locator('h2'), kind).toBeVisible();
    // The plan's data is its own CSV (plan-export, re-importable); every other cell has download-csv.
    await expect(cell.locator(kind === 'plan' ? '[data-action="plan-export"]' : '[data-action="download-csv"]'), kind).toHaveCount(1);
    await expect(cell.locator('[data-testid="cell-error"]'), kind).toHaveCount(0);
  }
  for (const kind of ['overview', 'fitness', 'forecast', 'decoupling', 'zones', 'routes', 'efficiency', 'recovery']) {
    await expect(page.locator(`[data-cell="${kind}"] .chart svg, [data-cell="${kind}"] [role="img"] svg`).first(), kind).toBeVisible();
  }

  // A row of the Activities cell opens the activity cell right after it, with its charts.
  await page.locator('[data-cell="activities"] [data-action="open-activity"]').first().click();
  const activity = page.locator('[data-cell="activity"]');
  await expect(activity.locator('.time-chart svg').first()).toBeVisible();
  const order = await page.locator('[data-slot]').evaluateAll((slots) => slots.map((s) => s.getAttribute('data-slot')));
  expect(order[order.indexOf('activities') + 1]).toBe('activity');

  // Collapse the Zones cell: its body goes, its header stays, and so it is after a reload.
  await page.locator('[data-cell="zones"] [data-action="cell-collapse"]').click();
  await expect(page.locator('[data-cell="zones"] [data-metric="polarized-easy-pct"]')).toHaveCount(0);
  await page.reload();
  await expect(page.locator('[data-cell="fitness"] [data-metric="ctl"]')).toBeVisible();
  await expect(page.locator('[data-cell="zones"] [data-action="cell-collapse"]')).toHaveAttribute('aria-expanded', 'false');
  await expect(page.locator('[data-cell="zones"] [data-metric="polarized-easy-pct"]')).toHaveCount(0);
  await expect(page.locator('[data-cell="activity"] .time-chart svg').first()).toBeVisible();
  await page.locator('[data-cell="zones"] [data-action="cell-collapse"]').click();
  await expect(page.locator('[data-cell="zones"] [data-metric="polarized-easy-pct"]')).toBeVisible();

  // A cell whose input is broken shows the error inside itself; the rest of the notebook carries on.
  await page.locator('[data-cell="efficiency"]').evaluate((el) => { (el as unknown as { activities: unknown }).activities = { broken: true }; });
  await expect(page.locator('[data-cell="efficiency"] [data-testid="cell-error"]')).toBeVisible();
  await expect(page.locator('[data-cell="fitness"] [data-metric="ctl"]')).toBeVisible();
  await page.locator('[data-cell="decoupling"]').evaluate((el) => { (el as unknown as { rows: unknown }).rows = new Error('the table could not be read'); });
  await expect(page.locator('[data-cell="decoupling"] [data-testid="cell-error"]')).toContainText('the table could not be read');
  await expect(page.locator('[data-testid="cell-error"]')).toHaveCount(2);
  expect(errors).toEqual([]);
});

test('a read from the worker that fails shows the error in that cell only; the rest of the notebook works', async ({ page }) => {
  const errors = watchErrors(page);
  // Before the app starts: the database worker's activityDetail fails for one chosen activity, as a
  // broken read would (the call is redirected to a method the worker does not have, so it rejects).
  await page.addInitScript(() => {
    const post = Worker.prototype.postMessage as (this: Worker, message: unknown, transfer?: Transferable[]) => void;
    Worker.prototype.postMessage = function (this: Worker, message: unknown, transfer?: Transferable[]) {
      const m = message as { path?: string[]; argumentList?: { value?: unknown }[] } | null;
      const failing = (window as unknown as { failActivity?: number }).failActivity;
      const redirected = m?.path?.[0] === 'activityDetail' && failing !== undefined && m.argumentList?.[0]?.value === failing
        ? { ...m, path: ['noSuchMethod'] } : message;
      post.call(this, redirected, transfer ?? []);
    } as typeof Worker.prototype.postMessage;
  });
  const generated = await generateExport({ seed: 41, weeks: 16 });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  await expect(page.locator('[data-cell="decoupling"] [data-metric="decoupling-pct"]')).toBeVisible();
  const decouplingRun = Number(await page.locator('[data-cell="decoupling"] [data-testid="decoupling-run"]').inputValue());
  const ids = await page.locator('[data-cell="activities"] tr[data-activity]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-activity'))));
  const [broken, fine] = ids.filter((id) => id !== decouplingRun);
  if (broken === undefined || fine === undefined) throw new Error('the export has too few activities for this test');

  await page.evaluate((id) => { (window as unknown as { failActivity?: number }).failActivity = id; }, broken);
  await page.locator(`[data-cell="activities"] tr[data-activity="${broken}"] [data-action="open-activity"]`).click();
  await expect(page.locator('[data-cell="activity"] [data-testid="cell-error"]')).toContainText('Could not read this activity');
  // Only that cell: every other one is drawn, and the notebook still answers.
  await expect(page.locator('[data-testid="cell-error"]')).toHaveCount(1);
  for (const kind of ['overview', 'fitness', 'forecast', 'decoupling', 'zones', 'routes', 'efficiency', 'recovery']) {
    await expect(page.locator(`[data-cell="${kind}"] .chart svg, [data-cell="${kind}"] [role="img"] svg`).first(), kind).toBeVisible();
  }
  await expect(page.locator('[data-cell="decoupling"] [data-metric="decoupling-pct"]')).toBeVisible();

  // The next read that works replaces the message.
  await page.locator(`[data-cell="activities"] tr[data-activity="${fine}"] [data-action="open-activity"]`).click();
  await expect(page.locator('[data-cell="activity"] [data-testid="cell-error"]')).toHaveCount(0);
  await expect(page.locator('[data-cell="activity"] .figures')).toBeVisible();
  expect(errors).toEqual([]);
});

test('Decoupling and Activity cells: the figures and CSVs equal the analysis on the same database', async ({ page }) => {
  const errors = watchErrors(page);
  const generated = await generateExport({ seed: 42, weeks: 10 });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  const cell = page.locator('[data-cell="decoupling"]');
  await expect(cell.locator('[data-metric="decoupling-pct"]')).toBeVisible();

  const db = await downloadDatabase(page);
  const rows = tableOf(db);
  const runs = rows.filter((r) => isRun(r.sport) && r.decouplingPct !== null);
  // By default: the latest long steady run, computed per second from its stream.
  const steady = runs.filter((r) => isLongSteadyRun(r));
  const chosen = (steady.at(-1) ?? runs.at(-1))?.id as number;
  const detail = activityDetail(db, chosen);
  const expected = streamDecoupling(detail?.stream ?? (() => { throw new Error('no stream'); })()).decouplingPct as number;
  expect(Number(await cell.locator('[data-metric="decoupling-pct"]').getAttribute('data-value'))).toBeCloseTo(expected, 9);
  expect(await csvOf(page, 'decoupling')).toBe(toCsv(['activity_id', 'local_date', 'moving_s', 'distance_m', 'decoupling_pct', 'verdict', 'long_steady'],
    runs.map((r) => [r.id, r.localDate, r.movingS, r.distanceM, r.decouplingPct, frielVerdict(r.decouplingPct as number), isLongSteadyRun(r) ? 1 : 0])));

  // Picking another run updates the figure, and the pick is a parameter that survives a reload.
  const other = runs.filter((r) => r.id !== chosen).at(-1);
  if (!other) throw new Error('need two runs with a decoupling');
  await cell.locator('[data-testid="decoupling-run"]').selectOption(String(other.id));
  await expect(cell.locator('[data-metric="decoupling-pct"]')).toHaveAttribute('data-value', String(other.decouplingPct));
  await page.reload();
  await expect(page.locator('[data-cell="decoupling"] [data-metric="decoupling-pct"]')).toHaveAttribute('data-value', String(other.decouplingPct));

  // The activity cell's CSV is the whole stream.
  await page.locator('[data-cell="activities"] [data-action="open-activity"]').first().waitFor();
  const opened = Number(await page.locator('[data-cell="activities"] tr[data-activity]').first().getAttribute('data-activity'));
  await page.locator('[data-cell="activities"] [data-action="open-activity"]').first().click();
  await expect(page.locator('[data-cell="activity"] .time-chart svg').first()).toBeVisible();
  const s = activityDetail(db, opened)?.stream;
  if (!s) throw new Error('the latest activity has no stream');
  const dist = cumulativeDistanceM(s);
  const at = (a: ArrayLike<number> | null, i: number) => (a && Number.isFinite(a[i]) ? (a[i] as number) : null);
  expect(await csvOf(page, 'activity')).toBe(toCsv(['t_s', 'distance_m', 'hr', 'speed_mps', 'altitude_m', 'lat', 'lon'],
    Array.from(s.tS, (t, i) => [t, at(dist, i), at(s.hr, i), at(s.speedMps, i), at(s.altitudeM, i), at(s.lat, i), at(s.lon, i)])));

  // Each run's paragraph is its facts against the other runs, in the first run's zones, sentence by sentence.
  const { zones } = firstRunSettings(exportHrProfile(db));
  const withFacts = rows.filter((r) => isRun(r.sport) && runFacts(r, rows, zones).length >= 3).at(-1);
  if (!withFacts) throw new Error('no run with three facts');
  await page.locator(`[data-cell="activities"] tr[data-activity="${withFacts.id}"] [data-action="open-activity"]`).click();
  const paragraph = page.locator('[data-cell="activity"] [data-testid="run-insights"] [data-insight]');
  const expectedSentences = insightSentences(runFacts(withFacts, rows, zones), 'km', zones);
  await expect(paragraph).toHaveText(expectedSentences.map((x) => x.text));
  expect(await paragraph.evaluateAll((els) => els.map((e) => e.getAttribute('data-insight')))).toEqual(expectedSentences.map((x) => x.kind));
  expect(errors).toEqual([]);
});

test('Efficiency and Records & predictions: figures and CSVs equal the analysis on the same database', async ({ page }) => {
  const errors = watchErrors(page);
  const generated = await generateExport({ seed: 43, weeks: 30 });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  await expect(page.locator('[data-cell="records"] [data-testid="records-predictions"]')).toBeVisible();
  await expect(page.locator('[data-cell="efficiency"] [data-metric="m-per-beat"]')).toBeVisible();
  const today = await browserToday(page);
  const db = await downloadDatabase(page);
  const activities = listActivities(db);
  const rows = tableOf(db);

  const points = efficiencyPoints(activities);
  const current = efficiencySummary(activities, { today }).current;
  expect(Number(await page.locator('[data-cell="efficiency"] [data-metric="m-per-beat"]').getAttribute('data-value'))).toBeCloseTo(current?.rollingMedian as number, 12);
  expect(await csvOf(page, 'efficiency')).toBe(toCsv(EFFICIENCY_CSV_COLUMNS, efficiencyCsvRows(points)));

  const prediction = racePredictions(activities, rows, { asOf: today });
  expect(prediction.source).not.toBeNull();
  expect(await csvOf(page, 'records')).toBe(toCsv(RECORDS_CSV_COLUMNS, recordsCsvRows(prRows(activities), bestEffortRows(rows), prediction)));
  expect(errors).toEqual([]);
});

test('Routes: thumbnails are inline SVG paths, and the CSV equals the analysis on the same database', async ({ page }) => {
  const errors = watchErrors(page);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const generated = await generateExport({ seed: 44, weeks: 12 });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  const cell = page.locator('[data-cell="routes"]');
  await expect(cell.locator('svg path').first()).toBeVisible();
  await expect(cell.locator('.chart svg').first()).toBeVisible();
  const db = await downloadDatabase(page);
  const activities = listActivities(db);
  const gapOf = new Map(tableOf(db).map((r) => [r.id, r.gapMinPerKm]));
  const routes = buildRoutes(activities.map((a) => ({ ...a, gapMinPerKm: gapOf.get(a.id) ?? null })), { trackOf: (id) => readTrack(db, id) });
  expect(routes.routes.length).toBeGreaterThan(0);
  expect(routes.pathsCompared).toBe(true);
  // Courses split places: the generated athlete runs several loops from home.
  expect(routes.courses.length).toBeGreaterThan(routes.routes.length);
  const byId = new Map(activities.map((a) => [a.id, a]));
  expect(await csvOf(page, 'routes')).toBe(toCsv(ROUTES_CSV_COLUMNS, routesCsvRows(routes.routes, (id) => byId.get(id)?.distanceM ?? null)));
  // No map tiles: every request stayed on the page's origin.
  const origin = new URL(page.url()).origin;
  expect(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'))).toEqual([]);
  expect(errors).toEqual([]);
});

test('Recovery: the CSV equals the analysis on the same database (sleep, HRV, resting HR, load vs next morning)', async ({ page }) => {
  const errors = watchErrors(page);
  const generated = await generateExport({ seed: 45, weeks: 12 });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  const cell = page.locator('[data-cell="recovery"]');
  await expect(cell.locator(`[data-chart="sleep"] svg[viewBox]`)).toBeVisible();
  await expect(cell.locator(`[data-chart="hrv-rhr"] svg[viewBox]`)).toBeVisible();
  const today = await browserToday(page);
  const db = await downloadDatabase(page);
  const loads = firstRunDataset(db).loads;
  const series = recoverySeries(listWellness(db), loads, { today });
  expect(await csvOf(page, 'recovery')).toBe(toCsv(RECOVERY_CSV_COLUMNS, recoveryCsvRows(series)));
  expect(errors).toEqual([]);
});

test('two cells of one kind, each with its own parameters: two Fitness ranges, two Activity cells on two activities', async ({ page }) => {
  const errors = watchErrors(page);
  const generated = await generateExport({ seed: 14, weeks: 30 });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  const add = page.locator('[data-action="cell-add"]');
  const fitness = page.locator('[data-slot="fitness"] [data-cell="fitness"]');
  const fitness2 = page.locator('[data-slot="fitness-2"] [data-cell="fitness"]');
  await expect(fitness.locator('svg').first()).toBeVisible();
  await add.selectOption('fitness');
  await expect(fitness2.locator('svg').first()).toBeVisible();
  await fitness2.locator('select').first().selectOption('90d');
  await expect(fitness.locator('select').first()).toHaveValue('1y');
  // The same series, drawn over two ranges: the two charts' axes differ.
  await expect.poll(async () => (await fitness.locator('.chart').textContent()) !== (await fitness2.locator('.chart').textContent())).toBe(true);

  // One Activity cell opened from a row (an older activity), one added (the latest activity).
  await page.locator('[data-cell="activities"] tr[data-activity]').nth(6).locator('[data-action="open-activity"]').click();
  const activity = page.locator('[data-slot="activity"] [data-cell="activity"]');
  const activity2 = page.locator('[data-slot="activity-2"] [data-cell="activity"]');
  await expect(activity.locator('dl.figures')).toBeVisible();
  await add.selectOption('activity');
  await expect(activity2.locator('dl.figures')).toBeVisible();
  const title = await activity.locator('h2').textContent();
  const title2 = await activity2.locator('h2').textContent();
  expect(title).not.toBe(title2);

  await page.reload();
  await expect(fitness2.locator('select').first()).toHaveValue('90d');
  await expect(fitness.locator('select').first()).toHaveValue('1y');
  await expect(activity.locator('h2')).toHaveText(title ?? '');
  await expect(activity2.locator('h2')).toHaveText(title2 ?? '');
  // Removing the second leaves the first as it was.
  await page.locator('[data-slot="fitness-2"] [data-action="cell-remove"]').click();
  await expect(fitness2).toHaveCount(0);
  await expect(fitness.locator('select').first()).toHaveValue('1y');
  expect(errors).toEqual([]);
});

test('Training calendar: each week\'s totals equal SQL sums over the same days; months step; an activity opens', async ({ page }) => {
  const errors = watchErrors(page);
  const generated = await generateExport({ seed: 17, weeks: 20 });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  const cell = page.locator('[data-cell="calendar"]');
  await expect(cell.locator('[data-testid="calendar-grid"]')).toBeVisible();
  const shown = await cell.locator('[data-testid="calendar-month"]').getAttribute('data-value');
  await cell.locator('[data-action="calendar-prev"]').click();
  const month = await cell.locator('[data-testid="calendar-month"]').getAttribute('data-value');
  expect(month).not.toBe(shown);
  const db = await downloadDatabase(page);
  const loads = new Map(firstRunDataset(db).loads.map((l) => [l.id, l.load]));
  const rows = await cell.locator('[data-testid="week-totals"]').evaluateAll((tds) => tds.map((td) => ({ ...(td as HTMLElement).dataset })));
  expect(rows.length).toBeGreaterThanOrEqual(4);
  let active = 0;
  for (const r of rows) {
    const monday = await cell.locator(`tr[data-week="${r.week}"] td.day`).first().getAttribute('data-date') as string;
    const sunday = new Date(Date.parse(`${monday}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
    const sql = db.get<{ n: number; d: number | null; t: number | null; a: number | null }>(
      'SELECT count(*) AS n, sum(distance_m) AS d, sum(coalesce(moving_s, timer_s, elapsed_s)) AS t, sum(ascent_m) AS a FROM activities WHERE local_date BETWEEN ? AND ?', [monday, sunday]);
    expect(Number(r.activities), r.week).toBe(sql?.n);
    expect(Number(r.distanceM), r.week).toBeCloseTo(sql?.d ?? 0, 6);
    expect(Number(r.timeS), r.week).toBeCloseTo(sql?.t ?? 0, 6);
    expect(Number(r.ascentM), r.week).toBeCloseTo(sql?.a ?? 0, 6);
    const ids = db.all<{ id: number }>('SELECT id FROM activities WHERE local_date BETWEEN ? AND ?', [monday, sunday]).map((x) => x.id);
    expect(Number(r.load), r.week).toBeCloseTo(ids.reduce((s, id) => s + (loads.get(id) ?? 0), 0), 6);
    if ((sql?.n ?? 0) > 0) active++;
  }
  expect(active).toBeGreaterThan(2);
  // The month survives a reload (a parameter); an activity opens in the Activity cell.
  await page.reload();
  await expect(cell.locator('[data-testid="calendar-month"]')).toHaveAttribute('data-value', month ?? '');
  const first = cell.locator('[data-action="open-activity"]').first();
  const id = await first.getAttribute('data-activity');
  await first.click();
  await expect(page.locator('[data-cell="activity"] dl.figures')).toBeVisible();
  await expect(page.locator('[data-cell="activity"]').locator('[data-action="download-csv"]')).toBeEnabled();
  expect(id).not.toBeNull();
  expect(errors).toEqual([]);
});
