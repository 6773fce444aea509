import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketMeans, movingMeanByTime } from '../../../src/analysis/resample';

describe('bucketMeans', () => {
  it('averages consecutive samples per bucket, ignoring NaN, and keeps short series whole', () => {
    const r = bucketMeans([0, 1, 2, 3, 4], [[10, NaN, 30, 40, 50], null], 3);
    // size = ceil(5 / 3) = 2: buckets [0,1], [2,3], [4].
    expect(Array.from(r.x)).toEqual([0.5, 2.5, 4]);
    expect(Array.from(r.ys[0] ?? [])).toEqual([10, 35, 50]);
    expect(Array.from(r.ys[1] ?? [])).toEqual([NaN, NaN, NaN]);
    expect(Array.from(bucketMeans([1, 2], [[5, 6]], 100).ys[0] ?? [])).toEqual([5, 6]);
  });

  it('never returns more than maxPoints points and keeps the overall mean of a full series', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 500 }), fc.integer({ min: 1, max: 50 }), (ys, maxPoints) => {
      const x = ys.map((_, i) => i);
      const r = bucketMeans(x, [ys], maxPoints);
      expect(r.x.length).toBeLessThanOrEqual(maxPoints);
      const size = Math.ceil(ys.length / maxPoints);
      // Weighted by bucket sizes, the bucket means give back the series' mean.
      let total = 0;
      r.ys[0]?.forEach((v, b) => { total += v * (Math.min(ys.length, (b + 1) * size) - b * size); });
      expect(total / ys.length).toBeCloseTo(ys.reduce((a, b) => a + b, 0) / ys.length, 6);
    }));
  });
});

describe('movingMeanByTime', () => {
  it('averages the finite values within the window by timestamp, not across a pause', () => {
    // t = 0..4 then a pause to 100: the window ±1 s never reaches across the pause.
    const t = [0, 1, 2, 3, 4, 100, 101];
    const y = [1, 2, NaN, 4, 5, 50, 60];
    expect(Array.from(movingMeanByTime(t, y, 1))).toEqual([1.5, 1.5, 3, 4.5, 4.5, 55, 55]);
    expect(Array.from(movingMeanByTime([0, 1], [NaN, NaN], 5))).toEqual([NaN, NaN]);
  });

  it('equals the brute-force mean over the window for any series', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.double({ min: 0, max: 10, noNaN: true })), { minLength: 1, maxLength: 80 }), fc.integer({ min: 0, max: 6 }), (steps, half) => {
      let acc = 0;
      const t = steps.map(([dt]) => (acc += dt));
      const y = steps.map(([, v]) => v);
      const got = movingMeanByTime(t, y, half);
      t.forEach((ti, i) => {
        const inside = y.filter((_, j) => Math.abs((t[j] as number) - ti) <= half);
        expect(got[i]).toBeCloseTo(inside.reduce((a, b) => a + b, 0) / inside.length, 9);
      });
    }));
  });
});
