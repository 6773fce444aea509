import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/db';
import { openMemoryDb } from '../../../src/db/node';
import { correctActivity, deleteActivity, listDeleted, restoreActivity } from '../../../src/db/corrections';
import { dbSummary, listActivities } from '../../../src/db/queries';
import { readDataset } from '../../../src/db/dataset';
import { ensureStreamMetrics, readStreamMetrics } from '../../../src/db/streamMetrics';
import { ingestFiles } from '../../../src/ingest/ingest';

const FIT = new URL('../../fixtures/real-fit/', import.meta.url);
const SAMPLES = new URL('../../fixtures/garmin-export-samples/', import.meta.url);
const HR = { zones: [[100, 120], [121, 140], [141, 160], [161, 180], [181, 190]] as const, restingHr: 50, maxHr: 190 };
const run = () => new File([readFileSync(new URL('pyfitparse__garmin-fenix-5-run.fit', FIT))], 'fenix-5-run.fit');
const summaries = () => new File([readFileSync(new URL('full-export-2026/DI_CONNECT/DI-Connect-Fitness/user@example.com_1001_summarizedActivities.json', SAMPLES))], 'user@example.com_1001_summarizedActivities.json');

describe('the athlete\'s corrections survive re-imports', () => {
  let db: Db;
  beforeEach(async () => { db = await openMemoryDb(); });

  it('a renamed and re-typed activity keeps its name and type when the same data is imported again', async () => {
    await ingestFiles(db, [summaries()]);
    const first = listActivities(db)[0];
    if (!first) throw new Error('no activity');
    correctActivity(db, first.id, { name: 'Long run with Anna', sport: 'trail_running' });
    await ingestFiles(db, [summaries()]);
    expect(listActivities(db).find((a) => a.id === first.id)).toMatchObject({ name: 'Long run with Anna', sport: 'trail_running' });
    expect(db.value('SELECT edited FROM activities WHERE id = ?', [first.id])).toBe('{"name":1,"sport":1}');
    // A column not corrected still follows the better source.
    expect(listActivities(db).find((a) => a.id === first.id)?.distanceM).toBe(first.distanceM);
  });

  it('excluded from load: listed, load 0, said as such', async () => {
    await ingestFiles(db, [run()]);
    const a = listActivities(db)[0];
    if (!a) throw new Error('no activity');
    const before = readDataset(db, HR).table.find((r) => r.id === a.id);
    expect(before?.trainingLoad).toBeGreaterThan(0);
    correctActivity(db, a.id, { excludedFromLoad: true });
    const after = readDataset(db, HR).table.find((r) => r.id === a.id);
    expect(after).toMatchObject({ trainingLoad: 0, loadSource: 'excluded' });
    correctActivity(db, a.id, { excludedFromLoad: false });
    expect(readDataset(db, HR).table.find((r) => r.id === a.id)?.trainingLoad).toBe(before?.trainingLoad);
  });

  it('a deleted activity is hidden everywhere and stays deleted when its file is imported again, until restored', async () => {
    await ingestFiles(db, [run()]);
    const a = listActivities(db)[0];
    if (!a) throw new Error('no activity');
    deleteActivity(db, a.id);
    expect(listActivities(db)).toEqual([]);
    expect(dbSummary(db).activities).toBe(0);
    expect(readDataset(db, HR).loads).toEqual([]);
    const again = await ingestFiles(db, [run()]);
    expect(again.activitiesAdded).toBe(0);
    expect(listActivities(db)).toEqual([]);
    expect(listDeleted(db).map((d) => d.id)).toEqual([a.id]);
    restoreActivity(db, a.id);
    expect(listActivities(db).map((x) => x.id)).toEqual([a.id]);
  });

  it('a new sport recomputes the stream\'s metrics (a run\'s best efforts go when it is a ride)', async () => {
    await ingestFiles(db, [run()]);
    ensureStreamMetrics(db);
    const a = listActivities(db)[0];
    if (!a) throw new Error('no activity');
    expect(readStreamMetrics(db).get(a.id)?.bestEffortsS).toBeInstanceOf(Float64Array);
    correctActivity(db, a.id, { sport: 'cycling' });
    expect(readStreamMetrics(db).get(a.id)).toBeUndefined();
    ensureStreamMetrics(db);
    expect(readStreamMetrics(db).get(a.id)?.bestEffortsS ?? null).toBeNull();
    expect(() => correctActivity(db, a.id, { sport: 'DROP TABLE' })).toThrow('"DROP TABLE" is not an activity type');
  });
});
