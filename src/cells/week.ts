import { css, html, nothing, type PropertyValues } from 'lit';
import { Cell, cellSpec } from './cell';
import * as Plot from '@observablehq/plot';
import { addDays, isoWeek, mondayOf } from '../analysis/calendar';
import { COMPLIANCE_CSV_COLUMNS, complianceCsvRows, weeklyCompliance, PLAN_PHASES, type ComplianceAlert, type PlanPhase, type PlanWeek, type WeekCompliance } from '../analysis/compliance';
import type { ActivityInput, Units } from '../analysis/types';
import { kmIn } from '../ui/format';
import { downloadText, toCsv } from '../ui/csv';
import { cellStyles } from './styles';
import { explain, explainStyles } from './explain';
import { mountCharts, zeroBasedDomain } from '../ui/chart';
import type { PlanWeekInput } from '../database';

/**
 * This week: plan compliance as the trail-running coach's tracker shows it — a score ring,
 * planned vs actual cards with deltas, the alerts, and every plan week's planned vs actual.
 */

const PHASES: ReadonlySet<string> = new Set(PLAN_PHASES);

function toPlanWeek(w: PlanWeekInput): PlanWeek {
  return { ...w, phase: w.phase !== null && PHASES.has(w.phase) ? (w.phase as PlanPhase) : null };
}

/** What each alert means, in words (TRC's six rules), distances in the athlete's unit. */
export function describeAlert(a: ComplianceAlert, units: Units = 'km'): string {
  const d = (km: number) => `${kmIn(km, units)} ${units}`;
  switch (a.id) {
    case 'hr_drift': return `HR drift: an easy run on ${a.localDate} averaged ${a.avgHr} bpm, ${a.aboveBpm.toFixed(0)} above your 4-week average of ${a.baselineHr.toFixed(0)}.`;
    case 'volume_spike': return `Volume spike: ${d(a.km)} is ${a.increasePct.toFixed(0)} % more than last week's ${d(a.previousKm)}.`;
    case 'long_run_ratio': return `Long run ratio: the longest run (${d(a.longestRunKm)}) was ${a.ratioPct.toFixed(0)} % of the week's ${d(a.km)}.`;
    case 'missed_gym': return `Missed gym: ${a.gym} of ${a.plannedGym} planned sessions.`;
    case 'missed_series': return `Missed intervals: ${a.plannedSeries} planned, none detected.`;
    case 'recovery_week': return `Recovery week: ${d(a.km)} is only ${a.reductionPct.toFixed(0)} % below last week's ${d(a.previousKm)} (aim for 20 %).`;
  }
}

/** Kilometres in the athlete's unit, one decimal (null stays null). */
function toUnit(km: number | null, units: Units): number | null {
  return km === null ? null : kmIn(km, units);
}

export class WeekCell extends Cell {
  static override properties = {
    weeks: { attribute: false },
    activities: { attribute: false },
    sessions: { attribute: false },
    today: { attribute: false },
  };

  declare weeks: PlanWeekInput[] | null;
  declare activities: ActivityInput[] | null;
  declare sessions: ActivityInput[] | null;
  declare today: string;
  private compliance: WeekCompliance[] = [];

  constructor() {
    super();
    this.weeks = null;
    this.activities = null;
    this.sessions = null;
  }

  static override readonly spec = cellSpec<WeekCell>({ kind: 'week', title: 'This week', tag: 'fitbook-week-cell', inputs: ['weeks', 'activities', 'sessions', 'today'] });

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('weeks') || changed.has('activities') || changed.has('sessions') || changed.has('today')) {
      // An off-watch gym class or run counts toward the week's plan like a recorded one.
      const done = this.activities ? [...this.activities, ...(this.sessions ?? [])] : null;
      this.compliance = this.weeks && done ? weeklyCompliance(this.weeks.map(toPlanWeek), done, { asOf: this.today }) : [];
    }
  }

  /** This ISO week if the plan has it, else the latest plan week before today. */
  private current(): WeekCompliance | undefined {
    const thisWeek = isoWeek(mondayOf(this.today));
    return this.compliance.find((w) => w.week === thisWeek) ?? [...this.compliance].reverse().find((w) => w.weekStart <= this.today);
  }


  protected override updated(): void {
    this.drawNextFrame(() => this.drawChart());
  }

  private drawChart(): void {
    const target = this.renderRoot.querySelector<HTMLElement>('.chart');
    if (!target || this.compliance.length === 0) return;
    const planned = this.compliance.map((w) => ({ week: w.week, distance: kmIn(w.plan.distanceKm ?? 0, this.units) }));
    const actual = this.compliance.map((w) => ({ week: w.week, distance: kmIn(w.actual.km, this.units) }));
    const weeks = this.compliance.map((w) => w.week);
    mountCharts(target, Plot.plot({
      width: Math.max(320, this.clientWidth - 32), height: 210, marginLeft: 40, marginBottom: 62,
      x: { label: 'ISO week', tickRotate: -45, domain: weeks },
      y: { label: `Run distance (${this.units})`, grid: true, nice: true, domain: zeroBasedDomain([...planned, ...actual].map((d) => d.distance), 5) },
      color: { legend: true, domain: ['planned', 'actual'], range: ['#bbbbbb', '#1f77b4'] },
      // Planned as a wide grey bar, actual as a narrower bar in front of it: never stacked.
      marks: [
        Plot.barY(planned, { x: 'week', y: 'distance', fill: () => 'planned', tip: true }),
        Plot.barY(actual, { x: 'week', y: 'distance', fill: () => 'actual', inset: 5, tip: true }),
        Plot.ruleY([0]),
      ],
    }));
  }

  override render() {
    const w = this.current();
    const card = (label: string, planned: number | null, actual: number, unit: string) => {
      const delta = planned ? ((actual - planned) / planned) * 100 : null;
      return html`<div class="figure"><dt>${label}</dt><dd>${actual}${unit} <span class="planned">/ ${planned ?? '–'}${unit}</span>
        ${delta !== null ? html`<span class=${delta < 0 ? 'under' : 'over'}>${delta >= 0 ? '+' : ''}${delta.toFixed(0)} %</span>` : nothing}</dd></div>`;
    };
    return html`
      <section aria-labelledby="week-title">
        <header>
          <h2 id="week-title">This week</h2>
          <div class="actions">
            <button data-action="download-csv" ?disabled=${this.compliance.length === 0} @click=${() => downloadText(`fitbook-compliance-${this.today}.csv`, toCsv(COMPLIANCE_CSV_COLUMNS, complianceCsvRows(this.compliance).map((r) => COMPLIANCE_CSV_COLUMNS.map((c) => r[c]))))}>Download data (CSV)</button>
            ${this.collapseButton()}
          </div>
        </header>
        ${this.collapsed ? nothing : !w ? html`<p class="empty">Plan compliance needs a plan with weeks up to today (see the plan cell).</p>` : html`
          <div class="top">
            ${scoreRing(w.score)}
            <div>
              <p><strong>${w.week}</strong> (${w.weekStart}), ${w.plan.phase ?? 'no phase set'}${w.plan.recovery ? ', recovery week' : ''}${w.weekendOver ? '' : ' — in progress'}</p>
              <dl class="figures">
                ${card('Distance', toUnit(w.plan.distanceKm, this.units), toUnit(w.actual.km, this.units) as number, ` ${this.units}`)}
                ${card('Vertical', w.plan.vertM, w.actual.vertM, ' m')}
                ${card('Long run', toUnit(w.plan.longRunKm, this.units), toUnit(w.actual.longestRunKm, this.units) as number, ` ${this.units}`)}
                ${card('Gym', w.plan.gym, w.actual.gym, '')}
                <div class="figure"><dt>Intervals</dt><dd>${w.actual.seriesDetected ? 'done' : 'none'} <span class="planned">/ ${w.plan.series ?? 0} planned</span></dd></div>
              </dl>
            </div>
          </div>
          ${w.alerts.length
            ? html`<ul class="alerts">${w.alerts.map((a) => html`<li data-alert=${a.id} class=${a.level}>${describeAlert(a, this.units)}</li>`)}</ul>`
            : html`<p class="note">No alerts this week.</p>`}
          ${explain('compliance', 'the compliance score', `${w.actual.runs} ${w.actual.runs === 1 ? 'run' : 'runs'} and ${w.actual.gym} gym ${w.actual.gym === 1 ? 'session' : 'sessions'} from ${w.weekStart} to ${addDays(w.weekStart, 6)}, against the plan row of ${w.week}.`)}
          <div class="chart" role="img" aria-label="Planned and actual run distance for every plan week"></div>
          ${explain('plan-vs-actual', 'this chart', `${this.compliance.length} plan weeks from ${this.compliance[0]?.weekStart} to ${addDays(this.compliance[this.compliance.length - 1]?.weekStart ?? w.weekStart, 6)}.`)}`}
      </section>
    `;
  }

  static override styles = [cellStyles, explainStyles, css`
    .top { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
    .ring { width: 120px; height: 120px; flex: none; }
    .ring.none { height: auto; margin: 0; color: var(--muted); font-size: 0.9rem; }
    .top > div { flex: 1 1 20rem; }
    .planned { color: var(--muted); font-size: 0.9rem; }
    .under { color: var(--danger); font-size: 0.8rem; }
    .over { color: var(--muted); font-size: 0.8rem; }
    .alerts li.warning::marker { color: var(--danger); }
  `];
}

/** The score as a ring; a week that plans nothing has no score, and says so. */
function scoreRing(score: number | null) {
  if (score === null) {
    return html`<p class="ring none" data-metric="compliance-score" data-value="">No score: this week plans no distance, vertical, long run, gym or intervals.</p>`;
  }
  return html`<svg class="ring" viewBox="0 0 120 120" role="img" aria-label="Compliance score ${score} %">
    <circle cx="60" cy="60" r="50" fill="none" stroke="var(--border)" stroke-width="12"></circle>
    <circle cx="60" cy="60" r="50" fill="none" stroke=${score >= 80 ? '#2ca02c' : score >= 50 ? '#ff7f0e' : '#d62728'} stroke-width="12"
      stroke-dasharray=${`${(score / 100) * 314.16} 314.16`} transform="rotate(-90 60 60)"></circle>
    <text x="60" y="68" text-anchor="middle" font-size="26" fill="currentColor" data-metric="compliance-score" data-value=${score}>${score}%</text>
  </svg>`;
}

customElements.define(WeekCell.spec.tag, WeekCell);
