import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { mapGear, mapMaxMet, mapRacePredictions, type GearItem } from '../../../src/ingest/garminMetrics';
import { ShapeError } from '../../../src/ingest/garminSummary';
import { kindFromName } from '../../../src/ingest/classify';
import { generateExport, type Manifest } from '../../../tools/gen-export/generate';

/**
 * VO2max, race predictions and gear from the account export, against real (redacted) samples
 * (tests/fixtures/garmin-export-samples/PROVENANCE.md) and constructed bad input.
 */

/** The kind of these three files (classify.ts), null for any other file. */
const metricsKind = (name: string) => {
  const kind = kindFromName(name);
  return kind === 'vo2max' || kind === 'race-predictions' || kind === 'gear' ? kind : null;
};

const SAMPLES = new URL('../../fixtures/garmin-export-samples/', import.meta.url);
const sample = (path: string): unknown => JSON.parse(readFileSync(new URL(path, SAMPLES), 'utf8'));
const MAXMET_2026 = 'full-export-2026/DI_CONNECT/DI-Connect-Metrics/MetricsMaxMetData_20260406_20260715_12345678.json';
const MAXMET_2020 = 'full-export-2021/DI_CONNECT/DI-Connect-Metrics/MetricsMaxMetData_20200710_20201018_12345678.json';
const PREDICTIONS_2026 = 'full-export-2026/DI_CONNECT/DI-Connect-Metrics/RunRacePredictions_20260715_20261023_12345678.json';
const GEAR_2026 = 'full-export-2026/DI_CONNECT/DI-Connect-Fitness/user@example.com_gear.json';

describe('kindFromName: VO2max, race predictions and gear by base name (garmin-export-format.md §2)', () => {
  it.each([
    ['MetricsMaxMetData_20260406_20260715_12345678.json', 'maxmet'],
    ['MetricsMaxMetData_20200710_20201018_87266912.json', 'maxmet'],
    ['RunRacePredictions_20260715_20261023_12345678.json', 'race-predictions'],
    ['user@example.com_gear.json', 'gear'],
    // Owner prefixes can hold '_' and digits; 2022 exports use the username.
    ['name_1999@host.co.uk_gear.json', 'gear'],
    ['exampleuser_gear.json', 'gear'],
    ['d041134d/DI_CONNECT/DI-Connect-Metrics/RunRacePredictions_20260715_20261023_12345678.json', 'race-predictions'],
    ['ActivityVo2Max_20190910_20191219_12345678.json', null],
    ['MetricsAcuteTrainingLoad_20260715_20261023_12345678.json', null],
    ['MetricsMaxMetData_2026_20260715_12345678.json', null],
    ['MetricsMaxMetData_20260406_20260715_12345678.json.bak', null],
    ['user@example.com_personalRecord.json', null],
    ['_gear.json', null],
    ['user@example.com_gear.csv', null],
  ])('%s -> %s', (name, kind) => {
    expect(metricsKind(name)).toBe(kind === 'maxmet' ? 'vo2max' : kind);
  });
});

describe('mapMaxMet', () => {
  it('reads the real 2026 file: one point per day and sport, walking kept as its own sport', () => {
    // The file: 2026-04-13 WALKING twice (10:58 and 20:46, both 48.0), 2026-04-14 RUNNING 48.0,
    // 2026-05-14 WALKING 48.0; no fitnessAge in 2026 files.
    expect(mapMaxMet(sample(MAXMET_2026))).toEqual({
      points: [
        { date: '2026-04-13', sport: 'walking', vo2max: 48, fitnessAge: null },
        { date: '2026-04-14', sport: 'running', vo2max: 48, fitnessAge: null },
        { date: '2026-05-14', sport: 'walking', vo2max: 48, fitnessAge: null },
      ],
      skipped: 0,
    });
  });

  it('reads the real 2020 file: fitnessAge "20" as a number, the record without a sport skipped', () => {
    // First record (2020-07-10, vo2MaxValue 50.0) has no sport key; then RUNNING 50.0 and 49.0.
    expect(mapMaxMet(sample(MAXMET_2020))).toEqual({
      points: [
        { date: '2020-07-12', sport: 'running', vo2max: 50, fitnessAge: 20 },
        { date: '2020-07-19', sport: 'running', vo2max: 49, fitnessAge: 20 },
      ],
      skipped: 1,
    });
  });

  it('keeps the latest updateTimestamp of a day and sport, whatever the order in the file', () => {
    const rec = (updateTimestamp: string | undefined, vo2MaxValue: number, sport = 'RUNNING') =>
      ({ calendarDate: '2026-04-14', updateTimestamp, sport, subSport: 'GENERIC', vo2MaxValue, maxMet: vo2MaxValue / 3.5 });
    const { points } = mapMaxMet([rec('2026-04-14T20:00:00.0', 51), rec('2026-04-14T08:00:00.0', 49), rec('2026-04-14T09:00:00.0', 55, 'CYCLING')]);
    expect(points).toEqual([
      { date: '2026-04-14', sport: 'cycling', vo2max: 55, fitnessAge: null },
      { date: '2026-04-14', sport: 'running', vo2max: 51, fitnessAge: null },
    ]);
    // Same timestamp (or none): the later record in the file wins; a timestamped one beats one without.
    expect(mapMaxMet([rec('2026-04-14T08:00:00.0', 49), rec('2026-04-14T08:00:00.0', 50)]).points[0]?.vo2max).toBe(50);
    expect(mapMaxMet([rec('2026-04-14T08:00:00.0', 49), rec(undefined, 50)]).points[0]?.vo2max).toBe(49);
  });

  it('skips and counts records without a date, a finite positive vo2max or a sport', () => {
    const good = { calendarDate: '2026-04-14', sport: 'RUNNING', vo2MaxValue: 48.0, fitnessAge: 33 };
    const result = mapMaxMet([
      good,
      { ...good, calendarDate: undefined },
      { ...good, calendarDate: 'yesterday' },
      { ...good, calendarDate: '2026-04-15', vo2MaxValue: 0 },
      { ...good, calendarDate: '2026-04-16', vo2MaxValue: -3 },
      { ...good, calendarDate: '2026-04-17', vo2MaxValue: '48' },
      { ...good, calendarDate: '2026-04-18', vo2MaxValue: null },
      { ...good, calendarDate: '2026-04-19', sport: 7 },
      'not a record',
      { ...good, calendarDate: '2026-04-20', fitnessAge: 'unknown' },
    ]);
    expect(result.points).toEqual([
      { date: '2026-04-14', sport: 'running', vo2max: 48, fitnessAge: 33 },
      { date: '2026-04-20', sport: 'running', vo2max: 48, fitnessAge: null },
    ]);
    expect(result.skipped).toBe(8);
  });

  it('reads empty files ([], {}, [{}]) as no points', () => {
    for (const empty of [[], {}, [{}]]) expect(mapMaxMet(empty)).toEqual({ points: [], skipped: 0 });
  });

  it('throws ShapeError on another file or a non-array', () => {
    expect(() => mapMaxMet(sample(PREDICTIONS_2026))).toThrow(ShapeError);
    expect(() => mapMaxMet(sample(GEAR_2026))).toThrow(/not VO2max \(MaxMet\) records/);
    expect(() => mapMaxMet({ vo2MaxValue: 48 })).toThrow(ShapeError);
    expect(() => mapMaxMet('48')).toThrow(/expected a JSON array/);
  });

  it('gives the same points for any order of records with distinct timestamps', () => {
    const record = fc.record({
      calendarDate: fc.constantFrom('2026-04-13', '2026-04-14', '2026-04-15'),
      sport: fc.constantFrom('RUNNING', 'CYCLING', 'WALKING'),
      vo2MaxValue: fc.integer({ min: 30, max: 70 }),
    });
    const stamped = fc.array(record, { maxLength: 30 }).map((records) =>
      records.map((r, i) => ({ ...r, updateTimestamp: `2026-04-13T10:${String(i).padStart(2, '0')}:00.0` })));
    const withShuffle = stamped.chain((records) => fc.tuple(fc.constant(records), fc.shuffledSubarray(records, { minLength: records.length, maxLength: records.length })));
    fc.assert(fc.property(withShuffle, ([records, shuffled]) => {
      const result = mapMaxMet(records);
      expect(mapMaxMet(shuffled)).toEqual(result);
      expect(new Set(result.points.map((p) => `${p.date} ${p.sport}`)).size).toBe(result.points.length);
    }));
  });
});

describe('mapRacePredictions', () => {
  it('reads the real 2026 file: four updates on 2026-07-15, the latest (18:20:16) wins', () => {
    // Timestamps 2026-07-14T22:01 (GMT; still the local 15th), 05:05, 10:58, 18:20; the last says
    // 5K 1010 s (16:50), 10K 2159 s, half 4878 s (1:21:18), marathon 10850 s (3:00:50).
    expect(mapRacePredictions(sample(PREDICTIONS_2026))).toEqual({
      predictions: [{ date: '2026-07-15', fiveKS: 1010, tenKS: 2159, halfS: 4878, marathonS: 10850 }],
      skipped: 0,
    });
  });

  it('dates by calendarDate, else by the timestamp\'s GMT date; latest timestamp wins, not file order', () => {
    const result = mapRacePredictions([
      { calendarDate: '2026-07-16', timestamp: '2026-07-16T18:00:00.0', raceTime5K: 1000, raceTime10K: 2100, raceTimeHalf: 4800, raceTimeMarathon: 10700 },
      { calendarDate: '2026-07-16', timestamp: '2026-07-16T06:00:00.0', raceTime5K: 1100, raceTime10K: 2200, raceTimeHalf: 4900, raceTimeMarathon: 10800 },
      { timestamp: '2026-07-17T23:30:00.0', raceTime5K: 995, raceTime10K: 0, raceTimeHalf: null, raceTimeMarathon: 'n/a' },
    ]);
    expect(result).toEqual({
      predictions: [
        { date: '2026-07-16', fiveKS: 1000, tenKS: 2100, halfS: 4800, marathonS: 10700 },
        { date: '2026-07-17', fiveKS: 995, tenKS: null, halfS: null, marathonS: null },
      ],
      skipped: 0,
    });
  });

  it('skips and counts records without a date or without any positive race time', () => {
    const result = mapRacePredictions([
      { raceTime5K: 1000 },
      { calendarDate: true, timestamp: 'noon', raceTime5K: 1000 },
      { calendarDate: '2026-07-15', raceTime5K: 0, raceTime10K: -1, raceTimeHalf: '4800', raceTimeMarathon: null },
      { calendarDate: '2026-07-15', raceTime5K: 1200 },
      [1200],
    ]);
    expect(result.predictions).toEqual([{ date: '2026-07-15', fiveKS: 1200, tenKS: null, halfS: null, marathonS: null }]);
    expect(result.skipped).toBe(4);
  });

  it('throws ShapeError on another file or a non-array, reads empty files as nothing', () => {
    expect(() => mapRacePredictions(sample(MAXMET_2026))).toThrow(/not race prediction records/);
    expect(() => mapRacePredictions({ raceTime5K: 1000 })).toThrow(ShapeError);
    for (const empty of [[], {}, [{}]]) expect(mapRacePredictions(empty)).toEqual({ predictions: [], skipped: 0 });
  });
});

describe('mapGear', () => {
  it('reads the real 2026 file: three shoes (two retired), a bike, and the links of the active shoe', () => {
    const { gear, links, skipped } = mapGear(sample(GEAR_2026));
    expect(gear).toEqual([
      // No displayName: the name falls back to customMakeModel (redacted in the sample).
      { uuid: 'cf80f7068d3e40708d362be2fac5a416', gearPk: 44545283, type: 'shoes', name: 'REDACTED', brandModel: 'REDACTED', status: 'active', dateBegin: '2025-07-16', dateEnd: null, maximumMeters: 706000 },
      { uuid: '381fc5d6d3a74583a923c699c0c4911e', gearPk: 36234577, type: 'shoes', name: 'REDACTED', brandModel: 'REDACTED', status: 'retired', dateBegin: '2023-12-01', dateEnd: '2026-03-03', maximumMeters: 643738 },
      { uuid: '6b19bf652b274d2c92d4805e5e370e64', gearPk: 19613094, type: 'shoes', name: 'REDACTED', brandModel: 'REDACTED', status: 'retired', dateBegin: '2017-08-09', dateEnd: '2024-09-24', maximumMeters: 654000 },
      { uuid: '8b40047da6f94f48a6b3b30f10704691', gearPk: 19613220, type: 'bike', name: 'REDACTED', brandModel: 'REDACTED', status: 'active', dateBegin: '2018-07-31', dateEnd: null, maximumMeters: 644000 },
    ]);
    // gearActivityDTOs has one key, "44545283", with 8 activities from 22520910472 to 23505802064.
    expect(links).toHaveLength(8);
    expect(links[0]).toEqual({ gearUuid: 'cf80f7068d3e40708d362be2fac5a416', garminActivityId: 22520910472 });
    expect(links[7]).toEqual({ gearUuid: 'cf80f7068d3e40708d362be2fac5a416', garminActivityId: 23505802064 });
    expect(skipped).toBe(0);
  });

  it('names gear by displayName, else customMakeModel, else type and first day', () => {
    const dto = { uuid: 'u1', gearPk: 1, gearTypeName: 'Shoes', gearStatusName: 'active', dateBegin: '2025-07-16' };
    const names = (extra: Record<string, unknown>) => mapGear([{ gearDTOS: [{ ...dto, ...extra }] }]).gear[0]?.name;
    expect(names({ displayName: 'Race flats', customMakeModel: 'Brand X' })).toBe('Race flats');
    expect(names({ displayName: '  ', customMakeModel: 'Brand X' })).toBe('Brand X');
    expect(names({})).toBe('shoes 2025-07-16');
    expect(names({ gearTypeName: 'Kayak', dateBegin: undefined })).toBe('other');
  });

  it('reads odd fields as null or defaults, and counts gear and links it cannot use', () => {
    const { gear, links, skipped } = mapGear([{
      gearDTOS: [
        { uuid: 'a', gearPk: 10, gearTypeName: 'BIKE', maximumMeters: 0.0, dateBegin: 'soon', retiredDate: '2024-01-02' },
        { gearPk: 11, gearTypeName: 'Shoes' },
        'not gear',
      ],
      gearActivityDTOs: {
        10: [{ gearPk: 10, activityId: 20_000_000_001 }, { gearPk: 10, activityId: 20_000_000_001 }, { activityId: 20_000_000_002 }],
        11: [{ gearPk: 11, activityId: 20_000_000_003 }],
        12: [{ gearPk: 10, activityId: '20000000004' }, { gearPk: 10, activityId: -5 }, { gearPk: 10, activityId: 1.5 }],
      },
    }]);
    expect(gear).toEqual([
      // No gearStatusName: an end date means retired.
      { uuid: 'a', gearPk: 10, type: 'bike', name: 'bike', brandModel: null, status: 'retired', dateBegin: null, dateEnd: '2024-01-02', maximumMeters: null },
    ]);
    // The duplicate link is kept once; the link without gearPk takes it from its key.
    expect(links).toEqual([
      { gearUuid: 'a', garminActivityId: 20_000_000_001 },
      { gearUuid: 'a', garminActivityId: 20_000_000_002 },
    ]);
    // 2 gear (no uuid, not an object) + 1 link to unknown gear 11 + 3 bad activity ids.
    expect(skipped).toBe(6);
  });

  it('reads empty files as nothing and throws ShapeError on unknown shapes', () => {
    for (const empty of [[], {}, [{}], [{ gearDTOS: [] }]]) expect(mapGear(empty)).toEqual({ gear: [], links: [], skipped: 0 });
    expect(() => mapGear({ gearDTOS: [] })).toThrow(/expected a JSON array/);
    expect(() => mapGear([1])).toThrow(ShapeError);
    expect(() => mapGear(sample(MAXMET_2026))).toThrow(/unknown gear shape \(keys: userProfilePK/);
    expect(() => mapGear([{ gearDTOS: {} }])).toThrow(/gearDTOS is not a list/);
    expect(() => mapGear([{ gearDTOS: [], gearActivityDTOs: [] }])).toThrow(/gearActivityDTOs is not an object/);
    expect(() => mapGear([{ gearActivityDTOs: { 1: { activityId: 2 } } }])).toThrow(/gearActivityDTOs\["1"\] is not a list/);
  });
});

describe('the generated export (tools/gen-export) reads back through these mappers', () => {
  type Summary = { activityId: number; activityType: string; startTimeLocal: number; vO2MaxValue?: number };
  let manifest: Manifest;
  let files: Map<string, unknown>;
  let summaries: Summary[];

  beforeAll(async () => {
    // Four weeks across the end of summer time, as the generator's own test.
    const generated = await generateExport({ seed: 7, weeks: 4, endDate: '2026-11-08' });
    manifest = generated.manifest;
    const zip = await JSZip.loadAsync(generated.accountZip);
    files = new Map();
    summaries = [];
    for (const [path, entry] of Object.entries(zip.files)) {
      if (metricsKind(path)) files.set(path, JSON.parse(await entry.async('string')));
      if (/_summarizedActivities\.json$/.test(path)) {
        const chunk = JSON.parse(await entry.async('string')) as { summarizedActivitiesExport: Summary[] }[];
        summaries.push(...chunk.flatMap((c) => c.summarizedActivitiesExport));
      }
    }
  }, 60_000);

  const localDate = (s: Summary) => new Date(s.startTimeLocal).toISOString().slice(0, 10);
  const ofKind = (kind: string) => [...files].filter(([path]) => metricsKind(path) === kind).map(([, json]) => json);

  it('writes the files and records the manifest lists', () => {
    expect([...files.keys()].filter((p) => metricsKind(p) === 'vo2max')).toEqual(manifest.account.metrics.maxMetFiles);
    expect([...files.keys()].filter((p) => metricsKind(p) === 'race-predictions')).toEqual(manifest.account.metrics.racePredictionFiles);
    const points = ofKind('vo2max').map((json) => mapMaxMet(json));
    const predictions = ofKind('race-predictions').map((json) => mapRacePredictions(json));
    expect(points.flatMap((r) => r.points)).toHaveLength(manifest.account.metrics.vo2maxRecords);
    expect(predictions.flatMap((r) => r.predictions)).toHaveLength(manifest.account.metrics.racePredictionRecords);
    expect([...points, ...predictions].every((r) => r.skipped === 0)).toBe(true);
    // 4 weeks, each with outdoor runs: one VO2max update a week.
    expect(manifest.account.metrics.vo2maxRecords).toBe(4);
  });

  it('gives each week the VO2max of that day\'s run summary, and predictions that slow with distance', () => {
    const points = ofKind('vo2max').flatMap((json) => mapMaxMet(json).points);
    for (const p of points) {
      expect(p.sport).toBe('running');
      const runs = summaries.filter((s) => localDate(s) === p.date && s.vO2MaxValue !== undefined);
      expect(runs.map((s) => s.vO2MaxValue)).toContain(p.vo2max);
    }
    for (const p of ofKind('race-predictions').flatMap((json) => mapRacePredictions(json).predictions)) {
      expect(points.map((v) => v.date)).toContain(p.date);
      const [five, ten, half, marathon] = [p.fiveKS, p.tenKS, p.halfS, p.marathonS].map(Number) as [number, number, number, number];
      // VDOT ~48: 5 km in 19-23 min, and each longer race at a slower pace than the shorter one.
      expect(five).toBeGreaterThan(19 * 60);
      expect(five).toBeLessThan(23 * 60);
      expect(ten / 10_000).toBeGreaterThan(five / 5_000);
      expect(half / 21_097.5).toBeGreaterThan(ten / 10_000);
      expect(marathon / 42_195).toBeGreaterThan(half / 21_097.5);
    }
  });

  it('links every run to the one shoe in use on its date and every ride to the bike', () => {
    const [json] = ofKind('gear');
    const { gear, links, skipped } = mapGear(json);
    expect(skipped).toBe(0);
    expect(gear.map((g) => ({ uuid: g.uuid, name: g.name, type: g.type, status: g.status }))).toEqual(
      manifest.account.gear.map((g) => ({ uuid: g.uuid, name: g.name, type: g.type, status: g.status })));
    expect(gear.filter((g) => g.type === 'shoes').length).toBeGreaterThanOrEqual(2);
    expect(gear.filter((g) => g.type === 'shoes' && g.status === 'retired')).toHaveLength(1);
    const byUuid = new Map(gear.map((g) => [g.uuid, g]));
    const gearOf = new Map<number, GearItem[]>();
    for (const l of links) gearOf.set(l.garminActivityId, [...(gearOf.get(l.garminActivityId) ?? []), byUuid.get(l.gearUuid) as GearItem]);
    const runs = summaries.filter((s) => ['running', 'trail_running', 'treadmill_running'].includes(s.activityType));
    expect(runs.length).toBeGreaterThan(0);
    for (const run of runs) {
      const shoes = gearOf.get(run.activityId) ?? [];
      expect(shoes.map((g) => g.type), `run ${run.activityId}`).toEqual(['shoes']);
      const shoe = shoes[0] as GearItem;
      // In use from dateBegin up to (not on) dateEnd: the new pair takes over on the day the old one retires.
      expect(shoe.dateBegin !== null && shoe.dateBegin <= localDate(run)).toBe(true);
      if (shoe.dateEnd !== null) expect(localDate(run) < shoe.dateEnd).toBe(true);
    }
    for (const ride of summaries.filter((s) => s.activityType === 'cycling')) expect(gearOf.get(ride.activityId)?.map((g) => g.type)).toEqual(['bike']);
    expect(links).toHaveLength(manifest.account.gear.reduce((a, g) => a + g.activities, 0));
  });
});
