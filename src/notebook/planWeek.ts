import { addDays, isoWeek, mondayOf } from '../analysis/calendar';
import type { PlannedRace } from '../analysis/forecast';
import { METRES_PER_MILE, type Units } from '../analysis/types';
import type { PlanWeekInput } from '../database';

export function emptyWeek(weekStart: string): PlanWeekInput {
  const monday = mondayOf(weekStart);
  return { weekStart: monday, week: isoWeek(monday), phase: null, distanceKm: null, vertM: null, longRunKm: null, gym: null, series: null, recovery: false, races: [], notes: null };
}

/**
 * A starter plan at the recent weekly distance, no races: `weeksBack` finished weeks (so the
 * compliance cell has weeks to judge) and `weeksAhead` from this week's Monday.
 */
export function starterPlan(today: string, weeksAhead: number, weeklyKm: number | null, weeksBack = 4): PlanWeekInput[] {
  const first = addDays(mondayOf(today), -7 * weeksBack);
  return Array.from({ length: weeksBack + weeksAhead }, (_, i) => ({ ...emptyWeek(addDays(first, 7 * i)), distanceKm: weeklyKm, phase: 'base' }));
}

/** Races written as `YYYY-MM-DD name km`, several separated by `;` (the plan CSV's races column). */
/**
 * Races as typed: "YYYY-MM-DD name distance", several separated by ";". The distance is in `units`
 * (the athlete's) unless it says "km" or "mi" ("2027-04-11 Paris Marathon 26.2 mi"); stored in km.
 */
export function parseRaces(text: string, units: Units = 'km'): { races: PlannedRace[]; error: string | null } {
  const races: PlannedRace[] = [];
  for (const part of text.split(';').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(\d{4}-\d{2}-\d{2})\s+(.*?)\s+(\d+(?:[.,]\d+)?)\s*(km|mi)?$/i.exec(part);
    if (!m || Number.isNaN(Date.parse(m[1] as string))) return { races, error: `"${part}" is not "YYYY-MM-DD name ${units}"` };
    const value = Number((m[3] as string).replace(',', '.'));
    const unit = (m[4]?.toLowerCase() as Units | undefined) ?? units;
    races.push({ date: m[1] as string, name: m[2] as string, km: unit === 'mi' ? (value * METRES_PER_MILE) / 1000 : value });
  }
  return { races, error: null };
}

/** Races as the plan shows them: in km as stored (the CSV's form), or in miles with the unit said. */
export function formatRaces(races: readonly PlannedRace[], units: Units = 'km'): string {
  return races.map((r) => `${r.date} ${r.name} ${units === 'mi' ? `${round2((r.km * 1000) / METRES_PER_MILE)} mi` : r.km}`).join('; ');
}

/** Two decimals at most, no trailing zeros: a distance as the athlete typed it (26.2, 13.11). */
export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * The plan with a race added in its ISO week. A race past the plan's last week extends the plan
 * to it, each new week carrying the last week's distance and phase (as "Add week" does: a blank
 * week would read as a week off and sink the forecast); one before the first week is prepended
 * the same way. Weeks stay in date order; nothing else changes.
 */
export function addRace(weeks: readonly PlanWeekInput[], race: PlannedRace): PlanWeekInput[] {
  const monday = mondayOf(race.date);
  const out = weeks.map((w) => ({ ...w }));
  const filler = (template: PlanWeekInput | undefined, start: string): PlanWeekInput => ({
    ...emptyWeek(start), distanceKm: template?.distanceKm ?? null, phase: template?.phase ?? null,
  });
  if (out.length === 0) out.push(emptyWeek(monday));
  while ((out[0] as PlanWeekInput).weekStart > monday) out.unshift(filler(out[0], addDays((out[0] as PlanWeekInput).weekStart, -7)));
  while ((out[out.length - 1] as PlanWeekInput).weekStart < monday) out.push(filler(out[out.length - 1], addDays((out[out.length - 1] as PlanWeekInput).weekStart, 7)));
  const i = out.findIndex((w) => w.weekStart === monday);
  if (i < 0) {
    // A gap in the plan (weeks removed by hand): the race week goes in its place in date order.
    const at = out.findIndex((w) => w.weekStart > monday);
    out.splice(at, 0, { ...emptyWeek(monday), races: [race] });
    return out;
  }
  const week = out[i] as PlanWeekInput;
  out[i] = { ...week, races: [...week.races, race].sort((a, b) => a.date.localeCompare(b.date)) };
  return out;
}

/** The plan without one race (its week and position in that week's list). */
export function removeRace(weeks: readonly PlanWeekInput[], weekStart: string, index: number): PlanWeekInput[] {
  return weeks.map((w) => (w.weekStart === weekStart ? { ...w, races: w.races.filter((_, k) => k !== index) } : w));
}
