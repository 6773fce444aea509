import { describe, expect, it } from 'vitest';
import { openMemoryDb } from '../../../src/db/node';
import { createPlan, deletePlan, listPlans, planWeeks, renamePlan, savePlanWeeks } from '../../../src/db/plans';
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
