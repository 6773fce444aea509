import { describe, expect, it } from 'vitest';
import { addDays, dateRange } from '../../../src/analysis/calendar';
import { detectDrift, type DriftFinding, type PlannedSession, type WellnessDay } from '../../../src/analysis/drift';
import type { ActivityInput } from '../../../src/analysis/types';

let nextId = 1;
function act(sport: string, localDate: string, over: Partial<ActivityInput> = {}): ActivityInput {
  return {
    id: nextId++, sport, localDate, startMs: Date.parse(`${localDate}T07:00:00Z`), distanceM: null, elapsedS: null, timerS: null, movingS: null,
    ascentM: null, avgHr: null, maxHr: null, trainingLoad: null, ...over,
  };
}
/** A run of km at `paceS` seconds per km and average HR. */
function run(localDate: string, km: number, paceS = 360, avgHr = 130): ActivityInput {
  return act('running', localDate, { distanceM: km * 1000, movingS: km * paceS, timerS: km * paceS, avgHr, maxHr: avgHr + 10 });
}
const plannedRun = (date: string, distanceKm = 10): PlannedSession => ({ date, sport: 'run', distanceKm });
const plannedGym = (date: string): PlannedSession => ({ date, sport: 'gym' });

// Window: the 14 days ending Thu 2026-05-14, i.e. 2026-05-01 … 2026-05-14.
const asOf = '2026-05-14';
const find = <K extends DriftFinding['kind']>(findings: DriftFinding[], kind: K) => findings.find((f): f is Extract<DriftFinding, { kind: K }> => f.kind === kind);

describe('window', () => {
  it('is the 14 days ending on asOf, and findings come only when detected', () => {
    const report = detectDrift({ asOf, planned: [], activities: [] });
    expect([report.from, report.to]).toEqual(['2026-05-01', '2026-05-14']);
    expect(report.findings).toEqual([]);
  });
});

describe('skipped sessions: matched by day, ±1 day', () => {
  it('a moved session is done, a missed one skipped; a run does not fulfil a gym session', () => {
    const planned = [
      plannedRun('2026-04-30'), // before the window: matched if it can be, never counted
      plannedRun('2026-05-01'), // run on 05-01: same-day matches go first, so 04-30 cannot take it
      plannedRun('2026-05-02'), // run on 05-02
      plannedRun('2026-05-05'), // run on 05-06: moved by a day, done
      plannedRun('2026-05-08'), // nearest run 05-10 is 2 days away: skipped
      plannedGym('2026-05-10'), // only a run on 05-10 and a ride on 05-11: skipped
      plannedRun('2026-05-11'), // run on 05-11
      plannedGym('2026-05-14'), // strength on 05-13: done a day early
    ];
    const activities = [
      run('2026-05-01', 10), run('2026-05-02', 10), run('2026-05-06', 10), run('2026-05-10', 5), act('cycling', '2026-05-11', { distanceM: 30_000 }),
      run('2026-05-11', 10), act('strength_training', '2026-05-13'),
    ];
    const f = find(detectDrift({ asOf, planned, activities }).findings, 'skipped_sessions');
    // 7 sessions in the window, 5 done, 2 skipped: 2/7 = 0.286 ≥ 0.25 → warning
    expect(f).toMatchObject({ planned: 7, done: 5, skipped: 2, severity: 'warning' });
    expect(f!.skippedShare).toBeCloseTo(2 / 7, 12);
    expect(f!.skippedSessions.map((s) => s.date)).toEqual(['2026-05-08', '2026-05-10']);
  });

  it('severity by share: < 25 % info, ≥ 50 % alert; none skipped, no finding', () => {
    const four = ['2026-05-02', '2026-05-05', '2026-05-08', '2026-05-11'].map((d) => plannedRun(d));
    const five = [...four, plannedRun('2026-05-13')];
    // 1 of 5 = 20 %: info
    expect(find(detectDrift({ asOf, planned: five, activities: [run('2026-05-02', 10), run('2026-05-05', 10), run('2026-05-08', 10), run('2026-05-11', 10)] }).findings, 'skipped_sessions')?.severity).toBe('info');
    // 2 of 4 = 50 %: alert
    expect(find(detectDrift({ asOf, planned: four, activities: [run('2026-05-02', 10), run('2026-05-05', 10)] }).findings, 'skipped_sessions')?.severity).toBe('alert');
    expect(find(detectDrift({ asOf, planned: four, activities: four.map((s) => run(s.date, 10)) }).findings, 'skipped_sessions')).toBeUndefined();
  });
});

describe('distance drift (run km done vs planned in the window)', () => {
  // 4 × 10 km planned in the window; the 04-29 session is outside it and does not count
  const planned = [plannedRun('2026-04-29'), plannedRun('2026-05-02'), plannedRun('2026-05-05'), plannedRun('2026-05-08'), plannedRun('2026-05-11'), plannedGym('2026-05-06')];
  const drift = (kms: number[]) => find(detectDrift({ asOf, planned, activities: kms.map((km, i) => run(addDays('2026-05-02', 3 * i), km)) }).findings, 'distance_drift');

  it('30 of 40 km: −25 %, a warning (beyond 15 %)', () => {
    expect(drift([10, 10, 10])).toMatchObject({ direction: 'under', severity: 'warning', plannedKm: 40, actualKm: 30, driftPct: -25 });
  });
  it('46 of 40 km: +15 % exactly is not beyond 15 %; 27 km: −32.5 %, an alert; 50 km: +25 %, a warning', () => {
    expect(drift([12, 12, 11, 11])).toBeUndefined();
    expect(drift([9, 9, 9])).toMatchObject({ direction: 'under', severity: 'alert', driftPct: -32.5 });
    expect(drift([15, 15, 10, 10])).toMatchObject({ direction: 'over', severity: 'warning', actualKm: 50, driftPct: 25 }); // +25 %
  });
  it('no planned distance: no finding', () => {
    expect(find(detectDrift({ asOf, planned: [plannedGym('2026-05-06')], activities: [run('2026-05-02', 30)] }).findings, 'distance_drift')).toBeUndefined();
  });
});

describe('pace drift at equal HR (easy runs, HR 121–140, vs the 4 weeks before)', () => {
  // baseline 2026-04-03 … 2026-04-30: two 10 km runs at 6:00 min/km, HR 130
  const baseline = [run('2026-04-10', 10, 360, 130), run('2026-04-20', 10, 360, 130), run('2026-04-02', 10, 300, 130) /* before the baseline */];
  const pace = (activities: ActivityInput[]) => find(detectDrift({ asOf, planned: [], activities: [...baseline, ...activities] }).findings, 'pace_drift');

  it('6:12 at HR 132 vs 6:00 at HR 130: 12 s/km slower, a warning', () => {
    // a tempo run at HR 150 and a run with a masked pace (1:00 min/km) are left out
    const f = pace([run('2026-05-04', 10, 372, 132), run('2026-05-10', 10, 372, 132), run('2026-05-07', 10, 270, 150), run('2026-05-08', 10, 60, 125)]);
    expect(f).toMatchObject({ direction: 'slower', severity: 'warning', runs: 2, baselineRuns: 2, avgHr: 132, baselineAvgHr: 130, hrBand: [121, 140] });
    expect(f!.paceMinPerKm).toBeCloseTo(6.2, 12);
    expect(f!.baselinePaceMinPerKm).toBeCloseTo(6, 12);
    expect(f!.deltaSPerKm).toBeCloseTo(12, 9);
  });

  it('pace is total time over total distance: 5 km at 6:00 + 15 km at 6:40 = 6:30, 30 s/km slower, an alert', () => {
    // (1800 + 6000) s / 20 km = 390 s/km; the plain mean of the two paces would be 6:20 (+20, a warning)
    expect(pace([run('2026-05-04', 5, 360), run('2026-05-10', 15, 400)])).toMatchObject({ severity: 'alert', deltaSPerKm: expect.closeTo(30, 9) });
  });

  it('faster by 12 s/km is an info ("ready to push"); 9 s/km is no drift; one run is not enough', () => {
    expect(pace([run('2026-05-04', 10, 348), run('2026-05-10', 10, 348)])).toMatchObject({ direction: 'faster', severity: 'info', deltaSPerKm: expect.closeTo(-12, 9) });
    expect(pace([run('2026-05-04', 10, 369), run('2026-05-10', 10, 369)])).toBeUndefined();
    expect(pace([run('2026-05-04', 10, 420)])).toBeUndefined();
  });
});

describe('recovery slump (HRV, resting HR, sleep)', () => {
  // recent 7 days 2026-05-08 … 05-14; baseline the 28 days before: 2026-04-10 … 05-07
  const baselineDays = dateRange('2026-04-10', '2026-05-07');
  const recentDays = dateRange('2026-05-08', '2026-05-14');
  const goodNight = 7.5 * 3600;
  // baseline HRV: 6 days at 71, 6 at 59, 16 at 65 ms → mean 65; Σ(x − 65)² = 12 × 36 = 432,
  // sample SD √(432 / 27) = √16 = 4 → the threshold is 65 − 4 = 61 ms
  const hrvAt = (i: number) => (i < 6 ? 71 : i < 12 ? 59 : 65);
  const baseline: WellnessDay[] = baselineDays.map((date, i) => ({ date, hrvMs: hrvAt(i), restingHr: 50, sleepS: goodNight }));
  const slump = (recent: (i: number) => Partial<WellnessDay>) =>
    find(detectDrift({ asOf, planned: [], activities: [], wellness: [...baseline, ...recentDays.map((date, i) => ({ date, hrvMs: 65, restingHr: 50, sleepS: goodNight, ...recent(i) }))] }).findings, 'recovery_slump');

  it('HRV 7-day mean below 65 − 4 = 61 ms: one signal, a warning; exactly 61 is not "by more than 1 SD"', () => {
    // six nights at 61 and one at 60: 426 / 7 = 60.857 < 61
    const f = slump((i) => ({ hrvMs: i === 0 ? 60 : 61 }));
    expect(f).toMatchObject({ signals: ['hrv'], severity: 'warning', hrvBaselineMs: 65, hrvBaselineSdMs: 4, restingHrRiseBpm: 0, shortSleepNights: 0, sleepNights: 7 });
    expect(f!.hrvMs).toBeCloseTo(426 / 7, 12);
    expect(slump(() => ({ hrvMs: 61 }))).toBeUndefined();
  });

  it('resting HR up 5.43 bpm (> 5) is a signal; up 5 exactly is not', () => {
    // [56, 56, 56, 55, 55, 55, 55] → 388 / 7 = 55.43
    expect(slump((i) => ({ restingHr: i < 3 ? 56 : 55 }))).toMatchObject({ signals: ['resting_hr'], restingHrRiseBpm: expect.closeTo(388 / 7 - 50, 12) });
    expect(slump(() => ({ restingHr: 55 }))).toBeUndefined();
  });

  it('sleep < 6 h on 3 nights is a signal; 2 nights, or 3 nights of exactly 6 h, are not', () => {
    expect(slump((i) => ({ sleepS: i < 3 ? 5.9 * 3600 : goodNight }))).toMatchObject({ signals: ['sleep'], shortSleepNights: 3 });
    expect(slump((i) => ({ sleepS: i < 2 ? 5.9 * 3600 : goodNight }))).toBeUndefined();
    expect(slump((i) => ({ sleepS: i < 3 ? 6 * 3600 : goodNight }))).toBeUndefined();
  });

  it('two signals make an alert; too few HRV days give no HRV verdict', () => {
    expect(slump((i) => ({ hrvMs: 55, sleepS: i < 4 ? 5 * 3600 : goodNight }))).toMatchObject({ signals: ['hrv', 'sleep'], severity: 'alert' });
    // HRV on only 3 of the 7 recent days (minimum 4): no HRV mean, no signal
    const f = slump((i) => ({ hrvMs: i < 3 ? 40 : null, restingHr: 58 }));
    expect(f).toMatchObject({ signals: ['resting_hr'], hrvMs: null });
  });
});

describe('distance drift of a plan that started inside the window', () => {
  it('counts only the kilometres run since its first session: the weeks before it are not drift', () => {
    // The plan starts Mon 2026-05-11; 60 km were run before it, 20 of the 20 planned after.
    const planned = [plannedRun('2026-05-11', 10), plannedRun('2026-05-13', 10)];
    const activities = [run('2026-05-02', 30), run('2026-05-06', 30), run('2026-05-11', 10), run('2026-05-13', 10)];
    expect(detectDrift({ asOf, planned, activities }).findings).toEqual([]);
    const under = detectDrift({ asOf, planned, activities: activities.slice(0, 3) }).findings;
    expect(find(under, 'distance_drift')).toMatchObject({ direction: 'under', plannedKm: 20, actualKm: 10 });
  });
});

describe('the last day\'s session run a day late', () => {
  it('is done, not skipped: a run the day after asOf fulfils it, as the deck counts it', () => {
    const planned = [plannedRun('2026-05-14', 10)];
    expect(find(detectDrift({ asOf, planned, activities: [run('2026-05-15', 10)] }).findings, 'skipped_sessions')).toBeUndefined();
    expect(find(detectDrift({ asOf, planned, activities: [run('2026-05-16', 10)] }).findings, 'skipped_sessions')).toMatchObject({ skipped: 1 });
  });
});
