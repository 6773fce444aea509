import type { ActivityTableRow } from './activityTable';
import { addDays } from './calendar';
import { activityPaceMinPerKm } from './pace';
import { DEFAULTS as PREDICTION, predictRaces, type EffortInput, type RacePrediction } from './prediction';
import { DEFAULTS as RECORDS, bestEffortsAcross, personalRecords, type StreamEfforts } from './records';
import { isRun, METRES_PER_MILE, type ActivityInput, type Units } from './types';

/**
 * What the Records & predictions cell shows and downloads, composed from records.ts and
 * prediction.ts: whole-run PRs per distance bin, the best efforts inside runs (from the
 * activity table's per-run `bestEffortsS`), and race predictions by Riegel and VDOT from the
 * best recent effort, with that effort named.
 */

export const DEFAULTS = {
  /** The windows the cell offers for "recent" efforts, in local days ending today. */
  recentDaysChoices: [42, 90, 180, 365] as readonly number[],
  recentDays: PREDICTION.recentDays,
};

/** One record: a whole run near a bin distance, or the fastest stretch of a target inside a run. */
export interface RecordRow {
  targetM: number;
  /** What was covered: the whole run's distance for a PR, the target for a best effort. */
  distanceM: number;
  timeS: number;
  paceMinPerKm: number;
  activityId: number;
  localDate: string;
  name: string | null;
}

/** An effort a prediction can start from: a whole race-distance run or a best effort inside one. */
export interface PredictionEffort extends EffortInput {
  kind: 'run' | 'best_effort';
  name: string | null;
}

export interface PredictionSummary {
  recentDays: number;
  /** First local day of the window (asOf − recentDays + 1); the window ends on asOf. */
  fromDate: string;
  source: (PredictionEffort & { vdot: number }) | null;
  predictions: RacePrediction[];
}

/** Rows of the activity table that the best efforts need (a narrower type is easier to test). */
export type EffortRow = Pick<ActivityTableRow, 'id' | 'localDate' | 'name' | 'bestEffortsS'>;

const NAMED_DISTANCES = new Map<number, string>([
  [400, '400 m'], [1000, '1 km'], [1609.344, '1 mile'], [5000, '5 km'], [10_000, '10 km'], [21_097.5, 'Half marathon'], [42_195, 'Marathon'],
]);

/** The metric race distances as runners name them whatever their unit (a 5K is a 5K in Boston). */
const RACE_NAMES = new Map<number, string>([[1000, '1K'], [5000, '5K'], [10_000, '10K']]);

/**
 * '5 km', '1 mile', 'Half marathon'; other distances in m below 1 km, else in km. In miles: '5K',
 * '1 mile', 'Half marathon'; other distances in m below 1 km, else in miles.
 */
export function distanceLabel(distanceM: number, units: Units = 'km'): string {
  const named = (units === 'mi' ? RACE_NAMES.get(distanceM) : undefined) ?? NAMED_DISTANCES.get(distanceM);
  if (named) return named;
  if (distanceM < 1000) return `${Number(distanceM.toFixed(1))} m`;
  return units === 'mi' ? `${Number((distanceM / METRES_PER_MILE).toFixed(2))} mi` : `${Number((distanceM / 1000).toFixed(3))} km`;
}

function paceOf(timeS: number, distanceM: number): number {
  return timeS / 60 / (distanceM / 1000);
}

/**
 * Whole-run PRs per bin (personalRecords); the time is the one its pace is on: moving time,
 * else the timer time (pace.ts `activityPaceMinPerKm`).
 */
export function prRows(
  activities: readonly ActivityInput[],
  { prBinsKm = RECORDS.prBinsKm, prTolerance = RECORDS.prTolerance }: { prBinsKm?: readonly number[]; prTolerance?: number } = {},
): { targetM: number; record: RecordRow | null }[] {
  const byId = new Map(activities.map((a) => [a.id, a]));
  return personalRecords(activities, { prBinsKm, prTolerance }).map(({ binKm, record }) => {
    const run = record ? byId.get(record.activityId) : undefined;
    const timeS = run ? (run.movingS ?? run.timerS) : null;
    return {
      targetM: binKm * 1000,
      record: record && run && timeS !== null
        ? { targetM: binKm * 1000, distanceM: record.distanceM, timeS, paceMinPerKm: record.paceMinPerKm, activityId: record.activityId, localDate: record.localDate, name: run.name ?? null }
        : null,
    };
  });
}

/**
 * The best effort per target across runs (bestEffortsAcross), from each row's `bestEffortsS`
 * (null where the run was shorter, read back as the NaN bestEffortsAcross skips). Rows without
 * efforts, or with another number of targets, are left out.
 */
export function bestEffortRows(
  rows: readonly EffortRow[],
  { effortTargetsM = RECORDS.effortTargetsM }: { effortTargetsM?: readonly number[] } = {},
): { targetM: number; record: RecordRow | null }[] {
  const names = new Map<number, string | null>();
  const runs: { activityId: number; localDate: string; efforts: StreamEfforts }[] = [];
  for (const r of rows) {
    if (!r.bestEffortsS || r.bestEffortsS.length !== effortTargetsM.length) continue;
    names.set(r.id, r.name);
    runs.push({
      activityId: r.id,
      localDate: r.localDate,
      efforts: {
        targetsM: effortTargetsM,
        timeS: Float64Array.from(r.bestEffortsS, (t) => t ?? NaN),
        // The table keeps no start times; nothing here shows them.
        startS: new Float64Array(effortTargetsM.length).fill(NaN),
      },
    });
  }
  return bestEffortsAcross(runs, { effortTargetsM }).map(({ targetM, best }) => ({
    targetM,
    record: best
      ? { targetM, distanceM: targetM, timeS: best.timeS, paceMinPerKm: paceOf(best.timeS, targetM), activityId: best.activityId, localDate: best.localDate, name: names.get(best.activityId) ?? null }
      : null,
  }));
}

/**
 * What predictions may start from: every run within the PR tolerance of a PR bin, on the time
 * its PR pace uses (a race-like whole run; a long run with stops is not one), and every best
 * effort inside a run. predictRaces keeps those of at least its minSourceM in the window.
 */
export function predictionEfforts(
  activities: readonly ActivityInput[],
  rows: readonly EffortRow[] | null,
  {
    prBinsKm = RECORDS.prBinsKm,
    prTolerance = RECORDS.prTolerance,
    effortTargetsM = RECORDS.effortTargetsM,
  }: { prBinsKm?: readonly number[]; prTolerance?: number; effortTargetsM?: readonly number[] } = {},
): PredictionEffort[] {
  const efforts: PredictionEffort[] = [];
  for (const a of activities) {
    if (!isRun(a.sport) || a.distanceM === null) continue;
    const d = a.distanceM;
    const timeS = a.movingS ?? a.timerS;
    if (timeS === null || Number.isNaN(activityPaceMinPerKm(a))) continue;
    if (!prBinsKm.some((binKm) => d >= binKm * 1000 * (1 - prTolerance) && d <= binKm * 1000 * (1 + prTolerance))) continue;
    efforts.push({ kind: 'run', distanceM: d, timeS, activityId: a.id, localDate: a.localDate, name: a.name ?? null });
  }
  for (const r of rows ?? []) {
    if (!r.bestEffortsS || r.bestEffortsS.length !== effortTargetsM.length) continue;
    r.bestEffortsS.forEach((timeS, k) => {
      if (timeS !== null) efforts.push({ kind: 'best_effort', distanceM: effortTargetsM[k] as number, timeS, activityId: r.id, localDate: r.localDate, name: r.name });
    });
  }
  return efforts;
}

/**
 * predictRaces over predictionEfforts, with its source effort told apart (whole run or inside one);
 * `raceTargetsM` are the distances to predict (the standard four by default, a plan's races in the forecast).
 */
export function racePredictions(
  activities: readonly ActivityInput[],
  rows: readonly EffortRow[] | null,
  { asOf, recentDays = DEFAULTS.recentDays, raceTargetsM }: { asOf: string; recentDays?: number; raceTargetsM?: readonly number[] },
): PredictionSummary {
  const efforts = predictionEfforts(activities, rows);
  const { source, predictions } = predictRaces(efforts, { asOf, recentDays, ...(raceTargetsM ? { raceTargetsM } : {}) });
  const from = source
    ? efforts.find((e) => e.activityId === source.activityId && e.distanceM === source.distanceM && e.timeS === source.timeS && e.localDate === source.localDate)
    : undefined;
  return { recentDays, fromDate: addDays(asOf, -(recentDays - 1)), source: source && from ? { ...from, vdot: source.vdot } : null, predictions: from ? predictions : [] };
}

export const RECORDS_CSV_COLUMNS = [
  'kind', 'target_m', 'distance_m', 'time_s', 'pace_min_per_km', 'activity_id', 'local_date', 'method', 'source_distance_m', 'source_time_s', 'source_vdot',
] as const;

export type RecordsCsvRow = (string | number | null)[];

/**
 * One row per PR (kind pr), best effort (best_effort) and prediction (prediction, one per
 * method: riegel, vdot). A prediction's activity, date and source_* columns are its source
 * effort's; a VDOT time the solver could not reach is an empty cell.
 */
export function recordsCsvRows(
  prs: readonly { targetM: number; record: RecordRow | null }[],
  efforts: readonly { targetM: number; record: RecordRow | null }[],
  prediction: PredictionSummary,
): RecordsCsvRow[] {
  const out: RecordsCsvRow[] = [];
  const record = (kind: 'pr' | 'best_effort', r: RecordRow): RecordsCsvRow =>
    [kind, r.targetM, r.distanceM, r.timeS, r.paceMinPerKm, r.activityId, r.localDate, null, null, null, null];
  for (const { record: r } of prs) if (r) out.push(record('pr', r));
  for (const { record: r } of efforts) if (r) out.push(record('best_effort', r));
  const s = prediction.source;
  if (s) {
    for (const p of prediction.predictions) {
      for (const [method, timeS] of [['riegel', p.riegelS], ['vdot', p.vdotS]] as const) {
        out.push(['prediction', p.targetM, p.targetM, timeS, paceOf(timeS, p.targetM), s.activityId, s.localDate, method, s.distanceM, s.timeS, s.vdot]);
      }
    }
  }
  return out;
}
