import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeFit, explainFitError, type FitResult } from '../../../src/ingest/fit';

const DIR = new URL('../../fixtures/real-fit/', import.meta.url);
const read = (name: string) => new Uint8Array(readFileSync(new URL(name, DIR)));

type Expect =
  | { activity: string[]; records: number; warning?: RegExp }
  | { rejected: RegExp }
  | { notActivity: string };

/**
 * What ingest must do with every real fixture (real-fit/PROVENANCE.md): store it, with the
 * sessions and record counts the SDK reports, or reject it naming the reason.
 */
const EXPECTED: Record<string, Expect> = {
  'fitparsers__hrv-activity.fit': { activity: ['indoor_cycling'], records: 1072 },
  'garminjs__HrmPluginTestActivity.fit': { activity: ['walking'], records: 310 },
  'garminjs__WithGearChangeData.fit': { activity: ['other'], records: 1979, warning: /no session summary/ },
  'gc__14211916346_ACTIVITY.fit': { activity: ['running'], records: 6743 },
  'gc__4077461142.fit': { activity: ['trail_running'], records: 4948 },
  'gc__Garmin945swimRRdata.fit': { activity: ['open_water_swimming'], records: 2915 },
  'gc__Karoo-Botley_BW_Swanmore_Wickham-2025-05-09-1238.fit': { activity: ['cycling'], records: 4314 },
  'gc__Move_2019_03_17_10_24_32_Running.fit': { activity: ['running'], records: 6641 },
  // Not compressed timestamps after all: at 22181, after the activity message, the file goes on
  // with the tail of a record (0xf9 reads as a compressed header) and then misaligned records.
  'gpsbabel__lezyne_super_gps-garmin_fit-sample-bad-endian.fit': { rejected: /corrupted or truncated FIT data at byte 22234/ },
  'muktihari__chained_Activity_activity_poolswim.fit': { activity: ['stand_up_paddleboarding', 'lap_swimming'], records: 3625 },
  'muktihari__triathlon_summary_last.fit': { activity: ['open_water_swimming', 'transition_v2', 'cycling', 'transition_v2', 'running'], records: 4043 },
  'pyfitparse__2019-02-17-062644-ELEMNT-297E-195-0.fit': { activity: ['cycling'], records: 13471 },
  'pyfitparse__MonitoringFile.fit': { notActivity: 'monitoringB' },
  'pyfitparse__activity-activity-filecrc.fit': { rejected: /checksum \(CRC\) mismatch at byte 1542/ },
  'pyfitparse__activity-filecrc.fit': { rejected: /checksum \(CRC\) mismatch at byte 771/ },
  'pyfitparse__activity-large-fenxi2-multisport.fit': {
    activity: ['cycling', 'transition_v2', 'running', 'transition_v2', 'cycling', 'transition_v2', 'running'].map(() => expect.any(String)) as string[],
    records: 24239,
  },
  'pyfitparse__activity-settings-corruptheader.fit': { rejected: /chained FIT file at byte 771 has an invalid header/ },
  'pyfitparse__activity-settings-nodata.fit': { rejected: /truncated: the file ends at byte 786/ },
  'pyfitparse__activity-settings.fit': { activity: ['running'], records: 14 },
  'pyfitparse__activity-unexpected-eof.fit': { rejected: /truncated: the file ends at byte 768/ },
  // Decoded now (fitDecode.test.ts checks its 755 records), but the Forerunner 70 never had its
  // clock set: every timestamp is relative to power-on, so there is no date to store it under.
  'pyfitparse__compressed-speed-distance.fit': { rejected: /relative to device power-on/ },
  'pyfitparse__coros-pace-2-cycling-misaligned-fields.fit': { activity: ['cycling'], records: 11272 },
  'pyfitparse__developer-types-sample.fit': { activity: ['running'], records: 3424 },
  'pyfitparse__event_timestamp.fit': { activity: ['lap_swimming'], records: 4376 },
  'pyfitparse__garmin-edge-500-activity.fit': { activity: ['cycling'], records: 10686 },
  'pyfitparse__garmin-edge-820-bike.fit': { activity: ['cycling'], records: 15 },
  'pyfitparse__garmin-fenix-5-bike.fit': { activity: ['cycling'], records: 19 },
  'pyfitparse__garmin-fenix-5-run.fit': { activity: ['running'], records: 21 },
  'pyfitparse__garmin-fenix-5-walk.fit': { activity: ['walking'], records: 17 },
  'pyfitparse__null_compressed_speed_dist.fit': { activity: ['virtual_ride'], records: 1808 },
  'pyfitparse__sample_mulitple_header.fit': { activity: Array(5).fill(expect.any(String)) as string[], records: 1773 },
  'pyfitparse__strava-android-app-201.10-b1218918.fit': { rejected: /corrupted or truncated FIT data at byte 7472/ },
  'sportslib__31-days-activity.fit': { activity: ['cycling'], records: 497, warning: /30\.7 days is a device clock error/ },
  'sportslib__6688025408.fit': { activity: ['lap_swimming'], records: 3964 },
  'sportslib__6860622783.fit': { activity: ['treadmill_running'], records: 3101 },
  'sportslib__6910052863.fit': { activity: ['trail_running'], records: 9543 },
  'sportslib__6916663933.fit': { activity: ['running'], records: 2921 },
  'sportslib__empty-activities.fit': { rejected: /checksum \(CRC\) mismatch at byte 14/ },
  'sportslib__inverted-times.fit': { activity: ['other'], records: 885, warning: /exceeded elapsed time.*swapped/ },
};

function activityOf(result: FitResult) {
  if (result.kind !== 'activity') throw new Error(`expected an activity, got ${JSON.stringify(result)}`);
  return result;
}

describe('every real FIT fixture is stored or rejected with its reason', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.fit')).sort();

  it('covers all fixtures in the folder', () => {
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const file of files) {
    it(file, () => {
      const expected = EXPECTED[file] as Expect;
      const result = decodeFit(read(file));
      if ('rejected' in expected) {
        expect(result.kind).toBe('rejected');
        expect(result.kind === 'rejected' && result.reason).toMatch(expected.rejected);
      } else if ('notActivity' in expected) {
        expect(result).toEqual({ kind: 'not-activity', fitType: expected.notActivity });
      } else {
        const { activities, warnings } = activityOf(result);
        expect(activities.map((a) => a.fields.sport)).toEqual(expected.activity);
        expect(activities.reduce((n, a) => n + (a.samples?.tS.length ?? 0), 0)).toBe(expected.records);
        if (expected.warning) expect(warnings.join('\n')).toMatch(expected.warning);
        else expect(warnings).toEqual([]);
        for (const a of activities) {
          expect(Number.isFinite(a.fields.startMs)).toBe(true);
          expect(a.fields.elapsedS ?? 0).toBeGreaterThanOrEqual((a.fields.timerS ?? 0) - 1);
        }
      }
    });
  }
});

describe('decoded values match what the sources publish', () => {
  it('sportslib 6860622783 (FR945 treadmill): distance, HR, timer, elapsed, no GPS', () => {
    const [a] = activityOf(decodeFit(read('sportslib__6860622783.fit'))).activities;
    expect(a?.fields.distanceM).toBeCloseTo(10630.37, 1);
    expect([a?.fields.avgHr, a?.fields.maxHr]).toEqual([145, 177]);
    expect(Math.round(a?.fields.timerS ?? 0)).toBe(51 * 60 + 38);
    expect(Math.round(a?.fields.elapsedS ?? 0)).toBe(62 * 60 + 44);
    expect(a?.samples?.lat).toBeNull();
    // Both-legs cadence: sports-lib's 82 strides/min average is ~164 steps/min.
    expect(a?.fields.avgCadenceSpm).toBeGreaterThan(160);
    expect(a?.fields.avgCadenceSpm).toBeLessThan(168);
    expect(a?.fields.trainingLoad).toBeCloseTo(59.9069, 3);
  });

  it('sportslib 6916663933 (COROS APEX Pro): distance, HR, power, ascent', () => {
    const [a] = activityOf(decodeFit(read('sportslib__6916663933.fit'))).activities;
    expect(a?.fields.distanceM).toBeCloseTo(10743.64, 1);
    expect([a?.fields.avgHr, a?.fields.maxHr]).toEqual([160, 173]);
    expect(a?.fields.avgPowerW).toBe(332);
    expect(a?.fields.ascentM).toBe(142);
  });

  it('sportslib 6910052863 (Suunto 9 trail): distance and 1817 m of climbing', () => {
    const [a] = activityOf(decodeFit(read('sportslib__6910052863.fit'))).activities;
    // sports-lib publishes 8225 m.
    expect(Math.abs((a?.fields.distanceM ?? 0) - 8225)).toBeLessThan(1);
    expect(a?.fields.ascentM).toBe(1817);
  });

  it('Wahoo ELEMNT: session average speed 5.86 m/s (python-fitparse test_speed)', () => {
    const [a] = activityOf(decodeFit(read('pyfitparse__2019-02-17-062644-ELEMNT-297E-195-0.fit'))).activities;
    expect(a?.fields.avgSpeedMps).toBeCloseTo(5.86, 2);
  });

  it('fenix 5 run: every record equals the python-fitparse CSV row (HR, speed, distance, position)', () => {
    const [a] = activityOf(decodeFit(read('pyfitparse__garmin-fenix-5-run.fit'))).activities;
    const rows = readFileSync(new URL('pyfitparse__garmin-fenix-5-run-records.csv', DIR), 'utf8').trim().split('\n').slice(1);
    const s = a?.samples;
    expect(s?.tS.length).toBe(rows.length);
    const semicircle = 180 / 2 ** 31;
    rows.forEach((line, i) => {
      const [, hr, , speed, distance, lat, lon] = line.split(',').map(Number);
      expect(s?.hr?.[i]).toBe(hr);
      expect(s?.speedMps?.[i]).toBeCloseTo(speed as number, 3);
      expect(s?.distanceM?.[i]).toBeCloseTo(distance as number, 2);
      expect(s?.lat?.[i]).toBeCloseTo((lat as number) * semicircle, 9);
      expect(s?.lon?.[i]).toBeCloseTo((lon as number) * semicircle, 9);
    });
    // First CSV row is 07:34:09 PDT = 14:34:09 UTC, the session start.
    expect(new Date(a?.fields.startMs ?? 0).toISOString()).toBe('2017-06-11T14:34:09.000Z');
  });

  it('Edge 500: 10,686 records with the CSV heart rates in order', () => {
    const [a] = activityOf(decodeFit(read('pyfitparse__garmin-edge-500-activity.fit'))).activities;
    const hrs = readFileSync(new URL('pyfitparse__garmin-edge-500-activity-records.csv', DIR), 'utf8')
      .trim().split('\n').slice(1).map((l) => Number(l.split(',')[1]));
    expect(Array.from(a?.samples?.hr ?? [])).toEqual(hrs);
  });

  it('uses the activity message for the local offset (fenix 6X at 40.6N 23.0E, Greece, in September: EEST, +3 h)', () => {
    const [a] = activityOf(decodeFit(read('gc__4077461142.fit'))).activities;
    expect(a?.fields.startLat).toBeCloseTo(40.63, 2);
    expect(a?.fields.utcOffsetS).toBe(3 * 3600);
  });

  it('multisport: 7 sessions, records split between them by start time', () => {
    const { activities } = activityOf(decodeFit(read('pyfitparse__activity-large-fenxi2-multisport.fit')));
    expect(activities).toHaveLength(7);
    for (let i = 1; i < activities.length; i++) {
      expect(activities[i]?.fields.startMs).toBeGreaterThan(activities[i - 1]?.fields.startMs ?? Infinity);
    }
  });

  it('carries the Connect activity id it is given (per-activity exports)', () => {
    const [a] = activityOf(decodeFit(read('gc__4077461142.fit'), { garminActivityId: 4077461142 })).activities;
    expect(a?.fields.garminActivityId).toBe(4077461142);
    expect(a?.fields.source).toBe('connect_export');
  });
});

describe('explainFitError', () => {
  it('turns SDK messages into reasons a user can act on', () => {
    expect(explainFitError(new Error('FIT Runtime Error at byte 12 CRC error'))).toBe('corrupted: checksum (CRC) mismatch at byte 12');
    expect(explainFitError(new Error('FIT Runtime Error end of stream at byte 99'))).toMatch(/^truncated/);
    expect(explainFitError(new TypeError('boom'))).toMatch(/^the FIT decoder failed on this file \(boom\)/);
  });
});
