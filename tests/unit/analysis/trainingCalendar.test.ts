import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, calendarMonth, monthEnd, periodTotals, weekAgainstLastYear } from '../../../src/analysis/trainingCalendar';
import { addDays, dateRange } from '../../../src/analysis/calendar';
import type { ActivityInput } from '../../../src/analysis/types';

let nextId = 1;
function act(sport: string, localDate: string, over: Partial<ActivityInput> = {}): ActivityInput {
  const id = nextId++;
  return { id, sport, name: null, localDate, startMs: Date.parse(`${localDate}T07:00:00Z`) + id, distanceM: 10_000, elapsedS: 3700, timerS: 3650, movingS: 3600, ascentM: 50, avgHr: 150, maxHr: 170, trainingLoad: 80, ...over };
}

describe('months', () => {
  it('ends months, leap Februaries included, and steps across years', () => {
    expect(['2026-02', '2028-02', '2026-11', '2026-12'].map(monthEnd)).toEqual(['2026-02-28', '2028-02-29', '2026-11-30', '2026-12-31']);
    expect([addMonths('2026-12', 1), addMonths('2026-01', -1), addMonths('2026-11', -12), addMonths('2026-03', 25)]).toEqual(['2027-01', '2025-12', '2025-11', '2028-04']);
  });
});

describe('calendarMonth', () => {
  // November 2026 starts on a Sunday and ends on a Monday: six ISO weeks, 2026-10-26 to 2026-12-06.
  const activities = [
    act('running', '2026-10-31', { distanceM: 8000 }), // in the grid, not in the month
    act('running', '2026-11-01', { distanceM: 12_000, ascentM: 120 }),
    act('strength_training', '2026-11-01', { distanceM: null, movingS: null, timerS: 1800, ascentM: null, trainingLoad: 20 }),
    act('cycling', '2026-11-18', { distanceM: 40_000, movingS: null, timerS: null, elapsedS: 5400 }),
    act('running', '2026-11-30'),
    act('running', '2026-12-03', { distanceM: 5000 }), // in the grid's last week
    act('running', '2025-11-10', { distanceM: 7000 }), // a year earlier
  ];
  const load = new Map(activities.map((a) => [a.id, a.trainingLoad ?? 0]));
  const m = calendarMonth('2026-11', activities, (id) => load.get(id) ?? 0, [{ weekStart: '2026-10-26', distanceKm: 30 }, { weekStart: '2026-11-30', distanceKm: null }]);

  it('lays out the ISO weeks holding the month, marking the days of the months around it', () => {
    expect(m.weeks.map((w) => w.week)).toEqual(['2026-W44', '2026-W45', '2026-W46', '2026-W47', '2026-W48', '2026-W49']);
    expect(m.weeks.flatMap((w) => w.days.map((d) => d.date))).toEqual(dateRange('2026-10-26', '2026-12-06'));
    expect(m.weeks[0]?.days.filter((d) => d.inMonth).map((d) => d.date)).toEqual(['2026-11-01']);
    expect(m.weeks[5]?.days.filter((d) => d.inMonth).map((d) => d.date)).toEqual(['2026-11-30']);
  });

  it('puts each activity on its day in start order, with its time (moving, else timer, else elapsed) and load', () => {
    const nov1 = m.weeks[0]?.days[6]?.activities;
    expect(nov1?.map((a) => [a.sport, a.timeS, a.load])).toEqual([['running', 3600, 80], ['strength_training', 1800, 20]]);
    expect(m.weeks[3]?.days[2]?.activities[0]?.timeS).toBe(5400);
  });

  it('totals each whole week beside it (run distance apart, for the plan), and the month over its own days', () => {
    const w44 = m.weeks[0]?.totals;
    expect(w44).toEqual({ activities: 3, distanceM: 20_000, runDistanceM: 20_000, timeS: 3600 * 2 + 1800, ascentM: 50 + 120, load: 80 + 80 + 20 });
    expect(m.weeks[0]?.plannedKm).toBe(30);
    expect(m.weeks[5]?.plannedKm).toBeNull();
    expect(m.weeks[5]?.totals.runDistanceM).toBe(15_000);
    expect(m.totals).toEqual({ activities: 4, distanceM: 62_000, runDistanceM: 22_000, timeS: 3600 + 1800 + 5400 + 3600, ascentM: 120 + 50 + 50, load: 80 + 20 + 80 + 80 });
    expect(m.lastYear.distanceM).toBe(7000);
  });

  it('property: the weeks\' totals add up to the grid\'s activities, each counted once', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 40 }), (offsets) => {
      const xs = offsets.map((o) => act('running', addDays('2026-10-20', o), { distanceM: 1000 + o }));
      const cal = calendarMonth('2026-11', xs, () => 1);
      const inGrid = xs.filter((a) => a.localDate >= '2026-10-26' && a.localDate <= '2026-12-06');
      expect(cal.weeks.reduce((n, w) => n + w.totals.activities, 0)).toBe(inGrid.length);
      expect(cal.weeks.reduce((n, w) => n + w.totals.distanceM, 0)).toBe(inGrid.reduce((n, a) => n + (a.distanceM ?? 0), 0));
      expect(cal.weeks.flatMap((w) => w.days).reduce((n, d) => n + d.activities.length, 0)).toBe(inGrid.length);
    }));
  });
});

describe('weekAgainstLastYear', () => {
  const xs = [act('running', '2026-12-01'), act('running', '2025-12-02', { distanceM: 6000 }), act('running', '2025-12-24', { distanceM: 3000 })];
  it('compares an ISO week with the same week of the year before; week 53 with week 52', () => {
    const w = weekAgainstLastYear('2026-11-30', xs, () => 0);
    expect([w.week, w.lastYearWeek, w.totals.distanceM, w.lastYear.distanceM]).toEqual(['2026-W49', '2025-W49', 10_000, 6000]);
    const w53 = weekAgainstLastYear('2026-12-31', xs, () => 0);
    expect([w53.week, w53.lastYearWeek, w53.lastYear.distanceM]).toEqual(['2026-W53', '2025-W52', 3000]);
    expect(periodTotals(xs, () => 2, '2025-01-01', '2025-12-31').load).toBe(4);
  });
});
