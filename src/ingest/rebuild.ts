import type { Db } from '../db/db';
import { listOriginals } from '../db/originals';
import { MATCH_WINDOW_MS, SAME_START_MS, sportFamily } from '../db/store';
import { ingestFiles, type IngestOptions, type KeptOriginal } from './ingest';
import type { IngestReport } from '../database';

/**
 * "Rebuild from originals" (issue #16): a fresh database is filled from the kept original files by
 * the import as it is today, so what fitbook derives (decoding, merging, stream metrics) is
 * redone with its current code. What the athlete made is carried over as it was: plans,
 * off-watch sessions, the import history and the originals' index; and their corrections
 * (names, sports, exclusions, deletions) are applied again to the activities they were made on.
 * Nothing is lost quietly: every activity of the old database must be found in the new one, or
 * the rebuild reports which are missing (imported before fitbook kept originals) and the caller
 * keeps the old database.
 */

/** The athlete's own tables, copied as they are (their ids are not referenced by imported rows). */
const CARRIED_TABLES = ['plans', 'plan_weeks', 'plan_goals', 'plan_sessions', 'plan_changes', 'manual_activities', 'ingests', 'ingest_log', 'originals'] as const;

export interface MissingActivity {
  localDate: string;
  sport: string;
  name: string | null;
}

export interface RebuildOutcome {
  report: IngestReport;
  /** Activities of the old database with no counterpart in the new one (no original kept). */
  missing: MissingActivity[];
  /** What else the new database would lack, in the athlete's words ("3 wellness days"). */
  shortfalls: string[];
  /** Packs that could not be read: their originals are no longer kept (db/originals.ts forgetPacks). */
  lostPacks: string[];
  /** Corrections applied again. */
  corrections: number;
}

export async function rebuildFromOriginals(
  from: Db, to: Db, pack: (name: string) => Promise<Blob | null>, options: Omit<IngestOptions, 'originals'> = {},
): Promise<RebuildOutcome> {
  copyTables(from, to);
  const packs = new Map<string, Promise<Blob | null>>();
  const inputs: KeptOriginal[] = [];
  const lostFiles: string[] = [];
  for (const original of listOriginals(from)) {
    // A pack the device lost (site data cleared by hand): said below, and its activities missing.
    if (!packs.has(original.pack)) packs.set(original.pack, pack(original.pack));
    const blob = await packs.get(original.pack);
    if (blob) inputs.push({ original, pack: blob });
    else lostFiles.push(original.path);
  }
  const lost = (await Promise.all([...packs].map(async ([name, p]) => ((await p) === null ? name : null)))).filter((n): n is string => n !== null);
  // New activities get ids above the old ones, so carryOver can give each its old id back.
  const maxOldId = Number(from.value('SELECT coalesce(max(id), 0) FROM activities'));
  to.run(PLACEHOLDER, [maxOldId]);
  const report = await ingestFiles(to, inputs, options);
  to.run('DELETE FROM activities WHERE id = ?', [maxOldId]);
  if (report.state !== 'done') return { report, missing: [], shortfalls: [], lostPacks: lost, corrections: 0 };
  const carried = carryOver(from, to);
  const skipped = report.notes.filter((n) => n.status === 'skipped');
  const shortfalls = [
    ...(lostFiles.length ? [`${count(lostFiles.length, 'original file')} no longer on this device`] : []),
    ...(skipped.length ? [`${count(skipped.length, 'original file')} that could not be read again (${skipped.slice(0, 3).map((n) => n.name || n.file).join('; ')}${skipped.length > 3 ? '; …' : ''})`] : []),
    ...lessIn(from, to, 'SELECT count(*) FROM wellness_daily', 'wellness day'),
    ...lessIn(from, to, `SELECT count(*) FROM samples s JOIN activities a ON a.id = s.activity_id WHERE a.deleted_at IS NULL`, 'activity stream'),
  ];
  return { report, ...carried, shortfalls, lostPacks: lost };
}

/** Never matches anything an import writes (no Garmin id, a start in year -250,000). */
const PLACEHOLDER = `INSERT INTO activities (id, source, sport, start_utc, start_ms, start_local, utc_offset_s, local_date, raw_json, ingested_at, updated_at, deleted_at)
  VALUES (?, 'fit', 'placeholder', '', -8000000000000000, '', 0, '', '{}', '', '', '')`;

function count(n: number, what: string): string {
  return `${n.toLocaleString('en')} ${what}${n === 1 ? '' : 's'}`;
}

/** "3 wellness days" when the new database has fewer rows by `sql` than the old one. */
function lessIn(from: Db, to: Db, sql: string, what: string): string[] {
  const fewer = Number(from.value(sql)) - Number(to.value(sql));
  return fewer > 0 ? [count(fewer, what)] : [];
}

function copyTables(from: Db, to: Db): void {
  to.run('BEGIN');
  try {
    for (const table of CARRIED_TABLES) {
      const columns = from.all<{ name: string }>(`SELECT name FROM pragma_table_info('${table}')`).map((c) => c.name);
      const insert = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
      for (const row of from.all<Record<string, string | number | null>>(`SELECT ${columns.join(', ')} FROM ${table} ORDER BY rowid`)) {
        to.run(insert, columns.map((c) => row[c] ?? null));
      }
    }
    to.run('COMMIT');
  } catch (error) {
    to.run('ROLLBACK');
    throw error;
  }
}

type OldActivity = {
  id: number; garmin_activity_id: number | null; start_ms: number; sport: string; name: string | null; local_date: string;
  edited: string | null; excluded_from_load: number; deleted_at: string | null;
};

/** Finds each old activity in the new database; applies its corrections there; lists what is missing. */
function carryOver(from: Db, to: Db): { missing: MissingActivity[]; corrections: number } {
  const taken = new Set<number>();
  /** new id -> old id: each activity found again keeps its id (scripts and saved layouts use them). */
  const ids = new Map<number, number>();
  const missing: MissingActivity[] = [];
  let corrections = 0;
  to.run('BEGIN');
  try {
    for (const old of from.all<OldActivity>(
      'SELECT id, garmin_activity_id, start_ms, sport, name, local_date, edited, excluded_from_load, deleted_at FROM activities ORDER BY start_ms, id',
    )) {
      const id = counterpart(to, old, taken);
      if (id === null) {
        if (old.deleted_at === null) missing.push({ localDate: old.local_date, sport: old.sport, name: old.name });
        continue;
      }
      taken.add(id);
      ids.set(id, old.id);
      if (old.edited === null && old.excluded_from_load === 0 && old.deleted_at === null) continue;
      const marks = JSON.parse(old.edited ?? '{}') as Record<string, unknown>;
      // The corrected values themselves; the import wrote its own into the other columns.
      to.run(
        `UPDATE activities SET name = CASE WHEN ?1 THEN ?2 ELSE name END, sport = CASE WHEN ?3 THEN ?4 ELSE sport END,
           edited = ?5, excluded_from_load = ?6, deleted_at = ?7 WHERE id = ?8`,
        ['name' in marks ? 1 : 0, old.name, 'sport' in marks ? 1 : 0, old.sport, old.edited, old.excluded_from_load, old.deleted_at, id],
      );
      corrections++;
    }
    giveOldIds(to, ids);
    to.run('COMMIT');
  } catch (error) {
    to.run('ROLLBACK');
    throw error;
  }
  return { missing, corrections };
}

/** The tables that point at an activity, samples first (see the comment in giveOldIds). */
const ACTIVITY_REFERENCES = ['samples', 'laps', 'stream_metrics', 'fit_files', 'gear_activities'] as const;

/**
 * Renumbers the new activities to their old ids, inside carryOver's transaction. Every new id is
 * above every old one (the placeholder), so no two rows ever share an id on the way. Foreign keys
 * are checked at COMMIT, once parents and children agree again. Samples move before their
 * metrics: moving a samples row deletes the metrics at its new id (migrations/002's trigger),
 * where there are none yet.
 */
function giveOldIds(to: Db, ids: ReadonlyMap<number, number>): void {
  if (ids.size === 0) return;
  to.run('PRAGMA defer_foreign_keys = ON');
  to.run('CREATE TEMP TABLE rebuild_ids (new_id INTEGER PRIMARY KEY, old_id INTEGER NOT NULL)');
  for (const [newId, oldId] of ids) to.run('INSERT INTO rebuild_ids VALUES (?, ?)', [newId, oldId]);
  for (const table of ACTIVITY_REFERENCES) {
    to.run(`UPDATE ${table} SET activity_id = m.old_id FROM rebuild_ids m WHERE ${table}.activity_id = m.new_id`);
  }
  to.run('UPDATE activities SET id = m.old_id FROM rebuild_ids m WHERE activities.id = m.new_id');
  to.run('DROP TABLE rebuild_ids');
}

/**
 * The same activity in the new database: by Garmin's id, else the nearest start within the
 * import's merge window with the same kind of sport, else the same start instant whatever the
 * sport (the athlete may have re-typed it). Each new activity answers for one old one.
 */
function counterpart(to: Db, old: OldActivity, taken: ReadonlySet<number>): number | null {
  if (old.garmin_activity_id !== null) {
    const id = to.value('SELECT id FROM activities WHERE garmin_activity_id = ?', [old.garmin_activity_id]) as number | undefined;
    if (id !== undefined && !taken.has(id)) return id;
  }
  const near = to.all<{ id: number; start_ms: number; sport: string }>(
    'SELECT id, start_ms, sport FROM activities WHERE start_ms BETWEEN ? AND ? ORDER BY abs(start_ms - ?), id',
    [old.start_ms - MATCH_WINDOW_MS, old.start_ms + MATCH_WINDOW_MS, old.start_ms],
  ).filter((c) => !taken.has(c.id));
  const found = near.find((c) => sportFamily(c.sport) === sportFamily(old.sport)) ?? near.find((c) => Math.abs(c.start_ms - old.start_ms) <= SAME_START_MS);
  return found?.id ?? null;
}
