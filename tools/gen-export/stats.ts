import { ATHLETE, type Samples } from './simulate';
import type { SportInfo } from './sports';

/**
 * Session and lap totals from the recorded samples, in FIT units and resolutions, so the
 * FIT session, the laps and the summary JSON all carry the same numbers (the JSON is the FIT
 * value times Garmin's unit factor, garmin-export-format.md §3.1).
 */

export const KJ_PER_KCAL = 4.19002;
/** Gaps longer than this count as stopped for moving time (as src/ingest/fit.ts does). */
const MAX_GAP_S = 30;
const MOVING_SPEED_MPS = 0.5;

export interface Totals {
  elapsedS: number;
  timerS: number;
  movingS: number;
  /** Whole centimetres: FIT total_distance resolution. */
  distanceCm: number;
  avgSpeedMmps: number | null;
  maxSpeedMmps: number | null;
  avgHr: number;
  maxHr: number;
  minHr: number;
  ascentM: number | null;
  descentM: number | null;
  minAltM: number | null;
  maxAltM: number | null;
  /** Runs: strides/min (one leg) integer part + fraction in 1/128; rides: rpm. */
  avgCadence: number | null;
  avgFractionalCadence: number | null;
  maxCadence: number | null;
  totalCycles: number | null;
  avgPowerW: number | null;
  maxPowerW: number | null;
  normPowerW: number | null;
  kcal: number;
}

export interface LapTotals extends Totals {
  startS: number;
  endS: number;
  /** Record index range [from, to). */
  from: number;
  to: number;
  trigger: 'distance' | 'manual' | 'sessionEnd';
}

export interface ActivityTotals extends Totals {
  laps: LapTotals[];
  bmrKcal: number;
  /** Garmin-like training load, quantised to the FIT field's 1/65536 so JSON == FIT exactly. */
  trainingLoad: number;
  aerobicTe: number;
  anaerobicTe: number;
  vigorousMin: number;
  moderateMin: number;
}

function pausedWithin(s: Samples, a: number, b: number): number {
  let total = 0;
  for (const p of s.pauses) total += Math.max(0, Math.min(b, p.startS) - Math.max(a, p.stopS));
  return total;
}

/** Totals over records [from, to) spanning [startS, endS]. */
function totals(s: Samples, sport: SportInfo, from: number, to: number, startS: number, endS: number, lastDistIndex: number): Totals {
  const elapsedS = endS - startS;
  const timerS = elapsedS - pausedWithin(s, startS, endS);
  let hrSum = 0;
  let maxHr = 0;
  let minHr = 255;
  let movingS = 0;
  let maxSpeed = 0;
  let cadSum = 0;
  let cadN = 0;
  let maxCad = 0;
  let cycles = 0;
  let powSum = 0;
  let maxPow = 0;
  for (let i = from; i < to; i++) {
    const hr = s.hr[i] ?? 0;
    hrSum += hr;
    if (hr > maxHr) maxHr = hr;
    if (hr < minHr) minHr = hr;
    const dt = i + 1 < s.n ? Math.min((s.tS[i + 1] ?? 0) - (s.tS[i] ?? 0), MAX_GAP_S) : 0;
    const v = s.speed ? (s.speed[i] ?? 0) : 1;
    if (v >= MOVING_SPEED_MPS) movingS += dt;
    if (s.speed && v > maxSpeed) maxSpeed = v;
    if (s.cadence) {
      const c = s.cadence[i] ?? 0;
      if (c > 0) {
        cadSum += c;
        cadN++;
      }
      if (c > maxCad) maxCad = c;
      cycles += (c * dt) / 60;
    }
    if (s.power) {
      const p = s.power[i] ?? 0;
      powSum += p;
      if (p > maxPow) maxPow = p;
    }
  }
  const count = Math.max(1, to - from);
  const distM = s.distance ? (s.distance[lastDistIndex] ?? 0) - (s.distance[from] ?? 0) : 0;
  const distanceCm = Math.round(distM * 100);
  let avgCadence: number | null = null;
  let avgFractionalCadence: number | null = null;
  if (s.cadence && cadN > 0) {
    const mean = cadSum / cadN;
    if (sport.run) {
      // FIT splits running cadence into an integer and a 1/128 fraction (avg_fractional_cadence).
      let whole = Math.floor(mean);
      let frac = Math.round((mean - whole) * 128) / 128;
      if (frac >= 1) {
        whole += 1;
        frac = 0;
      }
      avgCadence = whole;
      avgFractionalCadence = frac;
    } else avgCadence = Math.round(mean);
  }
  const alt = altitudeTotals(s, from, to);
  return {
    elapsedS,
    timerS,
    movingS: s.speed ? movingS : timerS,
    distanceCm,
    avgSpeedMmps: s.speed && timerS > 0 ? Math.round((distanceCm / 100 / timerS) * 1000) : null,
    maxSpeedMmps: s.speed ? Math.round(maxSpeed * 1000) : null,
    avgHr: Math.round(hrSum / count),
    maxHr,
    minHr,
    ...alt,
    avgCadence,
    avgFractionalCadence,
    maxCadence: s.cadence ? maxCad : null,
    totalCycles: s.cadence ? Math.round(cycles) : null,
    avgPowerW: s.power ? Math.round(powSum / count) : null,
    maxPowerW: s.power ? maxPow : null,
    normPowerW: s.power ? normalizedPower(s, from, to) : null,
    kcal: calories(sport, distanceCm / 100, timerS, s.power ? powSum / count : 0),
  };
}

/** Ascent with a 2 m hysteresis, as watches do, so barometer noise does not count as climbing. */
function altitudeTotals(s: Samples, from: number, to: number): Pick<Totals, 'ascentM' | 'descentM' | 'minAltM' | 'maxAltM'> {
  if (!s.altitude || to <= from) return { ascentM: null, descentM: null, minAltM: null, maxAltM: null };
  let ref = s.altitude[from] ?? 0;
  let up = 0;
  let down = 0;
  let lo = ref;
  let hi = ref;
  for (let i = from; i < to; i++) {
    const a = s.altitude[i] ?? 0;
    if (a - ref >= 2) {
      up += a - ref;
      ref = a;
    } else if (ref - a >= 2) {
      down += ref - a;
      ref = a;
    }
    if (a < lo) lo = a;
    if (a > hi) hi = a;
  }
  return { ascentM: Math.round(up), descentM: Math.round(down), minAltM: lo, maxAltM: hi };
}

/** Coggan's normalised power: 4th-power mean of the 30 s rolling average. */
function normalizedPower(s: Samples, from: number, to: number): number {
  if (!s.power) return 0;
  const win = 30;
  let sum4 = 0;
  let n = 0;
  let acc = 0;
  const queue: number[] = [];
  for (let i = from; i < to; i++) {
    const p = s.power[i] ?? 0;
    queue.push(p);
    acc += p;
    const t0 = s.tS[i - queue.length + 1] ?? 0;
    while (queue.length > 1 && (s.tS[i] ?? 0) - t0 >= win) acc -= queue.shift() ?? 0;
    sum4 += (acc / queue.length) ** 4;
    n++;
  }
  return n > 0 ? Math.round((sum4 / n) ** 0.25) : 0;
}

function calories(sport: SportInfo, distM: number, timerS: number, avgPowerW: number): number {
  const min = timerS / 60;
  switch (sport.fitSport) {
    case 'running': return Math.round(ATHLETE.weightKg * (distM / 1000) * 1.02 + min * 0.8);
    // Work in kJ ~ kcal burned (~24 % efficiency cancels the 4.184 kJ/kcal).
    case 'cycling': return Math.round((avgPowerW * timerS) / 1000 * 1.03 + min * 0.9);
    case 'swimming': return Math.round(min * 9.2);
    default: return Math.round(min * 6.3);
  }
}

export function activityTotals(s: Samples, sport: SportInfo): ActivityTotals {
  const endS = s.tS[s.n - 1] ?? 0;
  const session = totals(s, sport, 0, s.n, 0, endS, s.n - 1);
  const laps = lapTotals(s, sport, endS);
  // TRIMP (Banister): minutes x HRR x 0.64 e^(1.92 HRR), scaled to Garmin-like load values.
  let trimp = 0;
  let vigorous = 0;
  let moderate = 0;
  let anaerobicS = 0;
  for (let i = 0; i + 1 < s.n; i++) {
    const dt = Math.min((s.tS[i + 1] ?? 0) - (s.tS[i] ?? 0), MAX_GAP_S);
    const hrr = Math.min(1, Math.max(0, ((s.hr[i] ?? 0) - ATHLETE.restHr) / (ATHLETE.maxHr - ATHLETE.restHr)));
    trimp += (dt / 60) * hrr * 0.64 * Math.exp(1.92 * hrr);
    if (hrr >= 0.7) vigorous += dt;
    else if (hrr >= 0.5) moderate += dt;
    if ((s.hr[i] ?? 0) >= 0.9 * ATHLETE.maxHr) anaerobicS += dt;
  }
  const load = Math.round(trimp * 0.9 * 65536) / 65536;
  return {
    ...session,
    laps,
    bmrKcal: Math.round((session.elapsedS / 60) * 1.15),
    trainingLoad: load,
    aerobicTe: Math.round(Math.min(5, 1 + 4 * (1 - Math.exp(-load / 120))) * 10) / 10,
    // Anaerobic benefit grows with time above 90 % of max HR (intervals, races).
    anaerobicTe: Math.round(Math.min(4.5, (anaerobicS / 60) * 0.2) * 10) / 10,
    vigorousMin: Math.round(vigorous / 60),
    moderateMin: Math.round(moderate / 60),
  };
}

/** Auto laps every autoLapM (the record where the distance crosses starts the next lap) or the athlete's lap presses. */
function lapTotals(s: Samples, sport: SportInfo, endS: number): LapTotals[] {
  const bounds: { index: number; trigger: LapTotals['trigger'] }[] = [];
  if (sport.autoLapM !== null && s.distance) {
    let next = sport.autoLapM;
    for (let i = 1; i < s.n - 1; i++) {
      if ((s.distance[i] ?? 0) >= next) {
        bounds.push({ index: i, trigger: 'distance' });
        while ((s.distance[i] ?? 0) >= next) next += sport.autoLapM;
      }
    }
  } else if (s.manualLapEndsS) {
    for (const end of s.manualLapEndsS.slice(0, -1)) {
      let i = 0;
      while (i < s.n && (s.tS[i] ?? 0) < end) i++;
      if (i > 0 && i < s.n - 1 && (bounds.length === 0 || (bounds[bounds.length - 1]?.index ?? 0) < i)) bounds.push({ index: i, trigger: 'manual' });
    }
  }
  const laps: LapTotals[] = [];
  let from = 0;
  for (let k = 0; k <= bounds.length; k++) {
    const b = bounds[k];
    const last = b === undefined;
    const to = last ? s.n : b.index;
    const startS = s.tS[from] ?? 0;
    const lapEndS = last ? endS : (s.tS[to] ?? 0);
    const trigger = last ? (s.manualLapEndsS ? 'manual' : 'sessionEnd') : b.trigger;
    laps.push({ ...totals(s, sport, from, to, startS, lapEndS, last ? s.n - 1 : to), startS, endS: lapEndS, from, to, trigger });
    from = to;
  }
  return laps;
}
