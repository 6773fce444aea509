import type { Db } from './db';
import type { PlanInfo, PlanWeekInput } from '../database';

/** Training plans in SQLite (docs/schema.md "plans, plan_weeks"); several may exist. */

export function listPlans(db: Db): PlanInfo[] {
  return db.all<PlanInfo>('SELECT id, name FROM plans ORDER BY id');
}

export function createPlan(db: Db, name: string): number {
  db.run('INSERT INTO plans (name, created_at) VALUES (?, ?)', [name, new Date().toISOString()]);
  return db.lastInsertId();
}

interface PlanWeekRow {
  week_start: string; week: string; phase: string | null; distance_km: number | null; vert_m: number | null;
  long_run_km: number | null; gym: number | null; series: number | null; recovery: number; races: string; notes: string | null;
}

export function planWeeks(db: Db, planId: number): PlanWeekInput[] {
  return db.all<PlanWeekRow>('SELECT * FROM plan_weeks WHERE plan_id = ? ORDER BY week_start', [planId]).map((r) => ({
    weekStart: r.week_start, week: r.week, phase: r.phase, distanceKm: r.distance_km, vertM: r.vert_m, longRunKm: r.long_run_km,
    gym: r.gym, series: r.series, recovery: r.recovery === 1, races: JSON.parse(r.races) as PlanWeekInput['races'], notes: r.notes,
  }));
}

/** Replaces a plan's weeks in one transaction (the plan cell saves its whole table). */
export function savePlanWeeks(db: Db, planId: number, weeks: readonly PlanWeekInput[]): void {
  db.run('BEGIN');
  try {
    db.run('DELETE FROM plan_weeks WHERE plan_id = ?', [planId]);
    for (const w of weeks) {
      db.run(
        `INSERT INTO plan_weeks (plan_id, week_start, week, phase, distance_km, vert_m, long_run_km, gym, series, recovery, races, notes)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [planId, w.weekStart, w.week, w.phase, w.distanceKm, w.vertM, w.longRunKm, w.gym, w.series, w.recovery ? 1 : 0, JSON.stringify(w.races), w.notes],
      );
    }
    db.run('COMMIT');
  } catch (error) {
    db.run('ROLLBACK');
    throw error;
  }
}

/** Renames a plan; names are unique, so a taken name is refused in the plan cell's words. */
export function renamePlan(db: Db, planId: number, name: string): void {
  const clean = name.trim();
  if (!clean) throw new Error('A plan needs a name.');
  if (db.value('SELECT 1 FROM plans WHERE name = ? AND id != ?', [clean, planId]) !== undefined) throw new Error(`Another plan is already called "${clean}".`);
  db.run('UPDATE plans SET name = ? WHERE id = ?', [clean, planId]);
}

/** Deletes a plan and its weeks (one transaction). */
export function deletePlan(db: Db, planId: number): void {
  db.run('BEGIN');
  try {
    db.run('DELETE FROM plan_weeks WHERE plan_id = ?', [planId]);
    db.run('DELETE FROM plans WHERE id = ?', [planId]);
    db.run('COMMIT');
  } catch (error) {
    db.run('ROLLBACK');
    throw error;
  }
}
