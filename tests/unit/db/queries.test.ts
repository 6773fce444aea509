import { describe, expect, it } from 'vitest';
import { openMemoryDb } from '../../../src/db/node';
import { readOnlyQuery, SQL_ROW_LIMIT } from '../../../src/db/queries';

describe('readOnlyQuery (the SQL cell)', () => {
  it('returns columns and rows, caps the rows, and refuses any write', async () => {
    const db = await openMemoryDb();
    db.run("INSERT INTO plans (name, created_at) VALUES ('A plan', '2026-01-01')");
    const r = readOnlyQuery(db, 'SELECT id, name FROM plans');
    expect(r).toEqual({ columns: ['id', 'name'], rows: [[1, 'A plan']], truncated: false });
    const many = readOnlyQuery(db, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${SQL_ROW_LIMIT + 10}) SELECT i FROM n`);
    expect(many.rows).toHaveLength(SQL_ROW_LIMIT);
    expect(many.truncated).toBe(true);
    expect(() => readOnlyQuery(db, 'DELETE FROM plans')).toThrow(/readonly|read-only|query_only/i);
    expect(() => readOnlyQuery(db, 'DROP TABLE plans')).toThrow();
    // The connection is writable again for the app itself.
    db.run("INSERT INTO plans (name, created_at) VALUES ('B plan', '2026-01-02')");
    expect(db.value('SELECT count(*) FROM plans')).toBe(2);
  });
});
