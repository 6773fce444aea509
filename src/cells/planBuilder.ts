import { css, html, nothing } from 'lit';
import { Cell, cellSpec, type WorkerRef } from './cell';
import { defaultPhases, expandPlan, PlanRuleError, recentStart, type Availability, type Goal, type PlannedSession, type StartingPoint } from '../analysis/planBuilder';
import { distanceLabel } from '../analysis/recordsSummary';
import { isRun, type ActivityInput } from '../analysis/types';
import { planToIcs } from '../ui/ics';
import { downloadText, toCsv } from '../ui/csv';
import { unitMetres } from '../ui/format';
import { cellStyles } from './styles';
import { explain, explainStyles } from './explain';

/**
 * Plan builder (issue #17, Stride's plan generation): a goal race, the days the athlete can train
 * and where they stand (prefilled from the last six weeks) become a plan of weeks and dated
 * sessions (analysis/planBuilder.ts), saved all or nothing as a new plan the Plan cell opens.
 * A broken rule is said at its field and nothing is saved. The sessions export to a calendar.
 */

const PRESETS_KM = [5, 10, 21.0975, 42.195, 50, 100] as const;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
export const PLAN_SESSIONS_CSV_COLUMNS = ['date', 'week', 'weekday', 'phase', 'type', 'intensity', 'distance_km', 'duration_min', 'structure'] as const;

/** What the last generation made, to say so and to export it. */
interface Generated {
  planId: number;
  name: string;
  weeks: number;
  sessions: PlannedSession[];
}

export class PlanBuilderCell extends Cell {
  static override properties = {
    activities: { attribute: false },
    today: { attribute: false },
    worker: { attribute: false },
    problem: { state: true },
    generated: { state: true },
    otherDistance: { state: true },
  };

  declare activities: ActivityInput[] | null;
  declare today: string;
  declare worker: WorkerRef;
  /** The rule the form broke, at its field. */
  declare problem: { field: string; message: string } | null;
  declare generated: Generated | null;
  declare otherDistance: boolean;

  constructor() {
    super();
    this.activities = null;
    this.problem = null;
    this.generated = null;
    this.otherDistance = false;
  }

  static override readonly spec = cellSpec<PlanBuilderCell>({ kind: 'plan-builder', title: 'Plan builder', tag: 'fitbook-plan-builder-cell', inputs: ['activities', 'today', 'worker'] });

  private prefill() {
    return recentStart((this.activities ?? []).filter((a) => isRun(a.sport)), this.today);
  }

  /** A number typed in the athlete's unit, in km (NaN when not a number). */
  private km(value: FormDataEntryValue | null): number {
    const n = Number(String(value ?? '').replace(',', '.'));
    return String(value ?? '').trim() === '' ? NaN : (n * unitMetres(this.units)) / 1000;
  }

  private async generate(form: HTMLFormElement): Promise<void> {
    const data = new FormData(form);
    const preset = String(data.get('distance'));
    const distanceKm = preset === 'other' ? this.km(data.get('customDistance')) : Number(preset);
    const goal: Goal = {
      raceDate: String(data.get('raceDate') ?? ''), name: String(data.get('raceName') ?? '').trim() || 'Goal race', distanceKm,
      climbM: Math.max(0, Number(data.get('climb') ?? 0) || 0), priority: (String(data.get('priority')) as Goal['priority']) || 'A',
    };
    const availability: Availability = { daysPerWeek: Number(data.get('daysPerWeek')), blockedWeekdays: data.getAll('blocked').map(Number) };
    const start: StartingPoint = { today: this.today, weeklyKm: this.km(data.get('weeklyKm')), longRunKm: this.km(data.get('longRunKm')) || 0 };
    const taperWeeks = Number(data.get('taperWeeks')) || defaultPhases(distanceKm).taperWeeks;
    const baseText = String(data.get('baseWeeks') ?? '').trim();
    const baseWeeks = baseText === '' ? undefined : Number(baseText);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(goal.raceDate)) {
      this.problem = { field: 'raceDate', message: 'Pick the race date.' };
      return;
    }
    try {
      const phases = { ...defaultPhases(distanceKm), taperWeeks, ...(baseWeeks === undefined ? {} : { baseWeeks }) };
      const plan = expandPlan(goal, availability, start, phases);
      const saved = await this.worker.api.createPlanFromGoal(goal.name, { goal, availability, start, taperWeeks, ...(baseWeeks === undefined ? {} : { baseWeeks }) }, plan.weeks, plan.sessions);
      if ('problem' in saved) {
        this.problem = saved.problem;
        return;
      }
      const { planId } = saved;
      this.problem = null;
      this.generated = { planId, name: goal.name, weeks: plan.weeks.length, sessions: plan.sessions };
      this.dispatchEvent(new CustomEvent<number>('plan-generated', { detail: planId, bubbles: true, composed: true }));
    } catch (error) {
      this.problem = error instanceof PlanRuleError
        ? { field: error.field, message: error.message }
        : { field: 'form', message: `The plan could not be saved: ${(error as Error).message}` };
    }
  }

  private exportIcs(): void {
    const g = this.generated;
    if (!g) return;
    const ics = planToIcs(g.sessions, { calendarName: g.name, now: new Date(), formatDistance: (km) => distanceLabel(km * 1000, this.units) });
    downloadText(`fitbook-plan-${g.name.replace(/[^\w-]+/g, '-').toLowerCase()}.ics`, ics, 'text/calendar');
  }

  /** The built plan's sessions, one row each (docs/schema.md "CSV downloads"). */
  private downloadCsv(): void {
    const g = this.generated;
    if (!g) return;
    downloadText(`fitbook-plan-sessions-${g.name.replace(/[^\w-]+/g, '-').toLowerCase()}.csv`, toCsv(PLAN_SESSIONS_CSV_COLUMNS,
      g.sessions.map((s) => [s.date, s.week, s.weekday, s.phase, s.type, s.intensity, s.distanceKm, s.durationMin, s.structure])));
  }

  /** The message of the rule broken at this field, tied to it for screen readers. */
  private errorAt(field: string) {
    return this.problem?.field === field ? html`<span class="error" role="alert" id="plan-builder-error-${field}" data-error=${field}>${this.problem.message}</span>` : nothing;
  }

  private described(field: string): string {
    return this.problem?.field === field ? `plan-builder-error-${field}` : '';
  }

  override render() {
    const prefill = this.prefill();
    const toUnits = (km: number | null) => (km === null ? '' : String(Math.round(((km * 1000) / unitMetres(this.units)) * 10) / 10));
    const g = this.generated;
    return html`
      <section aria-labelledby="plan-builder-title">
        <header>
          <h2 id="plan-builder-title">Plan builder</h2>
          <div class="actions">
            <button data-action="download-csv" ?disabled=${!this.generated} @click=${() => this.downloadCsv()}>Download data (CSV)</button>
            ${this.collapseButton()}
          </div>
        </header>
        ${this.collapsed ? nothing : html`
          <form class="builder" data-edit data-testid="plan-builder-form" @submit=${(e: Event) => { e.preventDefault(); void this.generate(e.target as HTMLFormElement); }}>
            <fieldset><legend>Goal race</legend>
              <label>Race date <input type="date" name="raceDate" required aria-describedby=${this.described('raceDate')} />${this.errorAt('raceDate')}</label>
              <label>Name <input type="text" name="raceName" maxlength="80" placeholder="City Half Marathon" /></label>
              <label>Distance <select name="distance" @change=${(e: Event) => { this.otherDistance = (e.target as HTMLSelectElement).value === 'other'; }}>
                ${PRESETS_KM.map((km) => html`<option value=${km} ?selected=${km === 21.0975}>${distanceLabel(km * 1000, this.units)}</option>`)}
                <option value="other">Other…</option></select>${this.errorAt('distance')}</label>
              ${this.otherDistance ? html`<label>Distance (${this.units}) <input type="text" name="customDistance" inputmode="decimal" size="5" required /></label>` : nothing}
              <label>Climb (m) <input type="number" name="climb" min="0" step="10" value="0" /></label>
              <label>Priority <select name="priority"><option>A</option><option>B</option><option>C</option></select></label>
            </fieldset>
            <fieldset><legend>Your week</legend>
              <label>Running days a week <select name="daysPerWeek" aria-describedby=${this.described('daysPerWeek')}>${[1, 2, 3, 4, 5, 6, 7].map((d) => html`<option value=${d} ?selected=${d === 4}>${d}</option>`)}</select>${this.errorAt('daysPerWeek')}</label>
              <span class="days" role="group" aria-label="Days you cannot train">No training on
                ${WEEKDAYS.map((d, i) => html`<label class="day"><input type="checkbox" name="blocked" value=${i + 1} /> ${d}</label>`)}</span>
            </fieldset>
            <fieldset><legend>Where you stand (your last six weeks)</legend>
              <label>Weekly distance (${this.units}) <input type="text" name="weeklyKm" inputmode="decimal" size="6" required .value=${toUnits(prefill.weeklyKm)} aria-describedby=${this.described('weeklyKm')} />${this.errorAt('weeklyKm')}</label>
              <label>Longest run (${this.units}) <input type="text" name="longRunKm" inputmode="decimal" size="6" .value=${toUnits(prefill.longRunKm)} /></label>
            </fieldset>
            <fieldset><legend>Phases</legend>
              <label>Base (weeks) <input type="number" name="baseWeeks" min="1" max="50" placeholder="by distance" aria-describedby=${this.described('baseWeeks')} />${this.errorAt('baseWeeks')}</label>
              <label>Taper (weeks) <input type="number" name="taperWeeks" min="1" max="4" placeholder="by distance" aria-describedby=${this.described('taperWeeks')} />${this.errorAt('taperWeeks')}</label>
            </fieldset>
            <button type="submit" data-action="generate-plan">Build the plan</button>
            ${this.errorAt('templates')}${this.errorAt('form')}
          </form>
          ${g ? html`<p class="done" role="status" data-testid="plan-built" data-plan-id=${g.planId} data-sessions=${g.sessions.length}>
              Built “${g.name}”: ${g.weeks} weeks, ${g.sessions.length} sessions, now open in the Plan cell.
              <button data-action="export-ics" @click=${() => this.exportIcs()}>Add to my calendar (.ics)</button></p>` : nothing}
          ${explain('plan-builder', 'this plan', prefill.weeklyKm === null
            ? 'No runs in the last six weeks: type where you stand.'
            : `Prefilled from your runs of the last six weeks (to ${this.today}): ${toUnits(prefill.weeklyKm)} ${this.units} a week, longest ${toUnits(prefill.longRunKm)} ${this.units}.`)}`}
      </section>`;
  }

  static override styles = [cellStyles, explainStyles, css`
    .builder fieldset { border: 1px solid var(--border); border-radius: 8px; display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: flex-end; margin: 0.5rem 0; min-width: 0; }
    .builder label { display: flex; flex-direction: column; font-size: 0.85rem; color: var(--muted); max-width: 100%; }
    .builder label.day { flex-direction: row; align-items: center; gap: 0.2rem; color: var(--text); }
    .days { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; font-size: 0.85rem; color: var(--muted); }
    .builder input, .builder select { font: inherit; padding: 0.3rem 0.4rem; border: 1px solid var(--border); border-radius: 4px; background: var(--background); color: var(--text); min-height: 2.25rem; max-width: 100%; }
    .builder input[type='checkbox'] { min-height: auto; }
    .builder input[type='number'] { width: 8rem; }
    .error { color: var(--danger); font-size: 0.85rem; }
    .done { margin: 0.5rem 0; }
  `];
}

customElements.define(PlanBuilderCell.spec.tag, PlanBuilderCell);
