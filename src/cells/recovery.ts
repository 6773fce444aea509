import { css, html, nothing, type PropertyValues } from 'lit';
import * as Plot from '@observablehq/plot';
import { Cell, cellSpec } from './cell';
import { addDays, dayNumber } from '../analysis/calendar';
import {
  DEFAULTS as RECOVERY, RECOVERY_CSV_COLUMNS, loadResponseCorrelation, nextMorningPairs, recoveryCsvRows, recoverySeries, recoveryStatus,
  type Correlation, type NextMorningMetric, type NextMorningPair, type RecoverySeries, type RecoveryStatus,
} from '../analysis/recovery';
import { downloadText, toCsv } from '../ui/csv';
import { mountCharts, zeroBasedDomain } from '../ui/chart';
import { cellStyles } from './styles';
import { explain, explainFigure, explainStyles, inputsUsed } from './explain';
import type { ActivityLoadRow, WellnessDay } from '../database';

/**
 * Recovery (openrun "🛌 Recovery"): last night's sleep, HRV's 7-day mean against its 28-day
 * normal band and resting HR against its baseline (metrics.md "recovery slump"), sleep stages per
 * night, HRV and resting HR overlaid over a chosen range, and each day's training load against
 * the next morning's HRV (resting HR on watches without HRV) with Pearson's r.
 */

type Range = '8w' | '90d' | '1y' | 'all';
const RANGES: readonly (readonly [Range, string, number])[] = [
  ['8w', '8 weeks', 56], ['90d', '90 days', 90], ['1y', '1 year', 365], ['all', 'All', Infinity],
];
const DEFAULT_RANGE: Range = '90d';
/** The sleep chart shows the last 8 weeks of nights, whatever the range: a bar per night stays readable. */
const SLEEP_NIGHTS = 56;

const HRV_COLOR = '#2ca02c';
const RHR_COLOR = '#d62728';
/**
 * The daily readings in a light tint of their mean's colour: with one colour, the legend showed
 * two identical swatches for "resting HR" and "its 7-day mean".
 */
const HRV_DAILY_COLOR = '#8fd18f';
const RHR_DAILY_COLOR = '#f08c8c';
const STAGES = [
  { key: 'deepS', label: 'Deep', color: '#1f3b73' },
  { key: 'lightS', label: 'Light', color: '#5b8fd6' },
  { key: 'remS', label: 'REM', color: '#9b6ad6' },
  { key: 'awakeS', label: 'Awake', color: '#f2a541' },
] as const;
const SERIES = {
  band: `HRV normal band (${RECOVERY.baselineDays}-day baseline ± ${RECOVERY.hrvSdMultiple} SD)`,
  nightly: 'HRV, nightly',
  mean: `HRV, ${RECOVERY.recentDays}-day mean`,
  rhr: 'Resting HR, daily',
  rhrMean: `Resting HR, ${RECOVERY.recentDays}-day mean`,
};

const isNum = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);
const fixed = (v: number | null | undefined, digits = 0) => (isNum(v) ? v.toFixed(digits) : '–');
const utc = (date: string) => new Date(`${date}T00:00:00Z`);

/** 'h:mm' from seconds (sleep reads in hours and minutes). */
function hoursMinutes(s: number | null | undefined): string {
  if (!isNum(s)) return '–';
  const m = Math.round(s / 60);
  return `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}`;
}

/** Round tick values for the right-hand axis (1, 2, 5 × 10ⁿ steps, as d3's ticks). */
function niceTicks(lo: number, hi: number, count: number): number[] {
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const err = raw / power;
  const step = power * (err >= 7.07 ? 10 : err >= 3.16 ? 5 : err >= 1.41 ? 2 : 1);
  const out: number[] = [];
  for (let k = Math.ceil(lo / step); k * step <= hi + 1e-9; k++) out.push(k * step);
  return out;
}

function extent(values: number[], minSpan: number): [number, number] {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (hi - lo < minSpan) {
    const mid = (lo + hi) / 2;
    lo = mid - minSpan / 2;
    hi = mid + minSpan / 2;
  }
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

interface DayRow {
  day: string;
  date: Date;
  hrv: number;
  hrv7d: number;
  lo: number;
  hi: number;
  rhr: number;
  rhr7d: number;
}

export class RecoveryCell extends Cell {
  static override properties = {
    wellness: { attribute: false },
    loads: { attribute: false },
    today: { attribute: false },
  };

  declare wellness: WellnessDay[] | null;
  declare loads: ActivityLoadRow[] | null;
  declare today: string;
  private series: RecoverySeries | null = null;
  private status: RecoveryStatus | null = null;
  /** Every load / next-morning pair, for HRV and for resting HR; the range filters them. */
  private pairs: Record<NextMorningMetric, NextMorningPair[]> = { hrvMs: [], restingHr: [] };
  /** Whether the export has any HRV (HRV-status watches); without it resting HR stands in. */
  private hasHrv = false;

  constructor() {
    super();
    this.wellness = null;
    this.loads = null;
  }

  static override readonly spec = cellSpec<RecoveryCell>({ kind: 'recovery', title: 'Recovery', tag: 'fitbook-recovery-cell', inputs: ['wellness', 'loads', 'today'] });

  /** The stored range when it is one the cell offers, else 90 days. */
  private range(): Range {
    const r = this.param('range', DEFAULT_RANGE);
    return RANGES.some(([k]) => k === r) ? (r as Range) : DEFAULT_RANGE;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('wellness') && !changed.has('loads') && !changed.has('today')) return;
    const wellness = this.wellness ?? [];
    const loads = this.loads ?? [];
    this.series = wellness.length ? recoverySeries(wellness, loads, { today: this.today }) : null;
    if (this.series && this.series.dates.length === 0) this.series = null;
    this.status = this.series ? recoveryStatus(this.series, wellness) : null;
    this.hasHrv = !!this.series && this.series.hrvMs.some((v) => !Number.isNaN(v));
    // The training day ends the day before the series' last morning (or today's morning).
    const to = this.series ? addDays(this.series.dates[this.series.dates.length - 1] as string, -1) : undefined;
    this.pairs = {
      hrvMs: this.series ? nextMorningPairs(loads, wellness, { metric: 'hrvMs', to }) : [],
      restingHr: this.series ? nextMorningPairs(loads, wellness, { metric: 'restingHr', to }) : [],
    };
  }

  /** Index of the first day shown in the HRV / resting-HR chart and the scatter. */
  private rangeStart(s: RecoverySeries): number {
    const days = RANGES.find(([k]) => k === this.range())?.[2] ?? Infinity;
    return Math.max(0, s.dates.length - days);
  }

  /** HRV where the watch records it, else resting HR (every Garmin records it). */
  private metric(): NextMorningMetric {
    return this.hasHrv ? 'hrvMs' : 'restingHr';
  }

  private rangePairs(s: RecoverySeries): NextMorningPair[] {
    // Pairs are dated by the training day; the range is of mornings, so the day before counts.
    const from = addDays(s.dates[this.rangeStart(s)] as string, -1);
    return this.pairs[this.metric()].filter((p) => p.date >= from);
  }

  protected override updated(): void {
    const s = this.series;
    if (!s || this.collapsed) return;
    const width = Math.max(320, this.clientWidth - 32);
    const mount = (name: string, chart: () => SVGSVGElement | HTMLElement) => {
      const target = this.renderRoot.querySelector<HTMLElement>(`[data-chart="${name}"]`);
      if (target) mountCharts(target, chart());
    };
    mount('sleep', () => this.sleepChart(s, width));
    mount('hrv-rhr', () => this.overlayChart(s, width));
    mount('load-response', () => this.scatter(this.rangePairs(s), width));
    mount('daily', () => this.dailyChart(s, width));
  }

  /** The days of the chosen range with a steps, stress or Body Battery reading. */
  private dailyRows(s: RecoverySeries): { date: Date; day: string; steps: number | null; hi: number | null; lo: number | null; stress: number | null }[] {
    const from = s.dates[this.rangeStart(s)] as string;
    return (this.wellness ?? [])
      .filter((w) => w.date >= from && (w.steps !== null || w.stressAvg !== null || w.bodyBatteryHigh !== null))
      .map((w) => ({ date: utc(w.date), day: w.date, steps: w.steps, hi: w.bodyBatteryHigh, lo: w.bodyBatteryLow, stress: w.stressAvg }));
  }

  /** Steps per day as bars; Body Battery's daily range (low to high) as a band with the day's average stress over it, both 0–100. */
  private dailyChart(s: RecoverySeries, width: number): HTMLElement {
    const rows = this.dailyRows(s);
    const x = { type: 'utc' as const, label: 'Day', domain: [rows[0]?.date, rows[rows.length - 1]?.date] };
    const steps = Plot.plot({
      width, height: 140, marginLeft: 56, x,
      y: { label: 'Steps', grid: true, nice: true, domain: zeroBasedDomain(rows.flatMap((r) => (r.steps === null ? [] : [r.steps])), 1000), tickFormat: (v: number) => v.toLocaleString('en') },
      marks: [Plot.rectY(rows.filter((r) => r.steps !== null), { x: 'date', interval: 'day', y: 'steps', fill: '#7f7f7f', inset: 0.5, title: (r: { day: string; steps: number }) => `${r.day}: ${r.steps.toLocaleString('en')} steps`, tip: true })],
    });
    const stress = Plot.plot({
      width, height: 170, marginLeft: 56, x,
      y: { label: 'Body Battery · stress (0–100)', grid: true, domain: [0, 100] },
      color: { legend: true, domain: ['Body Battery (low–high)', 'Average stress'], range: ['#9ecae1', '#e6550d'] },
      marks: [
        Plot.areaY(rows, { x: 'date', y1: 'lo', y2: 'hi', fill: () => 'Body Battery (low–high)', fillOpacity: 0.6, curve: 'step' }),
        Plot.lineY(rows, { x: 'date', y: 'stress', stroke: () => 'Average stress', strokeWidth: 1.5 }),
        Plot.tip(rows, Plot.pointerX({ x: 'date', y: (r: { stress: number | null; hi: number | null }) => r.stress ?? r.hi ?? NaN,
          title: (r: { day: string; hi: number | null; lo: number | null; stress: number | null }) => `${r.day}\nBody Battery ${r.lo ?? '–'}–${r.hi ?? '–'}\nStress ${r.stress ?? '–'}` })),
      ],
    });
    const both = document.createElement('div');
    both.append(steps, stress);
    return both;
  }

  /** Sleep stages stacked per night (wake-up date), the last 8 weeks, with the 6 h short-night line. */
  private sleepChart(s: RecoverySeries, width: number): SVGSVGElement | HTMLElement {
    const rows: { day: string; date: Date; stage: string; hours: number }[] = [];
    const first = Math.max(0, s.dates.length - SLEEP_NIGHTS);
    for (let i = first; i < s.dates.length; i++) {
      if (!isNum(s.sleepS[i])) continue;
      const day = s.dates[i] as string;
      for (const st of STAGES) {
        const v = s[st.key][i];
        if (isNum(v) && v > 0) rows.push({ day, date: utc(day), stage: st.label, hours: v / 3600 });
      }
    }
    return Plot.plot({
      width,
      height: 220,
      marginLeft: 48,
      // The whole window, so a few nights stay day-wide bars on a date axis.
      x: { type: 'utc', label: 'Night (wake-up date)', domain: [utc(s.dates[first] as string), utc(addDays(s.dates[s.dates.length - 1] as string, 1))] },
      y: { label: 'Sleep (hours)', grid: true },
      color: { legend: true, domain: STAGES.map((st) => st.label), range: STAGES.map((st) => st.color) },
      marks: [
        // Stacked in STAGES order (the rows' input order): deep at the bottom, awake on top.
        Plot.rectY(rows, {
          x: 'date', interval: 'day', y: 'hours', fill: 'stage', inset: 0.5, tip: true,
          title: (d: { day: string; stage: string; hours: number }) => `${d.day}\n${d.stage}: ${hoursMinutes(d.hours * 3600)}`,
        }),
        Plot.ruleY([RECOVERY.shortSleepS / 3600], { stroke: 'currentColor', strokeOpacity: 0.6, strokeDasharray: '4,3' }),
        Plot.ruleY([0]),
      ],
    });
  }

  /**
   * HRV (ms, left axis: nightly dots, 7-day mean, normal band) and resting HR (bpm) overlaid over
   * the range. Resting HR is drawn on its own right-hand axis: its values are mapped linearly onto
   * the HRV scale and the right axis labels the mapped positions with the bpm they stand for.
   */
  private overlayChart(s: RecoverySeries, width: number): SVGSVGElement | HTMLElement {
    const rows: DayRow[] = [];
    for (let i = this.rangeStart(s); i < s.dates.length; i++) {
      const base = s.hrvBaselineMs[i] as number;
      const sd = s.hrvBaselineSdMs[i] as number;
      const k = RECOVERY.hrvSdMultiple;
      const day = s.dates[i] as string;
      rows.push({ day, date: utc(day), hrv: s.hrvMs[i] as number, hrv7d: s.hrv7dMs[i] as number, lo: base - k * sd, hi: base + k * sd, rhr: s.restingHr[i] as number, rhr7d: s.restingHr7d[i] as number });
    }
    const hrvValues = rows.flatMap((r) => [r.hrv, r.hrv7d, r.lo, r.hi].filter(isNum));
    const rhrValues = rows.flatMap((r) => [r.rhr, r.rhr7d].filter(isNum));
    const hasHrv = hrvValues.length > 0;
    const hasRhr = rhrValues.length > 0;
    const [hLo, hHi] = hasHrv ? extent(hrvValues, 10) : [0, 1];
    const [rLo, rHi] = hasRhr ? extent(rhrValues, 6) : [0, 1];
    // With HRV on the left, resting HR maps onto its scale; without HRV the left axis is bpm.
    const toY = (bpm: number) => (hasHrv ? hLo + ((bpm - rLo) * (hHi - hLo)) / (rHi - rLo) : bpm);
    const toBpm = (y: number) => (hasHrv ? rLo + ((y - hLo) * (rHi - rLo)) / (hHi - hLo) : y);
    const rhrY = (d: DayRow) => (isNum(d.rhr) ? toY(d.rhr) : NaN);
    const rhr7dY = (d: DayRow) => (isNum(d.rhr7d) ? toY(d.rhr7d) : NaN);
    const tipY = (d: DayRow) => [d.hrv7d, d.hrv, rhr7dY(d), rhrY(d)].find(isNum) ?? NaN;
    const tipText = (d: DayRow) => [
      d.day,
      isNum(d.hrv) || isNum(d.hrv7d) ? `HRV ${fixed(d.hrv)} ms · ${RECOVERY.recentDays}-day mean ${fixed(d.hrv7d, 1)} ms` : null,
      isNum(d.lo) ? `Normal band ${fixed(d.lo, 1)}–${fixed(d.hi, 1)} ms` : null,
      isNum(d.rhr) || isNum(d.rhr7d) ? `Resting HR ${fixed(d.rhr)} bpm · ${RECOVERY.recentDays}-day mean ${fixed(d.rhr7d, 1)} bpm` : null,
    ].filter((line) => line !== null).join('\n');
    const shown = rows.filter((d) => isNum(tipY(d)));
    const domain = [...(hasHrv ? [SERIES.band, SERIES.nightly, SERIES.mean] : []), ...(hasRhr ? [SERIES.rhr, SERIES.rhrMean] : [])];
    const colors: Record<string, string> = { [SERIES.band]: '#98df8a', [SERIES.nightly]: HRV_DAILY_COLOR, [SERIES.mean]: HRV_COLOR, [SERIES.rhr]: RHR_DAILY_COLOR, [SERIES.rhrMean]: RHR_COLOR };
    return Plot.plot({
      width,
      height: 280,
      marginLeft: 48,
      marginRight: hasHrv && hasRhr ? 48 : 20,
      x: { type: 'utc', label: 'Morning', domain: [rows[0]?.date, rows[rows.length - 1]?.date] },
      y: { domain: hasHrv ? [hLo, hHi] : [rLo, rHi] },
      color: { legend: true, domain, range: domain.map((d) => colors[d] as string) },
      marks: [
        Plot.gridY({ strokeOpacity: 0.1 }),
        Plot.axisY({ anchor: 'left', label: hasHrv ? 'HRV (ms)' : 'Resting HR (bpm)' }),
        hasHrv && hasRhr
          ? Plot.axisY(niceTicks(rLo, rHi, 5).map(toY), { anchor: 'right', label: 'Resting HR (bpm)', tickFormat: (y: number) => String(Math.round(toBpm(y))) })
          : null,
        hasHrv ? Plot.areaY(rows, { x: 'date', y1: 'lo', y2: 'hi', fill: () => SERIES.band, fillOpacity: 0.35 }) : null,
        hasHrv ? Plot.dot(rows, { x: 'date', y: 'hrv', r: 2, fill: () => SERIES.nightly }) : null,
        hasHrv ? Plot.lineY(rows, { x: 'date', y: 'hrv7d', stroke: () => SERIES.mean, strokeWidth: 2 }) : null,
        hasRhr ? Plot.dot(rows, { x: 'date', y: rhrY, r: 2, fill: () => SERIES.rhr }) : null,
        hasRhr ? Plot.lineY(rows, { x: 'date', y: rhr7dY, stroke: () => SERIES.rhrMean, strokeWidth: 2 }) : null,
        Plot.ruleX(shown, Plot.pointerX({ x: 'date', stroke: 'currentColor', strokeOpacity: 0.25 })),
        Plot.tip(shown, Plot.pointerX({ x: 'date', y: tipY, title: tipText })),
      ],
    });
  }

  /** Load on day d against the reading the morning after, with the least-squares line. */
  private scatter(pairs: NextMorningPair[], width: number): SVGSVGElement | HTMLElement {
    const hrv = this.metric() === 'hrvMs';
    const unit = hrv ? 'ms' : 'bpm';
    const fit = loadResponseCorrelation(pairs);
    return Plot.plot({
      width,
      height: 260,
      marginLeft: 48,
      x: { label: 'Training load that day (Garmin load or TRIMP)', grid: true, nice: true, domain: zeroBasedDomain(pairs.map((p) => p.load), 10) },
      y: { label: hrv ? 'HRV next morning (ms)' : 'Resting HR next morning (bpm)', grid: true },
      marks: [
        Plot.dot(pairs, {
          x: 'load', y: 'next', r: 3, fill: hrv ? HRV_COLOR : RHR_COLOR, fillOpacity: 0.6, tip: true,
          title: (p: NextMorningPair) => `${p.date}: load ${p.load.toFixed(0)}\n${addDays(p.date, 1)} morning: ${hrv ? 'HRV' : 'resting HR'} ${p.next.toFixed(0)} ${unit}`,
        }),
        fit.status === 'ok' ? Plot.linearRegressionY(pairs, { x: 'load', y: 'next', stroke: 'currentColor', strokeOpacity: 0.7 }) : null,
      ],
    });
  }

  /** "412 nights with HRV from … to …": what a recovery figure was computed from. */
  private readings(key: 'hrvMs' | 'restingHr' | 'sleepS', what: string): string {
    const days = (this.wellness ?? []).filter((w) => w[key] !== null).map((w) => w.date);
    return `${inputsUsed(days.length, what, days)}.`;
  }

  private downloadCsv(): void {
    if (!this.series) return;
    downloadText(`fitbook-recovery-${this.today}.csv`, toCsv(RECOVERY_CSV_COLUMNS, recoveryCsvRows(this.series)));
  }

  private figures(st: RecoveryStatus, fit: Correlation) {
    const h = st.hrv;
    const r = st.restingHr;
    const n = st.lastNight;
    const k = RECOVERY.hrvSdMultiple;
    const bandWords = { below: 'below the normal band', within: 'within the normal band', above: 'above the normal band' } as const;
    const metricName = this.metric() === 'hrvMs' ? 'HRV' : 'resting HR';
    return html`
      <dl class="figures">
        <div class="figure"><dt>HRV, ${RECOVERY.recentDays}-day mean</dt>
          <dd data-metric="hrv-7d" data-value=${h.mean7dMs ?? ''} data-band=${h.band ?? ''}>${isNum(h.mean7dMs) ? `${h.mean7dMs.toFixed(0)} ms` : '–'}</dd>
          <dd class="note">${h.band && isNum(h.baselineMs) && isNum(h.baselineSdMs)
            ? html`<span class=${`band ${h.band}`}>${bandWords[h.band]}</span> ${(h.baselineMs - k * h.baselineSdMs).toFixed(0)}–${(h.baselineMs + k * h.baselineSdMs).toFixed(0)} ms (${RECOVERY.baselineDays}-day baseline ${h.baselineMs.toFixed(0)} ± ${h.baselineSdMs.toFixed(1)})`
            : h.latestDate ? `not enough nights for a ${isNum(h.mean7dMs) ? 'baseline' : 'mean'} yet; last reading ${fixed(h.latestMs)} ms on ${h.latestDate}` : 'no HRV recorded (needs a watch with HRV status)'}</dd>
          ${explainFigure('hrv', 'HRV', this.readings('hrvMs', 'nights with HRV'))}</div>
        <div class="figure"><dt>Resting HR</dt>
          <dd data-metric="resting-hr" data-value=${r.latest ?? ''}>${isNum(r.latest) ? `${r.latest.toFixed(0)} bpm` : '–'}</dd>
          <dd class="note">${isNum(r.riseBpm) && isNum(r.mean7d) && isNum(r.baseline)
            ? html`${RECOVERY.recentDays}-day mean ${r.mean7d.toFixed(1)} vs ${r.baseline.toFixed(1)} baseline
              (<span class=${r.raised ? 'band below' : ''}>${r.riseBpm >= 0 ? '+' : '−'}${Math.abs(r.riseBpm).toFixed(1)} bpm</span>)`
            : r.latestDate ? `on ${r.latestDate}` : 'not recorded'}</dd>
          ${explainFigure('resting-hr', 'resting HR', this.readings('restingHr', 'days with a resting HR'))}</div>
        <div class="figure"><dt>${n && n.date < addDays(this.today, -1) ? 'Latest sleep recorded' : 'Last night\'s sleep'}</dt>
          <dd data-metric="sleep-last" data-value=${n?.sleepS ?? ''}>${hoursMinutes(n?.sleepS)}</dd>
          <dd class="note">${n
            ? html`${n.date}${n.date < addDays(this.today, -1) ? ` (${dayNumber(this.today) - dayNumber(n.date)} days ago)` : ''}: deep ${hoursMinutes(n.deepS)} · light ${hoursMinutes(n.lightS)} · REM ${hoursMinutes(n.remS)} · awake ${hoursMinutes(n.awakeS)}${isNum(n.sleepScore) ? html` · score ${n.sleepScore.toFixed(0)}` : nothing}`
            : 'no sleep recorded'}</dd>
          ${explainFigure('sleep', 'sleep', this.readings('sleepS', 'nights with sleep'))}</div>
        <div class="figure"><dt>Nights under ${RECOVERY.shortSleepS / 3600} h</dt>
          <dd data-metric="short-nights" data-value=${st.shortNights}>${st.shortNights} of ${st.nights}</dd>
          <dd class="note">in the ${RECOVERY.recentDays} nights up to ${st.asOf}</dd></div>
        <div class="figure"><dt>Load vs next-morning ${metricName}</dt>
          <dd data-metric="load-response-r" data-value=${fit.status === 'ok' ? fit.r : ''}>${fit.status === 'ok' ? `r = ${fit.r.toFixed(2)}` : '–'}</dd>
          <dd class="note">${fit.status === 'ok'
            ? html`n = ${fit.n} days${fit.ci95 ? html`, 95 % CI ${fit.ci95[0].toFixed(2)} to ${fit.ci95[1].toFixed(2)}` : nothing}`
            : fit.status === 'no_variance'
              ? `no spread in ${fit.n} days (every day the same load or reading)`
              : !this.loads ? 'loading activities…' : `needs ${fit.minPairs} days with a load and a next-morning reading in the range; ${fit.n} so far`}</dd>
          ${explainFigure('load-response', 'this correlation', `${fit.n} days with a load and a next-morning ${metricName} in the chosen range.`)}</div>
      </dl>`;
  }

  private slump(st: RecoveryStatus) {
    const f = st.slump;
    if (!f) return nothing;
    const why = f.signals.map((sig) => (sig === 'hrv'
      ? `HRV ${RECOVERY.recentDays}-day mean ${fixed(f.hrvMs)} ms is more than ${RECOVERY.hrvSdMultiple} SD below its baseline ${fixed(f.hrvBaselineMs)} ms`
      : sig === 'resting_hr'
        ? `resting HR is up ${fixed(f.restingHrRiseBpm, 1)} bpm on its baseline (more than ${RECOVERY.restingHrRiseBpm})`
        : `${f.shortSleepNights} of the last ${RECOVERY.recentDays} nights were under ${RECOVERY.shortSleepS / 3600} h`));
    return html`<p class=${`slump ${f.severity}`} role="status" data-testid="recovery-slump" data-severity=${f.severity}>
      <strong>Recovery slump${f.severity === 'alert' ? ' (several signals)' : ''}:</strong> ${why.join('; ')}.</p>`;
  }

  /** r with its interval and the fitted slope, or why there is no r. */
  private fitSentence(fit: Correlation): string {
    const hrv = this.metric() === 'hrvMs';
    if (fit.status === 'no_variance') return `No r: the loads or the readings of these ${fit.n} days do not vary.`;
    if (fit.status === 'not_enough_data') return `No r yet: it needs ${fit.minPairs} days, the range has ${fit.n}.`;
    const ci = fit.ci95 ? ` (95 % CI ${fit.ci95[0].toFixed(2)} to ${fit.ci95[1].toFixed(2)})` : '';
    const per100 = fit.slope * 100;
    return `Pearson r = ${fit.r.toFixed(2)} over ${fit.n} days${ci}; the fitted line: ${per100 >= 0 ? '+' : '−'}${Math.abs(per100).toFixed(1)} ${hrv ? 'ms' : 'bpm'} the next morning per 100 load.`;
  }

  private body(s: RecoverySeries, st: RecoveryStatus) {
    const pairs = this.rangePairs(s);
    const fit = loadResponseCorrelation(pairs);
    const from = s.dates[this.rangeStart(s)] as string;
    const last = s.dates[s.dates.length - 1] as string;
    const metricName = this.metric() === 'hrvMs' ? 'HRV' : 'resting HR';
    const r = this.range();
    return html`
      ${this.figures(st, fit)}
      ${this.slump(st)}
      <p class="note">Wellness from ${s.dates[0]} to ${last}. Sleep and HRV are dated by the morning you woke up; the normal band is the
        ${RECOVERY.baselineDays} days before the last ${RECOVERY.recentDays}, mean ± ${RECOVERY.hrvSdMultiple} SD.</p>
      <h3>Sleep stages, last ${SLEEP_NIGHTS / 7} weeks</h3>
      ${st.lastNight
        ? html`<div class="chart" data-chart="sleep" role="img" aria-label=${`Sleep stages per night (deep, light, REM, awake) in hours over the last ${SLEEP_NIGHTS / 7} weeks, with a line at ${RECOVERY.shortSleepS / 3600} hours`}></div>`
        : html`<p class="empty">No sleep recorded.</p>`}
      <h3>${this.hasHrv ? 'HRV and resting heart rate' : 'Resting heart rate'}</h3>
      <p class="actions" data-edit><label>Range
        <select data-testid="recovery-range" .value=${r} @change=${(e: Event) => this.setParam('range', (e.target as HTMLSelectElement).value)}>
          ${RANGES.map(([k, label]) => html`<option value=${k} ?selected=${k === r}>${label}</option>`)}
        </select></label></p>
      <div class="chart" data-chart="hrv-rhr" role="img" aria-label=${this.hasHrv
        ? `Nightly HRV in milliseconds with its ${RECOVERY.recentDays}-day mean and normal band, and daily resting heart rate in beats per minute with its ${RECOVERY.recentDays}-day mean on a second axis, from ${from} to ${last}`
        : `Daily resting heart rate in beats per minute with its ${RECOVERY.recentDays}-day mean, from ${from} to ${last}`}></div>
      ${this.dailyPart(s)}
      <h3>Training load vs next-morning ${metricName}</h3>
      ${this.hasHrv ? nothing : html`<p class="note">No HRV in this export, so resting HR stands in (it rises, where HRV falls, after hard days).</p>`}
      ${pairs.length
        ? html`<p class="note">Each dot is a day from ${addDays(from, -1)} on: its summed load (rest days 0) against the ${metricName} of the morning after.
            ${this.fitSentence(fit)}</p>
          <div class="chart" data-chart="load-response" role="img" aria-label=${`Scatter of each day's training load against the next morning's ${metricName}${fit.status === 'ok' ? `, Pearson r ${fit.r.toFixed(2)} over ${fit.n} days, with the least-squares line` : ''}`}></div>`
        : html`<p class="empty">${this.loads ? `No day in this range has both a known load and a ${metricName} reading the next morning.` : 'Loading activities…'}</p>`}`;
  }

  private dailyPart(s: RecoverySeries) {
    const rows = this.dailyRows(s);
    if (!rows.length) return nothing;
    return html`<h3>Steps, stress and Body Battery</h3>
      <div class="chart" data-chart="daily" role="img" aria-label=${`Steps per day, and each day's Body Battery range and average stress, from ${rows[0]?.day} to ${rows[rows.length - 1]?.day}`}></div>
      ${explain('daily-wellness', 'this chart', `${inputsUsed(rows.length, 'days from your daily summaries', rows.map((r) => r.day))}.`)}`;
  }

  protected override reportParams(): string[] {
    return [`Range: ${RANGES.find(([k]) => k === this.range())?.[1] ?? ''}`];
  }

  override render() {
    const s = this.series;
    const st = this.status;
    return html`
      <section aria-labelledby="recovery-title">
        <header>
          <h2 id="recovery-title">Recovery</h2>
          <div class="actions">
            <button data-action="download-csv" ?disabled=${!s} @click=${() => this.downloadCsv()}>Download data (CSV)</button>
            ${this.collapseButton()}
          </div>
        </header>
        ${this.collapsed ? nothing : !this.wellness
          ? html`<p class="note" role="status">Loading wellness data…</p>`
          : !s || !st
            ? html`<p class="empty">Recovery needs sleep, HRV and resting HR from a Garmin account export's wellness files
                (DI-Connect-Wellness sleepData and healthStatusData, the UDSFile daily summaries). Import an account export to see them.</p>`
            : this.body(s, st)}
      </section>
    `;
  }

  static override styles = [cellStyles, explainStyles, css`
    h3 { font-size: 1rem; margin: 1rem 0 0.25rem; }
    dd.note { font-size: 0.8rem; }
    .band.below { color: var(--danger); }
    .slump { border-left: 3px solid var(--border); padding: 0.25rem 0.6rem; }
    .slump.warning { border-left-color: #f2a541; }
    .slump.alert { border-left-color: var(--danger); }
  `];
}

customElements.define(RecoveryCell.spec.tag, RecoveryCell);
