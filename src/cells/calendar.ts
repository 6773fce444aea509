import { css, html, nothing, type PropertyValues } from 'lit';
import { Cell, cellSpec } from './cell';
import { historyEndedOn, isoWeekday } from '../analysis/calendar';
import { addMonths, calendarMonth, weekAgainstLastYear, type CalendarActivity, type CalendarMonth, type PeriodTotals } from '../analysis/trainingCalendar';
import type { ActivityInput } from '../analysis/types';
import type { PlanWeekInput, ActivityLoadRow } from '../database';
import { downloadText, toCsv } from '../ui/csv';
import { formatSeconds, sportName, unitMetres } from '../ui/format';
import { cellStyles } from './styles';
import { explain, explainStyles } from './explain';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export const CALENDAR_CSV_COLUMNS = ['week', 'week_start', 'activities', 'distance_m', 'run_distance_m', 'time_s', 'ascent_m', 'load', 'planned_km'] as const;

/**
 * Training calendar: a month of days with their activities (sport, distance, time, load), each
 * ISO week's totals beside it with the plan's distance against what was run, and this week and
 * this month against the same period a year earlier (analysis/trainingCalendar.ts). The month
 * shown is a parameter; on a phone the grid becomes a list of the days that have activities.
 */
export class CalendarCell extends Cell {
  static override properties = {
    activities: { attribute: false },
    sessions: { attribute: false },
    loads: { attribute: false },
    weeks: { attribute: false },
    today: { attribute: false },
  };

  declare activities: ActivityInput[] | null;
  declare sessions: ActivityInput[] | null;
  declare loads: ActivityLoadRow[] | null;
  declare weeks: PlanWeekInput[] | null;
  declare today: string;
  private cal: CalendarMonth | null = null;
  private compare: ReturnType<typeof weekAgainstLastYear> | null = null;

  constructor() {
    super();
    this.activities = null;
    this.sessions = null;
    this.loads = null;
    this.weeks = null;
  }

  static override readonly spec = cellSpec<CalendarCell>({ kind: 'calendar', title: 'Training calendar', tag: 'fitbook-calendar-cell', inputs: ['activities', 'sessions', 'loads', 'weeks', 'today'] });

  /** The month shown: the parameter, else this month, else (a history that ended) the latest activity's month. */
  private month(): string {
    const picked = this.param('month', '');
    if (/^\d{4}-(0[1-9]|1[0-2])$/.test(picked)) return picked;
    // A history that ended opens on the month of its latest activity, not an empty month.
    return (historyEndedOn((this.activities ?? []).map((a) => a.localDate), this.today) ?? this.today).slice(0, 7);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.activities) {
      this.cal = null;
      return;
    }
    if (changed.has('activities') || changed.has('sessions') || changed.has('loads') || changed.has('weeks') || changed.has('today') || changed.has('params')) {
      // Off-watch sessions are days of training too (negative ids: their loads are in `loads`).
      const all = [...this.activities, ...(this.sessions ?? [])];
      const load = new Map((this.loads ?? []).map((l) => [l.id, l.load]));
      const loadOf = (id: number) => load.get(id) ?? 0;
      this.cal = calendarMonth(this.month(), all, loadOf, this.weeks ?? []);
      // This week, or the month's last week when another month is shown.
      const week = this.month() === this.today.slice(0, 7) ? this.today : (this.cal.weeks[this.cal.weeks.length - 1]?.weekStart ?? this.today);
      this.compare = weekAgainstLastYear(week, all, loadOf);
    }
  }

  private go(month: string | null): void {
    this.setParam('month', month ?? '');
  }

  private distance(m: number): string {
    return `${(m / unitMetres(this.units)).toFixed(1)} ${this.units}`;
  }

  private activity(a: CalendarActivity) {
    const parts = [a.distanceM ? this.distance(a.distanceM) : '', a.timeS ? formatSeconds(a.timeS) : '', a.load > 0 ? `load ${Math.round(a.load)}` : ''].filter(Boolean);
    // An off-watch session has no recording to open: listed, marked as entered by hand.
    if (a.id < 0) {
      return html`<li class="off-watch" data-manual-session=${-a.id} title=${`${a.name ?? sportName(a.sport)} (off-watch session, entered by hand)`}>
        <span class="sport">${sportName(a.sport)} ✍</span> <span class="what">${parts.join(' · ')}</span></li>`;
    }
    return html`<li><button class="act" data-action="open-activity" data-activity=${a.id} title=${a.name ?? sportName(a.sport)}
      @click=${() => this.dispatchEvent(new CustomEvent<number>('open-activity', { detail: a.id, bubbles: true, composed: true }))}>
      <span class="sport">${sportName(a.sport)}</span> <span class="what">${parts.join(' · ')}</span></button></li>`;
  }

  private totals(t: PeriodTotals, plannedKm: number | null) {
    const plannedM = plannedKm === null ? null : plannedKm * 1000;
    return html`<span class="sum">${this.distance(t.distanceM)}</span>
      <span>${formatSeconds(t.timeS) || '0:00'} · ${Math.round(t.ascentM)} m · load ${Math.round(t.load)}</span>
      ${plannedM !== null && plannedM > 0 ? html`<span class="plan" data-testid="week-planned">run ${this.distance(t.runDistanceM)} of ${this.distance(plannedM)} planned (${Math.round((t.runDistanceM / plannedM) * 100)} %)</span>` : nothing}`;
  }

  private csv(): string {
    const rows = (this.cal?.weeks ?? []).map((w) => [w.week, w.weekStart, w.totals.activities, w.totals.distanceM, w.totals.runDistanceM, w.totals.timeS, w.totals.ascentM, Math.round(w.totals.load * 10) / 10, w.plannedKm]);
    return toCsv(CALENDAR_CSV_COLUMNS, rows);
  }

  protected override reportParams(): string[] {
    const [y, m] = this.month().split('-');
    return [`Month: ${MONTHS[Number(m) - 1]} ${y}`];
  }

  override render() {
    const cal = this.cal;
    const month = this.month();
    const [y, m] = month.split('-');
    const c = this.compare;
    const row = (label: string, now: PeriodTotals, before: PeriodTotals, beforeLabel: string) => html`<tr>
      <th scope="row">${label}</th><td>${this.distance(now.distanceM)}</td><td>${formatSeconds(now.timeS) || '0:00'}</td><td>${Math.round(now.ascentM)} m</td><td>${Math.round(now.load)}</td><td>${now.activities}</td>
      <td class="before">${beforeLabel}: ${this.distance(before.distanceM)} · ${formatSeconds(before.timeS) || '0:00'} · ${Math.round(before.ascentM)} m · ${Math.round(before.load)} · ${before.activities}</td></tr>`;
    return html`
      <section aria-labelledby="calendar-title">
        <header>
          <h2 id="calendar-title">Training calendar</h2>
          <div class="actions">
            <button data-action="calendar-prev" aria-label="Previous month" @click=${() => this.go(addMonths(month, -1))}>‹</button>
            <span class="month" data-testid="calendar-month" data-value=${month} aria-live="polite">${MONTHS[Number(m) - 1]} ${y}</span>
            <button data-action="calendar-next" aria-label="Next month" @click=${() => this.go(addMonths(month, 1))}>›</button>
            <button data-action="calendar-this-month" ?disabled=${month === this.today.slice(0, 7)} @click=${() => this.go(this.today.slice(0, 7))}>This month</button>
            <button data-action="download-csv" ?disabled=${!cal} @click=${() => downloadText(`fitbook-calendar-${month}.csv`, this.csv())}>Download data (CSV)</button>
            ${this.collapseButton()}
          </div>
        </header>
        ${this.collapsed ? nothing : !cal ? html`<p class="empty">The calendar shows your activities once they are imported.</p>` : html`
          <div class="table-wrap"><table class="grid" data-testid="calendar-grid">
            <caption class="visually-hidden">Activities per day in ${MONTHS[Number(m) - 1]} ${y}, with each week's totals</caption>
            <thead><tr>${WEEKDAYS.map((d) => html`<th scope="col">${d}</th>`)}<th scope="col">Week</th></tr></thead>
            <tbody>${cal.weeks.map((w) => html`<tr data-week=${w.week}>
              ${w.days.map((d) => html`<td class=${`day${d.inMonth ? '' : ' out'}${d.activities.length ? '' : ' empty'}${d.date === this.today ? ' today' : ''}`} data-date=${d.date}>
                <span class="date"><span class="dow">${WEEKDAYS[isoWeekday(d.date)]} </span>${Number(d.date.slice(8))}${d.inMonth ? '' : html` <span class="visually-hidden">${MONTHS[Number(d.date.slice(5, 7)) - 1]}</span>`}</span>
                ${d.activities.length ? html`<ul>${d.activities.map((a) => this.activity(a))}</ul>` : nothing}
              </td>`)}
              <td class="totals" data-testid="week-totals" data-week=${w.week} data-activities=${w.totals.activities} data-distance-m=${w.totals.distanceM}
                data-time-s=${w.totals.timeS} data-ascent-m=${w.totals.ascentM} data-load=${w.totals.load}>
                <span class="wk">${w.week}</span>${this.totals(w.totals, w.plannedKm)}</td>
            </tr>`)}</tbody>
          </table></div>
          ${c ? html`<div class="table-wrap"><table class="compare" data-testid="calendar-compare">
            <caption>Against the same period a year earlier</caption>
            <thead><tr><th scope="col">Period</th><th scope="col">Distance</th><th scope="col">Time</th><th scope="col">Climb</th><th scope="col">Load</th><th scope="col">Activities</th><th scope="col">A year earlier</th></tr></thead>
            <tbody>
              ${row(`Week ${c.week}`, c.totals, c.lastYear, c.lastYearWeek)}
              ${row(`${MONTHS[Number(m) - 1]} ${y}`, cal.totals, cal.lastYear, `${MONTHS[Number(m) - 1]} ${Number(y) - 1}`)}
            </tbody>
          </table></div>` : nothing}
          ${explain('calendar', 'these totals', `${cal.totals.activities} activities in ${MONTHS[Number(m) - 1]} ${y}; the weeks shown run from ${cal.weeks[0]?.days[0]?.date} to ${cal.weeks[cal.weeks.length - 1]?.days[6]?.date}${this.weeks?.length ? '; planned distances from the plan being edited' : '; no plan'}.`)}`}
      </section>
    `;
  }

  static override styles = [cellStyles, explainStyles, css`
    :host { container-type: inline-size; }
    .month { font-weight: 600; min-width: 8.5rem; text-align: center; }
    table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
    .grid { table-layout: fixed; }
    .grid th { color: var(--muted); font-weight: 500; text-align: left; padding: 0.2rem; }
    .grid td { vertical-align: top; border: 1px solid var(--border); padding: 0.2rem; min-height: 4rem; }
    .grid td.out { background: color-mix(in srgb, var(--border) 25%, transparent); }
    .grid td.out .date { color: var(--muted); }
    .grid td.today { outline: 2px solid var(--accent); outline-offset: -2px; }
    .date { font-variant-numeric: tabular-nums; font-size: 0.8rem; }
    .dow { display: none; }
    ul { list-style: none; margin: 0.2rem 0 0; padding: 0; display: grid; gap: 0.2rem; }
    .act { display: block; width: 100%; text-align: left; font: inherit; font-size: 0.78rem; padding: 0.15rem 0.3rem; border-radius: 4px; border: 1px solid var(--border); background: var(--background); color: var(--text); cursor: pointer; overflow-wrap: anywhere; }
    .act .sport { font-weight: 600; }
    .totals { background: var(--background); }
    .totals span { display: block; }
    .totals .wk { color: var(--muted); font-size: 0.75rem; }
    .totals .sum { font-weight: 600; font-size: 0.95rem; }
    .totals .plan { color: var(--muted); font-size: 0.75rem; }
    .compare { margin-top: 0.75rem; }
    .compare th, .compare td { text-align: left; padding: 0.25rem 0.4rem; border-bottom: 1px solid var(--border); }
    .compare .before { color: var(--muted); }
    caption { text-align: left; color: var(--muted); padding: 0.25rem 0; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    /* A phone: the grid becomes a list of weeks, each with the days that have activities. */
    @container (max-width: 600px) {
      .grid, .grid tbody, .grid tr, .grid td { display: block; width: auto; }
      .grid thead { display: none; }
      .grid tr { border: 1px solid var(--border); border-radius: 8px; margin-bottom: 0.5rem; display: flex; flex-direction: column; }
      .grid td { border: none; border-bottom: 1px solid var(--border); }
      .grid td.empty { display: none; }
      .grid td.totals { order: -1; border-bottom: 1px solid var(--border); }
      .dow { display: inline; }
      .act { font-size: 0.9rem; padding: 0.5rem; min-height: 2.75rem; }
    }
  `];
}

customElements.define(CalendarCell.spec.tag, CalendarCell);
