import { describe, expect, it } from 'vitest';
import {
  RECORDS_CSV_COLUMNS, bestEffortRows, distanceLabel, predictionEfforts, prRows, racePredictions, recordsCsvRows, type EffortRow,
} from '../../../src/analysis/recordsSummary';
import type { ActivityInput } from '../../../src/analysis/types';

function run(id: number, localDate: string, distanceM: number, movingS: number | null, over: Partial<ActivityInput> = {}): ActivityInput {
  return {
    id, sport: 'running', name: `Run ${id}`, localDate, startMs: Date.parse(`${localDate}T07:00:00Z`), distanceM, elapsedS: null,
    timerS: movingS === null ? null : movingS + 30, movingS, ascentM: null, avgHr: null, maxHr: null, trainingLoad: null, ...over,
  };
}

/** bestEffortsS per records DEFAULTS.effortTargetsM: 400 m, 1 km, mile, 5 km, 10 km, half, marathon. */
function row(id: number, localDate: string, bestEffortsS: (number | null)[] | null): EffortRow {
  return { id, localDate, name: `Run ${id}`, bestEffortsS };
}

describe('records summary', () => {
  it('distance labels', () => {
    expect([400, 1000, 1609.344, 5000, 21_097.5, 42_195, 50_000, 3000, 750].map((m) => distanceLabel(m)))
      .toEqual(['400 m', '1 km', '1 mile', '5 km', 'Half marathon', 'Marathon', '50 km', '3 km', '750 m']);
    // In miles: race names runners use everywhere, other distances in miles.
    expect([400, 1000, 1609.344, 5000, 10_000, 21_097.5, 50_000, 3000].map((m) => distanceLabel(m, 'mi')))
      .toEqual(['400 m', '1K', '1 mile', '5K', '10K', 'Half marathon', '31.07 mi', '1.86 mi']);
  });

  it('PRs carry the time their pace is on (moving, else timer)', () => {
    const prs = prRows([
      run(1, '2026-01-10', 5020, 1255), // 1255 / 60 / 5.02 = 4.1667 min/km
      run(2, '2026-02-10', 4980, 1300), // slower
      run(3, '2026-03-10', 10_050, null, { timerS: 2613 }), // no moving time: timer
    ]);
    expect(prs.map((p) => p.targetM)).toEqual([5000, 10_000, 21_097.5, 42_195, 50_000]);
    expect(prs[0]?.record).toMatchObject({ activityId: 1, distanceM: 5020, timeS: 1255, name: 'Run 1' });
    expect(prs[0]?.record?.paceMinPerKm).toBeCloseTo(1255 / 60 / 5.02, 12);
    // 2613 / 60 / 10.05 = 4.3333 min/km
    expect(prs[1]?.record).toMatchObject({ activityId: 3, timeS: 2613, paceMinPerKm: expect.closeTo(4.3333, 4) });
    expect(prs[2]?.record).toBeNull();
  });

  it('best efforts across rows: null reads as "shorter than the target"', () => {
    const efforts = bestEffortRows([
      row(1, '2026-01-01', [90, 240, 400, 1250, null, null, null]),
      row(2, '2026-02-01', [85, 250, 410, 1200, 2500, null, null]),
      row(3, '2026-03-01', null), // no stream
      row(4, '2026-03-02', [60, 150]), // another set of targets: left out
    ]);
    expect(efforts.map((e) => e.record?.activityId ?? null)).toEqual([2, 1, 1, 2, 2, null, null]);
    // 5 km in 1200 s: 1200 / 60 / 5 = 4 min/km
    expect(efforts[3]?.record).toEqual({ targetM: 5000, distanceM: 5000, timeS: 1200, paceMinPerKm: 4, activityId: 2, localDate: '2026-02-01', name: 'Run 2' });
  });

  it('prediction efforts: race-distance whole runs and every best effort', () => {
    const efforts = predictionEfforts(
      [run(1, '2026-03-01', 5020, 1255), run(2, '2026-03-02', 7300, 2000), run(3, '2026-03-03', 5000, 1200, { sport: 'cycling' })],
      [row(2, '2026-03-02', [90, 240, 400, 1250, null, null, null])],
    );
    expect(efforts.map((e) => [e.kind, e.activityId, e.distanceM])).toEqual([
      ['run', 1, 5020], // 7.3 km is near no bin; cycling is not a run
      ['best_effort', 2, 400], ['best_effort', 2, 1000], ['best_effort', 2, 1609.344], ['best_effort', 2, 5000],
    ]);
  });

  it('predicts from the best recent effort and names it', () => {
    const activities = [run(1, '2026-03-01', 5020, 1300), run(2, '2025-10-01', 5000, 1100)];
    // Row 1's 5 km inside the run: 1200 s (VDOT 49.8) beats its whole 5.02 km in 1300 s;
    // run 2 (18:20) is older than 90 days before 2026-03-31.
    const rows = [row(1, '2026-03-01', [90, 235, 380, 1200, null, null, null])];
    const p = racePredictions(activities, rows, { asOf: '2026-03-31' });
    expect(p.fromDate).toBe('2026-01-01'); // 2026-03-31 − 89 days
    expect(p.source).toMatchObject({ kind: 'best_effort', activityId: 1, distanceM: 5000, timeS: 1200, name: 'Run 1', vdot: expect.closeTo(49.806, 2) });
    // Riegel 10 k from 5 k in 1200 s: 1200 × 2^1.06 = 2501.92 s (prediction.test.ts)
    expect(p.predictions[1]?.riegelS).toBeCloseTo(2501.92, 1);

    // Without the rows yet: the whole run is the source
    expect(racePredictions(activities, null, { asOf: '2026-03-31' }).source).toMatchObject({ kind: 'run', activityId: 1, distanceM: 5020 });
    // A year-long window reaches run 2
    expect(racePredictions(activities, rows, { asOf: '2026-03-31', recentDays: 365 }).source?.activityId).toBe(2);
    expect(racePredictions([], null, { asOf: '2026-03-31' })).toEqual({ recentDays: 90, fromDate: '2026-01-01', source: null, predictions: [] });
  });

  it('CSV: a row per PR, best effort and prediction method', () => {
    const activities = [run(1, '2026-03-01', 5000, 1200)];
    const rows = [row(1, '2026-03-01', [90, 235, 380, 1200, null, null, null])];
    const prediction = racePredictions(activities, rows, { asOf: '2026-03-31' });
    const csv = recordsCsvRows(prRows(activities), bestEffortRows(rows), prediction);
    expect(RECORDS_CSV_COLUMNS.join(',')).toBe('kind,target_m,distance_m,time_s,pace_min_per_km,activity_id,local_date,method,source_distance_m,source_time_s,source_vdot');
    expect(csv.map((r) => r[0])).toEqual(['pr', 'best_effort', 'best_effort', 'best_effort', 'best_effort', ...Array(8).fill('prediction')]);
    expect(csv[0]).toEqual(['pr', 5000, 5000, 1200, 4, 1, '2026-03-01', null, null, null, null]);
    // 400 m in 90 s: 90 / 60 / 0.4 = 3.75 min/km
    expect(csv[1]).toEqual(['best_effort', 400, 400, 90, 3.75, 1, '2026-03-01', null, null, null, null]);
    // The whole run and its 5 km effort tie on VDOT; predictRaces keeps the first (the whole run).
    const tenK = csv.filter((r) => r[0] === 'prediction' && r[1] === 10_000);
    expect(tenK.map((r) => r[7])).toEqual(['riegel', 'vdot']);
    expect(tenK[0]?.[3]).toBeCloseTo(2501.92, 1);
    expect(tenK[0]?.[4]).toBeCloseTo(2501.92 / 60 / 10, 3);
    expect(tenK[0]?.slice(5, 10)).toEqual([1, '2026-03-01', 'riegel', 5000, 1200]);
    expect(tenK[1]?.[10]).toBeCloseTo(49.806, 2);
  });
});
