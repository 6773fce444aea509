import { del, get, set } from 'idb-keyval';

/** Which cells the notebook shows, in which order, which are collapsed, and each cell's parameters; persisted with idb-keyval. */

export const CELL_KINDS = [
  'overview', 'fitness', 'plan', 'forecast', 'week', 'decoupling', 'zones', 'routes', 'efficiency', 'recovery', 'records',
  'activities', 'activity', 'sql',
] as const;
export type CellKind = (typeof CELL_KINDS)[number];

export const CELL_TITLES: Record<CellKind, string> = {
  overview: 'Overview', fitness: 'Fitness (PMC)', plan: 'Plan', forecast: 'Race forecast', week: 'This week',
  decoupling: 'Decoupling', zones: 'Zones', routes: 'Routes', efficiency: 'Efficiency', recovery: 'Recovery',
  records: 'Records & predictions', activities: 'Activities', activity: 'Activity', sql: 'SQL',
};

/** A cell's own parameters (JSON values): the cell defines and validates its keys. */
export type CellParams = Readonly<Record<string, unknown>>;

export interface Layout {
  /** The cells shown, top to bottom. */
  order: CellKind[];
  /** Every kind this layout has seen: a kind added to the app later is appended, a removed one stays removed. */
  known: CellKind[];
  collapsed: CellKind[];
  params: Partial<Record<CellKind, CellParams>>;
}

/** Session 1 stored only the order, under this key. */
const LEGACY_KEY = 'fitbook-layout';
const KEY = 'fitbook-notebook-layout';

/** The activity cell opens from a row of the Activities cell; it is not in a fresh notebook. */
export function defaultLayout(): Layout {
  return { order: CELL_KINDS.filter((k) => k !== 'activity'), known: [...CELL_KINDS], collapsed: [], params: {} };
}

const isKind = (k: unknown): k is CellKind => (CELL_KINDS as readonly unknown[]).includes(k);

/** Reads a stored layout of any version; anything malformed falls back to the default. */
export function parseLayout(stored: unknown, legacyOrder?: unknown): Layout {
  const fresh = defaultLayout();
  if (stored && typeof stored === 'object' && Array.isArray((stored as Layout).order)) {
    const s = stored as Partial<Layout>;
    const order = (s.order ?? []).filter(isKind);
    const known = Array.isArray(s.known) ? s.known.filter(isKind) : [...order];
    const added = fresh.order.filter((k) => !known.includes(k) && !order.includes(k));
    const params: Layout['params'] = {};
    if (s.params && typeof s.params === 'object') {
      for (const [k, v] of Object.entries(s.params)) if (isKind(k) && v && typeof v === 'object') params[k] = v as CellParams;
    }
    return {
      order: [...new Set([...order, ...added])],
      known: [...CELL_KINDS],
      collapsed: Array.isArray(s.collapsed) ? s.collapsed.filter(isKind) : [],
      params,
    };
  }
  if (Array.isArray(legacyOrder)) {
    const order = legacyOrder.filter(isKind);
    // The legacy layout knew session 1's eight cells; later ones are new to this athlete.
    const legacyKnown: CellKind[] = ['overview', 'fitness', 'plan', 'forecast', 'week', 'zones', 'activities', 'sql'];
    return parseLayout({ order, known: legacyKnown, collapsed: [], params: {} });
  }
  return fresh;
}

export async function loadLayout(): Promise<Layout> {
  const [stored, legacy] = await Promise.all([get<unknown>(KEY).catch(() => undefined), get<unknown>(LEGACY_KEY).catch(() => undefined)]);
  return parseLayout(stored, legacy);
}

export function saveLayout(layout: Layout): Promise<void> {
  return set(KEY, layout);
}

export async function forgetLayout(): Promise<void> {
  await Promise.all([del(KEY), del(LEGACY_KEY)]);
}

/** Swaps a cell with its neighbour above (-1) or below (+1). */
export function move(order: readonly CellKind[], kind: CellKind, by: -1 | 1): CellKind[] {
  const i = order.indexOf(kind);
  const j = i + by;
  if (i < 0 || j < 0 || j >= order.length) return [...order];
  const next = [...order];
  [next[i], next[j]] = [next[j] as CellKind, next[i] as CellKind];
  return next;
}

/** Shows a cell (after `after` when given and shown, else at the end) and expands it. */
export function showCell(layout: Layout, kind: CellKind, after?: CellKind): Layout {
  const collapsed = layout.collapsed.filter((k) => k !== kind);
  if (layout.order.includes(kind)) return { ...layout, collapsed };
  const at = after ? layout.order.indexOf(after) : -1;
  const order = at < 0 ? [...layout.order, kind] : [...layout.order.slice(0, at + 1), kind, ...layout.order.slice(at + 1)];
  return { ...layout, order, collapsed };
}
