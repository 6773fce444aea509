import type { PlannedSession } from '../analysis/planBuilder';

/**
 * A plan's sessions as one iCalendar file (RFC 5545) that Google, Apple and Outlook calendars
 * import: one all-day VEVENT per session on its local date (DTSTART;VALUE=DATE, DTEND the next
 * day: all-day events carry no time zone, so nothing can move across summer time), a UID that
 * is the session's stable id, so importing the plan again updates events instead of adding them.
 * Lines are CRLF-terminated and folded at 75 octets; text is escaped (\\ ; , and newlines).
 */

export interface IcsOptions {
  /** The plan's name: the calendar's name and each event's category. */
  calendarName: string;
  /** DTSTAMP (required by RFC 5545): when the file was made, UTC. */
  now: Date;
  /** Kilometres or miles in the summaries. */
  formatDistance: (km: number) => string;
}

const SESSION_TITLES: Record<PlannedSession['type'], string> = {
  easy: 'Easy run', long: 'Long run', tempo: 'Tempo', intervals: 'Intervals', hills: 'Hills', fartlek: 'Fartlek',
  progression: 'Progression run', strides: 'Easy run + strides', gym: 'Gym', race: 'Race',
};

/** A session type's name ("Tempo", "Easy run + strides"), as calendars and the deck show it. */
export function sessionTypeTitle(type: PlannedSession['type']): string {
  return SESSION_TITLES[type];
}

export function sessionTitle(s: Pick<PlannedSession, 'type' | 'distanceKm' | 'durationMin'>, formatDistance: (km: number) => string): string {
  const amount = s.distanceKm !== null && s.distanceKm > 0 ? ` ${formatDistance(s.distanceKm)}` : s.durationMin !== null ? ` ${s.durationMin} min` : '';
  return `${sessionTypeTitle(s.type)}${amount}`;
}

export function planToIcs(sessions: readonly PlannedSession[], options: IcsOptions): string {
  const stamp = utcStamp(options.now);
  const lines = [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//fitbook//training plan//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.calendarName)}`,
  ];
  for (const s of sessions) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(`${s.id}@fitbook.plan`)}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${s.date.replace(/-/g, '')}`,
      `DTEND;VALUE=DATE:${nextDay(s.date).replace(/-/g, '')}`,
      `SUMMARY:${escapeText(sessionTitle(s, options.formatDistance))}`,
      `DESCRIPTION:${escapeText(`${s.structure}\n${s.phase} phase, week ${s.week}, ${s.intensity}.`)}`,
      `CATEGORIES:${escapeText(options.calendarName)}`,
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}

/** RFC 5545 §3.3.11: backslash, semicolon, comma and newlines escaped. */
function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** RFC 5545 §3.1: lines longer than 75 octets continue on the next line after a space (never inside a UTF-8 character). */
function fold(line: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(line).length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  for (const ch of line) {
    const n = encoder.encode(ch).length;
    // The first line holds 75 octets; continuation lines 74 after their leading space.
    if (size + n > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      size = 0;
    }
    current += ch;
    size += n;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

function utcStamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
