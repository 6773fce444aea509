import { ShapeError } from './garminSummary';
import { calendarDate, gmtString } from './time';

/**
 * VO2max, race predictions and gear from the account export (garmin-export-format.md §2, §9, §10).
 * Pure mappers: each takes the parsed JSON of one file and returns rows plus how many records it
 * could not use (`skipped`, for the import report); a file of another shape throws ShapeError.
 * Several records for one day are normal (one per device update): the latest timestamp wins,
 * then the later record in the file.
 */

type Obj = Record<string, unknown>;

export interface Vo2maxPoint {
  date: string;
  /** Garmin's sport in lower case: 'running', 'cycling', also 'walking' in real files. */
  sport: string;
  /** ml/kg/min (integer-valued in real files). */
  vo2max: number;
  fitnessAge: number | null;
}

/**
 * `MetricsMaxMetData_*.json`: one point per (date, sport). Skipped: records without a date, a
 * finite positive vo2MaxValue or a sport (a 2020 record has none; guessing "running" would put
 * it on the wrong chart).
 */
export function mapMaxMet(json: unknown): { points: Vo2maxPoint[]; skipped: number } {
  const { list, skipped: notObjects } = records(json, 'VO2max (MaxMet)', ['vo2MaxValue', 'maxMet']);
  let skipped = notObjects;
  const latest = new Map<string, Latest<Vo2maxPoint>>();
  for (const r of list) {
    const date = calendarDate(r.calendarDate);
    const vo2max = positive(r.vo2MaxValue);
    const sport = typeof r.sport === 'string' && r.sport.trim() ? r.sport.trim().toLowerCase() : null;
    if (!date || vo2max === null || !sport) {
      skipped++;
      continue;
    }
    // 2020 exports write fitnessAge as a string ("20").
    const fitnessAge = positive(typeof r.fitnessAge === 'string' && r.fitnessAge.trim() ? Number(r.fitnessAge) : r.fitnessAge);
    keepLatest(latest, `${date} ${sport}`, { date, sport, vo2max, fitnessAge }, gmtString(r.updateTimestamp));
  }
  const points = [...latest.values()].map((l) => l.row);
  points.sort((a, b) => (a.date === b.date ? (a.sport < b.sport ? -1 : 1) : a.date < b.date ? -1 : 1));
  return { points, skipped };
}

export interface RacePrediction {
  date: string;
  fiveKS: number | null;
  tenKS: number | null;
  halfS: number | null;
  marathonS: number | null;
}

/**
 * `RunRacePredictions_*.json`: one prediction per day. The real 2026 file agrees with the doc
 * (§9): raceTime5K, raceTime10K, raceTimeHalf, raceTimeMarathon in seconds (5K 1491 = 24:51,
 * marathon 16017 = 4:26:57), `timestamp` as GMT without zone; it also has the `calendarDate`
 * the doc hides behind "…", the local day: "2026-07-15" with timestamp "2026-07-14T22:01:10.0".
 * So calendarDate comes first, the timestamp's (GMT) date only when it is missing.
 * Skipped: records without any date or without any positive race time.
 */
export function mapRacePredictions(json: unknown): { predictions: RacePrediction[]; skipped: number } {
  const { list, skipped: notObjects } = records(json, 'race prediction', ['raceTime5K', 'raceTime10K', 'raceTimeHalf', 'raceTimeMarathon']);
  let skipped = notObjects;
  const latest = new Map<string, Latest<RacePrediction>>();
  for (const r of list) {
    const timestamp = gmtString(r.timestamp);
    const date = calendarDate(r.calendarDate) ?? timestamp?.slice(0, 10) ?? null;
    const row = {
      fiveKS: positive(r.raceTime5K),
      tenKS: positive(r.raceTime10K),
      halfS: positive(r.raceTimeHalf),
      marathonS: positive(r.raceTimeMarathon),
    };
    if (!date || Object.values(row).every((v) => v === null)) {
      skipped++;
      continue;
    }
    keepLatest(latest, date, { date, ...row }, timestamp);
  }
  const predictions = [...latest.values()].map((l) => l.row);
  predictions.sort((a, b) => (a.date < b.date ? -1 : 1));
  return { predictions, skipped };
}

export type GearType = 'shoes' | 'bike' | 'other';

export interface GearItem {
  uuid: string;
  gearPk: number | null;
  type: GearType;
  /** displayName, else customMakeModel, else "<type> <dateBegin>". */
  name: string;
  brandModel: string | null;
  /** gearStatusName in lower case: 'active', 'retired'. */
  status: string;
  dateBegin: string | null;
  dateEnd: string | null;
  maximumMeters: number | null;
}

export interface GearLink {
  gearUuid: string;
  garminActivityId: number;
}

/**
 * `<email>_gear.json`: `[{gearDTOS:[…], gearActivityDTOs:{"<gearPk>":[{gearPk, activityId}]},
 * gearActivityTypeDTOS:[…]}]` (real 2026 sample). Skipped: gear without a uuid, and links whose
 * gear is not in gearDTOS or whose activityId is not a positive integer.
 */
export function mapGear(json: unknown): { gear: GearItem[]; links: GearLink[]; skipped: number } {
  // Empty export files are [], {} or [{}] (garmin-export-format.md §2).
  if (isObject(json) && Object.keys(json).length === 0) return { gear: [], links: [], skipped: 0 };
  if (!Array.isArray(json)) throw new ShapeError('expected a JSON array holding gearDTOS and gearActivityDTOs');
  const gear: GearItem[] = [];
  const linkLists: [string, unknown][] = [];
  let skipped = 0;
  for (const item of json) {
    if (!isObject(item)) throw new ShapeError('expected objects inside the top-level gear array');
    if (Object.keys(item).length === 0) continue;
    if (item.gearDTOS === undefined && item.gearActivityDTOs === undefined) throw new ShapeError(`unknown gear shape (keys: ${keysOf(item)})`);
    const dtos = item.gearDTOS ?? [];
    const byGear = item.gearActivityDTOs ?? {};
    if (!Array.isArray(dtos)) throw new ShapeError('gearDTOS is not a list');
    if (!isObject(byGear)) throw new ShapeError('gearActivityDTOs is not an object keyed by gear');
    for (const dto of dtos) {
      const g = isObject(dto) ? gearItem(dto) : null;
      if (g) gear.push(g);
      else skipped++;
    }
    linkLists.push(...Object.entries(byGear));
  }
  const uuidByPk = new Map(gear.filter((g) => g.gearPk !== null).map((g) => [g.gearPk, g.uuid]));
  const links: GearLink[] = [];
  const seen = new Set<string>();
  for (const [key, list] of linkLists) {
    if (!Array.isArray(list)) throw new ShapeError(`gearActivityDTOs["${key}"] is not a list`);
    for (const link of list) {
      const pk = isObject(link) && link.gearPk !== undefined ? link.gearPk : Number(key);
      const gearUuid = typeof pk === 'number' ? uuidByPk.get(pk) : undefined;
      const activityId = isObject(link) ? link.activityId : undefined;
      if (!gearUuid || typeof activityId !== 'number' || !Number.isSafeInteger(activityId) || activityId <= 0) {
        skipped++;
        continue;
      }
      const id = `${gearUuid} ${activityId}`;
      if (seen.has(id)) continue;
      seen.add(id);
      links.push({ gearUuid, garminActivityId: activityId });
    }
  }
  return { gear, links, skipped };
}

function gearItem(dto: Obj): GearItem | null {
  const uuid = text(dto.uuid);
  if (!uuid) return null;
  const typeName = text(dto.gearTypeName)?.toLowerCase();
  const type: GearType = typeName === 'shoes' || typeName === 'bike' ? typeName : 'other';
  const dateBegin = calendarDate(dto.dateBegin);
  // Retired gear carries dateEnd and retiredDate (equal in the real sample); either will do.
  const dateEnd = calendarDate(dto.dateEnd) ?? calendarDate(dto.retiredDate);
  const brandModel = text(dto.customMakeModel);
  return {
    uuid,
    gearPk: typeof dto.gearPk === 'number' && Number.isSafeInteger(dto.gearPk) ? dto.gearPk : null,
    type,
    name: text(dto.displayName) ?? brandModel ?? (dateBegin ? `${type} ${dateBegin}` : type),
    brandModel,
    status: text(dto.gearStatusName)?.toLowerCase() ?? (dateEnd ? 'retired' : 'active'),
    dateBegin,
    dateEnd,
    maximumMeters: positive(dto.maximumMeters),
  };
}

interface Latest<T> {
  row: T;
  /** ISO UTC, or '' when the record has none (it then loses to any timestamped one). */
  at: string;
}

function keepLatest<T>(latest: Map<string, Latest<T>>, key: string, row: T, timestamp: string | null): void {
  const at = timestamp ?? '';
  const held = latest.get(key);
  if (!held || at >= held.at) latest.set(key, { row, at });
}

/**
 * The records of a bare-array metrics file. Non-objects are counted as skipped; a file whose
 * records carry none of `expected` keys is another kind of file (ShapeError).
 */
function records(json: unknown, what: string, expected: string[]): { list: Obj[]; skipped: number } {
  if (isObject(json) && Object.keys(json).length === 0) return { list: [], skipped: 0 };
  if (!Array.isArray(json)) throw new ShapeError(`expected a JSON array of ${what} records`);
  const list = json.filter((r): r is Obj => isObject(r) && Object.keys(r).length > 0);
  const skipped = json.filter((r) => !isObject(r)).length;
  if (list.length > 0 && !list.some((r) => expected.some((k) => k in r))) {
    throw new ShapeError(`not ${what} records: none has ${expected.join(' or ')} (keys: ${keysOf(list[0] as Obj)})`);
  }
  return { list, skipped };
}

function keysOf(o: Obj): string {
  return Object.keys(o).slice(0, 5).join(', ');
}

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown): string | null {
  return typeof v === 'string' && v.trim() ? v.trim() : null;
}

function positive(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null;
}
