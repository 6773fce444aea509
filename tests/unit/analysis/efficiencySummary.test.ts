import { describe, expect, it } from 'vitest';
import { EFFICIENCY_CSV_COLUMNS, efficiencyCsvRows, efficiencyGrid, efficiencyPoints, efficiencySummary } from '../../../src/analysis/efficiencySummary';
import { efficiencyTable } from '../../../src/analysis/efficiency';
import type { ActivityInput } from '../../../src/analysis/types';

/** A run with a chosen m/beat: at 150 bpm, timer = distance × 60 / (150 × m/beat). */
function run(id: number, localDate: string, distanceM: number, mPerBeat: number, over: Partial<ActivityInput> = {}): ActivityInput {
  return {
    id, sport: 'running', localDate, startMs: Date.parse(`${localDate}T07:00:00Z`), distanceM, elapsedS: null,
    timerS: (distanceM * 60) / (150 * mPerBeat), movingS: null, ascentM: null, avgHr: 150, maxHr: null, trainingLoad: null, ...over,
  };
}

describe('efficiency summary', () => {
  it('one point per run with m/beat, joined to its summary, full window from the n-th run', () => {
    const points = efficiencyPoints([
      run(3, '2026-01-03', 5000, 1.3),
      run(1, '2026-01-01', 5000, 1.0),
      run(2, '2026-01-02', 5000, 1.2),
      run(4, '2026-01-04', 5000, 1.6, { avgHr: null }), // no HR: no point
    ], { rollingRuns: 2 });
    expect(points.map((p) => p.id)).toEqual([1, 2, 3]);
    // window of 2: {1.0} → 1.0; {1.0, 1.2} → 1.1; {1.2, 1.3} → 1.25
    expect(points.map((p) => p.rollingMedian)).toEqual([1, expect.closeTo(1.1, 12), expect.closeTo(1.25, 12)]);
    expect(points.map((p) => p.windowRuns)).toEqual([1, 2, 2]);
    expect(points.map((p) => p.fullWindow)).toEqual([false, true, true]);
    // run 1: 5000 m at 1.0 m/beat and 150 bpm → timer = 5000 × 60 / 150 = 2000 s
    expect(points[0]).toMatchObject({ localDate: '2026-01-01', distanceM: 5000, timerS: 2000, avgHr: 150, mPerBeat: 1 });
  });

  it('grid: buckets down, years across, empty buckets left out, empty cells null', () => {
    const grid = efficiencyGrid(efficiencyTable([
      run(1, '2025-03-01', 5000, 1.0),
      run(2, '2025-06-01', 5100, 1.4), // 4–8 km 2025: median of {1.0, 1.4} = 1.2, 2 runs
      run(3, '2026-02-01', 21_100, 1.1), // 18–25 km 2026 only
    ]));
    expect(grid.years).toEqual([2025, 2026]);
    expect(grid.rows.map((r) => r.bucket.label)).toEqual(['4–8 km', '18–25 km']);
    expect(grid.rows[0]?.cells[0]?.medianMPerBeat).toBeCloseTo(1.2, 12);
    expect(grid.rows[0]?.cells[0]?.runs).toBe(2);
    expect(grid.rows[0]?.cells[1]).toBeNull();
    expect(grid.rows[1]?.cells[0]).toBeNull();
    expect(grid.rows[1]?.cells[1]).toEqual({ medianMPerBeat: expect.closeTo(1.1, 12), runs: 1 });
  });

  it('current = latest run up to today, a year earlier = latest up to today − 365 days', () => {
    const s = efficiencySummary([
      run(1, '2025-03-01', 8000, 1.0),
      run(2, '2025-03-31', 8000, 1.2), // 2026-03-31 − 365 days = 2025-03-31: included
      run(3, '2025-04-01', 8000, 1.4), // one day later: not "a year earlier"
      run(4, '2026-03-30', 8000, 1.5),
    ], { today: '2026-03-31' });
    expect(s.current?.id).toBe(4);
    // all four in the window: median of {1.0, 1.2, 1.4, 1.5} = (1.2 + 1.4) / 2 = 1.3
    expect(s.current?.rollingMedian).toBeCloseTo(1.3, 12);
    expect(s.yearAgo?.id).toBe(2);
    expect(s.yearAgo?.rollingMedian).toBeCloseTo(1.1, 12); // {1.0, 1.2}
    expect(efficiencySummary([], { today: '2026-03-31' })).toMatchObject({ points: [], current: null, yearAgo: null, grid: { years: [], rows: [] } });
  });

  it('CSV: one row per point, full precision', () => {
    const points = efficiencyPoints([run(7, '2026-01-01', 10_000, 4 / 3)]);
    expect(EFFICIENCY_CSV_COLUMNS.join(',')).toBe('id,local_date,distance_m,timer_s,avg_hr,m_per_beat,rolling_median_m_per_beat,window_runs');
    // 10 km at 4/3 m/beat and 150 bpm: timer = 10000 × 60 / 200 = 3000 s
    expect(efficiencyCsvRows(points)).toEqual([[7, '2026-01-01', 10_000, expect.closeTo(3000, 9), 150, expect.closeTo(4 / 3, 12), expect.closeTo(4 / 3, 12), 1]]);
  });
});
