import type { Phase, SessionType } from './planBuilder';

/**
 * "I have time today, what should I do?" (Stride's Workout Surprise: "sixteen hand-curated
 * quality sessions"). Ours, written for fitbook from the plan builder's session types: each with
 * its whole duration (warm-up and cool-down included), the phases it suits and what to do.
 */

export interface QualitySession {
  /** Stable: the calendar event's UID part and the card's hook. */
  id: string;
  name: string;
  type: Exclude<SessionType, 'easy' | 'gym' | 'race'>;
  /** The whole session, warm-up and cool-down included. */
  minutes: number;
  phases: readonly Exclude<Phase, 'race'>[];
  structure: string;
}

const WARM = '10 min easy to warm up';
const COOL = '10 min easy to cool down';

export const QUALITY_SESSIONS: readonly QualitySession[] = [
  { id: 'strides', name: 'Easy run with strides', type: 'strides', minutes: 30, phases: ['base', 'specific', 'taper'], structure: '25 min easy, then 6 × 20 s strides, walk back' },
  { id: 'thirty-thirties', name: '30/30s', type: 'intervals', minutes: 35, phases: ['base', 'specific', 'taper'], structure: `${WARM}; 2 × 8 × 30 s fast, 30 s easy, 3 min between sets; ${COOL}` },
  { id: 'race-sharpener', name: 'Race sharpener', type: 'tempo', minutes: 35, phases: ['taper'], structure: `${WARM}; 3 × 3 min at goal race pace, 2 min jog; 4 × 20 s strides; ${COOL}` },
  { id: 'hill-sprints', name: 'Short hill sprints', type: 'hills', minutes: 40, phases: ['base'], structure: `${WARM}; 10 × 15 s all-out up a steep hill, walk down; 10 min easy; ${COOL}` },
  { id: 'short-tempo', name: 'Short tempo', type: 'tempo', minutes: 40, phases: ['specific', 'taper'], structure: `${WARM}; 2 × 8 min at threshold, 2 min jog; ${COOL}` },
  { id: 'classic-fartlek', name: 'Classic fartlek', type: 'fartlek', minutes: 45, phases: ['base', 'specific'], structure: `${WARM}; 8 × 1 min brisk, 1 min easy; ${COOL}` },
  { id: 'four-hundreds', name: '12 × 400 m', type: 'intervals', minutes: 45, phases: ['specific'], structure: `${WARM}; 12 × 400 m at interval pace, 200 m jog; ${COOL}` },
  { id: 'continuous-tempo', name: 'Continuous tempo', type: 'tempo', minutes: 45, phases: ['specific'], structure: `${WARM}; 20 min at threshold; ${COOL}` },
  { id: 'pyramid-fartlek', name: 'Pyramid fartlek', type: 'fartlek', minutes: 50, phases: ['base', 'specific'], structure: `${WARM}; 1-2-3-4-3-2-1 min hard, each followed by half as long easy; ${COOL}` },
  { id: 'long-hills', name: 'Long hill repeats', type: 'hills', minutes: 50, phases: ['specific'], structure: `${WARM}; 6 × 2 min uphill at 5 K effort, jog down; ${COOL}` },
  { id: 'progression', name: 'Progression run', type: 'progression', minutes: 50, phases: ['base', 'specific'], structure: '50 min starting easy, a little faster every 10 min, the last 10 at threshold' },
  { id: 'kilometre-repeats', name: '5 × 1 km', type: 'intervals', minutes: 55, phases: ['specific'], structure: `${WARM}; 5 × 1 km at interval pace, 3 min jog; ${COOL}` },
  { id: 'cruise-intervals', name: 'Cruise intervals', type: 'tempo', minutes: 60, phases: ['specific'], structure: `${WARM}; 3 × 10 min at threshold, 2 min jog; ${COOL}` },
  { id: 'rolling-hills', name: 'Rolling hills run', type: 'hills', minutes: 75, phases: ['base', 'specific'], structure: '75 min on hilly ground: easy on the flat, a strong effort up every climb, relaxed down' },
  { id: 'fast-finish-long', name: 'Fast-finish long run', type: 'progression', minutes: 100, phases: ['specific'], structure: '80 min easy, then 20 min at goal race pace' },
  { id: 'race-pace-long', name: 'Long run with race-pace blocks', type: 'long', minutes: 120, phases: ['specific'], structure: '2 h easy with 3 × 15 min at goal race pace, 5 min easy between' },
];

/**
 * The sessions that fit the time the athlete has and the phase they are in, the longest first
 * (the most of the time they have); every phase when none is given (no plan).
 */
export function qualitySessionsFor(minutes: number, phase: Exclude<Phase, 'race'> | null): QualitySession[] {
  return QUALITY_SESSIONS.filter((q) => q.minutes <= minutes && (phase === null || q.phases.includes(phase)))
    .sort((a, b) => b.minutes - a.minutes || a.id.localeCompare(b.id));
}

/** The session as a message to a training partner (Web Share or the clipboard). */
export function qualitySessionText(q: QualitySession): string {
  return `${q.name} (${q.minutes} min): ${q.structure}.`;
}
