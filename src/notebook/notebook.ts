import { LitElement, css, html, type PropertyValues } from 'lit';
import type { Remote } from 'comlink';
import type { IngestApi } from '../../workers/ingest.worker';
import type { ActivityLoadRow } from '../db/queries';
import { loadSettings, type Settings } from '../app/settings';
import '../cells/fitness';

/**
 * The notebook: the shared inputs of the cells (settings, today, what the database holds) and
 * the cells themselves. Inputs are passed as properties, so a cell recomputes only when one of
 * its own inputs changes identity (Lit's change detection is the dependency graph's edges).
 */
export class Notebook extends LitElement {
  static override properties = {
    worker: { attribute: false },
    dataVersion: { attribute: false },
    settings: { state: true },
    loads: { state: true },
    error: { state: true },
  };

  /**
   * The worker's API in a plain holder: a comlink proxy answers every property read with a
   * remote call, so it must never be a Lit binding value itself (Lit probes values for markers).
   */
  declare worker: WorkerRef;
  declare dataVersion: number;
  declare settings: Settings | null;
  declare loads: ActivityLoadRow[] | null;
  declare error: string | null;
  /** The athlete's local today (the browser's calendar). */
  private readonly today = localToday();

  constructor() {
    super();
    this.dataVersion = 0;
    this.settings = null;
    this.loads = null;
    this.error = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('dataVersion') || changed.has('worker')) void this.refresh();
  }

  private async refresh(): Promise<void> {
    try {
      const { api } = this.worker;
      const settings = this.settings ?? (await loadSettings(await api.exportHrProfile()));
      const loads = await api.activityLoads({ restingHr: settings.restingHr, maxHr: settings.maxHr });
      this.settings = settings;
      this.loads = loads;
      this.error = null;
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  override render() {
    if (this.error) return html`<p role="alert" class="error">The notebook could not read your data: ${this.error}</p>`;
    if (!this.settings) return html`<p role="status">Preparing the notebook…</p>`;
    return html`
      <fitbook-fitness-cell .loads=${this.loads} .settings=${this.settings} .today=${this.today}></fitbook-fitness-cell>
    `;
  }

  static override styles = css`:host { display: block; } .error { color: var(--danger); }`;
}

export interface WorkerRef {
  readonly api: Remote<IngestApi>;
}

export function localToday(now = new Date()): string {
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}

customElements.define('fitbook-notebook', Notebook);
