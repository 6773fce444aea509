import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { sameZones, ZONE_METHOD_LABELS, zonesFor, zonesProblem, type RecordedMax, type ZoneMethod } from '../analysis/hrZones';
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
    draft: { state: true },
    recordedMax: { attribute: false },
  };

  declare settings: Settings;
  declare firstRun: boolean;
  declare open: boolean;
  declare problem: string | null;
  /** The form as typed, ahead of Save: the zones follow it only when the athlete says so. */
  declare draft: Settings;
  /** A recorded heart rate above the set max HR (analysis/hrZones maxHrAbove), offered as the new max. */
  declare recordedMax: RecordedMax | null;

  constructor() {
    super();
    this.firstRun = false;
    this.open = false;
    this.problem = null;
    this.recordedMax = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.open = this.firstRun;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Opening the form (or new settings while closed) starts the draft from what is saved.
    // (Unless the same update set the draft: "Use N as max HR" opens the form with N typed in.)
    if ((changed.has('open') && this.open && !changed.has('draft')) || (changed.has('settings') && !this.open) || !this.draft) this.draft = this.settings;
  }

  private edit(patch: Partial<Settings>): void {
    this.draft = { ...this.draft, ...patch };
  }

  /** The zones the chosen method gives for the heart numbers as typed (null for custom zones, or when it cannot). */
  private computed(): HrZones | null {
    const d = this.draft;
    return d.zoneMethod === 'custom' ? null : zonesFor(d.zoneMethod, d);
  }

  private save(): void {
    const next = this.draft;
    const zonesWrong = zonesProblem(next.zones, next.maxHr);
    if (!(next.restingHr > 20 && next.maxHr > next.restingHr && next.maxHr < 250)) this.problem = 'Resting HR must be below max HR (20–250 bpm).';
    else if (next.thresholdHr !== null && !(next.thresholdHr > next.restingHr && next.thresholdHr < next.maxHr)) this.problem = 'Threshold HR must lie between resting and max HR.';
    else if (zonesWrong) this.problem = zonesWrong;
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
      return html`<p class="summary" data-testid="settings-summary">Max HR ${s.maxHr}, resting ${s.restingHr} bpm · zones ${s.zones.map(([lo, hi]) => `${lo}–${hi}`).join(', ')} (${s.zoneMethod === 'custom' ? 'custom' : ZONE_METHOD_LABELS[s.zoneMethod]}) · ${s.units} · CTL ${s.ctlDays} / ATL ${s.atlDays} days
        <button data-action="edit-settings" @click=${() => { this.open = true; }}>Edit settings</button></p>
        ${this.recordedMax ? html`<p class="prompt" role="status" data-testid="max-hr-above" data-value=${this.recordedMax.bpm}>Your activity on ${this.recordedMax.localDate} recorded ${this.recordedMax.bpm} bpm, above your max HR of ${s.maxHr}: your zones and training loads assume a lower ceiling than your heart has.
          <button data-action="use-recorded-max" @click=${() => this.useRecordedMax()}>Use ${this.recordedMax.bpm} as max HR</button></p>` : nothing}`;
    }
    const d = this.draft;
    const computed = this.computed();
    const outdated = computed !== null && !sameZones(computed, d.zones);
    const num = (e: Event) => Number((e.target as HTMLInputElement).value);
    const field = (name: 'maxHr' | 'restingHr' | 'ctlDays' | 'atlDays', label: string, min = 1, max = 400) => html`<label>${label}<input name=${name} type="number" min=${min} max=${max}
      .value=${String(d[name])} @input=${(e: Event) => this.edit({ [name]: num(e) })} /></label>`;
    const zoneField = (i: number, end: 0 | 1, label: string) => html`<label>${label}<input name=${`z${i + 1}${end ? 'hi' : 'lo'}`} type="number" min="1" max="250"
      .value=${String(d.zones[i]?.[end] ?? '')} @input=${(e: Event) => this.setZone(i, end, num(e))} /></label>`;
    return html`
      <form class="panel" aria-labelledby="settings-title" @submit=${(e: Event) => { e.preventDefault(); this.save(); }}>
        <h2 id="settings-title">${this.firstRun ? 'Check your settings' : 'Settings'}</h2>
        ${this.firstRun ? html`<p class="note">Prefilled from your export where it had them. Heart rates drive the training load of activities without Garmin's, and the zones.</p>` : nothing}
        <div class="row">
          ${field('maxHr', 'Max HR')}${field('restingHr', 'Resting HR')}
          <label>Threshold HR<input name="thresholdHr" type="number" min="1" max="400" .value=${d.thresholdHr === null ? '' : String(d.thresholdHr)}
            @input=${(e: Event) => { const v = (e.target as HTMLInputElement).value; this.edit({ thresholdHr: v ? Number(v) : null }); }} /></label>
          <label>Units<select name="units" @change=${(e: Event) => this.edit({ units: (e.target as HTMLSelectElement).value === 'mi' ? 'mi' : 'km' })}>
            <option value="km" ?selected=${d.units === 'km'}>km</option><option value="mi" ?selected=${d.units === 'mi'}>miles</option></select></label>
          ${field('ctlDays', 'CTL days', 7, 120)}${field('atlDays', 'ATL days', 1, 30)}
        </div>
        <fieldset><legend>Heart-rate zones (bpm, inclusive)</legend>
          <label class="method">Zones from <select name="zoneMethod" data-testid="zone-method" @change=${(e: Event) => this.chooseMethod((e.target as HTMLSelectElement).value as Settings['zoneMethod'])}>
            ${(Object.keys(ZONE_METHOD_LABELS) as ZoneMethod[]).map((m) => html`<option value=${m} ?selected=${d.zoneMethod === m}>${ZONE_METHOD_LABELS[m]}</option>`)}
            <option value="custom" ?selected=${d.zoneMethod === 'custom'}>custom (as typed, or Garmin's)</option>
          </select></label>
          ${d.zoneMethod === 'lthr' && computed === null ? html`<p class="error" role="alert">Threshold zones need a threshold HR between resting and max HR.</p>` : nothing}
          ${outdated ? html`<p class="prompt" role="status" data-testid="zones-outdated">These zones do not match ${ZONE_METHOD_LABELS[d.zoneMethod as ZoneMethod]} for max HR ${d.maxHr}${d.zoneMethod === 'hrr' ? `, resting ${d.restingHr}` : ''}${d.zoneMethod === 'lthr' ? `, threshold ${d.thresholdHr}` : ''}: Z5 would be ${computed[4][0]}–${computed[4][1]}.
            <button type="button" data-action="recompute-zones" @click=${() => this.edit({ zones: computed })}>Recompute zones</button>
            <button type="button" data-action="keep-zones" @click=${() => this.edit({ zoneMethod: 'custom' })}>Keep these zones</button></p>` : nothing}
          ${d.zoneMethod === 'custom' && d.zones[4][1] !== d.maxHr ? html`<p class="prompt" role="status" data-testid="zones-outdated">Zone 5 ends at ${d.zones[4][1]} bpm but your max HR is ${d.maxHr}.
            <button type="button" data-action="recompute-zones" @click=${() => this.chooseMethod('max')}>Recompute as ${ZONE_METHOD_LABELS.max}</button>
            ${d.zones[4][0] < d.maxHr ? html`<button type="button" data-action="keep-zones" @click=${() => this.setZone(4, 1, d.maxHr)}>End Z5 at ${d.maxHr}</button>` : nothing}</p>` : nothing}
          <div class="row">
            ${d.zones.map((_, i) => html`<span class="zone">Z${i + 1} ${zoneField(i, 0, 'from')}${zoneField(i, 1, 'to')}</span>`)}
          </div></fieldset>
        ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
        <button type="submit" data-action="save-settings">Save settings</button>
        ${this.firstRun ? nothing : html`<button type="button" @click=${() => { this.open = false; this.problem = null; }}>Cancel</button>`}
      </form>`;
  }

  /** Opens the settings with the recorded max HR typed in; the zones follow only when the athlete says so. */
  private useRecordedMax(): void {
    if (!this.recordedMax) return;
    this.open = true;
    this.draft = { ...this.settings, maxHr: this.recordedMax.bpm };
  }

  /** Picking a method is consent: its zones replace the typed ones at once. */
  private chooseMethod(method: Settings['zoneMethod']): void {
    this.edit({ zoneMethod: method });
    const zones = this.computed();
    if (zones) this.edit({ zones });
  }

  /** A zone typed by hand makes the zones custom: they no longer follow the heart numbers. */
  private setZone(i: number, end: 0 | 1, value: number): void {
    const zones = this.draft.zones.map((z, k) => (k === i ? (end ? [z[0], value] : [value, z[1]]) : z)) as unknown as HrZones;
    this.edit({ zones, zoneMethod: 'custom' });
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
    .prompt { background: var(--background); border: 1px solid var(--accent); border-radius: 6px; padding: 0.4rem 0.6rem; }
    .method { flex-direction: row; align-items: center; gap: 0.4rem; margin-bottom: 0.5rem; }
    .method select { width: auto; }
    button:focus-visible, input:focus-visible, select:focus-visible { outline: 2px solid var(--accent); }
  `;
}

customElements.define('fitbook-settings', SettingsPanel);
