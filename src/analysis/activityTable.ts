import { isSeriesRun } from './compliance';
import { streamDecoupling } from './decoupling';
import { metresPerBeat } from './efficiency';
import { activityLoad, banisterTrimp, type LoadSource } from './load';
import { activityPaceMinPerKm } from './pace';
import { buildRoutes } from './routes';
import { timeInZone } from './timeInZone';
import { isRun, type ActivityInput, type HrZones, type LapInput, type StreamInput } from './types';

/**
 * One row per activity with its per-run metrics: the Activities cell and its CSV. Composed from
 * the metric modules; streams and laps are read through the callbacks (the worker reads them
 * from SQLite), one activity at a time, so memory stays flat on 10 years of history.
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
}

export const ACTIVITIES_CSV_COLUMNS = [
  'id', 'local_date', 'start_utc', 'sport', 'name', 'distance_m', 'elapsed_s', 'timer_s', 'moving_s', 'avg_hr', 'max_hr', 'ascent_m',
  'training_load', 'load_source', 'pace_min_per_km', 'm_per_beat', 'decoupling_pct', 'tiz_z1_s', 'tiz_z2_s', 'tiz_z3_s', 'tiz_z4_s', 'tiz_z5_s',
  'route', 'series',
] as const;

export function activityTable(
  activities: readonly ActivityInput[],
  { streamOf, lapsOf, zones, restingHr, maxHr }: {
    streamOf: (id: number) => StreamInput | null;
    lapsOf: (id: number) => LapInput[];
    zones: HrZones;
    restingHr: number;
    maxHr: number;
  },
): ActivityTableRow[] {
  const routeOf = new Map<number, number>();
  for (const route of buildRoutes(activities).routes) for (const id of route.runIds) routeOf.set(id, route.route);
  return activities.map((a) => {
    const stream = streamOf(a.id);
    const laps = stream?.hr ? [] : lapsOf(a.id);
    const run = isRun(a.sport);
    const { load, source } = activityLoad(a.trainingLoad, () => (stream?.hr ? banisterTrimp(stream.tS, stream.hr, { restingHr, maxHr }) : null));
    const tiz = stream?.hr || laps.length > 0 ? timeInZone(stream, laps, zones) : null;
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
      decouplingPct: run && stream ? streamDecoupling(stream).decouplingPct : null,
      tizS: tiz && tiz.totalS > 0 ? tiz.zonesS : null,
      route: routeOf.get(a.id) ?? null,
      series: run && isSeriesRun(a),
    };
  });
}

export function activitiesCsvRows(rows: readonly ActivityTableRow[]): (string | number | null)[][] {
  return rows.map((r) => [
    r.id, r.localDate, r.startUtc, r.sport, r.name, r.distanceM, r.elapsedS, r.timerS, r.movingS, r.avgHr, r.maxHr, r.ascentM,
    r.trainingLoad, r.loadSource, r.paceMinPerKm, r.mPerBeat, r.decouplingPct, ...(r.tizS ?? [null, null, null, null, null]),
    r.route, r.series ? 1 : 0,
  ]);
}
