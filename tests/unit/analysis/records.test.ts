import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bestEffort, bestEfforts, bestEffortsAcross, personalRecords, type StreamEfforts } from '../../../src/analysis/records';
import type { ActivityInput, StreamInput } from '../../../src/analysis/types';

function run(id: number, distanceM: number, movingS: number, over: Partial<ActivityInput> = {}): ActivityInput {
  return {
    id, sport: 'running', localDate: `2026-01-${String(id).padStart(2, '0')}`, startMs: id * 86_400_000, distanceM, elapsedS: movingS,
    timerS: movingS, movingS, ascentM: null, avgHr: null, maxHr: null, trainingLoad: null, ...over,
  };
}

/**
 * Independent O(n²) reference: the latest time at which the runner is at distance x (a start)
 * and the earliest time at distance y (an end), with time linear in distance inside a segment;
 * try every sample as a start and every sample as an end.
 */
function bruteForce(tS: number[], d: number[], target: number): number {
  const n = d.length;
  const earliestAt = (y: number): number => {
    for (let j = 0; j < n; j++) {
      const dj = d[j] as number;
      if (dj >= y) {
        if (j === 0 || dj === y) return tS[j] as number;
        const dp = d[j - 1] as number;
        return (tS[j - 1] as number) + ((tS[j] as number) - (tS[j - 1] as number)) * (y - dp) / (dj - dp);
      }
    }
    return NaN;
  };
  const latestAt = (x: number): number => {
    for (let i = n - 1; i >= 0; i--) {
      const di = d[i] as number;
      if (di <= x) {
        if (i === n - 1 || di === x) return tS[i] as number;
        const dn = d[i + 1] as number;
        return (tS[i] as number) + ((tS[i + 1] as number) - (tS[i] as number)) * (x - di) / (dn - di);
      }
    }
    return NaN;
  };
  let best = NaN;
  for (let k = 0; k < n; k++) {
    const fromStart = earliestAt((d[k] as number) + target) - (tS[k] as number);
    const toEnd = (tS[k] as number) - latestAt((d[k] as number) - target);
    for (const x of [fromStart, toEnd]) if (!Number.isNaN(x) && !(x >= best)) best = x;
  }
  return best;
}

describe('records', () => {
  it('PRs: the fastest pace on moving time among runs within ±5 % of each bin', () => {
    const prs = personalRecords([
      run(1, 5000, 1200), // 4.000 min/km
      run(2, 5200, 1230), // 20.5 min / 5.2 km = 3.942 min/km, inside 4750..5250: the 5 k PR
      run(3, 5300, 1000), // 3.14 min/km but 5.3 km is outside ±5 %
      run(4, 5000, 600), // 2.0 min/km: masked, never a record
      run(5, 5000, 1000, { sport: 'cycling' }),
      run(6, 21_100, 6300), // 4.976 min/km: the half-marathon bin (20042.6..22152.4)
    ]);
    expect(prs.map((p) => [p.binKm, p.record?.activityId ?? null])).toEqual([[5, 2], [10, null], [21.0975, 6], [42.195, null], [50, null]]);
    expect(prs[0]?.record?.paceMinPerKm).toBeCloseTo(20.5 / 5.2, 9);
  });

  it('best effort interpolates inside a segment instead of taking whole sample steps', () => {
    // 2, 6, 6, 2 m/s over 10 s segments: d = 0, 20, 80, 140, 160. The fastest 100 m lies inside
    // the 6 m/s stretch (20..140 m): 100 / 6 = 16.667 s. Whole samples would give 20 s
    // (samples 1→3, 120 m).
    const tS = new Float32Array([0, 10, 20, 30, 40]);
    const d = new Float64Array([0, 20, 80, 140, 160]);
    const e = bestEffort(tS, d, 100);
    expect(e.timeS).toBeCloseTo(100 / 6, 9);
    expect(e.startS).toBeGreaterThanOrEqual(10);
    expect(e.startS).toBeLessThanOrEqual(10 + 20 / 6 + 1e-9);
    expect(bestEffort(tS, d, 161).timeS).toBeNaN(); // longer than the run
  });

  it('a stretch starting on a sample and ending inside a segment can be the best', () => {
    // 2, 6, 4 m/s: d = 0, 20, 80, 200 at t = 0, 10, 20, 50. For 100 m: start on sample 1 (20 m,
    // 10 s), end at 120 m inside the 4 m/s segment at 20 + 40/4 = 30 s → 20 s. Every stretch
    // ending on a sample is slower: ending at 200 m starts at 100 m (t = 20 + 20/4 = 25) → 25 s;
    // ending at 80 m would start before the run.
    const e = bestEffort(new Float32Array([0, 10, 20, 50]), new Float64Array([0, 20, 80, 200]), 100);
    expect(e.timeS).toBeCloseTo(20, 9);
    expect(e.startS).toBe(10);
  });

  it('a pause inside a stretch counts (elapsed time)', () => {
    // 1000 m at 4 m/s (250 s), a 60 s stop, 1000 m at 4 m/s: the best 1 km is 250 s, the best
    // 1.5 km must span the stop: 375 s of running + 60 s = 435 s.
    const tS: number[] = [];
    const d: number[] = [];
    for (let t = 0; t <= 250; t++) { tS.push(t); d.push(4 * t); }
    for (let t = 310; t <= 560; t++) { tS.push(t); d.push(1000 + 4 * (t - 310)); }
    expect(bestEffort(new Float32Array(tS), new Float64Array(d), 1000).timeS).toBeCloseTo(250, 6);
    expect(bestEffort(new Float32Array(tS), new Float64Array(d), 1500).timeS).toBeCloseTo(435, 6);
  });

  it('property: the linear scan equals the quadratic reference, and best time never decreases with distance', () => {
    fc.assert(fc.property(
      // Short streams with very different speeds make either kind of stretch the winner.
      fc.array(fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 300 })), { minLength: 2, maxLength: 12 }),
      fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 2, maxLength: 6 }),
      (steps, fractions) => {
        const total = steps.slice(0, -1).reduce((a, [, dd]) => a + dd, 0);
        const targets = fractions.map((f) => Math.max(1, f * total));
        const tS: number[] = [];
        const d: number[] = [];
        let t = 0;
        let x = 0;
        for (const [dt, dd] of steps) { tS.push(t); d.push(x); t += dt; x += dd; }
        const t32 = new Float32Array(tS);
        const d64 = new Float64Array(d);
        const sorted = [...targets].sort((a, b) => a - b);
        let previous = 0;
        for (const target of sorted) {
          const got = bestEffort(t32, d64, target).timeS;
          const want = bruteForce(tS, d, target);
          if (Number.isNaN(want)) expect(got).toBeNaN();
          else expect(got).toBeCloseTo(want, 6);
          if (!Number.isNaN(got)) {
            expect(got).toBeGreaterThanOrEqual(previous - 1e-9);
            previous = got;
          }
        }
      },
    ));
  });

  it('best efforts of a stream, then the best per distance across runs with the activity', () => {
    // 12 km at a steady 4 m/s at 1 Hz: 400 m in 100 s, 1 km 250 s, mile 402.336 s, 5 km 1250 s,
    // 10 km 2500 s; half and marathon longer than the run
    const n = 3001;
    const s: StreamInput = {
      tS: Float32Array.from({ length: n }, (_, i) => i), hr: null, speedMps: null,
      distanceM: Float32Array.from({ length: n }, (_, i) => 4 * i), lat: null, lon: null, altitudeM: null,
    };
    const e = bestEfforts(s) as StreamEfforts;
    expect([...e.timeS.slice(0, 5)].map((x) => Number(x.toFixed(3)))).toEqual([100, 250, 402.336, 1250, 2500]);
    expect(e.timeS[5]).toBeNaN();
    expect(e.timeS[6]).toBeNaN();

    const slower: StreamEfforts = { targetsM: e.targetsM, timeS: e.timeS.map((x) => x * 1.1), startS: e.startS };
    const faster5k: StreamEfforts = { targetsM: e.targetsM, timeS: Float64Array.from(e.timeS, (x, k) => (k === 3 ? 1200 : NaN)), startS: e.startS };
    const across = bestEffortsAcross([
      { activityId: 1, localDate: '2026-01-01', efforts: slower },
      { activityId: 2, localDate: '2026-02-01', efforts: e },
      { activityId: 3, localDate: '2026-03-01', efforts: faster5k },
    ]);
    expect(across.map((a) => a.best?.activityId ?? null)).toEqual([2, 2, 2, 3, 2, null, null]);
    expect(across[3]?.best?.timeS).toBe(1200);
  });
});
