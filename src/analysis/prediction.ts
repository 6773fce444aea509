import { addDays } from './calendar';

/**
 * Race-time prediction (metrics.md "Records and prediction"): Riegel's power law and Daniels &
 * Gilbert's VDOT, from a recent best effort to 5 k, 10 k, half and marathon.
 */

export const DEFAULTS = {
  /** Riegel 1981, "Athletic records and human endurance": T₂ = T₁ · (D₂/D₁)^1.06. */
  riegelExponent: 1.06,
  raceTargetsM: [5000, 10000, 21097.5, 42195] as readonly number[],
  /** Daniels' tables start at 1500 m; shorter efforts are anaerobic enough to overpredict. */
  minSourceM: 1500,
  /** "Recent": the last 90 local days (about one training block) ending on `asOf`. */
  recentDays: 90,
  /** The VDOT solver stops when the bracket is narrower than this (metrics.md asks < 0.5 s). */
  solveToleranceS: 0.01,
  /** Solver bracket as speeds: 3 km/h (walking) to 60 km/h, far outside any running result. */
  solveMinSpeedMPerMin: 50,
  solveMaxSpeedMPerMin: 1000,
};

/** Riegel: T₂ = T₁ · (D₂/D₁)^k, k = 1.06 unless configured. */
export function riegelTimeS(timeS: number, distanceM: number, targetM: number, { riegelExponent = DEFAULTS.riegelExponent } = {}): number {
  return timeS * Math.pow(targetM / distanceM, riegelExponent);
}

/** Daniels & Gilbert 1979: oxygen cost of running at v m/min, VO₂ = −4.60 + 0.182258v + 0.000104v². */
export function vo2AtSpeed(speedMPerMin: number): number {
  return -4.6 + 0.182258 * speedMPerMin + 0.000104 * speedMPerMin * speedMPerMin;
}

/** Daniels & Gilbert 1979: fraction of VO₂max sustainable for t min, 0.8 + 0.1894393e^(−0.012778t) + 0.2989558e^(−0.1932605t). */
export function fractionOfVo2Max(timeMin: number): number {
  return 0.8 + 0.1894393 * Math.exp(-0.012778 * timeMin) + 0.2989558 * Math.exp(-0.1932605 * timeMin);
}

/** VDOT = VO₂(v) / %max(t), v = distance / time in m/min, t in min (Daniels–Gilbert). */
export function vdot(distanceM: number, timeS: number): number {
  const timeMin = timeS / 60;
  return vo2AtSpeed(distanceM / timeMin) / fractionOfVo2Max(timeMin);
}

/**
 * The time over distanceM with the same VDOT, by bisection on time: for a fixed distance VDOT
 * falls as time grows over the whole bracket (a faster run is a better one). NaN when the VDOT
 * lies outside what the bracket's speeds give.
 */
export function vdotTimeS(
  targetVdot: number,
  distanceM: number,
  {
    solveToleranceS = DEFAULTS.solveToleranceS,
    solveMinSpeedMPerMin = DEFAULTS.solveMinSpeedMPerMin,
    solveMaxSpeedMPerMin = DEFAULTS.solveMaxSpeedMPerMin,
  } = {},
): number {
  let fast = (distanceM / solveMaxSpeedMPerMin) * 60;
  let slow = (distanceM / solveMinSpeedMPerMin) * 60;
  if (!(distanceM > 0) || !(targetVdot <= vdot(distanceM, fast) && targetVdot >= vdot(distanceM, slow))) return NaN;
  while (slow - fast > solveToleranceS) {
    const mid = (fast + slow) / 2;
    if (vdot(distanceM, mid) > targetVdot) fast = mid;
    else slow = mid;
  }
  return (fast + slow) / 2;
}

export interface EffortInput {
  distanceM: number;
  timeS: number;
  activityId: number;
  localDate: string;
}

export interface RacePrediction {
  targetM: number;
  riegelS: number;
  vdotS: number;
}

export interface RacePredictions {
  /** The effort both methods predict from: the recent one with the highest VDOT. */
  source: (EffortInput & { vdot: number }) | null;
  predictions: RacePrediction[];
}

/**
 * Predictions for each race distance from one source effort, the same for both methods so they
 * can be compared: among efforts of at least minSourceM within the recentDays ending on asOf
 * (all of them without asOf), the one with the highest VDOT (Daniels: predict from your best
 * recent performance); ties go to the longer effort, whose extrapolation is shorter.
 */
export function predictRaces(
  efforts: readonly EffortInput[],
  {
    asOf,
    recentDays = DEFAULTS.recentDays,
    minSourceM = DEFAULTS.minSourceM,
    raceTargetsM = DEFAULTS.raceTargetsM,
    riegelExponent = DEFAULTS.riegelExponent,
  }: { asOf?: string; recentDays?: number; minSourceM?: number; raceTargetsM?: readonly number[]; riegelExponent?: number } = {},
): RacePredictions {
  const fromDate = asOf === undefined ? null : addDays(asOf, -(recentDays - 1));
  let source: (EffortInput & { vdot: number }) | null = null;
  for (const e of efforts) {
    if (!(e.distanceM >= minSourceM) || !(e.timeS > 0)) continue;
    if (asOf !== undefined && fromDate !== null && (e.localDate < fromDate || e.localDate > asOf)) continue;
    const v = vdot(e.distanceM, e.timeS);
    if (!Number.isFinite(v)) continue;
    if (!source || v > source.vdot || (v === source.vdot && e.distanceM > source.distanceM)) source = { ...e, vdot: v };
  }
  const from = source;
  const predictions = from
    ? raceTargetsM.map((targetM) => ({
      targetM,
      riegelS: riegelTimeS(from.timeS, from.distanceM, targetM, { riegelExponent }),
      vdotS: vdotTimeS(from.vdot, targetM),
    }))
    : [];
  return { source, predictions };
}
