import { dayNumber } from './calendar';
import type { PlannedSession } from './planBuilder';
import { GYM_SPORTS, isRun, type ActivityInput } from './types';

/**
 * Which activity fulfilled which planned session (issue #17: "matched by day and type, or picked
 * by hand"). One function for the session deck and the drift rules, so the deck's "done" and
 * replanning's "skipped" can never disagree.
 */

export type SessionStatus = 'planned' | 'done' | 'skipped';

/** A dated session with what the athlete did about it (a row of plan_sessions). */
export interface TrackedSession extends PlannedSession {
  /** Set by hand in the deck; 'planned' leaves it to matching. */
  status: SessionStatus;
  /** The activity picked by hand (status 'done'); null when matched by day or not done. */
  activityId: number | null;
}

/** What a session asks for: a run (the race included) or a gym session. */
export type SessionSport = 'run' | 'gym';

export function sessionSport(type: PlannedSession['type']): SessionSport {
  return type === 'gym' ? 'gym' : 'run';
}

export function activitySport(a: Pick<ActivityInput, 'sport'>): SessionSport | null {
  if (isRun(a.sport)) return 'run';
  if (GYM_SPORTS.has(a.sport)) return 'gym';
  return null;
}

/** What matching needs of a session; the status and hand-picked activity are optional. */
export interface MatchableSession {
  date: string;
  sport: SessionSport;
  status?: SessionStatus;
  activityId?: number | null;
}

/**
 * For each session (by index), the id of the activity that fulfilled it, or null.
 * - A session marked done with an activity takes that one; a session marked skipped takes none.
 * - The others take an activity of their sport on their day, else within ±toleranceDays (a run
 *   moved by a day is done, not skipped): same-day matches first for every session, then one day
 *   off, and so on; sessions in date order, the earlier activity on a tie.
 * - One activity fulfils at most one session.
 */
export function matchSessions(
  sessions: readonly MatchableSession[],
  activities: readonly ActivityInput[],
  { toleranceDays = 1 }: { toleranceDays?: number } = {},
): (number | null)[] {
  const result: (number | null)[] = sessions.map(() => null);
  const used = new Set<number>();
  sessions.forEach((s, i) => {
    if (s.status === 'done' && s.activityId != null) {
      result[i] = s.activityId;
      used.add(s.activityId);
    }
  });
  const order = sessions.map((_, i) => i).filter((i) => result[i] === null && sessions[i]?.status !== 'skipped')
    .sort((a, b) => (sessions[a] as MatchableSession).date.localeCompare((sessions[b] as MatchableSession).date) || a - b);
  const acts = activities.filter((a) => activitySport(a) !== null && !used.has(a.id)).sort((a, b) => a.startMs - b.startMs || a.id - b.id);
  const actDay = acts.map((a) => dayNumber(a.localDate));
  const actSport = acts.map(activitySport);
  const taken = new Uint8Array(acts.length);
  for (let off = 0; off <= toleranceDays; off++) {
    for (const i of order) {
      if (result[i] !== null) continue;
      const s = sessions[i] as MatchableSession;
      const day = dayNumber(s.date);
      for (let j = 0; j < acts.length; j++) {
        if (!taken[j] && actSport[j] === s.sport && Math.abs((actDay[j] as number) - day) === off) {
          taken[j] = 1;
          result[i] = (acts[j] as ActivityInput).id;
          break;
        }
      }
    }
  }
  return result;
}
