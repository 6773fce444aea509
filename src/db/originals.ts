import type { Db } from './db';
import type { OriginalPlace } from '../ingest/originals';

/** The index of the kept original files (migrations/004-originals.sql). */

export interface OriginalRow extends OriginalPlace {
  sha256: string;
  path: string;
  /** 'recording', or the export file's kind (classify.ts EntryKind). */
  kind: string;
  uploaded: boolean;
  sizeBytes: number;
  /** 0: stored as is; 8: raw deflate, as it was in the zip. */
  method: 0 | 8;
}

export function originalKept(db: Db, sha256: string): boolean {
  return db.value('SELECT 1 FROM originals WHERE sha256 = ?', [sha256]) !== undefined;
}

export function recordOriginal(db: Db, row: OriginalRow, ingestId: number | null, now: string): void {
  db.run(
    `INSERT OR IGNORE INTO originals (sha256, path, kind, uploaded, size_bytes, method, stored_bytes, pack, pack_offset, ingest_id, stored_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [row.sha256, row.path, row.kind, row.uploaded ? 1 : 0, row.sizeBytes, row.method, row.storedBytes, row.pack, row.offset, ingestId, now],
  );
}

const SELECT = `SELECT o.sha256, o.path, o.kind, o.uploaded, o.size_bytes, o.method, o.stored_bytes, o.pack, o.pack_offset FROM originals o`;

type Raw = { sha256: string; path: string; kind: string; uploaded: number; size_bytes: number; method: number; stored_bytes: number; pack: string; pack_offset: number };

function fromRaw(r: Raw): OriginalRow {
  return {
    sha256: r.sha256, path: r.path, kind: r.kind, uploaded: r.uploaded === 1, sizeBytes: r.size_bytes,
    method: r.method === 8 ? 8 : 0, storedBytes: r.stored_bytes, pack: r.pack, offset: r.pack_offset,
  };
}

/** Every original, in the order they were kept. */
export function listOriginals(db: Db): OriginalRow[] {
  return db.all<Raw>(`${SELECT} ORDER BY o.rowid`).map(fromRaw);
}

/** The recording an activity's stream came from (the linked file first), if it was kept. */
export function originalOfActivity(db: Db, activityId: number): OriginalRow | null {
  const r = db.get<Raw>(
    `${SELECT} JOIN fit_files f ON f.sha256 = o.sha256 WHERE f.activity_id = ? ORDER BY f.status = 'linked' DESC, f.ingested_at LIMIT 1`,
    [activityId],
  );
  return r ? fromRaw(r) : null;
}

export interface OriginalsSummary {
  files: number;
  /** What they take on the device. */
  storedBytes: number;
}

export function originalsSummary(db: Db): OriginalsSummary {
  const r = db.get<{ n: number; bytes: number | null }>('SELECT count(*) AS n, sum(stored_bytes) AS bytes FROM originals');
  return { files: r?.n ?? 0, storedBytes: r?.bytes ?? 0 };
}

/**
 * Packs the device no longer has (part of the site's storage cleared): their originals are no
 * longer kept, so the next import of those files keeps them again.
 */
export function forgetPacks(db: Db, packs: readonly string[]): void {
  for (const pack of packs) db.run('DELETE FROM originals WHERE pack = ?', [pack]);
}
