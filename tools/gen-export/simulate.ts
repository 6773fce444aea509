import { RACE_DISTANCE_M, type PlannedSession, type RaceKind } from './plan';
import type { Rng } from './random';
import type { Route } from './routes';

/**
 * Second-by-second physiology and movement for one session, as a watch would record it.
 * Runs: pace from the session's structure, HR following intensity through a first-order lag
 * plus cardiac drift (long runs at constant pace show HR rising over time), cadence from speed.
 * Trail: pace and HR follow the grade. Rides: speed solved from power on the route's grades.
 * Swims: sets with rests in a 25 m pool. Strength: HR bursts, no movement.
 */

export const ATHLETE = { maxHr: 188, restHr: 48, weightKg: 70, ftpW: 250, poolLengthM: 25 };

export interface Samples {
  n: number;
  /** Seconds since the start; gaps where the timer was stopped. */
  tS: Int32Array;
  hr: Uint8Array;
  speed: Float64Array | null;
  distance: Float64Array | null;
  altitude: Float64Array | null;
  lat: Int32Array | null;
  lon: Int32Array | null;
  cadence: Uint8Array | null;
  power: Uint16Array | null;
  /** Timer stops: no records in [stopS, startS). */
  pauses: { stopS: number; startS: number }[];
  /** Lap ends (s since start) the athlete pressed; null = auto laps by distance. */
  manualLapEndsS: number[] | null;
}

/** Working buffers at 1 Hz before the recording interval thins them out. */
class Raw {
  readonly recorded: Uint8Array;
  readonly hr: Float64Array;
  readonly speed: Float64Array;
  readonly distance: Float64Array;
  readonly altitude: Float64Array;
  readonly noiseX: Float64Array;
  readonly noiseY: Float64Array;
  readonly cadence: Float64Array;
  readonly power: Float64Array;
  n = 0;

  constructor(readonly capacity: number) {
    this.recorded = new Uint8Array(capacity);
    this.hr = new Float64Array(capacity);
    this.speed = new Float64Array(capacity);
    this.distance = new Float64Array(capacity);
    this.altitude = new Float64Array(capacity);
    this.noiseX = new Float64Array(capacity);
    this.noiseY = new Float64Array(capacity);
    this.cadence = new Float64Array(capacity);
    this.power = new Float64Array(capacity);
  }
}

/** A smooth random walk (AR(1)): GPS wander, pace wobble, HR noise (and the modern channels, modernWatch.ts). */
export class Wobble {
  private value: number;
  constructor(private readonly rng: Rng, private readonly phi: number, private readonly sd: number, start = 0) {
    this.value = start;
  }
  next(): number {
    this.value = this.phi * this.value + this.rng.normal(0, this.sd);
    return this.value;
  }
}

/** HR as a first-order response to its target: faster up than down, as real HR is. */
class HeartRate {
  hr: number;
  constructor(start: number) {
    this.hr = start;
  }
  step(target: number): number {
    const tau = target > this.hr ? 22 : 38;
    this.hr += (target - this.hr) * (1 - Math.exp(-1 / tau));
    return this.hr;
  }
}

function hrFromFraction(frac: number): number {
  return ATHLETE.restHr + frac * (ATHLETE.maxHr - ATHLETE.restHr);
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

export interface SimContext {
  rng: Rng;
  route: Route | null;
  recordIntervalS: number;
  /** Summer heat adds cardiac drift. */
  summer: boolean;
}

export function simulate(s: PlannedSession, ctx: SimContext): Samples {
  switch (s.kind) {
    case 'ride': return simulateRide(s, ctx);
    case 'swim': return simulateSwim(s, ctx);
    case 'strength': return simulateStrength(s, ctx);
    default: return simulateRun(s, ctx);
  }
}

const RACE_INTENSITY: Record<RaceKind, number> = { '5k': 1.42, '10k': 1.34, half: 1.24, marathon: 1.13 };

/** Relative pace (x easy pace) over the session, by workout structure. */
function runStructure(s: PlannedSession, rng: Rng): (t: number) => number {
  const d = s.durationS;
  switch (s.kind) {
    case 'recovery': return () => 0.93;
    case 'long': return () => 0.97;
    case 'tempo': {
      const warm = 12 * 60;
      const main = Math.max(10 * 60, d - 22 * 60);
      return (t) => (t < warm ? 1 : t < warm + main ? 1.2 : 0.95);
    }
    case 'intervals': {
      const warm = 15 * 60;
      const reps = clamp(Math.floor((d - 25 * 60) / 300), 3, 8);
      const work = rng.pick([180, 180, 240]);
      const rest = 300 - work + 60;
      return (t) => {
        if (t < warm) return 1;
        const k = Math.floor((t - warm) / (work + rest));
        if (k >= reps) return 0.95;
        return (t - warm) % (work + rest) < work ? 1.42 : 0.78;
      };
    }
    case 'race': {
      const r = RACE_INTENSITY[s.race ?? '10k'];
      return () => r;
    }
    default: return () => 1;
  }
}

function simulateRun(s: PlannedSession, ctx: SimContext): Samples {
  const { rng, route } = ctx;
  const vEasy = 2.72 + 0.42 * s.fitness + rng.normal(0, 0.04);
  const treadmill = s.kind === 'treadmill';
  const trail = s.kind === 'trail';
  const raceDist = s.kind === 'race' ? RACE_DISTANCE_M[s.race ?? '10k'] : null;
  const structure = runStructure(s, rng);
  const driftBpmPerH = (s.kind === 'long' || trail ? 7 : s.kind === 'race' ? 5 : 2.5) + (ctx.summer ? 3 : 0);
  const capacity = raceDist !== null ? Math.ceil(raceDist / (vEasy * 0.8)) + 600 : s.durationS + 1;
  const raw = new Raw(capacity);
  const hr = new HeartRate(rng.uniform(82, 96));
  const hrOffset = rng.normal(0, 2.5);
  const hrNoise = new Wobble(rng, 0.9, 0.5);
  const paceWobble = new Wobble(rng, 0.97, 0.006);
  const gpsX = new Wobble(rng, 0.985, 0.22, rng.normal(0, 4));
  const gpsY = new Wobble(rng, 0.985, 0.22, rng.normal(0, 4));
  const baro = new Wobble(rng, 0.998, 0.015);
  const cadWobble = new Wobble(rng, 0.8, 0.5);
  // A traffic light or a shoelace: one timer stop on some outdoor runs.
  const pause = !treadmill && s.kind !== 'race' && rng.chance(0.35)
    ? { at: Math.round(s.durationS * rng.uniform(0.3, 0.8)), len: rng.int(15, 75) }
    : null;
  // Treadmills run at set speeds in 0.1 km/h steps.
  const treadmillSpeed = Math.round(vEasy * 36) / 36;
  let dist = 0;
  let v = 0;
  let moving = 0;
  for (let t = 0; t < capacity; t++) {
    const paused = pause !== null && t >= pause.at && t < pause.at + pause.len;
    const grade = route ? route.gradeAt(dist) : 0;
    let rel = structure(moving);
    let target: number;
    if (treadmill) target = treadmillSpeed * (1 + 0.002 * paceWobble.next());
    else {
      if (trail) rel *= grade > 0 ? Math.exp(-6 * grade) : 1 + 1.5 * Math.min(-grade, 0.08);
      target = vEasy * rel * (1 + paceWobble.next());
    }
    // Accelerate over the first ~15 s and after a stop.
    v = paused ? 0 : v + (target - v) * (v < target * 0.9 ? 0.18 : 0.5);
    let effort: number;
    if (paused) effort = 0.3;
    else if (trail) effort = clamp(0.66 + 2.2 * grade, 0.55, 0.93);
    else effort = clamp(0.62 + 0.75 * (structure(moving) - 1), 0.4, 0.97);
    const hrTarget = hrFromFraction(effort) + hrOffset + (driftBpmPerH * t) / 3600;
    raw.hr[t] = clamp(hr.step(hrTarget) + hrNoise.next(), 60, ATHLETE.maxHr + 1);
    raw.speed[t] = v;
    // A race ends on the line: the last record sits exactly at the race distance.
    raw.distance[t] = raceDist !== null ? Math.min(dist, raceDist) : dist;
    raw.recorded[t] = paused ? 0 : 1;
    raw.noiseX[t] = gpsX.next();
    raw.noiseY[t] = gpsY.next();
    raw.altitude[t] = route ? route.altitudeAt(dist) + baro.next() : 0;
    // Strides per minute (one leg); a power-hike on steep trail drops it to walking cadence.
    raw.cadence[t] = paused ? 0 : v < 1.7 ? 54 + 4 * v + cadWobble.next() : 68 + 5.5 * v + cadWobble.next();
    raw.n = t + 1;
    if (raceDist !== null ? dist >= raceDist : t + 1 >= s.durationS) break;
    dist += v;
    if (!paused) moving++;
  }
  const pauses = pause ? [{ stopS: pause.at, startS: pause.at + pause.len }] : [];
  return finish(raw, ctx, {
    gps: !treadmill && route !== null,
    altitude: !treadmill && route !== null,
    speed: true,
    cadence: true,
    power: false,
    pauses,
    manualLapEndsS: null,
  });
}

function simulateRide(s: PlannedSession, ctx: SimContext): Samples {
  const { rng, route } = ctx;
  const raw = new Raw(s.durationS + 1);
  const hr = new HeartRate(rng.uniform(80, 92));
  const hrOffset = rng.normal(0, 3);
  const hrNoise = new Wobble(rng, 0.9, 0.5);
  const powerWobble = new Wobble(rng, 0.95, 0.04);
  const gpsX = new Wobble(rng, 0.985, 0.22, rng.normal(0, 4));
  const gpsY = new Wobble(rng, 0.985, 0.22, rng.normal(0, 4));
  const baro = new Wobble(rng, 0.998, 0.015);
  const intensity = rng.uniform(0.56, 0.68);
  const stop = rng.chance(0.5) ? { at: Math.round(s.durationS * rng.uniform(0.2, 0.7)), len: rng.int(20, 60) } : null;
  const aero = 0.5 * 1.2 * 0.36;
  const mg = (ATHLETE.weightKg + 9) * 9.81;
  let dist = 0;
  let v = 0;
  let pSmooth = 0;
  for (let t = 0; t < s.durationS; t++) {
    const paused = stop !== null && t >= stop.at && t < stop.at + stop.len;
    const grade = route ? route.gradeAt(dist) : 0;
    const coasting = grade < -0.035;
    const p = paused || coasting ? 0 : ATHLETE.ftpW * intensity * (1 + powerWobble.next()) * (grade > 0.03 ? 1.25 : 1);
    // Steady-state speed for this power: aero*v^3 + mg*(crr + grade)*v = p (Newton steps).
    const b = mg * (0.005 + grade);
    let target = Math.max(v, 5);
    for (let k = 0; k < 4; k++) target -= (aero * target ** 3 + b * target - p) / (3 * aero * target ** 2 + b);
    target = clamp(Number.isFinite(target) ? target : 8, 2, 16.5);
    v = paused ? 0 : v + (target - v) * 0.15;
    pSmooth += (p - pSmooth) / 45;
    const hrTarget = paused ? hrFromFraction(0.3) : hrFromFraction(0.3 + 0.55 * (pSmooth / ATHLETE.ftpW)) + hrOffset + (3 * t) / 3600;
    raw.hr[t] = clamp(hr.step(hrTarget) + hrNoise.next(), 60, ATHLETE.maxHr);
    raw.speed[t] = v;
    raw.distance[t] = dist;
    raw.recorded[t] = paused ? 0 : 1;
    raw.noiseX[t] = gpsX.next();
    raw.noiseY[t] = gpsY.next();
    raw.altitude[t] = route ? route.altitudeAt(dist) + baro.next() : 0;
    raw.power[t] = Math.max(0, p);
    raw.cadence[t] = p > 0 ? 86 + 6 * (p / ATHLETE.ftpW - 0.68) + rng.normal(0, 1.2) : 0;
    raw.n = t + 1;
    dist += v;
  }
  return finish(raw, ctx, {
    gps: route !== null, altitude: route !== null, speed: true, cadence: true, power: true,
    pauses: stop ? [{ stopS: stop.at, startS: stop.at + stop.len }] : [], manualLapEndsS: null,
  });
}

function simulateSwim(s: PlannedSession, ctx: SimContext): Samples {
  const { rng } = ctx;
  const mainReps = clamp(Math.round((8 * s.durationS) / 2700), 4, 10);
  const sets: { distM: number; speed: number; restS: number }[] = [
    { distM: 300, speed: 0.8, restS: 30 },
    ...Array.from({ length: mainReps }, () => ({ distM: 100, speed: 0.95, restS: 20 })),
    ...Array.from({ length: 4 }, () => ({ distM: 200, speed: 0.88, restS: 25 })),
    { distM: 200, speed: 0.78, restS: 0 },
  ];
  const swimS = sets.reduce((a, set) => a + Math.round(set.distM / set.speed) + set.restS, 0);
  const raw = new Raw(swimS + 1);
  const hr = new HeartRate(rng.uniform(80, 95));
  const hrNoise = new Wobble(rng, 0.9, 0.8);
  const lapEnds: number[] = [];
  let t = 0;
  let dist = 0;
  for (const set of sets) {
    const secs = Math.round(set.distM / set.speed);
    const v = set.distM / secs;
    for (let k = 0; k < secs; k++, t++) {
      raw.hr[t] = clamp(hr.step(hrFromFraction(0.5 + 1.1 * (v - 0.78))) + hrNoise.next(), 60, ATHLETE.maxHr);
      raw.speed[t] = v;
      raw.distance[t] = dist + k * v;
      raw.recorded[t] = 1;
    }
    dist += set.distM;
    for (let k = 0; k < set.restS; k++, t++) {
      raw.hr[t] = clamp(hr.step(hrFromFraction(0.35)) + hrNoise.next(), 60, ATHLETE.maxHr);
      raw.speed[t] = 0;
      raw.distance[t] = dist;
      raw.recorded[t] = 1;
    }
    lapEnds.push(t);
  }
  // The final record sits at the wall after the last length.
  raw.hr[t] = raw.hr[t - 1] ?? 100;
  raw.distance[t] = dist;
  raw.recorded[t] = 1;
  raw.n = t + 1;
  lapEnds[lapEnds.length - 1] = t;
  return finish(raw, ctx, { gps: false, altitude: false, speed: true, cadence: false, power: false, pauses: [], manualLapEndsS: lapEnds });
}

function simulateStrength(s: PlannedSession, ctx: SimContext): Samples {
  const { rng } = ctx;
  const raw = new Raw(s.durationS + 1);
  const hr = new HeartRate(rng.uniform(78, 90));
  const hrNoise = new Wobble(rng, 0.9, 0.7);
  const work = rng.int(35, 50);
  const cycle = work + rng.int(70, 100);
  const peak = rng.uniform(0.55, 0.68);
  for (let t = 0; t < s.durationS; t++) {
    const lifting = t > 300 && t % cycle < work;
    raw.hr[t] = clamp(hr.step(hrFromFraction(lifting ? peak : 0.32)) + hrNoise.next(), 55, ATHLETE.maxHr);
    raw.recorded[t] = 1;
    raw.n = t + 1;
  }
  return finish(raw, ctx, { gps: false, altitude: false, speed: false, cadence: false, power: false, pauses: [], manualLapEndsS: null });
}

interface Channels {
  gps: boolean;
  altitude: boolean;
  speed: boolean;
  cadence: boolean;
  power: boolean;
  pauses: { stopS: number; startS: number }[];
  manualLapEndsS: number[] | null;
}

/**
 * Thins the 1 Hz buffers to the recording interval (always keeping the first record after a
 * stop and the last one) and quantises each channel to its FIT resolution, so every total
 * computed later from these arrays is exactly what a reader of the FIT file will compute.
 */
function finish(raw: Raw, ctx: SimContext, ch: Channels): Samples {
  const every = ctx.recordIntervalS;
  const keep: number[] = [];
  let sinceKept = every;
  for (let i = 0; i < raw.n; i++) {
    if (!raw.recorded[i]) {
      sinceKept = every;
      continue;
    }
    if (sinceKept >= every || i === raw.n - 1) {
      keep.push(i);
      sinceKept = 0;
    }
    sinceKept++;
  }
  const n = keep.length;
  const tS = new Int32Array(n);
  const hr = new Uint8Array(n);
  const speed = ch.speed ? new Float64Array(n) : null;
  const distance = ch.speed ? new Float64Array(n) : null;
  const altitude = ch.altitude ? new Float64Array(n) : null;
  const cadence = ch.cadence ? new Uint8Array(n) : null;
  const power = ch.power ? new Uint16Array(n) : null;
  const noiseX = new Float64Array(n);
  const noiseY = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = keep[k] ?? 0;
    tS[k] = i;
    hr[k] = Math.round(raw.hr[i] ?? 0);
    // FIT resolutions: speed mm/s, distance cm, altitude 0.2 m.
    if (speed) speed[k] = Math.round((raw.speed[i] ?? 0) * 1000) / 1000;
    if (distance) distance[k] = Math.round((raw.distance[i] ?? 0) * 100) / 100;
    if (altitude) altitude[k] = Math.round((raw.altitude[i] ?? 0) * 5) / 5;
    if (cadence) cadence[k] = Math.max(0, Math.round(raw.cadence[i] ?? 0));
    if (power) power[k] = Math.round(raw.power[i] ?? 0);
    noiseX[k] = raw.noiseX[i] ?? 0;
    noiseY[k] = raw.noiseY[i] ?? 0;
  }
  let lat: Int32Array | null = null;
  let lon: Int32Array | null = null;
  if (ch.gps && ctx.route && distance) {
    lat = new Int32Array(n);
    lon = new Int32Array(n);
    ctx.route.positions(distance, noiseX, noiseY, lat, lon);
  }
  return { n, tS, hr, speed, distance, altitude, lat, lon, cadence, power, pauses: ch.pauses, manualLapEndsS: ch.manualLapEndsS };
}
