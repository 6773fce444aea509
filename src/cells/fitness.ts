import { html, nothing, type PropertyValues } from 'lit';
import { Cell, cellSpec } from './cell';
import { sportName, unitMetres } from '../ui/format';
import * as Plot from '@observablehq/plot';
import { TSB_BANDS, tsbBand } from '../analysis/banister';
import { addDays, historyEndedOn, isoWeek, mondayOf, QUIET_DAYS } from '../analysis/calendar';
import { FITNESS_CSV_COLUMNS, fitnessCsvRows, fitnessSeries, type FitnessSeries } from '../analysis/fitness';
import { isRun } from '../analysis/types';
import type { Settings } from '../app/settings';
import { downloadText, toCsv } from '../ui/csv';
import { cellStyles } from './styles';
import { explain, explainFigure, explainStyles, inputsUsed, type ExplainId } from './explain';
import { mountCharts, PMC_COLOR, pmcRows, pmcTip, zeroBasedDomain } from '../ui/chart';
import type { ActivityLoadRow } from '../database';

/**
 * Fitness (PMC): CTL/ATL/TSB over a chosen range with the TSB bands shaded, today's values as
 * big numbers, ACWR and ramp rate, and weekly run distance. Inputs: the activity loads (from
 * the worker), the settings, today. Changing the range only redraws; the series is recomputed
 * only when an input changes.
 */

type Range = '90d' | '1y' | '2y' | 'all';
const RANGE_LABELS: Record<Range, string> = { '90d': '90 days', '1y': '1 year', '2y': '2 years', all: 'All' };
const RANGE_DAYS: Record<Range, number> = { '90d': 90, '1y': 365, '2y': 730, all: Infinity };
const BAND_COLORS: Record<string, string> = {
  severely_fatigued: '#d73027', productive_overload: '#fc8d59', balanced: '#fee08b', sharpening: '#d9ef8b', fresh: '#91cf60', detrained: '#999999',
};

export class FitnessCell extends Cell {
  static override properties = {
    loads: { attribute: false },
    settings: { attribute: false },
    today: { attribute: false },
  };

  declare loads: ActivityLoadRow[] | null;
  declare settings: Settings;
  declare today: string;
  private series: FitnessSeries | null = null;

  constructor() {
    super();
    this.loads = null;
  }

  /** The visible range, a parameter (it comes back with the notebook). */
  private get range(): Range {
    const r = this.param('range', '1y');
    return Object.hasOwn(RANGE_DAYS, r) ? (r as Range) : '1y';
  }

  static override readonly spec = cellSpec<FitnessCell>({ kind: 'fitness', title: 'Fitness (PMC)', tag: 'fitbook-fitness-cell', inputs: ['loads', 'settings', 'today'] });

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('loads') || changed.has('settings') || changed.has('today')) {
      this.series = this.loads && this.loads.length > 0 && this.settings
        ? fitnessSeries(this.loads, { today: this.today, ctlDays: this.settings.ctlDays, atlDays: this.settings.atlDays })
        : null;
    }
  }

  /**
   * Where the loads came from, said under the figures: how many were estimated from a summary's
   * average HR (older history), and which activities have no load at all (no HR, no Garmin load).
   */
  private sources() {
    const loads = this.loads ?? [];
    const estimated = loads.filter((l) => l.loadSource === 'trimp_summary').length;
    const none = loads.filter((l) => l.loadSource === 'none').sort((a, b) => b.localDate.localeCompare(a.localDate));
    const named = (l: ActivityLoadRow) => `${l.localDate} ${l.name || sportName(l.sport)}`;
    return html`<p class="note" data-testid="load-sources">
      <span data-metric="load-estimated-activities" data-value=${estimated}>${estimated === 0 ? 'No load is estimated'
        : `${estimated} ${estimated === 1 ? 'activity\'s load is' : 'activities\' loads are'} estimated from average heart rate and duration (no Garmin load, no recorded stream; a few percent low on uneven efforts)`}</span>.
      ${none.length ? html`<span data-metric="no-load-activities" data-value=${none.length}>${none.length} ${none.length === 1 ? 'activity has' : 'activities have'} no heart rate and no load, so count 0:
        <span data-private="name">${none.slice(0, 5).map(named).join('; ')}</span>${none.length > 5 ? ` and ${none.length - 5} more` : ''}.</span>` : nothing}
    </p>`;
  }

  /** What today's figures were computed from: the loads, over every day since the first. */
  private inputsText(s: FitnessSeries): string {
    const loads = this.loads ?? [];
    const withLoad = loads.filter((l) => l.load > 0);
    return `${inputsUsed(withLoad.length, 'activities with a load', withLoad.map((l) => l.localDate))}; ${s.dates.length.toLocaleString('en')} days of daily load up to today (${this.today}), rest days counting 0.`;
  }

  protected override updated(): void {
    const target = this.renderRoot.querySelector<HTMLElement>('.chart');
    if (!target || !this.series) return;
    mountCharts(target, this.chart(this.series), this.weeklyChart());
  }

  /** The latest day with an activity, when the history has ended (analysis/calendar historyEndedOn). */
  private endedOn(): string | null {
    return historyEndedOn((this.loads ?? []).map((l) => l.localDate), this.today);
  }

  /**
   * The days the charts show: the chosen range up to today, or, for a history that ended, up to
   * four weeks after its latest activity (the decay is shown; years of flat zero are not).
   */
  private visible(s: FitnessSeries): { from: number; to: number } {
    const ended = this.endedOn();
    const last = s.dates.length - 1;
    const to = ended ? Math.min(last, s.dates.indexOf(ended) + QUIET_DAYS) : last;
    return { from: Math.max(0, to + 1 - RANGE_DAYS[this.range]), to };
  }

  /** Both charts' time axis: the same days, so a week's bar sits under its days' lines. */
  private xDomain(s: FitnessSeries): [Date, Date] {
    const { from, to } = this.visible(s);
    return [new Date(`${s.dates[from]}T00:00:00Z`), new Date(`${addDays(s.dates[to] as string, 1)}T00:00:00Z`)];
  }

  private chart(s: FitnessSeries): SVGSVGElement | HTMLElement {
    const { from, to } = this.visible(s);
    const rows = pmcRows(s, from, to);
    const lo = Math.min(-35, ...Array.from(s.tsb.subarray(from, to + 1)));
    const hi = Math.max(30, ...Array.from(s.ctl.subarray(from, to + 1)), ...Array.from(s.atl.subarray(from, to + 1)));
    const x1 = rows[0]?.date;
    const x2 = rows[rows.length - 1]?.date;
    const bands = TSB_BANDS.map((b) => ({ ...b, y1: Math.max(b.from, lo), y2: Math.min(b.to, hi), x1, x2 }));
    return Plot.plot({
      width: Math.max(320, this.clientWidth - 32),
      height: 280,
      marginLeft: 48,
      x: { type: 'utc', label: 'Date', domain: this.xDomain(s) },
      y: { label: 'Training load per day (CTL, ATL) · form (TSB)', grid: true, domain: [lo, hi] },
      color: PMC_COLOR,
      marks: [
        Plot.rect(bands, { x1: 'x1', x2: 'x2', y1: 'y1', y2: 'y2', fill: (d: { band: string }) => BAND_COLORS[d.band], fillOpacity: 0.12, title: 'label' }),
        Plot.ruleY([0], { stroke: 'currentColor', strokeOpacity: 0.4 }),
        Plot.lineY(rows, { x: 'date', y: 'value', stroke: 'series', title: pmcTip, tip: true }),
      ],
    });
  }

  /** Run distance per ISO week over the visible range. */
  private weeklyChart(): SVGSVGElement | HTMLElement {
    const s = this.series as FitnessSeries;
    const { from, to } = this.visible(s);
    const first = s.dates[from] ?? this.today;
    const last = s.dates[to] ?? this.today;
    const perWeek = new Map<string, number>();
    for (const a of this.loads ?? []) {
      if (a.localDate < first || a.localDate > last || !isRun(a.sport) || !a.distanceM) continue;
      const monday = mondayOf(a.localDate);
      perWeek.set(monday, (perWeek.get(monday) ?? 0) + a.distanceM);
    }
    const unit = unitMetres(this.units);
    const weeks = [...perWeek].map(([monday, m]) => ({ start: new Date(`${monday}T00:00:00Z`), end: new Date(`${addDays(monday, 7)}T00:00:00Z`), distance: m / unit, week: isoWeek(monday) }));
    return Plot.plot({
      width: Math.max(320, this.clientWidth - 32),
      height: 140,
      marginLeft: 48,
      x: { type: 'utc', label: 'Week', domain: this.xDomain(s) },
      y: { label: `Run distance per week (${this.units})`, grid: true, nice: true, domain: zeroBasedDomain(weeks.map((w) => w.distance), 5) },
      marks: [Plot.rectY(weeks, { x1: 'start', x2: 'end', y: 'distance', fill: '#1f77b4', inset: 1, tip: true, title: (d: { week: string; distance: number }) => `${d.week}: ${d.distance.toFixed(1)} ${this.units}` })],
    });
  }

  private downloadCsv(): void {
    if (!this.series) return;
    downloadText(`fitbook-fitness-${this.today}.csv`, toCsv(FITNESS_CSV_COLUMNS, fitnessCsvRows(this.series)));
  }

  protected override reportParams(): string[] {
    return [`Range: ${RANGE_LABELS[this.range]}`];
  }

  override render() {
    const s = this.series;
    const last = s ? s.dates.length - 1 : -1;
    const inputs = s ? this.inputsText(s) : null;
    const figure = (metric: ExplainId, label: string, value: number | undefined, digits = 1) => html`
      <div class="figure"><dt>${label}</dt><dd data-metric=${metric} data-value=${value ?? ''}>${value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits)}</dd>
        ${explainFigure(metric, label.replace(/ ·.*/, ''), inputs)}</div>`;
    return html`
      <section aria-labelledby="fitness-title">
        <header>
          <h2 id="fitness-title">Fitness, fatigue and form</h2>
          <div class="actions">
            <label>Range
              <select .value=${this.range} @change=${(e: Event) => this.setParam('range', (e.target as HTMLSelectElement).value)}>
                ${(Object.keys(RANGE_LABELS) as Range[]).map((r) => html`<option value=${r} ?selected=${r === this.range}>${RANGE_LABELS[r]}</option>`)}
              </select>
            </label>
            <button data-action="download-csv" ?disabled=${!s} @click=${() => this.downloadCsv()}>Download data (CSV)</button>
            ${this.collapseButton()}
          </div>
        </header>
        ${this.collapsed ? nothing : s
          ? html`<dl class="figures">
                ${figure('ctl', 'Fitness (CTL)', s.ctl[last])}
                ${figure('atl', 'Fatigue (ATL)', s.atl[last])}
                ${figure('tsb', `Form (TSB) · ${(s.ctl[last] as number) < 1 && (s.atl[last] as number) < 1 ? 'no recent training' : tsbBand(s.tsb[last] as number).replace('_', ' ')}`, s.tsb[last])}
                ${figure('acwr', 'Acute:chronic (ACWR)', s.acwr[last], 2)}
                ${figure('ramp', 'Ramp (CTL / 7 days)', s.ramp[last])}
              </dl>
              ${this.sources()}
              ${explain('load-source', 'each activity\'s load', inputs)}
              ${this.endedOn() ? html`<p class="note" data-testid="history-ended">Your latest activity is from ${this.endedOn()}: the charts show the ${RANGE_LABELS[this.range].toLowerCase()} up to four weeks after it; the figures are today's.</p>` : nothing}
              <p class="note">Today is ${this.today}. TSB uses yesterday's CTL and ATL (TrainingPeaks' convention); time constants ${this.settings.ctlDays} and ${this.settings.atlDays} days.</p>
              <div class="chart" role="img" aria-label="CTL, ATL and TSB over time, with the TSB bands shaded, and run distance per week"></div>
              ${explain('fitness-chart', 'this chart', inputs)}`
          : html`<p class="empty">This cell needs activities with a training load or a heart-rate stream. Import an export or load the sample data.</p>`}
      </section>
    `;
  }

  static override styles = [cellStyles, explainStyles];
}

customElements.define(FitnessCell.spec.tag, FitnessCell);
