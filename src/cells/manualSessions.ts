import { LitElement, css, html, nothing } from 'lit';
import { Task, TaskStatus } from '@lit/task';
import { ContextConsumer } from '@lit/context';
import type { ManualSession, ManualSessionInput } from '../database';
import { METRES_PER_MILE, type Units } from '../analysis/types';
import { formatDistance, formatNumber, formatSeconds, LOAD_SOURCE_LABELS, sportName } from '../ui/format';
import { unitsContext, type WorkerRef } from './cell';
import { cellStyles } from './styles';

/**
 * Off-watch sessions (openrun's manual log), inside the Activities cell: a form to add or edit
 * one (type, date, start time, duration, distance, session RPE or a load, notes), openrun's CSV
 * to import many, and the list with Edit and Delete. A change is saved by the worker and
 * announced with `data-changed`, so the notebook reads its data again (loads, fitness, forecast).
 */

/** The types offered in the form: Garmin's keys, runs first. */
const SESSION_SPORTS = [
  'running', 'trail_running', 'treadmill_running', 'strength_training', 'indoor_cardio', 'cycling', 'indoor_cycling',
  'hiking', 'walking', 'lap_swimming', 'yoga', 'other',
] as const;

export class ManualSessions extends LitElement {
  static override properties = {
    worker: { attribute: false },
    dataVersion: { attribute: false },
    editing: { state: true },
    problem: { state: true },
    notice: { state: true },
    units: { state: true },
  };

  declare worker: WorkerRef;
  declare dataVersion: number;
  /** The form: null closed, 'new', or the session being edited. */
  declare editing: 'new' | ManualSession | null;
  declare problem: string | null;
  declare notice: string | null;
  declare units: Units;

  private readonly sessions = new Task(this, {
    args: () => [this.worker, this.dataVersion] as const,
    task: async ([worker]) => (worker ? worker.api.listManualSessions() : []),
  });

  constructor() {
    super();
    this.editing = null;
    this.problem = null;
    this.notice = null;
    this.units = 'km';
    new ContextConsumer(this, { context: unitsContext, subscribe: true, callback: (units) => { this.units = units; } });
  }

  private changed(): void {
    this.dispatchEvent(new CustomEvent('data-changed', { bubbles: true, composed: true }));
  }

  private async save(form: HTMLFormElement): Promise<void> {
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const number = (name: string) => (text(name) === '' ? null : Number(text(name).replace(',', '.')));
    const minutes = number('minutes');
    const distance = number('distance');
    const session: ManualSessionInput = {
      localDate: text('date'),
      startTime: text('time') || null,
      sport: text('sport'),
      name: text('name') || null,
      distanceM: distance === null ? null : distance * (this.units === 'mi' ? METRES_PER_MILE : 1000),
      durationS: minutes === null ? NaN : minutes * 60,
      rpe: number('rpe'),
      trainingLoad: number('load'),
      notes: text('notes') || null,
    };
    if (Number.isNaN(session.durationS)) {
      this.problem = 'Give the duration in minutes.';
      return;
    }
    const editing = this.editing;
    try {
      await this.worker.api.saveManualSession(session, editing !== null && editing !== 'new' ? editing.id : null);
    } catch (error) {
      // The worker checks with the form's own words (db/manual.ts manualProblem).
      this.problem = error instanceof Error ? error.message.replace(/^Error: /, '') : String(error);
      return;
    }
    this.problem = null;
    this.editing = null;
    this.notice = `Saved ${session.name ?? sportName(session.sport)} on ${session.localDate}.`;
    this.changed();
  }

  private async deleteSession(s: ManualSession): Promise<void> {
    await this.worker.api.deleteManualSession(s.id);
    this.notice = `Deleted ${s.name ?? sportName(s.sport)} on ${s.localDate}.`;
    this.changed();
  }

  private async importCsv(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const report = await this.worker.api.importManualCsv(await file.text());
    const rows = (n: number) => `${n} ${n === 1 ? 'session' : 'sessions'}`;
    this.notice = `${file.name}: ${rows(report.added)} added, ${rows(report.updated)} updated${report.problems.length
      ? `; ${report.problems.length} ${report.problems.length === 1 ? 'row' : 'rows'} left out: ${report.problems.slice(0, 5).map((p) => `row ${p.row}, ${p.reason}`).join('; ')}${report.problems.length > 5 ? '; …' : ''}`
      : ''}.`;
    if (report.added + report.updated > 0) this.changed();
  }

  private form(s: ManualSession | null) {
    const per = this.units === 'mi' ? METRES_PER_MILE : 1000;
    return html`<form class="session-form" data-testid="manual-form" @submit=${(e: Event) => { e.preventDefault(); void this.save(e.target as HTMLFormElement); }}>
      <fieldset><legend>${s ? 'Edit the session' : 'Add a session no watch recorded'}</legend>
        <label>Type <select name="sport">${SESSION_SPORTS.map((k) => html`<option value=${k} ?selected=${(s?.sport ?? 'running') === k}>${sportName(k)}</option>`)}</select></label>
        <label>Date <input type="date" name="date" required .value=${s?.localDate ?? ''} /></label>
        <label>Start <input type="time" name="time" .value=${s?.startTime ?? ''} /></label>
        <label>Duration (min) <input type="text" inputmode="decimal" name="minutes" required size="5" .value=${s ? String(Math.round((s.durationS / 60) * 10) / 10) : ''} /></label>
        <label>Distance (${this.units}) <input type="text" inputmode="decimal" name="distance" size="5" .value=${s?.distanceM != null ? String(Math.round((s.distanceM / per) * 100) / 100) : ''} /></label>
        <label>Session RPE <select name="rpe"><option value="">–</option>${[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((r) => html`<option value=${r} ?selected=${s?.rpe === r}>${r}</option>`)}</select></label>
        <label>or load <input type="text" inputmode="decimal" name="load" size="5" .value=${s && s.loadSource === 'manual' && s.trainingLoad !== null ? String(s.trainingLoad) : ''} /></label>
        <label class="wide">Name <input type="text" name="name" maxlength="80" .value=${s?.name ?? ''} /></label>
        <label class="wide">Notes <input type="text" name="notes" maxlength="500" .value=${s?.notes ?? ''} /></label>
        <p class="note">The load is the one you give, else session RPE (1 very easy … 10 maximal) × minutes (Foster).</p>
        <button type="submit" data-action="save-manual-activity">${s ? 'Save changes' : 'Add session'}</button>
        <button type="button" @click=${() => { this.editing = null; this.problem = null; }}>Cancel</button>
      </fieldset>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
    </form>`;
  }

  override render() {
    const list = this.sessions.value ?? [];
    return html`
      <div class="actions">
        <button data-action="add-manual-activity" @click=${() => { this.editing = 'new'; this.problem = null; }}>Add a session</button>
        <label class="file">Import sessions (CSV)<input type="file" accept=".csv,text/csv" data-action="import-manual-csv" @change=${(e: Event) => void this.importCsv(e)} /></label>
      </div>
      ${this.notice ? html`<p class="note" role="status" data-testid="manual-notice">${this.notice}</p>` : nothing}
      ${this.editing !== null ? this.form(this.editing === 'new' ? null : this.editing) : nothing}
      ${this.sessions.status === TaskStatus.ERROR ? html`<p role="alert" class="failure">Could not read the off-watch sessions. Reload the page.</p>` : nothing}
      ${list.length ? html`<details class="sessions" data-testid="manual-sessions"><summary>Off-watch sessions (${list.length})</summary>
        <div class="table-wrap"><table>
          <thead><tr><th scope="col">Date</th><th scope="col">Type</th><th scope="col">Name</th><th scope="col">Time</th><th scope="col">Distance</th><th scope="col">Load</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
          <tbody>${[...list].reverse().map((s) => html`<tr data-manual-id=${s.id}>
            <td>${s.localDate}${s.startTime ? ` ${s.startTime}` : ''}</td><td>${sportName(s.sport)}</td><td data-private="name">${s.name ?? ''}</td>
            <td>${formatSeconds(s.durationS)}</td><td>${formatDistance(s.distanceM, this.units)}</td>
            <td title=${LOAD_SOURCE_LABELS[s.loadSource]}>${s.trainingLoad === null ? '–' : formatNumber(s.trainingLoad, 0)}</td>
            <td class="row-actions"><button data-action="edit-manual-activity" @click=${() => { this.editing = s; this.problem = null; }}>Edit</button>
              <button data-action="delete-manual-activity" aria-label="Delete ${s.name ?? sportName(s.sport)} on ${s.localDate}" @click=${() => void this.deleteSession(s)}>Delete</button></td>
          </tr>`)}</tbody>
        </table></div></details>` : nothing}`;
  }

  static override styles = [cellStyles, css`
    :host { display: block; border: none; padding: 0; margin: 0.5rem 0; background: none; }
    .session-form fieldset { border: 1px solid var(--border); border-radius: 8px; display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: flex-end; }
    .session-form label { display: flex; flex-direction: column; font-size: 0.85rem; color: var(--muted); max-width: 100%; }
    .session-form label.wide { flex: 1 1 14rem; }
    .session-form input, .session-form select { font: inherit; padding: 0.3rem 0.4rem; border: 1px solid var(--border); border-radius: 4px; background: var(--background); color: var(--text); min-height: 2.25rem; }
    .session-form .note { flex: 1 1 100%; margin: 0; }
    table { border-collapse: collapse; font-size: 0.9rem; }
    th, td { padding: 0.2rem 0.5rem; border-bottom: 1px solid var(--border); text-align: left; }
    .row-actions { white-space: nowrap; }
    .error, .failure { color: var(--danger); }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  `];
}

customElements.define('fitbook-manual-sessions', ManualSessions);
