import type { LapInput, StreamInput } from './types';

/**
 * Pa:HR decoupling (Friel; openrun §3 "Decoupling", metrics.md "Per run"): how much speed per
 * heartbeat fell off between the first and second half of a run. Positive = cardiac drift,
 * negative = the second half was more efficient. Two resolutions: laps and the 1 Hz stream.
 */

export const DEFAULTS = {
  /** openrun `decoupling(splits, min_splits=6)`. */
  minLaps: 6,
  /** openrun `fit_decoupling`: warmup_min = 5, cooldown_min = 2, min_speed_mps = 0.5. */
  warmupS: 300,
  cooldownS: 120,
  minSpeedMps: 0.5,
  /** metrics.md: the per-second method needs ≥ 600 kept samples (10 min at 1 Hz). */
  minSamples: 600,
  /** Chunks for the chart; the headline number always compares halves. */
  segments: 2,
  /** Friel: < 5 % aerobically developed, 5–10 % sustainable, > 10 % unsustainable. */
  developedBelowPct: 5,
  sustainableUpToPct: 10,
  /**
   * "Long steady run" for the trend across runs: no source defines it, so fitbook takes Friel's
   * aerobic-endurance test (a steady run of at least an hour) and leaves out interval sessions
   * (compliance.ts's series detection), whose drift says nothing about aerobic endurance.
   */
  longSteadyMinS: 3600,
};

/** A run that counts in the decoupling trend (DEFAULTS.longSteadyMinS); `series` = an interval session. */
export function isLongSteadyRun(
  r: { movingS: number | null; timerS: number | null; series: boolean; decouplingPct: number | null },
  { longSteadyMinS = DEFAULTS.longSteadyMinS } = {},
): boolean {
  const s = r.movingS ?? r.timerS;
  return r.decouplingPct !== null && !r.series && s !== null && s >= longSteadyMinS;
}

export type FrielVerdict = 'aerobically_developed' | 'sustainable' | 'unsustainable';

export interface DecouplingSegment {
  /** Stream: tS of the first and last kept sample. Laps: timer seconds from the first kept lap. */
  startS: number;
  endS: number;
  /** Kept samples, or laps, in the segment. */
  count: number;
  meanSpeedMps: number;
  meanHr: number;
  /** meanSpeedMps / meanHr: metres per second per bpm. */
  efficiency: number;
  /** (eff₁ / this segment's efficiency − 1) × 100; 0 for the first segment. */
  decouplingPct: number;
}

export type DecouplingMethod = 'laps' | 'stream';

export type Decoupling =
  | { method: DecouplingMethod; decouplingPct: number; verdict: FrielVerdict; segments: DecouplingSegment[]; reason: null }
  | { method: DecouplingMethod; decouplingPct: null; verdict: null; segments: []; reason: string };

/**
 * Friel's bands on the signed value: a negative decoupling (second half more efficient) is below
 * 5 % too; 5 and 10 exactly are "sustainable" (the bands read < 5, 5–10, > 10).
 */
export function frielVerdict(
  decouplingPct: number,
  { developedBelowPct = DEFAULTS.developedBelowPct, sustainableUpToPct = DEFAULTS.sustainableUpToPct } = {},
): FrielVerdict {
  if (decouplingPct < developedBelowPct) return 'aerobically_developed';
  if (decouplingPct <= sustainableUpToPct) return 'sustainable';
  return 'unsustainable';
}

/** (eff₁ / eff₂ − 1) × 100 (Friel; openrun §3). */
export function decouplingPct(firstEfficiency: number, laterEfficiency: number): number {
  return (firstEfficiency / laterEfficiency - 1) * 100;
}

function missing(method: DecouplingMethod, reason: string): Decoupling {
  return { method, decouplingPct: null, verdict: null, segments: [], reason };
}

/**
 * Per lap (openrun `decoupling(splits, min_splits=6)`): laps without a positive duration (timer,
 * else elapsed), HR and speed (average, else distance / duration) are left out first, then
 * ≥ minLaps must remain. Halves by lap count: the first ⌊n/2⌋ laps and the rest (an odd middle
 * lap goes to the second half, as Python's `splits[:n//2]`, `splits[n//2:]`). Each half:
 * duration-weighted mean speed / duration-weighted mean HR.
 */
export function lapDecoupling(laps: readonly LapInput[], { minLaps = DEFAULTS.minLaps } = {}): Decoupling {
  const duration: number[] = [];
  const speed: number[] = [];
  const hr: number[] = [];
  for (const lap of laps) {
    const d = lap.timerS ?? lap.elapsedS;
    if (d === null || !(d > 0) || lap.avgHr === null || !(lap.avgHr > 0)) continue;
    const v = lap.avgSpeedMps ?? (lap.distanceM !== null ? lap.distanceM / d : NaN);
    if (!(v >= 0)) continue;
    duration.push(d);
    speed.push(v);
    hr.push(lap.avgHr);
  }
  const n = duration.length;
  if (n < minLaps) return missing('laps', `${n} laps with duration, speed and heart rate (need ${minLaps})`);
  const half = Math.floor(n / 2);
  const segments: DecouplingSegment[] = [];
  let clock = 0;
  for (const [from, to] of [[0, half], [half, n]] as const) {
    let sumD = 0;
    let sumV = 0;
    let sumH = 0;
    for (let i = from; i < to; i++) {
      const d = duration[i] as number;
      sumD += d;
      sumV += (speed[i] as number) * d;
      sumH += (hr[i] as number) * d;
    }
    const meanSpeedMps = sumV / sumD;
    const meanHr = sumH / sumD;
    segments.push({ startS: clock, endS: clock + sumD, count: to - from, meanSpeedMps, meanHr, efficiency: meanSpeedMps / meanHr, decouplingPct: 0 });
    clock += sumD;
  }
  return finish('laps', segments, segments);
}

function finish(method: DecouplingMethod, halves: DecouplingSegment[], segments: DecouplingSegment[]): Decoupling {
  const first = (segments[0] as DecouplingSegment).efficiency;
  for (const s of segments) s.decouplingPct = decouplingPct(first, s.efficiency);
  const pct = decouplingPct((halves[0] as DecouplingSegment).efficiency, (halves[1] as DecouplingSegment).efficiency);
  if (!Number.isFinite(pct)) return missing(method, 'no speed in the second half');
  return { method, decouplingPct: pct, verdict: frielVerdict(pct), segments, reason: null };
}

export interface StreamDecouplingOptions {
  warmupS?: number;
  cooldownS?: number;
  minSpeedMps?: number;
  minSamples?: number;
  segments?: number;
}

/**
 * Per second (openrun `fit_decoupling`): keep samples with warmupS ≤ tS ≤ end − cooldownS (end =
 * the last sample's tS), speed ≥ minSpeedMps and a positive HR. "N equal-time chunks" of moving
 * time are N chunks of equal kept-sample count (at 1 Hz each kept sample is one moving second):
 * chunk k holds kept samples ⌊k·m/N⌋ … ⌊(k+1)·m/N⌋ − 1. Efficiency = plain mean speed / mean HR.
 * The headline compares the halves; `segments` (N) only shapes the chart's chunks.
 */
export function streamDecoupling(
  stream: StreamInput,
  {
    warmupS = DEFAULTS.warmupS,
    cooldownS = DEFAULTS.cooldownS,
    minSpeedMps = DEFAULTS.minSpeedMps,
    minSamples = DEFAULTS.minSamples,
    segments = DEFAULTS.segments,
  }: StreamDecouplingOptions = {},
): Decoupling {
  const { tS, hr, speedMps } = stream;
  if (!hr) return missing('stream', 'no heart-rate stream');
  if (!speedMps) return missing('stream', 'no speed stream');
  const n = Math.min(tS.length, hr.length, speedMps.length);
  if (n === 0) return missing('stream', 'empty stream');
  const from = warmupS;
  const to = (tS[n - 1] as number) - cooldownS;
  const kept = new Int32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const t = tS[i] as number;
    if (t >= from && t <= to && (speedMps[i] as number) >= minSpeedMps && (hr[i] as number) > 0) kept[m++] = i;
  }
  if (m < minSamples) {
    return missing('stream', `${m} samples after dropping the first ${warmupS} s, the last ${cooldownS} s, stops and samples without heart rate (need ${minSamples})`);
  }
  const chunks = Math.max(2, Math.floor(segments));
  const halves = chunkStats(tS, hr, speedMps, kept.subarray(0, m), 2);
  return finish('stream', halves, chunks === 2 ? halves : chunkStats(tS, hr, speedMps, kept.subarray(0, m), chunks));
}

/** Chunk k holds kept samples ⌊k·m/N⌋ … ⌊(k+1)·m/N⌋ − 1 (empty chunks, when m < N, are left out). */
function chunkStats(tS: Float32Array, hr: Float32Array, speedMps: Float32Array, kept: Int32Array, chunks: number): DecouplingSegment[] {
  const m = kept.length;
  const out: DecouplingSegment[] = [];
  for (let c = 0; c < chunks; c++) {
    const from = Math.floor((c * m) / chunks);
    const to = Math.floor(((c + 1) * m) / chunks);
    if (to <= from) continue;
    let sumV = 0;
    let sumH = 0;
    for (let k = from; k < to; k++) {
      const i = kept[k] as number;
      sumV += speedMps[i] as number;
      sumH += hr[i] as number;
    }
    const count = to - from;
    const meanSpeedMps = sumV / count;
    const meanHr = sumH / count;
    out.push({
      startS: tS[kept[from] as number] as number,
      endS: tS[kept[to - 1] as number] as number,
      count,
      meanSpeedMps,
      meanHr,
      efficiency: meanSpeedMps / meanHr,
      decouplingPct: 0,
    });
  }
  return out;
}

/** A run's decoupling: per second from its stream when that gives one, else from its laps. */
export function runDecoupling(stream: StreamInput | null, laps: readonly LapInput[], options: StreamDecouplingOptions = {}): Decoupling {
  const fromStream = stream ? streamDecoupling(stream, options) : null;
  return fromStream && fromStream.decouplingPct !== null ? fromStream : lapDecoupling(laps);
}
