import type { Db } from './db';
import type { GearItem, GearLink, RacePrediction, Vo2maxPoint } from '../ingest/garminMetrics';
import type { GarminPrediction, GearSummary, Vo2maxDay } from '../database';

/**
 * The VO2max history, Garmin's race predictions and gear (migrations/005-garmin-metrics.sql):
 * upserts keyed on Garmin's dates and ids (a re-import updates in place), and the reads the
 * notebook draws from.
 */

export function upsertVo2max(db: Db, points: readonly Vo2maxPoint[]): void {
  for (const p of points) {
    db.run(
      `INSERT INTO vo2max_daily (date, sport, vo2max, fitness_age) VALUES (?, ?, ?, ?)
       ON CONFLICT(date, sport) DO UPDATE SET vo2max = excluded.vo2max, fitness_age = coalesce(excluded.fitness_age, fitness_age)`,
      [p.date, p.sport, p.vo2max, p.fitnessAge],
    );
  }
}

export function upsertRacePredictions(db: Db, predictions: readonly RacePrediction[]): void {
  for (const p of predictions) {
    db.run(
      `INSERT OR REPLACE INTO race_predictions (date, five_k_s, ten_k_s, half_s, marathon_s) VALUES (?, ?, ?, ?, ?)`,
      [p.date, p.fiveKS, p.tenKS, p.halfS, p.marathonS],
    );
  }
}

export function upsertGear(db: Db, gear: readonly GearItem[], links: readonly GearLink[]): void {
  for (const g of gear) {
    db.run(
      `INSERT OR REPLACE INTO gear (uuid, gear_pk, type, name, brand_model, status, date_begin, date_end, maximum_m) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [g.uuid, g.gearPk, g.type, g.name, g.brandModel, g.status, g.dateBegin, g.dateEnd, g.maximumMeters],
    );
  }
  for (const l of links) db.run('INSERT OR IGNORE INTO gear_activities (gear_uuid, garmin_activity_id) VALUES (?, ?)', [l.gearUuid, l.garminActivityId]);
}

/** Strava's gear of one activity (a name only): kept as gear `strava:<name>`, linked by the activity's row. */
export function linkStravaGear(db: Db, activityId: number, name: string, type: 'shoes' | 'bike' | 'other'): void {
  const uuid = `strava:${name.toLowerCase()}`;
  db.run(`INSERT OR IGNORE INTO gear (uuid, type, name, status) VALUES (?, ?, ?, 'active')`, [uuid, type, name]);
  db.run('INSERT OR IGNORE INTO gear_activities (gear_uuid, activity_id) VALUES (?, ?)', [uuid, activityId]);
}

/** Each gear link as (gear, activity row): by Garmin's id or by the row (deleted activities left out). */
const LINKS = `SELECT ga.gear_uuid, a.id AS activity_id FROM gear_activities ga JOIN activities a ON a.garmin_activity_id = ga.garmin_activity_id
    WHERE ga.garmin_activity_id IS NOT NULL AND a.deleted_at IS NULL
  UNION SELECT ga.gear_uuid, a.id FROM gear_activities ga JOIN activities a ON a.id = ga.activity_id WHERE a.deleted_at IS NULL`;

/** Running VO2max by day (Garmin's estimate; walking and cycling have their own scales). */
export function readVo2max(db: Db): Vo2maxDay[] {
  return db.all<{ date: string; vo2max: number; fitness_age: number | null }>(
    `SELECT date, vo2max, fitness_age FROM vo2max_daily WHERE sport = 'running' ORDER BY date`,
  ).map((r) => ({ date: r.date, vo2max: r.vo2max, fitnessAge: r.fitness_age }));
}

export function readGarminPredictions(db: Db): GarminPrediction[] {
  return db.all<{ date: string; five_k_s: number | null; ten_k_s: number | null; half_s: number | null; marathon_s: number | null }>(
    'SELECT date, five_k_s, ten_k_s, half_s, marathon_s FROM race_predictions ORDER BY date',
  ).map((r) => ({ date: r.date, fiveKS: r.five_k_s, tenKS: r.ten_k_s, halfS: r.half_s, marathonS: r.marathon_s }));
}

/**
 * Each piece of gear with the distance and time of the activities it was used on (deleted ones
 * left out), newest use last; the athlete's shoe mileage.
 */
export function readGear(db: Db): GearSummary[] {
  return db.all<{
    uuid: string; type: string; name: string; brand_model: string | null; status: string; date_begin: string | null; date_end: string | null;
    maximum_m: number | null; activities: number; distance_m: number | null; moving_s: number | null; last_used: string | null;
  }>(
    `SELECT g.uuid, g.type, g.name, g.brand_model, g.status, g.date_begin, g.date_end, g.maximum_m,
       count(a.id) AS activities, sum(a.distance_m) AS distance_m, sum(coalesce(a.moving_s, a.timer_s)) AS moving_s, max(a.local_date) AS last_used
     FROM gear g
     LEFT JOIN (${LINKS}) l ON l.gear_uuid = g.uuid
     LEFT JOIN activities a ON a.id = l.activity_id
     GROUP BY g.uuid
     ORDER BY g.status = 'retired', max(a.local_date) DESC, g.name`,
  ).map((r) => ({
    uuid: r.uuid, type: r.type, name: r.name, brandModel: r.brand_model, status: r.status, dateBegin: r.date_begin, dateEnd: r.date_end,
    maximumM: r.maximum_m, activities: r.activities, distanceM: r.distance_m ?? 0, movingS: r.moving_s ?? 0, lastUsed: r.last_used,
  }));
}

/**
 * The gear each activity was used with: its name(s), and the first one's distance up to and
 * including this activity (the shoe's mileage on that day), for the activity table.
 */
export function readActivityGear(db: Db): Map<number, { gear: string; gearDistanceM: number }> {
  const rows = db.all<{ id: number; name: string; cum_m: number | null }>(
    `SELECT a.id, g.name, sum(coalesce(a.distance_m, 0)) OVER (PARTITION BY g.uuid ORDER BY a.start_ms, a.id) AS cum_m
     FROM (${LINKS}) l JOIN gear g ON g.uuid = l.gear_uuid JOIN activities a ON a.id = l.activity_id
     ORDER BY a.id, g.type != 'shoes', g.name`,
  );
  const out = new Map<number, { gear: string; gearDistanceM: number }>();
  for (const r of rows) {
    const seen = out.get(r.id);
    if (seen) seen.gear += `, ${r.name}`;
    else out.set(r.id, { gear: r.name, gearDistanceM: r.cum_m ?? 0 });
  }
  return out;
}
