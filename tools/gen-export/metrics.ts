import { DEVICE } from './activityFit';
import { json } from './extraFiles';
import type { GeneratedActivity } from './manifest';
import { rngFor } from './random';
import { USER_PROFILE_ID } from './summary';
import { addDays, dayMs, DAY_MS, garminTimeString } from './time';
import type { ZipEntry } from './zip';

/**
 * `DI-Connect-Metrics/MetricsMaxMetData_*` and `RunRacePredictions_*` in the shapes of the real
 * 2026 export (garmin-export-format.md §9): once a week, after the week's last outdoor run, the
 * watch updates its running VO2max and, from it, its race predictions.
 */

export const METRICS_DEFAULTS = {
  /** Garmin updates VO2max after outdoor runs with GPS and HR, not on the treadmill or by hand. */
  vo2maxActivityTypes: ['running', 'trail_running'] as readonly string[],
  /** 1 MET = 3.5 ml/kg/min: maxMet 13.7194 is vo2MaxValue 48 in the real file. */
  mlPerKgMinPerMet: 3.5,
  raceDistancesM: { raceTime5K: 5_000, raceTime10K: 10_000, raceTimeHalf: 21_097.5, raceTimeMarathon: 42_195 },
};

export interface MetricsOutput {
  files: ZipEntry[];
  maxMetFiles: string[];
  racePredictionFiles: string[];
  vo2maxRecords: number;
  racePredictionRecords: number;
}

type MetricsRecord = Record<string, unknown> & { calendarDate: string };

/** Metric files come in the same 100-day windows as the daily files, named YYYYMMDD_YYYYMMDD. */
export function metricsFiles(seed: number, root: string, account: GeneratedActivity[], startDate: string, cutoffDate: string): MetricsOutput {
  const lastRunOfWeek = new Map<number, GeneratedActivity>();
  for (const a of account) {
    if (a.session.manual || !METRICS_DEFAULTS.vo2maxActivityTypes.includes(String(a.summary.activityType))) continue;
    const week = Math.floor((dayMs(a.session.date) - dayMs(startDate)) / DAY_MS / 7);
    const held = lastRunOfWeek.get(week);
    if (!held || a.startUtcMs > held.startUtcMs) lastRunOfWeek.set(week, a);
  }
  const maxMet: MetricsRecord[] = [];
  const predictions: MetricsRecord[] = [];
  for (const a of [...lastRunOfWeek.values()].sort((x, y) => x.startUtcMs - y.startUtcMs)) {
    const rng = rngFor(seed, 'vo2max', a.session.date);
    // The run's own summary vO2MaxValue (summary.ts), so both files tell the same story.
    const vo2max = Number(a.summary.vO2MaxValue);
    if (!Number.isFinite(vo2max)) continue;
    // maxMet wobbles under the rounded value as in the real file (13.6698 and 13.7194 both = 48).
    const maxMetValue = Math.fround((vo2max + rng.uniform(-0.45, 0.45)) / METRICS_DEFAULTS.mlPerKgMinPerMet);
    const updateMs = a.endUtcMs + rng.int(2, 15) * 60_000;
    const common = { userProfilePK: USER_PROFILE_ID, calendarDate: a.session.date, deviceId: DEVICE.connectDeviceId };
    maxMet.push({
      ...common, updateTimestamp: garminTimeString(updateMs), sport: 'RUNNING', subSport: 'GENERIC',
      vo2MaxValue: vo2max, maxMet: maxMetValue, maxMetCategory: 'GENERIC', calibratedData: 1,
    });
    const vdotValue = maxMetValue * METRICS_DEFAULTS.mlPerKgMinPerMet;
    const times = Object.fromEntries(Object.entries(METRICS_DEFAULTS.raceDistancesM).map(([key, m]) => [key, Math.round(danielsTimeS(vdotValue, m))]));
    predictions.push({ ...common, timestamp: garminTimeString(updateMs + rng.int(5, 55) * 1000), ...times });
  }

  const out: MetricsOutput = { files: [], maxMetFiles: [], racePredictionFiles: [], vo2maxRecords: maxMet.length, racePredictionRecords: predictions.length };
  const compact = (date: string) => date.replace(/-/g, '');
  for (let from = startDate; dayMs(from) <= dayMs(cutoffDate); from = addDays(from, 100)) {
    const to = addDays(from, 100);
    const window = `${compact(from)}_${compact(to)}_${USER_PROFILE_ID}.json`;
    const inWindow = (r: MetricsRecord) => r.calendarDate >= from && r.calendarDate < to;
    const maxMetPath = `${root}/DI-Connect-Metrics/MetricsMaxMetData_${window}`;
    const predictionsPath = `${root}/DI-Connect-Metrics/RunRacePredictions_${window}`;
    out.files.push({ path: maxMetPath, data: json(maxMet.filter(inWindow)) }, { path: predictionsPath, data: json(predictions.filter(inWindow)) });
    out.maxMetFiles.push(maxMetPath);
    out.racePredictionFiles.push(predictionsPath);
  }
  return out;
}

/**
 * Race time for a VDOT (Daniels & Gilbert 1979), by bisection on time. Written out here rather
 * than imported from src/analysis/prediction.ts: test data made by the code under test would
 * agree with it by construction, and the export must not change when the app's code does.
 */
function danielsTimeS(vdot: number, distanceM: number): number {
  const vdotAt = (timeS: number) => {
    const t = timeS / 60;
    const v = distanceM / t;
    return (-4.6 + 0.182258 * v + 0.000104 * v * v) / (0.8 + 0.1894393 * Math.exp(-0.012778 * t) + 0.2989558 * Math.exp(-0.1932605 * t));
  };
  // 1000 m/min to 50 m/min brackets every runner; VDOT falls as the time grows.
  let fast = (distanceM / 1000) * 60;
  let slow = (distanceM / 50) * 60;
  while (slow - fast > 0.01) {
    const mid = (fast + slow) / 2;
    if (vdotAt(mid) > vdot) fast = mid;
    else slow = mid;
  }
  return (fast + slow) / 2;
}
