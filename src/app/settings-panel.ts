import { LitElement, css, html, nothing } from 'lit';
import type { HrZones } from '../analysis/types';
import type { Settings } from './settings';

/**
 * The athlete's settings, inline (never a modal: nothing on the page is blocked). On a first
 * run it is open, prefilled from the export, and asks to be checked; afterwards it is a
 * one-line summary with "Edit".
 */
export class SettingsPanel extends LitElement {
  static override properties = {
    settings: { attribute: false },
    firstRun: { attribute: false },
    open: { state: true },
    problem: { state: true },
  };

  declare settings: Settings;
  declare firstRun: boolean;
  declare open: boolean;
  declare problem: string | null;

  constructor() {
    super();
    this.firstRun = false;
    this.open = false;
    this.problem = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.open = this.firstRun;
  }

  private save(form: HTMLFormElement): void {
    const data = new FormData(form);
    const num = (name: string) => Number(data.get(name));
    const zones = [1, 2, 3, 4, 5].map((z) => [num(`z${z}lo`), num(`z${z}hi`)] as const) as unknown as HrZones;
    const next: Settings = {
      maxHr: num('maxHr'), restingHr: num('restingHr'), thresholdHr: data.get('thresholdHr') ? num('thresholdHr') : null,
      zones, units: data.get('units') === 'mi' ? 'mi' : 'km', ctlDays: num('ctlDays'), atlDays: num('atlDays'),
    };
    const ordered = zones.every(([lo, hi], i) => lo <= hi && (i === 0 || lo > (zones[i - 1]?.[1] ?? -1)));
    if (!(next.restingHr > 20 && next.maxHr > next.restingHr && next.maxHr < 250)) this.problem = 'Resting HR must be below max HR (20–250 bpm).';
    else if (!ordered) this.problem = 'Zones must rise: each zone starts above the previous one and ends at or above its start.';
    else if (!(next.ctlDays >= 7 && next.atlDays >= 1 && next.ctlDays > next.atlDays)) this.problem = 'The CTL time constant must be longer than the ATL one (days).';
    else {
      this.problem = null;
      this.open = false;
      this.dispatchEvent(new CustomEvent('settings-changed', { detail: next, bubbles: true, composed: true }));
    }
  }

  override render() {
    const s = this.settings;
    if (!this.open) {
      return html`<p class="summary" data-testid="settings-summary">Max HR ${s.maxHr}, resting ${s.restingHr} bpm · zones ${s.zones.map(([lo, hi]) => `${lo}–${hi}`).join(', ')} · ${s.units} · CTL ${s.ctlDays} / ATL ${s.atlDays} days
        <button data-action="edit-settings" @click=${() => { this.open = true; }}>Edit settings</button></p>`;
    }
    const field = (name: string, label: string, value: number | null, min = 1, max = 400) => html`<label>${label}<input name=${name} type="number" min=${min} max=${max} .value=${value === null ? '' : String(value)} /></label>`;
    return html`
      <form class="panel" aria-labelledby="settings-title" @submit=${(e: Event) => { e.preventDefault(); this.save(e.target as HTMLFormElement); }}>
        <h2 id="settings-title">${this.firstRun ? 'Check your settings' : 'Settings'}</h2>
        ${this.firstRun ? html`<p class="note">Prefilled from your export where it had them. Heart rates drive the training load of activities without Garmin's, and the zones.</p>` : nothing}
        <div class="row">
          ${field('maxHr', 'Max HR', s.maxHr)}${field('restingHr', 'Resting HR', s.restingHr)}${field('thresholdHr', 'Threshold HR', s.thresholdHr)}
          <label>Units<select name="units"><option value="km" ?selected=${s.units === 'km'}>km</option><option value="mi" ?selected=${s.units === 'mi'}>miles</option></select></label>
          ${field('ctlDays', 'CTL days', s.ctlDays, 7, 120)}${field('atlDays', 'ATL days', s.atlDays, 1, 30)}
        </div>
        <fieldset><legend>Heart-rate zones (bpm, inclusive)</legend><div class="row">
          ${s.zones.map(([lo, hi], i) => html`<span class="zone">Z${i + 1} ${field(`z${i + 1}lo`, 'from', lo)}${field(`z${i + 1}hi`, 'to', hi)}</span>`)}
        </div></fieldset>
        ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
        <button type="submit" data-action="save-settings">Save settings</button>
        ${this.firstRun ? nothing : html`<button type="button" @click=${() => { this.open = false; this.problem = null; }}>Cancel</button>`}
      </form>`;
  }

  static override styles = css`
    :host { display: block; margin: 1rem 0; }
    .summary { color: var(--muted); font-size: 0.9rem; display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
    .panel { background: var(--surface); border: 1px solid var(--accent); border-radius: 10px; padding: 0.75rem 1rem; }
    h2 { font-size: 1.1rem; margin: 0 0 0.5rem; }
    .row { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: flex-end; }
    label { display: flex; flex-direction: column; font-size: 0.85rem; color: var(--muted); }
    input, select, button { font: inherit; padding: 0.25rem 0.4rem; border: 1px solid var(--border); border-radius: 6px; background: var(--background); color: var(--text); }
    input { width: 4.5rem; }
    .zone { display: flex; gap: 0.3rem; align-items: flex-end; }
    fieldset { border: 1px solid var(--border); border-radius: 8px; margin: 0.75rem 0; }
    .note { color: var(--muted); font-size: 0.9rem; }
    .error { color: var(--danger); }
    button:focus-visible, input:focus-visible, select:focus-visible { outline: 2px solid var(--accent); }
  `;
}

customElements.define('fitbook-settings', SettingsPanel);
