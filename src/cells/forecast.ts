import { css, html, nothing, type PropertyValues } from 'lit';
import { Cell, cellSpec } from './cell';
import * as Plot from '@observablehq/plot';
import { Task, TaskStatus } from '@lit/task';
import { addDays, mondayOf } from '../analysis/calendar';
import { FORECAST_CSV_COLUMNS, forecastCsvRows, raceForecast, type RaceForecast } from '../analysis/forecast';
import { isRun, type ActivityInput } from '../analysis/types';
import type { ActivityTableRow } from '../analysis/activityTable';
import { racePredictions, type PredictionSummary } from '../analysis/recordsSummary';
import { DEFAULTS as PREDICTION } from '../analysis/prediction';
import type { Settings } from '../app/settings';
import type { WorkerRef } from './cell';
import { downloadText, toCsv } from '../ui/csv';
import { formatPace, formatSeconds, kmIn, unitMetres } from '../ui/format';
import { cellStyles } from './styles';
import { explain, explainStyles, inputsUsed } from './explain';
import { mountCharts, PMC_COLOR, pmcRows, pmcTip } from '../ui/chart';
import type { ActivityLoadRow, PlanInfo, PlanWeekInput } from '../database';

/**
 * Race forecast: history plus the chosen plan, through the last race; race-day CTL/ATL/TSB
 * and band per race. Recomputes whenever the plan changes (every valid keystroke in the plan).
 */
export class ForecastCell extends Cell {
  static override properties = {
    loads: { attribute: false },
    settings: { attribute: false },
    weeks: { attribute: false },
    plans: { attribute: false },
    planId: { attribute: false },
    worker: { attribute: false },
    today: { attribute: false },
    activities: { attribute: false },
    rows: { attribute: false },
    otherWeeks: { state: true },
  };

  declare loads: ActivityLoadRow[] | null;
  declare settings: Settings;
  /** The weeks of the plan being edited in the plan cell (in memory, ahead of the database). */
  declare weeks: PlanWeekInput[] | null;
  declare plans: PlanInfo[];
  /** The plan being edited. */
  declare planId: number | null;
  declare worker: WorkerRef;
  declare today: string;
  /** Runs and their best efforts: what the finish times are predicted from. */
  declare activities: ActivityInput[] | null;
  declare rows: ActivityTableRow[] | null;
  /** The weeks of the plan this cell picked when it is not the one being edited. */
  declare otherWeeks: PlanWeekInput[] | null;
  private result: RaceForecast | null = null;
  private prediction: PredictionSummary | null = null;

  /** The weeks of the plan this cell picked, when it is not the one being edited, read from the worker. */
  private readonly otherPlan = new Task(this, {
    args: () => [this.worker, this.chosenPlan() === this.planId ? null : this.chosenPlan(), this.plans] as const,
    task: async ([worker, id]) => (worker && id !== null ? worker.api.planWeeks(id) : null),
    onComplete: (weeks) => {
      this.otherWeeks = weeks;
    },
  });

  constructor() {
    super();
    this.loads = null;
    this.weeks = null;
    this.plans = [];
    this.planId = null;
    this.otherWeeks = null;
    this.activities = null;
    this.rows = null;
  }

  /** This cell's plan: its own pick (a parameter) while that plan exists, else the one being edited. */
  private chosenPlan(): number | null {
    const picked = this.param('plan', -1);
    return this.plans.some((p) => p.id === picked) ? picked : this.planId;
  }

  private chosenWeeks(): PlanWeekInput[] | null {
    return this.chosenPlan() === this.planId ? this.weeks : this.otherWeeks;
  }

  static override readonly spec = cellSpec<ForecastCell>({ kind: 'forecast', title: 'Race forecast', tag: 'fitbook-forecast-cell', inputs: ['loads', 'settings', 'weeks', 'plans', 'planId', 'worker', 'today', 'activities', 'rows'] });

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('loads') || changed.has('settings') || changed.has('weeks') || changed.has('today') || changed.has('otherWeeks') || changed.has('params') || changed.has('planId')) {
      const weeks = this.chosenWeeks();
      this.result = this.loads && weeks && this.settings
        ? raceForecast(this.loads.map((a) => ({ localDate: a.localDate, load: a.load, distanceM: a.distanceM, isRun: isRun(a.sport) })), weeks, {
          today: this.today, ctlDays: this.settings.ctlDays, atlDays: this.settings.atlDays,
        })
        : null;
    }
    const races = this.result?.races ?? [];
    const key = races.map((r) => r.km).join(' ');
    // Per keystroke only when the races' distances changed: the efforts do not depend on the plan.
    if (changed.has('activities') || changed.has('rows') || changed.has('today') || key !== this.predictedFor) {
      this.predictedFor = key;
      this.prediction = this.activities && races.length
        ? racePredictions(this.activities, this.rows, { asOf: this.today, raceTargetsM: races.map((r) => r.km * 1000) })
        : null;
    }
  }

  /** The race distances the predictions were made for. */
  private predictedFor: string | null = null;


  protected override updated(): void {
    this.drawNextFrame(() => this.drawChart());
  }

  private drawChart(): void {
    const target = this.renderRoot.querySelector<HTMLElement>('.chart');
    const f = this.result?.forecast;
    if (!target || !f) return;
    const from = Math.max(0, f.dates.indexOf(addDays(this.today, -56)));
    const rows = pmcRows(f, from);
    const races = (this.result?.races ?? []).map((r) => ({ ...r, at: new Date(`${r.date}T00:00:00Z`) }));
    mountCharts(target, Plot.plot({
      width: Math.max(320, this.clientWidth - 32),
      height: 260,
      marginLeft: 48,
      x: { type: 'utc', label: 'Date' },
      // At least −10…+10: a history that ended long ago projects values of 1e-6, whose ticks read "0.000010".
      y: { label: 'CTL, ATL · TSB (projected after today)', grid: true, nice: true, domain: spanAtLeast(rows.map((r) => r.value), 10) },
      color: PMC_COLOR,
      marks: [
        Plot.ruleY([0], { stroke: 'currentColor', strokeOpacity: 0.4 }),
        Plot.ruleX([new Date(`${this.today}T00:00:00Z`)], { stroke: 'currentColor', strokeDasharray: '4 3' }),
        Plot.ruleX(races, { x: 'at', stroke: '#d62728', title: (r: { name: string; date: string }) => `${r.name} (${r.date})` }),
        Plot.lineY(rows, { x: 'date', y: 'value', stroke: 'series', title: pmcTip, tip: true }),
      ],
    }));
  }

  private downloadCsv(): void {
    if (!this.result) return;
    downloadText(`fitbook-forecast-${this.today}.csv`, toCsv(FORECAST_CSV_COLUMNS, forecastCsvRows(this.result.forecast)));
  }

  protected override reportParams(): string[] {
    const plan = this.plans.find((p) => p.id === this.chosenPlan());
    return plan ? [`Plan: ${plan.name}`] : [];
  }

  override render() {
    const r = this.result;
    const perUnit = unitMetres(this.units) / 1000;
    return html`
      <section aria-labelledby="forecast-title">
        <header>
          <h2 id="forecast-title">Race forecast</h2>
          <div class="actions">
            ${this.plans.length > 1 ? html`<label>Plan <select data-testid="forecast-plan" @change=${(e: Event) => this.setParam('plan', Number((e.target as HTMLSelectElement).value))}>
              ${this.plans.map((p) => html`<option value=${p.id} ?selected=${p.id === this.chosenPlan()}>${p.name}${p.id === this.planId ? ' (editing)' : ''}</option>`)}
            </select></label>` : nothing}
            <button data-action="download-csv" ?disabled=${!r} @click=${() => this.downloadCsv()}>Download data (CSV)</button>
            ${this.collapseButton()}
          </div>
        </header>
        ${this.collapsed ? nothing : this.otherPlan.status === TaskStatus.ERROR ? this.failedRead('the chosen plan', this.otherPlan.error) : !r
          ? html`<p class="empty">The forecast needs runs with a training load (to learn your load per km) and a plan.</p>`
          : html`
            ${r.races.length === 0
              ? html`<p class="empty">No race ahead in this plan<span data-edit>: add one with "Add a race" in the Plan cell</span>.</p>`
              : html`<div class="table-wrap"><table class="races">
                  <caption class="note">Predicted finish and form on race day, from your history and this plan</caption>
                  <thead><tr><th scope="col">Race</th><th scope="col">Date</th><th scope="col">${this.units}</th><th scope="col">Predicted (Riegel)</th><th scope="col">Predicted (VDOT)</th><th scope="col">CTL</th><th scope="col">ATL</th><th scope="col">TSB</th><th scope="col">Band</th></tr></thead>
                  <tbody>${r.races.map((race, i) => {
                    const p = this.prediction?.predictions[i];
                    const finish = (metric: string, s: number | undefined) => html`<td data-metric=${metric} data-race=${race.date} data-value=${s !== undefined && Number.isFinite(s) ? s : ''}>${s !== undefined && Number.isFinite(s)
                      ? html`${formatSeconds(Math.round(s))} <span class="pace">${formatPace(s / 60 / race.km, this.units)}</span>` : '–'}</td>`;
                    return html`<tr>
                    <td>${race.name}</td><td>${race.date}</td><td>${kmIn(race.km, this.units)}</td>
                    ${finish('race-predicted-riegel', p?.riegelS)}${finish('race-predicted-vdot', p?.vdotS)}
                    <td>${race.ctl.toFixed(1)}</td><td>${race.atl.toFixed(1)}</td>
                    <td data-metric="race-day-tsb" data-race=${race.date} data-value=${race.tsb}>${race.tsb.toFixed(1)}</td><td>${race.band.replace('_', ' ')}</td>
                  </tr>`;
                  })}</tbody>
                </table></div>
                ${this.predictionNote()}`}
            <p class="note">Planned distance becomes load at ${(r.loadPerKm.median * perUnit).toFixed(2)} per ${this.units} (median of your ${r.loadPerKm.runs} runs; IQR ${(r.loadPerKm.q1 * perUnit).toFixed(2)}–${(r.loadPerKm.q3 * perUnit).toFixed(2)}), spread Sat 40 %, Tue and Thu 20 %, Mon and Wed 10 %.</p>
            <div class="chart" role="img" aria-label="Projected CTL, ATL and TSB through the last race"></div>
            ${explain('forecast', 'the forecast', `${inputsUsed(r.loadPerKm.runs, 'runs with a load and a distance (load per km)', [])}; ${(this.loads ?? []).length.toLocaleString('en')} activities' loads up to today, then ${this.chosenWeeks()?.filter((w) => w.weekStart >= mondayOf(this.today)).length ?? 0} plan weeks.`)}`}
      </section>
    `;
  }

  /** Where the finish times come from, or why there are none. */
  private predictionNote() {
    const p = this.prediction;
    const s = p?.source;
    if (!p || !s) {
      return html`<p class="note" data-testid="race-prediction-source">No finish time predicted: no run or best effort of at least ${PREDICTION.minSourceM} m in the last ${p?.recentDays ?? 90} days to predict from.</p>`;
    }
    return html`<p class="note" data-testid="race-prediction-source" data-activity=${s.activityId}>Finish times from your best recent effort: ${s.kind === 'run' ? 'the whole run' : 'the best stretch inside the run'} of ${kmIn(s.distanceM / 1000, this.units).toFixed(2)} ${this.units} on ${s.localDate} in ${formatSeconds(Math.round(s.timeS))} (VDOT ${s.vdot.toFixed(1)}), as of today, on a flat course.</p>
      ${explain('race-prediction', 'the predicted finish', `One effort: ${s.localDate}, ${kmIn(s.distanceM / 1000, this.units).toFixed(2)} ${this.units} in ${formatSeconds(Math.round(s.timeS))}, the highest VDOT among the runs and best efforts from ${p.fromDate} to ${this.today}.`)}`;
  }

  static override styles = [cellStyles, explainStyles, css`
    .races { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: 0.5rem 0; }
    .races caption { text-align: left; }
    .races th, .races td { padding: 0.3rem 0.6rem; border-bottom: 1px solid var(--border); text-align: right; vertical-align: top; white-space: nowrap; }
    .races th { white-space: normal; }
    .races th:first-child, .races td:first-child { text-align: left; white-space: normal; min-width: 8rem; }
    .pace { display: block; color: var(--muted); font-size: 0.8rem; }
  `];
}

/** A domain holding every value and at least −span…+span. */
function spanAtLeast(values: readonly number[], span: number): [number, number] {
  let lo = -span;
  let hi = span;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

customElements.define(ForecastCell.spec.tag, ForecastCell);
