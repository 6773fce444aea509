import { json } from './extraFiles';
import type { GeneratedActivity } from './manifest';
import { rngFor, type Rng } from './random';
import { USER_PROFILE_ID } from './summary';
import { addDays, dayMs, DAY_MS } from './time';
import type { ZipEntry } from './zip';

/**
 * `DI-Connect-Fitness/<email>_gear.json` in the shape of the real 2026 export
 * (garmin-export-format.md §10): two pairs of road shoes one after the other (the first retired
 * part-way through the history), trail shoes and a bike, each run and ride linked to the gear
 * in use on its date in gearActivityDTOs (keyed by gearPk, with the activities' Garmin ids).
 */

export interface GeneratedGear {
  uuid: string;
  gearPk: number;
  type: 'shoes' | 'bike';
  /** displayName, else customMakeModel: the name a reader shows. */
  name: string;
  status: 'active' | 'retired';
  dateBegin: string;
  dateEnd: string | null;
  /** Activities linked to it in gearActivityDTOs. */
  activityIds: number[];
}

interface GearSpec extends GeneratedGear {
  dto: Record<string, unknown>;
  /** gearActivityTypeDTOS: the activity types it is the default gear for. */
  defaultFor: string[];
}

const ROAD_RUNS = new Set(['running', 'treadmill_running']);

/** 32 lower-case hex digits, as Garmin writes gear uuids. */
function gearUuid(rng: Rng): string {
  return Array.from({ length: 32 }, () => '0123456789abcdef'[rng.int(0, 15)]).join('');
}

export function gearFile(seed: number, root: string, owner: string, account: GeneratedActivity[], startDate: string, cutoffDate: string): { entry: ZipEntry; gear: GeneratedGear[] } {
  const rng = rngFor(seed, 'gear');
  const historyDays = (dayMs(cutoffDate) - dayMs(startDate)) / DAY_MS + 1;
  // The first road pair is retired between 40 % and 60 % of the way through; the second starts
  // that day and takes that day's runs (a pair is in use from dateBegin up to, not on, dateEnd).
  const retired = addDays(startDate, Math.max(1, Math.round(historyDays * rng.uniform(0.4, 0.6))));
  let gearPk = rng.int(20_000_000, 40_000_000);
  const nextPk = () => (gearPk += rng.int(1_000, 500_000));
  const spec = (type: GearSpec['type'], dateBegin: string, dateEnd: string | null, fields: { displayName?: string; customMakeModel: string; maximumMeters: number }, defaultFor: string[]): GearSpec => {
    const pk = nextPk();
    const uuid = gearUuid(rng);
    const status = dateEnd ? 'retired' : 'active';
    const dto: Record<string, unknown> = {
      gearPk: pk, uuid, userProfilePk: USER_PROFILE_ID, gearTypeName: type === 'shoes' ? 'Shoes' : 'Bike', gearStatusName: status,
      ...(fields.displayName ? { displayName: fields.displayName } : {}),
      customMakeModel: fields.customMakeModel, dateBegin, ...(dateEnd ? { dateEnd } : {}), maximumMeters: fields.maximumMeters,
      notified: false, gearVersion: 0, createDate: dateBegin,
    };
    return { uuid, gearPk: pk, type, name: fields.displayName ?? fields.customMakeModel, status, dateBegin, dateEnd, activityIds: [], dto, defaultFor: dateEnd ? [] : defaultFor };
  };
  // Created in the order they were bought, so gearPks rise with dateBegin.
  const bike = spec('bike', addDays(startDate, -rng.int(400, 900)), null, { displayName: 'Road bike', customMakeModel: 'Aluminium road bike', maximumMeters: 0.0 }, ['cycling', 'road_biking']);
  const trail = spec('shoes', addDays(startDate, -rng.int(100, 300)), null, { displayName: 'Trail shoes', customMakeModel: 'Lugged trail shoe', maximumMeters: 600_000.0 }, ['trail_running']);
  const firstPair = spec('shoes', addDays(startDate, -rng.int(30, 90)), retired, { displayName: 'Daily trainers (first pair)', customMakeModel: 'Neutral road trainer', maximumMeters: 700_000.0 }, []);
  // Like the real file's active pair: no displayName, only the make and model.
  const secondPair = spec('shoes', retired, null, { customMakeModel: 'Neutral road trainer v2', maximumMeters: 800_000.0 }, ['running', 'street_running', 'track_running', 'treadmill_running', 'indoor_running']);

  for (const a of account) {
    const type = String(a.summary.activityType);
    const gear = type === 'trail_running' ? trail
      : ROAD_RUNS.has(type) ? (a.session.date < retired ? firstPair : secondPair)
      : type === 'cycling' ? bike
      : null;
    gear?.activityIds.push(a.activityId);
  }
  const all = [secondPair, firstPair, trail, bike];
  const lastUse = (g: GearSpec) => account.find((a) => a.activityId === g.activityIds[g.activityIds.length - 1])?.session.date;
  for (const g of all) {
    g.dto.updateDate = g.dateEnd ?? lastUse(g) ?? g.dateBegin;
    if (g.dateEnd) g.dto.retiredDate = g.dateEnd;
  }
  const entry: ZipEntry = {
    path: `${root}/DI-Connect-Fitness/${owner}_gear.json`,
    data: json([{
      gearDTOS: all.map((g) => g.dto),
      gearActivityDTOs: Object.fromEntries(all.filter((g) => g.activityIds.length > 0).map((g) => [g.gearPk, g.activityIds.map((activityId) => ({ gearPk: g.gearPk, activityId }))])),
      gearActivityTypeDTOS: all.flatMap((g) => g.defaultFor.map((activityType) => ({ activityType, gearPk: g.gearPk, defaultFlag: 1 }))),
    }]),
  };
  return { entry, gear: all.map(({ dto: _dto, defaultFor: _defaultFor, ...g }) => g) };
}
