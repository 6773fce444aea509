import { json, realismFiles } from './extraFiles';
import { gearFile } from './gear';
import { addTraining, DEFAULTS as EXPORT_DEFAULTS, generateActivities, uuid } from './generate';
import type { GeneratedActivity } from './manifest';
import { metricsFiles } from './metrics';
import { buildPlan, fitnessAt } from './plan';
import { rngFor } from './random';
import { USER_PROFILE_ID } from './summary';
import { addDays, dayMs, DAY_MS } from './time';
import { heartRateZones, monitoringFit, wellnessDaySeq, type DayTraining, type WellnessDay } from './wellness';
import { FileSink, MemorySink, ZipWriter } from '../zipWriter';

/**
 * The heavy export for the benchmark: 10 years of a high-volume athlete whose watch records
 * like a current Forerunner/Fenix (1 Hz records with power and running dynamics, R-R intervals
 * on runs; modernWatch.ts) and a monitoring FIT every day, streamed to disk as it is generated
 * (activity FITs are deflated into the current UploadedFiles part as they come, a full part is
 * stored in the outer zip and dropped). Same account-export layout as generateExport; parts are
 * written first, the JSON files once every activity is known (member order is free in a zip).
 * `padToBytes` appends stored random members under padding/ until the zip reaches that size,
 * for the multi-gigabyte variant (Zip64 from 4 GiB on).
 */

export const DEFAULTS = {
  endDate: EXPORT_DEFAULTS.endDate,
  /** Garmin's parts are ~100 MB; a 1 GB export gets ~10 of them. */
  partMaxBytes: 100 * 2 ** 20,
  /** node:zlib level for FIT members: 4 compresses FIT as well as 6 and ~25 % faster. */
  zipLevel: 4,
  /** The athlete: ~1 h a session and doubles on Wednesdays and Fridays, so 10 years hold ~4,000 activities and > 1 GiB. */
  plan: { doubles: true, volume: 1.7 },
  paddingMemberMaxBytes: 2 ** 30,
  paddingChunkBytes: 4 * 2 ** 20,
  /** Upper bound of a central directory record (Zip64 extra included) beyond the name. */
  centralRecordOverhead: 46 + 28,
  /** EOCD + Zip64 EOCD + locator. */
  endRecordsBytes: 22 + 56 + 20,
};

export const HEAVY_GENERATOR_VERSION = 2;

const RUN_TYPES = new Set(['running', 'trail_running', 'treadmill_running']);

export interface HeavyOptions {
  seed: number;
  years: number;
  /** Overrides `years` with a number of weeks (tests: a tiny heavy export). */
  weeks?: number;
  outPath: string;
  /** Pad the zip with stored random members to this many bytes. */
  padToBytes?: number;
  endDate?: string;
  partMaxBytes?: number;
  /** Progress lines (stderr in the CLI). */
  log?: (line: string) => void;
}

export interface HeavyManifest {
  generator: 'heavy';
  generatorVersion: number;
  seed: number;
  years: number;
  startDate: string;
  endDate: string;
  accountCutoff: string;
  activities: number;
  activitiesWithFit: number;
  runsWithHrv: number;
  monitoringFiles: number;
  uploadedParts: string[];
  /** Uncompressed bytes of all FIT members. */
  fitBytes: number;
  paddingBytes: number;
  zipBytes: number;
  seconds: number;
}

/** Streams deflated FIT members into in-memory parts; a full part goes to the outer zip. */
class UploadedParts {
  readonly paths: string[] = [];
  private sink = new MemorySink();
  private writer: ZipWriter;
  private members = 0;

  constructor(private readonly outer: ZipWriter, private readonly dir: string, private readonly maxBytes: number, private readonly date: Date) {
    this.writer = new ZipWriter(this.sink);
  }

  add(name: string, fit: Uint8Array): void {
    // Deflated FIT runs ~1:2; close the part before this member would push it over.
    if (this.members > 0 && this.sink.position + fit.length / 2 > this.maxBytes) this.flush();
    this.writer.add(name, fit, { level: DEFAULTS.zipLevel, date: this.date });
    this.members++;
  }

  flush(): void {
    if (this.members === 0) return;
    this.writer.close();
    const path = `${this.dir}/UploadedFiles_0-_Part${this.paths.length + 1}.zip`;
    this.outer.add(path, this.sink.bytes(), { method: 'store', date: this.date });
    this.paths.push(path);
    this.sink = new MemorySink();
    this.writer = new ZipWriter(this.sink);
    this.members = 0;
  }
}

/** Seeded random bytes in chunks (xorshift32): padding that no compressor could shrink. */
function* randomChunks(size: number, seed: number): Generator<Uint8Array> {
  const chunk = new Uint8Array(DEFAULTS.paddingChunkBytes);
  const words = new Uint32Array(chunk.buffer);
  let x = seed >>> 0 || 1;
  for (let done = 0; done < size; done += chunk.length) {
    for (let i = 0; i < words.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      words[i] = x;
    }
    yield size - done >= chunk.length ? chunk : chunk.subarray(0, size - done);
  }
}

export async function writeHeavyExport(opts: HeavyOptions): Promise<{ manifest: HeavyManifest; bytes: number }> {
  const { seed, years, outPath, padToBytes } = opts;
  const weeks = opts.weeks ?? years * 52;
  if (!Number.isInteger(weeks) || weeks < 2) throw new Error(`the heavy export needs whole years (or weeks >= 2), got ${years} years, ${weeks} weeks`);
  const endDate = opts.endDate ?? DEFAULTS.endDate;
  const log = opts.log ?? (() => {});
  const started = performance.now();
  const owner = EXPORT_DEFAULTS.owner;
  const plan = buildPlan(seed, weeks, endDate, DEFAULTS.plan);
  const cutoffMs = dayMs(plan.accountCutoff);
  const accountDate = new Date(cutoffMs + DAY_MS + 5 * 3_600_000 + 12 * 60_000);
  const root = `${uuid(rngFor(seed, 'export-uuid'))}/DI_CONNECT`;

  const sink = new FileSink(outPath);
  try {
    const outer = new ZipWriter(sink);
    const parts = new UploadedParts(outer, `${root}/DI-Connect-Uploaded-Files`, opts.partMaxBytes ?? DEFAULTS.partMaxBytes, accountDate);
    const uploadRng = rngFor(seed, 'upload-ids');
    let uploadId = 280_000_000_000 + uploadRng.int(0, 5_000_000_000);
    const upload = (fit: Uint8Array) => {
      uploadId += uploadRng.int(100_000, 30_000_000);
      parts.add(`${owner}_${uploadId}.fit`, fit);
    };

    // Upload order, day by day: yesterday's monitoring FIT just after midnight, then the day's
    // activities as they end. Wellness for a day reads its own and the previous day's training.
    const training = new Map<string, DayTraining>();
    const days = wellnessDaySeq(seed, plan.startDate, plan.accountCutoff, training, (date) => fitnessAt(plan.startDate, date));
    const account: GeneratedActivity[] = [];
    const wellness: WellnessDay[] = [];
    const counts = { withFit: 0, hrv: 0, monitoring: 0, fitBytes: 0 };
    const monitoringFor = (day: WellnessDay) => {
      wellness.push(day);
      const fit = monitoringFit(seed, day.date, Number(day.uds.restingHeartRate ?? 50), Number(day.uds.totalSteps ?? 8000));
      counts.monitoring++;
      counts.fitBytes += fit.length;
      upload(fit);
    };
    let nextWellnessDate = plan.startDate;
    const closeDaysBefore = (date: string) => {
      // A day's wellness needs every activity of that day: emit it once a later day starts.
      while (dayMs(nextWellnessDate) < dayMs(date) && dayMs(nextWellnessDate) <= cutoffMs) {
        const day = days.next();
        if (day.done) break;
        monitoringFor(day.value);
        nextWellnessDate = addDays(nextWellnessDate, 1);
      }
    };
    for (const a of generateActivities(plan, seed, 1, { modern: true })) {
      if (dayMs(a.session.date) > cutoffMs) break;
      closeDaysBefore(a.session.date);
      addTraining(training, a);
      if (a.fit) {
        counts.withFit++;
        if (RUN_TYPES.has(String(a.summary.activityType))) counts.hrv++;
        counts.fitBytes += a.fit.length;
        upload(a.fit);
      }
      account.push({ ...a, fit: null });
      if (account.length % 250 === 0) log(`${account.length} activities, ${(sink.position / 2 ** 20).toFixed(0)} MB written, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    closeDaysBefore(addDays(plan.accountCutoff, 1));
    parts.flush();

    const add = (path: string, data: Uint8Array) => outer.add(path, data, { level: DEFAULTS.zipLevel, date: accountDate });
    const newestFirst = [...account].sort((a, b) => b.startUtcMs - a.startUtcMs).map((a) => a.summary);
    for (let k = 0; k * EXPORT_DEFAULTS.summaryChunk < Math.max(1, newestFirst.length); k++) {
      const chunk = newestFirst.slice(k * EXPORT_DEFAULTS.summaryChunk, (k + 1) * EXPORT_DEFAULTS.summaryChunk);
      // Garmin names chunks by offsets 0, 1001, 2002, ... (sic).
      add(`${root}/DI-Connect-Fitness/${owner}_${k * 1001}_summarizedActivities.json`, json([{ summarizedActivitiesExport: chunk }]));
    }
    for (let from = plan.startDate; dayMs(from) <= cutoffMs; from = addDays(from, 100)) {
      const to = addDays(from, 100);
      const inWindow = wellness.filter((d) => d.date >= from && d.date < to);
      add(`${root}/DI-Connect-Wellness/${from}_${to}_${USER_PROFILE_ID}_sleepData.json`, json(inWindow.map((d) => d.sleep)));
      add(`${root}/DI-Connect-Aggregator/UDSFile_${from}_${to}.json`, json(inWindow.map((d) => d.uds)));
    }
    add(`${root}/DI-Connect-Wellness/${USER_PROFILE_ID}_heartRateZones.json`, json(heartRateZones()));
    for (const f of metricsFiles(seed, root, account, plan.startDate, plan.accountCutoff).files) add(f.path, f.data);
    const gear = gearFile(seed, root, owner, account, plan.startDate, plan.accountCutoff).entry;
    add(gear.path, gear.data);
    for (const f of realismFiles(root, owner, account)) add(f.path, f.data);

    const paddingBytes = padToBytes === undefined ? 0 : pad(outer, sink, padToBytes, seed, log);
    outer.close();
    const bytes = sink.position;
    const manifest: HeavyManifest = {
      generator: 'heavy', generatorVersion: HEAVY_GENERATOR_VERSION, seed, years,
      startDate: plan.startDate, endDate, accountCutoff: plan.accountCutoff,
      activities: account.length, activitiesWithFit: counts.withFit, runsWithHrv: counts.hrv, monitoringFiles: counts.monitoring,
      uploadedParts: parts.paths, fitBytes: counts.fitBytes, paddingBytes, zipBytes: bytes,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
    return { manifest, bytes };
  } finally {
    sink.close();
  }
}

/** Stored random members under padding/ until the zip (central directory included) reaches `target`. */
function pad(outer: ZipWriter, sink: FileSink, target: number, seed: number, log: (line: string) => void): number {
  let total = 0;
  for (let k = 0; ; k++) {
    const name = `padding/${String(k).padStart(4, '0')}.bin`;
    const perMember = 30 + 20 + name.length + DEFAULTS.centralRecordOverhead + name.length;
    const room = target - sink.position - outer.centralDirectoryBytes - DEFAULTS.endRecordsBytes - perMember;
    if (room <= 0) return total;
    const size = Math.min(room, DEFAULTS.paddingMemberMaxBytes);
    outer.addStored(name, size, randomChunks(size, rngFor(seed, 'padding', k).int(1, 0xfffffff0)));
    total += size;
    log(`padding: ${(sink.position / 2 ** 30).toFixed(2)} GiB written`);
  }
}

/**
 * The activity FITs of `count` sessions spread over the heavy plan, for the decode benchmark:
 * byte for byte what the export's parts hold (a FIT depends on its session alone, not on the
 * activity ids), without unzipping a gigabyte.
 */
export function sampleHeavyActivityFits({ seed, years, weeks = years * 52, count, endDate = DEFAULTS.endDate }: { seed: number; years: number; weeks?: number; count: number; endDate?: string }): Uint8Array[] {
  const plan = buildPlan(seed, weeks, endDate, DEFAULTS.plan);
  const cutoffMs = dayMs(plan.accountCutoff);
  const sessions = plan.sessions.filter((s) => !s.manual && dayMs(s.date) <= cutoffMs);
  const stride = Math.max(1, Math.floor(sessions.length / count));
  const picked = sessions.filter((_, i) => i % stride === 0).slice(0, count);
  const fits: Uint8Array[] = [];
  for (const a of generateActivities({ ...plan, sessions: picked }, seed, 1, { modern: true })) if (a.fit) fits.push(a.fit);
  return fits;
}
