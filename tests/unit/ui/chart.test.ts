import { describe, expect, it } from 'vitest';
import { zeroBasedDomain } from '../../../src/ui/chart';

describe('zeroBasedDomain', () => {
  it('never collapses to [0, 0] (whose ticks read "0.000000"); otherwise runs from 0 to the largest value', () => {
    expect(zeroBasedDomain([0, 0, 0])).toEqual([0, 1]);
    expect(zeroBasedDomain([], 5)).toEqual([0, 5]);
    expect(zeroBasedDomain([0, NaN, 2, Infinity, 7.5], 5)).toEqual([0, 7.5]);
    expect(zeroBasedDomain([-3, 0.2])).toEqual([0, 1]);
  });
});
