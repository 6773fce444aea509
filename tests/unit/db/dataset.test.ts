import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIVITIES_CSV_COLUMNS, activitiesCsvRows, type ActivityTableRow } from '../../../src/analysis/activityTable';
import { DEFAULT_HR_ZONES, isRun } from '../../../src/analysis/types';
import { openMemoryDb } from '../../../src/db/node';
import { readDataset } from '../../../src/db/dataset';
import type { Db } from '../../../src/db/db';
import type { Dataset } from '../../../src/database';
import { ingestFiles } from '../../../src/ingest/ingest';
import { generateExport, type Manifest } from '../../../tools/gen-export/generate';

let rows: ActivityTableRow[];
let manifest: Manifest;
let db: Db;
let dataset: Dataset;
const HR = { zones: DEFAULT_HR_ZONES, restingHr: 50, maxHr: 190 };

beforeAll(async () => {
  const generated = await generateExport({ seed: 31, weeks: 10 });
  manifest = generated.manifest;
  db = await openMemoryDb();
  await ingestFiles(db, [new File([generated.accountZip as Uint8Array<ArrayBuffer>], 'export.zip')]);
  dataset = readDataset(db, HR);
  rows = dataset.table;
}, 60_000);

describe('activityTable on a generated export', () => {
  it('has one row per activity, the issue\'s CSV columns, and run metrics only on runs', () => {
    expect(rows).toHaveLength(manifest.account.activities);
    expect(ACTIVITIES_CSV_COLUMNS.join(',')).toBe('id,local_date,start_utc,sport,name,distance_m,elapsed_s,timer_s,moving_s,avg_hr,max_hr,ascent_m,training_load,load_source,pace_min_per_km,m_per_beat,decoupling_pct,tiz_z1_s,tiz_z2_s,tiz_z3_s,tiz_z4_s,tiz_z5_s,route,series,gear,gear_distance_m');
    for (const r of rows) {
      if (!isRun(r.sport)) expect([r.paceMinPerKm, r.mPerBeat, r.series, r.route]).toEqual([NaN, NaN, false, null]);
    }
    const runs = rows.filter((r) => isRun(r.sport) && r.distanceM && r.distanceM > 3000);
    expect(runs.every((r) => r.paceMinPerKm > 3 && r.paceMinPerKm < 12)).toBe(true);
    expect(activitiesCsvRows(rows)[0]).toHaveLength(ACTIVITIES_CSV_COLUMNS.length);
  });

  it('time in zone never exceeds the activity time; runs from home share routes; some intervals are series', () => {
    for (const r of rows) if (r.tizS && r.elapsedS) expect(r.tizS.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(r.elapsedS + 31);
    const routes = new Set(rows.map((r) => r.route).filter((x) => x !== null));
    const gpsRuns = rows.filter((r) => r.route !== null).length;
    expect(routes.size).toBeGreaterThan(0);
    expect(routes.size).toBeLessThan(gpsRuns);
    expect(rows.some((r) => r.series)).toBe(true);
    expect(rows.filter((r) => r.decouplingPct !== null).length).toBeGreaterThan(5);
  });
});

describe('the notebook\'s dataset: one read per data version', () => {
  it('writes nothing (reads never write)', () => {
    const before = db.value('SELECT total_changes()');
    readDataset(db, { ...HR, restingHr: 55 });
    expect(db.value('SELECT total_changes()')).toBe(before);
  });

  it('uses one clustering: the table\'s route column is the Routes cell\'s routes, each track its course\'s latest run with GPS', () => {
    const routeOfRow = new Map(rows.filter((r) => r.route !== null).map((r) => [r.id, r.route]));
    const routeOf = new Map(dataset.routes.routes.flatMap((route) => route.runIds.map((id) => [id, route.route] as const)));
    expect(routeOfRow).toEqual(routeOf);
    expect(dataset.tracks.length).toBeGreaterThan(0);
    const startOf = new Map(dataset.activities.map((a) => [a.id, a.startMs]));
    const withTrack = new Set(db.all<{ id: number }>('SELECT activity_id AS id FROM stream_metrics WHERE track_lat IS NOT NULL').map((r) => r.id));
    expect(dataset.routes.pathsCompared).toBe(true);
    for (const track of dataset.tracks) {
      const course = dataset.routes.courses.find((c) => c.runIds.includes(track.activityId));
      if (!course) throw new Error(`track ${track.activityId} belongs to no course`);
      const latest = course.runIds.filter((id) => withTrack.has(id)).sort((a, b) => (startOf.get(b) as number) - (startOf.get(a) as number))[0];
      expect(track.activityId).toBe(latest);
    }
    // One track per course that has a run with GPS.
    const coursesWithTrack = dataset.routes.courses.filter((c) => c.runIds.some((id) => withTrack.has(id)));
    expect(dataset.tracks).toHaveLength(coursesWithTrack.length);
  });

  it('weighs loads and zones with the athlete\'s HR: the day series\' loads are the table\'s, and a higher resting HR lowers TRIMP', () => {
    expect(dataset.loads.map((l) => [l.id, l.load, l.loadSource])).toEqual(rows.map((r) => [r.id, r.trainingLoad, r.loadSource]));
    // Garmin's load wins where the export has one: drop it from a few runs with HR to see TRIMP.
    db.run('BEGIN');
    try {
      db.run('UPDATE activities SET training_load = NULL WHERE id IN (SELECT activity_id FROM stream_metrics WHERE hr_seconds IS NOT NULL LIMIT 5)');
      const trimp = readDataset(db, HR).table.filter((r) => r.loadSource === 'trimp');
      expect(trimp).toHaveLength(5);
      const higherRest = new Map(readDataset(db, { ...HR, restingHr: 70 }).table.map((r) => [r.id, r.trainingLoad]));
      for (const r of trimp) expect(higherRest.get(r.id)).toBeLessThan(r.trainingLoad);
    } finally {
      db.run('ROLLBACK');
    }
  });

  it('adds manual sessions that carry a load to the day series, with negative ids', () => {
    db.run(`INSERT INTO manual_activities (local_date, sport, distance_m, training_load, created_at) VALUES ('2024-03-02', 'running', 8000, 61, '2024-03-02T10:00:00Z')`);
    const loads = readDataset(db, HR).loads;
    const manual = loads.filter((l) => l.loadSource === 'manual');
    expect(manual.map((l) => [l.localDate, l.load, l.distanceM])).toEqual([['2024-03-02', 61, 8000]]);
    expect(manual[0]?.id).toBeLessThan(0);
    db.run('DELETE FROM manual_activities');
  });
});
