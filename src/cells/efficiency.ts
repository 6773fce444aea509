import { css, html, nothing, type PropertyValues } from 'lit';
import * as Plot from '@observablehq/plot';
import { Cell, cellSpec } from './cell';
import { DEFAULTS as EFFICIENCY } from '../analysis/efficiency';
import { EFFICIENCY_CSV_COLUMNS, efficiencyCsvRows, efficiencySummary, type EfficiencyPoint, type EfficiencySummary } from '../analysis/efficiencySummary';
import type { ActivityInput } from '../analysis/types';
import { kmIn, unitMetres } from '../ui/format';
import { downloadText, toCsv } from '../ui/csv';
import { mountCharts } from '../ui/chart';
import { cellStyles } from './styles';
import { explain, explainStyles, inputsUsed } from './explain';

/**
 * Efficiency (openrun m/beat): metres per heartbeat of every run with distance, timer time and
 * average HR, its 30-run rolling median (now and a year earlier), and the distance-bucket × year
 * table, which compares years within a tight distance range.
 */

const LINE_COLOR = '#1f77b4';

/** A distance bucket's km edges read in miles ('<3.1 mi', '3.1–6.2 mi', '26.2+ mi'). */
function bucketInMiles(fromKm: number, toKm: number): string {
  const mi = (km: number) => kmIn(km, 'mi');
  return fromKm === 0 ? `<${mi(toKm)} mi` : toKm === Infinity ? `${mi(fromKm)}+ mi` : `${mi(fromKm)}–${mi(toKm)} mi`;
}
const mPerBeat = (v: number | undefined, digits = 2) => (v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits));

export class EfficiencyCell extends Cell {
  static override properties = {
    activities: { attribute: false },
    today: { attribute: false },
  };

  declare activities: ActivityInput[] | null;
  declare today: string;
  private summary: EfficiencySummary | null = null;

  constructor() {
    super();
    this.activities = null;
  }

  static override readonly spec = cellSpec<EfficiencyCell>({ kind: 'efficiency', title: 'Efficiency', tag: 'fitbook-efficiency-cell', inputs: ['activities', 'today'] });

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('activities') || changed.has('today')) {
      this.summary = this.activities ? efficiencySummary(this.activities, { today: this.today }) : null;
    }
  }

  protected override updated(): void {
    const target = this.renderRoot.querySelector<HTMLElement>('.chart');
    if (!target || !this.summary || this.summary.points.length === 0) return;
    mountCharts(target, this.chart(this.summary.points));
  }

  private chart(points: readonly EfficiencyPoint[]): SVGSVGElement | HTMLElement {
    const units = this.units;
    const rows = points.map((p) => ({ ...p, date: new Date(p.startMs) }));
    // The median over fewer than 30 runs is drawn dashed up to the first full window.
    const firstFull = rows.findIndex((r) => r.fullWindow);
    const partial = firstFull === -1 ? rows : rows.slice(0, firstFull + 1);
    const full = firstFull === -1 ? [] : rows.slice(firstFull);
    const date = (d: Date) => d.toISOString().slice(0, 10);
    return Plot.plot({
      width: Math.max(320, this.clientWidth - 32),
      height: 260,
      marginLeft: 48,
      x: { type: 'utc', label: 'Date' },
      y: { label: 'Metres per heartbeat (m/beat)', grid: true },
      marks: [
        Plot.dot(rows, {
          x: 'date', y: 'mPerBeat', r: 2.5, fill: LINE_COLOR, fillOpacity: (d: { fullWindow: boolean }) => (d.fullWindow ? 0.45 : 0.15),
          channels: { 'Rolling median (m/beat)': 'rollingMedian', 'Runs in window': 'windowRuns', [`Distance (${units})`]: (d: EfficiencyPoint) => d.distanceM / unitMetres(units) },
          tip: { format: { x: date, y: (v: number) => v.toFixed(3), 'Rolling median (m/beat)': (v: number) => v.toFixed(3), [`Distance (${units})`]: (v: number) => v.toFixed(2) } },
        }),
        Plot.lineY(partial, { x: 'date', y: 'rollingMedian', stroke: LINE_COLOR, strokeWidth: 1.5, strokeOpacity: 0.6, strokeDasharray: '4,3' }),
        Plot.lineY(full, { x: 'date', y: 'rollingMedian', stroke: LINE_COLOR, strokeWidth: 2 }),
      ],
    });
  }

  private downloadCsv(): void {
    if (!this.summary) return;
    downloadText(`fitbook-efficiency-${this.today}.csv`, toCsv(EFFICIENCY_CSV_COLUMNS, efficiencyCsvRows(this.summary.points)));
  }

  private table(s: EfficiencySummary) {
    const { years, rows } = s.grid;
    return html`
      <div class="table-wrap"><table data-testid="efficiency-table">
        <caption>Median m/beat and number of runs per distance and year</caption>
        <thead><tr><th scope="col">Distance</th>${years.map((y) => html`<th scope="col">${y}</th>`)}</tr></thead>
        <tbody>${rows.map((r) => html`<tr>
          <th scope="row">${this.units === 'km' ? r.bucket.label : bucketInMiles(r.bucket.fromKm, r.bucket.toKm)}</th>
          ${r.cells.map((c) => (c
            ? html`<td data-value=${c.medianMPerBeat} data-runs=${c.runs}>${mPerBeat(c.medianMPerBeat)} <span class="note">(${c.runs} ${c.runs === 1 ? 'run' : 'runs'})</span></td>`
            : html`<td class="note">–</td>`))}
        </tr>`)}</tbody>
      </table></div>`;
  }

  override render() {
    const s = this.summary;
    const has = !!s && s.points.length > 0;
    const cur = s?.current ?? null;
    const ago = s?.yearAgo ?? null;
    return html`
      <section aria-labelledby="efficiency-title">
        <header>
          <h2 id="efficiency-title">Efficiency</h2>
          <div class="actions">
            <button data-action="download-csv" ?disabled=${!has} @click=${() => this.downloadCsv()}>Download data (CSV)</button>
            ${this.collapseButton()}
          </div>
        </header>
        ${this.collapsed ? nothing : !this.activities
          ? html`<p class="note" role="status">Loading activities…</p>`
          : !has || !s
            ? html`<p class="empty">Efficiency needs runs with distance, time and average heart rate.</p>`
            : html`
              <dl class="figures">
                <div class="figure"><dt>Metres per heartbeat, rolling median</dt>
                  <dd data-metric="m-per-beat" data-value=${cur?.rollingMedian ?? ''}>${mPerBeat(cur?.rollingMedian, 3)}</dd></div>
                <div class="figure"><dt>A year earlier</dt>
                  <dd data-metric="m-per-beat-year-ago" data-value=${ago?.rollingMedian ?? ''}>${mPerBeat(ago?.rollingMedian, 3)}</dd></div>
                <div class="figure"><dt>Runs with m/beat</dt>
                  <dd data-metric="efficiency-runs" data-value=${s.points.length}>${s.points.length}</dd></div>
              </dl>
              <p class="note">m/beat = distance ÷ (timer time × average HR ÷ 60); higher is more efficient.
                ${cur ? html`The rolling median is over the last ${cur.windowRuns} runs up to ${cur.localDate}.` : nothing}
                ${cur && cur.windowRuns < EFFICIENCY.rollingRuns ? html`With fewer than ${EFFICIENCY.rollingRuns} runs it is still settling (faded points, dashed line).` : nothing}</p>
              <div class="chart" role="img" aria-label="Metres per heartbeat of each run over time, with the ${EFFICIENCY.rollingRuns}-run rolling median as a line"></div>
              ${explain('efficiency', 'metres per heartbeat', `${inputsUsed(s.points.length, 'runs with distance, timer time and average heart rate', s.points.map((x) => x.localDate))}; the rolling median over the last ${EFFICIENCY.rollingRuns} of them.`)}
              ${this.table(s)}`}
      </section>
    `;
  }

  static override styles = [cellStyles, explainStyles, css`
    .table-wrap { overflow-x: auto; margin-top: 0.75rem; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.9rem; }
    caption { text-align: left; color: var(--muted); padding-bottom: 0.25rem; }
    th, td { padding: 0.25rem 0.5rem; border-bottom: 1px solid var(--border); text-align: right; white-space: nowrap; }
    th[scope='row'], thead th:first-child { text-align: left; }
  `];
}

customElements.define(EfficiencyCell.spec.tag, EfficiencyCell);
