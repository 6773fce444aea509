import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeFit, type FitResult } from '../../../src/ingest/fit';
import { decodeFitBytes } from '../../../src/ingest/fitDecode';
import { decodeFitWithSdk } from '../../../src/ingest/fitSdk';
import { generatedFitFiles } from '../../../tools/gen-export/fitFiles';
import { chain, insertAtDataStart, toBigEndian, toCompressedTimestamps, withBadFileCrc, withBadHeaderCrc } from './fitReencode';

/**
 * fitbook's decoder (decodeFit) against @garmin/fitsdk's Decoder through the same mapper
 * (decodeFitWithSdk): the same FitResult for every file the SDK reads, the same kind of
 * rejection for files it rejects, and a decode that always returns.
 */

const DIR = new URL('../../fixtures/real-fit/', import.meta.url);
const read = (name: string) => new Uint8Array(readFileSync(new URL(name, DIR)));
const REAL = readdirSync(DIR).filter((f) => f.endsWith('.fit')).sort();
/** Files @garmin/fitsdk 21.217 cannot read (real-fit/PROVENANCE.md); checked on their own below. */
const SDK_UNREADABLE = new Set([
  'gpsbabel__lezyne_super_gps-garmin_fit-sample-bad-endian.fit',
  'muktihari__triathlon_summary_last.fit',
  'pyfitparse__compressed-speed-distance.fit',
]);

/** A FitResult as plain data: rawJson parsed (without developerFields, which we skip), typed arrays as arrays with NaN kept. */
function comparable(result: FitResult): unknown {
  if (result.kind !== 'activity') return result;
  return {
    ...result,
    activities: result.activities.map((a) => {
      const { developerFields: _skipped, ...raw } = JSON.parse(a.fields.rawJson) as Record<string, unknown>;
      const samples = a.samples && Object.fromEntries(Object.entries(a.samples).map(([k, v]) => [k, ArrayBuffer.isView(v) ? Array.from(v as Float64Array, (x) => (Number.isNaN(x) ? 'NaN' : x)) : v]));
      return { ...a, fields: { ...a.fields, rawJson: raw }, samples };
    }),
  };
}

function expectSameAsSdk(ours: FitResult, sdk: FitResult) {
  expect(comparable(ours)).toEqual(comparable(sdk));
}

/** What kind of rejection a reason is, in the families explainFitError uses. */
function rejectionKind(result: FitResult): string {
  if (result.kind !== 'rejected') return result.kind;
  const r = result.reason;
  if (/^truncated|Offset is outside the bounds/.test(r)) return 'truncated';
  if (/checksum \(CRC\)/.test(r)) return 'crc';
  if (/chained FIT file/.test(r)) return 'chain-header';
  if (/^corrupted or truncated/.test(r)) return 'corrupted';
  if (/compressed-timestamp/.test(r)) return 'sdk-compressed';
  if (/FIT decoder failed/.test(r)) return 'sdk-crash';
  if (/not a FIT file/.test(r)) return 'not-fit';
  return r;
}

describe('real FIT fixtures: our decoder gives what the SDK gives', () => {
  for (const file of REAL.filter((f) => !SDK_UNREADABLE.has(f))) {
    it(file, () => {
      const bytes = read(file);
      expectSameAsSdk(decodeFit(bytes, { garminActivityId: 42 }), decodeFitWithSdk(bytes, { garminActivityId: 42 }));
    });
  }
});

describe('the files the SDK cannot read', () => {
  it('triathlon_summary_last (FR255, where the SDK crashes on accumulated fields): 5 sessions, 4043 records', () => {
    const result = decodeFit(read('muktihari__triathlon_summary_last.fit'));
    expect(result.kind).toBe('activity');
    if (result.kind !== 'activity') return;
    const { activities } = result;
    expect(activities.map((a) => a.fields.sport)).toEqual(['open_water_swimming', 'transition_v2', 'cycling', 'transition_v2', 'running']);
    expect(activities.map((a) => a.samples?.tS.length)).toEqual([676, 156, 1566, 70, 1575]);
    // Session distances as the watch wrote them; the bike is 13.5 km, the run 4.5 km.
    expect(activities.map((a) => a.fields.distanceM)).toEqual([513.26, 132.35, 13517.59, 71.72, 4491.51]);
    // Record distance keeps accumulating over the whole race: the run's last record is the race total.
    const run = activities[4]?.samples;
    expect(run?.distanceM?.[run.distanceM.length - 1]).toBeCloseTo(513.26 + 132.35 + 13517.59 + 71.72 + 4491.51, -1);
    expect(activities[2]?.fields.avgPowerW ?? null).toBeNull();
    expect(run?.hr?.some((h) => h > 100)).toBe(true);
  });

  it('compressed-speed-distance (FR70, compressed timestamps): 755 records, 10.25 km; rejected only for its unset clock', () => {
    const decoded = decodeFitBytes(read('pyfitparse__compressed-speed-distance.fit'));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    const { sessions, records } = decoded.fit;
    expect(sessions.map((s) => [s.sport, s.totalDistance])).toEqual([['running', 10248.67]]);
    // python-fitparse test_component_field_accumulaters: the first record at raw 17217864, then 754 more.
    expect(records.length).toBe(755);
    expect(records.timeS[0]).toBe(17217864);
    // Compressed timestamps roll over the last full one: time only moves forward, and the records
    // span the session's 1:04:43 elapsed time (3880 s from first to last record).
    for (let i = 1; i < records.length; i++) expect(records.timeS[i]).toBeGreaterThan(records.timeS[i - 1] as number);
    expect((records.timeS[754] as number) - (records.timeS[0] as number)).toBe(3880);
    // Accumulated 12-bit distances: the last record is the session's total (to the 1/16 m steps).
    expect(records.distanceM[754]).toBeCloseTo(10248.67, 0);
    expect(Math.max(...Array.from(records.speedMps).filter((v) => !Number.isNaN(v)))).toBeLessThan(8);
    expect(decodeFit(read('pyfitparse__compressed-speed-distance.fit'))).toEqual({
      kind: 'rejected', reason: 'timestamps are relative to device power-on (clock not set), so the date is unknown',
    });
  });

  it('lezyne bad-endian: no compressed timestamps after all, but a corrupt tail: rejected where the structure breaks', () => {
    // At 22181, after the activity message, the file continues with the tail of a record whose
    // first byte (0xf9) reads as a compressed header; the definition that follows is garbage.
    const decoded = decodeFitBytes(read('gpsbabel__lezyne_super_gps-garmin_fit-sample-bad-endian.fit'));
    expect(decoded).toEqual({ ok: false, reason: 'corrupted or truncated FIT data at byte 22234' });
  });
});

describe('generated exports, every sport', () => {
  let files: Uint8Array[] = [];
  beforeAll(async () => {
    files = (await generatedFitFiles({ seed: 7, weeks: 6 })).map((f) => f.bytes);
  }, 120_000);

  it('decode to the same activities as the SDK, a handful of each sport', () => {
    const perSport = new Map<string, number>();
    for (const bytes of files) {
      const sdk = decodeFitWithSdk(bytes);
      const sport = sdk.kind === 'activity' ? sdk.activities[0]?.fields.sport ?? '?' : sdk.kind;
      if ((perSport.get(sport) ?? 0) >= 4) continue;
      perSport.set(sport, (perSport.get(sport) ?? 0) + 1);
      expectSameAsSdk(decodeFit(bytes), sdk);
    }
    expect(perSport.size).toBeGreaterThanOrEqual(4);
  });
});

describe('re-encoded files', () => {
  const SAMPLES = ['gc__14211916346_ACTIVITY.fit', 'pyfitparse__garmin-edge-500-activity.fit', 'sportslib__6688025408.fit', 'garminjs__HrmPluginTestActivity.fit'];

  for (const file of SAMPLES) {
    it(`${file} with big-endian definitions reads as the original does in the SDK`, () => {
      const bytes = read(file);
      const big = toBigEndian(bytes);
      expect(big).not.toEqual(bytes);
      expectSameAsSdk(decodeFit(big), decodeFitWithSdk(bytes));
    });

    it(`${file} with compressed-timestamp records reads as the original does in the SDK`, () => {
      const bytes = read(file);
      const { bytes: packed, compressed } = toCompressedTimestamps(bytes);
      expect(compressed).toBeGreaterThan(100);
      // The SDK stops at the first compressed header; the original is the reference.
      expect(rejectionKind(decodeFitWithSdk(packed))).toBe('sdk-compressed');
      expectSameAsSdk(decodeFit(packed), decodeFitWithSdk(bytes));
    });
  }

  it('200 chained copies read as the SDK reads them', () => {
    const one = read('pyfitparse__activity-settings.fit');
    const long = chain(one, 200);
    const ours = decodeFit(long);
    expect(ours.kind === 'activity' && ours.activities.length).toBe(200);
    expectSameAsSdk(ours, decodeFitWithSdk(long));
  });
});

describe('damaged files', () => {
  const base = read('pyfitparse__garmin-fenix-5-run.fit');

  it('a bad file CRC is rejected at the same byte as the SDK', () => {
    const bad = withBadFileCrc(base);
    const ours = decodeFit(bad);
    expect(ours).toEqual(decodeFitWithSdk(bad));
    expect(rejectionKind(ours)).toBe('crc');
  });

  it('a bad header CRC is rejected (the SDK only checks it in checkIntegrity, and reads on)', () => {
    const bad = withBadHeaderCrc(base);
    expect(decodeFit(bad)).toEqual({ kind: 'rejected', reason: 'corrupted: checksum (CRC) mismatch at byte 12 (file header)' });
    expect(decodeFitWithSdk(bad).kind).toBe('activity');
  });

  it('an undefined local message type is rejected at the same byte as the SDK', () => {
    const bad = insertAtDataStart(base, [0x0f]);
    const ours = decodeFit(bad);
    expect(ours).toEqual({ kind: 'rejected', reason: `corrupted or truncated FIT data at byte ${(base[0] as number) + 1}` });
    expect(ours).toEqual(decodeFitWithSdk(bad));
  });

  it('truncation at every offset: the same rejection as the SDK, at the same byte', () => {
    for (let end = 0; end < base.length; end += 7) {
      const cut = base.subarray(0, end);
      const ours = decodeFit(cut);
      const sdk = decodeFitWithSdk(cut);
      if (sdk.kind === 'rejected' && /Offset is outside the bounds/.test(sdk.reason)) {
        // The SDK peeks past the end for a record header; we say what happened.
        expect(ours).toEqual({ kind: 'rejected', reason: `truncated: the file ends at byte ${end}, before the data its header declares` });
      } else {
        expect(ours).toEqual(sdk);
      }
    }
  });

  it('random truncations and byte flips, also of chains: always returns, same rejection kind as the SDK', () => {
    const chained = chain(read('pyfitparse__activity-settings.fit'), 3);
    const inputs = [base, chained];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: inputs.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 0, maxLength: 3 }),
        fc.option(fc.nat(), { nil: undefined }),
        (which, flips, cutAt) => {
          const source = inputs[which] as Uint8Array;
          let bytes = source.slice();
          for (const [at, xor] of flips) bytes[at % bytes.length] = (bytes[at % bytes.length] as number) ^ xor;
          if (cutAt !== undefined) bytes = bytes.subarray(0, cutAt % (bytes.length + 1));
          const t0 = performance.now();
          const ours = decodeFit(bytes);
          expect(performance.now() - t0).toBeLessThan(2000);
          const sdk = decodeFitWithSdk(bytes);
          const sdkKind = rejectionKind(sdk);
          const oursKind = rejectionKind(ours);
          if (sdkKind === 'sdk-compressed' || sdkKind === 'sdk-crash') {
            // We read what the SDK cannot; what we find is ours to report.
            expect(['activity', 'not-activity', 'truncated', 'crc', 'corrupted', 'chain-header']).toContain(oursKind);
          } else if (oursKind === 'crc' && /file header/.test(ours.kind === 'rejected' ? ours.reason : '')) {
            // A flipped header byte: we check the header CRC before reading on.
            expect(flips.length).toBeGreaterThan(0);
          } else if (sdk.kind === 'rejected') {
            expect(oursKind).toBe(sdkKind);
          } else {
            expectSameAsSdk(ours, sdk);
          }
        },
      ),
      { numRuns: 150, seed: 20261130 },
    );
  });
});
