import type { ActivityInput, StreamInput } from './types';

/**
 * Pace of a run and of each sample (metrics.md "Per run", openrun §3 "Pace"), plus the two
 * stream quantities every per-run metric builds on: moving time and a clean cumulative distance.
 * Implausible paces are masked to NaN, never dropped, so outputs keep the length of the inputs.
 */

export const DEFAULTS = {
  /** Faster than this is masked: below world-record marathon pace (openrun §3). */
  minPaceMinPerKm: 3,
  /** Slower than this is masked: walking with stops (openrun §3). */
  maxPaceMinPerKm: 30,
  /** A sample counts as moving at or above this speed (metrics.md "Moving time"). */
  movingSpeedMps: 0.5,
  /** A gap between samples counts at most this long (a paused recording), as in the ingest. */
  maxGapS: 30,
};

export interface PaceMaskOptions {
  minPaceMinPerKm?: number;
  maxPaceMinPerKm?: number;
}

/** NaN outside [min, max] min/km (bounds kept: "below 3:00 or above 30:00" is masked). */
export function maskPace(
  paceMinPerKm: number,
  { minPaceMinPerKm = DEFAULTS.minPaceMinPerKm, maxPaceMinPerKm = DEFAULTS.maxPaceMinPerKm }: PaceMaskOptions = {},
): number {
  return paceMinPerKm >= minPaceMinPerKm && paceMinPerKm <= maxPaceMinPerKm ? paceMinPerKm : NaN;
}

/** openrun §3: pace_min_per_km = (moving_duration_s / 60) / (distance_m / 1000), masked. */
export function paceMinPerKm(movingS: number | null, distanceM: number | null, options: PaceMaskOptions = {}): number {
  if (movingS === null || distanceM === null || !(distanceM > 0) || !(movingS > 0)) return NaN;
  return maskPace(movingS / 60 / (distanceM / 1000), options);
}

/**
 * A run's pace on moving time; a summary without moving time falls back to the timer time
 * (what Garmin shows as the activity's time), which can only make the pace slower.
 */
export function activityPaceMinPerKm(activity: ActivityInput, options: PaceMaskOptions = {}): number {
  return paceMinPerKm(activity.movingS ?? activity.timerS, activity.distanceM, options);
}

/** Pace per activity, same order and length as the input (masked entries are NaN). */
export function activityPaces(activities: readonly ActivityInput[], options: PaceMaskOptions = {}): Float64Array {
  const out = new Float64Array(activities.length);
  for (let i = 0; i < activities.length; i++) out[i] = activityPaceMinPerKm(activities[i] as ActivityInput, options);
  return out;
}

/** Masks every entry of a pace column; same length out as in. */
export function maskPaces(paces: ArrayLike<number>, options: PaceMaskOptions = {}): Float64Array {
  const out = new Float64Array(paces.length);
  for (let i = 0; i < paces.length; i++) out[i] = maskPace(paces[i] as number, options);
  return out;
}

/** Per-sample pace from a speed stream: 1000 / 60 / v min/km, masked (v = 0 gives NaN). */
export function paceFromSpeed(
  speedMps: Float32Array,
  { minPaceMinPerKm = DEFAULTS.minPaceMinPerKm, maxPaceMinPerKm = DEFAULTS.maxPaceMinPerKm }: PaceMaskOptions = {},
): Float32Array {
  const out = new Float32Array(speedMps.length);
  for (let i = 0; i < speedMps.length; i++) {
    const pace = 1000 / 60 / (speedMps[i] as number);
    out[i] = pace >= minPaceMinPerKm && pace <= maxPaceMinPerKm ? pace : NaN;
  }
  return out;
}

/**
 * Seconds with speed ≥ 0.5 m/s: each sample's speed holds until the next sample, the interval
 * capped at maxGapS; the last sample adds nothing. Same rule as the ingest's stored moving time.
 */
export function movingTimeS(
  tS: Float32Array,
  speedMps: Float32Array,
  { movingSpeedMps = DEFAULTS.movingSpeedMps, maxGapS = DEFAULTS.maxGapS } = {},
): number {
  let moving = 0;
  const n = Math.min(tS.length, speedMps.length);
  for (let i = 0; i + 1 < n; i++) {
    if ((speedMps[i] as number) >= movingSpeedMps) {
      const dt = (tS[i + 1] as number) - (tS[i] as number);
      if (dt > 0) moving += Math.min(dt, maxGapS);
    }
  }
  return moving;
}

/**
 * Cumulative distance per sample, non-decreasing and without NaN, so two-pointer scans and
 * distance windows can trust it: the recorded distance with gaps carried forward (0 before the
 * first value, a backwards glitch held flat), or, without a distance stream, speed integrated
 * over the capped intervals. Null when the stream has neither.
 */
export function cumulativeDistanceM(stream: StreamInput, { maxGapS = DEFAULTS.maxGapS } = {}): Float64Array | null {
  const n = stream.tS.length;
  const out = new Float64Array(n);
  const dist = stream.distanceM;
  if (dist && hasFinite(dist)) {
    let last = 0;
    for (let i = 0; i < n; i++) {
      const d = dist[i] as number;
      if (d > last) last = d; // NaN compares false: carried forward
      out[i] = last;
    }
    return out;
  }
  const speed = stream.speedMps;
  if (speed && hasFinite(speed)) {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      out[i] = sum;
      if (i + 1 < n) {
        const v = speed[i] as number;
        const dt = Math.min((stream.tS[i + 1] as number) - (stream.tS[i] as number), maxGapS);
        if (v > 0 && dt > 0) sum += v * dt;
      }
    }
    return out;
  }
  return null;
}

function hasFinite(a: Float32Array): boolean {
  for (let i = 0; i < a.length; i++) if (Number.isFinite(a[i])) return true;
  return false;
}
