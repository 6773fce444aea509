import { addDays } from './calendar';
import type { ActivityTableRow } from './activityTable';
import type { PlannedSession } from './planBuilder';
import { isRun, type HrZones } from './types';

/**
 * What one run says in the runner's own context (issue #17, Stride's "one-paragraph coaching
 * insight generated from the actual session and the surrounding context") — here composed from
 * numbers, deterministically: each fact compares the run with the runner's own runs, with the
 * metric's source (docs/metrics.md "Run insights"). No fact, no sentence: never generic advice.
 */

export const INSIGHTS = {
  /** Runs at an average HR within ±this many bpm count as "at the same heart rate". */
  hrToleranceBpm: 3,
  /** Stride's "six weeks ago": the runs 35 to 49 days before (a week either side of six weeks). */
  baselineFromDays: 49,
  baselineToDays: 35,
  minBaselineRuns: 2,
  /** A pace change under this is noise, not said (drift.ts uses 10 s/km for a two-week mean; one run against a median, 5). */
  minPaceChangeSPerKm: 5,
  /** metrics.md "Per run": decoupling is meant for steady runs of an hour or more. */
  longRunS: 3600,
  /** The runner's usual decoupling: long steady runs of the 90 days before, at least 3 of them. */
  decouplingDays: 90,
  minDecouplingRuns: 3,
  /** Load compared with the runs of the 28 days ending with this one; said when among the top 3. */
  loadDays: 28,
  minLoadRuns: 4,
  loadTopRank: 3,
  /** "Your longest run since…" only when nothing as long was run in at least this many days. */
  longestMinDays: 28,
};

export interface EasyPaceFact {
  kind: 'easy-pace';
  hr: number;
  paceMinPerKm: number;
  baselinePaceMinPerKm: number;
  baselineRuns: number;
  /** Negative = faster now. */
  deltaSPerKm: number;
}
export interface DecouplingFact {
  kind: 'decoupling';
  pct: number;
  movingS: number;
  verdict: 'aerobically developed' | 'sustainable' | 'unsustainable';
  /** The median of the runner's long steady runs of the 90 days before; null with fewer than 3. */
  usualPct: number | null;
  usualRuns: number;
}
export interface LoadFact {
  kind: 'load';
  load: number;
  /** 1 = the biggest of the runs of the last 28 days (this one included). */
  rank: number;
  runs: number;
  medianLoad: number;
}
export interface LongestFact {
  kind: 'longest';
  distanceM: number;
  /** The last earlier run at least as long; null = the longest ever. */
  since: string | null;
}
export interface ZonesFact {
  kind: 'zones';
  /** Shares of the time with HR in zones 1–2, zone 3 and zones 4–5. */
  easyShare: number;
  moderateShare: number;
  hardShare: number;
}
export interface IntervalsFact {
  kind: 'intervals';
}
/** The plan's session this run fulfilled (sessionMatch.ts, as the deck matched it): where it stands in the plan. */
export interface PlanFact {
  kind: 'plan';
  session: Pick<PlannedSession, 'type' | 'date' | 'week' | 'phase' | 'distanceKm'>;
  runKm: number | null;
}

export type RunFact = PlanFact | EasyPaceFact | DecouplingFact | LoadFact | LongestFact | ZonesFact | IntervalsFact;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** Friel's bands (metrics.md "Per run"). */
function verdictOf(pct: number): DecouplingFact['verdict'] {
  return pct < 5 ? 'aerobically developed' : pct <= 10 ? 'sustainable' : 'unsustainable';
}

/**
 * The facts about `run` against the runner's other runs (`rows`, the Activities table): the plan's
 * session it fulfilled (when the caller matched one), easy pace
 * at the same HR vs six weeks ago (for a run in zones 1–2 that is not an interval session),
 * decoupling vs their usual, a load among the top 3 of four weeks, longest since, time in zones, an interval
 * session. In that order; a fact without enough history is left out.
 */
export function runFacts(run: ActivityTableRow, rows: readonly ActivityTableRow[], zones: HrZones, fulfilled: PlanFact['session'] | null = null): RunFact[] {
  if (!isRun(run.sport)) return [];
  const runs = rows.filter((r) => r.id !== run.id && isRun(r.sport));
  const facts: RunFact[] = [];
  if (fulfilled) facts.push({ kind: 'plan', session: fulfilled, runKm: run.distanceM === null ? null : run.distanceM / 1000 });
  const t = INSIGHTS;

  const hr = run.avgHr === null ? null : Math.round(run.avgHr);
  if (hr !== null && hr <= zones[1][1] && !run.series && Number.isFinite(run.paceMinPerKm)) {
    const from = addDays(run.localDate, -t.baselineFromDays);
    const to = addDays(run.localDate, -t.baselineToDays);
    const base = runs.filter((r) => r.localDate >= from && r.localDate <= to && r.avgHr !== null && Math.abs(Math.round(r.avgHr) - hr) <= t.hrToleranceBpm && !r.series && Number.isFinite(r.paceMinPerKm));
    if (base.length >= t.minBaselineRuns) {
      const basePace = median(base.map((r) => r.paceMinPerKm));
      const delta = (run.paceMinPerKm - basePace) * 60;
      if (Math.abs(delta) >= t.minPaceChangeSPerKm) facts.push({ kind: 'easy-pace', hr, paceMinPerKm: run.paceMinPerKm, baselinePaceMinPerKm: basePace, baselineRuns: base.length, deltaSPerKm: delta });
    }
  }

  const moving = run.movingS ?? run.timerS;
  if (run.decouplingPct !== null && moving !== null && moving >= t.longRunS) {
    const from = addDays(run.localDate, -t.decouplingDays);
    const usual = runs.filter((r) => r.localDate >= from && r.localDate < run.localDate && r.decouplingPct !== null && !r.series && (r.movingS ?? r.timerS ?? 0) >= t.longRunS)
      .map((r) => r.decouplingPct as number);
    facts.push({
      kind: 'decoupling', pct: run.decouplingPct, movingS: moving, verdict: verdictOf(run.decouplingPct),
      usualPct: usual.length >= t.minDecouplingRuns ? median(usual) : null, usualRuns: usual.length,
    });
  }

  if (run.loadSource !== 'none' && run.trainingLoad > 0) {
    const from = addDays(run.localDate, -(t.loadDays - 1));
    const window = [run, ...runs.filter((r) => r.localDate >= from && r.localDate <= run.localDate && r.loadSource !== 'none')];
    if (window.length >= t.minLoadRuns) {
      const rank = 1 + window.filter((r) => r.trainingLoad > run.trainingLoad).length;
      if (rank <= t.loadTopRank) facts.push({ kind: 'load', load: run.trainingLoad, rank, runs: window.length, medianLoad: median(window.map((r) => r.trainingLoad)) });
    }
  }

  if (run.distanceM !== null && run.distanceM > 0) {
    const d = run.distanceM;
    const before = runs.filter((r) => r.localDate < run.localDate || (r.localDate === run.localDate && r.startUtc < run.startUtc));
    const asLong = before.filter((r) => (r.distanceM ?? 0) >= d).map((r) => r.localDate).sort().at(-1) ?? null;
    const enoughBefore = before.some((r) => r.localDate <= addDays(run.localDate, -t.longestMinDays));
    if (enoughBefore && (asLong === null || asLong <= addDays(run.localDate, -t.longestMinDays))) facts.push({ kind: 'longest', distanceM: d, since: asLong });
  }

  if (run.tizS) {
    const total = run.tizS.reduce((a, b) => a + b, 0);
    if (total > 0) facts.push({ kind: 'zones', easyShare: (run.tizS[0] + run.tizS[1]) / total, moderateShare: run.tizS[2] / total, hardShare: (run.tizS[3] + run.tizS[4]) / total });
  }

  if (run.series) facts.push({ kind: 'intervals' });
  return facts;
}
