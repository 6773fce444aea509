import { addDays, isoWeek, mondayOf, mondayOfIsoWeek } from './calendar';
import type { PlannedWeek } from './forecast';
import { isRun, type ActivityInput } from './types';

/**
 * The training calendar (the month grid intervals.icu users open first): each day's activities,
 * each ISO week's totals beside it, planned run distance against done where a plan has the week,
 * and the week's and month's totals next to the same period a year earlier.
 *
 * An activity's time is its moving time, else its timer time, else its elapsed time (the time a
 * runner counts as "training"); its load is the notebook's (Garmin's, TRIMP, or estimated).
 */

export interface CalendarActivity {
  id: number;
  sport: string;
  name: string | null;
  distanceM: number | null;
  timeS: number | null;
  ascentM: number | null;
  load: number;
}

export interface CalendarDay {
  date: string;
  /** False for the days of the first and last week that belong to the next or previous month. */
  inMonth: boolean;
  activities: CalendarActivity[];
}

export interface PeriodTotals {
  activities: number;
  /** Every sport's distance, metres. */
  distanceM: number;
  /** Runs only (metrics.md "Conventions"), metres: what a plan's weekly distance is compared to. */
  runDistanceM: number;
  timeS: number;
  ascentM: number;
  load: number;
}

export interface CalendarWeek {
  /** Monday. */
  weekStart: string;
  week: string;
  days: CalendarDay[];
  /** Over all seven days, those of the neighbouring month included. */
  totals: PeriodTotals;
  /** The plan's run distance for this week (km), null when no plan week has a distance. */
  plannedKm: number | null;
}

export interface CalendarMonth {
  /** 'YYYY-MM'. */
  month: string;
  weeks: CalendarWeek[];
  /** The month's own days. */
  totals: PeriodTotals;
  /** The same month a year earlier. */
  lastYear: PeriodTotals;
}

/** The time that counts as training: moving, else timer, else elapsed. */
export function activityTimeS(a: Pick<ActivityInput, 'movingS' | 'timerS' | 'elapsedS'>): number | null {
  return a.movingS ?? a.timerS ?? a.elapsedS;
}

/** Totals of the activities on days from `from` to `to` inclusive. */
export function periodTotals(activities: readonly ActivityInput[], loadOf: (id: number) => number, from: string, to: string): PeriodTotals {
  const t: PeriodTotals = { activities: 0, distanceM: 0, runDistanceM: 0, timeS: 0, ascentM: 0, load: 0 };
  for (const a of activities) {
    if (a.localDate < from || a.localDate > to) continue;
    t.activities++;
    t.distanceM += a.distanceM ?? 0;
    if (isRun(a.sport)) t.runDistanceM += a.distanceM ?? 0;
    t.timeS += activityTimeS(a) ?? 0;
    t.ascentM += a.ascentM ?? 0;
    t.load += loadOf(a.id);
  }
  return t;
}

/** The last day of a month 'YYYY-MM'. */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return addDays(next, -1);
}

/** The month `by` months after 'YYYY-MM' (negative: before). */
export function addMonths(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + by;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/**
 * The month's grid: ISO weeks from the one holding the 1st to the one holding the last day, each
 * with its seven days and totals. `loadOf` gives an activity's load (0 when it has none).
 */
export function calendarMonth(
  month: string,
  activities: readonly ActivityInput[],
  loadOf: (id: number) => number,
  plan: readonly Pick<PlannedWeek, 'weekStart' | 'distanceKm'>[] = [],
): CalendarMonth {
  const first = `${month}-01`;
  const last = monthEnd(month);
  const gridFrom = mondayOf(first);
  const gridTo = addDays(mondayOf(last), 6);
  const byDay = new Map<string, CalendarActivity[]>();
  const inGrid: ActivityInput[] = [];
  for (const a of [...activities].sort((x, y) => x.startMs - y.startMs || x.id - y.id)) {
    if (a.localDate < gridFrom || a.localDate > gridTo) continue;
    inGrid.push(a);
    const list = byDay.get(a.localDate) ?? [];
    list.push({ id: a.id, sport: a.sport, name: a.name ?? null, distanceM: a.distanceM, timeS: activityTimeS(a), ascentM: a.ascentM, load: loadOf(a.id) });
    byDay.set(a.localDate, list);
  }
  const plannedOf = new Map<string, number>();
  for (const w of plan) if (w.distanceKm !== null) plannedOf.set(mondayOf(w.weekStart), w.distanceKm);
  const weeks: CalendarWeek[] = [];
  for (let monday = gridFrom; monday <= gridTo; monday = addDays(monday, 7)) {
    const days = Array.from({ length: 7 }, (_, i) => {
      const date = addDays(monday, i);
      return { date, inMonth: date >= first && date <= last, activities: byDay.get(date) ?? [] };
    });
    weeks.push({ weekStart: monday, week: isoWeek(monday), days, totals: periodTotals(inGrid, loadOf, monday, addDays(monday, 6)), plannedKm: plannedOf.get(monday) ?? null });
  }
  const lastYear = addMonths(month, -12);
  return { month, weeks, totals: periodTotals(inGrid, loadOf, first, last), lastYear: periodTotals(activities, loadOf, `${lastYear}-01`, monthEnd(lastYear)) };
}

/**
 * An ISO week's totals and the same ISO week of the year before (week 53 compares with week 52
 * when the year before has no week 53).
 */
export function weekAgainstLastYear(
  weekStart: string,
  activities: readonly ActivityInput[],
  loadOf: (id: number) => number,
): { week: string; totals: PeriodTotals; lastYearWeek: string; lastYear: PeriodTotals } {
  const monday = mondayOf(weekStart);
  const week = isoWeek(monday);
  const [year, n] = [Number(week.slice(0, 4)), week.slice(6)];
  let lastYearWeek = `${year - 1}-W${n}`;
  if (isoWeek(mondayOfIsoWeek(lastYearWeek)) !== lastYearWeek) lastYearWeek = `${year - 1}-W52`;
  const before = mondayOfIsoWeek(lastYearWeek);
  return {
    week,
    totals: periodTotals(activities, loadOf, monday, addDays(monday, 6)),
    lastYearWeek,
    lastYear: periodTotals(activities, loadOf, before, addDays(before, 6)),
  };
}
