import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { banisterTrimp } from '../../../src/analysis/load';
import { bestEfforts } from '../../../src/analysis/records';
import { hrSeconds, STREAM_METRICS_VERSION, streamMetrics, thinTrack, tizFromHrSeconds, trimpFromHrSeconds } from '../../../src/analysis/streamMetrics';
import { timeInZoneFromStream } from '../../../src/analysis/timeInZone';
import { DEFAULT_HR_ZONES, isRun, type HrZones } from '../../../src/analysis/types';
import type { Db } from '../../../src/db/db';
import { openMemoryDb } from '../../../src/db/node';
import { migrate, SCHEMA_VERSION } from '../../../src/db/migrate';
import { listManual } from '../../../src/db/manual';
import { listActivities } from '../../../src/db/queries';
import { readStream } from '../../../src/db/samples';
import { ensureStreamMetrics, readStreamMetrics, readTrack } from '../../../src/db/streamMetrics';
import { ingestFiles } from '../../../src/ingest/ingest';

const FIXTURES = join(__dirname, '../../fixtures/real-fit');
let db: Db;
let withHr: number[];

beforeAll(async () => {
  db = await openMemoryDb();
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.fit')).map((f) => new File([readFileSync(join(FIXTURES, f))], f));
  await ingestFiles(db, files);
  withHr = db.all<{ id: number }>('SELECT activity_id AS id FROM samples WHERE hr IS NOT NULL').map((r) => r.id);
}, 120_000);

const zoneSets: HrZones[] = [DEFAULT_HR_ZONES, [[95, 130], [131, 145], [150, 160], [161, 172], [173, 185]]];

describe('stream metrics on the real FIT fixtures', () => {
  it('has heart-rate streams to check', () => {
    expect(withHr.length).toBeGreaterThanOrEqual(5);
  });

  it('are written at ingest from the decoded columns, equal to a recompute from the stored samples', () => {
    const rows = () => db.all<Record<string, unknown>>('SELECT * FROM stream_metrics ORDER BY activity_id');
    const atIngest = rows();
    expect(atIngest.length).toBe(Number(db.value('SELECT count(*) FROM samples')));
    db.run('DELETE FROM stream_metrics');
    expect(ensureStreamMetrics(db)).toBe(atIngest.length);
    expect(rows()).toEqual(atIngest);
  });

  it('time in zone and TRIMP from the stored histogram equal the per-sample sums, for any zones and heart rates', () => {
    const stored = readStreamMetrics(db);
    for (const id of withHr) {
      const s = readStream(db, id);
      const hist = stored.get(id)?.hr;
      if (!s?.hr || !hist) throw new Error(`activity ${id}: missing stream or histogram`);
      for (const zones of zoneSets) {
        const direct = timeInZoneFromStream(s.tS, s.hr, zones);
        const fromHist = tizFromHrSeconds(hist, zones);
        expect(fromHist.totalS).toBeCloseTo(direct.totalS, 6);
        fromHist.zonesS.forEach((v, z) => expect(v).toBeCloseTo(direct.zonesS[z] as number, 6));
        expect(fromHist.belowS).toBeCloseTo(direct.belowS, 6);
        expect(fromHist.aboveS).toBeCloseTo(direct.aboveS, 6);
      }
      for (const athlete of [{ restingHr: 50, maxHr: 190 }, { restingHr: 42, maxHr: 201 }]) {
        expect(trimpFromHrSeconds(hist, athlete)).toBeCloseTo(banisterTrimp(s.tS, s.hr, athlete), 6);
      }
    }
  });

  it('stores what streamMetrics computes from the stream', () => {
    const stored = readStreamMetrics(db);
    const activities = listActivities(db);
    let runs = 0;
    for (const a of activities) {
      const s = readStream(db, a.id);
      if (!s) continue;
      const expected = streamMetrics(s, { run: isRun(a.sport) });
      const got = stored.get(a.id);
      expect(got?.decouplingPct ?? null).toEqual(expected.decouplingPct);
      expect(got?.gapMinPerKm).toEqual(expected.gapMinPerKm);
      if (isRun(a.sport)) {
        runs++;
        const efforts = bestEfforts(s);
        expect(got?.bestEffortsS ? Array.from(got.bestEffortsS) : null).toEqual(efforts ? Array.from(efforts.timeS) : null);
        const track = readTrack(db, a.id);
        if (s.lat && s.lon && Array.from(s.lat).filter(Number.isFinite).length > 1) {
          expect(track?.lat.length).toBeGreaterThan(1);
          expect(track?.lat.length).toBeLessThanOrEqual(301);
        }
      }
    }
    expect(runs).toBeGreaterThan(0);
  });

  it('recomputes a stream rewritten after its metrics were stored, and rows of an older version', () => {
    const id = withHr[0] as number;
    expect(ensureStreamMetrics(db)).toBe(0);
    // Any rewrite of the stream (here: its HR halved) drops the stale row through the trigger.
    const s = readStream(db, id);
    if (!s?.hr) throw new Error('no stream');
    const halved = s.hr.map((h) => Math.round(h / 2));
    db.run('UPDATE samples SET hr = ? WHERE activity_id = ?', [new Uint8Array(halved.buffer), id]);
    expect(db.value('SELECT count(*) FROM stream_metrics WHERE activity_id = ?', [id])).toBe(0);
    expect(ensureStreamMetrics(db)).toBe(1);
    const after = readStreamMetrics(db).get(id)?.hr;
    expect(after).toEqual(hrSeconds(s.tS, halved));
    db.run('UPDATE stream_metrics SET version = ? WHERE activity_id = ?', [STREAM_METRICS_VERSION - 1, id]);
    expect(ensureStreamMetrics(db)).toBe(1);
  });
});

describe('hrSeconds, thinTrack', () => {
  it('weights each sample until the next (gaps clipped at 30 s), the last one 1 s, and skips samples without HR', () => {
    const h = hrSeconds(Float32Array.of(0, 1, 2, 100, 101), Float32Array.of(120, NaN, 121.4, 120.6, 125));
    // 120 for 1 s, (NaN) nothing, 121 for min(98, 30) = 30 s, 121 (120.6 rounds up) for 1 s, 125 for 1 s.
    expect(h?.fromBpm).toBe(120);
    expect(Array.from(h?.secondsAt ?? [])).toEqual([1, 31, 0, 0, 0, 1]);
    expect(hrSeconds(Float32Array.of(0, 1), Float32Array.of(NaN, NaN))).toBeNull();
  });

  it('keeps both ends and at most the asked number of points, skipping GPS gaps', () => {
    const lat = Float64Array.from({ length: 1000 }, (_, i) => (i === 5 ? NaN : 45 + i * 1e-5));
    const lon = Float64Array.from({ length: 1000 }, () => 7);
    const t = thinTrack(lat, lon, 100);
    expect(t?.lat.length).toBeLessThanOrEqual(101);
    expect(t?.lat[0]).toBeCloseTo(45, 5);
    expect(t?.lat[(t?.lat.length ?? 1) - 1]).toBeCloseTo(45 + 999e-5, 5);
    expect(Array.from(t?.lat ?? []).every(Number.isFinite)).toBe(true);
    expect(thinTrack(Float64Array.of(NaN, 1), Float64Array.of(1, 1))).toBeNull();
  });

  it('keeps exactly every k-th valid point and the last, for any gaps and sizes', () => {
    fc.assert(fc.property(
      fc.array(fc.option(fc.integer({ min: -900, max: 900 }), { freq: 4 }), { maxLength: 400 }),
      fc.integer({ min: 2, max: 50 }),
      (points, maxPoints) => {
        const lat = Float64Array.from(points, (p) => (p === null ? NaN : p / 10));
        const lon = Float64Array.from(points, (p) => (p === null ? NaN : -p / 10));
        const valid = points.flatMap((p, i) => (p === null ? [] : [i]));
        const t = thinTrack(lat, lon, maxPoints);
        if (valid.length < 2) {
          expect(t).toBeNull();
          return;
        }
        // The rule spelled out: k = ceil(valid / maxPoints); every k-th valid point, then the last valid one.
        const k = Math.ceil(valid.length / maxPoints);
        const expected = valid.filter((_, j) => j % k === 0);
        if (expected[expected.length - 1] !== valid[valid.length - 1]) expected.push(valid[valid.length - 1] as number);
        expect(Array.from(t?.lat ?? [])).toEqual(expected.map((i) => Math.fround(lat[i] as number)));
        expect(Array.from(t?.lon ?? [])).toEqual(expected.map((i) => Math.fround(lon[i] as number)));
        expect(expected.length).toBeLessThanOrEqual(maxPoints + 1);
      },
    ));
  });
});

describe('a database written before stream_metrics existed (schema 1)', () => {
  it('migrates to the current schema and fills the metrics when opened (ensureStreamMetrics), keeping every row', async () => {
    const old = await openMemoryDb();
    const f = 'pyfitparse__garmin-fenix-5-run.fit';
    await ingestFiles(old, [new File([readFileSync(join(FIXTURES, f))], f)]);
    // What session 1's app left on disk: no table, no triggers, user_version 1.
    old.run('DROP TABLE stream_metrics; DROP TRIGGER samples_insert_stale; DROP TRIGGER samples_update_stale; DROP TRIGGER samples_delete_stale; DROP INDEX samples_activity; DROP INDEX wellness_daily_recovery');
    // Nor what later steps add (migration 3: off-watch sessions, corrections).
    old.run('DROP TRIGGER activities_sport_stale; ALTER TABLE manual_activities DROP COLUMN start_time; ALTER TABLE manual_activities DROP COLUMN rpe; ALTER TABLE manual_activities DROP COLUMN load_source; ALTER TABLE activities DROP COLUMN edited; ALTER TABLE activities DROP COLUMN excluded_from_load; ALTER TABLE activities DROP COLUMN deleted_at');
    old.run('DROP TABLE originals; DROP TABLE vo2max_daily; DROP TABLE race_predictions; DROP TABLE gear; DROP TABLE gear_activities; ALTER TABLE activities DROP COLUMN description; DROP TABLE plan_goals; DROP TABLE plan_sessions; DROP TABLE plan_changes');
    old.run('PRAGMA user_version = 1');
    const activities = old.value('SELECT count(*) FROM activities');
    migrate(old);
    expect(old.value('PRAGMA user_version')).toBe(SCHEMA_VERSION);
    expect(old.value('SELECT count(*) FROM stream_metrics')).toBe(0);
    expect(old.value('SELECT count(*) FROM activities')).toBe(activities);
    expect(readStreamMetrics(old).size).toBe(0);
    ensureStreamMetrics(old);
    const metrics = readStreamMetrics(old);
    expect(metrics.size).toBe(old.value('SELECT count(*) FROM samples'));
    expect(metrics.size).toBeGreaterThan(0);
  });
});

describe('a database of schema 2 (before off-watch sessions had a start time, an RPE and a load source)', () => {
  it('migrates to schema 3 keeping its manual sessions, which read back with a given load', async () => {
    const old = await openMemoryDb();
    old.run("INSERT INTO manual_activities (local_date, sport, duration_s, training_load, created_at) VALUES ('2026-01-05', 'strength_training', 2700, 60, '2026-01-05T00:00:00Z')");
    old.run('DROP TRIGGER activities_sport_stale; ALTER TABLE manual_activities DROP COLUMN start_time; ALTER TABLE manual_activities DROP COLUMN rpe; ALTER TABLE manual_activities DROP COLUMN load_source; ALTER TABLE activities DROP COLUMN edited; ALTER TABLE activities DROP COLUMN excluded_from_load; ALTER TABLE activities DROP COLUMN deleted_at');
    old.run('DROP TABLE originals; DROP TABLE vo2max_daily; DROP TABLE race_predictions; DROP TABLE gear; DROP TABLE gear_activities; ALTER TABLE activities DROP COLUMN description; DROP TABLE plan_goals; DROP TABLE plan_sessions; DROP TABLE plan_changes');
    old.run('PRAGMA user_version = 2');
    migrate(old);
    expect(old.value('PRAGMA user_version')).toBe(SCHEMA_VERSION);
    expect(listManual(old)).toEqual([expect.objectContaining({ localDate: '2026-01-05', trainingLoad: 60, loadSource: 'manual', startTime: null, rpe: null })]);
  });
});

describe('a database of schema 3 (before originals were kept)', () => {
  it('migrates with an empty index of originals and empty Garmin metrics, its activities untouched', async () => {
    const old = await openMemoryDb();
    const f = 'pyfitparse__garmin-fenix-5-run.fit';
    await ingestFiles(old, [new File([readFileSync(join(FIXTURES, f))], f)]);
    old.run('DROP TABLE originals; DROP TABLE vo2max_daily; DROP TABLE race_predictions; DROP TABLE gear; DROP TABLE gear_activities; ALTER TABLE activities DROP COLUMN description; DROP TABLE plan_goals; DROP TABLE plan_sessions; DROP TABLE plan_changes');
    old.run('PRAGMA user_version = 3');
    const before = old.all('SELECT * FROM activities');
    migrate(old);
    expect(old.value('PRAGMA user_version')).toBe(SCHEMA_VERSION);
    expect(old.value('SELECT count(*) FROM originals')).toBe(0);
    expect(old.value('SELECT count(*) FROM gear')).toBe(0);
    // The same rows, with the new (empty) description column.
    expect(old.all<Record<string, unknown>>('SELECT * FROM activities').map(({ description, ...row }) => {
      expect(description).toBeNull();
      return row;
    })).toEqual(before);
  });
});
