import type { Db } from './db';
import type { DbSummary, FileNote, IngestReport } from '../ingest/types';

/** The figures the summary shows whenever a database is open (after an ingest, after a reload). */
export function dbSummary(db: Db): DbSummary {
  const totals = db.get<{ activities: number; first: string | null; last: string | null }>(
    'SELECT count(*) AS activities, min(local_date) AS first, max(local_date) AS last FROM activities',
  );
  return {
    activities: Number(totals?.activities ?? 0),
    fitLinked: Number(db.value('SELECT count(DISTINCT activity_id) FROM fit_files WHERE activity_id IS NOT NULL') ?? 0),
    wellnessDays: Number(db.value('SELECT count(*) FROM wellness_daily') ?? 0),
    firstDate: totals?.first ?? null,
    lastDate: totals?.last ?? null,
    bySport: db.all<{ sport: string; count: number }>('SELECT sport, count(*) AS count FROM activities GROUP BY sport ORDER BY count DESC, sport'),
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
