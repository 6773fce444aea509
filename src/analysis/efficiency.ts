import { isRun, type ActivityInput } from './types';

/**
 * Aerobic efficiency in metres per heartbeat (openrun §3 "m/beat", metrics.md "Per run"): per
 * run, its rolling median over the last 30 runs, and a distance-bucket × year table so that
 * years are compared within a tight distance range (terrain and intent dominate otherwise).
 */

export const DEFAULTS = {
  /** openrun: a 30-run rolling median. */
  rollingRuns: 30,
  /**
   * Bucket edges in km, lower bound inclusive: <4, 4–8, 8–12, 12–18, 18–25, 25–35, 35+.
   * Chosen so each race distance (5 k, 10 k, half, marathon) sits inside a bucket, not on an
   * edge where GPS noise (±1–2 %) would split the same race between two cells.
   */
  bucketEdgesKm: [4, 8, 12, 18, 25, 35] as readonly number[],
};

/** openrun §3: m_per_beat = distance_m / (timer_s × avg_hr / 60); NaN when any input is missing. */
export function metresPerBeat(distanceM: number | null, timerS: number | null, avgHr: number | null): number {
  if (distanceM === null || timerS === null || avgHr === null) return NaN;
  if (!(distanceM > 0 && timerS > 0 && avgHr > 0)) return NaN;
  return distanceM / ((timerS * avgHr) / 60);
}

export interface EfficiencyTrend {
  /** The runs with an m/beat, in start order. */
  ids: number[];
  startMs: Float64Array;
  mPerBeat: Float64Array;
  /** Median of this run and up to rollingRuns − 1 before it. */
  rollingMedian: Float64Array;
  /**
   * Runs in each window: shorter than rollingRuns at the start, where the median is over every
   * run so far (the first value is the first run's own m/beat); a chart can fade those points.
   */
  windowRuns: Int32Array;
}

/** Runs (metrics.md "Run") with distance, timer time and average HR, sorted by start time. */
function efficiencyRuns(activities: readonly ActivityInput[]): { run: ActivityInput; mPerBeat: number }[] {
  const out: { run: ActivityInput; mPerBeat: number }[] = [];
  for (const run of activities) {
    if (!isRun(run.sport)) continue;
    const mPerBeat = metresPerBeat(run.distanceM, run.timerS, run.avgHr);
    if (Number.isFinite(mPerBeat)) out.push({ run, mPerBeat });
  }
  return out.sort((a, b) => a.run.startMs - b.run.startMs || a.run.id - b.run.id);
}

/** openrun's 30-run rolling median of m/beat, by start time (runs without HR are left out). */
export function efficiencyTrend(activities: readonly ActivityInput[], { rollingRuns = DEFAULTS.rollingRuns } = {}): EfficiencyTrend {
  const runs = efficiencyRuns(activities);
  const n = runs.length;
  const mPerBeat = new Float64Array(n);
  const startMs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = runs[i] as { run: ActivityInput; mPerBeat: number };
    mPerBeat[i] = r.mPerBeat;
    startMs[i] = r.run.startMs;
  }
  const rollingMedian = new Float64Array(n);
  const windowRuns = new Int32Array(n);
  const scratch = new Float64Array(Math.max(1, rollingRuns));
  for (let i = 0; i < n; i++) {
    const from = Math.max(0, i - rollingRuns + 1);
    const w = scratch.subarray(0, i - from + 1);
    w.set(mPerBeat.subarray(from, i + 1));
    rollingMedian[i] = medianInPlace(w);
    windowRuns[i] = w.length;
  }
  return { ids: runs.map((r) => r.run.id), startMs, mPerBeat, rollingMedian, windowRuns };
}

export interface DistanceBucket {
  label: string;
  fromKm: number;
  /** Exclusive; Infinity for the last bucket. */
  toKm: number;
}

export interface EfficiencyCell {
  bucket: number;
  year: number;
  medianMPerBeat: number;
  runs: number;
}

export interface EfficiencyTable {
  buckets: DistanceBucket[];
  years: number[];
  /** Only the cells that hold at least one run. */
  cells: EfficiencyCell[];
}

export function distanceBuckets(edgesKm: readonly number[] = DEFAULTS.bucketEdgesKm): DistanceBucket[] {
  const bounds = [0, ...edgesKm, Infinity];
  const out: DistanceBucket[] = [];
  for (let b = 0; b + 1 < bounds.length; b++) {
    const fromKm = bounds[b] as number;
    const toKm = bounds[b + 1] as number;
    const label = fromKm === 0 ? `<${toKm} km` : toKm === Infinity ? `${fromKm}+ km` : `${fromKm}–${toKm} km`;
    out.push({ label, fromKm, toKm });
  }
  return out;
}

/** Index of the bucket holding distanceKm (lower bound inclusive). */
export function bucketOf(distanceKm: number, edgesKm: readonly number[] = DEFAULTS.bucketEdgesKm): number {
  let b = 0;
  while (b < edgesKm.length && distanceKm >= (edgesKm[b] as number)) b++;
  return b;
}

/** Median m/beat and run count per distance bucket × calendar year of the local start date. */
export function efficiencyTable(activities: readonly ActivityInput[], { bucketEdgesKm = DEFAULTS.bucketEdgesKm } = {}): EfficiencyTable {
  const groups = new Map<string, { bucket: number; year: number; values: number[] }>();
  for (const { run, mPerBeat } of efficiencyRuns(activities)) {
    const bucket = bucketOf((run.distanceM as number) / 1000, bucketEdgesKm);
    const year = Number(run.localDate.slice(0, 4));
    const key = `${bucket}:${year}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { bucket, year, values: [] }));
    g.values.push(mPerBeat);
  }
  const cells = [...groups.values()]
    .map((g) => ({ bucket: g.bucket, year: g.year, medianMPerBeat: medianInPlace(Float64Array.from(g.values)), runs: g.values.length }))
    .sort((a, b) => a.bucket - b.bucket || a.year - b.year);
  const years = [...new Set(cells.map((c) => c.year))].sort((a, b) => a - b);
  return { buckets: distanceBuckets(bucketEdgesKm), years, cells };
}

/** Median (mean of the two middle values for an even count); sorts its argument. NaN when empty. */
export function medianInPlace(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return NaN;
  values.sort();
  const mid = n >> 1;
  return n % 2 === 1 ? (values[mid] as number) : ((values[mid - 1] as number) + (values[mid] as number)) / 2;
}
