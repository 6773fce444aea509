import type { Db } from './db';
import { readStream } from './samples';
import { STREAM_METRICS_VERSION, streamMetrics, type StreamMetrics } from '../analysis/streamMetrics';
import { isRun, type ActivityInput, type StreamInput } from '../analysis/types';
import type { RouteTrack } from '../analysis/routes';

/**
 * The `stream_metrics` table (docs/schema.md): each stream's derived numbers, written once and
 * read by the notebook. A trigger deletes the row whenever the stream is rewritten, and rows of an
 * older STREAM_METRICS_VERSION count as missing, so `ensureStreamMetrics` brings any database up
 * to date (after an ingest, and when the database opens: reads never write).
 */

/** A typed array's bytes as a blob (little-endian, as every platform fitbook runs on). */
function blob(a: Float64Array | Float32Array | null): Uint8Array | null {
  return a ? new Uint8Array(a.buffer, a.byteOffset, a.byteLength) : null;
}

function floats<T extends Float32Array | Float64Array>(value: unknown, Type: { new (buffer: ArrayBuffer): T }): T | null {
  if (!(value instanceof Uint8Array)) return null;
  return new Type(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength) as ArrayBuffer);
}

/** Activities whose stream has no current metrics row. */
function staleIds(db: Db): number[] {
  return db.all<{ id: number }>(
    `SELECT s.activity_id AS id FROM samples s INDEXED BY samples_activity LEFT JOIN stream_metrics m ON m.activity_id = s.activity_id
     WHERE m.activity_id IS NULL OR m.version != ? ORDER BY s.activity_id`, [STREAM_METRICS_VERSION],
  ).map((r) => r.id);
}

/**
 * Computes and stores the metrics of every stream that lacks current ones, in batched
 * transactions (one activity's samples in memory at a time). Returns how many it computed.
 */
export function ensureStreamMetrics(db: Db, { batch = 200 } = {}): number {
  const ids = staleIds(db);
  for (let from = 0; from < ids.length; from += batch) {
    db.run('BEGIN');
    try {
      for (const id of ids.slice(from, from + batch)) writeStreamMetrics(db, id);
      db.run('COMMIT');
    } catch (error) {
      db.run('ROLLBACK');
      throw error;
    }
  }
  return ids.length;
}

function writeStreamMetrics(db: Db, activityId: number): void {
  const stream = readStream(db, activityId);
  if (stream) storeStreamMetrics(db, activityId, stream);
}

/**
 * Computes and stores one stream's metrics from the columns in hand: ingest calls this right
 * after writing the samples, so nothing is read back. The run-only metrics follow the sport
 * stored for the activity (a summary's sport wins over the FIT's), as on any later recompute.
 */
export function storeStreamMetrics(db: Db, activityId: number, stream: StreamInput, computed?: { run: boolean; metrics: StreamMetrics }): void {
  const sport = db.value('SELECT sport FROM activities WHERE id = ?', [activityId]);
  if (typeof sport !== 'string') return;
  const run = isRun(sport);
  // Computed beside the decoder from the FIT's sport; valid unless a summary re-typed it.
  const m = computed && computed.run === run ? computed.metrics : streamMetrics(stream, { run });
  db.run(
    `INSERT OR REPLACE INTO stream_metrics (activity_id, version, hr_from_bpm, hr_seconds, decoupling_pct, gap_min_per_km, best_efforts_s, track_lat, track_lon)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [activityId, STREAM_METRICS_VERSION, m.hr?.fromBpm ?? null, blob(m.hr?.secondsAt ?? null), m.decouplingPct,
      Number.isNaN(m.gapMinPerKm) ? null : m.gapMinPerKm, blob(m.bestEffortsS), blob(m.track?.lat ?? null), blob(m.track?.lon ?? null)],
  );
}

interface MetricsRow {
  activity_id: number; hr_from_bpm: number | null; hr_seconds: Uint8Array | null; decoupling_pct: number | null;
  gap_min_per_km: number | null; best_efforts_s: Uint8Array | null;
}

/** Every stream's metrics by activity id (the tracks are left out: only the Routes cell draws them). */
export function readStreamMetrics(db: Db): Map<number, StreamMetrics> {
  const out = new Map<number, StreamMetrics>();
  for (const r of db.all<MetricsRow>('SELECT activity_id, hr_from_bpm, hr_seconds, decoupling_pct, gap_min_per_km, best_efforts_s FROM stream_metrics')) {
    const secondsAt = floats(r.hr_seconds, Float64Array);
    out.set(r.activity_id, {
      hr: secondsAt && r.hr_from_bpm !== null ? { fromBpm: r.hr_from_bpm, secondsAt } : null,
      decouplingPct: r.decoupling_pct,
      gapMinPerKm: r.gap_min_per_km ?? NaN,
      bestEffortsS: floats(r.best_efforts_s, Float64Array),
      track: null,
    });
  }
  return out;
}

/**
 * One track to draw per group: the latest run of each group (a course, buildRoutes) that has a
 * stored path. `groupOf` maps run ids to their group; runs not in it are ignored.
 */
export function latestRouteTracks(db: Db, activities: readonly ActivityInput[], groupOf: ReadonlyMap<number, number>): RouteTrack[] {
  const withTrack = new Set(db.all<{ id: number }>('SELECT activity_id AS id FROM stream_metrics WHERE track_lat IS NOT NULL').map((r) => r.id));
  const latest = new Map<number, ActivityInput>();
  for (const a of activities) {
    const group = groupOf.get(a.id);
    if (group === undefined || !withTrack.has(a.id)) continue;
    const seen = latest.get(group);
    if (!seen || a.startMs > seen.startMs) latest.set(group, a);
  }
  return [...latest.values()].map((a) => readTrack(db, a.id)).filter((t): t is RouteTrack => t !== null);
}

export function readTrack(db: Db, activityId: number): RouteTrack | null {
  const r = db.get<{ track_lat: unknown; track_lon: unknown }>('SELECT track_lat, track_lon FROM stream_metrics WHERE activity_id = ?', [activityId]);
  const lat = floats(r?.track_lat, Float32Array);
  const lon = floats(r?.track_lon, Float32Array);
  return lat && lon ? { activityId, lat: Float64Array.from(lat), lon: Float64Array.from(lon) } : null;
}
