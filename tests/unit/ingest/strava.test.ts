import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { openMemoryDb } from '../../../src/db/node';
import { ingestFiles } from '../../../src/ingest/ingest';
import { listManual, saveManual } from '../../../src/db/manual';
import { parseCsvRows } from '../../../src/ingest/csvRows';
import { parseStravaCsv, sportFromStrava } from '../../../src/ingest/stravaCsv';
import { generateExport, type GeneratedExport } from '../../../tools/gen-export/generate';
import { buildStravaArchive } from '../../../tools/gen-export/strava';

describe("Strava's activities.csv", () => {
  it('reads RFC 4180 rows: quoted commas, doubled quotes, line breaks inside a field, CRLF, a byte-order mark', () => {
    const rows = parseCsvRows('\ufeffa,b,c\r\n1,"x, ""y""","line one\nline two"\r\n\r\n2,,z\n');
    expect(rows).toEqual([
      { row: 1, cells: ['a', 'b', 'c'] },
      { row: 2, cells: ['1', 'x, "y"', 'line one\nline two'] },
      { row: 5, cells: ['2', '', 'z'] },
    ]);
  });

  it('finds its columns by header (the first of a repeated name), names unknown ones, and rows without an id', () => {
    const csv = parseStravaCsv([
      'Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance,Filename,Distance,Shoe Size',
      '101,"Mar 3, 2026, 6:01:02 AM",Tempo Tuesday,Run,"felt good, legs heavy",2400,8.1,activities/101.fit.gz,8100.5,42',
      '102,"Mar 4, 2026, 6:01:02 AM",Gym,Weight Training,,1800,0,,0,42',
      ',"Mar 5, 2026, 6:01:02 AM",Broken,Run,,1,1,activities/x.gpx,1,1',
    ].join('\n'));
    expect(csv.activities).toEqual([
      // The second "Distance" is in metres; Strava's date is UTC.
      { stravaId: 101, name: 'Tempo Tuesday', sport: 'running', stravaType: 'Run', description: 'felt good, legs heavy', gear: null, filename: 'activities/101.fit.gz',
        startMs: Date.UTC(2026, 2, 3, 6, 1, 2), durationS: 2400, distanceM: 8100.5, rpe: null },
      { stravaId: 102, name: 'Gym', sport: 'strength_training', stravaType: 'Weight Training', description: null, gear: null, filename: null,
        startMs: Date.UTC(2026, 2, 4, 6, 1, 2), durationS: 1800, distanceM: 0, rpe: null },
    ]);
    expect(csv.unknownColumns).toEqual(['Shoe Size']);
    // One "Distance" only (older exports): kilometres; 12-hour clock; Moving Time before Elapsed Time.
    const old = parseStravaCsv('Activity ID,Activity Date,Activity Type,Distance,Elapsed Time,Moving Time,Perceived Exertion\n7,"Dec 31, 2025, 11:59:00 PM",Run,10.5,3700,3600,7\n8,"Jan 1, 2026, 12:05:00 AM",Run,1,60,,11\n');
    expect(old.activities.map((a) => [a.startMs, a.distanceM, a.durationS, a.rpe])).toEqual([
      [Date.UTC(2025, 11, 31, 23, 59), 10_500, 3600, 7],
      [Date.UTC(2026, 0, 1, 0, 5), 1000, 60, null],
    ]);
    expect(csv.problems).toEqual([{ row: 4, reason: 'no activity id' }]);
    expect(() => parseStravaCsv('Name,Type\nx,y\n')).toThrow('not Strava\'s activities.csv: no "Activity ID" or "Activity Type" column');
    expect(sportFromStrava('Trail Run')).toBe('trail_running');
    expect(sportFromStrava('Kitesurf')).toBe('other');
  });
});

describe('a Strava archive built from the generated export (the dedupe has a known answer)', () => {
  let generated: GeneratedExport;
  let strava: Uint8Array;
  /** The Strava names given to the activities only Strava has (Garmin's account export does not). */
  const renamed = new Map<number, string>();

  beforeAll(async () => {
    generated = await generateExport({ seed: 3, weeks: 4 });
    const archive = await buildStravaArchive(generated);
    strava = archive.zip;
    for (const [id, title] of archive.renamed) renamed.set(id, title);
  });

  it('adds only what Garmin did not have, with Strava\'s names; the rest are second sources of the same activities', async () => {
    const db = await openMemoryDb();
    await ingestFiles(db, [new File([generated.accountZip as Uint8Array<ArrayBuffer>], 'garmin.zip')]);
    const before = db.value('SELECT count(*) FROM activities') as number;
    const report = await ingestFiles(db, [new File([strava as Uint8Array<ArrayBuffer>], 'export_12345.zip')]);
    expect(report.notes.filter((n) => n.status === 'skipped')).toEqual([]);
    expect(report.activitiesAdded).toBe(generated.manifest.connect.newActivities);
    expect(db.value('SELECT count(*) FROM activities')).toBe(before + generated.manifest.connect.newActivities);
    // The new ones carry Strava's names; Garmin's summaries keep theirs.
    const names = new Map(db.all<{ start_ms: number; name: string; source: string }>('SELECT start_ms, name, source FROM activities').map((r) => [r.start_ms, r]));
    expect([...names.values()].filter((r) => /^Strava run/.test(r.name ?? '')).length).toBe(renamed.size);
    // Every Strava file is recorded: the overlap as a second source of the stored activity.
    const files = db.all<{ status: string }>("SELECT status FROM fit_files WHERE file_name LIKE 'activities/%'");
    expect(files.length).toBe(Object.keys((await JSZip.loadAsync(generated.connectZip)).files).length);
    expect(files.filter((f) => f.status === 'linked').length).toBe(generated.manifest.connect.newActivities);
    expect(files.filter((f) => f.status === 'duplicate_stream').length).toBe(generated.manifest.connect.overlappingActivities);
    // The unread columns are said, once.
    expect(report.notes.filter((n) => n.status === 'ignored' && /fitbook does not read yet/.test(n.reason)).map((n) => n.reason)).toEqual(['1 column fitbook does not read yet (Relative Effort)']);
    // Descriptions and gear: every recording is linked to Strava's "Pegasus 40" (merged ones too).
    expect(db.value(`SELECT count(*) FROM activities WHERE description = 'easy, "chatty" pace'`)).toBe(files.length);
    expect(db.get(`SELECT type, name FROM gear WHERE uuid = 'strava:pegasus 40'`)).toEqual({ type: 'shoes', name: 'Pegasus 40' });
    expect(db.value(`SELECT count(*) FROM gear_activities WHERE gear_uuid = 'strava:pegasus 40'`)).toBe(files.length);
    // Manual entries: off-watch sessions (session RPE × minutes where Strava has the RPE); the bad one named.
    const sessions = () => listManual(db).map((m) => ({ externalId: m.externalId, localDate: m.localDate, startTime: m.startTime, sport: m.sport, trainingLoad: m.trainingLoad, loadSource: m.loadSource }));
    expect(sessions().sort((a, b) => String(a.externalId).localeCompare(String(b.externalId)))).toEqual([
      // Strava writes UTC: the athlete's local time is that of their nearest recorded activity (Brussels, +1 h in winter).
      { externalId: 'strava:8000001', localDate: '2026-02-02', startTime: '19:30', sport: 'strength_training', trainingLoad: 6 * 45, loadSource: 'session_rpe' },
      { externalId: 'strava:8000002', localDate: '2026-02-03', startTime: '08:00', sport: 'running', trainingLoad: null, loadSource: 'manual' },
    ]);
    expect(report.notes.filter((n) => /entered by hand on Strava left out/.test(n.reason)).map((n) => n.reason)).toEqual(['1 activity entered by hand on Strava left out: no readable date or duration (8000003)']);
    // A session the athlete edited here stays as edited when the archive comes again.
    const run = listManual(db).find((m) => m.externalId === 'strava:8000002')!;
    saveManual(db, { ...run, trainingLoad: 40 }, run.id);
    // Again: nothing added, no session twice.
    const again = await ingestFiles(db, [new File([strava as Uint8Array<ArrayBuffer>], 'export_12345.zip')]);
    expect(again.activitiesAdded).toBe(0);
    expect(listManual(db)).toHaveLength(2);
    expect(listManual(db).find((m) => m.externalId === 'strava:8000002')?.trainingLoad).toBe(40);
    expect(db.value(`SELECT count(*) FROM gear_activities WHERE gear_uuid = 'strava:pegasus 40'`)).toBe(files.length);
  });
});
