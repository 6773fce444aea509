import { css, html, nothing, type PropertyValues } from 'lit';
import { Cell, cellSpec } from './cell';
import { PLAN_PHASES } from '../analysis/compliance';
import { addDays } from '../analysis/calendar';
import { parsePlanCsv, planToCsv } from '../notebook/planCsv';
import { addRace, emptyWeek, formatRaces, parseRaces, removeRace, round2 } from '../notebook/planWeek';
import { distanceLabel } from '../analysis/recordsSummary';
import { METRES_PER_MILE, type Units } from '../analysis/types';
import { downloadText } from '../ui/csv';
import { cellStyles } from './styles';
import type { PlanInfo, PlanWeekInput } from '../database';

/**
 * The editable training plan: one row per ISO week. Every keystroke that makes a valid value
 * updates the plan (the forecast follows at once; the notebook saves it to SQLite). Paste a
 * column from a spreadsheet into a cell to fill the weeks below; Undo steps back.
 */

type NumberField = 'distanceKm' | 'longRunKm' | 'vertM' | 'gym' | 'series';
/** The editable numbers; `distance` ones are stored in km and edited in the athlete's unit. */
const NUMBER_FIELDS: { field: NumberField; csv: string; label: string; integer: boolean; distance?: true }[] = [
  { field: 'distanceKm', csv: 'distance_km', label: 'Distance', integer: false, distance: true },
  { field: 'longRunKm', csv: 'long_run_km', label: 'Long run', integer: false, distance: true },
  { field: 'vertM', csv: 'vert_m', label: 'Vertical (m)', integer: false },
  { field: 'gym', csv: 'gym', label: 'Gym', integer: true },
  { field: 'series', csv: 'series', label: 'Intervals', integer: true },
];

/** The distances offered by "Add a race", in km: 5K, 10K, half, marathon, 50K. */
const RACE_PRESETS_KM = [5, 10, 21.0975, 42.195, 50] as const;

/** A stored km value as the athlete reads and types it (two decimals at most). */
function shown(km: number, units: Units): number {
  return units === 'mi' ? round2((km * 1000) / METRES_PER_MILE) : km;
}

/** A column's heading: "Distance (mi)". */
function fieldLabel(f: (typeof NUMBER_FIELDS)[number], units: Units): string {
  return f.distance ? `${f.label} (${units})` : f.label;
}

/** A field's text in its input: empty when unset, distances in the athlete's unit. */
function numberText(value: number | null, units: Units): string {
  return value === null ? '' : String(shown(value, units));
}

/** A typed value in the athlete's unit, as stored (km). */
function stored(value: number, units: Units): number {
  return units === 'mi' ? (value * METRES_PER_MILE) / 1000 : value;
}

export class PlanCell extends Cell {
  static override properties = {
    weeks: { attribute: false },
    plans: { attribute: false },
    planId: { attribute: false },
    notice: { state: true },
    raceErrors: { state: true },
    raceFormError: { state: true },
    otherDistance: { state: true },
  };

  declare weeks: PlanWeekInput[] | null;
  declare plans: PlanInfo[];
  declare planId: number | null;
  declare notice: string | null;
  declare raceErrors: Record<string, string>;
  /** Why the "Add a race" form did not add (null when it did). */
  declare raceFormError: string | null;
  /** The form's distance is typed, not picked. */
  declare otherDistance: boolean;
  private undoStack: PlanWeekInput[][] = [];

  constructor() {
    super();
    this.weeks = null;
    this.plans = [];
    this.planId = null;
    this.notice = null;
    this.raceErrors = {};
    this.raceFormError = null;
    this.otherDistance = false;
  }

  static override readonly spec = cellSpec<PlanCell>({ kind: 'plan', title: 'Plan', tag: 'fitbook-plan-cell', inputs: ['weeks', 'plans', 'planId'] });

  /** The last table this cell sent: weeks arriving otherwise (another plan, a replanning change) start a fresh undo history. */
  private sent: PlanWeekInput[] | null = null;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('weeks') && this.weeks !== this.sent) this.undoStack = [];
  }

  private change(weeks: PlanWeekInput[]): void {
    this.sent = weeks;
    if (this.weeks) this.undoStack.push(this.weeks);
    if (this.undoStack.length > 200) this.undoStack.shift();
    this.dispatchEvent(new CustomEvent('plan-changed', { detail: weeks, bubbles: true, composed: true }));
  }

  private setField(index: number, patch: Partial<PlanWeekInput>): void {
    if (!this.weeks) return;
    this.change(this.weeks.map((w, i) => (i === index ? { ...w, ...patch } : w)));
  }

  private onNumber(index: number, f: (typeof NUMBER_FIELDS)[number], text: string): void {
    const trimmed = text.trim().replace(',', '.');
    if (trimmed === '') return this.setField(index, { [f.field]: null });
    const n = Number(trimmed);
    // Half-typed values ("4.") wait for the next keystroke; only valid numbers update the plan.
    if (!Number.isFinite(n) || n < 0 || (f.integer && !Number.isInteger(n))) return;
    const current = this.weeks?.[index]?.[f.field] ?? null;
    // Compared as shown: 30 mi typed over 48.28 km is no change.
    if (current !== null && n === (f.distance ? shown(current, this.units) : current)) return;
    this.setField(index, { [f.field]: f.distance ? stored(n, this.units) : n });
  }

  /** A column pasted from a spreadsheet fills this field from this week down. */
  private onPaste(e: ClipboardEvent, index: number, { field, integer, distance }: (typeof NUMBER_FIELDS)[number]): void {
    const lines = (e.clipboardData?.getData('text/plain') ?? '').split(/\r?\n/).filter((l) => l.trim() !== '');
    if (lines.length < 2 || !this.weeks) return;
    e.preventDefault();
    const weeks = this.weeks.map((w) => ({ ...w }));
    lines.forEach((line, k) => {
      const week = weeks[index + k];
      const n = Number(line.trim().replace(',', '.'));
      if (week && Number.isFinite(n) && n >= 0 && (!integer || Number.isInteger(n))) week[field] = distance ? stored(n, this.units) : n;
    });
    this.change(weeks);
  }

  private onRaces(index: number, week: PlanWeekInput, text: string): void {
    const { races, error } = parseRaces(text, this.units);
    const errors = { ...this.raceErrors };
    if (error) errors[week.week] = error;
    else delete errors[week.week];
    this.raceErrors = errors;
    if (!error) this.setField(index, { races });
  }

  /** The "Add a race" form: date, name and a distance picked (or typed in the athlete's unit). */
  private onAddRace(form: HTMLFormElement): void {
    const data = new FormData(form);
    const date = String(data.get('date') ?? '');
    const name = String(data.get('name') ?? '').trim();
    const preset = String(data.get('preset') ?? '');
    const typed = Number(String(data.get('custom') ?? '').trim().replace(',', '.'));
    const km = preset === 'other' ? stored(typed, this.units) : Number(preset);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) this.raceFormError = 'Pick the race date.';
    else if (!name) this.raceFormError = 'Give the race a name.';
    else if (!(km > 0 && km <= 500)) this.raceFormError = `Give the distance in ${this.units === 'mi' ? 'miles' : 'km'} (up to 500 km).`;
    else {
      this.raceFormError = null;
      this.change(addRace(this.weeks ?? [], { date, name, km }));
      form.reset();
      this.otherDistance = false;
    }
  }

  private racesPart(weeks: readonly PlanWeekInput[]) {
    const races = weeks.flatMap((w) => w.races.map((r, k) => ({ ...r, weekStart: w.weekStart, k })));
    return html`
      <form class="race-form" data-edit data-testid="add-race-form" @submit=${(e: Event) => { e.preventDefault(); this.onAddRace(e.target as HTMLFormElement); }}>
        <fieldset><legend>Add a race</legend>
          <label>Date <input type="date" name="date" required /></label>
          <label>Name <input type="text" name="name" required maxlength="80" placeholder="City Marathon" /></label>
          <label>Distance <select name="preset" @change=${(e: Event) => { this.otherDistance = (e.target as HTMLSelectElement).value === 'other'; }}>
            ${RACE_PRESETS_KM.map((km, i) => html`<option value=${km} ?selected=${i === 0 && !this.otherDistance}>${distanceLabel(km * 1000, this.units)}</option>`)}
            <option value="other" ?selected=${this.otherDistance}>Other…</option>
          </select></label>
          ${this.otherDistance ? html`<label>Distance (${this.units}) <input type="text" name="custom" inputmode="decimal" size="5" required /></label>` : nothing}
          <button type="submit" data-action="add-race">Add race</button>
        </fieldset>
        ${this.raceFormError ? html`<p class="error" role="alert">${this.raceFormError}</p>` : nothing}
      </form>
      ${races.length ? html`<ul class="races" data-testid="plan-races">${races.map((r) => html`<li data-race=${r.date}>
        <span>${r.date} · ${r.name} · ${distanceLabel(Math.round(r.km * 1000 * 10) / 10, this.units)}</span>
        <button data-edit data-action="remove-race" aria-label="Remove ${r.name} (${r.date})" @click=${() => this.change(removeRace(this.weeks ?? [], r.weekStart, r.k))}>Remove</button></li>`)}</ul>` : nothing}`;
  }

  private addWeek(): void {
    const weeks = this.weeks ?? [];
    const last = weeks[weeks.length - 1];
    const next = emptyWeek(last ? addDays(last.weekStart, 7) : new Date().toISOString().slice(0, 10));
    this.change([...weeks, { ...next, distanceKm: last?.distanceKm ?? null, phase: last?.phase ?? null }]);
  }

  private undo(): void {
    const previous = this.undoStack.pop();
    if (!previous) return;
    this.sent = previous;
    this.dispatchEvent(new CustomEvent('plan-changed', { detail: previous, bubbles: true, composed: true }));
  }

  private onKeydown(e: KeyboardEvent): void {
    if ((e.ctrlKey || e.metaKey) && !e.shiftKey && e.key.toLowerCase() === 'z') {
      e.preventDefault();
      this.undo();
    }
  }

  private async importCsv(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const { weeks, unknownColumns, problems } = parsePlanCsv(await file.text());
    const parts = [`Imported ${weeks.length} week${weeks.length === 1 ? '' : 's'} from ${file.name}.`];
    if (unknownColumns.length) parts.push(`Ignored unknown columns: ${unknownColumns.join(', ')}.`);
    if (problems.length) parts.push(`Problems: ${problems.map((p) => `row ${p.row}, ${p.column}: ${p.message}`).join('; ')}.`);
    this.notice = parts.join(' ');
    if (weeks.length > 0) this.change(weeks);
  }

  /** Renames the plan being edited (the browser's own prompt: one line, keyboard and phone friendly). */
  private rename(): void {
    const current = this.plans.find((p) => p.id === this.planId)?.name ?? '';
    const name = prompt('New name for this plan', current)?.trim();
    if (name && name !== current) {
      if (this.plans.some((p) => p.name === name)) this.notice = `Another plan is already called "${name}".`;
      else this.emit('plan-rename', name);
    }
  }

  private deletePlan(): void {
    const current = this.plans.find((p) => p.id === this.planId)?.name ?? 'this plan';
    if (confirm(`Delete "${current}" and all its weeks and races? This cannot be undone.`)) this.emit('plan-delete');
  }

  private emit(name: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  protected override reportParams(): string[] {
    const plan = this.plans.find((p) => p.id === this.planId);
    return plan ? [`Plan: ${plan.name}`] : [];
  }

  override render() {
    const weeks = this.weeks ?? [];
    const units = this.units;
    return html`
      <section aria-labelledby="plan-title">
        <header>
          <h2 id="plan-title">Training plan</h2>
          <div class="actions">
            <label>Plan
              <select data-testid="plan-select" .value=${String(this.planId ?? '')} @change=${(e: Event) => this.emit('plan-selected', Number((e.target as HTMLSelectElement).value))}>
                ${this.plans.map((p) => html`<option value=${p.id} ?selected=${p.id === this.planId}>${p.name}</option>`)}
              </select>
            </label>
            <button data-action="plan-new" @click=${() => this.emit('plan-new')}>New plan (copy)</button>
            <button data-action="plan-rename" @click=${() => this.rename()}>Rename</button>
            <button data-action="plan-delete" @click=${() => this.deletePlan()}>Delete plan</button>
            <button data-action="plan-add-week" @click=${() => this.addWeek()}>Add week</button>
            <button data-action="plan-undo" ?disabled=${this.undoStack.length === 0} @click=${() => this.undo()}>Undo</button>
            <label class="file">Import CSV<input type="file" accept=".csv,text/csv" data-testid="plan-import" @change=${(e: Event) => void this.importCsv(e)} /></label>
            <button data-action="plan-export" ?disabled=${weeks.length === 0} @click=${() => downloadText(`fitbook-plan-${this.plans.find((p) => p.id === this.planId)?.name ?? 'plan'}.csv`, planToCsv(weeks))}>Export CSV</button>
            ${this.collapseButton()}
          </div>
        </header>
        ${this.notice ? html`<p class="note" role="status" data-testid="plan-notice">${this.notice}</p>` : nothing}
        ${this.collapsed ? nothing : html`
          ${this.racesPart(weeks)}
          <div class="table-wrap">
            <table @keydown=${(e: KeyboardEvent) => this.onKeydown(e)}>
              <caption class="note" data-edit>One row per ISO week. Races can also be typed: "YYYY-MM-DD name ${units}", several separated by ";".</caption>
              <thead><tr><th scope="col">Week</th><th scope="col">Phase</th>${NUMBER_FIELDS.map((f) => html`<th scope="col">${fieldLabel(f, units)}</th>`)}<th scope="col">Recovery</th><th scope="col">Races</th><th scope="col" data-edit><span class="visually-hidden">Remove</span></th></tr></thead>
              <tbody>
                ${weeks.map((w, i) => html`
                  <tr data-week=${w.week}>
                    <th scope="row">${w.week}<br /><span class="dates">${w.weekStart} – ${addDays(w.weekStart, 6)}</span></th>
                    <td data-label="Phase"><select aria-label="Phase, ${w.week}" data-field="phase" .value=${w.phase ?? ''} @change=${(e: Event) => this.setField(i, { phase: (e.target as HTMLSelectElement).value || null })}>
                      <option value="">–</option>${PLAN_PHASES.map((p) => html`<option value=${p} ?selected=${w.phase === p}>${p}</option>`)}
                    </select></td>
                    ${NUMBER_FIELDS.map((f) => html`<td data-label=${fieldLabel(f, units)}><input type="text" inputmode=${f.integer ? 'numeric' : 'decimal'} size="5"
                      aria-label="${fieldLabel(f, units)}, ${w.week}" data-field=${f.csv} .value=${numberText(w[f.field], f.distance ? units : 'km')}
                      @input=${(e: Event) => this.onNumber(i, f, (e.target as HTMLInputElement).value)}
                      @paste=${(e: ClipboardEvent) => this.onPaste(e, i, f)} /></td>`)}
                    <td data-label="Recovery week"><input type="checkbox" aria-label="Recovery week, ${w.week}" data-field="recovery" .checked=${w.recovery} @change=${(e: Event) => this.setField(i, { recovery: (e.target as HTMLInputElement).checked })} /></td>
                    <td data-label="Races" class="races-cell"><input type="text" size="24" aria-label="Races, ${w.week}" data-field="races" .value=${formatRaces(w.races, units)}
                      aria-invalid=${this.raceErrors[w.week] ? 'true' : 'false'} @change=${(e: Event) => this.onRaces(i, w, (e.target as HTMLInputElement).value)} />
                      ${this.raceErrors[w.week] ? html`<span class="error" role="alert">${this.raceErrors[w.week]}</span>` : nothing}</td>
                    <td data-edit><button aria-label="Remove ${w.week}" data-action="plan-remove-week" @click=${() => this.change(weeks.filter((_, k) => k !== i))}>×</button></td>
                  </tr>`)}
              </tbody>
            </table>
          </div>
          ${weeks.length === 0 ? html`<p class="empty">No weeks yet: add one, or import a plan CSV.</p>` : nothing}`}
      </section>
    `;
  }

  static override styles = [cellStyles, css`
    .table-wrap { overflow-x: auto; position: relative; }
    caption { text-align: left; }
    table { border-collapse: collapse; margin-top: 0.5rem; }
    th, td { padding: 0.2rem 0.3rem; border-bottom: 1px solid var(--border); text-align: left; vertical-align: top; }
    input[type='text'] { font: inherit; padding: 0.2rem 0.3rem; border: 1px solid var(--border); border-radius: 4px; background: var(--background); color: var(--text); }
    input:focus-visible { outline: 2px solid var(--accent); }
    th[scope='row'] { white-space: nowrap; }
    input[inputmode] { width: 4.5rem; }
    .dates { color: var(--muted); font-size: 0.75rem; font-weight: normal; }
    td:has(> input[data-field='races']) { min-width: 14rem; }
    .error { color: var(--danger); display: block; font-size: 0.8rem; }
    .race-form fieldset { border: 1px solid var(--border); border-radius: 8px; display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: flex-end; margin: 0.5rem 0; }
    .race-form label { display: flex; flex-direction: column; font-size: 0.85rem; color: var(--muted); max-width: 100%; }
    .race-form input, .race-form select { font: inherit; padding: 0.3rem 0.4rem; border: 1px solid var(--border); border-radius: 4px; background: var(--background); color: var(--text); min-height: 2.25rem; }
    .races { list-style: none; padding: 0; margin: 0.25rem 0; display: flex; flex-wrap: wrap; gap: 0.5rem; }
    .races li { display: flex; gap: 0.4rem; align-items: center; border: 1px solid var(--border); border-radius: 6px; padding: 0.2rem 0.4rem; font-size: 0.9rem; }
    /*
     * A phone edits the plan as cards: one week per card, each field a labelled row big enough
     * for a thumb, instead of a table scrolled sideways under the finger.
     */
    :host { container-type: inline-size; }
    @container (max-width: 600px) {
      table, tbody, tr, th, td, caption { display: block; }
      thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
      tr { border: 1px solid var(--border); border-radius: 8px; padding: 0.4rem 0.6rem; margin: 0.5rem 0; position: relative; }
      th[scope='row'] { border: none; padding: 0 2.5rem 0.3rem 0; }
      td { border: none; display: flex; align-items: center; justify-content: space-between; gap: 0.5rem; padding: 0.15rem 0; }
      td[data-label]::before { content: attr(data-label); color: var(--muted); font-size: 0.85rem; }
      td input[type='text'], td select { min-height: 2.5rem; font-size: 1rem; }
      td input[inputmode] { width: 6rem; }
      td input[type='checkbox'] { width: 1.5rem; height: 1.5rem; }
      td.races-cell { flex-wrap: wrap; }
      td.races-cell input { flex: 1 1 12rem; min-width: 0; }
      td:has(> input[data-field='races']) { min-width: 0; }
      td[data-edit] { position: absolute; top: 0.3rem; right: 0.4rem; padding: 0; }
      td[data-edit] button { min-width: 2.5rem; min-height: 2.5rem; }
      .table-wrap { overflow-x: visible; }
    }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  `];
}

customElements.define(PlanCell.spec.tag, PlanCell);
