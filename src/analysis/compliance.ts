import { addDays, isoWeek, mondayOf } from './calendar';
import type { PlannedWeek } from './forecast';
import { GYM_SPORTS, isRun, type ActivityInput } from './types';

/**
 * Plan compliance (metrics.md "Plan compliance (TRC)"; trail-running-coach `tracker/analysis.py`
 * and `tracker/alerts.py`): each planned week against what was done in it — the week's actuals,
 * a 0–100 score, and the six alerts.
 */

export const DEFAULTS = {
  /** Score weights (TRC COMPLIANCE_WEIGHTS): distance 30 %, vertical 20 %, long run 20 %, gym 15 %, series 15 %. */
  weights: { distance: 0.3, vertical: 0.2, longRun: 0.2, gym: 0.15, series: 0.15 } as Readonly<ScoreWeights>,
  /** Series: max − avg HR at least this… (TRC _is_series) */
  seriesHrSpreadBpm: 20,
  /** …with max HR at least this. */
  seriesMinMaxHr: 160,
  /** Or: a run at most this long… (TRC _is_series; "short runs with high average HR") */
  seriesShortRunKm: 10,
  /** …with average HR at least this. */
  seriesShortMinAvgHr: 155,
  /** HR drift: a run's average HR more than this above the baseline (TRC HR_DRIFT_BPM). */
  hrDriftBpm: 10,
  /** HR drift looks at runs up to this distance ("easy runs", TRC: distance_km <= 10). */
  hrDriftMaxRunKm: 10,
  /** HR drift baseline: the runs of this many weeks before the week (TRC "4-week rolling average"). */
  hrDriftBaselineWeeks: 4,
  /** Volume spike: run distance more than this % above the previous week's (TRC VOLUME_SPIKE_PCT). */
  volumeSpikePct: 10,
  /** Long run ratio: longest run more than this % of the week's run distance (TRC LONG_RUN_RATIO_PCT). */
  longRunRatioPct: 30,
  /** Recovery week: distance should be at least this % below the previous week's (TRC RECOVERY_REDUCTION_PCT). */
  recoveryReductionPct: 20,
};

export interface ScoreWeights {
  distance: number;
  vertical: number;
  longRun: number;
  gym: number;
  series: number;
}

/** A plan week's phase, as the plan cell offers them (Stride's blocks, and the race week itself). */
export const PLAN_PHASES = ['base', 'specific', 'taper', 'recovery', 'race'] as const;
export type PlanPhase = (typeof PLAN_PHASES)[number];

/**
 * A planned week (a row of `plan_weeks`): the forecast's PlannedWeek (weekStart, distanceKm,
 * races) plus the targets TRC scores. A null or 0 target means nothing planned for it.
 */
export interface PlanWeek extends PlannedWeek {
  /** Null when the plan does not say. */
  phase: PlanPhase | null;
  vertM: number | null;
  longRunKm: number | null;
  gym: number | null;
  /** Interval ("series") sessions planned. */
  series: number | null;
  recovery: boolean;
}

/** What was done in one ISO week (TRC build_week_actual). */
export interface WeekActuals {
  weekStart: string;
  /** Sum of run distances, km, rounded to 0.1 km. */
  km: number;
  /** Sum of run ascents, m, rounded to 1 m. */
  vertM: number;
  /** Longest run, km, rounded to 0.1 km; 0 without runs. */
  longestRunKm: number;
  gym: number;
  seriesDetected: boolean;
  runs: number;
}

export interface SeriesOptions {
  seriesHrSpreadBpm?: number;
  seriesMinMaxHr?: number;
  seriesShortRunKm?: number;
  seriesShortMinAvgHr?: number;
}

/**
 * TRC's interval heuristic on one run, with the average HR rounded to an integer (Garmin's
 * summary value): (max − avg ≥ 20 and max ≥ 160) or (distance ≤ 10 km and avg ≥ 155).
 */
export function isSeriesRun(
  run: Pick<ActivityInput, 'sport' | 'distanceM' | 'avgHr' | 'maxHr'>,
  {
    seriesHrSpreadBpm = DEFAULTS.seriesHrSpreadBpm,
    seriesMinMaxHr = DEFAULTS.seriesMinMaxHr,
    seriesShortRunKm = DEFAULTS.seriesShortRunKm,
    seriesShortMinAvgHr = DEFAULTS.seriesShortMinAvgHr,
  }: SeriesOptions = {},
): boolean {
  if (!isRun(run.sport) || run.avgHr === null || !(run.avgHr > 0)) return false;
  const avg = Math.round(run.avgHr);
  if (run.maxHr !== null && run.maxHr - avg >= seriesHrSpreadBpm && run.maxHr >= seriesMinMaxHr) return true;
  return run.distanceM !== null && run.distanceM <= seriesShortRunKm * 1000 && avg >= seriesShortMinAvgHr;
}

/** The week's actuals from the activities of that week (callers pass only that week's). */
export function weekActuals(weekStart: string, activities: readonly ActivityInput[], options: SeriesOptions = {}): WeekActuals {
  let m = 0;
  let ascent = 0;
  let longestM = 0;
  let runs = 0;
  let gym = 0;
  let seriesDetected = false;
  for (const a of activities) {
    if (GYM_SPORTS.has(a.sport)) gym++;
    if (!isRun(a.sport)) continue;
    runs++;
    const d = a.distanceM ?? 0;
    m += d;
    ascent += a.ascentM ?? 0;
    if (d > longestM) longestM = d;
    if (!seriesDetected && isSeriesRun(a, options)) seriesDetected = true;
  }
  return { weekStart, km: metresToTenthKm(m), vertM: Math.round(ascent), longestRunKm: metresToTenthKm(longestM), gym, seriesDetected, runs };
}

/** km rounded to 0.1, from metres: 12,050 m → 12.1 (m / 1000 × 10 would be 120.50000000000001 by luck). */
function metresToTenthKm(m: number): number {
  return Math.round(m / 100) / 10;
}

/**
 * Python's round(): halves go to the even neighbour. TRC's score is `round(total)` in Python,
 * so 92.5 scores 92 there; a tolerance absorbs the float noise of the weighted sum.
 */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (Math.abs(d - 0.5) > 1e-9) return Math.round(x);
  return f % 2 === 0 ? f : f + 1;
}

/** Each component's part of the score, 0–100; null when the week plans nothing for it. */
export interface ScoreParts {
  distance: number | null;
  vertical: number | null;
  longRun: number | null;
  gym: number | null;
  series: number | null;
}

/**
 * Each part min(actual / planned, 1) × 100; series 100 if planned and detected, 0 if planned and
 * missed (TRC compliance_score). Only what was planned counts: the weights are renormalised over
 * the parts with a target (a null or 0 target plans nothing), so a week that plans 30 km and
 * nothing else scores its distance alone, and a week with nothing planned has no score (null).
 * TRC counts an unplanned part as met (100), which made a 0 km week score 70 %; on a week that
 * plans every part the two agree. score = round(Σ wᵢ·partᵢ / Σ wᵢ), halves to even (Python's round).
 */
export function complianceScore(
  plan: Pick<PlanWeek, 'distanceKm' | 'vertM' | 'longRunKm' | 'gym' | 'series'>,
  actual: Pick<WeekActuals, 'km' | 'vertM' | 'longestRunKm' | 'gym' | 'seriesDetected'>,
  { weights = DEFAULTS.weights }: { weights?: Readonly<ScoreWeights> } = {},
): { score: number | null; parts: ScoreParts } {
  const planned = (target: number | null): target is number => target !== null && target > 0;
  const part = (done: number, target: number | null) => (planned(target) ? Math.min(done / target, 1) * 100 : null);
  const parts: ScoreParts = {
    distance: part(actual.km, plan.distanceKm),
    vertical: part(actual.vertM, plan.vertM),
    longRun: part(actual.longestRunKm, plan.longRunKm),
    gym: part(actual.gym, plan.gym),
    series: planned(plan.series) ? (actual.seriesDetected ? 100 : 0) : null,
  };
  let total = 0;
  let weight = 0;
  for (const key of Object.keys(parts) as (keyof ScoreParts)[]) {
    const p = parts[key];
    if (p === null) continue;
    total += p * weights[key];
    weight += weights[key];
  }
  return { score: weight > 0 ? roundHalfEven(total / weight) : null, parts };
}

export type ComplianceAlert =
  | { id: 'hr_drift'; level: 'warning'; activityId: number; localDate: string; avgHr: number; baselineHr: number; aboveBpm: number }
  | { id: 'volume_spike'; level: 'warning'; km: number; previousKm: number; increasePct: number }
  | { id: 'long_run_ratio'; level: 'info'; longestRunKm: number; km: number; ratioPct: number }
  | { id: 'missed_gym'; level: 'warning'; gym: number; plannedGym: number }
  | { id: 'missed_series'; level: 'warning'; plannedSeries: number }
  | { id: 'recovery_week'; level: 'warning'; km: number; previousKm: number; reductionPct: number };

export type AlertId = ComplianceAlert['id'];

export interface WeekCompliance {
  week: string;
  weekStart: string;
  plan: PlanWeek;
  actual: WeekActuals;
  /** The previous ISO week's actuals (volume spike, recovery week). */
  previous: WeekActuals;
  parts: ScoreParts;
  /** 0–100 over what the week planned; null when it planned nothing. */
  score: number | null;
  alerts: ComplianceAlert[];
  /** asOf is past the week's Sunday: the week is complete and its long-run ratio was judged. */
  weekendOver: boolean;
}

export type ComplianceOptions = SeriesOptions & {
  weights?: Readonly<ScoreWeights>;
  hrDriftBpm?: number;
  hrDriftMaxRunKm?: number;
  hrDriftBaselineWeeks?: number;
  volumeSpikePct?: number;
  longRunRatioPct?: number;
  recoveryReductionPct?: number;
};

/**
 * Every planned week that has started by `asOf`, scored against the activities done in it as
 * of `asOf` (later activities are ignored), with its alerts. Weeks come out in date order.
 */
export function weeklyCompliance(
  plan: readonly PlanWeek[],
  activities: readonly ActivityInput[],
  {
    asOf,
    weights = DEFAULTS.weights,
    hrDriftBpm = DEFAULTS.hrDriftBpm,
    hrDriftMaxRunKm = DEFAULTS.hrDriftMaxRunKm,
    hrDriftBaselineWeeks = DEFAULTS.hrDriftBaselineWeeks,
    volumeSpikePct = DEFAULTS.volumeSpikePct,
    longRunRatioPct = DEFAULTS.longRunRatioPct,
    recoveryReductionPct = DEFAULTS.recoveryReductionPct,
    ...series
  }: ComplianceOptions & { asOf: string },
): WeekCompliance[] {
  const byWeek = new Map<string, ActivityInput[]>();
  for (const a of activities) {
    if (a.localDate > asOf) continue;
    const monday = mondayOf(a.localDate);
    const list = byWeek.get(monday);
    if (list) list.push(a);
    else byWeek.set(monday, [a]);
  }
  const actualsOf = (monday: string) => weekActuals(monday, byWeek.get(monday) ?? [], series);
  const shortRunWithHr = (a: ActivityInput) => isRun(a.sport) && a.avgHr !== null && a.avgHr > 0 && a.distanceM !== null && a.distanceM <= hrDriftMaxRunKm * 1000;

  return plan
    .filter((p) => p.weekStart <= asOf)
    .sort((a, b) => a.weekStart.localeCompare(b.weekStart))
    .map((p) => {
      const weekStart = mondayOf(p.weekStart);
      const actual = actualsOf(weekStart);
      const previous = actualsOf(addDays(weekStart, -7));
      const { score, parts } = complianceScore(p, actual, { weights });
      const weekendOver = asOf > addDays(weekStart, 6);
      const alerts: ComplianceAlert[] = [];

      // 1. HR drift (TRC check_hr_drift): pooled mean of the previous weeks' short runs' HR.
      let hrSum = 0;
      let hrRuns = 0;
      for (let w = 1; w <= hrDriftBaselineWeeks; w++) {
        for (const a of byWeek.get(addDays(weekStart, -7 * w)) ?? []) {
          if (!shortRunWithHr(a)) continue;
          hrSum += Math.round(a.avgHr as number);
          hrRuns++;
        }
      }
      if (hrRuns > 0) {
        const baselineHr = hrSum / hrRuns;
        // Evidence: the run furthest above the baseline (TRC reports the first one it meets).
        let worst: ActivityInput | null = null;
        let worstHr = -Infinity;
        for (const a of byWeek.get(weekStart) ?? []) {
          const hr = shortRunWithHr(a) ? Math.round(a.avgHr as number) : NaN;
          if (hr > baselineHr + hrDriftBpm && hr > worstHr) {
            worst = a;
            worstHr = hr;
          }
        }
        if (worst) {
          alerts.push({ id: 'hr_drift', level: 'warning', activityId: worst.id, localDate: worst.localDate, avgHr: worstHr, baselineHr, aboveBpm: worstHr - baselineHr });
        }
      }

      // 2. Volume spike (TRC check_volume_spike); no previous running, no ratio. Compared in
      // integer tenths of a km, so a change of exactly 10 % is not > 10 % by float noise.
      const kmT = Math.round(actual.km * 10);
      const prevT = Math.round(previous.km * 10);
      if (prevT > 0 && (kmT - prevT) * 100 > volumeSpikePct * prevT) {
        alerts.push({ id: 'volume_spike', level: 'warning', km: actual.km, previousKm: previous.km, increasePct: ((kmT - prevT) / prevT) * 100 });
      }

      // 3. Long run ratio (TRC check_long_run_ratio), judged once the weekend is over (TRC
      // blog: "the alert only fires after the weekend ends"), since the long run is Sat or Sun.
      const longT = Math.round(actual.longestRunKm * 10);
      if (weekendOver && kmT > 0 && longT * 100 > longRunRatioPct * kmT) {
        alerts.push({ id: 'long_run_ratio', level: 'info', longestRunKm: actual.longestRunKm, km: actual.km, ratioPct: (longT / kmT) * 100 });
      }

      // 4. Missed gym (TRC check_missed_gym).
      if (p.gym !== null && actual.gym < p.gym) alerts.push({ id: 'missed_gym', level: 'warning', gym: actual.gym, plannedGym: p.gym });

      // 5. Missed series (TRC check_missed_series).
      if (p.series !== null && p.series > 0 && !actual.seriesDetected) alerts.push({ id: 'missed_series', level: 'warning', plannedSeries: p.series });

      // 6. Recovery week (TRC check_recovery_week): not at least 20 % below the previous week.
      if (p.recovery && prevT > 0 && (prevT - kmT) * 100 < recoveryReductionPct * prevT) {
        alerts.push({ id: 'recovery_week', level: 'warning', km: actual.km, previousKm: previous.km, reductionPct: ((prevT - kmT) / prevT) * 100 });
      }

      return { week: isoWeek(weekStart), weekStart, plan: p, actual, previous, parts, score, alerts, weekendOver };
    });
}

/** One CSV row per week; numbers stay numbers (null = not planned), alerts joined by ';'. */
export interface ComplianceCsvRow {
  week: string;
  planned_km: number | null;
  actual_km: number;
  planned_vert_m: number | null;
  actual_vert_m: number;
  planned_long_run_km: number | null;
  longest_run_km: number;
  planned_gym: number | null;
  gym: number;
  planned_series: number | null;
  series_detected: 0 | 1;
  score: number | null;
  alerts: string;
}

export const COMPLIANCE_CSV_COLUMNS = [
  'week', 'planned_km', 'actual_km', 'planned_vert_m', 'actual_vert_m', 'planned_long_run_km', 'longest_run_km',
  'planned_gym', 'gym', 'planned_series', 'series_detected', 'score', 'alerts',
] as const satisfies readonly (keyof ComplianceCsvRow)[];

export function complianceCsvRows(weeks: readonly WeekCompliance[]): ComplianceCsvRow[] {
  return weeks.map((w) => ({
    week: w.week,
    planned_km: w.plan.distanceKm,
    actual_km: w.actual.km,
    planned_vert_m: w.plan.vertM,
    actual_vert_m: w.actual.vertM,
    planned_long_run_km: w.plan.longRunKm,
    longest_run_km: w.actual.longestRunKm,
    planned_gym: w.plan.gym,
    gym: w.actual.gym,
    planned_series: w.plan.series,
    series_detected: w.actual.seriesDetected ? 1 : 0,
    score: w.score,
    alerts: w.alerts.map((a) => a.id).join(';'),
  }));
}
