import { describe, expect, it } from 'vitest';
import { openMemoryDb } from '../../../src/db/node';
import { applyPlanChange, builtPlan, createPlan, createPlanFromGoal, deletePlan, listPlans, planChanges, planSessions, planWeeks, rejectProposal, renamePlan, savePlanWeeks, setSessionStatus, undoPlanChange } from '../../../src/db/plans';
import { expandPlan } from '../../../src/analysis/planBuilder';
import { mondayOf } from '../../../src/analysis/calendar';
import { emptyWeek } from '../../../src/notebook/planWeek';

describe('plans: renamed and deleted', () => {
  it('renames to a free name only, and deletes a plan with its weeks, leaving the others', async () => {
    const db = await openMemoryDb();
    const a = createPlan(db, 'A plan');
    const b = createPlan(db, 'B plan');
    savePlanWeeks(db, a, [emptyWeek('2026-03-02'), emptyWeek('2026-03-09')]);
    savePlanWeeks(db, b, [emptyWeek('2026-03-02')]);
    renamePlan(db, a, '  Berlin marathon block ');
    expect(listPlans(db).map((p) => p.name)).toEqual(['Berlin marathon block', 'B plan']);
    expect(() => renamePlan(db, b, 'Berlin marathon block')).toThrow('Another plan is already called "Berlin marathon block".');
    expect(() => renamePlan(db, b, ' ')).toThrow('A plan needs a name.');
    deletePlan(db, a);
    expect(listPlans(db).map((p) => p.id)).toEqual([b]);
    expect(db.value('SELECT count(*) FROM plan_weeks WHERE plan_id = ?', [a])).toBe(0);
    expect(planWeeks(db, b)).toHaveLength(1);
  });
});

describe('plans built from a goal', () => {
  const goal = { raceDate: '2027-03-21', name: 'Rome Half', distanceKm: 21.0975, climbM: 0, priority: 'A' as const };
  const availability = { daysPerWeek: 4, blockedWeekdays: [5] };
  const start = { today: '2026-12-28', weeklyKm: 30, longRunKm: 12 };
  const record = { goal, availability, start, taperWeeks: 2 };
  const built = expandPlan(goal, availability, start);
  const idOf = (r: ReturnType<typeof createPlanFromGoal>) => {
    if (!('planId' in r)) throw new Error(r.problem.message);
    return r.planId;
  };

  it('saves the plan, its weeks, sessions and goal together; a taken name gets a number; deleting removes all of it', async () => {
    const db = await openMemoryDb();
    createPlan(db, 'Rome Half');
    const id = idOf(createPlanFromGoal(db, 'Rome Half', record, built.weeks, built.sessions));
    expect(listPlans(db).map((p) => p.name)).toEqual(['Rome Half', 'Rome Half 2']);
    expect(planWeeks(db, id)).toEqual(built.weeks);
    expect(planSessions(db, id).map((s) => s.id).sort()).toEqual(built.sessions.map((s) => s.id).sort());
    expect(planSessions(db, id).find((s) => s.type === 'race')).toMatchObject({ date: '2027-03-21', distanceKm: 21.0975, status: 'planned', activityId: null });
    expect(builtPlan(db, id)?.goal).toEqual(record);
    deletePlan(db, id);
    expect(db.value('SELECT count(*) FROM plan_sessions WHERE plan_id = ?', [id])).toBe(0);
    expect(db.value('SELECT count(*) FROM plan_goals WHERE plan_id = ?', [id])).toBe(0);
  });

  it('refuses a second goal whose plan overlaps the first, at the race date, saving nothing; after the first race, or once it is deleted, a new goal is fine', async () => {
    const db = await openMemoryDb();
    const first = idOf(createPlanFromGoal(db, 'Rome Half', record, built.weeks, built.sessions));
    const later = { ...goal, raceDate: '2027-05-02', name: 'Spring 10K', distanceKm: 10 };
    const second = expandPlan(later, availability, start);
    const refused = createPlanFromGoal(db, 'Spring 10K', { ...record, goal: later }, second.weeks, second.sessions);
    expect(refused).toEqual({ problem: { field: 'raceDate', message: expect.stringContaining('“Rome Half” runs until its race on 2027-03-21') } });
    expect(listPlans(db)).toHaveLength(1);
    expect(db.value('SELECT count(*) FROM plan_sessions WHERE plan_id != ?', [first])).toBe(0);
    // Built after the Rome race: no overlap.
    const after = { ...start, today: '2027-03-22' };
    expect('planId' in createPlanFromGoal(db, 'Spring 10K', { goal: later, availability, start: after, taperWeeks: 1 }, expandPlan(later, availability, after).weeks, [])).toBe(true);
    deletePlan(db, first);
  });

  it('saves nothing half way: a session that cannot be written leaves no plan, no weeks', async () => {
    const db = await openMemoryDb();
    const twice = [...built.sessions, built.sessions[0]!];
    expect(() => createPlanFromGoal(db, 'Rome Half', record, built.weeks, twice)).toThrow();
    expect(listPlans(db)).toEqual([]);
    expect(db.value('SELECT count(*) FROM plan_weeks')).toBe(0);
    expect(db.value('SELECT count(*) FROM plan_sessions')).toBe(0);
  });

  it('a week edited in the Plan cell carries its sessions to come with it, in the same transaction; without today, only the weeks', async () => {
    const db = await openMemoryDb();
    const id = idOf(createPlanFromGoal(db, 'Rome Half', record, built.weeks, built.sessions));
    const week = built.weeks[5]!;
    const edited = built.weeks.map((w) => (w.weekStart === week.weekStart ? { ...w, distanceKm: (w.distanceKm as number) + 5 } : w));
    savePlanWeeks(db, id, edited);
    expect(planSessions(db, id)).toEqual(built.sessions.map((s) => ({ ...s, status: 'planned', activityId: null })).sort((a, b) => a.date.localeCompare(b.date) || Number(a.type === 'gym') - Number(b.type === 'gym') || a.id.localeCompare(b.id)));
    savePlanWeeks(db, id, built.weeks);
    savePlanWeeks(db, id, edited, start.today);
    const runs = planSessions(db, id).filter((s) => mondayOf(s.date) === week.weekStart && s.type !== 'gym');
    expect(Math.round(runs.reduce((a, s) => a + (s.distanceKm ?? 0), 0) * 10) / 10).toBe(Math.round(((week.distanceKm as number) + 5) * 10) / 10);
    expect(runs.find((s) => s.type === 'long')?.distanceKm).toBe(week.longRunKm);
  });

  it('marks sessions done (with the activity), skipped and planned again; an unknown session is refused', async () => {
    const db = await openMemoryDb();
    const id = idOf(createPlanFromGoal(db, 'Rome Half', record, built.weeks, built.sessions));
    const [a, b] = built.sessions;
    setSessionStatus(db, id, a!.id, 'done', 42);
    setSessionStatus(db, id, b!.id, 'skipped', 42);
    const byId = new Map(planSessions(db, id).map((s) => [s.id, s]));
    expect(byId.get(a!.id)).toMatchObject({ status: 'done', activityId: 42 });
    expect(byId.get(b!.id)).toMatchObject({ status: 'skipped', activityId: null });
    setSessionStatus(db, id, a!.id, 'planned', null);
    expect(planSessions(db, id).find((s) => s.id === a!.id)).toMatchObject({ status: 'planned', activityId: null });
    expect(() => setSessionStatus(db, id, 'nope', 'skipped', null)).toThrow('no longer in the plan');
  });

  it('applies a change to sessions and weeks in one transaction, undoes it exactly, and records rejections', async () => {
    const db = await openMemoryDb();
    const id = idOf(createPlanFromGoal(db, 'Rome Half', record, built.weeks, built.sessions));
    const sessionsBefore = planSessions(db, id);
    const weeksBefore = planWeeks(db, id);
    const target = sessionsBefore.find((s) => s.type === 'tempo')!;
    const week = weeksBefore.find((w) => w.weekStart === mondayOf(target.date))!;
    const change = {
      proposalId: `swap-type:${target.id}`, kind: 'swap-type', summary: 'Easy instead of tempo',
      sessions: [{ ...target, type: 'easy' as const, intensity: 'easy' as const }], weeks: [{ ...week, series: 0 }],
    };
    const changeId = applyPlanChange(db, id, change);
    // A later change on the same session: the older one cannot be undone under it.
    const later = applyPlanChange(db, id, { ...change, proposalId: 'remove-reps:x', kind: 'remove-reps', sessions: [{ ...change.sessions[0]!, distanceKm: 1 }], weeks: [] });
    expect(() => undoPlanChange(db, id, changeId)).toThrow('undo it first');
    undoPlanChange(db, id, later);
    // Marked by hand since the change: undoing it would lose the mark, so it is refused and nothing moves.
    setSessionStatus(db, id, target.id, 'done', 7);
    const marked = planSessions(db, id);
    expect(() => undoPlanChange(db, id, changeId)).toThrow('changed these sessions');
    expect(planSessions(db, id)).toEqual(marked);
    setSessionStatus(db, id, target.id, 'planned', null);
    expect(planSessions(db, id).find((s) => s.id === target.id)).toMatchObject({ type: 'easy', intensity: 'easy' });
    expect(planWeeks(db, id).find((w) => w.weekStart === week.weekStart)?.series).toBe(0);
    expect(planChanges(db, id)).toEqual([expect.objectContaining({ id: later, status: 'undone' }), expect.objectContaining({ id: changeId, proposalId: change.proposalId, status: 'accepted' })]);
    undoPlanChange(db, id, changeId);
    expect(planSessions(db, id)).toEqual(sessionsBefore);
    expect(planWeeks(db, id)).toEqual(weeksBefore);
    expect(() => undoPlanChange(db, id, changeId)).toThrow('already undone');
    // A change naming a session no longer in the plan writes nothing.
    expect(() => applyPlanChange(db, id, { ...change, sessions: [change.sessions[0]!, { ...target, id: 'gone' }] })).toThrow('no longer in the plan');
    expect(planSessions(db, id)).toEqual(sessionsBefore);
    rejectProposal(db, id, 'hold-volume:2027-01-04', 'hold-volume', 'Hold next week');
    expect(planChanges(db, id).map((c) => [c.proposalId, c.status])).toEqual([['hold-volume:2027-01-04', 'rejected'], ['remove-reps:x', 'undone'], [change.proposalId, 'undone']]);
  });
});
