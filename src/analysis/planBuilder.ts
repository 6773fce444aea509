import { addDays, dayNumber, isoWeek, isoWeekday, mondayOf } from './calendar';
import type { PlannedRace } from './forecast';

/**
 * A training plan from a goal race (issue #17, Stride's "templates plus a deterministic
 * expander"). Two stages with a typed seam between them:
 * 1. `planTemplates`: per week, which sessions on which weekdays (type, intensity, structure,
 *    share of the week's volume), from rules per race distance. No dates.
 * 2. `expandPlan`: walks the calendar from the first Monday to race day and gives every
 *    template its date and distance, and every week its row (the Plan cell's columns).
 * `validateTemplates` sits between them: two long runs in a week, a session on a blocked day,
 * two hard days in a row are typed errors (PlanRuleError), never a quietly broken plan.
 *
 * Dates are calendar strings moved by whole days (calendar.ts, day numbers), so daylight saving
 * and the new year cannot move a session. Same inputs, same plan.
 *
 * Structure (the trail-running-coach write-up; docs/metrics.md "Plan builder"): base, then specific, then a
 * 1–3-week taper by distance; every fourth build week a recovery week at ~72 % of the one before;
 * volume up at most 10 % a week otherwise; the long run at most 30 % of the week; 1–2 quality
 * sessions in specific weeks, one in base; gym 2× in base, 1× in specific, none in the taper.
 */

export type Phase = 'base' | 'specific' | 'taper' | 'race';
export type SessionType = 'easy' | 'long' | 'tempo' | 'intervals' | 'hills' | 'fartlek' | 'progression' | 'strides' | 'gym' | 'race';
export type Intensity = 'easy' | 'moderate' | 'hard';

export interface Goal {
  /** Race day, YYYY-MM-DD. */
  raceDate: string;
  name: string;
  distanceKm: number;
  /** Total climb of the course, metres (0 on the road). */
  climbM: number;
  priority: 'A' | 'B' | 'C';
}

export interface Availability {
  /** Running days a week, 2–7 (gym sessions come on top, on run days or free days). */
  daysPerWeek: number;
  /** ISO weekdays (1 = Monday … 7 = Sunday) with no session at all. */
  blockedWeekdays: readonly number[];
}

export interface StartingPoint {
  /** The athlete's day: the plan starts on the Monday of its week. */
  today: string;
  /** Recent weekly running volume (the last six weeks' mean, prefilled from history), km. */
  weeklyKm: number;
  /** Recent longest run, km. */
  longRunKm: number;
}

export interface PhaseLengths {
  taperWeeks: number;
  /** Share of the weeks before the taper that are base (the rest are specific)… */
  baseShare: number;
  /** …unless the athlete chose how many base weeks (then the rest before the taper are specific). */
  baseWeeks?: number;
}

export interface SessionTemplate {
  phase: Phase;
  /** 1-based week of the plan. */
  week: number;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  type: SessionType;
  intensity: Intensity;
  /** What to do, in a runner's words ("6 × 3 min at 10 K pace, 2 min jog"). */
  structure: string;
  /** Share of the week's running volume (0 for gym; the race is its own distance). */
  share: number;
}

export interface PlannedSession extends Omit<SessionTemplate, 'share'> {
  /** Stable across identical inputs (a calendar re-import updates instead of duplicating). */
  id: string;
  date: string;
  distanceKm: number | null;
  durationMin: number | null;
}

/** A week of a plan, in the Plan cell's columns (a row of plan_weeks; the worker's PlanWeekInput). */
export interface PlanWeek {
  weekStart: string;
  week: string;
  phase: string | null;
  distanceKm: number | null;
  vertM: number | null;
  longRunKm: number | null;
  gym: number | null;
  series: number | null;
  recovery: boolean;
  races: PlannedRace[];
  notes: string | null;
}

export interface BuiltPlan {
  weeks: PlanWeek[];
  sessions: PlannedSession[];
}

export type PlanRuleCode =
  | 'goal-in-past' | 'race-too-close' | 'no-training-days' | 'volume-out-of-range' | 'bad-distance'
  | 'two-long-runs' | 'blocked-day' | 'hard-days-in-a-row' | 'two-sessions-one-day' | 'goal-overlap' | 'bad-phases';

/** A plan rule broken, with the field it concerns (the form shows the message there). */
export class PlanRuleError extends Error {
  constructor(readonly code: PlanRuleCode, readonly field: string, message: string) {
    super(message);
  }
}

/** Taper weeks and base share by race distance (metrics.md "Plan builder"). */
export function defaultPhases(distanceKm: number): PhaseLengths {
  if (distanceKm <= 10.5) return { taperWeeks: 1, baseShare: 0.5 };
  if (distanceKm <= 21.5) return { taperWeeks: 2, baseShare: 0.45 };
  return { taperWeeks: 3, baseShare: 0.4 };
}

/** The longest long run a plan builds to, km, by race distance. */
function longRunCapKm(distanceKm: number): number {
  if (distanceKm <= 5.5) return 14;
  if (distanceKm <= 10.5) return 18;
  if (distanceKm <= 21.5) return 22;
  if (distanceKm <= 42.5) return 32;
  return 38;
}

/** The week's volume a plan peaks at, at least, by race distance (a runner already above keeps theirs). */
function peakFloorKm(distanceKm: number): number {
  if (distanceKm <= 5.5) return 35;
  if (distanceKm <= 10.5) return 45;
  if (distanceKm <= 21.5) return 55;
  if (distanceKm <= 42.5) return 70;
  return 80;
}

export const LIMITS = { maxWeeklyIncrease: 0.1, recoveryFactor: 0.72, longRunShare: 0.3, minWeeklyKm: 5, maxWeeklyKm: 300, maxWeeks: 52 } as const;

const HARD: ReadonlySet<SessionType> = new Set(['tempo', 'intervals', 'hills', 'fartlek', 'progression', 'race', 'long']);

/** A hard day: quality, the long run and the race; not a session eased to easy, nor a race-week long run. */
export function isHardSession(s: Pick<SessionTemplate, 'type' | 'intensity' | 'phase'>): boolean {
  return HARD.has(s.type) && s.intensity !== 'easy' && !(s.type === 'long' && s.phase === 'race');
}

/** Checks the goal, availability and starting point: the first problem, in the field's words. */
export function goalProblem(goal: Goal, availability: Availability, start: StartingPoint, phases = defaultPhases(goal.distanceKm)): PlanRuleError | null {
  const taper = phases.taperWeeks;
  if (!(Number.isInteger(taper) && taper >= 1 && taper <= 4)) return new PlanRuleError('race-too-close', 'taperWeeks', 'The taper is 1 to 4 weeks.');
  if (!(goal.distanceKm > 0 && goal.distanceKm <= 250)) return new PlanRuleError('bad-distance', 'distance', 'The race distance must be between 0 and 250 km.');
  if (goal.raceDate <= start.today) return new PlanRuleError('goal-in-past', 'raceDate', 'The race date must be after today.');
  const weeks = weeksBetween(start.today, goal.raceDate);
  if (weeks < taper + 1) return new PlanRuleError('race-too-close', 'raceDate', `The race is closer than its taper (${taper} week${taper === 1 ? '' : 's'}) plus one week of training: pick a later race or keep your current plan.`);
  if (weeks > LIMITS.maxWeeks) return new PlanRuleError('race-too-close', 'raceDate', `The race is more than ${LIMITS.maxWeeks} weeks away: build the plan closer to it.`);
  if (phases.baseWeeks !== undefined && !(Number.isInteger(phases.baseWeeks) && phases.baseWeeks >= 1 && phases.baseWeeks <= weeks - taper - 1)) {
    return new PlanRuleError('bad-phases', 'baseWeeks', weeks - taper - 1 >= 1
      ? `Base is 1 to ${weeks - taper - 1} weeks here: the ${weeks - taper} weeks before the taper need at least one specific week.`
      : 'The race is too close for a base phase: leave base weeks empty.');
  }
  const free = 7 - new Set(availability.blockedWeekdays).size;
  if (availability.daysPerWeek < 1 || free < 1) return new PlanRuleError('no-training-days', 'daysPerWeek', 'Pick at least one training day that is not blocked.');
  if (availability.daysPerWeek > free) return new PlanRuleError('no-training-days', 'daysPerWeek', `Only ${free} days are free: run at most ${free} days a week, or unblock a day.`);
  if (!(start.weeklyKm >= LIMITS.minWeeklyKm && start.weeklyKm <= LIMITS.maxWeeklyKm)) {
    return new PlanRuleError('volume-out-of-range', 'weeklyKm', `The current weekly volume must be between ${LIMITS.minWeeklyKm} and ${LIMITS.maxWeeklyKm} km.`);
  }
  return null;
}

/**
 * A goal whose plan would overlap a plan already built for another goal (from the Monday of the
 * week it was built to its race day): one goal at a time, so two plans never claim the same days.
 * Plans whose race is over do not count.
 */
export function overlappingGoal<T extends { name: string; goal: Goal; start: StartingPoint }>(goal: Goal, start: StartingPoint, built: readonly T[]): PlanRuleError | null {
  const from = mondayOf(start.today);
  for (const b of built) {
    if (b.goal.raceDate < start.today) continue;
    if (mondayOf(b.start.today) <= goal.raceDate && from <= b.goal.raceDate) {
      return new PlanRuleError('goal-overlap', 'raceDate', `Your plan “${b.name}” runs until its race on ${b.goal.raceDate}: delete it in the Plan cell to build a plan for another goal.`);
    }
  }
  return null;
}

/** Weeks of the plan: the Monday of `today`'s week to the race's week, both included. */
function weeksBetween(today: string, raceDate: string): number {
  return Math.round((dayNumber(mondayOf(raceDate)) - dayNumber(mondayOf(today))) / 7) + 1;
}

/** The free weekdays, Monday first. */
function freeDays(availability: Availability): number[] {
  return [1, 2, 3, 4, 5, 6, 7].filter((d) => !availability.blockedWeekdays.includes(d));
}

/**
 * Which weekdays a week's sessions go on: the long run on Sunday (else Saturday, else the last
 * free day), quality sessions as far from it and each other as the free days allow (never the
 * day before or after another hard day), easy runs on the rest, up to daysPerWeek.
 */
function weekLayout(availability: Availability, quality: number, sundayBeforeHard: boolean): { long: number; quality: number[]; easy: number[] } {
  const free = freeDays(availability);
  const long = free.includes(7) ? 7 : free.includes(6) ? 6 : (free[free.length - 1] as number);
  const runDays = Math.min(availability.daysPerWeek, free.length);
  const hard = new Set([long]);
  // Neighbours in this week, Sunday–Monday of the same week's wrap, and last week's hard Sunday.
  const adjacent = (d: number) => (d === 1 && sundayBeforeHard) || [...hard].some((h) => Math.abs(h - d) <= 1 || Math.abs(h - d) === 6);
  const qualityDays: number[] = [];
  // Tuesday and Thursday first (the classic pattern), then any free day not next to a hard one.
  for (const d of [2, 4, 3, 5, 1, 6, 7]) {
    if (qualityDays.length >= Math.min(quality, runDays - 1)) break;
    if (free.includes(d) && !hard.has(d) && !adjacent(d)) {
      qualityDays.push(d);
      hard.add(d);
    }
  }
  const easy = free.filter((d) => !hard.has(d)).sort((a, b) => EASY_ORDER.indexOf(a) - EASY_ORDER.indexOf(b)).slice(0, Math.max(0, runDays - 1 - qualityDays.length));
  return { long, quality: qualityDays.sort((a, b) => a - b), easy: easy.sort((a, b) => a - b) };
}

/** Easy days, mid-week first; Monday (after the long run) and the day before it last. */
const EASY_ORDER = [3, 4, 5, 1, 2, 6, 7];

/** The quality sessions of a phase, rotating week by week (the write-up's tempo, hills, fartlek). */
const QUALITY: Record<'base' | 'specific', readonly [SessionType, string][]> = {
  base: [
    ['fartlek', '40 min with 8 × 1 min brisk, 1 min easy'],
    ['hills', '8 × 45 s uphill at a hard effort, jog down'],
    ['strides', '30 min easy, then 6 × 20 s strides'],
  ],
  specific: [
    ['tempo', '3 × 10 min at threshold, 2 min jog'],
    ['intervals', '6 × 3 min at 5 K–10 K effort, 2 min jog'],
    ['progression', 'the last third at goal race effort'],
    ['hills', '10 × 1 min uphill hard, jog down'],
  ],
};

/** Session templates for the goal, week by week (no dates). */
export function planTemplates(goal: Goal, availability: Availability, start: StartingPoint, phases = defaultPhases(goal.distanceKm)): SessionTemplate[] {
  const weeks = weeksBetween(start.today, goal.raceDate);
  const build = weeks - phases.taperWeeks;
  const baseWeeks = phases.baseWeeks ?? Math.max(1, Math.round(build * phases.baseShare));
  const raceWeekday = isoWeekday(goal.raceDate) + 1;
  const templates: SessionTemplate[] = [];
  for (let week = 1; week <= weeks; week++) {
    const phase: Phase = week === weeks ? 'race' : week > build ? 'taper' : week <= baseWeeks ? 'base' : 'specific';
    const recovery = isRecoveryWeek(week, build);
    if (phase === 'race') {
      templates.push(...raceWeek(goal, availability, week, raceWeekday));
      continue;
    }
    const quality = recovery || phase === 'taper' ? (phase === 'taper' ? 1 : 0) : phase === 'specific' ? Math.min(2, availability.daysPerWeek - 1) : 1;
    // A Monday race: the Sunday before it is not a long run (no two hard days in a row).
    const free = week === weeks - 1 && raceWeekday === 1 ? { ...availability, blockedWeekdays: [...availability.blockedWeekdays, 7] } : availability;
    const sundayBeforeHard = templates.some((t) => t.week === week - 1 && t.weekday === 7 && HARD.has(t.type));
    const layout = weekLayout(free.blockedWeekdays.length >= 7 ? availability : free, quality, sundayBeforeHard);
    const runs = 1 + layout.quality.length + layout.easy.length;
    // The long run's share: at most 30 %; the rest split over the other runs, quality a little more.
    const longShare = runs === 1 ? 1 : LIMITS.longRunShare;
    const other = runs === 1 ? 0 : (1 - longShare) / (runs - 1);
    templates.push({ phase, week, weekday: layout.long, type: 'long', intensity: 'moderate', structure: phase === 'specific' && goal.climbM > 0 ? 'long run on hilly ground, walking the steep climbs' : 'long run at an easy, conversational pace', share: longShare });
    const rotation = QUALITY[phase === 'base' ? 'base' : 'specific'];
    layout.quality.forEach((weekday, i) => {
      const [type, structure] = rotation[(week + i) % rotation.length] as [SessionType, string];
      templates.push({ phase, week, weekday, type, intensity: type === 'strides' ? 'moderate' : 'hard', structure: phase === 'taper' ? `short: ${structure}` : structure, share: other });
    });
    for (const weekday of layout.easy) templates.push({ phase, week, weekday, type: 'easy', intensity: 'easy', structure: 'easy run, heart rate in zone 2', share: other });
    const gym = phase === 'base' ? 2 : phase === 'specific' && !recovery ? 1 : 0;
    for (const weekday of gymDays(availability, templates.filter((t) => t.week === week), gym)) {
      templates.push({ phase, week, weekday, type: 'gym', intensity: 'moderate', structure: 'strength: squats, lunges, calf raises, core (40 min)', share: 0 });
    }
  }
  return templates.sort((a, b) => a.week - b.week || a.weekday - b.weekday);
}

/** Gym on easy days (never a hard one, never the day before the long run), else on free days. */
function gymDays(availability: Availability, week: readonly SessionTemplate[], count: number): number[] {
  const hardDays = new Set(week.filter((t) => HARD.has(t.type)).map((t) => t.weekday));
  const long = week.find((t) => t.type === 'long')?.weekday;
  const ok = freeDays(availability).filter((d) => !hardDays.has(d) && d !== (long === undefined ? -1 : long === 1 ? 7 : long - 1));
  const easyDays = ok.filter((d) => week.some((t) => t.weekday === d && t.type === 'easy'));
  const restDays = ok.filter((d) => !week.some((t) => t.weekday === d));
  return [...restDays, ...easyDays].slice(0, count).sort((a, b) => a - b);
}

/** Every fourth build week, counting from the first (never the last build week: it leads into the taper). */
function isRecoveryWeek(week: number, build: number): boolean {
  return week % 4 === 0 && week < build;
}

/** Race week: two short easy runs early in the week with strides, the race on its day. */
function raceWeek(goal: Goal, availability: Availability, week: number, raceWeekday: number): SessionTemplate[] {
  const out: SessionTemplate[] = [{ phase: 'race', week, weekday: raceWeekday, type: 'race', intensity: 'hard', structure: `${goal.name}: race day`, share: 0 }];
  const free = freeDays(availability).filter((d) => d < raceWeekday - 1);
  const easy = free.filter((d) => d !== raceWeekday - 2 || free.length <= 2).slice(-Math.min(2, Math.max(0, availability.daysPerWeek - 1)));
  for (const weekday of easy) out.push({ phase: 'race', week, weekday, type: 'easy', intensity: 'easy', structure: 'easy 30 min with 4 × 20 s strides', share: 0.5 });
  return out;
}

/** Throws the first rule a set of templates breaks (two long runs in a week, a blocked day, two hard days in a row). */
export function validateTemplates(templates: readonly SessionTemplate[], availability: Availability): void {
  const byWeek = new Map<number, SessionTemplate[]>();
  for (const t of templates) byWeek.set(t.week, [...(byWeek.get(t.week) ?? []), t]);
  for (const [week, list] of byWeek) {
    if (list.filter((t) => t.type === 'long').length > 1) throw new PlanRuleError('two-long-runs', 'templates', `Week ${week} has two long runs.`);
    const runsByDay = new Map<number, number>();
    for (const t of list) {
      // The race is on its own day, blocked or not.
      if (t.type !== 'race' && availability.blockedWeekdays.includes(t.weekday)) throw new PlanRuleError('blocked-day', 'templates', `Week ${week} puts a ${t.type} session on a blocked day.`);
      if (t.type !== 'gym') runsByDay.set(t.weekday, (runsByDay.get(t.weekday) ?? 0) + 1);
    }
    if ([...runsByDay.values()].some((n) => n > 1)) throw new PlanRuleError('two-sessions-one-day', 'templates', `Week ${week} has two runs on one day.`);
  }
  // Hard days by absolute day (week and weekday): consecutive ones break the rule, across weeks too.
  const hardDays = [...new Set(templates.filter(isHardSession).map((t) => (t.week - 1) * 7 + t.weekday))].sort((a, b) => a - b);
  for (let i = 1; i < hardDays.length; i++) {
    if ((hardDays[i] as number) - (hardDays[i - 1] as number) === 1) {
      const day = hardDays[i] as number;
      throw new PlanRuleError('hard-days-in-a-row', 'templates', `Week ${Math.ceil(day / 7)} has two hard days in a row.`);
    }
  }
}

/** Week volumes: +10 % a week at most towards the peak, a recovery week every fourth, then the taper. */
export function weeklyVolumes(goal: Goal, start: StartingPoint, phases = defaultPhases(goal.distanceKm)): number[] {
  const weeks = weeksBetween(start.today, goal.raceDate);
  const build = weeks - phases.taperWeeks;
  const peak = Math.max(start.weeklyKm, peakFloorKm(goal.distanceKm));
  const volumes: number[] = [];
  let level = start.weeklyKm;
  for (let week = 1; week <= build; week++) {
    if (isRecoveryWeek(week, build)) {
      volumes.push(round1(level * LIMITS.recoveryFactor));
      continue;
    }
    if (week > 1) level = Math.min(peak, level * (1 + LIMITS.maxWeeklyIncrease));
    volumes.push(round1(level));
  }
  // Taper: 75 %, 60 %, then race week ~40 % of the peak reached (shorter tapers take the last steps).
  const steps = [0.75, 0.6, 0.4].slice(-phases.taperWeeks);
  for (const f of steps) volumes.push(round1(level * f));
  return volumes;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/**
 * Dates and distances: each week's row and each session on its day. Validates the templates
 * first; a broken rule throws and nothing is produced.
 */
export function expandPlan(
  goal: Goal, availability: Availability, start: StartingPoint, phases = defaultPhases(goal.distanceKm), templates?: readonly SessionTemplate[],
): BuiltPlan {
  const problem = goalProblem(goal, availability, start, phases);
  if (problem) throw problem;
  templates ??= planTemplates(goal, availability, start, phases);
  validateTemplates(templates, availability);
  const volumes = weeklyVolumes(goal, start, phases);
  const first = mondayOf(start.today);
  const climbPerKm = goal.climbM / goal.distanceKm;
  const longCap = longRunCapKm(goal.distanceKm);
  const weeks: PlanWeek[] = [];
  const sessions: PlannedSession[] = [];
  let longSoFar = start.longRunKm;
  for (let week = 1; week <= volumes.length; week++) {
    const weekStart = addDays(first, (week - 1) * 7);
    const list = templates.filter((t) => t.week === week);
    const volume = volumes[week - 1] as number;
    const phase = list[0]?.phase ?? 'base';
    const recovery = phase !== 'race' && phase !== 'taper' && isRecoveryWeek(week, volumes.length - phases.taperWeeks);
    const longTemplate = list.find((t) => t.type === 'long');
    // The long run grows by at most 10 % a week towards its cap, and never passes 30 % of the week.
    let longKm: number | null = null;
    if (longTemplate) {
      const grown = recovery || phase === 'taper' ? longSoFar * (phase === 'taper' ? 0.7 : 0.8) : Math.min(longCap, Math.max(longSoFar * (1 + LIMITS.maxWeeklyIncrease), longSoFar));
      // Rounded down against the share: 30 % of 19.5 km is 5.8 km, not 5.9.
      longKm = Math.min(round1(grown), Math.floor(volume * longTemplate.share * 10 + 1e-9) / 10);
      if (!recovery && phase !== 'taper') longSoFar = Math.max(longSoFar, longKm);
    }
    const races = list.filter((t) => t.type === 'race').map(() => ({ date: goal.raceDate, name: goal.name, km: goal.distanceKm }));
    const otherShare = list.filter((t) => t.type !== 'long' && t.type !== 'gym' && t.type !== 'race').reduce((a, t) => a + t.share, 0);
    const rest = Math.max(0, volume - (longKm ?? 0));
    // Race week: short shake-outs (10 % of the peak, 3–8 km), the race itself on top.
    const shakeOutKm = round1(Math.min(8, Math.max(3, Math.max(...volumes) * 0.1)));
    for (const t of list) {
      const date = addDays(weekStart, t.weekday - 1);
      const km = t.type === 'gym' ? null : t.type === 'race' ? goal.distanceKm : t.type === 'long' ? longKm
        : t.phase === 'race' ? shakeOutKm : round1(otherShare > 0 ? (rest * t.share) / otherShare : 0);
      sessions.push({
        id: `${goal.raceDate}:${date}:${t.type}`, date, phase: t.phase, week, weekday: t.weekday, type: t.type, intensity: t.intensity, structure: t.structure,
        distanceKm: km, durationMin: t.type === 'gym' ? 40 : null,
      });
    }
    // Each run is rounded to 0.1 km; the week's rounding is given to its last shared run, so the
    // runs add up to the week's volume exactly (the Plan cell's figure is what the runs say).
    const shared = sessions.filter((s) => s.week === week && s.type !== 'gym' && s.type !== 'race' && s.type !== 'long' && s.phase !== 'race');
    const last = shared[shared.length - 1];
    if (last && last.distanceKm !== null) {
      const drift = round1(volume - (longKm ?? 0) - shared.reduce((a, s) => a + (s.distanceKm ?? 0), 0));
      last.distanceKm = round1(Math.max(0, last.distanceKm + drift));
    }
    const runKm = round1(sessions.filter((s) => s.week === week && s.type !== 'gym' && s.type !== 'race').reduce((a, s) => a + (s.distanceKm ?? 0), 0));
    weeks.push({
      weekStart, week: isoWeek(weekStart), phase: phase === 'race' ? 'taper' : phase,
      distanceKm: round1(runKm + (races.length ? goal.distanceKm : 0)),
      vertM: goal.climbM > 0 ? Math.round(runKm * climbPerKm * (phase === 'specific' ? 1 : 0.6)) : null,
      longRunKm: longKm, gym: list.filter((t) => t.type === 'gym').length, series: list.filter((t) => HARD.has(t.type) && t.type !== 'long' && t.type !== 'race').length,
      recovery, races, notes: null,
    });
  }
  return { weeks, sessions };
}

/**
 * The starting point from the last six weeks of runs (the form's prefill): mean weekly distance
 * and the longest run, km, 0.1; null where there were no runs (an old or quiet history).
 */
export function recentStart(runs: readonly { localDate: string; distanceM: number | null }[], today: string): { weeklyKm: number | null; longRunKm: number | null } {
  const from = addDays(today, -42);
  const recent = runs.filter((r) => r.localDate > from && r.localDate <= today && (r.distanceM ?? 0) > 0);
  if (recent.length === 0) return { weeklyKm: null, longRunKm: null };
  const total = recent.reduce((a, r) => a + (r.distanceM as number), 0);
  return { weeklyKm: round1(total / 6 / 1000), longRunKm: round1(Math.max(...recent.map((r) => r.distanceM as number)) / 1000) };
}
