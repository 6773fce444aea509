/**
 * Banister's fitness-fatigue model as the Performance Management Chart (openrun §3,
 * TrainingPeaks): CTL and ATL are exponentially weighted averages of daily load, and form
 * (TSB) is yesterday's CTL minus yesterday's ATL. Plus the load ratios built on the same
 * series: ACWR, ramp rate, Foster's monotony and strain (metrics.md "Load").
 */

export const DEFAULTS = {
  ctlDays: 42,
  atlDays: 7,
  /** ACWR windows: acute 7 days (today included), chronic 28 days as a weekly mean. */
  acuteDays: 7,
  chronicDays: 28,
  rampDays: 7,
  monotonyDays: 7,
};

export interface Pmc {
  ctl: Float64Array;
  atl: Float64Array;
  tsb: Float64Array;
}

/**
 * CTL_d = CTL_{d−1}·e^(−1/τc) + load_d·(1 − e^(−1/τc)), ATL likewise with τa, from CTL = ATL =
 * `initial` before the first day; TSB_d = CTL_{d−1} − ATL_{d−1} (yesterday's values, TP convention).
 */
export function pmc(
  load: ArrayLike<number>,
  { ctlDays = DEFAULTS.ctlDays, atlDays = DEFAULTS.atlDays, initialCtl = 0, initialAtl = 0 } = {},
): Pmc {
  const n = load.length;
  const ctl = new Float64Array(n);
  const atl = new Float64Array(n);
  const tsb = new Float64Array(n);
  const kc = Math.exp(-1 / ctlDays);
  const ka = Math.exp(-1 / atlDays);
  let c = initialCtl;
  let a = initialAtl;
  for (let i = 0; i < n; i++) {
    tsb[i] = c - a;
    const l = load[i] as number;
    c = c * kc + l * (1 - kc);
    a = a * ka + l * (1 - ka);
    ctl[i] = c;
    atl[i] = a;
  }
  return { ctl, atl, tsb };
}

export type TsbBand = 'severely_fatigued' | 'productive_overload' | 'balanced' | 'sharpening' | 'fresh' | 'detrained';

/** The bands as ranges, for shading a chart (openrun's table of TSB meanings). */
export const TSB_BANDS: readonly { band: TsbBand; from: number; to: number; label: string }[] = [
  { band: 'severely_fatigued', from: -Infinity, to: -30, label: 'severely fatigued — injury risk' },
  { band: 'productive_overload', from: -30, to: -10, label: 'productive overload' },
  { band: 'balanced', from: -10, to: 0, label: 'balanced building' },
  { band: 'sharpening', from: 0, to: 10, label: 'sharpening' },
  { band: 'fresh', from: 10, to: 25, label: 'fresh / race-ready' },
  { band: 'detrained', from: 25, to: Infinity, label: 'detrained (taper too long)' },
];

/**
 * openrun: < −30, −30…−10, −10…0, 0…+10, +10…+25, > +25. A boundary value joins the band above
 * it, except +25, which is still fresh (the table says "> +25" for detrained).
 */
export function tsbBand(tsb: number): TsbBand {
  if (tsb < -30) return 'severely_fatigued';
  if (tsb < -10) return 'productive_overload';
  if (tsb < 0) return 'balanced';
  if (tsb < 10) return 'sharpening';
  if (tsb <= 25) return 'fresh';
  return 'detrained';
}

function windowSum(load: ArrayLike<number>, days: number): Float64Array {
  const out = new Float64Array(load.length);
  let sum = 0;
  // A running sum keeps the rounding residue of what left the window: after a quiet month it
  // read 1e-13 instead of 0, and ACWR divided noise by noise (4.00). A window with no day
  // carrying load sums to exactly 0.
  let loaded = 0;
  for (let i = 0; i < load.length; i++) {
    const add = load[i] as number;
    sum += add;
    if (add !== 0) loaded++;
    if (i >= days) {
      const drop = load[i - days] as number;
      sum -= drop;
      if (drop !== 0) loaded--;
    }
    if (loaded === 0) sum = 0;
    out[i] = sum;
  }
  return out;
}

/**
 * ACWR = (sum of the last 7 days, today included) / (sum of the last 28 days / 4); NaN for the
 * first 27 days of data and when the chronic load is 0 (metrics.md).
 */
export function acwr(load: ArrayLike<number>, { acuteDays = DEFAULTS.acuteDays, chronicDays = DEFAULTS.chronicDays } = {}): Float64Array {
  const acute = windowSum(load, acuteDays);
  const chronic = windowSum(load, chronicDays);
  const out = new Float64Array(load.length).fill(NaN);
  for (let i = chronicDays - 1; i < load.length; i++) {
    const weekly = (chronic[i] as number) / (chronicDays / acuteDays);
    if (weekly > 0) out[i] = (acute[i] as number) / weekly;
  }
  return out;
}

/** Ramp rate = CTL_d − CTL_{d−7}: fitness gained per week (NaN for the first 7 days). */
export function rampRate(ctl: ArrayLike<number>, { rampDays = DEFAULTS.rampDays } = {}): Float64Array {
  const out = new Float64Array(ctl.length).fill(NaN);
  for (let i = rampDays; i < ctl.length; i++) out[i] = (ctl[i] as number) - (ctl[i - rampDays] as number);
  return out;
}

/**
 * Foster (1998): monotony = mean / standard deviation of the last 7 daily loads (population SD,
 * rest days included); strain = 7-day sum × monotony. NaN for the first 6 days and when the
 * SD is 0 (identical loads every day: monotony is unbounded).
 */
export function monotonyStrain(load: ArrayLike<number>, { monotonyDays = DEFAULTS.monotonyDays } = {}): { monotony: Float64Array; strain: Float64Array } {
  const n = load.length;
  const monotony = new Float64Array(n).fill(NaN);
  const strain = new Float64Array(n).fill(NaN);
  for (let i = monotonyDays - 1; i < n; i++) {
    let sum = 0;
    for (let j = i - monotonyDays + 1; j <= i; j++) sum += load[j] as number;
    const mean = sum / monotonyDays;
    let sq = 0;
    for (let j = i - monotonyDays + 1; j <= i; j++) sq += ((load[j] as number) - mean) ** 2;
    const sd = Math.sqrt(sq / monotonyDays);
    if (sd > 0) {
      monotony[i] = mean / sd;
      strain[i] = sum * (mean / sd);
    }
  }
  return { monotony, strain };
}
