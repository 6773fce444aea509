import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decoder, Stream } from '@garmin/fitsdk';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleHeavyActivityFits, writeHeavyExport, type HeavyManifest } from '../../../tools/gen-export/heavy';

/**
 * The heavy benchmark export (tools/gen-export/heavy.ts) at toy sizes: its activity FITs look
 * like a current watch's and decode with the SDK, and the streamed zip has the account-export
 * layout (parts stored, FITs deflated), a monitoring FIT a day and padding up to the asked size.
 */

type FitMessages = Record<string, Record<string, unknown>[] | undefined>;

function decode(bytes: Uint8Array): { messages: FitMessages; errors: unknown[]; integrity: boolean } {
  const integrity = new Decoder(Stream.fromByteArray(bytes)).checkIntegrity();
  const { messages, errors } = new Decoder(Stream.fromByteArray(bytes)).read() as unknown as { messages: FitMessages; errors: unknown[] };
  return { messages, errors, integrity };
}

/** Compression method of every member, from the central directory (jszip does not expose it). */
function methods(zip: Uint8Array): Map<string, number> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const eocd = zip.length - 22;
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const out = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const nameLength = view.getUint16(at + 28, true);
    const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
    out.set(name, view.getUint16(at + 10, true));
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return out;
}

describe('a heavy-style activity', () => {
  // A dozen sessions spread over a year of the heavy plan; the first outdoor run among them.
  const fits = sampleHeavyActivityFits({ seed: 3, years: 1, count: 12 });
  const decoded = fits.map(decode);
  const run = decoded.find((d) => d.messages.sessionMesgs?.[0]?.sport === 'running' && d.messages.recordMesgs?.[0]?.positionLat !== undefined);

  it('decodes with the SDK, CRC intact', () => {
    expect(fits.length).toBeGreaterThanOrEqual(10);
    for (const d of decoded) {
      expect(d.errors).toEqual([]);
      expect(d.integrity).toBe(true);
    }
  });

  it('records every second with power and running dynamics', () => {
    const records = run?.messages.recordMesgs ?? [];
    expect(records.length).toBeGreaterThan(1800);
    const mid = records[Math.floor(records.length / 2)] ?? {};
    for (const field of ['heartRate', 'enhancedSpeed', 'distance', 'enhancedAltitude', 'positionLat', 'positionLong', 'cadence', 'fractionalCadence',
      'power', 'verticalOscillation', 'stanceTime', 'stanceTimeBalance', 'stepLength', 'verticalRatio']) {
      expect(mid[field], field).toBeTypeOf('number');
    }
    // Step length = speed / steps per second (cadence is strides/min of one leg).
    const stepsPerS = (2 * (Number(mid.cadence) + Number(mid.fractionalCadence))) / 60;
    expect(Number(mid.stepLength) / 1000).toBeCloseTo(Number(mid.enhancedSpeed) / stepsPerS, 1);
    const t0 = (records[0]?.timestamp as Date).getTime();
    const t1 = (records[1]?.timestamp as Date).getTime();
    expect(t1 - t0).toBe(1000);
    expect(run?.messages.sessionMesgs?.[0]?.avgPower).toBeTypeOf('number');
  });

  it('logs every beat as R-R intervals in seconds (hrv messages)', () => {
    const hrv = run?.messages.hrvMesgs ?? [];
    // Unused slots (0xFFFF) decode as null.
    const rr = hrv.flatMap((m) => (m.time as (number | null)[]).filter((t): t is number => typeof t === 'number'));
    const session = run?.messages.sessionMesgs?.[0] ?? {};
    // Beats x mean interval ~ timer time; mean interval ~ 60 / average HR.
    const sum = rr.reduce((a, b) => a + b, 0);
    expect(sum / Number(session.totalTimerTime)).toBeGreaterThan(0.97);
    expect(sum / Number(session.totalTimerTime)).toBeLessThan(1.01);
    expect(60 / (sum / rr.length)).toBeCloseTo(Number(session.avgHeartRate), -1);
  });
});

describe('a tiny heavy export, streamed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'heavy-'));
  const outPath = join(dir, 'heavy.zip');
  const padToBytes = 12 * 2 ** 20;
  let manifest: HeavyManifest;
  let zip: JSZip;

  beforeAll(async () => {
    ({ manifest } = await writeHeavyExport({ seed: 5, years: 1, weeks: 2, outPath, padToBytes, partMaxBytes: 2 ** 20, endDate: '2026-03-15' }));
    zip = await JSZip.loadAsync(readFileSync(outPath));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has the account-export layout with >= 3 parts, and is padded to the asked size', () => {
    const paths = Object.keys(zip.files);
    expect(paths.some((p) => /DI-Connect-Fitness\/.*_0_summarizedActivities\.json$/.test(p))).toBe(true);
    expect(paths.some((p) => /DI-Connect-Wellness\/.*sleepData\.json$/.test(p))).toBe(true);
    expect(paths.some((p) => /DI-Connect-Aggregator\/UDSFile_.*\.json$/.test(p))).toBe(true);
    const parts = paths.filter((p) => /DI-Connect-Uploaded-Files\/UploadedFiles_0-_Part\d+\.zip$/.test(p));
    expect(parts.length).toBeGreaterThanOrEqual(3);
    expect(parts.length).toBe(manifest.uploadedParts.length);
    expect(paths.some((p) => p.startsWith('padding/'))).toBe(true);
    expect(manifest.zipBytes).toBe(readFileSync(outPath).length);
    expect(manifest.zipBytes).toBeLessThanOrEqual(padToBytes);
    expect(manifest.zipBytes).toBeGreaterThan(padToBytes - 1024);
  });

  it('stores its parts, deflates their FITs, and every FIT decodes', async () => {
    let activities = 0;
    let monitoring = 0;
    const members = new Set<string>();
    const STORE = 0;
    const DEFLATE = 8;
    const outer = methods(readFileSync(outPath));
    for (const path of manifest.uploadedParts) {
      expect(outer.get(path)).toBe(STORE);
      const partBytes = await (zip.files[path] as JSZip.JSZipObject).async('uint8array');
      for (const method of methods(partBytes).values()) expect(method).toBe(DEFLATE);
      const inner = await JSZip.loadAsync(partBytes);
      for (const entry of Object.values(inner.files)) {
        const bytes = await entry.async('uint8array');
        members.add(Buffer.from(bytes).toString('base64'));
        const { messages, errors } = decode(bytes);
        expect(errors, entry.name).toEqual([]);
        if (messages.fileIdMesgs?.[0]?.type === 'monitoringB') monitoring++;
        else activities++;
      }
    }
    expect(activities).toBe(manifest.activitiesWithFit);
    // One monitoring FIT per day up to the account cut-off.
    expect(monitoring).toBe(manifest.monitoringFiles);
    expect(monitoring).toBe(14 - 2);
    const summaries = JSON.parse(await (zip.file(/_0_summarizedActivities\.json$/)[0] as JSZip.JSZipObject).async('string')) as { summarizedActivitiesExport: unknown[] }[];
    expect(summaries[0]?.summarizedActivitiesExport.length).toBe(manifest.activities);
    // The decode benchmark's sample is the zip's own bytes.
    const sample = sampleHeavyActivityFits({ seed: 5, years: 1, weeks: 2, endDate: '2026-03-15', count: 3 });
    expect(sample.length).toBe(3);
    for (const fit of sample) expect(members.has(Buffer.from(fit).toString('base64'))).toBe(true);
  });
});
