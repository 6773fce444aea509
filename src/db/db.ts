import type { BindingSpec, Database, PreparedStatement, Sqlite3Static, SqlValue } from '@sqlite.org/sqlite-wasm';

/** SQLite rolled back the whole open transaction; `cause` is the error that made it do so. */
export class TransactionLostError extends Error {
  constructor(override readonly cause: unknown) {
    super(`the open transaction was rolled back (${cause instanceof Error ? cause.message : String(cause)})`);
  }
}

/** The engine's own bind functions (wasm exports: plain numbers in, result code out). */
interface EngineBinds {
  sqlite3_bind_null(stmt: number, at: number): number;
  sqlite3_bind_int(stmt: number, at: number, value: number): number;
  sqlite3_bind_int64(stmt: number, at: number, value: bigint): number;
  sqlite3_bind_double(stmt: number, at: number, value: number): number;
  sqlite3_bind_text(stmt: number, at: number, text: number, bytes: number, destructor: number): number;
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

  /**
   * Binds positional values straight through the engine's exports: the library's bind() checks
   * and converts every value through generic wrappers (~1.3 s of the ingest worker's time on the
   * 10-year export, which binds ~700,000 values). Same types as the library: (safe) integers
   * as INTEGER, other numbers as REAL, null and undefined as NULL; blobs and the rest go its way.
   */
  private bind(st: PreparedStatement, bind: BindingSpec): void {
    if (!Array.isArray(bind)) {
      st.bind(bind);
      return;
    }
    const { wasm } = this.sqlite3;
    const engine = wasm.exports as EngineBinds;
    const p = st.pointer as number;
    for (let i = 0; i < bind.length; i++) {
      const value: unknown = bind[i];
      const at = i + 1;
      let rc: number;
      if (value === null || value === undefined) rc = engine.sqlite3_bind_null(p, at);
      else if (typeof value === 'number') {
        if (value === (value | 0)) rc = engine.sqlite3_bind_int(p, at, value);
        else if (Number.isSafeInteger(value) && this.sqlite3.config.bigIntEnabled) rc = engine.sqlite3_bind_int64(p, at, BigInt(value));
        else rc = engine.sqlite3_bind_double(p, at, value);
      } else if (typeof value === 'string') rc = this.bindText(p, at, value);
      else {
        st.bind(at, value as SqlValue);
        continue;
      }
      if (rc !== 0) throw new Error(`binding value ${at} failed (${this.sqlite3.capi.sqlite3_js_rc_str(rc) ?? rc})`);
    }
  }

  /**
   * A string as UTF-8 written straight into a buffer kept in wasm memory; SQLite copies it
   * (SQLITE_TRANSIENT). The library's bind makes a fresh Uint8Array per string
   * (TextEncoder.encode), then a heap copy: ~13 % of the ingest worker's time on the 10-year export.
   */
  private bindText(p: number, at: number, text: string): number {
    const { wasm, capi } = this.sqlite3;
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    const need = text.length * 3 + 1;
    if (need > this.textCap) {
      if (this.textPtr) wasm.dealloc(this.textPtr);
      this.textCap = Math.max(need, 4096);
      this.textPtr = wasm.alloc(this.textCap) as number;
    }
    const { written } = this.utf8.encodeInto(text, wasm.heap8u().subarray(this.textPtr, this.textPtr + this.textCap));
    return (wasm.exports as EngineBinds).sqlite3_bind_text(p, at, this.textPtr, written, capi.SQLITE_TRANSIENT);
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
    // Prepared once per nesting depth (run() caches them): an ingest opens one per file.
    const name = `sp${++this.savepoints}`;
    this.run(`SAVEPOINT ${name}`, []);
    try {
      const result = fn();
      this.run(`RELEASE ${name}`, []);
      return result;
    } catch (error) {
      try {
        this.run(`ROLLBACK TO ${name}`, []);
        this.run(`RELEASE ${name}`, []);
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
