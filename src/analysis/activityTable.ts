import { isSeriesRun } from './compliance';
import { metresPerBeat } from './efficiency';
import type { LoadSource } from './load';
import { activityPaceMinPerKm } from './pace';
import { loadFromMetrics, tizFromHrSeconds, type StreamMetrics } from './streamMetrics';
import { timeInZoneFromLaps } from './timeInZone';
import { isRun, type ActivityInput, type HrZones, type LapInput } from './types';

/**
 * One row per activity with its per-run metrics: the Activities cell and its CSV. Composed from
 * the metric modules over each stream's stored metrics (streamMetrics.ts: computed once at
 * ingest), so building it reads no samples; laps are read only for activities without HR samples.
 */

export interface ActivityTableRow {
  id: number;
  localDate: string;
  startUtc: string;
  sport: string;
  name: string | null;
  distanceM: number | null;
  elapsedS: number | null;
  timerS: number | null;
  movingS: number | null;
  avgHr: number | null;
  maxHr: number | null;
  ascentM: number | null;
  trainingLoad: number;
  loadSource: LoadSource;
  paceMinPerKm: number;
  mPerBeat: number;
  decouplingPct: number | null;
  tizS: [number, number, number, number, number] | null;
  route: number | null;
  series: boolean;
  /**
   * A run's best efforts from its stream, seconds per records.DEFAULTS.effortTargetsM (null where
   * the run is shorter than the target); null without a stream with distance or speed.
   */
  bestEffortsS: (number | null)[] | null;
  /** Grade-adjusted pace of a run from its stream (gap.ts), NaN when masked or unknown. */
  gapMinPerKm: number;
  /** The gear it was used with (Garmin's gear file), and the first one's distance so far, this activity included. */
  gear: string | null;
  gearDistanceM: number | null;
}

export const ACTIVITIES_CSV_COLUMNS = [
  'id', 'local_date', 'start_utc', 'sport', 'name', 'distance_m', 'elapsed_s', 'timer_s', 'moving_s', 'avg_hr', 'max_hr', 'ascent_m',
  'training_load', 'load_source', 'pace_min_per_km', 'm_per_beat', 'decoupling_pct', 'tiz_z1_s', 'tiz_z2_s', 'tiz_z3_s', 'tiz_z4_s', 'tiz_z5_s',
  'route', 'series', 'gear', 'gear_distance_m',
] as const;

export function activityTable(
  activities: readonly ActivityInput[],
  { metricsOf, lapsOf, routeOf, gearOf, zones, restingHr, maxHr }: {
    /** The gear each activity was used with (db/garminMetrics.ts readActivityGear). */
    gearOf?: ReadonlyMap<number, { gear: string; gearDistanceM: number }>;
    /** The stream's stored metrics (streamMetrics.ts), null without a stream. */
    metricsOf: (id: number) => StreamMetrics | null;
    lapsOf: (id: number) => LapInput[];
    /** Each run's route (buildRoutes' cluster number); runs not in it have none. */
    routeOf: ReadonlyMap<number, number>;
    zones: HrZones;
    restingHr: number;
    maxHr: number;
  },
): ActivityTableRow[] {
  return activities.map((a) => {
    const m = metricsOf(a.id);
    const run = isRun(a.sport);
    // Excluded by the athlete: listed, with load 0 (docs/schema.md activities.excluded_from_load).
    const { load, source } = a.excludedFromLoad ? { load: 0, source: 'excluded' as const } : loadFromMetrics(a.trainingLoad, m?.hr ?? null, { restingHr, maxHr }, a);
    // The stream when it has HR (ground truth), else the laps (timeInZone.ts's rule).
    const fromStream = m?.hr ? tizFromHrSeconds(m.hr, zones) : null;
    const tiz = fromStream && fromStream.totalS > 0 ? fromStream : timeInZoneFromLaps(lapsOf(a.id), zones);
    return {
      id: a.id,
      localDate: a.localDate,
      startUtc: new Date(a.startMs).toISOString().slice(0, 19) + 'Z',
      sport: a.sport,
      name: a.name ?? null,
      distanceM: a.distanceM,
      elapsedS: a.elapsedS,
      timerS: a.timerS,
      movingS: a.movingS,
      avgHr: a.avgHr,
      maxHr: a.maxHr,
      ascentM: a.ascentM,
      trainingLoad: load,
      loadSource: source,
      paceMinPerKm: run ? activityPaceMinPerKm(a) : NaN,
      mPerBeat: run ? metresPerBeat(a.distanceM, a.timerS, a.avgHr) : NaN,
      decouplingPct: run ? m?.decouplingPct ?? null : null,
      tizS: tiz.totalS > 0 ? tiz.zonesS : null,
      route: routeOf.get(a.id) ?? null,
      series: run && isSeriesRun(a),
      gapMinPerKm: run ? m?.gapMinPerKm ?? NaN : NaN,
      bestEffortsS: run && m?.bestEffortsS ? Array.from(m.bestEffortsS, (t) => (Number.isNaN(t) ? null : t)) : null,
      gear: gearOf?.get(a.id)?.gear ?? null,
      gearDistanceM: gearOf?.get(a.id)?.gearDistanceM ?? null,
    };
  });
}

export function activitiesCsvRows(rows: readonly ActivityTableRow[]): (string | number | null)[][] {
  return rows.map((r) => [
    r.id, r.localDate, r.startUtc, r.sport, r.name, r.distanceM, r.elapsedS, r.timerS, r.movingS, r.avgHr, r.maxHr, r.ascentM,
    r.trainingLoad, r.loadSource, r.paceMinPerKm, r.mPerBeat, r.decouplingPct, ...(r.tizS ?? [null, null, null, null, null]),
    r.route, r.series ? 1 : 0, r.gear, r.gearDistanceM,
  ]);
}
