import { cumulativeDistanceM, DEFAULTS as PACE_DEFAULTS, maskPace, movingTimeS, type PaceMaskOptions } from './pace';
import type { StreamInput } from './types';

/**
 * Grade-adjusted pace (metrics.md "Per run"): the flat-ground speed with the same energy cost
 * per second as the speed actually run on the slope, from Minetti et al. 2002's cost of running,
 * so a hill session compares with a flat one.
 */

export const DEFAULTS = {
  /** Minetti's fit holds for grades −0.45…+0.45 (the range of the treadmill measurements). */
  maxGrade: 0.45,
  /**
   * Grade = least-squares slope of altitude on distance over the samples within ±half this
   * window of each sample (a first-order Savitzky–Golay derivative: smoothing and differencing
   * in one step, robust to the 0.1–0.5 m noise of barometric altitude that an end-to-end
   * difference would divide by a few metres).
   */
  gradeWindowM: 50,
  /** metrics.md: grade from altitude over ≥ 10 m of distance; a shorter span gives no grade. */
  minGradeSpanM: 10,
  maxGapS: 30,
};

/** Minetti et al. 2002, J Appl Physiol 93:1039: C(i) = 155.4i⁵ − 30.4i⁴ − 43.3i³ + 46.3i² + 19.5i + 3.6 J·kg⁻¹·m⁻¹. */
export function minettiCost(grade: number, { maxGrade = DEFAULTS.maxGrade } = {}): number {
  const i = Math.max(-maxGrade, Math.min(maxGrade, grade));
  return ((((155.4 * i - 30.4) * i - 43.3) * i + 46.3) * i + 19.5) * i + 3.6;
}

/** C(i) / C(0): how many flat metres one metre at this grade costs. 1 for an unknown (NaN) grade. */
export function gradeCostFactor(grade: number, options: { maxGrade?: number } = {}): number {
  if (Number.isNaN(grade)) return 1;
  return minettiCost(grade, options) / 3.6;
}

/**
 * Smoothed grade per sample (fraction, not clamped), NaN where unknown: no altitude in the
 * window, or the valid samples in it span less than minGradeSpanM. The window slides on
 * cumulative distance with two pointers and running sums, linear time.
 */
export function gradeFromAltitude(
  distanceM: Float64Array,
  altitudeM: Float32Array,
  { gradeWindowM = DEFAULTS.gradeWindowM, minGradeSpanM = DEFAULTS.minGradeSpanM } = {},
): Float32Array {
  const n = Math.min(distanceM.length, altitudeM.length);
  const grade = new Float32Array(n).fill(NaN);
  const half = gradeWindowM / 2;
  // Least-squares sums over the valid samples in [lo, hi), x = distance from the first sample.
  // Added and removed over a whole run, Float64's rounding stays under 0.1 m² even at 100 km,
  // against an Sxx of ~10³ m² for a 50 m window: no need to recompute the sums.
  const x0 = n > 0 ? (distanceM[0] as number) : 0;
  let lo = 0;
  let hi = 0;
  let count = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const di = distanceM[i] as number;
    while (hi < n && (distanceM[hi] as number) <= di + half) {
      const y = altitudeM[hi] as number;
      if (!Number.isNaN(y)) {
        const x = (distanceM[hi] as number) - x0;
        count++; sx += x; sy += y; sxx += x * x; sxy += x * y;
      }
      hi++;
    }
    while ((distanceM[lo] as number) < di - half) {
      const y = altitudeM[lo] as number;
      if (!Number.isNaN(y)) {
        const x = (distanceM[lo] as number) - x0;
        count--; sx -= x; sy -= y; sxx -= x * x; sxy -= x * y;
      }
      lo++;
    }
    if (count < 2) continue;
    const varX = sxx - (sx * sx) / count;
    // The span of the valid samples in the window, found from its ends (few steps: the ends are
    // valid unless altitude has gaps).
    let a = lo;
    while (a < hi && Number.isNaN(altitudeM[a])) a++;
    let b = hi - 1;
    while (b > a && Number.isNaN(altitudeM[b])) b--;
    if ((distanceM[b] as number) - (distanceM[a] as number) < minGradeSpanM || !(varX > 0)) continue;
    grade[i] = (sxy - (sx * sy) / count) / varX;
  }
  return grade;
}

export interface GapOptions extends PaceMaskOptions {
  gradeWindowM?: number;
  minGradeSpanM?: number;
  maxGrade?: number;
  maxGapS?: number;
}

/** Per-sample GAP speed = speed × C(i)/C(0) (metrics.md); speed unchanged where the grade is unknown. */
export function gapSpeed(speedMps: Float32Array, grade: Float32Array, { maxGrade = DEFAULTS.maxGrade }: GapOptions = {}): Float32Array {
  const out = new Float32Array(speedMps.length);
  for (let i = 0; i < speedMps.length; i++) out[i] = (speedMps[i] as number) * gradeCostFactor(grade[i] as number, { maxGrade });
  return out;
}

export interface RunGap {
  /** Smoothed grade per sample (fraction, NaN where unknown). */
  grade: Float32Array;
  distanceM: number;
  /** Σ C(i)/C(0) × Δd: the flat distance with the same energy cost. */
  flatEquivalentM: number;
  /** Distance-weighted mean of C(i)/C(0); 1 on the flat or without altitude. */
  costFactor: number;
  movingS: number;
  paceMinPerKm: number;
  /** Moving time over the flat-equivalent distance, masked like pace. */
  gapMinPerKm: number;
}

/**
 * Whole-run GAP: each distance increment Δd between samples i and i+1 is weighted by the cost
 * factor at sample i (the value holds until the next sample, as elsewhere); GAP pace = moving
 * time / flat-equivalent distance = pace / distance-weighted mean factor. Null without distance
 * or speed. Samples without altitude count as flat (a treadmill run's GAP is its pace).
 */
export function runGap(stream: StreamInput, options: GapOptions & { cumulativeM?: Float64Array | null } = {}): RunGap | null {
  const { maxGapS = DEFAULTS.maxGapS, maxGrade = DEFAULTS.maxGrade } = options;
  // streamMetrics passes the cumulative distance it computed once for every metric.
  const dist = options.cumulativeM !== undefined ? options.cumulativeM : cumulativeDistanceM(stream, { maxGapS });
  if (!dist) return null;
  const n = dist.length;
  const grade = stream.altitudeM ? gradeFromAltitude(dist, stream.altitudeM, options) : new Float32Array(n).fill(NaN);
  let flat = 0;
  for (let i = 0; i + 1 < n; i++) {
    const dd = (dist[i + 1] as number) - (dist[i] as number);
    if (dd > 0) flat += dd * gradeCostFactor(grade[i] as number, { maxGrade });
  }
  const distanceM = n > 0 ? (dist[n - 1] as number) - (dist[0] as number) : 0;
  const movingS = stream.speedMps ? movingTimeS(stream.tS, stream.speedMps, { maxGapS }) : movingFromDistanceS(stream.tS, dist, maxGapS);
  const pace = distanceM > 0 && movingS > 0 ? movingS / 60 / (distanceM / 1000) : NaN;
  const gap = flat > 0 && movingS > 0 ? movingS / 60 / (flat / 1000) : NaN;
  return {
    grade,
    distanceM,
    flatEquivalentM: flat,
    costFactor: distanceM > 0 ? flat / distanceM : 1,
    movingS,
    paceMinPerKm: maskPace(pace, options),
    gapMinPerKm: maskPace(gap, options),
  };
}

/** Without a speed stream, the speed of each interval is Δd/Δt (same moving rule as pace.ts). */
function movingFromDistanceS(tS: Float32Array, dist: Float64Array, maxGapS: number): number {
  let moving = 0;
  for (let i = 0; i + 1 < dist.length; i++) {
    const dt = (tS[i + 1] as number) - (tS[i] as number);
    if (dt > 0 && ((dist[i + 1] as number) - (dist[i] as number)) / dt >= PACE_DEFAULTS.movingSpeedMps) moving += Math.min(dt, maxGapS);
  }
  return moving;
}
