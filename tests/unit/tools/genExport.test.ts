import { Decoder, Encoder, Stream } from '@garmin/fitsdk';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { MESG, recordBlock, type ProfileRecordColumn } from '../../../tools/gen-export/fitWriter';
import { generateExport, type GeneratedExport } from '../../../tools/gen-export/generate';
import { HOME } from '../../../tools/gen-export/routes';

/**
 * The synthetic export generator (tools/gen-export): deterministic, its manifest tells the truth
 * about what it wrote, and what it wrote reads back like a real Garmin export.
 */

type Summary = Record<string, unknown> & { activityId: number; beginTimestamp: number; startTimeGmt: number; startTimeLocal: number };
type FitMessages = Record<string, Record<string, unknown>[] | undefined>;

interface Opened {
  paths: string[];
  summaries: Summary[];
  /** FIT members of all UploadedFiles parts. */
  fits: { name: string; bytes: Uint8Array }[];
  sleep: Record<string, unknown>[];
  uds: Record<string, unknown>[];
}

async function openAccount(zipBytes: Uint8Array): Promise<Opened> {
  const outer = await JSZip.loadAsync(zipBytes);
  const out: Opened = { paths: Object.keys(outer.files), summaries: [], fits: [], sleep: [], uds: [] };
  for (const path of out.paths) {
    const entry = outer.files[path];
    if (!entry) continue;
    if (/_\d+_summarizedActivities\.json$/.test(path)) {
      const json = JSON.parse(await entry.async('string')) as { summarizedActivitiesExport: Summary[] }[];
      out.summaries.push(...json.flatMap((x) => x.summarizedActivitiesExport));
    } else if (/sleepData\.json$/.test(path)) out.sleep.push(...(JSON.parse(await entry.async('string')) as Record<string, unknown>[]));
    else if (/UDSFile_.*\.json$/.test(path)) out.uds.push(...(JSON.parse(await entry.async('string')) as Record<string, unknown>[]));
    else if (/UploadedFiles_0-_Part\d+\.zip$/.test(path)) {
      const inner = await JSZip.loadAsync(await entry.async('uint8array'));
      for (const name of Object.keys(inner.files)) out.fits.push({ name, bytes: await (inner.files[name] as JSZip.JSZipObject).async('uint8array') });
    }
  }
  return out;
}

function decode(bytes: Uint8Array): { messages: FitMessages; errors: unknown[]; integrity: boolean } {
  const integrity = new Decoder(Stream.fromByteArray(bytes)).checkIntegrity();
  const { messages, errors } = new Decoder(Stream.fromByteArray(bytes)).read() as unknown as { messages: FitMessages; errors: unknown[] };
  return { messages, errors, integrity };
}

const ms = (v: unknown) => (v instanceof Date ? v.getTime() : NaN);

// Four weeks across the end of summer time (last Sunday of October 2026 = Oct 25).
const OPTIONS = { seed: 7, weeks: 4, endDate: '2026-11-08' };
let gen: GeneratedExport;
let account: Opened;

beforeAll(async () => {
  gen = await generateExport(OPTIONS);
  account = await openAccount(gen.accountZip);
});

describe('determinism', () => {
  it('gives byte-identical zips for the same seed and different ones for another seed', async () => {
    const again = await generateExport(OPTIONS);
    expect(Buffer.from(again.accountZip).equals(Buffer.from(gen.accountZip))).toBe(true);
    expect(Buffer.from(again.connectZip).equals(Buffer.from(gen.connectZip))).toBe(true);
    expect(again.manifest).toEqual(gen.manifest);
    const other = await generateExport({ ...OPTIONS, seed: 8 });
    expect(Buffer.from(other.accountZip).equals(Buffer.from(gen.accountZip))).toBe(false);
    expect(Buffer.from(other.connectZip).equals(Buffer.from(gen.connectZip))).toBe(false);
  });
});

describe('account export layout and manifest', () => {
  it('nests everything under a UUID folder, like some real exports', () => {
    const tops = new Set(account.paths.map((p) => p.split('/')[0]));
    expect(tops.size).toBe(1);
    expect([...tops][0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (const suffix of [
      'DI_CONNECT/DI-Connect-Fitness/runner@example.com_0_summarizedActivities.json',
      'DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip',
      'DI_CONNECT/DI-Connect-Wellness/12345678_heartRateZones.json',
      'DI_CONNECT/DI-Connect-Fitness/runner@example.com_gear.json',
      'DI_CONNECT/DI-Connect-User/user_profile.json',
    ]) expect(account.paths.some((p) => p.endsWith(suffix))).toBe(true);
    expect(account.paths.some((p) => /\/DI-Connect-Aggregator\/UDSFile_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.json$/.test(p))).toBe(true);
    expect(account.paths.some((p) => /\/DI-Connect-Wellness\/\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}_12345678_sleepData\.json$/.test(p))).toBe(true);
  });

  it('counts exactly what is in the zips', () => {
    const m = gen.manifest.account;
    expect(m.activities).toBe(account.summaries.length);
    expect(new Set(account.summaries.map((s) => s.activityId)).size).toBe(account.summaries.length);
    expect(m.fitFiles).toBe(account.fits.length);
    for (const f of account.fits) expect(f.name).toMatch(/^runner@example\.com_\d{12}\.fit$/);
    const types = account.fits.map((f) => decode(f.bytes).messages.fileIdMesgs?.[0]?.type);
    expect(types.filter((t) => t === 'monitoringB')).toHaveLength(m.monitoringFiles);
    expect(types.filter((t) => t === 'activity')).toHaveLength(m.activitiesWithFit);
    expect(m.activitiesWithFit + m.activitiesWithoutFit).toBe(m.activities);
    expect(m.activitiesWithoutFit).toBe(gen.manifest.edgeCases.manualActivityIds.length);
    expect(m.activitiesWithoutFit).toBeGreaterThanOrEqual(2);

    const bySport: Record<string, number> = {};
    for (const s of account.summaries) bySport[String(s.activityType)] = (bySport[String(s.activityType)] ?? 0) + 1;
    expect(m.bySport).toEqual(bySport);
    const runCm = account.summaries
      .filter((s) => ['running', 'trail_running', 'treadmill_running'].includes(String(s.activityType)))
      .reduce((a, s) => a + Number(s.distance), 0);
    expect(m.runDistanceM).toBeCloseTo(runCm / 100, 2);

    const staged = account.sleep.filter((r) => Number(r.deepSleepSeconds) + Number(r.lightSleepSeconds) + Number(r.remSleepSeconds) > 0);
    expect(m.sleepNights).toBe(staged.length);
    expect(m.udsDays).toBe(account.uds.length);
    const days = new Set([...staged.map((r) => r.calendarDate), ...account.uds.map((r) => r.calendarDate)]);
    expect(m.wellnessDays).toBe(days.size);
    expect(gen.manifest.totalActivities).toBe(m.activities + gen.manifest.connect.newActivities);
  });

  it('writes summaries in Garmin units, newest first', () => {
    const starts = account.summaries.map((s) => s.beginTimestamp);
    expect([...starts].sort((a, b) => b - a)).toEqual(starts);
    for (const s of account.summaries) {
      expect(s.startTimeGmt).toBe(s.beginTimestamp);
      expect(s.activityId).toBeGreaterThan(1e10);
      expect(s.activityId).toBeLessThan(1e11);
      if (s.avgDoubleCadence !== undefined) {
        // avgRunCadence is one leg; avgDoubleCadence steps/min = 2 x (cadence + fraction).
        expect(Number(s.avgDoubleCadence)).toBeCloseTo(2 * (Number(s.avgRunCadence) + Number(s.avgFractionalCadence)), 9);
      }
    }
  });
});

describe('activity FITs', () => {
  it('decode cleanly and match their summaries', () => {
    const byStart = new Map(account.summaries.map((s) => [s.beginTimestamp, s]));
    let activities = 0;
    for (const f of account.fits) {
      const { messages, errors, integrity } = decode(f.bytes);
      expect(errors).toEqual([]);
      expect(integrity).toBe(true);
      if (messages.fileIdMesgs?.[0]?.type !== 'activity') continue;
      activities++;
      const sessions = messages.sessionMesgs ?? [];
      expect(sessions).toHaveLength(1);
      const session = sessions[0] as Record<string, unknown>;
      const summary = byStart.get(ms(session.startTime));
      expect(summary, `no summary with beginTimestamp ${ms(session.startTime)}`).toBeDefined();
      if (!summary) continue;
      expect(Math.abs(Number(session.totalDistance ?? 0) - Number(summary.distance) / 100)).toBeLessThan(0.01);
      expect(session.totalTimerTime).toBeCloseTo(Number(summary.duration) / 1000, 6);
      expect(session.totalElapsedTime).toBeCloseTo(Number(summary.elapsedDuration) / 1000, 6);
      expect(session.trainingLoadPeak).toBe(summary.activityTrainingLoad);
      expect(Number(summary.calories) / 4.19002).toBeCloseTo(Number(session.totalCalories), 6);
      expect(session.avgHeartRate).toBe(summary.avgHr);
      if (summary.avgSpeed !== undefined) expect(Number(session.enhancedAvgSpeed)).toBeCloseTo(Number(summary.avgSpeed) * 10, 9);
      expect(messages.lapMesgs?.length).toBe(summary.lapCount);
      // local_timestamp - timestamp (FIT epoch s) carries the same offset as startTimeLocal - startTimeGmt.
      const activity = messages.activityMesgs?.[0] as Record<string, unknown>;
      const offsetS = Number(activity.localTimestamp) - (ms(activity.timestamp) / 1000 - 631_065_600);
      expect(offsetS * 1000).toBe(summary.startTimeLocal - summary.startTimeGmt);
    }
    expect(activities).toBe(gen.manifest.account.activitiesWithFit);
  });

  it('records GPS in semicircles outdoors and none on the treadmill', () => {
    const treadmill = account.summaries.find((s) => s.activityId === gen.manifest.edgeCases.treadmillActivityId);
    expect(treadmill?.activityType).toBe('treadmill_running');
    expect(treadmill?.startLatitude).toBeUndefined();
    const treadmillFit = account.fits.map((f) => decode(f.bytes).messages).find((m) => ms(m.sessionMesgs?.[0]?.startTime) === treadmill?.beginTimestamp);
    expect(treadmillFit?.sessionMesgs?.[0]?.subSport).toBe('treadmill');
    expect(treadmillFit?.recordMesgs?.some((r) => r.positionLat !== undefined)).toBe(false);
    // Outdoor runs from home start within a few tens of metres of it.
    const homeRuns = account.summaries.filter((s) => s.activityType === 'running' && s.startLatitude !== undefined);
    expect(homeRuns.length).toBeGreaterThan(5);
    for (const s of homeRuns) {
      const dy = (Number(s.startLatitude) - HOME.lat) * 111_320;
      const dx = (Number(s.startLongitude) - HOME.lon) * 111_320 * Math.cos((HOME.lat * Math.PI) / 180);
      expect(Math.hypot(dx, dy)).toBeLessThan(60);
    }
  });

  it('writes records byte-identical to the SDK Encoder', () => {
    const n = 50;
    const columns: ProfileRecordColumn[] = [
      { name: 'timestamp', values: Array.from({ length: n }, (_, i) => 1_100_000_000 + i) },
      { name: 'positionLat', values: Array.from({ length: n }, (_, i) => 606_000_000 + 37 * i) },
      { name: 'positionLong', values: Array.from({ length: n }, (_, i) => 52_000_000 - 23 * i) },
      { name: 'distance', values: Array.from({ length: n }, (_, i) => Math.round(i * 301.7) / 100) },
      { name: 'enhancedSpeed', values: Array.from({ length: n }, (_, i) => 2.9 + (i % 7) / 1000) },
      { name: 'enhancedAltitude', values: Array.from({ length: n }, (_, i) => 80 + i / 5) },
      { name: 'heartRate', values: Array.from({ length: n }, (_, i) => 120 + (i % 30)) },
      { name: 'cadence', values: Array.from({ length: n }, () => 84) },
      { name: 'power', values: Array.from({ length: n }, (_, i) => 200 + i) },
    ];
    const encoder = new Encoder();
    for (let i = 0; i < n; i++) {
      const mesg: Record<string, number> = {};
      for (const c of columns) mesg[c.name] = c.values[i] as number;
      encoder.writeMesg({ mesgNum: MESG.RECORD, ...mesg });
    }
    const sdk = encoder.close();
    expect(Buffer.from(recordBlock(columns, 0, n)).equals(Buffer.from(sdk.subarray(14, sdk.length - 2)))).toBe(true);
  });
});

describe('time and edge cases', () => {
  it('uses +2 h in summer and +1 h in winter (last Sunday of October)', () => {
    const offsetOf = (s: Summary) => s.startTimeLocal - s.startTimeGmt;
    const summer = account.summaries.filter((s) => s.beginTimestamp < Date.UTC(2026, 9, 25, 1));
    const winter = account.summaries.filter((s) => s.beginTimestamp >= Date.UTC(2026, 9, 25, 1));
    expect(summer.length).toBeGreaterThan(0);
    expect(winter.length).toBeGreaterThan(0);
    for (const s of summer) expect(offsetOf(s)).toBe(7_200_000);
    for (const s of winter) expect(offsetOf(s)).toBe(3_600_000);
  });

  it('has an activity that starts before local midnight and ends after it', () => {
    const s = account.summaries.find((x) => x.activityId === gen.manifest.edgeCases.midnightCrossingActivityId);
    expect(s).toBeDefined();
    if (!s) return;
    const startLocal = new Date(s.startTimeLocal);
    const endLocal = new Date(s.startTimeLocal + Number(s.elapsedDuration));
    expect(startLocal.getUTCHours()).toBe(23);
    expect(endLocal.toISOString().slice(0, 10)).not.toBe(startLocal.toISOString().slice(0, 10));
  });

  it('names activities with emoji and HTML (the tests\' exports; the app\'s sample has neither)', async () => {
    const name = (id: number | null) => account.summaries.find((s) => s.activityId === id)?.name;
    expect(name(gen.manifest.edgeCases.htmlNameActivityId)).toBe('<img src=x onerror=alert(1)>');
    expect(name(gen.manifest.edgeCases.emojiNameActivityId)).toBe('Tempo 🏃‍♀️ <b>fast</b>');
    const sample = await generateExport({ ...OPTIONS, hostileNames: false });
    expect(sample.manifest.edgeCases.htmlNameActivityId).toBeNull();
    const sampleAccount = await openAccount(sample.accountZip);
    expect(sampleAccount.summaries.filter((s) => /[<>]/.test(String(s.name)))).toEqual([]);
    // Only the names differ: the same activities, distances and times.
    expect(sampleAccount.summaries.map((s) => [s.activityId, s.distance, s.duration])).toEqual(account.summaries.map((s) => [s.activityId, s.distance, s.duration]));
  });

  it('trains like a runner: interval HR spikes, climbing on trails', () => {
    const intervals = account.summaries.filter((s) => /Interval/.test(String(s.name)) || s.trainingEffectLabel === 'VO2MAX');
    expect(intervals.length).toBeGreaterThan(0);
    for (const s of intervals) {
      expect(Number(s.maxHr) - Number(s.avgHr)).toBeGreaterThanOrEqual(20);
      expect(Number(s.maxHr)).toBeGreaterThanOrEqual(160);
    }
    for (const s of account.summaries.filter((x) => x.activityType === 'trail_running')) {
      expect(Number(s.elevationGain) / 100 / (Number(s.distance) / 100_000)).toBeGreaterThan(10); // > 10 m of climbing per km
    }
  });
});

describe('connect export', () => {
  it('repeats the last two weeks and adds exactly two newer runs', async () => {
    const zip = await JSZip.loadAsync(gen.connectZip);
    const names = Object.keys(zip.files);
    expect(names).toHaveLength(gen.manifest.connect.fitFiles);
    for (const n of names) expect(n).toMatch(/^\d{11}_ACTIVITY\.fit$/);
    const accountIds = new Set(account.summaries.map((s) => s.activityId));
    const ids = names.map((n) => Number(n.split('_')[0]));
    const fresh = ids.filter((id) => !accountIds.has(id));
    expect(fresh.sort()).toEqual([...gen.manifest.connect.newActivityIds].sort());
    expect(fresh).toHaveLength(2);
    expect(ids.length - fresh.length).toBe(gen.manifest.connect.overlappingActivities);
    // Overlapping activities carry the very same FIT bytes as the account export.
    const accountFits = new Set(account.fits.map((f) => Buffer.from(f.bytes).toString('base64')));
    const cutoff = Date.parse(`${gen.manifest.account.cutoffDate}T23:59:59Z`);
    for (const n of names) {
      const bytes = await (zip.files[n] as JSZip.JSZipObject).async('uint8array');
      const id = Number(n.split('_')[0]);
      expect(accountFits.has(Buffer.from(bytes).toString('base64'))).toBe(accountIds.has(id));
      if (!accountIds.has(id)) {
        const { messages, errors } = decode(bytes);
        expect(errors).toEqual([]);
        expect(messages.sessionMesgs?.[0]?.sport).toBe('running');
        expect(ms(messages.sessionMesgs?.[0]?.startTime)).toBeGreaterThan(cutoff - 2 * 3_600_000);
      }
    }
  });
});

describe('UploadedFiles parts', () => {
  it('splits into _Part2.zip, ... when a part would exceed the limit', async () => {
    const small = await generateExport({ seed: 3, weeks: 2, uploadPartMaxBytes: 150_000 });
    const opened = await openAccount(small.accountZip);
    const parts = opened.paths.filter((p) => /UploadedFiles_0-_Part\d+\.zip$/.test(p));
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((p) => Number(/Part(\d+)/.exec(p)?.[1])).sort((a, b) => a - b)).toEqual(parts.map((_, i) => i + 1));
    expect(small.manifest.account.uploadedParts).toHaveLength(parts.length);
    expect(opened.fits).toHaveLength(small.manifest.account.fitFiles);
    const outer = await JSZip.loadAsync(small.accountZip);
    for (const p of parts) {
      const size = (await (outer.files[p] as JSZip.JSZipObject).async('uint8array')).length;
      expect(size).toBeLessThanOrEqual(150_000);
    }
  });
});
