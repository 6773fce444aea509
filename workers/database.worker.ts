/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import sqlite3InitModule, { type SAHPoolUtil, type Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { Db } from '../src/db/db';
import { migrate } from '../src/db/migrate';
import { applyPlanChange, builtPlan, createPlan, createPlanFromGoal, deletePlan, listPlans, planWeeks, rejectProposal, renamePlan, savePlanWeeks, setSessionStatus, undoPlanChange } from '../src/db/plans';
import type { SessionStatus } from '../src/analysis/sessionMatch';
import type { PlannedSession } from '../src/analysis/planBuilder';
import { deleteManual, importManualCsv, listManual, manualProblem, saveManual } from '../src/db/manual';
import { correctActivity, deleteActivity, listDeleted, restoreActivity } from '../src/db/corrections';
import { activityDetail, baseName, dbSummary, exportHrProfile, readOnlyQuery } from '../src/db/queries';
import { readDataset } from '../src/db/dataset';
import { ingestFiles } from '../src/ingest/ingest';
import { ensureStreamMetrics } from '../src/db/streamMetrics';
import { createDecodePool, type DecodePool } from './decodePool';
import { clearScratch, opfsScratch } from './opfsScratch';
import { deleteOriginals, opfsOriginals } from './opfsOriginals';
import { forgetPacks, originalOfActivity } from '../src/db/originals';
import { rebuildFromOriginals } from '../src/ingest/rebuild';
import { inflateMember, readSource } from '../src/ingest/zip';
import { withGatheredWrites } from './gatheredWrites';
import type { OriginalDownload, RebuildReport, ActivityCorrection, ActivityDetail, AthleteHr, DeletedActivity, DatabaseApi, Dataset, DbSummary, ExportHrProfile, IngestProgress, IngestReport, OpenResult, ManualCsvReport, ManualSession, ManualSessionInput, PlanInfo, PlanWeekInput, SqlResult, BuiltPlanState, CreatePlanResult, PlanChangeInput, PlanGoalRecord } from '../src/database';

/**
 * The database worker: implements the worker contract (src/database.ts), which the page wraps with comlink.
 * SQLite lives here, on OPFS through the opfs-sahpool VFS (no cross-origin isolation needed),
 * and only one tab at a time may hold it (Web Locks), so a second tab can corrupt nothing.
 */

/**
 * The database's file in the VFS: one of two names. "Rebuild from originals" fills the other one
 * and, once it is complete, makes it the database by writing its name to NAME_FILE (an OPFS file
 * replaced atomically): a rebuild stopped half way leaves the old database as it was.
 */
const DB_FILES = ['/fitbook.sqlite3', '/fitbook-rebuilt.sqlite3'] as const;
const NAME_FILE = 'fitbook-database-name';
let dbFile: string = DB_FILES[0];

/**
 * The database's name, and whether it is known: a name file that is there but unreadable says
 * nothing about which file is live, so then neither file may be removed as a leftover.
 */
async function readDbName(): Promise<{ name: string; known: boolean }> {
  let handle: FileSystemFileHandle;
  try {
    handle = await (await navigator.storage.getDirectory()).getFileHandle(NAME_FILE);
  } catch {
    return { name: DB_FILES[0], known: true }; // never rebuilt: the first name
  }
  try {
    const text = await (await handle.getFile()).text();
    if ((DB_FILES as readonly string[]).includes(text)) return { name: text, known: true };
  } catch {
    // Unreadable: below.
  }
  return { name: DB_FILES[0], known: false };
}

async function writeDbName(name: string): Promise<void> {
  const handle = await (await navigator.storage.getDirectory()).getFileHandle(NAME_FILE, { create: true });
  if ('createWritable' in handle) {
    // Writes a swap file and moves it in place on close: the name is whole or old.
    const writable = await handle.createWritable();
    await writable.write(name);
    await writable.close();
    return;
  }
  // Browsers without it in workers (Safari before 26): one small synchronous write.
  const access = await (handle as FileSystemFileHandle).createSyncAccessHandle();
  try {
    const bytes = new TextEncoder().encode(name);
    access.truncate(0);
    access.write(bytes, { at: 0 });
    access.flush();
  } finally {
    access.close();
  }
}

const otherDbFile = () => (dbFile === DB_FILES[0] ? DB_FILES[1] : DB_FILES[0]);
const LOCK_NAME = 'fitbook-database';
/**
 * FIT files cross to the decode pool in batches: one message each way and (for neighbours in the
 * zip) one read per batch instead of per file. 32 files of a 10-year export's 5-50 KB, or a few
 * of a modern watch's 200-300 KB (a batch's results wait in memory until written).
 */
const FIT_BATCH = { files: 32, bytes: 2 ** 20 };

let db: Db | null = null;
let pool: SAHPoolUtil | null = null;
let sqlite3: Sqlite3Static | null = null;
let ingestAbort: AbortController | null = null;
let decodePool: DecodePool | null = null;

/**
 * One decode worker per core (at most eight), created on first use: this worker mostly waits on
 * reads, inflating (native) and SQLite, so decoding may use every core.
 */
function decoderPool(): DecodePool {
  decodePool ??= createDecodePool(Math.min(8, Math.max(1, navigator.hardwareConcurrency || 2)));
  return decodePool;
}

/** How long to wait for the lock: a reloading tab releases it moments after the new page asks. */
const LOCK_WAIT_MS = 5_000;

/**
 * Takes the database lock for the life of this worker; false when another tab still holds it
 * after LOCK_WAIT_MS. (Asking with ifAvailable alone made a reload of a busy tab report
 * "open in another tab": the old page's worker had not let go yet. The bench found it.)
 */
function acquireLock(): Promise<boolean> {
  if (!('locks' in navigator)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), LOCK_WAIT_MS);
    navigator.locks
      .request(LOCK_NAME, { signal: controller.signal }, () => {
        clearTimeout(timer);
        resolve(true);
        // Holding the returned promise holds the lock until the tab (and this worker) goes away.
        return new Promise<never>(() => {});
      })
      .catch(() => resolve(false));
  });
}

/**
 * How this worker's one connection runs. 32 MiB of page cache (512 of the 64 KiB pages), so big
 * batches do not spill mid-transaction. The connection is the database's only one (the Web Lock),
 * so it keeps its lock (EXCLUSIVE): SQLite then stops looking for a hot journal before every
 * transaction (a path lookup in opfs-sahpool: 0.2 s of a 10-year import), and keeps the rollback
 * journal between transactions, its header zeroed, instead of creating and deleting it each time
 * (in opfs-sahpool both write and flush a file header). 10-year import: 11.2 -> 10.0 s, 99 -> 74 flushes.
 */
function configure(database: Db): void {
  database.run('PRAGMA cache_size = -32768');
  database.run('PRAGMA locking_mode = EXCLUSIVE');
}

function requireDb(): Db {
  if (!db) throw new Error('the database is not open');
  return db;
}

const api: DatabaseApi = {
  async open(): Promise<OpenResult> {
    if (db) return { ok: true, summary: dbSummary(db), persisted: true };
    if (!(await acquireLock())) {
      return { ok: false, reason: 'locked', message: 'fitbook is already open in another tab. Only one tab can hold your database at a time: use that tab, or close it and reload this one.' };
    }
    try {
      sqlite3 = await sqlite3InitModule();
      if (typeof sqlite3.installOpfsSAHPoolVfs !== 'function') {
        return { ok: false, reason: 'unsupported', message: 'this browser has no Origin Private File System; fitbook needs it to keep your data on this device.' };
      }
      const engine = sqlite3;
      // Page writes reach OPFS gathered into 1 MiB writes (see gatheredWrites.ts for why).
      pool = await withGatheredWrites(() => engine.installOpfsSAHPoolVfs({ name: 'fitbook-sahpool', directory: '.fitbook', initialCapacity: 6 }));
      const named = await readDbName();
      dbFile = named.name;
      // What an interrupted rebuild left behind (only when the name says which file is live).
      if (named.known && pool.getFileNames().includes(otherDbFile())) pool.unlink(otherDbFile());
      db = new Db(new pool.OpfsSAHPoolDb(dbFile), sqlite3);
      migrate(db);
      await clearScratch();
      configure(db);
      // Reads never write: a database from an older fitbook gets its streams' metrics here, once.
      ensureStreamMetrics(db);
      const persisted = await navigator.storage?.persist?.().catch(() => false) ?? false;
      return { ok: true, summary: dbSummary(db), persisted };
    } catch (error) {
      return { ok: false, reason: 'failed', message: `could not open the database: ${(error as Error).message}` };
    }
  },

  async ingest(files: File[], onProgress: (p: IngestProgress) => void): Promise<IngestReport> {
    const database = requireDb();
    if (ingestAbort) throw new Error('an import or a rebuild is running: drop the files again once it has finished');
    ingestAbort = new AbortController();
    try {
      const decoders = decoderPool();
      // Read and decode batches of FIT files ahead of the one being written: two more than the
      // pool works on at once (one being gathered, one waiting), so every core has work.
      const report = await ingestFiles(database, files, {
        onProgress, signal: ingestAbort.signal, fitPreparer: decoders.preparer, fitBatch: FIT_BATCH, parallel: decoders.inFlight + 2, scratch: opfsScratch(),
        originals: opfsOriginals(),
      });
      // Derive the new streams' metrics now, while the athlete watches the import finish, so the
      // notebook that opens next (and every later page load) reads them instead of the samples.
      ensureStreamMetrics(database);
      return report;
    } finally {
      ingestAbort = null;
    }
  },

  async ingestSample(onProgress: (p: IngestProgress) => void): Promise<IngestReport> {
    const url = new URL(`${import.meta.env.BASE_URL}sample/garmin-account-export.zip`, self.location.origin);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`the sample export is missing from this build (${response.status})`);
    const blob = await response.blob();
    return api.ingest([new File([blob], 'fitbook-sample-export.zip')], onProgress);
  },

  async rebuildFromOriginals(onProgress: (p: IngestProgress) => void): Promise<RebuildReport> {
    const current = requireDb();
    if (!pool || !sqlite3) throw new Error('the database is not open');
    if (ingestAbort) throw new Error('an import is running: rebuild once it has finished');
    const target = otherDbFile();
    if (pool.getFileNames().includes(target)) pool.unlink(target);
    const fresh = new Db(new pool.OpfsSAHPoolDb(target), sqlite3);
    const discard = () => {
      fresh.raw.close();
      pool?.unlink(target);
    };
    ingestAbort = new AbortController();
    let outcome: Awaited<ReturnType<typeof rebuildFromOriginals>>;
    try {
      migrate(fresh);
      configure(fresh);
      const decoders = decoderPool();
      const store = opfsOriginals();
      outcome = await rebuildFromOriginals(current, fresh, (name) => store.pack(name), {
        onProgress, signal: ingestAbort.signal, fitPreparer: decoders.preparer, fitBatch: FIT_BATCH, parallel: decoders.inFlight + 2, scratch: opfsScratch(),
      });
      if (outcome.report.state === 'done' && outcome.missing.length === 0 && outcome.shortfalls.length === 0) ensureStreamMetrics(fresh);
    } catch (error) {
      discard();
      throw new Error(`the rebuild stopped (${(error as Error).message}): your database is as it was`, { cause: error });
    } finally {
      ingestAbort = null;
    }
    const { report, missing, shortfalls, corrections } = outcome;
    // Packs the device lost: their files are no longer kept, so dropping them again keeps them.
    forgetPacks(current, outcome.lostPacks);
    if (report.state !== 'done' || missing.length > 0 || shortfalls.length > 0) {
      discard();
      // The attempt goes in this database's history (its report's id belonged to the discarded one).
      const now = new Date().toISOString();
      const state = report.state === 'done' ? 'incomplete' : report.state;
      current.run(`INSERT INTO ingests (started_at, finished_at, state, message) VALUES (?, ?, ?, ?)`,
        [now, now, state === 'cancelled' ? 'cancelled' : 'error', `rebuild from originals not done: ${[...(missing.length ? [`${missing.length} activities without an original`] : []), ...shortfalls].join(', ') || report.message || state}`]);
      return { state, report: { ...report, ingestId: current.lastInsertId() }, missing, shortfalls, corrections };
    }
    // The switch: once the name is written the rebuilt file is the database, whatever follows.
    await writeDbName(target).catch((error: unknown) => {
      discard();
      throw new Error(`the rebuilt database could not be made the current one (${(error as Error).message}): your database is as it was`, { cause: error });
    });
    const old = dbFile;
    db = fresh;
    dbFile = target;
    try {
      current.raw.close();
      pool.unlink(old);
    } catch {
      // Left behind: the next open removes it (the name file says which file is live).
    }
    return { state: 'done', report, missing, shortfalls, corrections };
  },

  async originalFile(activityId: number): Promise<OriginalDownload | null> {
    const original = originalOfActivity(requireDb(), activityId);
    if (!original) return null;
    const pack = await opfsOriginals().pack(original.pack).catch((error: unknown) => {
      throw new Error('its original file could not be read just now: try again once nothing else is importing', { cause: error });
    });
    if (!pack) {
      // Forgotten, so dropping the file again keeps it anew.
      forgetPacks(requireDb(), [original.pack]);
      throw new Error('its original file is no longer on this device (part of the site\'s storage was cleared): drop the file again to keep it');
    }
    const bytes = await inflateMember(await readSource({
      blob: pack, offset: original.offset, localHeader: false, localHeaderGuess: 0, compressedSize: original.storedBytes, method: original.method, declaredSize: original.sizeBytes,
    }), Infinity);
    return Comlink.transfer({ name: baseName(original.path), bytes }, [bytes.buffer as ArrayBuffer]);
  },

  cancelIngest(): void {
    ingestAbort?.abort();
  },

  summary(): DbSummary {
    return dbSummary(requireDb());
  },

  exportHrProfile(): ExportHrProfile | null {
    return exportHrProfile(requireDb());
  },

  query(sql: string): SqlResult {
    return readOnlyQuery(requireDb(), sql);
  },

  dataset(hr: AthleteHr): Dataset {
    return readDataset(requireDb(), hr);
  },

  activityDetail(id: number): ActivityDetail | null {
    const detail = activityDetail(requireDb(), id);
    if (!detail?.stream) return detail;
    const buffers = Object.values(detail.stream).flatMap((a: Float32Array | Float64Array | null) => (a ? [a.buffer as ArrayBuffer] : []));
    return Comlink.transfer(detail, buffers);
  },

  listPlans(): PlanInfo[] {
    return listPlans(requireDb());
  },

  createPlan(name: string, weeks: PlanWeekInput[]): number {
    const database = requireDb();
    const id = createPlan(database, name);
    savePlanWeeks(database, id, weeks);
    return id;
  },

  planWeeks(planId: number): PlanWeekInput[] {
    return planWeeks(requireDb(), planId);
  },

  savePlanWeeks(planId: number, weeks: PlanWeekInput[], today?: string): void {
    savePlanWeeks(requireDb(), planId, weeks, today);
  },

  createPlanFromGoal(name: string, goal: PlanGoalRecord, weeks: PlanWeekInput[], sessions: PlannedSession[]): CreatePlanResult {
    return createPlanFromGoal(requireDb(), name, goal, weeks, sessions);
  },

  builtPlan(planId: number): BuiltPlanState | null {
    return builtPlan(requireDb(), planId);
  },

  setSessionStatus(planId: number, sessionId: string, status: SessionStatus, activityId: number | null): void {
    setSessionStatus(requireDb(), planId, sessionId, status, activityId);
  },

  applyPlanChange(planId: number, change: PlanChangeInput): number {
    return applyPlanChange(requireDb(), planId, change);
  },

  rejectProposal(planId: number, proposalId: string, kind: string, summary: string): void {
    rejectProposal(requireDb(), planId, proposalId, kind, summary);
  },

  undoPlanChange(planId: number, changeId: number): void {
    undoPlanChange(requireDb(), planId, changeId);
  },

  renamePlan(planId: number, name: string): void {
    renamePlan(requireDb(), planId, name);
  },

  deletePlan(planId: number): void {
    deletePlan(requireDb(), planId);
  },

  correctActivity(id: number, correction: ActivityCorrection): void {
    const db = requireDb();
    correctActivity(db, id, correction);
    // A new sport makes its stream's metrics stale (migrations/003's trigger): recompute now.
    ensureStreamMetrics(db);
  },

  deleteActivity(id: number): void {
    deleteActivity(requireDb(), id);
  },

  restoreActivity(id: number): void {
    restoreActivity(requireDb(), id);
  },

  listDeletedActivities(): DeletedActivity[] {
    return listDeleted(requireDb());
  },

  listManualSessions(): ManualSession[] {
    return listManual(requireDb());
  },

  saveManualSession(session: ManualSessionInput, id: number | null): number {
    const problem = manualProblem(session);
    // The form checks first; a caller that did not gets the same words.
    if (problem) throw new Error(problem);
    return saveManual(requireDb(), session, id);
  },

  deleteManualSession(id: number): void {
    deleteManual(requireDb(), id);
  },

  importManualCsv(text: string): ManualCsvReport {
    return importManualCsv(requireDb(), text);
  },

  exportDb(): Uint8Array {
    if (!pool || !sqlite3) throw new Error('the database is not open');
    const bytes = pool.exportFile(dbFile);
    return Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]);
  },

  async deleteAll(): Promise<DbSummary> {
    if (!pool || !sqlite3) throw new Error('the database is not open');
    db?.raw.close();
    db = null;
    pool.unlink(dbFile);
    await pool.wipeFiles();
    await deleteOriginals();
    dbFile = DB_FILES[0];
    await writeDbName(dbFile);
    db = new Db(new pool.OpfsSAHPoolDb(dbFile), sqlite3);
    migrate(db);
    configure(db);
    return dbSummary(db);
  },
};

Comlink.expose(api);
