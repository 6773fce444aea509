import { css, html, nothing, type PropertyValues } from 'lit';
import * as Plot from '@observablehq/plot';
import { Cell, cellSpec } from './cell';
import type { ActivityTableRow } from '../analysis/activityTable';
import { DEFAULTS as PREDICTION } from '../analysis/prediction';
import { DEFAULTS as RECORDS } from '../analysis/records';
import {
  DEFAULTS as SUMMARY, RECORDS_CSV_COLUMNS, bestEffortRows, distanceLabel, prRows, racePredictions, recordsCsvRows,
  type PredictionSummary, type RecordRow,
} from '../analysis/recordsSummary';
import { isRun, type ActivityInput } from '../analysis/types';
import { downloadText, toCsv } from '../ui/csv';
import { formatDistance, formatPace, formatSeconds } from '../ui/format';
import { cellStyles } from './styles';
import { explain, explainStyles, inputsUsed } from './explain';
import { mountCharts } from '../ui/chart';
import type { GarminPrediction, Vo2maxDay } from '../database';

/**
 * Records & predictions: whole-run PRs per distance bin, the best efforts inside runs (once the
 * activity table with its per-run efforts has arrived), and 5 k to marathon predictions by
 * Riegel and VDOT from the best effort of the recent window (a parameter, 90 days by default).
 */

type Records = { targetM: number; record: RecordRow | null }[];

const time = (s: number) => formatSeconds(s) || '–';

export class RecordsCell extends Cell {
  static override properties = {
    activities: { attribute: false },
    rows: { attribute: false },
    today: { attribute: false },
    vo2max: { attribute: false },
    garminPredictions: { attribute: false },
  };

  declare vo2max: Vo2maxDay[] | null;
  declare garminPredictions: GarminPrediction[] | null;
  declare activities: ActivityInput[] | null;
  declare rows: ActivityTableRow[] | null;
  declare today: string;
  private prs: Records = [];
  private efforts: Records = [];
  private prediction: PredictionSummary | null = null;

  constructor() {
    super();
    this.activities = null;
    this.rows = null;
    this.vo2max = null;
    this.garminPredictions = null;
  }

  private pace(minPerKm: number): string {
    return formatPace(minPerKm, this.units) || '–';
  }

  static override readonly spec = cellSpec<RecordsCell>({ kind: 'records', title: 'Records & predictions', tag: 'fitbook-records-cell', inputs: ['activities', 'rows', 'today', 'vo2max', 'garminPredictions'] });

  /** The stored window when it is one the cell offers, else 90 days. */
  private recentDays(): number {
    const days = this.param('recentDays', SUMMARY.recentDays);
    return SUMMARY.recentDaysChoices.includes(days) ? days : SUMMARY.recentDays;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('activities')) this.prs = this.activities ? prRows(this.activities) : [];
    if (changed.has('rows')) this.efforts = this.rows ? bestEffortRows(this.rows) : [];
    if (changed.has('activities') || changed.has('rows') || changed.has('today') || changed.has('params')) {
      this.prediction = this.activities ? racePredictions(this.activities, this.rows, { asOf: this.today, recentDays: this.recentDays() }) : null;
    }
  }

  private downloadCsv(): void {
    if (!this.prediction) return;
    downloadText(`fitbook-records-${this.today}.csv`, toCsv(RECORDS_CSV_COLUMNS, recordsCsvRows(this.prs, this.efforts, this.prediction)));
  }

  private recordsTable(label: string, testId: string, items: Records, covered: boolean) {
    return html`
      <div class="table-wrap"><table data-testid=${testId}>
        <caption>${label}</caption>
        <thead><tr><th scope="col">Distance</th><th scope="col">Time</th><th scope="col">Pace</th>${covered ? html`<th scope="col">Run distance</th>` : nothing}<th scope="col">Date</th><th scope="col">Activity</th></tr></thead>
        <tbody>${items.map(({ targetM, record: r }) => html`<tr data-target-m=${targetM}>
          <th scope="row">${distanceLabel(targetM, this.units)}</th>
          ${r
            ? html`<td data-value=${r.timeS}>${time(r.timeS)}</td><td data-value=${r.paceMinPerKm}>${this.pace(r.paceMinPerKm)}</td>
              ${covered ? html`<td>${formatDistance(r.distanceM, this.units)}</td>` : nothing}
              <td>${r.localDate}</td><td class="name" data-activity=${r.activityId} data-private="name">${r.name ?? ''}</td>`
            : html`<td class="note" colspan=${covered ? 5 : 4}>none yet</td>`}
        </tr>`)}</tbody>
      </table></div>`;
  }

  private predictions(p: PredictionSummary) {
    const days = html`<label data-edit>Predict from the last
      <select data-testid="records-recent-days" .value=${String(p.recentDays)} @change=${(e: Event) => this.setParam('recentDays', Number((e.target as HTMLSelectElement).value))}>
        ${SUMMARY.recentDaysChoices.map((d) => html`<option value=${d} ?selected=${d === p.recentDays}>${d} days</option>`)}
      </select></label>`;
    const s = p.source;
    if (!s) {
      return html`<h3>Predicted race times</h3><p class="actions">${days}</p>
        <p class="empty" data-testid="records-no-prediction">No run or best effort of at least ${distanceLabel(PREDICTION.minSourceM, this.units)} between ${p.fromDate} and ${this.today}: choose a longer window.</p>`;
    }
    const garmin = latestOnOrBefore(this.garminPredictions ?? [], this.today);
    const what = s.kind === 'run' ? html`the whole ${distanceLabel(s.distanceM, this.units)} run` : html`the best ${distanceLabel(s.distanceM, this.units)} inside the run`;
    return html`
      <h3>Predicted race times</h3>
      <p class="actions">${days}</p>
      <p class="note" data-testid="records-prediction-source" data-activity=${s.activityId} data-vdot=${s.vdot}>
        Predicted from ${what} ${s.name ? html`“<span data-private="name">${s.name}</span>”` : nothing} on ${s.localDate}: ${time(s.timeS)} (${this.pace(s.timeS / 60 / (s.distanceM / 1000))}),
        VDOT ${s.vdot.toFixed(1)}, the best effort between ${p.fromDate} and ${this.today}.
        Riegel: T₂ = T₁ × (D₂ ÷ D₁)^${PREDICTION.riegelExponent}; VDOT: Daniels–Gilbert, the time with the same VDOT.</p>
      <div class="table-wrap"><table data-testid="records-predictions">
        <caption>Predicted times and paces</caption>
        <thead><tr><th scope="col">Race</th><th scope="col">Riegel</th><th scope="col">Pace</th><th scope="col">VDOT</th><th scope="col">Pace</th>${garmin ? html`<th scope="col">Garmin, ${garmin.date}</th>` : nothing}</tr></thead>
        <tbody>${p.predictions.map((r) => html`<tr data-target-m=${r.targetM}>
          <th scope="row">${distanceLabel(r.targetM, this.units)}</th>
          <td data-method="riegel" data-value=${r.riegelS}>${time(r.riegelS)}</td><td>${this.pace(r.riegelS / 60 / (r.targetM / 1000))}</td>
          <td data-method="vdot" data-value=${Number.isFinite(r.vdotS) ? r.vdotS : ''}>${time(r.vdotS)}</td><td>${this.pace(r.vdotS / 60 / (r.targetM / 1000))}</td>
          ${garmin ? html`<td data-method="garmin" data-value=${garminTime(garmin, r.targetM) ?? ''}>${time(garminTime(garmin, r.targetM) ?? NaN)}</td>` : nothing}
        </tr>`)}</tbody>
      </table></div>
      ${explain('records-prediction', 'these predictions', `One effort: ${s.localDate}, ${distanceLabel(s.distanceM, this.units)} in ${time(s.timeS)} (VDOT ${s.vdot.toFixed(1)}), the best of the efforts between ${p.fromDate} and ${this.today}.`)}`;
  }

  /** Garmin's VO2max estimate over time (MetricsMaxMetData), with its latest value. */
  private vo2maxSection() {
    const points = this.vo2max ?? [];
    if (points.length === 0) return nothing;
    const last = points[points.length - 1] as Vo2maxDay;
    return html`
      <h3>VO2max (Garmin's estimate)</h3>
      <p class="note">Latest <strong data-metric="vo2max" data-value=${last.vo2max}>${last.vo2max.toFixed(0)}</strong> ml/kg/min on ${last.date}${last.fitnessAge !== null ? html`, fitness age ${last.fitnessAge.toFixed(0)}` : nothing};
        ${points.length} estimate${points.length === 1 ? '' : 's'} from ${points[0]?.date}.</p>
      ${points.length > 1 ? html`<div class="chart" data-chart="vo2max"></div>` : nothing}
      ${explain('vo2max', 'this VO2max', `${points.length} running estimates from Garmin's export (DI-Connect-Metrics/MetricsMaxMetData), ${points[0]?.date} to ${last.date}.`)}`;
  }

  protected override updated(): void {
    const target = this.renderRoot.querySelector<HTMLElement>('[data-chart="vo2max"]');
    const points = this.vo2max ?? [];
    if (!target || points.length < 2) return;
    const rows = points.map((p) => ({ date: new Date(`${p.date}T00:00:00Z`), day: p.date, vo2max: p.vo2max }));
    const values = rows.map((r) => r.vo2max);
    mountCharts(target, Plot.plot({
      width: Math.max(320, this.clientWidth - 32), height: 180, marginLeft: 44,
      x: { type: 'utc', label: null },
      // VO2max moves by a point or two a season: a zero-based axis would flatten it.
      y: { label: 'VO2max (ml/kg/min)', grid: true, domain: [Math.floor(Math.min(...values) - 1), Math.ceil(Math.max(...values) + 1)], tickFormat: (v: number) => v.toFixed(0) },
      marks: [
        Plot.lineY(rows, { x: 'date', y: 'vo2max', stroke: '#1f77b4', curve: 'step-after' }),
        Plot.dot(rows, { x: 'date', y: 'vo2max', fill: '#1f77b4', r: 2, title: (r: { day: string; vo2max: number }) => `${r.day}: VO2max ${r.vo2max}`, tip: true }),
      ],
    }));
  }

  protected override reportParams(): string[] {
    return [`Predict from the last: ${this.recentDays()} days`];
  }

  override render() {
    const p = this.prediction;
    const anyPr = this.prs.some((r) => r.record);
    const anyEffort = this.efforts.some((r) => r.record);
    return html`
      <section aria-labelledby="records-title">
        <header>
          <h2 id="records-title">Records & predictions</h2>
          <div class="actions">
            <button data-action="download-csv" ?disabled=${!p || (!anyPr && !anyEffort)} @click=${() => this.downloadCsv()}>Download data (CSV)</button>
            ${this.collapseButton()}
          </div>
        </header>
        ${this.collapsed ? nothing : !this.activities || !p
          ? html`<p class="note" role="status">Loading activities…</p>`
          : !anyPr && !anyEffort && !this.rows
            ? html`<p class="note" role="status">No whole-run records yet; computing the best efforts inside runs…</p>`
            : !anyPr && !anyEffort
              ? html`<p class="empty">Records need runs with distance and time (best efforts inside runs need a GPS or speed stream).</p>`
              : html`
                ${this.recordsTable(`Personal records: whole runs within ${RECORDS.prTolerance * 100} % of each distance, fastest pace on moving time`, 'records-prs', this.prs, true)}
                ${this.rows
                  ? this.recordsTable('Best efforts: the fastest stretch of each distance inside any run (elapsed time)', 'records-best-efforts', this.efforts, false)
                  : html`<p class="note" role="status">Computing the best efforts inside runs…</p>`}
                ${explain('records', 'these records', `${inputsUsed((this.activities ?? []).filter((a) => isRun(a.sport)).length, 'runs', (this.activities ?? []).filter((a) => isRun(a.sport)).map((a) => a.localDate))}; best efforts from the ${(this.rows ?? []).filter((r) => r.bestEffortsS).length} runs with a distance stream.`)}
                ${this.predictions(p)}`}
        ${this.collapsed ? nothing : this.vo2maxSection()}
      </section>
    `;
  }

  static override styles = [cellStyles, explainStyles, css`
    h3 { font-size: 1rem; margin: 1rem 0 0.25rem; }
    .table-wrap { overflow-x: auto; margin-top: 0.75rem; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.9rem; }
    caption { text-align: left; color: var(--muted); padding-bottom: 0.25rem; }
    th, td { padding: 0.25rem 0.5rem; border-bottom: 1px solid var(--border); text-align: left; white-space: nowrap; }
    td.name { white-space: normal; max-width: 20rem; overflow-wrap: anywhere; }
  `];
}

/** The newest of Garmin's predictions made on or before `today`. */
function latestOnOrBefore(predictions: readonly GarminPrediction[], today: string): GarminPrediction | null {
  let latest: GarminPrediction | null = null;
  for (const p of predictions) if (p.date <= today) latest = p;
  return latest;
}

/** Garmin predicts 5 K, 10 K, half and marathon only. */
function garminTime(p: GarminPrediction, targetM: number): number | null {
  if (Math.abs(targetM - 5000) < 1) return p.fiveKS;
  if (Math.abs(targetM - 10000) < 1) return p.tenKS;
  if (Math.abs(targetM - 21097.5) < 5) return p.halfS;
  if (Math.abs(targetM - 42195) < 5) return p.marathonS;
  return null;
}

customElements.define(RecordsCell.spec.tag, RecordsCell);
