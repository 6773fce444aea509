import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/analysis/calendar';
import { runFacts } from '../../../src/analysis/insights';
import type { ActivityTableRow } from '../../../src/analysis/activityTable';
import { DEFAULT_HR_ZONES } from '../../../src/analysis/types';
import { insightSentences } from '../../../src/ui/insightText';

let nextId = 1;
function row(localDate: string, over: Partial<ActivityTableRow> = {}): ActivityTableRow {
  return {
    id: nextId++, localDate, startUtc: `${localDate}T07:00:00Z`, sport: 'running', name: null, distanceM: 10000, elapsedS: 3600, timerS: 3600, movingS: 3600,
    avgHr: 150, maxHr: 170, ascentM: 0, trainingLoad: 50, loadSource: 'garmin', paceMinPerKm: 6, mPerBeat: 1, decouplingPct: null, tizS: null, route: null,
    series: false, bestEffortsS: null, gapMinPerKm: NaN, gear: null, gearDistanceM: null, ...over,
  };
}

const day = '2026-06-30';

describe('a run in its own context', () => {
  it('easy pace at the same HR against six weeks ago: the median of the runs 35–49 days before within ±3 bpm', () => {
    const easy = { avgHr: 135, paceMinPerKm: 6 };
    const rows = [
      row(addDays(day, -40), { ...easy, avgHr: 133, paceMinPerKm: 6.2 }),
      row(addDays(day, -42), { ...easy, avgHr: 137, paceMinPerKm: 6.15 }),
      row(addDays(day, -44), { ...easy, paceMinPerKm: 6.1 }),
      row(addDays(day, -45), { ...easy, avgHr: 139, paceMinPerKm: 7 }), // 4 bpm off: not the same HR
      row(addDays(day, -30), { ...easy, paceMinPerKm: 7 }), // not six weeks ago
      row(addDays(day, -43), { ...easy, series: true, paceMinPerKm: 5 }), // an interval session
    ];
    const run = row(day, easy);
    const fact = runFacts(run, [...rows, run], DEFAULT_HR_ZONES).find((f) => f.kind === 'easy-pace');
    // Median of 6.2, 6.15, 6.1 = 6.15 min/km: 9 s/km faster.
    expect(fact).toMatchObject({ hr: 135, baselineRuns: 3, baselinePaceMinPerKm: 6.15 });
    expect(fact && 'deltaSPerKm' in fact ? fact.deltaSPerKm : null).toBeCloseTo(-9, 9);
    // A run above zone 2 (140 bpm by default) says nothing about easy pace.
    expect(runFacts(row(day, { avgHr: 150 }), rows, DEFAULT_HR_ZONES).some((f) => f.kind === 'easy-pace')).toBe(false);
    const [sentence] = insightSentences([fact!], 'km', DEFAULT_HR_ZONES);
    expect(sentence?.text).toBe('At 135 bpm you ran 6:00 /km: 9 s/km faster than your runs at 132–138 bpm six weeks ago (6:09 /km, 3 runs).');
  });

  it('decoupling of an hour or more against the median of the long steady runs of the 90 days before; Friel\'s verdict', () => {
    const rows = [4, 5, 3, 9].map((pct, i) => row(addDays(day, -10 * (i + 1)), { decouplingPct: pct, movingS: 4000 }));
    rows.push(row(addDays(day, -5), { decouplingPct: 20, movingS: 1800 })); // too short to count
    const run = row(day, { decouplingPct: 7.1, movingS: 7500 });
    expect(runFacts(run, rows, DEFAULT_HR_ZONES).find((f) => f.kind === 'decoupling')).toEqual({ kind: 'decoupling', pct: 7.1, movingS: 7500, verdict: 'sustainable', usualPct: 4.5, usualRuns: 4 });
    expect(runFacts(row(day, { decouplingPct: 4, movingS: 3000 }), rows, DEFAULT_HR_ZONES).some((f) => f.kind === 'decoupling')).toBe(false);
  });

  it('load said only among the top 3 of four weeks; longest since the last run as long; zones and an interval session', () => {
    const rows = [30, 40, 50, 60, 70].map((load, i) => row(addDays(day, -3 * (i + 1)), { trainingLoad: load, distanceM: 8000 + 1000 * i }));
    rows.push(row(addDays(day, -60), { distanceM: 21000 }), row(addDays(day, -100), { distanceM: 25000 }));
    const big = row(day, { trainingLoad: 65, distanceM: 21500, tizS: [600, 1800, 900, 300, 0], series: true });
    const facts = runFacts(big, rows, DEFAULT_HR_ZONES);
    expect(facts.filter((f) => f.kind !== 'easy-pace' && f.kind !== 'decoupling')).toEqual([
      { kind: 'load', load: 65, rank: 2, runs: 6, medianLoad: 55 },
      { kind: 'longest', distanceM: 21500, since: addDays(day, -100) },
      { kind: 'zones', easyShare: 2400 / 3600, moderateShare: 900 / 3600, hardShare: 300 / 3600 },
      { kind: 'intervals' },
    ]);
    expect(runFacts(row(day, { trainingLoad: 35 }), rows, DEFAULT_HR_ZONES).some((f) => f.kind === 'load')).toBe(false);
    // Not a run, no facts.
    expect(runFacts(row(day, { sport: 'cycling' }), rows, DEFAULT_HR_ZONES)).toEqual([]);
  });
});

describe('the run\'s place in the plan', () => {
  it('comes first when the caller matched a session, in the athlete\'s units', () => {
    const session = { type: 'tempo' as const, date: '2026-06-30', week: 5, phase: 'specific' as const, distanceKm: 8 };
    const facts = runFacts(row(day, { distanceM: 8400 }), [], DEFAULT_HR_ZONES, session);
    expect(facts[0]).toEqual({ kind: 'plan', session, runKm: 8.4 });
    expect(insightSentences(facts.slice(0, 1), 'km', DEFAULT_HR_ZONES)[0]?.text).toBe('It was your plan\'s tempo of Tue 30 Jun (week 5, specific phase): 8.0 km planned, 8.4 km run.');
    expect(insightSentences(facts.slice(0, 1), 'mi', DEFAULT_HR_ZONES)[0]?.text).toBe('It was your plan\'s tempo of Tue 30 Jun (week 5, specific phase): 5.0 mi planned, 5.2 mi run.');
    expect(runFacts(row(day), [], DEFAULT_HR_ZONES).some((f) => f.kind === 'plan')).toBe(false);
  });
});
