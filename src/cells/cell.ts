import { LitElement, html, render, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import type { Remote } from 'comlink';
import { ContextConsumer, createContext } from '@lit/context';
import type { ActivityInput, Units } from '../analysis/types';
import type { ActivityTableRow } from '../analysis/activityTable';
import type { RoutesResult, RouteTrack } from '../analysis/routes';
import type { Settings } from '../app/settings';
import type { CellKind, CellParams } from '../notebook/layout';
import type { ActivityLoadRow, DatabaseApi, DbSummary, MonthCount, PlanInfo, PlanWeekInput, WellnessDay, Vo2maxDay, GarminPrediction, GearSummary, BuiltPlanState } from '../database';

/**
 * The database worker, for the cells that read from it on their own (a run's stream, a query):
 * wrapped in an object because a comlink proxy answers every property with a remote call, so it
 * must never be a Lit binding value itself (Lit probes values for markers).
 */
export interface WorkerRef {
  readonly api: Remote<DatabaseApi>;
}

/**
 * The notebook's shared inputs, by the property name a cell reads them under. The dataset's parts
 * are null while it is read and an Error when it could not be (the cell then shows that error).
 */
export interface NotebookInputs {
  worker: WorkerRef;
  /** Bumped after every import or deletion. */
  dataVersion: number;
  settings: Settings;
  /** The athlete's local date (YYYY-MM-DD); moves at midnight. */
  today: string;
  summary: DbSummary | Error | null;
  perMonth: MonthCount[] | Error | null;
  activities: ActivityInput[] | Error | null;
  /** One row per activity with its metrics (the dataset's `table`). */
  rows: ActivityTableRow[] | Error | null;
  loads: ActivityLoadRow[] | Error | null;
  routes: RoutesResult | Error | null;
  tracks: RouteTrack[] | Error | null;
  wellness: WellnessDay[] | Error | null;
  /** Off-watch sessions as activities (negative ids): the calendar and compliance count them. */
  sessions: ActivityInput[] | Error | null;
  vo2max: Vo2maxDay[] | Error | null;
  garminPredictions: GarminPrediction[] | Error | null;
  gear: GearSummary[] | Error | null;
  /** The plan being edited, in memory ahead of the database. */
  weeks: PlanWeekInput[] | null;
  /** The plan's goal, dated sessions and changes, when it was built from a goal. */
  builtPlan: BuiltPlanState | null;
  plans: PlanInfo[];
  planId: number | null;
}

/**
 * A kind of cell, as the registry (cells/registry.ts) lists it: its name in layouts, its title,
 * its element, and the shared inputs it reads. The notebook sets those properties and no others,
 * so a cell recomputes when, and only when, one of them changes (Lit compares each by identity).
 * Parameters, computing, rendering, the CSV and the report view live in the cell's class.
 */
export interface CellSpec {
  kind: CellKind;
  title: string;
  /** The custom element's tag name. */
  tag: string;
  inputs: readonly (keyof NotebookInputs)[];
}

/** A cell class's spec, its inputs checked by the compiler against the class's properties. */
export function cellSpec<E extends Cell>(spec: CellSpec & { inputs: readonly (keyof NotebookInputs & keyof E)[] }): CellSpec {
  return spec;
}

/**
 * The athlete's distance unit, provided once by the notebook (from the settings) to every cell:
 * a cell reads `this.units` and updates when it changes.
 */
export const unitsContext = createContext<Units>(Symbol('fitbook-units'));

/**
 * What every notebook cell shares:
 * - its `data-cell` hook;
 * - an error boundary: whatever throws while the cell computes, renders or draws (or an input the
 *   notebook could not read, passed in as an Error) shows inside this cell only, never blanks
 *   the notebook; the next good update replaces the message. A cell's own reads from the worker
 *   (@lit/task) show their pending and failed states inside the cell too (failedRead);
 * - its parameters (range, chosen run, chosen plan…), persisted by the notebook: a cell reads
 *   `this.params` and changes them with `setParam`, which emits `cell-params`.
 */
export abstract class Cell extends LitElement {
  static override properties: PropertyDeclarations = {
    params: { attribute: false },
    collapsed: { attribute: false },
    units: { state: true },
  };

  declare params: CellParams;
  /** Collapsed cells show their header only; the notebook persists the state. */
  declare collapsed: boolean;
  /** Kilometres or miles, as the settings say (unitsContext). */
  declare units: Units;
  /** The message shown while the cell is failed (null when it is not). */
  failure: string | null = null;

  constructor() {
    super();
    this.params = {};
    this.collapsed = false;
    this.units = 'km';
    new ContextConsumer(this, { context: unitsContext, subscribe: true, callback: (units) => { this.units = units; } });
  }

  /** What this kind of cell is (each cell class declares its own). */
  static readonly spec: CellSpec;

  get kind(): CellKind {
    return (this.constructor as typeof Cell).spec.kind;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.dataset.cell = this.kind;
  }

  /** An input that arrived as an Error (the notebook could not read it) fails this cell alone. */
  protected override shouldUpdate(changed: PropertyValues<this>): boolean {
    for (const key of (this.constructor as typeof LitElement).elementProperties.keys()) {
      const value = (this as unknown as Record<PropertyKey, unknown>)[key];
      if (value instanceof Error) throw value;
    }
    return super.shouldUpdate(changed);
  }

  protected override performUpdate(): void {
    try {
      super.performUpdate();
      this.failure = null;
    } catch (error) {
      this.fail(error);
    }
  }

  private frame = 0;

  /**
   * Draws on the next animation frame, once for a burst of updates: a plan keystroke updates the
   * figures in the same task and the charts (several ms of Plot) follow without holding them back.
   * Inside this cell's error boundary, like everything else the cell does.
   */
  protected drawNextFrame(draw: () => void): void {
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => {
      try {
        draw();
      } catch (error) {
        this.fail(error);
      }
    });
  }

  /** A read of this cell's own from the database that failed: said in the cell, the rest carries on. */
  protected failedRead(what: string, error: unknown): TemplateResult {
    console.warn(`fitbook: the ${this.kind} cell could not read ${what}`, error);
    return html`<p role="alert" class="failure" data-testid="cell-error">Could not read ${what} from the database. Pick it again, or reload the page.</p>`;
  }

  private fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.failure = message;
    // Logged for whoever debugs; the athlete reads the message in the cell.
    console.warn(`fitbook: the ${this.kind} cell failed`, error);
    render(html`
      <section>
        <header><h2>${(this.constructor as typeof Cell).spec.title}</h2></header>
        <p role="alert" class="failure" data-testid="cell-error">This cell could not be shown: ${message}</p>
      </section>`, this.renderRoot, this.renderOptions);
  }

  /** The header's Collapse / Expand button; the notebook owns (and persists) the state. */
  protected collapseButton() {
    return html`<button data-action="cell-collapse" aria-expanded=${this.collapsed ? 'false' : 'true'}
      @click=${() => this.dispatchEvent(new CustomEvent<boolean>('cell-collapse', { detail: !this.collapsed, bubbles: true, composed: true }))}>${this.collapsed ? 'Expand' : 'Collapse'}</button>`;
  }

  /**
   * Waits until the plan's weeks typed in the Plan cell are saved (the notebook debounces them), so
   * a change a cell writes to the plan next is not overwritten by an older table arriving after it.
   */
  protected async flushPlanEdits(): Promise<void> {
    const e = new CustomEvent<{ wait: Promise<unknown> }>('plan-flush', { detail: { wait: Promise.resolve() }, bubbles: true, composed: true });
    this.dispatchEvent(e);
    await e.detail.wait;
  }

  protected setParam(key: string, value: unknown): void {
    this.params = { ...this.params, [key]: value };
    this.dispatchEvent(new CustomEvent<CellParams>('cell-params', { detail: this.params, bubbles: true, composed: true }));
  }

  /**
   * The cell as the report shows it (report/report.ts): its section as drawn, which the report
   * copies without the editing parts (controls, pickers, and whatever the cell marks
   * `data-edit`: hints like "Ctrl+Enter runs", a remove column), and its parameters said in
   * words by the cell itself. Null while the cell has drawn nothing.
   */
  reportView(): { kind: CellKind; section: Element; params: string[]; css: string } | null {
    const section = this.renderRoot.querySelector('section');
    if (!section) return null;
    const css = (this.constructor as typeof LitElement).elementStyles
      .map((s) => (s instanceof CSSStyleSheet ? Array.from(s.cssRules, (r) => r.cssText).join('\n') : s.cssText)).join('\n');
    return { kind: this.kind, section, params: this.failure === null ? this.reportParams() : [], css };
  }

  /** This cell's parameters for the report, in words ("Range: 1 year"); none by default. */
  protected reportParams(): string[] {
    return [];
  }

  /** A stored parameter when it has the expected type, else the default. */
  protected param<T extends string | number | boolean>(key: string, fallback: T): T {
    const value = this.params[key];
    return typeof value === typeof fallback ? (value as T) : fallback;
  }
}
