import { HRV_SLOTS, type BaseTypeName, type HrvIntervals, type RecordColumn } from './fitWriter';
import type { Rng } from './random';
import { ATHLETE, Wobble, type Samples } from './simulate';
import type { SportInfo } from './sports';

/**
 * What a current Forerunner/Fenix records beyond the classic channels, for the heavy export:
 * running power, running dynamics (from the wrist or an HRM-Pro), wrist temperature,
 * respiration, GPS accuracy, the undocumented fields Garmin writes on every record, and the
 * R-R intervals of every beat on runs (hrv messages). Derived from the simulated samples with
 * their own random stream, so the classic channels (and the summaries) stay what they were.
 * The noise is what makes these files compress like real ones (~2:1), not 10:1.
 */

export const DEFAULTS = {
  /** Running power ~ 1.04 J/kg/m on the flat (Stryd/Garmin running power), plus climbing. */
  runCostJPerKgM: 1.04,
  /**
   * Garmin's undocumented record fields (numbers absent from the FIT profile): a current watch
   * writes a dozen or more on every record (sensor status, stamina, wrist HR beside the strap,
   * counters), which is most of why its files run 300-700 KB an hour.
   */
  undocumented: [
    { num: 61, baseType: 'uint16' }, { num: 66, baseType: 'sint16' }, { num: 90, baseType: 'sint8' },
    { num: 107, baseType: 'uint8' }, { num: 113, baseType: 'uint16' }, { num: 121, baseType: 'uint32' },
    { num: 122, baseType: 'uint32' }, { num: 134, baseType: 'uint16' }, { num: 135, baseType: 'uint16' },
    { num: 136, baseType: 'uint8' }, { num: 137, baseType: 'uint8' }, { num: 138, baseType: 'uint8' },
    { num: 140, baseType: 'uint32' }, { num: 141, baseType: 'sint16' }, { num: 142, baseType: 'sint16' },
    { num: 143, baseType: 'uint8' }, { num: 144, baseType: 'uint32' }, { num: 145, baseType: 'sint32' },
  ] satisfies { num: number; baseType: BaseTypeName }[],
  /** Sea-level pressure (Pa) and the scale height (m) for the barometer channel. */
  seaLevelPa: 101_325,
  scaleHeightM: 8_400,
};

export interface ModernChannels {
  /** Extra record columns, after the classic ones. */
  columns: RecordColumn[];
  /** R-R intervals (runs only). */
  hrv: HrvIntervals | null;
}

/** Samples with running power added on runs (so laps and session carry it), and the extra channels. */
export function modernRecording(samples: Samples, sport: SportInfo, rng: Rng): { samples: Samples; channels: ModernChannels } | null {
  if (sport.fitSport !== 'running' && sport.fitSport !== 'cycling') return null;
  const run = sport.fitSport === 'running';
  const { n, tS, hr } = samples;
  const speed = samples.speed ?? new Float64Array(n);
  const power = samples.power ?? runningPowerW(samples, rng);
  const accumulated = new Float64Array(n);
  const temperature = new Int8Array(n);
  const respiration = new Float64Array(n);
  const tempWobble = new Wobble(rng, 0.999, 0.03);
  const respWobble = new Wobble(rng, 0.95, 0.4);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += power[i] ?? 0;
    accumulated[i] = sum;
    // The watch warms on the wrist over the first ~15 min.
    temperature[i] = Math.round(23 + 6 * (1 - Math.exp(-(tS[i] ?? 0) / 900)) + tempWobble.next());
    respiration[i] = Math.round(Math.max(8, 12 + 0.22 * ((hr[i] ?? 0) - ATHLETE.restHr) + respWobble.next()) * 100) / 100;
  }
  const columns: RecordColumn[] = [
    { name: 'temperature', values: temperature },
    { name: 'accumulatedPower', values: accumulated },
    { name: 'activityType', values: new Uint8Array(n).fill(run ? 1 : 2) },
    { name: 'enhancedRespirationRate', values: respiration },
  ];
  if (samples.lat) columns.push({ name: 'gpsAccuracy', values: wobbly(rng, n, 0.9, 0.5, (w) => Math.round(3 + Math.abs(w))) });
  columns.push(...barometer(samples, rng));
  if (run) columns.push(...runningDynamics(samples, speed, rng));
  columns.push(...undocumented(samples, rng));
  return {
    samples: samples.power ? samples : { ...samples, power },
    channels: { columns, hrv: run ? rrIntervals(samples, rng) : null },
  };
}

function wobbly(rng: Rng, n: number, phi: number, sd: number, f: (w: number, i: number) => number): Float64Array {
  const w = new Wobble(rng, phi, sd);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f(w.next(), i);
  return out;
}

/** Power from speed and climb rate (altitude is already at its 0.2 m FIT resolution). */
function runningPowerW(s: Samples, rng: Rng): Uint16Array {
  const out = new Uint16Array(s.n);
  const noise = new Wobble(rng, 0.8, 4);
  for (let i = 0; i < s.n; i++) {
    const v = s.speed?.[i] ?? 0;
    if (v < 0.3) continue;
    const dt = i > 0 ? Math.max(1, (s.tS[i] ?? 0) - (s.tS[i - 1] ?? 0)) : 1;
    const climbMps = s.altitude && i > 0 ? ((s.altitude[i] ?? 0) - (s.altitude[i - 1] ?? 0)) / dt : 0;
    const p = ATHLETE.weightKg * (DEFAULTS.runCostJPerKgM * v + 9.81 * 0.9 * Math.max(-0.3 * v, climbMps)) + noise.next();
    out[i] = Math.max(0, Math.round(p));
  }
  return out;
}

/** Barometric pressure, vertical speed and grade, as the watch's altimeter derives them. */
function barometer(s: Samples, rng: Rng): RecordColumn[] {
  const n = s.n;
  const pressure = new Float64Array(n);
  const vertical = new Float64Array(n);
  const grade = new Float64Array(n);
  const weather = new Wobble(rng, 0.9995, 0.8, rng.normal(0, 600));
  const noise = new Wobble(rng, 0.7, 1.5);
  for (let i = 0; i < n; i++) {
    const alt = s.altitude?.[i] ?? 0;
    pressure[i] = Math.round(DEFAULTS.seaLevelPa * Math.exp(-alt / DEFAULTS.scaleHeightM) + weather.next() + noise.next());
    if (i === 0 || !s.altitude) continue;
    const dt = Math.max(1, (s.tS[i] ?? 0) - (s.tS[i - 1] ?? 0));
    const dAlt = alt - (s.altitude[i - 1] ?? 0);
    const dDist = (s.distance?.[i] ?? 0) - (s.distance?.[i - 1] ?? 0);
    vertical[i] = Math.round((dAlt / dt) * 1000) / 1000;
    grade[i] = dDist > 0.5 ? Math.round(Math.max(-300, Math.min(300, (dAlt / dDist) * 100)) * 100) / 100 : 0;
  }
  return [
    { name: 'absolutePressure', values: pressure },
    { name: 'verticalSpeed', values: vertical },
    { name: 'grade', values: grade },
  ];
}

/** Vertical oscillation, ground contact time and its balance, step length, vertical ratio. */
function runningDynamics(s: Samples, speed: Float64Array, rng: Rng): RecordColumn[] {
  const n = s.n;
  const vo = new Float64Array(n);
  const gct = new Float64Array(n);
  const gctPct = new Float64Array(n);
  const balance = new Float64Array(n);
  const stepMm = new Float64Array(n);
  const ratio = new Float64Array(n);
  const fraction = new Float64Array(n);
  const voW = new Wobble(rng, 0.9, 0.8);
  const gctW = new Wobble(rng, 0.85, 3);
  const balW = new Wobble(rng, 0.9, 0.35);
  for (let i = 0; i < n; i++) {
    const v = speed[i] ?? 0;
    fraction[i] = Math.floor(rng.next() * 128) / 128;
    // Cadence in the FIT is strides/min of one leg; steps/min is twice that.
    const stepsPerMin = 2 * ((s.cadence?.[i] ?? 0) + (fraction[i] ?? 0));
    if (v < 0.5 || stepsPerMin < 20) continue;
    const stepMs = 60_000 / stepsPerMin;
    vo[i] = Math.round((78 + 4 * (v - 3) + voW.next()) * 10) / 10;
    gct[i] = Math.round(Math.min(stepMs * 0.95, 310 - 28 * v + gctW.next()) * 10) / 10;
    gctPct[i] = Math.round(((gct[i] ?? 0) / stepMs) * 100 * 100) / 100;
    balance[i] = Math.round((50.4 + balW.next()) * 100) / 100;
    stepMm[i] = Math.round(((v * 60_000) / stepsPerMin) * 10) / 10;
    ratio[i] = Math.round(((vo[i] ?? 0) / Math.max(1, stepMm[i] ?? 1)) * 100 * 100) / 100;
  }
  return [
    { name: 'fractionalCadence', values: fraction },
    { name: 'verticalOscillation', values: vo },
    { name: 'stanceTimePercent', values: gctPct },
    { name: 'stanceTime', values: gct },
    { name: 'stanceTimeBalance', values: balance },
    { name: 'stepLength', values: stepMm },
    { name: 'verticalRatio', values: ratio },
  ];
}

/** Plausible contents for the undocumented fields: wrist HR beside the strap, stamina, counters. */
function undocumented(s: Samples, rng: Rng): RecordColumn[] {
  const n = s.n;
  const endS = Math.max(1, s.tS[n - 1] ?? 1);
  const values: Record<number, (w: number, i: number) => number> = {
    61: (w, i) => Math.round(3_000 + 40 * w + i * 0.5) & 0xffff,
    66: (w) => Math.round(200 * w),
    90: (w, i) => ((s.tS[i] ?? 0) < 360 ? 0 : Math.round(Math.max(-20, Math.min(20, 2 + w)))),
    107: (w) => Math.round(Math.max(0, Math.min(254, 60 + 10 * w))),
    136: (w, i) => Math.round(Math.max(40, Math.min(220, (s.hr[i] ?? 0) + w))),
    137: (w, i) => Math.round(Math.max(0, 100 - 60 * ((s.tS[i] ?? 0) / endS) * 0.5 + w)),
    138: (w, i) => Math.round(Math.max(0, 100 - 60 * ((s.tS[i] ?? 0) / endS) + w)),
    143: (w) => Math.round(Math.max(0, Math.min(100, 55 + 5 * w))),
    113: (w, i) => Math.round(Math.max(0, 500 + 120 * w + 40 * Math.sin(i / 7))) & 0xffff,
    121: (w, i) => Math.round(1_000_000 + i * 37 + 900 * w) >>> 0,
    122: (w) => Math.round(0x40000 + 5_000 * Math.abs(w) + 997 * (w * 1e3 % 1)) >>> 0,
    134: (w, i) => Math.round(Math.max(0, 1_500 + 300 * w + ((s.hr[i] ?? 0) * 7) % 211)) & 0xffff,
    135: (w, i) => Math.round(Math.max(0, 8_000 + 900 * w - i)) & 0xffff,
    140: (w, i) => Math.round(i * 1_013 + 40_000 * Math.abs(w)) >>> 0,
    141: (w) => Math.round(Math.max(-32_000, Math.min(32_000, 2_000 * w))),
    142: (w, i) => Math.round(Math.max(-32_000, Math.min(32_000, 1_500 * w + 300 * Math.cos(i / 3)))),
    144: (w, i) => Math.round(2_000_000 + 10_000 * w + i * 3) >>> 0,
    145: (w) => Math.round(100_000 * w) | 0,
  };
  return DEFAULTS.undocumented.map(({ num, baseType }) => ({ num, baseType, values: wobbly(rng, n, 0.95, 1, values[num] as (w: number, i: number) => number) }));
}

/**
 * Every beat's R-R interval (s), slotted into the record of the second it falls in (5 slots),
 * with beat-to-beat variability that shrinks as HR rises (RMSSD ~40 ms at rest, ~5 ms hard).
 * Beats during a timer stop are not recorded.
 */
function rrIntervals(s: Samples, rng: Rng): HrvIntervals {
  const { n, tS, hr } = s;
  const timeS = new Float64Array(n * HRV_SLOTS).fill(NaN);
  let beat = tS[0] ?? 0;
  let k = 0;
  const endS = (tS[n - 1] ?? 0) + 1;
  while (beat < endS) {
    const bpm = Math.max(35, hr[k] ?? 60);
    const sd = 0.004 + 0.03 * Math.max(0, (130 - bpm) / 80);
    const rr = Math.max(0.25, (60 / bpm) * (1 + rng.normal(0, 1) * sd));
    beat += rr;
    while (k + 1 < n && (tS[k + 1] ?? 0) <= beat) k++;
    if (beat >= (tS[k] ?? 0) + 1) continue;
    for (let slot = 0; slot < HRV_SLOTS; slot++) {
      if (Number.isNaN(timeS[k * HRV_SLOTS + slot] ?? 0)) {
        timeS[k * HRV_SLOTS + slot] = Math.round(rr * 1000) / 1000;
        break;
      }
    }
  }
  return { timeS };
}
