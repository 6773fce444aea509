import { LitElement, css, html, nothing } from 'lit';
import { Task } from '@lit/task';
import type { WorkerRef } from './cell';
import { sportName } from '../ui/format';
import { cellStyles } from './styles';

/**
 * The activities the athlete deleted (db/corrections.ts), inside the Activities cell: they stay
 * deleted through re-imports, and each can be restored here.
 */
export class DeletedActivities extends LitElement {
  static override properties = {
    worker: { attribute: false },
    dataVersion: { attribute: false },
  };

  declare worker: WorkerRef;
  declare dataVersion: number;

  private readonly deleted = new Task(this, {
    args: () => [this.worker, this.dataVersion] as const,
    task: async ([worker]) => (worker ? worker.api.listDeletedActivities() : []),
  });

  private async restore(id: number): Promise<void> {
    await this.worker.api.restoreActivity(id);
    this.dispatchEvent(new CustomEvent('data-changed', { bubbles: true, composed: true }));
  }

  override render() {
    const list = this.deleted.value ?? [];
    if (!list.length) return nothing;
    return html`<details data-testid="deleted-activities"><summary>Deleted activities (${list.length})</summary>
      <p class="note">They stay deleted when their files are imported again.</p>
      <ul>${list.map((d) => html`<li data-deleted-id=${d.id}><span data-private="name">${d.name || sportName(d.sport)}</span>, ${d.localDate}
        <button data-action="restore-activity" @click=${() => void this.restore(d.id)}>Restore</button></li>`)}</ul>
    </details>`;
  }

  static override styles = [cellStyles, css`
    :host { display: block; border: none; padding: 0; margin: 0.25rem 0; background: none; }
    ul { padding-left: 1.2rem; margin: 0.25rem 0; }
    li { margin: 0.2rem 0; }
  `];
}

customElements.define('fitbook-deleted-activities', DeletedActivities);
