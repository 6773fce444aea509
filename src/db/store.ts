import type { Db } from './db';
import type { ActivityFields, LapFields, SampleColumns, WellnessFields } from '../ingest/types';
import { isoLocal, isoUtc } from '../ingest/time';

/**
 * Typed writes of the ingest path. One activity may arrive from several files (account export
 * summary + its FIT + a Connect export + a re-encoded copy). They merge, in this order:
 * 1. on the Garmin activity id, when both sides know it;
 * 2. on the same start instant (within SAME_START_MS), whatever the sport: one recording
 *    (Connect keeps the device's FIT when the user re-types an activity);
 * 3. within MATCH_WINDOW_MS, a summary with a FIT (or a FIT with a summary) of a compatible
 *    sport, but never a second stream into an activity that already has one: two short
 *    recordings a minute apart are two activities.
 */

/** FIT session start = summary beginTimestamp exactly in 67/67 real cases; allow clock slop. */
export const MATCH_WINDOW_MS = 60_000;
/** Starts this close are the same recording (a re-encoded copy, a re-typed activity). */
export const SAME_START_MS = 2_000;

export interface ActivityWrite {
  id: number;
  added: boolean;
}

const COLUMNS = [
  ['garmin_activity_id', (f: ActivityFields) => f.garminActivityId],
  ['sport', (f: ActivityFields) => f.sport],
  ['name', (f: ActivityFields) => f.name],
  ['distance_m', (f: ActivityFields) => f.distanceM],
  ['elapsed_s', (f: ActivityFields) => f.elapsedS],
  ['timer_s', (f: ActivityFields) => f.timerS],
  ['moving_s', (f: ActivityFields) => f.movingS],
  ['ascent_m', (f: ActivityFields) => f.ascentM],
  ['descent_m', (f: ActivityFields) => f.descentM],
  ['avg_hr', (f: ActivityFields) => f.avgHr],
  ['max_hr', (f: ActivityFields) => f.maxHr],
  ['avg_speed_mps', (f: ActivityFields) => f.avgSpeedMps],
  ['max_speed_mps', (f: ActivityFields) => f.maxSpeedMps],
  ['avg_cadence_spm', (f: ActivityFields) => f.avgCadenceSpm],
  ['avg_cadence_rpm', (f: ActivityFields) => f.avgCadenceRpm],
  ['avg_power_w', (f: ActivityFields) => f.avgPowerW],
  ['calories_kcal', (f: ActivityFields) => f.caloriesKcal],
  ['training_load', (f: ActivityFields) => f.trainingLoad],
  ['aerobic_te', (f: ActivityFields) => f.aerobicTe],
  ['anaerobic_te', (f: ActivityFields) => f.anaerobicTe],
  ['start_lat', (f: ActivityFields) => f.startLat],
  ['start_lon', (f: ActivityFields) => f.startLon],
  ['device', (f: ActivityFields) => f.device],
  ['parent_garmin_id', (f: ActivityFields) => f.parentGarminId],
  ['description', (f: ActivityFields) => f.description ?? null],
] as const;

type Existing = { id: number; garmin_activity_id: number | null; source: string; sport: string; start_ms: number; has_stream: number };

/**
 * Sport families for matching by time: a FIT may say `walking` where Garmin's summary says
 * `hiking`, but a bike leg must never merge into the transition that started 40 s before it.
 */
export function sportFamily(sport: string): string {
  if (sport.startsWith('transition')) return 'transition';
  if (sport.includes('swim')) return 'swim';
  if (/cycl|bik|ride|velo/.test(sport)) return 'bike';
  if (/run|walk|hik|trail|track|treadmill|mountaineering|snow_shoe/.test(sport)) return 'foot';
  return 'other';
}

/** Same family; 'other' (a generic FIT sport) meets anything but a transition. */
function compatible(a: string, b: string): boolean {
  const fa = sportFamily(a);
  const fb = sportFamily(b);
  if (fa === 'transition' || fb === 'transition') return fa === fb;
  return fa === fb || fa === 'other' || fb === 'other';
}

const SELECT_EXISTING = `SELECT a.id, a.garmin_activity_id, a.source, a.sport, a.start_ms,
    EXISTS (SELECT 1 FROM samples s INDEXED BY samples_activity WHERE s.activity_id = a.id) AS has_stream FROM activities a`;

/**
 * Two rows carry different Garmin ids that both mean it: the ids from summaries are Garmin's
 * own; an id read from a Connect file name is a guess that a summary may correct.
 */
function idsConflict(row: Existing, f: ActivityFields): boolean {
  if (row.garmin_activity_id === null || f.garminActivityId === null || row.garmin_activity_id === f.garminActivityId) return false;
  return (row.source === 'garmin_export') === (f.source === 'garmin_export');
}

function findExisting(db: Db, f: ActivityFields, bringsStream: boolean): Existing | undefined {
  if (f.garminActivityId !== null) {
    const byId = db.get<Existing>(`${SELECT_EXISTING} WHERE a.garmin_activity_id = ?`, [f.garminActivityId]);
    if (byId) return byId;
  }
  const near = db.all<Existing>(`${SELECT_EXISTING} WHERE a.start_ms BETWEEN ? AND ? ORDER BY abs(a.start_ms - ?)`,
    [f.startMs - MATCH_WINDOW_MS, f.startMs + MATCH_WINDOW_MS, f.startMs]);
  return near.find((c) => Math.abs(c.start_ms - f.startMs) <= SAME_START_MS && !idsConflict(c, f))
    ?? near.find((c) => compatible(c.sport, f.sport)
      && (c.garmin_activity_id === null || f.garminActivityId === null)
      && !(bringsStream && c.has_stream));
}

/** The columns the athlete can correct (db/corrections.ts); a merge leaves corrected ones alone. */
const EDITABLE: ReadonlySet<string> = new Set(['name', 'sport']);

/**
 * Which source's summary wins a merge: Garmin's export, then a Connect FIT (it carries Garmin's
 * id), any FIT (the device's own summary), TCX (laps, no device data), GPX (a track only).
 */
const SOURCE_RANK: Readonly<Record<ActivityFields['source'], number>> = { garmin_export: 5, connect_export: 4, fit: 3, tcx: 2, gpx: 1 };

/**
 * Inserts or merges an activity. A Garmin summary (source garmin_export) is authoritative for the
 * columns it has; a FIT only fills columns that are still empty, so re-ingest order never matters.
 */
export function upsertActivity(db: Db, f: ActivityFields, now: string, { bringsStream = false } = {}): ActivityWrite {
  const existing = findExisting(db, f, bringsStream);
  // A file-name id that another activity already holds is a wrong guess: do not take it.
  const takenId = f.garminActivityId !== null && f.source !== 'garmin_export'
    && db.value('SELECT 1 FROM activities WHERE garmin_activity_id = ? AND id != ?', [f.garminActivityId, existing?.id ?? -1]) !== undefined;
  const values = COLUMNS.map(([c, get]) => (c === 'garmin_activity_id' && takenId ? null : get(f)));
  if (!existing) {
    db.run(
      `INSERT INTO activities (source, start_utc, start_ms, start_local, utc_offset_s, local_date, raw_json, ingested_at, updated_at,
         ${COLUMNS.map(([c]) => c).join(', ')})
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ${COLUMNS.map(() => '?').join(', ')})`,
      [f.source, isoUtc(f.startMs), f.startMs, isoLocal(f.startMs, f.utcOffsetS), f.utcOffsetS,
        isoLocal(f.startMs, f.utcOffsetS).slice(0, 10), f.rawJson, now, now, ...values],
    );
    return { id: db.lastInsertId(), added: true };
  }
  const authoritative = f.source === 'garmin_export' || SOURCE_RANK[f.source] > (SOURCE_RANK[existing.source as ActivityFields['source']] ?? 0);
  const set = COLUMNS.map(([c]) => {
    const merged = authoritative ? `coalesce(?, ${c})` : `coalesce(${c}, ?)`;
    // A column the athlete corrected keeps their value (edits survive re-imports).
    return EDITABLE.has(c) ? `${c} = CASE WHEN json_extract(coalesce(edited, '{}'), '$.${c}') IS NULL THEN ${merged} ELSE ${c} END` : `${c} = ${merged}`;
  }).join(', ');
  const timing = authoritative
    ? `, source = ?, start_utc = ?, start_ms = ?, start_local = ?, utc_offset_s = ?, local_date = ?, raw_json = ?`
    : '';
  const timingValues = authoritative
    ? [f.source, isoUtc(f.startMs), f.startMs, isoLocal(f.startMs, f.utcOffsetS), f.utcOffsetS, isoLocal(f.startMs, f.utcOffsetS).slice(0, 10), f.rawJson]
    : [];
  db.run(`UPDATE activities SET ${set}, updated_at = ?${timing} WHERE id = ?`, [...values, now, ...timingValues, existing.id]);
  return { id: existing.id, added: false };
}

/** The activity already has a stream, or a FIT file that was linked to it. */
export function hasRecording(db: Db, activityId: number): boolean {
  return db.value(
    `SELECT 1 WHERE EXISTS (SELECT 1 FROM samples INDEXED BY samples_activity WHERE activity_id = ?1)
        OR EXISTS (SELECT 1 FROM fit_files WHERE activity_id = ?1 AND status = 'linked')`, [activityId],
  ) !== undefined;
}

export function replaceLaps(db: Db, activityId: number, laps: LapFields[]): void {
  db.run('DELETE FROM laps WHERE activity_id = ?', [activityId]);
  laps.forEach((l, i) => {
    db.run(
      `INSERT INTO laps (activity_id, lap_index, start_utc, start_ms, elapsed_s, timer_s, distance_m, avg_hr, max_hr,
         avg_speed_mps, max_speed_mps, ascent_m, descent_m, avg_cadence_spm, avg_power_w)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [activityId, i, isoUtc(l.startMs), l.startMs, l.elapsedS, l.timerS, l.distanceM, l.avgHr, l.maxHr,
        l.avgSpeedMps, l.maxSpeedMps, l.ascentM, l.descentM, l.avgCadenceSpm, l.avgPowerW],
    );
  });
}

/** Little-endian bytes of a typed array (every platform sqlite-wasm runs on is little-endian). */
function bytes(a: Float32Array | Float64Array | null): Uint8Array | null {
  return a ? new Uint8Array(a.buffer, a.byteOffset, a.byteLength) : null;
}

export function writeSamples(db: Db, activityId: number, s: SampleColumns): void {
  db.run(
    `INSERT OR REPLACE INTO samples (activity_id, n, start_ms, t_s, hr, speed_mps, distance_m, lat, lon, altitude_m, cadence, power_w)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [activityId, s.tS.length, s.startMs, bytes(s.tS), bytes(s.hr), bytes(s.speedMps), bytes(s.distanceM),
      bytes(s.lat), bytes(s.lon), bytes(s.altitudeM), bytes(s.cadence), bytes(s.powerW)],
  );
}

export function fitFileKnown(db: Db, sha256: string): boolean {
  return db.value('SELECT 1 FROM fit_files WHERE sha256 = ?', [sha256]) !== undefined;
}

export function recordFitFile(
  db: Db,
  row: { sha256: string; activityId: number | null; fileName: string; sizeBytes: number; fitType: string; status: 'linked' | 'duplicate_stream' | 'not_activity' },
  now: string,
): void {
  db.run(
    `INSERT OR IGNORE INTO fit_files (sha256, activity_id, file_name, size_bytes, fit_type, status, ingested_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [row.sha256, row.activityId, row.fileName, row.sizeBytes, row.fitType, row.status, now],
  );
}

const WELLNESS_COLUMNS = [
  ['resting_hr', 'restingHr'], ['hrv_ms', 'hrvMs'], ['sleep_s', 'sleepS'], ['deep_s', 'deepS'],
  ['light_s', 'lightS'], ['rem_s', 'remS'], ['awake_s', 'awakeS'], ['steps', 'steps'],
  ['body_battery_high', 'bodyBatteryHigh'], ['body_battery_low', 'bodyBatteryLow'], ['stress_avg', 'stressAvg'],
  ['sleep_start_utc', 'sleepStartUtc'], ['sleep_end_utc', 'sleepEndUtc'], ['sleep_score', 'sleepScore'],
  ['raw_uds_json', 'rawUdsJson'], ['raw_sleep_json', 'rawSleepJson'], ['raw_hrv_json', 'rawHrvJson'],
] as const satisfies readonly (readonly [string, keyof WellnessFields])[];

/**
 * Upserts the columns a file provides for a day, leaving the others (from other files) alone.
 * Returns true when the day is new.
 */
export function upsertWellness(db: Db, w: WellnessFields): boolean {
  const given = WELLNESS_COLUMNS.filter(([, key]) => w[key] !== undefined);
  const isNew = db.value('SELECT 1 FROM wellness_daily WHERE date = ?', [w.date]) === undefined;
  db.run(
    `INSERT INTO wellness_daily (date${given.map(([c]) => ', ' + c).join('')}) VALUES (?${given.map(() => ', ?').join('')})
     ON CONFLICT(date) DO UPDATE SET ${given.length ? given.map(([c]) => `${c} = excluded.${c}`).join(', ') : 'date = date'}`,
    [w.date, ...given.map(([, key]) => w[key] ?? null)],
  );
  return isNew;
}

export function setProfile(db: Db, key: string, value: unknown, source: string, now: string): void {
  db.run(
    `INSERT INTO profile (key, value_json, source, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json, source = excluded.source, updated_at = excluded.updated_at`,
    [key, JSON.stringify(value), source, now],
  );
}
