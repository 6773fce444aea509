import type { BindingSpec, Database, PreparedStatement, Sqlite3Static, SqlValue } from '@sqlite.org/sqlite-wasm';

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

  /** Where bound strings are encoded (in wasm memory, reused; see bindText). */
  private textPtr = 0;
  private textCap = 0;
  private readonly utf8 = new TextEncoder();

  /** `sqlite3` must be the module `raw` was opened with (their wasm memory is shared). */
  constructor(readonly raw: Database, readonly sqlite3: Sqlite3Static) {}

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
      this.bind(st, bind);
      if (rows) while (st.step()) rows.push(st.get({}) as Row);
      else st.step();
    } finally {
      // After a failed step, reset() would throw the same error again and hide where it came from.
      st.resetNoThrow(true);
    }
  }

  private bind(st: PreparedStatement, bind: BindingSpec): void {
    if (!Array.isArray(bind)) {
      st.bind(bind);
      return;
    }
    for (let i = 0; i < bind.length; i++) {
      const value: unknown = bind[i];
      if (typeof value === 'string') this.bindText(st, i + 1, value);
      else st.bind(i + 1, value as SqlValue);
    }
  }

  /**
   * Binds a string as UTF-8 written straight into a buffer kept in wasm memory; SQLite copies it
   * (SQLITE_TRANSIENT). The library's own bind makes a fresh Uint8Array per string
   * (TextEncoder.encode) and then a heap copy: an ingest binds ~15 strings per file, and that
   * was ~13 % of the ingest worker's time on the 10-year export.
   */
  private bindText(st: PreparedStatement, index: number, text: string): void {
    const { wasm, capi } = this.sqlite3;
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    const need = text.length * 3 + 1;
    if (need > this.textCap) {
      if (this.textPtr) wasm.dealloc(this.textPtr);
      this.textCap = Math.max(need, 4096);
      this.textPtr = wasm.alloc(this.textCap) as number;
    }
    const { written } = this.utf8.encodeInto(text, wasm.heap8u().subarray(this.textPtr, this.textPtr + this.textCap));
    const rc = capi.sqlite3_bind_text(st.pointer as number, index, this.textPtr, written, capi.SQLITE_TRANSIENT);
    if (rc !== 0) throw new Error(`binding a value failed (${capi.sqlite3_js_rc_str(rc) ?? rc})`);
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
      this.bind(st, bind);
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
