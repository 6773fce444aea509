import { LitElement, css, html, nothing } from 'lit';
import * as Comlink from 'comlink';
import type { Remote } from 'comlink';
import './ingest-panel';
import '../notebook/notebook';
import type { WorkerRef } from '../cells/cell';
import { forgetSettings } from './settings';
import { forgetLayout } from '../notebook/layout';
import type { DatabaseApi, DbSummary, IngestProgress, IngestReport, IngestState, RebuildReport } from '../database';
import { sportName } from '../ui/format';
import type { StorageFigures } from './ingest-panel';

type Phase = 'opening' | 'ready' | 'unavailable';

/**
 * The shell: opens the database through the worker, hosts the ingest panel and the data
 * actions (download, delete). The notebook cells mount below it in a later step.
 */
export class FitbookApp extends LitElement {
  static override properties = {
    phase: { state: true },
    message: { state: true },
    summary: { state: true },
    ingestState: { state: true },
    progress: { state: true },
    report: { state: true },
    busy: { state: true },
    dataVersion: { state: true },
    storage: { state: true },
  };

  declare phase: Phase;
  declare message: string | null;
  declare summary: DbSummary | null;
  declare ingestState: IngestState;
  declare progress: IngestProgress | null;
  declare report: IngestReport | null;
  declare busy: boolean;
  /** Bumped after every import or deletion: the notebook re-reads what the database holds. */
  declare dataVersion: number;
  /** What this site stores on the device and may store (navigator.storage), null where the browser does not say. */
  declare storage: StorageFigures | null;

  /** The API in a plain holder, safe to pass through Lit bindings (see Notebook.worker). */
  private readonly workerRef: WorkerRef;

  constructor(private readonly api: Remote<DatabaseApi>) {
    super();
    this.workerRef = { api };
    this.phase = 'opening';
    this.message = null;
    this.summary = null;
    this.ingestState = 'idle';
    this.progress = null;
    this.report = null;
    this.busy = false;
    this.dataVersion = 0;
    this.storage = null;
  }

  /** The storage used and the quota, after opening and after every change (navigator.storage.estimate). */
  private async refreshStorage(): Promise<void> {
    const storage = navigator.storage as StorageManager | undefined;
    if (!storage?.estimate) return;
    const [estimate, persisted] = await Promise.all([storage.estimate(), storage.persisted?.() ?? Promise.resolve(false)]);
    this.storage = { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0, persisted };
  }

  /**
   * Before the first import: ask the browser to keep this site's data under storage pressure
   * (navigator.storage.persist). Without it, a browser short of space may evict OPFS, and with it
   * the athlete's history; Chromium grants it without a prompt to a site in use.
   */
  private async askPersistence(): Promise<void> {
    const storage = navigator.storage as StorageManager | undefined;
    if (!storage?.persist || (await storage.persisted?.())) return;
    await storage.persist().catch(() => false);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.open();
  }

  private async open(): Promise<void> {
    const result = await this.api.open();
    if (!result.ok) {
      this.phase = 'unavailable';
      this.message = result.message;
      return;
    }
    this.phase = 'ready';
    this.summary = result.summary;
    this.report = result.summary.lastIngest;
    void this.refreshStorage();
  }

  private async runIngest(start: (onProgress: (p: IngestProgress) => void) => Promise<IngestReport>): Promise<void> {
    if (this.ingestState === 'running') return;
    this.ingestState = 'running';
    this.progress = null;
    this.message = null;
    await this.askPersistence();
    try {
      let refreshed = Date.now();
      const report = await start(Comlink.proxy((p: IngestProgress) => {
        this.progress = p;
        // The figures show what is committed so far; the worker answers between batches.
        if (Date.now() - refreshed > 2000) {
          refreshed = Date.now();
          void this.api.summary().then((s) => {
            if (this.ingestState === 'running') this.summary = s;
          });
        }
      }));
      // Fetch the figures before flipping the state, so 'done' never shows stale counts.
      this.summary = await this.api.summary();
      // Where the import ends and the notebook's redraw begins, in a DevTools trace (and the bench).
      performance.mark('fitbook:import-done');
      this.report = report;
      this.ingestState = report.state;
      this.message = report.message;
      this.dataVersion++;
      void this.refreshStorage();
    } catch (error) {
      this.summary = await this.api.summary().catch(() => this.summary);
      this.ingestState = 'error';
      this.message = (error as Error).message;
    }
  }

  /** A cell changed what is stored (an off-watch session added, edited, deleted): read it all again. */
  private async onDataChanged(): Promise<void> {
    this.summary = await this.api.summary();
    this.dataVersion++;
    void this.refreshStorage();
  }

  private onFiles(e: CustomEvent<File[]>): void {
    void this.runIngest((onProgress) => this.api.ingest(e.detail, onProgress));
  }

  private onLoadSample(): void {
    void this.runIngest((onProgress) => this.api.ingestSample(onProgress));
  }

  /**
   * Rebuild from originals: the import's progress and cancel; the old database stays until the
   * rebuilt one is complete. The message says what happened in the athlete's terms.
   */
  private onRebuild(): void {
    void this.runIngest(async (onProgress) => {
      const r = await this.api.rebuildFromOriginals(onProgress);
      // Not rebuilt because some activities have no original: said as an error, nothing changed.
      return { ...r.report, state: r.state === 'incomplete' ? 'error' : r.state, message: rebuildMessage(r) };
    });
  }

  private onCancel(): void {
    void this.api.cancelIngest();
  }

  private async downloadDb(): Promise<void> {
    this.busy = true;
    try {
      const bytes = await this.api.exportDb();
      const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/vnd.sqlite3' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `fitbook-${new Date().toISOString().slice(0, 10)}.sqlite3`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } finally {
      this.busy = false;
    }
  }

  /** Anything stored: the header's Download and Delete have something to act on. */
  private hasData(): boolean {
    const s = this.summary;
    return s !== null && (s.activities > 0 || s.wellnessDays > 0);
  }

  private askDelete(): void {
    this.renderRoot.querySelector<HTMLDialogElement>('dialog.confirm-delete')?.showModal();
  }

  private async confirmDelete(): Promise<void> {
    this.renderRoot.querySelector<HTMLDialogElement>('dialog.confirm-delete')?.close();
    this.busy = true;
    try {
      this.summary = await this.api.deleteAll();
      await forgetSettings();
      await forgetLayout();
      this.dataVersion++;
      this.report = null;
      this.progress = null;
      this.ingestState = 'idle';
      this.message = 'All data deleted from this browser.';
      void this.refreshStorage();
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`
      <header>
        <h1>fitbook</h1>
        <p class="tagline">Your Garmin training history, analysed in your browser. Nothing is uploaded.</p>
        ${this.phase === 'ready' && this.hasData()
          ? html`<nav aria-label="Your data">
              <button data-action="download-db" ?disabled=${this.busy || this.ingestState === 'running'} @click=${() => void this.downloadDb()}>Download database</button>
              <button data-action="delete-all" class="danger" ?disabled=${this.busy || this.ingestState === 'running'} @click=${() => this.askDelete()}>Delete all my data</button>
            </nav>`
          : nothing}
      </header>
      <main>
        ${this.phase === 'opening' ? html`<p role="status" data-testid="db-opening">Opening your database…</p>` : nothing}
        ${this.phase === 'unavailable'
          ? html`<p role="alert" class="error" data-testid="db-unavailable">${this.message}</p>
              <button data-action="retry-open" @click=${() => location.reload()}>Try again</button>`
          : nothing}
        ${this.phase === 'ready'
          ? html`<fitbook-ingest
              .state=${this.ingestState}
              .progress=${this.progress}
              .summary=${this.summary}
              .report=${this.report}
              .message=${this.message}
              .storage=${this.storage}
              @files-chosen=${this.onFiles}
              @load-sample=${this.onLoadSample}
              @rebuild=${this.onRebuild}
              @cancel-ingest=${this.onCancel}
            ></fitbook-ingest>`
          : nothing}
        ${this.phase === 'ready' && (this.summary?.activities ?? 0) > 0 && this.ingestState !== 'running'
          ? html`<fitbook-notebook .worker=${this.workerRef} .dataVersion=${this.dataVersion} @data-changed=${() => void this.onDataChanged()}></fitbook-notebook>`
          : nothing}
      </main>
      <dialog class="confirm-delete" aria-labelledby="confirm-delete-title">
        <h2 id="confirm-delete-title">Delete all your data?</h2>
        <p data-testid="delete-what">This removes from this browser: every activity${this.summary ? ` (${this.summary.activities.toLocaleString('en')})` : ''} with its streams and laps, every wellness day${this.summary ? ` (${this.summary.wellnessDays.toLocaleString('en')})` : ''}, the original files kept from your imports${this.summary?.originals.files ? ` (${this.summary.originals.files.toLocaleString('en')})` : ''}, your training plans, off-watch sessions and corrections, your settings and the notebook's layout. Your own copies of your export files are not touched; importing them again rebuilds the history, not your plans or corrections.</p>
        <div class="buttons">
          <button data-action="cancel-delete" @click=${() => this.renderRoot.querySelector<HTMLDialogElement>('dialog.confirm-delete')?.close()}>Keep my data</button>
          <button data-action="confirm-delete" class="danger" @click=${() => void this.confirmDelete()}>Delete everything</button>
        </div>
      </dialog>
    `;
  }

  static override styles = css`
    :host { display: block; max-width: 960px; margin: 0 auto; padding: 1rem; }
    header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.5rem 1rem; }
    h1 { margin: 0; font-size: 1.6rem; }
    .tagline { margin: 0; color: var(--muted); flex: 1 1 20rem; }
    nav { display: flex; gap: 0.5rem; }
    button { font: inherit; padding: 0.4rem 0.8rem; border-radius: 6px; border: 1px solid var(--border); background: var(--surface); color: var(--text); cursor: pointer; }
    button:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
    button:disabled { opacity: 0.5; cursor: default; }
    .danger { border-color: var(--danger); color: var(--danger); }
    .error { color: var(--danger); }
    dialog { border: 1px solid var(--border); border-radius: 8px; background: var(--surface); color: var(--text); max-width: 28rem; }
    dialog .buttons { display: flex; justify-content: flex-end; gap: 0.5rem; }
  `;
}

function rebuildMessage(r: RebuildReport): string | null {
  const files = r.report.filesTotal.toLocaleString('en');
  switch (r.state) {
    case 'done': {
      const kept = r.corrections ? `; your ${r.corrections.toLocaleString('en')} correction${r.corrections === 1 ? '' : 's'} applied again` : '';
      return `Rebuilt from ${files} original files with this version of fitbook: ${r.report.activitiesAdded.toLocaleString('en')} activities${kept}. Plans and off-watch sessions are as they were.`;
    }
    case 'incomplete': {
      const shown = r.missing.slice(0, 5).map((m) => `${m.localDate} ${sportName(m.sport)}${m.name ? ` (${m.name})` : ''}`).join(', ');
      const more = r.missing.length > 5 ? ` and ${(r.missing.length - 5).toLocaleString('en')} more` : '';
      const activities = r.missing.length
        ? [`${r.missing.length.toLocaleString('en')} ${r.missing.length === 1 ? 'activity has' : 'activities have'} no original file kept (imported before fitbook kept originals, or the device was full): ${shown}${more}`]
        : [];
      const lacks = r.shortfalls.length ? [`the rebuilt database would lack ${r.shortfalls.join(', ')}`] : [];
      return `Not rebuilt: ${[...activities, ...lacks].join('; ')}. Drop your export again to keep its originals, then rebuild. Your database is as it was.`;
    }
    case 'cancelled':
      return 'Rebuild cancelled: your database is as it was.';
    default:
      return r.report.message ? `Not rebuilt: ${r.report.message}. Your database is as it was.` : 'Not rebuilt: your database is as it was.';
  }
}

customElements.define('fitbook-app', FitbookApp);
