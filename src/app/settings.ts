import { del, get, set } from 'idb-keyval';
import type { HrZones } from '../analysis/types';
import { DEFAULT_HR_ZONES } from '../analysis/types';
import type { ExportHrProfile } from '../database';

/** The athlete's settings: small, so they live in IndexedDB (idb-keyval), not in SQLite. */
export interface Settings {
  maxHr: number;
  restingHr: number;
  thresholdHr: number | null;
  zones: HrZones;
  units: 'km' | 'mi';
  ctlDays: number;
  atlDays: number;
}

const KEY = 'fitbook-settings';

export const DEFAULT_SETTINGS: Settings = {
  maxHr: 190, restingHr: 50, thresholdHr: null, zones: DEFAULT_HR_ZONES, units: 'km', ctlDays: 42, atlDays: 7,
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
  const stored = await get<Settings>(KEY).catch(() => undefined);
  if (stored) return { settings: { ...DEFAULT_SETTINGS, ...stored }, stored: true };
  return { settings: prefilled(await fromExport()), stored: false };
}

function prefilled(fromExport: ExportHrProfile | null): Settings {
  if (!fromExport) return DEFAULT_SETTINGS;
  return {
    ...DEFAULT_SETTINGS,
    maxHr: fromExport.maxHr ?? DEFAULT_SETTINGS.maxHr,
    restingHr: fromExport.restingHr ?? DEFAULT_SETTINGS.restingHr,
    zones: zonesFromExport(fromExport) ?? DEFAULT_SETTINGS.zones,
  };
}

export function saveSettings(settings: Settings): Promise<void> {
  return set(KEY, settings);
}

export function forgetSettings(): Promise<void> {
  return del(KEY);
}
