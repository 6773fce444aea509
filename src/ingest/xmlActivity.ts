import { SaxesParser } from 'saxes';
import { haversineKm } from '../analysis/routes';
import type { FitResult } from './fit';
import { FIT_DEFAULTS } from './fit';
import type { ActivityFields, LapFields, SampleColumns } from './types';

/**
 * GPX and TCX recordings (older devices, phone apps, Strava's archive) as the same activity,
 * laps and columnar stream a FIT file gives. Parsed with a streaming XML parser (saxes: the
 * worker has no DOMParser, and regular expressions do not parse XML), one pass, no tree kept.
 *
 * What is read:
 * - GPX 1.0/1.1: `trk/name`, `trk/type`, every `trkseg/trkpt` (lat, lon, `ele`, `time`) with the
 *   heart rate and cadence of Garmin's TrackPointExtension (`gpxtpx:hr`, `gpxtpx:cad`, any
 *   prefix). Routes (`rte`) and waypoints are plans, not recordings: rejected with the reason.
 * - TCX: each `Activity` (its `Sport`), its `Lap`s (start, time, distance, average and maximum
 *   heart rate, calories) and `Trackpoint`s (time, position, altitude, distance, heart rate,
 *   cadence, the `Speed` extension).
 * Times are never invented: points without a time are left out; a file where fewer than half
 * the points have one, or where every point has the same time, is rejected with the reason.
 * Distance is the file's where it has one (TCX), else summed along the track (haversine).
 */

export const XML_DEFAULTS = {
  /** Fewer timed points than this share of all points: a drawn or edited route, not a recording. */
  minTimedShare: 0.5,
  /** Speed per sample: the distance covered over ±this many seconds (1 Hz GPS steps jitter). */
  speedHalfWindowS: 5,
  /**
   * A GPX says nothing of the sport unless it has a `type`. Without one, fitbook judges by the
   * average moving speed: 1.9–6.4 m/s (15:00–2:36 min/km) is a run, above a ride, below a walk or
   * hike. The athlete can re-type it; the import notes the guess.
   */
  runSpeedMps: [1.9, 6.4] as const,
};

interface Point {
  tMs: number;
  lat: number;
  lon: number;
  ele: number;
  hr: number;
  cad: number;
  distM: number;
  speed: number;
}

interface RawLap {
  startMs: number;
  totalS: number | null;
  distM: number | null;
  avgHr: number | null;
  maxHr: number | null;
  maxSpeed: number | null;
  calories: number | null;
}

interface Parsed {
  format: 'gpx' | 'tcx';
  activities: { sport: string | null; name: string | null; points: Point[]; laps: RawLap[] }[];
  /** Points without a time (left out). */
  untimed: number;
  routePoints: number;
  waypoints: number;
}

const emptyPoint = (): Point => ({ tMs: NaN, lat: NaN, lon: NaN, ele: NaN, hr: NaN, cad: NaN, distM: NaN, speed: NaN });

/** The tag's name without its namespace prefix (`gpxtpx:hr` → `hr`). */
function local(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

function parseTime(text: string): number {
  const ms = Date.parse(text.trim());
  return Number.isFinite(ms) ? ms : NaN;
}

/** Parses a whole GPX or TCX text, chunk by chunk (a string or the decoded chunks of a stream). */
export function parseXmlActivity(chunks: Iterable<string>): Parsed {
  const parser = new SaxesParser({ xmlns: false, position: false });
  const stack: string[] = [];
  let text = '';
  let format: 'gpx' | 'tcx' | null = null;
  const parsed: Parsed = { format: 'gpx', activities: [], untimed: 0, routePoints: 0, waypoints: 0 };
  let activity: Parsed['activities'][number] | null = null;
  let point: Point | null = null;
  let lap: RawLap | null = null;
  const parent = (depth = 1) => stack[stack.length - 1 - depth] ?? '';
  const current = () => {
    if (!activity) {
      activity = { sport: null, name: null, points: [], laps: [] };
      parsed.activities.push(activity);
    }
    return activity;
  };

  parser.on('opentag', (node) => {
    const name = local(node.name);
    stack.push(name);
    text = '';
    const attr = (key: string) => {
      const v = node.attributes[key];
      return typeof v === 'string' ? v : '';
    };
    if (stack.length === 1) {
      if (name === 'gpx') format = 'gpx';
      else if (name === 'TrainingCenterDatabase') format = 'tcx';
      else throw new XmlActivityError(`not a GPX or TCX file (its root element is <${node.name}>)`);
      parsed.format = format;
    }
    if (format === 'gpx') {
      // Every trk of a GPX is one activity: a device's "active logs" of one outing, split at
      // each stop (as Strava and Garmin Connect read them); a gap between them is a pause.
      if (name === 'trkpt') {
        point = emptyPoint();
        point.lat = Number(attr('lat'));
        point.lon = Number(attr('lon'));
      } else if (name === 'rtept') parsed.routePoints++;
      else if (name === 'wpt') parsed.waypoints++;
    } else if (format === 'tcx') {
      if (name === 'Activity') {
        activity = { sport: attr('Sport') || null, name: null, points: [], laps: [] };
        parsed.activities.push(activity);
      } else if (name === 'Lap') {
        lap = { startMs: parseTime(attr('StartTime')), totalS: null, distM: null, avgHr: null, maxHr: null, maxSpeed: null, calories: null };
        current().laps.push(lap);
      } else if (name === 'Trackpoint') point = emptyPoint();
    }
  });

  parser.on('text', (t) => { text += t; });
  parser.on('cdata', (t) => { text += t; });

  parser.on('closetag', (node) => {
    const name = local(node.name);
    const value = text.trim();
    const n = Number(value);
    const up = parent();
    if (format === 'gpx') {
      if (point) {
        if (name === 'ele' && up === 'trkpt') point.ele = n;
        else if (name === 'time' && up === 'trkpt') point.tMs = parseTime(value);
        else if (name === 'hr' || name === 'heartrate') point.hr = n;
        else if (name === 'cad' || name === 'cadence') point.cad = n;
        else if (name === 'trkpt') {
          if (Number.isFinite(point.tMs)) current().points.push(point);
          else parsed.untimed++;
          point = null;
        }
      } else if (name === 'name' && up === 'trk') current().name ??= value || null;
      else if (name === 'type' && up === 'trk') current().sport ??= value || null;
    } else if (format === 'tcx') {
      if (point) {
        if (name === 'Time' && up === 'Trackpoint') point.tMs = parseTime(value);
        else if (name === 'LatitudeDegrees') point.lat = n;
        else if (name === 'LongitudeDegrees') point.lon = n;
        else if (name === 'AltitudeMeters') point.ele = n;
        else if (name === 'DistanceMeters' && up === 'Trackpoint') point.distM = n;
        else if (name === 'Value' && up === 'HeartRateBpm') point.hr = n;
        else if (name === 'Cadence' || name === 'RunCadence') point.cad = n;
        else if (name === 'Speed') point.speed = n;
        else if (name === 'Trackpoint') {
          if (Number.isFinite(point.tMs)) current().points.push(point);
          else parsed.untimed++;
          point = null;
        }
      } else if (lap && up === 'Lap') {
        if (name === 'TotalTimeSeconds') lap.totalS = n;
        else if (name === 'DistanceMeters') lap.distM = n;
        else if (name === 'MaximumSpeed') lap.maxSpeed = n;
        else if (name === 'Calories') lap.calories = n;
      } else if (lap && name === 'Value' && parent(1) === 'AverageHeartRateBpm' && parent(2) === 'Lap') lap.avgHr = n;
      else if (lap && name === 'Value' && parent(1) === 'MaximumHeartRateBpm' && parent(2) === 'Lap') lap.maxHr = n;
      else if (name === 'Lap') lap = null;
    }
    stack.pop();
    text = '';
  });

  try {
    for (const chunk of chunks) parser.write(chunk);
    parser.close();
  } catch (error) {
    if (error instanceof XmlActivityError) throw error;
    // saxes says "3:14: unclosed tag: trkseg"; the athlete reads what it means.
    throw new XmlActivityError(`not well-formed XML (${String((error as Error).message).replace(/^[^:]*:\d+:\d+: /, '')}): the file is damaged or not a GPX/TCX file`);
  }
  if (!format) throw new XmlActivityError('the file is empty or not XML');
  return parsed;
}

export class XmlActivityError extends Error {}

/** A GPX or TCX file as activities with laps and streams, or the reason it is not a recording. */
export function decodeXmlActivity(chunks: Iterable<string>, { utcOffsetOf = localOffsetS }: { utcOffsetOf?: (ms: number) => number } = {}): FitResult {
  let parsed: Parsed;
  try {
    parsed = parseXmlActivity(chunks);
  } catch (error) {
    if (error instanceof XmlActivityError) return { kind: 'rejected', reason: error.message };
    throw error;
  }
  const what = parsed.format === 'gpx' ? 'GPX' : 'TCX';
  const total = parsed.activities.reduce((a, x) => a + x.points.length, 0) + parsed.untimed;
  if (total === 0) {
    return {
      kind: 'rejected',
      reason: parsed.routePoints > 0 ? `a planned route (${parsed.routePoints} route points), not a recorded activity`
        : parsed.waypoints > 0 ? `only waypoints (${parsed.waypoints}), no recorded track`
        : `no track points: the ${what} holds no recording`,
    };
  }
  const timed = total - parsed.untimed;
  if (timed < 2 || timed < total * XML_DEFAULTS.minTimedShare) {
    return { kind: 'rejected', reason: `only ${timed} of ${total} track points have a time: a drawn or edited route, not a recording (fitbook never invents times)` };
  }
  const warnings: string[] = [];
  if (parsed.untimed > 0) warnings.push(`${parsed.untimed} track points without a time were left out`);
  const activities = [];
  for (const a of parsed.activities) {
    const points = a.points.sort((p, q) => p.tMs - q.tMs);
    if (points.length < 2) continue;
    const first = points[0] as Point;
    const last = points[points.length - 1] as Point;
    if (last.tMs === first.tMs) {
      return { kind: 'rejected', reason: `every track point has the same time (${new Date(first.tMs).toISOString()}): the ${what} has no real timing` };
    }
    const samples = columns(points);
    const { sport, guessed } = sportOf(a.sport, samples);
    if (guessed) warnings.push(`no sport in the file: "${sport.replace('_', ' ')}" judged from its average speed`);
    activities.push({ fields: fieldsOf(samples, a, sport, parsed.format, utcOffsetOf(first.tMs)), laps: lapsOf(a.laps, samples), samples });
  }
  if (activities.length === 0) return { kind: 'rejected', reason: `no track with two or more timed points: the ${what} holds no recording` };
  return { kind: 'activity', fitType: parsed.format, activities, warnings };
}

/** The runtime's offset at that instant (the worker runs in the athlete's time zone). */
function localOffsetS(ms: number): number {
  return -new Date(ms).getTimezoneOffset() * 60;
}

function columns(points: Point[]): SampleColumns {
  const n = points.length;
  const startMs = (points[0] as Point).tMs;
  const tS = new Float32Array(n);
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  const ele = new Float32Array(n);
  const hr = new Float32Array(n);
  const cad = new Float32Array(n);
  const dist = new Float32Array(n);
  const given = points.some((p) => Number.isFinite(p.distM));
  let summed = 0;
  let prev: Point | null = null;
  points.forEach((p, i) => {
    tS[i] = (p.tMs - startMs) / 1000;
    lat[i] = Number.isFinite(p.lat) && Math.abs(p.lat) <= 90 ? p.lat : NaN;
    lon[i] = Number.isFinite(p.lon) && Math.abs(p.lon) <= 180 ? p.lon : NaN;
    ele[i] = p.ele;
    hr[i] = p.hr > 0 ? p.hr : NaN;
    cad[i] = p.cad >= 0 ? p.cad : NaN;
    if (given) dist[i] = p.distM;
    else {
      if (prev && Number.isFinite(lat[i]) && Number.isFinite(prev.lat) && Number.isFinite(prev.lon) && Number.isFinite(lon[i])) {
        summed += haversineKm(prev.lat, prev.lon, lat[i] as number, lon[i] as number) * 1000;
      }
      dist[i] = summed;
      if (Number.isFinite(lat[i])) prev = p;
    }
  });
  const has = (a: ArrayLike<number>) => Array.from(a).some(Number.isFinite);
  const speed = speedOf(tS, dist, points);
  return {
    startMs,
    tS,
    hr: has(hr) ? hr : null,
    speedMps: has(speed) ? speed : null,
    distanceM: has(dist) ? dist : null,
    lat: has(lat) ? lat : null,
    lon: has(lon) ? lon : null,
    altitudeM: has(ele) ? ele : null,
    cadence: has(cad) ? cad : null,
    powerW: null,
  };
}

/** The file's speed where it gives one (TCX Speed), else distance over ±speedHalfWindowS. */
function speedOf(tS: Float32Array, dist: Float32Array, points: Point[]): Float32Array {
  const n = tS.length;
  const out = new Float32Array(n).fill(NaN);
  if (points.some((p) => Number.isFinite(p.speed))) {
    points.forEach((p, i) => { out[i] = p.speed; });
    return out;
  }
  const h = XML_DEFAULTS.speedHalfWindowS;
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < n; i++) {
    const t = tS[i] as number;
    if (hi < i) hi = i;
    while (hi + 1 < n && (tS[hi + 1] as number) <= t + h) hi++;
    while ((tS[lo] as number) < t - h) lo++;
    // A log every 15–60 s has no neighbour within the window: take the next ones out.
    const a = lo === i && i > 0 ? i - 1 : lo;
    const b = hi === i && i + 1 < n ? i + 1 : hi;
    const dt = (tS[b] as number) - (tS[a] as number);
    const dd = (dist[b] as number) - (dist[a] as number);
    // A stop is a distance that does not grow: its speed is 0, however long the gap.
    out[i] = dt > 0 && Number.isFinite(dd) ? Math.max(0, dd / dt) : NaN;
  }
  return out;
}

const SPORTS: Record<string, string> = {
  running: 'running', run: 'running', '9': 'running', trail_running: 'trail_running', trailrun: 'trail_running',
  biking: 'cycling', cycling: 'cycling', ride: 'cycling', '1': 'cycling', road_biking: 'road_biking', mountain_biking: 'mountain_biking', mountainbikeride: 'mountain_biking',
  walking: 'walking', walk: 'walking', hiking: 'hiking', hike: 'hiking', swimming: 'open_water_swimming', swim: 'open_water_swimming',
  other: 'other',
};

/**
 * Moving time from the steps between points: a step counts when its own speed (distance over
 * time) is at least FIT's moving speed. Unlike the FIT rule (each step capped at 30 s as a
 * pause), a GPS log written every 15–60 s keeps its time: its long steps are not pauses.
 */
export function movingFromSteps(tS: Float32Array, distanceM: Float32Array | null): number | null {
  if (!distanceM) return null;
  let moving = 0;
  for (let i = 0; i + 1 < tS.length; i++) {
    const dt = (tS[i + 1] as number) - (tS[i] as number);
    const dd = (distanceM[i + 1] as number) - (distanceM[i] as number);
    if (dt > 0 && dd / dt >= FIT_DEFAULTS.movingSpeedMps) moving += dt;
  }
  return moving;
}

/** The file's sport as Garmin's key; a GPX without one is judged from its moving speed. */
function sportOf(text: string | null, s: SampleColumns): { sport: string; guessed: boolean } {
  if (text) {
    const key = text.trim().toLowerCase().replace(/[\s-]+/g, '_');
    return { sport: SPORTS[key] ?? SPORTS[key.replace(/_/g, '')] ?? 'other', guessed: false };
  }
  const moving = movingFromSteps(s.tS, s.distanceM);
  const distance = s.distanceM ? (s.distanceM[s.distanceM.length - 1] as number) : NaN;
  const speed = moving ? distance / moving : NaN;
  if (!Number.isFinite(speed)) return { sport: 'other', guessed: true };
  const [lo, hi] = XML_DEFAULTS.runSpeedMps;
  return { sport: speed < lo ? 'walking' : speed <= hi ? 'running' : 'cycling', guessed: true };
}

function finiteStats(a: Float32Array | null): { mean: number | null; max: number | null } {
  if (!a) return { mean: null, max: null };
  let sum = 0;
  let n = 0;
  let max = -Infinity;
  for (const v of a) {
    if (!Number.isFinite(v)) continue;
    sum += v;
    n++;
    if (v > max) max = v;
  }
  return n ? { mean: sum / n, max } : { mean: null, max: null };
}

function ascentOf(ele: Float32Array | null): number | null {
  if (!ele) return null;
  // Climb summed over a 3 m hysteresis: raw GPS/barometric jitter would add metres on the flat.
  let up = 0;
  let ref = NaN;
  for (const v of ele) {
    if (!Number.isFinite(v)) continue;
    if (!Number.isFinite(ref)) ref = v;
    else if (v - ref >= 3) { up += v - ref; ref = v; } else if (ref - v >= 3) ref = v;
  }
  return up;
}

function fieldsOf(s: SampleColumns, a: Parsed['activities'][number], sport: string, format: 'gpx' | 'tcx', utcOffsetS: number): ActivityFields {
  const elapsedS = s.tS[s.tS.length - 1] as number;
  // A loop, not Math.max(...spread): a day-long 1 Hz track has more points than a call has room for arguments.
  const distanceM = finiteStats(s.distanceM).max;
  const lapTimer = a.laps.reduce((t, l) => t + (l.totalS ?? 0), 0);
  const hr = finiteStats(s.hr);
  const speed = finiteStats(s.speedMps);
  const startLat = s.lat ? Array.from(s.lat).find(Number.isFinite) ?? null : null;
  const i0 = s.lat ? Array.from(s.lat).findIndex(Number.isFinite) : -1;
  const movingS = movingFromSteps(s.tS, s.distanceM);
  return {
    garminActivityId: null,
    source: format,
    sport,
    name: a.name,
    startMs: s.startMs,
    utcOffsetS,
    distanceM: distanceM !== null && Number.isFinite(distanceM) ? distanceM : null,
    elapsedS,
    timerS: lapTimer > 0 ? Math.min(lapTimer, elapsedS) : elapsedS,
    movingS,
    ascentM: ascentOf(s.altitudeM),
    descentM: null,
    avgHr: hr.mean === null ? null : Math.round(hr.mean),
    maxHr: hr.max,
    avgSpeedMps: distanceM !== null && movingS ? distanceM / movingS : null,
    maxSpeedMps: speed.max,
    avgCadenceSpm: null,
    avgCadenceRpm: null,
    avgPowerW: null,
    caloriesKcal: a.laps.some((l) => l.calories !== null) ? a.laps.reduce((t, l) => t + (l.calories ?? 0), 0) : null,
    trainingLoad: null,
    aerobicTe: null,
    anaerobicTe: null,
    startLat,
    startLon: s.lon && i0 >= 0 ? (s.lon[i0] as number) : null,
    device: null,
    parentGarminId: null,
    rawJson: JSON.stringify({ format, sport: a.sport, name: a.name, laps: a.laps.length }),
  };
}

function lapsOf(laps: RawLap[], s: SampleColumns): LapFields[] {
  return laps.filter((l) => Number.isFinite(l.startMs)).map((l) => {
    const fromS = (l.startMs - s.startMs) / 1000;
    const toS = fromS + (l.totalS ?? 0);
    let i0 = 0;
    while (i0 < s.tS.length && (s.tS[i0] as number) < fromS) i0++;
    let i1 = i0;
    while (i1 < s.tS.length && (s.tS[i1] as number) <= toS) i1++;
    return {
      startMs: l.startMs,
      elapsedS: l.totalS,
      timerS: l.totalS,
      distanceM: l.distM,
      avgHr: l.avgHr,
      maxHr: l.maxHr,
      avgSpeedMps: l.totalS && l.distM !== null ? l.distM / l.totalS : null,
      maxSpeedMps: l.maxSpeed,
      ascentM: s.altitudeM ? ascentOf(s.altitudeM.subarray(i0, i1)) : null,
      descentM: null,
      avgCadenceSpm: null,
      avgPowerW: null,
    };
  });
}
