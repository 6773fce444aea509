import { css, html, nothing, type PropertyValues } from 'lit';
import { Cell, cellSpec, type WorkerRef } from './cell';
import { replan, type Proposal, type ProposalDetail, type Replan } from '../analysis/replan';
import type { DriftFinding } from '../analysis/drift';
import type { ActivityInput } from '../analysis/types';
import type { Settings } from '../app/settings';
import type { BuiltPlanState, PlanWeekInput, WellnessDay } from '../database';
import { sessionTitle, sessionTypeTitle } from '../ui/ics';
import { downloadText, toCsv } from '../ui/csv';
import { formatDay, kmIn, unitMetres } from '../ui/format';
import { mondayOf } from '../analysis/calendar';
import { cellStyles } from './styles';
import { explain, explainStyles } from './explain';

/**
 * Replanning (issue #17, Stride's drift detection and typed change proposals): what drifted over
 * the last 14 days, with its numbers, and the changes to the coming sessions it suggests
 * (analysis/replan.ts), each shown as a diff of the plan and accepted or rejected. Accepting
 * writes it in one transaction; the forecast and the week's compliance read the changed weeks at
 * once; an accepted change can be undone.
 */

export const REPLAN_CSV_COLUMNS = ['proposal_id', 'kind', 'finding', 'severity', 'summary', 'session_id', 'date_before', 'date_after', 'type_before', 'type_after', 'distance_km_before', 'distance_km_after'] as const;

export class ReplanCell extends Cell {
  static override properties = {
    builtPlan: { attribute: false },
    weeks: { attribute: false },
    planId: { attribute: false },
    activities: { attribute: false },
    sessions: { attribute: false },
    wellness: { attribute: false },
    settings: { attribute: false },
    today: { attribute: false },
    worker: { attribute: false },
    message: { state: true },
    busy: { state: true },
  };

  declare builtPlan: BuiltPlanState | null;
  declare weeks: PlanWeekInput[] | null;
  declare planId: number | null;
  declare activities: ActivityInput[] | null;
  declare sessions: ActivityInput[] | null;
  declare wellness: WellnessDay[] | null;
  declare settings: Settings;
  declare today: string;
  declare worker: WorkerRef;
  declare message: string | null;
  declare busy: boolean;
  private result: Replan | null = null;

  constructor() {
    super();
    this.builtPlan = null;
    this.weeks = null;
    this.planId = null;
    this.activities = null;
    this.sessions = null;
    this.wellness = null;
    this.message = null;
    this.busy = false;
  }

  static override readonly spec = cellSpec<ReplanCell>({
    kind: 'replan', title: 'Replanning', tag: 'fitbook-replan-cell',
    inputs: ['builtPlan', 'weeks', 'planId', 'activities', 'sessions', 'wellness', 'settings', 'today', 'worker'],
  });

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('builtPlan')) this.busy = false;
    if (['builtPlan', 'weeks', 'activities', 'sessions', 'wellness', 'settings', 'today'].some((k) => changed.has(k as keyof ReplanCell))) {
      const plan = this.builtPlan;
      this.result = plan && this.activities && this.weeks ? replan({
        today: this.today,
        planStart: plan.goal.start.today,
        state: { sessions: plan.sessions, weeks: this.weeks },
        availability: plan.goal.availability,
        activities: [...this.activities, ...(this.sessions ?? [])],
        wellness: this.wellness ?? [],
        decided: new Set(plan.changes.filter((c) => c.status !== 'undone').map((c) => c.proposalId)),
      }, { easyHrBand: this.settings.zones[1] }) : null;
    }
  }

  private km(km: number | null): string {
    return km === null ? '—' : `${kmIn(km, this.units)} ${this.units}`;
  }

  private sessionName(s: { type: Proposal['sessionChanges'][number]['before']['type']; date: string }): string {
    return `the ${sessionTypeTitle(s.type).toLowerCase()} of ${s.date}`;
  }

  /** What a proposal does, in words (also what the change history keeps). */
  private summary(p: Proposal): string {
    const d: ProposalDetail = p.detail;
    const before = p.sessionChanges[0]?.before;
    switch (d.kind) {
      case 'reduce-volume':
        return `Run ${Math.round(d.factor * 100)} % of the planned distance in the week of ${formatDay(d.weekStart).slice(4)}, then build again by at most 10 % a week.`;
      case 'hold-volume':
        return `Hold the week of ${formatDay(d.weekStart).slice(4)} at ${this.km(d.km)} instead of adding to it; the weeks after build on from there.`;
      case 'swap-type':
        return before ? `Make ${this.sessionName(before)} an easy run of the same distance.` : 'Make a hard session an easy run.';
      case 'remove-reps':
        return before ? `Do ${d.fromReps - 1} repetitions instead of ${d.fromReps} in ${this.sessionName(before)}.` : 'Remove a rep block.';
      case 'move-session':
        return before ? `Move ${this.sessionName(before)} by ${d.days} day${d.days === 1 ? '' : 's'}, to ${p.sessionChanges[0]?.after.date}.` : 'Move a session.';
      case 'move-block':
        return `Move the rest of the week ${Math.abs(d.days)} day${Math.abs(d.days) === 1 ? '' : 's'} ${d.days > 0 ? 'later' : 'earlier'}: ${p.sessionChanges.length} session${p.sessionChanges.length === 1 ? '' : 's'} from ${formatDay(d.fromDate)} on.`;
      case 'insert-recovery-week':
        return `Make the week of ${formatDay(d.weekStart).slice(4)} a recovery week: its sessions still to come at ${Math.round(d.factor * 100)} % of their distance, none of them hard.`;
    }
  }

  /** The numbers that triggered a proposal. */
  private evidence(f: DriftFinding): string {
    switch (f.kind) {
      case 'skipped_sessions':
        return `${f.skipped} of ${f.planned} sessions due in the last 14 days were not done (${Math.round(f.skippedShare * 100)} %).`;
      case 'distance_drift':
        return `You ran ${this.km(f.actualKm)} of the ${this.km(f.plannedKm)} planned from ${formatDay(f.from)} to yesterday (${f.driftPct > 0 ? '+' : '−'}${Math.abs(Math.round(f.driftPct))} %).`;
      case 'pace_drift':
        return `Your easy runs at ${f.hrBand[0]}–${f.hrBand[1]} bpm are ${Math.round(Math.abs(f.deltaSPerKm) * (unitMetres(this.units) / 1000))} s/${this.units} ${f.direction} than in the 4 weeks before (${f.runs} runs against ${f.baselineRuns}).`;
      case 'recovery_slump': {
        const parts: string[] = [];
        if (f.signals.includes('hrv') && f.hrvMs !== null && f.hrvBaselineMs !== null) parts.push(`HRV ${Math.round(f.hrvMs)} ms against ${Math.round(f.hrvBaselineMs)} ms usually`);
        if (f.signals.includes('resting_hr') && f.restingHrRiseBpm !== null) parts.push(`resting HR up ${Math.round(f.restingHrRiseBpm)} bpm`);
        if (f.signals.includes('sleep')) parts.push(`${f.shortSleepNights} nights under 6 h of the last ${f.sleepNights}`);
        return `Your recovery is down over the last 7 days: ${parts.join(', ')}.`;
      }
    }
  }

  private async decide(p: Proposal, accept: boolean): Promise<void> {
    const planId = this.planId;
    if (planId === null || this.busy) return;
    // Busy until the notebook has read the changed plan back (willUpdate): a second click on a
    // proposal computed from the plan before this change would overwrite it.
    this.busy = true;
    try {
      await this.flushPlanEdits();
      if (accept) {
        await this.worker.api.applyPlanChange(planId, {
          proposalId: p.id, kind: p.kind, summary: this.summary(p),
          sessions: p.sessionChanges.map((c) => c.after), weeks: p.weekChanges.map((c) => c.after),
        });
      } else {
        await this.worker.api.rejectProposal(planId, p.id, p.kind, this.summary(p));
      }
      this.message = accept ? 'Accepted: the plan, the forecast and the week now follow the change.' : 'Rejected: it will not be proposed again.';
      this.dispatchEvent(new CustomEvent('plan-sessions-changed', { bubbles: true, composed: true }));
    } catch (error) {
      this.message = `The plan could not be changed: ${(error as Error).message}`;
      this.busy = false;
    }
  }

  private async undo(changeId: number): Promise<void> {
    const planId = this.planId;
    if (planId === null || this.busy) return;
    this.busy = true;
    try {
      await this.flushPlanEdits();
      await this.worker.api.undoPlanChange(planId, changeId);
      this.message = 'Undone: the sessions and weeks are as they were before.';
      this.dispatchEvent(new CustomEvent('plan-sessions-changed', { bubbles: true, composed: true }));
    } catch (error) {
      this.message = `It could not be undone: ${(error as Error).message}`;
      this.busy = false;
    }
  }

  private downloadCsv(): void {
    const r = this.result;
    if (!r) return;
    downloadText(`fitbook-replan-${this.today}.csv`, toCsv(REPLAN_CSV_COLUMNS, r.proposals.flatMap((p) => p.sessionChanges.map(({ before, after }) => [
      p.id, p.kind, p.finding.kind, p.finding.severity, this.summary(p), before.id, before.date, after.date, before.type, after.type, before.distanceKm, after.distanceKm,
    ]))));
  }

  private renderProposal(p: Proposal) {
    // A change to a week lists that week's sessions; the weeks it lowers after it are said as weeks.
    const focus = 'weekStart' in p.detail ? p.detail.weekStart : null;
    const shown = focus === null ? p.sessionChanges : p.sessionChanges.filter((c) => mondayOf(c.before.date) === focus);
    const later = p.sessionChanges.length - shown.length;
    return html`
      <article class="proposal" data-proposal=${p.kind} data-proposal-id=${p.id}>
        <p class="summary"><strong>${this.summary(p)}</strong></p>
        <p class="evidence" data-testid="proposal-evidence">Why: ${this.evidence(p.finding)}</p>
        <div class="table-wrap"><table class="diff">
          <caption class="visually-hidden">What changes</caption>
          <thead><tr><th scope="col">Session</th><th scope="col">Before</th><th scope="col">After</th></tr></thead>
          <tbody>${shown.map(({ before, after }) => html`<tr data-diff-session=${before.id}>
            <th scope="row">${formatDay(before.date)}</th>
            <td>${sessionTitle(before, (km) => this.km(km))}</td>
            <td>${after.date !== before.date ? `${formatDay(after.date)}: ` : ''}${sessionTitle(after, (km) => this.km(km))}</td></tr>`)}
          ${later > 0 ? html`<tr><th scope="row">Later weeks</th><td colspan="2">${later} session${later === 1 ? '' : 's'} shortened, so no week climbs more than 10 %</td></tr>` : nothing}
          ${p.weekChanges.filter((w) => w.before.distanceKm !== w.after.distanceKm).map(({ before, after }) => html`<tr data-diff-week=${before.weekStart}>
            <th scope="row">Week of ${formatDay(before.weekStart).slice(4)}</th><td>${this.km(before.distanceKm)}</td><td>${this.km(after.distanceKm)}${after.recovery && !before.recovery ? ' (recovery)' : ''}</td></tr>`)}
          </tbody></table></div>
        <div class="buttons" data-edit>
          <button data-action="accept-proposal" ?disabled=${this.busy} @click=${() => void this.decide(p, true)}>Accept</button>
          <button data-action="reject-proposal" ?disabled=${this.busy} @click=${() => void this.decide(p, false)}>Reject</button>
        </div>
      </article>`;
  }

  override render() {
    const plan = this.builtPlan;
    const r = this.result;
    const changes = plan?.changes ?? [];
    // Undone newest first (db/plans.ts undoPlanChange): only the latest accepted change offers it.
    const lastAccepted = changes.find((c) => c.status === 'accepted')?.id;
    return html`
      <section aria-labelledby="replan-title">
        <header>
          <h2 id="replan-title">Replanning</h2>
          <div class="actions">
            <button data-action="download-csv" ?disabled=${!r || r.proposals.length === 0} @click=${() => this.downloadCsv()}>Download data (CSV)</button>
            ${this.collapseButton()}
          </div>
        </header>
        ${this.collapsed ? nothing : html`
          ${this.message ? html`<p class="note" role="status" data-testid="replan-message">${this.message}</p>` : nothing}
          ${!plan ? html`<p class="empty" data-testid="replan-no-plan">Replanning compares a plan built from a goal with what you did. This plan was written by hand: build one in the Plan builder.</p>`
            : !r ? html`<p class="note" role="status">Reading your training…</p>` : html`
              ${r.report.findings.length === 0
                ? html`<p class="empty" data-testid="replan-none">Plan and reality agree from ${r.report.from} to ${r.report.to}: nothing to change.</p>`
                : html`<ul class="findings">${r.report.findings.map((f) => html`<li data-finding=${f.kind} data-severity=${f.severity}><span class="sev ${f.severity}">${f.severity}</span> ${this.evidence(f)}</li>`)}</ul>`}
              ${r.proposals.length ? r.proposals.map((p) => this.renderProposal(p))
                : r.report.findings.length ? html`<p class="note" data-testid="replan-no-proposal">No change to offer: ${r.report.findings.every((f) => f.severity === 'info') ? 'nothing here calls for one' : 'every change that would answer this breaks a rule of the plan, or was decided already'}.</p>` : nothing}
              ${changes.length ? html`<h3>Changes so far</h3><ul class="history">${changes.map((c) => html`<li data-change-id=${c.id} data-change-status=${c.status}>
                ${c.createdAt.slice(0, 10)} · ${c.status}: ${c.summary}
                ${c.id === lastAccepted ? html`<button data-action="undo-change" data-edit ?disabled=${this.busy} @click=${() => void this.undo(c.id)}>Undo</button>` : nothing}</li>`)}</ul>` : nothing}`}
          ${explain('replan', 'these proposals', r ? `From ${r.report.from} to ${r.report.to}: ${r.report.findings.length} finding${r.report.findings.length === 1 ? '' : 's'}, ${r.proposals.length} proposal${r.proposals.length === 1 ? '' : 's'}; easy runs are those at ${this.settings.zones[1][0]}–${this.settings.zones[1][1]} bpm (zone 2).` : 'No plan built from a goal is open.')}`}
      </section>`;
  }

  static override styles = [cellStyles, explainStyles, css`
    h3 { font-size: 1rem; margin: 0.75rem 0 0.4rem; }
    .findings, .history { padding-left: 1.1rem; margin: 0.5rem 0; font-size: 0.9rem; }
    .sev { font-size: 0.75rem; text-transform: uppercase; border-radius: 4px; padding: 0 0.3rem; border: 1px solid var(--border); }
    .sev.alert { color: var(--danger); border-color: var(--danger); }
    .proposal { border: 1px solid var(--border); border-radius: 8px; padding: 0.5rem 0.75rem; margin: 0.5rem 0; }
    .summary, .evidence { margin: 0.25rem 0; }
    .evidence { color: var(--muted); font-size: 0.9rem; }
    table.diff { border-collapse: collapse; font-size: 0.85rem; }
    table.diff th, table.diff td { text-align: left; padding: 0.2rem 0.5rem; border-bottom: 1px solid var(--border); }
    table.diff th { white-space: nowrap; }
    .buttons { display: flex; gap: 0.5rem; margin-top: 0.4rem; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  `];
}

customElements.define(ReplanCell.spec.tag, ReplanCell);
