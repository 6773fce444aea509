import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acwr, monotonyStrain, pmc, rampRate, tsbBand } from '../../../src/analysis/banister';

describe('pmc (Banister, openrun §3)', () => {
  it('a 3-day PMC worked by hand: loads 100, 0, 50', () => {
    // kc = e^(-1/42) = 0.976472, 1-kc = 0.023528; ka = e^(-1/7) = 0.866878, 1-ka = 0.133122
    // day 1: TSB = 0 - 0 = 0;              CTL = 100*0.023528 = 2.35283;  ATL = 100*0.133122 = 13.31221
    // day 2: TSB = 2.35283 - 13.31221 = -10.95938; CTL = 2.35283*0.976472 = 2.29747; ATL = 13.31221*0.866878 = 11.54006
    // day 3: TSB = 2.29747 - 11.54006 = -9.24259;  CTL = 2.29747*0.976472 + 50*0.023528 = 3.41983
    //        ATL = 11.54006*0.866878 + 50*0.133122 = 16.65993
    const { ctl, atl, tsb } = pmc([100, 0, 50]);
    expect(Array.from(tsb).map((v) => +v.toFixed(5))).toEqual([0, -10.95938, -9.24259]);
    expect(Array.from(ctl).map((v) => +v.toFixed(5))).toEqual([2.35283, 2.29747, 3.41983]);
    expect(Array.from(atl).map((v) => +v.toFixed(5))).toEqual([13.31221, 11.54006, 16.65993]);
  });

  it('honours other time constants', () => {
    // tau = 1 day: k = e^-1 = 0.367879; CTL after one day of 10 = 10*(1-0.367879) = 6.32121
    expect(pmc([10], { ctlDays: 1 }).ctl[0]).toBeCloseTo(6.32121, 5);
  });

  it('property: constant load converges to that load; zero load gives zero', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 500, noNaN: true }), (l) => {
      const { ctl, atl, tsb } = pmc(new Float64Array(1000).fill(l));
      // after 1000 days the CTL residue is e^(-1000/42) ~ 4.5e-11 of the gap
      expect(ctl[999]).toBeCloseTo(l, 6);
      expect(atl[999]).toBeCloseTo(l, 6);
      expect(Math.abs(tsb[999] as number)).toBeLessThan(1e-6 * Math.max(1, l));
    }));
    const zero = pmc(new Float64Array(365));
    expect(zero.ctl.every((v) => v === 0) && zero.atl.every((v) => v === 0)).toBe(true);
  });

  it('property: during a rest week after any training, TSB rises every day', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 0, max: 300, noNaN: true }), { minLength: 1, maxLength: 200 }), (training) => {
      const { tsb } = pmc([...training, 0, 0, 0, 0, 0, 0, 0, 0]);
      // From the second rest day on, TSB uses only rest-day decay: ATL falls faster than CTL.
      for (let i = training.length + 2; i < tsb.length; i++) expect(tsb[i] as number).toBeGreaterThanOrEqual((tsb[i - 1] as number) - 1e-9);
    }));
  });
});

describe('TSB bands (openrun table)', () => {
  it.each([
    [-31, 'severely_fatigued'], [-30, 'productive_overload'], [-10.5, 'productive_overload'], [-10, 'balanced'],
    [-0.1, 'balanced'], [0, 'sharpening'], [9.9, 'sharpening'], [10, 'fresh'], [25, 'fresh'], [25.1, 'detrained'],
  ] as const)('%d -> %s', (tsb, band) => {
    expect(tsbBand(tsb)).toBe(band);
  });
});

describe('load ratios', () => {
  it('ACWR: undefined for the first 27 days, then 7-day sum over the 28-day weekly mean', () => {
    // 27 days of 10, then day 28 = 80: acute = 6*10 + 80 = 140; chronic = (27*10 + 80)/4 = 87.5; ACWR = 1.6
    const load = [...Array(27).fill(10), 80];
    const r = acwr(load);
    expect(Number.isNaN(r[26] as number)).toBe(true);
    expect(r[27]).toBeCloseTo(1.6, 10);
    expect(Number.isNaN(acwr(new Array(40).fill(0))[39] as number)).toBe(true);
  });

  it('ACWR is undefined after a quiet month, never a ratio of rounding residues', () => {
    // Loads whose running sum leaves a residue once they have left the window (0.1 + 0.2 − 0.1 − 0.2 ≠ 0).
    const load = [...Array.from({ length: 60 }, (_, i) => [0.1, 0.2, 0.7, 13.37][i % 4] as number), ...new Array(30).fill(0)];
    const r = acwr(load);
    expect(Number.isNaN(r[load.length - 1] as number)).toBe(true);
    // Property: any loads followed by 28 empty days give no ratio.
    fc.assert(fc.property(fc.array(fc.double({ min: 0, max: 500, noNaN: true }), { minLength: 30, maxLength: 120 }), (xs) => {
      const quiet = [...xs, ...new Array(28).fill(0)];
      expect(Number.isNaN(acwr(quiet)[quiet.length - 1] as number)).toBe(true);
    }));
  });

  it('ramp rate is the CTL change over 7 days', () => {
    const ctl = [0, 1, 2, 3, 4, 5, 6, 7, 9];
    expect(Array.from(rampRate(ctl)).slice(7)).toEqual([7, 8]);
    expect(Number.isNaN(rampRate(ctl)[6] as number)).toBe(true);
  });

  it('Foster monotony and strain over 7 days', () => {
    // loads 10..70: mean 40, population SD = sqrt((900+400+100+0+100+400+900)/7) = 20 -> monotony 2, strain 280*2 = 560
    const { monotony, strain } = monotonyStrain([10, 20, 30, 40, 50, 60, 70]);
    expect(monotony[6]).toBeCloseTo(2, 10);
    expect(strain[6]).toBeCloseTo(560, 10);
    expect(Number.isNaN(monotonyStrain(new Array(7).fill(30)).monotony[6] as number)).toBe(true);
  });
});
