import type { BindingSpec, Database, SqlValue } from '@sqlite.org/sqlite-wasm';

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
