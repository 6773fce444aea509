import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { Db } from './db';
import { migrate } from './migrate';

/** An in-memory, migrated database on the real sqlite-wasm engine (Node: tests, tools, bench). */
export async function openMemoryDb(): Promise<Db> {
  const sqlite3 = await sqlite3InitModule();
  const db = new Db(new sqlite3.oo1.DB(':memory:', 'c'), sqlite3);
  migrate(db);
  return db;
}
