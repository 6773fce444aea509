import { describe, expect, it } from 'vitest';
import { addRace, emptyWeek, formatRaces, parseRaces, removeRace } from '../../../src/notebook/planWeek';
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

describe('adding and removing a race with the form', () => {
  const plan = [0, 7, 14].map((d) => ({ ...emptyWeek(`2027-03-${String(1 + d).padStart(2, '0')}`), distanceKm: 40 + d, phase: 'base' }));
  const race = { date: '2027-03-13', name: 'City 10K', km: 10 };

  it('puts the race in its ISO week, in date order, and changes nothing else', () => {
    const out = addRace(plan, race);
    expect(out.map((w) => w.weekStart)).toEqual(['2027-03-01', '2027-03-08', '2027-03-15']);
    expect(out[1]?.races).toEqual([race]);
    expect(out.map((w) => w.distanceKm)).toEqual([40, 47, 54]);
    const two = addRace(out, { date: '2027-03-09', name: 'Parkrun', km: 5 });
    expect(two[1]?.races.map((r) => r.name)).toEqual(['Parkrun', 'City 10K']);
    expect(plan[1]?.races).toEqual([]);
  });

  it('extends the plan to a race after its end (and before its start) with weeks like its last (first) one', () => {
    const out = addRace(plan, { date: '2027-04-04', name: 'Half', km: 21.0975 });
    // 2027-04-04 is a Sunday: its ISO week starts on Monday 2027-03-29.
    expect(out.map((w) => w.weekStart)).toEqual(['2027-03-01', '2027-03-08', '2027-03-15', '2027-03-22', '2027-03-29']);
    expect(out.slice(3).map((w) => [w.distanceKm, w.phase, w.week])).toEqual([[54, 'base', '2027-W12'], [54, 'base', '2027-W13']]);
    expect(out[4]?.races.map((r) => r.name)).toEqual(['Half']);
    const before = addRace(plan, { date: '2027-02-20', name: 'Cross', km: 8 });
    expect(before.map((w) => w.weekStart)).toEqual(['2027-02-15', '2027-02-22', '2027-03-01', '2027-03-08', '2027-03-15']);
    expect(before[0]?.races.map((r) => r.name)).toEqual(['Cross']);
    expect(addRace([], race).map((w) => [w.weekStart, w.races.length])).toEqual([['2027-03-08', 1]]);
  });

  it('fills a gap left in the plan with the race week, and removes a race by position', () => {
    const gappy = [plan[0], plan[2]].map((w) => ({ ...(w as typeof plan[number]) }));
    const out = addRace(gappy, race);
    expect(out.map((w) => w.weekStart)).toEqual(['2027-03-01', '2027-03-08', '2027-03-15']);
    const removed = removeRace(addRace(addRace(plan, race), { date: '2027-03-09', name: 'Parkrun', km: 5 }), '2027-03-08', 0);
    expect(removed[1]?.races).toEqual([race]);
  });
});
