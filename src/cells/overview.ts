import { html, nothing } from 'lit';
import { Cell, cellSpec } from './cell';
import * as Plot from '@observablehq/plot';
import { downloadText, toCsv } from '../ui/csv';
import { cellStyles } from './styles';
import { mountCharts } from '../ui/chart';
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
    const data = this.perMonth.map((r) => ({ ...r, date: new Date(`${r.month}-01T00:00:00Z`) }));
    mountCharts(target, Plot.plot({
      width: Math.max(320, this.clientWidth - 32), height: 220, marginLeft: 40,
      x: { type: 'utc', label: 'Month' }, y: { label: 'Activities per month', grid: true },
      color: { legend: true },
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
        <div class="chart" role="img" aria-label="Activities per sport per month"></div>`}
      </section>
    `;
  }

  static override styles = [cellStyles];
}

customElements.define(OverviewCell.spec.tag, OverviewCell);
