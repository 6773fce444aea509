import type { Db } from './db';
import { sessionRpeLoad } from '../analysis/sessionLoad';
import type { ManualCsvReport, ManualSession, ManualSessionInput } from '../database';
import { parseManualCsv, type ManualRow } from '../ingest/manualCsv';

/**
 * Off-watch sessions (docs/schema.md "manual_activities"): entered with a form or a CSV, never
 * touched by an import of recordings. Their load is the one given, else session RPE × minutes
 * (analysis/sessionLoad); a session with neither has no load and is counted as such.
 */

interface Row {
  id: number; local_date: string; start_time: string | null; sport: string; name: string | null; distance_m: number | null;
  duration_s: number | null; training_load: number | null; load_source: string | null; rpe: number | null; notes: string | null; external_id: string | null;
}

export function listManual(db: Db): ManualSession[] {
  return db.all<Row>('SELECT * FROM manual_activities ORDER BY local_date, coalesce(start_time, \'\'), id').map((r) => ({
    id: r.id, localDate: r.local_date, startTime: r.start_time, sport: r.sport, name: r.name, distanceM: r.distance_m,
    durationS: r.duration_s ?? 0, trainingLoad: r.training_load, loadSource: r.load_source === 'session_rpe' ? 'session_rpe' : 'manual',
    rpe: r.rpe, notes: r.notes, externalId: r.external_id,
  }));
}

/** The load a session carries, and where it came from. */
function loadOf(s: { trainingLoad: number | null; rpe: number | null; durationS: number }): { load: number | null; source: 'manual' | 'session_rpe' } {
  if (s.trainingLoad !== null) return { load: s.trainingLoad, source: 'manual' };
  const fromRpe = s.rpe === null ? NaN : sessionRpeLoad(s.rpe, s.durationS / 60);
  return Number.isFinite(fromRpe) ? { load: fromRpe, source: 'session_rpe' } : { load: null, source: 'manual' };
}

/** What is wrong with a session as entered, in the form's words (null when it can be saved). */
export function manualProblem(s: ManualSessionInput): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s.localDate) || Number.isNaN(Date.parse(s.localDate))) return 'Pick the date.';
  if (s.startTime !== null && !/^\d{2}:\d{2}$/.test(s.startTime)) return 'The start time is hours and minutes (HH:MM).';
  if (!s.sport.trim()) return 'Pick the type of session.';
  if (!(s.durationS > 0)) return 'The duration must be more than 0 minutes.';
  if (s.distanceM !== null && !(s.distanceM >= 0)) return 'The distance cannot be negative.';
  if (s.rpe !== null && !(s.rpe >= 1 && s.rpe <= 10)) return 'Session RPE is 1 (very easy) to 10 (maximal).';
  if (s.trainingLoad !== null && !(s.trainingLoad >= 0)) return 'The training load cannot be negative.';
  return null;
}

/** Saves a session (a new one, or `id`'s); returns its id. The caller checked manualProblem. */
export function saveManual(db: Db, s: ManualSessionInput, id: number | null = null): number {
  const { load, source } = loadOf(s);
  const values = [s.localDate, s.startTime, s.sport, s.name, s.distanceM, s.durationS, load, source, s.rpe, s.notes];
  if (id === null) {
    db.run(
      `INSERT INTO manual_activities (local_date, start_time, sport, name, distance_m, duration_s, training_load, load_source, rpe, notes, external_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [...values, s.externalId ?? null, new Date().toISOString()],
    );
    return db.lastInsertId();
  }
  db.run(
    `UPDATE manual_activities SET local_date = ?, start_time = ?, sport = ?, name = ?, distance_m = ?, duration_s = ?, training_load = ?,
       load_source = ?, rpe = ?, notes = ? WHERE id = ?`,
    [...values, id],
  );
  return id;
}

/**
 * Saves a session, updating the one with its external id if there is one (re-imports never
 * duplicate); with `keepExisting`, a session already there is left as the athlete edited it.
 */
export function upsertManualSession(db: Db, s: ManualSessionInput, { keepExisting = false } = {}): 'added' | 'updated' | 'kept' {
  const existing = s.externalId ? db.value('SELECT id FROM manual_activities WHERE external_id = ?', [s.externalId]) as number | undefined : undefined;
  if (existing !== undefined && keepExisting) return 'kept';
  saveManual(db, s, existing ?? null);
  return existing === undefined ? 'added' : 'updated';
}

export function deleteManual(db: Db, id: number): void {
  db.run('DELETE FROM manual_activities WHERE id = ?', [id]);
}

/** openrun's CSV: each row added, or updating the session with its external_id; all in one transaction. */
export function importManualCsv(db: Db, text: string): ManualCsvReport {
  const { rows, problems } = parseManualCsv(text);
  let added = 0;
  let updated = 0;
  db.run('BEGIN');
  try {
    for (const r of rows) {
      if (upsertManualSession(db, inputOf(r)) === 'added') added++;
      else updated++;
    }
    db.run('COMMIT');
  } catch (error) {
    db.run('ROLLBACK');
    throw error;
  }
  return { added, updated, problems };
}

function inputOf(r: ManualRow): ManualSessionInput {
  return { localDate: r.localDate, startTime: null, sport: r.sport, name: null, distanceM: r.distanceM, durationS: r.durationS, rpe: null, trainingLoad: r.trainingLoad, notes: r.notes, externalId: r.externalId };
}
