import { css, html, nothing, type PropertyValues } from 'lit';
import * as Plot from '@observablehq/plot';
import { Cell, cellSpec } from './cell';
import { consistencyYear, type Consistency } from '../analysis/consistency';
import { downloadText, toCsv } from '../ui/csv';
import { mountCharts } from '../ui/chart';
import { unitMetres } from '../ui/format';
import { cellStyles } from './styles';
import { explain, explainStyles } from './explain';
import type { ActivityLoadRow } from '../database';

/**
 * Consistency (issue #17, Stride's year-long consistency map): the last 365 days as a calendar
 * heatmap of load or distance — weeks as columns, Monday to Sunday as rows — with the active
 * days, rest days and streaks. Off-watch sessions count (they are in `loads`).
 */

const WEEKDAY_LABELS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
/** Rest days: a light grey, so the year's grid stays visible. */
const REST_FILL = '#e6e6e6';
export const CONSISTENCY_CSV_COLUMNS = ['date', 'week', 'weekday', 'value'] as const;

export class ConsistencyCell extends Cell {
  static override properties = {
    loads: { attribute: false },
    today: { attribute: false },
  };

  declare loads: ActivityLoadRow[] | null;
  declare today: string;
  private year: Consistency | null = null;

  constructor() {
    super();
    this.loads = null;
  }

  static override readonly spec = cellSpec<ConsistencyCell>({ kind: 'consistency', title: 'Consistency', tag: 'fitbook-consistency-cell', inputs: ['loads', 'today'] });

  private metric(): 'load' | 'distance' {
    return this.param<string>('metric', 'load') === 'distance' ? 'distance' : 'load';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('loads') || changed.has('today') || changed.has('params')) {
      this.year = this.loads ? consistencyYear(this.loads.map((l) => ({ localDate: l.localDate, load: l.load, distanceM: l.distanceM })), this.today, this.metric()) : null;
    }
  }

  protected override updated(): void {
    const target = this.renderRoot.querySelector<HTMLElement>('[data-chart="consistency"]');
    const y = this.year;
    if (!target || !y) return;
    const distance = this.metric() === 'distance';
    const perUnit = distance ? 1000 / unitMetres(this.units) : 1;
    const rows = y.days.map((d) => ({ ...d, shown: d.value === null ? null : d.value * perUnit, label: WEEKDAY_LABELS[d.weekday] as string }));
    const max = Math.max(1, ...rows.map((r) => r.shown ?? 0));
    const weeks = (y.days.at(-1)?.week ?? 0) + 1;
    // Month names where a month starts, not in the last two columns (no room to the right).
    const monthStarts = y.days.filter((d) => (d.date.endsWith('-01') || d === y.days[0]) && d.week < weeks - 2);
    const width = Math.max(320, this.clientWidth - 32);
    // Squarish days: the rows as tall as the columns are wide (within 90–150 px).
    const height = Math.round(Math.min(150, Math.max(90, ((width - 34) / weeks) * 7 + 26)));
    mountCharts(target, Plot.plot({
      width, height, marginLeft: 34, marginTop: 18, marginBottom: 8, padding: 0.12,
      x: { axis: null, domain: Array.from({ length: weeks }, (_, i) => i) },
      // Rows under 15 px: every other weekday named, so the names do not overlap.
      y: { label: null, domain: WEEKDAY_LABELS, tickSize: 0, tickFormat: (d: string, i: number) => (height < 120 && i % 2 === 1 ? '' : d) },
      color: { type: 'sqrt', domain: [0, max], range: ['#c6e5cf', '#0b6b30'] },
      marks: [
        // Rest days in a fixed grey (a constant fill), training days on the colour scale.
        Plot.cell(rows.filter((r) => r.shown === null), { x: 'week', y: 'label', fill: REST_FILL, inset: 0.5, title: (r: { date: string }) => `${r.date}: rest`, tip: true }),
        Plot.cell(rows.filter((r) => r.shown !== null), { x: 'week', y: 'label', fill: 'shown', inset: 0.5,
          title: (r: { date: string; shown: number }) => `${r.date}: ${distance ? `${r.shown.toFixed(1)} ${this.units}` : `load ${Math.round(r.shown)}`}`, tip: true }),
        Plot.text(monthStarts, { x: 'week', y: () => 'Mon', dy: -14, text: (d: { date: string }) => new Date(`${d.date}T00:00:00Z`).toLocaleString('en', { month: 'short', timeZone: 'UTC' }), textAnchor: 'start', fontSize: 9 }),
      ],
    }));
  }

  private downloadCsv(): void {
    const y = this.year;
    if (!y) return;
    downloadText(`fitbook-consistency-${this.today}.csv`, toCsv(CONSISTENCY_CSV_COLUMNS, y.days.map((d) => [d.date, d.week, d.weekday + 1, d.value])));
  }

  protected override reportParams(): string[] {
    return [`Showing: ${this.metric() === 'distance' ? 'distance' : 'training load'}`];
  }

  override render() {
    const y = this.year;
    return html`
      <section aria-labelledby="consistency-title">
        <header>
          <h2 id="consistency-title">Consistency</h2>
          <div class="actions">
            <label data-edit>Show <select data-testid="consistency-metric" @change=${(e: Event) => this.setParam('metric', (e.target as HTMLSelectElement).value)}>
              <option value="load" ?selected=${this.metric() === 'load'}>Training load</option>
              <option value="distance" ?selected=${this.metric() === 'distance'}>Distance</option></select></label>
            <button data-action="download-csv" ?disabled=${!y} @click=${() => this.downloadCsv()}>Download data (CSV)</button>
            ${this.collapseButton()}
          </div>
        </header>
        ${this.collapsed ? nothing : !y ? html`<p class="note" role="status">Reading your training days…</p>` : html`
          <dl class="figures">
            <div class="figure"><dt>Days with training</dt><dd data-metric="active-days" data-value=${y.activeDays}>${y.activeDays}</dd></div>
            <div class="figure"><dt>Rest days</dt><dd data-metric="rest-days" data-value=${y.restDays}>${y.restDays}</dd></div>
            <div class="figure"><dt>Longest streak</dt><dd data-metric="longest-streak" data-value=${y.longestStreak}>${y.longestStreak} days</dd></div>
            <div class="figure"><dt>Current streak</dt><dd data-metric="current-streak" data-value=${y.currentStreak}>${y.currentStreak} days</dd></div>
            <div class="figure"><dt>Weeks with training</dt><dd data-metric="active-weeks" data-value=${y.activeWeeks}>${y.activeWeeks} of 53</dd></div>
          </dl>
          ${y.activeDays === 0 ? html`<p class="empty" data-testid="consistency-quiet">No training between ${y.from} and ${y.to}: the map fills as you train.</p>` : nothing}
          <div class="chart" data-chart="consistency"></div>
          ${explain('consistency', 'this map', `${y.activeDays} days with an activity or an off-watch session between ${y.from} and ${y.to}.`)}`}
      </section>`;
  }

  static override styles = [cellStyles, explainStyles, css`
    .chart { overflow: hidden; }
  `];
}

customElements.define(ConsistencyCell.spec.tag, ConsistencyCell);
