import type { Db } from './db';
import schemaSql from './schema.sql?raw';
import streamMetricsSql from './migrations/002-stream-metrics.sql?raw';
import manualSessionsSql from './migrations/003-manual-sessions.sql?raw';
import originalsSql from './migrations/004-originals.sql?raw';
import garminMetricsSql from './migrations/005-garmin-metrics.sql?raw';
import planSessionsSql from './migrations/006-plan-sessions.sql?raw';
import planChangesSql from './migrations/007-plan-changes.sql?raw';

/**
 * Migration steps keyed on PRAGMA user_version: step i brings a database from version i to i + 1.
 * schema.sql is step 0; later steps append ALTERs, never rewrite earlier ones.
 */
export const MIGRATIONS: readonly string[] = [schemaSql, streamMetricsSql, manualSessionsSql, originalsSql, garminMetricsSql, planSessionsSql, planChangesSql];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings a database to SCHEMA_VERSION; each step runs in its own transaction. */
export function migrate(db: Db): void {
  db.run('PRAGMA foreign_keys = ON');
  const version = Number(db.value('PRAGMA user_version') ?? 0);
  if (version > SCHEMA_VERSION) {
    throw new Error(
      `This database was written by a newer fitbook (schema ${version}, this app knows ${SCHEMA_VERSION}). Reload to update the app.`,
    );
  }
  // 64 KiB pages (set before the first table exists): on OPFS each page is one synchronous
  // write, and with 4 KiB pages commits took 5.4 of 12.5 s of a 2-year ingest; with 64 KiB
  // pages, 1.2 of 6.9 s, for a 7 % larger file (bench/last-results.md).
  if (version === 0) db.run('PRAGMA page_size = 65536');
  for (let step = version; step < SCHEMA_VERSION; step++) {
    db.run('BEGIN');
    try {
      db.run(MIGRATIONS[step] as string);
      db.run(`PRAGMA user_version = ${step + 1}`);
      db.run('COMMIT');
    } catch (error) {
      db.run('ROLLBACK');
      throw error;
    }
  }
}
