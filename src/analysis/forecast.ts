import { pmc, tsbBand, type Pmc, type TsbBand } from './banister';
import { addDays, dateRange, dayNumber } from './calendar';
import type { DailyLoad } from './load';

/**
 * Race-day forecast (openrun `plan_to_daily_load`, `calibrate_tl_per_km`, `banister_forecast`;
 * metrics.md "Forecast"): a plan's weekly distance becomes daily load, spliced after the real
 * history, and the same PMC recursion runs through race day. Composed from `pmc`, never re-derived.
 */

export const DEFAULTS = {
  /** Share of a week's distance per weekday, Monday first: Mon 10, Tue 20, Wed 10, Thu 20, Sat 40 %. */
  weekdayShare: [0.1, 0.2, 0.1, 0.2, 0, 0.4, 0] as readonly number[],
  /** Load per race kilometre (openrun's race_day_tl_per_km). */
  raceDayLoadPerKm: 7.0,
  /** Runs shorter than this do not calibrate load per km (too noisy). */
  calibrationMinKm: 1,
};

export interface PlannedRace {
  date: string;
  name: string;
  km: number;
}

export interface PlannedWeek {
  /** Monday of the ISO week. */
  weekStart: string;
  distanceKm: number | null;
  races: readonly PlannedRace[];
}

/**
 * Each week's distance × loadPerKm spread over the weekdays. In a race week the race day gets
 * race km × raceDayLoadPerKm, the day before each race is kept at 0, and the rest of the week's
 * distance (minus the race km) goes to the remaining days with the same weights renormalised.
 */
export function planToDailyLoad(
  weeks: readonly PlannedWeek[],
  { loadPerKm, raceDayLoadPerKm = DEFAULTS.raceDayLoadPerKm, weekdayShare = DEFAULTS.weekdayShare }: { loadPerKm: number; raceDayLoadPerKm?: number; weekdayShare?: readonly number[] },
): DailyLoad {
  if (weeks.length === 0) return { dates: [], load: new Float64Array(0) };
  const sorted = [...weeks].sort((a, b) => a.weekStart.localeCompare(b.weekStart));
  const first = (sorted[0] as PlannedWeek).weekStart;
  const last = addDays((sorted[sorted.length - 1] as PlannedWeek).weekStart, 6);
  const dates = dateRange(first, last);
  const load = new Float64Array(dates.length);
  const base = dayNumber(first);
  for (const week of sorted) {
    const start = dayNumber(week.weekStart) - base;
    const races = week.races.filter((r) => {
      const d = dayNumber(r.date) - dayNumber(week.weekStart);
      return d >= 0 && d < 7;
    });
    const raceDays = new Set(races.map((r) => dayNumber(r.date) - dayNumber(week.weekStart)));
    const blocked = new Set([...raceDays, ...[...raceDays].map((d) => d - 1).filter((d) => d >= 0)]);
    const raceKm = races.reduce((a, r) => a + r.km, 0);
    const restKm = Math.max(0, (week.distanceKm ?? 0) - raceKm);
    const weight = weekdayShare.reduce((a, w, d) => a + (blocked.has(d) ? 0 : w), 0);
    for (let d = 0; d < 7; d++) {
      if (blocked.has(d) || weight === 0) continue;
      load[start + d] = (load[start + d] as number) + restKm * loadPerKm * ((weekdayShare[d] ?? 0) / weight);
    }
    for (const r of races) {
      const d = dayNumber(r.date) - dayNumber(week.weekStart);
      load[start + d] = (load[start + d] as number) + r.km * raceDayLoadPerKm;
    }
  }
  return { dates, load };
}

export interface LoadPerKm {
  median: number;
  q1: number;
  q3: number;
  iqr: number;
  runs: number;
}

/** Median and IQR of load / km over runs ≥ 1 km that carry a load (openrun calibrate_tl_per_km). */
export function calibrateLoadPerKm(
  runs: readonly { distanceM: number | null; load: number | null }[],
  { calibrationMinKm = DEFAULTS.calibrationMinKm } = {},
): LoadPerKm | null {
  const ratios = runs
    .filter((r) => r.distanceM !== null && r.distanceM >= calibrationMinKm * 1000 && r.load !== null && Number.isFinite(r.load) && r.load > 0)
    .map((r) => (r.load as number) / ((r.distanceM as number) / 1000))
    .sort((a, b) => a - b);
  if (ratios.length === 0) return null;
  const q = (p: number) => quantile(ratios, p);
  return { median: q(0.5), q1: q(0.25), q3: q(0.75), iqr: q(0.75) - q(0.25), runs: ratios.length };
}

/** Linear interpolation between closest ranks (numpy's default, as openrun's pandas uses). */
function quantile(sorted: readonly number[], p: number): number {
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}

export interface Forecast extends Pmc {
  dates: string[];
  load: Float64Array;
  /** 1 where the load comes from the plan, 0 where it is history. */
  planned: Uint8Array;
}

/**
 * History through `today`, then the planned load from tomorrow (days without a plan are 0),
 * through `until` (default: the plan's last day), in one PMC recursion. Both series are
 * contiguous runs of days (as dailyLoadSeries and planToDailyLoad make them), so the splice is
 * array copies by offset, not a lookup per day: this runs on every keystroke in the plan.
 */
export function forecastPmc(
  history: DailyLoad,
  plan: DailyLoad,
  { today, until, ctlDays, atlDays }: { today: string; until?: string; ctlDays?: number; atlDays?: number },
): Forecast {
  const first = history.dates[0] ?? addDays(today, 1);
  const planLast = plan.dates[plan.dates.length - 1];
  const last = until ?? (planLast !== undefined && planLast > today ? planLast : today);
  const base = dayNumber(first);
  const n = Math.max(0, dayNumber(last) - base + 1);
  const todayAt = dayNumber(today) - base;
  const load = new Float64Array(n);
  const planned = new Uint8Array(n);
  planned.fill(1, Math.max(0, Math.min(n, todayAt + 1)));
  // History: its first todayAt + 1 days.
  load.set(history.load.subarray(0, Math.max(0, Math.min(history.load.length, todayAt + 1, n))));
  // Plan: the days after today, placed by the plan's offset from the first history day.
  if (plan.dates.length > 0) {
    const planAt = dayNumber(plan.dates[0] as string) - base;
    const from = Math.max(planAt, todayAt + 1, 0);
    const to = Math.min(planAt + plan.load.length, n);
    if (to > from) load.set(plan.load.subarray(from - planAt, to - planAt), from);
  }
  return { dates: dateRange(first, last).slice(0, n), load, planned, ...pmc(load, { ctlDays, atlDays }) };
}

export interface RaceDay {
  date: string;
  name: string;
  km: number;
  ctl: number;
  atl: number;
  tsb: number;
  band: TsbBand;
}

/** CTL, ATL, TSB and its band on each planned race's day (races outside the forecast are left out). */
export function raceDayTable(forecast: Forecast, races: readonly PlannedRace[]): RaceDay[] {
  const index = new Map(forecast.dates.map((d, i) => [d, i]));
  return races
    .filter((r) => index.has(r.date))
    .sort((a, b) => a.date.localeCompare(b.date))
    .map((r) => {
      const i = index.get(r.date) as number;
      const tsb = forecast.tsb[i] as number;
      return { ...r, ctl: forecast.ctl[i] as number, atl: forecast.atl[i] as number, tsb, band: tsbBand(tsb) };
    });
}

export interface RaceForecast {
  forecast: Forecast;
  races: RaceDay[];
  loadPerKm: LoadPerKm;
}

/**
 * The Race forecast cell's computation: calibrate load per km on the user's runs, turn the plan
 * into daily load, splice it after today's history and run the PMC through the last race.
 * Null when no run carries a load to calibrate with.
 */
export function raceForecast(
  activities: readonly { localDate: string; load: number; distanceM: number | null; isRun: boolean }[],
  weeks: readonly PlannedWeek[],
  { today, ctlDays, atlDays, raceDayLoadPerKm }: { today: string; ctlDays?: number; atlDays?: number; raceDayLoadPerKm?: number },
): RaceForecast | null {
  const loadPerKm = calibrateLoadPerKm(activities.filter((a) => a.isRun).map((a) => ({ distanceM: a.distanceM, load: a.load })));
  if (!loadPerKm) return null;
  const history = dailyLoadFrom(activities, today);
  const plan = planToDailyLoad(weeks, { loadPerKm: loadPerKm.median, raceDayLoadPerKm });
  const races = weeks.flatMap((w) => w.races).filter((r) => r.date > today);
  const lastRace = races.reduce<string | undefined>((a, r) => (a === undefined || r.date > a ? r.date : a), undefined);
  const forecast = forecastPmc(history, plan, { today, until: lastRace, ctlDays, atlDays });
  return { forecast, races: raceDayTable(forecast, races), loadPerKm };
}

function dailyLoadFrom(activities: readonly { localDate: string; load: number }[], today: string): DailyLoad {
  let first: string | undefined;
  for (const a of activities) if (first === undefined || a.localDate < first) first = a.localDate;
  if (first === undefined || first > today) return { dates: [], load: new Float64Array(0) };
  const dates = dateRange(first, today);
  const load = new Float64Array(dates.length);
  const base = dayNumber(first);
  for (const a of activities) {
    const i = dayNumber(a.localDate) - base;
    if (i >= 0 && i < load.length) load[i] = (load[i] as number) + a.load;
  }
  return { dates, load };
}

export const FORECAST_CSV_COLUMNS = ['date', 'load', 'ctl', 'atl', 'tsb', 'planned'] as const;

export function forecastCsvRows(f: Forecast): (string | number)[][] {
  return f.dates.map((d, i) => [d, f.load[i] as number, f.ctl[i] as number, f.atl[i] as number, f.tsb[i] as number, f.planned[i] as number]);
}
