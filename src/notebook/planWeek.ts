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
