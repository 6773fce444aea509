import { describe, expect, it } from 'vitest';
import { openMemoryDb } from '../../../src/db/node';

describe('Db binds values', () => {
  it('round-trips strings of every width, empty and long ones, next to other types', async () => {
    const db = await openMemoryDb();
    db.run('CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT, n, b BLOB)');
    const strings = ['', 'plain ascii', 'Läufchen am Sörensee', 'Τρέξιμο', '晨跑', 'trail 🏃‍♀️ run ⛰️', 'x'.repeat(100_000) + 'é', 'a\u0000b'];
    for (const [i, s] of strings.entries()) db.run('INSERT INTO t (id, s, n, b) VALUES (?, ?, ?, ?)', [i, s, i + 0.5, new Uint8Array([i, 255])]);
    const rows = db.all<{ s: string; n: number; b: Uint8Array }>('SELECT s, n, b FROM t ORDER BY id', []);
    expect(rows.map((r) => r.s)).toEqual(strings);
    expect(rows.map((r) => r.n)).toEqual(strings.map((_, i) => i + 0.5));
    expect(rows.map((r) => [...r.b])).toEqual(strings.map((_, i) => [i, 255]));
    // A bound string is compared as SQLite text (lengths in bytes are right, not in code units).
    expect(db.value('SELECT id FROM t WHERE s = ?', ['trail 🏃‍♀️ run ⛰️'])).toBe(5);
    expect(db.value('SELECT length(s) FROM t WHERE id = ?', [4])).toBe(2);
    // Numbers keep their SQLite types: integers (past 32 bits too) as INTEGER, the rest as REAL.
    const typed = [[1, 'integer'], [-7, 'integer'], [1_733_000_000_123, 'integer'], [2 ** 53 + 2, 'real'], [0.1, 'real'], [null, 'null'], [undefined, 'null'], [true, 'integer'], [12n, 'integer']] as const;
    for (const [value, type] of typed) {
      expect(db.get('SELECT typeof(?) AS t, ? AS v', [value, value])).toEqual({ t: type, v: value === undefined ? null : value === true ? 1 : typeof value === 'bigint' ? Number(value) : value });
    }
    // Named parameters still bind through the library.
    expect(db.value('SELECT s FROM t WHERE id = $id', { $id: 3 })).toBe('Τρέξιμο');
  });
});
