import { addDays } from './calendar';
import { DEFAULT_HR_ZONES, type HrZones, type LapInput, type StreamInput } from './types';

/**
 * Time in heart-rate zone per activity (openrun §3 "HR zone time-in-zone", metrics.md "Per
 * run"): from the stream where there is one (ground truth), else from laps; and the polarized
 * easy / moderate / hard split over the last 12 weeks (Seiler).
 */

export const DEFAULTS = {
  /** A gap longer than this is a paused recording and counts only this long (openrun). */
  maxGapS: 30,
  /** The last sample has no successor: it counts as one 1 Hz sample. */
  lastSampleS: 1,
  /** openrun's Dashboard: the last 12 weeks. */
  polarizedDays: 84,
  /** Seiler's polarized target: ≈ 80 % easy, < 10 % moderate, ≈ 20 % hard. */
  polarizedTarget: { easyPct: 80, moderateMaxPct: 10, hardPct: 20 },
};

export type TizSource = 'stream' | 'laps';

export interface TimeInZone {
  source: TizSource;
  /** Seconds with HR below Z1's low bound (in no zone). */
  belowS: number;
  /** Seconds in Z1..Z5. */
  zonesS: [number, number, number, number, number];
  /** Seconds above Z5's high bound. */
  aboveS: number;
  /** belowS + ΣzonesS + aboveS: the time with HR, gaps clipped. */
  totalS: number;
}

/**
 * −1 below Z1, 0..4 for Z1..Z5, 5 above Z5. Bounds are inclusive integers, so HR is rounded to
 * the nearest integer first (120.4 → 120 → Z1, 120.5 → 121 → Z2, as a watch displays it). A
 * rounded HR that falls between two non-adjacent user zones (e.g. Z1 ends 120, Z2 starts 125)
 * goes to the lower zone: each zone runs from its low bound up to the next zone's low bound.
 */
export function zoneIndex(hr: number, zones: HrZones = DEFAULT_HR_ZONES): number {
  const h = Math.round(hr);
  if (h < zones[0][0]) return -1;
  if (h > zones[4][1]) return 5;
  let z = 0;
  while (z < 4 && h >= (zones[z + 1] as readonly [number, number])[0]) z++;
  return z;
}

function emptyTiz(source: TizSource): TimeInZone {
  return { source, belowS: 0, zonesS: [0, 0, 0, 0, 0], aboveS: 0, totalS: 0 };
}

function add(tiz: TimeInZone, zone: number, seconds: number): void {
  if (zone < 0) tiz.belowS += seconds;
  else if (zone > 4) tiz.aboveS += seconds;
  else tiz.zonesS[zone as 0 | 1 | 2 | 3 | 4] += seconds;
  tiz.totalS += seconds;
}

/**
 * From the stream: each sample's HR holds until the next sample (interval clipped to maxGapS),
 * the last sample counts lastSampleS, samples without HR count nowhere. Samples out of time
 * order (non-positive interval) add nothing.
 */
export function timeInZoneFromStream(
  tS: Float32Array,
  hr: Float32Array,
  zones: HrZones = DEFAULT_HR_ZONES,
  { maxGapS = DEFAULTS.maxGapS, lastSampleS = DEFAULTS.lastSampleS } = {},
): TimeInZone {
  // Hot loop: seconds per band in a typed array, slot 0 = below Z1, 1..5 = Z1..Z5, 6 = above.
  // The bounds are read once: zoneIndex's rule, unrolled.
  const bands = new Float64Array(7);
  const [l1, l2, l3, l4, l5] = zones.map((z) => z[0]) as [number, number, number, number, number];
  const h5 = zones[4][1];
  const n = Math.min(tS.length, hr.length);
  for (let i = 0; i < n; i++) {
    const raw = hr[i] as number;
    if (Number.isNaN(raw)) continue;
    const dt = i + 1 < n ? Math.min((tS[i + 1] as number) - (tS[i] as number), maxGapS) : lastSampleS;
    if (!(dt > 0)) continue;
    const h = Math.round(raw);
    const b = h < l1 ? 0 : h > h5 ? 6 : h < l2 ? 1 : h < l3 ? 2 : h < l4 ? 3 : h < l5 ? 4 : 5;
    bands[b] = (bands[b] as number) + dt;
  }
  const tiz = emptyTiz('stream');
  for (let b = 0; b < 7; b++) add(tiz, b - 1, bands[b] as number);
  return tiz;
}

/** Fallback (openrun source='lap'): each lap's duration (timer, else elapsed) to its average HR's zone. */
export function timeInZoneFromLaps(laps: readonly LapInput[], zones: HrZones = DEFAULT_HR_ZONES): TimeInZone {
  const tiz = emptyTiz('laps');
  for (const lap of laps) {
    const d = lap.timerS ?? lap.elapsedS;
    if (d === null || !(d > 0) || lap.avgHr === null || !(lap.avgHr > 0)) continue;
    add(tiz, zoneIndex(lap.avgHr, zones), d);
  }
  return tiz;
}

/** The stream when it has any HR, else the laps; `source` says which. */
export function timeInZone(
  stream: StreamInput | null,
  laps: readonly LapInput[],
  zones: HrZones = DEFAULT_HR_ZONES,
  options: { maxGapS?: number; lastSampleS?: number } = {},
): TimeInZone {
  if (stream?.hr) {
    const fromStream = timeInZoneFromStream(stream.tS, stream.hr, zones, options);
    if (fromStream.totalS > 0) return fromStream;
  }
  return timeInZoneFromLaps(laps, zones);
}

export interface PolarizedSplit {
  /** The window, inclusive local dates. */
  fromDate: string;
  toDate: string;
  easyS: number;
  moderateS: number;
  hardS: number;
  /** % of Z1..Z5 time (below Z1 and above Z5 left out); NaN without zone time. */
  easyPct: number;
  moderatePct: number;
  hardPct: number;
  target: { easyPct: number; moderateMaxPct: number; hardPct: number };
}

/**
 * Seiler's polarized split (openrun Dashboard) over the `days` local days ending on `endDate`,
 * inclusive: easy = Z1 + Z2, moderate = Z3, hard = Z4 + Z5, as % of Z1..Z5 time.
 */
export function polarizedSplit(
  activities: readonly { localDate: string; tiz: TimeInZone }[],
  endDate: string,
  { days = DEFAULTS.polarizedDays, target = DEFAULTS.polarizedTarget } = {},
): PolarizedSplit {
  const fromDate = addDays(endDate, -(days - 1));
  let easyS = 0;
  let moderateS = 0;
  let hardS = 0;
  for (const { localDate, tiz } of activities) {
    if (localDate < fromDate || localDate > endDate) continue;
    const [z1, z2, z3, z4, z5] = tiz.zonesS;
    easyS += z1 + z2;
    moderateS += z3;
    hardS += z4 + z5;
  }
  const total = easyS + moderateS + hardS;
  const pct = (s: number): number => (total > 0 ? (100 * s) / total : NaN);
  return { fromDate, toDate: endDate, easyS, moderateS, hardS, easyPct: pct(easyS), moderatePct: pct(moderateS), hardPct: pct(hardS), target };
}
