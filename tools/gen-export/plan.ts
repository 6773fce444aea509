import { rngFor, type Rng } from './random';
import { addDays, dayMs, weekday, DAY_MS } from './time';

/**
 * The periodised training plan: which session happens on which local day and when.
 * Cycles of 16 weeks are counted back from the end of the export so every export, short or
 * long, ends with a recent race: base (cycle weeks 0-5), build (6-11), peak (12-13),
 * taper (14), race week (15); every 4th week (cycle weeks 3, 7, 11) is a recovery week
 * with ~28 % less volume. A tune-up race sits in the middle of each build block.
 */

export type Phase = 'base' | 'build' | 'peak' | 'taper' | 'race' | 'transition';

export type SessionKind =
  | 'easy' | 'recovery' | 'long' | 'tempo' | 'intervals' | 'race' | 'trail' | 'treadmill'
  | 'ride' | 'strength' | 'swim';

export type RaceKind = '5k' | '10k' | 'half' | 'marathon';

export const RACE_DISTANCE_M: Record<RaceKind, number> = {
  '5k': 5_000, '10k': 10_000, half: 21_097.5, marathon: 42_195,
};

export interface PlannedSession {
  /** Stable key for this session's random stream. */
  key: string;
  /** Local calendar date of the start. */
  date: string;
  /** Local wall-clock start ("local epoch" ms, read as UTC), whole seconds. */
  localStartMs: number;
  kind: SessionKind;
  /** Planned duration for time-based sessions (s). */
  durationS: number;
  race: RaceKind | null;
  /** Index into the athlete's route list (runs/rides outdoors); null indoors. */
  routeId: number | null;
  phase: Phase;
  recoveryWeek: boolean;
  /** Plan week, 0 = first week of the export. */
  week: number;
  /** Fitness progression 0..1 over the athlete's history, drives pace. */
  fitness: number;
  name: string;
  /** A manual entry: summary only, no FIT (the watch died, or a gym log). */
  manual: boolean;
}

export interface WeekInfo {
  week: number;
  startDate: string;
  phase: Phase;
  recoveryWeek: boolean;
}

export interface Plan {
  startDate: string;
  endDate: string;
  /** Last local date in the account export (it was requested 2 days before endDate). */
  accountCutoff: string;
  sessions: PlannedSession[];
  weeks: WeekInfo[];
}

const CYCLE_WEEKS = 16;
/** The main race sits this many weeks before the end, so the export closes with a recovery block. */
const LAST_RACE_WEEKS_FROM_END = 3;
const MAIN_RACES: RaceKind[] = ['half', '10k', 'half', 'marathon'];
const RECOVERY_FACTOR = 0.78;

export const ROUTES = { loops: [0, 1, 2, 3], trail: 4, ride: 5 } as const;

/** Names an ingest must render safely (escaped HTML, multi-codepoint emoji). */
export const EDGE_NAMES = { html: '<img src=x onerror=alert(1)>', emoji: 'Tempo 🏃‍♀️ <b>fast</b>' };

interface WeekShape {
  phase: Phase;
  recovery: boolean;
  /** Weeks until this cycle's race (0 = race week); -1 after the last race. */
  weeksToRace: number;
  cycle: number;
  volume: number;
}

function weekShape(weeksFromEnd: number): WeekShape {
  const sinceLastRace = weeksFromEnd - LAST_RACE_WEEKS_FROM_END;
  if (sinceLastRace < 0) {
    // The weeks after the last race: easy transition running.
    return { phase: 'transition', recovery: false, weeksToRace: -1, cycle: -1, volume: 0.85 };
  }
  const cycle = Math.floor(sinceLastRace / CYCLE_WEEKS);
  const weeksToRace = sinceLastRace % CYCLE_WEEKS;
  const cycleWeek = CYCLE_WEEKS - 1 - weeksToRace;
  const recovery = cycleWeek % 4 === 3 && weeksToRace > 1;
  let phase: Phase;
  let volume: number;
  if (weeksToRace === 0) [phase, volume] = ['race', 0.6];
  else if (weeksToRace === 1) [phase, volume] = ['taper', 0.72];
  else if (cycleWeek >= 12) [phase, volume] = ['peak', 1.05];
  else if (cycleWeek >= 6) [phase, volume] = ['build', 0.9 + cycleWeek * 0.01];
  else [phase, volume] = ['base', 0.8 + cycleWeek * 0.015];
  if (recovery) volume *= RECOVERY_FACTOR;
  return { phase, recovery, weeksToRace, cycle, volume };
}

function hm(h: number, m: number): number {
  return (h * 60 + m) * 60_000;
}

/** Pace improves over the first years, then plateaus (0..1); the athlete starts some months in. */
export function fitnessAt(startDate: string, date: string): number {
  const weeksIn = (dayMs(date) - dayMs(startDate)) / DAY_MS / 7;
  return 1 - Math.exp(-(weeksIn + 20) / 60);
}

/** Plan context of a session added outside the weekly template. */
function contextOf(plan: Plan, date: string): Pick<PlannedSession, 'week' | 'phase' | 'recoveryWeek' | 'fitness'> {
  const week = Math.floor((dayMs(date) - dayMs(plan.startDate)) / DAY_MS / 7);
  const info = plan.weeks[week];
  return { week, phase: info?.phase ?? 'transition', recoveryWeek: info?.recoveryWeek ?? false, fitness: fitnessAt(plan.startDate, date) };
}

export interface PlanOptions {
  /** A high-volume athlete: an easy morning run on Wednesdays and Fridays too (the heavy export, ~400 activities a year). */
  doubles?: boolean;
  /** Multiplies every planned duration but races' (the heavy export's athlete trains ~1 h a session). */
  volume?: number;
  /**
   * Name two runs `<img src=x onerror=alert(1)>` and `Tempo 🏃‍♀️ <b>fast</b>` (the tests' hostile
   * names). Off for the app's bundled sample: its newest run is the first row a newcomer reads.
   */
  hostileNames?: boolean;
}

export function buildPlan(seed: number, weeks: number, endDate: string, { doubles = false, volume = 1, hostileNames = true }: PlanOptions = {}): Plan {
  const startDate = addDays(endDate, -(weeks * 7 - 1));
  const accountCutoff = addDays(endDate, -2);
  const sessions: PlannedSession[] = [];
  const weekInfos: WeekInfo[] = [];
  const totalDays = weeks * 7;
  for (let day = 0; day < totalDays; day++) {
    const date = addDays(startDate, day);
    const week = Math.floor(day / 7);
    const shape = weekShape(weeks - 1 - week);
    if (day % 7 === 0) weekInfos.push({ week, startDate: date, phase: shape.phase, recoveryWeek: shape.recovery });
    const fitness = fitnessAt(startDate, date);
    const rng = rngFor(seed, 'day', date);
    const drafts = daySessions(date, week, shape, rng);
    // Its own random stream, so a plan with doubles is the same plan plus these runs.
    if (doubles && (weekday(date) === 3 || weekday(date) === 5) && shape.phase !== 'race') drafts.push(doubleRun(rngFor(seed, 'double', date)));
    for (const s of drafts) {
      sessions.push({
        key: `${date}/${s.kind}/${s.startMs}`,
        date,
        localStartMs: dayMs(date) + s.startMs + rng.int(0, 59) * 1000,
        kind: s.kind,
        durationS: Math.round(s.durationS * (s.kind === 'race' ? 1 : shape.volume * volume)),
        race: s.race ?? null,
        routeId: s.routeId ?? null,
        phase: shape.phase,
        recoveryWeek: shape.recovery,
        week,
        fitness,
        name: '',
        manual: false,
      });
    }
  }
  const plan: Plan = { startDate, endDate, accountCutoff, sessions, weeks: weekInfos };
  lastTwoDaysAreRuns(plan, seed);
  addEdgeCases(plan, seed, hostileNames);
  plan.sessions.sort((a, b) => a.localStartMs - b.localStartMs);
  for (const s of plan.sessions) if (!s.name) s.name = defaultName(s, rngFor(seed, 'name', s.key));
  return plan;
}

interface DraftSession {
  kind: SessionKind;
  startMs: number;
  durationS: number;
  race?: RaceKind;
  routeId?: number;
}

function isSummer(date: string): boolean {
  const month = Number(date.slice(5, 7));
  return month >= 4 && month <= 9;
}

function isWinter(date: string): boolean {
  const month = Number(date.slice(5, 7));
  return month === 12 || month <= 2;
}

function loop(rng: Rng): number {
  return rng.pick(ROUTES.loops);
}

/**
 * One day of the weekly template (0 = Sunday): four runs (quality Tuesday and Thursday, long
 * Saturday, easy Sunday), strength on Monday, a pool swim every other Friday and a bike ride on
 * summer Wednesdays. Durations are before the week's volume factor.
 */
function daySessions(date: string, week: number, w: WeekShape, rng: Rng): DraftSession[] {
  const dow = weekday(date);
  const hard = !w.recovery && (w.phase === 'build' || w.phase === 'peak');
  const mainRace = w.cycle >= 0 ? (MAIN_RACES[w.cycle % MAIN_RACES.length] ?? 'half') : 'half';
  const tuneUp: RaceKind = mainRace === '10k' ? '5k' : '10k';
  const tuneUpWeek = w.weeksToRace === 6 && !w.recovery;
  const morning = () => hm(6, 30) + rng.int(0, 50) * 60_000;
  const evening = () => hm(18, 0) + rng.int(0, 80) * 60_000;
  const easyRun = (minutes: number): DraftSession => {
    // Dark winter evenings: some easy runs move to the gym treadmill.
    if (isWinter(date) && rng.chance(0.2)) return { kind: 'treadmill', startMs: evening(), durationS: minutes * 60 };
    return { kind: 'easy', startMs: rng.chance(0.6) ? morning() : evening(), durationS: minutes * 60, routeId: loop(rng) };
  };
  switch (dow) {
    case 1: // Monday: strength
      return w.phase === 'race' ? [] : [{ kind: 'strength', startMs: hm(19, 0) + rng.int(0, 30) * 60_000, durationS: rng.int(30, 45) * 60 }];
    case 2: // Tuesday: intervals in build/peak/taper, easy otherwise
      if (w.phase === 'race') return [{ kind: 'intervals', startMs: evening(), durationS: 45 * 60, routeId: loop(rng) }];
      return hard || w.phase === 'taper'
        ? [{ kind: 'intervals', startMs: evening(), durationS: rng.int(50, 55) * 60, routeId: loop(rng) }]
        : [easyRun(rng.int(40, 45))];
    case 3: { // Wednesday: bike in summer, every third week in spring and autumn, rest in winter
      const ride = w.phase !== 'race' && (isSummer(date) || (!isWinter(date) && week % 3 === 0));
      return ride ? [{ kind: 'ride', startMs: evening(), durationS: rng.int(40, 50) * 60, routeId: ROUTES.ride }] : [];
    }
    case 4: // Thursday: tempo in build/peak
      if (w.phase === 'race') return [easyRun(35)];
      return hard ? [{ kind: 'tempo', startMs: morning(), durationS: rng.int(45, 50) * 60, routeId: loop(rng) }] : [easyRun(rng.int(35, 45))];
    case 5: // Friday: pool every other week
      return week % 2 === 0 ? [{ kind: 'swim', startMs: hm(12, 15) + rng.int(0, 20) * 60_000, durationS: 40 * 60 }] : [];
    case 6: { // Saturday: long run or trail
      if (w.phase === 'race' || tuneUpWeek) return [{ kind: 'recovery', startMs: hm(9, 0), durationS: 25 * 60, routeId: loop(rng) }];
      const longMin = { base: 70, build: 85, peak: 100, taper: 65, race: 25, transition: 60 }[w.phase] + rng.int(-5, 10);
      if (week % 3 === 1 && !w.recovery && w.phase !== 'taper') {
        return [{ kind: 'trail', startMs: hm(8, 30) + rng.int(0, 30) * 60_000, durationS: (longMin + 10) * 60, routeId: ROUTES.trail }];
      }
      return [{ kind: 'long', startMs: hm(8, 30) + rng.int(0, 60) * 60_000, durationS: longMin * 60, routeId: ROUTES.loops[3] }];
    }
    default: { // Sunday: race day, a long summer ride, or an easy run
      if (w.weeksToRace === 0) return [{ kind: 'race', startMs: hm(10, 0), durationS: 0, race: mainRace, routeId: ROUTES.loops[1] }];
      if (tuneUpWeek) return [{ kind: 'race', startMs: hm(9, 30), durationS: 0, race: tuneUp, routeId: ROUTES.loops[2] }];
      if (isSummer(date) && w.phase === 'base' && rng.chance(0.5)) {
        return [{ kind: 'ride', startMs: hm(9, 0), durationS: rng.int(70, 90) * 60, routeId: ROUTES.ride }];
      }
      return [{ kind: 'recovery', startMs: hm(9, 30) + rng.int(0, 60) * 60_000, durationS: rng.int(30, 40) * 60, routeId: loop(rng) }];
    }
  }
}

function doubleRun(rng: Rng): DraftSession {
  return { kind: 'easy', startMs: hm(6, 15) + rng.int(0, 30) * 60_000, durationS: rng.int(30, 45) * 60, routeId: loop(rng) };
}

/** The Connect export adds exactly two runs after the account export's cut-off (brief §4). */
function lastTwoDaysAreRuns(plan: Plan, seed: number): void {
  const days = [addDays(plan.endDate, -1), plan.endDate];
  plan.sessions = plan.sessions.filter((s) => !days.includes(s.date));
  days.forEach((date, i) => {
    const rng = rngFor(seed, 'final', date);
    plan.sessions.push({
      ...contextOf(plan, date),
      key: `${date}/final`,
      date,
      localStartMs: dayMs(date) + (i === 0 ? hm(7, 5) : hm(9, 40)) + rng.int(0, 59) * 1000,
      kind: i === 0 ? 'easy' : 'long',
      durationS: (i === 0 ? 42 : 80) * 60,
      race: null,
      routeId: i === 0 ? rng.pick(ROUTES.loops) : ROUTES.loops[3],
      name: '',
      manual: false,
    });
  });
}

/**
 * Cases an ingest must survive, placed in the last weeks before the cut-off so that even a
 * 3-week export has all of them: a run across local midnight, a treadmill run, hostile and
 * emoji names, and manual entries without a FIT.
 */
function addEdgeCases(plan: Plan, seed: number, hostileNames: boolean): void {
  const cutoff = dayMs(plan.accountCutoff);
  const inAccount = (s: PlannedSession) => dayMs(s.date) <= cutoff;
  const latest = (pred: (s: PlannedSession) => boolean, before = Infinity) =>
    [...plan.sessions].filter((s) => inAccount(s) && pred(s) && dayMs(s.date) < before).sort((a, b) => b.localStartMs - a.localStartMs)[0];

  // A late run that ends after midnight: starts 23:35 local, ~44 min.
  const lateDate = addDays(plan.accountCutoff, -4);
  const rng = rngFor(seed, 'edge');
  plan.sessions.push({
    ...contextOf(plan, lateDate),
    key: `${lateDate}/midnight`, date: lateDate,
    localStartMs: dayMs(lateDate) + hm(23, 35) + rng.int(0, 30) * 1000,
    kind: 'easy', durationS: 44 * 60, race: null, routeId: ROUTES.loops[2],
    name: 'Midnight run 🌙 “couldn’t sleep”', manual: false,
  });

  const run = (s: PlannedSession) => s.kind === 'easy' || s.kind === 'recovery';
  const treadmill = latest((s) => s.kind === 'treadmill');
  if (!treadmill) {
    const target = latest((s) => run(s) && s.key !== `${lateDate}/midnight`, cutoff - 3 * DAY_MS);
    if (target) {
      target.kind = 'treadmill';
      target.routeId = null;
    }
  }
  const named = new Set<PlannedSession>();
  const rename = (s: PlannedSession | undefined, name: string) => {
    if (!s) return;
    s.name = name;
    named.add(s);
  };
  const runKinds = (s: PlannedSession) => ['easy', 'recovery', 'tempo', 'long', 'intervals'].includes(s.kind) && !named.has(s) && !s.key.endsWith('/midnight');
  if (hostileNames) {
    rename(latest((s) => runKinds(s) && s.kind === 'tempo') ?? latest(runKinds), EDGE_NAMES.emoji);
    rename(latest(runKinds), EDGE_NAMES.html);
  }

  // Manual entries: two gym sessions logged by hand and a run whose watch died.
  const strength = [...plan.sessions].filter((s) => inAccount(s) && s.kind === 'strength').sort((a, b) => b.localStartMs - a.localStartMs);
  const manualStrength = [strength[0], strength[Math.floor(strength.length / 2)]].filter((s): s is PlannedSession => s !== undefined);
  for (const s of new Set(manualStrength)) {
    s.manual = true;
    s.name = 'Gym (logged by hand)';
  }
  const manualRun = latest((s) => s.kind === 'easy' && !named.has(s) && !s.key.endsWith('/midnight'), cutoff - 6 * DAY_MS);
  if (manualRun) {
    manualRun.manual = true;
    manualRun.name = 'Run (watch died) & "manual" entry';
  }
}

const CITY = 'Brussels';

function defaultName(s: PlannedSession, rng: Rng): string {
  const custom = rng.chance(0.12);
  switch (s.kind) {
    case 'easy': return custom ? rng.pick(['Easy 😌', 'Morning shakeout ☀️', 'Rain run 🌧️', 'Easy w/ Sam & Lou']) : `${CITY} Running`;
    case 'recovery': return custom ? 'Recovery jog' : `${CITY} Running`;
    case 'long': return custom ? rng.pick(['Long run 🐢', 'Sunday long — legs heavy', 'LSR']) : `${CITY} Running`;
    case 'tempo': return custom ? 'Tempo 20′ @ HM pace' : `${CITY} - Tempo`;
    case 'intervals': return custom ? 'Intervals 6×3′ 🔥' : `${CITY} - Intervals`;
    case 'race': return s.race === 'marathon' ? 'Marathon 🏅' : s.race === 'half' ? 'Half Marathon de Bruxelles 🏅' : s.race === '10k' ? '10K race' : 'Parkrun 5K';
    case 'trail': return custom ? 'Trail ⛰️ Ardennes' : 'Spa Trail Running';
    case 'treadmill': return 'Treadmill Running';
    case 'ride': return custom ? rng.pick(['Coffee ride ☕', 'Canal loop 🚴']) : `${CITY} Cycling`;
    case 'strength': return 'Strength';
    case 'swim': return 'Pool Swim';
  }
}
