import { html, nothing, type PropertyValues } from 'lit';
import * as Plot from '@observablehq/plot';
import { Task, TaskStatus } from '@lit/task';
import { Cell, cellSpec } from './cell';
import type { ActivityTableRow } from '../analysis/activityTable';
import { frielVerdict, isLongSteadyRun, runDecoupling, type Decoupling } from '../analysis/decoupling';
import { linearTrend } from '../analysis/routes';
import { isRun } from '../analysis/types';
import type { WorkerRef } from './cell';
import { downloadText, toCsv } from '../ui/csv';
import { formatDistance, formatNumber } from '../ui/format';
import { mountCharts } from '../ui/chart';
import { cellStyles } from './styles';
import { explain, explainStyles, inputsUsed } from './explain';
import type { ActivityDetail } from '../database';

/** Chunks of the chosen run's chart (the headline always compares halves: decoupling.ts). */
const SEGMENTS = 6;

export const DECOUPLING_CSV_COLUMNS = ['activity_id', 'local_date', 'moving_s', 'distance_m', 'decoupling_pct', 'verdict', 'long_steady'] as const;

/**
 * Decoupling: for a chosen run, efficiency (metres per beat) per segment of moving time and
 * Friel's verdict; across runs, the decoupling of long steady runs over time with its trend.
 */
export class DecouplingCell extends Cell {
  static override properties = {
    rows: { attribute: false },
    worker: { attribute: false },
    dataVersion: { attribute: false },
  };

  declare rows: ActivityTableRow[] | null;
  declare worker: WorkerRef;
  declare dataVersion: number;
  private runs: ActivityTableRow[] = [];

  /** The chosen run's stream and laps, read from the worker whenever the choice or the data change. */
  private readonly reading = new Task(this, {
    args: () => [this.worker, this.chosenId(), this.dataVersion] as const,
    task: async ([worker, id]): Promise<{ id: number; result: Decoupling; date: string } | null> => {
      if (!worker || id === null) return null;
      const d: ActivityDetail | null = await worker.api.activityDetail(id);
      return d ? { id, result: runDecoupling(d.stream, d.laps, { segments: SEGMENTS }), date: d.activity.localDate } : null;
    },
  });

  constructor() {
    super();
    this.rows = null;
  }

  /** What was read for the run shown now (null while it is being read). */
  private get detail() {
    return this.reading.status === TaskStatus.COMPLETE ? this.reading.value ?? null : null;
  }

  static override readonly spec = cellSpec<DecouplingCell>({ kind: 'decoupling', title: 'Decoupling', tag: 'fitbook-decoupling-cell', inputs: ['rows', 'worker', 'dataVersion'] });

  /** The chosen run: the parameter while it is a run with a decoupling, else the latest long steady run (else the latest with any). */
  private chosenId(): number | null {
    const picked = this.param('activity', -1);
    if (this.runs.some((r) => r.id === picked)) return picked;
    const steady = this.runs.filter((r) => isLongSteadyRun(r));
    return (steady[steady.length - 1] ?? this.runs[this.runs.length - 1])?.id ?? null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('rows')) this.runs = (this.rows ?? []).filter((r) => isRun(r.sport) && r.decouplingPct !== null);
  }

  protected override updated(): void {
    const [runChart, trendChart] = [this.renderRoot.querySelector<HTMLElement>('.run-chart'), this.renderRoot.querySelector<HTMLElement>('.trend-chart')];
    const r = this.detail?.result;
    const width = Math.max(320, this.clientWidth - 32);
    if (runChart && r?.decouplingPct != null) {
      const data = r.segments.map((s, i) => ({ segment: `${i + 1}: ${Math.round(s.startS / 60)}–${Math.round(s.endS / 60)} min`, mPerBeat: s.efficiency * 60, drift: s.decouplingPct }));
      mountCharts(runChart, Plot.plot({
        width, height: 200, marginLeft: 56, marginBottom: 40,
        x: { label: r.method === 'stream' ? 'Segment of moving time' : 'Half (by laps)', tickRotate: -15 },
        y: { label: 'Metres per heartbeat', grid: true, zero: false },
        marks: [Plot.barY(data, { x: 'segment', y: 'mPerBeat', fill: '#1f77b4', tip: true, title: (d: { mPerBeat: number; drift: number }) => `${d.mPerBeat.toFixed(3)} m/beat, ${d.drift.toFixed(1)} % vs the first` })],
      }));
    }
    const steady = this.runs.filter((x) => isLongSteadyRun(x));
    if (trendChart && steady.length > 0) {
      const points = steady.map((x) => ({ date: new Date(`${x.localDate}T00:00:00Z`), pct: x.decouplingPct as number, localDate: x.localDate }));
      const trend = linearTrend(points, (p) => p.pct);
      const lo = Math.min(-2, ...points.map((p) => p.pct));
      const hi = Math.max(12, ...points.map((p) => p.pct));
      mountCharts(trendChart, Plot.plot({
        width, height: 220, marginLeft: 48,
        // The runs' own spread, with the 5 % and 10 % lines always in view: the green band
        // (aerobically developed) used to run to −100 %, flattening a 0–5 % spread into a line.
        x: { type: 'utc', label: 'Date' }, y: { label: 'Decoupling (%)', grid: true, nice: true, domain: [lo, hi] },
        marks: [
          Plot.rectY([{ y1: lo, y2: 5 }], { y1: 'y1', y2: 'y2', fill: '#2ca02c', fillOpacity: 0.06 }),
          Plot.ruleY([5, 10], { stroke: 'currentColor', strokeOpacity: 0.3, strokeDasharray: '3 3' }),
          Plot.dot(points, { x: 'date', y: 'pct', fill: '#ff7f0e', r: 3, tip: true, title: (p: { localDate: string; pct: number }) => `${p.localDate}: ${p.pct.toFixed(1)} %` }),
          ...(trend ? [Plot.line(trend.line.map((p) => ({ date: new Date(`${p.localDate}T00:00:00Z`), value: p.value })), { x: 'date', y: 'value', stroke: 'currentColor', strokeDasharray: '6 3' })] : []),
        ],
      }));
    }
  }

  private csv(): string {
    return toCsv(DECOUPLING_CSV_COLUMNS, this.runs.map((r) => [
      r.id, r.localDate, r.movingS, r.distanceM, r.decouplingPct, frielVerdict(r.decouplingPct as number), isLongSteadyRun(r) ? 1 : 0,
    ]));
  }

  protected override reportParams(): string[] {
    const run = this.runs.find((r) => r.id === this.chosenId());
    return run ? [`Run: ${run.localDate} · ${formatDistance(run.distanceM, this.units)}`] : [];
  }

  override render() {
    const d = this.detail;
    const r = d?.result;
    const chosen = this.chosenId();
    const recent = this.runs.slice(-100).reverse();
    const steady = this.runs.filter((x) => isLongSteadyRun(x)).length;
    return html`
      <section aria-labelledby="decoupling-title">
        <header>
          <h2 id="decoupling-title">Aerobic decoupling</h2>
          <div class="actions">
            ${recent.length ? html`<label>Run <select data-testid="decoupling-run" @change=${(e: Event) => this.setParam('activity', Number((e.target as HTMLSelectElement).value))}>
              ${recent.map((x) => html`<option value=${x.id} ?selected=${x.id === chosen}>${x.localDate} · ${formatDistance(x.distanceM, this.units)}${x.name ? ` · ${x.name}` : ''}</option>`)}
            </select></label>` : nothing}
            <button data-action="download-csv" ?disabled=${this.runs.length === 0} @click=${() => downloadText('fitbook-decoupling.csv', this.csv())}>Download data (CSV)</button>
            ${this.collapseButton()}
          </div>
        </header>
        ${this.collapsed ? nothing : this.runs.length === 0
          ? html`<p class="empty">Decoupling needs runs with heart rate and speed: a recorded stream of at least 10 minutes past the warm-up, or 6 laps.</p>`
          : html`
            ${this.reading.status === TaskStatus.ERROR ? this.failedRead('this run', this.reading.error) : r && r.decouplingPct !== null ? html`
              <dl class="figures">
                <div class="figure"><dt>Decoupling, ${d.date}</dt><dd><span data-metric="decoupling-pct" data-value=${r.decouplingPct}>${formatNumber(r.decouplingPct, 1)} %</span></dd></div>
                <div class="figure"><dt>Verdict (Friel)</dt><dd class="verdict">${VERDICT[r.verdict]}</dd></div>
              </dl>
              <p class="note">Second half's speed per heartbeat against the first's, ${r.method === 'stream' ? 'per second of the recording, without the first 5 and last 2 minutes and stops' : 'from the laps'}: under 5 % is aerobically developed, 5–10 % sustainable, over 10 % unsustainable.</p>
              ${explain('decoupling', 'decoupling', `This run (${d.date}), ${r.method === 'stream' ? 'its 1 Hz recording' : 'its laps'}.`)}
              <div class="run-chart chart" role="img" aria-label="Metres per heartbeat in each segment of the run"></div>`
            : r ? html`<p class="empty">No decoupling for this run: ${r.reason}.</p>` : html`<p class="note" role="status">Reading the run…</p>`}
            <h3>Long steady runs over time</h3>
            ${steady === 0
              ? html`<p class="empty">No run of an hour or more (without intervals) has a decoupling yet.</p>`
              : html`<p class="note">${steady} runs of an hour or more without intervals; dashed line: the trend.</p>
                <div class="trend-chart chart" role="img" aria-label="Decoupling of long steady runs over time, with the 5 % and 10 % lines"></div>
                ${explain('decoupling-trend', 'the trend', inputsUsed(steady, 'long steady runs', this.runs.filter((x) => isLongSteadyRun(x)).map((x) => x.localDate)))}`}`}
      </section>
    `;
  }

  static override styles = [cellStyles, explainStyles];
}

const VERDICT = { aerobically_developed: 'aerobically developed', sustainable: 'sustainable', unsustainable: 'unsustainable' } as const;

customElements.define(DecouplingCell.spec.tag, DecouplingCell);
