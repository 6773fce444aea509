import { dateRange } from './calendar';

/**
 * Training load per activity and per day (metrics.md "Load").
 * Garmin's own per-activity load where the export has it; otherwise Banister's TRIMP from the
 * heart-rate stream, else from the summary (streamMetrics.ts loadFromMetrics); manual sessions
 * count with the load they carry. Rest days are 0. banisterTrimp is the per-second formula the
 * stored HR histogram reproduces (trimpFromHrSeconds; a test holds them equal).
 */

export const DEFAULTS = {
  /** Banister TRIMP weighting, men's constants (Banister 1991; openrun): x · 0.64 · e^(1.92x). */
  trimpA: 0.64,
  trimpB: 1.92,
  /** A gap between samples counts at most this long (a paused recording), as in time-in-zone. */
  maxGapS: 30,
};

/**
 * Where an activity's load came from: Garmin's; TRIMP from the HR stream (`trimp`, metrics.md's
 * trimp_stream); TRIMP estimated from the summary's average HR and duration (`trimp_summary`:
 * older history without a stream or Garmin's load); a manual entry's; none (no HR, no load).
 */
export type LoadSource = 'garmin' | 'trimp' | 'trimp_summary' | 'manual' | 'session_rpe' | 'excluded' | 'none';

/**
 * Banister TRIMP in minutes from a stream: each sample's HR holds until the next sample
 * (at most maxGapS), x = clamp((HR − rest) / (max − rest), 0, 1), add x · a · e^(b·x) per minute.
 * metrics.md: "for each second with HR … add x · 0.64 · e^(1.92·x) / 60".
 */
export function banisterTrimp(
  tS: Float32Array,
  hr: Float32Array,
  { restingHr, maxHr }: { restingHr: number; maxHr: number },
  { trimpA = DEFAULTS.trimpA, trimpB = DEFAULTS.trimpB, maxGapS = DEFAULTS.maxGapS } = {},
): number {
  const reserve = maxHr - restingHr;
  if (!(reserve > 0)) return 0;
  let minutes = 0;
  for (let i = 0; i < hr.length; i++) {
    const h = hr[i] as number;
    if (Number.isNaN(h)) continue;
    const dt = i + 1 < tS.length ? Math.min((tS[i + 1] as number) - (tS[i] as number), maxGapS) : 1;
    if (!(dt > 0)) continue;
    const x = Math.min(1, Math.max(0, (h - restingHr) / reserve));
    minutes += (dt / 60) * x * trimpA * Math.exp(trimpB * x);
  }
  return minutes;
}

export interface DayLoad {
  localDate: string;
  load: number;
}

export interface DailyLoad {
  dates: string[];
  load: Float64Array;
}

/**
 * One value per local day from the first day with data (or `from`) to `to`, rest days 0.
 * Activities and manual sessions are summed on their local day.
 */
export function dailyLoadSeries(items: DayLoad[], { from, to }: { from?: string; to: string }): DailyLoad {
  let first = from;
  if (!first) for (const it of items) if (!first || it.localDate < first) first = it.localDate;
  if (!first || first > to) return { dates: [], load: new Float64Array(0) };
  const dates = dateRange(first, to);
  const index = new Map(dates.map((d, i) => [d, i]));
  const load = new Float64Array(dates.length);
  for (const it of items) {
    const i = index.get(it.localDate);
    if (i !== undefined && Number.isFinite(it.load)) load[i] = (load[i] as number) + it.load;
  }
  return { dates, load };
}
