import type { Db } from './db';
import type { PlanInfo, PlanWeekInput } from '../database';
import type { PlannedSession } from '../analysis/planBuilder';

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
  inTransaction(db, () => writeWeeks(db, planId, weeks));
}

function writeWeeks(db: Db, planId: number, weeks: readonly PlanWeekInput[]): void {
  db.run('DELETE FROM plan_weeks WHERE plan_id = ?', [planId]);
  for (const w of weeks) {
    db.run(
      `INSERT INTO plan_weeks (plan_id, week_start, week, phase, distance_km, vert_m, long_run_km, gym, series, recovery, races, notes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [planId, w.weekStart, w.week, w.phase, w.distanceKm, w.vertM, w.longRunKm, w.gym, w.series, w.recovery ? 1 : 0, JSON.stringify(w.races), w.notes],
    );
  }
}

function inTransaction(db: Db, fn: () => void): void {
  db.run('BEGIN');
  try {
    fn();
    db.run('COMMIT');
  } catch (error) {
    db.run('ROLLBACK');
    throw error;
  }
}

/**
 * A plan built from a goal (analysis/planBuilder.ts): the plan, its weeks, its dated sessions and
 * the goal, all or nothing. A taken name gets a number ("Rome Half 2").
 */
export function createPlanFromGoal(db: Db, name: string, goal: unknown, weeks: readonly PlanWeekInput[], sessions: readonly PlannedSession[]): number {
  let id = 0;
  inTransaction(db, () => {
    let unique = name.trim() || 'Goal plan';
    for (let n = 2; db.value('SELECT 1 FROM plans WHERE name = ?', [unique]) !== undefined; n++) unique = `${name.trim()} ${n}`;
    const now = new Date().toISOString();
    db.run('INSERT INTO plans (name, created_at) VALUES (?, ?)', [unique, now]);
    id = db.lastInsertId();
    writeWeeks(db, id, weeks);
    db.run('INSERT INTO plan_goals (plan_id, goal_json, created_at) VALUES (?, ?, ?)', [id, JSON.stringify(goal), now]);
    for (const s of sessions) {
      db.run(
        `INSERT INTO plan_sessions (plan_id, id, date, week, weekday, phase, type, intensity, structure, distance_km, duration_min)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [id, s.id, s.date, s.week, s.weekday, s.phase, s.type, s.intensity, s.structure, s.distanceKm, s.durationMin],
      );
    }
  });
  return id;
}

/** A plan's dated sessions (none for a plan written by hand), in date order. */
export function planSessions(db: Db, planId: number): PlannedSession[] {
  return db.all<{ id: string; date: string; week: number; weekday: number; phase: string; type: string; intensity: string; structure: string; distance_km: number | null; duration_min: number | null }>(
    'SELECT id, date, week, weekday, phase, type, intensity, structure, distance_km, duration_min FROM plan_sessions WHERE plan_id = ? ORDER BY date, type = \'gym\', id', [planId],
  ).map((r) => ({
    id: r.id, date: r.date, week: r.week, weekday: r.weekday, phase: r.phase as PlannedSession['phase'], type: r.type as PlannedSession['type'],
    intensity: r.intensity as PlannedSession['intensity'], structure: r.structure, distanceKm: r.distance_km, durationMin: r.duration_min,
  }));
}

/** Renames a plan; names are unique, so a taken name is refused in the plan cell's words. */
export function renamePlan(db: Db, planId: number, name: string): void {
  const clean = name.trim();
  if (!clean) throw new Error('A plan needs a name.');
  if (db.value('SELECT 1 FROM plans WHERE name = ? AND id != ?', [clean, planId]) !== undefined) throw new Error(`Another plan is already called "${clean}".`);
  db.run('UPDATE plans SET name = ? WHERE id = ?', [clean, planId]);
}

/** Deletes a plan with its weeks, sessions and goal (one transaction). */
export function deletePlan(db: Db, planId: number): void {
  inTransaction(db, () => {
    db.run('DELETE FROM plan_weeks WHERE plan_id = ?', [planId]);
    db.run('DELETE FROM plan_sessions WHERE plan_id = ?', [planId]);
    db.run('DELETE FROM plan_goals WHERE plan_id = ?', [planId]);
    db.run('DELETE FROM plans WHERE id = ?', [planId]);
  });
}
