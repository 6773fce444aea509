import { gzipSync } from 'node:zlib';
import JSZip from 'jszip';
import type { GeneratedExport } from './generate';

/**
 * A Strava bulk export ("Download your account") built from a generated export, so importing it
 * after Garmin's has a known answer: the Connect zip holds the account export's last two weeks
 * again plus newer runs; as Strava would have them, gzipped FITs under activities/, named in
 * activities.csv with a description and gear, plus activities entered by hand (no recording).
 */
export interface StravaArchive {
  zip: Uint8Array;
  /** The Strava names of the activities only Strava has, by Garmin id. */
  renamed: Map<number, string>;
  recordings: number;
  /** Rows entered by hand on Strava: two readable ones, then one without a date. */
  manual: { stravaId: number; name: string; rpe: number | null; movingS: number; utc: string }[];
  description: string;
  gear: string;
}

export async function buildStravaArchive(generated: GeneratedExport): Promise<StravaArchive> {
  const connect = await JSZip.loadAsync(generated.connectZip);
  const out = new JSZip();
  const description = 'easy, "chatty" pace';
  const gear = 'Pegasus 40';
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const lines = ['Activity ID,Activity Date,Activity Name,Activity Type,Activity Gear,Filename,Relative Effort,Activity Description,Moving Time,Perceived Exertion'];
  const renamed = new Map<number, string>();
  let stravaId = 9_000_000;
  let recordings = 0;
  for (const name of Object.keys(connect.files).sort()) {
    const garminId = Number(/^(\d+)_ACTIVITY\.fit$/.exec(name)?.[1]);
    const bytes = await connect.file(name)?.async('uint8array');
    if (!bytes || !garminId) continue;
    stravaId++;
    recordings++;
    const title = `Strava run ${stravaId}`;
    if (generated.manifest.connect.newActivityIds.includes(garminId)) renamed.set(garminId, title);
    lines.push(`${stravaId},"Jan 1, 2026, 7:00:00 AM",${quote(title)},Run,${quote(gear)},activities/${stravaId}.fit.gz,12,${quote(description)},,`);
    out.file(`activities/${stravaId}.fit.gz`, gzipSync(bytes));
  }
  const manual = [
    { stravaId: 8_000_001, name: 'Gym class', type: 'Weight Training', rpe: 6, movingS: 2700, date: 'Feb 2, 2026, 6:30:00 PM', utc: '2026-02-02T18:30' },
    { stravaId: 8_000_002, name: "Run with a friend's watch", type: 'Run', rpe: null, movingS: 1800, date: 'Feb 3, 2026, 7:00:00 AM', utc: '2026-02-03T07:00' },
  ];
  for (const m of manual) lines.push(`${m.stravaId},${quote(m.date)},${quote(m.name)},${m.type},,,,,${m.movingS},${m.rpe ?? ''}`);
  lines.push('8000003,not a date,Broken,Run,,,,,1800,');
  out.file('activities.csv', lines.join('\n'));
  out.file('profile.csv', 'Athlete ID\n1\n');
  return {
    zip: await out.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }),
    renamed, recordings, description, gear,
    manual: manual.map(({ stravaId: id, name, rpe, movingS, utc }) => ({ stravaId: id, name, rpe, movingS, utc })),
  };
}
