import { LitElement, css, html, type PropertyValues } from 'lit';
import { addDays } from '../analysis/calendar';
import { isRun } from '../analysis/types';
import { maxHrAbove } from '../analysis/hrZones';
import { loadSettings, saveSettings, type Settings } from '../app/settings';
import '../app/settings-panel';
import '../app/report-dialog';
import type { ReportRequest } from '../app/report-dialog';
import { buildReport, type ReportCell } from '../report/report';
import { downloadText } from '../ui/csv';
import { starterPlan } from './planWeek';
import { addCell, CELL_KINDS, kindOf, loadChosenPlan, loadLayout, move, removeCell, saveChosenPlan, saveLayout, showCell, type CellId, type CellKind, type CellParams, type Layout } from './layout';
import { repeat } from 'lit/directives/repeat.js';
import { CELLS, cellTitle } from '../cells/registry';
import type { ActivityLoadRow, AthleteHr, BuiltPlanState, Dataset, PlanInfo, PlanWeekInput } from '../database';
import { unitsContext, type Cell, type NotebookInputs, type WorkerRef } from '../cells/cell';
import { ContextProvider } from '@lit/context';

/**
 * The notebook: the shared inputs of the cells (NotebookInputs: settings, today, the dataset read
 * once per data version, the plan being edited) and the cell instances of the layout. The graph is
 * explicit: each kind's spec (cells/registry.ts) names the inputs it reads; the notebook sets
 * those on each instance and nothing else, and Lit compares each by identity, so a cell
 * recomputes when, and only when, an input it reads changed. Units reach every cell through
 * @lit/context; a cell's parameters and collapsed state are kept here, per instance.
 */
export class Notebook extends LitElement {
  static override properties = {
    worker: { attribute: false },
    dataVersion: { attribute: false },
    settings: { state: true },
    shared: { state: true },
    plans: { state: true },
    planId: { state: true },
    weeks: { state: true },
    builtPlan: { state: true },
    layout: { state: true },
    firstRun: { state: true },
    error: { state: true },
    today: { state: true },
  };

  /** The worker's API in a plain holder (cell.ts WorkerRef says why). */
  declare worker: WorkerRef;
  declare dataVersion: number;
  declare settings: Settings | null;
  /**
   * What the cells share, read once per data version (db/dataset.ts); null while it is read, an
   * Error when it could not be: the cells that take it show that error inside themselves (Cell's
   * boundary), the others (Plan, SQL) carry on.
   */
  declare shared: Dataset | Error | null;
  declare plans: PlanInfo[];
  declare planId: number | null;
  /** The chosen plan's weeks: edited in memory at once, saved to SQLite shortly after. */
  declare weeks: PlanWeekInput[] | null;
  /** The chosen plan's goal, dated sessions and changes when it was built from a goal (null otherwise). */
  declare builtPlan: BuiltPlanState | null;
  /** Which cells show, in which order (persisted). */
  declare layout: Layout | null;
  /** No settings stored yet: the settings panel opens for the athlete to check them. */
  declare firstRun: boolean;
  declare error: string | null;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * The athlete's local today (the browser's calendar). It moves at midnight, and when a tab left
   * open overnight is looked at again (timers sleep with the laptop): every cell that takes it
   * recomputes, so "today" is never yesterday.
   */
  declare today: string;
  private clock: ReturnType<typeof setInterval> | undefined;
  private readonly checkToday = () => {
    const today = localToday();
    if (today !== this.today) this.today = today;
  };

  constructor() {
    super();
    this.dataVersion = 0;
    this.settings = null;
    this.shared = null;
    this.plans = [];
    this.planId = null;
    this.weeks = null;
    this.builtPlan = null;
    this.layout = null;
    this.firstRun = false;
    this.error = null;
    this.today = localToday();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.checkToday();
    this.clock = setInterval(this.checkToday, 60_000);
    document.addEventListener('visibilitychange', this.checkToday);
  }

  /** Every cell's distance unit, from the settings (cell.ts unitsContext). */
  private readonly units = new ContextProvider(this, { context: unitsContext, initialValue: 'km' });

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('planId') && this.planId !== null) void saveChosenPlan(this.planId);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('settings') && this.settings) this.units.setValue(this.settings.units);
    if (changed.has('dataVersion') || changed.has('worker')) void this.refresh();
  }

  /**
   * Reads every input the cells take: settings, layout and the plan are needed to show anything;
   * the dataset (one worker call) fails alone, into the cells that take it.
   */
  private async refresh(): Promise<void> {
    const { api } = this.worker;
    try {
      this.layout ??= await loadLayout();
      const settings = this.settings ?? (await this.firstSettings());
      const dataset = await settle(api.dataset(athleteHr(settings)));
      let plans = await api.listPlans();
      if (plans.length === 0) {
        await api.createPlan('A plan', starterPlan(this.today, 12, dataset instanceof Error ? null : recentWeeklyRunKm(dataset.loads, this.today)));
        plans = await api.listPlans();
      }
      const wanted = this.planId ?? (await loadChosenPlan());
      const planId = wanted !== null && plans.some((p) => p.id === wanted) ? wanted : (plans[0] as PlanInfo).id;
      await this.loadPlan(planId);
      this.plans = plans;
      this.planId = planId;
      this.settings = settings;
      this.shared = dataset;
      this.error = null;
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  /** A plan's weeks and, when it was built from a goal, its sessions and changes: read together, so they agree. */
  private async loadPlan(planId: number): Promise<void> {
    const { api } = this.worker;
    const [weeks, built] = await Promise.all([api.planWeeks(planId), api.builtPlan(planId)]);
    this.weeks = weeks;
    this.builtPlan = built;
  }

  /** The deck or the replanning changed the plan's sessions (and maybe its weeks): both read again. */
  private async onPlanSessionsChanged(): Promise<void> {
    await this.flushSave();
    if (this.planId !== null) await this.loadPlan(this.planId);
  }

  private async firstSettings(): Promise<Settings> {
    // The export's HR profile is read only when no settings are stored yet (it prefills them).
    const loaded = await loadSettings(() => this.worker.api.exportHrProfile());
    this.firstRun = !loaded.stored;
    return loaded.settings;
  }

  private async onSettingsChanged(e: CustomEvent<Settings>): Promise<void> {
    const settings = e.detail;
    await saveSettings(settings);
    this.firstRun = false;
    const before = this.settings;
    this.settings = settings;
    // Heart rates weigh TRIMP loads, zones the time in zone: only the parts they change are
    // replaced, so the cells that read neither (Overview, Recovery, Routes…) do not recompute.
    if (before && JSON.stringify(athleteHr(before)) === JSON.stringify(athleteHr(settings))) return;
    const next = await settle(this.worker.api.dataset(athleteHr(settings)));
    const now = this.shared;
    this.shared = next instanceof Error || !now || now instanceof Error ? next : { ...now, table: next.table, loads: next.loads };
  }

  private onPlanChanged(e: CustomEvent<PlanWeekInput[]>): void {
    this.weeks = e.detail;
    const planId = this.planId;
    clearTimeout(this.saveTimer);
    // Typing stays instant: the forecast follows in memory; the database write is debounced.
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      if (planId !== null) this.saving = this.saveWeeks(planId, e.detail).catch((error: Error) => { this.error = error.message; });
    }, 300);
  }

  private async onPlanSelected(e: CustomEvent<number>): Promise<void> {
    await this.flushSave();
    await this.loadPlan(e.detail);
    this.planId = e.detail;
  }

  private async onPlanNew(): Promise<void> {
    await this.flushSave();
    const name = `${String.fromCharCode(65 + (this.plans.length % 26))} plan`;
    const id = await this.worker.api.createPlan(this.plans.some((p) => p.name === name) ? `${name} ${this.plans.length + 1}` : name, this.weeks ?? []);
    this.plans = await this.worker.api.listPlans();
    // A copy of the weeks only: the new plan has no goal and no dated sessions.
    this.builtPlan = null;
    this.planId = id;
  }

  /** The plan builder saved a new plan: the Plan cell, the forecast and the week open it. */
  private async onPlanGenerated(id: number): Promise<void> {
    await this.flushSave();
    this.plans = await this.worker.api.listPlans();
    await this.loadPlan(id);
    this.planId = id;
  }

  private async onPlanRename(e: CustomEvent<string>): Promise<void> {
    if (this.planId === null) return;
    await this.worker.api.renamePlan(this.planId, e.detail);
    this.plans = await this.worker.api.listPlans();
  }

  /** The plan being edited is deleted; the notebook opens the first one left (a starter plan when none is). */
  private async onPlanDelete(): Promise<void> {
    if (this.planId === null) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const { api } = this.worker;
    await api.deletePlan(this.planId);
    let plans = await api.listPlans();
    if (plans.length === 0) {
      const shared = this.shared;
      await api.createPlan('A plan', starterPlan(this.today, 12, shared && !(shared instanceof Error) ? recentWeeklyRunKm(shared.loads, this.today) : null));
      plans = await api.listPlans();
    }
    const first = plans[0] as PlanInfo;
    await this.loadPlan(first.id);
    this.plans = plans;
    this.planId = first.id;
  }

  /** Writes the weeks typed and not yet saved, and waits for a save already on its way. */
  private async flushSave(): Promise<void> {
    if (this.saveTimer !== undefined && this.planId !== null && this.weeks) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
      this.saving = this.saveWeeks(this.planId, this.weeks);
    }
    await this.saving;
  }

  /** The plan save in flight (a timer fired), for flushSave to wait on. */
  private saving: Promise<void> | null = null;

  /**
   * Saves the weeks; a built plan's sessions follow the weeks edited (db/plans.ts), so the deck and
   * the calendar export read them again — only them: the weeks in memory may already be newer.
   */
  private async saveWeeks(planId: number, weeks: PlanWeekInput[]): Promise<void> {
    const built = this.builtPlan !== null && this.planId === planId;
    await this.worker.api.savePlanWeeks(planId, weeks, built ? this.today : undefined);
    if (built && this.planId === planId) this.builtPlan = await this.worker.api.builtPlan(planId);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.clock);
    document.removeEventListener('visibilitychange', this.checkToday);
    void this.flushSave();
  }

  private setLayout(layout: Layout): void {
    this.layout = layout;
    void saveLayout(layout);
  }

  /** The chosen cells as rendered now (with their parameters), as one self-contained HTML file. */
  private exportReport({ cells, options }: ReportRequest): void {
    const input: ReportCell[] = [];
    for (const id of cells) {
      const view = this.cells.get(id)?.reportView();
      if (view) input.push(view);
    }
    const dataset = this.shared instanceof Error ? null : this.shared;
    const summary = dataset?.summary ?? null;
    const activities = dataset?.activities ?? [];
    const report = buildReport({
      cells: input, options, firstDate: summary?.firstDate ?? null, lastDate: summary?.lastDate ?? null, generated: this.today,
      names: activities.flatMap((a) => (a.name ? [a.name] : [])),
    });
    downloadText(`fitbook-report-${this.today}.html`, report, 'text/html');
  }

  /** A row of the Activities cell (or a route's run) opens the (first) Activity cell on that activity. */
  private async openActivity(activityId: number): Promise<void> {
    const layout = this.layout;
    if (!layout) return;
    const shown = showCell(layout, 'activity', layout.order.find((id) => kindOf(id) === 'activities'));
    const id = shown.order.find((c) => kindOf(c) === 'activity') as CellId;
    this.setLayout({ ...shown, params: { ...layout.params, [id]: { ...layout.params[id], id: activityId } } });
    await this.updateComplete;
    this.cells.get(id)?.scrollIntoView({ block: 'start' });
  }

  /** One part of the dataset for a cell: null while it is read, the Error when it could not be. */
  private input<K extends keyof Dataset>(key: K): Dataset[K] | Error | null {
    const d = this.shared;
    return d instanceof Error || d === null ? d : d[key];
  }

  /** The cell elements, by instance id: made once, then fed their inputs on every render. */
  private readonly cells = new Map<CellId, Cell>();

  /**
   * The cell instance `id`, with the inputs its spec declares (only those: Lit compares each by
   * identity, so the cell recomputes when, and only when, one of its inputs changed), its
   * parameters and its collapsed state.
   */
  private cell(id: CellId, kind: CellKind, inputs: NotebookInputs, layout: Layout): Cell {
    const spec = CELLS[kind];
    let cell = this.cells.get(id);
    if (!cell) {
      cell = document.createElement(spec.tag) as Cell;
      this.cells.set(id, cell);
    }
    const props = cell as unknown as Record<string, unknown>;
    for (const key of spec.inputs) props[key] = inputs[key];
    cell.params = layout.params[id] ?? NO_PARAMS;
    cell.collapsed = layout.collapsed.includes(id);
    return cell;
  }

  private inputs(settings: Settings): NotebookInputs {
    return {
      worker: this.worker, dataVersion: this.dataVersion, settings, today: this.today,
      summary: this.input('summary'), perMonth: this.input('perMonth'), activities: this.input('activities'), rows: this.input('table'),
      loads: this.input('loads'), routes: this.input('routes'), tracks: this.input('tracks'), wellness: this.input('wellness'),
      sessions: this.input('sessions'), vo2max: this.input('vo2max'), garminPredictions: this.input('garminPredictions'), gear: this.input('gear'),
      weeks: this.weeks, builtPlan: this.builtPlan, plans: this.plans, planId: this.planId,
    };
  }

  /** A run of the last two years that recorded more than the set max HR: the settings offer it. */
  private recordedMax(settings: Settings) {
    const shared = this.shared;
    return shared && !(shared instanceof Error) ? maxHrAbove(shared.activities, settings.maxHr, { from: addDays(this.today, -730) }) : null;
  }

  override render() {
    if (this.error) return html`<p role="alert" class="error">The notebook could not read your data: ${this.error}</p>`;
    if (!this.settings || !this.layout) return html`<p role="status">Preparing the notebook…</p>`;
    const layout = this.layout;
    const { order } = layout;
    const inputs = this.inputs(this.settings);
    // Instances no longer shown are let go (a new one of the kind starts afresh).
    for (const id of this.cells.keys()) if (!order.includes(id)) this.cells.delete(id);
    const shown = order.map((id) => ({ id, kind: kindOf(id) as CellKind })).map((c) => ({ ...c, title: cellTitle(c.id, c.kind) }));
    return html`
      <div class="bar"><fitbook-report-dialog .cells=${shown} .collapsed=${layout.collapsed} @report-export=${(e: CustomEvent<ReportRequest>) => this.exportReport(e.detail)}></fitbook-report-dialog></div>
      <fitbook-settings .settings=${this.settings} .firstRun=${this.firstRun} .recordedMax=${this.recordedMax(this.settings)} @settings-changed=${(e: CustomEvent<Settings>) => void this.onSettingsChanged(e)}></fitbook-settings>
      <div class="cells" @plan-changed=${this.onPlanChanged} @plan-selected=${(e: CustomEvent<number>) => void this.onPlanSelected(e)} @plan-new=${() => void this.onPlanNew()}
        @plan-generated=${(e: CustomEvent<number>) => void this.onPlanGenerated(e.detail)}
        @plan-sessions-changed=${() => void this.onPlanSessionsChanged()}
        @plan-flush=${(e: CustomEvent<{ wait: Promise<unknown> }>) => { e.detail.wait = this.flushSave(); }}
        @plan-rename=${(e: CustomEvent<string>) => void this.onPlanRename(e)} @plan-delete=${() => void this.onPlanDelete()}
        @open-activity=${(e: CustomEvent<number>) => void this.openActivity(e.detail)}>
      ${repeat(shown, (c) => c.id, ({ id, kind, title }, i) => html`
        <div class="slot" data-slot=${id}
          @cell-params=${(e: CustomEvent<CellParams>) => { const l = this.layout as Layout; this.setLayout({ ...l, params: { ...l.params, [id]: e.detail } }); }}
          @cell-collapse=${(e: CustomEvent<boolean>) => { const l = this.layout as Layout; this.setLayout({ ...l, collapsed: e.detail ? [...l.collapsed, id] : l.collapsed.filter((k) => k !== id) }); }}>
          <div class="controls" role="toolbar" aria-label="${title} cell">
            <button data-action="cell-up" aria-label="Move ${title} up" ?disabled=${i === 0} @click=${() => this.setLayout({ ...layout, order: move(order, id, -1) })}>↑</button>
            <button data-action="cell-down" aria-label="Move ${title} down" ?disabled=${i === order.length - 1} @click=${() => this.setLayout({ ...layout, order: move(order, id, 1) })}>↓</button>
            <button data-action="cell-remove" aria-label="Remove ${title}" @click=${() => this.setLayout(removeCell(layout, id))}>×</button>
          </div>
          ${this.cell(id, kind, inputs, layout)}
        </div>`)}
      </div>
      <label class="add">Add a cell
        <select data-action="cell-add" @change=${(e: Event) => { const select = e.target as HTMLSelectElement; if (select.value) this.setLayout(addCell(layout, select.value as CellKind)); select.value = ''; }}>
          <option value="">Choose…</option>${CELL_KINDS.map((k) => html`<option value=${k}>${CELLS[k].title}${order.some((id) => kindOf(id) === k) ? ' (another)' : ''}</option>`)}
        </select></label>
    `;
  }

  static override styles = css`
    :host { display: block; }
    .error { color: var(--danger); }
    .slot { position: relative; }
    .controls { position: absolute; right: 0.5rem; top: -0.9rem; display: flex; gap: 0.25rem; z-index: 1; }
    .controls button { font: inherit; font-size: 0.8rem; padding: 0 0.4rem; border: 1px solid var(--border); border-radius: 4px; background: var(--surface); color: var(--muted); cursor: pointer; }
    .controls button:focus-visible { outline: 2px solid var(--accent); }
    .add select { font: inherit; margin-left: 0.5rem; }
    .bar { display: flex; justify-content: flex-end; margin: 0.5rem 0; }
  `;
}

/** A worker read as its value, or the Error it failed with (never a rejection). */
function settle<T>(promise: Promise<T>): Promise<T | Error> {
  return promise.catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
}

function athleteHr({ zones, restingHr, maxHr }: Settings): AthleteHr {
  return { zones, restingHr, maxHr };
}

/** Mean weekly run distance over the 4 weeks before today, for a starter plan (km, 0.1). */
function recentWeeklyRunKm(loads: readonly ActivityLoadRow[], today: string): number | null {
  const from = addDays(today, -28);
  const m = loads.filter((a) => a.localDate > from && a.localDate <= today && isRun(a.sport)).reduce((sum, a) => sum + (a.distanceM ?? 0), 0);
  return m > 0 ? Math.round(m / 4 / 100) / 10 : null;
}

const NO_PARAMS: CellParams = Object.freeze({});

export function localToday(now = new Date()): string {
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}

customElements.define('fitbook-notebook', Notebook);
