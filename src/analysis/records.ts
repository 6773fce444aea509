import { activityPaceMinPerKm, cumulativeDistanceM, type PaceMaskOptions } from './pace';
import { isRun, type ActivityInput, type StreamInput } from './types';

/**
 * Personal records (openrun `personal_records`, metrics.md "Records and prediction"): the
 * fastest whole run near each race distance, and the best efforts hidden inside streams (the
 * fastest 1 km of a 10 k), found with two pointers over cumulative distance in linear time.
 */

export const DEFAULTS = {
  /** openrun `personal_records(distance_bins_km=(5, 10, 21.0975, 42.195, 50), tolerance=0.05)`. */
  prBinsKm: [5, 10, 21.0975, 42.195, 50] as readonly number[],
  prTolerance: 0.05,
  /** 400 m, 1 km, 1 mile, 5 km, 10 km, half marathon, marathon. */
  effortTargetsM: [400, 1000, 1609.344, 5000, 10000, 21097.5, 42195] as readonly number[],
};

export interface PersonalRecord {
  activityId: number;
  localDate: string;
  distanceM: number;
  paceMinPerKm: number;
}

/**
 * For each bin, among runs within ±tolerance of the bin distance, the one with the fastest pace
 * on moving time (masked paces never count). Ties go to the earlier run: it set the record.
 */
export function personalRecords(
  activities: readonly ActivityInput[],
  { prBinsKm = DEFAULTS.prBinsKm, prTolerance = DEFAULTS.prTolerance, ...paceOptions }: { prBinsKm?: readonly number[]; prTolerance?: number } & PaceMaskOptions = {},
): { binKm: number; record: PersonalRecord | null }[] {
  const runs = activities.filter((a) => isRun(a.sport) && a.distanceM !== null).sort((a, b) => a.startMs - b.startMs);
  const paces = runs.map((a) => activityPaceMinPerKm(a, paceOptions));
  return prBinsKm.map((binKm) => {
    const lo = binKm * 1000 * (1 - prTolerance);
    const hi = binKm * 1000 * (1 + prTolerance);
    let best: PersonalRecord | null = null;
    for (let i = 0; i < runs.length; i++) {
      const run = runs[i] as ActivityInput;
      const d = run.distanceM as number;
      const pace = paces[i] as number;
      if (d < lo || d > hi || Number.isNaN(pace)) continue;
      if (!best || pace < best.paceMinPerKm) best = { activityId: run.id, localDate: run.localDate, distanceM: d, paceMinPerKm: pace };
    }
    return { binKm, record: best };
  });
}

export interface StreamEfforts {
  targetsM: readonly number[];
  /** Shortest elapsed seconds covering each target; NaN when the run is shorter. */
  timeS: Float64Array;
  /** tS where that stretch starts (interpolated). */
  startS: Float64Array;
}

/**
 * Shortest elapsed time over any contiguous stretch of exactly targetM, with time linear in
 * distance between samples. A stretch ends on a sample and starts inside a segment, or starts on
 * a sample and ends inside one (the minimum of a piecewise-linear function sits on a breakpoint
 * of either end), so both are checked; the fractional overshoot is removed by interpolating the
 * time at the exact distance inside that segment, not by taking the whole sample step. One pass:
 * pointer `s` is the first start not yet covering targetM from end j.
 */
export function bestEffort(tS: Float32Array, distanceM: Float64Array, targetM: number): { timeS: number; startS: number } {
  const n = Math.min(tS.length, distanceM.length);
  let bestTime = NaN;
  let bestStart = NaN;
  if (n < 2 || !(targetM > 0) || (distanceM[n - 1] as number) - (distanceM[0] as number) < targetM) return { timeS: bestTime, startS: bestStart };
  let s = 0;
  for (let j = 1; j < n; j++) {
    const dj = distanceM[j] as number;
    const tj = tS[j] as number;
    // Starts first covered from end j: they start on sample s and end inside [j − 1, j].
    while (dj - (distanceM[s] as number) >= targetM) {
      const dPrev = distanceM[j - 1] as number;
      const tPrev = tS[j - 1] as number;
      const ds = distanceM[s] as number;
      const end = tPrev + ((tj - tPrev) * (ds + targetM - dPrev)) / (dj - dPrev);
      const time = end - (tS[s] as number);
      if (!(time >= bestTime)) { bestTime = time; bestStart = tS[s] as number; }
      s++;
    }
    // Ending on sample j: the start lies inside [s − 1, s] (d[j] − d[s−1] ≥ target > d[j] − d[s]).
    if (s > 0) {
      const i = s - 1;
      const di = distanceM[i] as number;
      const ti = tS[i] as number;
      const start = ti + (((tS[s] as number) - ti) * (dj - targetM - di)) / ((distanceM[s] as number) - di);
      const time = tj - start;
      if (!(time >= bestTime)) { bestTime = time; bestStart = start; }
    }
  }
  return { timeS: bestTime, startS: bestStart };
}

/** Best efforts of one run for every target; null without distance or speed. */
export function bestEfforts(
  stream: StreamInput,
  { effortTargetsM = DEFAULTS.effortTargetsM, cumulativeM }: { effortTargetsM?: readonly number[]; cumulativeM?: Float64Array | null } = {},
): StreamEfforts | null {
  // streamMetrics passes the cumulative distance it computed once for every metric.
  const dist = cumulativeM !== undefined ? cumulativeM : cumulativeDistanceM(stream);
  if (!dist) return null;
  const timeS = new Float64Array(effortTargetsM.length);
  const startS = new Float64Array(effortTargetsM.length);
  effortTargetsM.forEach((targetM, k) => {
    const e = bestEffort(stream.tS, dist, targetM);
    timeS[k] = e.timeS;
    startS[k] = e.startS;
  });
  return { targetsM: effortTargetsM, timeS, startS };
}

export interface BestEffort {
  targetM: number;
  timeS: number;
  startS: number;
  activityId: number;
  localDate: string;
}

/**
 * The best per target across runs, from each run's `bestEfforts` (computed once per run and
 * cached by the caller). Ties go to the earlier local date. All runs must share the targets.
 */
export function bestEffortsAcross(
  runs: readonly { activityId: number; localDate: string; efforts: StreamEfforts }[],
  { effortTargetsM = DEFAULTS.effortTargetsM } = {},
): { targetM: number; best: BestEffort | null }[] {
  return effortTargetsM.map((targetM, k) => {
    let best: BestEffort | null = null;
    for (const { activityId, localDate, efforts } of runs) {
      const timeS = efforts.timeS[k] as number;
      if (efforts.targetsM[k] !== targetM || Number.isNaN(timeS)) continue;
      if (!best || timeS < best.timeS || (timeS === best.timeS && localDate < best.localDate)) {
        best = { targetM, timeS, startS: efforts.startS[k] as number, activityId, localDate };
      }
    }
    return { targetM, best };
  });
}
