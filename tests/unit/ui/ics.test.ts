import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { expandPlan } from '../../../src/analysis/planBuilder';
import { planToIcs } from '../../../src/ui/ics';

/**
 * Issue #17: the plan's sessions as one .ics file, checked by parsing it back with ical.js (a
 * well-kept iCalendar parser): one all-day event per session on its date, across summer time
 * and the new year, a stable UID per session, names with commas, semicolons and accents intact.
 */

const plan = expandPlan(
  { raceDate: '2027-04-04', name: 'Semi de Paris; "Printemps", 2027 — é', distanceKm: 21.0975, climbM: 0, priority: 'A' },
  { daysPerWeek: 5, blockedWeekdays: [] },
  { today: '2026-12-21', weeklyKm: 40, longRunKm: 15 },
);
const ics = planToIcs(plan.sessions, { calendarName: 'Semi de Paris; "Printemps", 2027 — é', now: new Date('2026-12-21T08:00:00Z'), formatDistance: (km) => `${km.toFixed(1)} km` });

describe('the plan as an .ics file', () => {
  it('parses back to one all-day event per session on its date, with its title and the plan\'s name', () => {
    const calendar = new ICAL.Component(ICAL.parse(ics));
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    const events = calendar.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
    expect(events).toHaveLength(plan.sessions.length);
    events.forEach((event, i) => {
      const s = plan.sessions[i]!;
      expect(event.startDate.isDate).toBe(true);
      expect(event.startDate.toString()).toBe(s.date);
      expect(event.endDate.toString()).toBe(new Date(Date.parse(`${s.date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10));
      expect(event.uid).toBe(`${s.id}@fitbook.plan`);
      expect(event.description).toContain(s.structure);
    });
    // Summer time starts on 28 March 2027: the sessions around it keep their days.
    expect(events.map((e) => e.startDate.toString())).toContain('2027-03-28');
    expect(events.find((e) => e.startDate.toString() === '2027-04-04')?.summary).toBe('Race 21.1 km');
    expect(events[0]!.component.getFirstPropertyValue('categories')).toBe('Semi de Paris; "Printemps", 2027 — é');
  });

  it('has stable UIDs (the same plan again updates, not duplicates), CRLF lines of at most 75 octets', () => {
    const again = planToIcs(plan.sessions, { calendarName: 'x', now: new Date('2027-01-05T10:00:00Z'), formatDistance: (km) => `${km} km` });
    const uids = (text: string) => [...text.matchAll(/^UID:(.*)$/gm)].map((m) => m[1]);
    expect(uids(again)).toEqual(uids(ics));
    expect(new Set(uids(ics)).size).toBe(plan.sessions.length);
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.split('\r\n').every((line) => new TextEncoder().encode(line).length <= 75)).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/\n/);
  });
});
