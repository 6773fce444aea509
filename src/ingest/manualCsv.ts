import { parseCsvRows } from './csvRows';

/**
 * Off-watch sessions as openrun's manual CSV writes them:
 * `activity_date,activity_type,distance_km,duration_min,training_load,notes[,external_id]`.
 * A row with an `external_id` updates the session imported before with that id (re-imports
 * never duplicate). A bad row is named with its reason; the others import.
 */

export interface ManualRow {
  localDate: string;
  sport: string;
  distanceM: number | null;
  durationS: number;
  trainingLoad: number | null;
  notes: string | null;
  externalId: string | null;
}

export interface ManualCsv {
  rows: ManualRow[];
  problems: { row: number; reason: string }[];
}

export const MANUAL_CSV_COLUMNS = ['activity_date', 'activity_type', 'distance_km', 'duration_min', 'training_load', 'notes', 'external_id'] as const;
const REQUIRED = ['activity_date', 'activity_type', 'duration_min'] as const;

/** A calendar date that exists (2026-02-30 does not). */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** openrun's activity types are Garmin's keys already ("running", "strength_training"); spaces become underscores. */
function sportKey(type: string): string {
  return type.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

export function parseManualCsv(text: string): ManualCsv {
  const [header, ...rows] = parseCsvRows(text);
  const problems: ManualCsv['problems'] = [];
  if (!header) return { rows: [], problems: [{ row: 1, reason: 'the file is empty' }] };
  const col = new Map(header.cells.map((c, i) => [c.trim().toLowerCase(), i] as const));
  const missing = REQUIRED.filter((c) => !col.has(c));
  if (missing.length) return { rows: [], problems: [{ row: 1, reason: `not a sessions CSV: no ${missing.join(', ')} column (expected ${MANUAL_CSV_COLUMNS.join(',')})` }] };
  const out: ManualRow[] = [];
  for (const { row, cells } of rows) {
    const get = (name: string) => {
      const i = col.get(name);
      const v = i === undefined ? '' : (cells[i] ?? '').trim();
      return v === '' ? null : v;
    };
    const num = (name: string) => {
      const v = get(name);
      return v === null ? null : Number(v.replace(',', '.'));
    };
    const date = get('activity_date') ?? '';
    const type = get('activity_type');
    const minutes = num('duration_min');
    const km = num('distance_km');
    const load = num('training_load');
    let reason: string | null = null;
    if (!isCalendarDate(date)) reason = `"${date}" is not a date (YYYY-MM-DD)`;
    else if (!type) reason = 'no activity type';
    else if (minutes === null || !Number.isFinite(minutes) || minutes <= 0) reason = `the duration "${get('duration_min') ?? ''}" is not a positive number of minutes`;
    else if (km !== null && !(Number.isFinite(km) && km >= 0)) reason = `the distance "${get('distance_km')}" is not a distance in km`;
    else if (load !== null && !(Number.isFinite(load) && load >= 0)) reason = `the training load "${get('training_load')}" is not a number of 0 or more`;
    if (reason) {
      problems.push({ row, reason });
      continue;
    }
    out.push({
      localDate: date, sport: sportKey(type as string), distanceM: km === null ? null : km * 1000, durationS: (minutes as number) * 60,
      trainingLoad: load, notes: get('notes'), externalId: get('external_id'),
    });
  }
  return { rows: out, problems };
}
