import { acwr, monotonyStrain, pmc, rampRate } from '../src/analysis/banister';
import { addDays, dateRange } from '../src/analysis/calendar';
import { streamDecoupling } from '../src/analysis/decoupling';
import { metresPerBeat } from '../src/analysis/efficiency';
import { forecastPmc, planToDailyLoad, raceDayTable, type PlannedWeek } from '../src/analysis/forecast';
import { runGap } from '../src/analysis/gap';
import { clusterRoutes, clusterRoutesNaive } from '../src/analysis/routes';
import { bestEfforts } from '../src/analysis/records';
import { timeInZone } from '../src/analysis/timeInZone';
import type { StreamInput } from '../src/analysis/types';

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

/** A ~70 min hilly 1 Hz run with drift, deterministic per seed. */
function syntheticRun(seed: number, n = 4200): StreamInput {
  const tS = new Float32Array(n);
  const hr = new Float32Array(n);
  const speed = new Float32Array(n);
  const dist = new Float32Array(n);
  const alt = new Float32Array(n);
  let d = 0;
  for (let i = 0; i < n; i++) {
    tS[i] = i;
    speed[i] = 3 + 0.4 * Math.sin((i + seed * 97) / 240) + (i % 600 < 5 ? -2.8 : 0);
    hr[i] = 130 + (25 * i) / n + 8 * Math.sin(i / 300);
    d += speed[i] as number;
    dist[i] = d;
    alt[i] = 100 + 40 * Math.sin(d / 900 + seed);
  }
  return { tS, hr, speedMps: speed, distanceM: dist, lat: null, lon: null, altitudeM: alt };
}

/** Every per-run metric for 3,000 runs (50 distinct streams, each analysed 60 times). */
export function benchPerRun(runs = 3000): number {
  const streams = Array.from({ length: 50 }, (_, i) => syntheticRun(i));
  const all = () => {
    for (let r = 0; r < runs; r++) {
      const s = streams[r % streams.length] as StreamInput;
      runGap(s);
      streamDecoupling(s);
      timeInZone(s, []);
      bestEfforts(s);
      metresPerBeat(s.distanceM?.[s.distanceM.length - 1] ?? null, s.tS.length, 140);
    }
  };
  all();
  const t0 = performance.now();
  all();
  return performance.now() - t0;
}

/** 10,000 run starts around 60 home loops in a 20 km city, jittered by GPS (deterministic). */
function starts(n = 10_000): { lat: Float64Array; lon: Float64Array } {
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  let x = 88172645;
  const rnd = () => {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
  const homes = Array.from({ length: 60 }, () => [50.75 + 0.18 * rnd(), 4.25 + 0.28 * rnd()] as const);
  for (let i = 0; i < n; i++) {
    const [hl, ho] = homes[Math.floor(rnd() * homes.length)] as readonly [number, number];
    lat[i] = hl + (rnd() - 0.5) * 0.004;
    lon[i] = ho + (rnd() - 0.5) * 0.006;
  }
  return { lat, lon };
}

export function benchAnalysis(): AnalysisTiming[] {
  const { lat, lon } = starts();
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
    { what: 'Route clustering of 10,000 starts, grid (same partition as the plain loop)', medianMs: timeMedian(() => clusterRoutes(lat, lon), 50), target: '< 50 ms' },
    { what: 'Route clustering of 10,000 starts, plain greedy loop (reference)', medianMs: timeMedian(() => clusterRoutesNaive(lat, lon), 5), target: '' },
    { what: 'All per-run metrics (GAP, decoupling, time in zone, best efforts, m/beat), 3,000 runs of 70 min at 1 Hz', medianMs: benchPerRun(), target: '< 2,000 ms' },
  ];
}
