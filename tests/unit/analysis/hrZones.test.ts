import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxHrAbove, sameZones, zonesFor, zonesProblem } from '../../../src/analysis/hrZones';

describe('zones from the athlete\'s heart', () => {
  it('% of max HR: 50/60/70/80/90 % floors, Z5 ending at max HR (190 → Z5 171–190, not 181–200)', () => {
    expect(zonesFor('max', { maxHr: 190, restingHr: 50, thresholdHr: null })).toEqual([[95, 113], [114, 132], [133, 151], [152, 170], [171, 190]]);
  });

  it('% of heart-rate reserve (Karvonen): rest + p·(max − rest)', () => {
    // 50 + 0.5·140 = 120, 134, 148, 162, 176.
    expect(zonesFor('hrr', { maxHr: 190, restingHr: 50, thresholdHr: null })).toEqual([[120, 133], [134, 147], [148, 161], [162, 175], [176, 190]]);
    expect(zonesFor('hrr', { maxHr: 190, restingHr: 195, thresholdHr: null })).toBeNull();
  });

  it('% of threshold HR (Friel): 85/90/95/100 %, Z1 from 65 %; needs a threshold below max HR', () => {
    // LTHR 170: 110.5 → 111 (round half up), 144.5 → 145, 153, 161.5 → 162, 170.
    expect(zonesFor('lthr', { maxHr: 190, restingHr: 50, thresholdHr: 170 })).toEqual([[111, 144], [145, 152], [153, 161], [162, 169], [170, 190]]);
    expect(zonesFor('lthr', { maxHr: 190, restingHr: 50, thresholdHr: null })).toBeNull();
    expect(zonesFor('lthr', { maxHr: 170, restingHr: 50, thresholdHr: 175 })).toBeNull();
  });

  it('never gives a zone above max HR, always five rising zones, for any plausible heart', () => {
    fc.assert(fc.property(fc.integer({ min: 120, max: 230 }), fc.integer({ min: 30, max: 90 }), fc.integer({ min: 0, max: 40 }), fc.constantFrom('max', 'hrr', 'lthr' as const), (maxHr, restingHr, below, method) => {
      const zones = zonesFor(method, { maxHr, restingHr, thresholdHr: maxHr - 5 - below });
      expect(zones).not.toBeNull();
      expect(zonesProblem(zones as NonNullable<typeof zones>, maxHr)).toBeNull();
      expect(zones?.[4]?.[1]).toBe(maxHr);
    }));
  });

  it('says what is wrong with typed zones', () => {
    const good = zonesFor('max', { maxHr: 190, restingHr: 50, thresholdHr: null });
    if (!good) throw new Error('no zones');
    expect(zonesProblem(good, 185)).toBe('Zone 5 cannot end above your max HR (185 bpm).');
    expect(zonesProblem([[100, 120], [110, 140], [141, 160], [161, 180], [181, 190]], 190)).toMatch(/Zones must rise/);
    expect(sameZones(good, zonesFor('max', { maxHr: 190, restingHr: 60, thresholdHr: 150 }) ?? good)).toBe(true);
    expect(sameZones(good, zonesFor('max', { maxHr: 189, restingHr: 50, thresholdHr: null }) ?? good)).toBe(false);
  });
});

describe('a recorded heart rate above the set max HR', () => {
  const runs = [
    { id: 1, localDate: '2025-05-01', maxHr: 199 },
    { id: 2, localDate: '2026-06-01', maxHr: 194 },
    { id: 3, localDate: '2026-07-01', maxHr: 231 },
    { id: 4, localDate: '2026-08-01', maxHr: null },
    { id: 5, localDate: '2026-09-01', maxHr: 189 },
  ];

  it('is the highest plausible one in the window, or nothing when none is above', () => {
    expect(maxHrAbove(runs, 190, { from: '2025-12-01' })).toEqual({ bpm: 194, activityId: 2, localDate: '2026-06-01' });
    expect(maxHrAbove(runs, 190)).toEqual({ bpm: 199, activityId: 1, localDate: '2025-05-01' });
    expect(maxHrAbove(runs, 199)).toBeNull();
    expect(maxHrAbove([{ id: 1, localDate: '2026-01-01', maxHr: 190.4 }], 190)).toBeNull();
  });
});
