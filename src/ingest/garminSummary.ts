import type { ActivityFields } from './types';
import { fallbackOffsetS } from './time';

/**
 * Maps `*_summarizedActivities.json` records to activity fields.
 * Units are Garmin-internal (garmin-export-format.md §0, §3.1, verified against FIT):
 * distance/elevation cm, durations ms, speeds cm/ms (x10 = m/s), calories kJ (/4.19002 = kcal).
 */

const KJ_PER_KCAL = 4.19002;
import { IngestError } from './errors';

export type SummaryRecord = Record<string, unknown>;

export class ShapeError extends IngestError {}

/**
 * The records of a summary file. Real files are `[{"summarizedActivitiesExport":[...]}]`;
 * a bare array of records is accepted too. Anything else is an unknown shape.
 */
export function summaryRecords(json: unknown): SummaryRecord[] {
  // Empty export files are written as [], {} or [{}] (garmin-export-format.md §2).
  if (isObject(json) && Object.keys(json).length === 0) return [];
  if (!Array.isArray(json)) throw new ShapeError('expected a JSON array of activity summaries');
  const out: SummaryRecord[] = [];
  for (const item of json) {
    if (!isObject(item)) throw new ShapeError('expected objects inside the top-level array');
    const wrapped = item.summarizedActivitiesExport;
    if (Array.isArray(wrapped)) {
      for (const rec of wrapped) if (isObject(rec)) out.push(rec);
    } else if ('activityId' in item) {
      out.push(item);
    } else if (Object.keys(item).length > 0) {
      throw new ShapeError(`unknown record shape (keys: ${Object.keys(item).slice(0, 5).join(', ')})`);
    }
  }
  return out;
}

export type SummaryMapping =
  | { kind: 'activity'; fields: ActivityFields }
  | { kind: 'parent' } // multisport parent: its legs are stored, the parent would double count
  | { kind: 'invalid'; reason: string };

export function mapSummary(rec: SummaryRecord): SummaryMapping {
  if (rec.parent === true) return { kind: 'parent' };
  const id = num(rec.activityId);
  const startMs = num(rec.beginTimestamp) ?? num(rec.startTimeGmt);
  if (id === null) return { kind: 'invalid', reason: 'activity without activityId' };
  if (startMs === null) return { kind: 'invalid', reason: `activity ${id} has no start time` };
  const localMs = num(rec.startTimeLocal);
  const gmtMs = num(rec.startTimeGmt) ?? startMs;
  // startTimeLocal is "local epoch" (UTC ms + offset); round to the quarter hour (+5:30, +10:30 exist).
  const utcOffsetS = localMs !== null ? Math.round((localMs - gmtMs) / 900_000) * 900 : fallbackOffsetS(startMs);
  const sport = activityTypeKey(rec.activityType);
  const foot = isFootSport(sport);
  const runCadence = num(rec.avgRunCadence);
  return {
    kind: 'activity',
    fields: {
      garminActivityId: id,
      source: 'garmin_export',
      sport,
      name: typeof rec.name === 'string' ? rec.name : null,
      startMs,
      utcOffsetS,
      distanceM: scale(rec.distance, 0.01),
      elapsedS: scale(rec.elapsedDuration, 0.001),
      timerS: scale(rec.duration, 0.001),
      movingS: scale(rec.movingDuration, 0.001),
      ascentM: scale(rec.elevationGain, 0.01),
      descentM: scale(rec.elevationLoss, 0.01),
      avgHr: num(rec.avgHr),
      maxHr: num(rec.maxHr),
      avgSpeedMps: scale(rec.avgSpeed, 10),
      maxSpeedMps: scale(rec.maxSpeed, 10),
      // avgDoubleCadence is steps/min; avgRunCadence is ONE leg (strides/min) in the export,
      // verified against FIT avg_cadence — unlike the live API's both-legs field.
      avgCadenceSpm: foot ? (num(rec.avgDoubleCadence) ?? (runCadence !== null ? runCadence * 2 : null)) : null,
      avgCadenceRpm: num(rec.avgBikeCadence),
      avgPowerW: num(rec.avgPower),
      caloriesKcal: scale(rec.calories, 1 / KJ_PER_KCAL),
      trainingLoad: num(rec.activityTrainingLoad),
      aerobicTe: num(rec.aerobicTrainingEffect),
      anaerobicTe: num(rec.anaerobicTrainingEffect),
      startLat: num(rec.startLatitude),
      startLon: num(rec.startLongitude),
      device: rec.deviceId !== undefined && rec.deviceId !== null ? String(rec.deviceId) : null,
      parentGarminId: num(rec.parentId),
      rawJson: JSON.stringify(rec),
    },
  };
}

/** Garmin's activity type key; older records carry an object with typeKey. */
export function activityTypeKey(value: unknown): string {
  if (typeof value === 'string' && value) return value;
  if (isObject(value) && typeof value.typeKey === 'string') return value.typeKey;
  return 'other';
}

const FOOT = /running|_run$|^run$|walking|hiking|trail|track|treadmill|mountaineering|snow_shoe/;

export function isFootSport(sport: string): boolean {
  return FOOT.test(sport);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function scale(v: unknown, factor: number): number | null {
  const n = num(v);
  return n === null ? null : n * factor;
}
