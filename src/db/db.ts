import type { BindingSpec, Database, SqlValue } from '@sqlite.org/sqlite-wasm';
import schemaSql from './schema.sql?raw';

/** SQLite rolled back the whole open transaction; `cause` is the error that made it do so. */
export class TransactionLostError extends Error {
  constructor(override readonly cause: unknown) {
    super(`the open transaction was rolled back (${cause instanceof Error ? cause.message : String(cause)})`);
  }
}

/** A row as SQLite returns it: column name -> value. */
export type Row = Record<string, SqlValue>;

/**
 * A thin typed wrapper around sqlite-wasm's oo1 Database: SQL stays SQL.
 * Works the same on the in-memory Node build (unit tests) and on OPFS in the worker.
 */
export class Db {
  constructor(readonly raw: Database) {}

  run(sql: string, bind?: BindingSpec): void {
    this.raw.exec({ sql, bind });
  }

  /** Runs a statement and returns sqlite3_changes() for it. */
  change(sql: string, bind?: BindingSpec): number {
    this.raw.exec({ sql, bind });
    return this.raw.changes();
  }

  all<T extends object = Row>(sql: string, bind?: BindingSpec): T[] {
    return this.raw.exec({ sql, bind, rowMode: 'object', returnValue: 'resultRows' }) as unknown as T[];
  }

  get<T extends object = Row>(sql: string, bind?: BindingSpec): T | undefined {
    return this.all<T>(sql, bind)[0];
  }

  value(sql: string, bind?: BindingSpec): SqlValue | undefined {
    return this.raw.selectValue(sql, bind as never) as SqlValue | undefined;
  }

  lastInsertId(): number {
    return Number(this.raw.selectValue('SELECT last_insert_rowid()'));
  }

  /** Runs fn inside a SAVEPOINT: all of it commits or none of it does (nestable). */
  atomic<T>(fn: () => T): T {
    const name = `sp${++this.savepoints}`;
    this.raw.exec(`SAVEPOINT ${name}`);
    try {
      const result = fn();
      this.raw.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      try {
        this.raw.exec(`ROLLBACK TO ${name}`);
        this.raw.exec(`RELEASE ${name}`);
      } catch {
        // SQLite may roll back the whole transaction itself (on FULL, IOERR, NOMEM, BUSY), taking
        // the savepoint with it: what failed is the transaction, not just this step.
        throw new TransactionLostError(error);
      }
      throw error;
    } finally {
      this.savepoints--;
    }
  }

  private savepoints = 0;
}

/**
 * Migration steps keyed on PRAGMA user_version: step i brings a database from version i to i + 1.
 * schema.sql is step 0; later steps append ALTERs, never rewrite earlier ones.
 */
export const MIGRATIONS: readonly string[] = [schemaSql];

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
