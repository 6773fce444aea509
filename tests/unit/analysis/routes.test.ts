import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRoutes, clusterRoutes, clusterRoutesNaive, haversineKm, linearTrend, type RouteRunInput } from '../../../src/analysis/routes';

const R = 6371.0088;
/** km per degree along a meridian: R · π / 180 = 111.19508 km. */
const KM_PER_DEG = (R * Math.PI) / 180;

/** The point `km` away from (lat, lon) on the initial bearing (degrees), on the sphere. */
function destination(lat: number, lon: number, bearingDeg: number, km: number): [number, number] {
  const d = km / R;
  const p1 = (lat * Math.PI) / 180;
  const t = (bearingDeg * Math.PI) / 180;
  const p2 = Math.asin(Math.min(1, Math.max(-1, Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(t))));
  const l2 = (lon * Math.PI) / 180 + Math.atan2(Math.sin(t) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
  const lonDeg = ((((l2 * 180) / Math.PI + 180) % 360) + 360) % 360 - 180;
  return [Math.max(-90, Math.min(90, (p2 * 180) / Math.PI)), lonDeg];
}

function both(lat: number[], lon: number[], radiusKm?: number) {
  const opts = radiusKm === undefined ? {} : { radiusKm };
  return { naive: clusterRoutesNaive(lat, lon, opts), grid: clusterRoutes(lat, lon, opts) };
}

describe('haversineKm (R = 6371.0088 km, IUGG mean radius)', () => {
  it('one degree along a meridian is R·π/180 km, a quarter meridian R·π/2', () => {
    // 6371.0088 × 0.017453293 = 111.19508 km; 6371.0088 × 1.5707963 = 10007.557 km
    expect(haversineKm(45, 7, 46, 7)).toBeCloseTo(111.19508, 4);
    expect(haversineKm(0, 0, 90, 0)).toBeCloseTo(10007.557, 2);
  });

  it('across the antimeridian and at the pole', () => {
    // equator, 179.999° to −179.999°: 0.002° of longitude × 111.19508 km = 0.22239 km
    expect(haversineKm(0, 179.999, 0, -179.999)).toBeCloseTo(0.22239, 5);
    // every longitude is the same point at the pole
    expect(haversineKm(90, 0, 90, 123)).toBeCloseTo(0, 9);
  });
});

describe('clusterRoutes: the greedy rule (openrun cluster_routes)', () => {
  it('a start joins a cluster by its seed, not by its nearest member', () => {
    // A seed; B 0.2 km north of A (≤ 0.25: joins A); C 0.4 km north of A: 0.2 km from B but
    // 0.4 km from the seed A, so it seeds cluster 1; D 0.24 km south of A joins A.
    const lat = [50, 50 + 0.2 / KM_PER_DEG, 50 + 0.4 / KM_PER_DEG, 50 - 0.24 / KM_PER_DEG];
    const lon = [8, 8, 8, 8];
    const { naive, grid } = both(lat, lon);
    expect(Array.from(naive.labels)).toEqual([0, 0, 1, 0]);
    expect(Array.from(grid.labels)).toEqual([0, 0, 1, 0]);
    expect(Array.from(grid.seeds)).toEqual([0, 2]);
  });

  it('a start within reach of two seeds joins the first created, even if the other is nearer', () => {
    // seeds S0 at 0 km and S1 at 0.4 km north; P at 0.22 km north: 0.22 from S0, 0.18 from S1 → cluster 0
    const lat = [10, 10 + 0.4 / KM_PER_DEG, 10 + 0.22 / KM_PER_DEG];
    const { naive, grid } = both(lat, [20, 20, 20]);
    expect(Array.from(naive.labels)).toEqual([0, 1, 0]);
    expect(Array.from(grid.labels)).toEqual([0, 1, 0]);
  });

  it('joins across the antimeridian and at the poles', () => {
    // 0.22 km across ±180° at the equator; at 89.999° N two starts on opposite meridians are
    // 2 × 0.001° × 111.195 = 0.2224 km apart (over the pole); the pole itself with any longitude.
    const lat = [0, 0, 89.999, 89.999, 90, -90, -90];
    const lon = [179.999, -179.999, 0, 180, -45, 10, -170];
    const { naive, grid } = both(lat, lon);
    expect(Array.from(naive.labels)).toEqual([0, 0, 1, 1, 1, 2, 2]);
    expect(Array.from(grid.labels)).toEqual([0, 0, 1, 1, 1, 2, 2]);
  });

  it('starts without a usable position are not clustered (−1)', () => {
    const { naive, grid } = both([NaN, 45, 91, 45], [7, NaN, 7, 7]);
    expect(Array.from(naive.labels)).toEqual([-1, -1, -1, 0]);
    expect(Array.from(grid.labels)).toEqual([-1, -1, -1, 0]);
    expect(Array.from(grid.seeds)).toEqual([3]);
  });

  it('"within" includes the radius itself', () => {
    // B is 0.25 km north of A by the same haversine, give or take the last bit; the naive loop decides
    const lat = [30, 30 + 0.25 / KM_PER_DEG];
    const d = haversineKm(lat[0] as number, 0, lat[1] as number, 0);
    const { naive, grid } = both(lat, [0, 0]);
    expect(Array.from(naive.labels)).toEqual(d <= 0.25 ? [0, 0] : [0, 1]);
    expect(Array.from(grid.labels)).toEqual(Array.from(naive.labels));
  });
});

describe('clusterRoutes equals the naive loop (property)', () => {
  const center = fc.oneof(
    fc.record({ lat: fc.double({ min: -60, max: 60, noNaN: true }), lon: fc.double({ min: -180, max: 180, noNaN: true }) }),
    fc.record({ lat: fc.double({ min: 84, max: 90, noNaN: true }), lon: fc.double({ min: -180, max: 180, noNaN: true }) }),
    fc.record({ lat: fc.double({ min: 89.9, max: 90, noNaN: true }), lon: fc.double({ min: -180, max: 180, noNaN: true }) }),
    fc.record({ lat: fc.double({ min: -90, max: -84, noNaN: true }), lon: fc.double({ min: -180, max: 180, noNaN: true }) }),
    fc.record({ lat: fc.double({ min: -80, max: 80, noNaN: true }), lon: fc.oneof(fc.double({ min: 179.99, max: 180, noNaN: true }), fc.double({ min: -180, max: -179.99, noNaN: true })) }),
    fc.constantFrom({ lat: 90, lon: 0 }, { lat: -90, lon: 0 }, { lat: 0, lon: 180 }, { lat: 0, lon: -180 }),
  );
  // Offsets from a centre (dense clusters) or from the previous start (chains of starts about
  // 0.25 km apart, on either side of the boundary by a few ulps or nanometres).
  const offset = fc.record({
    from: fc.constantFrom('center', 'center', 'previous'),
    centerIndex: fc.nat(),
    bearing: fc.double({ min: 0, max: 360, noNaN: true }),
    km: fc.oneof(
      fc.double({ min: 0, max: 0.1, noNaN: true }),
      fc.double({ min: 0, max: 1.5, noNaN: true }),
      fc.constantFrom(0.25, 0.25 * (1 - 1e-15), 0.25 * (1 + 1e-15), 0.25 - 1e-9, 0.25 + 1e-9, 0.5, 0.75),
    ),
  });
  const scenario = fc.record({
    centers: fc.array(center, { minLength: 1, maxLength: 6 }),
    offsets: fc.array(offset, { minLength: 1, maxLength: 400 }),
    radiusKm: fc.constantFrom(0.25, 0.25, 0.25, 0.05, 1, 5),
  });

  it('same labels and seeds on random starts: dense clusters, ~0.25 km chains, high latitudes, the antimeridian', () => {
    fc.assert(
      fc.property(scenario, ({ centers, offsets, radiusKm }) => {
        const lat: number[] = [];
        const lon: number[] = [];
        for (const o of offsets) {
          const c = centers[o.centerIndex % centers.length] as { lat: number; lon: number };
          const base: [number, number] = o.from === 'previous' && lat.length > 0 ? [lat[lat.length - 1] as number, lon[lon.length - 1] as number] : [c.lat, c.lon];
          const [la, lo] = destination(base[0], base[1], o.bearing, o.km);
          lat.push(la);
          lon.push(lo);
        }
        const { naive, grid } = both(lat, lon, radiusKm);
        expect(Array.from(grid.labels)).toEqual(Array.from(naive.labels));
        expect(Array.from(grid.seeds)).toEqual(Array.from(naive.seeds));
      }),
      { numRuns: 400 },
    );
  });

  it('chains of starts exactly 0.25 km apart, along meridians and parallels, at every phase of the grid', () => {
    // Each start is 0.25 km (give or take the last bits) from the one before: the pairs the
    // grid's cell size is made for. Start k joins start k−1's seed or seeds a cluster itself.
    for (const [lat0, lon0, bearing] of [[10.0001, 20, 0], [-45.3, 179.9, 90], [70, -179.5, 270], [88, 0, 90], [0, 0, 45]] as const) {
      const lat: number[] = [lat0];
      const lon: number[] = [lon0];
      for (let k = 1; k < 4000; k++) {
        const [la, lo] = destination(lat[k - 1] as number, lon[k - 1] as number, bearing, 0.25 * (1 - 1e-12));
        lat.push(la);
        lon.push(lo);
      }
      const { naive, grid } = both(lat, lon);
      expect(naive.seeds.length).toBeGreaterThan(1000); // the chain does spread over many cells
      expect(Array.from(grid.labels)).toEqual(Array.from(naive.labels));
    }
  });

  it('10,000 starts in one city: the same partition', () => {
    // a 22 × 22 km box at 48.85° N, deterministic LCG
    let seed = 12345;
    const rand = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const lat = Array.from({ length: 10_000 }, () => 48.75 + rand() * 0.2);
    const lon = Array.from({ length: 10_000 }, () => 2.2 + rand() * 0.3);
    const { naive, grid } = both(lat, lon);
    expect(grid.seeds.length).toBe(naive.seeds.length);
    expect(grid.labels).toEqual(naive.labels);
  });
});

function run(id: number, localDate: string, over: Partial<RouteRunInput> = {}): RouteRunInput {
  return {
    id, sport: 'running', localDate, startMs: Date.parse(`${localDate}T07:00:00Z`), distanceM: 10_000, elapsedS: 3600, timerS: 3600, movingS: 3600,
    ascentM: 50, avgHr: 140, maxHr: 160, trainingLoad: null, startLat: 45, startLon: 7, ...over,
  };
}

describe('buildRoutes: runs per route and pace / GAP trends', () => {
  it('groups runs by start, in start order, and fits pace and GAP over time', () => {
    // Home loop at (45, 7), days 0, 100, 200 (2025-01-01, 2025-04-11, 2025-07-20):
    // pace 10 km in 3600, 3540, 3480 s = 6.0, 5.9, 5.8 min/km → slope −0.001/day = −0.365 min/km per year,
    //   line 6.0 → 5.8.
    // GAP 5.5, 5.6, 5.3: x̄ = 100, ȳ = 5.4667; Sxy = −100·0.0333 + 0 + 100·(−0.1667) = −20; Sxx = 20000
    //   → slope −0.001/day = −0.365/year; line ȳ ∓ 0.1 = 5.5667 → 5.3667.
    // A run starting 3 km away is its own route; a bike ride is ignored; a run without GPS is not clustered.
    const far = 45 + 3 / KM_PER_DEG;
    const input: RouteRunInput[] = [
      run(3, '2025-07-20', { movingS: 3480, gapMinPerKm: 5.3 }),
      run(1, '2025-01-01', { movingS: 3600, gapMinPerKm: 5.5 }),
      run(9, '2025-02-01', { startLat: far }),
      run(2, '2025-04-11', { movingS: 3540, gapMinPerKm: 5.6, startLat: 45 + 0.1 / KM_PER_DEG }),
      run(7, '2025-03-01', { sport: 'cycling' }),
      run(8, '2025-03-02', { startLat: null, startLon: null }),
    ];
    const { routes, courses, withoutStart, pathsCompared } = buildRoutes(input);
    expect(withoutStart).toEqual([8]);
    expect(pathsCompared).toBe(false);
    expect(routes.map((r) => r.runIds)).toEqual([[1, 2, 3], [9]]);
    expect(routes[0]!.seedLat).toBe(45);
    // All three home runs are 10 km: one course; the far run is the other place's only course.
    expect(courses.map((c) => [c.route, c.runIds])).toEqual([[0, [1, 2, 3]], [1, [9]]]);
    expect(routes.map((r) => r.courses)).toEqual([[0], [1]]);
    const home = courses[0]!;
    expect(home.paceTrend!.slopePerYear).toBeCloseTo(-0.365, 9);
    expect(home.paceTrend!.runs).toBe(3);
    expect(home.paceTrend!.line[0].localDate).toBe('2025-01-01');
    expect(home.paceTrend!.line[0].value).toBeCloseTo(6.0, 9);
    expect(home.paceTrend!.line[1].localDate).toBe('2025-07-20');
    expect(home.paceTrend!.line[1].value).toBeCloseTo(5.8, 9);
    expect(home.gapTrend!.slopePerYear).toBeCloseTo(-0.365, 9);
    // ȳ = 16.4 / 3 = 5.4667; at x − x̄ = ∓100 days: ȳ ± 0.1
    expect(home.gapTrend!.line[0].value).toBeCloseTo(16.4 / 3 + 0.1, 9);
    expect(home.gapTrend!.line[1].value).toBeCloseTo(16.4 / 3 - 0.1, 9);
    expect(courses[1]!.paceTrend).toBeNull(); // one run: no trend
  });

  it('masks implausible paces in the points (NaN, kept) and leaves them out of the trend', () => {
    // 10 km in 20 min = 2:00 min/km < 3:00 → NaN; the other three: 6.0, 6.0, 6.0 → slope 0
    const { courses } = buildRoutes([
      run(1, '2025-01-01'), run(2, '2025-01-10', { movingS: 1200 }), run(3, '2025-02-01'), run(4, '2025-03-01'),
    ]);
    const home = courses[0]!;
    expect(home.points.map((p) => p.paceMinPerKm)).toEqual([6, NaN, 6, 6]);
    expect(home.points.map((p) => p.gapMinPerKm)).toEqual([NaN, NaN, NaN, NaN]);
    expect(home.paceTrend!.runs).toBe(3);
    expect(home.paceTrend!.slopePerYear).toBeCloseTo(0, 12);
    expect(home.gapTrend).toBeNull();
  });
});

describe('linearTrend', () => {
  it('needs minTrendRuns points on at least two days', () => {
    // two points: below the default 3; three on one day: no slope over time
    expect(linearTrend([{ localDate: '2025-01-01', v: 1 }, { localDate: '2025-01-02', v: 2 }], (p) => p.v)).toBeNull();
    expect(linearTrend([{ localDate: '2025-01-01', v: 1 }, { localDate: '2025-01-01', v: 2 }, { localDate: '2025-01-01', v: 3 }], (p) => p.v)).toBeNull();
    // with minTrendRuns 2: +1 per day → +365 per year
    expect(linearTrend([{ localDate: '2025-01-01', v: 1 }, { localDate: '2025-01-02', v: 2 }], (p) => p.v, { minTrendRuns: 2 })!.slopePerYear).toBeCloseTo(365, 9);
  });
});
