import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { banisterTrimp, dailyLoadSeries } from '../../../src/analysis/load';
import { loadFromMetrics, trimpFromSummary } from '../../../src/analysis/streamMetrics';

describe('Banister TRIMP (metrics.md "Per-activity load")', () => {
  it('one minute at HR 120 with rest 50, max 190', () => {
    // x = (120-50)/140 = 0.5; per minute 0.5 * 0.64 * e^(0.96) = 0.835743; 60 samples at 1 Hz (last counts 1 s)
    const tS = Float32Array.from({ length: 60 }, (_, i) => i);
    const hr = new Float32Array(60).fill(120);
    expect(banisterTrimp(tS, hr, { restingHr: 50, maxHr: 190 })).toBeCloseTo(0.835743, 5);
  });

  it('a 45 s gap (paused) counts 30 s; samples without HR count nothing; HR is clamped to the reserve', () => {
    // samples at 0 and 45 s at HR 190 (x = 1): first interval clipped to 30 s, last sample 1 s -> 31 s
    // per minute at x = 1: 0.64 * e^1.92 = 4.365563; for 31 s: 2.255541
    const tS = Float32Array.from([0, 45, 46]);
    const hr = Float32Array.from([250, 190, NaN]);
    expect(banisterTrimp(tS, hr, { restingHr: 50, maxHr: 190 })).toBeCloseTo((31 / 60) * 0.64 * Math.exp(1.92), 6);
  });

  it('property: TRIMP grows with heart rate and with time', () => {
    fc.assert(fc.property(fc.integer({ min: 60, max: 180 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 10, max: 600 }), (h, dh, n) => {
      const tS = Float32Array.from({ length: n }, (_, i) => i);
      const at = (v: number, len = n) => banisterTrimp(tS.subarray(0, len), new Float32Array(len).fill(v), { restingHr: 50, maxHr: 200 });
      expect(at(h + dh)).toBeGreaterThanOrEqual(at(h));
      expect(at(h)).toBeGreaterThanOrEqual(at(h, Math.max(1, n - 5)));
    }));
  });
});

describe('loads of older history: estimated from the summary (metrics.md "Load")', () => {
  const athlete = { restingHr: 50, maxHr: 190 };
  it('minutes · x̄ · 0.64 · e^(1.92·x̄) over the moving (else timer) time, marked trimp_summary', () => {
    // A 15 km run in 75 min at 167 bpm (the case): x = 117/140 = 0.835714; per minute 0.835714·0.64·e^(1.604571) = 2.660813
    const x = (167 - 50) / 140;
    expect(trimpFromSummary(167, 75 * 60, athlete)).toBeCloseTo(75 * x * 0.64 * Math.exp(1.92 * x), 9);
    expect(loadFromMetrics(null, null, athlete, { avgHr: 167, movingS: 75 * 60, timerS: 80 * 60 })).toEqual({ load: trimpFromSummary(167, 75 * 60, athlete), source: 'trimp_summary' });
    expect(loadFromMetrics(null, null, athlete, { avgHr: 167, movingS: null, timerS: 80 * 60 }).load).toBeCloseTo(80 * x * 0.64 * Math.exp(1.92 * x), 9);
  });

  it('Garmin\'s load, then the stream, then the summary; nothing without a heart rate', () => {
    const summary = { avgHr: 150, movingS: 3600, timerS: 3600 };
    expect(loadFromMetrics(88, null, athlete, summary)).toEqual({ load: 88, source: 'garmin' });
    const hr = { fromBpm: 150, secondsAt: Float64Array.of(3600) };
    expect(loadFromMetrics(null, hr, athlete, summary).source).toBe('trimp');
    expect(loadFromMetrics(null, null, athlete, { ...summary, avgHr: null })).toEqual({ load: 0, source: 'none' });
    expect(loadFromMetrics(null, null, athlete, { ...summary, movingS: 0, timerS: null })).toEqual({ load: 0, source: 'none' });
  });

  it('property: a steady effort\'s stream and its summary give the same TRIMP (the estimate is exact without variation)', () => {
    fc.assert(fc.property(fc.integer({ min: 60, max: 200 }), fc.integer({ min: 60, max: 7200 }), (bpm, seconds) => {
      const stream = loadFromMetrics(null, { fromBpm: bpm, secondsAt: Float64Array.of(seconds) }, athlete).load;
      expect(trimpFromSummary(bpm, seconds, athlete)).toBeCloseTo(stream, 9);
    }));
  });
});

describe('the daily series', () => {
  it('sums per local day, fills rest days with 0, runs to "to"', () => {
    const s = dailyLoadSeries([
      { localDate: '2026-03-30', load: 50 }, { localDate: '2026-03-30', load: 20 }, { localDate: '2026-04-02', load: 40 },
    ], { to: '2026-04-03' });
    expect(s.dates).toEqual(['2026-03-30', '2026-03-31', '2026-04-01', '2026-04-02', '2026-04-03']);
    expect(Array.from(s.load)).toEqual([70, 0, 0, 40, 0]);
  });
});
