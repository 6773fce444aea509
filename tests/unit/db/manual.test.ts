import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/db';
import { openMemoryDb } from '../../../src/db/node';
import { deleteManual, importManualCsv, listManual, manualProblem, saveManual } from '../../../src/db/manual';
import { readDataset } from '../../../src/db/dataset';
import { sessionRpeLoad } from '../../../src/analysis/sessionLoad';
import { fitnessSeries } from '../../../src/analysis/fitness';
import { parseManualCsv } from '../../../src/ingest/manualCsv';

const HR = { zones: [[100, 120], [121, 140], [141, 160], [161, 180], [181, 190]] as const, restingHr: 50, maxHr: 190 };
const CSV = [
  'activity_date,activity_type,distance_km,duration_min,training_load,notes,external_id',
  '2026-03-02,strength_training,,45,60,"squats, deadlifts",gym-1',
  '2026-03-03,running,10.5,52,,group run on a friend\'s watch,run-1',
  '2026-03-04,hiking,12,180,95,,',
].join('\n');

describe('off-watch sessions (openrun\'s manual log)', () => {
  let db: Db;
  beforeEach(async () => { db = await openMemoryDb(); });

  it('imports openrun\'s CSV; external_id makes a re-import update instead of duplicate', () => {
    expect(importManualCsv(db, CSV)).toEqual({ added: 3, updated: 0, problems: [] });
    const edited = CSV.replace('45,60,"squats, deadlifts"', '50,70,"squats, deadlifts, more"');
    // The row without an external_id is added again (nothing says it is the same); the two with one are updated.
    expect(importManualCsv(db, edited)).toEqual({ added: 1, updated: 2, problems: [] });
    const gym = listManual(db).find((s) => s.externalId === 'gym-1');
    expect(gym).toMatchObject({ localDate: '2026-03-02', sport: 'strength_training', durationS: 3000, trainingLoad: 70, notes: 'squats, deadlifts, more', loadSource: 'manual' });
    expect(listManual(db).filter((s) => s.externalId === 'run-1')).toHaveLength(1);
  });

  it('names bad rows with their reason and imports the rest', () => {
    const bad = [
      'activity_date,activity_type,distance_km,duration_min,training_load,notes',
      '2026-02-30,running,5,30,,',
      '03/04/2026,running,5,30,,',
      '2026-03-05,running,5,-20,,',
      '2026-03-06,running,-5,20,,',
      '2026-03-07,,5,20,,',
      '2026-03-08,running,5,25,,fine',
    ].join('\n');
    const report = importManualCsv(db, bad);
    expect(report.added).toBe(1);
    expect(report.problems).toEqual([
      { row: 2, reason: '"2026-02-30" is not a date (YYYY-MM-DD)' },
      { row: 3, reason: '"03/04/2026" is not a date (YYYY-MM-DD)' },
      { row: 4, reason: 'the duration "-20" is not a positive number of minutes' },
      { row: 5, reason: 'the distance "-5" is not a distance in km' },
      { row: 6, reason: 'no activity type' },
    ]);
    expect(parseManualCsv('date,type\n2026-01-01,run\n').problems[0]?.reason).toMatch(/^not a sessions CSV: no activity_date, activity_type, duration_min column/);
  });

  it('a session without a load carries session RPE × minutes (Foster); edited and deleted', () => {
    const input = { localDate: '2026-03-10', startTime: '18:30', sport: 'indoor_cardio', name: 'Spin class', distanceM: null, durationS: 45 * 60, rpe: 7, trainingLoad: null, notes: null };
    expect(manualProblem(input)).toBeNull();
    const id = saveManual(db, input);
    expect(listManual(db)[0]).toMatchObject({ id, trainingLoad: sessionRpeLoad(7, 45), loadSource: 'session_rpe', startTime: '18:30' });
    expect(sessionRpeLoad(7, 45)).toBe(315);
    saveManual(db, { ...input, durationS: 60 * 60 }, id);
    expect(listManual(db)[0]?.trainingLoad).toBe(420);
    saveManual(db, { ...input, rpe: null, trainingLoad: 80 }, id);
    expect(listManual(db)[0]).toMatchObject({ trainingLoad: 80, loadSource: 'manual' });
    deleteManual(db, id);
    expect(listManual(db)).toEqual([]);
    expect(manualProblem({ ...input, durationS: -60 })).toBe('The duration must be more than 0 minutes.');
    expect(manualProblem({ ...input, rpe: 11 })).toBe('Session RPE is 1 (very easy) to 10 (maximal).');
    expect(manualProblem({ ...input, localDate: '' })).toBe('Pick the date.');
  });

  it('counts in the day loads and so in fitness; survives an import of recordings (a separate table)', () => {
    importManualCsv(db, CSV);
    const { loads } = readDataset(db, HR);
    const manual = loads.filter((l) => l.id < 0);
    expect(manual.map((l) => [l.localDate, l.load, l.loadSource])).toEqual([
      ['2026-03-02', 60, 'manual'], ['2026-03-04', 95, 'manual'],
    ]);
    const series = fitnessSeries(loads, { today: '2026-03-05' });
    expect(series.load[series.dates.indexOf('2026-03-04')]).toBe(95);
  });
});
