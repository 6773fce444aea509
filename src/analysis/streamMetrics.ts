import { streamDecoupling } from './decoupling';
import { runGap } from './gap';
import { cumulativeDistanceM } from './pace';
import { DEFAULTS as LOAD, type LoadSource } from './load';
import { bestEfforts } from './records';
import { DEFAULTS as TIZ, type TimeInZone } from './timeInZone';
import type { HrZones, StreamInput } from './types';

/**
 * What the notebook needs from a stream, computed once when the stream is stored, so opening the
 * notebook reads a few numbers per activity instead of every sample of ten years (reload went
 * from 7.4 s to well under the 1.5 s target at 10 years; bench/last-results.md).
 *
 * Settings (zones, resting and max HR) change after ingest, so what depends on them is kept in a
 * settings-free form: the seconds spent at each whole bpm. Time in zone and Banister TRIMP are
 * sums over that histogram, exactly equal to the per-sample sums because FIT records heart rate
 * as whole bpm (uint8) and both sums weight a sample the same way: until the next sample, at most
 * maxGapS (30 s), the last sample 1 s (timeInZone.ts, load.ts).
 */

/** Bump when a derivation changes: rows of an older version are recomputed on next read. */
export const STREAM_METRICS_VERSION = 1;

export const DEFAULTS = {
  /** Points kept of a run's GPS path for drawing routes (every k-th, ends kept). */
  trackPoints: 300,
};

export interface HrSeconds {
  /** The bpm of secondsAt[0]. */
  fromBpm: number;
  /** Seconds at bpm fromBpm + i. */
  secondsAt: Float64Array;
}

export interface StreamMetrics {
  hr: HrSeconds | null;
  /** Per-second Pa:HR decoupling of a run (decoupling.ts); null when not computable or not a run. */
  decouplingPct: number | null;
  /** Grade-adjusted pace of a run (gap.ts); NaN when masked or unknown. */
  gapMinPerKm: number;
  /** Best-effort seconds per records.DEFAULTS.effortTargetsM (NaN where shorter); runs only. */
  bestEffortsS: Float64Array | null;
  /** A run's GPS path, thinned (Float32 is ~1 m: plenty for a drawing). */
  track: { lat: Float32Array; lon: Float32Array } | null;
}

/** Seconds at each whole bpm, each sample held until the next (≤ maxGapS), the last one lastSampleS. */
export function hrSeconds(
  tS: Float32Array,
  hr: Float32Array,
  { maxGapS = TIZ.maxGapS, lastSampleS = TIZ.lastSampleS } = {},
): HrSeconds | null {
  const n = Math.min(tS.length, hr.length);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const h = hr[i] as number;
    if (Number.isNaN(h)) continue;
    const b = Math.round(h);
    if (b < lo) lo = b;
    if (b > hi) hi = b;
  }
  if (lo > hi) return null;
  const secondsAt = new Float64Array(hi - lo + 1);
  for (let i = 0; i < n; i++) {
    const h = hr[i] as number;
    if (Number.isNaN(h)) continue;
    const dt = i + 1 < n ? Math.min((tS[i + 1] as number) - (tS[i] as number), maxGapS) : lastSampleS;
    if (!(dt > 0)) continue;
    const b = Math.round(h) - lo;
    secondsAt[b] = (secondsAt[b] as number) + dt;
  }
  return { fromBpm: lo, secondsAt };
}

/** timeInZoneFromStream from the histogram (same zone rule: each zone up to the next's low bound). */
export function tizFromHrSeconds({ fromBpm, secondsAt }: HrSeconds, zones: HrZones): TimeInZone {
  const tiz: TimeInZone = { source: 'stream', belowS: 0, zonesS: [0, 0, 0, 0, 0], aboveS: 0, totalS: 0 };
  const lows = zones.map((z) => z[0]);
  const top = zones[4][1];
  for (let i = 0; i < secondsAt.length; i++) {
    const s = secondsAt[i] as number;
    if (s === 0) continue;
    const h = fromBpm + i;
    if (h < (lows[0] as number)) tiz.belowS += s;
    else if (h > top) tiz.aboveS += s;
    else {
      let z = 0;
      while (z < 4 && h >= (lows[z + 1] as number)) z++;
      tiz.zonesS[z as 0 | 1 | 2 | 3 | 4] += s;
    }
    tiz.totalS += s;
  }
  return tiz;
}

/** banisterTrimp from the histogram: Σ seconds/60 · x · a · e^(b·x), x = clamp((bpm − rest)/(max − rest)). */
export function trimpFromHrSeconds(
  { fromBpm, secondsAt }: HrSeconds,
  { restingHr, maxHr }: { restingHr: number; maxHr: number },
  { trimpA = LOAD.trimpA, trimpB = LOAD.trimpB } = {},
): number {
  const reserve = maxHr - restingHr;
  if (!(reserve > 0)) return 0;
  let minutes = 0;
  for (let i = 0; i < secondsAt.length; i++) {
    const s = secondsAt[i] as number;
    if (s === 0) continue;
    const x = Math.min(1, Math.max(0, (fromBpm + i - restingHr) / reserve));
    minutes += (s / 60) * x * trimpA * Math.exp(trimpB * x);
  }
  return minutes;
}

/**
 * TRIMP estimated from a summary (metrics.md "Load"): the average HR held for the whole duration,
 * minutes · x̄ · a · e^(b·x̄). The weighting is convex, so a variable effort comes out a few percent
 * lower than its stream would give; null without a positive average HR and duration.
 */
export function trimpFromSummary(
  avgHr: number | null,
  durationS: number | null,
  { restingHr, maxHr }: { restingHr: number; maxHr: number },
  { trimpA = LOAD.trimpA, trimpB = LOAD.trimpB } = {},
): number | null {
  const reserve = maxHr - restingHr;
  if (avgHr === null || !(avgHr > 0) || durationS === null || !(durationS > 0) || !(reserve > 0)) return null;
  const x = Math.min(1, Math.max(0, (avgHr - restingHr) / reserve));
  return (durationS / 60) * x * trimpA * Math.exp(trimpB * x);
}

/**
 * An activity's load: Garmin's when present, else TRIMP from the stream's HR histogram, else
 * TRIMP estimated from the summary's average HR over the moving (else timer) time; 0 with
 * source 'none' when there is no HR at all.
 */
export function loadFromMetrics(
  trainingLoad: number | null,
  hr: HrSeconds | null,
  athlete: { restingHr: number; maxHr: number },
  summary: { avgHr: number | null; movingS: number | null; timerS: number | null } | null = null,
): { load: number; source: LoadSource } {
  if (trainingLoad !== null && Number.isFinite(trainingLoad) && trainingLoad >= 0) return { load: trainingLoad, source: 'garmin' };
  if (hr) return { load: trimpFromHrSeconds(hr, athlete), source: 'trimp' };
  const estimate = summary ? trimpFromSummary(summary.avgHr, summary.movingS ?? summary.timerS, athlete) : null;
  if (estimate !== null) return { load: estimate, source: 'trimp_summary' };
  return { load: 0, source: 'none' };
}

/** Every k-th valid GPS point (first and last kept), k chosen so at most maxPoints remain. */
export function thinTrack(lat: Float64Array, lon: Float64Array, maxPoints = DEFAULTS.trackPoints): { lat: Float32Array; lon: Float32Array } | null {
  const n = Math.min(lat.length, lon.length);
  const valid = (i: number) => Number.isFinite(lat[i]) && Number.isFinite(lon[i]);
  // Two passes over the samples instead of an array of every valid index (a run has thousands).
  let count = 0;
  let last = -1;
  for (let i = 0; i < n; i++) {
    if (!valid(i)) continue;
    count++;
    last = i;
  }
  if (count < 2) return null;
  const step = Math.max(1, Math.ceil(count / maxPoints));
  const kept = Math.ceil(count / step) + ((count - 1) % step === 0 ? 0 : 1);
  const outLat = new Float32Array(kept);
  const outLon = new Float32Array(kept);
  let k = 0;
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (!valid(i)) continue;
    if (k % step === 0 || i === last) {
      outLat[m] = lat[i] as number;
      outLon[m] = lon[i] as number;
      m++;
    }
    k++;
  }
  return { lat: outLat, lon: outLon };
}

export function streamMetrics(stream: StreamInput, { run }: { run: boolean }): StreamMetrics {
  // One cumulative distance for GAP and best efforts (one Float64Array a sample less to allocate).
  const cumulativeM = run ? cumulativeDistanceM(stream) : null;
  const efforts = run ? bestEfforts(stream, { cumulativeM }) : null;
  return {
    hr: stream.hr ? hrSeconds(stream.tS, stream.hr) : null,
    decouplingPct: run ? streamDecoupling(stream).decouplingPct : null,
    gapMinPerKm: run ? runGap(stream, { cumulativeM })?.gapMinPerKm ?? NaN : NaN,
    bestEffortsS: efforts ? efforts.timeS : null,
    track: run && stream.lat && stream.lon ? thinTrack(stream.lat, stream.lon) : null,
  };
}
