import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dateOfDay, dateRange, dayNumber, historyEndedOn, isoWeek, isoWeekday, mondayOf, mondayOfIsoWeek } from '../../../src/analysis/calendar';

describe('calendar', () => {
  it('ISO weeks at year boundaries (worked from the ISO 8601 rule: week 1 holds the first Thursday)', () => {
    expect(isoWeek('2026-01-01')).toBe('2026-W01'); // a Thursday
    expect(isoWeek('2027-01-01')).toBe('2026-W53'); // Friday; 2026 has 53 weeks (starts on Thursday)
    expect(isoWeek('2024-12-30')).toBe('2025-W01'); // Monday of the week holding 2025-01-02 (Thursday)
    expect(isoWeek('2026-11-24')).toBe('2026-W48');
    expect(mondayOfIsoWeek('2026-W03')).toBe('2026-01-12');
    expect(mondayOfIsoWeek('2025-W01')).toBe('2024-12-30');
  });

  it('weekday and Monday', () => {
    expect(isoWeekday('2026-11-23')).toBe(0);
    expect(isoWeekday('2026-11-29')).toBe(6);
    expect(mondayOf('2026-11-29')).toBe('2026-11-23');
    expect(dateRange('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  });

  it('property: a date lies in the week that starts on its Monday, and round-trips through its ISO week', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 40_000 }), (n) => {
      const date = addDays('1990-01-01', n);
      const monday = mondayOf(date);
      expect(mondayOfIsoWeek(isoWeek(date))).toBe(monday);
      expect(isoWeekday(monday)).toBe(0);
    }));
  });

  it('property: dateRange equals formatting each day with Date (leap years, month ends, centuries)', () => {
    expect(dateRange('2100-02-27', '2100-03-01')).toEqual(['2100-02-27', '2100-02-28', '2100-03-01']);
    expect(dateRange('2000-02-28', '2000-03-01')).toEqual(['2000-02-28', '2000-02-29', '2000-03-01']);
    fc.assert(fc.property(fc.integer({ min: 0, max: 80_000 }), fc.integer({ min: 0, max: 800 }), (start, len) => {
      const first = addDays('1900-01-01', start);
      const last = addDays(first, len);
      const naive = Array.from({ length: len + 1 }, (_, i) => dateOfDay(dayNumber(first) + i));
      expect(dateRange(first, last)).toEqual(naive);
    }));
    expect(dateRange('2026-03-02', '2026-03-01')).toEqual([]);
  });
});

describe('historyEndedOn', () => {
  it('is the latest date when it is more than 28 days before today, else null', () => {
    expect(historyEndedOn(['2026-01-05', '2026-03-01', '2026-02-10'], '2026-12-01')).toBe('2026-03-01');
    expect(historyEndedOn(['2026-11-02'], '2026-12-01')).toBe('2026-11-02');
    expect(historyEndedOn(['2026-11-03', '2026-11-04'], '2026-12-01')).toBeNull();
    expect(historyEndedOn([], '2026-12-01')).toBeNull();
  });
});
