import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULTS, groupCourses, trackOverlap, type CourseTrack } from '../../../src/analysis/courses';
import { buildRoutes, routesCsvRows, type RouteRunInput } from '../../../src/analysis/routes';

const R = 6371.0088;
const M_PER_DEG = (R * 1000 * Math.PI) / 180;
const ORIGIN = { lat: 50, lon: 8 };

type Leg = readonly [dxM: number, dyM: number];

/**
 * A thinned track in metres east (x) and north (y) of ORIGIN: the legs walked one after the
 * other, a point every `stepM` along them (the worker keeps every k-th sample: ~300 points).
 */
function walk(legs: readonly Leg[], stepM = 5000 / 300): { x: number[]; y: number[]; lengthM: number } {
  const x = [0];
  const y = [0];
  let px = 0;
  let py = 0;
  let carry = 0; // metres walked since the last kept point
  let lengthM = 0;
  for (const [dx, dy] of legs) {
    const len = Math.hypot(dx, dy);
    lengthM += len;
    let t = stepM - carry;
    for (; t <= len; t += stepM) {
      x.push(px + (dx * t) / len);
      y.push(py + (dy * t) / len);
    }
    carry = len - (t - stepM);
    px += dx;
    py += dy;
  }
  if (x[x.length - 1] !== px || y[y.length - 1] !== py) {
    x.push(px);
    y.push(py);
  }
  return { x, y, lengthM };
}

/** Deterministic jitter (mulberry32): the same "GPS noise" on every test run. */
function noise(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Metres around ORIGIN to degrees (equirectangular, cos φ at ORIGIN), each point moved by up to ±jitterM on each axis. */
function toTrack({ x, y }: { x: number[]; y: number[] }, jitterM = 0, seed = 1): CourseTrack {
  const rnd = noise(seed);
  const cos = Math.cos((ORIGIN.lat * Math.PI) / 180);
  const lat = Float64Array.from(y, (v) => ORIGIN.lat + (v + jitterM * (2 * rnd() - 1)) / M_PER_DEG);
  const lon = Float64Array.from(x, (v) => ORIGIN.lon + (v + jitterM * (2 * rnd() - 1)) / (M_PER_DEG * cos));
  return { lat, lon };
}

// A square loop of 1250 m sides: 5 km. North of the start (east, north, west, south) or south of it.
const LOOP_NORTH: Leg[] = [[1250, 0], [0, 1250], [-1250, 0], [0, -1250]];
const LOOP_NORTH_REVERSED: Leg[] = [[0, 1250], [1250, 0], [0, -1250], [-1250, 0]];
const LOOP_SOUTH: Leg[] = [[1250, 0], [0, -1250], [-1250, 0], [0, 1250]];
// 10 km: the 5 km loop's first half (east 1250, north 1250), then on north and round a bigger square.
const LOOP_10K: Leg[] = [[1250, 0], [0, 2500], [-2500, 0], [0, -2500], [1250, 0]];
// 5 km out and back along the loop's first side and on: east 2500 m and back.
const OUT_AND_BACK: Leg[] = [[2500, 0], [-2500, 0]];
// The north loop with a 100 m spur up a side street and back halfway along its north side: 5.2 km.
const LOOP_NORTH_SPUR: Leg[] = [[1250, 0], [0, 1250], [-625, 0], [0, 100], [0, -100], [-625, 0], [0, -1250]];

const opts = { earthRadiusKm: R };

describe('trackOverlap: the share of each track near the other (hand-worked on squares)', () => {
  it('a loop and itself run the other way: every point lies on the other track', () => {
    const { aNearB, bNearA } = trackOverlap(toTrack(walk(LOOP_NORTH)), toTrack(walk(LOOP_NORTH_REVERSED)), opts);
    expect(aNearB).toBe(1);
    expect(bNearA).toBe(1);
  });

  it('north vs south loop share only their first side: (1250 + 60 + 60) / 5000 ≈ 0.27 each way', () => {
    // Shared: the east leg along y = 0 (1250 m), plus the first 60 m of the north loop's second
    // side and the last 60 m of its fourth, which lie within 60 m of the south loop's corners.
    const { aNearB, bNearA } = trackOverlap(toTrack(walk(LOOP_NORTH)), toTrack(walk(LOOP_SOUTH)), opts);
    expect(Math.abs(aNearB - 1370 / 5000)).toBeLessThan(0.01);
    expect(Math.abs(bNearA - 1370 / 5000)).toBeLessThan(0.01);
  });

  it('5 km loop vs a 10 km loop over its first half: ~½ of the 5 km near the 10 km, ~¼ the other way', () => {
    // 5 km near 10 km: its first 2500 m, + 60 m past the shared corner (1250, 1250) where the
    // 10 km goes on north, + the last 60 m into the start along x = 0 (the 10 km's last leg ends
    // there from the west): 2620 / 5000 = 0.524.
    // 10 km near 5 km: the shared 2500 m + 60 m past that corner + 60 m of its last leg = 2620 / 10000.
    const { aNearB, bNearA } = trackOverlap(toTrack(walk(LOOP_NORTH)), toTrack(walk(LOOP_10K, 10000 / 300)), opts);
    expect(Math.abs(aNearB - 2620 / 5000)).toBeLessThan(0.015);
    expect(Math.abs(bNearA - 2620 / 10000)).toBeLessThan(0.015);
  });
});

/** The grouping of tracks that all start at ORIGIN (one place), with their distances. */
function group(tracks: (CourseTrack | null)[], distanceM: number[], options = {}) {
  const places = tracks.map(() => 0);
  const reads: number[] = [];
  const result = groupCourses(places, distanceM, (i) => {
    reads.push(i);
    return tracks[i] ?? null;
  }, { ...opts, ...options });
  return { labels: Array.from(result.labels), seeds: Array.from(result.seeds), references: Array.from(result.referenceTracks), reads };
}

describe('groupCourses: same start, different courses', () => {
  const north = walk(LOOP_NORTH);
  const south = walk(LOOP_SOUTH);
  const tenK = walk(LOOP_10K, 10000 / 300);
  const outAndBack = walk(OUT_AND_BACK);

  it('a 5 km loop north and one south are two courses, though their distances agree', () => {
    const { labels, seeds } = group([toTrack(north), toTrack(south), toTrack(north, 10, 2), toTrack(south, 10, 3)], [5000, 5000, 5040, 4980]);
    expect(labels).toEqual([0, 1, 0, 1]);
    expect(seeds).toEqual([0, 1]);
  });

  it('a 5 km loop and a 10 km loop sharing its first half: two courses, by distance and by path', () => {
    expect(group([toTrack(north), toTrack(tenK)], [5000, 10000]).labels).toEqual([0, 1]);
    // With the distance test switched off (any distance within 100 %), the paths still differ.
    expect(group([toTrack(north), toTrack(tenK)], [5000, 10000], { distanceTolerance: 1 }).labels).toEqual([0, 1]);
  });

  it('an out-and-back is not the loop whose first side it runs; two out-and-backs on the same road are one course', () => {
    const { labels } = group([toTrack(north), toTrack(outAndBack), toTrack(outAndBack, 10, 7), toTrack(north, 10, 8)], [5000, 5000, 5050, 4950]);
    expect(labels).toEqual([0, 1, 1, 0]);
  });

  it('direction does not matter: a loop run the other way is the same course', () => {
    expect(group([toTrack(north), toTrack(walk(LOOP_NORTH_REVERSED), 10, 4)], [5000, 5000]).labels).toEqual([0, 0]);
  });
});

describe('groupCourses: the same course', () => {
  it('with ±10 m of GPS noise, a 100 m spur and 4 % more distance, stays one course', () => {
    const north = walk(LOOP_NORTH);
    const spur = walk(LOOP_NORTH_SPUR);
    expect(spur.lengthM).toBe(5200);
    const tracks = [toTrack(north, 10, 11), toTrack(spur, 10, 12), toTrack(north, 10, 13), toTrack(spur, 10, 14)];
    // The spur's points off the loop: the ~30 m–100 m part of the 200 m spur, ~3 % of its points.
    const { aNearB, bNearA } = trackOverlap(tracks[0]!, tracks[1]!, opts);
    expect(aNearB).toBe(1);
    expect(bNearA).toBeGreaterThan(0.95);
    expect(bNearA).toBeLessThan(1);
    expect(group(tracks, [5010, spur.lengthM, 4990, 5190]).labels).toEqual([0, 0, 0, 0]);
  });

  it('distance decides at the 10 % edge, measured from the seed', () => {
    const t = toTrack(walk(LOOP_NORTH));
    // 5500 = 5000 + 10 %: joins; 5501 does not; 4500 joins (−10 %). A seed of 5501 then: 5600 joins it.
    expect(group([t, t, t, t, t], [5000, 5500, 5501, 4500, 5600]).labels).toEqual([0, 0, 1, 0, 1]);
  });

  it('a run joins the first course created that fits, not the nearest', () => {
    const t = toTrack(walk(LOOP_NORTH));
    // Seeds 5000 and 5600 (12 % apart: two courses on one path); 5400 is within 10 % of both
    // (8 % and 3.6 %) and nearer the second, but joins course 0.
    expect(group([t, t, t], [5000, 5600, 5400]).labels).toEqual([0, 1, 0]);
  });
});

describe('groupCourses: runs without a track, or without a distance', () => {
  const north = toTrack(walk(LOOP_NORTH));
  const south = toTrack(walk(LOOP_SOUTH));

  it('a run without a track joins by place and distance alone; the first run with a track is the reference', () => {
    // 0: no track, 5 km, seeds course 0. 1: north, joins on distance (nothing to compare with) and
    // becomes the reference. 2: south with a track: compared with 1, fails → course 1. 3: no
    // track, 5 km → course 0. 4: no track, 10 km → course 2.
    const { labels, references } = group([null, north, south, null, null], [5000, 5000, 5000, 4990, 10000]);
    expect(labels).toEqual([0, 0, 1, 0, 2]);
    expect(references).toEqual([1, -1, -1]);
  });

  it('without trackOf every course is place + distance', () => {
    const { labels } = groupCourses([0, 0, 0, 1, -1], [5000, 5000, 10000, 5000, 5000], null, opts);
    expect(Array.from(labels)).toEqual([0, 0, 1, 2, -1]);
  });

  it('a run without a distance is a course of its own, and nobody joins it', () => {
    expect(group([north, north, north], [NaN, 5000, NaN]).labels).toEqual([0, 1, 2]);
  });

  it('reads a track only when a comparison needs it, and each at most once', () => {
    // 0 seeds (nothing to compare with: not read); 1 is compared (reads 1, then the reference 0);
    // 2 is 10 km, alone at its distance: not read; 3 compares with course 0 (reads 3).
    const { labels, reads } = group([north, north, north, north], [5000, 5000, 10000, 5000]);
    expect(labels).toEqual([0, 0, 1, 0]);
    expect(reads).toEqual([1, 0, 3]);
  });

  it('runs from different places never share a course', () => {
    const { labels } = groupCourses([0, 1, 0, 1], [5000, 5000, 5000, 5000], () => north, opts);
    expect(Array.from(labels)).toEqual([0, 1, 0, 1]);
  });
});

describe('groupCourses: deterministic', () => {
  it('the same input gives the same output', () => {
    const shapes = [LOOP_NORTH, LOOP_SOUTH, OUT_AND_BACK, LOOP_NORTH_REVERSED];
    const tracks = Array.from({ length: 40 }, (_, i) => toTrack(walk(shapes[i % 4]!), 10, i));
    const distances = tracks.map((_, i) => 4800 + 37 * (i % 11));
    const a = group(tracks, distances);
    const b = group(tracks, distances);
    expect(b).toEqual(a);
    // North, south and out-and-back are three paths; the reversed loop joins the north one.
    expect(new Set(a.labels).size).toBe(3);
    expect(a.labels.slice(0, 4)).toEqual([0, 1, 2, 0]);
  });
});

describe('trackOverlap equals a brute-force count (property)', () => {
  // Random walks in metres around ORIGIN, with gaps (NaN) and lone points; the overlap through
  // the grid must equal checking every segment.
  const point = fc.oneof(
    { weight: 12, arbitrary: fc.tuple(fc.double({ min: -800, max: 800, noNaN: true }), fc.double({ min: -800, max: 800, noNaN: true })) },
    { weight: 1, arbitrary: fc.constant([NaN, NaN] as [number, number]) },
  );
  const track = fc.array(point, { minLength: 1, maxLength: 60 });

  /** Distance (m) from (px, py) to b's polyline (gaps bridged), every segment tried. */
  function bruteDistance(px: number, py: number, b: [number, number][]): number {
    const pb = b.filter(([x]) => Number.isFinite(x));
    let best = Infinity;
    for (let s = 0; s < Math.max(1, pb.length - 1); s++) {
      const [ax, ay] = pb[s]!;
      const [bx, by] = pb[Math.min(s + 1, pb.length - 1)]!;
      const dx = bx - ax;
      const dy = by - ay;
      const l2 = dx * dx + dy * dy;
      const u = l2 > 0 ? Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy) / l2)) : 0;
      best = Math.min(best, Math.hypot(ax + u * dx - px, ay + u * dy - py));
    }
    return best;
  }

  it('on random tracks, gaps and lone points included', () => {
    fc.assert(
      fc.property(track, track, fc.constantFrom(20, 60, 150), (a, b, nearM) => {
        // Both start at ORIGIN: the projection's origin is a's first valid point, kept exact.
        const ta: [number, number][] = [[0, 0], ...a];
        const tb: [number, number][] = [[0, 0], ...b];
        const asTrack = (t: [number, number][]) => toTrack({ x: t.map(([x]) => x), y: t.map(([, y]) => y) });
        const { aNearB, bNearA } = trackOverlap(asTrack(ta), asTrack(tb), { ...opts, nearM });
        const share = (p: [number, number][], q: [number, number][]): number | null => {
          const valid = p.filter(([x]) => Number.isFinite(x));
          const d = valid.map(([x, y]) => bruteDistance(x, y, q));
          // A point within a micrometre of nearM may fall either way after the round trip through degrees.
          if (d.some((v) => Math.abs(v - nearM) < 1e-6)) return null;
          return d.filter((v) => v <= nearM).length / valid.length;
        };
        const ab = share(ta, tb);
        const ba = share(tb, ta);
        if (ab !== null) expect(aNearB).toBe(ab);
        if (ba !== null) expect(bNearA).toBe(ba);
      }),
      { numRuns: 300 },
    );
  });
});

describe('groupCourses invariants (property)', () => {
  const shapes = [LOOP_NORTH, LOOP_SOUTH, OUT_AND_BACK, LOOP_NORTH_REVERSED, LOOP_NORTH_SPUR];
  const shapeTracks = shapes.map((s) => walk(s));
  const run = fc.record({
    place: fc.integer({ min: -1, max: 3 }),
    distanceM: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 4000, max: 6500 }) }, { weight: 1, arbitrary: fc.constant(NaN) }),
    shape: fc.option(fc.integer({ min: 0, max: shapes.length - 1 }), { freq: 4 }),
    seed: fc.nat(),
  });

  it('every run with a place is in exactly one course; a course lies in one place, within 10 % of its seed distance; numbers in creation order', () => {
    fc.assert(
      fc.property(fc.array(run, { maxLength: 60 }), (runs) => {
        const places = runs.map((r) => r.place);
        const distances = runs.map((r) => r.distanceM);
        const tracks = runs.map((r) => (r.shape === null ? null : toTrack(shapeTracks[r.shape]!, 10, r.seed)));
        const { labels, seeds } = groupCourses(places, distances, (i) => tracks[i] ?? null, opts);
        const again = groupCourses(places, distances, (i) => tracks[i] ?? null, opts);
        expect(Array.from(again.labels)).toEqual(Array.from(labels));
        let next = 0;
        runs.forEach((r, i) => {
          const c = labels[i]!;
          if (r.place < 0) {
            expect(c).toBe(-1);
            return;
          }
          expect(c).toBeGreaterThanOrEqual(0);
          expect(c).toBeLessThanOrEqual(next); // a new course is the next number
          if (c === next) {
            expect(seeds[c]).toBe(i);
            next++;
          }
          const s = seeds[c]!;
          expect(places[s]).toBe(r.place);
          if (s !== i) expect(Math.abs(r.distanceM - distances[s]!)).toBeLessThanOrEqual(DEFAULTS.distanceTolerance * distances[s]!);
        });
        expect(seeds.length).toBe(next);
      }),
      { numRuns: 200 },
    );
  });
});

describe('buildRoutes: courses within places', () => {
  function runAt(id: number, day: string, distanceM: number, movingS: number): RouteRunInput {
    return {
      id, sport: 'running', localDate: day, startMs: Date.parse(`${day}T07:00:00Z`), distanceM, elapsedS: movingS, timerS: movingS, movingS,
      ascentM: 0, avgHr: null, maxHr: null, trainingLoad: null, startLat: ORIGIN.lat, startLon: ORIGIN.lon,
    };
  }

  it('one place, three courses (north loop, south loop, half marathon), each with its own pace trend', () => {
    // North loop 5 km on days 0, 100, 200 at 30:00, 29:30, 29:00 → 6.0, 5.9, 5.8 min/km: −0.001
    // min/km per day = −0.365 per year. South loop 5 km twice, a 21.1 km run once.
    const runs = [
      runAt(1, '2025-01-01', 5000, 1800), runAt(2, '2025-01-02', 5000, 1500), runAt(3, '2025-01-03', 21100, 7200),
      runAt(4, '2025-04-11', 5000, 1770), runAt(5, '2025-05-01', 5000, 1500), runAt(6, '2025-07-20', 5000, 1740),
    ];
    const trackOf = new Map<number, CourseTrack>([
      [1, toTrack(walk(LOOP_NORTH), 10, 1)], [2, toTrack(walk(LOOP_SOUTH), 10, 2)], [4, toTrack(walk(LOOP_NORTH_REVERSED), 10, 4)],
      [5, toTrack(walk(LOOP_SOUTH), 10, 5)], [6, toTrack(walk(LOOP_NORTH), 10, 6)],
    ]);
    const { routes, courses, pathsCompared } = buildRoutes(runs, { trackOf: (id) => trackOf.get(id) ?? null });
    expect(pathsCompared).toBe(true);
    expect(routes.map((r) => [r.runIds, r.courses])).toEqual([[[1, 2, 3, 4, 5, 6], [0, 1, 2]]]);
    expect(courses.map((c) => [c.route, c.runIds])).toEqual([[0, [1, 4, 6]], [0, [2, 5]], [0, [3]]]);
    expect(courses[0]!.paceTrend!.slopePerYear).toBeCloseTo(-0.365, 9);
    expect(courses[1]!.paceTrend).toBeNull(); // two runs
    // The CSV keeps its columns and adds each run's course last.
    const rows = routesCsvRows(routes, (id) => runs.find((r) => r.id === id)!.distanceM);
    expect(rows.map((r) => [r[1], r[6]])).toEqual([[1, 0], [2, 1], [3, 2], [4, 0], [5, 1], [6, 0]]);
    // Without tracks the two 5 km loops are one course.
    expect(buildRoutes(runs).courses.map((c) => c.runIds)).toEqual([[1, 2, 4, 5, 6], [3]]);
  });
});
