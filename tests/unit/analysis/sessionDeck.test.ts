import { describe, expect, it } from 'vitest';
import { matchSessions } from '../../../src/analysis/sessionMatch';
import { paceAtFraction, sessionTarget, speedAtVo2 } from '../../../src/analysis/sessionTargets';
import { QUALITY_SESSIONS, qualitySessionsFor } from '../../../src/analysis/qualitySessions';
import { vo2AtSpeed } from '../../../src/analysis/prediction';
import { DEFAULT_HR_ZONES, type ActivityInput } from '../../../src/analysis/types';

let nextId = 1;
function act(sport: string, localDate: string, hour = 7): ActivityInput {
  return { id: nextId++, sport, localDate, startMs: Date.parse(`${localDate}T0${hour}:00:00Z`), distanceM: 8000, elapsedS: 2400, timerS: 2400, movingS: 2400, ascentM: null, avgHr: 130, maxHr: 150, trainingLoad: null };
}

describe('which activity fulfilled which session', () => {
  it('a hand pick first, a skip takes nothing, then same day before one day off, one activity per session, runs never fulfil gym', () => {
    const mon = act('running', '2027-01-04');
    const tue = act('running', '2027-01-05');
    const wedGym = act('strength_training', '2027-01-06');
    const thu = act('running', '2027-01-07');
    const sessions = [
      { date: '2027-01-04', sport: 'run' as const, status: 'done' as const, activityId: thu.id }, // picked by hand: Thursday's run
      { date: '2027-01-04', sport: 'run' as const, status: 'skipped' as const, activityId: null },
      { date: '2027-01-05', sport: 'run' as const },
      { date: '2027-01-06', sport: 'run' as const }, // Tuesday's run is taken by Tuesday; Monday's is 2 days off
      { date: '2027-01-06', sport: 'gym' as const },
      { date: '2027-01-03', sport: 'run' as const }, // Monday's run is a day off and free
    ];
    expect(matchSessions(sessions, [mon, tue, wedGym, thu])).toEqual([thu.id, null, tue.id, null, wedGym.id, mon.id]);
  });
});

describe('session targets in the athlete\'s numbers', () => {
  it('inverts the Daniels–Gilbert VO₂ cost exactly', () => {
    for (const v of [150, 200, 250, 320]) expect(speedAtVo2(vo2AtSpeed(v))).toBeCloseTo(v, 9);
  });

  it('gives Daniels\' table paces at VDOT 50: easy from 5:07 /km, threshold 4:15, interval 3:55', () => {
    const s = (minPerKm: number) => Math.round(minPerKm * 60);
    expect(s(paceAtFraction(50, 0.7))).toBe(5 * 60 + 7);
    expect(s(paceAtFraction(50, 0.88))).toBe(4 * 60 + 15);
    expect(s(paceAtFraction(50, 0.975))).toBe(3 * 60 + 55);
  });

  it('zones by type from the athlete\'s zones; paces only with a VDOT; hills by effort; the race at the VDOT\'s race pace', () => {
    const zones = DEFAULT_HR_ZONES;
    expect(sessionTarget({ type: 'easy' }, zones, null, 21.1)).toMatchObject({ zones: [2, 2], hr: [121, 140], paceMinPerKm: null });
    expect(sessionTarget({ type: 'hills' }, zones, 50, 21.1)).toMatchObject({ zones: [4, 5], hr: [161, 200], paceMinPerKm: null });
    expect(sessionTarget({ type: 'gym' }, zones, 50, 21.1)).toMatchObject({ zones: null, hr: null, paceMinPerKm: null });
    const tempo = sessionTarget({ type: 'tempo' }, zones, 50, 21.1).paceMinPerKm as readonly [number, number];
    expect((tempo[0] + tempo[1]) / 2).toBeCloseTo(paceAtFraction(50, 0.88), 9);
    // VDOT 50 runs a half marathon in 1:31:35 by Daniels' table: ~4:20 /km.
    const race = sessionTarget({ type: 'race' }, zones, 50, 21.0975).paceMinPerKm as readonly [number, number];
    expect(((race[0] + race[1]) / 2) * 21.0975).toBeGreaterThan(91.3);
    expect(((race[0] + race[1]) / 2) * 21.0975).toBeLessThan(91.8);
  });
});

describe('"I have time today": the sixteen quality sessions', () => {
  it('has sixteen with unique ids, filtered by time and phase, longest first', () => {
    expect(QUALITY_SESSIONS).toHaveLength(16);
    expect(new Set(QUALITY_SESSIONS.map((q) => q.id)).size).toBe(16);
    const base45 = qualitySessionsFor(45, 'base');
    expect(base45.map((q) => q.id)).toEqual(['classic-fartlek', 'hill-sprints', 'thirty-thirties', 'strides']);
    expect(qualitySessionsFor(30, 'taper').map((q) => q.id)).toEqual(['strides']);
    expect(qualitySessionsFor(20, null)).toEqual([]);
    expect(qualitySessionsFor(120, null)).toHaveLength(16);
  });
});
