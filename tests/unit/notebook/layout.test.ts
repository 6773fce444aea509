import { describe, expect, it } from 'vitest';
import { addCell, CELL_KINDS, defaultLayout, freeId, kindOf, move, parseLayout, removeCell, showCell } from '../../../src/notebook/layout';

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

describe('cell instances', () => {
  it('names the first cell of a kind by its kind and the next ones kind-2, kind-3…; only those ids are read back', () => {
    expect(['fitness', 'fitness-2', 'fitness-12', 'forecast-3'].map(kindOf)).toEqual(['fitness', 'fitness', 'fitness', 'forecast']);
    expect(['fitness-1', 'fitness-02', 'bogus-2', 'fitness-', 'Fitness', 42].map(kindOf)).toEqual([null, null, null, null, null, null]);
    expect(freeId(['fitness', 'fitness-2', 'fitness-4'], 'fitness')).toBe('fitness-3');
    expect(freeId(['plan'], 'fitness')).toBe('fitness');
  });

  it('adds a second cell of a kind with its own parameters, and removing it leaves the first as it was', () => {
    const base = { ...defaultLayout(), params: { forecast: { plan: 1 }, 'forecast-2': { plan: 9 } } };
    const two = addCell(base, 'forecast');
    expect(two.order.filter((id) => kindOf(id) === 'forecast')).toEqual(['forecast', 'forecast-2']);
    // A new instance starts with fresh parameters, not those a removed one left behind.
    expect(two.params['forecast-2']).toBeUndefined();
    expect(two.params.forecast).toEqual({ plan: 1 });
    const back = removeCell({ ...two, collapsed: ['forecast-2'] }, 'forecast-2');
    expect(back.order).toEqual(base.order);
    expect(back.collapsed).toEqual([]);
  });

  it('keeps stored instances, their parameters and collapse state across a save and a read', () => {
    const l = addCell(addCell(defaultLayout(), 'activity'), 'activity');
    const stored = JSON.parse(JSON.stringify({ ...l, collapsed: ['activity-2'], params: { activity: { id: 3 }, 'activity-2': { id: 7 } } })) as unknown;
    const read = parseLayout(stored);
    expect(read.order.slice(-2)).toEqual(['activity', 'activity-2']);
    expect(read.params).toEqual({ activity: { id: 3 }, 'activity-2': { id: 7 } });
    expect(read.collapsed).toEqual(['activity-2']);
  });

  it('opens the first Activity cell when one is shown, wherever it is', () => {
    const l = { ...defaultLayout(), order: ['activity-2', ...defaultLayout().order] };
    expect(showCell(l, 'activity', 'activities').order).toEqual(l.order);
  });
});
