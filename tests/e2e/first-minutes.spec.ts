import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { addDays, mondayOf } from '../../src/analysis/calendar';
import { zonesFor } from '../../src/analysis/hrZones';
import { racePredictions } from '../../src/analysis/recordsSummary';
import { CELL_KINDS } from '../../src/notebook/layout';
import { generateExport } from '../../tools/gen-export/generate';
import { browserToday, downloadDatabase, firstRunDataset, importFiles, openApp } from './helpers';

/**
 * What a runner meets in the first ten minutes (#15): the empty page, every number's
 * explanation, adding a race and reading its predicted finish, zones that follow max HR.
 */

test('the empty page says how to get the export and offers nothing that has nothing to act on', async ({ page }) => {
  await openApp(page);
  const guide = page.locator('[data-testid="first-visit"]');
  await expect(guide).toContainText('How to get your Garmin export');
  await expect(guide.locator('ol > li')).toHaveCount(3);
  await expect(page.locator('[data-action="download-db"]')).toHaveCount(0);
  await expect(page.locator('[data-action="delete-all"]')).toHaveCount(0);

  const generated = await generateExport({ seed: 5, weeks: 4 });
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  await expect(guide).toHaveCount(0);
  await expect(page.locator('[data-action="download-db"]')).toBeVisible();
  await expect(page.locator('[data-metric="added"]')).toHaveAttribute('data-value', String(generated.manifest.account.activities));
  // The same export again: nothing added, and the panel says why.
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  await expect(page.locator('[data-metric="added"]')).toHaveAttribute('data-value', '0');
  await expect(page.locator('[data-metric="already-imported"]')).toHaveAttribute('data-value', String(generated.manifest.account.activities));
  await expect(page.locator('[data-metric="already-imported"]')).toContainText('already imported');
});

/** The deepest focused element's data-explain (through shadow roots), or null. */
function focusedExplain(page: Page): Promise<string | null> {
  return page.evaluate(`(() => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    const details = el && el.tagName === 'SUMMARY' ? el.closest('details[data-explain]') : null;
    return details ? details.getRootNode().host?.getAttribute('data-cell') + ':' + details.getAttribute('data-explain') : null;
  })()`);
}

test('every figure explains itself: each data-explain is reached with Tab, opens with Enter, and axe finds no violation', async ({ page }) => {
  // It presses Tab through every control of every cell, two round trips each: with the plan's
  // deck, replanning and predictions that is about two minutes on a 2-core runner.
  test.setTimeout(300_000);
  const generated = await generateExport({ seed: 29, weeks: 12 });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  await page.locator('[data-cell="activities"] [data-action="open-activity"]').first().click();
  for (const cell of CELL_KINDS) await expect(page.locator(`[data-cell="${cell}"]`), cell).toBeVisible();
  await expect(page.locator('[data-cell="activity"] .time-chart svg').first()).toBeVisible();

  const all = page.locator('[data-explain]');
  // The cell is the shadow root's host: closest() stops at the shadow boundary.
  const expected = new Set(await all.evaluateAll((els) => els.map((e) => `${((e.getRootNode() as ShadowRoot).host as Element | undefined)?.getAttribute('data-cell')}:${e.getAttribute('data-explain')}`)));
  // Every cell that shows a number or a chart explains it (the SQL cell shows the athlete's own query).
  for (const kind of CELL_KINDS.filter((k) => k !== 'sql' && k !== 'plan')) expect([...expected].some((e) => e.startsWith(`${kind}:`)), kind).toBe(true);
  for (const id of ['fitness:ctl', 'fitness:atl', 'fitness:tsb', 'fitness:acwr', 'fitness:ramp', 'zones:polarized', 'recovery:hrv']) expect(expected, id).toContain(id);

  // Tab through the whole page from the top: every explanation is on the way.
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  const reached = new Set<string>();
  for (let i = 0; i < 3000 && reached.size < expected.size; i++) {
    await page.keyboard.press('Tab');
    const id = await focusedExplain(page);
    if (id) reached.add(id);
  }
  expect([...expected].filter((id) => !reached.has(id))).toEqual([]);

  // Enter opens the focused one; its working is there: meaning, formula with its source, inputs.
  const ctl = page.locator('[data-cell="fitness"] [data-explain="ctl"]');
  await ctl.locator('summary').focus();
  await page.keyboard.press('Enter');
  await expect(ctl).toHaveAttribute('open', '');
  await expect(ctl).toContainText('docs/metrics.md');
  await expect(ctl).toContainText(/Inputs used\s*\d+ activities with a load from \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d/);

  // Every explanation open at once, read by axe.
  await all.evaluateAll((els) => els.forEach((e) => e.setAttribute('open', '')));
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} e.g. ${v.nodes[0]?.target.join(' ')}`)).toEqual([]);
});

async function addRace(plan: Locator, date: string, name: string, distance: string, other?: string): Promise<void> {
  const form = plan.locator('[data-testid="add-race-form"]');
  await form.locator('input[name="date"]').fill(date);
  await form.locator('input[name="name"]').fill(name);
  await form.locator('select[name="preset"]').selectOption(distance);
  if (other !== undefined) await form.locator('input[name="custom"]').fill(other);
  await form.locator('[data-action="add-race"]').click();
}

test('a race added with the form: its predicted finish (Riegel, VDOT) equals the analysis, next to race-day form', async ({ page }) => {
  const generated = await generateExport({ seed: 43, weeks: 30 });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  const today = await browserToday(page);
  const plan = page.locator('[data-cell="plan"]');
  const forecast = page.locator('[data-cell="forecast"]');

  // A bad form names what is missing and adds nothing.
  await plan.locator('[data-testid="add-race-form"] [data-action="add-race"]').click();
  await expect(forecast.locator('[data-metric="race-predicted-riegel"]')).toHaveCount(0);

  // Past the plan's end (12 weeks ahead): the plan grows to the race week.
  const raceDate = addDays(mondayOf(today), 7 * 16 + 6);
  await addRace(plan, raceDate, 'Autumn Half', '21.0975');
  await addRace(plan, addDays(raceDate, -35), 'Tune-up 10K', '10');
  await expect(plan.locator('[data-testid="plan-races"] li')).toHaveCount(2);
  await expect(plan.locator(`tr[data-week]`).last()).toHaveAttribute('data-week', /W\d\d/);
  const riegel = forecast.locator(`[data-metric="race-predicted-riegel"][data-race="${raceDate}"]`);
  await expect(riegel).toHaveAttribute('data-value', /\d/);
  await expect(forecast.locator(`[data-metric="race-day-tsb"][data-race="${raceDate}"]`)).toHaveAttribute('data-value', /\d/);

  // The plan is saved a moment after the last edit.
  await page.waitForTimeout(800);
  const db = await downloadDatabase(page);
  const dataset = firstRunDataset(db);
  const expected = racePredictions(dataset.activities, dataset.table, { asOf: today, raceTargetsM: [10000, 21097.5] });
  expect(expected.source).not.toBeNull();
  const value = async (metric: string, date: string) => Number(await forecast.locator(`[data-metric="${metric}"][data-race="${date}"]`).getAttribute('data-value'));
  expect(await value('race-predicted-riegel', addDays(raceDate, -35))).toBeCloseTo(expected.predictions[0]?.riegelS as number, 6);
  expect(await value('race-predicted-vdot', addDays(raceDate, -35))).toBeCloseTo(expected.predictions[0]?.vdotS as number, 6);
  expect(await value('race-predicted-riegel', raceDate)).toBeCloseTo(expected.predictions[1]?.riegelS as number, 6);
  expect(await value('race-predicted-vdot', raceDate)).toBeCloseTo(expected.predictions[1]?.vdotS as number, 6);
  await expect(forecast.locator('[data-testid="race-prediction-source"]')).toHaveAttribute('data-activity', String(expected.source?.activityId));
  // Stored with the plan: in the race week's row, in km.
  const stored = db.get<{ races: string }>('SELECT races FROM plan_weeks WHERE week_start = ?', [mondayOf(raceDate)]);
  expect(JSON.parse(stored?.races ?? '[]')).toEqual([{ date: raceDate, name: 'Autumn Half', km: 21.0975 }]);

  // Removed with its button.
  await plan.locator(`[data-testid="plan-races"] li[data-race="${raceDate}"] [data-action="remove-race"]`).click();
  await expect(riegel).toHaveCount(0);
  await expect(plan.locator('[data-testid="plan-races"] li')).toHaveCount(1);
});

test('zones follow max HR: never above it, recomputed when the athlete says so', async ({ page }) => {
  const generated = await generateExport({ seed: 12, weeks: 6 });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  const panel = page.locator('fitbook-settings');
  const zones = page.locator('[data-cell="zones"]');
  const z5hi = panel.locator('input[name="z5hi"]');
  // First run: the export's own zones, Z5 ending at its max HR.
  const maxHr = Number(await panel.locator('input[name="maxHr"]').inputValue());
  await expect(z5hi).toHaveValue(String(maxHr));

  // A lower max HR: the zones do not move by themselves; saving zones above it is refused.
  await panel.locator('input[name="maxHr"]').fill(String(maxHr - 10));
  await expect(panel.locator('[data-testid="zones-outdated"]')).toContainText(`your max HR is ${maxHr - 10}`);
  await expect(z5hi).toHaveValue(String(maxHr));
  await panel.locator('[data-action="save-settings"]').click();
  await expect(panel.locator('[role="alert"]')).toContainText('cannot end above your max HR');

  // With consent: recomputed as % of max HR.
  await panel.locator('[data-action="recompute-zones"]').click();
  const expected = zonesFor('max', { maxHr: maxHr - 10, restingHr: 50, thresholdHr: null });
  await expect(z5hi).toHaveValue(String(expected?.[4][1]));
  await expect(panel.locator('input[name="z5lo"]')).toHaveValue(String(expected?.[4][0]));
  await expect(panel.locator('[data-testid="zones-outdated"]')).toHaveCount(0);

  // Heart-rate reserve, chosen: recomputed at once from max and resting HR.
  const rest = Number(await panel.locator('input[name="restingHr"]').inputValue());
  await panel.locator('[data-testid="zone-method"]').selectOption('hrr');
  const hrr = zonesFor('hrr', { maxHr: maxHr - 10, restingHr: rest, thresholdHr: null });
  await expect(panel.locator('input[name="z1lo"]')).toHaveValue(String(hrr?.[0][0]));
  // A new max HR with a computed method asks before moving the zones.
  await panel.locator('input[name="maxHr"]').fill(String(maxHr - 8));
  await expect(panel.locator('[data-testid="zones-outdated"]')).toContainText('% of heart-rate reserve');
  await panel.locator('[data-action="recompute-zones"]').click();
  const after = zonesFor('hrr', { maxHr: maxHr - 8, restingHr: rest, thresholdHr: null });
  await panel.locator('[data-action="save-settings"]').click();
  await expect(panel.locator('[data-testid="settings-summary"]')).toContainText(`${after?.[4][0]}–${maxHr - 8}`);
  await expect(zones.locator('[data-explain="polarized"]')).toContainText(`Z5 ${after?.[4][0]}–${maxHr - 8}`);

  // Kept after a reload.
  await page.reload();
  await expect(page.locator('fitbook-settings [data-testid="settings-summary"]')).toContainText('% of heart-rate reserve');
});

test('a run above the set max HR is offered as the new max; the zones follow only with consent', async ({ page }) => {
  const generated = await generateExport({ seed: 12, weeks: 6 });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  const panel = page.locator('fitbook-settings');
  await panel.locator('[data-action="save-settings"]').click();
  const db = await downloadDatabase(page);
  const highest = db.value('SELECT max(max_hr) FROM activities') as number;
  // A max HR 5 below the highest recorded: the summary offers the recorded one.
  await panel.locator('[data-action="edit-settings"]').click();
  await panel.locator('input[name="maxHr"]').fill(String(highest - 5));
  await panel.locator('[data-action="recompute-zones"]').click();
  await panel.locator('[data-action="save-settings"]').click();
  const offer = panel.locator('[data-testid="max-hr-above"]');
  await expect(offer).toHaveAttribute('data-value', String(Math.round(highest)));
  await offer.locator('[data-action="use-recorded-max"]').click();
  await expect(panel.locator('input[name="maxHr"]')).toHaveValue(String(Math.round(highest)));
  // The zones wait for consent.
  await expect(panel.locator('input[name="z5hi"]')).toHaveValue(String(highest - 5));
  await panel.locator('[data-action="recompute-zones"]').click();
  await expect(panel.locator('input[name="z5hi"]')).toHaveValue(String(Math.round(highest)));
  await panel.locator('[data-action="save-settings"]').click();
  await expect(offer).toHaveCount(0);
});

test('off-watch sessions: added with the form (RPE × minutes), imported from openrun\'s CSV twice without duplicates, edited, deleted; each counts in fitness', async ({ page }) => {
  const generated = await generateExport({ seed: 9, weeks: 6 });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  const today = await browserToday(page);
  const cell = page.locator('[data-cell="activities"]');
  const fitnessLoad = async (date: string) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-cell="fitness"] [data-action="download-csv"]').click()]);
    const { readFileSync } = await import('node:fs');
    const row = readFileSync(await download.path(), 'utf8').split('\n').find((l) => l.startsWith(`${date},`));
    return Number(row?.split(',')[1]);
  };
  const before = await fitnessLoad(today);
  const gymCount = async () => parseInt((await page.locator('[data-cell="week"] .figure', { hasText: 'Gym' }).locator('dd').textContent()) ?? '', 10);
  const gymBefore = await gymCount();

  await cell.locator('[data-action="add-manual-activity"]').click();
  const form = cell.locator('[data-testid="manual-form"]');
  await form.locator('select[name="sport"]').selectOption('strength_training');
  await form.locator('input[name="date"]').fill(today);
  await form.locator('input[name="minutes"]').fill('45');
  await form.locator('select[name="rpe"]').selectOption('6');
  await form.locator('input[name="name"]').fill('Gym, legs');
  await form.locator('[data-action="save-manual-activity"]').click();
  await expect(cell.locator('[data-testid="manual-notice"]')).toContainText('Saved Gym, legs');
  // Foster: 6 × 45 = 270, on today's load.
  await expect.poll(() => fitnessLoad(today)).toBeCloseTo(before + 270, 6);
  // On the calendar's day, with its load, and one more gym session in this week's compliance.
  await expect(page.locator(`[data-cell="calendar"] td[data-date="${today}"] [data-manual-session]`)).toContainText('load 270');
  await expect.poll(gymCount).toBe(gymBefore + 1);

  // openrun's CSV, twice: the second time updates by external_id.
  const csv = `activity_date,activity_type,distance_km,duration_min,training_load,notes,external_id\n${today},running,8,50,55,group run,run-1\n2026-02-30,running,5,30,,bad date,x\n`;
  const input = cell.locator('input[data-action="import-manual-csv"]');
  await input.setInputFiles({ name: 'sessions.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(cell.locator('[data-testid="manual-notice"]')).toContainText('1 session added, 0 sessions updated; 1 row left out: row 3, "2026-02-30" is not a date');
  await input.setInputFiles({ name: 'sessions.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.replace(',55,', ',65,')) });
  await expect(cell.locator('[data-testid="manual-notice"]')).toContainText('0 sessions added, 1 session updated');
  await expect.poll(() => fitnessLoad(today)).toBeCloseTo(before + 270 + 65, 6);
  await cell.locator('[data-testid="manual-sessions"] summary').click();
  await expect(cell.locator('[data-testid="manual-sessions"] tbody tr')).toHaveCount(2);

  // Edit the gym session to a given load, then delete it.
  const gym = cell.locator('[data-testid="manual-sessions"] tr', { hasText: 'Gym, legs' });
  await gym.locator('[data-action="edit-manual-activity"]').click();
  await form.locator('select[name="rpe"]').selectOption('');
  await form.locator('input[name="load"]').fill('100');
  await form.locator('[data-action="save-manual-activity"]').click();
  await expect.poll(() => fitnessLoad(today)).toBeCloseTo(before + 100 + 65, 6);
  await cell.locator('[data-testid="manual-sessions"] tr', { hasText: 'Gym, legs' }).locator('[data-action="delete-manual-activity"]').click();
  await expect.poll(() => fitnessLoad(today)).toBeCloseTo(before + 65, 6);
  // A reload keeps them; an import of recordings does not touch them.
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  await page.reload();
  await expect.poll(() => fitnessLoad(today)).toBeCloseTo(before + 65, 6);
});

test('corrections: rename, re-type, exclude from load, delete; a re-import keeps them all; restore brings it back', async ({ page }) => {
  const generated = await generateExport({ seed: 31, weeks: 4 });
  const drop = () => importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  await openApp(page);
  await drop();
  const activities = page.locator('[data-cell="activities"]');
  const count = async () => Number(await activities.locator('[data-testid="activities-count"]').getAttribute('data-value'));
  const total = await count();
  await activities.locator('tr[data-activity]').first().locator('[data-action="open-activity"]').click();
  const cell = page.locator('[data-cell="activity"]');
  const corrections = cell.locator('[data-testid="activity-corrections"]');
  await corrections.locator('summary').click();
  await corrections.locator('input[name="name"]').fill('Hill reps with the club');
  await corrections.locator('select[name="sport"]').selectOption('trail_running');
  await corrections.locator('input[name="excluded"]').check();
  await corrections.locator('[data-action="edit-activity"]').click();
  await expect(cell.locator('h2')).toContainText('Hill reps with the club');
  const row = activities.locator('tr[data-activity]', { hasText: 'Hill reps with the club' });
  await expect(row).toContainText(/trail run/i);
  const id = await row.getAttribute('data-activity');

  // The same export again: the corrections stay.
  await drop();
  await expect(activities.locator(`tr[data-activity="${id}"]`)).toContainText('Hill reps with the club');
  let db = await downloadDatabase(page);
  expect(db.get<{ name: string; sport: string; excluded_from_load: number }>('SELECT name, sport, excluded_from_load FROM activities WHERE id = ?', [Number(id)]))
    .toEqual({ name: 'Hill reps with the club', sport: 'trail_running', excluded_from_load: 1 });
  expect(firstRunDataset(db).table.find((r) => r.id === Number(id))).toMatchObject({ trainingLoad: 0, loadSource: 'excluded' });

  // Deleted: gone from the table and the counts, and still gone after the same export again.
  await activities.locator(`tr[data-activity="${id}"] [data-action="open-activity"]`).click();
  await cell.locator('[data-testid="activity-corrections"] summary').click();
  await cell.locator('[data-action="delete-activity"]').click();
  await expect(cell.locator('[data-testid="activity-gone"]')).toContainText('Deleted Hill reps with the club');
  await expect.poll(count).toBe(total - 1);
  await drop();
  await expect.poll(count).toBe(total - 1);
  await expect(page.locator('[data-metric="added"]')).toHaveAttribute('data-value', '0');
  db = await downloadDatabase(page);
  expect(db.value('SELECT count(*) FROM activities WHERE deleted_at IS NOT NULL')).toBe(1);

  // Restored from the Activities cell's list of deleted activities.
  await activities.locator('[data-testid="deleted-activities"] summary').click();
  await activities.locator(`[data-deleted-id="${id}"] [data-action="restore-activity"]`).click();
  await expect.poll(count).toBe(total);
  await expect(activities.locator('[data-testid="deleted-activities"]')).toHaveCount(0);
});

test('storage: what is stored and what the browser allows are shown, and persistent storage is asked before the first import', async ({ page }) => {
  await page.addInitScript(() => {
    const storage = navigator.storage;
    const asked: string[] = [];
    (window as unknown as { persistAsked: string[] }).persistAsked = asked;
    const persist = storage.persist.bind(storage);
    storage.persist = () => { asked.push('persist'); return persist(); };
  });
  await openApp(page);
  const used = page.locator('[data-metric="storage-used"]');
  await expect(used).toHaveAttribute('data-value', /^\d+$/);
  const before = Number(await used.getAttribute('data-value'));
  const generated = await generateExport({ seed: 4, weeks: 6 });
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  await expect.poll(async () => Number(await used.getAttribute('data-value'))).toBeGreaterThan(before);
  expect(await page.evaluate('window.persistAsked')).toEqual(['persist']);
  const quota = Number(await page.locator('[data-metric="storage-quota"]').getAttribute('data-value'));
  expect(quota).toBeGreaterThan(Number(await used.getAttribute('data-value')));
});

test('plans can be renamed and deleted; deleting the last one leaves a starter plan', async ({ page }) => {
  const generated = await generateExport({ seed: 8, weeks: 4 });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);
  const plan = page.locator('[data-cell="plan"]');
  const select = plan.locator('[data-testid="plan-select"]');
  const names = () => select.locator('option').allTextContents();
  await plan.locator('[data-action="plan-new"]').click();
  await expect.poll(names).toHaveLength(2);
  page.once('dialog', (d) => void d.accept('Spring 10K block'));
  await plan.locator('[data-action="plan-rename"]').click();
  await expect.poll(names).toContain('Spring 10K block');
  page.once('dialog', (d) => void d.accept());
  await plan.locator('[data-action="plan-delete"]').click();
  await expect.poll(names).toEqual(['A plan']);
  // Mark the last plan (99 in its first week), then delete it.
  const first = plan.locator('input[data-field="distance_km"]').first();
  await first.fill('99');
  await page.waitForTimeout(800);
  page.once('dialog', (d) => void d.accept());
  await plan.locator('[data-action="plan-delete"]').click();
  // The last plan deleted: a fresh starter plan, so the forecast and the week keep a plan to read.
  await expect(first).not.toHaveValue('99');
  await expect.poll(names).toEqual(['A plan']);
  const db = await downloadDatabase(page);
  expect(db.value('SELECT count(*) FROM plans')).toBe(1);
  expect(db.value("SELECT count(*) FROM plans WHERE name = 'Spring 10K block'")).toBe(0);
  expect(db.value('SELECT count(*) FROM plan_weeks WHERE distance_km = 99')).toBe(0);
});
