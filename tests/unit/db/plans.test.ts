import { describe, expect, it } from 'vitest';
import { openMemoryDb } from '../../../src/db/node';
import { createPlan, createPlanFromGoal, deletePlan, listPlans, planSessions, planWeeks, renamePlan, savePlanWeeks } from '../../../src/db/plans';
import { expandPlan } from '../../../src/analysis/planBuilder';
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
  const built = expandPlan(
    { raceDate: '2027-03-21', name: 'Rome Half', distanceKm: 21.0975, climbM: 0, priority: 'A' },
    { daysPerWeek: 4, blockedWeekdays: [5] },
    { today: '2026-12-28', weeklyKm: 30, longRunKm: 12 },
  );

  it('saves the plan, its weeks, sessions and goal together; a taken name gets a number; deleting removes all of it', async () => {
    const db = await openMemoryDb();
    const id = createPlanFromGoal(db, 'Rome Half', { goal: 'x' }, built.weeks, built.sessions);
    expect(planWeeks(db, id)).toEqual(built.weeks);
    expect(planSessions(db, id).map((s) => s.id).sort()).toEqual(built.sessions.map((s) => s.id).sort());
    expect(planSessions(db, id).find((s) => s.type === 'race')).toMatchObject({ date: '2027-03-21', distanceKm: 21.0975 });
    const again = createPlanFromGoal(db, 'Rome Half', { goal: 'x' }, built.weeks, built.sessions);
    expect(listPlans(db).map((p) => p.name)).toEqual(['Rome Half', 'Rome Half 2']);
    deletePlan(db, again);
    expect(db.value('SELECT count(*) FROM plan_sessions WHERE plan_id = ?', [again])).toBe(0);
    expect(db.value('SELECT count(*) FROM plan_goals WHERE plan_id = ?', [again])).toBe(0);
  });

  it('saves nothing half way: a session that cannot be written leaves no plan, no weeks', async () => {
    const db = await openMemoryDb();
    const twice = [...built.sessions, built.sessions[0]!];
    expect(() => createPlanFromGoal(db, 'Rome Half', {}, built.weeks, twice)).toThrow();
    expect(listPlans(db)).toEqual([]);
    expect(db.value('SELECT count(*) FROM plan_weeks')).toBe(0);
    expect(db.value('SELECT count(*) FROM plan_sessions')).toBe(0);
  });
});
