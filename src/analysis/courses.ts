/**
 * Courses (issue #15 "Routes are courses"; docs/routes.md): within one start cluster (a "place
 * you start from", routes.ts), the runs that follow the same path. Two runs are on the same
 * course when
 *   1. their distances agree: |d − d_seed| ≤ distanceTolerance · d_seed (10 %), and
 *   2. their thinned GPS paths overlap: at least minOverlap (80 %) of the points of each track lie
 *      within nearM (60 m) of the other track's polyline — measured both ways, so a 5 km loop
 *      is not the "same course" as a 10 km loop that contains it.
 * Greedy and deterministic, like the start clustering: runs in start order; a run joins the
 * first course (in creation order) of its place that passes both tests against the course's
 * seed (its first run) for distance and its reference track (its first run that has a track)
 * for the path; otherwise it seeds a new course. Courses are numbered in creation order.
 *
 * Runs without a track (or before any run of the course has one) are grouped by place and
 * distance alone: there is nothing else to compare. A run without a distance cannot be compared
 * and is a course of its own. Direction is not measured: a loop run clockwise and the same loop
 * run anticlockwise, or an out-and-back either way, cover the same ground (the same climbs, the
 * same surface), so they are one course.
 *
 * Why point-to-polyline and not point-to-point: the tracks are thinned to every k-th sample (at
 * most ~300 points), so points of two runs sit 10–100 m apart along the path; the distance to the
 * other track's segments does not depend on where either track happened to keep a point.
 */

export const DEFAULTS = {
  /**
   * Relative distance difference still the same course. Two recordings of one course differ by
   * 1–3 % (GPS, auto-pause, which side of the road); a small detour or a lap of the car park
   * adds a few % more. 10 % keeps 5.0 and 5.4 km together and 5 and 6 km apart.
   */
  distanceTolerance: 0.1,
  /**
   * A point is "on" the other track within this distance (m) of its polyline. Budget: consumer
   * GPS error of each track (~5–20 m, more under trees or between buildings), the road's width,
   * and thinning: a chord of ≤ 100 m across a right-angled corner passes up to ~35 m inside it.
   * Below the ~80–100 m between parallel streets a block apart, so the next street is another path.
   */
  nearM: 60,
  /**
   * Share of each track's points (≈ share of its time) that must lie near the other. 0.8 lets a
   * run differ for a fifth of its length (a detour, a GPS glitch, a different last kilometre of
   * a 5 km) and still be the course; a 5 km loop and a 10 km one sharing its first half overlap
   * ~50 % one way and fail.
   */
  minOverlap: 0.8,
};

/** A thinned GPS path, degrees; NaN marks a gap (bridged by a straight line, as trackLengthM does). */
export interface CourseTrack {
  lat: ArrayLike<number>;
  lon: ArrayLike<number>;
}

export interface CourseOptions {
  distanceTolerance?: number;
  nearM?: number;
  minOverlap?: number;
  /** The sphere's radius, km (routes.ts DEFAULTS.earthRadiusKm: the same Earth as the start clusters). */
  earthRadiusKm: number;
}

export interface Courses {
  /** Course of each run, numbered in creation order; −1 for a run without a place. */
  labels: Int32Array;
  /** Index (into the input) of each course's seed, by course number. */
  seeds: Int32Array;
  /** Index of the run whose track each course's path is compared with; −1 when none was needed or found. */
  referenceTracks: Int32Array;
}

const DEG = Math.PI / 180;
/** At most this many grid cells per track (256 KB of offsets); a longer track gets larger cells. */
const MAX_CELLS = 65536;
/** Query ranges are this much wider than nearM, so a float rounding at a cell edge cannot hide a segment. */
const RANGE_MARGIN = 1e-9;

/**
 * A track on a plane in metres (its valid points only, gaps closed up), with its segments in a
 * dense grid of square cells over its bounding box: only the segments in the cells within nearM
 * of a point can be near it. Three typed arrays per track (allocating one costs ~1 µs, as much as
 * projecting 60 points): coordinates interleaved, and the grid as compressed rows — cell c holds
 * segs[start[c + 1] … start[c + 2]).
 */
interface IndexedTrack {
  /** x₀, y₀, x₁, y₁, … metres east and north of the place's origin; `n` points. */
  xy: Float64Array;
  n: number;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
  cellM: number;
  /** Column and row of the grid's first cell (cell coordinates floor(x / cellM)). */
  col0: number;
  row0: number;
  cols: number;
  rows: number;
  start: Int32Array;
  segs: Int32Array;
}

/** Where a place's tracks are projected from: x = R·Δλ·cos φ₀, y = R·Δφ (routePath.projectTracks' projection, with a fixed origin). */
interface Origin {
  lat: number;
  lon: number;
  cos: number;
}

function isValidPoint(lat: number, lon: number): boolean {
  return Number.isFinite(lat) && Number.isFinite(lon) && lat >= -90 && lat <= 90;
}

/** b − a in degrees of longitude, wrapped into [−180, 180). */
function lonDelta(a: number, b: number): number {
  return ((((b - a + 180) % 360) + 360) % 360) - 180;
}

function firstPoint(track: CourseTrack): Origin | null {
  const len = Math.min(track.lat.length, track.lon.length);
  for (let i = 0; i < len; i++) {
    const la = track.lat[i] as number;
    const lo = track.lon[i] as number;
    if (isValidPoint(la, lo)) return { lat: la, lon: lo, cos: Math.cos(la * DEG) };
  }
  return null;
}

/** The track projected around `origin` and its segments indexed; null without a valid point. */
function indexTrack(track: CourseTrack, origin: Origin, nearM: number, earthRadiusKm: number): IndexedTrack | null {
  const len = Math.min(track.lat.length, track.lon.length);
  const mPerDeg = earthRadiusKm * 1000 * DEG;
  const xy = new Float64Array(2 * len);
  let n = 0;
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < len; i++) {
    const la = track.lat[i] as number;
    const lo = track.lon[i] as number;
    if (!isValidPoint(la, lo)) continue;
    const dLon = lo - origin.lon;
    const x = mPerDeg * (dLon >= -180 && dLon < 180 ? dLon : lonDelta(origin.lon, lo)) * origin.cos;
    const y = mPerDeg * (la - origin.lat);
    xy[2 * n] = x;
    xy[2 * n + 1] = y;
    n++;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (n === 0) return null;
  // Cells of 2·nearM: a point's neighbourhood is 2 cells each way, and an 8 km loop's grid is
  // ~20 × 20 cells, cheap to allocate and to sum. Any size is correct (the query takes every cell
  // within nearM); a very long track gets larger cells to bound the memory.
  let cellM = 2 * nearM;
  const cellsAt = (c: number) => (Math.floor(maxX / c) - Math.floor(minX / c) + 1) * (Math.floor(maxY / c) - Math.floor(minY / c) + 1);
  while (cellsAt(cellM) > MAX_CELLS) cellM *= 2;
  const col0 = Math.floor(minX / cellM);
  const row0 = Math.floor(minY / cellM);
  const cols = Math.floor(maxX / cellM) - col0 + 1;
  const rows = Math.floor(maxY / cellM) - row0 + 1;
  const cells = cols * rows;
  // Counting sort of (cell, segment) pairs: count into start[cell + 1], sum so that start[c + 1]
  // is where cell c ends (and start[cells + 1] the total), then place each pair at
  // --start[cell + 1]. That leaves start[c + 1] at cell c's beginning and start[c + 2] (the next
  // cell's beginning, or the total) at its end.
  const start = new Int32Array(cells + 2);
  const pairs = visitCells(xy, n, cellM, col0, row0, cols, start, null);
  for (let c = 1; c < cells + 2; c++) start[c] = (start[c] as number) + (start[c - 1] as number);
  const segs = new Int32Array(pairs);
  visitCells(xy, n, cellM, col0, row0, cols, start, segs);
  return { xy, n, minX, maxX, minY, maxY, cellM, col0, row0, cols, rows, start, segs };
}

/**
 * Each segment's cells: those its bounding box touches, a superset of the cells it crosses, so
 * the cell of any point on it holds it. Segment s joins points s and s + 1; a lone point is one
 * segment of length 0. Without `segs`: counts the pairs into start[cell + 1] and returns how many;
 * with it: places each pair (see indexTrack).
 */
function visitCells(xy: Float64Array, n: number, cellM: number, col0: number, row0: number, cols: number, start: Int32Array, segs: Int32Array | null): number {
  const segments = Math.max(1, n - 1);
  let pairs = 0;
  // Each point's cell is computed once; a segment spans the cells of its two ends.
  let ca = Math.floor((xy[0] as number) / cellM) - col0;
  let ra = Math.floor((xy[1] as number) / cellM) - row0;
  for (let s = 0; s < segments; s++) {
    const b = s < n - 1 ? s + 1 : s;
    const cb = Math.floor((xy[2 * b] as number) / cellM) - col0;
    const rb = Math.floor((xy[2 * b + 1] as number) / cellM) - row0;
    const c0 = ca < cb ? ca : cb;
    const c1 = ca < cb ? cb : ca;
    const r0 = ra < rb ? ra : rb;
    const r1 = ra < rb ? rb : ra;
    ca = cb;
    ra = rb;
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const at = r * cols + c + 1;
        if (segs) {
          const k = (start[at] as number) - 1;
          start[at] = k;
          segs[k] = s;
        } else start[at] = (start[at] as number) + 1;
        pairs++;
      }
    }
  }
  return pairs;
}

/** Squared distance from (px, py) to segment s of t (its points s and s + 1). */
function segmentDistance2(px: number, py: number, t: IndexedTrack, s: number): number {
  const b = s < t.n - 1 ? s + 1 : s;
  const ax = t.xy[2 * s] as number;
  const ay = t.xy[2 * s + 1] as number;
  const dx = (t.xy[2 * b] as number) - ax;
  const dy = (t.xy[2 * b + 1] as number) - ay;
  const l2 = dx * dx + dy * dy;
  // The segment's point nearest p: its projection, clamped to the ends.
  const u = l2 > 0 ? Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy) / l2)) : 0;
  const ex = ax + u * dx - px;
  const ey = ay + u * dy - py;
  return ex * ex + ey * ey;
}

/** The segment of t within nearM of (px, py) found first, or −1. */
function nearSegment(px: number, py: number, t: IndexedTrack, nearM: number): number {
  const near2 = nearM * nearM;
  const reach = nearM * (1 + RANGE_MARGIN);
  const c0 = Math.max(0, Math.floor((px - reach) / t.cellM) - t.col0);
  const c1 = Math.min(t.cols - 1, Math.floor((px + reach) / t.cellM) - t.col0);
  const r0 = Math.max(0, Math.floor((py - reach) / t.cellM) - t.row0);
  const r1 = Math.min(t.rows - 1, Math.floor((py + reach) / t.cellM) - t.row0);
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      const cell = r * t.cols + c;
      for (let k = t.start[cell + 1] as number; k < (t.start[cell + 2] as number); k++) {
        const s = t.segs[k] as number;
        if (segmentDistance2(px, py, t, s) <= near2) return s;
      }
    }
  }
  return -1;
}

/**
 * How many of a's points lie within nearM of b's polyline; stops early (returning −1) once more
 * than maxMisses lie farther. Points outside b's bounding box grown by nearM are misses without a
 * grid look-up: the cheap test that settles most pairs of different courses. Two runs of one
 * course walk b in order, one way or the other, so the segment near the last point and its
 * neighbours are tried before the grid.
 */
function pointsNear(a: IndexedTrack, b: IndexedTrack, nearM: number, maxMisses: number): number {
  const near2 = nearM * nearM;
  const x0 = b.minX - nearM;
  const x1 = b.maxX + nearM;
  const y0 = b.minY - nearM;
  const y1 = b.maxY + nearM;
  const lastSegment = Math.max(0, b.n - 2);
  let hits = 0;
  let misses = 0;
  let hint = -1;
  for (let i = 0; i < a.n; i++) {
    const px = a.xy[2 * i] as number;
    const py = a.xy[2 * i + 1] as number;
    let s = -1;
    if (px >= x0 && px <= x1 && py >= y0 && py <= y1) {
      if (hint >= 0 && segmentDistance2(px, py, b, hint) <= near2) s = hint;
      else if (hint >= 0 && hint < lastSegment && segmentDistance2(px, py, b, hint + 1) <= near2) s = hint + 1;
      else if (hint > 0 && segmentDistance2(px, py, b, hint - 1) <= near2) s = hint - 1;
      else s = nearSegment(px, py, b, nearM);
    }
    if (s >= 0) {
      hits++;
      hint = s;
    } else if (++misses > maxMisses) return -1;
  }
  return hits;
}

/** Both ways at least minOverlap of the points near the other track. */
function samePath(a: IndexedTrack, b: IndexedTrack, nearM: number, minOverlap: number): boolean {
  // misses ≤ ⌊(1 − minOverlap)·n⌋ ⇔ hits ≥ minOverlap·n, in whole points; the 1e-9 absorbs
  // 1 − 0.8 = 0.19999…, which would otherwise make 5 points allow 0 misses instead of 1.
  const allowed = (t: IndexedTrack) => Math.floor((1 - minOverlap) * t.n + 1e-9);
  return pointsNear(a, b, nearM, allowed(a)) >= 0 && pointsNear(b, a, nearM, allowed(b)) >= 0;
}

/**
 * The overlap of two tracks as the rule measures it: the share of a's valid points within nearM
 * of b's polyline, and of b's near a's. NaN for a share when either track has no valid point.
 */
export function trackOverlap(
  a: CourseTrack,
  b: CourseTrack,
  { nearM = DEFAULTS.nearM, earthRadiusKm }: { nearM?: number; earthRadiusKm: number },
): { aNearB: number; bNearA: number } {
  const origin = firstPoint(a) ?? firstPoint(b);
  const ia = origin && indexTrack(a, origin, nearM, earthRadiusKm);
  const ib = origin && indexTrack(b, origin, nearM, earthRadiusKm);
  if (!ia || !ib) return { aNearB: NaN, bNearA: NaN };
  return { aNearB: pointsNear(ia, ib, nearM, Infinity) / ia.n, bNearA: pointsNear(ib, ia, nearM, Infinity) / ib.n };
}

/**
 * Runs (in start order) grouped into courses within their place. `places` is each run's start
 * cluster (routes.ts clusterRoutes; −1: none), `distanceM` its distance (NaN: unknown),
 * `trackOf` its thinned track (null: none). Tracks are asked for only when a comparison needs
 * them — a run whose place has no other run of a similar distance is never read — and at most
 * once each. Without `trackOf` every course is place + distance.
 */
export function groupCourses(
  places: ArrayLike<number>,
  distanceM: ArrayLike<number>,
  trackOf: ((index: number) => CourseTrack | null) | null,
  { distanceTolerance = DEFAULTS.distanceTolerance, nearM = DEFAULTS.nearM, minOverlap = DEFAULTS.minOverlap, earthRadiusKm }: CourseOptions,
): Courses {
  if (!(nearM > 0) || !Number.isFinite(nearM)) throw new RangeError(`Courses: nearM must be positive and finite, got ${nearM}`);
  if (!(distanceTolerance >= 0)) throw new RangeError(`Courses: distanceTolerance must be ≥ 0, got ${distanceTolerance}`);
  const n = places.length;
  const labels = new Int32Array(n).fill(-1);
  const seeds = new Int32Array(n);
  const referenceTracks = new Int32Array(n).fill(-1);
  let k = 0;
  const coursesOfPlace = new Map<number, number[]>();
  const members: number[][] = [];
  /** Per course, how many of its members (in order) are known to have no track: the reference search resumes there. */
  const scanned: number[] = [];
  const originOfPlace = new Map<number, Origin>();
  // undefined: not read yet; null: no track.
  const indexed: (IndexedTrack | null | undefined)[] = new Array<IndexedTrack | null | undefined>(n);

  const trackAt = (i: number): IndexedTrack | null => {
    let t = indexed[i];
    if (t !== undefined) return t;
    t = null;
    const raw = trackOf?.(i) ?? null;
    if (raw) {
      const place = places[i] as number;
      // One origin per place (its first track's first point): tracks compared share a plane.
      let origin = originOfPlace.get(place);
      if (!origin) {
        origin = firstPoint(raw) ?? undefined;
        if (origin) originOfPlace.set(place, origin);
      }
      if (origin) t = indexTrack(raw, origin, nearM, earthRadiusKm);
    }
    indexed[i] = t;
    return t;
  };
  /** The course's first member with a track, found lazily (members only grow, so it never changes once found). */
  const referenceOf = (c: number): IndexedTrack | null => {
    const m = members[c] as number[];
    if ((referenceTracks[c] as number) >= 0) return indexed[referenceTracks[c] as number] as IndexedTrack;
    for (; (scanned[c] as number) < m.length; scanned[c] = (scanned[c] as number) + 1) {
      const j = m[scanned[c] as number] as number;
      const t = trackAt(j);
      if (t) {
        referenceTracks[c] = j;
        return t;
      }
    }
    return null;
  };

  for (let i = 0; i < n; i++) {
    const place = places[i] as number;
    if (!(place >= 0)) continue;
    const d = distanceM[i] as number;
    let courses = coursesOfPlace.get(place);
    if (!courses) coursesOfPlace.set(place, (courses = []));
    let label = -1;
    if (d > 0 && Number.isFinite(d)) {
      for (const c of courses) {
        const dc = distanceM[seeds[c] as number] as number;
        if (!(Math.abs(d - dc) <= distanceTolerance * dc)) continue;
        if (trackOf) {
          const own = trackAt(i);
          const reference = own && referenceOf(c);
          if (own && reference && !samePath(own, reference, nearM, minOverlap)) continue;
        }
        label = c;
        break;
      }
    }
    if (label < 0) {
      label = k++;
      seeds[label] = i;
      courses.push(label);
      members.push([]);
      scanned.push(0);
    }
    (members[label] as number[]).push(i);
    labels[i] = label;
  }
  return { labels, seeds: seeds.slice(0, k), referenceTracks: referenceTracks.slice(0, k) };
}
