import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import ICAL from 'ical.js';
import { expect, test } from '@playwright/test';
import { generateExport } from '../../tools/gen-export/generate';
import { addDays } from '../../src/analysis/calendar';
import { downloadDatabase, importFiles, openApp } from './helpers';

/**
 * Issue #17, items 2, 3 and 6 as a runner meets them: a plan built this week, this week's cards,
 * a session fulfilled by a run imported afterwards, one skipped, the drift turned into proposals,
 * one accepted (the forecast moves) and undone (it moves back), a quality session to a calendar
 * and shared. The plan is built on Monday 2026-11-16 and the page looked at on Thursday 2026-11-26;
 * the history ends on Sunday 2026-11-22, so Monday to Wednesday of the plan's second week were not run.
 */

const BUILT = '2026-11-16';
const TODAY = '2026-11-26';
const RACE = '2027-02-21';

/** A 3 km run on `date` at noon UTC, as a watch's GPX export writes it (1 point every 10 s). */
function gpxRun(date: string): string {
  const start = Date.parse(`${date}T12:00:00Z`);
  // 3 m/s due north: 0.00027° of latitude every 10 s; 100 points ≈ 3 km.
  const points = Array.from({ length: 101 }, (_, i) => `<trkpt lat="${(45 + i * 0.00027).toFixed(6)}" lon="6.000000"><time>${new Date(start + i * 10_000).toISOString()}</time></trkpt>`);
  return `<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="test"><trk><name>Short run</name><type>running</type><trkseg>${points.join('')}</trkseg></trk></gpx>`;
}

test('the deck and the replanning: fulfil with an imported run, skip one, accept a proposal (the forecast moves), undo it, a quality session to a calendar', async ({ page, context }) => {
  // The plan is built on Monday 2026-11-16, then looked at ten days later.
  await page.clock.install({ time: new Date(`${BUILT}T10:00:00`) });
  // The clipboard path of "Share" (a desktop browser has no Web Share).
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.addInitScript(() => Object.defineProperty(navigator, 'share', { value: undefined, configurable: true }));
  const generated = await generateExport({ seed: 71, weeks: 10, endDate: '2026-11-24' });
  await openApp(page);
  await importFiles(page, [{ name: 'garmin-account-export.zip', buffer: Buffer.from(generated.accountZip) }]);

  const builder = page.locator('[data-cell="plan-builder"] [data-testid="plan-builder-form"]');
  await builder.locator('input[name="raceDate"]').fill(RACE);
  await builder.locator('input[name="raceName"]').fill('Winter Half');
  await builder.locator('input[name="blocked"][value="5"]').check();
  await builder.locator('[data-action="generate-plan"]').click();
  const built = page.locator('[data-cell="plan-builder"] [data-testid="plan-built"]');
  await expect(built).toBeVisible();
  const planId = Number(await built.getAttribute('data-plan-id'));
  await page.clock.setSystemTime(new Date(`${TODAY}T10:00:00`));
  await page.reload();
  await expect(page.locator('[data-cell="fitness"]')).toContainText(`Today is ${TODAY}`);

  // This week's cards: one per session of Mon 11-23 … Sun 11-29, each with its target.
  const deck = page.locator('[data-cell="deck"]');
  const cards = deck.locator('li[data-session-id]');
  const db0 = await downloadDatabase(page);
  const week = db0.all<{ id: string; date: string; type: string }>(`SELECT id, date, type FROM plan_sessions WHERE plan_id = ? AND date BETWEEN '2026-11-23' AND '2026-11-29' ORDER BY date`, [planId]);
  await expect(cards).toHaveCount(week.length);
  expect((await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-session-id')))).sort()).toEqual(week.map((s) => s.id).sort());
  await expect(deck.locator('li[data-session-id]:not([data-type="gym"]) [data-metric="session-target"]').first()).toContainText('bpm');

  // Monday to Wednesday's runs were not run: "Not done".
  const missed = week.filter((s) => s.date < TODAY && s.type !== 'gym');
  expect(missed.length).toBeGreaterThanOrEqual(2);
  for (const s of missed) await expect(deck.locator(`li[data-session-id="${s.id}"]`)).toHaveAttribute('data-status', 'missed');

  // A run imported afterwards on the first missed day fulfils its session.
  const first = missed[0] as { id: string; date: string };
  await importFiles(page, [{ name: 'short-run.gpx', buffer: Buffer.from(gpxRun(first.date)) }]);
  const done = deck.locator(`li[data-session-id="${first.id}"]`);
  await expect(done).toHaveAttribute('data-status', 'done');
  const db1 = await downloadDatabase(page);
  const runId = db1.value(`SELECT id FROM activities WHERE local_date = ? AND name = 'Short run'`, [first.date]);
  await expect(done.locator('[data-testid="session-done"]')).toHaveAttribute('data-activity-id', String(runId));
  // Opened from the card, the run says where it stands in the plan.
  await done.locator('[data-action="open-session-activity"]').click();
  await expect(page.locator('[data-cell="activity"] [data-insight="plan"]')).toContainText(`It was your plan's`);
  await expect(page.locator('[data-cell="activity"] [data-insight="plan"]')).toContainText('3.0 km run');

  // The next missed one is skipped by hand.
  const second = missed[1] as { id: string; date: string };
  await deck.locator(`li[data-session-id="${second.id}"] [data-action="skip-session"]`).click();
  await expect(deck.locator(`li[data-session-id="${second.id}"]`)).toHaveAttribute('data-status', 'skipped');
  expect((await downloadDatabase(page)).value('SELECT status FROM plan_sessions WHERE plan_id = ? AND id = ?', [planId, second.id])).toBe('skipped');

  // Replanning: the run was 3 km of the kilometres planned since Monday; next week comes down.
  const replan = page.locator('[data-cell="replan"]');
  await expect(replan.locator('[data-finding="distance_drift"]')).toBeVisible();
  const proposal = replan.locator('[data-proposal="reduce-volume"]');
  await expect(proposal).toBeVisible();
  await expect(proposal.locator('[data-testid="proposal-evidence"]')).toContainText('planned');
  // The page with the cards and the proposals, their pickers and diff tables, reads well to assistive tech.
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} e.g. ${v.nodes[0]?.target.join(' ')}`)).toEqual([]);
  const tsb = page.locator(`[data-cell="forecast"] [data-metric="race-day-tsb"][data-race="${RACE}"]`).first();
  const before = Number(await tsb.getAttribute('data-value'));
  const weeksBefore = (await downloadDatabase(page)).all('SELECT week_start, distance_km FROM plan_weeks WHERE plan_id = ? ORDER BY week_start', [planId]);
  await proposal.locator('[data-action="accept-proposal"]').click();
  await expect(replan.locator('[data-testid="replan-message"]')).toContainText('Accepted');
  await expect.poll(async () => Number(await tsb.getAttribute('data-value'))).not.toBe(before);
  const db2 = await downloadDatabase(page);
  expect(db2.value(`SELECT count(*) FROM plan_changes WHERE plan_id = ? AND kind = 'reduce-volume' AND status = 'accepted'`, [planId])).toBe(1);
  const weeksAfter = db2.all<{ week_start: string; distance_km: number }>('SELECT week_start, distance_km FROM plan_weeks WHERE plan_id = ? ORDER BY week_start', [planId]);
  expect(weeksAfter.find((w) => w.week_start === '2026-11-30')?.distance_km).toBeLessThan((weeksBefore as { week_start: string; distance_km: number }[]).find((w) => w.week_start === '2026-11-30')?.distance_km as number);
  // Not offered again; undone, the plan and the forecast are as they were.
  await expect(replan.locator('[data-proposal="reduce-volume"]')).toHaveCount(0);
  await replan.locator('[data-change-status="accepted"] [data-action="undo-change"]').click();
  await expect.poll(async () => Number(await tsb.getAttribute('data-value'))).toBe(before);
  expect((await downloadDatabase(page)).all('SELECT week_start, distance_km FROM plan_weeks WHERE plan_id = ? ORDER BY week_start', [planId])).toEqual(weeksBefore);
  // Rejected: gone, and still gone after a reload.
  await replan.locator('[data-proposal="reduce-volume"] [data-action="reject-proposal"]').click();
  await expect(replan.locator('[data-proposal="reduce-volume"]')).toHaveCount(0);
  await page.reload();
  await expect(page.locator('[data-cell="replan"] [data-finding="distance_drift"]')).toBeVisible();
  await expect(page.locator('[data-cell="replan"] [data-proposal="reduce-volume"]')).toHaveCount(0);

  const deckAgain = page.locator('[data-cell="deck"]');
  // A session moved by hand to a day the deck offers: stored with its new date, undoable as a change.
  const movable = deckAgain.locator('li[data-session-id]:has(select[data-action="move-session"])').first();
  const movedId = await movable.getAttribute('data-session-id') as string;
  const shift = await movable.locator('select[data-action="move-session"] option').nth(1).getAttribute('value') as string;
  const movedFrom = movedId.split(':')[1] as string;
  await movable.locator('select[data-action="move-session"]').selectOption(shift);
  await expect(page.locator('[data-cell="replan"] [data-change-status="accepted"]')).toContainText('moved by hand');
  const db3 = await downloadDatabase(page);
  expect(db3.value('SELECT date FROM plan_sessions WHERE plan_id = ? AND id = ?', [planId, movedId])).toBe(addDays(movedFrom, Number(shift)));
  expect(db3.value(`SELECT kind FROM plan_changes WHERE plan_id = ? AND status = 'accepted'`, [planId])).toBe('move-session');
  // The plan to a calendar as it stands now: the moved session on its new day, under the same UID.
  const [planIcs] = await Promise.all([page.waitForEvent('download'), deckAgain.locator('[data-action="export-ics"]').click()]);
  const planEvents = new ICAL.Component(ICAL.parse(readFileSync(await planIcs.path(), 'utf8'))).getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
  expect(planEvents).toHaveLength(db3.value('SELECT count(*) FROM plan_sessions WHERE plan_id = ?', [planId]) as number);
  expect(planEvents.find((e) => e.uid === `${movedId}@fitbook.plan`)?.startDate.toString()).toBe(addDays(movedFrom, Number(shift)));

  // "I have 45 minutes": sessions that fit, one to a calendar, one shared by the clipboard.
  await deckAgain.locator('[data-testid="deck-minutes"]').selectOption('45');
  const quality = deckAgain.locator('li[data-quality-session]');
  await expect(quality.first()).toBeVisible();
  const [ics] = await Promise.all([page.waitForEvent('download'), quality.first().locator('[data-action="quality-ics"]').click()]);
  const events = new ICAL.Component(ICAL.parse(readFileSync(await ics.path(), 'utf8'))).getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
  expect(events).toHaveLength(1);
  expect(events[0]?.startDate.toString()).toBe(TODAY);
  await quality.first().locator('[data-action="share-session"]').click();
  await expect(deckAgain.locator('[data-testid="deck-message"]')).toContainText('Copied');
  const name = await quality.first().locator('strong').textContent();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(name ?? '');

  // Next week edited in the Plan cell: its sessions follow, and the deck shows them adding up.
  const distance = page.locator('[data-cell="plan"] input[aria-label="Distance (km), 2026-W49"]');
  const planned = Number(await distance.inputValue());
  await distance.fill(String(planned + 6));
  await distance.press('Tab');
  await deckAgain.locator('[data-action="deck-next-week"]').click();
  const nextWeekKm = async () => (await deckAgain.locator('li[data-session-id]:not([data-type="gym"]) [data-metric="session-distance"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value')))))
    .reduce((a, b) => a + b, 0);
  await expect.poll(async () => Math.round((await nextWeekKm()) * 10) / 10).toBe(Math.round((planned + 6) * 10) / 10);
});
