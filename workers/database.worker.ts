/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import sqlite3InitModule, { type SAHPoolUtil, type Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { Db } from '../src/db/db';
import { migrate } from '../src/db/migrate';
import { createPlan, deletePlan, listPlans, planWeeks, renamePlan, savePlanWeeks } from '../src/db/plans';
import { deleteManual, importManualCsv, listManual, manualProblem, saveManual } from '../src/db/manual';
import { correctActivity, deleteActivity, listDeleted, restoreActivity } from '../src/db/corrections';
import { activityDetail, dbSummary, exportHrProfile, readOnlyQuery } from '../src/db/queries';
import { readDataset } from '../src/db/dataset';
import { ingestFiles } from '../src/ingest/ingest';
import { ensureStreamMetrics } from '../src/db/streamMetrics';
import { createDecodePool, type DecodePool } from './decodePool';
import { clearScratch, opfsScratch } from './opfsScratch';
import { withGatheredWrites } from './gatheredWrites';
import type { ActivityCorrection, ActivityDetail, AthleteHr, DeletedActivity, DatabaseApi, Dataset, DbSummary, ExportHrProfile, IngestProgress, IngestReport, OpenResult, ManualCsvReport, ManualSession, ManualSessionInput, PlanInfo, PlanWeekInput, SqlResult } from '../src/database';

/**
 * The database worker: implements the worker contract (src/database.ts), which the page wraps with comlink.
 * SQLite lives here, on OPFS through the opfs-sahpool VFS (no cross-origin isolation needed),
 * and only one tab at a time may hold it (Web Locks), so a second tab can corrupt nothing.
 */

const DB_FILE = '/fitbook.sqlite3';
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
      db = new Db(new pool.OpfsSAHPoolDb(DB_FILE), sqlite3);
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
    ingestAbort = new AbortController();
    try {
      const decoders = decoderPool();
      // Read and decode batches of FIT files ahead of the one being written: two more than the
      // pool works on at once (one being gathered, one waiting), so every core has work.
      const report = await ingestFiles(database, files, {
        onProgress, signal: ingestAbort.signal, fitPreparer: decoders.preparer, fitBatch: FIT_BATCH, parallel: decoders.inFlight + 2, scratch: opfsScratch(),
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

  savePlanWeeks(planId: number, weeks: PlanWeekInput[]): void {
    savePlanWeeks(requireDb(), planId, weeks);
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
    const bytes = pool.exportFile(DB_FILE);
    return Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]);
  },

  async deleteAll(): Promise<DbSummary> {
    if (!pool || !sqlite3) throw new Error('the database is not open');
    db?.raw.close();
    db = null;
    pool.unlink(DB_FILE);
    await pool.wipeFiles();
    db = new Db(new pool.OpfsSAHPoolDb(DB_FILE), sqlite3);
    migrate(db);
    configure(db);
    return dbSummary(db);
  },
};

Comlink.expose(api);
