import { css, html, nothing, type PropertyValues } from 'lit';
import { Cell, cellSpec } from './cell';
import * as Plot from '@observablehq/plot';
import type { WorkerRef } from './cell';
import { downloadText, toCsv } from '../ui/csv';
import { cellStyles } from './styles';
import { mountCharts } from '../ui/chart';
import type { SqlResult } from '../database';

const EXAMPLE = `SELECT sport, count(*) AS activities, round(sum(distance_m) / 1000, 1) AS km
FROM activities GROUP BY sport ORDER BY activities DESC`;

/**
 * A read-only SQL query against the user's database (the worker refuses writes), with a result
 * table and a quick bar chart when the result is a label and a number. Schema: docs/schema.md.
 */
export class SqlCell extends Cell {
  static override properties = {
    worker: { attribute: false },
    sql: { state: true },
    result: { state: true },
    error: { state: true },
    running: { state: true },
  };

  declare worker: WorkerRef;
  declare sql: string;
  declare result: SqlResult | null;
  declare error: string | null;
  declare running: boolean;

  constructor() {
    super();
    this.sql = EXAMPLE;
    this.result = null;
    this.error = null;
    this.running = false;
  }

  static override readonly spec = cellSpec<SqlCell>({ kind: 'sql', title: 'SQL', tag: 'fitbook-sql-cell', inputs: ['worker'] });

  /** The last query run is a parameter: it comes back with the notebook. */
  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('params') && !this.edited) this.sql = this.param('sql', EXAMPLE);
  }

  private edited = false;

  private async run(): Promise<void> {
    this.running = true;
    this.setParam('sql', this.sql);
    try {
      this.result = await this.worker.api.query(this.sql);
      this.error = null;
    } catch (error) {
      this.result = null;
      this.error = (error as Error).message;
    } finally {
      this.running = false;
    }
  }

  protected override updated(): void {
    const target = this.renderRoot.querySelector<HTMLElement>('.chart');
    const r = this.result;
    if (!target) return;
    const chartable = r && r.columns.length === 2 && r.rows.length > 0 && r.rows.length <= 200 && r.rows.every((row) => typeof row[1] === 'number');
    if (!chartable) return void target.replaceChildren();
    const data = r.rows.map((row) => ({ label: String(row[0]), value: row[1] as number }));
    mountCharts(target, Plot.plot({
      width: Math.max(320, this.clientWidth - 32), height: Math.min(600, 28 * data.length + 40), marginLeft: 140,
      x: { label: r.columns[1], grid: true }, y: { label: r.columns[0] },
      marks: [Plot.barX(data, { x: 'value', y: 'label', fill: '#1f77b4', sort: { y: '-x' }, tip: true }), Plot.ruleX([0])],
    }));
  }

  protected override reportParams(): string[] {
    // The query that gave the result shown (saved as the parameter when it ran), not a later edit.
    return this.result ? [`Query: ${this.param('sql', this.sql)}`] : [];
  }

  override render() {
    const r = this.result;
    return html`
      <section aria-labelledby="sql-title">
        <header>
          <h2 id="sql-title">SQL</h2>
          <div class="actions">
            <button data-action="run-sql" ?disabled=${this.running} @click=${() => void this.run()}>Run</button>
            <button data-action="download-csv" ?disabled=${!r} @click=${() => r && downloadText('fitbook-query.csv', toCsv(r.columns, r.rows.map((row) => row.map((v) => (v instanceof Uint8Array ? `(${v.length} bytes)` : (v as string | number | null))))))}>Download data (CSV)</button>
            ${this.collapseButton()}
          </div>
        </header>
        ${this.collapsed ? nothing : html`<p class="note" data-edit>Read-only queries on your database (tables: activities, laps, samples, stream_metrics, fit_files, wellness_daily, plans, plan_weeks, manual_activities, profile, ingests, ingest_log; every column is described in docs/schema.md). Ctrl+Enter runs.</p>
        <textarea aria-label="SQL query" rows="4" spellcheck="false" .value=${this.sql}
          @input=${(e: Event) => { this.sql = (e.target as HTMLTextAreaElement).value; this.edited = true; }}
          @keydown=${(e: KeyboardEvent) => { if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') void this.run(); }}></textarea>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        ${r ? html`
          <p class="note" data-testid="sql-row-count" data-value=${r.rows.length}>${r.rows.length} row${r.rows.length === 1 ? '' : 's'}${r.truncated ? ' (stopped at the limit)' : ''}</p>
          <div class="chart" data-sql-result role="img" aria-label="Bar chart of the query result"></div>
          <div class="table-wrap" data-sql-result><table>
            <thead><tr>${r.columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
            <tbody>${r.rows.slice(0, 500).map((row) => html`<tr>${row.map((v) => html`<td>${v instanceof Uint8Array ? `(${v.length} bytes)` : v === null ? '' : String(v)}</td>`)}</tr>`)}</tbody>
          </table></div>` : nothing}`}
      </section>
    `;
  }

  static override styles = [cellStyles, css`
    textarea { width: 100%; box-sizing: border-box; font: 0.9rem ui-monospace, monospace; padding: 0.5rem; border: 1px solid var(--border); border-radius: 6px; background: var(--background); color: var(--text); }
    .table-wrap { overflow-x: auto; max-height: 24rem; }
    table { border-collapse: collapse; font-size: 0.9rem; }
    th, td { padding: 0.2rem 0.5rem; border-bottom: 1px solid var(--border); text-align: left; white-space: nowrap; }
    .error { color: var(--danger); }
  `];
}

customElements.define(SqlCell.spec.tag, SqlCell);
