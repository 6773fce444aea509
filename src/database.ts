import type { ActivityTableRow } from './analysis/activityTable';
import type { Availability, Goal, PlannedSession, PlanWeek, StartingPoint } from './analysis/planBuilder';
import type { SessionStatus, TrackedSession } from './analysis/sessionMatch';
import type { LoadSource } from './analysis/load';
import type { RoutesResult, RouteTrack } from './analysis/routes';
import type { ActivityInput, HrZones, LapInput, StreamInput } from './analysis/types';

/**
 * The worker contract: the database's API, as the page calls it (through comlink), and every type
 * that crosses the worker boundary. The page (app, notebook, cells) imports this module and never
 * storage; storage implements it and never imports the page (.dependency-cruiser.cjs checks both).
 * Types of the analysis (activities, streams, zones) cross as the analysis defines them.
 */

/** The API of the database worker (workers/database.worker.ts): SQLite on OPFS, the import, the reads. */
export interface DatabaseApi {
  /** Opens (or creates) the database; only one tab at a time may hold it. */
  open(): Promise<OpenResult>;
  /** Imports dropped files (exports, parts, loose FIT and JSON), reporting progress as it goes. */
  ingest(files: File[], onProgress: (p: IngestProgress) => void): Promise<IngestReport>;
  /** The bundled sample export (made by tools/gen-export), fetched from this site's own origin. */
  ingestSample(onProgress: (p: IngestProgress) => void): Promise<IngestReport>;
  /**
   * Fills a fresh database from the kept original files with today's import, carries over the
   * athlete's plans, sessions and corrections, and switches to it only when every activity was
   * found again (ingest/rebuild.ts); cancelled with cancelIngest.
   */
  rebuildFromOriginals(onProgress: (p: IngestProgress) => void): Promise<RebuildReport>;
  /** An activity's original recording as it was imported (null when none was kept). */
  originalFile(activityId: number): Promise<OriginalDownload | null>;
  cancelIngest(): void;
  summary(): DbSummary;
  /** HR zones / max / resting HR found in the export, to prefill settings. */
  exportHrProfile(): ExportHrProfile | null;
  /** A read-only SQL query for the SQL cell; errors come back as the message SQLite gives. */
  query(sql: string): SqlResult;
  /**
   * Everything the notebook's cells share, in one read per data version (db/dataset.ts): the
   * athlete's HR settings weigh the loads (TRIMP) and the time in zones.
   */
  dataset(hr: AthleteHr): Dataset;
  /** One activity's stream and laps for the Activity and Decoupling cells (buffers transferred). */
  activityDetail(id: number): ActivityDetail | null;
  listPlans(): PlanInfo[];
  createPlan(name: string, weeks: PlanWeekInput[]): number;
  planWeeks(planId: number): PlanWeekInput[];
  /** A plan's weeks; with `today`, a built plan's sessions to come follow the weeks whose distance or long run changed. */
  savePlanWeeks(planId: number, weeks: PlanWeekInput[], today?: string): void;
  renamePlan(planId: number, name: string): void;
  /**
   * A plan built from a goal: its weeks, dated sessions and the goal, all or nothing. Refused
   * (nothing saved) when its weeks overlap a plan already built for another goal.
   */
  createPlanFromGoal(name: string, goal: PlanGoalRecord, weeks: PlanWeekInput[], sessions: PlannedSession[]): CreatePlanResult;
  /** A built plan's goal, dated sessions and changes (null for a plan written by hand). */
  builtPlan(planId: number): BuiltPlanState | null;
  /** A session marked by hand in the deck (done with its activity, skipped, or planned again). */
  setSessionStatus(planId: number, sessionId: string, status: SessionStatus, activityId: number | null): void;
  /** An accepted proposal or a session moved by hand, in one transaction; returns the change's id. */
  applyPlanChange(planId: number, change: PlanChangeInput): number;
  rejectProposal(planId: number, proposalId: string, kind: string, summary: string): void;
  undoPlanChange(planId: number, changeId: number): void;
  deletePlan(planId: number): void;
  /** The SQLite file itself, transferred (not copied) to the page for download. */
  /** The athlete's corrections (db/corrections.ts): rename, re-type, exclude from load; delete and restore. */
  correctActivity(id: number, correction: ActivityCorrection): void;
  deleteActivity(id: number): void;
  restoreActivity(id: number): void;
  listDeletedActivities(): DeletedActivity[];
  /** Off-watch sessions (db/manual.ts): listed, saved (new, or `id`'s), deleted, imported from openrun's CSV. */
  listManualSessions(): ManualSession[];
  saveManualSession(session: ManualSessionInput, id: number | null): number;
  deleteManualSession(id: number): void;
  importManualCsv(text: string): ManualCsvReport;
  exportDb(): Uint8Array;
  /** Deletes the database file and starts a fresh, empty one. */
  deleteAll(): Promise<DbSummary>;
}

/** What the athlete's settings say about their heart (settings panel): TRIMP and zones depend on it. */
export interface AthleteHr {
  zones: HrZones;
  restingHr: number;
  maxHr: number;
}

/** The notebook's shared data, read once per data version (and re-weighed when AthleteHr changes). */
export interface Dataset {
  /** What the database holds (the Overview cell's totals). */
  summary: DbSummary;
  perMonth: MonthCount[];
  /** Every activity's summary row, in start order. */
  activities: ActivityInput[];
  /** One row per activity with its metrics and load (the Activities cell and its CSV). */
  table: ActivityTableRow[];
  /** The day series' loads: the table's, plus manual sessions that carry one (ids negative). */
  loads: ActivityLoadRow[];
  /** Runs clustered by start (places; the table's `route`) and into courses, each course's pace and GAP trends. */
  routes: RoutesResult;
  /** One drawable path per course: its latest run with GPS. */
  tracks: RouteTrack[];
  /** Sleep, HRV and resting HR per day, for the Recovery cell. */
  wellness: WellnessDay[];
  /**
   * Off-watch sessions (manual_activities) as activities with negative ids (the same as in
   * `loads`): the calendar and the plan's compliance count them; records and routes do not.
   */
  sessions: ActivityInput[];
  /** Garmin's running VO2max estimate by day (MetricsMaxMetData), for the Records cell. */
  vo2max: Vo2maxDay[];
  /** Garmin's own race predictions by day (RunRacePredictions), next to fitbook's. */
  garminPredictions: GarminPrediction[];
  /** Shoes and bikes with what they were used for (the athlete's shoe mileage). */
  gear: GearSummary[];
}

export interface Vo2maxDay {
  date: string;
  /** ml/kg/min. */
  vo2max: number;
  fitnessAge: number | null;
}

/** Garmin's predicted finish times on a day, seconds (null where Garmin gave none). */
export interface GarminPrediction {
  date: string;
  fiveKS: number | null;
  tenKS: number | null;
  halfS: number | null;
  marathonS: number | null;
}

export interface GearSummary {
  uuid: string;
  /** 'shoes' | 'bike' | 'other'. */
  type: string;
  name: string;
  brandModel: string | null;
  /** 'active' | 'retired'. */
  status: string;
  dateBegin: string | null;
  dateEnd: string | null;
  /** The distance the athlete set in Garmin Connect to be told to retire it, metres. */
  maximumM: number | null;
  activities: number;
  distanceM: number;
  movingS: number;
  lastUsed: string | null;
}

export type OpenResult =
  | { ok: true; summary: DbSummary; persisted: boolean }
  | { ok: false; reason: 'locked' | 'unsupported' | 'failed'; message: string };

/** A value of a SQL result cell as SQLite gives it to JavaScript. */
export type SqlCell = string | number | bigint | Uint8Array | null;

/** Activities of one sport in one month (YYYY-MM), for the Overview cell. */
export interface MonthCount {
  month: string;
  sport: string;
  count: number;
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
  /** The file as a person recognises it ("sleep, 2024-01-01 to 2024-04-10", "uploaded files, part 2: 9876.fit"). */
  name: string;
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
export interface RebuildReport {
  /** 'incomplete': some activities have no original kept (listed in `missing`); the old database stays. */
  state: 'done' | 'incomplete' | 'cancelled' | 'error';
  report: IngestReport;
  missing: { localDate: string; sport: string; name: string | null }[];
  /** What else a rebuilt database would have lacked ("3 wellness days"): the old one stays. */
  shortfalls: string[];
  /** Corrections applied again to the rebuilt activities. */
  corrections: number;
}

export interface OriginalDownload {
  name: string;
  bytes: Uint8Array;
}

export interface DbSummary {
  /** The original files kept on the device, and what they take there. */
  originals: { files: number; storedBytes: number };
  activities: number;
  fitLinked: number;
  wellnessDays: number;
  firstDate: string | null;
  lastDate: string | null;
  bySport: { sport: string; count: number }[];
  lastIngest: IngestReport | null;
}

export interface ExportHrProfile {
  floors: number[];
  maxHr: number | null;
  restingHr: number | null;
}

/** One activity's load for the day series: Garmin's, else TRIMP from its stream or its summary (source named). */
export interface ActivityLoadRow {
  id: number;
  localDate: string;
  sport: string;
  /** The activity's name, to name those without a load. */
  name: string | null;
  distanceM: number | null;
  load: number;
  loadSource: LoadSource;
}

export interface SqlResult {
  columns: string[];
  rows: SqlCell[][];
  /** True when more rows existed than were returned. */
  truncated: boolean;
}

export interface ActivityDetail {
  activity: ActivityInput;
  stream: StreamInput | null;
  laps: LapInput[];
  /** The recording it came from, when its original was kept (originalFile downloads it). */
  original: { name: string; sizeBytes: number } | null;
  /** The athlete's description (from Strava's activities.csv). */
  description: string | null;
}

export interface PlanInfo {
  id: number;
  name: string;
}

/** What a plan was built from (plan_goals.goal_json). */
export interface PlanGoalRecord {
  goal: Goal;
  availability: Availability;
  start: StartingPoint;
  taperWeeks: number;
  /** Set when the athlete chose the base phase's length (else by race distance). */
  baseWeeks?: number;
}

export type CreatePlanResult = { planId: number } | { problem: { field: string; message: string } };

/** A plan built from a goal, as the deck and the replanning read it. */
export interface BuiltPlanState {
  goal: PlanGoalRecord;
  sessions: TrackedSession[];
  changes: PlanChangeRecord[];
}

/** Sessions and weeks as they are after a change (only the changed ones). */
export interface PlanChangeInput {
  proposalId: string;
  kind: string;
  summary: string;
  sessions: TrackedSession[];
  weeks: PlanWeekInput[];
}

/** A row of plan_changes. */
export interface PlanChangeRecord {
  id: number;
  proposalId: string;
  kind: string;
  summary: string;
  status: 'accepted' | 'rejected' | 'undone';
  createdAt: string;
}

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
  /** The daily summary's steps, Body Battery high and low (0–100) and all-day average stress (0–100). */
  steps: number | null;
  bodyBatteryHigh: number | null;
  bodyBatteryLow: number | null;
  stressAvg: number | null;
}

/** One week of a training plan as the plan cell edits it (a row of plan_weeks): the builder's week. */
export type PlanWeekInput = PlanWeek;

/** An off-watch session as entered (the form, or a row of openrun's CSV). */
export interface ManualSessionInput {
  localDate: string;
  /** HH:MM, local; null when not given. */
  startTime: string | null;
  /** Garmin's activity type key (`running`, `strength_training`, …). */
  sport: string;
  name: string | null;
  distanceM: number | null;
  durationS: number;
  /** Session RPE, 1–10 (Foster's CR-10); the load is RPE × minutes unless a load is given. */
  rpe: number | null;
  trainingLoad: number | null;
  notes: string | null;
  /** From the CSV's external_id: a re-import updates instead of adding. */
  externalId?: string | null;
}

export interface ManualSession extends ManualSessionInput {
  id: number;
  loadSource: 'manual' | 'session_rpe';
}

export interface ManualCsvReport {
  added: number;
  updated: number;
  /** Rows left out, with the reason (1-based line). */
  problems: { row: number; reason: string }[];
}

/** What the athlete changes on an activity; an absent field stays as it is. */
export interface ActivityCorrection {
  name?: string | null;
  /** Garmin's activity type key. */
  sport?: string;
  excludedFromLoad?: boolean;
}

export interface DeletedActivity {
  id: number;
  localDate: string;
  sport: string;
  name: string | null;
  deletedAt: string;
}
