import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pmc } from '../../../src/analysis/banister';
import { calibrateLoadPerKm, forecastPmc, planToDailyLoad, raceDayTable } from '../../../src/analysis/forecast';

const round = (a: Float64Array) => Array.from(a, (v) => +v.toFixed(3));

describe('planToDailyLoad (openrun plan_to_daily_load)', () => {
  it('a normal week: Sat 40 %, Tue 20 %, Thu 20 %, Mon 10 %, Wed 10 %', () => {
    // 50 km x 2 load/km = 100 -> Mon 10, Tue 20, Wed 10, Thu 20, Fri 0, Sat 40, Sun 0
    const { dates, load } = planToDailyLoad([{ weekStart: '2026-06-01', distanceKm: 50, races: [] }], { loadPerKm: 2 });
    expect(dates).toEqual(['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-04', '2026-06-05', '2026-06-06', '2026-06-07']);
    expect(round(load)).toEqual([10, 20, 10, 20, 0, 40, 0]);
  });

  it('a Saturday race week: race km x 7 on race day, the day before at 0, the rest renormalised', () => {
    // 30 km with a 10 km race on Sat: race day 10 x 7 = 70; 20 km left x 2 = 40 over Mon..Thu (weights .1 .2 .1 .2 = .6)
    // Mon 40*.1/.6 = 6.667, Tue 13.333, Wed 6.667, Thu 13.333
    const { load } = planToDailyLoad([{ weekStart: '2026-06-08', distanceKm: 30, races: [{ date: '2026-06-13', name: '10k', km: 10 }] }], { loadPerKm: 2 });
    expect(round(load)).toEqual([6.667, 13.333, 6.667, 13.333, 0, 70, 0]);
  });

  it('a Tuesday race: Monday is kept at 0 and the week\'s remaining distance moves to Wed/Thu/Sat', () => {
    // 30 km with a 21.1 km race on Tue: race 147.7; 8.9 km x 2 = 17.8 over Wed .1, Thu .2, Sat .4 (= .7)
    // Wed 17.8*.1/.7 = 2.543, Thu 5.086, Sat 10.171
    const { load } = planToDailyLoad([{ weekStart: '2026-06-15', distanceKm: 30, races: [{ date: '2026-06-16', name: 'Half', km: 21.1 }] }], { loadPerKm: 2 });
    expect(round(load)).toEqual([0, 147.7, 2.543, 5.086, 0, 10.171, 0]);
  });

  it('property: a week without races keeps its total load = km x load/km', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 200, noNaN: true }), fc.double({ min: 0.1, max: 20, noNaN: true }), (km, perKm) => {
      const { load } = planToDailyLoad([{ weekStart: '2026-01-05', distanceKm: km, races: [] }], { loadPerKm: perKm });
      expect(load.reduce((a, b) => a + b, 0)).toBeCloseTo(km * perKm, 6);
    }));
  });
});

describe('calibrateLoadPerKm', () => {
  it('median and IQR of load/km over runs of at least 1 km that carry a load', () => {
    // 50/10 = 5, 30/5 = 6, 80/20 = 4 (0.5 km and load-less runs excluded) -> [4, 5, 6]: median 5, q1 4.5, q3 5.5
    const r = calibrateLoadPerKm([
      { distanceM: 10_000, load: 50 }, { distanceM: 5_000, load: 30 }, { distanceM: 500, load: 100 },
      { distanceM: 8_000, load: null }, { distanceM: 20_000, load: 80 },
    ]);
    expect(r).toEqual({ median: 5, q1: 4.5, q3: 5.5, iqr: 1, runs: 3 });
    expect(calibrateLoadPerKm([])).toBeNull();
  });
});

describe('forecastPmc and the race-day table', () => {
  const history = { dates: ['2026-06-01', '2026-06-02', '2026-06-03'], load: Float64Array.from([60, 0, 90]) };
  const plan = planToDailyLoad([
    { weekStart: '2026-06-01', distanceKm: 40, races: [] },
    { weekStart: '2026-06-08', distanceKm: 30, races: [{ date: '2026-06-13', name: 'City 10k', km: 10 }] },
  ], { loadPerKm: 2 });

  it('splices history through today with the plan after it, in one recursion', () => {
    const f = forecastPmc(history, plan, { today: '2026-06-03' });
    expect(f.dates[0]).toBe('2026-06-01');
    expect(f.dates[f.dates.length - 1]).toBe('2026-06-14');
    // Days up to today are history (the plan's own Mon-Wed are ignored), later ones the plan.
    expect(Array.from(f.load.slice(0, 3))).toEqual([60, 0, 90]);
    expect(Array.from(f.planned.slice(0, 4))).toEqual([0, 0, 0, 1]);
    expect(f.load[3]).toBe(plan.load[3]);
    // Composed from pmc, not re-derived: identical to running pmc on the spliced series.
    expect(Array.from(f.tsb)).toEqual(Array.from(pmc(f.load).tsb));
  });

  it('race-day CTL/ATL/TSB and band for each planned race', () => {
    const f = forecastPmc(history, plan, { today: '2026-06-03' });
    const [race] = raceDayTable(f, [{ date: '2026-06-13', name: 'City 10k', km: 10 }, { date: '2027-01-01', name: 'Too far', km: 5 }]);
    const i = f.dates.indexOf('2026-06-13');
    expect(race).toMatchObject({ name: 'City 10k', ctl: f.ctl[i], atl: f.atl[i], tsb: f.tsb[i] });
    expect(raceDayTable(f, [{ date: '2027-01-01', name: 'Too far', km: 5 }])).toEqual([]);
  });

  it('a bigger planned week lowers race-day TSB', () => {
    const bigger = planToDailyLoad([
      { weekStart: '2026-06-01', distanceKm: 40, races: [] },
      { weekStart: '2026-06-08', distanceKm: 60, races: [{ date: '2026-06-13', name: 'City 10k', km: 10 }] },
    ], { loadPerKm: 2 });
    const races = [{ date: '2026-06-13', name: 'City 10k', km: 10 }];
    const base = raceDayTable(forecastPmc(history, plan, { today: '2026-06-03' }), races)[0];
    const more = raceDayTable(forecastPmc(history, bigger, { today: '2026-06-03' }), races)[0];
    expect(more?.tsb).toBeLessThan(base?.tsb ?? -Infinity);
  });
});

describe('raceForecast (the Race forecast cell)', () => {
  it('calibrates on runs, plans from tomorrow, stops at the last race, and a bigger week lowers race-day TSB', async () => {
    const { raceForecast } = await import('../../../src/analysis/forecast');
    // Runs at exactly 5 load/km: calibration median 5.
    const history = Array.from({ length: 60 }, (_, i) => ({ localDate: `2026-0${i < 30 ? 4 : 5}-${String((i % 30) + 1).padStart(2, '0')}`, load: 50, distanceM: 10_000, isRun: true }));
    const race = { date: '2026-06-20', name: 'Half', km: 21.1 };
    const weeks = (km: number) => [
      { weekStart: '2026-06-01', distanceKm: 40, races: [] },
      { weekStart: '2026-06-08', distanceKm: km, races: [] },
      { weekStart: '2026-06-15', distanceKm: 30, races: [race] },
    ];
    const f = raceForecast(history, weeks(40), { today: '2026-05-31' });
    expect(f?.loadPerKm.median).toBe(5);
    expect(f?.forecast.dates[f.forecast.dates.length - 1]).toBe('2026-06-20');
    expect(f?.races).toHaveLength(1);
    const bigger = raceForecast(history, weeks(80), { today: '2026-05-31' });
    expect(bigger?.races[0]?.tsb).toBeLessThan(f?.races[0]?.tsb ?? -Infinity);
    expect(raceForecast([], weeks(40), { today: '2026-05-31' })).toBeNull();
  });
});
