import { addDays } from './calendar';
import { DEFAULTS as EFFICIENCY, efficiencyTable, efficiencyTrend, type DistanceBucket, type EfficiencyTable } from './efficiency';
import type { ActivityInput } from './types';

/**
 * What the Efficiency cell shows and downloads, composed from efficiency.ts: one point per run
 * with an m/beat and its rolling median, the rolling median now and a year earlier, and the
 * distance-bucket × year table as a grid (buckets down, years across).
 */

export const DEFAULTS = {
  /** "A year earlier" = the latest run on or before today − 365 days. */
  yearAgoDays: 365,
};

export interface EfficiencyPoint {
  id: number;
  localDate: string;
  startMs: number;
  distanceM: number;
  timerS: number;
  avgHr: number;
  mPerBeat: number;
  rollingMedian: number;
  /** Runs in this point's window (fewer than rollingRuns at the start of the history). */
  windowRuns: number;
  /** The window holds rollingRuns runs: the median is the full one. */
  fullWindow: boolean;
}

export interface EfficiencyGridRow {
  bucket: DistanceBucket;
  /** One per year of `years`; null where the bucket had no run that year. */
  cells: ({ medianMPerBeat: number; runs: number } | null)[];
}

export interface EfficiencyGrid {
  years: number[];
  /** Buckets that hold at least one run, shortest first. */
  rows: EfficiencyGridRow[];
}

export interface EfficiencySummary {
  points: EfficiencyPoint[];
  /** The latest run on or before today, with the rolling median there. */
  current: EfficiencyPoint | null;
  /** The latest run on or before today − yearAgoDays. */
  yearAgo: EfficiencyPoint | null;
  grid: EfficiencyGrid;
}

export const EFFICIENCY_CSV_COLUMNS = [
  'id', 'local_date', 'distance_m', 'timer_s', 'avg_hr', 'm_per_beat', 'rolling_median_m_per_beat', 'window_runs',
] as const;

/** The trend's runs joined back to their summaries, in start order. */
export function efficiencyPoints(activities: readonly ActivityInput[], { rollingRuns = EFFICIENCY.rollingRuns } = {}): EfficiencyPoint[] {
  const trend = efficiencyTrend(activities, { rollingRuns });
  const byId = new Map(activities.map((a) => [a.id, a]));
  return trend.ids.map((id, i) => {
    // efficiencyTrend keeps only runs with distance, timer and HR, so these are numbers.
    const a = byId.get(id) as ActivityInput;
    const windowRuns = trend.windowRuns[i] as number;
    return {
      id,
      localDate: a.localDate,
      startMs: a.startMs,
      distanceM: a.distanceM as number,
      timerS: a.timerS as number,
      avgHr: a.avgHr as number,
      mPerBeat: trend.mPerBeat[i] as number,
      rollingMedian: trend.rollingMedian[i] as number,
      windowRuns,
      fullWindow: windowRuns >= rollingRuns,
    };
  });
}

/** Buckets down, years across, empty buckets left out. */
export function efficiencyGrid(table: EfficiencyTable): EfficiencyGrid {
  const rows: EfficiencyGridRow[] = [];
  table.buckets.forEach((bucket, b) => {
    const inBucket = table.cells.filter((c) => c.bucket === b);
    if (inBucket.length === 0) return;
    const cells = table.years.map((year) => {
      const c = inBucket.find((x) => x.year === year);
      return c ? { medianMPerBeat: c.medianMPerBeat, runs: c.runs } : null;
    });
    rows.push({ bucket, cells });
  });
  return { years: table.years, rows };
}

/** The latest point on or before date (points are in start order). */
function latestOnOrBefore(points: readonly EfficiencyPoint[], date: string): EfficiencyPoint | null {
  for (let i = points.length - 1; i >= 0; i--) {
    const p = points[i] as EfficiencyPoint;
    if (p.localDate <= date) return p;
  }
  return null;
}

export function efficiencySummary(
  activities: readonly ActivityInput[],
  {
    today,
    rollingRuns = EFFICIENCY.rollingRuns,
    bucketEdgesKm = EFFICIENCY.bucketEdgesKm,
    yearAgoDays = DEFAULTS.yearAgoDays,
  }: { today: string; rollingRuns?: number; bucketEdgesKm?: readonly number[]; yearAgoDays?: number },
): EfficiencySummary {
  const points = efficiencyPoints(activities, { rollingRuns });
  return {
    points,
    current: latestOnOrBefore(points, today),
    yearAgo: latestOnOrBefore(points, addDays(today, -yearAgoDays)),
    grid: efficiencyGrid(efficiencyTable(activities, { bucketEdgesKm })),
  };
}

export function efficiencyCsvRows(points: readonly EfficiencyPoint[]): (string | number)[][] {
  return points.map((p) => [p.id, p.localDate, p.distanceM, p.timerS, p.avgHr, p.mPerBeat, p.rollingMedian, p.windowRuns]);
}
