import { TransactionLostError, type Db } from '../db/db';
import {
  fitFileKnown, hasRecording, recordFitFile, type ActivityWrite, replaceLaps, setProfile, upsertActivity, upsertWellness, writeSamples,
} from '../db/store';
import { linkStravaGear, upsertGear, upsertRacePredictions, upsertVo2max } from '../db/garminMetrics';
import { upsertManualSession } from '../db/manual';
import { sportFamily } from '../db/store';
import { storeStreamMetrics } from '../db/streamMetrics';
import { originalKept, recordOriginal, type OriginalRow } from '../db/originals';
import type { OriginalStore } from './originals';
import { basename, connectFileName, kindFromName, readableName, sniff, type EntryKind } from './classify';
import { prepareFits, readFitJobs, sha256Hex, type FitDecoder, type FitJob, type FitOutcome, type FitPreparer, type PreparedFit } from './prepareFit';
import { mapSummary, ShapeError, summaryRecords } from './garminSummary';
import { mapHealthStatus, mapHrZones, mapSleep, mapUds } from './garminWellness';
import { mapGear, mapMaxMet, mapRacePredictions } from './garminMetrics';
import { IngestError, reasonFor } from './errors';
import { parseStravaCsv, type StravaActivity } from './stravaCsv';
import { isoLocal } from './time';
import type { FitResult } from './fit';
import { isRun } from '../analysis/types';
import type { WellnessFields } from './types';
import { BLOB_SCRATCH, fileSource, inflateMember, InflateBudget, openZip, readSource, ZipError, type MemberSource, type RawMember, type Scratch, type ZipEntry } from './zip';
import type { FileNote, IngestProgress, IngestReport, ManualSessionInput } from '../database';

/**
 * The ingest pipeline: dropped files -> (nested) zip members -> JSON / FIT mappers -> SQLite.
 * Environment-agnostic (runs in the worker and under Node for tests). Writes go in batched
 * transactions with a savepoint per file, so a bad file rolls back alone, a cancel or a crash
 * leaves only whole files, and what was stored before is never touched.
 */

export interface IngestOptions {
  onProgress?: (progress: IngestProgress) => void;
  signal?: AbortSignal;
  budget?: InflateBudget;
  /**
   * Commit at least this often (ms; default 1000). Each commit writes the rollback journal and
   * flushes OPFS (~10 ms here): at 250 ms the flushes were ~8 % of the ingest worker's time.
   */
  batchMs?: number;
  /** Decodes FIT bytes in this thread (default: decodeFit); tests slow or count it. */
  decodeFit?: FitDecoder;
  /**
   * Makes the FIT preparer for one import, given the hashes already stored: the worker's decode
   * pool inflates, hashes and decodes on its own cores. Default: prepareFits in this thread.
   */
  fitPreparer?: (known: ReadonlySet<string>) => FitPreparer;
  /**
   * FIT files go to the preparer in batches of up to this many files and compressed bytes
   * (default one file: batches only save the messages between threads).
   */
  fitBatch?: { files: number; bytes: number };
  /**
   * How many batches may be read and decoded ahead of the file being written, the one being
   * gathered included (default 1): a little more than the preparer works on at once keeps it busy.
   */
  parallel?: number;
  /** Where deflated nested zips are inflated to (OPFS in the worker; a Blob by default). */
  scratch?: Scratch;
  /** Where the original files are kept (none: not kept, as when rebuilding from them). */
  originals?: OriginalStore;
}

export type { FitDecoder } from './prepareFit';

/** What the prepare stage hands the (sequential) write stage; prepare never throws. */
type Prepared =
  | { kind: 'json'; bytes: Uint8Array }
  | { kind: 'zip' }
  | PreparedFit
  | { kind: 'error'; error: unknown };

/** What the user dropped: a File in the browser (and in Node 20+). */
export type InputFile = Pick<File, 'name' | 'size' | 'slice' | 'arrayBuffer'>;

/** A kept original file (rebuilding from them): its index row and the pack it is in. */
export interface KeptOriginal {
  original: OriginalRow;
  pack: Blob;
}

/** Where the kept originals come from in the import's report. */
export const KEPT_ORIGINALS = 'kept originals';

interface Task {
  path: string;
  /** The dropped file this task comes from. */
  input: string;
  /** The zip it sits in (path inside what was dropped), or null for a loose file. */
  container: string | null;
  kind: EntryKind;
  /** Compressed bytes this task accounts for in the progress bar. */
  bytes: number;
  /** Inside an account export's UploadedFiles part: the member name is an upload id, not an activity id. */
  uploaded: boolean;
  depth: number;
  read(): Promise<Uint8Array>;
  /** Where the bytes are (FIT files: the decode pool reads and inflates them). */
  source(): MemberSource;
  /** A nested zip's member entry, opened by random access when its turn comes. */
  entry?: ZipEntry;
}

/** Order of work: summaries first, so FITs attach to existing rows instead of merging later. */
const ORDER: Record<EntryKind, number> = {
  'summarized-activities': 0, 'strava-activities': 0, 'hr-zones': 1, vo2max: 2, 'race-predictions': 2, gear: 2, sleep: 2, uds: 2, 'health-status': 2, 'json-other': 3, fit: 4, zip: 5, other: 6,
};

class StorageError extends Error {}

/** The writes and counts of the open transaction (the counts are taken back if it is lost). */
function newBatch() {
  return { files: [] as Task[], counted: [] as number[], fitLinked: 0, wellnessDays: 0, nonActivity: [] as string[] };
}

export async function ingestFiles(db: Db, inputs: (InputFile | KeptOriginal)[], options: IngestOptions = {}): Promise<IngestReport> {
  const run = new IngestRun(db, options);
  return run.execute(inputs);
}

class IngestRun {
  private readonly started = Date.now();
  private readonly budget: InflateBudget;
  private readonly notes: FileNote[] = [];
  private ingestId = 0;
  private filesTotal = 0;
  private filesDone = 0;
  private bytesTotal = 0;
  private bytesDone = 0;
  /** Activities this import created, and existing ones it touched (each counted once). */
  private readonly added = new Set<number>();
  private readonly updated = new Set<number>();
  private fitLinked = 0;
  private fitAlreadyStored = 0;
  /** Strava's activities.csv rows by their recording's file name (lower case). */
  private readonly strava = new Map<string, StravaActivity>();
  private wellnessDays = 0;
  /** Export files fitbook does not read, counted per dropped file. */
  private readonly unusedFiles = new Map<string, number>();
  /** Non-activity FITs (monitoring, ...), counted per zip and type: exports hold thousands. */
  private readonly nonActivityFits = new Map<string, { where: { path: string; input: string }; fitType: string; count: number }>();
  private lastProgress = 0;
  private batchStarted = 0;
  /** What the open transaction holds, to undo in the report if it is lost. */
  private batch = newBatch();
  /** The file being written (innermost), named if the import stops on it. */
  private current: Task | null = null;
  /** Files listed but not finished yet: named if the import stops before them. */
  private readonly pending = new Set<Task>();
  private readonly prepareFit: FitPreparer;

  constructor(private readonly db: Db, private readonly options: IngestOptions) {
    this.budget = options.budget ?? new InflateBudget();
    // Files stored before are not decoded again, unless their original is still to be kept
    // (imported before fitbook kept originals: dropping the export again keeps them).
    const known = new Set(db.all<{ sha256: string }>(options.originals
      ? `SELECT sha256 FROM fit_files WHERE status = 'not_activity' OR sha256 IN (SELECT sha256 FROM originals)`
      : 'SELECT sha256 FROM fit_files').map((r) => r.sha256));
    this.prepareFit = options.fitPreparer?.(known) ?? (async (jobs) => prepareFits(await readFitJobs(jobs), known, options.decodeFit));
  }

  async execute(inputs: (InputFile | KeptOriginal)[]): Promise<IngestReport> {
    const now = new Date().toISOString();
    this.db.run(`INSERT INTO ingests (started_at, state, bytes_total) VALUES (?, 'running', ?)`, [now, inputs.reduce((a, f) => a + ('original' in f ? f.original.storedBytes : f.size), 0)]);
    this.ingestId = this.db.lastInsertId();
    let state: IngestReport['state'] = 'done';
    let message: string | null = null;
    try {
      const tasks = await this.enumerate(inputs);
      this.db.run('BEGIN');
      this.batchStarted = Date.now();
      await this.runTasks(tasks);
      this.commit();
      if (this.options.signal?.aborted) state = 'cancelled';
    } catch (error) {
      this.rollback();
      state = 'error';
      message = error instanceof StorageError ? error.message : `ingest stopped: ${(error as Error).message}`;
      // Everything not committed is named: the rolled-back batch, the file being written, the rest;
      // and the report forgets what the rolled-back batch had counted.
      const lost = new Map([...this.batch.files, ...(this.current ? [this.current] : []), ...this.pending].map((t) => [t.path, t.input]));
      this.undoBatch(new Set(lost.keys()));
      for (const [file, input] of lost) this.note({ path: file, input }, 'skipped', 'not stored: the import stopped before this file was saved');
    }
    // The pack is let go of (its bytes readable, downloadable, deletable), whatever happened.
    await this.options.originals?.close().catch(() => {});
    for (const { where, fitType, count } of this.nonActivityFits.values()) {
      const what = fitType.startsWith('monitoring') ? 'all-day wellness data' : 'device data';
      this.note(where, 'ignored', `${count} ${fitType} FIT file${count === 1 ? '' : 's'}: ${what}, not ${count === 1 ? 'an activity' : 'activities'}`);
    }
    for (const [input, count] of this.unusedFiles) {
      this.note({ path: input, input }, 'ignored', `${count} other files in this export hold data fitbook does not use yet (gear, social, golf, metrics, ...)`);
    }
    if (state === 'done' && this.filesTotal === 0 && this.notes.every((n) => n.status !== 'skipped')) {
      message = 'nothing to import: no Garmin export, FIT or JSON file was found';
    }
    this.emitProgress('', true);
    return this.finish(state, message);
  }

  /** Lists the work: loose files and the members of zips (nested zips are opened when reached). */
  private async enumerate(inputs: (InputFile | KeptOriginal)[]): Promise<Task[]> {
    const tasks: Task[] = [];
    for (const file of inputs) {
      if ('original' in file) {
        tasks.push(keptTask(file, this.budget.limits.maxEntryBytes));
        continue;
      }
      try {
        tasks.push(...(await this.inputTasks(file)));
      } catch {
        // A folder dropped as a file, or a file changed or removed since it was picked.
        this.note({ path: file.name, input: file.name }, 'skipped', 'could not be read: drop the file itself, not a folder or a shortcut');
      }
    }
    const listed: Task[] = [];
    for (const task of tasks) listed.push(...(await this.storedPartTasks(task)));
    listed.sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
    this.filesTotal = listed.length;
    this.bytesTotal = listed.reduce((a, t) => a + t.bytes, 0);
    return listed;
  }

  /**
   * A stored part (a slice of its parent: no work to open) is listed up front, members in place
   * of the part, so its FIT files are decoded while the summaries before them are written; and
   * the progress bar knows every file from the start. Deflated parts are opened in turn, later.
   */
  private async storedPartTasks(task: Task): Promise<Task[]> {
    if (task.kind !== 'zip' || !task.entry?.stored) return [task];
    let inner: Task[];
    try {
      inner = await this.partTasks(task);
    } catch (error) {
      this.note(task, 'skipped', reasonFor(error));
      return [];
    }
    const listed: Task[] = [];
    for (const t of inner) listed.push(...(await this.storedPartTasks(t)));
    return listed;
  }

  /** The members of a nested part, their progress-bar bytes a share of the part's. */
  private async partTasks(task: Task, part?: Blob): Promise<Task[]> {
    if (task.depth >= this.budget.limits.maxDepth) throw new ZipError(`zips nested more than ${this.budget.limits.maxDepth} deep`);
    if (!task.entry) throw new ZipError('a zip inside a zip could not be opened');
    const blob = part ?? (await task.entry.open(BLOB_SCRATCH, this.budget.limits.maxNestedZipBytes)).blob;
    let inner: Task[];
    try {
      inner = await this.zipTasks(blob, task.path, task.input, task.depth + 1, task.uploaded);
    } catch (error) {
      // Inside an export, a part that is not a zip is reported by its path, like any file.
      throw error instanceof ZipError ? error : new ZipError(reasonFor(error));
    }
    inner.sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
    const innerBytes = inner.reduce((a, t) => a + t.bytes, 0) || 1;
    return inner.map((t) => ({ ...t, bytes: (t.bytes / innerBytes) * task.bytes }));
  }

  private async inputTasks(file: InputFile): Promise<Task[]> {
    const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
    const content = sniff(head);
    const read = async () => new Uint8Array(await file.arrayBuffer());
    const source = () => fileSource(file as unknown as Blob);
    const loose = { path: file.name, input: file.name, container: null, read, source };
    if (content === 'empty') this.note(loose, 'skipped', 'the file is empty');
    else if ((content === 'fit' || content === 'json' || content === 'xml' || content === 'gzip') && file.size > this.budget.limits.maxEntryBytes) {
      this.note(loose, 'skipped', `too large for ${content === 'json' ? 'a JSON file' : 'an activity file'} (${Math.round(file.size / 2 ** 20)} MB)`);
    } else if (content === 'fit' || content === 'xml' || content === 'gzip') {
      // A recording (FIT, GPX, TCX, or one gzipped): decoded by content on the FIT path (recording.ts).
      return [{ ...loose, kind: 'fit', bytes: file.size, uploaded: false, depth: 0 }];
    }
    else if (content === 'json') {
      const kind = kindFromName(file.name);
      return [{ ...loose, kind: kind === 'fit' || kind === 'zip' || kind === 'other' ? 'json-other' : kind, bytes: file.size, uploaded: false, depth: 0 }];
    } else if (content === 'zip') {
      try {
        // An UploadedFiles part dropped on its own: its members are upload ids, not activity ids.
        return await this.zipTasks(file as unknown as Blob, '', file.name, 1, /UploadedFiles/i.test(basename(file.name)));
      } catch (error) {
        this.note(loose, 'skipped', (error as Error).message);
      }
    } else if (kindFromName(file.name) === 'strava-activities') {
      return [{ ...loose, kind: 'strava-activities', bytes: file.size, uploaded: false, depth: 0 }];
    } else {
      this.note(loose, 'skipped', 'not a file fitbook reads: expected an export .zip, a .fit, .gpx or .tcx file (gzipped or not), or a .json file');
    }
    return [];
  }

  private async zipTasks(data: Blob, path: string, input: string, depth: number, uploaded: boolean): Promise<Task[]> {
    const entries = await openZip(data, path, this.budget);
    if (entries.length === 0) throw new ZipError('the zip is empty');
    const tasks: Task[] = [];
    for (const entry of entries) {
      const kind = kindFromName(entry.path);
      if (kind === 'other' || kind === 'json-other') {
        // Not a file fitbook reads (gear, social, images, ...): counted, not listed one by one.
        this.unusedFiles.set(input, (this.unusedFiles.get(input) ?? 0) + 1);
        continue;
      }
      const inUploaded = uploaded || (kind === 'zip' && /UploadedFiles/i.test(basename(entry.path)));
      // A nested export part may be far bigger than any FIT or JSON member: it has its own cap.
      const cap = kind === 'zip' ? this.budget.limits.maxNestedZipBytes : this.budget.limits.maxEntryBytes;
      tasks.push({ path: entry.path, input, container: path || input, kind, bytes: entry.compressedSize, uploaded: inUploaded, depth, read: () => entry.read(cap), source: () => entry.source(cap), entry });
    }
    return tasks;
  }

  /**
   * Works through tasks in order: FIT files are read, hashed and decoded ahead in batches (on the
   * worker pool), up to `parallel` batches at once, while writes happen one file at a time, in order.
   */
  private async runTasks(tasks: Task[]): Promise<void> {
    for (const task of tasks) this.pending.add(task);
    const { files: batchFiles, bytes: batchBytes } = this.options.fitBatch ?? { files: 1, bytes: Infinity };
    const batchesAhead = Math.max(1, this.options.parallel ?? 1);
    // FIT files are prepared ahead (a promise); other files are read when their turn comes (a thunk).
    const ahead: { task: Task; bytes: number; prepared: Promise<Prepared> | (() => Promise<Prepared>) }[] = [];
    /** FIT files ahead and their compressed bytes: what the lookahead is limited by. */
    let fitsAhead = 0;
    let aheadBytes = 0;
    let gathering: { task: Task; job: FitJob; resolve: (prepared: Prepared) => void }[] = [];
    let gatheredBytes = 0;
    const room = () => fitsAhead < batchesAhead * batchFiles && aheadBytes < batchesAhead * batchBytes;
    const send = () => {
      if (gathering.length === 0) return;
      const batch = gathering;
      gathering = [];
      gatheredBytes = 0;
      void this.prepareFit(batch.map((b) => b.job)).then((outcomes) => {
        for (const [i, b] of batch.entries()) b.resolve(this.outcome(b.task, outcomes[i] as FitOutcome));
      });
    };
    const aborted = () => this.options.signal?.aborted === true;
    const finishOldest = async () => {
      const { task, bytes, prepared } = ahead.shift() as (typeof ahead)[number];
      // The file to write next is still being gathered: its batch goes now, however small.
      if (gathering.some((b) => b.task === task)) send();
      if (typeof prepared !== 'function') fitsAhead--;
      aheadBytes -= bytes;
      const ready = await (typeof prepared === 'function' ? prepared() : prepared);
      // A cancel that arrived while this file was being read or decoded: do not write it.
      if (aborted()) return;
      await this.finishTask(task, ready);
      await this.maybeCommit();
    };
    for (const task of tasks) {
      if (aborted()) return;
      if (task.kind !== 'fit') {
        // A nested zip is large: finish what came before it first.
        ahead.push({ task, bytes: 0, prepared: task.kind === 'zip' ? async () => ({ kind: 'zip' }) : () => this.readJson(task) });
        if (task.kind === 'zip') while (ahead.length > 0 && !aborted()) await finishOldest();
        continue;
      }
      const bytes = task.entry?.compressedSize ?? task.bytes;
      const prepared = this.gather(task, (job) => new Promise<Prepared>((resolve) => gathering.push({ task, job, resolve })));
      gatheredBytes += bytes;
      if (gathering.length >= batchFiles || gatheredBytes >= batchBytes) send();
      ahead.push({ task, bytes, prepared });
      fitsAhead++;
      aheadBytes += bytes;
      while (!room() && !aborted()) await finishOldest();
    }
    while (ahead.length > 0 && !aborted()) await finishOldest();
  }

  /** The FIT job for a task (its caps are checked here: a bomb fails alone, before any read). */
  private gather(task: Task, add: (job: FitJob) => Promise<Prepared>): Promise<Prepared> {
    try {
      const connect = task.uploaded ? null : connectFileName(task.path);
      return add({ source: task.source(), maxBytes: this.budget.limits.maxEntryBytes, garminActivityId: connect?.activityId ?? null });
    } catch (error) {
      return Promise.resolve({ kind: 'error', error });
    }
  }

  private outcome(task: Task, outcome: FitOutcome): Prepared {
    if (outcome.kind === 'failed') return { kind: 'error', error: new IngestError(outcome.reason) };
    const connect = task.uploaded ? null : connectFileName(task.path);
    if (outcome.kind === 'fit' && outcome.result.kind === 'activity' && connect?.name && outcome.result.activities.length === 1) {
      (outcome.result.activities[0] as (typeof outcome.result.activities)[number]).fields.name = connect.name;
    }
    return outcome;
  }

  private async readJson(task: Task): Promise<Prepared> {
    try {
      return { kind: 'json', bytes: await task.read() };
    } catch (error) {
      return { kind: 'error', error };
    }
  }

  private async finishTask(task: Task, prepared: Prepared): Promise<void> {
    this.emitProgress(task.path, false, nameOf(task, prepared));
    this.current = task;
    try {
      switch (prepared.kind) {
        case 'error':
          throw prepared.error;
        case 'zip':
          await this.processNestedZip(task);
          break;
        case 'json':
          if (task.kind === 'strava-activities') this.processStravaCsv(task, prepared.bytes);
          else this.processJson(task, prepared.bytes);
          // Kept once it was read without error (a file fitbook could not read is not an original of anything).
          await this.keepOriginal(task, await sha256Hex(prepared.bytes), { compressed: prepared.bytes, method: 0, declaredSize: prepared.bytes.length }, task.kind);
          break;
        case 'fit-known':
          this.fitAlreadyStored++;
          break;
        case 'fit':
          // The same bytes met earlier in this import (a copy in another part) are stored now;
          // or stored before fitbook kept originals: the original is kept now.
          if (fitFileKnown(this.db, prepared.sha256)) {
            this.fitAlreadyStored++;
            await this.keepOriginal(task, prepared.sha256, prepared.original, 'recording');
          } else await this.writeFit(task, prepared);
          break;
      }
    } catch (error) {
      if (error instanceof StorageError) throw error;
      if (isStorageFailure(error)) throw new StorageError(storageMessage(error));
      if (error instanceof TransactionLostError) {
        throw new StorageError(isStorageFailure(error.cause) ? storageMessage(error.cause) : `the database rolled back the last batch (${reasonOf(error.cause)})`);
      }
      this.note(task, 'skipped', reasonFor(error));
    }
    this.current = null;
    this.pending.delete(task);
    this.filesDone++;
    this.bytesDone += task.kind === 'zip' ? 0 : task.bytes;
  }

  /** A deflated part: inflate it to scratch storage, then work through its members right away (bounded memory). */
  private async processNestedZip(task: Task): Promise<void> {
    if (task.depth >= this.budget.limits.maxDepth) throw new ZipError(`zips nested more than ${this.budget.limits.maxDepth} deep`);
    if (!task.entry) throw new ZipError('a zip inside a zip could not be opened');
    const part = await task.entry.open(this.options.scratch ?? BLOB_SCRATCH, this.budget.limits.maxNestedZipBytes);
    try {
      const inner = await this.partTasks(task, part.blob);
      this.filesTotal += inner.length;
      await this.runTasks(inner);
    } finally {
      await part.dispose();
    }
  }

  private async writeFit(task: Task, { sha256, size, result, metrics, original }: Extract<Prepared, { kind: 'fit' }>): Promise<void> {
    const now = new Date().toISOString();
    if (result.kind === 'rejected') {
      this.note(task, 'skipped', result.reason);
      return;
    }
    if (result.kind === 'not-activity') {
      this.write(task, () => recordFitFile(this.db, { sha256, activityId: null, fileName: task.path, sizeBytes: size, fitType: result.fitType, status: 'not_activity' }, now));
      const where = { path: task.container ?? task.path, input: task.input };
      const key = `${where.path}\u0000${result.fitType}`;
      const seen = this.nonActivityFits.get(key) ?? { where, fitType: result.fitType, count: 0 };
      seen.count++;
      this.nonActivityFits.set(key, seen);
      this.batch.nonActivity.push(key);
      return;
    }
    const strava = this.applyStrava(task, result);
    const place = await this.putOriginal(task, original);
    let duplicate = false;
    let linked = false;
    const written: ActivityWrite[] = [];
    this.write(task, () => {
      let firstId: number | null = null;
      for (const [k, activity] of result.activities.entries()) {
        const { id, added } = upsertActivity(this.db, activity.fields, now, { bringsStream: activity.samples !== null });
        firstId ??= id;
        written.push({ id, added });
        // Another file already gave this activity its recording (a re-encoded or renamed copy).
        if (hasRecording(this.db, id)) {
          duplicate = true;
          continue;
        }
        if (activity.samples) {
          writeSamples(this.db, id, activity.samples);
          storeStreamMetrics(this.db, id, activity.samples, metrics[k] ?? undefined);
        }
        replaceLaps(this.db, id, activity.laps);
        linked = true;
      }
      recordFitFile(this.db, { sha256, activityId: firstId, fileName: task.path, sizeBytes: size, fitType: result.fitType, status: linked ? 'linked' : 'duplicate_stream' }, now);
      if (strava?.gear && firstId !== null) linkStravaGear(this.db, firstId, strava.gear, gearTypeFor(strava.sport));
      if (place) recordOriginal(this.db, { ...place, sha256, path: task.path, kind: 'recording', uploaded: task.uploaded, sizeBytes: size, method: original.method }, this.ingestId, now);
    });
    // Counted only once the file's writes stand (a failed write rolls back to its savepoint).
    for (const w of written) this.count(w.id, w.added);
    if (linked) {
      this.fitLinked++;
      this.batch.fitLinked++;
    }
    if (duplicate) {
      this.note(task, 'warning', 'the same recording as an activity already stored (same start or same activity id): the stored copy was kept');
    }
    for (const warning of result.warnings) this.note(task, 'warning', warning);
  }

  /** Keeps a file's original (if it is not kept yet), in its own atomic write. */
  private async keepOriginal(task: Task, sha256: string, raw: RawMember, kind: string): Promise<void> {
    if (!this.options.originals || originalKept(this.db, sha256)) return;
    // A monitoring FIT, say, is not an original of anything fitbook stores.
    if (kind === 'recording' && this.db.value(`SELECT 1 FROM fit_files WHERE sha256 = ? AND status != 'not_activity'`, [sha256]) === undefined) return;
    const place = await this.putOriginal(task, raw);
    if (!place) return;
    this.write(task, () => recordOriginal(this.db, { ...place, sha256, path: task.path, kind, uploaded: task.uploaded, sizeBytes: raw.declaredSize, method: raw.method }, this.ingestId, new Date().toISOString()));
  }

  /** Appends the bytes to the kept originals; a full device names the file and the import goes on. */
  private async putOriginal(task: Task, raw: RawMember) {
    if (!this.options.originals) return null;
    let place = null;
    try {
      place = await this.options.originals.put(raw.compressed);
    } catch {
      // Any failure to write is the same for the athlete: this original is not kept.
    }
    if (!place) this.note(task, 'warning', 'imported, but its original file was not kept: there is no room left on this device');
    return place;
  }

  /**
   * Strava's activities.csv: kept for the recordings that follow (sorted after it), which take
   * their name and sport from it (writeFit). Nothing is stored from the file itself.
   */
  private processStravaCsv(task: Task, bytes: Uint8Array): void {
    const csv = parseStravaCsv(new TextDecoder().decode(bytes));
    for (const a of csv.activities) if (a.filename) this.strava.set(basename(a.filename).toLowerCase(), a);
    if (csv.unknownColumns.length) this.note(task, 'ignored', `${csv.unknownColumns.length} ${csv.unknownColumns.length === 1 ? 'column' : 'columns'} fitbook does not read yet (${csv.unknownColumns.slice(0, 6).join(', ')}${csv.unknownColumns.length > 6 ? ', …' : ''})`);
    for (const p of csv.problems) this.note(task, 'warning', `row ${p.row} left out: ${p.reason}`);
    // Entered by hand on Strava (no recording): off-watch sessions, updated in place on a re-import.
    const manual = csv.activities.filter((a) => !a.filename);
    const sessions = manual.map((a) => ({ a, session: stravaSession(a, this.offsetNear(a.startMs)) }));
    const bad = sessions.filter((s) => s.session === null);
    this.write(task, () => {
      // Strava is not where the athlete edits them any more: one edited here stays as edited.
      for (const { session } of sessions) if (session) upsertManualSession(this.db, session, { keepExisting: true });
    });
    if (bad.length) this.note(task, 'warning', `${bad.length} ${bad.length === 1 ? 'activity' : 'activities'} entered by hand on Strava left out: no readable date or duration (${bad.slice(0, 3).map((b) => b.a.stravaId).join(', ')}${bad.length > 3 ? ', …' : ''})`);
  }

  /**
   * The athlete's UTC offset around an instant: that of the nearest recorded activity (the watch
   * knew the zone), else this device's. Strava's CSV gives UTC only.
   */
  private offsetNear(ms: number | null): number {
    if (ms === null) return 0;
    const near = this.db.value('SELECT utc_offset_s FROM activities WHERE deleted_at IS NULL ORDER BY abs(start_ms - ?) LIMIT 1', [ms]);
    return typeof near === 'number' ? near : -new Date(ms).getTimezoneOffset() * 60;
  }

  /** A recording listed in Strava's activities.csv takes the athlete's name, sport and description from it. */
  private applyStrava(task: Task, result: Extract<FitResult, { kind: 'activity' }>): StravaActivity | null {
    const meta = this.strava.get(basename(task.path).toLowerCase());
    const only = result.activities.length === 1 ? result.activities[0] : undefined;
    if (!meta || !only) return null;
    only.fields.name = meta.name ?? only.fields.name;
    only.fields.description = meta.description;
    // Strava's type is the athlete's word (a re-typed activity), unless it says less than the
    // recording: "Run" over a FIT's trail_running, or Strava's catch-all "other".
    if (meta.sport !== 'other' && !(isRun(meta.sport) && isRun(only.fields.sport))) only.fields.sport = meta.sport;
    return meta;
  }

  private processJson(task: Task, bytes: Uint8Array): void {
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      // The engine's own text ("Unexpected token } in JSON at position 17") is not for the user.
      throw new ShapeError('not valid JSON, cut short or malformed');
    }
    const kind = task.kind === 'json-other' ? detectJsonKind(json) : task.kind;
    const now = new Date().toISOString();
    switch (kind) {
      case 'summarized-activities': {
        const records = summaryRecords(json);
        let invalid = 0;
        const written: ActivityWrite[] = [];
        this.write(task, () => {
          for (const rec of records) {
            const mapped = mapSummary(rec);
            if (mapped.kind === 'invalid') invalid++;
            if (mapped.kind !== 'activity') continue;
            written.push(upsertActivity(this.db, mapped.fields, now));
          }
        });
        for (const w of written) this.count(w.id, w.added);
        if (invalid > 0) this.note(task, 'warning', `${invalid} activity records without an id or start time were left out`);
        return;
      }
      case 'sleep':
        return this.writeWellness(task, mapSleep(json));
      case 'uds':
        return this.writeWellness(task, mapUds(json));
      case 'health-status':
        return this.writeWellness(task, mapHealthStatus(json));
      case 'vo2max': {
        const { points, skipped } = mapMaxMet(json);
        this.write(task, () => upsertVo2max(this.db, points));
        return this.noteSkipped(task, skipped, 'VO2max records without a date, a sport or a value');
      }
      case 'race-predictions': {
        const { predictions, skipped } = mapRacePredictions(json);
        this.write(task, () => upsertRacePredictions(this.db, predictions));
        return this.noteSkipped(task, skipped, 'race prediction records without a date or a time');
      }
      case 'gear': {
        const { gear, links, skipped } = mapGear(json);
        this.write(task, () => upsertGear(this.db, gear, links));
        return this.noteSkipped(task, skipped, 'gear records without an id, or links to gear or activities that are not in the file');
      }
      case 'hr-zones': {
        const zones = mapHrZones(json);
        if (zones) this.write(task, () => setProfile(this.db, 'hr_zones', zones, 'garmin_export', now));
        return;
      }
      default:
        throw new ShapeError('unknown JSON: not a Garmin activity summary, sleep, daily summary or heart-rate zone file');
    }
  }

  private noteSkipped(task: Task, skipped: number, what: string): void {
    if (skipped > 0) this.note(task, 'warning', `${skipped} ${what} were left out`);
  }

  private count(id: number, added: boolean): void {
    if (this.added.has(id) || this.updated.has(id)) return;
    (added ? this.added : this.updated).add(id);
    this.batch.counted.push(id);
  }

  /** The open transaction was lost: take back what it had added to the report. */
  private undoBatch(lostFiles: Set<string>): void {
    for (const id of this.batch.counted) {
      this.added.delete(id);
      this.updated.delete(id);
    }
    this.fitLinked -= this.batch.fitLinked;
    this.wellnessDays -= this.batch.wellnessDays;
    for (const key of this.batch.nonActivity) {
      const seen = this.nonActivityFits.get(key);
      if (seen && --seen.count === 0) this.nonActivityFits.delete(key);
    }
    const kept = this.notes.filter((n) => !(n.status === 'warning' && lostFiles.has(n.file)));
    this.notes.splice(0, this.notes.length, ...kept);
    this.batch = newBatch();
  }

  private writeWellness(task: Task, days: WellnessFields[]): void {
    let newDays = 0;
    this.write(task, () => {
      for (const day of days) if (upsertWellness(this.db, day)) newDays++;
    });
    this.wellnessDays += newDays;
    this.batch.wellnessDays += newDays;
  }

  /** One file's writes, atomically inside the open batch. */
  private write(task: Task, fn: () => void): void {
    this.db.atomic(fn);
    this.batch.files.push(task);
  }

  private async maybeCommit(): Promise<void> {
    if (Date.now() - this.batchStarted < (this.options.batchMs ?? 1000)) return;
    this.commit();
    // Yield a macrotask so a cancel (or any other message to the worker) gets through.
    await new Promise((resolve) => setTimeout(resolve, 0));
    this.db.run('BEGIN');
    this.batchStarted = Date.now();
  }

  private commit(): void {
    try {
      // The originals the batch's index rows point at are on disk before the rows are.
      this.options.originals?.flush();
      this.db.run('COMMIT');
    } catch (error) {
      if (isStorageFailure(error)) throw new StorageError(storageMessage(error));
      throw error;
    }
    this.batch = newBatch();
  }

  private rollback(): void {
    try {
      this.db.run('ROLLBACK');
    } catch {
      // No transaction was open: nothing to undo.
    }
  }

  private note(where: { path: string; input: string }, status: FileNote['status'], reason: string): void {
    this.notes.push({ file: where.path, input: where.input, status, reason, name: readableName(where.path) });
  }

  private emitProgress(currentFile: string, force = false, currentName = readableName(currentFile)): void {
    const t = Date.now();
    if (!force && t - this.lastProgress < 100) return;
    this.lastProgress = t;
    const elapsedMs = t - this.started;
    const rate = this.bytesDone / Math.max(elapsedMs, 1);
    this.options.onProgress?.({
      filesDone: this.filesDone,
      filesTotal: this.filesTotal,
      bytesDone: Math.round(this.bytesDone),
      bytesTotal: this.bytesTotal,
      activitiesFound: this.added.size + this.updated.size,
      elapsedMs,
      remainingMs: this.bytesDone > 0 && elapsedMs > 500 ? Math.max(0, (this.bytesTotal - this.bytesDone) / rate) : null,
      bytesPerSec: this.bytesDone > 0 && elapsedMs > 500 ? rate * 1000 : null,
      currentFile,
      currentName,
    });
  }

  private finish(state: IngestReport['state'], message: string | null): IngestReport {
    const report: IngestReport = {
      ingestId: this.ingestId,
      state,
      message,
      filesTotal: this.filesTotal,
      filesDone: this.filesDone,
      bytesTotal: this.bytesTotal,
      activitiesAdded: this.added.size,
      activitiesUpdated: this.updated.size,
      fitLinked: this.fitLinked,
      fitAlreadyStored: this.fitAlreadyStored,
      wellnessDays: this.wellnessDays,
      notes: this.notes,
      elapsedMs: Date.now() - this.started,
    };
    try {
      this.db.run('BEGIN');
      this.db.run(
        `UPDATE ingests SET finished_at = ?, state = ?, files_total = ?, files_done = ?, activities_added = ?, activities_updated = ?,
           fit_linked = ?, wellness_days = ?, skipped = ?, message = ? WHERE id = ?`,
        [new Date().toISOString(), state, this.filesTotal, this.filesDone, this.added.size, this.updated.size, this.fitLinked,
          this.wellnessDays, this.notes.filter((n) => n.status === 'skipped').length, message, this.ingestId],
      );
      for (const n of this.notes) {
        this.db.run('INSERT INTO ingest_log (ingest_id, file, input, status, reason) VALUES (?, ?, ?, ?, ?)', [this.ingestId, n.file, n.input, n.status, n.reason]);
      }
      this.db.run('COMMIT');
    } catch {
      // A full disk can refuse even the log; the report still reaches the user.
      this.rollback();
    }
    return report;
  }
}

/**
 * Strava's manual entry as an off-watch session (external id `strava:<id>`) on the athlete's
 * local day and time, or null without a date or duration.
 */
function stravaSession(a: StravaActivity, utcOffsetS: number): ManualSessionInput | null {
  if (a.startMs === null || a.durationS === null) return null;
  const local = isoLocal(a.startMs, utcOffsetS);
  return {
    localDate: local.slice(0, 10), startTime: local.slice(11, 16), sport: a.sport, name: a.name, distanceM: a.distanceM, durationS: a.durationS,
    rpe: a.rpe, trainingLoad: null, notes: [a.description, 'From Strava (entered by hand there)'].filter(Boolean).join('\n'), externalId: `strava:${a.stravaId}`,
  };
}

function gearTypeFor(sport: string): 'shoes' | 'bike' | 'other' {
  const family = sportFamily(sport);
  return family === 'foot' ? 'shoes' : family === 'bike' ? 'bike' : 'other';
}

/** A kept original as a task: its bytes are a slice of its pack, still deflated if they were. */
function keptTask({ original: o, pack }: KeptOriginal, maxEntryBytes: number): Task {
  const source: MemberSource = {
    blob: pack, offset: o.offset, localHeader: false, localHeaderGuess: 0, compressedSize: o.storedBytes, method: o.method, declaredSize: o.sizeBytes,
  };
  return {
    path: o.path, input: KEPT_ORIGINALS, container: null, kind: o.kind === 'recording' ? 'fit' : (o.kind as EntryKind), bytes: o.storedBytes,
    uploaded: o.uploaded, depth: 0, read: async () => inflateMember(await readSource(source), maxEntryBytes), source: () => source,
  };
}

/** The progress line's name: once a FIT is decoded, its sport and day say more than its file name. */
function nameOf(task: Task, prepared: Prepared): string {
  const name = readableName(task.path);
  if (prepared.kind !== 'fit' || prepared.result.kind !== 'activity') return name;
  const first = prepared.result.activities[0]?.fields;
  if (!first) return name;
  const day = new Date(first.startMs + first.utcOffsetS * 1000).toISOString().slice(0, 10);
  const what = `${first.sport.replace(/_/g, ' ')} on ${day}`;
  const part = /^(uploaded files, part \d+): /.exec(name)?.[1];
  return part ? `${part}: ${what}` : `${what} (${basename(task.path)})`;
}

/** A JSON file with an unexpected name: recognise it by shape. */
function detectJsonKind(json: unknown): EntryKind {
  const first = Array.isArray(json) ? json[0] : undefined;
  if (first && typeof first === 'object') {
    if ('summarizedActivitiesExport' in first || ('activityId' in first && 'activityType' in first)) return 'summarized-activities';
    if ('sleepStartTimestampGMT' in first || 'deepSleepSeconds' in first) return 'sleep';
    if ('totalSteps' in first || 'restingHeartRate' in first || 'allDayStress' in first) return 'uds';
    if ('zone1Floor' in first) return 'hr-zones';
  }
  return 'json-other';
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** SQLITE_FULL, or the I/O errors OPFS gives when the origin's quota is exhausted. */
function isStorageFailure(error: unknown): boolean {
  const msg = reasonOf(error);
  return /SQLITE_FULL|SQLITE_IOERR|database or disk is full|QuotaExceeded|disk I\/O error/i.test(msg);
}

function storageMessage(error: unknown): string {
  return `storage is full or failing (${reasonOf(error)}): the files listed as not stored were not saved; everything stored before is intact. Free some disk space and drop the export again.`;
}
