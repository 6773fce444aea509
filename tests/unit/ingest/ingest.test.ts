import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { beforeEach, describe, expect, it } from 'vitest';
import { Db } from '../../../src/db/db';
import { openMemoryDb } from '../../../src/db/node';
import { SCHEMA_VERSION } from '../../../src/db/migrate';
import { dbSummary } from '../../../src/db/queries';
import { ingestFiles, type FitDecoder } from '../../../src/ingest/ingest';
import { decodeFit } from '../../../src/ingest/fit';
import { prepareFits, readFitJobs, type FitPreparer } from '../../../src/ingest/prepareFit';
import { InflateBudget, ZIP_LIMITS } from '../../../src/ingest/zip';
import { encodeFit } from './encodeFit';
import type { IngestProgress } from '../../../src/database';

const SAMPLES = new URL('../../fixtures/garmin-export-samples/', import.meta.url);
const FIT = new URL('../../fixtures/real-fit/', import.meta.url);
const sample = (path: string) => new Uint8Array(readFileSync(new URL(path, SAMPLES)));
const fit = (name: string) => new Uint8Array(readFileSync(new URL(name, FIT)));

function file(name: string, bytes: Uint8Array | string): File {
  return new File([typeof bytes === 'string' ? bytes : (bytes as Uint8Array<ArrayBuffer>)], name);
}

async function zip(members: Record<string, Uint8Array | string>): Promise<Uint8Array> {
  const z = new JSZip();
  for (const [path, data] of Object.entries(members)) z.file(path, data, { date: new Date('2026-01-01T00:00:00Z') });
  return z.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** The real 2025 export fragment (5 summaries, a re-packed UploadedFiles part), under a UUID folder. */
async function accountExport2025(): Promise<File> {
  const root = '0d9f3c1e-5b2a-4c1e-9a77-2f3b4c5d6e7f_1/DI_CONNECT';
  return file('export-2025.zip', await zip({
    [`${root}/DI-Connect-Fitness/user@example.com_0_summarizedActivities.json`]: sample('full-export-2025-uploadedfiles/DI_CONNECT/DI-Connect-Fitness/user@example.com_0_summarizedActivities.json'),
    [`${root}/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip`]: sample('full-export-2025-uploadedfiles/DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip'),
    [`${root}/DI-Connect-Fitness/user@example.com_gear.json`]: '[{"gearDTOS":[]}]',
  }));
}

type ActivityRow = { garmin_activity_id: number; sport: string; distance_m: number; timer_s: number; elapsed_s: number; avg_speed_mps: number; calories_kcal: number; avg_cadence_spm: number; local_date: string; start_utc: string; utc_offset_s: number; source: string };

let db: Db;
beforeEach(async () => {
  db = await openMemoryDb();
});

describe('account export (real 2025 fragment)', () => {
  it('stores every summary, links FITs by start time, ignores monitoring files', async () => {
    let last: IngestProgress | undefined;
    const report = await ingestFiles(db, [await accountExport2025()], { onProgress: (p) => { last = p; } });
    // A summary and its FIT are one activity found, not two.
    expect(last?.activitiesFound).toBe(5);
    expect(report.activitiesUpdated).toBe(0);
    expect(last?.filesDone).toBe(last?.filesTotal);
    expect(report.state).toBe('done');
    expect(report.activitiesAdded).toBe(5);
    expect(report.fitLinked).toBe(2);
    expect(report.notes.filter((n) => n.status === 'skipped')).toEqual([]);
    // Three of the five members are monitoring_b wellness files: one line for the part, not three.
    expect(report.notes.filter((n) => n.status === 'ignored' && /monitoring/.test(n.reason))).toEqual([{
      file: 'DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip'.replace(/^/, '0d9f3c1e-5b2a-4c1e-9a77-2f3b4c5d6e7f_1/'),
      input: 'export-2025.zip', status: 'ignored', reason: '3 monitoringB FIT files: all-day wellness data, not activities',
      // What the panel shows: not the UUID path, the file as a person knows it.
      name: 'uploaded files, part 1',
    }]);
    const summary = dbSummary(db);
    expect(summary.activities).toBe(5);
    expect(summary.fitLinked).toBe(2);
    // The FITs joined the summaries whose beginTimestamp equals their session start.
    const linked = db.all<{ garmin_activity_id: number }>('SELECT a.garmin_activity_id FROM activities a JOIN samples s ON s.activity_id = a.id ORDER BY 1');
    expect(linked.map((r) => r.garmin_activity_id)).toEqual([17225124552, 17233881781]);
  });

  it('converts Garmin units: cm, ms, cm/ms, kJ, one-leg cadence', async () => {
    await ingestFiles(db, [await accountExport2025()]);
    const a = db.get<ActivityRow>('SELECT * FROM activities WHERE garmin_activity_id = 17225124552') as ActivityRow;
    // distance 523381.98 cm, duration 1983025.02 ms, elapsedDuration 2036062.01 ms (the real record).
    expect(a.distance_m).toBeCloseTo(5233.8198, 3);
    expect(a.timer_s).toBeCloseTo(1983.025, 3);
    expect(a.elapsed_s).toBeCloseTo(2036.062, 3);
    expect(a.avg_cadence_spm).toBeCloseTo(154.515625, 5); // avgDoubleCadence, steps/min
    expect(a.sport).toBe('treadmill_running');
    expect(a.start_utc).toBe('2024-10-07T12:03:44Z');
    // The FIT of the same run agrees to the centimetre (PROVENANCE cross-check).
    const samples = db.get<{ n: number; distance_m: Uint8Array }>('SELECT s.n, s.distance_m FROM samples s JOIN activities a ON a.id = s.activity_id WHERE a.garmin_activity_id = 17225124552');
    const d = new Float32Array(samples?.distance_m.slice().buffer as ArrayBuffer);
    expect(d[d.length - 1]).toBeCloseTo(5233.82, 0);
  });

  it('re-ingesting the same export duplicates nothing and skips known FITs by hash', async () => {
    await ingestFiles(db, [await accountExport2025()]);
    const again = await ingestFiles(db, [await accountExport2025()]);
    expect(again.activitiesAdded).toBe(0);
    expect(again.activitiesUpdated).toBe(5);
    expect(again.fitAlreadyStored).toBe(5);
    expect(dbSummary(db).activities).toBe(5);
    expect(db.value('SELECT count(*) FROM samples')).toBe(2);
    expect(db.value('SELECT count(*) FROM fit_files')).toBe(5);
  });

  it('a loose FIT first, then the export: one activity, summary fields win', async () => {
    const part = await JSZip.loadAsync(sample('full-export-2025-uploadedfiles/DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip'));
    const fitBytes = await part.file('user@example.com_283671510549.fit')?.async('uint8array');
    await ingestFiles(db, [file('run.fit', fitBytes as Uint8Array)]);
    expect(db.get<ActivityRow>('SELECT * FROM activities')?.source).toBe('fit');
    const report = await ingestFiles(db, [await accountExport2025()]);
    expect(report.activitiesAdded).toBe(4);
    const merged = db.get<ActivityRow>('SELECT * FROM activities WHERE garmin_activity_id = 17225124552') as ActivityRow;
    expect(merged.source).toBe('garmin_export');
    expect(dbSummary(db).activities).toBe(5);
  });
});

describe('one activity per recording: what merges and what does not', () => {
  const T = Date.parse('2026-05-02T06:00:00Z');
  const summaryFile = (records: object[]) => file('user@example.com_0_summarizedActivities.json', JSON.stringify([{ summarizedActivitiesExport: records }]));
  const summary = (activityId: number, startMs: number, activityType: string) => ({
    activityId, activityType, beginTimestamp: startMs, startTimeGmt: startMs, startTimeLocal: startMs + 7_200_000, distance: 100_000, duration: 600_000,
  });

  it('two recordings 50 s apart stay two activities, each with its stream and later its summary', async () => {
    const report = await ingestFiles(db, [
      file('false-start.fit', encodeFit(T, { seconds: 40 })),
      file('real-run.fit', encodeFit(T + 50_000, { seconds: 600 })),
    ]);
    expect(report.activitiesAdded).toBe(2);
    expect(db.value('SELECT count(*) FROM samples')).toBe(2);
    await ingestFiles(db, [summaryFile([summary(111, T, 'running'), summary(222, T + 50_000, 'running')])]);
    const rows = db.all<{ garmin_activity_id: number; n: number }>('SELECT a.garmin_activity_id, s.n FROM activities a JOIN samples s ON s.activity_id = a.id ORDER BY a.start_ms');
    expect(rows).toEqual([{ garmin_activity_id: 111, n: 40 }, { garmin_activity_id: 222, n: 600 }]);
  });

  it('an activity re-typed in Connect still joins its FIT: the same start wins over the sport', async () => {
    await ingestFiles(db, [file('ride.fit', encodeFit(T, { sport: 'running', subSport: 'treadmill', seconds: 120 }))]);
    await ingestFiles(db, [summaryFile([summary(333, T, 'indoor_cycling')])]);
    expect(db.all('SELECT garmin_activity_id, sport FROM activities')).toEqual([{ garmin_activity_id: 333, sport: 'indoor_cycling' }]);
  });

  it('a FIT named with digits that are not its activity id still joins its summary', async () => {
    const part = await JSZip.loadAsync(sample('full-export-2025-uploadedfiles/DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip'));
    const fitBytes = await part.file('user@example.com_283671510549.fit')?.async('uint8array');
    await ingestFiles(db, [file('283671510549.fit', fitBytes as Uint8Array)]);
    await ingestFiles(db, [await accountExport2025()]);
    expect(dbSummary(db).activities).toBe(5);
    const row = db.get<{ id: number }>('SELECT id FROM activities WHERE garmin_activity_id = 17225124552');
    expect(db.value('SELECT count(*) FROM samples WHERE activity_id = ?', [row?.id ?? -1])).toBe(1);
    expect(db.value('SELECT count(*) FROM activities WHERE garmin_activity_id = 283671510549')).toBe(0);
  });

  it('two Garmin activities recorded together on two devices stay two', async () => {
    await ingestFiles(db, [summaryFile([summary(444, T, 'running'), summary(555, T + 1000, 'cycling')])]);
    expect(dbSummary(db).activities).toBe(2);
  });

  it('a re-encoded copy of a stored recording is noted, not stored twice', async () => {
    await ingestFiles(db, [file('run.fit', encodeFit(T, { seconds: 300 }))]);
    const copy = await ingestFiles(db, [file('run-copy.fit', encodeFit(T + 1000, { seconds: 299 }))]);
    expect(dbSummary(db).activities).toBe(1);
    expect(copy.notes).toEqual([expect.objectContaining({ file: 'run-copy.fit', status: 'warning', reason: expect.stringMatching(/same recording/) })]);
  });

  it('FIT files of other types with records (a course, say) are not activities', async () => {
    const report = await ingestFiles(db, [file('course.fit', encodeFit(T, { type: 'course', seconds: 100 }))]);
    expect(report.activitiesAdded).toBe(0);
    expect(report.notes[0]?.reason).toMatch(/1 course FIT file: device data, not an activity/);
  });
});

describe('other export shapes', () => {
  it('multisport (2022): legs stored with their parent id, the parent not double counted', async () => {
    const report = await ingestFiles(db, [file('exampleuser_1001_summarizedActivities.json', sample('full-export-2022-multisport/DI_CONNECT/DI-Connect-Fitness/exampleuser_1001_summarizedActivities.json'))]);
    expect(report.activitiesAdded).toBe(6);
    expect(db.value('SELECT count(*) FROM activities WHERE parent_garmin_id = 5595858044')).toBe(5);
    // The 2013 manual-style record has only the basics and is still an activity.
    const manual = db.get<ActivityRow>('SELECT * FROM activities WHERE garmin_activity_id = 266783886') as ActivityRow;
    expect(manual.distance_m).toBe(17000);
  });

  it('local time: startTimeLocal - startTimeGmt gives the offset, including negative ones', async () => {
    await ingestFiles(db, [file('user@example.com_1001_summarizedActivities.json', sample('full-export-2026/DI_CONNECT/DI-Connect-Fitness/user@example.com_1001_summarizedActivities.json'))]);
    const brussels = db.get<ActivityRow>('SELECT * FROM activities WHERE garmin_activity_id = 11196742543') as ActivityRow;
    expect(brussels.utc_offset_s).toBe(7200);
    const west = db.get<ActivityRow>('SELECT * FROM activities WHERE garmin_activity_id = 10788052002') as ActivityRow;
    expect(west.utc_offset_s).toBe(-4 * 3600);
    expect(dbSummary(db).activities).toBe(12);
  });

  it('multisport FITs: every leg (transitions included) is its own activity with its own stream', async () => {
    const names = ['pyfitparse__activity-large-fenxi2-multisport.fit', 'pyfitparse__sample_mulitple_header.fit'];
    const report = await ingestFiles(db, names.map((n) => file(n, fit(n))));
    expect(report.activitiesAdded).toBe(7 + 5);
    expect(db.value("SELECT count(*) FROM activities WHERE sport = 'transition_v2'")).toBeGreaterThanOrEqual(4);
    expect(db.value('SELECT count(*) FROM samples')).toBe(12);
  });

  it('Connect per-activity zips: <id>.fit and <id>_ACTIVITY.fit carry the activity id', async () => {
    const report = await ingestFiles(db, [
      file('4077461142.zip', sample('connect-activity-export/4077461142.zip')),
      file('GarminFR955v18.zip', sample('connect-activity-export/GarminFR955v18.zip')),
    ]);
    expect(report.activitiesAdded).toBe(2);
    expect(db.all<{ garmin_activity_id: number }>('SELECT garmin_activity_id FROM activities ORDER BY 1').map((r) => r.garmin_activity_id)).toEqual([4077461142, 14211916346]);
  });

  it('wellness: sleep (wake-up date, deep+light+rem), daily summaries (2021 Java dates), HR zones', async () => {
    const report = await ingestFiles(db, [
      file('2026-04-10_2026-07-19_12345678_sleepData.json', sample('full-export-2026/DI_CONNECT/DI-Connect-Wellness/2026-04-10_2026-07-19_12345678_sleepData.json')),
      file('UDSFile_2026-04-10_2026-07-19.json', sample('full-export-2026/DI_CONNECT/DI-Connect-Aggregator/UDSFile_2026-04-10_2026-07-19.json')),
      file('UDSFile_2020-08-15_2020-11-23.json', sample('full-export-2021/DI_CONNECT/DI-Connect-User/UDSFile_2020-08-15_2020-11-23.json')),
      file('12345678_heartRateZones.json', sample('full-export-2026/DI_CONNECT/DI-Connect-Wellness/12345678_heartRateZones.json')),
    ]);
    expect(report.notes.filter((n) => n.status === 'skipped')).toEqual([]);
    const night = db.get<{ sleep_s: number; deep_s: number; sleep_start_utc: string }>("SELECT * FROM wellness_daily WHERE date = '2026-04-10'");
    // deep 3720 + light 17280 + rem 600 (the real first night); awake is not sleep.
    expect(night?.sleep_s).toBe(3720 + 17280 + 600);
    expect(night?.sleep_start_utc).toBe('2026-04-09T21:51:00Z');
    expect(db.value("SELECT count(*) FROM wellness_daily WHERE date LIKE '2020-%'")).toBe(2);
    const zones = JSON.parse(String(db.value("SELECT value_json FROM profile WHERE key = 'hr_zones'")));
    expect(zones.floors).toHaveLength(5);
    expect(dbSummary(db).wellnessDays).toBe(report.wellnessDays);
  });
});

describe('bad input: a clear reason per file, nothing else lost', () => {
  async function seeded(): Promise<number> {
    await ingestFiles(db, [await accountExport2025()]);
    return dbSummary(db).activities;
  }

  it('reports each bad file by path and reason while the good ones ingest', async () => {
    const before = await seeded();
    const good = fit('pyfitparse__garmin-fenix-5-run.fit');
    const truncatedZip = (await zip({ 'a.fit': good, 'b.json': '[]' })).slice(0, 60);
    const innerNotZip = await zip({ 'DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part2.zip': 'this is not a zip' });
    const emptyZip = await new JSZip().generateAsync({ type: 'uint8array' });
    const report = await ingestFiles(db, [
      file('not-a-zip.zip', 'hello, I am text'),
      file('truncated.zip', truncatedZip),
      file('export-bad-part.zip', innerNotZip),
      file('empty.zip', emptyZip),
      file('truncated.fit', good.slice(0, good.length - 40)),
      file('bad-crc.fit', fit('pyfitparse__activity-filecrc.fit')),
      file('cut.json', '[{"summarizedActivitiesExport":[{"activityId":1,'),
      file('unknown_0_summarizedActivities.json', '[{"somethingElse":[1,2,3]}]'),
      file('empty.fit', new Uint8Array(0)),
      file('good-run.fit', good),
    ]);
    const skipped = Object.fromEntries(report.notes.filter((n) => n.status === 'skipped').map((n) => [n.file, n.reason]));
    expect(Object.keys(skipped).sort()).toEqual([
      'DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part2.zip', 'bad-crc.fit', 'cut.json', 'empty.fit', 'empty.zip',
      'not-a-zip.zip', 'truncated.fit', 'truncated.zip', 'unknown_0_summarizedActivities.json',
    ]);
    expect(skipped['not-a-zip.zip']).toMatch(/not a file fitbook reads/);
    expect(skipped['truncated.zip']).toMatch(/not a readable zip.*truncated or corrupted/);
    expect(skipped['DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part2.zip']).toMatch(/not a readable zip/);
    // Paths are inside what was dropped; the dropped file is named alongside.
    expect(report.notes.find((n) => n.file.endsWith('Part2.zip'))?.input).toBe('export-bad-part.zip');
    expect(skipped['empty.zip']).toMatch(/the zip is empty/);
    expect(skipped['truncated.fit']).toMatch(/truncated|corrupted/);
    expect(skipped['bad-crc.fit']).toMatch(/CRC/);
    expect(skipped['cut.json']).toMatch(/not valid JSON, cut short/);
    expect(skipped['unknown_0_summarizedActivities.json']).toMatch(/unknown record shape/);
    expect(skipped['empty.fit']).toMatch(/empty/);
    expect(report.state).toBe('done');
    expect(report.activitiesAdded).toBe(1);
    expect(dbSummary(db).activities).toBe(before + 1);
  });

  it('an input that cannot be read (a dropped folder) is named; the others still import', async () => {
    const unreadable = {
      name: 'DI_CONNECT', size: 0,
      slice: () => new Blob([]),
      arrayBuffer: () => Promise.reject(new DOMException('A requested file or directory could not be found', 'NotFoundError')),
    };
    unreadable.slice = () => ({ arrayBuffer: unreadable.arrayBuffer }) as unknown as Blob;
    const report = await ingestFiles(db, [unreadable as unknown as File, file('run.fit', fit('pyfitparse__garmin-fenix-5-run.fit'))]);
    expect(report.state).toBe('done');
    expect(report.activitiesAdded).toBe(1);
    expect(report.notes).toEqual([expect.objectContaining({ file: 'DI_CONNECT', status: 'skipped', reason: expect.stringMatching(/could not be read.*not a folder/) })]);
  });

  it('a file that stops being readable mid-import is named in fitbook\'s words, not the browser\'s', async () => {
    const good = fit('pyfitparse__garmin-fenix-5-run.fit');
    // The first bytes were read (to see it is a FIT); then the file went away.
    const gone = () => Promise.reject(new DOMException('The requested file could not be read, typically due to permission problems that have occurred after a reference to a file was acquired.', 'NotReadableError'));
    const vanishing = {
      name: 'moved-away.fit', size: good.length,
      slice: (start = 0, end = good.length) => (end <= 16 ? new Blob([good.slice(start, end)]) : { arrayBuffer: gone, size: end - start }),
      arrayBuffer: gone,
    };
    const report = await ingestFiles(db, [vanishing as unknown as File, file('run.fit', fit('pyfitparse__garmin-fenix-5-bike.fit'))]);
    expect(report.activitiesAdded).toBe(1);
    const note = report.notes.find((n) => n.file === 'moved-away.fit');
    expect(note?.reason).toMatch(/moved, changed or deleted after it was dropped/);
    expect(note?.reason).not.toMatch(/permission problems/);
  });

  it('an empty summary file ({}) is empty, not an error', async () => {
    const report = await ingestFiles(db, [file('user@example.com_0_summarizedActivities.json', '{}')]);
    expect(report.notes).toEqual([]);
  });

  it('a nested export part bigger than the per-file cap is still opened (it has its own cap)', async () => {
    const budget = new InflateBudget({ ...ZIP_LIMITS, maxEntryBytes: 1 << 20 });
    // Incompressible padding from xorshift32, so the part really is over the cap.
    let x = 2463534242;
    const noise = Uint8Array.from({ length: 2 << 20 }, () => {
      x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
      return x & 0xff;
    });
    const part = await zip({ 'user@example.com_1.fit': fit('pyfitparse__garmin-fenix-5-run.fit'), 'padding.bin': noise });
    const report = await ingestFiles(db, [file('export.zip', await zip({ 'DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip': part }))], { budget });
    expect(part.length).toBeGreaterThan(1 << 20);
    expect(report.notes.filter((n) => n.status === 'skipped')).toEqual([]);
    expect(report.activitiesAdded).toBe(1);
  });

  it('decompression bombs are refused before inflating (declared size) and while inflating (lying header)', async () => {
    const budget = new InflateBudget({ ...ZIP_LIMITS, maxEntryBytes: 1 << 20, ratioFloorBytes: 1 << 16 });
    const zeros = new Uint8Array(4 << 20);
    const honest = await zip({ 'big.fit': zeros });
    const liar = await zip({ 'small.fit': zeros });
    // Rewrite the declared uncompressed size (central directory +24, local header +22) to 1 KB.
    const view = new DataView(liar.buffer);
    for (let i = 0; i + 4 < liar.length; i++) {
      const sig = view.getUint32(i, true);
      if (sig === 0x02014b50) view.setUint32(i + 24, 1024, true);
      if (sig === 0x04034b50) view.setUint32(i + 22, 1024, true);
    }
    const report = await ingestFiles(db, [file('bomb.zip', honest), file('liar.zip', liar)], { budget });
    const reasons = Object.fromEntries(report.notes.map((n) => [n.file, n.reason]));
    expect(reasons['big.fit']).toMatch(/decompression bomb/);
    expect(reasons['small.fit']).toMatch(/past the size its header declares/);
    expect(budget.usedBytes).toBeLessThan(1 << 20);
  });

  it('cancelling mid-way keeps whole files only and records the ingest as cancelled', async () => {
    const controller = new AbortController();
    const files = ['sportslib__6916663933.fit', 'sportslib__6910052863.fit', 'gc__Move_2019_03_17_10_24_32_Running.fit', 'pyfitparse__developer-types-sample.fit']
      .map((n) => file(n, fit(n)));
    // The user cancels while the third file is being decoded.
    let decoded = 0;
    const cancelOnThird: FitDecoder = async (bytes, opts) => {
      if (++decoded === 3) controller.abort();
      return decodeFit(bytes, opts);
    };
    const report = await ingestFiles(db, files, { signal: controller.signal, batchMs: 0, decodeFit: cancelOnThird });
    expect(report.state).toBe('cancelled');
    const stored = Number(db.value('SELECT count(*) FROM activities'));
    expect(stored).toBe(2);
    // Every stored activity is whole: its stream and its FIT record are there.
    expect(db.value('SELECT count(*) FROM samples')).toBe(stored);
    expect(db.value('SELECT count(*) FROM fit_files')).toBe(stored);
    expect(db.value("SELECT state FROM ingests ORDER BY id DESC LIMIT 1")).toBe('cancelled');
  });
});

describe('decoding ahead on a pool', () => {
  it('writes in file order even when decodes finish out of order, with the same result', async () => {
    const names = ['sportslib__6916663933.fit', 'gc__4077461142.fit', 'pyfitparse__garmin-fenix-5-run.fit', 'sportslib__6860622783.fit', 'pyfitparse__activity-filecrc.fit'];
    // Earlier files take longer: a pool would hand their results back last.
    let calls = 0;
    const slowFirst: FitDecoder = async (bytes, opts) => {
      const delay = 40 - 8 * calls++;
      await new Promise((r) => setTimeout(r, delay));
      return decodeFit(bytes, opts);
    };
    const report = await ingestFiles(db, names.map((n) => file(n, fit(n))), { decodeFit: slowFirst, parallel: 4 });
    expect(report.activitiesAdded).toBe(4);
    expect(report.notes.map((n) => n.file)).toEqual(['pyfitparse__activity-filecrc.fit']);
    // ids follow file order: the pipeline wrote them one by one, in order.
    const starts = db.all<{ id: number; start_utc: string }>('SELECT id, start_utc FROM activities ORDER BY id').map((r) => r.start_utc);
    const sequential = await openMemoryDb();
    await ingestFiles(sequential, names.map((n) => file(n, fit(n))));
    expect(starts).toEqual(sequential.all<{ start_utc: string }>('SELECT start_utc FROM activities ORDER BY id').map((r) => r.start_utc));
  });
});

describe('FIT files in batches', () => {
  it('are sent in batches of the size asked, written in file order; a damaged file in a batch fails alone', async () => {
    const names = ['sportslib__6916663933.fit', 'gc__4077461142.fit', 'pyfitparse__garmin-fenix-5-run.fit', 'sportslib__6860622783.fit', 'sportslib__6910052863.fit'];
    const good = names.map((n) => file(n, fit(n)));
    const whole = fit('gc__Move_2019_03_17_10_24_32_Running.fit');
    // A download cut short, in the middle of the second batch.
    const files = [...good.slice(0, 4), file('cut-short.fit', whole.subarray(0, Math.floor(whole.length / 2))), good[4] as File];
    const batches: string[][] = [];
    const fitPreparer = (known: ReadonlySet<string>): FitPreparer => async (jobs) => {
      batches.push(jobs.map((j) => (j.source.blob as File).name));
      return prepareFits(await readFitJobs(jobs), known);
    };
    const report = await ingestFiles(db, files, { fitPreparer, fitBatch: { files: 3, bytes: Infinity }, parallel: 2 });
    expect(batches).toEqual([files.slice(0, 3).map((f) => f.name), files.slice(3).map((f) => f.name)]);
    expect(report.activitiesAdded).toBe(5);
    expect(report.notes).toEqual([expect.objectContaining({ file: 'cut-short.fit', status: 'skipped', reason: expect.stringMatching(/cut short|truncated|ends before/i) })]);
    const sequential = await openMemoryDb();
    await ingestFiles(sequential, good);
    const starts = (d: Db) => d.all<{ start_utc: string }>('SELECT start_utc FROM activities ORDER BY id').map((r) => r.start_utc);
    expect(starts(db)).toEqual(starts(sequential));
    expect(db.value('SELECT count(*) FROM samples')).toBe(sequential.value('SELECT count(*) FROM samples'));
  });
});

describe('a stored UploadedFiles part', () => {
  it('is listed up front: the progress knows every file from the start, and its FITs are decoded while the summaries are written', async () => {
    const root = 'f00d/DI_CONNECT';
    const z = new JSZip();
    z.file(`${root}/DI-Connect-Fitness/user@example.com_0_summarizedActivities.json`, sample('full-export-2025-uploadedfiles/DI_CONNECT/DI-Connect-Fitness/user@example.com_0_summarizedActivities.json'));
    z.file(`${root}/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip`, sample('full-export-2025-uploadedfiles/DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip'), { compression: 'STORE' });
    const exported = file('export.zip', await z.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
    const totals = new Set<number>();
    const storedWhenDecoding: number[] = [];
    const fitPreparer = (known: ReadonlySet<string>): FitPreparer => async (jobs) => {
      storedWhenDecoding.push(Number(db.value('SELECT count(*) FROM activities')));
      return prepareFits(await readFitJobs(jobs), known);
    };
    let last: IngestProgress | undefined;
    const report = await ingestFiles(db, [exported], { fitPreparer, onProgress: (p) => { totals.add(p.filesTotal); last = p; } });
    expect(report.activitiesAdded).toBe(5);
    expect(report.fitLinked).toBe(2);
    // The summary file and the part's five FIT members: known from the first progress event on.
    expect([...totals]).toEqual([6]);
    expect(last?.filesDone).toBe(6);
    // The first FIT went to the decoder before the summaries were stored.
    expect(storedWhenDecoding[0]).toBe(0);
  });
});

describe('a full disk', () => {
  it('stops with a clear message, names the files not stored, keeps everything stored before', async () => {
    await ingestFiles(db, [await accountExport2025()]);
    const before = dbSummary(db).activities;
    // A real SQLITE_FULL: cap the database at its current size plus a few pages.
    const pages = Number(db.value('PRAGMA page_count'));
    db.run(`PRAGMA max_page_count = ${pages + 8}`);
    const names = ['sportslib__6916663933.fit', 'sportslib__6910052863.fit', 'gc__Move_2019_03_17_10_24_32_Running.fit'];
    const report = await ingestFiles(db, names.map((n) => file(n, fit(n))));
    expect(report.state).toBe('error');
    expect(report.message).toMatch(/storage is full.*everything stored before is intact/);
    const notStored = report.notes.filter((n) => n.status === 'skipped').map((n) => n.file);
    expect(notStored.length).toBeGreaterThan(0);
    // What was there before is untouched, and nothing half-written remains.
    db.run('PRAGMA max_page_count = 1073741823');
    expect(dbSummary(db).activities).toBe(before + (names.length - notStored.length));
    expect(db.value('SELECT count(*) FROM activities a WHERE NOT EXISTS (SELECT 1 FROM samples s WHERE s.activity_id = a.id) AND a.source = \'fit\'')).toBe(0);
    // After freeing space, the same files import.
    const retry = await ingestFiles(db, names.map((n) => file(n, fit(n))));
    expect(retry.state).toBe('done');
    expect(dbSummary(db).activities).toBe(before + names.length);
  });
});

describe('SQLite rolls back the whole transaction on a storage error', () => {
  /** Like OPFS running out of quota during a cache spill: SQLITE_FULL after an automatic rollback. */
  class FullAfter extends Db {
    private samples = 0;
    constructor(inner: Db, private readonly failAt: number) {
      super(inner.raw, inner.sqlite3);
    }
    override run(sql: string, bind?: Parameters<Db['run']>[1]): void {
      if (sql.includes('INTO samples') && ++this.samples === this.failAt) {
        this.raw.exec('ROLLBACK');
        throw new Error('SQLITE_FULL: sqlite3 result code 13: database or disk is full');
      }
      super.run(sql, bind);
    }
  }

  it('reports storage full, names what was not stored, and counts only what is in the database', async () => {
    const names = ['sportslib__6916663933.fit', 'gc__4077461142.fit', 'pyfitparse__garmin-fenix-5-run.fit', 'sportslib__6860622783.fit'];
    const full = new FullAfter(db, 3);
    // Commit after every file, so the first two are safely stored before the failure.
    const report = await ingestFiles(full, names.map((n) => file(n, fit(n))), { batchMs: 0 });
    expect(report.state).toBe('error');
    expect(report.message).toMatch(/storage is full/);
    const stored = Number(db.value('SELECT count(*) FROM activities'));
    expect(stored).toBe(2);
    expect(report.activitiesAdded).toBe(stored);
    expect(report.fitLinked).toBe(stored);
    expect(report.notes.filter((n) => n.status === 'skipped').map((n) => n.file).sort()).toEqual(names.slice(2).sort());
    expect(db.value('SELECT count(*) FROM samples')).toBe(stored);
  });
});

describe('a file whose writes fail part-way', () => {
  it('rolls back to its savepoint alone and is not counted in the report', async () => {
    class FailThirdInsert extends Db {
      private inserts = 0;
      override run(sql: string, bind?: Parameters<Db['run']>[1]): void {
        if (sql.includes('INSERT INTO activities') && ++this.inserts === 3) throw new Error('SQLITE_CONSTRAINT: simulated');
        super.run(sql, bind);
      }
    }
    const failing = new FailThirdInsert(db.raw, db.sqlite3);
    const report = await ingestFiles(failing, [
      file('user@example.com_0_summarizedActivities.json', sample('full-export-2025-uploadedfiles/DI_CONNECT/DI-Connect-Fitness/user@example.com_0_summarizedActivities.json')),
    ]);
    expect(report.notes).toEqual([expect.objectContaining({ status: 'skipped', reason: expect.stringMatching(/SQLITE_CONSTRAINT/) })]);
    expect(db.value('SELECT count(*) FROM activities')).toBe(0);
    expect(report.activitiesAdded).toBe(0);
  });
});

describe('the database file', () => {
  it('is created with 64 KiB pages at the current schema version', () => {
    expect(db.value('PRAGMA page_size')).toBe(65536);
    expect(db.value('PRAGMA user_version')).toBe(SCHEMA_VERSION);
  });
});
