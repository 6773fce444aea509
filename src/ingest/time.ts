/** Time helpers for the many date encodings of Garmin exports (garmin-export-format.md §11). */

/** 'YYYY-MM-DDTHH:MM:SSZ' (whole seconds). */
export function isoUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

/** Local wall clock 'YYYY-MM-DDTHH:MM:SS' for an instant and its UTC offset. */
export function isoLocal(ms: number, utcOffsetS: number): string {
  return new Date(ms + utcOffsetS * 1000).toISOString().slice(0, 19);
}

/**
 * The offset to use when a source gives none (a loose FIT without an activity message):
 * the browser's own time zone at that instant, the best guess for "the athlete's local day".
 */
export function fallbackOffsetS(ms: number): number {
  return -new Date(ms).getTimezoneOffset() * 60;
}

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};

/**
 * A civil date 'YYYY-MM-DD' from a Garmin calendarDate in any of its encodings:
 * '2026-04-10', epoch ms (MetricsAcuteTrainingLoad), or the 2020-era Java object
 * {"date":"Oct 4, 2020 12:00:00 AM"}. Returns null when it is none of these.
 */
export function calendarDate(value: unknown): string | null {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) return value.slice(0, 10);
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value).toISOString().slice(0, 10);
  if (value && typeof value === 'object' && 'date' in value && typeof value.date === 'string') {
    const m = /^([A-Za-z]{3})[a-z]*\.? (\d{1,2}), (\d{4})/.exec(value.date);
    const month = m ? MONTHS[(m[1] as string).toLowerCase()] : undefined;
    if (m && month !== undefined) {
      const d = new Date(Date.UTC(Number(m[3]), month, Number(m[2])));
      return d.toISOString().slice(0, 10);
    }
  }
  return null;
}

/** A GMT timestamp string without zone ('2026-04-09T21:51:00.0') as ISO UTC, or null. */
export function gmtString(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return isoUtc(value);
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const ms = Date.parse(value.replace(/Z?$/, 'Z'));
  return Number.isFinite(ms) ? isoUtc(ms) : null;
}
