import type { GeneratedGear } from './gear';
import type { MetricsOutput } from './metrics';
import type { Plan, PlannedSession, Phase, RaceKind } from './plan';
import { EDGE_NAMES } from './plan';
import type { SummaryRecord } from './summary';
import { dayMs, DAY_MS, ymd } from './time';
import type { WellnessDay } from './wellness';
import type { ZipEntry } from './zip';

/**
 * The manifest: what the generator wrote, counted from the written records and zip members
 * (never from the plan), so tests and the benchmark can compare an ingest against it.
 */

/** Bumped when the output changes shape or content for the same options (invalidates --if-missing samples). */
export const GENERATOR_VERSION = 3;

export interface Manifest {
  generatorVersion: number;
  seed: number;
  weeks: number;
  startDate: string;
  endDate: string;
  recordIntervalS: number;
  account: {
    /** Last local date with data in the account export (endDate - 2). */
    cutoffDate: string;
    /** Summary records (there are no multisport parents). */
    activities: number;
    activitiesWithFit: number;
    activitiesWithoutFit: number;
    monitoringFiles: number;
    /** All FIT members of the UploadedFiles parts: activities + monitoring. */
    fitFiles: number;
    uploadedParts: string[];
    summaryFiles: string[];
    /** Summary records per activityType. */
    bySport: Record<string, number>;
    /** Sum of all run-type distances (running, trail_running, treadmill_running), m. */
    runDistanceM: number;
    firstLocalDate: string;
    lastLocalDate: string;
    /** Distinct dates with a sleep record with stages > 0 or a UDS record. */
    wellnessDays: number;
    /** Sleep records with deep + light + rem > 0. */
    sleepNights: number;
    /** Sleep records including OFF_WRIST nights without stages. */
    sleepRecords: number;
    udsDays: number;
    /** DI-Connect-Metrics: one MaxMet and one race-prediction file per 100-day window, a record a week. */
    metrics: {
      maxMetFiles: string[];
      racePredictionFiles: string[];
      /** Running VO2max records (one per week with an outdoor run, on its last one). */
      vo2maxRecords: number;
      racePredictionRecords: number;
    };
    /** `<email>_gear.json`, in the order of gearDTOS; `activities` = links in gearActivityDTOs. */
    gear: (Omit<GeneratedGear, 'activityIds'> & { activities: number })[];
    /** Size of the account zip (bytes). */
    accountZipBytes: number;
  };
  connect: {
    fitFiles: number;
    /** Activities only in the Connect export (after the account cut-off). */
    newActivities: number;
    newActivityIds: number[];
    /** Activities also in the account export (same FIT bytes). */
    overlappingActivities: number;
    connectZipBytes: number;
  };
  totalActivities: number;
  edgeCases: {
    midnightCrossingActivityId: number;
    treadmillActivityId: number;
    /** Null in an export made without hostile names (the app's sample). */
    htmlNameActivityId: number | null;
    emojiNameActivityId: number | null;
    manualActivityIds: number[];
  };
  races: { activityId: number; race: RaceKind; localDate: string; distanceM: number; durationS: number }[];
  /** Per plan week, from the written summaries (account + connect). */
  plan: { weekStart: string; phase: Phase; recoveryWeek: boolean; runDistanceM: number; activities: number }[];
}

/** One generated activity: its plan entry, ids, summary record and FIT (null for manual entries). */
export interface GeneratedActivity {
  session: PlannedSession;
  activityId: number;
  startUtcMs: number;
  endUtcMs: number;
  summary: SummaryRecord;
  fit: Uint8Array | null;
}

const RUN_TYPES = new Set(['running', 'trail_running', 'treadmill_running']);

function localDate(rec: SummaryRecord): string {
  return ymd(Number(rec.startTimeLocal));
}

export interface ManifestInput {
  seed: number;
  weeks: number;
  endDate: string;
  recordIntervalS: number;
  plan: Plan;
  account: GeneratedActivity[];
  connectNew: GeneratedActivity[];
  overlap: GeneratedActivity[];
  days: WellnessDay[];
  uploads: { kind: 'activity' | 'monitoring' }[];
  uploadedParts: string[];
  summaryFiles: string[];
  /** Exactly the records written to the summary files. */
  summaries: SummaryRecord[];
  accountZipBytes: number;
  connectEntries: ZipEntry[];
  connectZipBytes: number;
  hostileNames: boolean;
  metrics: MetricsOutput;
  gear: GeneratedGear[];
}

function idOf(summaries: SummaryRecord[], pred: (r: SummaryRecord) => boolean, what: string): number {
  const rec = summaries.find(pred);
  if (!rec) throw new Error(`generator bug: no ${what} activity was written`);
  return Number(rec.activityId);
}

export function buildManifest(m: ManifestInput): Manifest {
  const bySport: Record<string, number> = {};
  let runDistanceCm = 0;
  for (const r of m.summaries) {
    const type = String(r.activityType);
    bySport[type] = (bySport[type] ?? 0) + 1;
    if (RUN_TYPES.has(type)) runDistanceCm += Number(r.distance ?? 0);
  }
  const localDates = m.summaries.map(localDate).sort();
  const fitIds = new Set(m.account.filter((a) => a.fit).map((a) => a.activityId));
  const withFit = m.summaries.filter((r) => fitIds.has(Number(r.activityId))).length;
  // Every day in `days` was written as one UDS record and one sleep record.
  const wellnessDates = new Set([...m.days.map((d) => d.date), ...m.days.filter((d) => d.sleepStaged).map((d) => d.date)]);
  const sleepNights = m.days.filter((d) => d.sleepStaged).length;
  const chronological = [...m.summaries].reverse();
  const allWritten = [...m.summaries, ...m.connectNew.map((a) => a.summary)];
  const weekStats = m.plan.weeks.map((w) => {
    const from = dayMs(w.startDate);
    const inWeek = allWritten.filter((r) => {
      const d = dayMs(localDate(r));
      return d >= from && d < from + 7 * DAY_MS;
    });
    const runCm = inWeek.filter((r) => RUN_TYPES.has(String(r.activityType))).reduce((a, r) => a + Number(r.distance ?? 0), 0);
    return { weekStart: w.startDate, phase: w.phase, recoveryWeek: w.recoveryWeek, runDistanceM: Math.round(runCm) / 100, activities: inWeek.length };
  });
  const byId = new Map(m.account.map((a) => [a.activityId, a]));
  return {
    generatorVersion: GENERATOR_VERSION,
    seed: m.seed,
    weeks: m.weeks,
    startDate: m.plan.startDate,
    endDate: m.endDate,
    recordIntervalS: m.recordIntervalS,
    account: {
      cutoffDate: m.plan.accountCutoff,
      activities: m.summaries.length,
      activitiesWithFit: withFit,
      activitiesWithoutFit: m.summaries.length - withFit,
      monitoringFiles: m.uploads.filter((u) => u.kind === 'monitoring').length,
      fitFiles: m.uploads.length,
      uploadedParts: m.uploadedParts,
      summaryFiles: m.summaryFiles,
      bySport,
      runDistanceM: Math.round(runDistanceCm) / 100,
      firstLocalDate: localDates[0] ?? '',
      lastLocalDate: localDates[localDates.length - 1] ?? '',
      wellnessDays: wellnessDates.size,
      sleepNights,
      sleepRecords: m.days.length,
      udsDays: m.days.length,
      metrics: {
        maxMetFiles: m.metrics.maxMetFiles,
        racePredictionFiles: m.metrics.racePredictionFiles,
        vo2maxRecords: m.metrics.vo2maxRecords,
        racePredictionRecords: m.metrics.racePredictionRecords,
      },
      gear: m.gear.map(({ activityIds, ...g }) => ({ ...g, activities: activityIds.length })),
      accountZipBytes: m.accountZipBytes,
    },
    connect: {
      fitFiles: m.connectEntries.length,
      newActivities: m.connectNew.length,
      newActivityIds: m.connectNew.map((a) => a.activityId),
      overlappingActivities: m.overlap.length,
      connectZipBytes: m.connectZipBytes,
    },
    totalActivities: m.summaries.length + m.connectNew.length,
    edgeCases: {
      midnightCrossingActivityId: idOf(chronological, (r) => byId.get(Number(r.activityId))?.session.key.endsWith('/midnight') === true, 'midnight-crossing'),
      treadmillActivityId: idOf(m.summaries, (r) => r.activityType === 'treadmill_running' && fitIds.has(Number(r.activityId)), 'treadmill'),
      htmlNameActivityId: m.hostileNames ? idOf(m.summaries, (r) => r.name === EDGE_NAMES.html, 'HTML-named') : null,
      emojiNameActivityId: m.hostileNames ? idOf(m.summaries, (r) => r.name === EDGE_NAMES.emoji, 'emoji-named') : null,
      manualActivityIds: chronological.filter((r) => !fitIds.has(Number(r.activityId))).map((r) => Number(r.activityId)),
    },
    races: chronological
      .map((r) => ({ r, a: byId.get(Number(r.activityId)) }))
      .filter((x) => x.a?.session.race)
      .map(({ r, a }) => ({
        activityId: Number(r.activityId),
        race: a?.session.race as RaceKind,
        localDate: localDate(r),
        distanceM: Number(r.distance) / 100,
        durationS: Number(r.duration) / 1000,
      })),
    plan: weekStats,
  };
}
