import { del, get, set } from 'idb-keyval';
import type { HrZones } from '../analysis/types';
import { DEFAULT_HR_ZONES } from '../analysis/types';
import { sameZones, zonesFor, type ZoneMethod } from '../analysis/hrZones';
import type { ExportHrProfile } from '../database';

/** The athlete's settings: small, so they live in IndexedDB (idb-keyval), not in SQLite. */
export interface Settings {
  maxHr: number;
  restingHr: number;
  thresholdHr: number | null;
  zones: HrZones;
  /** How the zones were set: computed from the heart numbers (they follow them), or 'custom' (typed, or Garmin's from the export). */
  zoneMethod: ZoneMethod | 'custom';
  units: 'km' | 'mi';
  ctlDays: number;
  atlDays: number;
}

const KEY = 'fitbook-settings';

/** Without an export's zones: % of max HR from the default max HR 190 (Z5 171–190, never above max). */
export const DEFAULT_SETTINGS: Settings = {
  maxHr: 190, restingHr: 50, thresholdHr: null, zones: zonesFor('max', { maxHr: 190, restingHr: 50, thresholdHr: null }) as HrZones, zoneMethod: 'max', units: 'km', ctlDays: 42, atlDays: 7,
};

/** Zones from heartRateZones.json floors: Zi runs to the next floor − 1, Z5 to max HR. */
export function zonesFromExport(p: ExportHrProfile): HrZones | null {
  const f = p.floors;
  if (f.length !== 5 || !p.maxHr) return null;
  const z = (i: number): readonly [number, number] => [f[i] as number, i < 4 ? (f[i + 1] as number) - 1 : (p.maxHr as number)];
  return [z(0), z(1), z(2), z(3), z(4)];
}

/**
 * Stored settings, else defaults prefilled from what the export says; `stored` is false on a
 * first run (the notebook then asks the athlete to check them).
 */
export async function loadSettings(fromExport: () => Promise<ExportHrProfile | null>): Promise<{ settings: Settings; stored: boolean }> {
  const stored = await get<Partial<Settings>>(KEY).catch(() => undefined);
  if (stored) return { settings: upgraded(stored), stored: true };
  return { settings: firstRunSettings(await fromExport()), stored: false };
}

/**
 * Settings stored before zones had a method: the old fixed default (openrun's 100–200 bpm,
 * whatever the max HR) becomes % of max HR from the stored max HR; any other zones were chosen
 * (typed or from the export) and stay as they are.
 */
function upgraded(stored: Partial<Settings>): Settings {
  const s = { ...DEFAULT_SETTINGS, ...stored };
  if (stored.zoneMethod) return s;
  if (stored.zones && !sameZones(stored.zones, DEFAULT_HR_ZONES)) return { ...s, zoneMethod: 'custom' };
  return { ...s, zoneMethod: 'max', zones: zonesFor('max', s) ?? DEFAULT_SETTINGS.zones };
}

/** A first run's settings: the export's heart numbers and Garmin's zones where it has them, else zones from max HR. */
export function firstRunSettings(fromExport: ExportHrProfile | null): Settings {
  if (!fromExport) return DEFAULT_SETTINGS;
  const heart = { maxHr: fromExport.maxHr ?? DEFAULT_SETTINGS.maxHr, restingHr: fromExport.restingHr ?? DEFAULT_SETTINGS.restingHr, thresholdHr: null };
  const garmin = zonesFromExport(fromExport);
  return {
    ...DEFAULT_SETTINGS,
    ...heart,
    ...(garmin ? { zones: garmin, zoneMethod: 'custom' as const } : { zones: zonesFor('max', heart) ?? DEFAULT_SETTINGS.zones, zoneMethod: 'max' as const }),
  };
}

export function saveSettings(settings: Settings): Promise<void> {
  return set(KEY, settings);
}

export function forgetSettings(): Promise<void> {
  return del(KEY);
}
