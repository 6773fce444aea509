import { LitElement, css, html, nothing } from 'lit';
import { formatBytes, formatCount, formatDuration, formatMegabytes, sportName } from '../ui/format';
import { droppedFiles } from './dropped-files';
import type { DbSummary, FileNote, IngestProgress, IngestReport, IngestState } from '../database';

/** This site's storage on the device (navigator.storage.estimate / persisted), in bytes. */
export interface StorageFigures {
  usage: number;
  quota: number;
  persisted: boolean;
}

/**
 * Drop zone, progress and the summary of what the database holds.
 * Stable hooks (used by users' scripts and tests): data-ingest-state on the root,
 * data-metric/data-value on the figures, data-skipped/data-file/data-reason per skipped file.
 */
export class IngestPanel extends LitElement {
  static override properties = {
    state: { attribute: false },
    progress: { attribute: false },
    summary: { attribute: false },
    report: { attribute: false },
    message: { attribute: false },
    storage: { attribute: false },
    dragging: { state: true },
  };

  declare state: IngestState;
  declare progress: IngestProgress | null;
  declare summary: DbSummary | null;
  declare report: IngestReport | null;
  declare message: string | null;
  declare storage: StorageFigures | null;
  declare dragging: boolean;

  constructor() {
    super();
    this.state = 'idle';
    this.progress = null;
    this.summary = null;
    this.report = null;
    this.message = null;
    this.storage = null;
    this.dragging = false;
  }

  private emitFiles(files: FileList | File[] | null | undefined): void {
    if (!files || files.length === 0 || this.state === 'running') return;
    this.dispatchEvent(new CustomEvent('files-chosen', { detail: Array.from(files), bubbles: true, composed: true }));
  }

  private onDrop(e: DragEvent): void {
    e.preventDefault();
    this.dragging = false;
    if (!e.dataTransfer) return;
    // Folders are walked (an unzipped export); the entries must be read during the event.
    void droppedFiles(e.dataTransfer).then((files) => this.emitFiles(files));
  }

  private onPick(e: Event): void {
    const input = e.target as HTMLInputElement;
    this.emitFiles(input.files);
    input.value = '';
  }

  override render() {
    const running = this.state === 'running';
    return html`
      <section class="panel" data-ingest-state=${this.state} data-ingest-id=${this.report?.ingestId ?? 0} aria-labelledby="ingest-title" aria-busy=${running ? 'true' : 'false'}>
        <h2 id="ingest-title">Your data</h2>
        <div
          class="dropzone ${this.dragging ? 'dragging' : ''}"
          @dragover=${(e: DragEvent) => { e.preventDefault(); this.dragging = true; }}
          @dragleave=${() => { this.dragging = false; }}
          @drop=${this.onDrop}
        >
          <p>Drop your Garmin export here: the account export zip ("Export Your Data") or its unzipped folder, Connect activity zips, or activity files (FIT, GPX, TCX, gzipped or not). Several at once is fine.</p>
          <label class="pick">
            <span>Choose files…</span>
            <input type="file" multiple data-testid="import-files" accept=".zip,.fit,.gpx,.tcx,.gz,.json,application/zip,application/json,application/gpx+xml" ?disabled=${running} @change=${this.onPick} />
          </label>
          <button data-action="load-sample" ?disabled=${running} @click=${() => this.dispatchEvent(new CustomEvent('load-sample', { bubbles: true, composed: true }))}>Load sample data</button>
          <p class="privacy">Your files are read by this page only. Nothing is sent anywhere.</p>
        </div>
        ${running ? this.renderProgress() : nothing}
        ${this.message ? html`<p class=${this.state === 'error' ? 'error' : 'notice'} role=${this.state === 'error' ? 'alert' : 'status'} data-testid="ingest-message">${this.message}</p>` : nothing}
        ${this.state === 'cancelled' && !this.message ? html`<p role="status" class="notice">Import cancelled: the files finished before the cancel are saved.</p>` : nothing}
        ${this.summary ? this.renderSummary(this.summary) : nothing}
        ${this.report ? this.renderNotes(this.report.notes) : nothing}
        ${this.storage ? this.renderStorage(this.storage) : nothing}
        ${this.summary && this.summary.originals.files > 0 ? this.renderOriginals(this.summary.originals) : nothing}
      </section>
    `;
  }

  private renderProgress() {
    const p = this.progress;
    const fraction = p && p.bytesTotal > 0 ? p.bytesDone / p.bytesTotal : undefined;
    return html`
      <div class="progress" role="status" aria-live="polite">
        <progress max="1" .value=${fraction ?? 0} aria-label="Import progress"></progress>
        ${p
          ? html`<p>
              <span data-testid="progress-files">${formatCount(p.filesDone)} / ${formatCount(p.filesTotal)} files</span> ·
              <span data-testid="progress-bytes">${formatMegabytes(p.bytesDone)} / ${formatMegabytes(p.bytesTotal)} read</span>${p.bytesPerSec !== null ? html` · <span data-testid="progress-rate">${formatMegabytes(p.bytesPerSec)}/s</span>` : nothing} ·
              <span data-testid="progress-activities">${formatCount(p.activitiesFound)} activities found</span> ·
              <span>${formatDuration(p.elapsedMs)} elapsed</span>${p.remainingMs !== null ? html` · <span>about ${formatDuration(p.remainingMs)} left</span>` : nothing}
            </p>
            <p class="current" data-testid="progress-current" title=${p.currentFile}>${p.currentName}</p>`
          : html`<p>Reading your files…</p>`}
        <button data-action="cancel-ingest" @click=${() => this.dispatchEvent(new CustomEvent('cancel-ingest', { bubbles: true, composed: true }))}>Cancel</button>
      </div>
    `;
  }

  private renderSummary(s: DbSummary) {
    if (s.activities === 0 && s.wellnessDays === 0 && this.state !== 'running') return this.renderGuide();
    const added = this.report?.activitiesAdded ?? 0;
    const again = this.report?.activitiesUpdated ?? 0;
    const running = this.state === 'running';
    return html`
      <div class="summary" data-testid="db-summary">
        <dl class="figures">
          <div><dt>Activities</dt><dd data-metric="activities" data-value=${s.activities}>${formatCount(s.activities)}</dd></div>
          ${running
            ? html`<div><dt>Import running</dt><dd class="running">stored so far</dd></div>`
            : html`<div><dt>Added by the last import</dt><dd data-metric="added" data-value=${added}>${formatCount(added)}</dd>
              ${this.report ? html`<dd class="again" data-metric="already-imported" data-value=${again}>${again === 0 ? 'none already imported'
                : `${formatCount(again)} already imported${added === 0 ? ': nothing new, nothing added twice' : ', not added twice'}`}</dd>` : nothing}</div>`}
          <div><dt>With a FIT stream</dt><dd data-metric="fit-linked" data-value=${s.fitLinked}>${formatCount(s.fitLinked)}</dd></div>
          <div><dt>Wellness days</dt><dd data-metric="wellness-days" data-value=${s.wellnessDays}>${formatCount(s.wellnessDays)}</dd></div>
        </dl>
        ${s.activities > 0
          ? html`<p data-testid="date-range">From <time datetime=${s.firstDate ?? ''}>${s.firstDate}</time> to <time datetime=${s.lastDate ?? ''}>${s.lastDate}</time></p>
              <table class="by-sport">
                <caption>Activities by sport</caption>
                <thead><tr><th scope="col">Sport</th><th scope="col">Activities</th></tr></thead>
                <tbody>${s.bySport.map((r) => html`<tr data-sport=${r.sport}><td>${sportName(r.sport)}</td><td>${formatCount(r.count)}</td></tr>`)}</tbody>
              </table>`
          : html`<p class="empty">No activities yet: wellness days only. Drop an export with activities above.</p>`}
      </div>
    `;
  }

  /** The empty page: what to drop, and how to get it from Garmin, in three steps. */
  private renderGuide() {
    return html`
      <div class="guide" data-testid="first-visit">
        <p class="empty"><span data-metric="activities" data-value="0">No activities yet</span>. Drop an export above, or load the sample data to look around.</p>
        <h3>How to get your Garmin export</h3>
        <ol>
          <li>Signed in to Garmin, open the Data Management page (garmin.com → Account → Data Management → “Export Your Data”) and press <strong>Request Data Export</strong>.</li>
          <li>Garmin emails you a download link, usually within a few hours (up to 48 hours for a long history). Download the zip.</li>
          <li>Drop that zip here as it is, unzipped or not; a large export takes a few minutes. Only a few activities? In Garmin Connect, an activity's ⚙ menu → <strong>Export Original</strong> gives a file you can drop too.</li>
        </ol>
      </div>`;
  }

  /** A file as a person knows it ("sleep, 2024-01-01 to 2024-04-10"), its path in the export on hover. */
  private fileName(n: FileNote) {
    // Reports stored before names were kept have only the path.
    const name = n.name || n.file;
    return html`<strong class="file" title=${n.file}>${name}</strong>${n.input !== n.file ? html` <span class="input">(in ${n.input})</span>` : nothing}`;
  }

  /** What this site holds on the device, of what the browser allows it. */
  private renderStorage(s: StorageFigures) {
    return html`<p class="storage" data-testid="storage">
      <span data-metric="storage-used" data-value=${s.usage}>${formatBytes(s.usage)}</span> stored on this device${s.quota > 0 ? html` of the <span data-metric="storage-quota" data-value=${s.quota}>${formatBytes(s.quota)}</span> this browser allows this site` : nothing};
      ${s.persisted ? 'kept even when the device runs short of space.' : 'the browser may clear it when the device runs short of space (it did not grant persistent storage): download the database now and then.'}</p>`;
  }

  /** The kept originals, and the rebuild they allow (ingest/rebuild.ts). */
  private renderOriginals(o: DbSummary['originals']) {
    return html`<div class="originals" data-testid="originals">
      <p><span data-metric="originals-kept" data-value=${o.files}>${formatCount(o.files)} original file${o.files === 1 ? '' : 's'}</span> kept (${formatBytes(o.storedBytes)}):
        the database can be rebuilt from them when fitbook's analysis improves, and each activity's original downloaded from it.</p>
      <button data-action="rebuild-from-originals" ?disabled=${this.state === 'running'}
        @click=${() => this.dispatchEvent(new CustomEvent('rebuild', { bubbles: true, composed: true }))}>Rebuild from originals</button>
    </div>`;
  }

  private renderNotes(notes: FileNote[]) {
    const skipped = notes.filter((n) => n.status === 'skipped');
    const warnings = notes.filter((n) => n.status === 'warning');
    const ignored = notes.filter((n) => n.status === 'ignored');
    if (notes.length === 0) return nothing;
    return html`
      ${skipped.length
        ? html`<section class="skipped" aria-labelledby="skipped-title">
            <h3 id="skipped-title">${skipped.length} file${skipped.length === 1 ? '' : 's'} not imported</h3>
            <ul>${skipped.map((n) => html`<li data-skipped data-file=${n.file} data-input=${n.input} data-reason=${n.reason}>${this.fileName(n)}: ${n.reason}</li>`)}</ul>
          </section>`
        : nothing}
      ${warnings.length
        ? html`<details class="warnings"><summary>${warnings.length} note${warnings.length === 1 ? '' : 's'} on imported files</summary>
            <ul>${warnings.map((n) => html`<li data-warning data-file=${n.file}>${this.fileName(n)}: ${n.reason}</li>`)}</ul></details>`
        : nothing}
      ${ignored.length
        ? html`<details class="ignored"><summary>${ignored.length} file${ignored.length === 1 ? '' : 's'} recognised but not activities</summary>
            <ul>${ignored.map((n) => html`<li data-ignored data-file=${n.file}>${this.fileName(n)}: ${n.reason}</li>`)}</ul></details>`
        : nothing}
    `;
  }

  static override styles = css`
    :host { display: block; }
    .dropzone { border: 2px dashed var(--border); border-radius: 10px; padding: 1rem; display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; }
    .dropzone.dragging { border-color: var(--accent); background: var(--accent-soft); }
    .dropzone p { flex: 1 1 100%; margin: 0; }
    .privacy { color: var(--muted); font-size: 0.9em; }
    .pick { position: relative; display: inline-block; }
    .pick span, button { font: inherit; display: inline-block; padding: 0.4rem 0.8rem; border-radius: 6px; border: 1px solid var(--border); background: var(--surface); color: var(--text); cursor: pointer; }
    .pick input { position: absolute; inset: 0; opacity: 0; cursor: pointer; }
    .pick:focus-within span, button:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
    button:disabled { opacity: 0.5; }
    progress { width: 100%; height: 1rem; }
    .current { color: var(--muted); font-size: 0.85em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: 0.5rem; margin: 1rem 0; }
    .figures div { background: var(--surface); border: 1px solid var(--border); border-radius: 8px; padding: 0.5rem 0.75rem; }
    dt { color: var(--muted); font-size: 0.85em; }
    dd { margin: 0; font-size: 1.6rem; font-variant-numeric: tabular-nums; }
    table { border-collapse: collapse; min-width: 16rem; }
    caption { text-align: left; font-weight: 600; padding-bottom: 0.25rem; }
    th, td { text-align: left; padding: 0.2rem 0.75rem 0.2rem 0; border-bottom: 1px solid var(--border); }
    td:last-child { text-align: right; font-variant-numeric: tabular-nums; }
    .skipped li, .warnings li, .ignored li { margin: 0.25rem 0; overflow-wrap: anywhere; }
    .skipped h3 { color: var(--danger); font-size: 1rem; }
    .input { color: var(--muted); }
    .error { color: var(--danger); }
    .notice { color: var(--muted); }
    .empty { color: var(--muted); }
    .storage { color: var(--muted); font-size: 0.85rem; }
    .originals { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; color: var(--muted); font-size: 0.85rem; }
    .originals p { margin: 0; flex: 1 1 20rem; }
    .again { font-size: 0.85rem; color: var(--muted); }
    .running { font-size: 1rem; color: var(--muted); }
    .file { font-weight: 600; overflow-wrap: anywhere; }
    .guide ol { padding-left: 1.25rem; }
    .guide li { margin: 0.35rem 0; }
    .guide h3 { font-size: 1rem; margin: 0.75rem 0 0.25rem; }
  `;
}

customElements.define('fitbook-ingest', IngestPanel);
