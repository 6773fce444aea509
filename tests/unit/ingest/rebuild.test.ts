import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/db';
import { openMemoryDb } from '../../../src/db/node';
import { correctActivity, deleteActivity } from '../../../src/db/corrections';
import { saveManual } from '../../../src/db/manual';
import { createPlan } from '../../../src/db/plans';
import { listOriginals, originalOfActivity, originalsSummary } from '../../../src/db/originals';
import { ingestFiles } from '../../../src/ingest/ingest';
import { memoryOriginals } from '../../../src/ingest/originals';
import { rebuildFromOriginals } from '../../../src/ingest/rebuild';
import { inflateMember, readSource } from '../../../src/ingest/zip';
import { generateExport, type GeneratedExport } from '../../../tools/gen-export/generate';

/**
 * Issue #16: the originals are kept, and "Rebuild from originals" gives the same activities,
 * laps, streams and metrics as the first import (two databases compared), with the athlete's
 * corrections, sessions and plans carried over; nothing is lost quietly.
 */

const fixture = (dir: string, name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/${dir}/${name}`, import.meta.url)));
const file = (name: string, bytes: Uint8Array | string) => new File([bytes as Uint8Array<ArrayBuffer>], name);

let generated: GeneratedExport;
beforeAll(async () => {
  generated = await generateExport({ seed: 11, weeks: 10 });
}, 120_000);

/** What the import derives, keyed by what identifies an activity across databases (not its row id). */
function derived(db: Db) {
  const key = `a.start_ms || '/' || a.sport`;
  const strip = (rows: Record<string, unknown>[], drop: string[]) => rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !drop.includes(k))));
  return {
    // Activity ids included: a rebuild gives each activity its id back.
    activities: strip(db.all(`SELECT ${key} AS k, a.* FROM activities a ORDER BY k`), ['ingested_at', 'updated_at']),
    laps: strip(db.all(`SELECT ${key} AS k, l.* FROM laps l JOIN activities a ON a.id = l.activity_id ORDER BY k, l.lap_index`), ['id']),
    samples: db.all(`SELECT ${key} AS k, s.* FROM samples s JOIN activities a ON a.id = s.activity_id ORDER BY k`),
    metrics: db.all(`SELECT ${key} AS k, m.* FROM stream_metrics m JOIN activities a ON a.id = m.activity_id ORDER BY k`),
    files: strip(db.all(`SELECT f.*, (SELECT ${key} FROM activities a WHERE a.id = f.activity_id) AS k FROM fit_files f WHERE status != 'not_activity' ORDER BY sha256`), ['ingested_at']),
    gear: db.all('SELECT * FROM gear_activities ORDER BY gear_uuid, garmin_activity_id, activity_id'),
    wellness: db.all('SELECT * FROM wellness_daily ORDER BY date'),
    profile: strip(db.all('SELECT * FROM profile ORDER BY key'), ['updated_at']),
  };
}

async function firstImport(store = memoryOriginals()) {
  const db = await openMemoryDb();
  const reports = [
    await ingestFiles(db, [file('garmin-account-export.zip', generated.accountZip)], { originals: store }),
    await ingestFiles(db, [file('connect-export.zip', generated.connectZip)], { originals: store }),
    await ingestFiles(db, [
      file('gc__4077461142.fit', fixture('real-fit', 'gc__4077461142.fit')),
      file('ride.gpx.gz', gzipSync(fixture('real-gpx-tcx', 'gpxpy__cerknicko-jezero.gpx'))),
      file('laps.tcx', fixture('real-gpx-tcx', 'tcxparser__test.tcx')),
    ], { originals: store }),
  ];
  return { db, store, reports };
}

describe('kept originals', () => {
  it('keeps every file the import read under its SHA-256, once, and gives an activity its original back byte for byte', async () => {
    const { db, store, reports } = await firstImport();
    expect(reports.flatMap((r) => r.notes).filter((n) => n.status === 'skipped')).toEqual([]);
    const originals = listOriginals(db);
    // Every activity recording stored has its original; monitoring FITs are not originals of anything.
    const recordings = db.value(`SELECT count(*) FROM fit_files WHERE status != 'not_activity'`) as number;
    expect(originals.filter((o) => o.kind === 'recording').length).toBe(recordings);
    expect(recordings).toBeGreaterThan(generated.manifest.account.activitiesWithFit);
    expect(originals.filter((o) => o.kind === 'summarized-activities').length).toBeGreaterThan(0);
    expect(new Set(originals.map((o) => o.sha256)).size).toBe(originals.length);
    expect(originalsSummary(db).storedBytes).toBe(store.bytes());
    // Zip members stay deflated; loose files as they were.
    expect(originals.some((o) => o.method === 8 && o.storedBytes < o.sizeBytes)).toBe(true);
    const gpxId = db.value(`SELECT activity_id FROM fit_files WHERE file_name = 'ride.gpx.gz'`) as number;
    const kept = originalOfActivity(db, gpxId);
    expect(kept?.path).toBe('ride.gpx.gz');
    const bytes = await inflateMember(await readSource({ blob: (await store.pack(kept!.pack))!, offset: kept!.offset, localHeader: false, localHeaderGuess: 0, compressedSize: kept!.storedBytes, method: kept!.method, declaredSize: kept!.sizeBytes }), Infinity);
    expect(bytes).toEqual(new Uint8Array(gzipSync(fixture('real-gpx-tcx', 'gpxpy__cerknicko-jezero.gpx'))));
    // Importing the same export again keeps nothing twice.
    const before = store.bytes();
    await ingestFiles(db, [file('garmin-account-export.zip', generated.accountZip)], { originals: store });
    expect(store.bytes()).toBe(before);
    expect(listOriginals(db).length).toBe(originals.length);
  }, 120_000);

  it('a full device names the files whose original was not kept, and everything still imports', async () => {
    const full = await firstImport(memoryOriginals(200_000));
    const complete = await firstImport();
    const notKept = full.reports.flatMap((r) => r.notes).filter((n) => /original file was not kept/.test(n.reason));
    expect(notKept.length).toBeGreaterThan(0);
    expect(listOriginals(full.db).length).toBeLessThan(listOriginals(complete.db).length);
    // Each recording stored without its original is named (by the path it had in the import).
    const named = new Set(notKept.map((n) => n.file));
    const unkept = full.db.all<{ file_name: string }>(`SELECT file_name FROM fit_files WHERE status != 'not_activity' AND sha256 NOT IN (SELECT sha256 FROM originals)`);
    expect(unkept.length).toBeGreaterThan(0);
    expect(unkept.filter((f) => !named.has(f.file_name))).toEqual([]);
    // The index never names bytes that were not written.
    expect(listOriginals(full.db).every((o) => o.offset + o.storedBytes <= full.store.bytes())).toBe(true);
    expect(derived(full.db).activities).toEqual(derived(complete.db).activities);
  }, 120_000);

  it('dropping an export imported before originals were kept keeps them now (nothing decoded twice into the database)', async () => {
    const db = await openMemoryDb();
    await ingestFiles(db, [file('garmin-account-export.zip', generated.accountZip)]);
    expect(listOriginals(db)).toEqual([]);
    const store = memoryOriginals();
    const again = await ingestFiles(db, [file('garmin-account-export.zip', generated.accountZip)], { originals: store });
    expect(again.activitiesAdded).toBe(0);
    expect(listOriginals(db).filter((o) => o.kind === 'recording').length).toBe(db.value(`SELECT count(*) FROM fit_files WHERE status != 'not_activity'`));
  }, 120_000);
});

describe('rebuild from originals', () => {
  it('gives the same activities, laps, streams, metrics, files and wellness as the first import, with the athlete\'s own data carried over', async () => {
    const { db, store } = await firstImport();
    const [a, b, c] = db.all<{ id: number; name: string; sport: string }>(`SELECT id, name, sport FROM activities WHERE sport = 'running' ORDER BY start_ms LIMIT 3`);
    correctActivity(db, a!.id, { name: 'Renamed by me', sport: 'trail_running' });
    correctActivity(db, b!.id, { excludedFromLoad: true });
    deleteActivity(db, c!.id);
    saveManual(db, { localDate: '2026-03-03', startTime: '18:00', sport: 'strength_training', name: 'Gym', distanceM: null, durationS: 2700, rpe: 6, trainingLoad: null, notes: null }, null);
    createPlan(db, 'Spring marathon');

    const rebuilt = await openMemoryDb();
    const outcome = await rebuildFromOriginals(db, rebuilt, (name) => store.pack(name));
    expect(outcome.report.state).toBe('done');
    expect(outcome.report.notes.filter((n) => n.status === 'skipped')).toEqual([]);
    expect(outcome.missing).toEqual([]);
    expect(outcome.shortfalls).toEqual([]);
    expect(outcome.corrections).toBe(3);
    const before = derived(db);
    const after = derived(rebuilt);
    for (const table of Object.keys(before) as (keyof typeof before)[]) expect(after[table], table).toEqual(before[table]);
    expect(after.activities.length).toBeGreaterThan(generated.manifest.totalActivities);
    for (const table of ['manual_activities', 'plans', 'plan_weeks', 'originals']) {
      expect(rebuilt.all(`SELECT * FROM ${table} ORDER BY rowid`), table).toEqual(db.all(`SELECT * FROM ${table} ORDER BY rowid`));
    }
    // The rebuild is in the import history, after the imports it was rebuilt from.
    expect(rebuilt.value('SELECT count(*) FROM ingests')).toBe((db.value('SELECT count(*) FROM ingests') as number) + 1);
  }, 180_000);

  it('names the activities it cannot rebuild (imported before originals were kept) instead of losing them', async () => {
    const db = await openMemoryDb();
    await ingestFiles(db, [file('gc__4077461142.fit', fixture('real-fit', 'gc__4077461142.fit'))]);
    const store = memoryOriginals();
    await ingestFiles(db, [file('laps.tcx', fixture('real-gpx-tcx', 'tcxparser__test.tcx'))], { originals: store });
    const outcome = await rebuildFromOriginals(db, await openMemoryDb(), (name) => store.pack(name));
    const old = db.get<{ local_date: string; sport: string }>(`SELECT local_date, sport FROM activities a JOIN fit_files f ON f.activity_id = a.id WHERE f.file_name = 'gc__4077461142.fit'`);
    expect(outcome.missing).toEqual([{ localDate: old!.local_date, sport: old!.sport, name: null }]);
  }, 60_000);

  it('a pack the device lost: what it held is named, the pack is reported lost, and wellness days count', async () => {
    const db = await openMemoryDb();
    const store = memoryOriginals();
    await ingestFiles(db, [file('garmin-account-export.zip', generated.accountZip)], { originals: store });
    const sleep = listOriginals(db).find((o) => o.kind === 'sleep')!;
    store.lose(sleep.pack);
    const outcome = await rebuildFromOriginals(db, await openMemoryDb(), (name) => store.pack(name));
    expect(outcome.lostPacks).toEqual([sleep.pack]);
    // One pack per import here: everything is lost, and said.
    expect(outcome.shortfalls[0]).toBe(`${listOriginals(db).length} original files no longer on this device`);
    expect(outcome.shortfalls).toContain(`${(db.value('SELECT count(*) FROM wellness_daily') as number).toLocaleString('en')} wellness days`);
    expect(outcome.missing.length).toBe(db.value('SELECT count(*) FROM activities'));
  }, 60_000);
});
