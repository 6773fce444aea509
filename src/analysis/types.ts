/**
 * Inputs of the analysis functions: plain data, as the cells read it from the database
 * (docs/schema.md). SI units; dates are the athlete's local civil dates 'YYYY-MM-DD'.
 */

/** One activity's summary (a row of `activities`). */
export interface ActivityInput {
  id: number;
  sport: string;
  name?: string | null;
  /** Local calendar day of the start. */
  localDate: string;
  startMs: number;
  distanceM: number | null;
  elapsedS: number | null;
  timerS: number | null;
  movingS: number | null;
  ascentM: number | null;
  avgHr: number | null;
  maxHr: number | null;
  /** Garmin's training load when the source had one. */
  trainingLoad: number | null;
  startLat?: number | null;
  startLon?: number | null;
  /** The athlete excluded it from load (a commute, a broken strap): it counts with load 0. */
  excludedFromLoad?: boolean;
}

/** A recorded stream (a row of `samples`); NaN = not recorded at that sample. */
export interface StreamInput {
  tS: Float32Array;
  hr: Float32Array | null;
  speedMps: Float32Array | null;
  distanceM: Float32Array | null;
  lat: Float64Array | null;
  lon: Float64Array | null;
  altitudeM: Float32Array | null;
}

/** One lap (a row of `laps`). */
export interface LapInput {
  timerS: number | null;
  elapsedS: number | null;
  distanceM: number | null;
  avgHr: number | null;
  avgSpeedMps: number | null;
}

/**
 * Heart-rate zones as inclusive integer bounds [low, high] for Z1..Z5 (metrics.md
 * "Conventions"); HR below Z1's low bound is in no zone, above Z5's high bound counts as Z5's
 * ceiling exceeded (reported separately where it matters).
 */
/** The distance unit the athlete reads (settings): kilometres or statute miles. */
export type Units = 'km' | 'mi';
export const METRES_PER_MILE = 1609.344;

export type HrZones = readonly [readonly [number, number], readonly [number, number], readonly [number, number], readonly [number, number], readonly [number, number]];

/** openrun's default zones, replaced by the user's or the export's heartRateZones.json. */
export const DEFAULT_HR_ZONES: HrZones = [[100, 120], [121, 140], [141, 160], [161, 180], [181, 200]];

/** metrics.md "Conventions": what counts as a run and as a gym session. */
export const RUN_SPORTS: ReadonlySet<string> = new Set([
  'running', 'trail_running', 'treadmill_running', 'track_running', 'street_running', 'indoor_running', 'virtual_run', 'ultra_run',
]);
export const GYM_SPORTS: ReadonlySet<string> = new Set(['strength_training', 'indoor_cardio']);

export function isRun(sport: string): boolean {
  return RUN_SPORTS.has(sport);
}
