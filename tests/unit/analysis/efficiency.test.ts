import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketOf, distanceBuckets, efficiencyTable, efficiencyTrend, metresPerBeat } from '../../../src/analysis/efficiency';
import type { ActivityInput } from '../../../src/analysis/types';

/** A run with a chosen m/beat: at 150 bpm, timer = distance × 60 / (150 × m/beat). */
function run(id: number, distanceM: number, mPerBeat: number, over: Partial<ActivityInput> = {}): ActivityInput {
  return {
    id, sport: 'running', localDate: '2026-01-01', startMs: id * 86_400_000, distanceM, elapsedS: null,
    timerS: (distanceM * 60) / (150 * mPerBeat), movingS: null, ascentM: null, avgHr: 150, maxHr: null, trainingLoad: null, ...over,
  };
}

describe('efficiency (m/beat)', () => {
  it('distance / (timer × avg HR / 60), worked by hand', () => {
    // 10 km in 3000 s at 150 bpm: 3000 × 150 / 60 = 7500 beats → 10000 / 7500 = 1.3333 m/beat
    expect(metresPerBeat(10_000, 3000, 150)).toBeCloseTo(4 / 3, 12);
    expect(metresPerBeat(10_000, 3000, null)).toBeNaN();
    expect(metresPerBeat(10_000, 0, 150)).toBeNaN();
  });

  it('rolling median over the last 30 runs by start time, shorter at the start', () => {
    // Run i (in start order) has m/beat v_i = (11·i mod 35) + 1, a permutation of 1..35.
    const runs = Array.from({ length: 35 }, (_, i) => run(i, 5000, ((11 * i) % 35) + 1)).reverse();
    const t = efficiencyTrend(runs);
    expect(t.ids).toEqual(Array.from({ length: 35 }, (_, i) => i));
    // i = 0: {1} → 1; i = 1: {1, 12} → 6.5; i = 2: {1, 12, 23} → 12
    expect(t.rollingMedian[0]).toBeCloseTo(1, 9);
    expect(t.rollingMedian[1]).toBeCloseTo(6.5, 9);
    expect(t.rollingMedian[2]).toBeCloseTo(12, 9);
    // i = 34: runs 5..34, i.e. 1..35 without runs 0..4's values {1, 12, 23, 34, 10}. Sorted:
    // 2..9 (8 values), 11, 13..22 → 15th = 18, 16th = 19 → median 18.5
    expect(t.rollingMedian[34]).toBeCloseTo(18.5, 9);
    expect(t.windowRuns[0]).toBe(1);
    expect(t.windowRuns[28]).toBe(29);
    expect(t.windowRuns[34]).toBe(30);
  });

  it('leaves out runs without HR and activities that are not runs', () => {
    const t = efficiencyTrend([run(1, 5000, 1), run(2, 5000, 2, { avgHr: null }), run(3, 5000, 3, { sport: 'cycling' })]);
    expect(t.ids).toEqual([1]);
  });

  it('buckets keep race distances away from edges', () => {
    expect(distanceBuckets().map((b) => b.label)).toEqual(['<4 km', '4–8 km', '8–12 km', '12–18 km', '18–25 km', '25–35 km', '35+ km']);
    expect(bucketOf(3.99)).toBe(0);
    expect(bucketOf(4)).toBe(1); // lower bound inclusive
    expect(bucketOf(5)).toBe(1);
    expect(bucketOf(10)).toBe(2);
    expect(bucketOf(21.0975)).toBe(4);
    expect(bucketOf(42.195)).toBe(6);
  });

  it('bucket × year table: median and count per cell', () => {
    const table = efficiencyTable([
      run(1, 5000, 1.0, { localDate: '2025-03-01' }),
      run(2, 5100, 1.5, { localDate: '2025-06-01' }),
      run(3, 4900, 1.2, { localDate: '2025-12-31' }),
      run(4, 21_100, 1.1, { localDate: '2025-10-12' }),
      run(5, 5200, 1.3, { localDate: '2026-01-01' }),
      run(6, 5200, 1.4, { localDate: '2026-02-01' }),
      run(7, 5000, 9, { localDate: '2026-02-02', sport: 'cycling' }),
    ]);
    expect(table.years).toEqual([2025, 2026]);
    // 2025 4–8 km: {1.0, 1.5, 1.2} → 1.2 (3 runs); 2025 18–25 km: 1.1; 2026 4–8 km: {1.3, 1.4} → 1.35
    expect(table.cells.map((c) => [c.bucket, c.year, Number(c.medianMPerBeat.toFixed(6)), c.runs])).toEqual([
      [1, 2025, 1.2, 3],
      [1, 2026, 1.35, 2],
      [4, 2025, 1.1, 1],
    ]);
  });

  it('property: each rolling median lies within its window and the window is min(i + 1, 30) runs', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 0.5, max: 2.5, noNaN: true }), { minLength: 1, maxLength: 80 }), (values) => {
      const t = efficiencyTrend(values.map((v, i) => run(i, 8000, v)));
      for (let i = 0; i < values.length; i++) {
        const window = [...t.mPerBeat.subarray(Math.max(0, i - 29), i + 1)];
        expect(t.windowRuns[i]).toBe(Math.min(i + 1, 30));
        expect(t.rollingMedian[i]).toBeGreaterThanOrEqual(Math.min(...window));
        expect(t.rollingMedian[i]).toBeLessThanOrEqual(Math.max(...window));
      }
    }));
  });
});
