import { describe, expect, it } from 'vitest';
import { addDays, mondayOf } from '../../../src/analysis/calendar';
import { applyProposal, movesKeepingRules, planDiff, planProblems, replan, sessionsFollowingWeeks, type PlanState, type Proposal } from '../../../src/analysis/replan';
import type { PlanWeek } from '../../../src/analysis/planBuilder';
import type { TrackedSession } from '../../../src/analysis/sessionMatch';
import type { WellnessDay } from '../../../src/analysis/drift';
import type { ActivityInput } from '../../../src/analysis/types';

/**
 * A small plan by hand, so every number is checkable: five weeks from Mon 2027-01-04 (30, 33, 36,
 * 39 km, then the taper and the race on Sun 2027-02-07). Each build week: Tue intervals (25 %),
 * Thu easy (25 %), Sat easy (20 %), Sun long run (30 %), gym on a free day.
 */
const WEEKS = ['2027-01-04', '2027-01-11', '2027-01-18', '2027-01-25', '2027-02-01'];
const VOLUMES = [30, 33, 36, 39, 20];

function session(date: string, type: TrackedSession['type'], km: number | null, structure = type === 'intervals' ? '6 × 3 min at 5 K–10 K effort, 2 min jog' : `${type} run`): TrackedSession {
  const week = WEEKS.indexOf(mondayOf(date)) + 1;
  const hard = type === 'intervals' || type === 'long' || type === 'race';
  return {
    id: `2027-02-07:${date}:${type}`, date, week, weekday: ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1, phase: week === 5 ? 'race' : week <= 2 ? 'base' : 'specific',
    type, intensity: hard ? 'hard' : type === 'gym' ? 'moderate' : 'easy', structure, distanceKm: km, durationMin: type === 'gym' ? 40 : null, status: 'planned', activityId: null,
  };
}

function plan(gymWeekday = 3): PlanState {
  const sessions: TrackedSession[] = [];
  const weeks: PlanWeek[] = [];
  WEEKS.forEach((ws, i) => {
    const v = VOLUMES[i] as number;
    if (i < 4) {
      sessions.push(
        session(addDays(ws, 1), 'intervals', v * 0.25), session(addDays(ws, gymWeekday - 1), 'gym', null), session(addDays(ws, 3), 'easy', v * 0.25),
        session(addDays(ws, 5), 'easy', v * 0.2), session(addDays(ws, 6), 'long', v * 0.3),
      );
    } else {
      sessions.push(session(addDays(ws, 1), 'easy', 5), session(addDays(ws, 3), 'easy', 5), session(addDays(ws, 6), 'race', 21.1));
    }
    weeks.push({
      weekStart: ws, week: `2027-W0${i + 1}`, phase: i === 4 ? 'taper' : i < 2 ? 'base' : 'specific', distanceKm: i === 4 ? 31.1 : v, vertM: null,
      longRunKm: i < 4 ? v * 0.3 : null, gym: i < 4 ? 1 : 0, series: i < 4 ? 1 : 0, recovery: false, races: [], notes: null,
    });
  });
  return { sessions, weeks };
}

let nextId = 1;
function act(sport: string, localDate: string, km: number | null, paceS: number, avgHr: number | null): ActivityInput {
  const id = nextId++;
  return {
    id, sport, localDate, startMs: Date.parse(`${localDate}T07:00:00Z`) + id, distanceM: km === null ? null : km * 1000, elapsedS: 2400,
    timerS: km === null ? 2400 : km * paceS, movingS: km === null ? 2400 : km * paceS, ascentM: null, avgHr, maxHr: avgHr === null ? null : avgHr + 10, trainingLoad: null,
  };
}

/** Every session before `today` done as planned (easy runs at 130 bpm and `easyPaceS`), except those on `skip` dates. */
function history(state: PlanState, today: string, { skip = [] as string[], easyPaceS = 360, from = '2000-01-01' } = {}): ActivityInput[] {
  return state.sessions.filter((s) => s.date < today && s.date >= from && !skip.includes(s.date)).map((s) => s.type === 'gym'
    ? act('strength_training', s.date, null, 0, null)
    : act('running', s.date, s.distanceKm, s.intensity === 'easy' ? easyPaceS : 300, s.intensity === 'easy' ? 130 : 165));
}

/** Easy runs in December (before the plan): the pace baseline's four weeks. */
function december(paceS: number): ActivityInput[] {
  return ['2026-12-12', '2026-12-15', '2026-12-19', '2026-12-22', '2026-12-26', '2026-12-29', '2027-01-02'].map((d) => act('running', d, 8, paceS, 130));
}

const availability = { daysPerWeek: 4, blockedWeekdays: [5] };
const kinds = (ps: Proposal[]) => ps.map((p) => p.kind);
const none = new Set<string>();

describe('replanning: no drift, no proposal', () => {
  it('a plan followed to the letter gives no finding and nothing to change', () => {
    const state = plan();
    const r = replan({ planStart: '2027-01-04', today: '2027-01-20', state, availability, activities: history(state, '2027-01-20'), wellness: [], decided: none });
    expect(r.report).toMatchObject({ from: '2027-01-06', to: '2027-01-19', findings: [] });
    expect(r.proposals).toEqual([]);
  });

  it('one skipped easy run of ten sessions is information only: nothing proposed', () => {
    const state = plan();
    const r = replan({ planStart: '2027-01-04', today: '2027-01-20', state, availability, activities: history(state, '2027-01-20', { skip: ['2027-01-14'] }), wellness: [], decided: none });
    expect(r.report.findings.map((f) => [f.kind, f.severity])).toEqual([['skipped_sessions', 'info']]);
    expect(r.proposals).toEqual([]);
  });

  it('a faster easy pace at the same heart rate is good news: a finding, no change', () => {
    const state = plan();
    const activities = [...december(390), ...history(state, '2027-01-20', { easyPaceS: 360 })];
    const r = replan({ planStart: '2027-01-04', today: '2027-01-20', state, availability, activities, wellness: [], decided: none });
    expect(r.report.findings).toEqual([expect.objectContaining({ kind: 'pace_drift', direction: 'faster', severity: 'info' })]);
    expect(r.proposals).toEqual([]);
  });
});

describe('replanning: skipped sessions', () => {
  // Skipped: Sat 01-16 easy, Sun 01-17 long, Tue 01-19 intervals: 3 of 10 sessions in the window.
  const skip = ['2027-01-16', '2027-01-17', '2027-01-19'];

  it('moves the last skipped key session to the first day that breaks no rule, and holds next week at this week\'s volume', () => {
    const state = plan();
    const r = replan({ planStart: '2027-01-04', today: '2027-01-20', state, availability, activities: history(state, '2027-01-20', { skip }), wellness: [], decided: none });
    const skipped = r.report.findings.find((f) => f.kind === 'skipped_sessions');
    expect(skipped).toMatchObject({ planned: 10, done: 7, skipped: 3, severity: 'warning' });
    // Two missed in the last 3 days would move the rest of the week later, but its long run would
    // land in next week beside next week's: never offered.
    expect(kinds(r.proposals)).toEqual(['move-session', 'hold-volume', 'reduce-volume']);
    const move = r.proposals[0] as Proposal;
    // Wednesday 01-20 holds only the gym: the intervals go there (Thursday's easy run is not hard).
    expect(move.detail).toEqual({ kind: 'move-session', sessionId: '2027-02-07:2027-01-19:intervals', days: 1 });
    expect(move.sessionChanges.map((c) => [c.before.date, c.after.date, c.after.weekday, c.after.week])).toEqual([['2027-01-19', '2027-01-20', 3, 3]]);
    const hold = r.proposals[1] as Proposal;
    expect(hold.detail).toEqual({ kind: 'hold-volume', weekStart: '2027-01-25', km: 36 });
    expect(hold.weekChanges.map((w) => [w.before.distanceKm, w.after.distanceKm])).toEqual([[39, 36]]);
    // Sessions of the held week, each 36/39 of what it was, rounded down to 0.1 km.
    expect(hold.sessionChanges.map((c) => c.after.distanceKm)).toEqual([9, 9, 7.2, 10.8]);
  });

  it('a move that would break a rule is never offered: Wednesday blocked, Thursday taken, Friday blocked', () => {
    const state = plan(1);
    const r = replan({ planStart: '2027-01-04', today: '2027-01-20', state, availability: { daysPerWeek: 4, blockedWeekdays: [3, 5] }, activities: history(state, '2027-01-20', { skip }), wellness: [], decided: none });
    expect(kinds(r.proposals)).not.toContain('move-session');
    expect(kinds(r.proposals)).toContain('hold-volume');
  });

  it('a proposal accepted or rejected before is not offered again', () => {
    const state = plan();
    const r = replan({ planStart: '2027-01-04', today: '2027-01-20', state, availability, activities: history(state, '2027-01-20', { skip }), wellness: [], decided: new Set(['hold-volume:2027-01-25', 'move-session:2027-02-07:2027-01-19:intervals']) });
    expect(kinds(r.proposals)).toEqual(['reduce-volume']);
  });
});

describe('replanning: distance drift', () => {
  it('under plan: next week reduced to the share run (within 70–90 %), and the weeks after climb back at most 10 % a week', () => {
    const state = plan();
    // Every run done at 60 % of its distance.
    const activities = history(state, '2027-01-20').map((a) => (a.distanceM === null ? a : { ...a, distanceM: a.distanceM * 0.6, movingS: (a.movingS as number) * 0.6 }));
    const r = replan({ planStart: '2027-01-04', today: '2027-01-20', state, availability, activities, wellness: [], decided: none });
    expect(r.report.findings.map((f) => f.kind)).toEqual(['distance_drift']);
    const reduce = r.proposals.find((p) => p.kind === 'reduce-volume') as Proposal;
    expect(reduce.detail).toEqual({ kind: 'reduce-volume', weekStart: '2027-01-25', factor: 0.7 });
    // 39 km at 70 %: 9.75, 9.75, 7.8 and 11.7 km each rounded down to 0.1 km (6.8, 6.8, 5.4, 8.1),
    // the 0.2 km rounding given back to the last run that is not the long one.
    expect(reduce.weekChanges.map((w) => [w.before.weekStart, w.after.distanceKm])).toEqual([['2027-01-25', 27.3]]);
    expect(reduce.sessionChanges.map((c) => c.after.distanceKm)).toEqual([6.8, 6.8, 5.6, 8.1]);
    expect(planProblems(applyProposal(state, reduce.detail, '2027-01-20'), availability)).toEqual([]);
  });

  it('over plan: next week held at this week\'s volume', () => {
    const state = plan();
    const activities = history(state, '2027-01-20').map((a) => (a.distanceM === null ? a : { ...a, distanceM: a.distanceM * 1.4, movingS: (a.movingS as number) * 1.4 }));
    const r = replan({ planStart: '2027-01-04', today: '2027-01-20', state, availability, activities, wellness: [], decided: none });
    expect(r.report.findings.map((f) => [f.kind, 'direction' in f ? f.direction : null])).toEqual([['distance_drift', 'over']]);
    expect(kinds(r.proposals)).toEqual(['hold-volume']);
  });
});

describe('replanning: easy pace slower at the same heart rate', () => {
  it('a warning (10–20 s/km) removes one rep block from the next quality session; an alert makes it easy', () => {
    const state = plan();
    const warning = replan({ planStart: '2027-01-04', today: '2027-01-20', state, availability, activities: [...december(360), ...history(state, '2027-01-20', { easyPaceS: 375 })], wellness: [], decided: none });
    expect(warning.report.findings).toEqual([expect.objectContaining({ kind: 'pace_drift', direction: 'slower', severity: 'warning' })]);
    expect(kinds(warning.proposals)).toEqual(['remove-reps']);
    const after = (warning.proposals[0] as Proposal).sessionChanges[0]?.after;
    expect(after).toMatchObject({ id: '2027-02-07:2027-01-26:intervals', structure: '5 × 3 min at 5 K–10 K effort, 2 min jog', distanceKm: 9.1 });

    const alert = replan({ planStart: '2027-01-04', today: '2027-01-20', state, availability, activities: [...december(360), ...history(state, '2027-01-20', { easyPaceS: 390 })], wellness: [], decided: none });
    expect(alert.report.findings).toEqual([expect.objectContaining({ kind: 'pace_drift', severity: 'alert' })]);
    expect(kinds(alert.proposals)).toEqual(['swap-type']);
    expect((alert.proposals[0] as Proposal).sessionChanges[0]?.after).toMatchObject({ type: 'easy', intensity: 'easy', distanceKm: 9.75 });
  });
});

describe('replanning: recovery slump', () => {
  /** 35 days of wellness to `asOf`, the last 7 changed by `recent`. */
  function wellness(asOf: string, recent: Partial<WellnessDay>): WellnessDay[] {
    return Array.from({ length: 35 }, (_, i) => {
      const date = addDays(asOf, i - 34);
      const base = { date, hrvMs: 60 + (i % 3), restingHr: 48 + (i % 2), sleepS: 7.5 * 3600 };
      return i >= 28 ? { ...base, ...recent } : base;
    });
  }

  it('one signal eases the next hard session of the next 3 days', () => {
    const state = plan();
    const today = '2027-01-18';
    const r = replan({ planStart: '2027-01-04', today, state, availability, activities: history(state, today), wellness: wellness('2027-01-17', { restingHr: 56 }), decided: none });
    expect(r.report.findings).toEqual([expect.objectContaining({ kind: 'recovery_slump', severity: 'warning', signals: ['resting_hr'] })]);
    expect(kinds(r.proposals)).toEqual(['swap-type']);
    expect(r.proposals[0]?.detail).toEqual({ kind: 'swap-type', sessionId: '2027-02-07:2027-01-19:intervals', from: 'intervals' });
  });

  it('two signals make this week a recovery week (72 %, no hard session), and next week climbs from the week before it', () => {
    const state = plan();
    const today = '2027-01-18';
    const r = replan({ planStart: '2027-01-04', today, state, availability, activities: history(state, today), wellness: wellness('2027-01-17', { restingHr: 56, sleepS: 5 * 3600 }), decided: none });
    expect(r.report.findings).toEqual([expect.objectContaining({ kind: 'recovery_slump', severity: 'alert' })]);
    const p = r.proposals[0] as Proposal;
    expect(p.kind).toBe('insert-recovery-week');
    const week3 = p.weekChanges.find((w) => w.after.weekStart === '2027-01-18');
    // 9, 9, 7.2 and 10.8 km at 72 %, rounded down: 6.4 + 6.4 + 5.1 + 7.7.
    expect(week3?.after).toMatchObject({ recovery: true, distanceKm: 25.6, series: 0 });
    // Week 4 (39 km) may climb 10 % from week 2 (33 km): 36.3 km.
    const week4 = p.weekChanges.find((w) => w.after.weekStart === '2027-01-25');
    expect(week4?.after.distanceKm).toBeLessThanOrEqual(36.3);
    expect(p.sessionChanges.filter((c) => c.before.date < '2027-01-25').every((c) => c.after.type !== 'intervals')).toBe(true);
  });
});

describe('plan rules on dates', () => {
  it('names each rule a plan breaks; a skipped session frees its day but keeps its planned kilometres', () => {
    const state = plan();
    const broken = state.sessions.map((s) => (s.date === '2027-01-19' ? { ...s, date: '2027-01-17', type: 'long' as const } : s.date === '2027-01-21' ? { ...s, date: '2027-01-22' } : s));
    expect(planProblems({ ...state, sessions: broken }, availability).sort()).toEqual([
      'blocked:2027-02-07:2027-01-21:easy', 'long-share:2027-01-18', 'ramp:2027-01-11', 'ramp:2027-01-25', 'two-long:2027-01-11', 'two-runs:2027-01-17',
    ]);
    expect(planProblems({ ...state, sessions: broken.map((s) => (s.id === '2027-02-07:2027-01-19:intervals' || s.id === '2027-02-07:2027-01-21:easy' ? { ...s, status: 'skipped' as const } : s)) }, availability).sort())
      .toEqual(['long-share:2027-01-18', 'ramp:2027-01-11', 'ramp:2027-01-25']);
  });
});

describe('moving by hand: only the shifts that keep the rules', () => {
  it('a session alone, or with the rest of its week: a long run never lands in next week, nothing moves before today', () => {
    const state = plan();
    const free = { daysPerWeek: 4, blockedWeekdays: [] };
    const today = '2027-01-20';
    // Saturday's easy run and Sunday's long run one day earlier: Friday and Saturday. Later, the long
    // run meets next week's; two earlier, Saturday's run meets Thursday's.
    const block = movesKeepingRules(state, free, today, (days) => ({ kind: 'move-block', weekStart: '2027-01-18', fromDate: '2027-01-23', days }));
    expect(block).toEqual([-1]);
    const moved = applyProposal(state, { kind: 'move-block', weekStart: '2027-01-18', fromDate: '2027-01-23', days: -1 }, today);
    expect(planDiff(state, moved).sessionChanges.map((c) => [c.before.date, c.after.date, c.after.weekday])).toEqual([['2027-01-23', '2027-01-22', 5], ['2027-01-24', '2027-01-23', 6]]);
    // Friday blocked: Saturday's block cannot move at all; Thursday's easy run alone may go to Wednesday
    // (gym only) or… not Friday, not Saturday (a run there), not back before today.
    expect(movesKeepingRules(state, availability, today, (days) => ({ kind: 'move-block', weekStart: '2027-01-18', fromDate: '2027-01-23', days }))).toEqual([]);
    expect(movesKeepingRules(state, availability, today, (days) => ({ kind: 'move-session', sessionId: '2027-02-07:2027-01-21:easy', days }))).toEqual([-1]);
  });
});

describe('a built plan\'s sessions follow the Plan cell\'s weeks', () => {
  it('the long run takes the new long-run distance, the week\'s other runs to come share the rest; past and done runs stay', () => {
    const state = plan();
    const today = '2027-01-20';
    // Week 3 (36 km: Tue 9 past, Thu 9, Sat 7.2, Sun long 10.8) becomes 40 km with a 12 km long run.
    const after = state.weeks.map((w) => (w.weekStart === '2027-01-18' ? { ...w, distanceKm: 40, longRunKm: 12 } : w));
    const changed = sessionsFollowingWeeks(state.sessions, state.weeks, after, today);
    // 40 − 9 (Tuesday, past) − 12 (long) = 19 km over Thursday and Saturday, 9 : 7.2 as before.
    expect(changed.map((s) => [s.date, s.type, s.distanceKm])).toEqual([['2027-01-21', 'easy', 10.5], ['2027-01-23', 'easy', 8.5], ['2027-01-24', 'long', 12]]);
    expect(round(changed.reduce((a, s) => a + (s.distanceKm ?? 0), 0) + 9)).toBe(40);
    // A week untouched, or a week wholly in the past, changes nothing.
    expect(sessionsFollowingWeeks(state.sessions, state.weeks, state.weeks, today)).toEqual([]);
    const past = state.weeks.map((w) => (w.weekStart === '2027-01-04' ? { ...w, distanceKm: 50 } : w));
    expect(sessionsFollowingWeeks(state.sessions, state.weeks, past, today)).toEqual([]);
  });
});

const round = (x: number) => Math.round(x * 10) / 10;

describe('a plan built in the middle of its first week', () => {
  it('asks nothing of the days before it was built: no skipped session, no distance drift from them', () => {
    const state = plan();
    // Built on Thursday 2027-01-07, looked at on Friday: Monday to Wednesday were never asked for.
    const r = replan({ planStart: '2027-01-07', today: '2027-01-08', state, availability, activities: [], wellness: [], decided: none });
    expect(r.report.findings.map((f) => f.kind)).toEqual(['skipped_sessions', 'distance_drift']);
    expect(r.report.findings[0]).toMatchObject({ planned: 1, skipped: 1 });
    expect(r.report.findings[1]).toMatchObject({ plannedKm: 7.5 });
    const sameDay = replan({ planStart: '2027-01-08', today: '2027-01-08', state, availability, activities: [], wellness: [], decided: none });
    expect(sameDay.report.findings).toEqual([]);
  });
});
