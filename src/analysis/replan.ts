import { addDays, dayNumber, isoWeekday, mondayOf } from './calendar';
import { detectDrift, type DriftFinding, type DriftOptions, type DriftReport, type PlannedSession as DriftSession, type WellnessDay } from './drift';
import { isHardSession, LIMITS, type Availability, type PlanWeek, type SessionType } from './planBuilder';
import { sessionSport, type TrackedSession } from './sessionMatch';
import type { ActivityInput } from './types';

/**
 * Adaptive replanning (issue #17; Stride: "the LLM produces a typed JSON proposal with a small set
 * of allowed change types" — here the rules produce it, deterministically). The drift findings of
 * the last 14 days (drift.ts) become typed proposals over the coming sessions; each is applied to
 * a copy of the plan and offered only when the changed plan breaks no rule the plan did not
 * already break (planProblems). Accepting one writes its `changes` in one transaction.
 * Thresholds and factors that are ours are marked so (docs/metrics.md "Replanning").
 */

export type ProposalKind = 'reduce-volume' | 'swap-type' | 'remove-reps' | 'move-session' | 'move-block' | 'insert-recovery-week' | 'hold-volume';

/** What a proposal changes, with its parameters: the typed seam between the rules and the calendar. */
export type ProposalDetail =
  | { kind: 'reduce-volume'; weekStart: string; factor: number }
  | { kind: 'hold-volume'; weekStart: string; km: number }
  | { kind: 'swap-type'; sessionId: string; from: SessionType }
  | { kind: 'remove-reps'; sessionId: string; fromReps: number }
  | { kind: 'move-session'; sessionId: string; days: number }
  /** The rest of a week's block: every session still planned from `fromDate` to the week's Sunday, the race excepted. */
  | { kind: 'move-block'; weekStart: string; fromDate: string; days: number }
  | { kind: 'insert-recovery-week'; weekStart: string; factor: number };

export interface PlanState {
  sessions: readonly TrackedSession[];
  /** The plan's week rows (the Plan cell's), in order. */
  weeks: readonly PlanWeek[];
}

export interface Proposal {
  /** Stable for the same change (kind and target): a rejected one is not offered again. */
  id: string;
  kind: ProposalKind;
  detail: ProposalDetail;
  /** The finding that triggered it: its evidence. */
  finding: DriftFinding;
  /** The plan's diff: each changed session and week, before and after. */
  sessionChanges: { before: TrackedSession; after: TrackedSession }[];
  weekChanges: { before: PlanWeek; after: PlanWeek }[];
}

export const REPLAN = {
  /** Ours: distance under plan → the next week scaled to what was run, between these factors. */
  minReduceFactor: 0.7,
  maxReduceFactor: 0.9,
  /** The plan builder's recovery week (LIMITS.recoveryFactor, ~72 %). */
  recoveryFactor: LIMITS.recoveryFactor,
  /** Ours: a skipped key session is moved when it was due in the last this many days… */
  moveLookbackDays: 3,
  /** …to the first day within this many days from today that breaks no rule. */
  moveAheadDays: 3,
  /** Ours: the rep block removed is taken as this share of the session's distance over its reps. */
  repBlockShare: 0.4,
  /** Ours: an eased session is one due within this many days (a slump is about now). */
  easeWithinDays: 3,
  /** Ours: the next quality session looked for within this many days (pace drift). */
  qualityWithinDays: 7,
  /** Rounding tolerance of the 10 % ramp and the 30 % long-run share, km. */
  toleranceKm: 0.2,
};

const round1 = (x: number) => Math.round(x * 10) / 10;
const floor1 = (x: number) => Math.floor(x * 10 + 1e-9) / 10;
const isRunSession = (s: TrackedSession) => s.type !== 'gym';
/** A session's week (its Monday), memoised: the rules ask it of every session for every week. */
const mondays = new Map<string, string>();
function weekOf(s: Pick<TrackedSession, 'date'>): string {
  let monday = mondays.get(s.date);
  if (monday === undefined) {
    monday = mondayOf(s.date);
    if (mondays.size > 10_000) mondays.clear();
    mondays.set(s.date, monday);
  }
  return monday;
}

/** The week's running volume by its sessions (the race included, as the Plan cell's week is). */
function weekVolume(sessions: readonly TrackedSession[], weekStart: string): number {
  return round1(sessions.filter((s) => isRunSession(s) && weekOf(s) === weekStart).reduce((a, s) => a + (s.distanceKm ?? 0), 0));
}

/** A week's row with its figures taken again from its sessions; climb scales with the distance. */
export function weekFromSessions(week: PlanWeek, sessions: readonly TrackedSession[]): PlanWeek {
  const inWeek = sessions.filter((s) => weekOf(s) === week.weekStart);
  const km = round1(inWeek.filter(isRunSession).reduce((a, s) => a + (s.distanceKm ?? 0), 0));
  const long = inWeek.find((s) => s.type === 'long');
  return {
    ...week,
    distanceKm: km,
    vertM: week.vertM !== null && week.distanceKm ? Math.round((week.vertM * km) / week.distanceKm) : week.vertM,
    longRunKm: long ? long.distanceKm : null,
    gym: inWeek.filter((s) => s.type === 'gym').length,
    series: inWeek.filter((s) => isHardSession(s) && s.type !== 'long' && s.type !== 'race').length,
  };
}

/**
 * The rules a dated plan keeps (the builder's, on dates: planBuilder.ts validateTemplates and
 * weeklyVolumes), each broken one as a key naming where: nothing on a blocked day (the race
 * excepted), one run a day, one long run a week, no two hard days in a row, the long run at most
 * 30 % of its week, build weeks up at most 10 % on the last week that was not a recovery week,
 * nothing after race day. A skipped session frees its day (the day rules leave it out) but its
 * kilometres stay in the week's planned volume.
 */
export function planProblems(state: PlanState, availability: Availability): string[] {
  const live = state.sessions.filter((s) => s.status !== 'skipped');
  const problems: string[] = [];
  const raceDate = live.filter((s) => s.type === 'race').map((s) => s.date).sort().at(-1);
  const runsByDay = new Map<string, number>();
  const longsByWeek = new Map<string, number>();
  for (const s of live) {
    if (s.type !== 'race' && availability.blockedWeekdays.includes(isoWeekday(s.date) + 1)) problems.push(`blocked:${s.id}`);
    if (raceDate !== undefined && s.date > raceDate) problems.push(`after-race:${s.id}`);
    if (isRunSession(s)) runsByDay.set(s.date, (runsByDay.get(s.date) ?? 0) + 1);
    if (s.type === 'long') longsByWeek.set(weekOf(s), (longsByWeek.get(weekOf(s)) ?? 0) + 1);
  }
  for (const [date, n] of runsByDay) if (n > 1) problems.push(`two-runs:${date}`);
  for (const [week, n] of longsByWeek) if (n > 1) problems.push(`two-long:${week}`);
  const hardDays = [...new Set(live.filter(isHardSession).map((s) => dayNumber(s.date)))].sort((a, b) => a - b);
  for (let i = 1; i < hardDays.length; i++) if ((hardDays[i] as number) - (hardDays[i - 1] as number) === 1) problems.push(`hard-in-a-row:${hardDays[i]}`);
  let last: number | null = null;
  // Volumes are the plan's as planned: a skipped session frees its day, not its kilometres.
  const volumes = new Map<string, number>();
  const longs = new Map<string, TrackedSession>();
  for (const s of state.sessions) {
    const w = weekOf(s);
    if (isRunSession(s)) volumes.set(w, (volumes.get(w) ?? 0) + (s.distanceKm ?? 0));
    if (s.type === 'long' && !longs.has(w)) longs.set(w, s);
  }
  for (const w of state.weeks) {
    const km = round1(volumes.get(w.weekStart) ?? 0);
    const long = longs.get(w.weekStart);
    if (long && km > 0 && (long.distanceKm ?? 0) > km * LIMITS.longRunShare + REPLAN.toleranceKm) problems.push(`long-share:${w.weekStart}`);
    const build = w.phase === 'base' || w.phase === 'specific';
    if (!build) continue;
    if (w.recovery) continue;
    if (last !== null && km > last * (1 + LIMITS.maxWeeklyIncrease) + REPLAN.toleranceKm) problems.push(`ramp:${w.weekStart}`);
    last = km;
  }
  return problems;
}

/** Sessions the replanning may change: still planned, from today on. */
function changeable(s: TrackedSession, today: string): boolean {
  return s.status === 'planned' && s.date >= today;
}

/**
 * Scales the changeable runs of a week (not the race): each rounded down to 0.1 km, then what the
 * rounding took (up to the week's target, its volume × factor to 0.1 km) given back to its last
 * changeable run that is not the long one, so the week says what the proposal says.
 */
function scaleWeek(sessions: TrackedSession[], weekStart: string, factor: number, today: string): void {
  const target = round1(weekVolume(sessions, weekStart) * factor);
  let last = -1;
  sessions.forEach((s, i) => {
    if (weekOf(s) === weekStart && changeable(s, today) && isRunSession(s) && s.type !== 'race' && s.distanceKm !== null) {
      sessions[i] = { ...s, distanceKm: floor1(s.distanceKm * factor) };
      if (s.type !== 'long') last = i;
    }
  });
  const missing = round1(target - weekVolume(sessions, weekStart));
  const s = sessions[last];
  if (s && missing > 0 && missing < 1) sessions[last] = { ...s, distanceKm: round1((s.distanceKm ?? 0) + missing) };
}

/**
 * After a week's volume came down, the build weeks after it climb back at most 10 % a week from
 * it (the plan's own ramp), each scaled down where it would climb faster; recovery weeks and the
 * taper are left as they are.
 */
function rampFrom(sessions: TrackedSession[], weeks: readonly PlanWeek[], weekStart: string, today: string): void {
  // From a recovery week, the climb starts again from the last week before it that was not one.
  const base = [...weeks].reverse().find((w) => w.weekStart <= weekStart && !w.recovery);
  let last = weekVolume(sessions, base?.weekStart ?? weekStart);
  for (const w of weeks) {
    if (w.weekStart <= weekStart || w.recovery) continue;
    if (w.phase !== 'base' && w.phase !== 'specific') break;
    const km = weekVolume(sessions, w.weekStart);
    const cap = last * (1 + LIMITS.maxWeeklyIncrease);
    if (km > cap + 0.05 && km > 0) scaleWeek(sessions, w.weekStart, cap / km, today);
    last = weekVolume(sessions, w.weekStart);
  }
}

/** The plan with the change applied: sessions first, then every touched week's row again from them. Pure. */
export function applyProposal(state: PlanState, detail: ProposalDetail, today: string): PlanState {
  // Copies of the arrays; a changed session or week is a new object, the others are shared.
  const sessions = [...state.sessions];
  let weeks = [...state.weeks];
  const at = (id: string) => sessions.findIndex((s) => s.id === id);
  switch (detail.kind) {
    case 'reduce-volume':
      scaleWeek(sessions, detail.weekStart, detail.factor, today);
      rampFrom(sessions, weeks, detail.weekStart, today);
      break;
    case 'hold-volume': {
      const km = weekVolume(sessions, detail.weekStart);
      if (km > detail.km) scaleWeek(sessions, detail.weekStart, detail.km / km, today);
      rampFrom(sessions, weeks, detail.weekStart, today);
      break;
    }
    case 'swap-type': {
      const i = at(detail.sessionId);
      const s = sessions[i];
      if (s) sessions[i] = { ...s, type: 'easy', intensity: 'easy', structure: `easy run, heart rate in zone 2 (instead of: ${s.structure})` };
      break;
    }
    case 'remove-reps': {
      const i = at(detail.sessionId);
      const s = sessions[i];
      const reps = s ? repCount(s.structure) : null;
      if (s && reps !== null && reps >= 2) {
        sessions[i] = {
          ...s, structure: s.structure.replace(/(\d+)(\s*×)/, `${reps - 1}$2`),
          distanceKm: s.distanceKm === null ? null : round1(s.distanceKm - (s.distanceKm * REPLAN.repBlockShare) / reps),
        };
      }
      break;
    }
    case 'move-session': {
      const i = at(detail.sessionId);
      const s = sessions[i];
      const first = weeks[0]?.weekStart;
      if (s && first) {
        const date = addDays(s.date, detail.days);
        sessions[i] = { ...s, date, weekday: isoWeekday(date) + 1, week: Math.round((dayNumber(mondayOf(date)) - dayNumber(first)) / 7) + 1, status: 'planned', activityId: null };
      }
      break;
    }
    case 'move-block': {
      const first = weeks[0]?.weekStart;
      const end = addDays(detail.weekStart, 6);
      sessions.forEach((s, i) => {
        if (!first || !changeable(s, today) || s.date < detail.fromDate || s.date > end || s.type === 'race') return;
        const date = addDays(s.date, detail.days);
        sessions[i] = { ...s, date, weekday: isoWeekday(date) + 1, week: Math.round((dayNumber(mondayOf(date)) - dayNumber(first)) / 7) + 1 };
      });
      break;
    }
    case 'insert-recovery-week':
      sessions.forEach((s, i) => {
        if (weekOf(s) !== detail.weekStart || !changeable(s, today) || s.type === 'race') return;
        const eased = isHardSession(s) && s.type !== 'long' ? { type: 'easy' as const, intensity: 'easy' as const, structure: 'easy run, heart rate in zone 2 (recovery week)' } : {};
        sessions[i] = { ...s, ...eased, distanceKm: s.distanceKm === null ? null : floor1(s.distanceKm * detail.factor) };
      });
      weeks = weeks.map((w) => (w.weekStart === detail.weekStart ? { ...w, recovery: true } : w));
      rampFrom(sessions, weeks, detail.weekStart, today);
      break;
  }
  const touched = new Set<string>();
  sessions.forEach((s, i) => {
    const before = state.sessions[i] as TrackedSession;
    if (!sameSession(s, before)) {
      touched.add(weekOf(s));
      touched.add(weekOf(before));
    }
  });
  return { sessions, weeks: weeks.map((w) => (touched.has(w.weekStart) ? weekFromSessions(w, sessions) : w)) };
}

const SESSION_FIELDS = ['date', 'week', 'weekday', 'phase', 'type', 'intensity', 'structure', 'distanceKm', 'durationMin', 'status', 'activityId'] as const;
const WEEK_FIELDS = ['phase', 'distanceKm', 'vertM', 'longRunKm', 'gym', 'series', 'recovery', 'notes'] as const;

/** Field by field (the rules compare many copies; a scaled run rounded back to its distance is no change). */
function sameSession(a: TrackedSession, b: TrackedSession): boolean {
  return a === b || (a.id === b.id && SESSION_FIELDS.every((f) => a[f] === b[f]));
}

function sameWeek(a: PlanWeek, b: PlanWeek): boolean {
  return a === b || (a.weekStart === b.weekStart && WEEK_FIELDS.every((f) => a[f] === b[f]));
}

/** The rep count of a structure ("6 × 3 min…" → 6), null without one. */
export function repCount(structure: string): number | null {
  const m = /(\d+)\s*×/.exec(structure);
  return m ? Number(m[1]) : null;
}

/** What changed between two states of the plan, session by session and week by week. */
export function planDiff(before: PlanState, after: PlanState): Pick<Proposal, 'sessionChanges' | 'weekChanges'> {
  const sessionChanges: Proposal['sessionChanges'] = [];
  after.sessions.forEach((s, i) => {
    const b = before.sessions[i] as TrackedSession;
    if (!sameSession(s, b)) sessionChanges.push({ before: b, after: s });
  });
  const weekChanges: Proposal['weekChanges'] = [];
  after.weeks.forEach((w, i) => {
    const b = before.weeks[i] as PlanWeek;
    if (!sameWeek(w, b)) weekChanges.push({ before: b, after: w });
  });
  return { sessionChanges, weekChanges };
}

export interface ReplanInput {
  today: string;
  /** The day the plan was built: its sessions before that day (early in its first week) were never asked of the athlete. */
  planStart: string;
  state: PlanState;
  availability: Availability;
  activities: readonly ActivityInput[];
  wellness: readonly WellnessDay[];
  /** Proposal ids already accepted or rejected: not offered again. */
  decided: ReadonlySet<string>;
}

export interface Replan {
  report: DriftReport;
  proposals: Proposal[];
}

/**
 * The drift of the 14 days to yesterday (today is not over) and what to change in the sessions
 * from today on. Per finding (metrics.md "Replanning"):
 * - skipped sessions (warning or worse): the last skipped long or quality session of the past 3
 *   days moved to the first day from today that breaks no rule; with two or more missed in those
 *   days, the rest of this week 1 (else 2) days later; next week held at this week's volume;
 * - distance under plan: next week reduced to the share actually run (70–90 %); over plan: next
 *   week held at this week's volume;
 * - easy pace slower at the same heart rate: a warning removes one rep block from the next quality
 *   session, an alert makes it an easy run;
 * - recovery slump: one signal eases the next hard session of the next 3 days; two or more turn
 *   this week (next week from Friday on) into a recovery week.
 * Pace faster at the same heart rate is good news and changes nothing.
 */
export function replan({ today, planStart, state, availability, activities, wellness, decided }: ReplanInput, options: DriftOptions = {}): Replan {
  const asOf = addDays(today, -1);
  const planned: DriftSession[] = state.sessions.filter((s) => s.date >= planStart).map((s) => ({
    id: s.id, date: s.date, sport: sessionSport(s.type), distanceKm: s.type === 'gym' ? null : s.distanceKm, status: s.status, activityId: s.activityId, label: s.type,
  }));
  const report = detectDrift({ asOf, planned, activities, wellness }, options);
  const thisWeek = mondayOf(today);
  const nextWeek = addDays(thisWeek, 7);
  const row = (weekStart: string) => state.weeks.find((w) => w.weekStart === weekStart);
  const isBuild = (weekStart: string) => {
    const w = row(weekStart);
    return !!w && (w.phase === 'base' || w.phase === 'specific') && !w.recovery;
  };
  const upcoming = state.sessions.filter((s) => changeable(s, today));
  const nextQuality = (withinDays: number) => upcoming.find((s) => isHardSession(s) && s.type !== 'long' && s.type !== 'race' && s.date <= addDays(today, withinDays - 1));
  const candidates: { detail: ProposalDetail; finding: DriftFinding }[] = [];
  const hold = (finding: DriftFinding) => {
    if (!isBuild(nextWeek)) return;
    const km = weekVolume(state.sessions, thisWeek);
    if (km > 0 && weekVolume(state.sessions, nextWeek) > km) candidates.push({ finding, detail: { kind: 'hold-volume', weekStart: nextWeek, km } });
  };
  for (const finding of report.findings) {
    if (finding.severity === 'info') continue;
    switch (finding.kind) {
      case 'skipped_sessions': {
        const key = [...finding.skippedSessions].reverse()
          .map((d) => state.sessions.find((s) => s.id === d.id))
          .find((s): s is TrackedSession => !!s && isHardSession(s) && s.type !== 'race' && s.date >= addDays(today, -REPLAN.moveLookbackDays));
        if (key) {
          for (let ahead = 0; ahead < REPLAN.moveAheadDays; ahead++) {
            candidates.push({ finding, detail: { kind: 'move-session', sessionId: key.id, days: dayNumber(addDays(today, ahead)) - dayNumber(key.date) } });
          }
        }
        // Two or more missed in the last days (a few days off): the rest of this week a day or two
        // later, where that breaks no rule (it rarely fits: the long run would meet next week's).
        if (finding.skippedSessions.filter((d) => d.date >= addDays(today, -REPLAN.moveLookbackDays)).length >= 2) {
          for (const days of [1, 2]) candidates.push({ finding, detail: { kind: 'move-block', weekStart: thisWeek, fromDate: today, days } });
        }
        hold(finding);
        break;
      }
      case 'distance_drift':
        if (finding.direction === 'under' && isBuild(nextWeek)) {
          const factor = Math.min(REPLAN.maxReduceFactor, Math.max(REPLAN.minReduceFactor, Math.round((finding.actualKm / finding.plannedKm) * 100) / 100));
          candidates.push({ finding, detail: { kind: 'reduce-volume', weekStart: nextWeek, factor } });
        }
        if (finding.direction === 'over') hold(finding);
        break;
      case 'pace_drift': {
        if (finding.direction !== 'slower') break;
        const q = nextQuality(REPLAN.qualityWithinDays);
        if (!q) break;
        const reps = repCount(q.structure);
        candidates.push(finding.severity === 'warning' && reps !== null && reps >= 2
          ? { finding, detail: { kind: 'remove-reps', sessionId: q.id, fromReps: reps } }
          : { finding, detail: { kind: 'swap-type', sessionId: q.id, from: q.type } });
        break;
      }
      case 'recovery_slump': {
        if (finding.severity === 'alert') {
          const week = isoWeekday(today) <= 3 ? thisWeek : nextWeek;
          if (isBuild(week)) candidates.push({ finding, detail: { kind: 'insert-recovery-week', weekStart: week, factor: REPLAN.recoveryFactor } });
          break;
        }
        const q = nextQuality(REPLAN.easeWithinDays);
        if (q) candidates.push({ finding, detail: { kind: 'swap-type', sessionId: q.id, from: q.type } });
        break;
      }
    }
  }
  const before = new Set(planProblems(state, availability));
  const proposals: Proposal[] = [];
  const offered = new Set<string>();
  for (const { detail, finding } of candidates) {
    const id = proposalId(detail);
    if (offered.has(id) || decided.has(id)) continue;
    const after = applyProposal(state, detail, today);
    const diff = planDiff(state, after);
    if (diff.sessionChanges.length === 0) continue;
    // A skipped session of the past days may be moved to today or later; nothing else done or past changes.
    if (diff.sessionChanges.some((c) => c.before.status !== 'planned' || c.after.date < today || (c.before.date < today && detail.kind !== 'move-session'))) continue;
    if (planProblems(after, availability).some((p) => !before.has(p))) continue;
    offered.add(id);
    proposals.push({ id, kind: detail.kind, detail, finding, ...diff });
  }
  return { report, proposals };
}

/**
 * A built plan's sessions after the athlete edited its weeks in the Plan cell: in each week whose
 * distance or long run changed, the long run takes the new long-run distance, and the week's other
 * runs still to come (the race excepted) are scaled so the week adds up to its new distance. Runs
 * done, skipped or past stay as they were; a week whose remaining runs cannot carry the change is
 * left to the athlete's figure. Returns the sessions that changed.
 */
export function sessionsFollowingWeeks(sessions: readonly TrackedSession[], before: readonly PlanWeek[], after: readonly PlanWeek[], today: string): TrackedSession[] {
  const was = new Map(before.map((w) => [w.weekStart, w]));
  const next = [...sessions];
  for (const w of after) {
    const old = was.get(w.weekStart);
    if (!old || (old.distanceKm === w.distanceKm && old.longRunKm === w.longRunKm)) continue;
    const inWeek = next.map((s, i) => ({ s, i })).filter(({ s }) => weekOf(s) === w.weekStart && isRunSession(s));
    const long = inWeek.find(({ s }) => s.type === 'long' && changeable(s, today));
    if (long && w.longRunKm !== null && w.longRunKm !== old.longRunKm && w.longRunKm >= 0) next[long.i] = { ...long.s, distanceKm: round1(w.longRunKm) };
    if (w.distanceKm === null) continue;
    const free = inWeek.filter(({ s }) => changeable(s, today) && s.type !== 'long' && s.type !== 'race' && (s.distanceKm ?? 0) > 0);
    const fixed = inWeek.filter(({ i }) => !free.some((f) => f.i === i)).reduce((a, { i }) => a + ((next[i] as TrackedSession).distanceKm ?? 0), 0);
    const freeKm = free.reduce((a, { s }) => a + (s.distanceKm ?? 0), 0);
    const target = w.distanceKm - fixed;
    if (free.length === 0 || !(target > 0) || !(freeKm > 0)) continue;
    let given = 0;
    free.forEach(({ s, i }, k) => {
      // Rounded to 0.1 km; the last run takes what rounding left, so the week adds up.
      const km = k === free.length - 1 ? round1(target - given) : floor1(((s.distanceKm as number) * target) / freeKm);
      given += km;
      next[i] = { ...s, distanceKm: km };
    });
  }
  return next.filter((s, i) => !sameSession(s, sessions[i] as TrackedSession));
}

/**
 * The shifts (days, −range…range) of a move that keep the plan's rules — no rule broken that the
 * plan did not already break, nothing moved before today: what the deck offers a runner moving a
 * session, or it and the rest of its week, by hand.
 */
export function movesKeepingRules(state: PlanState, availability: Availability, today: string, move: (days: number) => ProposalDetail, range = 3): number[] {
  const before = new Set(planProblems(state, availability));
  const out: number[] = [];
  for (let days = -range; days <= range; days++) {
    if (days === 0) continue;
    const after = applyProposal(state, move(days), today);
    const diff = planDiff(state, after);
    if (diff.sessionChanges.length === 0 || diff.sessionChanges.some((c) => c.after.date < today)) continue;
    if (!planProblems(after, availability).some((p) => !before.has(p))) out.push(days);
  }
  return out;
}

/** Kind and target: the same change proposed again has the same id (a rejected one stays rejected). */
export function proposalId(detail: ProposalDetail): string {
  return 'sessionId' in detail ? `${detail.kind}:${detail.sessionId}` : `${detail.kind}:${detail.weekStart}`;
}
