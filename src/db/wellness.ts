import type { Db } from './db';
import type { WellnessDay } from '../database';

interface WellnessRow {
  date: string; resting_hr: number | null; hrv_ms: number | null; sleep_s: number | null; deep_s: number | null;
  light_s: number | null; rem_s: number | null; awake_s: number | null; sleep_score: number | null;
  steps: number | null; body_battery_high: number | null; body_battery_low: number | null; stress_avg: number | null;
}

/** Every wellness day in date order, read from a covering index (migrations/002), not the rows with their raw JSON. */
export function listWellness(db: Db): WellnessDay[] {
  return db.all<WellnessRow>(
    `SELECT date, resting_hr, hrv_ms, sleep_s, deep_s, light_s, rem_s, awake_s, sleep_score, steps, body_battery_high, body_battery_low, stress_avg
       FROM wellness_daily INDEXED BY wellness_daily_recovery ORDER BY date`,
  ).map((r) => ({
    date: r.date, restingHr: r.resting_hr, hrvMs: r.hrv_ms, sleepS: r.sleep_s, deepS: r.deep_s, lightS: r.light_s,
    remS: r.rem_s, awakeS: r.awake_s, sleepScore: r.sleep_score,
    steps: r.steps, bodyBatteryHigh: r.body_battery_high, bodyBatteryLow: r.body_battery_low, stressAvg: r.stress_avg,
  }));
}
