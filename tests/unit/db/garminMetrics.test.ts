import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/db';
import { openMemoryDb } from '../../../src/db/node';
import { readDataset } from '../../../src/db/dataset';
import { readGarminPredictions, readGear, readVo2max } from '../../../src/db/garminMetrics';
import { deleteActivity } from '../../../src/db/corrections';
import { ingestFiles } from '../../../src/ingest/ingest';
import { DEFAULT_SETTINGS } from '../../../src/app/settings';
import { generateExport, type GeneratedExport } from '../../../tools/gen-export/generate';

/**
 * Issue #16, item 6: the VO2max history, Garmin's race predictions and gear with its mileage,
 * imported from a generated account export whose manifest says what it wrote.
 */

let generated: GeneratedExport;
let db: Db;
beforeAll(async () => {
  generated = await generateExport({ seed: 5, weeks: 30 });
  db = await openMemoryDb();
  const report = await ingestFiles(db, [new File([generated.accountZip as Uint8Array<ArrayBuffer>], 'garmin.zip')]);
  expect(report.notes.filter((n) => n.status === 'skipped')).toEqual([]);
}, 120_000);

const hr = { zones: DEFAULT_SETTINGS.zones, restingHr: DEFAULT_SETTINGS.restingHr, maxHr: DEFAULT_SETTINGS.maxHr };

describe('Garmin metrics from the account export', () => {
  it('stores one running VO2max and one prediction per record written, in date order', () => {
    const m = generated.manifest.account.metrics;
    const vo2max = readVo2max(db);
    expect(vo2max).toHaveLength(m.vo2maxRecords);
    expect(vo2max.map((v) => v.date)).toEqual([...vo2max.map((v) => v.date)].sort());
    expect(vo2max.every((v) => v.vo2max >= 40 && v.vo2max <= 60)).toBe(true);
    const predictions = readGarminPredictions(db);
    expect(predictions).toHaveLength(m.racePredictionRecords);
    expect(predictions.every((p) => p.fiveKS! < p.tenKS! && p.tenKS! < p.halfS! && p.halfS! < p.marathonS!)).toBe(true);
  });

  it('lists each piece of gear with the activities it was used on, and each activity its shoe\'s mileage so far', () => {
    const gear = readGear(db);
    const written = generated.manifest.account.gear;
    expect(gear.map((g) => g.uuid).sort()).toEqual(written.map((g) => g.uuid).sort());
    for (const g of written) expect(gear.find((x) => x.uuid === g.uuid)?.activities, g.name).toBe(g.activities);
    // The table's running total for a shoe ends at the gear list's total, and never goes down.
    const table = readDataset(db, hr).table;
    for (const g of gear.filter((x) => x.activities > 0)) {
      const used = table.filter((r) => r.gear?.split(', ').includes(g.name) && r.gear.split(', ')[0] === g.name).sort((a, b) => a.startUtc.localeCompare(b.startUtc));
      const totals = used.map((r) => r.gearDistanceM as number);
      expect(totals.every((t, i) => i === 0 || t >= (totals[i - 1] as number)), g.name).toBe(true);
      expect(totals.at(-1)).toBeCloseTo(g.distanceM, 3);
      expect(g.distanceM).toBeCloseTo(used.reduce((a, r) => a + (r.distanceM ?? 0), 0), 3);
    }
  });

  it('importing the export again changes nothing; a deleted run leaves its shoe\'s mileage', async () => {
    const before = { vo2max: readVo2max(db), predictions: readGarminPredictions(db), gear: readGear(db) };
    await ingestFiles(db, [new File([generated.accountZip as Uint8Array<ArrayBuffer>], 'garmin.zip')]);
    expect({ vo2max: readVo2max(db), predictions: readGarminPredictions(db), gear: readGear(db) }).toEqual(before);
    const shoe = before.gear.find((g) => g.type === 'shoes' && g.activities > 0)!;
    const run = db.get<{ id: number; distance_m: number }>(
      `SELECT a.id, a.distance_m FROM activities a JOIN gear_activities ga ON ga.garmin_activity_id = a.garmin_activity_id WHERE ga.gear_uuid = ? LIMIT 1`, [shoe.uuid])!;
    deleteActivity(db, run.id);
    const after = readGear(db).find((g) => g.uuid === shoe.uuid)!;
    expect(after.activities).toBe(shoe.activities - 1);
    expect(after.distanceM).toBeCloseTo(shoe.distanceM - run.distance_m, 3);
  });
});
