import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { addDays } from '../analysis/calendar';
import { isRun } from '../analysis/types';
import { loadSettings, saveSettings, type Settings } from '../app/settings';
import '../app/settings-panel';
import '../app/report-dialog';
import type { ReportRequest } from '../app/report-dialog';
import { buildReport, controlParams, type ReportCell } from '../report/report';
import { downloadText } from '../ui/csv';
import { starterPlan } from './planWeek';
import { CELL_KINDS, CELL_TITLES, loadLayout, move, saveLayout, showCell, type CellKind, type CellParams, type Layout } from './layout';
import { repeat } from 'lit/directives/repeat.js';
import '../cells/fitness';
import '../cells/plan';
import '../cells/forecast';
import '../cells/overview';
import '../cells/sql';
import '../cells/activities';
import '../cells/week';
import '../cells/zones';
import '../cells/decoupling';
import '../cells/routes';
import '../cells/efficiency';
import '../cells/recovery';
import '../cells/records';
import '../cells/activity';
import type { ActivityInput } from '../analysis/types';
import type { ActivityTableRow } from '../analysis/activityTable';
import type { RouteTrack } from '../analysis/routes';
import type { ActivityLoadRow, DbSummary, PlanInfo, PlanWeekInput, WellnessDay } from '../database';
import { unitsContext, type WorkerRef } from '../cells/cell';
import { ContextProvider } from '@lit/context';

/**
 * The notebook: the shared inputs of the cells (settings, today, what the database holds) and
 * the cells themselves. Inputs are passed as properties, so a cell recomputes only when one of
 * its own inputs changes identity (Lit's change detection is the dependency graph's edges).
 */
export class Notebook extends LitElement {
  static override properties = {
    worker: { attribute: false },
    dataVersion: { attribute: false },
    settings: { state: true },
    loads: { state: true },
    plans: { state: true },
    planId: { state: true },
    weeks: { state: true },
    summary: { state: true },
    perMonth: { state: true },
    table: { state: true },
    activities: { state: true },
    wellness: { state: true },
    tracks: { state: true },
    layout: { state: true },
    firstRun: { state: true },
    error: { state: true },
    today: { state: true },
  };

  /** The worker's API in a plain holder (cell.ts WorkerRef says why). */
  declare worker: WorkerRef;
  declare dataVersion: number;
  declare settings: Settings | null;
  // Each input is null while loading and an Error when it could not be read: the cells that
  // take it show that error inside themselves (Cell's boundary); the others carry on.
  declare loads: ActivityLoadRow[] | Error | null;
  declare plans: PlanInfo[];
  declare planId: number | null;
  /** The chosen plan's weeks: edited in memory at once, saved to SQLite shortly after. */
  declare weeks: PlanWeekInput[] | null;
  declare summary: DbSummary | Error | null;
  declare perMonth: { month: string; sport: string; count: number }[] | Error | null;
  /** Per-activity rows with their metrics (stored at ingest, so a read, not a computation). */
  declare table: ActivityTableRow[] | Error | null;
  declare activities: ActivityInput[] | Error | null;
  declare wellness: WellnessDay[] | Error | null;
  /** One drawable track per route (its latest run with GPS). */
  declare tracks: RouteTrack[] | Error | null;
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
    this.loads = null;
    this.plans = [];
    this.planId = null;
    this.weeks = null;
    this.summary = null;
    this.perMonth = null;
    this.table = null;
    this.activities = null;
    this.wellness = null;
    this.tracks = null;
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

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('settings') && this.settings) this.units.setValue(this.settings.units);
    if (changed.has('dataVersion') || changed.has('worker')) void this.refresh();
  }

  /**
   * Reads every input the cells take. Settings, layout and the plan are needed to show anything;
   * each of the others fails alone, into the cells that take it. The cheap reads come first so
   * the first cells paint while the per-activity table is still on its way.
   */
  private async refresh(): Promise<void> {
    const { api } = this.worker;
    let settings: Settings;
    try {
      this.layout ??= await loadLayout();
      settings = this.settings ?? (await this.firstSettings());
      const loads = await settle(api.activityLoads({ restingHr: settings.restingHr, maxHr: settings.maxHr }));
      let plans = await api.listPlans();
      if (plans.length === 0) {
        await api.createPlan('A plan', starterPlan(this.today, 12, loads instanceof Error ? null : recentWeeklyRunKm(loads, this.today)));
        plans = await api.listPlans();
      }
      const planId = this.planId !== null && plans.some((p) => p.id === this.planId) ? this.planId : (plans[0] as PlanInfo).id;
      this.weeks = await api.planWeeks(planId);
      this.plans = plans;
      this.planId = planId;
      this.settings = settings;
      this.loads = loads;
      this.error = null;
    } catch (error) {
      this.error = (error as Error).message;
      return;
    }
    [this.summary, this.activities, this.perMonth, this.wellness] = await Promise.all([
      settle(api.summary()), settle(api.activities()), settle(api.activitiesPerMonth()), settle(api.wellness()),
    ]);
    [this.table, this.tracks] = await Promise.all([
      settle(api.activityTable({ zones: settings.zones, restingHr: settings.restingHr, maxHr: settings.maxHr })),
      settle(api.routeTracks()),
    ]);
  }

  private async firstSettings(): Promise<Settings> {
    const loaded = await loadSettings(await this.worker.api.exportHrProfile());
    this.firstRun = !loaded.stored;
    return loaded.settings;
  }

  private async onSettingsChanged(e: CustomEvent<Settings>): Promise<void> {
    const settings = e.detail;
    await saveSettings(settings);
    this.firstRun = false;
    // Heart rates change TRIMP loads, zones change time in zone: recompute what depends on them.
    const { api } = this.worker;
    const [loads, table] = await Promise.all([
      settle(api.activityLoads({ restingHr: settings.restingHr, maxHr: settings.maxHr })),
      settle(api.activityTable({ zones: settings.zones, restingHr: settings.restingHr, maxHr: settings.maxHr })),
    ]);
    this.settings = settings;
    this.loads = loads;
    this.table = table;
  }

  private onPlanChanged(e: CustomEvent<PlanWeekInput[]>): void {
    this.weeks = e.detail;
    const planId = this.planId;
    clearTimeout(this.saveTimer);
    // Typing stays instant: the forecast follows in memory; the database write is debounced.
    this.saveTimer = setTimeout(() => {
      if (planId !== null) void this.worker.api.savePlanWeeks(planId, e.detail).catch((error: Error) => { this.error = error.message; });
    }, 300);
  }

  private async onPlanSelected(e: CustomEvent<number>): Promise<void> {
    await this.flushSave();
    this.weeks = await this.worker.api.planWeeks(e.detail);
    this.planId = e.detail;
  }

  private async onPlanNew(): Promise<void> {
    await this.flushSave();
    const name = `${String.fromCharCode(65 + (this.plans.length % 26))} plan`;
    const id = await this.worker.api.createPlan(this.plans.some((p) => p.name === name) ? `${name} ${this.plans.length + 1}` : name, this.weeks ?? []);
    this.plans = await this.worker.api.listPlans();
    this.planId = id;
  }

  private async flushSave(): Promise<void> {
    if (this.saveTimer === undefined || this.planId === null || !this.weeks) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    await this.worker.api.savePlanWeeks(this.planId, this.weeks);
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
    for (const kind of cells) {
      const cell = this.renderRoot.querySelector<LitElement>(`[data-slot="${kind}"] [data-cell]`);
      const section = cell?.shadowRoot?.querySelector('section');
      if (!cell || !section) continue;
      const css = (cell.constructor as typeof LitElement).elementStyles.map((s) => (s instanceof CSSStyleSheet ? Array.from(s.cssRules, (r) => r.cssText).join('\n') : s.cssText)).join('\n');
      input.push({ kind, section, params: controlParams(section), css });
    }
    const summary = this.summary instanceof Error ? null : this.summary;
    const activities = this.activities instanceof Error ? [] : this.activities ?? [];
    const report = buildReport({
      cells: input, options, firstDate: summary?.firstDate ?? null, lastDate: summary?.lastDate ?? null, generated: this.today,
      names: activities.flatMap((a) => (a.name ? [a.name] : [])),
    });
    downloadText(`fitbook-report-${this.today}.html`, report, 'text/html');
  }

  /** A row of the Activities cell (or a route's run) opens the activity cell on that activity. */
  private async openActivity(id: number): Promise<void> {
    const layout = this.layout;
    if (!layout) return;
    this.setLayout({ ...showCell(layout, 'activity', 'activities'), params: { ...layout.params, activity: { ...layout.params.activity, id } } });
    await this.updateComplete;
    this.renderRoot.querySelector('[data-slot="activity"]')?.scrollIntoView({ block: 'start' });
  }

  private cell(kind: CellKind, params: CellParams, collapsed: boolean): TemplateResult {
    switch (kind) {
      case 'overview':
        return html`<fitbook-overview-cell .params=${params} .collapsed=${collapsed} .summary=${this.summary} .perMonth=${this.perMonth}></fitbook-overview-cell>`;
      case 'fitness':
        return html`<fitbook-fitness-cell .params=${params} .collapsed=${collapsed} .loads=${this.loads} .settings=${this.settings} .today=${this.today}></fitbook-fitness-cell>`;
      case 'plan':
        return html`<fitbook-plan-cell .params=${params} .collapsed=${collapsed} .weeks=${this.weeks} .plans=${this.plans} .planId=${this.planId}
          @plan-changed=${this.onPlanChanged} @plan-selected=${(e: CustomEvent<number>) => void this.onPlanSelected(e)} @plan-new=${() => void this.onPlanNew()}></fitbook-plan-cell>`;
      case 'forecast':
        return html`<fitbook-forecast-cell .params=${params} .collapsed=${collapsed} .loads=${this.loads} .settings=${this.settings} .weeks=${this.weeks}
          .plans=${this.plans} .planId=${this.planId} .worker=${this.worker} .today=${this.today}></fitbook-forecast-cell>`;
      case 'week':
        return html`<fitbook-week-cell .params=${params} .collapsed=${collapsed} .weeks=${this.weeks} .activities=${this.activities} .today=${this.today}></fitbook-week-cell>`;
      case 'decoupling':
        return html`<fitbook-decoupling-cell .params=${params} .collapsed=${collapsed} .rows=${this.table} .worker=${this.worker} .dataVersion=${this.dataVersion}></fitbook-decoupling-cell>`;
      case 'zones':
        return html`<fitbook-zones-cell .params=${params} .collapsed=${collapsed} .rows=${this.table} .settings=${this.settings} .today=${this.today}></fitbook-zones-cell>`;
      case 'routes':
        return html`<fitbook-routes-cell .params=${params} .collapsed=${collapsed} .activities=${this.activities} .rows=${this.table} .tracks=${this.tracks} .today=${this.today}
          @open-activity=${(e: CustomEvent<number>) => void this.openActivity(e.detail)}></fitbook-routes-cell>`;
      case 'efficiency':
        return html`<fitbook-efficiency-cell .params=${params} .collapsed=${collapsed} .activities=${this.activities} .today=${this.today}></fitbook-efficiency-cell>`;
      case 'recovery':
        return html`<fitbook-recovery-cell .params=${params} .collapsed=${collapsed} .wellness=${this.wellness} .loads=${this.loads} .today=${this.today}></fitbook-recovery-cell>`;
      case 'records':
        return html`<fitbook-records-cell .params=${params} .collapsed=${collapsed} .activities=${this.activities} .rows=${this.table} .today=${this.today}></fitbook-records-cell>`;
      case 'activities':
        return html`<fitbook-activities-cell .params=${params} .collapsed=${collapsed} .rows=${this.table}
          @open-activity=${(e: CustomEvent<number>) => void this.openActivity(e.detail)}></fitbook-activities-cell>`;
      case 'activity':
        return html`<fitbook-activity-cell .params=${params} .collapsed=${collapsed} .rows=${this.table} .settings=${this.settings} .worker=${this.worker} .dataVersion=${this.dataVersion}></fitbook-activity-cell>`;
      case 'sql':
        return html`<fitbook-sql-cell .params=${params} .collapsed=${collapsed} .worker=${this.worker}></fitbook-sql-cell>`;
    }
  }

  override render() {
    if (this.error) return html`<p role="alert" class="error">The notebook could not read your data: ${this.error}</p>`;
    if (!this.settings || !this.layout) return html`<p role="status">Preparing the notebook…</p>`;
    const layout = this.layout;
    const { order } = layout;
    const hidden = CELL_KINDS.filter((k) => !order.includes(k));
    return html`
      <div class="bar"><fitbook-report-dialog .kinds=${order} .collapsed=${layout.collapsed} @report-export=${(e: CustomEvent<ReportRequest>) => this.exportReport(e.detail)}></fitbook-report-dialog></div>
      <fitbook-settings .settings=${this.settings} .firstRun=${this.firstRun} @settings-changed=${(e: CustomEvent<Settings>) => void this.onSettingsChanged(e)}></fitbook-settings>
      ${repeat(order, (kind) => kind, (kind, i) => html`
        <div class="slot" data-slot=${kind}
          @cell-params=${(e: CustomEvent<CellParams>) => { const l = this.layout as Layout; this.setLayout({ ...l, params: { ...l.params, [kind]: e.detail } }); }}
          @cell-collapse=${(e: CustomEvent<boolean>) => { const l = this.layout as Layout; this.setLayout({ ...l, collapsed: e.detail ? [...l.collapsed, kind] : l.collapsed.filter((k) => k !== kind) }); }}>
          <div class="controls" role="toolbar" aria-label="${CELL_TITLES[kind]} cell">
            <button data-action="cell-up" aria-label="Move ${CELL_TITLES[kind]} up" ?disabled=${i === 0} @click=${() => this.setLayout({ ...layout, order: move(order, kind, -1) })}>↑</button>
            <button data-action="cell-down" aria-label="Move ${CELL_TITLES[kind]} down" ?disabled=${i === order.length - 1} @click=${() => this.setLayout({ ...layout, order: move(order, kind, 1) })}>↓</button>
            <button data-action="cell-remove" aria-label="Remove ${CELL_TITLES[kind]}" @click=${() => this.setLayout({ ...layout, order: order.filter((k) => k !== kind) })}>×</button>
          </div>
          ${this.cell(kind, layout.params[kind] ?? NO_PARAMS, layout.collapsed.includes(kind))}
        </div>`)}
      ${hidden.length
        ? html`<label class="add">Add a cell
            <select data-action="cell-add" @change=${(e: Event) => { const select = e.target as HTMLSelectElement; if (select.value) this.setLayout(showCell(layout, select.value as CellKind)); select.value = ''; }}>
              <option value="">Choose…</option>${hidden.map((k) => html`<option value=${k}>${CELL_TITLES[k]}</option>`)}
            </select></label>`
        : nothing}
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
