import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawRoutes, projectTracks, routePath, trackLengthM, trimEnds } from '../../../src/analysis/routePath';
import type { RouteTrack } from '../../../src/analysis/routes';

const R = 6371.0088;
/** km per degree along a meridian (and along the equator): R · π / 180 = 111.19508 km. */
const KM_PER_DEG = (R * Math.PI) / 180;
const DEG = Math.PI / 180;

function track(lat: number[], lon: number[]): RouteTrack {
  return { activityId: 1, lat: Float64Array.from(lat), lon: Float64Array.from(lon) };
}

/** Along the meridian 8° E from 50° N: a point at each of `km` north of the start. */
function northLine(km: number[]): RouteTrack {
  return track(km.map((k) => (Number.isNaN(k) ? NaN : 50 + k / KM_PER_DEG)), km.map((k) => (Number.isNaN(k) ? NaN : 8)));
}

/** The numbers of a path's M and L commands, as [x, y] pairs. */
function coords(d: string): [number, number][] {
  return [...d.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

describe('routePath: fitted into the box (default 160 × 120, padding 6 → inner 148 × 108)', () => {
  it('a straight north-south line is centred horizontally and fills the height, north up', () => {
    // no east-west extent: the scale is set by the height alone, 108 px for 2 km; x = 160 / 2
    expect(routePath(northLine([0, 2]))).toBe('M80,114L80,6');
  });

  it('keeps the aspect ratio: a 2 km × 1 km L at the equator is 148 × 74 px', () => {
    // scale = min(148 / 2000, 108 / 1000) = 0.074 px/m → 148 × 74 px; top = (120 − 74) / 2 = 23
    const e = 2 / KM_PER_DEG;
    const n = 1 / KM_PER_DEG;
    expect(routePath(track([0, 0, n], [0, e, e]))).toBe('M6,97L154,97L154,23');
  });

  it('shrinks longitude by the cosine of the mean latitude', () => {
    // (60° N, 10° E) → (61° N, 12° E): mean latitude 60.5°; width / height = 2 · cos 60.5°
    // = 2 × 0.4924236 = 0.9848471; height-limited: 108 px tall, 106.3635 px wide, left =
    // (160 − 106.3635) / 2 = 26.818 → 26.8, right 133.18 → 133.2
    expect(routePath(track([60, 61], [10, 12]))).toBe('M26.8,114L133.2,6');
  });

  it('a GPS gap (NaN) starts a new subpath', () => {
    // 2 km = 108 px: 0.5 km = 27 px; y = 114, 87, gap, 33, 6
    expect(routePath(northLine([0, 0.5, NaN, 1.5, 2]))).toBe('M80,114L80,87M80,33L80,6');
  });

  it('a lone point (between gaps, or the whole track) is a dot: a zero-length segment', () => {
    expect(routePath(northLine([0, NaN, 1, NaN, 2]))).toBe('M80,114h0M80,60h0M80,6h0');
    expect(routePath(northLine([1]))).toBe('M80,60h0');
    expect(routePath(northLine([1, 1, 1]))).toBe('M80,60h0');
  });

  it('an empty track, or one with no valid point, draws nothing', () => {
    expect(routePath(track([], []))).toBe('');
    expect(routePath(track([NaN, 95, 40], [8, 8, Infinity]))).toBe('');
  });

  it('points that round to the same place are written once', () => {
    // 0.4 m of 2 km (108 px) is 0.0216 px: 113.978 rounds to the start's 114.0
    expect(routePath(northLine([0, 0.0004, 2]))).toBe('M80,114L80,6');
  });

  it('crossing the antimeridian stays one short line', () => {
    // 0.002° of longitude at the equator is 222 m: a horizontal line across the box
    expect(routePath(track([0, 0], [179.999, -179.999]))).toBe('M6,60L154,60');
  });

  it('other box sizes, padding and precision', () => {
    // 100 × 100, padding 0: 2 km → 100 px; x = 50; 0 decimals
    expect(routePath(northLine([0, 1.23, 2]), { width: 100, height: 100, paddingPx: 0, decimals: 0 })).toBe('M50,100L50,39L50,0');
    expect(() => routePath(northLine([0, 1]), { width: 0 })).toThrow(RangeError);
    expect(() => routePath(northLine([0, 1]), { paddingPx: -1 })).toThrow(RangeError);
  });
});

describe('drawRoutes: several tracks in one shared box', () => {
  it('one projection and one scale: a track 2 km east of another sits 2 km to its right', () => {
    const a = northLine([0, 1]);
    // shift east by 2 km at the shared mean latitude, 50° + 0.5 km
    const meanLat = 50 + 0.5 / KM_PER_DEG;
    const shift = 2 / (KM_PER_DEG * Math.cos(meanLat * DEG));
    const b = track(Array.from(a.lat), Array.from(a.lon, (l) => l + shift));
    // together 2 km × 1 km: scale 0.074 px/m, 148 × 74 px from (6, 23), as the equator L above
    expect(drawRoutes([a, b])).toEqual(['M6,97L6,23', 'M154,97L154,23']);
    // alone, each fills its own box
    expect(routePath(b)).toBe('M80,114L80,6');
  });

  it('an empty track among others draws nothing and does not move the others', () => {
    expect(drawRoutes([northLine([0, 2]), track([], [])])).toEqual(['M80,114L80,6', '']);
    expect(drawRoutes([])).toEqual([]);
  });

  it('projects to metres east and north of the first point at the mean latitude', () => {
    const [p] = projectTracks([northLine([0, 2])]);
    // mean latitude is the midpoint: y = ∓1000 m; no east-west extent
    expect(Array.from(p?.yM ?? [], (v) => Math.round(v * 1e6) / 1e6)).toEqual([-1000, 1000]);
    expect(Array.from(p?.xM ?? [])).toEqual([0, 0]);
  });
});

describe('trimEnds: the first and last N metres along the path dropped', () => {
  it('trimming 500 m of a 2 km line (a point every 100 m) leaves the middle 1 km', () => {
    const t = trimEnds(northLine(Array.from({ length: 21 }, (_, i) => i / 10)), 500);
    // 500 m and 1500 m are recorded points: kept as they are, nothing interpolated
    expect(t.lat.length).toBe(11);
    expect(t.lat[0]).toBeCloseTo(50 + 0.5 / KM_PER_DEG, 12);
    expect(t.lat[10]).toBeCloseTo(50 + 1.5 / KM_PER_DEG, 12);
    expect(trackLengthM(t)).toBeCloseTo(1000, 6);
    expect(t.activityId).toBe(1);
  });

  it('interpolates a cut that falls between two points', () => {
    // points at 0, 300, …, 1800, 2000 m
    const line = northLine([0, 0.3, 0.6, 0.9, 1.2, 1.5, 1.8, 2]);
    // 500 m: 2/3 of the way from 300 to 600; 1500 m is a point → 500, 600, 900, 1200, 1500
    const a = trimEnds(line, 500);
    expect(Array.from(a.lat, (l) => Math.round((l - 50) * KM_PER_DEG * 1e9) / 1e6)).toEqual([500, 600, 900, 1200, 1500]);
    // 700 m: between 600 and 900; 1300 m: between 1200 and 1500 → 700, 900, 1200, 1300 (600 m)
    const b = trimEnds(line, 700);
    expect(Array.from(b.lat, (l) => Math.round((l - 50) * KM_PER_DEG * 1e9) / 1e6)).toEqual([700, 900, 1200, 1300]);
    expect(trackLengthM(b)).toBeCloseTo(600, 6);
    // 950 m: both cuts inside the 900–1200 segment → 950, 1050 (100 m)
    const c = trimEnds(line, 950);
    expect(Array.from(c.lat, (l) => Math.round((l - 50) * KM_PER_DEG * 1e9) / 1e6)).toEqual([950, 1050]);
  });

  it('is empty when the path is not longer than 2 N; N = 0 keeps everything', () => {
    const line = northLine([0, 1, 2]);
    expect(trimEnds(line, 1000).lat.length).toBe(0);
    expect(trimEnds(line, 1200).lat.length).toBe(0);
    expect(trimEnds(northLine([1]), 500).lat.length).toBe(0);
    expect(trimEnds(track([], []), 500).lat.length).toBe(0);
    expect(Array.from(trimEnds(line, 0).lat)).toEqual(Array.from(line.lat));
    expect(() => trimEnds(line, -1)).toThrow(RangeError);
    expect(() => trimEnds(line, NaN)).toThrow(RangeError);
  });

  it('bridges GPS gaps when measuring; a cut inside a gap resumes at its far side', () => {
    // 0, 100, 200, gap, 800, 900, …, 2000: the gap counts 600 m; the 500 m cut falls in it
    const km = [0, 0.1, 0.2, NaN, ...Array.from({ length: 13 }, (_, i) => 0.8 + i / 10)];
    const t = trimEnds(northLine(km), 500);
    expect(t.lat[0]).toBeCloseTo(50 + 0.8 / KM_PER_DEG, 12);
    expect(trackLengthM(t)).toBeCloseTo(700, 6);
    // a gap inside the kept part stays; leading and trailing gaps go
    const inner = trimEnds(northLine([NaN, 0, 0.5, 1, NaN, 1.5, 2, NaN]), 250);
    expect(Array.from(inner.lat, (l) => (Number.isNaN(l) ? 'gap' : Math.round((l - 50) * KM_PER_DEG * 1e9) / 1e6))).toEqual([250, 500, 1000, 'gap', 1500, 1750]);
    expect(Array.from(trimEnds(northLine([NaN, 0, 1, NaN]), 0).lat, Number.isNaN)).toEqual([false, false]);
  });

  it('interpolates across the antimeridian the short way', () => {
    // equator, 0.001° (111.195 m) apart: 179.9985, 179.9995, −179.9995, −179.9985 (333.585 m);
    // trimming 150 m keeps 179.9985° + 150 m … + 183.585 m, i.e. 179.99985° to 180.00015° ≡ −179.99985°
    const t = trimEnds(track([0, 0, 0, 0], [179.9985, 179.9995, -179.9995, -179.9985]), 150);
    const degPerM = 1 / (KM_PER_DEG * 1000);
    expect(t.lon.length).toBe(2);
    expect(t.lon[0]).toBeCloseTo(179.9985 + 150 * degPerM, 9);
    expect(t.lon[1]).toBeCloseTo(179.9985 + (3 * KM_PER_DEG * 1000 * 0.001 - 150) * degPerM - 360, 9);
  });
});

const point = fc.record({ dLat: fc.double({ min: -0.002, max: 0.002, noNaN: true }), dLon: fc.double({ min: -0.002, max: 0.002, noNaN: true }), gap: fc.boolean() });
/** A random walk of ≤ ~300 m steps from a base point; `withGaps` puts NaN where `gap` is drawn. */
const walk = (withGaps: boolean) => fc.record({
  lat0: fc.double({ min: -70, max: 70, noNaN: true }),
  lon0: fc.double({ min: -180, max: 180, noNaN: true }),
  steps: fc.array(point, { maxLength: 60 }),
}).map(({ lat0, lon0, steps }) => {
  let la = lat0;
  let lo = lon0;
  const lat: number[] = [];
  const lon: number[] = [];
  for (const s of steps) {
    la += s.dLat;
    lo += s.dLon;
    const gap = withGaps && s.gap;
    lat.push(gap ? NaN : la);
    lon.push(gap ? NaN : lo);
  }
  return track(lat, lon);
});

describe('properties', () => {
  it('every coordinate lies inside the box, and the path is well formed', () => {
    fc.assert(fc.property(
      fc.array(walk(true), { minLength: 1, maxLength: 4 }),
      fc.double({ min: 1, max: 2000, noNaN: true }),
      fc.double({ min: 1, max: 2000, noNaN: true }),
      fc.double({ min: 0, max: 40, noNaN: true }),
      (tracks, width, height, paddingPx) => {
        for (const d of drawRoutes(tracks, { width, height, paddingPx })) {
          expect(d).toMatch(/^(M[\d.]+,[\d.]+(h0|(L[\d.]+,[\d.]+)+))*$/);
          for (const [x, y] of coords(d)) {
            expect(x).toBeGreaterThanOrEqual(0);
            expect(x).toBeLessThanOrEqual(width);
            expect(y).toBeGreaterThanOrEqual(0);
            expect(y).toBeLessThanOrEqual(height);
          }
        }
      },
    ));
  });

  it('the drawing fills the box along its tighter dimension (one scale for both axes)', () => {
    fc.assert(fc.property(walk(false), (t) => {
      const [p] = projectTracks([t]);
      const xs = Array.from(p?.xM ?? []);
      const ys = Array.from(p?.yM ?? []);
      const spanX = Math.max(...xs) - Math.min(...xs);
      const spanY = Math.max(...ys) - Math.min(...ys);
      fc.pre(spanX > 1 && spanY > 1);
      const c = coords(routePath(t, { width: 400, height: 300, paddingPx: 10, decimals: 3 }));
      const w = Math.max(...c.map(([x]) => x)) - Math.min(...c.map(([x]) => x));
      const h = Math.max(...c.map(([, y]) => y)) - Math.min(...c.map(([, y]) => y));
      // inner box 380 × 280; one of the two is filled, the other ≤ its side, ratio kept
      expect(Math.max(w / 380, h / 280)).toBeCloseTo(1, 4);
      expect(Math.abs(w / h / (spanX / spanY) - 1)).toBeLessThan(1e-3);
    }));
  });

  it('trimming N metres shortens a path by 2 N, or empties it', () => {
    fc.assert(fc.property(walk(false), fc.double({ min: 0, max: 3000, noNaN: true }), (t, metres) => {
      const total = trackLengthM(t);
      const trimmed = trimEnds(t, metres);
      if (metres > 0 && total <= 2 * metres) expect(trimmed.lat.length).toBe(0);
      else expect(trackLengthM(trimmed)).toBeCloseTo(total - 2 * metres, 3);
    }));
  });
});
