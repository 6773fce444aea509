import { describe, expect, it } from 'vitest';
import {
  COMPLIANCE_CSV_COLUMNS, complianceCsvRows, complianceScore, isSeriesRun, weeklyCompliance, weekActuals, type PlanWeek,
} from '../../../src/analysis/compliance';
import type { ActivityInput } from '../../../src/analysis/types';

let nextId = 1;
function act(sport: string, localDate: string, over: Partial<ActivityInput> = {}): ActivityInput {
  return {
    id: nextId++, sport, localDate, startMs: Date.parse(`${localDate}T07:00:00Z`), distanceM: null, elapsedS: null, timerS: null, movingS: null,
    ascentM: null, avgHr: null, maxHr: null, trainingLoad: null, ...over,
  };
}
/** An easy run: no interval pattern (max − avg < 20, avg < 155). */
function easy(localDate: string, km: number, over: Partial<ActivityInput> = {}): ActivityInput {
  return act('running', localDate, { distanceM: km * 1000, ascentM: 0, avgHr: 135, maxHr: 145, movingS: km * 360, ...over });
}
function gym(localDate: string): ActivityInput {
  return act('strength_training', localDate, { elapsedS: 3600 });
}
function week(weekStart: string, over: Partial<PlanWeek> = {}): PlanWeek {
  return { weekStart, distanceKm: null, races: [], phase: 'base', vertM: null, longRunKm: null, gym: null, series: null, recovery: false, ...over };
}
const ids = (w: { alerts: { id: string }[] }) => w.alerts.map((a) => a.id);

// The blog's week 1 (plan start Monday 2026-03-02 = ISO 2026-W10).
const blogPlan = week('2026-03-02', { distanceKm: 27, vertM: 400, longRunKm: 14, gym: 3, series: 1 });
const blogActivities = [
  gym('2026-03-02'),
  // intervals: max − avg = 175 − 150 = 25 ≥ 20 and max 175 ≥ 160
  act('running', '2026-03-03', { distanceM: 6300, ascentM: 150, avgHr: 150, maxHr: 175, movingS: 2100 }),
  gym('2026-03-04'),
  act('trail_running', '2026-03-05', { distanceM: 6000, ascentM: 165, avgHr: 140, maxHr: 150, movingS: 2300 }),
  gym('2026-03-05'),
  gym('2026-03-06'),
  act('trail_running', '2026-03-07', { distanceM: 14_000, ascentM: 400, avgHr: 138, maxHr: 152, movingS: 6000 }),
  gym('2026-03-08'),
  act('cycling', '2026-03-08', { distanceM: 40_000, ascentM: 300 }),
];

describe('the blog\'s week 1 (metrics.md: scores 99, long run ratio 53 %)', () => {
  const [w1] = weeklyCompliance([blogPlan], blogActivities, { asOf: '2026-03-09' });

  it('actuals: 26.3 km, 715 m, long run 14 km, 5 gym, series detected (the ride counts for nothing)', () => {
    // 6.3 + 6.0 + 14.0 = 26.3 km; 150 + 165 + 400 = 715 m
    expect(w1!.actual).toEqual({ weekStart: '2026-03-02', km: 26.3, vertM: 715, longestRunKm: 14, gym: 5, seriesDetected: true, runs: 3 });
  });

  it('score 99', () => {
    // distance 26.3/27 = 97.407 × 0.30 = 29.222; vertical min(715/400, 1) = 100 × 0.20 = 20;
    // long run 14/14 = 100 × 0.20 = 20; gym min(5/3, 1) = 100 × 0.15 = 15; series 100 × 0.15 = 15
    // total 99.222 → 99
    expect(w1!.parts.distance).toBeCloseTo((26.3 / 27) * 100, 9);
    expect(w1!.score).toBe(99);
  });

  it('one alert: long run 14 of 26.3 km = 53 % > 30 %', () => {
    expect(ids(w1!)).toEqual(['long_run_ratio']);
    const alert = w1!.alerts[0]!;
    expect(alert.id === 'long_run_ratio' && alert.ratioPct).toBeCloseTo(53.23, 2); // 140/263 = 0.53232
  });

  it('as a CSV row', () => {
    const [row] = complianceCsvRows([w1!]);
    expect(row).toEqual({
      week: '2026-W10', planned_km: 27, actual_km: 26.3, planned_vert_m: 400, actual_vert_m: 715, planned_long_run_km: 14, longest_run_km: 14,
      planned_gym: 3, gym: 5, planned_series: 1, series_detected: 1, score: 99, alerts: 'long_run_ratio',
    });
    expect(Object.keys(row!)).toEqual([...COMPLIANCE_CSV_COLUMNS]);
  });
});

describe('series detection (TRC _is_series) with the average HR rounded', () => {
  const r = (avgHr: number, maxHr: number, km = 12) => ({ sport: 'running', distanceM: km * 1000, avgHr, maxHr });
  it('spread rule: max − avg ≥ 20 and max ≥ 160', () => {
    expect(isSeriesRun(r(140, 160))).toBe(true); // 20, 160
    expect(isSeriesRun(r(141, 160))).toBe(false); // 19
    expect(isSeriesRun(r(139, 159))).toBe(false); // 20 but max 159
    expect(isSeriesRun(r(140.4, 160))).toBe(true); // avg rounds to 140 → 20 (unrounded 19.6 would not)
    expect(isSeriesRun(r(140.5, 160))).toBe(false); // rounds to 141 → 19
  });
  it('short-run rule: distance ≤ 10 km and avg ≥ 155', () => {
    expect(isSeriesRun(r(155, 165, 10))).toBe(true);
    expect(isSeriesRun(r(155, 165, 10.001))).toBe(false);
    expect(isSeriesRun(r(154.5, 165, 8))).toBe(true); // rounds to 155
    expect(isSeriesRun(r(154.4, 165, 8))).toBe(false); // rounds to 154
  });
  it('only runs, and only with an average HR', () => {
    expect(isSeriesRun({ sport: 'cycling', distanceM: 5000, avgHr: 170, maxHr: 190 })).toBe(false);
    expect(isSeriesRun({ sport: 'running', distanceM: 5000, avgHr: null, maxHr: 190 })).toBe(false);
  });
});

describe('complianceScore', () => {
  const all = { km: 20, vertM: 300, longestRunKm: 10, gym: 2, seriesDetected: true };
  const nothing = { km: 0, vertM: 0, longestRunKm: 0, gym: 0, seriesDetected: false };
  it('no score when nothing is planned (null or 0 targets), whatever was done', () => {
    const none = { distanceKm: null, vertM: 0, longRunKm: null, gym: 0, series: null };
    expect(complianceScore(none, nothing)).toEqual({ score: null, parts: { distance: null, vertical: null, longRun: null, gym: null, series: null } });
    expect(complianceScore(none, all).score).toBeNull();
  });
  it('counts only what was planned: a 0 km week that planned 30 km scores 0, not the 70 % of TRC\'s unplanned parts', () => {
    expect(complianceScore({ distanceKm: 30, vertM: null, longRunKm: null, gym: null, series: null }, nothing).score).toBe(0);
    expect(complianceScore({ distanceKm: 30, vertM: null, longRunKm: null, gym: null, series: null }, { ...nothing, km: 15 }).score).toBe(50);
    // Distance and gym planned: (50 × 0.3 + 100 × 0.15) / 0.45 = 66.7 → 67; vertical etc. do not count.
    expect(complianceScore({ distanceKm: 30, vertM: null, longRunKm: 0, gym: 1, series: null }, { ...nothing, km: 15, gym: 1, vertM: 900 }).score).toBe(67);
  });
  it('series planned and missed costs its whole 15 %', () => {
    // 30 + 20 + 20 + 15 + 0 = 85
    expect(complianceScore({ distanceKm: 20, vertM: 300, longRunKm: 10, gym: 2, series: 1 }, { ...all, seriesDetected: false }).score).toBe(85);
  });
  it('a half rounds to even, as TRC\'s Python round() does', () => {
    // 1 of 2 gym: 30 + 20 + 20 + 50 × 0.15 + 15 = 92.5 → 92; 1 of 2 gym and half the vertical:
    // 30 + 50 × 0.2 + 20 + 7.5 + 15 = 82.5 → 82; 3 of 4 gym: 30 + 20 + 20 + 11.25 + 15 = 96.25 → 96
    expect(complianceScore({ distanceKm: 20, vertM: 300, longRunKm: 10, gym: 2, series: 1 }, { ...all, gym: 1 }).score).toBe(92);
    expect(complianceScore({ distanceKm: 20, vertM: 300, longRunKm: 10, gym: 2, series: 1 }, { ...all, gym: 1, vertM: 150 }).score).toBe(82);
    expect(complianceScore({ distanceKm: 20, vertM: 300, longRunKm: 10, gym: 4, series: 1 }, { ...all, gym: 3 }).score).toBe(96);
    // 1 of 2 gym and 13.5 of 18 km (75 % × 0.3 = 22.5): 22.5 + 20 + 20 + 7.5 + 15 = 85 (no tie)
    expect(complianceScore({ distanceKm: 18, vertM: 300, longRunKm: 10, gym: 2, series: 1 }, { ...all, km: 13.5, gym: 1 }).score).toBe(85);
  });
});

describe('weekActuals', () => {
  it('sums run distance (0.1 km) and ascent (1 m); longest run; counts gym; missing values count 0', () => {
    // 5.04 + 7.01 + 0 = 12.05 km → 12.1 (0.05 up); ascent 10.4 + 20.3 = 30.7 → 31; longest 7.01 → 7.0
    const a = weekActuals('2026-04-06', [
      easy('2026-04-06', 5.04, { ascentM: 10.4 }), easy('2026-04-07', 7.01, { ascentM: 20.3 }), act('running', '2026-04-08', { distanceM: null }),
      gym('2026-04-09'), act('indoor_cardio', '2026-04-10'), act('yoga', '2026-04-11'),
    ]);
    expect(a).toEqual({ weekStart: '2026-04-06', km: 12.1, vertM: 31, longestRunKm: 7, gym: 2, seriesDetected: false, runs: 3 });
  });
});

describe('long run ratio waits for the weekend (TRC: "only fires after the weekend ends")', () => {
  // Week of Mon 2026-03-09: 5 + 5 km during the week, 15 km on Sunday → 25 km, 15/25 = 60 %
  const plan = [week('2026-03-09', { distanceKm: 25, longRunKm: 15 })];
  const acts = [easy('2026-03-09', 5), easy('2026-03-11', 5), easy('2026-03-15', 15)];

  it('not on Saturday (the long run is not even in yet) nor on the Sunday itself', () => {
    const [sat] = weeklyCompliance(plan, acts, { asOf: '2026-03-14' });
    expect(sat!.actual.km).toBe(10); // Sunday's run is after asOf
    expect(sat!.weekendOver).toBe(false);
    expect(ids(sat!)).not.toContain('long_run_ratio');
    const [sun] = weeklyCompliance(plan, acts, { asOf: '2026-03-15' });
    expect(sun!.actual.km).toBe(25);
    expect(ids(sun!)).not.toContain('long_run_ratio');
  });

  it('from Monday on', () => {
    const [mon] = weeklyCompliance(plan, acts, { asOf: '2026-03-16' });
    expect(mon!.weekendOver).toBe(true);
    expect(ids(mon!)).toEqual(['long_run_ratio']);
  });
});

describe('each alert at its threshold', () => {
  const asOf = '2026-06-30';

  it('volume_spike: > 10 % above the previous week', () => {
    // previous week 20.0 km; 22.0 km = +10 % exactly: no; 22.1 km = +10.5 %: yes
    const prev = [easy('2026-06-01', 10), easy('2026-06-03', 10)];
    const at = weeklyCompliance([week('2026-06-08')], [...prev, easy('2026-06-08', 11), easy('2026-06-10', 11)], { asOf });
    expect(ids(at[0]!)).not.toContain('volume_spike');
    const over = weeklyCompliance([week('2026-06-08')], [...prev, easy('2026-06-08', 11), easy('2026-06-10', 11.1)], { asOf });
    expect(ids(over[0]!)).toContain('volume_spike');
    const alert = over[0]!.alerts.find((a) => a.id === 'volume_spike');
    expect(alert?.id === 'volume_spike' && [alert.km, alert.previousKm, alert.increasePct]).toEqual([22.1, 20, expect.closeTo(10.5, 9)]);
    // no running the week before: no ratio, no alert
    expect(ids(weeklyCompliance([week('2026-06-08')], [easy('2026-06-08', 30)], { asOf })[0]!)).not.toContain('volume_spike');
  });

  it('long_run_ratio: longest run > 30 % of the week', () => {
    // 6.0 of 20.0 km = 30 % exactly: no; 6.1 of 20.0 km = 30.5 %: yes (each run ≤ the long one)
    const at = weeklyCompliance([week('2026-06-08')], [easy('2026-06-08', 6), easy('2026-06-09', 5), easy('2026-06-10', 5), easy('2026-06-11', 4)], { asOf });
    expect(ids(at[0]!)).toEqual([]);
    const over = weeklyCompliance([week('2026-06-08')], [easy('2026-06-08', 6.1), easy('2026-06-09', 5), easy('2026-06-10', 5), easy('2026-06-11', 3.9)], { asOf });
    expect(ids(over[0]!)).toEqual(['long_run_ratio']);
  });

  it('missed_gym: fewer gym sessions than planned', () => {
    const plan = [week('2026-06-08', { gym: 3 })];
    expect(ids(weeklyCompliance(plan, [gym('2026-06-08'), gym('2026-06-10'), gym('2026-06-12')], { asOf })[0]!)).toEqual([]);
    const two = weeklyCompliance(plan, [gym('2026-06-08'), gym('2026-06-10')], { asOf })[0]!;
    expect(ids(two)).toEqual(['missed_gym']);
    expect(two.alerts[0]).toMatchObject({ gym: 2, plannedGym: 3 });
  });

  it('missed_series: intervals planned, none detected', () => {
    const intervals = act('running', '2026-06-09', { distanceM: 8000, avgHr: 150, maxHr: 172 }); // 172 − 150 = 22
    expect(ids(weeklyCompliance([week('2026-06-08', { series: 1 })], [intervals], { asOf })[0]!)).not.toContain('missed_series');
    expect(ids(weeklyCompliance([week('2026-06-08', { series: 1 })], [easy('2026-06-09', 8)], { asOf })[0]!)).toContain('missed_series');
    expect(ids(weeklyCompliance([week('2026-06-08', { series: 0 })], [easy('2026-06-09', 8)], { asOf })[0]!)).not.toContain('missed_series');
  });

  it('recovery_week: a planned recovery week not ≥ 20 % below the previous week', () => {
    // previous 30.0 km; 24.0 km = −20 % exactly: fine; 24.1 km = −19.7 %: alert; not a recovery week: nothing
    const prev = [easy('2026-06-01', 10), easy('2026-06-03', 10), easy('2026-06-05', 10)];
    const thisWeek = (km: number) => [easy('2026-06-08', 8), easy('2026-06-10', 8), easy('2026-06-12', km - 16)];
    expect(ids(weeklyCompliance([week('2026-06-08', { recovery: true })], [...prev, ...thisWeek(24)], { asOf })[0]!)).not.toContain('recovery_week');
    const over = weeklyCompliance([week('2026-06-08', { recovery: true })], [...prev, ...thisWeek(24.1)], { asOf })[0]!;
    expect(ids(over)).toContain('recovery_week');
    expect(over.alerts.find((a) => a.id === 'recovery_week')).toMatchObject({ km: 24.1, previousKm: 30 });
    expect(ids(weeklyCompliance([week('2026-06-08')], [...prev, ...thisWeek(24.1)], { asOf })[0]!)).not.toContain('recovery_week');
  });

  it('hr_drift: a run ≤ 10 km > 10 bpm above the mean of the previous 4 weeks\' runs ≤ 10 km', () => {
    // baseline (weeks of 05-11 … 06-01): short runs at 140 and 142 → mean 141. Not in it: a
    // 12 km run at 170 (too long) and a run 5 weeks back at 100 (too old).
    const history = [
      easy('2026-05-12', 8, { avgHr: 140 }), easy('2026-06-02', 8, { avgHr: 142 }), easy('2026-05-20', 12, { avgHr: 170 }), easy('2026-05-05', 8, { avgHr: 100 }),
    ];
    // 151 = 141 + 10: not above; 152: above by 11; a 10.5 km run at 170 does not count
    const at = weeklyCompliance([week('2026-06-08')], [...history, easy('2026-06-09', 8, { avgHr: 151 }), easy('2026-06-11', 10.5, { avgHr: 170 })], { asOf });
    expect(ids(at[0]!)).not.toContain('hr_drift');
    const over = weeklyCompliance([week('2026-06-08')], [...history, easy('2026-06-09', 8, { avgHr: 152 })], { asOf })[0]!;
    expect(over.alerts.find((a) => a.id === 'hr_drift')).toMatchObject({ avgHr: 152, baselineHr: 141, aboveBpm: 11, localDate: '2026-06-09' });
    // no short runs with HR in the 4 weeks before: no baseline, no alert
    expect(ids(weeklyCompliance([week('2026-06-08')], [easy('2026-06-09', 8, { avgHr: 190 })], { asOf })[0]!)).not.toContain('hr_drift');
  });
});

describe('weeklyCompliance over a plan', () => {
  it('weeks in date order, only those started by asOf', () => {
    const plan = [week('2026-03-16'), week('2026-03-02'), week('2026-03-09'), week('2026-03-23')];
    expect(weeklyCompliance(plan, [], { asOf: '2026-03-16' }).map((w) => w.week)).toEqual(['2026-W10', '2026-W11', '2026-W12']);
  });
});
