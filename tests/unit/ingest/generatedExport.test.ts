import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/db';
import { openMemoryDb } from '../../../src/db/node';
import { dbSummary } from '../../../src/db/queries';
import { ingestFiles } from '../../../src/ingest/ingest';
import { generateExport, type GeneratedExport } from '../../../tools/gen-export/generate';
import type { IngestReport } from '../../../src/database';

/**
 * The whole path on a generated export that spans a DST change (30 weeks to late November):
 * account export, then the Connect export, read back from the database.
 */

let generated: GeneratedExport;
let db: Db;
let first: IngestReport;
let second: IngestReport;

type Row = { id: number; garmin_activity_id: number; sport: string; name: string; start_utc: string; start_local: string; local_date: string; utc_offset_s: number; distance_m: number; elapsed_s: number };

beforeAll(async () => {
  generated = await generateExport({ seed: 5, weeks: 30 });
  db = await openMemoryDb();
  first = await ingestFiles(db, [new File([generated.accountZip as Uint8Array<ArrayBuffer>], 'garmin-account-export.zip')]);
  second = await ingestFiles(db, [new File([generated.connectZip as Uint8Array<ArrayBuffer>], 'connect-export.zip')]);
}, 120_000);

const byGarminId = (id: number) => db.get<Row>('SELECT * FROM activities WHERE garmin_activity_id = ?', [id]) as Row;

describe('a generated 30-week export, end to end in Node', () => {
  it('stores what the manifest says was written, and nothing is skipped', () => {
    const m = generated.manifest;
    expect(first.notes.filter((n) => n.status === 'skipped')).toEqual([]);
    expect(first.activitiesAdded).toBe(m.account.activities);
    expect(first.fitLinked).toBe(m.account.activitiesWithFit);
    expect(second.activitiesAdded).toBe(m.connect.newActivities);
    const summary = dbSummary(db);
    expect(summary.activities).toBe(m.totalActivities);
    expect(summary.wellnessDays).toBe(m.account.wellnessDays);
    const bySport = Object.fromEntries(summary.bySport.map((r) => [r.sport, r.count]));
    for (const [sport, count] of Object.entries(m.account.bySport)) expect(bySport[sport]).toBeGreaterThanOrEqual(count);
    const runM = Number(db.value(`SELECT sum(distance_m) FROM activities WHERE sport IN ('running', 'trail_running', 'treadmill_running') AND garmin_activity_id NOT IN (${m.connect.newActivityIds.join(',')})`));
    expect(runM).toBeCloseTo(m.account.runDistanceM, 0);
  });

  it('local time follows the summer/winter offset, and a run across midnight counts on its start day', () => {
    const offsets = db.all<{ month: string; offset: number }>("SELECT DISTINCT substr(local_date, 6, 2) AS month, utc_offset_s AS offset FROM activities WHERE substr(local_date, 6, 2) IN ('07', '11') ORDER BY 1");
    expect(offsets).toEqual([{ month: '07', offset: 7200 }, { month: '11', offset: 3600 }]);
    const late = byGarminId(generated.manifest.edgeCases.midnightCrossingActivityId);
    expect(late.start_local.slice(11, 16)).toBe('23:35');
    expect(late.local_date).toBe(late.start_local.slice(0, 10));
    const endLocalMs = Date.parse(late.start_local + 'Z') + late.elapsed_s * 1000;
    expect(new Date(endLocalMs).toISOString().slice(0, 10)).not.toBe(late.local_date);
  });

  it('keeps hostile and emoji names verbatim (escaping is the renderer\'s job)', () => {
    expect(byGarminId(generated.manifest.edgeCases.htmlNameActivityId ?? -1).name).toMatch(/<img src=x onerror=/);
    expect(byGarminId(generated.manifest.edgeCases.emojiNameActivityId ?? -1).name).toMatch(/\p{Extended_Pictographic}/u);
  });

  it('the treadmill run has a stream without positions; manual entries have no stream', () => {
    const treadmill = byGarminId(generated.manifest.edgeCases.treadmillActivityId);
    const s = db.get<{ lat: Uint8Array | null; hr: Uint8Array | null }>('SELECT lat, hr FROM samples WHERE activity_id = ?', [treadmill.id]);
    expect(s?.lat).toBeNull();
    expect(s?.hr).not.toBeNull();
    for (const id of generated.manifest.edgeCases.manualActivityIds) {
      expect(db.value('SELECT count(*) FROM samples WHERE activity_id = ?', [byGarminId(id).id])).toBe(0);
    }
  });

  it('the Connect export re-delivers two weeks: known by content hash, not decoded or stored again', () => {
    expect(second.fitAlreadyStored).toBe(generated.manifest.connect.overlappingActivities);
    expect(second.activitiesUpdated).toBe(0);
    expect(db.value('SELECT count(*) FROM samples')).toBe(generated.manifest.account.activitiesWithFit + generated.manifest.connect.newActivities);
    expect(db.value("SELECT count(*) FROM fit_files WHERE status = 'duplicate_stream'")).toBe(0);
  });
});
