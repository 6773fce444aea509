import type { HrZones } from './types';

/**
 * Heart-rate zones from the athlete's own heart (docs/metrics.md "Zones"): a fixed table of
 * bpm (openrun's 100–200) puts Z5 above a max HR of 190, and never follows a new max HR.
 * Three published ways, the athlete's choice:
 * - 'max': % of max HR, 50/60/70/80/90 % (Garmin Connect's default "% Max HR" zones);
 * - 'hrr': % of heart-rate reserve, rest + p·(max − rest) at the same 50/60/70/80/90 %
 *   (Karvonen 1957; Garmin's "% HRR");
 * - 'lthr': % of lactate-threshold HR, Friel's running zones: Z2 from 85 %, Z3 90 %, Z4 95 %,
 *   Z5 100 % (Z5a–c merged). Friel gives Z1 no floor; fitbook starts it at 65 % so standing
 *   around before a run is in no zone, like the other methods' 50 % of max.
 * Bounds are whole bpm and inclusive; each zone ends one below the next one's floor and Z5
 * ends at max HR — no zone ever goes above it.
 */
export type ZoneMethod = 'max' | 'hrr' | 'lthr';

export const ZONE_FLOORS_PCT: Readonly<Record<ZoneMethod, readonly [number, number, number, number, number]>> = {
  max: [50, 60, 70, 80, 90],
  hrr: [50, 60, 70, 80, 90],
  lthr: [65, 85, 90, 95, 100],
};

export const ZONE_METHOD_LABELS: Readonly<Record<ZoneMethod, string>> = {
  max: '% of max HR',
  hrr: '% of heart-rate reserve',
  lthr: '% of threshold HR (Friel)',
};

export interface HeartNumbers {
  maxHr: number;
  restingHr: number;
  /** Lactate-threshold HR; needed for 'lthr' only. */
  thresholdHr: number | null;
}

/**
 * The zones a method gives for this heart, or null when it cannot (no threshold HR for 'lthr',
 * a threshold at or above max HR, or a max HR too low for five distinct zones).
 */
export function zonesFor(method: ZoneMethod, { maxHr, restingHr, thresholdHr }: HeartNumbers): HrZones | null {
  if (!(maxHr > 0)) return null;
  const max = Math.round(maxHr);
  let floorOf: (pct: number) => number;
  if (method === 'max') floorOf = (pct) => (pct / 100) * maxHr;
  else if (method === 'hrr') {
    if (!(restingHr > 0 && restingHr < maxHr)) return null;
    floorOf = (pct) => restingHr + (pct / 100) * (maxHr - restingHr);
  } else {
    if (thresholdHr === null || !(thresholdHr > 0 && thresholdHr < maxHr)) return null;
    floorOf = (pct) => (pct / 100) * thresholdHr;
  }
  const floors = ZONE_FLOORS_PCT[method].map((pct) => Math.round(floorOf(pct)));
  // Five zones need five distinct floors below max HR.
  if (floors.some((f, i) => f >= max || (i > 0 && f <= (floors[i - 1] as number)))) return null;
  const zone = (i: number): readonly [number, number] => [floors[i] as number, i < 4 ? (floors[i + 1] as number) - 1 : max];
  return [zone(0), zone(1), zone(2), zone(3), zone(4)];
}

/** Zones are usable: each starts above the previous one's end, ends at or above its start, and none passes max HR. */
export function zonesProblem(zones: HrZones, maxHr: number): string | null {
  const ordered = zones.every(([lo, hi], i) => Number.isInteger(lo) && Number.isInteger(hi) && lo <= hi && (i === 0 || lo > (zones[i - 1]?.[1] ?? -1)));
  if (!ordered) return 'Zones must rise: each zone starts above the previous one and ends at or above its start (whole bpm).';
  if ((zones[4]?.[1] ?? 0) > maxHr) return `Zone 5 cannot end above your max HR (${maxHr} bpm).`;
  return null;
}

/** Two zone tables are the same bpm for bpm. */
export function sameZones(a: HrZones, b: HrZones): boolean {
  return a.every(([lo, hi], i) => lo === b[i]?.[0] && hi === b[i]?.[1]);
}

/** The highest heart rate an activity recorded, and where. */
export interface RecordedMax {
  bpm: number;
  activityId: number;
  localDate: string;
}

/**
 * The highest activity max HR on or after `from`, when it is above `maxHr` (else null): a runner
 * whose set max HR is too low has every hard effort pinned in Z5 and every TRIMP overweighted.
 * Garmin's summary max HR is a smoothed value, not a single optical-sensor spike; values above
 * `plausibleBpm` (220) are left out as sensor errors.
 */
export function maxHrAbove(
  activities: readonly { id: number; localDate: string; maxHr: number | null }[],
  maxHr: number,
  { from = '', plausibleBpm = 220 }: { from?: string; plausibleBpm?: number } = {},
): RecordedMax | null {
  let best: RecordedMax | null = null;
  for (const a of activities) {
    if (a.maxHr === null || a.localDate < from || !(a.maxHr > maxHr) || a.maxHr > plausibleBpm) continue;
    if (!best || a.maxHr > best.bpm) best = { bpm: Math.round(a.maxHr), activityId: a.id, localDate: a.localDate };
  }
  return best && best.bpm > maxHr ? best : null;
}
