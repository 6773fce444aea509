/** Number and time formatting for what the user reads (locale-aware; raw values go in data-value). */
import { METRES_PER_MILE, type Units } from '../analysis/types';
import type { LoadSource } from '../analysis/load';

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function formatCount(n: number): string {
  return integer.format(n);
}

export function formatMegabytes(bytes: number): string {
  return `${oneDecimal.format(bytes / 2 ** 20)} MB`;
}

/** A size in MB below a gigabyte, in GB above (a browser's quota is often hundreds of GB). */
export function formatBytes(bytes: number): string {
  return bytes >= 2 ** 30 ? `${oneDecimal.format(bytes / 2 ** 30)} GB` : formatMegabytes(bytes);
}

/** 'm:ss' below an hour, 'h:mm:ss' above. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export type { Units };
const twoDecimals = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A distance in the athlete's units, two decimals ('' when unknown). */
export function formatDistance(m: number | null, units: Units = 'km'): string {
  if (m === null || !Number.isFinite(m)) return '';
  return units === 'mi' ? `${twoDecimals.format(m / METRES_PER_MILE)} mi` : `${twoDecimals.format(m / 1000)} km`;
}

/** 'h:mm:ss' (or 'm:ss' under an hour) from seconds, rounded to the second ('' when unknown). */
export function formatSeconds(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return '';
  return formatDuration(s * 1000);
}

/** Metres in the athlete's unit: a kilometre or a mile. */
export function unitMetres(units: Units): number {
  return units === 'mi' ? METRES_PER_MILE : 1000;
}

/** Kilometres in the athlete's unit, one decimal (a plan's or a week's distance). */
export function kmIn(km: number, units: Units): number {
  return Math.round(km * (10_000 / unitMetres(units))) / 10;
}

/** A pace given in min/km as m:ss per km or per mile, without the unit ('' when unknown). */
export function formatPaceValue(minPerKm: number, units: Units = 'km'): string {
  if (!Number.isFinite(minPerKm)) return '';
  const total = Math.round(minPerKm * (unitMetres(units) / 1000) * 60);
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/** A pace given in min/km, shown as m:ss per km or per mile (whole seconds, never ':60'). */
export function formatPace(minPerKm: number, units: Units = 'km'): string {
  const value = formatPaceValue(minPerKm, units);
  return value && `${value} /${units}`;
}

/** A number with a fixed count of decimals in the user's locale ('' when not finite). */
export function formatNumber(x: number | null, decimals = 1): string {
  if (x === null || !Number.isFinite(x)) return '';
  return new Intl.NumberFormat(undefined, { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(x);
}

/** Garmin's activity type keys as a runner says them; any other key with its underscores as spaces. */
const SPORT_NAMES: Readonly<Record<string, string>> = {
  running: 'run', trail_running: 'trail run', treadmill_running: 'treadmill run', track_running: 'track run',
  indoor_running: 'indoor run', virtual_run: 'virtual run', ultra_run: 'ultra run', street_running: 'road run',
  cycling: 'ride', road_biking: 'road ride', mountain_biking: 'mountain bike ride', gravel_cycling: 'gravel ride',
  indoor_cycling: 'indoor ride', virtual_ride: 'virtual ride', lap_swimming: 'pool swim', open_water_swimming: 'open-water swim',
  strength_training: 'strength', indoor_cardio: 'cardio', hiking: 'hike', walking: 'walk', yoga: 'yoga',
  transition_v2: 'transition', multi_sport: 'multisport', triathlon: 'triathlon', other: 'other',
};

export function sportName(sport: string): string {
  return SPORT_NAMES[sport] ?? sport.replaceAll('_', ' ');
}

/** Where a load came from, in words (analysis/load.ts LoadSource). */
export const LOAD_SOURCE_LABELS: Readonly<Record<LoadSource, string>> = {
  garmin: 'Garmin', trimp: 'TRIMP from the heart-rate stream', trimp_summary: 'estimated from average heart rate',
  manual: 'entered by hand', session_rpe: 'session RPE × minutes', excluded: 'excluded by you', none: 'no heart rate',
};

/** A calendar date as a runner reads it on a card: "Tue 1 Dec" (English, like the rest of the app; no time zone can move it). */
export function formatDay(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).replace(',', '');
}
