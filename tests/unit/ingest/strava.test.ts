import { gzipSync } from 'node:zlib';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { openMemoryDb } from '../../../src/db/node';
import { ingestFiles } from '../../../src/ingest/ingest';
import { parseCsvRows } from '../../../src/ingest/csvRows';
import { parseStravaCsv, sportFromStrava } from '../../../src/ingest/stravaCsv';
import { generateExport, type GeneratedExport } from '../../../tools/gen-export/generate';

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
      { stravaId: 101, name: 'Tempo Tuesday', sport: 'running', stravaType: 'Run', description: 'felt good, legs heavy', gear: null, filename: 'activities/101.fit.gz' },
      { stravaId: 102, name: 'Gym', sport: 'strength_training', stravaType: 'Weight Training', description: null, gear: null, filename: null },
    ]);
    expect(csv.unknownColumns).toEqual(['Elapsed Time', 'Distance', 'Shoe Size']);
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
    // The Connect zip holds the account export's last two weeks again plus the newer runs: as
    // Strava would have them, gzipped FITs under activities/, named in activities.csv.
    const connect = await JSZip.loadAsync(generated.connectZip);
    const out = new JSZip();
    const lines = ['Activity ID,Activity Date,Activity Name,Activity Type,Activity Gear,Filename,Relative Effort'];
    let stravaId = 9_000_000;
    for (const name of Object.keys(connect.files).sort()) {
      const garminId = Number(/^(\d+)_ACTIVITY\.fit$/.exec(name)?.[1]);
      const bytes = await connect.file(name)?.async('uint8array');
      if (!bytes || !garminId) continue;
      stravaId++;
      const title = `Strava run ${stravaId}`;
      if (generated.manifest.connect.newActivityIds.includes(garminId)) renamed.set(garminId, title);
      lines.push(`${stravaId},"Jan 1, 2026, 7:00:00 AM","${title}",Run,"Pegasus 40",activities/${stravaId}.fit.gz,12`);
      out.file(`activities/${stravaId}.fit.gz`, gzipSync(bytes));
    }
    out.file('activities.csv', lines.join('\n'));
    out.file('profile.csv', 'Athlete ID\n1\n');
    strava = await out.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
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
    // Again: nothing added.
    const again = await ingestFiles(db, [new File([strava as Uint8Array<ArrayBuffer>], 'export_12345.zip')]);
    expect(again.activitiesAdded).toBe(0);
  });
});
