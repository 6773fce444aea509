import { html, nothing } from 'lit';
import { Cell, cellSpec } from './cell';
import * as Plot from '@observablehq/plot';
import { downloadText, toCsv } from '../ui/csv';
import { cellStyles } from './styles';
import { explain, explainStyles } from './explain';
import { mountCharts } from '../ui/chart';
import { sportName } from '../ui/format';
import type { DbSummary } from '../database';

/** Data coverage: activities per sport per month, the date range, wellness days, last import. */
export class OverviewCell extends Cell {
  static override properties = {
    summary: { attribute: false },
    perMonth: { attribute: false },
  };

  declare summary: DbSummary | null;
  declare perMonth: { month: string; sport: string; count: number }[] | null;

  constructor() {
    super();
    this.summary = null;
    this.perMonth = null;
  }

  static override readonly spec = cellSpec<OverviewCell>({ kind: 'overview', title: 'Overview', tag: 'fitbook-overview-cell', inputs: ['summary', 'perMonth'] });

  protected override updated(): void {
    const target = this.renderRoot.querySelector<HTMLElement>('.chart');
    if (!target || !this.perMonth?.length) return;
    const data = this.perMonth.map((r) => ({ ...r, sport: sportName(r.sport), date: new Date(`${r.month}-01T00:00:00Z`) }));
    // The most frequent sports first in the legend; past ten sports, a 20-colour palette so none repeats.
    const totals = new Map<string, number>();
    for (const r of data) totals.set(r.sport, (totals.get(r.sport) ?? 0) + r.count);
    const sports = [...totals].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).map(([sport]) => sport);
    let most = 0;
    for (const r of data) most = Math.max(most, r.count);
    mountCharts(target, Plot.plot({
      width: Math.max(320, this.clientWidth - 32), height: 220, marginLeft: 40,
      x: { type: 'utc', label: 'Month' },
      // Counts are whole: integer ticks only (Plot offered 0.2, 0.4… on a quiet history).
      y: { label: 'Activities per month', grid: true, ticks: Math.min(8, Math.max(1, most)), tickFormat: (v: number) => (Number.isInteger(v) ? String(v) : '') },
      color: { legend: true, domain: sports, ...(sports.length > 10 ? { range: TABLEAU20 } : {}) },
      marks: [Plot.rectY(data, { x: 'date', interval: 'month', y: 'count', fill: 'sport', tip: true }), Plot.ruleY([0])],
    }));
  }

  override render() {
    const s = this.summary;
    return html`
      <section aria-labelledby="overview-title">
        <header>
          <h2 id="overview-title">Overview</h2>
          <div class="actions">
            <button data-action="download-csv" ?disabled=${!this.perMonth} @click=${() => downloadText('fitbook-overview.csv', toCsv(['month', 'sport', 'activities'], (this.perMonth ?? []).map((r) => [r.month, r.sport, r.count])))}>Download data (CSV)</button>
            ${this.collapseButton()}
          </div>
        </header>
        ${this.collapsed ? nothing : html`${s ? html`<p class="note">${s.activities} activities from ${s.firstDate ?? '–'} to ${s.lastDate ?? '–'}; ${s.fitLinked} with a recorded stream; ${s.wellnessDays} days of wellness data${s.lastIngest ? html`; last import ${s.lastIngest.state} (${s.lastIngest.activitiesAdded} added)` : nothing}.</p>` : nothing}
        <div class="chart" role="img" aria-label="Activities per sport per month"></div>
        ${explain('activities-per-month', 'this chart', s ? `${s.activities.toLocaleString('en')} activities from ${s.firstDate ?? '–'} to ${s.lastDate ?? '–'}, ${(this.perMonth ?? []).length} month-and-sport counts.` : null)}`}
      </section>
    `;
  }

  static override styles = [cellStyles, explainStyles];
}

/** Tableau 20 (Tableau's published palette): past ten sports, colours no longer repeat. */
const TABLEAU20 = ['#4e79a7', '#a0cbe8', '#f28e2b', '#ffbe7d', '#59a14f', '#8cd17d', '#b6992d', '#f1ce63', '#499894', '#86bcb6',
  '#e15759', '#ff9d9a', '#79706e', '#bab0ac', '#d37295', '#fabfd2', '#b07aa1', '#d4a6c8', '#9d7660', '#d7b5a6'];

customElements.define(OverviewCell.spec.tag, OverviewCell);
