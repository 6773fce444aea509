import type { WellnessFields } from './types';
import { calendarDate, gmtString } from './time';
import { ShapeError } from './garminSummary';

/**
 * Daily wellness from the account export (garmin-export-format.md §5, §6, §8, §10).
 * Each mapper takes the parsed JSON of one file and returns day rows; an unknown shape throws
 * ShapeError so the file is reported, never silently dropped.
 */

type Obj = Record<string, unknown>;

function records(json: unknown, what: string): Obj[] {
  // Wellness files are bare arrays of day records; empty files are [], {} or [{}].
  if (isObject(json) && Object.keys(json).length === 0) return [];
  if (!Array.isArray(json)) throw new ShapeError(`expected a JSON array of ${what} records`);
  return json.filter((r): r is Obj => isObject(r) && Object.keys(r).length > 0);
}

/** Sleep: calendarDate is the WAKE-UP date; total sleep = deep + light + rem (awake is not sleep). */
export function mapSleep(json: unknown): WellnessFields[] {
  const out: WellnessFields[] = [];
  for (const r of records(json, 'sleep')) {
    const date = calendarDate(r.calendarDate);
    if (!date) throw new ShapeError('sleep record without calendarDate');
    const deep = num(r.deepSleepSeconds);
    const light = num(r.lightSleepSeconds);
    const rem = num(r.remSleepSeconds);
    const awake = num(r.awakeSleepSeconds);
    const staged = (deep ?? 0) + (light ?? 0) + (rem ?? 0);
    // OFF_WRIST / UNCONFIRMED nights with no stages mean "no sleep data", not zero sleep.
    if (staged === 0) continue;
    const scores = isObject(r.sleepScores) ? r.sleepScores : null;
    out.push({
      date,
      sleepS: staged,
      deepS: deep,
      lightS: light,
      remS: rem,
      awakeS: awake,
      sleepStartUtc: gmtString(r.sleepStartTimestampGMT),
      sleepEndUtc: gmtString(r.sleepEndTimestampGMT),
      sleepScore: scores ? num(scores.overallScore) : null,
      rawSleepJson: JSON.stringify(r),
    });
  }
  return out;
}

/** User daily summary: resting HR, steps, all-day stress, body battery. */
export function mapUds(json: unknown): WellnessFields[] {
  const out: WellnessFields[] = [];
  for (const r of records(json, 'daily summary')) {
    const date = calendarDate(r.calendarDate);
    if (!date) throw new ShapeError('daily summary record without calendarDate');
    // Junk days from an unset device clock carry durationInMilliseconds 0 and nothing else.
    const restingHr = positive(r.restingHeartRate) ?? positive(r.currentDayRestingHeartRate);
    const steps = num(r.totalSteps);
    if (r.durationInMilliseconds === 0 && restingHr === null && !steps) continue;
    const stress = isObject(r.allDayStress) && Array.isArray(r.allDayStress.aggregatorList)
      ? (r.allDayStress.aggregatorList as unknown[]).filter(isObject).find((a) => a.type === 'TOTAL')
      : undefined;
    const bb = isObject(r.bodyBattery) && Array.isArray(r.bodyBattery.bodyBatteryStatList)
      ? (r.bodyBattery.bodyBatteryStatList as unknown[]).filter(isObject)
      : [];
    const bbStat = (type: string) => num(bb.find((s) => s.bodyBatteryStatType === type)?.statsValue);
    out.push({
      date,
      restingHr,
      steps: steps === null ? null : Math.round(steps),
      // Negative stress levels are Garmin's "not enough data" codes.
      stressAvg: stress ? positive(stress.averageStressLevel) : null,
      bodyBatteryHigh: bbStat('HIGHEST'),
      bodyBatteryLow: bbStat('LOWEST'),
      rawUdsJson: JSON.stringify(r),
    });
  }
  return out;
}

/** healthStatusData (HRV status devices): the nightly HRV average in ms; 0 = not measured. */
export function mapHealthStatus(json: unknown): WellnessFields[] {
  const out: WellnessFields[] = [];
  for (const r of records(json, 'health status')) {
    const date = calendarDate(r.calendarDate);
    if (!date || !Array.isArray(r.metrics)) throw new ShapeError('health status record without calendarDate/metrics');
    const hrv = (r.metrics as unknown[]).filter(isObject).find((m) => m.type === 'HRV');
    const value = hrv ? positive(hrv.value) : null;
    if (value === null) continue;
    out.push({ date, hrvMs: value, rawHrvJson: JSON.stringify(r) });
  }
  return out;
}

export interface HrZones {
  /** Floors of Z1..Z5 in bpm; Z5's ceiling is maxHr. */
  floors: number[];
  maxHr: number | null;
  restingHr: number | null;
  method: string | null;
}

/** `<userId>_heartRateZones.json`: the DEFAULT sport entry (or the first) as the athlete's zones. */
export function mapHrZones(json: unknown): HrZones | null {
  const list = records(json, 'heart-rate zone');
  const entry = list.find((z) => z.sport === 'DEFAULT') ?? list[0];
  if (!entry) return null;
  const floors = [1, 2, 3, 4, 5].map((i) => num(entry[`zone${i}Floor`]));
  if (floors.some((f) => f === null)) throw new ShapeError('heart-rate zones without zone1Floor..zone5Floor');
  return {
    floors: floors as number[],
    maxHr: positive(entry.maxHeartRateUsed),
    restingHr: positive(entry.restingHeartRateUsed),
    method: typeof entry.trainingMethod === 'string' ? entry.trainingMethod : null,
  };
}

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function positive(v: unknown): number | null {
  const n = num(v);
  return n !== null && n > 0 ? n : null;
}
