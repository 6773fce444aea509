import type { ActivityFields, LapFields, SampleColumns } from './types';
import { fallbackOffsetS } from './time';
import { isFootSport } from './garminSummary';
import { decodeFitBytes, type DecodedFit, type FitDecodeOutcome } from './fitDecode';
import type { Mesg } from './fitMesg';
import { profileTypes } from './fitProfile';
import { RecordColumnsBuilder, type RecordColumns } from './fitRecords';

/**
 * FIT bytes -> activities (one per session), laps and columnar sample streams.
 * Decoding is fitbook's own typed-array decoder (fitDecode.ts); @garmin/fitsdk's Decoder stays
 * the reference (fitSdk.ts, tests and bench only) and both feed the same mapper below. A file
 * that cannot be read to the end is rejected with the reason, never stored as a silently
 * truncated activity.
 */

export interface FitActivity {
  fields: ActivityFields;
  laps: LapFields[];
  samples: SampleColumns | null;
}

export type FitResult =
  | { kind: 'activity'; fitType: string; activities: FitActivity[]; warnings: string[] }
  | { kind: 'not-activity'; fitType: string }
  | { kind: 'rejected'; reason: string };

export const FIT_DEFAULTS = {
  /** Longer than this is a device clock error (sports-lib uses the same bound). */
  maxElapsedS: 14 * 86_400,
  /** Moving time counts sample intervals at or above this speed (metrics.md "Moving time"). */
  movingSpeedMps: 0.5,
  /** A gap between samples longer than this is a pause; it counts at most this long. */
  maxGapS: 30,
};

/** FIT epoch 1989-12-31T00:00:00Z in Unix seconds. */
const FIT_EPOCH_S = 631_065_600;
/** FIT date_time values below this are relative to device power-on, not real dates (FIT profile). */
const MIN_ABSOLUTE_FIT_S = 0x10000000;
const SEMICIRCLE_DEG = 180 / 2 ** 31;
const ACTIVITY_TYPES = new Set(['activity', 'activitySummary']);

export type FitOptions = { garminActivityId?: number | null };

let scratchColumns = new RecordColumnsBuilder(0);
/** Keep at most this many records' columns (88 bytes each) between files. */
const MAX_SCRATCH_RECORDS = 1 << 19;

export function decodeFit(bytes: Uint8Array, options: FitOptions = {}): FitResult {
  // The decoder's record columns are scratch space, reused from file to file: the mapper copies
  // what it keeps, and one ArrayBuffer per file less spares the GC (V8 counts it as external memory).
  const decoded = decodeFitBytes(bytes, scratchColumns);
  const result = fitResultOf(decoded, options);
  if (scratchColumns.capacity > MAX_SCRATCH_RECORDS) scratchColumns = new RecordColumnsBuilder(0);
  return result;
}

/** The one mapper from decoded FIT messages to fitbook's activities, for every FIT front end. */
export function fitResultOf(decoded: FitDecodeOutcome, options: FitOptions = {}): FitResult {
  if (!decoded.ok) return { kind: 'rejected', reason: decoded.reason };
  return mapActivities(decoded.fit, options);
}

function mapActivities(fit: DecodedFit, options: FitOptions): FitResult {
  const fileId = fit.fileIds[0];
  const fitType = typeof fileId?.type === 'string' ? fileId.type : 'unknown';
  // Courses, workouts, monitoring, settings… can hold records too; only activity files are activities.
  if (fitType !== 'unknown' && !ACTIVITY_TYPES.has(fitType)) return { kind: 'not-activity', fitType };
  const sessions = [...fit.sessions].sort((a, b) => time(a.startTime) - time(b.startTime));
  const cols = fit.records;
  const records = timedRecords(cols);
  if (sessions.length === 0 && records.length === 0) {
    return { kind: 'rejected', reason: 'activity file without any session or record data' };
  }

  const warnings: string[] = [];
  if (sessions.length === 0) {
    sessions.push(sessionFromRecords(cols, records));
    warnings.push(`no session summary in the file; computed it from ${records.length} records`);
  }
  const firstSessionStart = sessions[0]?.startTime;
  const firstStart = firstSessionStart !== undefined && firstSessionStart !== null ? time(firstSessionStart) : recordMs(cols, records[0] ?? -1);
  if (firstStart < (FIT_EPOCH_S + MIN_ABSOLUTE_FIT_S) * 1000) {
    return { kind: 'rejected', reason: 'timestamps are relative to device power-on (clock not set), so the date is unknown' };
  }

  const utcOffsetS = localOffset(fit.activities[0]) ?? fallbackOffsetS(firstStart);
  const device = deviceName(fileId);
  const laps = fit.laps;
  const activities = sessions.map((session, i) => {
    const start = time(session.startTime);
    const next = sessions[i + 1];
    const end = next ? time(next.startTime) : Infinity;
    const inSession = (t: number) => t >= start && t < end;
    // Records before the first session's start (a few devices log one early) stay with it.
    const sessionRecords = recordsIn(cols, records, start, end, i === 0);
    const first = sessionRecords[0];
    const sport = sportKey(session.sport, session.subSport, first === undefined ? undefined : activityTypeOf(cols.activityType[first] as number));
    const samples = buildSamples(cols, sessionRecords, start, isFootSport(sport));
    const fields = sessionFields(session, {
      sport, utcOffsetS, device, samples,
      garminActivityId: sessions.length === 1 ? options.garminActivityId ?? null : null,
    }, warnings);
    const sessionLaps = laps.filter((l) => inSession(time(l.startTime))).sort((a, b) => time(a.startTime) - time(b.startTime));
    return { fields, laps: sessionLaps.map((l) => lapFields(l, isFootSport(sport))), samples };
  });
  return { kind: 'activity', fitType, activities, warnings };
}

/** The SDK's error, in the words a user needs: what is wrong and where (fitSdk.ts; fitDecode.ts uses the same words). */
export function explainFitError(error: Error): string {
  const msg = error.message ?? String(error);
  const at = /at byte (\d+)/.exec(msg)?.[1];
  const where = at ? ` at byte ${at}` : '';
  if (/compressed timestamp/i.test(msg)) {
    return `uses compressed-timestamp records (older Forerunner/Lezyne devices), which the FIT decoder cannot read past byte ${at ?? '?'}; not stored rather than stored incomplete`;
  }
  if (/CRC/i.test(msg)) return `corrupted: checksum (CRC) mismatch${where}`;
  if (/end of stream/i.test(msg)) return `truncated: the file ends${where}, before the data its header declares`;
  if (/not a FIT file/i.test(msg)) return `corrupted: a chained FIT file${where} has an invalid header`;
  if (/FIT Runtime Error/.test(msg)) return `corrupted or truncated FIT data${where}`;
  // Not a FIT format error but the decoder itself failing (e.g. @garmin/fitsdk 21.217 crashes on
  // accumulated fields in some Forerunner 255 multisport files).
  return `the FIT decoder failed on this file (${msg}); the file may be valid, but it cannot be read here`;
}

function time(v: unknown): number {
  return v instanceof Date ? v.getTime() : NaN;
}

const FIT_EPOCH_MS = FIT_EPOCH_S * 1000;

/**
 * Indices of the records that have a timestamp (the others cannot be placed in time), in a
 * scratch array reused from file to file: it lives only while mapActivities runs (the samples
 * are copies), and new memory is slow to touch in the decode workers (prepareFit.ts).
 */
let scratchIndices = new Int32Array(0);

function timedRecords(cols: RecordColumns): Int32Array {
  if (scratchIndices.length < cols.length) scratchIndices = new Int32Array(Math.max(cols.length, 2 * scratchIndices.length));
  const out = scratchIndices;
  let n = 0;
  for (let i = 0; i < cols.length; i++) if (!Number.isNaN(cols.timeS[i])) out[n++] = i;
  if (scratchIndices.length > MAX_SCRATCH_RECORDS) scratchIndices = new Int32Array(0);
  return out.subarray(0, n);
}

/** The records in [startMs, endMs), plus those before startMs when `early` (all of them, uncopied, in the usual one-session file). */
function recordsIn(cols: RecordColumns, records: Int32Array, startMs: number, endMs: number, early: boolean): Int32Array {
  const inside = (r: number) => {
    const t = recordMs(cols, r);
    return (t >= startMs && t < endMs) || (early && t < startMs);
  };
  let k = 0;
  while (k < records.length && inside(records[k] as number)) k++;
  if (k === records.length) return records;
  const out = new Int32Array(records.length);
  out.set(records.subarray(0, k));
  let n = k;
  for (; k < records.length; k++) {
    const r = records[k] as number;
    if (inside(r)) out[n++] = r;
  }
  return out.subarray(0, n);
}

function recordMs(cols: RecordColumns, i: number): number {
  return (cols.timeS[i] as number) * 1000 + FIT_EPOCH_MS;
}

/** activity_type as the SDK gives it: the profile's string, else the number. */
function activityTypeOf(code: number): string | number | undefined {
  if (Number.isNaN(code)) return undefined;
  return profileTypes.activityType?.[code] ?? code;
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function localOffset(activity: Mesg | undefined): number | null {
  const local = num(activity?.localTimestamp);
  const utc = time(activity?.timestamp);
  if (local === null || !Number.isFinite(utc)) return null;
  const offset = local - (utc / 1000 - FIT_EPOCH_S);
  // Real offsets are whole quarter hours within ±14 h; anything else is a bad local clock.
  if (Math.abs(offset) > 14 * 3600) return null;
  return Math.round(offset / 900) * 900;
}

function deviceName(fileId: Mesg | undefined): string | null {
  if (!fileId) return null;
  if (typeof fileId.garminProduct === 'string') return fileId.garminProduct;
  const maker = typeof fileId.manufacturer === 'string' ? fileId.manufacturer : null;
  const product = typeof fileId.productName === 'string' ? fileId.productName : fileId.product;
  return [maker, product].filter((p) => p !== null && p !== undefined).join(' ') || null;
}

/** A stand-in session for files that hold records but no summary (e.g. a watch that died). */
function sessionFromRecords(cols: RecordColumns, records: Int32Array): Mesg {
  const firstMs = recordMs(cols, records[0] as number);
  const lastMs = recordMs(cols, records[records.length - 1] as number);
  let hrSum = 0;
  let hrCount = 0;
  let hrMax = -Infinity;
  let distMax = -Infinity;
  for (const i of records) {
    const hr = cols.heartRate[i] as number;
    if (Number.isFinite(hr)) {
      hrSum += hr;
      hrCount++;
      hrMax = Math.max(hrMax, hr);
    }
    const d = cols.distanceM[i] as number;
    if (Number.isFinite(d)) distMax = Math.max(distMax, d);
  }
  const elapsed = (lastMs - firstMs) / 1000;
  return {
    startTime: new Date(firstMs),
    totalElapsedTime: elapsed,
    totalTimerTime: elapsed,
    totalDistance: distMax > -Infinity ? distMax : undefined,
    avgHeartRate: hrCount ? Math.round(hrSum / hrCount) : undefined,
    maxHeartRate: hrCount ? hrMax : undefined,
  };
}

function sessionFields(
  s: Mesg,
  ctx: { sport: string; utcOffsetS: number; device: string | null; samples: SampleColumns | null; garminActivityId: number | null },
  warnings: string[],
): ActivityFields {
  let elapsedS = num(s.totalElapsedTime);
  let timerS = num(s.totalTimerTime);
  if (elapsedS !== null && timerS !== null && timerS > elapsedS + 1) {
    warnings.push(`timer time (${fmt(timerS)}) exceeded elapsed time (${fmt(elapsedS)}); swapped them`);
    [elapsedS, timerS] = [timerS, elapsedS];
  }
  if (elapsedS !== null && elapsedS > FIT_DEFAULTS.maxElapsedS) {
    warnings.push(`elapsed time of ${(elapsedS / 86_400).toFixed(1)} days is a device clock error; used the timer time ${fmt(timerS ?? 0)} instead`);
    elapsedS = timerS;
  }
  const foot = isFootSport(ctx.sport);
  const lat = num(s.startPositionLat);
  const lon = num(s.startPositionLong);
  return {
    garminActivityId: ctx.garminActivityId,
    source: ctx.garminActivityId !== null ? 'connect_export' : 'fit',
    sport: ctx.sport,
    name: null,
    startMs: time(s.startTime),
    utcOffsetS: ctx.utcOffsetS,
    distanceM: num(s.totalDistance),
    elapsedS,
    timerS,
    movingS: ctx.samples ? movingTime(ctx.samples) : null,
    ascentM: num(s.totalAscent),
    descentM: num(s.totalDescent),
    avgHr: num(s.avgHeartRate),
    maxHr: num(s.maxHeartRate),
    avgSpeedMps: num(s.enhancedAvgSpeed) ?? num(s.avgSpeed),
    maxSpeedMps: num(s.enhancedMaxSpeed) ?? num(s.maxSpeed),
    avgCadenceSpm: foot ? stepsPerMin(s.avgCadence, s.avgFractionalCadence) : null,
    avgCadenceRpm: foot ? null : num(s.avgCadence),
    avgPowerW: num(s.avgPower),
    caloriesKcal: num(s.totalCalories),
    // Garmin's load: session field 168 training_load_peak (metrics.md "Per-activity load").
    trainingLoad: num(s.trainingLoadPeak),
    aerobicTe: num(s.totalTrainingEffect),
    anaerobicTe: num(s.totalAnaerobicTrainingEffect),
    startLat: lat !== null ? lat * SEMICIRCLE_DEG : null,
    startLon: lon !== null ? lon * SEMICIRCLE_DEG : null,
    device: ctx.device,
    parentGarminId: null,
    // A replacer slows every key down; only 64-bit fields (rare in sessions) need one.
    rawJson: Object.values(s).some(hasBigInt) ? JSON.stringify(s, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) : JSON.stringify(s),
  };
}

function hasBigInt(v: unknown): boolean {
  if (typeof v === 'bigint') return true;
  if (Array.isArray(v)) return v.some(hasBigInt);
  // developerFields (SDK front end) is an object of values.
  return v !== null && typeof v === 'object' && !(v instanceof Date) && Object.values(v).some(hasBigInt);
}

function lapFields(l: Mesg, foot: boolean): LapFields {
  return {
    startMs: time(l.startTime),
    elapsedS: num(l.totalElapsedTime),
    timerS: num(l.totalTimerTime),
    distanceM: num(l.totalDistance),
    avgHr: num(l.avgHeartRate),
    maxHr: num(l.maxHeartRate),
    avgSpeedMps: num(l.enhancedAvgSpeed) ?? num(l.avgSpeed),
    maxSpeedMps: num(l.enhancedMaxSpeed) ?? num(l.maxSpeed),
    ascentM: num(l.totalAscent),
    descentM: num(l.totalDescent),
    avgCadenceSpm: foot ? stepsPerMin(l.avgCadence, l.avgFractionalCadence) : null,
    avgPowerW: num(l.avgPower),
  };
}

/** FIT running cadence is strides/min of one leg (+ fraction); steps/min is twice that. */
function stepsPerMin(cadence: unknown, fraction: unknown): number | null {
  const c = num(cadence);
  return c === null ? null : 2 * (c + (num(fraction) ?? 0));
}

function buildSamples(cols: RecordColumns, records: Int32Array, startMs: number, foot: boolean): SampleColumns | null {
  const n = records.length;
  if (n === 0) return null;
  const tS = new Float32Array(n);
  for (let i = 0; i < n; i++) tS[i] = (recordMs(cols, records[i] as number) - startMs) / 1000;
  const cadence = pick(Float32Array, cols.cadence, records, 1);
  if (cadence && foot) {
    for (let i = 0; i < n; i++) {
      const frac = cols.fractionalCadence[records[i] as number] as number;
      cadence[i] = 2 * ((cols.cadence[records[i] as number] as number) + (Number.isNaN(frac) ? 0 : frac));
    }
  }
  return {
    startMs,
    tS,
    hr: pick(Float32Array, cols.heartRate, records, 1),
    speedMps: pick(Float32Array, cols.speedMps, records, 1),
    distanceM: pick(Float32Array, cols.distanceM, records, 1),
    lat: pick(Float64Array, cols.latSemicircles, records, SEMICIRCLE_DEG),
    lon: pick(Float64Array, cols.lonSemicircles, records, SEMICIRCLE_DEG),
    altitudeM: pick(Float32Array, cols.altitudeM, records, 1),
    cadence,
    powerW: pick(Float32Array, cols.powerW, records, 1),
  };
}

/** The records' values of one column (times `scale`), or null when none of them has one (no array allocated). */
function pick<T extends Float32Array | Float64Array>(Type: { new (n: number): T }, src: Float64Array, records: Int32Array, scale: number): T | null {
  let first = 0;
  while (first < records.length && Number.isNaN(src[records[first] as number])) first++;
  if (first === records.length) return null;
  const out = new Type(records.length);
  const start = records[0] as number;
  if (scale === 1 && (records[records.length - 1] as number) - start === records.length - 1) {
    // One run of consecutive records (the usual single-session file): a native converting copy.
    out.set(src.subarray(start, start + records.length));
    return out;
  }
  out.fill(NaN, 0, first);
  for (let i = first; i < records.length; i++) out[i] = (src[records[i] as number] as number) * scale;
  return out;
}

/** Seconds spent at or above the moving speed, each interval capped at the pause gap. */
export function movingTime(s: SampleColumns): number | null {
  if (!s.speedMps) return null;
  let moving = 0;
  for (let i = 0; i + 1 < s.tS.length; i++) {
    if ((s.speedMps[i] as number) >= FIT_DEFAULTS.movingSpeedMps) {
      moving += Math.min((s.tS[i + 1] as number) - (s.tS[i] as number), FIT_DEFAULTS.maxGapS);
    }
  }
  return moving;
}

/** FIT sport/sub-sport -> Garmin's activity type key, so FIT-only and export activities agree. */
export function sportKey(sport: unknown, subSport: unknown, recordActivityType?: unknown): string {
  const s = typeof sport === 'string' ? sport : typeof recordActivityType === 'string' ? recordActivityType : 'generic';
  const sub = typeof subSport === 'string' ? subSport : 'generic';
  const bySub = SUB_SPORTS[`${s}/${sub}`];
  if (bySub) return bySub;
  return SPORTS[s] ?? toSnake(s);
}

const SPORTS: Record<string, string> = {
  running: 'running', cycling: 'cycling', swimming: 'swimming', walking: 'walking', hiking: 'hiking',
  training: 'indoor_cardio', transition: 'transition_v2', generic: 'other', rowing: 'rowing',
  fitnessEquipment: 'fitness_equipment', multisport: 'multi_sport',
};

const SUB_SPORTS: Record<string, string> = {
  'running/trail': 'trail_running', 'running/treadmill': 'treadmill_running', 'running/street': 'street_running',
  'running/track': 'track_running', 'running/indoorRunning': 'indoor_running', 'running/virtualActivity': 'virtual_run',
  'running/ultra': 'ultra_run',
  'cycling/road': 'road_biking', 'cycling/mountain': 'mountain_biking', 'cycling/indoorCycling': 'indoor_cycling',
  'cycling/virtualActivity': 'virtual_ride', 'cycling/gravelCycling': 'gravel_cycling', 'cycling/commuting': 'cycling',
  'swimming/lapSwimming': 'lap_swimming', 'swimming/openWater': 'open_water_swimming',
  'training/strengthTraining': 'strength_training', 'training/cardioTraining': 'indoor_cardio',
  'fitnessEquipment/elliptical': 'elliptical', 'fitnessEquipment/indoorRowing': 'indoor_rowing',
  'fitnessEquipment/stairClimbing': 'stair_climbing', 'rowing/indoorRowing': 'indoor_rowing',
};

function toSnake(s: string): string {
  return s.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}

function fmt(s: number): string {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = Math.round(s % 60);
  return `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
}
