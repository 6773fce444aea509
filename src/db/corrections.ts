import type { Db } from './db';
import type { ActivityCorrection, DeletedActivity } from '../database';

/**
 * The athlete's corrections to an imported activity (docs/schema.md "activities": `edited`,
 * `excluded_from_load`, `deleted_at`). A corrected column is marked in `edited`, so an import
 * merging into the row keeps the athlete's value; a deleted activity stays as a hidden row, so
 * importing the same file again finds it and does not bring it back until it is restored.
 */

export function correctActivity(db: Db, id: number, c: ActivityCorrection): void {
  const sets: string[] = [];
  const values: (string | number | null)[] = [];
  const edited: string[] = [];
  if (c.name !== undefined) {
    sets.push('name = ?');
    values.push(c.name === null || c.name.trim() === '' ? null : c.name.trim());
    edited.push('name');
  }
  if (c.sport !== undefined) {
    if (!/^[a-z0-9_]+$/.test(c.sport)) throw new Error(`"${c.sport}" is not an activity type`);
    sets.push('sport = ?');
    values.push(c.sport);
    edited.push('sport');
  }
  if (c.excludedFromLoad !== undefined) {
    sets.push('excluded_from_load = ?');
    values.push(c.excludedFromLoad ? 1 : 0);
  }
  if (sets.length === 0) return;
  // json_set over the marks already there: {"name":1} then {"name":1,"sport":1}.
  const marks = edited.map((col) => `, '$.${col}', 1`).join('');
  db.run(
    `UPDATE activities SET ${sets.join(', ')}${edited.length ? `, edited = json_set(coalesce(edited, '{}')${marks})` : ''}, updated_at = ? WHERE id = ?`,
    [...values, new Date().toISOString(), id],
  );
}

export function deleteActivity(db: Db, id: number): void {
  db.run('UPDATE activities SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL', [new Date().toISOString(), id]);
}

export function restoreActivity(db: Db, id: number): void {
  db.run('UPDATE activities SET deleted_at = NULL WHERE id = ?', [id]);
}

export function listDeleted(db: Db): DeletedActivity[] {
  return db.all<{ id: number; local_date: string; sport: string; name: string | null; deleted_at: string }>(
    'SELECT id, local_date, sport, name, deleted_at FROM activities WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC',
  ).map((r) => ({ id: r.id, localDate: r.local_date, sport: r.sport, name: r.name, deletedAt: r.deleted_at }));
}
