import type { Db } from './db';
import { originalOfActivity, originalsSummary } from './originals';
import { readStream } from './samples';
import type { ActivityInput, LapInput } from '../analysis/types';
import type { ActivityDetail, DbSummary, ExportHrProfile, FileNote, IngestReport, SqlCell, SqlResult } from '../database';

/** The figures the summary shows whenever a database is open (after an ingest, after a reload). */
export function dbSummary(db: Db): DbSummary {
  const totals = db.get<{ activities: number; first: string | null; last: string | null }>(
    'SELECT count(*) AS activities, min(local_date) AS first, max(local_date) AS last FROM activities WHERE deleted_at IS NULL',
  );
  return {
    originals: originalsSummary(db),
    activities: Number(totals?.activities ?? 0),
    // INDEXED BY: probing samples itself reads each stream's 64 KiB leaf page (migrations/002).
    fitLinked: Number(db.value(`SELECT count(*) FROM activities a WHERE a.deleted_at IS NULL AND (EXISTS (SELECT 1 FROM samples s INDEXED BY samples_activity WHERE s.activity_id = a.id)
        OR EXISTS (SELECT 1 FROM fit_files f WHERE f.activity_id = a.id AND f.status = 'linked'))`) ?? 0),
    wellnessDays: Number(db.value('SELECT count(*) FROM wellness_daily') ?? 0),
    firstDate: totals?.first ?? null,
    lastDate: totals?.last ?? null,
    bySport: db.all<{ sport: string; count: number }>('SELECT sport, count(*) AS count FROM activities WHERE deleted_at IS NULL GROUP BY sport ORDER BY count DESC, sport'),
    lastIngest: lastIngest(db),
  };
}

interface IngestRow {
  id: number; state: IngestReport['state']; message: string | null; files_total: number; files_done: number;
  bytes_total: number; activities_added: number; activities_updated: number; fit_linked: number; wellness_days: number;
  started_at: string; finished_at: string | null;
}

export function lastIngest(db: Db): IngestReport | null {
  const row = db.get<IngestRow>(`SELECT * FROM ingests WHERE state != 'running' ORDER BY id DESC LIMIT 1`);
  if (!row) return null;
  const notes = db.all<FileNote>('SELECT file, input, status, reason FROM ingest_log WHERE ingest_id = ? ORDER BY id', [row.id]);
  return {
    ingestId: row.id,
    state: row.state,
    message: row.message,
    filesTotal: row.files_total,
    filesDone: row.files_done,
    bytesTotal: row.bytes_total,
    activitiesAdded: row.activities_added,
    activitiesUpdated: row.activities_updated,
    fitLinked: row.fit_linked,
    fitAlreadyStored: 0,
    wellnessDays: row.wellness_days,
    notes,
    elapsedMs: row.finished_at ? Date.parse(row.finished_at) - Date.parse(row.started_at) : 0,
  };
}

interface ActivityRow {
  id: number; sport: string; name: string | null; local_date: string; start_ms: number; distance_m: number | null;
  elapsed_s: number | null; timer_s: number | null; moving_s: number | null; ascent_m: number | null; avg_hr: number | null;
  max_hr: number | null; training_load: number | null; start_lat: number | null; start_lon: number | null; excluded_from_load: number;
}

/** Every activity (or the one with `id`) as the analysis functions take it, in start order; deleted ones are not read. */
export function listActivities(db: Db, id?: number): ActivityInput[] {
  return db.all<ActivityRow>(
    `SELECT id, sport, name, local_date, start_ms, distance_m, elapsed_s, timer_s, moving_s, ascent_m, avg_hr, max_hr,
            training_load, start_lat, start_lon, excluded_from_load FROM activities WHERE deleted_at IS NULL ${id === undefined ? '' : 'AND id = ?'} ORDER BY start_ms`,
    id === undefined ? undefined : [id],
  ).map((r) => ({
    id: r.id, sport: r.sport, name: r.name, localDate: r.local_date, startMs: r.start_ms, distanceM: r.distance_m,
    elapsedS: r.elapsed_s, timerS: r.timer_s, movingS: r.moving_s, ascentM: r.ascent_m, avgHr: r.avg_hr, maxHr: r.max_hr,
    trainingLoad: r.training_load, startLat: r.start_lat, startLon: r.start_lon,
    ...(r.excluded_from_load ? { excludedFromLoad: true } : {}),
  }));
}

/** An activity's laps in order. */
export function listLaps(db: Db, activityId: number): LapInput[] {
  return db.all<{ timer_s: number | null; elapsed_s: number | null; distance_m: number | null; avg_hr: number | null; avg_speed_mps: number | null }>(
    'SELECT timer_s, elapsed_s, distance_m, avg_hr, avg_speed_mps FROM laps WHERE activity_id = ? ORDER BY lap_index', [activityId],
  ).map((l) => ({ timerS: l.timer_s, elapsedS: l.elapsed_s, distanceM: l.distance_m, avgHr: l.avg_hr, avgSpeedMps: l.avg_speed_mps }));
}

/** The HR zones / max / resting HR found in the export (heartRateZones.json), if any. */
export function exportHrProfile(db: Db): ExportHrProfile | null {
  const value = db.value("SELECT value_json FROM profile WHERE key = 'hr_zones'");
  return typeof value === 'string' ? (JSON.parse(value) as ExportHrProfile) : null;
}

export const SQL_ROW_LIMIT = 5000;

/**
 * A user's query, read-only: PRAGMA query_only makes SQLite refuse any write (the SQL cell is
 * for looking, never for changing the data); results stop at SQL_ROW_LIMIT rows.
 */
export function readOnlyQuery(db: Db, sql: string): SqlResult {
  db.run('PRAGMA query_only = ON');
  try {
    const stmt = db.raw.prepare(sql);
    try {
      // getColumnNames() throws on statements without result columns (e.g. a DELETE).
      const columns = stmt.columnCount > 0 ? stmt.getColumnNames() : [];
      const rows: SqlCell[][] = [];
      let truncated = false;
      while (stmt.step()) {
        if (rows.length >= SQL_ROW_LIMIT) {
          truncated = true;
          break;
        }
        rows.push(stmt.get([]) as SqlCell[]);
      }
      return { columns, rows, truncated };
    } finally {
      stmt.finalize();
    }
  } finally {
    db.run('PRAGMA query_only = OFF');
  }
}

/** Activities per sport per month, for the Overview cell. */
export function activitiesPerMonth(db: Db): { month: string; sport: string; count: number }[] {
  return db.all<{ month: string; sport: string; count: number }>(
    'SELECT substr(local_date, 1, 7) AS month, sport, count(*) AS count FROM activities WHERE deleted_at IS NULL GROUP BY month, sport ORDER BY month, sport',
  );
}

/** One activity with its whole stream and laps (the Activity cell, the Decoupling cell's run). */
export function activityDetail(db: Db, id: number): ActivityDetail | null {
  const activity = listActivities(db, id)[0];
  if (!activity) return null;
  const original = originalOfActivity(db, id);
  return {
    activity, stream: readStream(db, id), laps: listLaps(db, id), original: original ? { name: baseName(original.path), sizeBytes: original.sizeBytes } : null,
    description: (db.value('SELECT description FROM activities WHERE id = ?', [id]) as string | null | undefined) ?? null,
  };
}

/** A file's name without the folders and zips it sat in. */
export function baseName(path: string): string {
  return path.split('/').pop() || path;
}
