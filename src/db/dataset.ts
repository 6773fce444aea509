import type { Db } from './db';
import { activitiesPerMonth, dbSummary, listActivities, listLaps } from './queries';
import { latestRouteTracks, readStreamMetrics, readTrack } from './streamMetrics';
import { listWellness } from './wellness';
import { readActivityGear, readGarminPredictions, readGear, readVo2max } from './garminMetrics';
import { activityTable } from '../analysis/activityTable';
import { buildRoutes } from '../analysis/routes';
import { isRun } from '../analysis/types';
import type { ActivityLoadRow, AthleteHr, Dataset } from '../database';
import type { ActivityInput } from '../analysis/types';

/**
 * The notebook's dataset: everything its cells share, read in one pass per data version. The
 * activities are listed once, each stream's stored metrics read once, the runs clustered into
 * routes and courses once (the table's `route` column, the Routes cell and its tracks — one per
 * course — all use that one clustering), TRIMP computed once (the table's load is the day series' load). A read only:
 * stream metrics are brought up to date when the database opens and after an import.
 */
export function readDataset(db: Db, hr: AthleteHr): Dataset {
  const activities = listActivities(db);
  const metrics = readStreamMetrics(db);
  // GAP (from each run's stream) travels with the routes, for their GAP trends.
  // Courses compare the runs' thinned tracks (docs/routes.md), read only for the runs compared.
  const routes = buildRoutes(activities.map((a) => ({ ...a, gapMinPerKm: isRun(a.sport) ? metrics.get(a.id)?.gapMinPerKm ?? NaN : NaN })), { trackOf: (id) => readTrack(db, id) });
  const routeOf = new Map<number, number>();
  for (const route of routes.routes) for (const id of route.runIds) routeOf.set(id, route.route);
  const courseOf = new Map<number, number>();
  for (const course of routes.courses) for (const id of course.runIds) courseOf.set(id, course.course);
  const table = activityTable(activities, { ...hr, routeOf, gearOf: readActivityGear(db), metricsOf: (id) => metrics.get(id) ?? null, lapsOf: (id) => listLaps(db, id) });
  const loads = table.map((r): ActivityLoadRow => ({ id: r.id, localDate: r.localDate, sport: r.sport, name: r.name, distanceM: r.distanceM, load: r.trainingLoad, loadSource: r.loadSource }));
  return {
    summary: dbSummary(db),
    perMonth: activitiesPerMonth(db),
    activities,
    table,
    loads: [...loads, ...manualLoads(db)],
    routes,
    tracks: latestRouteTracks(db, activities, courseOf),
    wellness: listWellness(db),
    sessions: manualSessions(db),
    vo2max: readVo2max(db),
    garminPredictions: readGarminPredictions(db),
    gear: readGear(db),
  };
}

/** Off-watch sessions as activities (negative ids, as in manualLoads): no HR, no GPS, their load in `loads`. */
function manualSessions(db: Db): ActivityInput[] {
  return db.all<{ id: number; local_date: string; start_time: string | null; sport: string; name: string | null; distance_m: number | null; duration_s: number | null }>(
    'SELECT id, local_date, start_time, sport, name, distance_m, duration_s FROM manual_activities ORDER BY local_date, start_time, id',
  ).map((m) => ({
    // The wall-clock start as if UTC: only the order within a day depends on it.
    id: -m.id, sport: m.sport, name: m.name, localDate: m.local_date, startMs: Date.parse(`${m.local_date}T${m.start_time ?? '00:00'}:00Z`), distanceM: m.distance_m,
    elapsedS: m.duration_s, timerS: m.duration_s, movingS: m.duration_s, ascentM: null, avgHr: null, maxHr: null, trainingLoad: null,
  }));
}

/** Off-watch sessions that carry a load (db/manual.ts); negative ids keep them apart from activities. */
function manualLoads(db: Db): ActivityLoadRow[] {
  return db.all<{ id: number; local_date: string; sport: string; name: string | null; distance_m: number | null; training_load: number; load_source: string | null }>(
    'SELECT id, local_date, sport, name, distance_m, training_load, load_source FROM manual_activities WHERE training_load IS NOT NULL',
  ).map((m) => ({ id: -m.id, localDate: m.local_date, sport: m.sport, name: m.name, distanceM: m.distance_m, load: m.training_load, loadSource: m.load_source === 'session_rpe' ? 'session_rpe' : 'manual' }));
}
