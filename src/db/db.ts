import type { BindingSpec, Database, PreparedStatement, SqlValue } from '@sqlite.org/sqlite-wasm';

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
  /**
   * Prepared statements by SQL text, for statements run with bound values (the ingest's writes
   * and probes run the same few statements thousands of times; preparing each time was a
   * measurable share of the write stage). Closing the database finalizes them (oo1 close()).
   */
  private readonly statements = new Map<string, PreparedStatement>();

  constructor(readonly raw: Database) {}

  private statement(sql: string): PreparedStatement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.raw.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  /** Runs a bound statement from the cache; rows are collected when `rows` is given. */
  private step(sql: string, bind: BindingSpec, rows?: Row[]): void {
    const st = this.statement(sql);
    try {
      if (!Array.isArray(bind) || bind.length > 0) st.bind(bind);
      if (rows) while (st.step()) rows.push(st.get({}) as Row);
      else st.step();
    } finally {
      // After a failed step, reset() would throw the same error again and hide where it came from.
      st.resetNoThrow(true);
    }
  }

  run(sql: string, bind?: BindingSpec): void {
    if (bind === undefined) this.raw.exec({ sql });
    else this.step(sql, bind);
  }

  /** Runs a statement and returns sqlite3_changes() for it. */
  change(sql: string, bind?: BindingSpec): number {
    this.run(sql, bind);
    return this.raw.changes();
  }

  all<T extends object = Row>(sql: string, bind?: BindingSpec): T[] {
    if (bind === undefined) return this.raw.exec({ sql, rowMode: 'object', returnValue: 'resultRows' }) as unknown as T[];
    const rows: Row[] = [];
    this.step(sql, bind, rows);
    return rows as unknown as T[];
  }

  get<T extends object = Row>(sql: string, bind?: BindingSpec): T | undefined {
    return this.all<T>(sql, bind)[0];
  }

  value(sql: string, bind?: BindingSpec): SqlValue | undefined {
    if (bind === undefined) return this.raw.selectValue(sql) as SqlValue | undefined;
    const st = this.statement(sql);
    try {
      if (!Array.isArray(bind) || bind.length > 0) st.bind(bind);
      return st.step() ? st.get(0) : undefined;
    } finally {
      st.resetNoThrow(true);
    }
  }

  lastInsertId(): number {
    return Number(this.value('SELECT last_insert_rowid()', []));
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
