import { addDays, dateRange, dayNumber } from './calendar';
import { DEFAULTS as DRIFT, recoverySlump, type RecoverySlumpFinding, type WellnessDay as SlumpDay } from './drift';
import { dailyLoadSeries, type DayLoad, type LoadSource } from './load';

/**
 * Recovery (openrun "🛌 Recovery": sleep stages, HRV + RHR overlay, training → next-morning-HRV
 * correlation): the daily wellness series with HRV and resting-HR baselines, load vs the next
 * morning's HRV, and the CSV rows. The baselines use metrics.md's recovery-slump windows (HRV
 * 7-day mean against its 28-day baseline ± 1 SD), read from drift.ts so the Recovery cell and
 * the drift finding can never disagree.
 */

export const DEFAULTS = {
  /** metrics.md "recovery slump": the HRV 7-day mean (drift.ts uses the same 7 days for resting HR and sleep). */
  recentDays: DRIFT.recentDays,
  /** metrics.md: the 28-day baseline; drift.ts: the 28 days *before* the recent 7, so a slump does not pull its own baseline down. */
  baselineDays: DRIFT.baselineDays,
  /** drift.ts (ours): a 7-day mean needs 4 days with a value, a baseline 14. */
  minRecentDays: DRIFT.minRecentDays,
  minBaselineDays: DRIFT.minBaselineDays,
  /** metrics.md: the normal band is baseline ± 1 SD (sample SD of the baseline days). */
  hrvSdMultiple: DRIFT.hrvSdMultiple,
  /** metrics.md: resting HR up by more than 5 bpm. */
  restingHrRiseBpm: DRIFT.restingHrRiseBpm,
  /** metrics.md: a night under 6 h is short. */
  shortSleepS: DRIFT.shortSleepS,
  /**
   * Ours: below 14 pairs (two weeks) no r is shown. With n = 14 a |r| under 0.53 is not
   * distinguishable from 0 at p < 0.05 (two-tailed t test, 12 df), so fewer pairs say nothing.
   */
  minPairs: 14,
  /** 95 % confidence interval of r by Fisher's z transform (Fisher 1921): z = atanh r, SE = 1/√(n − 3). */
  zCritical: 1.959963984540054,
};

export type RecoveryOptions = Partial<typeof DEFAULTS>;

/** One day of wellness (a row of `wellness_daily`, as src/db/wellness.ts reads it); null = not recorded. */
export interface WellnessRecord extends SlumpDay {
  deepS: number | null;
  lightS: number | null;
  remS: number | null;
  awakeS: number | null;
  sleepScore: number | null;
}

/** An activity's load on its local day; `loadSource: 'none'` = an activity whose load is unknown. */
export interface LoadItem extends DayLoad {
  loadSource?: LoadSource;
}

/** One row per calendar day; NaN = not recorded (or not computable). */
export interface RecoverySeries {
  dates: string[];
  restingHr: Float64Array;
  /** Mean of the last recentDays (today included), and of the baselineDays before them. */
  restingHr7d: Float64Array;
  restingHrBaseline: Float64Array;
  hrvMs: Float64Array;
  hrv7dMs: Float64Array;
  hrvBaselineMs: Float64Array;
  /** Sample SD of the baseline days: the normal band is baseline ± hrvSdMultiple · SD. */
  hrvBaselineSdMs: Float64Array;
  sleepS: Float64Array;
  deepS: Float64Array;
  lightS: Float64Array;
  remS: Float64Array;
  awakeS: Float64Array;
  sleepScore: Float64Array;
  /** The day's summed load (rest days 0); NaN before the first activity or on a day with an activity of unknown load. */
  load: Float64Array;
  /** The next morning's readings (the wellness row dated the day after). */
  nextHrvMs: Float64Array;
  nextRestingHr: Float64Array;
}

/** HRV and resting HR: 0, negative or non-finite is a missing reading (an off-wrist night), as in drift.ts. */
function reading(v: number | null | undefined): number {
  return v !== null && v !== undefined && Number.isFinite(v) && v > 0 ? v : NaN;
}

/** Sleep stages: 0 s is a value (a night without REM), null is not. */
function amount(v: number | null | undefined): number {
  return v !== null && v !== undefined && Number.isFinite(v) && v >= 0 ? v : NaN;
}

/** One row per date, the last one winning (as drift.ts does), dates after `today` left out. */
function byDate<T extends { date: string }>(wellness: readonly T[], today?: string): Map<string, T> {
  const map = new Map<string, T>();
  for (const w of wellness) if (today === undefined || w.date <= today) map.set(w.date, w);
  return map;
}

/**
 * The known load of each local day (metrics.md "Daily load": summed per day, rest days 0),
 * composed from dailyLoadSeries. Unknown (NaN): days before the first activity (no history, not
 * rest) and, ours, days with an activity whose load is unknown (no Garmin load, no HR stream),
 * since its 0 would pass a training day off as a rest day.
 */
function knownDailyLoad(loads: readonly LoadItem[], to: string): (date: string) => number {
  const { dates, load } = dailyLoadSeries(loads.filter((l) => Number.isFinite(l.load)), { to });
  const first = dates[0];
  if (first === undefined) return () => NaN;
  const day0 = dayNumber(first);
  const unknown = new Set(loads.filter((l) => l.loadSource === 'none' || !Number.isFinite(l.load)).map((l) => l.localDate));
  return (date) => {
    const i = dayNumber(date) - day0;
    return i < 0 || i >= load.length || unknown.has(date) ? NaN : (load[i] as number);
  };
}

export interface RollingBaseline {
  recent: Float64Array;
  baseline: Float64Array;
  baselineSd: Float64Array;
}

/**
 * For each day i of a daily series (NaN = missing): the mean of the recentDays ending on i, and
 * the mean and sample SD of the baselineDays before them (metrics.md, drift.ts's windows). A
 * mean needs minRecentDays values, a baseline max(2, minBaselineDays); otherwise NaN.
 */
export function rollingBaseline(
  values: ArrayLike<number>,
  {
    recentDays = DEFAULTS.recentDays,
    baselineDays = DEFAULTS.baselineDays,
    minRecentDays = DEFAULTS.minRecentDays,
    minBaselineDays = DEFAULTS.minBaselineDays,
  }: RecoveryOptions = {},
): RollingBaseline {
  const n = values.length;
  const recent = new Float64Array(n).fill(NaN);
  const baseline = new Float64Array(n).fill(NaN);
  const baselineSd = new Float64Array(n).fill(NaN);
  // Two passes per window (mean, then squared deviations) rather than running sums: exact, and
  // 35 values × a few thousand days is nothing.
  const stats = (from: number, to: number): { count: number; mean: number; sd: number } => {
    let count = 0;
    let sum = 0;
    for (let j = Math.max(0, from); j <= to; j++) {
      const v = values[j] as number;
      if (v > 0 && Number.isFinite(v)) {
        count++;
        sum += v;
      }
    }
    const mean = sum / count;
    let ss = 0;
    for (let j = Math.max(0, from); j <= to; j++) {
      const v = values[j] as number;
      if (v > 0 && Number.isFinite(v)) ss += (v - mean) * (v - mean);
    }
    return { count, mean, sd: count > 1 ? Math.sqrt(ss / (count - 1)) : NaN };
  };
  for (let i = 0; i < n; i++) {
    const r = stats(i - recentDays + 1, i);
    if (r.count >= minRecentDays) recent[i] = r.mean;
    const b = stats(i - recentDays - baselineDays + 1, i - recentDays);
    if (b.count >= Math.max(2, minBaselineDays)) {
      baseline[i] = b.mean;
      baselineSd[i] = b.sd;
    }
  }
  return { recent, baseline, baselineSd };
}

/**
 * The Recovery series: one row per calendar day from the first wellness day to the last one on
 * or before `today`, with the baselines and each day's load next to the next morning's HRV and
 * resting HR. Empty when there is no wellness up to today.
 */
export function recoverySeries(
  wellness: readonly WellnessRecord[],
  loads: readonly LoadItem[],
  { today, ...options }: { today: string } & RecoveryOptions,
): RecoverySeries {
  const days = byDate(wellness, today);
  const sorted = [...days.keys()].sort();
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const dates = first !== undefined && last !== undefined ? dateRange(first, last) : [];
  const n = dates.length;
  const column = (pick: (w: WellnessRecord) => number): Float64Array => {
    const out = new Float64Array(n).fill(NaN);
    dates.forEach((d, i) => {
      const w = days.get(d);
      if (w) out[i] = pick(w);
    });
    return out;
  };
  const restingHr = column((w) => reading(w.restingHr));
  const hrvMs = column((w) => reading(w.hrvMs));
  const rhr = rollingBaseline(restingHr, options);
  const hrv = rollingBaseline(hrvMs, options);
  const loadOn = knownDailyLoad(loads, last ?? today);
  const load = new Float64Array(n);
  const nextHrvMs = new Float64Array(n);
  const nextRestingHr = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    load[i] = loadOn(dates[i] as string);
    nextHrvMs[i] = i + 1 < n ? (hrvMs[i + 1] as number) : NaN;
    nextRestingHr[i] = i + 1 < n ? (restingHr[i + 1] as number) : NaN;
  }
  return {
    dates,
    restingHr,
    restingHr7d: rhr.recent,
    restingHrBaseline: rhr.baseline,
    hrvMs,
    hrv7dMs: hrv.recent,
    hrvBaselineMs: hrv.baseline,
    hrvBaselineSdMs: hrv.baselineSd,
    sleepS: column((w) => reading(w.sleepS)),
    deepS: column((w) => amount(w.deepS)),
    lightS: column((w) => amount(w.lightS)),
    remS: column((w) => amount(w.remS)),
    awakeS: column((w) => amount(w.awakeS)),
    sleepScore: column((w) => amount(w.sleepScore)),
    load,
    nextHrvMs,
    nextRestingHr,
  };
}

/** What the next morning is compared on: HRV (HRV-status watches) or resting HR (every watch). */
export type NextMorningMetric = 'hrvMs' | 'restingHr';

export interface NextMorningPair {
  /** The training day d; the reading is the wellness row dated d + 1 (the wake-up date). */
  date: string;
  load: number;
  next: number;
}

/**
 * Each day's load with the next morning's reading: load on local day d pairs with the wellness
 * row dated d + 1, since Garmin dates sleep and its HRV by the wake-up day (garmin-export-format.md
 * §5). Rest days pair with load 0; days whose load is unknown (see knownDailyLoad) and mornings
 * without a reading are left out. `from`/`to` bound d, both included.
 */
export function nextMorningPairs(
  loads: readonly LoadItem[],
  wellness: readonly SlumpDay[],
  { metric = 'hrvMs', from, to }: { metric?: NextMorningMetric; from?: string; to?: string } = {},
): NextMorningPair[] {
  const mornings = byDate(wellness);
  const wakeDates = [...mornings.keys()].sort();
  const lastWake = wakeDates[wakeDates.length - 1];
  if (lastWake === undefined) return [];
  const loadOn = knownDailyLoad(loads, lastWake);
  const pairs: NextMorningPair[] = [];
  for (const wake of wakeDates) {
    const date = addDays(wake, -1);
    if ((from !== undefined && date < from) || (to !== undefined && date > to)) continue;
    const next = reading(mornings.get(wake)?.[metric]);
    const load = loadOn(date);
    if (Number.isFinite(next) && Number.isFinite(load)) pairs.push({ date, load, next });
  }
  return pairs;
}

export type Correlation =
  | {
      status: 'ok';
      n: number;
      /** Pearson's r. */
      r: number;
      /** 95 % confidence interval of r (Fisher z); null under 4 pairs. */
      ci95: readonly [number, number] | null;
      /** Least-squares line y = intercept + slope · x (for the chart and "ms per 100 load"). */
      slope: number;
      intercept: number;
    }
  | { status: 'not_enough_data'; n: number; minPairs: number }
  /** One of the two has no spread (e.g. every day a rest day): r is undefined. */
  | { status: 'no_variance'; n: number };

/** Pearson's r over the pairs where both values are finite; honest about too few pairs. */
export function pearson(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  { minPairs = DEFAULTS.minPairs, zCritical = DEFAULTS.zCritical }: RecoveryOptions = {},
): Correlation {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const a = xs[i] as number;
    const b = ys[i] as number;
    if (Number.isFinite(a) && Number.isFinite(b)) {
      x.push(a);
      y.push(b);
    }
  }
  const n = x.length;
  if (n < Math.max(2, minPairs)) return { status: 'not_enough_data', n, minPairs };
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (!(sxx > 0) || !(syy > 0)) return { status: 'no_variance', n };
  // Rounding can push |r| a hair past 1 on perfectly linear data.
  const r = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  let ci95: readonly [number, number] | null = null;
  if (n > 3) {
    const z = Math.atanh(r);
    const half = zCritical / Math.sqrt(n - 3);
    ci95 = [Math.tanh(z - half), Math.tanh(z + half)];
  }
  const slope = sxy / sxx;
  return { status: 'ok', n, r, ci95, slope, intercept: my - slope * mx };
}

/** Load vs next-morning reading over the pairs. */
export function loadResponseCorrelation(pairs: readonly NextMorningPair[], options: RecoveryOptions = {}): Correlation {
  return pearson(pairs.map((p) => p.load), pairs.map((p) => p.next), options);
}

export type HrvBand = 'below' | 'within' | 'above';

export interface RecoveryStatus {
  /** The day the figures describe: the series' last day (the latest wellness day up to today). */
  asOf: string;
  hrv: {
    /** The latest nightly reading on or before asOf, and its date. */
    latestMs: number | null;
    latestDate: string | null;
    mean7dMs: number | null;
    baselineMs: number | null;
    baselineSdMs: number | null;
    /** The 7-day mean against baseline ± hrvSdMultiple · SD; null without both. */
    band: HrvBand | null;
  };
  restingHr: {
    latest: number | null;
    latestDate: string | null;
    mean7d: number | null;
    baseline: number | null;
    riseBpm: number | null;
    /** metrics.md: up more than restingHrRiseBpm over the baseline. */
    raised: boolean;
  };
  /** The latest night with sleep on or before asOf. */
  lastNight: { date: string; sleepS: number; deepS: number | null; lightS: number | null; remS: number | null; awakeS: number | null; sleepScore: number | null } | null;
  /** Nights with sleep in the recentDays ending on asOf, and those under shortSleepS. */
  nights: number;
  shortNights: number;
  /** metrics.md's recovery slump on asOf (drift.ts), or null when none of its signals fires. */
  slump: RecoverySlumpFinding | null;
}

const orNull = (v: number | undefined): number | null => (v === undefined || Number.isNaN(v) ? null : v);

/** The cell's big figures on the series' last day; null for an empty series. */
export function recoveryStatus(
  s: RecoverySeries,
  wellness: readonly SlumpDay[],
  options: RecoveryOptions = {},
): RecoveryStatus | null {
  const { recentDays = DEFAULTS.recentDays, hrvSdMultiple = DEFAULTS.hrvSdMultiple, restingHrRiseBpm = DEFAULTS.restingHrRiseBpm, shortSleepS = DEFAULTS.shortSleepS } = options;
  const last = s.dates.length - 1;
  const asOf = s.dates[last];
  if (asOf === undefined) return null;
  const latest = (values: Float64Array): number => {
    for (let i = last; i >= 0; i--) if (!Number.isNaN(values[i] as number)) return i;
    return -1;
  };

  const hrvAt = latest(s.hrvMs);
  const mean7dMs = orNull(s.hrv7dMs[last]);
  const baselineMs = orNull(s.hrvBaselineMs[last]);
  const baselineSdMs = orNull(s.hrvBaselineSdMs[last]);
  let band: HrvBand | null = null;
  if (mean7dMs !== null && baselineMs !== null && baselineSdMs !== null) {
    band = mean7dMs < baselineMs - hrvSdMultiple * baselineSdMs ? 'below' : mean7dMs > baselineMs + hrvSdMultiple * baselineSdMs ? 'above' : 'within';
  }

  const rhrAt = latest(s.restingHr);
  const mean7d = orNull(s.restingHr7d[last]);
  const baseline = orNull(s.restingHrBaseline[last]);
  const riseBpm = mean7d !== null && baseline !== null ? mean7d - baseline : null;

  const sleepAt = latest(s.sleepS);
  let nights = 0;
  let shortNights = 0;
  for (let i = Math.max(0, last - recentDays + 1); i <= last; i++) {
    const v = s.sleepS[i] as number;
    if (Number.isNaN(v)) continue;
    nights++;
    if (v < shortSleepS) shortNights++;
  }

  return {
    asOf,
    hrv: { latestMs: orNull(s.hrvMs[hrvAt]), latestDate: s.dates[hrvAt] ?? null, mean7dMs, baselineMs, baselineSdMs, band },
    restingHr: { latest: orNull(s.restingHr[rhrAt]), latestDate: s.dates[rhrAt] ?? null, mean7d, baseline, riseBpm, raised: riseBpm !== null && riseBpm > restingHrRiseBpm },
    lastNight: sleepAt < 0 ? null : {
      date: s.dates[sleepAt] as string,
      sleepS: s.sleepS[sleepAt] as number,
      deepS: orNull(s.deepS[sleepAt]),
      lightS: orNull(s.lightS[sleepAt]),
      remS: orNull(s.remS[sleepAt]),
      awakeS: orNull(s.awakeS[sleepAt]),
      sleepScore: orNull(s.sleepScore[sleepAt]),
    },
    nights,
    shortNights,
    slump: recoverySlump(wellness, asOf, options),
  };
}

/** The Recovery CSV (docs/schema.md "CSV downloads"): one row per day of the series, SI units. */
export const RECOVERY_CSV_COLUMNS = [
  'date', 'resting_hr', 'resting_hr_7d', 'resting_hr_baseline', 'hrv_ms', 'hrv_7d_ms', 'hrv_baseline_ms', 'hrv_baseline_sd_ms',
  'sleep_s', 'deep_s', 'light_s', 'rem_s', 'awake_s', 'sleep_score', 'load', 'next_hrv_ms', 'next_resting_hr',
] as const;

/** Full precision; NaN (missing) becomes an empty cell in toCsv. */
export function recoveryCsvRows(s: RecoverySeries): (string | number)[][] {
  const columns = [
    s.restingHr, s.restingHr7d, s.restingHrBaseline, s.hrvMs, s.hrv7dMs, s.hrvBaselineMs, s.hrvBaselineSdMs,
    s.sleepS, s.deepS, s.lightS, s.remS, s.awakeS, s.sleepScore, s.load, s.nextHrvMs, s.nextRestingHr,
  ];
  return s.dates.map((d, i) => [d, ...columns.map((c) => c[i] as number)]);
}
