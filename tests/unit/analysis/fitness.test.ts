import { describe, expect, it } from 'vitest';
import { acwr, pmc, rampRate } from '../../../src/analysis/banister';
import { FITNESS_CSV_COLUMNS, fitnessCsvRows, fitnessSeries } from '../../../src/analysis/fitness';

describe('fitnessSeries', () => {
  it('is the PMC, ACWR and ramp of the daily load, through today', () => {
    const s = fitnessSeries([{ localDate: '2026-01-01', load: 50 }, { localDate: '2026-01-03', load: 80 }], { today: '2026-01-05' });
    expect(s.dates).toEqual(['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04', '2026-01-05']);
    expect(Array.from(s.load)).toEqual([50, 0, 80, 0, 0]);
    const p = pmc([50, 0, 80, 0, 0]);
    expect(Array.from(s.tsb)).toEqual(Array.from(p.tsb));
    expect(Array.from(s.ramp)).toEqual(Array.from(rampRate(p.ctl)));
    expect(Array.from(s.acwr)).toEqual(Array.from(acwr([50, 0, 80, 0, 0])));
    expect(FITNESS_CSV_COLUMNS.join(',')).toBe('date,load,ctl,atl,tsb,acwr,ramp');
    expect(fitnessCsvRows(s)[2]).toEqual(['2026-01-03', 80, p.ctl[2], p.atl[2], p.tsb[2], NaN, NaN]);
  });
});
