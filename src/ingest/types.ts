/** Shared shapes of the ingest path: what mappers produce and what the worker reports. */

/** The summary columns of an activity, as any source (summary JSON, FIT session) maps them. */
export interface ActivityFields {
  garminActivityId: number | null;
  /** Where the summary came from; a merge keeps the better one (db/store.ts SOURCE_RANK). */
  source: 'garmin_export' | 'connect_export' | 'fit' | 'tcx' | 'gpx';
  sport: string;
  name: string | null;
  startMs: number;
  utcOffsetS: number;
  distanceM: number | null;
  elapsedS: number | null;
  timerS: number | null;
  movingS: number | null;
  ascentM: number | null;
  descentM: number | null;
  avgHr: number | null;
  maxHr: number | null;
  avgSpeedMps: number | null;
  maxSpeedMps: number | null;
  avgCadenceSpm: number | null;
  avgCadenceRpm: number | null;
  avgPowerW: number | null;
  caloriesKcal: number | null;
  trainingLoad: number | null;
  aerobicTe: number | null;
  anaerobicTe: number | null;
  startLat: number | null;
  startLon: number | null;
  device: string | null;
  parentGarminId: number | null;
  /** The athlete's description (Strava's activities.csv); absent from other sources. */
  description?: string | null;
  rawJson: string;
}

export interface LapFields {
  startMs: number;
  elapsedS: number | null;
  timerS: number | null;
  distanceM: number | null;
  avgHr: number | null;
  maxHr: number | null;
  avgSpeedMps: number | null;
  maxSpeedMps: number | null;
  ascentM: number | null;
  descentM: number | null;
  avgCadenceSpm: number | null;
  avgPowerW: number | null;
}

/** A 1 Hz (or smart-recorded) stream as columns; absent channels are null. NaN = not recorded. */
export interface SampleColumns {
  startMs: number;
  tS: Float32Array;
  hr: Float32Array | null;
  speedMps: Float32Array | null;
  distanceM: Float32Array | null;
  lat: Float64Array | null;
  lon: Float64Array | null;
  altitudeM: Float32Array | null;
  cadence: Float32Array | null;
  powerW: Float32Array | null;
}

export interface WellnessFields {
  date: string;
  restingHr?: number | null;
  hrvMs?: number | null;
  sleepS?: number | null;
  deepS?: number | null;
  lightS?: number | null;
  remS?: number | null;
  awakeS?: number | null;
  steps?: number | null;
  bodyBatteryHigh?: number | null;
  bodyBatteryLow?: number | null;
  stressAvg?: number | null;
  sleepStartUtc?: string | null;
  sleepEndUtc?: string | null;
  sleepScore?: number | null;
  rawUdsJson?: string | null;
  rawSleepJson?: string | null;
  rawHrvJson?: string | null;
}

