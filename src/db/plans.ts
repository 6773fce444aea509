import type { Db } from './db';
import type { BuiltPlanState, CreatePlanResult, PlanChangeInput, PlanChangeRecord, PlanGoalRecord, PlanInfo, PlanWeekInput } from '../database';
import { overlappingGoal, type PlannedSession } from '../analysis/planBuilder';
import { sessionsFollowingWeeks } from '../analysis/replan';
import type { SessionStatus, TrackedSession } from '../analysis/sessionMatch';

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

/**
 * Replaces a plan's weeks in one transaction (the plan cell saves its whole table). For a plan
 * built from a goal, given the athlete's `today`, the sessions to come of each week whose distance
 * or long run changed follow it (replan.ts sessionsFollowingWeeks), in the same transaction.
 */
export function savePlanWeeks(db: Db, planId: number, weeks: readonly PlanWeekInput[], today?: string): void {
  inTransaction(db, () => {
    const before = today === undefined ? [] : planWeeks(db, planId);
    writeWeeks(db, planId, weeks);
    if (today === undefined) return;
    const sessions = planSessions(db, planId);
    if (sessions.length > 0) for (const s of sessionsFollowingWeeks(sessions, before, weeks, today)) writeSession(db, planId, s);
  });
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
 * the goal, all or nothing. A taken name gets a number ("Rome Half 2"). Refused, saving nothing,
 * when it would overlap a plan already built for another goal (planBuilder.ts overlappingGoal).
 */
export function createPlanFromGoal(db: Db, name: string, goal: PlanGoalRecord, weeks: readonly PlanWeekInput[], sessions: readonly PlannedSession[]): CreatePlanResult {
  let id = 0;
  let problem: CreatePlanResult | null = null;
  inTransaction(db, () => {
    const overlap = overlappingGoal(goal.goal, goal.start, planGoals(db).map((g) => ({ name: g.name, goal: g.goal.goal, start: g.goal.start })));
    if (overlap) {
      problem = { problem: { field: overlap.field, message: overlap.message } };
      return;
    }
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
  return problem ?? { planId: id };
}

/** A built plan's goal, sessions and changes (null for a plan written by hand). */
export function builtPlan(db: Db, planId: number): BuiltPlanState | null {
  const goal = planGoal(db, planId);
  return goal ? { goal, sessions: planSessions(db, planId), changes: planChanges(db, planId) } : null;
}

/** A plan's dated sessions (none for a plan written by hand), in date order, with what the athlete marked. */
export function planSessions(db: Db, planId: number): TrackedSession[] {
  return db.all<SessionRow>(
    'SELECT id, date, week, weekday, phase, type, intensity, structure, distance_km, duration_min, status, activity_id FROM plan_sessions WHERE plan_id = ? ORDER BY date, type = \'gym\', id', [planId],
  ).map(fromSessionRow);
}

interface SessionRow {
  id: string; date: string; week: number; weekday: number; phase: string; type: string; intensity: string; structure: string;
  distance_km: number | null; duration_min: number | null; status: string; activity_id: number | null;
}

function fromSessionRow(r: SessionRow): TrackedSession {
  return {
    id: r.id, date: r.date, week: r.week, weekday: r.weekday, phase: r.phase as PlannedSession['phase'], type: r.type as PlannedSession['type'],
    intensity: r.intensity as PlannedSession['intensity'], structure: r.structure, distanceKm: r.distance_km, durationMin: r.duration_min,
    status: r.status as SessionStatus, activityId: r.activity_id,
  };
}

/** The goal a plan was built from (null for a plan written by hand). */
export function planGoal(db: Db, planId: number): PlanGoalRecord | null {
  const json = db.value('SELECT goal_json FROM plan_goals WHERE plan_id = ?', [planId]);
  return typeof json === 'string' ? (JSON.parse(json) as PlanGoalRecord) : null;
}

/** Every plan's goal, to refuse a second goal whose plan would overlap one already built. */
export function planGoals(db: Db): { planId: number; name: string; goal: PlanGoalRecord }[] {
  return db.all<{ plan_id: number; name: string; goal_json: string }>('SELECT g.plan_id, p.name, g.goal_json FROM plan_goals g JOIN plans p ON p.id = g.plan_id ORDER BY g.plan_id')
    .map((r) => ({ planId: r.plan_id, name: r.name, goal: JSON.parse(r.goal_json) as PlanGoalRecord }));
}

/**
 * A session marked by hand in the deck: done (with the activity that did it), skipped, or back
 * to planned (matching by day decides again). A session not in the plan is an error.
 */
export function setSessionStatus(db: Db, planId: number, sessionId: string, status: SessionStatus, activityId: number | null): void {
  if (db.change('UPDATE plan_sessions SET status = ?, activity_id = ? WHERE plan_id = ? AND id = ?', [status, status === 'done' ? activityId : null, planId, sessionId]) !== 1) throw new Error('This session is no longer in the plan: reload the page.');
}

function writeSession(db: Db, planId: number, s: TrackedSession): void {
  const changed = db.change(
    `UPDATE plan_sessions SET date = ?, week = ?, weekday = ?, phase = ?, type = ?, intensity = ?, structure = ?, distance_km = ?, duration_min = ?, status = ?, activity_id = ?
     WHERE plan_id = ? AND id = ?`,
    [s.date, s.week, s.weekday, s.phase, s.type, s.intensity, s.structure, s.distanceKm, s.durationMin, s.status, s.activityId, planId, s.id],
  );
  if (changed !== 1) throw new Error('A changed session is no longer in the plan: reload the page.');
}

function writeWeek(db: Db, planId: number, w: PlanWeekInput): void {
  db.run(
    `UPDATE plan_weeks SET week = ?, phase = ?, distance_km = ?, vert_m = ?, long_run_km = ?, gym = ?, series = ?, recovery = ?, races = ?, notes = ?
     WHERE plan_id = ? AND week_start = ?`,
    [w.week, w.phase, w.distanceKm, w.vertM, w.longRunKm, w.gym, w.series, w.recovery ? 1 : 0, JSON.stringify(w.races), w.notes, planId, w.weekStart],
  );
}

/**
 * An accepted proposal (or a session moved by hand): its sessions and weeks written in one
 * transaction, with the rows as they were, so it can be undone. Returns the change's id.
 */
export function applyPlanChange(db: Db, planId: number, change: PlanChangeInput): number {
  let id = 0;
  inTransaction(db, () => {
    const byId = new Map(planSessions(db, planId).map((s) => [s.id, s]));
    const weeksNow = new Map(planWeeks(db, planId).map((w) => [w.weekStart, w]));
    const before = {
      sessions: change.sessions.map((s) => byId.get(s.id)).filter((s): s is TrackedSession => s !== undefined),
      weeks: change.weeks.map((w) => weeksNow.get(w.weekStart)).filter((w): w is PlanWeekInput => w !== undefined),
    };
    for (const s of change.sessions) writeSession(db, planId, s);
    for (const w of change.weeks) writeWeek(db, planId, w);
    db.run(
      'INSERT INTO plan_changes (plan_id, proposal_id, kind, summary, status, before_json, after_json, created_at) VALUES (?, ?, ?, ?, \'accepted\', ?, ?, ?)',
      [planId, change.proposalId, change.kind, change.summary, JSON.stringify(before), JSON.stringify({ sessions: change.sessions, weeks: change.weeks }), new Date().toISOString()],
    );
    id = db.lastInsertId();
  });
  return id;
}

/** A proposal the athlete said no to: recorded, so it is not offered again. */
export function rejectProposal(db: Db, planId: number, proposalId: string, kind: string, summary: string): void {
  db.run('INSERT INTO plan_changes (plan_id, proposal_id, kind, summary, status, created_at) VALUES (?, ?, ?, ?, \'rejected\', ?)', [planId, proposalId, kind, summary, new Date().toISOString()]);
}

const SESSION_KEYS = ['date', 'type', 'intensity', 'structure', 'distanceKm', 'durationMin', 'status', 'activityId'] as const;
const WEEK_KEYS = ['phase', 'distanceKm', 'vertM', 'longRunKm', 'gym', 'series', 'recovery', 'notes'] as const;

/**
 * Puts back the rows an accepted change replaced, in one transaction. Changes are undone newest
 * first: an older one's rows may hold a later change's sessions, which it would silently revert.
 */
export function undoPlanChange(db: Db, planId: number, changeId: number): void {
  inTransaction(db, () => {
    const row = db.get<{ before_json: string; after_json: string }>('SELECT before_json, after_json FROM plan_changes WHERE id = ? AND plan_id = ? AND status = \'accepted\'', [changeId, planId]);
    if (!row) throw new Error('This change was already undone.');
    if (db.value('SELECT 1 FROM plan_changes WHERE plan_id = ? AND status = \'accepted\' AND id > ?', [planId, changeId]) !== undefined) {
      throw new Error('A later change is still applied: undo it first.');
    }
    // The rows as the change left them, or the athlete changed them since (marked a session done,
    // edited the week): putting the old rows back would silently lose that.
    const after = JSON.parse(row.after_json) as { sessions: TrackedSession[]; weeks: PlanWeekInput[] };
    const sessionsNow = new Map(planSessions(db, planId).map((s) => [s.id, s]));
    const weeksNow = new Map(planWeeks(db, planId).map((w) => [w.weekStart, w]));
    const same = (a: object | undefined, b: object, keys: readonly string[]) => a !== undefined && keys.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k]);
    if (!after.sessions.every((s) => same(sessionsNow.get(s.id), s, SESSION_KEYS)) || !after.weeks.every((w) => same(weeksNow.get(w.weekStart), w, WEEK_KEYS))) {
      throw new Error('You changed these sessions or weeks since (marked, moved or edited them): undoing would lose that, so change them back by hand.');
    }
    const before = JSON.parse(row.before_json) as { sessions: TrackedSession[]; weeks: PlanWeekInput[] };
    for (const s of before.sessions) writeSession(db, planId, s);
    for (const w of before.weeks) writeWeek(db, planId, w);
    db.run('UPDATE plan_changes SET status = \'undone\' WHERE id = ?', [changeId]);
  });
}

/** A plan's accepted, rejected and undone changes, newest first. */
export function planChanges(db: Db, planId: number): PlanChangeRecord[] {
  return db.all<{ id: number; proposal_id: string; kind: string; summary: string; status: string; created_at: string }>(
    'SELECT id, proposal_id, kind, summary, status, created_at FROM plan_changes WHERE plan_id = ? ORDER BY id DESC', [planId],
  ).map((r) => ({ id: r.id, proposalId: r.proposal_id, kind: r.kind, summary: r.summary, status: r.status as PlanChangeRecord['status'], createdAt: r.created_at }));
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
    db.run('DELETE FROM plan_changes WHERE plan_id = ?', [planId]);
    db.run('DELETE FROM plans WHERE id = ?', [planId]);
  });
}
