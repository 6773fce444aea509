import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, isoWeekday as isoWeekday0, mondayOf } from '../../../src/analysis/calendar';

/** 1 = Monday … 7 = Sunday, as the plan's templates count. */
const isoWeekday = (date: string) => isoWeekday0(date) + 1;
import {
  expandPlan, goalProblem, LIMITS, planTemplates, PlanRuleError, recentStart, validateTemplates, weeklyVolumes,
  type Availability, type Goal, type SessionTemplate, type StartingPoint,
} from '../../../src/analysis/planBuilder';

/**
 * Issue #17, the plan builder's expander: a hand-checked 12-week plan, the rules as properties
 * over many goals (volume up at most 10 % a week outside recovery weeks, every fourth week lower,
 * nothing on a blocked day, no two hard days in a row, the same plan for the same inputs, dates
 * right across summer time and the new year), and the typed errors.
 */

const HARD = new Set(['tempo', 'intervals', 'hills', 'fartlek', 'progression', 'race', 'long']);

describe('a hand-checked 12-week half-marathon plan', () => {
  // Monday 28 December 2026 to the race on Sunday 21 March 2027: 12 weeks, across the new year.
  const goal: Goal = { raceDate: '2027-03-21', name: 'Rome Half', distanceKm: 21.0975, climbM: 0, priority: 'A' };
  const availability: Availability = { daysPerWeek: 4, blockedWeekdays: [5] };
  const start: StartingPoint = { today: '2026-12-28', weeklyKm: 30, longRunKm: 12 };
  const plan = expandPlan(goal, availability, start);

  it('has base, specific, taper and race weeks, a recovery week every fourth, and volumes by hand', () => {
    expect(plan.weeks.map((w) => w.weekStart)).toEqual(Array.from({ length: 12 }, (_, i) => addDays('2026-12-28', 7 * i)));
    expect(plan.weeks.map((w) => w.week)).toEqual(['2026-W53', '2027-W01', '2027-W02', '2027-W03', '2027-W04', '2027-W05', '2027-W06', '2027-W07', '2027-W08', '2027-W09', '2027-W10', '2027-W11']);
    // 10 build weeks: round(10 × 0.45) = 5 base, 5 specific; a 2-week taper (its last week the race week).
    expect(plan.weeks.map((w) => w.phase)).toEqual(['base', 'base', 'base', 'base', 'base', 'specific', 'specific', 'specific', 'specific', 'specific', 'taper', 'taper']);
    expect(plan.weeks.filter((w) => w.recovery).map((w) => w.weekStart)).toEqual(['2027-01-18', '2027-02-15']);
    // 30 → +10 %: 33, 36.3; week 4 at 72 %: 26.1; then 39.9, 43.9, 48.3; week 8: 34.8; 53.1; the 55 km peak; taper 60 % = 33.
    expect(weeklyVolumes(goal, start)).toEqual([30, 33, 36.3, 26.1, 39.9, 43.9, 48.3, 34.8, 53.1, 55, 33, 22]);
    const built = plan.weeks.map((w) => w.distanceKm as number);
    expect(built.slice(0, 11)).toEqual([30, 33, 36.3, 26.1, 39.9, 43.9, 48.3, 34.8, 53.1, 55, 33]);
    // Race week: two 5.5 km shake-outs (10 % of the 55 km peak) and the race.
    expect(plan.weeks[11]).toMatchObject({ distanceKm: 32.1, races: [{ date: '2027-03-21', name: 'Rome Half', km: 21.0975 }], longRunKm: null });
  });

  it('puts the long run on Sunday, quality on Tuesday (and Thursday in specific weeks), nothing on Friday', () => {
    const day = (week: number) => plan.sessions.filter((s) => s.week === week).map((s) => `${isoWeekday(s.date)}:${s.type}`);
    expect(day(1)).toEqual(['1:gym', '2:hills', '3:easy', '3:gym', '4:easy', '7:long']);
    // Specific: two quality sessions (the rotation's progression and hills), one gym session.
    expect(day(6)).toEqual(['1:gym', '2:progression', '3:easy', '4:hills', '7:long']);
    // Recovery week: no quality session.
    expect(day(4).filter((d) => /hills|fartlek|strides|tempo|intervals|progression/.test(d))).toEqual([]);
    // Race week: two shake-outs mid-week, the day before the race free.
    expect(day(12)).toEqual(['3:easy', '4:easy', '7:race']);
    expect(plan.sessions.some((s) => isoWeekday(s.date) === 5)).toBe(false);
    // Long run: 30 % of the week at most (9 km of 30), growing towards the half's 22 km cap.
    expect(plan.weeks[0]?.longRunKm).toBe(9);
    expect(plan.weeks[9]?.longRunKm).toBe(16.5);
  });
});

/** Goals over a range of distances, dates (summer time, new year), availability and fitness. */
const arbitraryPlanInput = fc.record({
  todayOffset: fc.integer({ min: 0, max: 730 }),
  weeksAhead: fc.integer({ min: 4, max: 40 }),
  raceWeekday: fc.integer({ min: 1, max: 7 }),
  distanceKm: fc.constantFrom(5, 10, 21.0975, 42.195, 59, 100),
  climbM: fc.constantFrom(0, 800, 3000),
  daysPerWeek: fc.integer({ min: 2, max: 7 }),
  blocked: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { maxLength: 3 }),
  weeklyKm: fc.integer({ min: 10, max: 120 }),
  longRunKm: fc.integer({ min: 5, max: 30 }),
}).filter((p) => 7 - p.blocked.length >= p.daysPerWeek).map((p) => {
  const today = addDays('2026-01-01', p.todayOffset);
  const raceDate = addDays(mondayOf(addDays(today, 7 * p.weeksAhead)), p.raceWeekday - 1);
  return {
    goal: { raceDate, name: 'Goal race', distanceKm: p.distanceKm, climbM: p.climbM, priority: 'A' } as Goal,
    availability: { daysPerWeek: p.daysPerWeek, blockedWeekdays: p.blocked } as Availability,
    start: { today, weeklyKm: p.weeklyKm, longRunKm: p.longRunKm } as StartingPoint,
  };
}).filter(({ goal, availability, start }) => goalProblem(goal, availability, start) === null);

describe('the expander\'s rules, over many goals', () => {
  it('volume up at most 10 % a week outside recovery weeks, each recovery week lower than the week before', () => {
    fc.assert(fc.property(arbitraryPlanInput, ({ goal, availability, start }) => {
      const plan = expandPlan(goal, availability, start);
      const build = plan.weeks.filter((w) => w.phase === 'base' || w.phase === 'specific');
      let last: number | null = null;
      build.forEach((w, i) => {
        const km = w.distanceKm as number;
        if (w.recovery) {
          expect(km).toBeLessThan(build[i - 1]?.distanceKm as number);
          return;
        }
        // Volumes are rounded to 0.1 km: one tenth of slack.
        if (last !== null) expect(km).toBeLessThanOrEqual(last * (1 + LIMITS.maxWeeklyIncrease) + 0.1);
        last = km;
      });
      // Every fourth build week is a recovery week (the last one before the taper excepted).
      build.forEach((w, i) => expect(w.recovery).toBe((i + 1) % 4 === 0 && i + 1 < build.length));
    }), { numRuns: 150 });
  });

  it('nothing on a blocked day but the race, no two hard days in a row, the long run at most 30 % of its week', () => {
    fc.assert(fc.property(arbitraryPlanInput, ({ goal, availability, start }) => {
      const plan = expandPlan(goal, availability, start);
      for (const s of plan.sessions) if (s.type !== 'race') expect(availability.blockedWeekdays).not.toContain(isoWeekday(s.date));
      const hardDates = [...new Set(plan.sessions.filter((s) => HARD.has(s.type)).map((s) => s.date))].sort();
      for (let i = 1; i < hardDates.length; i++) expect(addDays(hardDates[i - 1] as string, 1), `${hardDates[i - 1]} and ${hardDates[i]}`).not.toBe(hardDates[i]);
      for (const w of plan.weeks) {
        const runs = plan.sessions.filter((s) => s.date >= w.weekStart && s.date <= addDays(w.weekStart, 6) && s.type !== 'gym');
        if (w.longRunKm !== null && runs.length > 1) expect(w.longRunKm).toBeLessThanOrEqual((w.distanceKm as number) * LIMITS.longRunShare + 1e-9);
        // The runs add up to the week's distance.
        expect(Math.round(runs.reduce((a, s) => a + (s.distanceKm ?? 0), 0) * 10) / 10).toBe(w.distanceKm);
      }
      // One run a day at most; the race on its day.
      const runDays = plan.sessions.filter((s) => s.type !== 'gym').map((s) => s.date);
      expect(new Set(runDays).size).toBe(runDays.length);
      expect(plan.sessions.filter((s) => s.type === 'race').map((s) => s.date)).toEqual([goal.raceDate]);
    }), { numRuns: 150 });
  });

  it('the same inputs give the same plan; every session on its weekday of its week, across summer time and the new year', () => {
    fc.assert(fc.property(arbitraryPlanInput, ({ goal, availability, start }) => {
      const plan = expandPlan(goal, availability, start);
      expect(expandPlan(goal, availability, start)).toEqual(plan);
      for (const s of plan.sessions) {
        expect(isoWeekday(s.date)).toBe(s.weekday);
        expect(s.date).toBe(addDays(mondayOf(start.today), (s.week - 1) * 7 + s.weekday - 1));
        expect(s.date >= mondayOf(start.today) && s.date <= goal.raceDate).toBe(true);
      }
      expect(new Set(plan.sessions.map((s) => s.id)).size).toBe(plan.sessions.length);
      expect(plan.weeks.at(-1)?.weekStart).toBe(mondayOf(goal.raceDate));
    }), { numRuns: 100 });
  });
});

describe('the prefill from the last six weeks', () => {
  it('is the mean weekly run distance and the longest run, or nothing for a quiet history', () => {
    const runs = [
      { localDate: '2026-11-20', distanceM: 10_000 }, { localDate: '2026-11-01', distanceM: 20_000 },
      { localDate: '2026-10-19', distanceM: 6_000 }, { localDate: '2026-10-18', distanceM: 99_000 },
    ];
    // 42 days back from 2026-11-30 is 2026-10-19 (excluded): 30 km over six weeks.
    expect(recentStart(runs, '2026-11-30')).toEqual({ weeklyKm: 5, longRunKm: 20 });
    expect(recentStart(runs, '2027-06-01')).toEqual({ weeklyKm: null, longRunKm: null });
  });
});

describe('typed errors, never a quietly broken plan', () => {
  const availability: Availability = { daysPerWeek: 4, blockedWeekdays: [5] };
  const start: StartingPoint = { today: '2026-12-28', weeklyKm: 30, longRunKm: 12 };
  const goal: Goal = { raceDate: '2027-03-21', name: 'Rome Half', distanceKm: 21.0975, climbM: 0, priority: 'A' };
  const codeOf = (f: () => unknown) => {
    try {
      f();
    } catch (error) {
      return error instanceof PlanRuleError ? `${error.code}@${error.field}` : String(error);
    }
    return null;
  };
  const templates = planTemplates(goal, availability, start);
  const week1 = (t: SessionTemplate) => t.week === 1;

  it('rejects templates with two long runs in a week, a session on a blocked day, two hard days in a row', () => {
    expect(codeOf(() => validateTemplates(templates, availability))).toBeNull();
    const long = templates.find((t) => week1(t) && t.type === 'long') as SessionTemplate;
    expect(codeOf(() => validateTemplates([...templates, { ...long, weekday: 3 }], availability))).toBe('two-long-runs@templates');
    expect(codeOf(() => validateTemplates(templates.map((t) => (week1(t) && t.type === 'easy' && t.weekday === 3 ? { ...t, weekday: 5 } : t)), availability))).toBe('blocked-day@templates');
    expect(codeOf(() => validateTemplates(templates.map((t) => (week1(t) && t.type === 'easy' && t.weekday === 3 ? { ...t, type: 'tempo', intensity: 'hard' } : t)), availability))).toBe('hard-days-in-a-row@templates');
    expect(codeOf(() => expandPlan(goal, availability, start, undefined, [...templates, { ...long, weekday: 3 }]))).toBe('two-long-runs@templates');
  });

  it('rejects a goal in the past, a race closer than its taper, no training day, a volume of 0 or over 300 km', () => {
    expect(codeOf(() => expandPlan({ ...goal, raceDate: '2026-12-01' }, availability, start))).toBe('goal-in-past@raceDate');
    expect(codeOf(() => expandPlan({ ...goal, raceDate: '2027-01-03' }, availability, start))).toBe('race-too-close@raceDate');
    expect(codeOf(() => expandPlan(goal, { daysPerWeek: 0, blockedWeekdays: [] }, start))).toBe('no-training-days@daysPerWeek');
    expect(codeOf(() => expandPlan(goal, { daysPerWeek: 3, blockedWeekdays: [1, 2, 3, 4, 5, 6, 7] }, start))).toBe('no-training-days@daysPerWeek');
    expect(codeOf(() => expandPlan(goal, { daysPerWeek: 6, blockedWeekdays: [1, 5] }, start))).toBe('no-training-days@daysPerWeek');
    expect(codeOf(() => expandPlan(goal, availability, { ...start, weeklyKm: 0 }))).toBe('volume-out-of-range@weeklyKm');
    expect(codeOf(() => expandPlan(goal, availability, { ...start, weeklyKm: 301 }))).toBe('volume-out-of-range@weeklyKm');
    expect(codeOf(() => expandPlan(goal, availability, start, { taperWeeks: 0, baseShare: 0.5 }))).toBe('race-too-close@taperWeeks');
    // A longer taper chosen by the athlete: the last three weeks taper.
    expect(expandPlan(goal, availability, start, { taperWeeks: 3, baseShare: 0.45 }).weeks.slice(-4).map((w) => w.phase)).toEqual(['specific', 'taper', 'taper', 'taper']);
  });

  it('takes the base weeks the athlete chose, between one week and all but one of the weeks before the taper', () => {
    const weeks = expandPlan(goal, availability, start).weeks;
    const build = weeks.filter((w) => w.phase === 'base' || w.phase === 'specific').length;
    const chosen = expandPlan(goal, availability, start, { taperWeeks: 2, baseShare: 0.45, baseWeeks: 3 }).weeks;
    expect(chosen.filter((w) => w.phase === 'base')).toHaveLength(3);
    expect(chosen.filter((w) => w.phase === 'specific')).toHaveLength(build - 3);
    expect(codeOf(() => expandPlan(goal, availability, start, { taperWeeks: 2, baseShare: 0.45, baseWeeks: build }))).toBe('bad-phases@baseWeeks');
    expect(codeOf(() => expandPlan(goal, availability, start, { taperWeeks: 2, baseShare: 0.45, baseWeeks: 0 }))).toBe('bad-phases@baseWeeks');
  });
});
