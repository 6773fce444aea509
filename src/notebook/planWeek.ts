import { addDays, isoWeek, mondayOf } from '../analysis/calendar';
import type { PlannedRace } from '../analysis/forecast';
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
export function parseRaces(text: string): { races: PlannedRace[]; error: string | null } {
  const races: PlannedRace[] = [];
  for (const part of text.split(';').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(\d{4}-\d{2}-\d{2})\s+(.*?)\s+(\d+(?:[.,]\d+)?)\s*(?:km)?$/i.exec(part);
    if (!m || Number.isNaN(Date.parse(m[1] as string))) return { races, error: `"${part}" is not "YYYY-MM-DD name km"` };
    races.push({ date: m[1] as string, name: m[2] as string, km: Number((m[3] as string).replace(',', '.')) });
  }
  return { races, error: null };
}

export function formatRaces(races: readonly PlannedRace[]): string {
  return races.map((r) => `${r.date} ${r.name} ${r.km}`).join('; ');
}
