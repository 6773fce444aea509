import { del, get, set } from 'idb-keyval';

/**
 * Which cells the notebook shows, in which order, which are collapsed, and each cell's
 * parameters; persisted with idb-keyval. A notebook holds cell *instances*: two Forecast cells on
 * two plans, two Activity cells side by side. An instance's id is its kind for the first of that
 * kind (`fitness`: so layouts stored before instances existed read unchanged, and the
 * `data-slot` hooks keep their names) and `kind-2`, `kind-3`… for the next ones.
 */

/** Every kind of cell, by the name stored in layouts (the registry, cells/registry.ts, gives each its spec). */
export const CELL_KINDS = [
  'overview', 'fitness', 'plan', 'plan-builder', 'deck', 'replan', 'forecast', 'week', 'calendar', 'decoupling', 'zones', 'routes', 'efficiency', 'recovery', 'records',
  'predictions', 'consistency', 'activities', 'activity', 'sql',
] as const;
export type CellKind = (typeof CELL_KINDS)[number];

/** A cell instance's id: `fitness`, `fitness-2`… */
export type CellId = string;

/** A cell's own parameters (JSON values): the cell defines and validates its keys. */
export type CellParams = Readonly<Record<string, unknown>>;

export interface Layout {
  /** The cell instances shown, top to bottom. */
  order: CellId[];
  /** Every kind this layout has seen: a kind added to the app later is appended, a removed one stays removed. */
  known: CellKind[];
  collapsed: CellId[];
  params: Record<CellId, CellParams>;
}

/** Session 1 stored only the order, under this key. */
const LEGACY_KEY = 'fitbook-layout';
const KEY = 'fitbook-notebook-layout';

const isKind = (k: unknown): k is CellKind => (CELL_KINDS as readonly unknown[]).includes(k);

/** The kind of an instance id, or null when the id names no kind. */
export function kindOf(id: unknown): CellKind | null {
  if (typeof id !== 'string') return null;
  const m = /^([a-z]+(?:-[a-z]+)*)(?:-([2-9]|[1-9]\d+))?$/.exec(id);
  return m && isKind(m[1]) ? m[1] : null;
}

const isId = (id: unknown): id is CellId => kindOf(id) !== null;

/** The activity cell opens from a row of the Activities cell; it is not in a fresh notebook. */
export function defaultLayout(): Layout {
  return { order: CELL_KINDS.filter((k) => k !== 'activity'), known: [...CELL_KINDS], collapsed: [], params: {} };
}

/** Reads a stored layout of any version; anything malformed falls back to the default. */
export function parseLayout(stored: unknown, legacyOrder?: unknown): Layout {
  const fresh = defaultLayout();
  if (stored && typeof stored === 'object' && Array.isArray((stored as Layout).order)) {
    const s = stored as Partial<Layout>;
    const order = [...new Set((s.order ?? []).filter(isId))];
    const known = Array.isArray(s.known) ? s.known.filter(isKind) : order.map((id) => kindOf(id) as CellKind);
    const added = fresh.order.filter((k) => !known.includes(k as CellKind) && !order.includes(k));
    const params: Layout['params'] = {};
    if (s.params && typeof s.params === 'object') {
      for (const [k, v] of Object.entries(s.params)) if (isId(k) && v && typeof v === 'object') params[k] = v as CellParams;
    }
    return {
      order: [...order, ...added],
      known: [...CELL_KINDS],
      collapsed: Array.isArray(s.collapsed) ? s.collapsed.filter(isId) : [],
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
  await Promise.all([del(KEY), del(LEGACY_KEY), del(PLAN_KEY)]);
}

/**
 * The plan the athlete last opened: the notebook is made again after every import (and on a
 * reload), and a plan built from a goal must stay the one shown, not the first plan.
 */
const PLAN_KEY = 'fitbook-chosen-plan';

export async function loadChosenPlan(): Promise<number | null> {
  const id = await get<unknown>(PLAN_KEY).catch(() => undefined);
  return typeof id === 'number' && Number.isInteger(id) ? id : null;
}

export function saveChosenPlan(id: number): Promise<void> {
  return set(PLAN_KEY, id);
}

/** Swaps a cell with its neighbour above (-1) or below (+1). */
export function move(order: readonly CellId[], id: CellId, by: -1 | 1): CellId[] {
  const i = order.indexOf(id);
  const j = i + by;
  if (i < 0 || j < 0 || j >= order.length) return [...order];
  const next = [...order];
  [next[i], next[j]] = [next[j] as CellId, next[i] as CellId];
  return next;
}

/** The first free id for one more cell of `kind`: the kind itself, else `kind-2`, `kind-3`… */
export function freeId(order: readonly CellId[], kind: CellKind): CellId {
  if (!order.includes(kind)) return kind;
  let n = 2;
  while (order.includes(`${kind}-${n}`)) n++;
  return `${kind}-${n}`;
}

/**
 * One more cell of `kind`, at the end, expanded, with fresh parameters (a removed instance's id
 * may come back: its old parameters are dropped with it).
 */
export function addCell(layout: Layout, kind: CellKind): Layout {
  const id = freeId(layout.order, kind);
  const params = { ...layout.params };
  if (id !== kind) delete params[id];
  return { ...layout, order: [...layout.order, id], collapsed: layout.collapsed.filter((c) => c !== id), params };
}

/** Removes a cell instance (the first of a kind keeps its parameters, for when it comes back). */
export function removeCell(layout: Layout, id: CellId): Layout {
  return { ...layout, order: layout.order.filter((c) => c !== id), collapsed: layout.collapsed.filter((c) => c !== id) };
}

/**
 * Shows the first cell of a kind (after `after` when given and shown, else at the end) and
 * expands it; the id it has.
 */
export function showCell(layout: Layout, kind: CellKind, after?: CellId): Layout {
  const id = layout.order.find((c) => kindOf(c) === kind) ?? kind;
  const collapsed = layout.collapsed.filter((c) => c !== id);
  if (layout.order.includes(id)) return { ...layout, collapsed };
  const at = after ? layout.order.indexOf(after) : -1;
  const order = at < 0 ? [...layout.order, id] : [...layout.order.slice(0, at + 1), id, ...layout.order.slice(at + 1)];
  return { ...layout, order, collapsed };
}
