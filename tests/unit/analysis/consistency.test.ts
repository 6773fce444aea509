import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/analysis/calendar';
import { consistencyYear } from '../../../src/analysis/consistency';

const day = (localDate: string, load = 50, distanceM: number | null = 8000) => ({ localDate, load, distanceM });

describe('consistency map', () => {
  it('lays a year of days out in weeks from Monday, sums each day, and counts streaks and rest days', () => {
    const today = '2026-11-30'; // a Monday
    const c = consistencyYear([
      day('2026-11-30'), day('2026-11-29'), day('2026-11-28'), day('2026-11-28', 30, 4000),
      day('2026-11-20'), day('2026-11-21'), day('2026-11-22'), day('2026-11-23'), day('2026-11-24'),
      day('2025-11-30'), // 365 days back: outside the year
    ], today, 'load');
    expect(c.from).toBe('2025-12-01');
    expect(c.days).toHaveLength(365);
    expect(c.days[0]).toEqual({ date: '2025-12-01', week: 0, weekday: 0, value: null });
    expect(c.days.at(-1)).toEqual({ date: '2026-11-30', week: 52, weekday: 0, value: 50 });
    expect(c.days.find((d) => d.date === '2026-11-28')?.value).toBe(80);
    expect(c.activeDays).toBe(8);
    expect(c.restDays).toBe(357);
    expect(c.longestStreak).toBe(5);
    expect(c.currentStreak).toBe(3);
    expect(consistencyYear([day('2026-11-28', 0, 4000)], today, 'distance').days.find((d) => d.date === '2026-11-28')?.value).toBe(4);
    // Today not trained yet: yesterday's streak still counts.
    expect(consistencyYear([day('2026-11-29'), day('2026-11-28')], today, 'load').currentStreak).toBe(2);
    expect(consistencyYear([day('2026-11-28')], today, 'load').currentStreak).toBe(0);
  });

  it('streaks never exceed active days, and active + rest days make the year (property)', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 400 }), { maxLength: 200 }), (offsets) => {
      const today = '2026-06-15';
      const c = consistencyYear(offsets.map((o) => day(addDays(today, -o))), today, 'load');
      const inYear = offsets.filter((o) => o <= 364).length;
      expect(c.activeDays).toBe(inYear);
      expect(c.activeDays + c.restDays).toBe(365);
      expect(c.longestStreak).toBeLessThanOrEqual(c.activeDays);
      expect(c.currentStreak).toBeLessThanOrEqual(c.longestStreak);
      expect(c.days.filter((d) => d.value !== null)).toHaveLength(inYear);
    }));
  });
});
