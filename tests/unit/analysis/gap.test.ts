import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gapSpeed, gradeCostFactor, gradeFromAltitude, minettiCost, runGap } from '../../../src/analysis/gap';
import type { StreamInput } from '../../../src/analysis/types';

/** A 1 Hz run at constant speed on a constant grade (altitude = grade × distance). */
function steadyRun(speedMps: number, grade: number | null, seconds = 1200): StreamInput {
  const tS = new Float32Array(seconds);
  const speed = new Float32Array(seconds);
  const dist = new Float32Array(seconds);
  const alt = new Float32Array(seconds);
  for (let i = 0; i < seconds; i++) {
    tS[i] = i;
    speed[i] = speedMps;
    dist[i] = speedMps * i;
    alt[i] = 100 + (grade ?? 0) * speedMps * i;
  }
  return { tS, hr: null, speedMps: speed, distanceM: dist, lat: null, lon: null, altitudeM: grade === null ? null : alt };
}

describe('grade-adjusted pace', () => {
  it('Minetti 2002 cost, worked by hand', () => {
    expect(minettiCost(0)).toBe(3.6);
    // i = 0.1: 155.4e-5 − 30.4e-4 − 43.3e-3 + 46.3e-2 + 1.95 + 3.6
    //        = 0.001554 − 0.00304 − 0.0433 + 0.463 + 1.95 + 3.6 = 5.968214
    expect(minettiCost(0.1)).toBeCloseTo(5.968214, 9);
    // i = −0.1: −0.001554 − 0.00304 + 0.0433 + 0.463 − 1.95 + 3.6 = 2.151706
    expect(minettiCost(-0.1)).toBeCloseTo(2.151706, 9);
    // clamped to ±0.45
    expect(minettiCost(0.7)).toBe(minettiCost(0.45));
    expect(minettiCost(-0.7)).toBe(minettiCost(-0.45));
    expect(gradeCostFactor(NaN)).toBe(1);
  });

  it('grade of a constant slope is that slope; a flat line with ±0.3 m altitude noise stays near flat', () => {
    const n = 400;
    const dist = new Float64Array(n);
    const alt = new Float32Array(n);
    const noisy = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      dist[i] = 3 * i;
      alt[i] = 0.05 * 3 * i;
      noisy[i] = i % 2 === 0 ? 0.3 : -0.3;
    }
    const g = gradeFromAltitude(dist, alt);
    for (const x of g) expect(x).toBeCloseTo(0.05, 5);
    // Sample to sample the noise is 0.6 m over 3 m (a 20 % "grade"); the 50 m regression window
    // (17 samples) brings it below 1 %.
    for (const x of gradeFromAltitude(dist, noisy)) expect(Math.abs(x)).toBeLessThan(0.01);
  });

  it('no grade where altitude is missing or spans less than 10 m', () => {
    const dist = new Float64Array([0, 4, 8, 100, 104]);
    const alt = new Float32Array([0, 1, NaN, NaN, NaN]);
    const g = gradeFromAltitude(dist, alt);
    // sample 0..1: the valid altitudes span 4 m < 10 m → NaN; samples 3, 4: no altitude at all
    expect([...g].every(Number.isNaN)).toBe(true);
  });

  it('an uphill at slow speed has the GAP of a flat run at the speed with the same metabolic power', () => {
    // 2.5 m/s up 10 %: power = C(0.1) × v = 5.968214 × 2.5 = 14.9205 J/kg/s. On the flat the same
    // power runs v = 14.9205 / 3.6 = 4.144593 m/s → 1000 / 60 / 4.144593 = 4.0213 min/km.
    const hill = runGap(steadyRun(2.5, 0.1));
    const flatSpeed = (2.5 * 5.968214) / 3.6;
    const flat = runGap(steadyRun(flatSpeed, 0));
    expect(hill).not.toBeNull();
    expect(flat).not.toBeNull();
    if (!hill || !flat) return;
    expect(hill.paceMinPerKm).toBeCloseTo(1000 / 60 / 2.5, 4); // 6.6667 min/km actually run
    expect(hill.costFactor).toBeCloseTo(5.968214 / 3.6, 4);
    expect(hill.gapMinPerKm).toBeCloseTo(4.0213, 3);
    expect(hill.gapMinPerKm).toBeCloseTo(flat.paceMinPerKm, 3);
    expect(flat.gapMinPerKm).toBeCloseTo(flat.paceMinPerKm, 6);
  });

  it('downhill GAP is slower than the pace run; a treadmill run without altitude has GAP = pace', () => {
    // −10 %: factor 2.151706 / 3.6 = 0.597696 → GAP pace = 5.0 / 0.597696 = 8.3655 min/km
    const down = runGap(steadyRun(1000 / 300, -0.1));
    expect(down?.gapMinPerKm).toBeCloseTo(8.3655, 3);
    const treadmill = runGap(steadyRun(1000 / 300, null));
    expect(treadmill?.gapMinPerKm).toBeCloseTo(5, 4);
    expect(treadmill?.costFactor).toBe(1);
  });

  it('per-sample GAP speed: same length, unknown grade leaves the speed as it is', () => {
    const out = gapSpeed(new Float32Array([3, 3, 3]), new Float32Array([0, 0.1, NaN]));
    expect(out.length).toBe(3);
    expect(out[0]).toBeCloseTo(3, 6);
    expect(out[1]).toBeCloseTo((3 * 5.968214) / 3.6, 5);
    expect(out[2]).toBe(3);
  });

  it('property: on a constant grade, GAP speed × C(0) equals speed × C(grade) (equal metabolic power)', () => {
    fc.assert(fc.property(
      fc.double({ min: -0.45, max: 0.45, noNaN: true }),
      fc.double({ min: 1.5, max: 5, noNaN: true }),
      (grade, speed) => {
        const r = runGap(steadyRun(speed, grade, 300));
        if (!r) throw new Error('no GAP');
        const gapSpeedMps = 1000 / 60 / r.gapMinPerKm;
        if (Number.isNaN(gapSpeedMps)) return; // masked: outside 3..30 min/km
        expect(gapSpeedMps * 3.6).toBeCloseTo(speed * minettiCost(grade), 2);
      },
    ), { numRuns: 50 });
  });
});
