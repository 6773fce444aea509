import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frielVerdict, isLongSteadyRun, lapDecoupling, runDecoupling, streamDecoupling } from '../../../src/analysis/decoupling';
import type { LapInput, StreamInput } from '../../../src/analysis/types';

function lap(timerS: number, avgSpeedMps: number | null, avgHr: number | null, distanceM: number | null = null): LapInput {
  return { timerS, elapsedS: timerS, distanceM, avgHr, avgSpeedMps };
}

/** A 1 Hz stream from per-second speed and HR functions. */
function stream(seconds: number, speed: (t: number) => number, hr: (t: number) => number): StreamInput {
  const tS = new Float32Array(seconds);
  const v = new Float32Array(seconds);
  const h = new Float32Array(seconds);
  for (let t = 0; t < seconds; t++) {
    tS[t] = t;
    v[t] = speed(t);
    h[t] = hr(t);
  }
  return { tS, hr: h, speedMps: v, distanceM: null, lat: null, lon: null, altitudeM: null };
}

describe('decoupling', () => {
  it('Friel verdict bands: < 5, 5–10, > 10 (signed)', () => {
    expect(frielVerdict(-8)).toBe('aerobically_developed');
    expect(frielVerdict(4.99)).toBe('aerobically_developed');
    expect(frielVerdict(5)).toBe('sustainable');
    expect(frielVerdict(10)).toBe('sustainable');
    expect(frielVerdict(10.01)).toBe('unsustainable');
  });

  it('per lap: duration-weighted halves, worked by hand', () => {
    // First half: 600 s @ 3.0 m/s 140 bpm, 600 s @ 3.2 m/s 150, 300 s @ 3.4 m/s 150
    //   speed = (1800 + 1920 + 1020) / 1500 = 3.16; HR = (84000 + 90000 + 45000) / 1500 = 146
    // Second half: 600 s @ 3.0 150, 600 s @ 3.1 155, 300 s @ 2.8 160
    //   speed = (1800 + 1860 + 840) / 1500 = 3.0; HR = (90000 + 93000 + 48000) / 1500 = 154
    // (3.16/146) / (3.0/154) − 1 = 486.64 / 438 − 1 = 11.1050 %
    const r = lapDecoupling([
      lap(600, 3.0, 140), lap(600, 3.2, 150), lap(300, 3.4, 150),
      lap(600, 3.0, 150), lap(600, null, 155, 1860), lap(300, 2.8, 160),
    ]);
    expect(r.decouplingPct).toBeCloseTo(11.105023, 5);
    expect(r.verdict).toBe('unsustainable');
    expect(r.segments.map((s) => [s.count, s.meanSpeedMps, s.meanHr])).toEqual([[3, expect.closeTo(3.16, 9), 146], [3, expect.closeTo(3, 9), 154]]);
    expect(r.segments[1]?.startS).toBe(1500);
  });

  it('per lap: an odd middle lap goes to the second half; fewer than 6 usable laps gives a reason', () => {
    // 7 laps: first 3 at 140 bpm, last 4 at 147 bpm, all 3 m/s, 600 s → 147/140 − 1 = 5 %
    const seven = lapDecoupling([...Array(3).fill(lap(600, 3, 140)), ...Array(4).fill(lap(600, 3, 147))] as LapInput[]);
    expect(seven.segments.map((s) => s.count)).toEqual([3, 4]);
    expect(seven.decouplingPct).toBeCloseTo(5, 9);
    const few = lapDecoupling([...Array(5).fill(lap(600, 3, 140)), lap(600, 3, null)] as LapInput[]);
    expect(few.decouplingPct).toBeNull();
    expect(few.reason).toMatch(/5 laps.*need 6/);
  });

  it('per second: warm-up, cool-down, stops and samples without HR are dropped, halves by sample count', () => {
    // 3000 s at 1 Hz. Kept window tS 300..2879 (end 2999 − 120) = 2580 samples, minus the stops.
    // Warm-up (HR 100, 5 m/s) and cool-down (HR 190) would distort if counted; so would the
    // 0.2 m/s stop at 200 bpm (tS 1000..1099) and the HR dropouts (tS 2000..2049).
    // Kept: 2580 − 100 − 50 = 2430 → halves of 1215 samples; first half = tS 300..999 (700) and
    // 1100..1614 (515); HR 140 before tS 1615 and 150 from it, speed 3 m/s throughout →
    // (3/140) / (3/150) − 1 = 150/140 − 1 = 7.142857 %
    const s = stream(
      3000,
      (t) => (t < 300 ? 5 : t >= 1000 && t < 1100 ? 0.2 : 3),
      (t) => (t < 300 ? 100 : t > 2879 ? 190 : t >= 1000 && t < 1100 ? 200 : t >= 2000 && t < 2050 ? NaN : t < 1615 ? 140 : 150),
    );
    const r = streamDecoupling(s);
    expect(r.decouplingPct).toBeCloseTo(150 / 140 * 100 - 100, 4);
    expect(r.verdict).toBe('sustainable');
    expect(r.segments.map((x) => [x.count, x.startS, x.endS])).toEqual([[1215, 300, 1614], [1215, 1615, 2879]]);
  });

  it('per second: N chunks for the chart, headline still from halves', () => {
    // 2580 kept samples (tS 300..2879) in 4 chunks of 645, HR 140, 145, 150, 155:
    // chunk decoupling vs the first = HRᵢ/140 − 1 = 0, 3.5714, 7.1429, 10.7143 %;
    // halves: HR 142.5 vs 152.5 → 152.5/142.5 − 1 = 7.0175 %
    const s = stream(3000, () => 3, (t) => 140 + 5 * Math.floor(Math.max(0, Math.min(2579, t - 300)) / 645));
    const r = streamDecoupling(s, { segments: 4 });
    expect(r.segments.map((x) => x.count)).toEqual([645, 645, 645, 645]);
    const expected = [0, 3.5714286, 7.1428571, 10.7142857];
    r.segments.forEach((x, i) => expect(x.decouplingPct).toBeCloseTo(expected[i] as number, 5));
    expect(r.decouplingPct).toBeCloseTo(7.0175439, 5);
  });

  it('per second: fewer than 600 kept samples gives null with the reason', () => {
    // 900 s: kept tS 300..779 = 480 samples
    const r = streamDecoupling(stream(900, () => 3, () => 140));
    expect(r.decouplingPct).toBeNull();
    expect(r.reason).toMatch(/^480 samples.*need 600/);
    expect(streamDecoupling({ ...stream(900, () => 3, () => 140), hr: null }).reason).toBe('no heart-rate stream');
  });

  it('property: decoupling is unchanged by scaling every speed or every HR by a constant', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.double({ min: 1.1, max: 6, noNaN: true }), fc.integer({ min: 90, max: 190 })), { minLength: 1100, maxLength: 1500 }),
      fc.double({ min: 0.5, max: 2, noNaN: true }),
      (samples, k) => {
        const n = samples.length;
        const base = stream(n, (t) => samples[t]?.[0] ?? 0, (t) => samples[t]?.[1] ?? 0);
        const scaledSpeed = stream(n, (t) => k * (samples[t]?.[0] ?? 0), (t) => samples[t]?.[1] ?? 0);
        const scaledHr = stream(n, (t) => samples[t]?.[0] ?? 0, (t) => k * (samples[t]?.[1] ?? 0));
        const a = streamDecoupling(base).decouplingPct;
        expect(a).not.toBeNull();
        expect(streamDecoupling(scaledSpeed).decouplingPct).toBeCloseTo(a as number, 3);
        expect(streamDecoupling(scaledHr).decouplingPct).toBeCloseTo(a as number, 3);
      },
    ), { numRuns: 30 });
  });
});

describe('isLongSteadyRun', () => {
  it('takes runs of an hour or more with a decoupling, and never interval sessions', () => {
    const base = { movingS: 3600, timerS: 3700, series: false, decouplingPct: 3.2 };
    expect(isLongSteadyRun(base)).toBe(true);
    expect(isLongSteadyRun({ ...base, movingS: 3599 })).toBe(false);
    expect(isLongSteadyRun({ ...base, movingS: null, timerS: 4000 })).toBe(true);
    expect(isLongSteadyRun({ ...base, series: true })).toBe(false);
    expect(isLongSteadyRun({ ...base, decouplingPct: null })).toBe(false);
  });
});

describe('runDecoupling', () => {
  it('uses the stream when it gives a value, else the laps, and says which', () => {
    const laps: LapInput[] = Array.from({ length: 6 }, (_, i) => ({ timerS: 600, elapsedS: 600, distanceM: 1800, avgHr: i < 3 ? 140 : 147, avgSpeedMps: 3 }));
    const fromLaps = runDecoupling(null, laps);
    expect(fromLaps.method).toBe('laps');
    // Halves: 3/140 vs 3/147 m/s per bpm: (147/140 − 1) × 100 = 5 %.
    expect(fromLaps.decouplingPct).toBeCloseTo(5, 9);
    const tooShort: StreamInput = { tS: Float32Array.of(0, 1), hr: Float32Array.of(140, 141), speedMps: Float32Array.of(3, 3), distanceM: null, lat: null, lon: null, altitudeM: null };
    expect(runDecoupling(tooShort, laps).method).toBe('laps');
    const long = stream(3600, () => 3, (t) => 140 + t / 360);
    expect(runDecoupling(long, laps).method).toBe('stream');
  });
});
