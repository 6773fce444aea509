import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  polarizedSplit,
  timeInZone,
  timeInZoneFromLaps,
  timeInZoneFromStream,
  zoneIndex,
  type TimeInZone,
} from '../../../src/analysis/timeInZone';
import type { HrZones, LapInput, StreamInput } from '../../../src/analysis/types';

const f32 = (xs: number[]): Float32Array => new Float32Array(xs);

function tiz(zonesS: [number, number, number, number, number]): TimeInZone {
  return { source: 'stream', belowS: 0, zonesS, aboveS: 0, totalS: zonesS.reduce((a, b) => a + b, 0) };
}

describe('time in zone', () => {
  it('zone of an HR: rounded to the nearest integer, inclusive integer bounds (defaults 100–120, 121–140, …)', () => {
    expect(zoneIndex(99)).toBe(-1);
    expect(zoneIndex(99.5)).toBe(0); // → 100, Z1's low bound
    expect(zoneIndex(120)).toBe(0);
    expect(zoneIndex(120.4)).toBe(0); // → 120
    expect(zoneIndex(120.5)).toBe(1); // → 121, Z2
    expect(zoneIndex(160)).toBe(2);
    expect(zoneIndex(200)).toBe(4);
    expect(zoneIndex(200.5)).toBe(5); // → 201, above Z5
    // Non-adjacent user zones: 122 lies between Z1 (…120) and Z2 (125…) and goes to the lower zone.
    const gappy: HrZones = [[100, 120], [125, 140], [141, 160], [161, 180], [181, 200]];
    expect(zoneIndex(122, gappy)).toBe(0);
    expect(zoneIndex(125, gappy)).toBe(1);
  });

  it('a 45 s gap counts 30 s; the last sample counts 1 s', () => {
    // tS 0, 1, 2, 47, 48 with HR 110 (Z1), 130 (Z2), 150 (Z3), 170 (Z4), 190 (Z5):
    // Z1 1 s, Z2 1 s, Z3 min(45, 30) = 30 s, Z4 1 s, Z5 1 s (last sample) → total 34 s
    const r = timeInZoneFromStream(f32([0, 1, 2, 47, 48]), f32([110, 130, 150, 170, 190]));
    expect(r.zonesS).toEqual([1, 1, 30, 1, 1]);
    expect(r.totalS).toBe(34);
    expect(r.source).toBe('stream');
  });

  it('samples without HR count nowhere; below Z1 and above Z5 are reported apart', () => {
    // tS 0..4, HR 110, —, 110, 90, 210: Z1 1 + 1, sample 1 nowhere, below 1, above 1 (last) → 4 s
    const r = timeInZoneFromStream(f32([0, 1, 2, 3, 4]), f32([110, NaN, 110, 90, 210]));
    expect(r.zonesS).toEqual([2, 0, 0, 0, 0]);
    expect(r.belowS).toBe(1);
    expect(r.aboveS).toBe(1);
    expect(r.totalS).toBe(4);
  });

  it('falls back to laps (each lap to its average HR zone) and says so', () => {
    const laps: LapInput[] = [
      { timerS: 300, elapsedS: 320, distanceM: 1000, avgHr: 135, avgSpeedMps: 3.3 },
      { timerS: null, elapsedS: 280, distanceM: 1000, avgHr: 155, avgSpeedMps: 3.5 },
      { timerS: 290, elapsedS: 290, distanceM: 1000, avgHr: null, avgSpeedMps: 3.4 },
    ];
    // Z2 300 s (timer time), Z3 280 s (elapsed when no timer), the lap without HR nowhere
    const fromLaps = timeInZoneFromLaps(laps);
    expect(fromLaps.zonesS).toEqual([0, 300, 280, 0, 0]);
    expect(fromLaps.source).toBe('laps');
    const noHr: StreamInput = { tS: f32([0, 1]), hr: f32([NaN, NaN]), speedMps: null, distanceM: null, lat: null, lon: null, altitudeM: null };
    expect(timeInZone(noHr, laps).source).toBe('laps');
    expect(timeInZone(null, laps).source).toBe('laps');
    expect(timeInZone({ ...noHr, hr: f32([150, 150]) }, laps)).toMatchObject({ source: 'stream', zonesS: [0, 0, 2, 0, 0] });
  });

  it('property: all bands sum to the recorded time with HR, each gap clipped to 30 s, last sample 1 s', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.integer({ min: 1, max: 120 }), fc.oneof(fc.double({ min: 40, max: 230, noNaN: true }), fc.constant(NaN))), { minLength: 1, maxLength: 300 }),
      (steps) => {
        const tS: number[] = [];
        let t = 0;
        for (const [dt] of steps) { tS.push(t); t += dt; }
        const hr = steps.map(([, h]) => h);
        let expected = 0;
        for (let i = 0; i < hr.length; i++) {
          if (Number.isNaN(hr[i])) continue;
          expected += i + 1 < hr.length ? Math.min((tS[i + 1] as number) - (tS[i] as number), 30) : 1;
        }
        const r = timeInZoneFromStream(f32(tS), f32(hr));
        const bands = r.belowS + r.zonesS.reduce((a, b) => a + b, 0) + r.aboveS;
        expect(bands).toBe(expected);
        expect(r.totalS).toBe(expected);
      },
    ));
  });

  it('property: the stream loop assigns each sample to zoneIndex\'s zone, for any ordered integer zones', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 1, max: 25 }), { minLength: 6, maxLength: 6 }),
      fc.double({ min: 40, max: 240, noNaN: true }),
      (widths, hr) => {
        let low = 80;
        const z = widths.slice(0, 5).map((w) => { const b: [number, number] = [low, low + w - 1]; low += w; return b; });
        const zones = z as unknown as HrZones;
        const r = timeInZoneFromStream(f32([0]), f32([hr]), zones);
        const k = zoneIndex(Math.fround(hr), zones);
        expect(k < 0 ? r.belowS : k > 4 ? r.aboveS : r.zonesS[k]).toBe(1);
        expect(r.totalS).toBe(1);
      },
    ));
  });

  it('polarized split over the 84 local days ending on the date', () => {
    // 2026-03-31 − 83 days = 2026-01-07 (30 days back to 03-01, 28 more to 02-01, 25 more to 01-07)
    // In the window: easy = 3000 + 1000 + 1000 + 1000 = 6000, moderate = 500, hard = 500 + 500 = 1000;
    // of 7500 s → 80 %, 6.667 %, 13.333 %
    const r = polarizedSplit([
      { localDate: '2026-01-06', tiz: tiz([10_000, 0, 0, 0, 0]) },
      { localDate: '2026-01-07', tiz: tiz([3000, 1000, 0, 500, 0]) },
      { localDate: '2026-03-31', tiz: { ...tiz([1000, 1000, 500, 0, 500]), belowS: 4000, aboveS: 100 } },
      { localDate: '2026-04-01', tiz: tiz([0, 0, 0, 0, 10_000]) },
    ], '2026-03-31');
    expect(r.fromDate).toBe('2026-01-07');
    expect([r.easyS, r.moderateS, r.hardS]).toEqual([6000, 500, 1000]);
    expect(r.easyPct).toBeCloseTo(80, 9);
    expect(r.moderatePct).toBeCloseTo(20 / 3, 9);
    expect(r.hardPct).toBeCloseTo(40 / 3, 9);
    expect(r.target).toEqual({ easyPct: 80, moderateMaxPct: 10, hardPct: 20 });
    expect(polarizedSplit([], '2026-03-31').easyPct).toBeNaN();
  });
});
