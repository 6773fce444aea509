import { isoWeek, mondayOf, mondayOfIsoWeek } from '../analysis/calendar';
import { toCsv } from '../ui/csv';
import { emptyWeek, formatRaces, parseRaces } from './planWeek';
import type { PlanWeekInput } from '../database';

/**
 * The plan as CSV (issue 5): a header row, columns in any order, case-insensitive:
 * week (ISO `2026-W03` or its Monday's date), phase, distance_km, vert_m, long_run_km, gym,
 * series, recovery (true/false, 1/0, yes/no), races (`YYYY-MM-DD name km`, `;`-separated).
 * Unknown columns are ignored and named; bad cells are reported by row and column.
 */

export const PLAN_CSV_COLUMNS = ['week', 'phase', 'distance_km', 'vert_m', 'long_run_km', 'gym', 'series', 'recovery', 'races'] as const;

export interface PlanCsvResult {
  weeks: PlanWeekInput[];
  unknownColumns: string[];
  problems: { row: number; column: string; message: string }[];
}

/** RFC 4180 fields, quotes and doubled quotes included. */
function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.some((f) => f.trim() !== '')) rows.push(row);
      row = [];
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f.trim() !== '')) rows.push(row);
  return rows;
}

export function parsePlanCsv(text: string): PlanCsvResult {
  const [header, ...body] = parseCsvRows(text.replace(/^\uFEFF/, ''));
  const problems: PlanCsvResult['problems'] = [];
  if (!header) return { weeks: [], unknownColumns: [], problems: [{ row: 1, column: '', message: 'the file is empty' }] };
  const names = header.map((h) => h.trim().toLowerCase());
  const known = new Set<string>(PLAN_CSV_COLUMNS);
  const unknownColumns = header.filter((_, i) => !known.has(names[i] as string)).map((h) => h.trim());
  if (!names.includes('week')) return { weeks: [], unknownColumns, problems: [{ row: 1, column: 'week', message: 'the header has no "week" column' }] };
  const weeks = new Map<string, PlanWeekInput>();
  body.forEach((cells, r) => {
    const rowNumber = r + 2;
    const get = (col: string) => (cells[names.indexOf(col)] ?? '').trim();
    const bad = (column: string, message: string) => problems.push({ row: rowNumber, column, message });
    const weekText = get('week');
    let monday: string;
    if (/^\d{4}-W\d{2}$/i.test(weekText)) monday = mondayOfIsoWeek(weekText.toUpperCase());
    else if (/^\d{4}-\d{2}-\d{2}$/.test(weekText) && !Number.isNaN(Date.parse(weekText))) monday = mondayOf(weekText);
    else return bad('week', `"${weekText}" is neither an ISO week (2026-W03) nor a date`);
    const week = emptyWeek(monday);
    const num = (col: string, integer = false): number | null => {
      const v = get(col);
      if (v === '' || !names.includes(col)) return null;
      const n = Number(v.replace(',', '.'));
      if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
        bad(col, `"${v}" is not a ${integer ? 'whole ' : ''}number ≥ 0`);
        return null;
      }
      return n;
    };
    week.phase = get('phase') || null;
    week.distanceKm = num('distance_km');
    week.vertM = num('vert_m');
    week.longRunKm = num('long_run_km');
    week.gym = num('gym', true);
    week.series = num('series', true);
    const recovery = get('recovery').toLowerCase();
    if (['true', '1', 'yes', 'y'].includes(recovery)) week.recovery = true;
    else if (!['', 'false', '0', 'no', 'n'].includes(recovery)) bad('recovery', `"${get('recovery')}" is not true/false, 1/0 or yes/no`);
    const { races, error } = parseRaces(get('races'));
    if (error) bad('races', error);
    week.races = races;
    weeks.set(week.weekStart, week);
  });
  return { weeks: [...weeks.values()].sort((a, b) => a.weekStart.localeCompare(b.weekStart)), unknownColumns, problems };
}

export function planToCsv(weeks: readonly PlanWeekInput[]): string {
  return toCsv(PLAN_CSV_COLUMNS, weeks.map((w) => [
    isoWeek(w.weekStart), w.phase, w.distanceKm, w.vertM, w.longRunKm, w.gym, w.series, w.recovery ? 'true' : 'false', formatRaces(w.races),
  ]));
}
