import { addDays } from './calendar';
import { activityPaceMinPerKm, type PaceMaskOptions } from './pace';
import { matchSessions, type MatchableSession } from './sessionMatch';
import { DEFAULT_HR_ZONES, isRun, type ActivityInput } from './types';

/**
 * Drift between plan and reality (metrics.md "Drift and replanning (Stride)"): a pure comparison
 * of the last 14 days, returned as typed findings with their evidence, so a UI can show them and
 * a replanning step can act on them. Stride names the four signals but gives no numbers; every
 * threshold below that is not in metrics.md is marked as ours.
 */

export const DEFAULTS = {
  /** Stride: "your last two weeks"; metrics.md: "over the last 14 days". */
  windowDays: 14,
  /** Ours: a session done the day before or after its planned day still counts as done. */
  matchToleranceDays: 1,
  /** Ours: skipped share of the sessions due for a warning, and for an alert. */
  skippedWarningShare: 0.25,
  skippedAlertShare: 0.5,
  /** Ours: |actual − planned| / planned beyond this % is drift (warning), beyond the second an alert. */
  distanceDriftWarningPct: 15,
  distanceDriftAlertPct: 30,
  /** Easy runs = average HR in this band, inclusive (default: Z2 of openrun's default zones). */
  easyHrBand: DEFAULT_HR_ZONES[1] as readonly [number, number],
  /** metrics.md: compared with "the previous 4 weeks" before the window. */
  paceBaselineDays: 28,
  /** Ours: each period needs this many easy runs with a pace. */
  paceMinRuns: 2,
  /** Ours: a change of more than this many s/km at equal HR is drift (Stride's example: 9 s/km over six weeks). */
  paceDriftSPerKm: 10,
  /** Ours: slower by more than this is an alert. */
  paceDriftAlertSPerKm: 20,
  /** metrics.md: "HRV 7-day mean"; the same 7 days for resting HR and short nights (ours). */
  recentDays: 7,
  /** metrics.md: "28-day baseline": the 28 days before the recent 7 (ours: not overlapping them). */
  baselineDays: 28,
  /** metrics.md: HRV mean below its baseline by more than 1 SD. */
  hrvSdMultiple: 1,
  /** metrics.md: resting HR up by more than 5 bpm. */
  restingHrRiseBpm: 5,
  /** metrics.md: sleep < 6 h… */
  shortSleepS: 6 * 3600,
  /** …on ≥ 3 nights. */
  shortSleepNights: 3,
  /** Ours: a 7-day mean needs this many days with a value, a baseline this many. */
  minRecentDays: 4,
  minBaselineDays: 14,
};

export type Severity = 'info' | 'warning' | 'alert';

/** A dated session of the plan (the expander's output): a run with its distance, or a gym session. */
export interface PlannedSession extends MatchableSession {
  distanceKm?: number | null;
  label?: string;
  /** The plan's session id, when the session comes from a built plan (replanning names it). */
  id?: string;
}

/** One night/day of wellness (a row of `wellness_daily`); null = not recorded. */
export interface WellnessDay {
  date: string;
  hrvMs: number | null;
  restingHr: number | null;
  sleepS: number | null;
}

export interface SkippedSessionsFinding {
  kind: 'skipped_sessions';
  severity: Severity;
  /** Sessions planned in the window, done, and not done within ±matchToleranceDays. */
  planned: number;
  done: number;
  skipped: number;
  skippedShare: number;
  skippedSessions: PlannedSession[];
}

export interface DistanceDriftFinding {
  kind: 'distance_drift';
  severity: Severity;
  direction: 'over' | 'under';
  /** The first day compared: the window's, or the plan's first session when it started later. */
  from: string;
  plannedKm: number;
  actualKm: number;
  driftPct: number;
}

export interface PaceDriftFinding {
  kind: 'pace_drift';
  severity: Severity;
  /** Faster at the same HR = fitter (info); slower = fatigue or detraining. */
  direction: 'faster' | 'slower';
  hrBand: readonly [number, number];
  paceMinPerKm: number;
  baselinePaceMinPerKm: number;
  /** Positive = slower now. */
  deltaSPerKm: number;
  runs: number;
  baselineRuns: number;
  avgHr: number;
  baselineAvgHr: number;
}

export type RecoverySignal = 'hrv' | 'resting_hr' | 'sleep';

export interface RecoverySlumpFinding {
  kind: 'recovery_slump';
  severity: Severity;
  signals: RecoverySignal[];
  hrvMs: number | null;
  hrvBaselineMs: number | null;
  hrvBaselineSdMs: number | null;
  restingHr: number | null;
  restingHrBaseline: number | null;
  restingHrRiseBpm: number | null;
  shortSleepNights: number;
  sleepNights: number;
}

export type DriftFinding = SkippedSessionsFinding | DistanceDriftFinding | PaceDriftFinding | RecoverySlumpFinding;

export interface DriftReport {
  /** The window, both days included. */
  from: string;
  to: string;
  findings: DriftFinding[];
}

export type DriftOptions = PaceMaskOptions & Partial<typeof DEFAULTS>;

/**
 * Plan vs reality over the windowDays ending on `asOf` (asOf counts as a finished day; pass
 * yesterday for a view that ignores today). Findings come in a fixed order: skipped sessions,
 * distance drift, pace drift, recovery slump; each only when detected.
 */
export function detectDrift(
  {
    asOf,
    planned,
    activities,
    wellness = [],
  }: { asOf: string; planned: readonly PlannedSession[]; activities: readonly ActivityInput[]; wellness?: readonly WellnessDay[] },
  options: DriftOptions = {},
): DriftReport {
  const { windowDays = DEFAULTS.windowDays } = options;
  const from = addDays(asOf, -(windowDays - 1));
  const done = activities.filter((a) => a.localDate <= asOf);
  const findings: DriftFinding[] = [];
  const push = (f: DriftFinding | null) => {
    if (f) findings.push(f);
  };
  // A run today may be yesterday's session moved by a day: matching sees it (as the deck does).
  push(skippedSessions(planned, activities, from, asOf, options));
  // Kilometres run before the plan's first session are not drift from it (a plan built this week).
  const planStart = planned.reduce<string | null>((min, s) => (min === null || s.date < min ? s.date : min), null);
  push(distanceDrift(planned, done, planStart !== null && planStart > from ? planStart : from, asOf, options));
  push(paceDrift(done, from, asOf, options));
  push(recoverySlump(wellness, asOf, options));
  return { from, to: asOf, findings };
}

/**
 * Matched as the session deck matches (sessionMatch.ts): a session marked done or skipped by hand
 * is that; the others take an activity of their sport (run or gym) on their day, else within
 * ±matchToleranceDays (a session moved by a day is done, not skipped). Sessions just before the
 * window take part in the matching (so they do not steal from the window) but are not counted;
 * activities up to matchToleranceDays after it take part too (the last day's session run a day late).
 */
export function skippedSessions(
  planned: readonly PlannedSession[],
  activities: readonly ActivityInput[],
  from: string,
  to: string,
  {
    matchToleranceDays = DEFAULTS.matchToleranceDays,
    skippedWarningShare = DEFAULTS.skippedWarningShare,
    skippedAlertShare = DEFAULTS.skippedAlertShare,
  }: DriftOptions = {},
): SkippedSessionsFinding | null {
  const early = addDays(from, -matchToleranceDays);
  const sessions = planned.filter((s) => s.date >= early && s.date <= to).sort((a, b) => a.date.localeCompare(b.date));
  const acts = activities.filter((a) => a.localDate >= early && a.localDate <= addDays(to, matchToleranceDays));
  const matched = matchSessions(sessions, acts, { toleranceDays: matchToleranceDays });
  let count = 0;
  let doneCount = 0;
  const skipped: PlannedSession[] = [];
  sessions.forEach((s, i) => {
    if (s.date < from) return;
    count++;
    if (matched[i] !== null || s.status === 'done') doneCount++;
    else skipped.push(s);
  });
  if (skipped.length === 0) return null;
  const share = skipped.length / count;
  const severity: Severity = share >= skippedAlertShare ? 'alert' : share >= skippedWarningShare ? 'warning' : 'info';
  return { kind: 'skipped_sessions', severity, planned: count, done: doneCount, skipped: skipped.length, skippedShare: share, skippedSessions: skipped };
}

/** Run km done vs run km planned in the window, as a % of the plan (no plan, no finding). */
export function distanceDrift(
  planned: readonly PlannedSession[],
  activities: readonly ActivityInput[],
  from: string,
  to: string,
  { distanceDriftWarningPct = DEFAULTS.distanceDriftWarningPct, distanceDriftAlertPct = DEFAULTS.distanceDriftAlertPct }: DriftOptions = {},
): DistanceDriftFinding | null {
  let plannedKm = 0;
  for (const s of planned) if (s.sport === 'run' && s.date >= from && s.date <= to) plannedKm += s.distanceKm ?? 0;
  if (!(plannedKm > 0)) return null;
  let actualM = 0;
  for (const a of activities) if (isRun(a.sport) && a.localDate >= from && a.localDate <= to) actualM += a.distanceM ?? 0;
  const actualKm = actualM / 1000;
  const driftPct = ((actualKm - plannedKm) / plannedKm) * 100;
  const size = Math.abs(driftPct);
  if (!(size > distanceDriftWarningPct)) return null;
  return {
    kind: 'distance_drift', severity: size > distanceDriftAlertPct ? 'alert' : 'warning', direction: driftPct > 0 ? 'over' : 'under', from, plannedKm, actualKm, driftPct,
  };
}

/**
 * Pace of easy runs (rounded average HR inside the band) in the window vs the paceBaselineDays
 * before it. Each period's pace is its total moving time over its total distance (so a long
 * easy run weighs more than a short one); runs with a masked pace are left out.
 */
export function paceDrift(
  activities: readonly ActivityInput[],
  from: string,
  to: string,
  {
    easyHrBand = DEFAULTS.easyHrBand,
    paceBaselineDays = DEFAULTS.paceBaselineDays,
    paceMinRuns = DEFAULTS.paceMinRuns,
    paceDriftSPerKm = DEFAULTS.paceDriftSPerKm,
    paceDriftAlertSPerKm = DEFAULTS.paceDriftAlertSPerKm,
    minPaceMinPerKm,
    maxPaceMinPerKm,
  }: DriftOptions = {},
): PaceDriftFinding | null {
  const baseFrom = addDays(from, -paceBaselineDays);
  const [lo, hi] = easyHrBand;
  const period = (start: string, end: string) => {
    let minutes = 0;
    let km = 0;
    let hr = 0;
    let runs = 0;
    for (const a of activities) {
      if (!isRun(a.sport) || a.localDate < start || a.localDate > end || a.avgHr === null) continue;
      const h = Math.round(a.avgHr);
      if (h < lo || h > hi) continue;
      const pace = activityPaceMinPerKm(a, { minPaceMinPerKm, maxPaceMinPerKm });
      if (Number.isNaN(pace)) continue;
      const d = (a.distanceM as number) / 1000;
      minutes += pace * d;
      km += d;
      hr += h;
      runs++;
    }
    return { pace: minutes / km, hr: hr / runs, runs };
  };
  const now = period(from, to);
  const base = period(baseFrom, addDays(from, -1));
  if (now.runs < paceMinRuns || base.runs < paceMinRuns) return null;
  const deltaSPerKm = (now.pace - base.pace) * 60;
  if (!(Math.abs(deltaSPerKm) > paceDriftSPerKm)) return null;
  const slower = deltaSPerKm > 0;
  return {
    kind: 'pace_drift',
    severity: slower ? (deltaSPerKm > paceDriftAlertSPerKm ? 'alert' : 'warning') : 'info',
    direction: slower ? 'slower' : 'faster',
    hrBand: easyHrBand,
    paceMinPerKm: now.pace,
    baselinePaceMinPerKm: base.pace,
    deltaSPerKm,
    runs: now.runs,
    baselineRuns: base.runs,
    avgHr: now.hr,
    baselineAvgHr: base.hr,
  };
}

/**
 * metrics.md: HRV 7-day mean below its 28-day baseline by > 1 SD, resting HR up > 5 bpm, or
 * sleep < 6 h on ≥ 3 nights. The recent 7 days end on `asOf`; the baseline is the 28 days before
 * them, so a slump does not pull its own baseline down; SD is the baseline days' sample SD.
 * One signal is a warning, two or three an alert.
 */
export function recoverySlump(
  wellness: readonly WellnessDay[],
  asOf: string,
  {
    recentDays = DEFAULTS.recentDays,
    baselineDays = DEFAULTS.baselineDays,
    hrvSdMultiple = DEFAULTS.hrvSdMultiple,
    restingHrRiseBpm = DEFAULTS.restingHrRiseBpm,
    shortSleepS = DEFAULTS.shortSleepS,
    shortSleepNights = DEFAULTS.shortSleepNights,
    minRecentDays = DEFAULTS.minRecentDays,
    minBaselineDays = DEFAULTS.minBaselineDays,
  }: DriftOptions = {},
): RecoverySlumpFinding | null {
  const recentFrom = addDays(asOf, -(recentDays - 1));
  const baseFrom = addDays(recentFrom, -baselineDays);
  // One value per date (the last row wins), so a duplicated day does not count twice.
  const byDate = new Map<string, WellnessDay>();
  for (const w of wellness) if (w.date >= baseFrom && w.date <= asOf) byDate.set(w.date, w);
  const values = (field: 'hrvMs' | 'restingHr' | 'sleepS', recent: boolean): number[] => {
    const out: number[] = [];
    for (const [date, w] of byDate) {
      const v = w[field];
      // 0 is a missing reading here (an off-wrist night, a day without HRV), not a value.
      if (v !== null && v > 0 && Number.isFinite(v) && (date >= recentFrom) === recent) out.push(v);
    }
    return out;
  };
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const signals: RecoverySignal[] = [];

  const hrvRecent = values('hrvMs', true);
  const hrvBase = values('hrvMs', false);
  let hrvMs: number | null = null;
  let hrvBaselineMs: number | null = null;
  let hrvBaselineSdMs: number | null = null;
  if (hrvRecent.length >= minRecentDays && hrvBase.length >= Math.max(2, minBaselineDays)) {
    hrvMs = mean(hrvRecent);
    const m = mean(hrvBase);
    hrvBaselineMs = m;
    hrvBaselineSdMs = Math.sqrt(hrvBase.reduce((a, x) => a + (x - m) * (x - m), 0) / (hrvBase.length - 1));
    if (hrvMs < m - hrvSdMultiple * hrvBaselineSdMs) signals.push('hrv');
  }

  const rhrRecent = values('restingHr', true);
  const rhrBase = values('restingHr', false);
  let restingHr: number | null = null;
  let restingHrBaseline: number | null = null;
  let rise: number | null = null;
  if (rhrRecent.length >= minRecentDays && rhrBase.length >= minBaselineDays) {
    restingHr = mean(rhrRecent);
    restingHrBaseline = mean(rhrBase);
    rise = restingHr - restingHrBaseline;
    if (rise > restingHrRiseBpm) signals.push('resting_hr');
  }

  const nights = values('sleepS', true);
  const short = nights.filter((s) => s < shortSleepS).length;
  if (short >= shortSleepNights) signals.push('sleep');

  if (signals.length === 0) return null;
  return {
    kind: 'recovery_slump',
    severity: signals.length >= 2 ? 'alert' : 'warning',
    signals,
    hrvMs,
    hrvBaselineMs,
    hrvBaselineSdMs,
    restingHr,
    restingHrBaseline,
    restingHrRiseBpm: rise,
    shortSleepNights: short,
    sleepNights: nights.length,
  };
}
