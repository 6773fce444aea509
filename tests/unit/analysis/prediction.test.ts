import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fractionOfVo2Max, predictRaces, riegelTimeS, vdot, vdotTimeS, vo2AtSpeed } from '../../../src/analysis/prediction';

const hms = (h: number, m: number, s: number): number => h * 3600 + m * 60 + s;

describe('race prediction', () => {
  it('Riegel: 5 k in 20:00 → 10 k ≈ 41:42', () => {
    // 1200 × 2^1.06 = 1200 × e^(1.06 × 0.693147) = 1200 × e^0.734736 = 1200 × (e^0.7 × e^0.034736)
    //   = 1200 × 2.013753 × 1.035346 = 1200 × 2.084930 = 2501.92 s = 41:41.9 ≈ 41:42
    expect(riegelTimeS(1200, 5000, 10_000)).toBeCloseTo(2501.92, 1);
    // exponent 1 is even pace: 1200 × 2 = 2400
    expect(riegelTimeS(1200, 5000, 10_000, { riegelExponent: 1 })).toBeCloseTo(2400, 9);
  });

  it('VDOT of a 20:00 5 k ≈ 49.8, worked by hand', () => {
    // v = 5000 / 20 = 250 m/min: VO₂ = −4.60 + 0.182258 × 250 + 0.000104 × 62500 = −4.6 + 45.5645 + 6.5 = 47.4645
    expect(vo2AtSpeed(250)).toBeCloseTo(47.4645, 9);
    // %max(20) = 0.8 + 0.1894393 e^(−0.25556) + 0.2989558 e^(−3.86521)
    //   e^(−0.25556) = e^(−0.25) × e^(−0.00556) = 0.778801 × 0.994455 = 0.774483
    //   e^(−3.86521) = e^(−4) × e^(0.13479) = 0.0183156 × 1.144296 = 0.020959
    //          = 0.8 + 0.1894393 × 0.774483 + 0.2989558 × 0.020959 = 0.8 + 0.146717 + 0.006266 = 0.952983
    expect(fractionOfVo2Max(20)).toBeCloseTo(0.952983, 5);
    // 47.4645 / 0.952983 = 49.806; Daniels' table puts 19:57 at VDOT 50, so 20:00 is just under 50
    expect(vdot(5000, 1200)).toBeCloseTo(49.806, 2);
  });

  it("predictions match Daniels' published VDOT table", () => {
    // Daniels' Running Formula, VDOT table (times rounded to the second; the table's long
    // distances are slightly smoothed, hence the wider tolerance for half and marathon):
    // VDOT 50: 5 k 19:57, 10 k 41:21, half 1:31:35, marathon 3:10:49
    // VDOT 60: 5 k 17:03, 10 k 35:22, half 1:18:09, marathon 2:43:25
    const table: [number, number, number, number][] = [
      [50, 5000, hms(0, 19, 57), 3], [50, 10_000, hms(0, 41, 21), 3], [50, 21_097.5, hms(1, 31, 35), 10], [50, 42_195, hms(3, 10, 49), 15],
      [60, 5000, hms(0, 17, 3), 3], [60, 10_000, hms(0, 35, 22), 3], [60, 21_097.5, hms(1, 18, 9), 10], [60, 42_195, hms(2, 43, 25), 15],
    ];
    for (const [v, d, t, tol] of table) expect(Math.abs(vdotTimeS(v, d) - t)).toBeLessThanOrEqual(tol);
  });

  it('property: predicting a run\'s own distance from its VDOT returns its time (< 0.5 s)', () => {
    fc.assert(fc.property(
      fc.double({ min: 1500, max: 42_195, noNaN: true }),
      fc.double({ min: 2.5, max: 10, noNaN: true }), // pace, min/km
      (distanceM, pace) => {
        const timeS = (distanceM / 1000) * pace * 60;
        expect(Math.abs(vdotTimeS(vdot(distanceM, timeS), distanceM) - timeS)).toBeLessThan(0.5);
      },
    ));
  });

  it('property: a Riegel prediction there and back returns the input time', () => {
    fc.assert(fc.property(
      fc.double({ min: 400, max: 100_000, noNaN: true }),
      fc.double({ min: 400, max: 100_000, noNaN: true }),
      fc.double({ min: 60, max: 36_000, noNaN: true }),
      (d1, d2, t) => {
        expect(riegelTimeS(riegelTimeS(t, d1, d2), d2, d1)).toBeCloseTo(t, 6);
      },
    ));
  });

  it('predicts from the recent effort with the highest VDOT, both methods', () => {
    const r = predictRaces([
      { distanceM: 5000, timeS: 1200, activityId: 1, localDate: '2026-03-01' }, // VDOT 49.8
      { distanceM: 10_000, timeS: 2700, activityId: 2, localDate: '2026-03-10' }, // 45:00: lower VDOT
      { distanceM: 1000, timeS: 180, activityId: 3, localDate: '2026-03-12' }, // shorter than 1500 m
      { distanceM: 5000, timeS: 1080, activityId: 4, localDate: '2025-12-01' }, // 18:00, older than 90 days
    ], { asOf: '2026-03-31' });
    expect(r.source?.activityId).toBe(1);
    expect(r.predictions.map((p) => p.targetM)).toEqual([5000, 10_000, 21_097.5, 42_195]);
    const tenK = r.predictions[1];
    expect(tenK?.riegelS).toBeCloseTo(2501.92, 1); // as worked above
    // Same VDOT over 10 k: the table's 41:21 at VDOT 50 and a hair slower at 49.8
    expect(vdot(10_000, tenK?.vdotS ?? NaN)).toBeCloseTo(vdot(5000, 1200), 3);
    expect(tenK?.vdotS).toBeGreaterThan(hms(0, 41, 21));
    expect(tenK?.vdotS).toBeLessThan(hms(0, 41, 40));
    expect(r.predictions[0]?.vdotS).toBeCloseTo(1200, 0);
    expect(predictRaces([], { asOf: '2026-03-31' })).toEqual({ source: null, predictions: [] });
  });
});
