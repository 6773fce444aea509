import { acwr, monotonyStrain, pmc, rampRate } from '../src/analysis/banister';
import { addDays, dateRange } from '../src/analysis/calendar';
import { forecastPmc, planToDailyLoad, raceDayTable, type PlannedWeek } from '../src/analysis/forecast';

/**
 * The analysis functions on 10 years of history, as every edit in the notebook runs them.
 * Median of many runs after warm-up (the JIT and the first allocation are not the user's cost).
 */

export interface AnalysisTiming {
  what: string;
  medianMs: number;
  target: string;
}

export function timeMedian(fn: () => unknown, runs = 200): number {
  for (let i = 0; i < 20; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

export function benchAnalysis(): AnalysisTiming[] {
  const today = '2026-11-24';
  const dates = dateRange(addDays(today, -3652), today);
  // A deterministic pseudo-training load: weekly pattern plus slow periodisation.
  const load = Float64Array.from(dates, (_, i) => ((i * 7919) % 13 === 0 ? 0 : 40 + 60 * Math.abs(Math.sin(i / 9)) + 30 * Math.sin(i / 60)));
  const weeks: PlannedWeek[] = Array.from({ length: 20 }, (_, w) => ({
    weekStart: addDays('2026-11-30', 7 * w), distanceKm: 40 + w, races: w === 19 ? [{ date: addDays('2026-11-30', 7 * w + 5), name: 'Marathon', km: 42.195 }] : [],
  }));
  const history = { dates, load };
  return [
    { what: 'PMC (CTL/ATL/TSB), 10 years', medianMs: timeMedian(() => pmc(load)), target: '< 2 ms' },
    {
      what: 'PMC + ACWR + ramp + monotony/strain, 10 years',
      medianMs: timeMedian(() => {
        const p = pmc(load);
        acwr(load);
        rampRate(p.ctl);
        monotonyStrain(load);
      }),
      target: '',
    },
    {
      what: 'Forecast: plan to daily load + 10 years of history + race-day table',
      medianMs: timeMedian(() => {
        const plan = planToDailyLoad(weeks, { loadPerKm: 1.6 });
        raceDayTable(forecastPmc(history, plan, { today }), weeks.flatMap((w) => w.races));
      }),
      target: '< 2 ms (with the PMC)',
    },
  ];
}
