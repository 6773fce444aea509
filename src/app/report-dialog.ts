import { LitElement, css, html } from 'lit';
import type { CellId } from '../notebook/layout';
import type { ReportOptions } from '../report/report';

export interface ReportRequest {
  /** The chosen cell instances, in the notebook's order. */
  cells: CellId[];
  options: ReportOptions;
}

/**
 * "Export report" and its options in a small modal dialog: which cells (those on screen, in
 * their order), an optional athlete name, and the privacy choices. Emits `report-export`.
 */
export class ReportDialog extends LitElement {
  static override properties = {
    cells: { attribute: false },
    collapsed: { attribute: false },
  };

  /** The cells on screen, in order, with the titles they show. */
  declare cells: { id: CellId; title: string }[];
  /** Collapsed cells start unticked: on screen they show their header only. */
  declare collapsed: CellId[];

  constructor() {
    super();
    this.cells = [];
    this.collapsed = [];
  }

  private get dialog(): HTMLDialogElement {
    return this.renderRoot.querySelector('dialog') as HTMLDialogElement;
  }

  private submit(e: Event): void {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const cells = this.cells.map((c) => c.id).filter((id) => data.getAll('cell').includes(id));
    const stripRoutes = !data.has('routes');
    const detail: ReportRequest = {
      cells,
      options: { stripRoutes, blurRouteEnds: !stripRoutes && data.has('blur'), hideNames: data.has('hide-names'), athlete: String(data.get('athlete') ?? '').trim() },
    };
    this.dispatchEvent(new CustomEvent<ReportRequest>('report-export', { detail, bubbles: true, composed: true }));
    this.dialog.close();
  }

  override render() {
    return html`
      <button data-action="export-report" @click=${() => this.dialog.showModal()}>Export report</button>
      <dialog aria-labelledby="report-title">
        <form @submit=${(e: Event) => this.submit(e)}>
          <h2 id="report-title">Export a report</h2>
          <p class="note">One HTML file: opens from disk, offline, in any browser, and prints to PDF. It is made here; nothing is uploaded.</p>
          <fieldset>
            <legend>Cells</legend>
            ${this.cells.map(({ id, title }) => html`<label><input type="checkbox" name="cell" value=${id} ?checked=${!this.collapsed.includes(id)} data-testid="report-cell" /> ${title}</label>`)}
          </fieldset>
          <label class="line">Athlete name (optional) <input type="text" name="athlete" data-testid="report-athlete" autocomplete="name" /></label>
          <fieldset>
            <legend>Privacy</legend>
            <label><input type="checkbox" name="routes" checked data-testid="report-routes" /> Include GPS routes</label>
            <label><input type="checkbox" name="blur" checked data-testid="report-blur" /> Blur route ends (leave out the first and last 500 m)</label>
            <label><input type="checkbox" name="hide-names" data-testid="report-hide-names" /> Hide activity names</label>
          </fieldset>
          <div class="buttons">
            <button type="button" @click=${() => this.dialog.close()}>Cancel</button>
            <button type="submit" data-action="download-report">Download report</button>
          </div>
        </form>
      </dialog>
    `;
  }

  static override styles = css`
    :host { display: inline-block; }
    button, input[type='text'] { font: inherit; padding: 0.3rem 0.6rem; border-radius: 6px; border: 1px solid var(--border); background: var(--surface); color: var(--text); }
    button:focus-visible, input:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
    dialog { border: 1px solid var(--border); border-radius: 10px; background: var(--surface); color: var(--text); max-width: 32rem; }
    dialog::backdrop { background: rgb(0 0 0 / 0.4); }
    h2 { font-size: 1.1rem; margin: 0 0 0.5rem; }
    fieldset { border: 1px solid var(--border); border-radius: 8px; margin: 0.75rem 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: 0.2rem 0.75rem; }
    .line { display: grid; gap: 0.2rem; }
    .note { color: var(--muted); font-size: 0.9rem; }
    .buttons { display: flex; justify-content: flex-end; gap: 0.5rem; }
  `;
}

customElements.define('fitbook-report-dialog', ReportDialog);
