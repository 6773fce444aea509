import type { Db } from './db';

/**
 * One day of `wellness_daily` as the Recovery cell reads it (docs/schema.md "wellness_daily"):
 * SI units, null = not recorded. `date` is Garmin's calendarDate; for sleep, the wake-up date.
 */
export interface WellnessDay {
  date: string;
  restingHr: number | null;
  hrvMs: number | null;
  /** Deep + light + REM seconds (awake time is not sleep). */
  sleepS: number | null;
  deepS: number | null;
  lightS: number | null;
  remS: number | null;
  awakeS: number | null;
  /** Garmin's overall sleep score, 0–100 (newer devices only). */
  sleepScore: number | null;
}

interface WellnessRow {
  date: string; resting_hr: number | null; hrv_ms: number | null; sleep_s: number | null; deep_s: number | null;
  light_s: number | null; rem_s: number | null; awake_s: number | null; sleep_score: number | null;
}

/** Every wellness day in date order, read from a covering index (migrations/002), not the rows with their raw JSON. */
export function listWellness(db: Db): WellnessDay[] {
  return db.all<WellnessRow>(
    `SELECT date, resting_hr, hrv_ms, sleep_s, deep_s, light_s, rem_s, awake_s, sleep_score
       FROM wellness_daily INDEXED BY wellness_daily_recovery ORDER BY date`,
  ).map((r) => ({
    date: r.date, restingHr: r.resting_hr, hrvMs: r.hrv_ms, sleepS: r.sleep_s, deepS: r.deep_s, lightS: r.light_s,
    remS: r.rem_s, awakeS: r.awake_s, sleepScore: r.sleep_score,
  }));
}
