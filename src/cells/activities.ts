import { css, html, nothing } from 'lit';
import { Cell, cellSpec } from './cell';
import { ACTIVITIES_CSV_COLUMNS, activitiesCsvRows, type ActivityTableRow } from '../analysis/activityTable';
import { downloadText, toCsv } from '../ui/csv';
import { formatDistance, formatNumber, formatPace, formatSeconds, LOAD_SOURCE_LABELS, sportName, unitMetres } from '../ui/format';
import { cellStyles } from './styles';
import { explain, explainStyles } from './explain';
import type { WorkerRef } from './cell';
import type { GearSummary } from '../database';
import './manualSessions';
import './deletedActivities';

/**
 * Every activity in a filterable, sortable table (type, dates, name), with its per-run metrics.
 * The CSV holds every activity, whatever the filter shows.
 */

type SortKey = 'localDate' | 'sport' | 'name' | 'distanceM' | 'movingS' | 'avgHr' | 'trainingLoad' | 'paceMinPerKm' | 'decouplingPct';
const COLUMNS: { key: SortKey; label: string }[] = [
  { key: 'localDate', label: 'Date' }, { key: 'sport', label: 'Type' }, { key: 'name', label: 'Name' },
  { key: 'distanceM', label: 'Distance' }, { key: 'movingS', label: 'Moving time' }, { key: 'paceMinPerKm', label: 'Pace' },
  { key: 'avgHr', label: 'Avg HR' }, { key: 'trainingLoad', label: 'Load' }, { key: 'decouplingPct', label: 'Decoupling %' },
];
const PAGE = 200;
/** Where a shoe without its own limit in Garmin Connect is flagged: the top of the usual 500–800 km. */
const SHOE_LIMIT_M = 800_000;

export class ActivitiesCell extends Cell {
  static override properties = {
    rows: { attribute: false },
    worker: { attribute: false },
    dataVersion: { attribute: false },
    gear: { attribute: false },
    shown: { state: true },
  };

  declare gear: GearSummary[] | null;

  declare rows: ActivityTableRow[] | null;
  declare worker: WorkerRef;
  declare dataVersion: number;
  declare shown: number;

  constructor() {
    super();
    this.rows = null;
    this.gear = null;
    this.shown = PAGE;
  }

  // The filters and the sort are parameters: they come back with the notebook.
  private get sport(): string {
    return this.param('sport', '');
  }

  private get from(): string {
    return this.param('from', '');
  }

  private get to(): string {
    return this.param('to', '');
  }

  private get text(): string {
    return this.param('text', '');
  }

  private get sortKey(): SortKey {
    const key = this.param('sort', 'localDate');
    return COLUMNS.some((c) => c.key === key) ? (key as SortKey) : 'localDate';
  }

  private get descending(): boolean {
    return this.param('descending', true);
  }

  static override readonly spec = cellSpec<ActivitiesCell>({ kind: 'activities', title: 'Activities', tag: 'fitbook-activities-cell', inputs: ['rows', 'worker', 'dataVersion', 'gear'] });

  private visible(): ActivityTableRow[] {
    const needle = this.text.trim().toLowerCase();
    const key = this.sortKey;
    const sign = this.descending ? -1 : 1;
    return (this.rows ?? [])
      .filter((r) => (!this.sport || r.sport === this.sport) && (!this.from || r.localDate >= this.from) && (!this.to || r.localDate <= this.to)
        && (!needle || (r.name ?? '').toLowerCase().includes(needle)))
      .sort((a, b) => {
        const x = a[key];
        const y = b[key];
        // Missing values (null, NaN) always sort last.
        const missingX = x === null || (typeof x === 'number' && Number.isNaN(x));
        const missingY = y === null || (typeof y === 'number' && Number.isNaN(y));
        if (missingX || missingY) return missingX === missingY ? 0 : missingX ? 1 : -1;
        return (x < y ? -1 : x > y ? 1 : 0) * sign || b.id - a.id;
      });
  }

  private sortBy(key: SortKey): void {
    if (this.sortKey === key) this.setParam('descending', !this.descending);
    else {
      this.setParam('sort', key);
      this.setParam('descending', key === 'localDate' || key === 'distanceM' || key === 'trainingLoad');
    }
  }

  private open(id: number): void {
    this.dispatchEvent(new CustomEvent<number>('open-activity', { detail: id, bubbles: true, composed: true }));
  }

  protected override reportParams(): string[] {
    const column = COLUMNS.find((c) => c.key === this.sortKey)?.label ?? '';
    return [
      `Type: ${this.sport ? sportName(this.sport) : 'All'}`,
      ...(this.from ? [`From: ${this.from}`] : []),
      ...(this.to ? [`To: ${this.to}`] : []),
      ...(this.text ? [`Name contains: ${this.text}`] : []),
      `Sorted by: ${column}, ${this.descending ? 'descending' : 'ascending'}`,
    ];
  }

  /**
   * Shoes and bikes with their distance (Garmin's gear file, Strava's gear names): the athlete's
   * shoe mileage. A list, not a table: the cell's table rows are its activities.
   */
  private gearList() {
    const gear = this.gear ?? [];
    if (gear.length === 0) return nothing;
    const units = this.units;
    const inUnits = (m: number) => `${Math.round(m / unitMetres(units)).toLocaleString('en')} ${units}`;
    return html`<details class="gear-list" data-testid="gear-list" open>
      <summary>Gear: ${gear.filter((g) => g.status !== 'retired').length} in use, ${gear.filter((g) => g.status === 'retired').length} retired</summary>
      <ul>${gear.map((g) => {
        const limit = g.maximumM ?? (g.type === 'shoes' ? SHOE_LIMIT_M : null);
        const worn = g.status !== 'retired' && limit !== null && g.distanceM >= limit;
        return html`<li data-gear=${g.uuid} data-gear-type=${g.type}>
          <strong class="gear-name">${g.name}</strong>${g.brandModel && g.brandModel !== g.name ? html` <span class="note">(${g.brandModel})</span>` : nothing}
          · ${g.type === 'shoes' ? 'shoes' : g.type === 'bike' ? 'bike' : 'other'}
          · <span data-metric="gear-distance" data-value=${g.distanceM}>${formatDistance(g.distanceM, units) || `0 ${units}`}</span>${worn ? html` <span class="worn" title=${g.maximumM ? 'the retirement distance set in Garmin Connect' : 'the top of the usual range for road shoes'}>⚠ past ${inUnits(limit)}</span>` : nothing}
          · <span data-metric="gear-activities" data-value=${g.activities}>${g.activities.toLocaleString('en')} ${g.activities === 1 ? 'activity' : 'activities'}</span>
          · ${formatSeconds(g.movingS) || '0:00'}${g.lastUsed ? html` · last used <span class="day">${g.lastUsed}</span>` : nothing}
          · ${g.status === 'retired' ? html`retired${g.dateEnd ? html` <span class="day">${g.dateEnd}</span>` : nothing}` : html`in use${g.dateBegin ? html` since <span class="day">${g.dateBegin}</span>` : nothing}`}
        </li>`;
      })}</ul>
      ${explain('gear', 'these distances', `${gear.length} pieces of gear, ${gear.reduce((a, g) => a + g.activities, 0).toLocaleString('en')} activities linked. Shoes without a retirement distance of their own are flagged past ${inUnits(SHOE_LIMIT_M)}: many runners retire road shoes between ${inUnits(500_000)} and ${inUnits(800_000)}.`)}
    </details>`;
  }

  override render() {
    const rows = this.rows;
    const sports = [...new Set((rows ?? []).map((r) => r.sport))].sort();
    const visible = this.visible();
    const units = this.units;
    // The Gear column only where Garmin's gear file linked something.
    const withGear = (rows ?? []).some((r) => r.gear !== null);
    return html`
      <section aria-labelledby="activities-title">
        <header>
          <h2 id="activities-title">Activities</h2>
          <div class="actions">
            <button data-action="download-csv" ?disabled=${!rows} @click=${() => rows && downloadText('fitbook-activities.csv', toCsv(ACTIVITIES_CSV_COLUMNS, activitiesCsvRows(rows)))}>Download data (CSV)</button>
            ${this.collapseButton()}
          </div>
        </header>
        ${this.collapsed ? nothing : html`<fitbook-manual-sessions data-edit .worker=${this.worker} .dataVersion=${this.dataVersion}></fitbook-manual-sessions>
          <fitbook-deleted-activities data-edit .worker=${this.worker} .dataVersion=${this.dataVersion}></fitbook-deleted-activities>`}
        ${this.collapsed ? nothing : !rows ? html`<p class="note" role="status">Computing per-run metrics…</p>` : html`
          <div class="filters">
            <label data-edit>Type <select data-testid="activities-sport" @change=${(e: Event) => this.setParam('sport', (e.target as HTMLSelectElement).value)}>
              <option value="" ?selected=${!this.sport}>All</option>${sports.map((s) => html`<option value=${s} ?selected=${s === this.sport}>${sportName(s)}</option>`)}</select></label>
            <label data-edit>From <input type="date" .value=${this.from} @change=${(e: Event) => this.setParam('from', (e.target as HTMLInputElement).value)} /></label>
            <label data-edit>To <input type="date" .value=${this.to} @change=${(e: Event) => this.setParam('to', (e.target as HTMLInputElement).value)} /></label>
            <label data-edit>Name <input type="search" data-testid="activities-search" .value=${this.text} @input=${(e: Event) => this.setParam('text', (e.target as HTMLInputElement).value)} /></label>
            <span class="note" data-testid="activities-count" data-value=${visible.length}>${visible.length} of ${rows.length}</span>
          </div>
          <div class="table-wrap"><table>
            <thead><tr>${COLUMNS.map((c) => html`<th scope="col" aria-sort=${this.sortKey === c.key ? (this.descending ? 'descending' : 'ascending') : 'none'}>
              <button class="sort" @click=${() => this.sortBy(c.key)}>${c.label}</button></th>`)}${withGear ? html`<th scope="col" title="The gear used, and its distance up to and including this activity">Gear</th>` : nothing}</tr></thead>
            <tbody>${visible.slice(0, this.shown).map((r) => html`<tr data-activity=${r.id} @click=${() => this.open(r.id)}>
              <td>${r.localDate}</td><td>${sportName(r.sport)}</td>
              <td class="name"><button class="open" data-action="open-activity" @click=${(e: Event) => { e.stopPropagation(); this.open(r.id); }}><span data-private="name" data-private-alt=${sportName(r.sport)}>${r.name || sportName(r.sport)}</span></button></td>
              <td>${formatDistance(r.distanceM, units)}</td>
              <td>${formatSeconds(r.movingS ?? r.timerS)}</td><td>${formatPace(r.paceMinPerKm, units)}</td><td>${r.avgHr ?? ''}</td><td title=${LOAD_SOURCE_LABELS[r.loadSource]}>${r.loadSource === 'none' ? '' : `${r.loadSource === 'trimp_summary' ? '≈ ' : ''}${formatNumber(r.trainingLoad, 0)}`}</td>
              <td>${r.decouplingPct === null ? '' : formatNumber(r.decouplingPct, 1)}</td>${withGear ? html`<td class="gear" data-gear-distance-m=${r.gearDistanceM ?? ''}>${r.gear ? `${r.gear} · ${formatDistance(r.gearDistanceM, units)}` : ''}</td>` : nothing}</tr>`)}</tbody>
          </table></div>
          ${visible.length > this.shown ? html`<button @click=${() => { this.shown += PAGE; }}>Show ${Math.min(PAGE, visible.length - this.shown)} more</button>` : nothing}
          ${this.gearList()}
          ${explain('load-source', 'the Load column', `${rows.length.toLocaleString('en')} activities, their load from: ${(Object.keys(LOAD_SOURCE_LABELS) as (keyof typeof LOAD_SOURCE_LABELS)[]).map((src) => [src, rows.filter((r) => r.loadSource === src).length] as const).filter(([, n]) => n > 0).map(([src, n]) => `${n.toLocaleString('en')} ${LOAD_SOURCE_LABELS[src]}`).join(', ')}. An estimated load shows as ≈.`)}`}
      </section>
    `;
  }

  static override styles = [cellStyles, explainStyles, css`
    .filters { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; margin: 0.5rem 0; }
    input { font: inherit; padding: 0.2rem 0.3rem; border: 1px solid var(--border); border-radius: 4px; background: var(--background); color: var(--text); }
    .table-wrap { overflow-x: auto; max-height: 32rem; }
    table { border-collapse: collapse; font-size: 0.9rem; width: 100%; }
    th, td { padding: 0.25rem 0.5rem; border-bottom: 1px solid var(--border); text-align: left; white-space: nowrap; }
    .name { max-width: 18rem; overflow: hidden; text-overflow: ellipsis; }
    tbody tr { cursor: pointer; }
    tbody tr:hover { background: var(--background); }
    .open { border: none; background: none; padding: 0; color: var(--accent); text-decoration: underline; cursor: pointer; max-width: 18rem; overflow: hidden; text-overflow: ellipsis; }
    .sort { border: none; background: none; padding: 0; font-weight: 600; cursor: pointer; }
    .gear { max-width: 16rem; overflow: hidden; text-overflow: ellipsis; }
    .gear-list { margin-top: 0.75rem; }
    .gear-list > summary { cursor: pointer; font-weight: 600; }
    .gear-list ul { list-style: none; padding: 0; margin: 0.25rem 0; }
    .gear-list li { padding: 0.25rem 0; border-bottom: 1px solid var(--border); overflow-wrap: anywhere; }
    .gear-list .day { white-space: nowrap; }
    .worn { color: var(--danger); }
  `];
}

customElements.define(ActivitiesCell.spec.tag, ActivitiesCell);
