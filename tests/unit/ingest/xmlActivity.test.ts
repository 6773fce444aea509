import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { haversineKm } from '../../../src/analysis/routes';
import { openMemoryDb } from '../../../src/db/node';
import { ingestFiles } from '../../../src/ingest/ingest';
import { decodeRecording } from '../../../src/ingest/recording';
import { decodeXmlActivity, movingFromSteps } from '../../../src/ingest/xmlActivity';
import type { FitResult } from '../../../src/ingest/fit';

const DIR = new URL('../../fixtures/real-gpx-tcx/', import.meta.url);
const bytes = (name: string) => new Uint8Array(readFileSync(new URL(name, DIR)));
const text = (name: string) => readFileSync(new URL(name, DIR), 'utf8');
const utc = { utcOffsetOf: () => 0 };

function activities(r: FitResult) {
  if (r.kind !== 'activity') throw new Error(`expected an activity, got ${r.kind}: ${'reason' in r ? r.reason : ''}`);
  return r.activities;
}

/** The file's own values, read by a plain pattern (an independent reading of the fixture). */
function values(xml: string, tag: string): number[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => Number(m[1]));
}

describe('TCX (real Garmin files from python-tcxparser)', () => {
  it('a run with laps, heart rate and cadence: every trackpoint, the laps as the file states them', () => {
    const xml = text('tcxparser__test.tcx');
    const [a] = activities(decodeXmlActivity([xml], utc));
    if (!a?.samples) throw new Error('no samples');
    const times = [...xml.matchAll(/<Time>([^<]*)<\/Time>/g)].map((m) => Date.parse(m[1] as string));
    expect(a.fields.sport).toBe('running');
    expect(a.fields.source).toBe('tcx');
    expect(a.samples.tS.length).toBe(times.length);
    expect(a.fields.startMs).toBe(Math.min(...times));
    expect(a.fields.elapsedS).toBe((Math.max(...times) - Math.min(...times)) / 1000);
    // Distance is the file's own (the watch's), not re-measured.
    const distances = values(xml, 'DistanceMeters');
    expect(a.fields.distanceM).toBeCloseTo(Math.max(...distances), 3);
    // Laps: start, time, distance, average and maximum HR as written.
    const lapTimes = values(xml, 'TotalTimeSeconds');
    expect(a.laps.map((l) => l.timerS)).toEqual(lapTimes);
    expect(a.laps[0]).toMatchObject({ startMs: Date.parse('2012-12-26T21:29:53Z'), distanceM: 1609.34399414, avgHr: 139, maxHr: 189 });
    // Heart rate per second from the trackpoints; the summary is their mean and maximum.
    const hr = Array.from(a.samples.hr ?? []).filter(Number.isFinite);
    expect(Math.max(...hr)).toBe(a.fields.maxHr);
    expect(a.fields.avgHr).toBe(Math.round(hr.reduce((x, y) => x + y, 0) / hr.length));
    // The provenance row promises cadence; the file has none (the real file wins): no cadence stream.
    expect(a.samples.cadence).toBeNull();
  });

  it('the same run without heart rate has no HR stream; a paddle (Sport="Other") is "other"', () => {
    const [noHr] = activities(decodeXmlActivity([text('tcxparser__no_hr.tcx')], utc));
    expect(noHr?.samples?.hr).toBeNull();
    expect(noHr?.fields.avgHr).toBeNull();
    const sup = activities(decodeXmlActivity([text('tcxparser__sup_activity_1.tcx')], utc));
    expect(sup.map((x) => x.fields.sport)).toEqual(['other']);
    expect(sup[0]?.laps).toHaveLength(2);
  });
});

describe('GPX (real files from gpxpy)', () => {
  it('a device log split into several tracks is one activity; its distance is summed along the track', () => {
    const xml = text('gpxpy__cerknicko-jezero.gpx');
    const r = decodeXmlActivity([xml], utc);
    const [a] = activities(r);
    const points = [...xml.matchAll(/<trkpt lat="([^"]+)" lon="([^"]+)"/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
    expect(a?.samples?.tS.length).toBe(points.length);
    // The points sorted by time are the file's order here; the distance is the haversine sum.
    let km = 0;
    for (let i = 1; i < points.length; i++) km += haversineKm(...(points[i - 1] as [number, number]), ...(points[i] as [number, number]));
    expect(a?.fields.distanceM).toBeCloseTo(km * 1000, 0);
    expect(a?.fields.name).toBe('ACTIVE LOG');
    // No <type>: the sport is judged from the speed, and the import says so.
    expect(r.kind === 'activity' && r.warnings.some((w) => /judged from its average speed/.test(w))).toBe(true);
    expect(a?.fields.movingS).toBe(movingFromSteps(a?.samples?.tS as Float32Array, a?.samples?.distanceM ?? null));
  });

  it('a track whose first segment is empty keeps the points that exist', () => {
    const [a] = activities(decodeXmlActivity([text('gpxpy__track-with-empty-segment.gpx')], utc));
    expect(a?.samples?.tS.length).toBe(9);
  });

  it('rejects what is not a recording, with the reason', () => {
    const reason = (name: string) => {
      const r = decodeXmlActivity([text(name)], utc);
      return r.kind === 'rejected' ? r.reason : `imported (${r.kind})`;
    };
    // The provenance table calls Mojstrovka a timed track; its 183 points all carry one placeholder time (1901-12-13).
    expect(reason('gpxpy__Mojstrovka.gpx')).toMatch(/every track point has the same time/);
    expect(reason('gpxpy__cerknicko-without-times.gpx')).toBe('only 5 of 296 track points have a time: a drawn or edited route, not a recording (fitbook never invents times)');
    expect(reason('gpxpy__route.gpx')).toMatch(/^a planned route \(\d+ route points\)/);
    expect(reason('gpxpy__gpx_with_garmin_extension.gpx')).toMatch(/only waypoints/);
    // UTF-8 with a byte-order mark parses; it holds a waypoint only.
    expect(reason('gpxpy__unicode_with_bom.gpx')).toMatch(/only waypoints/);
  });

  it('names damaged XML and other XML in fitbook\'s words', () => {
    const cut = text('gpxpy__cerknicko-jezero.gpx').slice(0, 2000);
    const r = decodeXmlActivity([cut], utc);
    expect(r.kind === 'rejected' && r.reason).toMatch(/^not well-formed XML \(.*\): the file is damaged or not a GPX\/TCX file$/);
    const html = decodeXmlActivity(['<html><body>hello</body></html>'], utc);
    expect(html.kind === 'rejected' && html.reason).toBe('not a GPX or TCX file (its root element is <html>)');
  });

  it('reads a day-long 1 Hz track (150,000 points) whole', () => {
    const n = 150_000;
    const start = Date.parse('2026-06-20T04:00:00Z');
    // 3 m a second due north: 0.000027° of latitude.
    const points = Array.from({ length: n }, (_, i) => `<trkpt lat="${(45 + i * 0.000027).toFixed(6)}" lon="6.000000"><time>${new Date(start + i * 1000).toISOString()}</time></trkpt>`);
    const [a] = activities(decodeXmlActivity([`<gpx><trk><type>running</type><trkseg>${points.join('')}</trkseg></trk></gpx>`], utc));
    expect(a?.samples?.tS.length).toBe(n);
    expect(a?.fields.elapsedS).toBe(n - 1);
    expect(a?.fields.distanceM).toBeCloseTo(haversineKm(45, 6, 45 + (n - 1) * 0.000027, 6) * 1000, -1);
  });

  it('reads the same file split at any byte into chunks', () => {
    const xml = text('tcxparser__test.tcx');
    const whole = activities(decodeXmlActivity([xml], utc))[0];
    const pieces = [xml.slice(0, 777), xml.slice(777, 5000), xml.slice(5000)];
    const split = activities(decodeXmlActivity(pieces, utc))[0];
    expect(split?.fields).toEqual(whole?.fields);
    expect(Array.from(split?.samples?.hr ?? [])).toEqual(Array.from(whole?.samples?.hr ?? []));
  });
});

describe('recordings by content: FIT, GPX, TCX, gzipped or not', () => {
  it('a gzipped TCX decodes as the TCX; a damaged gzip is named', async () => {
    const raw = bytes('tcxparser__test.tcx');
    const plain = activities(await decodeRecording(raw, { garminActivityId: null }));
    const gz = activities(await decodeRecording(new Uint8Array(gzipSync(raw)), { garminActivityId: null }));
    expect(gz[0]?.fields).toEqual(plain[0]?.fields);
    const broken = await decodeRecording(new Uint8Array(gzipSync(raw)).subarray(0, 300), { garminActivityId: null });
    expect(broken).toEqual({ kind: 'rejected', reason: 'a gzip file that is damaged or cut short' });
  });

  it('imports loose .tcx and .gpx.gz next to a bad GPX: the bad one is named, the rest stored with streams and laps, never twice', async () => {
    const db = await openMemoryDb();
    const files = () => [
      new File([bytes('tcxparser__test.tcx')], 'morning-run.tcx'),
      new File([gzipSync(bytes('gpxpy__cerknicko-jezero.gpx'))], 'lake.gpx.gz'),
      new File(['<gpx><trk><trkseg><trkpt lat="1" lon="2"><time>2020-01-01T00:00:00Z'], 'cut.gpx'),
    ];
    const report = await ingestFiles(db, files());
    expect(report.activitiesAdded).toBe(2);
    const skipped = report.notes.filter((n) => n.status === 'skipped');
    expect(skipped.map((n) => [n.file, n.reason])).toEqual([['cut.gpx', expect.stringMatching(/^not well-formed XML/) as unknown as string]]);
    const rows = db.all<{ source: string; sport: string; n: number; laps: number }>(
      `SELECT a.source, a.sport, (SELECT count(*) FROM samples s WHERE s.activity_id = a.id) AS n,
        (SELECT count(*) FROM laps l WHERE l.activity_id = a.id) AS laps FROM activities a ORDER BY a.start_ms`);
    expect(rows.map((r) => [r.source, r.laps])).toEqual([['gpx', 0], ['tcx', 3]]);
    for (const r of rows) expect(r.n).toBeGreaterThan(0);
    const again = await ingestFiles(db, files());
    expect(again.activitiesAdded).toBe(0);
    expect(db.value('SELECT count(*) FROM activities')).toBe(2);
  });
});
