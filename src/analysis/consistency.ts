import { addDays, dayNumber, isoWeekday, mondayOf } from './calendar';

/**
 * The consistency map (issue #17, Stride's "year-long consistency map"): a year of days as a
 * calendar heatmap, weeks as columns and weekdays as rows, each day's training load or distance,
 * with the streaks and rest days a runner looks for. A day "with training" has any activity or
 * off-watch session; its value may be 0 (a session without a load).
 */

export interface DayValue {
  localDate: string;
  load: number;
  distanceM: number | null;
}

export interface ConsistencyDay {
  date: string;
  /** Column: weeks from the first Monday shown. */
  week: number;
  /** Row: 0 = Monday … 6 = Sunday. */
  weekday: number;
  /** The day's summed load or distance (km); null on a day without training. */
  value: number | null;
}

export interface Consistency {
  days: ConsistencyDay[];
  from: string;
  to: string;
  /** Days with training in the year (the last 365 days, today included). */
  activeDays: number;
  restDays: number;
  /** The longest run of consecutive days with training in the year. */
  longestStreak: number;
  /** Consecutive days with training up to today (or yesterday, when today is not over). */
  currentStreak: number;
  /** ISO weeks of the year with at least one day of training. */
  activeWeeks: number;
}

export function consistencyYear(entries: readonly DayValue[], today: string, metric: 'load' | 'distance'): Consistency {
  const from = addDays(today, -364);
  const first = mondayOf(from);
  const byDay = new Map<string, number>();
  for (const e of entries) {
    if (e.localDate < from || e.localDate > today) continue;
    const v = metric === 'load' ? e.load : (e.distanceM ?? 0) / 1000;
    byDay.set(e.localDate, (byDay.get(e.localDate) ?? 0) + (Number.isFinite(v) ? v : 0));
  }
  const days: ConsistencyDay[] = [];
  let longest = 0;
  let run = 0;
  for (let d = from; d <= today; d = addDays(d, 1)) {
    const value = byDay.has(d) ? (byDay.get(d) as number) : null;
    days.push({ date: d, week: Math.floor((dayNumber(d) - dayNumber(first)) / 7), weekday: isoWeekday(d), value });
    run = value === null ? 0 : run + 1;
    longest = Math.max(longest, run);
  }
  // Today not trained (yet): the streak up to yesterday still stands.
  let current = 0;
  for (let d = byDay.has(today) ? today : addDays(today, -1); byDay.has(d) && d >= from; d = addDays(d, -1)) current++;
  const activeDays = byDay.size;
  return {
    days, from, to: today, activeDays, restDays: days.length - activeDays, longestStreak: longest, currentStreak: current,
    activeWeeks: new Set(days.filter((d) => d.value !== null).map((d) => d.week)).size,
  };
}
