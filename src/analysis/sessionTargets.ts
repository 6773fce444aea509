import { vdotTimeS } from './prediction';
import type { PlannedSession } from './planBuilder';
import type { HrZones } from './types';

/**
 * What a session asks of the athlete, in their own numbers (issue #17, the deck's "target zone and
 * pace from the runner's own zones and recent paces"): the heart-rate zone from their zones, the
 * pace from their VDOT (Daniels' training intensities, metrics.md "Session targets").
 *
 * Daniels' paces as a fraction of VO₂max (Daniels' Running Formula): easy 62–70 %, threshold
 * 88 %, interval 97.5 %; marathon and race pace are the VDOT's predicted race times themselves.
 * At VDOT 50 these give 5:07–5:38, 4:15 and 3:55 min/km, Daniels' table values.
 */

export const PACE_FRACTIONS = { easy: [0.62, 0.7], threshold: 0.88, interval: 0.975 } as const;

export interface SessionTarget {
  /** 1-based zones, low to high (e.g. [2, 2], [4, 5]); null for the gym. */
  zones: readonly [number, number] | null;
  /** The zones' heart rates, bpm. */
  hr: readonly [number, number] | null;
  /** Pace range, min/km, fast to slow; null when no VDOT is known or the session goes by effort. */
  paceMinPerKm: readonly [number, number] | null;
  /** How the pace is meant ("threshold", "goal race pace"…), or why there is none. */
  paceNote: string;
}

/** The speed (m/min) at which running costs `vo2` ml/kg/min: Daniels–Gilbert's VO₂ equation solved for v. */
export function speedAtVo2(vo2: number): number {
  const a = 0.000104;
  const b = 0.182258;
  const c = -4.6 - vo2;
  return (-b + Math.sqrt(b * b - 4 * a * c)) / (2 * a);
}

/** min/km at a fraction of VO₂max for this VDOT. */
export function paceAtFraction(vdot: number, fraction: number): number {
  return 1000 / speedAtVo2(vdot * fraction);
}

const ZONE_OF: Record<PlannedSession['type'], readonly [number, number] | null> = {
  easy: [2, 2], long: [2, 2], strides: [2, 2], tempo: [4, 4], intervals: [5, 5], hills: [4, 5], fartlek: [3, 4], progression: [2, 4], race: [4, 5], gym: null,
};

/**
 * The target of a session: its zones by type, and a pace from the VDOT (null without one): easy
 * range for easy and long runs, threshold for tempo, interval pace for intervals, goal race pace
 * (the VDOT's predicted time over the race distance) for the race and a progression's finish.
 * Hills go by effort: pace means nothing uphill.
 */
export function sessionTarget(
  session: Pick<PlannedSession, 'type'>,
  zones: HrZones,
  vdot: number | null,
  raceKm: number | null,
): SessionTarget {
  const z = ZONE_OF[session.type];
  const hr = z ? ([zones[z[0] - 1]?.[0] as number, zones[z[1] - 1]?.[1] as number] as const) : null;
  const base = { zones: z, hr };
  if (session.type === 'gym') return { ...base, paceMinPerKm: null, paceNote: 'strength, no pace' };
  if (session.type === 'hills') return { ...base, paceMinPerKm: null, paceNote: 'by effort: pace means nothing uphill' };
  if (vdot === null || !Number.isFinite(vdot)) return { ...base, paceMinPerKm: null, paceNote: 'by heart rate: no recent best effort gives a pace yet' };
  const easy = [paceAtFraction(vdot, PACE_FRACTIONS.easy[1]), paceAtFraction(vdot, PACE_FRACTIONS.easy[0])] as const;
  const race = raceKm !== null && raceKm > 0 ? vdotTimeS(vdot, raceKm * 1000) / 60 / raceKm : NaN;
  switch (session.type) {
    case 'easy': case 'long': case 'strides':
      return { ...base, paceMinPerKm: easy, paceNote: 'easy' };
    case 'tempo': {
      const t = paceAtFraction(vdot, PACE_FRACTIONS.threshold);
      return { ...base, paceMinPerKm: [t - 3 / 60, t + 3 / 60], paceNote: 'threshold' };
    }
    case 'intervals': {
      const i = paceAtFraction(vdot, PACE_FRACTIONS.interval);
      return { ...base, paceMinPerKm: [i - 3 / 60, i + 3 / 60], paceNote: 'interval (5 K–10 K effort)' };
    }
    case 'fartlek':
      return { ...base, paceMinPerKm: [paceAtFraction(vdot, PACE_FRACTIONS.threshold), easy[0]], paceNote: 'brisk, between easy and threshold' };
    case 'progression': case 'race':
      return Number.isFinite(race)
        ? { ...base, paceMinPerKm: [race - 2 / 60, race + 2 / 60], paceNote: session.type === 'race' ? 'goal race pace' : 'finishing at goal race pace' }
        : { ...base, paceMinPerKm: null, paceNote: 'by effort' };
  }
}
