import { describe, expect, it } from 'vitest';
import { predictionChangeS, predictionHistory } from '../../../src/analysis/predictionHistory';

const effort = (localDate: string, distanceM: number, timeS: number, activityId: number) => ({ localDate, distanceM, timeS, activityId });

describe('predicted race times over time', () => {
  it('a point a week ending on `to`; each from the best effort of its 90 days; none once the effort is older than 90 days', () => {
    // 5 km in 20:00 on 2026-01-05 (VDOT ≈ 49.8), then 10 km in 40:00 on 2026-02-02 (VDOT ≈ 51.9).
    const efforts = [effort('2026-01-05', 5000, 1200, 1), effort('2026-02-02', 10000, 2400, 2)];
    const points = predictionHistory(efforts, { from: '2026-01-01', to: '2026-05-10', targetsM: [5000, 10000] });
    const dates = [...new Set(points.map((p) => p.date))];
    expect(dates[0]).toBe('2026-01-04');
    expect(dates.at(-1)).toBe('2026-05-10');
    expect(dates).toHaveLength(19);
    const at = (date: string, targetM: number) => points.find((p) => p.date === date && p.targetM === targetM);
    // Before the first effort: nothing.
    expect(at('2026-01-04', 5000)).toMatchObject({ riegelS: null, vdotS: null, sourceActivityId: null });
    // From the 5 km alone: its own time back over 5 km, Riegel 1200 · 2^1.06 over 10 km.
    expect(at('2026-01-11', 5000)?.riegelS).toBeCloseTo(1200, 9);
    expect(at('2026-01-11', 5000)?.vdotS).toBeCloseTo(1200, 1);
    expect(at('2026-01-11', 10000)?.riegelS).toBeCloseTo(1200 * 2 ** 1.06, 9);
    // The 10 km has the higher VDOT: from 02-08 on it is the source.
    expect(at('2026-02-08', 10000)).toMatchObject({ sourceActivityId: 2, riegelS: 2400 });
    // The 90 days ending 05-02 are the last to hold 02-02: the 04-26 point has it, the 05-03 one nothing.
    expect(at('2026-04-26', 10000)).toMatchObject({ sourceActivityId: 2 });
    expect(at('2026-05-03', 10000)).toMatchObject({ riegelS: null, vdotS: null, sourceActivityId: null });
    // The change between two points, negative when faster.
    expect(predictionChangeS(points, 10000, 'riegel', '2026-01-11', '2026-02-08')).toBeCloseTo(2400 - 1200 * 2 ** 1.06, 9);
    expect(predictionChangeS(points, 10000, 'riegel', '2026-01-04', '2026-02-08')).toBeNull();
  });
});
