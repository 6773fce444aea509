import { acwr, pmc, rampRate } from './banister';
import { dailyLoadSeries, type DayLoad } from './load';

/**
 * The Fitness cell's series, composed from load and banister (never re-derived): one row per
 * local day from the first day with data to `today`, as the Fitness CSV lists them
 * (date, load, ctl, atl, tsb, acwr, ramp).
 */
export interface FitnessSeries {
  dates: string[];
  load: Float64Array;
  ctl: Float64Array;
  atl: Float64Array;
  tsb: Float64Array;
  acwr: Float64Array;
  ramp: Float64Array;
}

export function fitnessSeries(items: readonly DayLoad[], { today, ctlDays, atlDays }: { today: string; ctlDays?: number; atlDays?: number }): FitnessSeries {
  const { dates, load } = dailyLoadSeries([...items], { to: today });
  const p = pmc(load, { ctlDays, atlDays });
  return { dates, load, ...p, acwr: acwr(load), ramp: rampRate(p.ctl) };
}

export const FITNESS_CSV_COLUMNS = ['date', 'load', 'ctl', 'atl', 'tsb', 'acwr', 'ramp'] as const;

export function fitnessCsvRows(s: FitnessSeries): (string | number)[][] {
  return s.dates.map((d, i) => [d, s.load[i] as number, s.ctl[i] as number, s.atl[i] as number, s.tsb[i] as number, s.acwr[i] as number, s.ramp[i] as number]);
}
