import { css, html, nothing, type PropertyValues } from 'lit';
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
  };

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
  }

  private pace(minPerKm: number): string {
    return formatPace(minPerKm, this.units) || '–';
  }

  static override readonly spec = cellSpec<RecordsCell>({ kind: 'records', title: 'Records & predictions', tag: 'fitbook-records-cell', inputs: ['activities', 'rows', 'today'] });

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
        <thead><tr><th scope="col">Race</th><th scope="col">Riegel</th><th scope="col">Pace</th><th scope="col">VDOT</th><th scope="col">Pace</th></tr></thead>
        <tbody>${p.predictions.map((r) => html`<tr data-target-m=${r.targetM}>
          <th scope="row">${distanceLabel(r.targetM, this.units)}</th>
          <td data-method="riegel" data-value=${r.riegelS}>${time(r.riegelS)}</td><td>${this.pace(r.riegelS / 60 / (r.targetM / 1000))}</td>
          <td data-method="vdot" data-value=${Number.isFinite(r.vdotS) ? r.vdotS : ''}>${time(r.vdotS)}</td><td>${this.pace(r.vdotS / 60 / (r.targetM / 1000))}</td>
        </tr>`)}</tbody>
      </table></div>
      ${explain('records-prediction', 'these predictions', `One effort: ${s.localDate}, ${distanceLabel(s.distanceM, this.units)} in ${time(s.timeS)} (VDOT ${s.vdot.toFixed(1)}), the best of the efforts between ${p.fromDate} and ${this.today}.`)}`;
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

customElements.define(RecordsCell.spec.tag, RecordsCell);
