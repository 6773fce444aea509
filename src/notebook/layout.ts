import { del, get, set } from 'idb-keyval';

/** Which cells the notebook shows, in which order; persisted with idb-keyval. */

export const CELL_KINDS = ['overview', 'fitness', 'plan', 'forecast', 'week', 'zones', 'activities', 'sql'] as const;
export type CellKind = (typeof CELL_KINDS)[number];

export const CELL_TITLES: Record<CellKind, string> = {
  overview: 'Overview', fitness: 'Fitness (PMC)', plan: 'Plan', forecast: 'Race forecast', week: 'This week',
  zones: 'Zones', activities: 'Activities', sql: 'SQL',
};

const KEY = 'fitbook-layout';

export type Layout = CellKind[];

/** The stored order, with unknown kinds dropped (a cell removed from the app) and new kinds kept out. */
export async function loadLayout(): Promise<Layout> {
  const stored = await get<string[]>(KEY).catch(() => undefined);
  if (!Array.isArray(stored)) return [...CELL_KINDS];
  return stored.filter((k): k is CellKind => (CELL_KINDS as readonly string[]).includes(k));
}

export function saveLayout(layout: Layout): Promise<void> {
  return set(KEY, layout);
}

export function forgetLayout(): Promise<void> {
  return del(KEY);
}

export function move(layout: Layout, kind: CellKind, by: -1 | 1): Layout {
  const i = layout.indexOf(kind);
  const j = i + by;
  if (i < 0 || j < 0 || j >= layout.length) return layout;
  const next = [...layout];
  [next[i], next[j]] = [next[j] as CellKind, next[i] as CellKind];
  return next;
}
