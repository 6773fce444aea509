import { describe, expect, it } from 'vitest';
import { parsePlanCsv, planToCsv } from '../../../src/notebook/planCsv';

describe('plan CSV', () => {
  it('reads columns in any order and case, ISO weeks or Monday dates, booleans, races', () => {
    const { weeks, unknownColumns, problems } = parsePlanCsv([
      'Distance_KM,WEEK,recovery,Races,coach_notes,long_run_km',
      '42.5,2026-W03,no,,x,16',
      '30,2026-01-21,yes,2026-01-25 Winter 10k 10; 2026-01-24 Parkrun 5,y,',
    ].join('\n'));
    expect(problems).toEqual([]);
    expect(unknownColumns).toEqual(['coach_notes']);
    expect(weeks.map((w) => [w.week, w.weekStart, w.distanceKm, w.recovery, w.longRunKm])).toEqual([
      ['2026-W03', '2026-01-12', 42.5, false, 16],
      ['2026-W04', '2026-01-19', 30, true, null],
    ]);
    expect(weeks[1]?.races).toEqual([{ date: '2026-01-25', name: 'Winter 10k', km: 10 }, { date: '2026-01-24', name: 'Parkrun', km: 5 }]);
  });

  it('reports bad cells by row and column and keeps the good ones', () => {
    const { weeks, problems } = parsePlanCsv('week,distance_km,gym,recovery,races\n2026-W05,abc,2.5,maybe,tomorrow race\nnot-a-week,10,,,\n2026-W06,20,3,1,');
    expect(problems).toEqual([
      { row: 2, column: 'distance_km', message: '"abc" is not a number ≥ 0' },
      { row: 2, column: 'gym', message: '"2.5" is not a whole number ≥ 0' },
      { row: 2, column: 'recovery', message: '"maybe" is not true/false, 1/0 or yes/no' },
      { row: 2, column: 'races', message: '"tomorrow race" is not "YYYY-MM-DD name km"' },
      { row: 3, column: 'week', message: '"not-a-week" is neither an ISO week (2026-W03) nor a date' },
    ]);
    expect(weeks.map((w) => w.week)).toEqual(['2026-W05', '2026-W06']);
  });

  it('round-trips through its own export (quoted names with commas too)', () => {
    const { weeks } = parsePlanCsv('week,phase,distance_km,vert_m,long_run_km,gym,series,recovery,races\n2026-W10,base,40,500,15,2,1,false,"2026-03-08 Run, Forest, Run 10"');
    expect(weeks[0]?.races).toEqual([{ date: '2026-03-08', name: 'Run, Forest, Run', km: 10 }]);
    expect(parsePlanCsv(planToCsv(weeks)).weeks).toEqual(weeks);
  });
});
