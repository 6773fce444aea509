import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dateRange } from '../../../src/analysis/calendar';
import { recoverySlump } from '../../../src/analysis/drift';
import {
  DEFAULTS,
  loadResponseCorrelation,
  nextMorningPairs,
  pearson,
  RECOVERY_CSV_COLUMNS,
  recoveryCsvRows,
  recoverySeries,
  recoveryStatus,
  rollingBaseline,
  type LoadItem,
  type WellnessRecord,
} from '../../../src/analysis/recovery';
import { toCsv } from '../../../src/ui/csv';

function day(date: string, fields: Partial<WellnessRecord> = {}): WellnessRecord {
  return { date, restingHr: null, hrvMs: null, sleepS: null, deepS: null, lightS: null, remS: null, awakeS: null, sleepScore: null, ...fields };
}

describe('Pearson r (load vs next-morning HRV)', () => {
  it('hand-worked: five pairs', () => {
    // x = 0, 50, 100, 150, 200 (mean 100, dx = −100, −50, 0, 50, 100, Σdx² = 25000)
    // y = 62, 58, 57, 58, 55   (mean 58,  dy = 4, 0, −1, 0, −3,       Σdy² = 26)
    // Σdx·dy = −400 + 0 + 0 + 0 − 300 = −700 → r = −700 / √(25000 · 26) = −0.868243
    // slope = −700 / 25000 = −0.028 ms per load unit, intercept = 58 + 0.028 · 100 = 60.8
    // Fisher: z = atanh r = −1.3249, half-width 1.96 / √(5 − 3) = 1.3859 → tanh(z ∓ 1.3859) = −0.99122, 0.05993
    const c = pearson([0, 50, 100, 150, 200], [62, 58, 57, 58, 55], { minPairs: 5 });
    expect(c.status).toBe('ok');
    if (c.status !== 'ok') return;
    expect(c.n).toBe(5);
    expect(c.r).toBeCloseTo(-0.868243, 6);
    expect(c.slope).toBeCloseTo(-0.028, 12);
    expect(c.intercept).toBeCloseTo(60.8, 10);
    expect(c.ci95?.[0]).toBeCloseTo(-0.991216, 5);
    expect(c.ci95?.[1]).toBeCloseTo(0.059934, 5);
  });

  it('honest about too little data and about no spread', () => {
    // The default minimum is two weeks of pairs.
    expect(pearson([0, 50, 100, 150, 200], [62, 58, 57, 58, 55])).toEqual({ status: 'not_enough_data', n: 5, minPairs: DEFAULTS.minPairs });
    expect(pearson([], [])).toEqual({ status: 'not_enough_data', n: 0, minPairs: DEFAULTS.minPairs });
    // NaN on either side drops the pair.
    expect(pearson([1, NaN, 3], [1, 2, NaN], { minPairs: 2 })).toEqual({ status: 'not_enough_data', n: 1, minPairs: 2 });
    // Every day a rest day: r is undefined, not 0.
    expect(pearson([0, 0, 0, 0], [50, 60, 55, 52], { minPairs: 4 })).toEqual({ status: 'no_variance', n: 4 });
    // Three pairs are too few for Fisher's interval (n − 3 = 0).
    const three = pearson([1, 2, 3], [1, 2, 3.5], { minPairs: 3 });
    expect(three.status === 'ok' && three.ci95).toBeNull();
  });

  it('property: r lies in [−1, 1], is symmetric, ignores positive scaling and shifts, flips sign with x', () => {
    const sample = fc.array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 20, max: 150 })), { minLength: 3, maxLength: 60 });
    fc.assert(fc.property(sample, fc.double({ min: 0.1, max: 10, noNaN: true }), fc.integer({ min: -50, max: 50 }), (pairs, k, shift) => {
      const x = pairs.map(([a]) => a);
      const y = pairs.map(([, b]) => b);
      const c = pearson(x, y, { minPairs: 3 });
      if (c.status !== 'ok') {
        expect(c.status).toBe('no_variance');
        return;
      }
      expect(Math.abs(c.r)).toBeLessThanOrEqual(1);
      const swapped = pearson(y, x, { minPairs: 3 });
      const scaled = pearson(x.map((v) => k * v + shift), y, { minPairs: 3 });
      const negated = pearson(x.map((v) => -v), y, { minPairs: 3 });
      expect(swapped.status === 'ok' && swapped.r).toBeCloseTo(c.r, 9);
      expect(scaled.status === 'ok' && scaled.r).toBeCloseTo(c.r, 9);
      expect(negated.status === 'ok' && negated.r).toBeCloseTo(-c.r, 9);
      if (c.ci95) expect(c.ci95[0] <= c.r + 1e-12 && c.r <= c.ci95[1] + 1e-12).toBe(true);
    }));
  });
});

describe('nextMorningPairs: load on day d with the wellness row dated d + 1 (wake-up date)', () => {
  const loads: LoadItem[] = [
    { localDate: '2026-02-28', load: 30, loadSource: 'garmin' }, // first activity: history starts here
    { localDate: '2026-03-02', load: 50, loadSource: 'garmin' },
    { localDate: '2026-03-03', load: 60, loadSource: 'garmin' }, // two sessions: 60 + 40 = 100
    { localDate: '2026-03-03', load: 40, loadSource: 'trimp' },
    { localDate: '2026-03-04', load: 150, loadSource: 'garmin' },
    { localDate: '2026-03-05', load: 200, loadSource: 'manual' },
    { localDate: '2026-03-07', load: 0, loadSource: 'none' }, // an activity of unknown load
    { localDate: '2026-03-08', load: 80, loadSource: 'garmin' },
  ];
  const wellness = [
    day('2026-03-02', { hrvMs: 62 }), // after 03-01, a rest day inside the history: load 0
    day('2026-03-03', { hrvMs: 58 }),
    day('2026-03-04', { hrvMs: 57 }),
    day('2026-03-05', { hrvMs: 58 }),
    day('2026-03-06', { hrvMs: 55, restingHr: 50 }),
    day('2026-03-08', { hrvMs: 70, restingHr: 48 }), // after 03-07: load unknown, left out
    day('2026-03-09', { restingHr: 52 }), // after 03-08: no HRV that morning, left out for HRV
  ];

  it('pairs rest days with 0, sums a day\'s sessions, leaves out unknown loads and missing mornings', () => {
    const pairs = nextMorningPairs(loads, wellness);
    expect(pairs).toEqual([
      { date: '2026-03-01', load: 0, next: 62 },
      { date: '2026-03-02', load: 50, next: 58 },
      { date: '2026-03-03', load: 100, next: 57 },
      { date: '2026-03-04', load: 150, next: 58 },
      { date: '2026-03-05', load: 200, next: 55 },
    ]);
    // The same five pairs as the hand-worked r above.
    const c = loadResponseCorrelation(pairs, { minPairs: 5 });
    expect(c.status === 'ok' && c.r).toBeCloseTo(-0.868243, 6);
    expect(loadResponseCorrelation(pairs).status).toBe('not_enough_data');
  });

  it('resting HR instead of HRV, and a from/to window on the training day', () => {
    expect(nextMorningPairs(loads, wellness, { metric: 'restingHr' })).toEqual([
      { date: '2026-03-05', load: 200, next: 50 },
      { date: '2026-03-08', load: 80, next: 52 },
    ]);
    expect(nextMorningPairs(loads, wellness, { from: '2026-03-03', to: '2026-03-04' }).map((p) => p.date)).toEqual(['2026-03-03', '2026-03-04']);
  });

  it('no wellness, no HRV, or no activities: no pairs', () => {
    expect(nextMorningPairs(loads, [])).toEqual([]);
    expect(nextMorningPairs(loads, wellness.map((w) => ({ ...w, hrvMs: null })))).toEqual([]);
    // Without any activity there is no training history: days are unknown, not rest days.
    expect(nextMorningPairs([], wellness)).toEqual([]);
  });
});

describe('rollingBaseline: 7-day mean vs the 28 days before it (metrics.md), windows here shrunk to 2 and 3', () => {
  it('hand-worked, with missing (NaN) and 0 readings skipped', () => {
    const opts = { recentDays: 2, baselineDays: 3, minRecentDays: 1, minBaselineDays: 2 };
    const b = rollingBaseline([10, 20, NaN, 40, 50, 0, 70], opts);
    // i = 2: recent {20, —} = 20; baseline (days −2..0) {10}: one value < 2 → none
    expect(b.recent[2]).toBe(20);
    expect(b.baseline[2]).toBeNaN();
    // i = 3: recent {—, 40} = 40; baseline (days 0..1) {10, 20} = 15, SD √((25 + 25)/1) = 7.0711
    expect(b.recent[3]).toBe(40);
    expect(b.baseline[3]).toBe(15);
    expect(b.baselineSd[3]).toBeCloseTo(Math.sqrt(50), 12);
    // i = 6: recent {0 → missing, 70} = 70; baseline (days 2..4) {—, 40, 50} = 45, SD √50
    expect(b.recent[6]).toBe(70);
    expect(b.baseline[6]).toBe(45);
    expect(b.baselineSd[6]).toBeCloseTo(Math.sqrt(50), 12);
  });

  it('needs 4 of the last 7 days by default', () => {
    const three = rollingBaseline([NaN, NaN, NaN, NaN, 60, 60, 60]);
    expect(three.recent[6]).toBeNaN();
    expect(rollingBaseline([NaN, NaN, NaN, 60, 60, 60, 64]).recent[6]).toBe(61);
  });
});

/** 35 days: 28 baseline days (HRV 50/60 alternating, RHR 50, 7 h) then 7 recent days (HRV 45, RHR 56, three 5 h nights). */
function slumpMonth(): WellnessRecord[] {
  return dateRange('2026-05-01', '2026-06-04').map((date, i) => i < 28
    ? day(date, { hrvMs: i % 2 ? 60 : 50, restingHr: 50, sleepS: 7 * 3600, deepS: 3600, lightS: 4 * 3600, remS: 2 * 3600, awakeS: 600 })
    : day(date, { hrvMs: 45, restingHr: 56, sleepS: i >= 32 ? 5 * 3600 : 7 * 3600, deepS: 3000, lightS: 3 * 3600, remS: null, awakeS: 900, sleepScore: i === 34 ? 48 : null }));
}

describe('recoverySeries and recoveryStatus', () => {
  it('the big figures, hand-worked, agree with drift.ts\'s recovery slump', () => {
    const wellness = slumpMonth();
    const s = recoverySeries(wellness, [], { today: '2026-06-04' });
    expect(s.dates).toHaveLength(35);
    const st = recoveryStatus(s, wellness);
    // HRV: 7-day mean 45; baseline mean 55, sample SD √(28 · 25 / 27) = 5.09175 → band 49.9..60.1: below.
    expect(st?.asOf).toBe('2026-06-04');
    expect(st?.hrv).toMatchObject({ latestMs: 45, latestDate: '2026-06-04', mean7dMs: 45, baselineMs: 55, band: 'below' });
    expect(st?.hrv.baselineSdMs).toBeCloseTo(5.091751, 6);
    // Resting HR: 56 vs 50 → +6 bpm > 5: raised.
    expect(st?.restingHr).toMatchObject({ latest: 56, mean7d: 56, baseline: 50, riseBpm: 6, raised: true });
    // Sleep: the last night 5 h, no REM recorded, score 48; three of the seven nights under 6 h.
    expect(st?.lastNight).toEqual({ date: '2026-06-04', sleepS: 18000, deepS: 3000, lightS: 10800, remS: null, awakeS: 900, sleepScore: 48 });
    expect(st?.nights).toBe(7);
    expect(st?.shortNights).toBe(3);
    expect(st?.slump).toMatchObject({ severity: 'alert', signals: ['hrv', 'resting_hr', 'sleep'], hrvMs: 45, hrvBaselineMs: 55, restingHrRiseBpm: 6 });
  });

  it('fills every calendar day, the last row per date wins, days after today are left out', () => {
    const s = recoverySeries([
      day('2026-01-01', { restingHr: 50 }), day('2026-01-04', { restingHr: 49 }), day('2026-01-01', { restingHr: 51 }),
      day('2026-01-09', { restingHr: 70 }),
    ], [{ localDate: '2025-12-31', load: 40 }, { localDate: '2026-01-03', load: 90 }], { today: '2026-01-05' });
    expect(s.dates).toEqual(['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04']);
    expect(Array.from(s.restingHr)).toEqual([51, NaN, NaN, 49]);
    expect(Array.from(s.load)).toEqual([0, 0, 90, 0]);
    expect(Array.from(s.nextRestingHr)).toEqual([NaN, NaN, 49, NaN]);
  });

  it('no wellness: an empty series and no status; wellness without HRV: no HRV figures, the rest still there', () => {
    const empty = recoverySeries([], [{ localDate: '2026-01-01', load: 50 }], { today: '2026-01-05' });
    expect(empty.dates).toEqual([]);
    expect(recoveryStatus(empty, [])).toBeNull();
    expect(recoveryCsvRows(empty)).toEqual([]);

    // Like the real 2020/2026 export fragments: sleep and resting HR, never HRV.
    const noHrv = slumpMonth().map((w) => ({ ...w, hrvMs: null }));
    const st = recoveryStatus(recoverySeries(noHrv, [], { today: '2026-06-30' }), noHrv);
    expect(st?.hrv).toEqual({ latestMs: null, latestDate: null, mean7dMs: null, baselineMs: null, baselineSdMs: null, band: null });
    expect(st?.restingHr.raised).toBe(true);
    expect(st?.slump?.signals).toEqual(['resting_hr', 'sleep']);
  });

  it('the CSV: one row per day, full precision, empty cells for missing values, SI units', () => {
    const wellness = slumpMonth();
    const loads: LoadItem[] = [{ localDate: '2026-06-02', load: 123.456789, loadSource: 'garmin' }];
    const s = recoverySeries(wellness, loads, { today: '2026-06-04' });
    const rows = recoveryCsvRows(s);
    expect(rows).toHaveLength(35);
    expect(rows.every((r) => r.length === RECOVERY_CSV_COLUMNS.length)).toBe(true);
    const lines = toCsv(RECOVERY_CSV_COLUMNS, rows).trimEnd().split('\n');
    expect(lines[0]).toBe('date,resting_hr,resting_hr_7d,resting_hr_baseline,hrv_ms,hrv_7d_ms,hrv_baseline_ms,hrv_baseline_sd_ms,sleep_s,deep_s,light_s,rem_s,awake_s,sleep_score,load,next_hrv_ms,next_resting_hr');
    // The first day: no 7-day mean yet (1 of 4 days needed), no baseline, no activity history yet (load empty).
    expect(lines[1]).toBe('2026-05-01,50,,,50,,,,25200,3600,14400,7200,600,,,60,50');
    const d = s.dates.indexOf('2026-06-02');
    expect(rows[d]?.[RECOVERY_CSV_COLUMNS.indexOf('load')]).toBe(123.456789);
    expect(rows[d]?.[RECOVERY_CSV_COLUMNS.indexOf('next_hrv_ms')]).toBe(45);
    // After the first activity, a day without one is a rest day: 0.
    expect(rows[d + 1]?.[RECOVERY_CSV_COLUMNS.indexOf('load')]).toBe(0);
  });

  it('property: the series agrees with drift.ts\'s recoverySlump (one definition of the baselines)', () => {
    const reading = (min: number, max: number) => fc.option(fc.integer({ min, max }), { nil: null, freq: 4 });
    const days = fc.array(fc.tuple(reading(20, 120), reading(38, 70)), { minLength: 3, maxLength: 80 });
    fc.assert(fc.property(days, (values) => {
      const dates = dateRange('2026-01-01', addDays('2026-01-01', values.length - 1));
      // The last three nights are short, so the slump always reports (its sleep signal fires) with its figures.
      const wellness = values.map(([hrvMs, restingHr], i) => day(dates[i] as string, { hrvMs, restingHr, sleepS: i >= values.length - 3 ? 3 * 3600 : null }));
      const asOf = dates[dates.length - 1] as string;
      const s = recoverySeries(wellness, [], { today: asOf });
      const slump = recoverySlump(wellness, asOf);
      expect(slump).not.toBeNull();
      const last = s.dates.length - 1;
      // drift.ts reports a mean only with its baseline; where it has both, they are the series' values.
      const pair = (mean: number | null | undefined, base: number | null | undefined, seriesMean: number, seriesBase: number) => {
        if (mean === null || mean === undefined || base === null || base === undefined) {
          expect(Number.isNaN(seriesMean) || Number.isNaN(seriesBase)).toBe(true);
        } else {
          expect(seriesMean).toBeCloseTo(mean, 9);
          expect(seriesBase).toBeCloseTo(base, 9);
        }
      };
      pair(slump?.hrvMs, slump?.hrvBaselineMs, s.hrv7dMs[last] as number, s.hrvBaselineMs[last] as number);
      if (slump?.hrvBaselineSdMs != null) expect(s.hrvBaselineSdMs[last]).toBeCloseTo(slump.hrvBaselineSdMs, 9);
      pair(slump?.restingHr, slump?.restingHrBaseline, s.restingHr7d[last] as number, s.restingHrBaseline[last] as number);
    }));
  });
});
