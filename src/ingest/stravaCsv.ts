import { parseCsvRows } from './csvRows';
import { IngestError } from './errors';

/**
 * Strava's bulk export ("Download your account"): `activities.csv` names each activity, its
 * type, description and gear, and its recording under `Filename` (`activities/123.fit.gz`).
 * fitbook reads the recordings on the FIT path (recording.ts) and takes from this file what a
 * recording does not say: the name the athlete gave it and its sport. Columns are found by their
 * header (Strava has added columns over the years, and repeats some names: the first wins);
 * unknown columns are ignored and said.
 */

export interface StravaActivity {
  stravaId: number;
  name: string | null;
  /** Garmin's activity type key (sportFromStrava). */
  sport: string;
  /** Strava's own type, as written ("Run", "Weight Training"). */
  stravaType: string;
  description: string | null;
  gear: string | null;
  /** The recording's path in the archive, as the file says (`activities/123.fit.gz`); null for a manual entry. */
  filename: string | null;
  /** Start, epoch ms: Strava writes it in UTC ("Mar 3, 2026, 6:01:02 AM"); null when unreadable. */
  startMs: number | null;
  /** Moving time, else elapsed time, seconds. */
  durationS: number | null;
  distanceM: number | null;
  /** The athlete's "Perceived Exertion", 1–10 (Strava's scale is Borg CR-10, as Foster's session RPE). */
  rpe: number | null;
}

export interface StravaCsv {
  activities: StravaActivity[];
  /** Header names fitbook does not read. */
  unknownColumns: string[];
  /** Rows left out, with the reason (1-based line of the row's start). */
  problems: { row: number; reason: string }[];
}

/** The columns read; the rest are listed as unknown. */
const REQUIRED = ['Activity ID', 'Activity Type'] as const;
const KNOWN = new Set([
  'Activity ID', 'Activity Date', 'Activity Name', 'Activity Type', 'Activity Description', 'Activity Gear', 'Filename',
  'Elapsed Time', 'Moving Time', 'Distance', 'Perceived Exertion',
]);

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** "Mar 3, 2026, 6:01:02 AM" (UTC, as Strava's export writes it) as epoch ms; null when not that. */
export function stravaDateMs(text: string | null): number | null {
  const m = /^([A-Za-z]{3})[a-z]* (\d{1,2}), (\d{4}),? (\d{1,2}):(\d{2}):(\d{2})\s*([AP]M)?$/i.exec(text?.trim() ?? '');
  if (!m) return null;
  const month = MONTHS.indexOf((m[1] as string).toLowerCase());
  let hour = Number(m[4]);
  if (m[7]) hour = (hour % 12) + (m[7].toUpperCase() === 'PM' ? 12 : 0);
  if (month < 0 || hour > 23) return null;
  return Date.UTC(Number(m[3]), month, Number(m[2]), hour, Number(m[5]), Number(m[6]));
}

/** Strava's activity types (its "sport_type" words, as the export writes them) as Garmin's keys. */
const SPORTS: Record<string, string> = {
  run: 'running', 'trail run': 'trail_running', 'virtual run': 'virtual_run', 'treadmill run': 'treadmill_running',
  ride: 'cycling', 'virtual ride': 'virtual_ride', 'mountain bike ride': 'mountain_biking', 'gravel ride': 'gravel_cycling', 'e-bike ride': 'e_bike_fitness',
  walk: 'walking', hike: 'hiking', swim: 'lap_swimming', 'open water swim': 'open_water_swimming',
  'weight training': 'strength_training', workout: 'indoor_cardio', crossfit: 'strength_training', yoga: 'yoga',
  rowing: 'rowing', 'nordic ski': 'cross_country_skiing', 'alpine ski': 'resort_skiing', elliptical: 'elliptical',
  'stair stepper': 'stair_climbing',
};

export function sportFromStrava(type: string): string {
  return SPORTS[type.trim().toLowerCase()] ?? 'other';
}

export class StravaCsvError extends IngestError {}

export function parseStravaCsv(text: string): StravaCsv {
  const [header, ...rows] = parseCsvRows(text);
  if (!header) throw new StravaCsvError('activities.csv is empty');
  const col = new Map<string, number>();
  // A repeated name: the first wins, except the second "Distance", which is in metres (the first
  // is in the athlete's display unit, km or miles) — exports before the repeat have km only.
  const last = new Map<string, number>();
  header.cells.forEach((name, i) => {
    if (!col.has(name.trim())) col.set(name.trim(), i);
    last.set(name.trim(), i);
  });
  const metresColumn = last.get('Distance') !== col.get('Distance') ? last.get('Distance') : undefined;
  const missing = REQUIRED.filter((name) => !col.has(name));
  if (missing.length) throw new StravaCsvError(`not Strava's activities.csv: no ${missing.map((m) => `"${m}"`).join(' or ')} column`);
  const unknownColumns = [...new Set(header.cells.map((c) => c.trim()).filter((c) => c && !KNOWN.has(c)))];
  const get = (cells: string[], name: string) => {
    const i = col.get(name);
    const v = i === undefined ? '' : (cells[i] ?? '').trim();
    return v === '' ? null : v;
  };
  const activities: StravaActivity[] = [];
  const problems: StravaCsv['problems'] = [];
  for (const { row, cells } of rows) {
    const id = Number(get(cells, 'Activity ID'));
    const type = get(cells, 'Activity Type');
    if (!Number.isInteger(id) || id <= 0) {
      problems.push({ row, reason: 'no activity id' });
      continue;
    }
    if (!type) {
      problems.push({ row, reason: 'no activity type' });
      continue;
    }
    const seconds = (name: string) => {
      const v = Number(get(cells, name));
      return get(cells, name) !== null && Number.isFinite(v) && v > 0 ? v : null;
    };
    const distanceText = metresColumn === undefined ? get(cells, 'Distance') : (cells[metresColumn] ?? '').trim() || null;
    const distance = distanceText === null ? NaN : Number(distanceText.replace(/,/g, ''));
    const rpe = Number(get(cells, 'Perceived Exertion'));
    activities.push({
      stravaId: id,
      startMs: stravaDateMs(get(cells, 'Activity Date')),
      durationS: seconds('Moving Time') ?? seconds('Elapsed Time'),
      distanceM: Number.isFinite(distance) && distance >= 0 ? (metresColumn === undefined ? distance * 1000 : distance) : null,
      rpe: get(cells, 'Perceived Exertion') !== null && rpe >= 1 && rpe <= 10 ? rpe : null,
      name: get(cells, 'Activity Name'),
      sport: sportFromStrava(type),
      stravaType: type,
      description: get(cells, 'Activity Description'),
      gear: get(cells, 'Activity Gear'),
      filename: get(cells, 'Filename'),
    });
  }
  return { activities, unknownColumns, problems };
}
