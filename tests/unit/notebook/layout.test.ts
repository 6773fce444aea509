import { describe, expect, it } from 'vitest';
import { CELL_KINDS, defaultLayout, move, parseLayout, showCell } from '../../../src/notebook/layout';

describe('layout', () => {
  it('moves a cell up or down and keeps the edges', () => {
    const l = [...CELL_KINDS];
    expect(move(l, 'fitness', -1).slice(0, 2)).toEqual(['fitness', 'overview']);
    expect(move(l, 'overview', -1)).toEqual(l);
    expect(move(l, 'sql', 1)).toEqual(l);
  });

  it('starts with every cell but the activity cell, which opens from a row', () => {
    const l = defaultLayout();
    expect(l.order).not.toContain('activity');
    expect(l.order).toHaveLength(CELL_KINDS.length - 1);
  });

  it('keeps a stored order, collapse state and parameters, and drops kinds it does not know', () => {
    const stored = { order: ['sql', 'fitness', 'gone'], known: [...CELL_KINDS], collapsed: ['sql', 'nope'], params: { fitness: { range: 90 }, bogus: { a: 1 } } };
    const l = parseLayout(stored);
    expect(l.order).toEqual(['sql', 'fitness']);
    expect(l.collapsed).toEqual(['sql']);
    expect(l.params).toEqual({ fitness: { range: 90 } });
  });

  it('appends cells added to the app after the layout was saved, but never brings back a removed one', () => {
    const legacy = ['fitness', 'plan', 'sql'];
    const l = parseLayout(undefined, legacy);
    expect(l.order.slice(0, 3)).toEqual(['fitness', 'plan', 'sql']);
    // Session 1's removed cells (overview, forecast…) stay removed; cells it did not know appear.
    expect(l.order).not.toContain('overview');
    expect(l.order).toEqual(expect.arrayContaining(['decoupling', 'routes', 'efficiency', 'recovery', 'records']));
    expect(l.order).not.toContain('activity');
  });

  it('falls back to the default on malformed storage', () => {
    expect(parseLayout('garbage')).toEqual(defaultLayout());
    expect(parseLayout({ order: 'x' })).toEqual(defaultLayout());
  });

  it('opens a cell after another and expands it', () => {
    const l = { ...defaultLayout(), collapsed: ['activity' as const] };
    const shown = showCell(l, 'activity', 'activities');
    expect(shown.order[shown.order.indexOf('activities') + 1]).toBe('activity');
    expect(shown.collapsed).toEqual([]);
    expect(showCell(shown, 'activity', 'activities').order).toEqual(shown.order);
  });
});
