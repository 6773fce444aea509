import { describe, expect, it } from 'vitest';
import { CELL_KINDS, move } from '../../../src/notebook/layout';

describe('layout', () => {
  it('moves a cell up or down and keeps the edges', () => {
    const l = [...CELL_KINDS];
    expect(move(l, 'fitness', -1).slice(0, 2)).toEqual(['fitness', 'overview']);
    expect(move(l, 'overview', -1)).toBe(l);
    expect(move(l, 'sql', 1)).toBe(l);
  });
});
