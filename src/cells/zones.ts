import { html, nothing, type PropertyValues } from 'lit';
import { Cell, cellSpec } from './cell';
import * as Plot from '@observablehq/plot';
import { addDays, isoWeek, mondayOf } from '../analysis/calendar';
import type { ActivityTableRow } from '../analysis/activityTable';
import { DEFAULTS as TIZ, polarizedSplit, type PolarizedSplit } from '../analysis/timeInZone';
import type { Settings } from '../app/settings';
import { downloadText, toCsv } from '../ui/csv';
import { cellStyles } from './styles';
import { mountCharts, zeroBasedDomain, zoneColorScale } from '../ui/chart';
import { explain, explainStyles, inputsUsed } from './explain';

/**
 * Zones: time in each HR zone over the last 12 weeks and the polarized split (easy Z1+Z2,
 * moderate Z3, hard Z4+Z5) against Seiler's ~80 / <10 / 20; the CSV has every ISO week.
 */
/** The chart's ranges: key, days back from today (Infinity = all history), label. */
const RANGES: readonly (readonly [string, number, string])[] = [
  ['4w', 28, 'the last 4 weeks'], ['12w', 84, 'the last 12 weeks'], ['1y', 365, 'the last year'], ['all', Infinity, 'all history'],
];

export class ZonesCell extends Cell {
  static override properties = {
    rows: { attribute: false },
    settings: { attribute: false },
    today: { attribute: false },
  };

  declare rows: ActivityTableRow[] | null;
  declare settings: Settings;
  declare today: string;
  private split: PolarizedSplit | null = null;
  private windowS: number[] = [0, 0, 0, 0, 0];
  /** The latest day with zone time, to say where a quiet range stands. */
  private latest: string | null = null;

  constructor() {
    super();
    this.rows = null;
  }

  static override readonly spec = cellSpec<ZonesCell>({ kind: 'zones', title: 'Zones', tag: 'fitbook-zones-cell', inputs: ['rows', 'settings', 'today'] });

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('rows') && !changed.has('today') && !changed.has('params')) return;
    const items = (this.rows ?? []).flatMap((r) => (r.tizS
      ? [{ localDate: r.localDate, tiz: { source: 'stream' as const, belowS: 0, zonesS: r.tizS, aboveS: 0, totalS: r.tizS.reduce((a, b) => a + b, 0) } }]
      : []));
    this.split = items.length ? polarizedSplit(items, this.today) : null;
    // The chart's range is a parameter; the polarized split always covers Seiler's 12 weeks.
    const days = RANGES.find(([k]) => k === this.range())?.[1] ?? TIZ.polarizedDays;
    const from = Number.isFinite(days) ? addDays(this.today, -(days - 1)) : '';
    this.latest = items.reduce<string | null>((m, it) => (m === null || it.localDate > m ? it.localDate : m), null);
    this.windowS = [0, 0, 0, 0, 0];
    for (const it of items) if (it.localDate >= from && it.localDate <= this.today) it.tiz.zonesS.forEach((s, z) => { this.windowS[z] = (this.windowS[z] as number) + s; });
  }

  protected override updated(): void {
    const target = this.renderRoot.querySelector<HTMLElement>('.chart');
    if (!target || !this.split || !this.windowS.some((x) => x > 0)) return;
    const zones = this.settings.zones;
    const data = this.windowS.map((s, z) => ({ zone: `Z${z + 1} (${zones[z]?.[0]}–${zones[z]?.[1]} bpm)`, hours: s / 3600 }));
    mountCharts(target, Plot.plot({
      width: Math.max(320, this.clientWidth - 32), height: 180, marginLeft: 130,
      x: { label: `Hours, ${RANGES.find(([k]) => k === this.range())?.[2] ?? ''}`, grid: true, nice: true, domain: zeroBasedDomain(data.map((d) => d.hours)) }, y: { label: null, domain: data.map((d) => d.zone) },
      color: zoneColorScale(data.map((d) => d.zone)),
      marks: [Plot.barX(data, { y: 'zone', x: 'hours', fill: 'zone', tip: true }), Plot.ruleX([0])],
    }));
  }

  /** The first day of the chart's range ('' for all history). */
  private windowFrom(): string {
    const days = RANGES.find(([k]) => k === this.range())?.[1] ?? TIZ.polarizedDays;
    return Number.isFinite(days) ? addDays(this.today, -(days - 1)) : '';
  }

  private inputsText(from: string, to: string): string {
    const used = (this.rows ?? []).filter((r) => r.tizS && r.localDate >= from && r.localDate <= to);
    return `${inputsUsed(used.length, 'activities with heart rate', used.map((r) => r.localDate))}.`;
  }

  private zonesText(): string {
    return this.settings.zones.map(([lo, hi], i) => `Z${i + 1} ${lo}–${hi}`).join(', ') + ' bpm';
  }

  private range(): string {
    const r = this.param('range', '12w');
    return RANGES.some(([k]) => k === r) ? r : '12w';
  }

  private csv(): string {
    const perWeek = new Map<string, number[]>();
    for (const r of this.rows ?? []) {
      if (!r.tizS) continue;
      const week = isoWeek(mondayOf(r.localDate));
      const acc = perWeek.get(week) ?? [0, 0, 0, 0, 0];
      r.tizS.forEach((s, z) => { acc[z] = (acc[z] as number) + s; });
      perWeek.set(week, acc);
    }
    return toCsv(['week', 'tiz_z1_s', 'tiz_z2_s', 'tiz_z3_s', 'tiz_z4_s', 'tiz_z5_s'], [...perWeek].sort(([a], [b]) => a.localeCompare(b)).map(([w, s]) => [w, ...s]));
  }

  protected override reportParams(): string[] {
    return [`Range: ${RANGES.find(([k]) => k === this.range())?.[2] ?? ''}`];
  }

  override render() {
    const p = this.split;
    const pct = (metric: string, label: string, value: number | undefined, target: string) => html`
      <div class="figure"><dt>${label}</dt><dd><span data-metric=${metric} data-value=${value ?? ''}>${value === undefined || Number.isNaN(value) ? '–' : `${value.toFixed(0)} %`}</span> <span class="note">target ${target}</span></dd></div>`;
    return html`
      <section aria-labelledby="zones-title">
        <header>
          <h2 id="zones-title">Heart-rate zones</h2>
          <div class="actions"><button data-action="download-csv" ?disabled=${!p} @click=${() => downloadText('fitbook-zones.csv', this.csv())}>Download data (CSV)</button>${this.collapseButton()}</div>
        </header>
        ${this.collapsed ? nothing : !p ? html`<p class="empty">Time in zone needs activities with a heart-rate stream or laps.</p>` : html`
          <p class="note">Polarized split from ${p.fromDate} to ${p.toDate} (the last 12 weeks), as % of time in Z1–Z5.</p>
          <dl class="figures">
            ${pct('polarized-easy-pct', 'Easy (Z1 + Z2)', p.easyPct, `≈ ${p.target.easyPct} %`)}
            ${pct('polarized-moderate-pct', 'Moderate (Z3)', p.moderatePct, `< ${p.target.moderateMaxPct} %`)}
            ${pct('polarized-hard-pct', 'Hard (Z4 + Z5)', p.hardPct, `≈ ${p.target.hardPct} %`)}
          </dl>
          ${explain('polarized', 'the polarized split', `${this.inputsText(p.fromDate, p.toDate)} Zones: ${this.zonesText()}.`)}
          <label data-edit>Range <select data-testid="zones-range" @change=${(e: Event) => this.setParam('range', (e.target as HTMLSelectElement).value)}>
            ${RANGES.map(([k, , label]) => html`<option value=${k} ?selected=${k === this.range()}>${label}</option>`)}
          </select></label>
          ${this.windowS.some((x) => x > 0)
            ? html`<div class="chart" role="img" aria-label="Hours in each heart-rate zone over the chosen range" data-testid="zones-range-total" data-value=${this.windowS.reduce((x, y) => x + y, 0)}></div>
              ${explain('time-in-zone', 'time in zone', `${this.inputsText(this.windowFrom(), this.today)} Zones: ${this.zonesText()}.`)}`
            : html`<p class="empty" data-testid="zones-range-total" data-value="0">No time in any zone over ${RANGES.find(([k]) => k === this.range())?.[2] ?? 'this range'}${this.latest ? `: your latest activity with heart rate is from ${this.latest}` : ''}. Choose a longer range.</p>`}`}
      </section>
    `;
  }

  static override styles = [cellStyles, explainStyles];
}

customElements.define(ZonesCell.spec.tag, ZonesCell);
