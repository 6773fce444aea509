import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  activityPaceMinPerKm,
  activityPaces,
  cumulativeDistanceM,
  maskPaces,
  movingTimeS,
  paceFromSpeed,
  paceMinPerKm,
} from '../../../src/analysis/pace';
import type { ActivityInput, StreamInput } from '../../../src/analysis/types';

function run(over: Partial<ActivityInput>): ActivityInput {
  return {
    id: 1, sport: 'running', localDate: '2026-01-01', startMs: 0, distanceM: 10_000, elapsedS: 3000, timerS: 3000, movingS: 3000,
    ascentM: null, avgHr: null, maxHr: null, trainingLoad: null, ...over,
  };
}

function stream(over: Partial<StreamInput>): StreamInput {
  return { tS: new Float32Array(0), hr: null, speedMps: null, distanceM: null, lat: null, lon: null, altitudeM: null, ...over };
}

describe('pace', () => {
  it('moving time over distance in min/km', () => {
    // 1500 s = 25 min over 5 km → 5.0 min/km
    expect(paceMinPerKm(1500, 5000)).toBe(5);
    // 3000 s = 50 min over 10 km → 5.0 min/km; missing or zero inputs → NaN
    expect(activityPaceMinPerKm(run({}))).toBe(5);
    expect(paceMinPerKm(null, 5000)).toBeNaN();
    expect(paceMinPerKm(1500, 0)).toBeNaN();
  });

  it('masks below 3:00 and above 30:00 min/km, keeping the bounds', () => {
    // 5 km in 900 s = 15 min → 3.0 exactly: kept; 899 s → 2.997: masked
    expect(paceMinPerKm(900, 5000)).toBe(3);
    expect(paceMinPerKm(899, 5000)).toBeNaN();
    // 1 km in 1800 s = 30 min → 30.0 exactly: kept; 1801 s: masked
    expect(paceMinPerKm(1800, 1000)).toBe(30);
    expect(paceMinPerKm(1801, 1000)).toBeNaN();
  });

  it('falls back to the timer time when the summary has no moving time', () => {
    // 3300 s = 55 min over 10 km → 5.5 min/km
    expect(activityPaceMinPerKm(run({ movingS: null, timerS: 3300 }))).toBe(5.5);
  });

  it('masks rather than drops: one pace per activity, in order', () => {
    const paces = activityPaces([run({ id: 1 }), run({ id: 2, movingS: 600 }), run({ id: 3, distanceM: null })]);
    expect(paces.length).toBe(3);
    expect(paces[0]).toBe(5);
    expect(paces[1]).toBeNaN(); // 10 min over 10 km = 1 min/km
    expect(paces[2]).toBeNaN();
  });

  it('per-sample pace from speed: 1000 / 60 / v', () => {
    // 3.3333 m/s → 16.667 / 3.3333 = 5.0 min/km; 0 m/s → ∞ → NaN; 10 m/s → 1.67 → NaN;
    // 0.5 m/s → 33.3 min/km → NaN; NaN speed → NaN
    const pace = paceFromSpeed(new Float32Array([1000 / 300, 0, 10, 0.5, NaN]));
    expect(pace.length).toBe(5);
    expect(pace[0]).toBeCloseTo(5, 5);
    expect([...pace.slice(1)].every(Number.isNaN)).toBe(true);
  });

  it('property: masking keeps length and every kept value unchanged and within 3..30', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.double({ min: -10, max: 100, noNaN: true }), fc.constant(NaN))), (values) => {
      const out = maskPaces(values);
      expect(out.length).toBe(values.length);
      out.forEach((p, i) => {
        if (!Number.isNaN(p)) {
          expect(p).toBe(values[i]);
          expect(p).toBeGreaterThanOrEqual(3);
          expect(p).toBeLessThanOrEqual(30);
        } else {
          const v = values[i] as number;
          expect(Number.isNaN(v) || v < 3 || v > 30).toBe(true);
        }
      });
    }));
  });

  it('moving time: intervals at ≥ 0.5 m/s, each capped at 30 s, the last sample adds nothing', () => {
    // intervals 0→1 (1 s, 1 m/s), 1→2 (1 s), 2→3 at 0.2 m/s (not moving), 3→50 (47 s capped to 30),
    // 50→51 (1 s); the last sample has no interval → 1 + 1 + 30 + 1 = 33
    const tS = new Float32Array([0, 1, 2, 3, 50, 51]);
    const speed = new Float32Array([1, 1, 0.2, 1, 1, 1]);
    expect(movingTimeS(tS, speed)).toBe(33);
  });

  it('cumulative distance: gaps carried forward, backward glitches held, or speed integrated', () => {
    const tS = new Float32Array([0, 1, 2, 3, 4]);
    expect([...(cumulativeDistanceM(stream({ tS, distanceM: new Float32Array([NaN, 3, NaN, 2, 9]) })) ?? [])]).toEqual([0, 3, 3, 3, 9]);
    // speed 2, 2, 4, 4 m/s over 1 s intervals → 0, 2, 4, 8, 12
    expect([...(cumulativeDistanceM(stream({ tS, speedMps: new Float32Array([2, 2, 4, 4, 4]) })) ?? [])]).toEqual([0, 2, 4, 8, 12]);
    expect(cumulativeDistanceM(stream({ tS }))).toBeNull();
  });
});
