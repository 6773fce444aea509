import { css, html, nothing, type PropertyValues } from 'lit';
import * as Plot from '@observablehq/plot';
import { Cell, cellSpec } from './cell';
import { addDays } from '../analysis/calendar';
import { predictionChangeS, predictionHistory, type PredictionPoint } from '../analysis/predictionHistory';
import { DEFAULTS as PREDICTION } from '../analysis/prediction';
import { distanceLabel, predictionEfforts } from '../analysis/recordsSummary';
import type { ActivityTableRow } from '../analysis/activityTable';
import type { ActivityInput } from '../analysis/types';
import type { BuiltPlanState } from '../database';
import { downloadText, toCsv } from '../ui/csv';
import { mountCharts } from '../ui/chart';
import { formatPaceValue, formatSeconds, unitMetres } from '../ui/format';
import { cellStyles } from './styles';
import { explain, explainStyles } from './explain';

/**
 * Predicted race times over time (issue #17, Stride's insights page): each week, Riegel or VDOT
 * from the best effort of the 90 days before (the Records cell's rule), a line per distance — the
 * standard four and the goal race of a plan built from a goal. Drawn as pace, so 5 K and marathon
 * share an axis; faster is up.
 */

type Range = '1y' | '2y' | 'all';
const RANGE_DAYS: Record<Range, number> = { '1y': 365, '2y': 730, all: Infinity };
const RANGE_LABELS: Record<Range, string> = { '1y': '1 year', '2y': '2 years', all: 'All' };
export const PREDICTIONS_CSV_COLUMNS = ['date', 'target_m', 'riegel_s', 'vdot_s', 'source_activity_id', 'source_vdot'] as const;
/** The figures compare with this many weeks before the last point. */
const CHANGE_WEEKS = 12;

export class PredictionsCell extends Cell {
  static override properties = {
    activities: { attribute: false },
    rows: { attribute: false },
    builtPlan: { attribute: false },
    today: { attribute: false },
  };

  declare activities: ActivityInput[] | null;
  declare rows: ActivityTableRow[] | null;
  declare builtPlan: BuiltPlanState | null;
  declare today: string;
  private points: PredictionPoint[] = [];
  private targets: number[] = [];
  private span: { from: string; to: string; latestEffort: string | null } | null = null;

  constructor() {
    super();
    this.activities = null;
    this.rows = null;
    this.builtPlan = null;
  }

  static override readonly spec = cellSpec<PredictionsCell>({ kind: 'predictions', title: 'Predicted race times', tag: 'fitbook-predictions-cell', inputs: ['activities', 'rows', 'builtPlan', 'today'] });

  private range(): Range {
    const r = this.param<string>('range', '1y');
    return Object.hasOwn(RANGE_DAYS, r) ? (r as Range) : '1y';
  }

  private method(): 'vdot' | 'riegel' {
    return this.param<string>('method', 'vdot') === 'riegel' ? 'riegel' : 'vdot';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!['activities', 'rows', 'builtPlan', 'today', 'params'].some((k) => changed.has(k as keyof PredictionsCell))) return;
    if (!this.activities) {
      this.span = null;
      return;
    }
    const efforts = predictionEfforts(this.activities, this.rows);
    const goalM = this.builtPlan ? Math.round(this.builtPlan.goal.goal.distanceKm * 1000 * 10) / 10 : null;
    this.targets = [...PREDICTION.raceTargetsM, ...(goalM !== null && !PREDICTION.raceTargetsM.some((t) => Math.abs(t - goalM) < 1) ? [goalM] : [])];
    const latest = efforts.reduce<string | null>((max, e) => (e.distanceM >= PREDICTION.minSourceM && (max === null || e.localDate > max) ? e.localDate : max), null);
    const first = efforts.reduce<string | null>((min, e) => (min === null || e.localDate < min ? e.localDate : min), null);
    // An old history: the chart ends when its last effort stops counting, not on an empty today.
    const to = latest !== null && latest < addDays(this.today, -PREDICTION.recentDays) ? addDays(latest, PREDICTION.recentDays - 1) : this.today;
    const days = RANGE_DAYS[this.range()];
    const from = Number.isFinite(days) ? addDays(to, -(days - 1)) : first ?? to;
    this.span = { from: first !== null && first > from ? first : from, to, latestEffort: latest };
    this.points = latest === null ? [] : predictionHistory(efforts, { from: this.span.from, to, targetsM: this.targets });
  }

  private value(p: PredictionPoint): number | null {
    return this.method() === 'riegel' ? p.riegelS : p.vdotS;
  }

  protected override updated(): void {
    const target = this.renderRoot.querySelector<HTMLElement>('[data-chart="predictions"]');
    if (!target || this.points.length === 0) return;
    const perUnit = unitMetres(this.units) / 1000;
    const rows = this.points.map((p) => {
      const s = this.value(p);
      return { date: new Date(`${p.date}T00:00:00Z`), distance: distanceLabel(p.targetM, this.units), pace: s === null ? NaN : (s / 60 / (p.targetM / 1000)) * perUnit, s };
    });
    const paces = rows.map((r) => r.pace).filter(Number.isFinite);
    const width = Math.max(320, this.clientWidth - 32);
    mountCharts(target, Plot.plot({
      width, height: 260, marginLeft: 48,
      x: { type: 'utc', label: null },
      // Faster is up; the domain padded so a flat line does not sit on an edge.
      y: { label: `Predicted pace (min/${this.units})`, reverse: true, domain: [Math.min(...paces) - 0.1, Math.max(...paces) + 0.1], tickFormat: (v: number) => formatPaceValue(v / perUnit, this.units), grid: true },
      color: { legend: true, domain: this.targets.map((t) => distanceLabel(t, this.units)) },
      marks: [
        Plot.lineY(rows, { x: 'date', y: 'pace', stroke: 'distance', strokeWidth: 2 }),
        Plot.dot(rows.filter((r) => Number.isFinite(r.pace)), Plot.pointerX({ x: 'date', y: 'pace', fill: 'distance', r: 3,
          title: (r: { date: Date; distance: string; s: number }) => `${r.date.toISOString().slice(0, 10)}\n${r.distance}: ${formatSeconds(Math.round(r.s))}` })),
      ],
    }));
  }

  private downloadCsv(): void {
    downloadText(`fitbook-predictions-${this.today}.csv`, toCsv(PREDICTIONS_CSV_COLUMNS, this.points.map((p) => [p.date, p.targetM, p.riegelS, p.vdotS, p.sourceActivityId, p.sourceVdot])));
  }

  protected override reportParams(): string[] {
    return [`Range: ${RANGE_LABELS[this.range()]}`, `Method: ${this.method() === 'riegel' ? 'Riegel' : 'VDOT (Daniels)'}`];
  }

  private figure(targetM: number) {
    const span = this.span;
    if (!span) return nothing;
    const last = this.points.filter((p) => p.targetM === targetM).at(-1);
    const s = last ? this.value(last) : null;
    const before = addDays(span.to, -7 * CHANGE_WEEKS);
    const change = predictionChangeS(this.points, targetM, this.method(), before, span.to);
    const label = distanceLabel(targetM, this.units);
    return html`<div class="figure"><dt>${label}</dt>
      <dd data-metric="predicted-time" data-target-m=${targetM} data-value=${s ?? ''}>${s === null ? '–' : formatSeconds(Math.round(s))}</dd>
      ${change === null ? nothing : html`<dd class="change" data-metric="predicted-change" data-target-m=${targetM} data-value=${change}>${change <= 0 ? '−' : '+'}${formatSeconds(Math.round(Math.abs(change)))} in ${CHANGE_WEEKS} weeks</dd>`}</div>`;
  }

  override render() {
    const span = this.span;
    const range = this.range();
    const method = this.method();
    return html`
      <section aria-labelledby="predictions-title">
        <header>
          <h2 id="predictions-title">Predicted race times</h2>
          <div class="actions">
            <label data-edit>Range <select data-testid="predictions-range" @change=${(e: Event) => this.setParam('range', (e.target as HTMLSelectElement).value)}>
              ${(Object.keys(RANGE_LABELS) as Range[]).map((r) => html`<option value=${r} ?selected=${r === range}>${RANGE_LABELS[r]}</option>`)}</select></label>
            <label data-edit>Method <select data-testid="predictions-method" @change=${(e: Event) => this.setParam('method', (e.target as HTMLSelectElement).value)}>
              <option value="vdot" ?selected=${method === 'vdot'}>VDOT (Daniels)</option><option value="riegel" ?selected=${method === 'riegel'}>Riegel</option></select></label>
            <button data-action="download-csv" ?disabled=${this.points.length === 0} @click=${() => this.downloadCsv()}>Download data (CSV)</button>
            ${this.collapseButton()}
          </div>
        </header>
        ${this.collapsed ? nothing : !span ? html`<p class="note" role="status">Reading your runs…</p>`
          : this.points.length === 0 ? html`<p class="empty" data-testid="predictions-empty">No run of at least 1500 m with a time to predict from yet: a race or a hard run fills this chart.</p>` : html`
            <dl class="figures">${this.targets.map((t) => this.figure(t))}</dl>
            ${span.to < this.today ? html`<p class="note" data-testid="predictions-ended">Your latest effort is from ${span.latestEffort}: the chart ends when it stops counting (90 days later), on ${span.to}.</p>` : nothing}
            <div class="chart" data-chart="predictions" role="img" aria-label="Predicted race pace for each distance, week by week, ${span.from} to ${span.to}"></div>
            ${explain('predictions', 'these predictions', `One point a week from ${span.from} to ${span.to}; ${method === 'vdot' ? 'VDOT (Daniels–Gilbert)' : 'Riegel (exponent 1.06)'} from the best effort of the 90 days before each point.`)}`}
      </section>`;
  }

  static override styles = [cellStyles, explainStyles, css`
    .change { font-size: 0.8rem; color: var(--muted); }
  `];
}

customElements.define(PredictionsCell.spec.tag, PredictionsCell);
