import { beforeAll, describe, expect, it } from 'vitest';
import { pmc } from '../../../src/analysis/banister';
import { addDays, mondayOf } from '../../../src/analysis/calendar';
import { calibrateLoadPerKm, forecastPmc, planToDailyLoad, raceDayTable } from '../../../src/analysis/forecast';
import { banisterTrimp, dailyLoadSeries } from '../../../src/analysis/load';
import { isRun, type ActivityInput } from '../../../src/analysis/types';
import type { Db } from '../../../src/db/db';
import { openMemoryDb } from '../../../src/db/node';
import { exportHrProfile, listActivities } from '../../../src/db/queries';
import { readStream } from '../../../src/db/samples';
import { ingestFiles } from '../../../src/ingest/ingest';
import { generateExport, type Manifest } from '../../../tools/gen-export/generate';

/** file -> ingest -> SQLite -> query -> analysis, on a generated 20-week export. */

let db: Db;
let manifest: Manifest;
let activities: ActivityInput[];

beforeAll(async () => {
  const generated = await generateExport({ seed: 11, weeks: 20 });
  manifest = generated.manifest;
  db = await openMemoryDb();
  await ingestFiles(db, [new File([generated.accountZip as Uint8Array<ArrayBuffer>], 'export.zip')]);
  activities = listActivities(db);
}, 120_000);

describe('analysis on data read back from the database', () => {
  it('reads every activity and its stream back intact', () => {
    expect(activities).toHaveLength(manifest.account.activities);
    const withStream = activities.filter((a) => readStream(db, a.id) !== null);
    expect(withStream).toHaveLength(manifest.account.activitiesWithFit);
    // The stream's own mean HR agrees with the summary's average within a few bpm.
    const run = activities.find((a) => isRun(a.sport) && a.avgHr !== null && (a.timerS ?? 0) > 1800) as ActivityInput;
    const s = readStream(db, run.id);
    const hr = Array.from(s?.hr ?? []).filter((v) => !Number.isNaN(v));
    expect(Math.abs(hr.reduce((a, b) => a + b, 0) / hr.length - (run.avgHr as number))).toBeLessThan(4);
    expect(s?.tS.length).toBe(db.value('SELECT n FROM samples WHERE activity_id = ?', [run.id]));
  });

  it('daily load equals the SQL per-day sum of Garmin loads, and the PMC runs on it', () => {
    const profile = exportHrProfile(db);
    expect(profile?.maxHr).toBeGreaterThan(150);
    const items = activities.map((a) => {
      // Garmin's load, else TRIMP per second of the stream (metrics.md), computed here apart from the app's histogram path.
      const s = a.trainingLoad === null ? readStream(db, a.id) : null;
      const trimp = s?.hr && profile?.maxHr && profile.restingHr ? banisterTrimp(s.tS, s.hr, { restingHr: profile.restingHr, maxHr: profile.maxHr }) : 0;
      return { localDate: a.localDate, load: a.trainingLoad ?? trimp };
    });
    const series = dailyLoadSeries(items, { to: manifest.account.lastLocalDate });
    // Independent check, straight from SQL, on days where every activity carries Garmin's load.
    const sqlDays = db.all<{ local_date: string; load: number }>(
      `SELECT local_date, sum(training_load) AS load FROM activities GROUP BY local_date HAVING count(*) = count(training_load)`,
    );
    expect(sqlDays.length).toBeGreaterThan(50);
    for (const d of sqlDays) expect(series.load[series.dates.indexOf(d.local_date)]).toBeCloseTo(d.load, 6);
    const { ctl, atl } = pmc(series.load);
    const last = series.load.length - 1;
    expect(ctl[last]).toBeGreaterThan(10);
    expect(atl[last]).toBeGreaterThan(0);
  });

  it('calibrates load per km from the runs and forecasts a race after the export', () => {
    const perKm = calibrateLoadPerKm(activities.filter((a) => isRun(a.sport)).map((a) => ({ distanceM: a.distanceM, load: a.trainingLoad })));
    expect(perKm?.runs).toBeGreaterThan(40);
    expect(perKm?.median).toBeGreaterThan(1);
    expect(perKm?.median).toBeLessThan(20);
    const history = dailyLoadSeries(activities.map((a) => ({ localDate: a.localDate, load: a.trainingLoad ?? 0 })), { to: manifest.account.lastLocalDate });
    const start = addDays(mondayOf(manifest.account.lastLocalDate), 7);
    const race = { date: addDays(start, 7 * 5 + 6), name: 'Spring half', km: 21.0975 };
    const weeks = [50, 55, 60, 45, 40, 25].map((km, w) => ({ weekStart: addDays(start, 7 * w), distanceKm: km, races: w === 5 ? [race] : [] }));
    const forecast = forecastPmc(history, planToDailyLoad(weeks, { loadPerKm: perKm?.median ?? 1 }), { today: manifest.account.lastLocalDate });
    const [day] = raceDayTable(forecast, [race]);
    expect(day?.date).toBe(race.date);
    expect(Number.isFinite(day?.tsb)).toBe(true);
  });
});
