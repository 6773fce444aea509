import { dateOfDay, dayNumber } from './calendar';
import { groupCourses, type CourseOptions, type CourseTrack } from './courses';
import { activityPaceMinPerKm, maskPace, type PaceMaskOptions } from './pace';
import { isRun, type ActivityInput } from './types';

/**
 * Routes (metrics.md "Routes", openrun `cluster_routes`; docs/routes.md): runs grouped first by
 * where they start — the start clusters, "places you start from" — and then, within a place, into
 * courses (courses.ts: similar distance and the same path), so a pace trend compares the same
 * course with itself and terrain or distance does not masquerade as fitness.
 * Start clusters are greedy, in start order: a start joins the first cluster (in creation order)
 * whose seed — the cluster's first start — lies within the radius, otherwise it seeds a new cluster.
 */

export const DEFAULTS = {
  /** openrun cluster_routes(radius_km=0.25); "within" = distance ≤ radius. */
  radiusKm: 0.25,
  /** IUGG mean Earth radius R₁ (Moritz 1980, Geodetic Reference System 1980), km. */
  earthRadiusKm: 6371.0088,
  /** A trend needs this many runs with a pace: a line through two points is not a trend. */
  minTrendRuns: 3,
  /** Trend slopes are reported per this many days (a year: "2023 vs 2025", openrun). */
  trendDays: 365,
};

const DEG = Math.PI / 180;
const TWO_PI = 2 * Math.PI;
/**
 * The grid's cells are this much larger (relatively) than the radius. The haversine is computed
 * in floating point (differences of nearby degrees are exact; each sin, cos, sqrt, asin adds an
 * ulp or so), so its relative error is far below 1e-12; a 1e-6 margin keeps every pair the
 * predicate accepts inside the neighbourhood without measurably enlarging the cells.
 */
const GRID_MARGIN = 1e-6;

/** Great-circle distance (haversine) in km between two points in degrees. */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number, earthRadiusKm = DEFAULTS.earthRadiusKm): number {
  return haversineCosKm(lat1, lon1, Math.cos(lat1 * DEG), lat2, lon2, Math.cos(lat2 * DEG), earthRadiusKm);
}

/**
 * haversineKm with each latitude's cosine supplied: the clustering loops compute it once per
 * start. Math.cos is deterministic, so the result is bit-identical to haversineKm's.
 */
function haversineCosKm(lat1: number, lon1: number, cos1: number, lat2: number, lon2: number, cos2: number, earthRadiusKm: number): number {
  const sLat = Math.sin(((lat2 - lat1) * DEG) / 2);
  const sLon = Math.sin(((lon2 - lon1) * DEG) / 2);
  const h = sLat * sLat + cos1 * cos2 * sLon * sLon;
  return 2 * earthRadiusKm * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** cos(latitude) per start, NaN for a start that is not clustered. */
function latitudeCosines(lat: ArrayLike<number>, lon: ArrayLike<number>): Float64Array {
  const out = new Float64Array(lat.length);
  for (let i = 0; i < lat.length; i++) {
    const la = lat[i] as number;
    out[i] = isValidStart(la, lon[i] as number) ? Math.cos(la * DEG) : NaN;
  }
  return out;
}

export interface StartClusters {
  /** Cluster of each start, numbered in creation order; −1 for a start without a valid position. */
  labels: Int32Array;
  /** Index (into the input) of each cluster's seed, by cluster number. */
  seeds: Int32Array;
}

export interface ClusterOptions {
  radiusKm?: number;
  earthRadiusKm?: number;
}

/** A usable start: finite, latitude within ±90°. Anything else is not clustered (label −1). */
function isValidStart(lat: number, lon: number): boolean {
  return Number.isFinite(lat) && Number.isFinite(lon) && lat >= -90 && lat <= 90;
}

/**
 * The reference: the plain greedy loop, O(n·k) for k clusters. Starts must be in start order.
 * Both implementations decide membership with the same computation, haversine(seed, start) ≤
 * radius, so they agree bit for bit on every pair they both examine.
 */
export function clusterRoutesNaive(
  lat: ArrayLike<number>,
  lon: ArrayLike<number>,
  { radiusKm = DEFAULTS.radiusKm, earthRadiusKm = DEFAULTS.earthRadiusKm }: ClusterOptions = {},
): StartClusters {
  const n = lat.length;
  const labels = new Int32Array(n).fill(-1);
  const seeds = new Int32Array(n);
  const cosLat = latitudeCosines(lat, lon);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const la = lat[i] as number;
    const lo = lon[i] as number;
    const cosI = cosLat[i] as number;
    if (Number.isNaN(cosI)) continue;
    let label = -1;
    for (let c = 0; c < k; c++) {
      const s = seeds[c] as number;
      if (haversineCosKm(lat[s] as number, lon[s] as number, cosLat[s] as number, la, lo, cosI, earthRadiusKm) <= radiusKm) {
        label = c;
        break;
      }
    }
    if (label < 0) {
      label = k;
      seeds[k++] = i;
    }
    labels[i] = label;
  }
  return { labels, seeds: seeds.slice(0, k) };
}

/**
 * The same partition as clusterRoutesNaive, with seeds indexed in a grid of cells ≥ radius
 * (0.25 km) on a side, so each start only meets the few seeds in its 3×3 neighbourhood.
 *
 * Grid: rows are latitude bands of height h = (r/R)·(1 + margin) radians, from −90°. Row j is
 * cut into n_j equal columns of the full circle of longitude, n_j = ⌊2π / w_j⌋ with
 * w_j = 2·asin(sin(r′/2R) / cos φ*_j), r′ = r·(1 + margin), φ*_j the largest |latitude| in rows
 * j−1…j+1; a row where that ratio is ≥ 1 (a band within ~0.13 km of a pole) is one column.
 *
 * Why the 3×3 neighbourhood finds every seed s within r of a start p (the naive loop's
 * candidates): haversine is the identity hav θ = hav Δφ + cos φ₁ cos φ₂ hav Δλ, θ = d/R.
 * 1. Rows: hav Δφ ≤ hav θ, so |Δφ| ≤ θ ≤ r/R < h; latitudes less than one row apart have row
 *    numbers at most 1 apart, so s lies in row i−1, i or i+1 of p's row i.
 * 2. Columns: s is in row j ∈ {i−1, i, i+1} and p lies in j−1…j+1 too, so cos φ_p, cos φ_s ≥
 *    cos φ*_j and hav Δλ ≤ hav θ / (cos φ_p cos φ_s) ≤ sin²(r/2R) / cos² φ*_j, i.e. the
 *    circular longitude difference Δλ ≤ w_j ≤ 2π / n_j: one column width of row j. Two
 *    longitudes less than one column apart *around the circle* fall in columns at most 1 apart
 *    modulo n_j — so looking at p's column in row j and its two neighbours (mod n_j: the
 *    antimeridian is an ordinary column boundary) finds s. Rows of ≤ 3 columns are scanned whole.
 * 3. Poles: cos φ* → 0 makes w_j ≥ π; those rows have one column holding every longitude,
 *    which is right since all meridians meet there.
 * 4. Rounding: the predicate is evaluated in floating point, so a pair it accepts may be a hair
 *    beyond r; the margin (1e-6 ≫ its < 1e-12 relative error) keeps such pairs inside 1 and 2.
 * Every seed the naive loop could match is therefore examined; the grid takes the smallest
 * cluster number among those within r, which is the naive loop's first match.
 */
export function clusterRoutes(
  lat: ArrayLike<number>,
  lon: ArrayLike<number>,
  { radiusKm = DEFAULTS.radiusKm, earthRadiusKm = DEFAULTS.earthRadiusKm }: ClusterOptions = {},
): StartClusters {
  const n = lat.length;
  const labels = new Int32Array(n).fill(-1);
  const seeds = new Int32Array(n);
  let k = 0;

  const rowDeg = (radiusKm / earthRadiusKm) * (1 + GRID_MARGIN) / DEG;
  const rows = Math.max(1, Math.ceil(180 / rowDeg));
  const sinHalf = Math.sin((radiusKm * (1 + GRID_MARGIN)) / earthRadiusKm / 2);
  // Columns per row, computed on first use (0 = not yet): ~80,000 rows at 0.25 km, 320 KB.
  const colsOfRow = new Int32Array(rows);
  const columns = (j: number): number => {
    let c = colsOfRow[j] as number;
    if (c === 0) {
      const lo = -90 + (j - 1) * rowDeg;
      const hi = -90 + (j + 2) * rowDeg;
      const phiStar = Math.min(90, Math.max(Math.abs(lo), Math.abs(hi)));
      const ratio = sinHalf / Math.cos(phiStar * DEG);
      c = ratio < 1 ? Math.max(1, Math.floor(TWO_PI / (2 * Math.asin(ratio)))) : 1;
      colsOfRow[j] = c;
    }
    return c;
  };
  const rowOf = (la: number): number => Math.min(rows - 1, Math.floor((la + 90) / rowDeg));
  const columnOf = (lo: number, cols: number): number => {
    const t = ((((lo + 180) % 360) + 360) % 360) / 360;
    return Math.min(cols - 1, Math.floor(t * cols));
  };

  // Cells as an open-addressing hash table on typed arrays (linear probing, load ≤ 1/2: there
  // are at most as many occupied cells as seeds); each cell holds a linked list of its seeds'
  // cluster numbers, newest first, threaded through `next`.
  const capacity = 2 ** Math.ceil(Math.log2(2 * n + 2));
  const mask = capacity - 1;
  const cellRow = new Int32Array(capacity).fill(-1);
  const cellCol = new Int32Array(capacity);
  const cellHead = new Int32Array(capacity);
  const next = new Int32Array(n);
  const slot = (row: number, col: number): number => {
    let h = Math.imul(row, 0x9e3779b1) ^ Math.imul(col, 0x85ebca6b);
    h = (h ^ (h >>> 15)) & mask;
    while (cellRow[h] !== -1 && (cellRow[h] !== row || cellCol[h] !== col)) h = (h + 1) & mask;
    return h;
  };

  const cosLat = latitudeCosines(lat, lon);
  for (let i = 0; i < n; i++) {
    const la = lat[i] as number;
    const lo = lon[i] as number;
    const cosI = cosLat[i] as number;
    if (Number.isNaN(cosI)) continue;
    const row = rowOf(la);
    let best = k; // smallest matching cluster so far; k = none
    for (let j = Math.max(0, row - 1); j <= Math.min(rows - 1, row + 1); j++) {
      const cols = columns(j);
      const whole = cols <= 3;
      const col = columnOf(lo, cols);
      const first = whole ? 0 : col - 1;
      const last = whole ? cols - 1 : col + 1;
      for (let cc = first; cc <= last; cc++) {
        const h = slot(j, (cc + cols) % cols);
        if (cellRow[h] === -1) continue;
        for (let c = cellHead[h] as number; c >= 0; c = next[c] as number) {
          if (c >= best) continue;
          const s = seeds[c] as number;
          if (haversineCosKm(lat[s] as number, lon[s] as number, cosLat[s] as number, la, lo, cosI, earthRadiusKm) <= radiusKm) best = c;
        }
      }
    }
    if (best === k) {
      seeds[k] = i;
      const col = columnOf(lo, columns(row));
      const h = slot(row, col);
      if (cellRow[h] === -1) {
        cellRow[h] = row;
        cellCol[h] = col;
        cellHead[h] = -1;
      }
      next[k] = cellHead[h] as number;
      cellHead[h] = k;
      k++;
    }
    labels[i] = best;
  }
  return { labels, seeds: seeds.slice(0, k) };
}

/** One run's path for drawing: lat/lon in degrees, thinned by the worker (a few hundred points). */
export interface RouteTrack {
  activityId: number;
  lat: Float64Array;
  lon: Float64Array;
}

/** A run as the database gives it, plus its grade-adjusted pace from the GAP module (gap.ts). */
export type RouteRunInput = ActivityInput & { gapMinPerKm?: number | null };

export interface RoutePoint {
  id: number;
  localDate: string;
  /** Masked (NaN) outside 3:00–30:00 min/km, never dropped (metrics.md "Pace"). */
  paceMinPerKm: number;
  gapMinPerKm: number;
  /** The run's course (Course.course). */
  course: number;
}

export interface Trend {
  /** Least-squares slope, min/km per `trendDays` (negative = getting faster). */
  slopePerYear: number;
  /** Runs that entered the fit (finite values). */
  runs: number;
  /** The fitted line at the first and last fitted run's day, ready to draw. */
  line: readonly [{ localDate: string; value: number }, { localDate: string; value: number }];
}

/** A start cluster: a place you start from. Its runs may follow several courses. */
export interface Route {
  /** Cluster number, in creation order: the route of the earliest run is 0 (the activities CSV's `route`). */
  route: number;
  seedLat: number;
  seedLon: number;
  /** Run ids in start order. */
  runIds: number[];
  points: RoutePoint[];
  /** Numbers of the courses that start here, in creation order. */
  courses: number[];
}

/** Runs from one place over the same course (courses.ts), with their pace and GAP over time. */
export interface Course {
  /** Course number, in creation order: the course of the earliest run is 0. */
  course: number;
  /** The place (Route.route) it starts from. */
  route: number;
  /** Run ids in start order; the first is the seed whose distance the others are compared with. */
  runIds: number[];
  points: RoutePoint[];
  paceTrend: Trend | null;
  gapTrend: Trend | null;
}

export interface RoutesResult {
  routes: Route[];
  /** By course number. */
  courses: Course[];
  /** Whether paths were compared (buildRoutes was given tracks); false: courses are place + distance. */
  pathsCompared: boolean;
  /** Runs without a usable start position: not clustered. */
  withoutStart: number[];
}

/**
 * Runs (metrics.md "Conventions") clustered by start and grouped into courses, with each course's
 * pace and GAP over time. Other sports are ignored; runs are put in start order (startMs, then id)
 * before clustering. `trackOf` gives a run's thinned GPS track (read lazily, only for runs that
 * must be compared); without it courses are grouped by place and distance alone.
 */
export function buildRoutes(
  activities: readonly RouteRunInput[],
  {
    radiusKm = DEFAULTS.radiusKm,
    earthRadiusKm = DEFAULTS.earthRadiusKm,
    minTrendRuns = DEFAULTS.minTrendRuns,
    trendDays = DEFAULTS.trendDays,
    trackOf,
    distanceTolerance,
    nearM,
    minOverlap,
    ...mask
  }: ClusterOptions & PaceMaskOptions & Omit<CourseOptions, 'earthRadiusKm'> & {
    minTrendRuns?: number;
    trendDays?: number;
    trackOf?: (activityId: number) => CourseTrack | null;
  } = {},
): RoutesResult {
  const runs = activities.filter((a) => isRun(a.sport)).sort((a, b) => a.startMs - b.startMs || a.id - b.id);
  const lat = new Float64Array(runs.length);
  const lon = new Float64Array(runs.length);
  const distanceM = new Float64Array(runs.length);
  runs.forEach((r, i) => {
    lat[i] = r.startLat ?? NaN;
    lon[i] = r.startLon ?? NaN;
    distanceM[i] = r.distanceM ?? NaN;
  });
  const { labels, seeds } = clusterRoutes(lat, lon, { radiusKm, earthRadiusKm });
  const courseLabels = groupCourses(labels, distanceM, trackOf ? (i) => trackOf((runs[i] as RouteRunInput).id) : null, {
    earthRadiusKm,
    ...(distanceTolerance === undefined ? {} : { distanceTolerance }),
    ...(nearM === undefined ? {} : { nearM }),
    ...(minOverlap === undefined ? {} : { minOverlap }),
  });
  const routes: Route[] = Array.from(seeds, (s, route) => ({ route, seedLat: lat[s] as number, seedLon: lon[s] as number, runIds: [], points: [], courses: [] }));
  const courses: Course[] = Array.from(courseLabels.seeds, (s, course) => {
    const route = labels[s] as number;
    (routes[route] as Route).courses.push(course);
    return { course, route, runIds: [], points: [], paceTrend: null, gapTrend: null };
  });
  const withoutStart: number[] = [];
  runs.forEach((r, i) => {
    const label = labels[i] as number;
    if (label < 0) {
      withoutStart.push(r.id);
      return;
    }
    const point: RoutePoint = {
      id: r.id,
      localDate: r.localDate,
      paceMinPerKm: activityPaceMinPerKm(r, mask),
      gapMinPerKm: r.gapMinPerKm == null ? NaN : maskPace(r.gapMinPerKm, mask),
      course: courseLabels.labels[i] as number,
    };
    const route = routes[label] as Route;
    route.runIds.push(r.id);
    route.points.push(point);
    const course = courses[point.course] as Course;
    course.runIds.push(r.id);
    course.points.push(point);
  });
  for (const course of courses) {
    course.paceTrend = linearTrend(course.points, (p) => p.paceMinPerKm, { minTrendRuns, trendDays });
    course.gapTrend = linearTrend(course.points, (p) => p.gapMinPerKm, { minTrendRuns, trendDays });
  }
  return { routes, courses, pathsCompared: trackOf !== undefined, withoutStart };
}

/** Ordinary least squares of value on the run's local day; points with NaN values are left out. */
export function linearTrend<T extends { localDate: string }>(
  points: readonly T[],
  value: (p: T) => number,
  { minTrendRuns = DEFAULTS.minTrendRuns, trendDays = DEFAULTS.trendDays } = {},
): Trend | null {
  let n = 0;
  let sx = 0;
  let sy = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const p of points) {
    const y = value(p);
    if (!Number.isFinite(y)) continue;
    const x = dayNumber(p.localDate);
    n++;
    sx += x;
    sy += y;
    if (x < first) first = x;
    if (x > last) last = x;
  }
  if (n < minTrendRuns || n < 2) return null;
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    const y = value(p);
    if (!Number.isFinite(y)) continue;
    const dx = dayNumber(p.localDate) - mx;
    sxx += dx * dx;
    sxy += dx * (y - my);
  }
  if (sxx === 0) return null; // every run on one day: no slope over time
  const slopePerDay = sxy / sxx;
  const at = (x: number) => ({ localDate: dateOfDay(x), value: my + slopePerDay * (x - mx) });
  return { slopePerYear: slopePerDay * trendDays, runs: n, line: [at(first), at(last)] };
}

export const ROUTES_CSV_COLUMNS = ['route', 'activity_id', 'local_date', 'distance_m', 'pace_min_per_km', 'gap_min_per_km', 'course'] as const;

/** One row per run in a route, routes in number order, runs in start order; masked paces are empty; `course` last (added with courses). */
export function routesCsvRows(routes: readonly Route[], distanceMOf: (id: number) => number | null): (string | number | null)[][] {
  return [...routes].sort((a, b) => a.route - b.route)
    .flatMap((r) => r.points.map((p) => [r.route, p.id, p.localDate, distanceMOf(p.id), p.paceMinPerKm, p.gapMinPerKm, p.course]));
}
