/**
 * Calendar and clock helpers. The synthetic athlete lives in a Europe/Brussels-like zone:
 * UTC+1 in winter, UTC+2 in summer, switching at 01:00 UTC on the last Sundays of March and
 * October (EU rule). Implemented by hand so the output never depends on the host's tz database.
 */

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
/** FIT epoch 1989-12-31T00:00:00Z (FIT profile, date_time). */
export const FIT_EPOCH_MS = 631_065_600_000;

/** 'YYYY-MM-DD' -> UTC midnight ms; throws on anything else so a typo in --end fails loudly. */
export function dayMs(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`expected a date as YYYY-MM-DD, got "${date}"`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (ymd(ms) !== date) throw new Error(`not a calendar date: "${date}"`);
  return ms;
}

export function ymd(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return ymd(dayMs(date) + days * DAY_MS);
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(dayMs(date)).getUTCDay();
}

function lastSundayUtc1h(year: number, month: number): number {
  const lastDay = Date.UTC(year, month + 1, 0);
  const dow = new Date(lastDay).getUTCDay();
  return lastDay - dow * DAY_MS + HOUR_MS;
}

/** UTC offset in ms at an instant: +2 h between the EU switch instants, +1 h otherwise. */
export function brusselsOffsetMs(utcMs: number): number {
  const year = new Date(utcMs).getUTCFullYear();
  const summerStart = lastSundayUtc1h(year, 2);
  const summerEnd = lastSundayUtc1h(year, 9);
  return utcMs >= summerStart && utcMs < summerEnd ? 2 * HOUR_MS : HOUR_MS;
}

/** Local wall clock ("local epoch" ms, read as UTC) -> the UTC instant. */
export function localToUtc(localMs: number): number {
  const summer = localMs - 2 * HOUR_MS;
  return brusselsOffsetMs(summer) === 2 * HOUR_MS ? summer : localMs - HOUR_MS;
}

/** Garmin's zone-less timestamp strings: '2026-04-09T21:51:00.0'. */
export function garminTimeString(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + '.0';
}

/** Length of the local calendar day in ms (23 h / 25 h on switch days, as in real UDS files). */
export function localDayLengthMs(date: string): number {
  const start = localToUtc(dayMs(date));
  const end = localToUtc(dayMs(date) + DAY_MS);
  return end - start;
}

/** FIT date_time seconds for a UTC instant in ms (whole seconds expected). */
export function fitSeconds(utcMs: number): number {
  return Math.floor((utcMs - FIT_EPOCH_MS) / 1000);
}
