/** Shared shapes of the ingest path: what mappers produce and what the worker reports. */

/** The summary columns of an activity, as any source (summary JSON, FIT session) maps them. */
export interface ActivityFields {
  garminActivityId: number | null;
  source: 'garmin_export' | 'connect_export' | 'fit';
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

export type IngestState = 'idle' | 'running' | 'done' | 'error' | 'cancelled';

export interface IngestProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  activitiesFound: number;
  elapsedMs: number;
  /** Estimated time left, from the byte rate so far; null until there is a rate. */
  remainingMs: number | null;
  /** Bytes of the export read per second so far (null until there is a rate). */
  bytesPerSec: number | null;
  /** Path of the file being read, inside what was dropped. */
  currentFile: string;
  /** The same file as a person knows it ("uploaded files, part 2: run on 2024-05-03"). */
  currentName: string;
}

/** What happened to a file that was not stored as-is. */
export interface FileNote {
  /** Path inside what was dropped (`DI_CONNECT/.../UploadedFiles_0-_Part2.zip`, or `truncated.fit`). */
  file: string;
  /** The dropped file it came from (`garmin-export.zip`); equal to `file` for loose files. */
  input: string;
  status: 'skipped' | 'ignored' | 'warning';
  reason: string;
}

export interface IngestReport {
  ingestId: number;
  state: Exclude<IngestState, 'idle' | 'running'>;
  message: string | null;
  filesTotal: number;
  filesDone: number;
  bytesTotal: number;
  activitiesAdded: number;
  activitiesUpdated: number;
  fitLinked: number;
  fitAlreadyStored: number;
  wellnessDays: number;
  notes: FileNote[];
  elapsedMs: number;
}

/** What the database holds: the figures the summary shows after an ingest and after a reload. */
export interface DbSummary {
  activities: number;
  fitLinked: number;
  wellnessDays: number;
  firstDate: string | null;
  lastDate: string | null;
  bySport: { sport: string; count: number }[];
  lastIngest: IngestReport | null;
}
