import { addDays } from './calendar';
import { DEFAULTS, predictRaces, type EffortInput } from './prediction';

/**
 * Predicted race times over time (issue #17, Stride's "predicted race times" chart): on each
 * date, Riegel and VDOT from the best effort of the 90 days ending that date (prediction.ts
 * predictRaces, the Records cell's rule), for each target distance. A date whose 90 days hold no
 * effort has no prediction (the line breaks there instead of inventing one).
 */

export interface PredictionPoint {
  date: string;
  targetM: number;
  riegelS: number | null;
  vdotS: number | null;
  /** The effort predicted from (null without one). */
  sourceActivityId: number | null;
  sourceVdot: number | null;
}

/** Every `stepDays` from `to` back to `from` (so the last point is `to` itself), oldest first. */
export function predictionHistory(
  efforts: readonly EffortInput[],
  { from, to, stepDays = 7, targetsM = DEFAULTS.raceTargetsM }: { from: string; to: string; stepDays?: number; targetsM?: readonly number[] },
): PredictionPoint[] {
  const dates: string[] = [];
  for (let d = to; d >= from; d = addDays(d, -stepDays)) dates.push(d);
  dates.reverse();
  // Only efforts that can fall in some window, so each date scans few.
  const early = addDays(from, -(DEFAULTS.recentDays - 1));
  const near = efforts.filter((e) => e.localDate >= early && e.localDate <= to);
  return dates.flatMap((date) => {
    const { source, predictions } = predictRaces(near, { asOf: date, raceTargetsM: targetsM });
    return targetsM.map((targetM, i) => {
      const p = predictions[i];
      return {
        date, targetM, riegelS: p ? p.riegelS : null, vdotS: p && Number.isFinite(p.vdotS) ? p.vdotS : null,
        sourceActivityId: source?.activityId ?? null, sourceVdot: source?.vdot ?? null,
      };
    });
  });
}

/** The change of a distance's prediction between two dates, seconds (negative = faster now); null when either is missing. */
export function predictionChangeS(points: readonly PredictionPoint[], targetM: number, method: 'riegel' | 'vdot', fromDate: string, toDate: string): number | null {
  const at = (date: string) => points.find((p) => p.targetM === targetM && p.date === date)?.[method === 'riegel' ? 'riegelS' : 'vdotS'] ?? null;
  const a = at(fromDate);
  const b = at(toDate);
  return a === null || b === null ? null : b - a;
}
