import { describe, expect, it } from 'vitest';
import { formatRaces, parseRaces } from '../../../src/notebook/planWeek';
import { METRES_PER_MILE } from '../../../src/analysis/types';

describe('races as typed in the plan', () => {
  it('reads the distance in the athlete\'s unit unless it says km or mi, and stores km', () => {
    expect(parseRaces('2027-04-11 Paris Marathon 42.195').races).toEqual([{ date: '2027-04-11', name: 'Paris Marathon', km: 42.195 }]);
    const mi = parseRaces('2027-04-11 Boston 26.2; 2027-05-01 Local 10K 10 km', 'mi');
    expect(mi.error).toBeNull();
    expect(mi.races.map((r) => [r.name, r.km])).toEqual([['Boston', (26.2 * METRES_PER_MILE) / 1000], ['Local 10K', 10]]);
    expect(parseRaces('2027-04-11 Half 13.1 MI').races[0]?.km).toBeCloseTo(13.1 * 1.609344, 9);
    expect(parseRaces('2027-04-11 Half', 'mi').error).toBe('"2027-04-11 Half" is not "YYYY-MM-DD name mi"');
  });

  it('shows km as stored, and miles with the unit said, so what is shown reads back as the same race', () => {
    const races = [{ date: '2027-04-11', name: 'Boston', km: (26.2 * METRES_PER_MILE) / 1000 }, { date: '2027-05-01', name: 'Local 10K', km: 10 }];
    expect(formatRaces(races, 'mi')).toBe('2027-04-11 Boston 26.2 mi; 2027-05-01 Local 10K 6.21 mi');
    expect(formatRaces([{ date: '2027-05-01', name: 'Local 10K', km: 10 }])).toBe('2027-05-01 Local 10K 10');
    const again = parseRaces(formatRaces(races, 'mi'), 'km').races;
    expect(again[0]?.km).toBeCloseTo(races[0]?.km as number, 9);
    expect(again[1]?.km).toBeCloseTo(10, 1);
  });
});
