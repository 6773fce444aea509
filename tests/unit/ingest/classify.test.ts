import { describe, expect, it } from 'vitest';
import { connectFileName, kindFromName, readableName, sniff } from '../../../src/ingest/classify';
import { calendarDate, gmtString, isoLocal } from '../../../src/ingest/time';
import { sportFamily } from '../../../src/db/store';

describe('kindFromName: discovery by basename anywhere in the tree (garmin-export-format.md §2)', () => {
  it.each([
    ['uuid_1/DI_CONNECT/DI-Connect-Fitness/name_1999@host.co.uk_1001_summarizedActivities.json', 'summarized-activities'],
    ['DI_CONNECT/DI-Connect-Fitness/exampleuser_0_summarizedActivities.json', 'summarized-activities'],
    ['DI_CONNECT/DI-Connect-Wellness/2026-04-10_2026-07-19_12345678_sleepData.json', 'sleep'],
    ['DI_CONNECT/DI-Connect-User/UDSFile_2020-08-15_2020-11-23.json', 'uds'],
    ['DI_CONNECT/DI-Connect-Aggregator/UDSFile_2026-04-10_2026-07-19.json', 'uds'],
    ['x/2025-12-10_2026-03-20_122108862_healthStatusData.json', 'health-status'],
    ['DI_CONNECT/DI-Connect-Wellness/12345678_heartRateZones.json', 'hr-zones'],
    ['DI_CONNECT/DI-Connect-Fitness-Uploaded-Files/UploadedFiles_0-_Part1.zip', 'zip'],
    ['user@example.com_283671510549.fit', 'fit'],
    // Recordings of every format go the FIT path (recording.ts decodes by content).
    ['activities/1234567890.gpx', 'fit'],
    ['activities/1234567890.tcx.gz', 'fit'],
    ['activities/1234567890.fit.gz', 'fit'],
    ['activities/1234567890.GPX.GZ', 'fit'],
    ['DI_CONNECT/DI-Connect-Fitness/user@example.com_gear.json', 'gear'],
    ['DI_CONNECT/DI-Connect-User/profile-image.png', 'other'],
  ])('%s -> %s', (path, kind) => {
    expect(kindFromName(path)).toBe(kind);
  });
});

describe('sniff: content, not extensions', () => {
  it('recognises zip, empty zip, FIT, JSON (with whitespace or BOM), XML, gzip and the rest', () => {
    expect(sniff(new Uint8Array([0x50, 0x4b, 3, 4]))).toBe('zip');
    expect(sniff(new Uint8Array([0x50, 0x4b, 5, 6]))).toBe('zip');
    expect(sniff(new Uint8Array([14, 0x10, 0, 0, 0, 0, 0, 0, 0x2e, 0x46, 0x49, 0x54]))).toBe('fit');
    expect(sniff(new TextEncoder().encode('  \n[{"a":1}]'))).toBe('json');
    expect(sniff(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b]))).toBe('json');
    expect(sniff(new TextEncoder().encode('<gpx>'))).toBe('xml');
    expect(sniff(new Uint8Array([0xef, 0xbb, 0xbf, 0x3c, 0x3f]))).toBe('xml');
    expect(sniff(new Uint8Array([0x1f, 0x8b, 8, 0]))).toBe('gzip');
    expect(sniff(new TextEncoder().encode('hello'))).toBe('unknown');
    expect(sniff(new Uint8Array(0))).toBe('empty');
  });
});

describe('connectFileName', () => {
  it('reads the activity id (and the title) from Connect export names only', () => {
    expect(connectFileName('14211916346_ACTIVITY.fit')).toEqual({ activityId: 14211916346, name: null });
    expect(connectFileName('4077461142.fit')).toEqual({ activityId: 4077461142, name: null });
    expect(connectFileName('zips/12345678901_Morning_Run.fit')).toEqual({ activityId: 12345678901, name: 'Morning Run' });
    // Account-export members carry an upload id after an e-mail or username: not an activity id.
    expect(connectFileName('user@example.com_283671510549.fit')).toBeNull();
    expect(connectFileName('mblennon_283671510549.fit')).toBeNull();
  });
});

describe('time encodings (garmin-export-format.md §11)', () => {
  it('parses calendar dates in all their shapes', () => {
    expect(calendarDate('2026-04-10')).toBe('2026-04-10');
    expect(calendarDate(1784073600000)).toBe('2026-07-15');
    expect(calendarDate({ date: 'Oct 4, 2020 12:00:00 AM' })).toBe('2020-10-04');
    expect(calendarDate({ date: 'Jan 5, 2022' })).toBe('2022-01-05');
    expect(calendarDate('not a date')).toBeNull();
  });

  it('reads zone-less GMT strings as UTC and formats local wall clock', () => {
    expect(gmtString('2026-04-09T21:51:00.0')).toBe('2026-04-09T21:51:00Z');
    // A run starting 23:35 local (UTC+2) belongs to that local day.
    expect(isoLocal(Date.parse('2026-06-13T21:35:00Z'), 7200)).toBe('2026-06-13T23:35:00');
  });
});

describe('sportFamily: what may merge by start time', () => {
  it('keeps legs of a multisport apart and lets walking meet hiking', () => {
    expect(sportFamily('transition_v2')).not.toBe(sportFamily('cycling'));
    expect(sportFamily('walking')).toBe(sportFamily('hiking'));
    expect(sportFamily('treadmill_running')).toBe(sportFamily('running'));
    expect(sportFamily('open_water_swimming')).toBe('swim');
    expect(sportFamily('road_biking')).toBe('bike');
  });
});

describe('readableName: the progress line names files as a person knows them', () => {
  const root = 'd041134d-8c1f-4a7b-9d35-000000000001_1/DI_CONNECT';
  it('drops the export folders and says what each file holds', () => {
    expect(readableName(`${root}/DI-Connect-Fitness/user@example.com_0_summarizedActivities.json`)).toBe('activity summaries');
    expect(readableName(`${root}/DI-Connect-Wellness/2024-01-01_2024-04-10_123_sleepData.json`)).toBe('sleep, 2024-01-01 to 2024-04-10');
    expect(readableName(`${root}/DI-Connect-Aggregator/UDSFile_2024-01-01_2024-04-10.json`)).toBe('daily summaries, 2024-01-01 to 2024-04-10');
    expect(readableName(`${root}/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part2.zip`)).toBe('uploaded files, part 2');
    expect(readableName(`${root}/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part2.zip/user@example.com_98765.fit`)).toBe('uploaded files, part 2: user@example.com_98765.fit');
    expect(readableName('12345678_ACTIVITY.fit')).toBe('12345678_ACTIVITY.fit');
  });
});
