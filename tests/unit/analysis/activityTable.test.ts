import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIVITIES_CSV_COLUMNS, activitiesCsvRows, type ActivityTableRow } from '../../../src/analysis/activityTable';
import { DEFAULT_HR_ZONES, isRun } from '../../../src/analysis/types';
import { openMemoryDb } from '../../../src/db/node';
import { activityTableRows } from '../../../src/db/queries';
import { ingestFiles } from '../../../src/ingest/ingest';
import { generateExport, type Manifest } from '../../../tools/gen-export/generate';

let rows: ActivityTableRow[];
let manifest: Manifest;

beforeAll(async () => {
  const generated = await generateExport({ seed: 31, weeks: 10 });
  manifest = generated.manifest;
  const db = await openMemoryDb();
  await ingestFiles(db, [new File([generated.accountZip as Uint8Array<ArrayBuffer>], 'export.zip')]);
  rows = activityTableRows(db, { zones: DEFAULT_HR_ZONES, restingHr: 50, maxHr: 190 });
}, 60_000);

describe('activityTable on a generated export', () => {
  it('has one row per activity, the issue\'s CSV columns, and run metrics only on runs', () => {
    expect(rows).toHaveLength(manifest.account.activities);
    expect(ACTIVITIES_CSV_COLUMNS.join(',')).toBe('id,local_date,start_utc,sport,name,distance_m,elapsed_s,timer_s,moving_s,avg_hr,max_hr,ascent_m,training_load,load_source,pace_min_per_km,m_per_beat,decoupling_pct,tiz_z1_s,tiz_z2_s,tiz_z3_s,tiz_z4_s,tiz_z5_s,route,series');
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
