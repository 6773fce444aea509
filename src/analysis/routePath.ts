import { DEFAULTS as ROUTES, haversineKm, type RouteTrack } from './routes';

/**
 * Routes drawn as SVG path data, with no map tiles (nothing leaves the browser): project a run's
 * lat/lon to a plane, fit it into a width × height box with its aspect ratio kept, write the
 * path's `d`. Pure, for the Routes cell and the exported report; the report's "blur route ends"
 * is `trimEnds` before drawing, its "strip GPS routes" is not drawing at all.
 *
 * A point whose latitude or longitude is not finite (NaN: a GPS gap) breaks the line: the next
 * valid point starts a new subpath with M. A subpath of one point is drawn as a zero-length
 * segment (`h0`), which a round line cap shows as a dot.
 */

export const DEFAULTS = {
  /** The box, in SVG user units (px): a thumbnail. */
  width: 160,
  height: 120,
  /** Kept clear on every side so a stroke of a few px is not clipped. */
  paddingPx: 6,
  /** Decimals of each coordinate: 0.1 px is finer than any screen shows a thumbnail. */
  decimals: 1,
  /**
   * A trim cut this close (m) to a recorded point is that point: the cumulative haversine sum
   * is off by ~1e-12 m, which would otherwise add a near-duplicate interpolated point.
   */
  snapM: 1e-6,
};

/** The part of a track drawing needs. */
export type LatLonTrack = Pick<RouteTrack, 'lat' | 'lon'>;

export interface DrawOptions {
  width?: number;
  height?: number;
  paddingPx?: number;
  decimals?: number;
}

const DEG = Math.PI / 180;

function isValidPoint(lat: number, lon: number): boolean {
  return Number.isFinite(lat) && Number.isFinite(lon) && lat >= -90 && lat <= 90;
}

/** b − a in degrees of longitude, wrapped into [−180, 180): a run across the antimeridian stays in one piece. */
function lonDelta(a: number, b: number): number {
  return ((((b - a + 180) % 360) + 360) % 360) - 180;
}

/** Points on a plane in metres east (x) and north (y) of a reference; NaN where the point is not valid. */
export interface PlaneTrack {
  xM: Float64Array;
  yM: Float64Array;
}

/**
 * Equirectangular projection around the tracks' mean latitude φ₀: x = R·Δλ·cos φ₀, y = R·Δφ.
 * Why this one: a run spans a few km, where the only distortion that shows is the east-west
 * shrinking by cos φ; scaling longitude by cos φ₀ gives metres on both axes, so the box fit keeps
 * the true shape. The east-west scale is off by ≈ tan φ₀·Δφ at Δφ from φ₀: 0.2 % for 10 km
 * north-south at 50° — invisible in a thumbnail. (Web Mercator only matters for matching map
 * tiles, which we do not use.) Tracks projected together share φ₀ and the origin, so several
 * routes drawn in one box sit where they are relative to one another.
 */
export function projectTracks(tracks: readonly LatLonTrack[], { earthRadiusKm = ROUTES.earthRadiusKm } = {}): PlaneTrack[] {
  let sumLat = 0;
  let n = 0;
  let refLon = NaN;
  for (const t of tracks) {
    for (let i = 0; i < t.lat.length; i++) {
      const la = t.lat[i] as number;
      const lo = t.lon[i] as number;
      if (!isValidPoint(la, lo)) continue;
      sumLat += la;
      n++;
      if (Number.isNaN(refLon)) refLon = lo;
    }
  }
  const refLat = n > 0 ? sumLat / n : 0;
  const mPerRad = earthRadiusKm * 1000;
  const cosRef = Math.cos(refLat * DEG);
  return tracks.map((t) => {
    const len = Math.min(t.lat.length, t.lon.length);
    const xM = new Float64Array(len);
    const yM = new Float64Array(len);
    for (let i = 0; i < len; i++) {
      const la = t.lat[i] as number;
      const lo = t.lon[i] as number;
      if (isValidPoint(la, lo)) {
        xM[i] = mPerRad * lonDelta(refLon, lo) * DEG * cosRef;
        yM[i] = mPerRad * (la - refLat) * DEG;
      } else {
        xM[i] = NaN;
        yM[i] = NaN;
      }
    }
    return { xM, yM };
  });
}

/**
 * Path data for several tracks in one shared box (one projection, one scale: an overview where
 * routes keep their relative place and size), same order as the input; '' for a track without
 * a valid point. North is up; the drawing is centred in the box.
 */
export function drawRoutes(
  tracks: readonly LatLonTrack[],
  { width = DEFAULTS.width, height = DEFAULTS.height, paddingPx = DEFAULTS.paddingPx, decimals = DEFAULTS.decimals }: DrawOptions = {},
): string[] {
  if (!(width > 0) || !(height > 0) || !Number.isFinite(width) || !Number.isFinite(height)) {
    throw new RangeError(`Route drawing: the box must have a positive finite size, got ${width} × ${height}`);
  }
  if (!(paddingPx >= 0)) throw new RangeError(`Route drawing: padding must be ≥ 0, got ${paddingPx}`);
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 6) throw new RangeError(`Route drawing: decimals must be an integer 0–6, got ${decimals}`);

  const planes = projectTracks(tracks);
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const { xM, yM } of planes) {
    for (let i = 0; i < xM.length; i++) {
      const x = xM[i] as number;
      if (Number.isNaN(x)) continue;
      const y = yM[i] as number;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  if (!(minX <= maxX)) return planes.map(() => '');

  const spanX = maxX - minX;
  const spanY = maxY - minY;
  const innerW = Math.max(0, width - 2 * paddingPx);
  const innerH = Math.max(0, height - 2 * paddingPx);
  // One scale for both axes (aspect ratio kept), set by the tighter one; a flat dimension
  // (a straight north-south line has no width) does not limit it.
  const scale = Math.min(spanX > 0 ? innerW / spanX : Infinity, spanY > 0 ? innerH / spanY : Infinity);
  const k = Number.isFinite(scale) ? scale : 0; // a single place: drawn at the centre
  const left = (width - spanX * k) / 2;
  const top = (height - spanY * k) / 2;

  const unit = 10 ** decimals;
  // Rounded, then kept inside the box: rounding up at an edge must not step outside it.
  const coord = (v: number, max: number): number => Math.min(Math.floor(max * unit) / unit, Math.max(0, Math.round(v * unit) / unit));

  return planes.map(({ xM, yM }) => {
    let d = '';
    let points = 0; // in the open subpath; 0 = none open
    let lastX = NaN;
    let lastY = NaN;
    for (let i = 0; i < xM.length; i++) {
      const x = xM[i] as number;
      if (Number.isNaN(x)) {
        if (points === 1) d += 'h0';
        points = 0;
        continue;
      }
      const px = coord(left + (x - minX) * k, width);
      const py = coord(top + (maxY - (yM[i] as number)) * k, height);
      if (points === 0) {
        d += `M${px},${py}`;
        points = 1;
      } else if (px !== lastX || py !== lastY) {
        d += `L${px},${py}`;
        points++;
      } // else: the same rounded place as the point before, nothing to draw
      lastX = px;
      lastY = py;
    }
    if (points === 1) d += 'h0';
    return d;
  });
}

/** Path data for one track alone, fitted to its own box. */
export function routePath(track: LatLonTrack, options: DrawOptions = {}): string {
  return drawRoutes([track], options)[0] as string;
}

/**
 * Cumulative haversine distance (m) at each valid point, in order, with those points' indices.
 * A GPS gap counts as the straight line between the points either side of it: the runner did
 * cover it.
 */
function cumulativeM(track: LatLonTrack, earthRadiusKm: number): { index: Int32Array; cumM: Float64Array } {
  const len = Math.min(track.lat.length, track.lon.length);
  const index = new Int32Array(len);
  let k = 0;
  for (let i = 0; i < len; i++) if (isValidPoint(track.lat[i] as number, track.lon[i] as number)) index[k++] = i;
  const cumM = new Float64Array(k);
  for (let j = 1; j < k; j++) {
    const a = index[j - 1] as number;
    const b = index[j] as number;
    cumM[j] = (cumM[j - 1] as number) + 1000 * haversineKm(track.lat[a] as number, track.lon[a] as number, track.lat[b] as number, track.lon[b] as number, earthRadiusKm);
  }
  return { index: index.slice(0, k), cumM };
}

/** Length (m) along a track, GPS gaps bridged by a straight line (as trimEnds measures it). */
export function trackLengthM(track: LatLonTrack, { earthRadiusKm = ROUTES.earthRadiusKm } = {}): number {
  const { cumM } = cumulativeM(track, earthRadiusKm);
  return cumM.length > 0 ? (cumM[cumM.length - 1] as number) : 0;
}

/**
 * The track without its first and last `metres` along the path (haversine, cumulative): the
 * report's "blur route ends", so a route does not point at the runner's door. Each cut is
 * interpolated on its segment; a cut inside a GPS gap keeps nothing of the gap (the track
 * resumes at the gap's far side, which is further in). Empty when the path is not longer than
 * 2 × metres. Gaps inside the kept part stay (NaN); leading and trailing ones go.
 * Note: this trims by distance along the path, not around the start; a loop that passes the
 * start again mid-run still shows that pass.
 */
export function trimEnds<T extends LatLonTrack>(
  track: T,
  metres: number,
  { earthRadiusKm = ROUTES.earthRadiusKm, snapM = DEFAULTS.snapM } = {},
): T {
  if (!(metres >= 0) || !Number.isFinite(metres)) throw new RangeError(`trimEnds: metres must be finite and ≥ 0, got ${metres}`);
  const { index, cumM } = cumulativeM(track, earthRadiusKm);
  const k = cumM.length;
  const totalM = k > 0 ? (cumM[k - 1] as number) : 0;
  const empty = { ...track, lat: new Float64Array(0), lon: new Float64Array(0) };
  if (k === 0 || (metres > 0 && totalM <= 2 * metres + snapM)) return empty;
  if (metres === 0) {
    const first = index[0] as number;
    const last = index[k - 1] as number;
    return { ...track, lat: track.lat.slice(first, last + 1), lon: track.lon.slice(first, last + 1) };
  }

  const startCutM = metres;
  const endCutM = totalM - metres;
  // j0: first valid point at or past the start cut; j1: last at or before the end cut.
  let j0 = 0;
  while ((cumM[j0] as number) < startCutM - snapM) j0++;
  let j1 = k - 1;
  while ((cumM[j1] as number) > endCutM + snapM) j1--;

  const lat: number[] = [];
  const lon: number[] = [];
  /** The point at distance `atM` on the segment between valid points j − 1 and j, if it was recorded (no gap). */
  const cutOn = (j: number, atM: number): void => {
    const a = index[j - 1] as number;
    const b = index[j] as number;
    if (b !== a + 1) return; // a GPS gap: nothing drawn there to cut
    const t = (atM - (cumM[j - 1] as number)) / ((cumM[j] as number) - (cumM[j - 1] as number));
    // Linear in lat/lon: a thinned segment is tens of metres, where that is the great circle to < 1 mm.
    const la = track.lat[a] as number;
    const lo = track.lon[a] as number;
    lat.push(la + t * ((track.lat[b] as number) - la));
    lon.push(lonDelta(0, lo + t * lonDelta(lo, track.lon[b] as number)));
  };

  if (Math.abs((cumM[j0] as number) - startCutM) > snapM) cutOn(j0, startCutM);
  if (j0 <= j1) {
    for (let i = index[j0] as number; i <= (index[j1] as number); i++) {
      lat.push(track.lat[i] as number);
      lon.push(track.lon[i] as number);
    }
  }
  if (Math.abs((cumM[j1] as number) - endCutM) > snapM) cutOn(j1 + 1, endCutM);
  return { ...track, lat: Float64Array.from(lat), lon: Float64Array.from(lon) };
}
