import { encodeActivityFit } from './activityFit';
import { json, realismFiles } from './extraFiles';
import { gearFile } from './gear';
import { buildManifest, type GeneratedActivity, type Manifest } from './manifest';
import { metricsFiles } from './metrics';
import { buildPlan, fitnessAt, type Plan } from './plan';
import { modernRecording } from './modernWatch';
import { rngFor, type Rng } from './random';
import { buildRoutes } from './routes';
import { simulate } from './simulate';
import { SPORTS } from './sports';
import { activityTotals, KJ_PER_KCAL } from './stats';
import { manualSummaryRecord, summaryRecord, USER_PROFILE_ID } from './summary';
import { addDays, dayMs, DAY_MS, localToUtc } from './time';
import { heartRateZones, monitoringFit, wellnessDays, type DayTraining, type WellnessDay } from './wellness';
import { buildParts, buildZip, type ZipEntry } from './zip';

/**
 * A deterministic synthetic Garmin account export ("Export Your Data") plus a Connect
 * per-activity export, for fitbook's tests, benchmark and bundled sample.
 * Same options -> byte-identical zips: all randomness is seeded, zip dates are fixed.
 */

export interface GenerateOptions {
  seed: number;
  weeks: number;
  /** Last day of the plan (YYYY-MM-DD). The account export stops 2 days earlier. */
  endDate?: string;
  /** Seconds between FIT records (1 = every second, like "Every Second" recording). */
  recordIntervalS?: number;
  /** Split UploadedFiles_0-_PartN.zip above this size (Garmin's parts are ~100 MB). */
  uploadPartMaxBytes?: number;
  /** Two runs with hostile names (plan.ts PlanOptions.hostileNames); default true. */
  hostileNames?: boolean;
}

export interface GeneratedExport {
  accountZip: Uint8Array;
  connectZip: Uint8Array;
  manifest: Manifest;
}

export { GENERATOR_VERSION, type Manifest } from './manifest';

export const DEFAULTS = {
  endDate: '2026-11-22',
  recordIntervalS: 1,
  uploadPartMaxBytes: 100 * 2 ** 20,
  owner: 'runner@example.com',
  /** DEFLATE level (pako). 4 gives the same size as 6 on FIT data, ~25 % faster. */
  zipLevel: 4,
  /** Activities per summarizedActivities chunk, as Garmin writes them. */
  summaryChunk: 1000,
};

function validate(opts: GenerateOptions): Required<Omit<GenerateOptions, 'seed' | 'weeks'>> {
  if (!Number.isInteger(opts.seed) || opts.seed < 0 || opts.seed > 0xffffffff) throw new Error(`seed must be an integer 0..2^32-1, got ${opts.seed}`);
  if (!Number.isInteger(opts.weeks) || opts.weeks < 2) throw new Error(`weeks must be an integer >= 2, got ${opts.weeks}`);
  const endDate = opts.endDate ?? DEFAULTS.endDate;
  dayMs(endDate);
  const recordIntervalS = opts.recordIntervalS ?? DEFAULTS.recordIntervalS;
  if (!Number.isInteger(recordIntervalS) || recordIntervalS < 1 || recordIntervalS > 60) throw new Error(`recordIntervalS must be an integer 1..60, got ${recordIntervalS}`);
  return { endDate, recordIntervalS, uploadPartMaxBytes: opts.uploadPartMaxBytes ?? DEFAULTS.uploadPartMaxBytes, hostileNames: opts.hostileNames ?? true };
}

export function uuid(rng: Rng): string {
  const h = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[rng.int(0, 15)]).join('');
  return `${h(8)}-${h(4)}-4${h(3)}-${'89ab'[rng.int(0, 3)]}${h(3)}-${h(12)}`;
}

/**
 * Every planned session as a summary record and (unless logged by hand) a FIT, ids rising with
 * time, one at a time (the heavy export streams them to disk). `modern`: FITs as a current
 * watch writes them (running dynamics, power, R-R intervals; modernWatch.ts).
 */
export function* generateActivities(plan: Plan, seed: number, recordIntervalS: number, { modern = false } = {}): Generator<GeneratedActivity> {
  const routes = buildRoutes(seed);
  const idRng = rngFor(seed, 'activity-ids');
  let activityId = 10_000_000_000 + idRng.int(0, 400_000_000);
  for (const session of plan.sessions) {
    const startUtcMs = localToUtc(session.localStartMs);
    const offsetMs = session.localStartMs - startUtcMs;
    activityId += idRng.int(1_000_000, 4_000_000);
    const sport = SPORTS[session.kind];
    const ids = { activityId, startUtcMs, offsetMs };
    if (session.manual) {
      const summary = manualSummaryRecord(session, sport, ids);
      yield { session, activityId, startUtcMs, endUtcMs: startUtcMs + session.durationS * 1000, summary, fit: null };
      continue;
    }
    const month = Number(session.date.slice(5, 7));
    let samples = simulate(session, {
      rng: rngFor(seed, 'session', session.key),
      route: session.routeId !== null ? routes[session.routeId] ?? null : null,
      recordIntervalS,
      summer: month >= 6 && month <= 8,
    });
    const recording = modern ? modernRecording(samples, sport, rngFor(seed, 'modern', session.key)) : null;
    if (recording) samples = recording.samples;
    const totals = activityTotals(samples, sport);
    const fit = encodeActivityFit(sport, samples, totals, { startUtcMs, offsetMs }, recording?.channels ?? null);
    const summary = summaryRecord(session, sport, samples, totals, ids);
    yield { session, activityId, startUtcMs, endUtcMs: startUtcMs + totals.elapsedS * 1000, summary, fit };
  }
}

/** Adds an activity to its local date's load, steps and energy (what drives wellness). */
export function addTraining(training: Map<string, DayTraining>, a: GeneratedActivity): void {
  const day = training.get(a.session.date) ?? { load: 0, steps: 0, activeKcal: 0, activeS: 0, lastEndLocalMs: 0 };
  day.load += Number(a.summary.activityTrainingLoad ?? 0);
  day.steps += Number(a.summary.steps ?? 0);
  day.activeKcal += Math.round(Number(a.summary.calories ?? 0) / KJ_PER_KCAL);
  day.activeS += Number(a.summary.duration ?? 0) / 1000;
  day.lastEndLocalMs = Math.max(day.lastEndLocalMs, a.session.localStartMs + (a.endUtcMs - a.startUtcMs));
  training.set(a.session.date, day);
}

function dailyTraining(activities: GeneratedActivity[]): Map<string, DayTraining> {
  const training = new Map<string, DayTraining>();
  for (const a of activities) addTraining(training, a);
  return training;
}

interface Upload {
  kind: 'activity' | 'monitoring';
  entry: ZipEntry;
}

/**
 * The UploadedFiles members in upload order: each activity FIT shortly after it ends, and a
 * monitoring_b FIT for every 7th day. Members are named by a 12-digit upload id that has
 * nothing to do with the activityId (garmin-export-format.md §4).
 */
function uploadedFits(seed: number, account: GeneratedActivity[], days: WellnessDay[]): Upload[] {
  const uploads: { atMs: number; kind: Upload['kind']; data: Uint8Array }[] = [];
  for (const a of account) if (a.fit) uploads.push({ atMs: a.endUtcMs + 5 * 60_000, kind: 'activity', data: a.fit });
  days.forEach((d, i) => {
    if (i % 7 !== 3) return;
    const fit = monitoringFit(seed, d.date, Number(d.uds.restingHeartRate ?? 50), Number(d.uds.totalSteps ?? 8000));
    uploads.push({ atMs: localToUtc(dayMs(d.date) + DAY_MS) + 20 * 60_000, kind: 'monitoring', data: fit });
  });
  uploads.sort((a, b) => a.atMs - b.atMs);
  const rng = rngFor(seed, 'upload-ids');
  let uploadId = 280_000_000_000 + rng.int(0, 5_000_000_000);
  return uploads.map((u) => {
    uploadId += rng.int(100_000, 30_000_000);
    return { kind: u.kind, entry: { path: `${DEFAULTS.owner}_${uploadId}.fit`, data: u.data } };
  });
}

export async function generateExport(opts: GenerateOptions): Promise<GeneratedExport> {
  const { endDate, recordIntervalS, uploadPartMaxBytes, hostileNames } = validate(opts);
  const { seed, weeks } = opts;
  const owner = DEFAULTS.owner;
  const plan = buildPlan(seed, weeks, endDate, { hostileNames });
  const activities = [...generateActivities(plan, seed, recordIntervalS)];
  const cutoffMs = dayMs(plan.accountCutoff);
  const account = activities.filter((a) => dayMs(a.session.date) <= cutoffMs);
  const connectNew = activities.filter((a) => dayMs(a.session.date) > cutoffMs);
  const days = wellnessDays(seed, plan.startDate, plan.accountCutoff, dailyTraining(account), (date) => fitnessAt(plan.startDate, date));
  const uploads = uploadedFits(seed, account, days);
  // The export was made early on the day after the cut-off; every zip entry carries that date.
  const accountDate = new Date(cutoffMs + DAY_MS + 5 * 3_600_000 + 12 * 60_000);
  const parts = await buildParts(uploads.map((u) => u.entry), accountDate, uploadPartMaxBytes, DEFAULTS.zipLevel);

  const root = `${uuid(rngFor(seed, 'export-uuid'))}/DI_CONNECT`;
  const files: ZipEntry[] = [];
  const newestFirst = [...account].sort((a, b) => b.startUtcMs - a.startUtcMs).map((a) => a.summary);
  const summaryFiles: string[] = [];
  for (let k = 0; k * DEFAULTS.summaryChunk < Math.max(1, newestFirst.length); k++) {
    const chunk = newestFirst.slice(k * DEFAULTS.summaryChunk, (k + 1) * DEFAULTS.summaryChunk);
    // Garmin names chunks by offsets 0, 1001, 2002, ... (sic).
    const path = `${root}/DI-Connect-Fitness/${owner}_${k * 1001}_summarizedActivities.json`;
    summaryFiles.push(path);
    files.push({ path, data: json([{ summarizedActivitiesExport: chunk }]) });
  }
  const uploadedParts = parts.map((_, i) => `${root}/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part${i + 1}.zip`);
  parts.forEach((data, i) => files.push({ path: uploadedParts[i] as string, data, store: true }));
  // Daily files come in 100-day windows named by their first and (exclusive) last day.
  for (let from = plan.startDate; dayMs(from) <= cutoffMs; from = addDays(from, 100)) {
    const to = addDays(from, 100);
    const inWindow = days.filter((d) => d.date >= from && d.date < to);
    files.push({ path: `${root}/DI-Connect-Wellness/${from}_${to}_${USER_PROFILE_ID}_sleepData.json`, data: json(inWindow.map((d) => d.sleep)) });
    files.push({ path: `${root}/DI-Connect-Aggregator/UDSFile_${from}_${to}.json`, data: json(inWindow.map((d) => d.uds)) });
  }
  files.push({ path: `${root}/DI-Connect-Wellness/${USER_PROFILE_ID}_heartRateZones.json`, data: json(heartRateZones()) });
  const metrics = metricsFiles(seed, root, account, plan.startDate, plan.accountCutoff);
  files.push(...metrics.files);
  const gear = gearFile(seed, root, owner, account, plan.startDate, plan.accountCutoff);
  files.push(gear.entry);
  files.push(...realismFiles(root, owner, account));
  const accountZip = await buildZip(files, accountDate, DEFAULTS.zipLevel);

  // Connect per-activity export: the last two weeks of the account export (same FIT bytes) + two newer runs.
  const overlapFrom = cutoffMs - 13 * DAY_MS;
  const overlap = account.filter((a) => a.fit && dayMs(a.session.date) >= overlapFrom);
  const connectEntries: ZipEntry[] = [...overlap, ...connectNew]
    .filter((a): a is GeneratedActivity & { fit: Uint8Array } => a.fit !== null)
    .map((a) => ({ path: `${a.activityId}_ACTIVITY.fit`, data: a.fit }));
  const connectZip = await buildZip(connectEntries, new Date(dayMs(endDate) + 20 * 3_600_000), DEFAULTS.zipLevel);

  const manifest = buildManifest({
    seed, weeks, endDate, recordIntervalS, plan, account, connectNew, overlap, days,
    uploads: uploads.map((u) => ({ kind: u.kind })), uploadedParts, summaryFiles, summaries: newestFirst,
    accountZipBytes: accountZip.length, connectEntries, connectZipBytes: connectZip.length, hostileNames, metrics, gear: gear.gear,
  });
  return { accountZip, connectZip, manifest };
}
