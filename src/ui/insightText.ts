import type { RunFact } from '../analysis/insights';
import { INSIGHTS } from '../analysis/insights';
import type { HrZones } from '../analysis/types';
import type { SessionType } from '../analysis/planBuilder';
import { formatDay, formatDistance, formatPace, formatSeconds, kmIn, unitMetres, type Units } from './format';

const SESSION_WORDS: Record<SessionType, string> = {
  easy: 'easy run', long: 'long run', tempo: 'tempo', intervals: 'intervals', hills: 'hill session', fartlek: 'fartlek',
  progression: 'progression run', strides: 'easy run with strides', gym: 'gym session', race: 'race',
};

/**
 * A run's facts (analysis/insights.ts) as the sentences of its paragraph, in the athlete's units:
 * each says the run's number, what it is compared with, and how many runs that is.
 */
export function insightSentences(facts: readonly RunFact[], units: Units, zones: HrZones): { kind: RunFact['kind']; text: string }[] {
  return facts.map((f) => {
    switch (f.kind) {
      case 'plan': {
        const s = f.session;
        const planned = s.distanceKm !== null && s.distanceKm > 0 && f.runKm !== null
          ? `: ${kmIn(s.distanceKm, units).toFixed(1)} ${units} planned, ${kmIn(f.runKm, units).toFixed(1)} ${units} run` : '';
        return { kind: f.kind, text: `It was your plan's ${SESSION_WORDS[s.type]} of ${formatDay(s.date)} (week ${s.week}, ${s.phase} phase)${planned}.` };
      }
      case 'easy-pace': {
        const s = Math.round(Math.abs(f.deltaSPerKm) * (unitMetres(units) / 1000));
        return { kind: f.kind, text: `At ${f.hr} bpm you ran ${formatPace(f.paceMinPerKm, units)}: ${s} s/${units} ${f.deltaSPerKm < 0 ? 'faster' : 'slower'} than your runs at ${f.hr - INSIGHTS.hrToleranceBpm}–${f.hr + INSIGHTS.hrToleranceBpm} bpm six weeks ago (${formatPace(f.baselinePaceMinPerKm, units)}, ${f.baselineRuns} runs).` };
      }
      case 'decoupling': {
        const usual = f.usualPct === null ? '' : `, ${f.pct > f.usualPct ? 'above' : 'at or below'} your usual ${f.usualPct.toFixed(1)} % on long steady runs of the last 90 days (${f.usualRuns} runs)`;
        return { kind: f.kind, text: `Decoupling ${f.pct.toFixed(1)} % over ${formatSeconds(f.movingS)}: ${f.verdict} by Friel's bands${usual}.` };
      }
      case 'load':
        return { kind: f.kind, text: f.rank === 1
          ? `Load ${Math.round(f.load)}: the biggest of your ${f.runs} runs in the last four weeks (median ${Math.round(f.medianLoad)}).`
          : `Load ${Math.round(f.load)}: the ${f.rank === 2 ? 'second' : 'third'} biggest of your ${f.runs} runs in the last four weeks (median ${Math.round(f.medianLoad)}).` };
      case 'longest':
        return { kind: f.kind, text: f.since === null ? `Your longest run yet: ${formatDistance(f.distanceM, units)}.` : `Your longest run since ${formatDay(f.since)} ${f.since.slice(0, 4)}: ${formatDistance(f.distanceM, units)}.` };
      case 'zones':
        return { kind: f.kind, text: `Time in zones: ${Math.round(f.easyShare * 100)} % in 1–2 (up to ${zones[1][1]} bpm), ${Math.round(f.moderateShare * 100)} % in 3, ${Math.round(f.hardShare * 100)} % in 4–5 (from ${zones[3][0]} bpm).` };
      case 'intervals':
        return { kind: f.kind, text: 'Its laps alternate hard and easy: counted as an interval session in the week\'s compliance.' };
    }
  });
}
