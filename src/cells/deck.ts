import { css, html, nothing, type PropertyValues } from 'lit';
import { Cell, cellSpec, type WorkerRef } from './cell';
import { addDays, dayNumber, mondayOf } from '../analysis/calendar';
import { activitySport, matchSessions, sessionSport, type TrackedSession } from '../analysis/sessionMatch';
import { sessionTarget, type SessionTarget } from '../analysis/sessionTargets';
import { qualitySessionsFor, qualitySessionText, type QualitySession } from '../analysis/qualitySessions';
import { applyProposal, movesKeepingRules, planDiff, type PlanState, type ProposalDetail } from '../analysis/replan';
import { distanceLabel, racePredictions } from '../analysis/recordsSummary';
import type { ActivityTableRow } from '../analysis/activityTable';
import type { ActivityInput } from '../analysis/types';
import type { Settings } from '../app/settings';
import type { BuiltPlanState, PlanWeekInput } from '../database';
import { planToIcs, sessionTitle, sessionTypeTitle } from '../ui/ics';
import { downloadText, toCsv } from '../ui/csv';
import { formatDay, formatDistance, formatPace, formatPaceValue, kmIn } from '../ui/format';
import { cellStyles } from './styles';
import { explain, explainStyles } from './explain';

/**
 * Session deck (issue #17, Stride's "what should I run today?"): the week's sessions of the plan
 * built from a goal, as cards with their targets in the athlete's own zones and paces; each shows
 * the activity that fulfilled it (matched by day and sport, sessionMatch.ts, or picked by hand),
 * and can be skipped or moved (a move that would break a plan rule is not offered). Below, the
 * sixteen quality sessions for "I have N minutes today", each to a calendar or shared.
 */

const MINUTES = [30, 45, 60, 75, 90, 120] as const;
export const DECK_CSV_COLUMNS = ['date', 'type', 'distance_km', 'duration_min', 'status', 'activity_id', 'zones', 'hr_low', 'hr_high', 'pace_fast_min_per_km', 'pace_slow_min_per_km'] as const;

interface Card {
  session: TrackedSession;
  /** The activity that fulfilled it (by hand or by matching), else null. */
  activity: ActivityInput | null;
  /** By hand: the deck offers to unlink it. */
  picked: boolean;
  /** 'before': dated before the plan was built (early in its first week), never asked of the athlete. */
  state: 'done' | 'skipped' | 'missed' | 'before' | 'today' | 'planned';
  target: SessionTarget;
  /** Activities the athlete may pick instead (the session's sport, within 3 days). */
  candidates: ActivityInput[];
  /** Shifts (days) it may move by without breaking a plan rule… */
  moves: number[];
  /** …and it with the rest of its week. */
  blockMoves: number[];
}

export class DeckCell extends Cell {
  static override properties = {
    builtPlan: { attribute: false },
    weeks: { attribute: false },
    planId: { attribute: false },
    activities: { attribute: false },
    sessions: { attribute: false },
    rows: { attribute: false },
    settings: { attribute: false },
    today: { attribute: false },
    worker: { attribute: false },
    message: { state: true },
  };

  declare builtPlan: BuiltPlanState | null;
  declare weeks: PlanWeekInput[] | null;
  declare planId: number | null;
  declare activities: ActivityInput[] | null;
  declare sessions: ActivityInput[] | null;
  declare rows: ActivityTableRow[] | null;
  declare settings: Settings;
  declare today: string;
  declare worker: WorkerRef;
  /** What the last action did or why it could not ("Copied", an error). */
  declare message: string | null;
  private cards: Card[] = [];
  private vdot: number | null = null;

  constructor() {
    super();
    this.builtPlan = null;
    this.weeks = null;
    this.planId = null;
    this.activities = null;
    this.sessions = null;
    this.rows = null;
    this.message = null;
  }

  static override readonly spec = cellSpec<DeckCell>({
    kind: 'deck', title: 'Session deck', tag: 'fitbook-deck-cell',
    inputs: ['builtPlan', 'weeks', 'planId', 'activities', 'sessions', 'rows', 'settings', 'today', 'worker'],
  });

  /** The Monday of the week shown: this week, moved by the cell's `week` parameter. */
  private weekStart(): string {
    return addDays(mondayOf(this.today), 7 * this.param<number>('week', 0));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('activities') || changed.has('rows') || changed.has('today')) {
      this.vdot = this.activities ? racePredictions(this.activities, this.rows, { asOf: this.today }).source?.vdot ?? null : null;
    }
    // The moves each card offers are checked against the whole plan (~30 ms for a 44-week plan):
    // only when what they depend on changed, not for a message.
    if (['builtPlan', 'weeks', 'activities', 'sessions', 'rows', 'settings', 'today', 'params'].some((k) => changed.has(k as keyof DeckCell))) this.cards = this.buildCards();
  }

  private buildCards(): Card[] {
    const plan = this.builtPlan;
    if (!plan || !this.activities) return [];
    const done = [...this.activities, ...(this.sessions ?? [])];
    const matched = matchSessions(plan.sessions.map((s) => ({ date: s.date, sport: sessionSport(s.type), status: s.status, activityId: s.activityId })), done);
    const byId = new Map(done.map((a) => [a.id, a]));
    const used = new Set(matched.filter((m): m is number => m !== null));
    const from = this.weekStart();
    const to = addDays(from, 6);
    const state: PlanState = { sessions: plan.sessions, weeks: this.weeks ?? [] };
    const availability = plan.goal.availability;
    const raceKm = plan.goal.goal.distanceKm;
    return plan.sessions.flatMap((session, i) => {
      if (session.date < from || session.date > to) return [];
      const activity = byId.get(matched[i] ?? NaN) ?? null;
      const past = session.date < this.today;
      const cardState: Card['state'] = activity ? 'done' : session.status === 'skipped' ? 'skipped'
        : session.date < plan.goal.start.today ? 'before' : past ? 'missed' : session.date === this.today ? 'today' : 'planned';
      const sport = sessionSport(session.type);
      const candidates = activity ? [] : done.filter((a) => !used.has(a.id) && activitySport(a) === sport && Math.abs(dayNumber(a.localDate) - dayNumber(session.date)) <= 3)
        .sort((a, b) => a.startMs - b.startMs);
      return [{
        session, activity, picked: session.status === 'done' && session.activityId !== null, state: cardState,
        target: sessionTarget(session, this.settings.zones, this.vdot, raceKm), candidates,
        moves: activity || session.type === 'race' ? [] : movesKeepingRules(state, availability, this.today, (days) => ({ kind: 'move-session', sessionId: session.id, days })),
        blockMoves: activity || session.type === 'race' || session.date < this.today ? []
          : movesKeepingRules(state, availability, this.today, (days) => ({ kind: 'move-block', weekStart: mondayOf(session.date), fromDate: session.date, days })),
      }];
    });
  }

  private async act(what: () => Promise<unknown>): Promise<void> {
    try {
      await this.flushPlanEdits();
      await what();
      this.message = null;
      this.dispatchEvent(new CustomEvent('plan-sessions-changed', { bubbles: true, composed: true }));
    } catch (error) {
      this.message = `That did not work: ${(error as Error).message}`;
    }
  }

  private setStatus(card: Card, status: 'planned' | 'done' | 'skipped', activityId: number | null): void {
    const planId = this.planId;
    if (planId === null) return;
    void this.act(() => this.worker.api.setSessionStatus(planId, card.session.id, status, activityId));
  }

  /** A session moved by hand, alone or with the rest of its week: a plan change like an accepted proposal (undoable in Replanning). */
  private move(card: Card, days: number, block: boolean): void {
    const planId = this.planId;
    const plan = this.builtPlan;
    if (planId === null || !plan || !days) return;
    const state: PlanState = { sessions: plan.sessions, weeks: this.weeks ?? [] };
    const s = card.session;
    const detail: ProposalDetail = block ? { kind: 'move-block', weekStart: mondayOf(s.date), fromDate: s.date, days } : { kind: 'move-session', sessionId: s.id, days };
    const diff = planDiff(state, applyProposal(state, detail, this.today));
    const what = sessionTitle(s, (km) => distanceLabel(km * 1000, this.units));
    void this.act(() => this.worker.api.applyPlanChange(planId, {
      proposalId: `moved-by-hand:${s.id}:${block ? 'block:' : ''}${days}`, kind: detail.kind,
      summary: `${what} of ${s.date}${block ? ' and the rest of its week' : ''} moved by hand ${Math.abs(days)} day${Math.abs(days) === 1 ? '' : 's'} ${days > 0 ? 'later' : 'earlier'}`,
      sessions: diff.sessionChanges.map((c) => c.after), weeks: diff.weekChanges.map((c) => c.after),
    }));
  }

  /**
   * The plan's sessions as they stand now (moved, eased, shortened): each keeps its UID, so a
   * calendar that imported the plan before updates its events instead of adding new ones.
   */
  private exportPlanIcs(): void {
    const plan = this.builtPlan;
    if (!plan) return;
    const name = plan.goal.goal.name;
    const ics = planToIcs(plan.sessions, { calendarName: name, now: new Date(), formatDistance: (km) => distanceLabel(km * 1000, this.units) });
    downloadText(`fitbook-plan-${name.replace(/[^\w-]+/g, '-').toLowerCase()}.ics`, ics, 'text/calendar');
  }

  private qualityIcs(q: QualitySession): void {
    const ics = planToIcs([{
      id: `quality:${q.id}:${this.today}`, date: this.today, phase: 'specific', week: 0, weekday: 0, type: q.type, intensity: 'hard',
      structure: q.structure, distanceKm: null, durationMin: q.minutes,
    }], { calendarName: 'fitbook', now: new Date(), formatDistance: (km) => distanceLabel(km * 1000, this.units) });
    downloadText(`fitbook-${q.id}-${this.today}.ics`, ics, 'text/calendar');
  }

  /** Web Share where the browser has it (phones), else the clipboard; said either way. */
  private async share(q: QualitySession): Promise<void> {
    const text = qualitySessionText(q);
    try {
      if (typeof navigator.share === 'function') {
        await navigator.share({ title: q.name, text });
        this.message = `Shared “${q.name}”.`;
      } else {
        await navigator.clipboard.writeText(text);
        this.message = `Copied “${q.name}” to the clipboard: paste it in a message.`;
      }
    } catch (error) {
      // A share the athlete cancelled is not an error worth a message.
      this.message = (error as Error).name === 'AbortError' ? null : `Could not share it from this browser; the text is: ${text}`;
    }
  }

  private downloadCsv(): void {
    downloadText(`fitbook-deck-${this.weekStart()}.csv`, toCsv(DECK_CSV_COLUMNS, this.cards.map(({ session: s, activity, state, target: t }) => [
      s.date, s.type, s.distanceKm, s.durationMin, state, activity?.id ?? null, t.zones ? `Z${t.zones[0]}${t.zones[1] !== t.zones[0] ? `-Z${t.zones[1]}` : ''}` : null,
      t.hr?.[0] ?? null, t.hr?.[1] ?? null, t.paceMinPerKm?.[0] ?? null, t.paceMinPerKm?.[1] ?? null,
    ])));
  }

  protected override reportParams(): string[] {
    return [`Week of ${this.weekStart()}`];
  }

  private targetText(t: SessionTarget): string {
    const zones = t.zones ? `Zone ${t.zones[0]}${t.zones[1] !== t.zones[0] ? `–${t.zones[1]}` : ''} (${t.hr?.[0]}–${t.hr?.[1]} bpm)` : '';
    const pace = t.paceMinPerKm ? `${formatPaceValue(t.paceMinPerKm[0], this.units)}–${formatPace(t.paceMinPerKm[1], this.units)} ${t.paceNote}` : t.paceNote;
    return [zones, pace].filter(Boolean).join(' · ');
  }

  private renderCard(card: Card) {
    const s = card.session;
    const amount = s.distanceKm !== null && s.distanceKm > 0 ? `${kmIn(s.distanceKm, this.units).toFixed(1)} ${this.units}` : s.durationMin !== null ? `${s.durationMin} min` : '';
    const a = card.activity;
    return html`
      <li class="card ${card.state}" data-session-id=${s.id} data-status=${card.state} data-type=${s.type}>
        <div class="top"><strong>${sessionTypeTitle(s.type)}</strong> <span class="day">${formatDay(s.date)}</span></div>
        <div class="amount" data-metric="session-distance" data-value=${s.distanceKm ?? ''}>${amount}</div>
        <div class="structure">${s.structure}</div>
        <div class="target" data-metric="session-target">${this.targetText(card.target)}</div>
        ${a ? html`<div class="status" data-testid="session-done" data-activity-id=${a.id}>✓ Done${card.picked ? ' (picked by hand)' : ''}:
            ${a.id > 0 ? html`<button class="link" data-action="open-session-activity" @click=${() => this.dispatchEvent(new CustomEvent<number>('open-activity', { detail: a.id, bubbles: true, composed: true }))}>${a.name ?? 'run'}</button>` : html`<span>${a.name ?? 'off-watch session'}</span>`}
            ${a.distanceM ? formatDistance(a.distanceM, this.units) : ''}
            ${card.picked ? html`<button data-action="unmark-session" @click=${() => this.setStatus(card, 'planned', null)}>Unlink</button>` : nothing}</div>`
          : card.state === 'skipped' ? html`<div class="status">Skipped <button data-action="unskip-session" @click=${() => this.setStatus(card, 'planned', null)}>Undo skip</button></div>`
            : card.state === 'missed' ? html`<div class="status">Not done</div>`
              : card.state === 'before' ? html`<div class="status">Before you built the plan</div>` : nothing}
        ${a || card.state === 'skipped' || card.state === 'before' ? nothing : html`<div class="edit" data-edit>
          ${card.candidates.length ? html`<label>Done as <select data-action="fulfil-session" @change=${(e: Event) => { const v = Number((e.target as HTMLSelectElement).value); if (v) this.setStatus(card, 'done', v); }}>
              <option value="">Pick…</option>${card.candidates.map((c) => html`<option value=${c.id}>${formatDay(c.localDate)} · ${c.name ?? 'run'}${c.distanceM ? ` · ${formatDistance(c.distanceM, this.units)}` : ''}</option>`)}</select></label>` : nothing}
          <button data-action="skip-session" @click=${() => this.setStatus(card, 'skipped', null)}>Skip</button>
          ${card.moves.length ? html`<label>Move to <select data-action="move-session" @change=${(e: Event) => this.move(card, Number((e.target as HTMLSelectElement).value), false)}>
              <option value="">Pick a day…</option>${card.moves.map((d) => html`<option value=${d}>${formatDay(addDays(s.date, d))}</option>`)}</select></label>` : nothing}
          ${card.blockMoves.length ? html`<label>With the rest of the week <select data-action="move-block" @change=${(e: Event) => this.move(card, Number((e.target as HTMLSelectElement).value), true)}>
              <option value="">Move by…</option>${card.blockMoves.map((d) => html`<option value=${d}>${Math.abs(d)} day${Math.abs(d) === 1 ? '' : 's'} ${d > 0 ? 'later' : 'earlier'}</option>`)}</select></label>` : nothing}
        </div>`}
      </li>`;
  }

  private renderLibrary() {
    const minutes = this.param<number>('minutes', 60);
    const phases = this.builtPlan?.sessions.filter((s) => mondayOf(s.date) === mondayOf(this.today)).map((s) => s.phase) ?? [];
    const phase = phases.length ? (phases[0] === 'race' ? 'taper' : phases[0]) ?? null : null;
    const list = qualitySessionsFor(minutes, phase);
    return html`
      <h3 id="deck-library-title">I have time today: what should I do?</h3>
      <label class="minutes" data-edit>Time I have <select data-testid="deck-minutes" @change=${(e: Event) => this.setParam('minutes', Number((e.target as HTMLSelectElement).value))}>
        ${MINUTES.map((m) => html`<option value=${m} ?selected=${m === minutes}>${m < 120 ? `${m} min` : '2 h'}</option>`)}</select></label>
      <span class="note">${phase ? `Sessions for your ${phase} phase.` : 'Sessions for any phase (no plan built from a goal).'}</span>
      ${list.length === 0 ? html`<p class="empty" data-testid="deck-library-empty">None of the sixteen fits ${minutes} minutes in your ${phase} phase: an easy run is the session today.</p>` : html`
        <ul class="library" aria-labelledby="deck-library-title">${list.map((q) => html`
          <li class="card" data-quality-session=${q.id}>
            <div class="top"><strong>${q.name}</strong> <span class="day">${q.minutes} min · ${q.type}</span></div>
            <div class="structure">${q.structure}</div>
            <div class="edit" data-edit>
              <button data-action="quality-ics" @click=${() => this.qualityIcs(q)}>Add to my calendar (.ics)</button>
              <button data-action="share-session" @click=${() => void this.share(q)}>Share</button>
            </div>
          </li>`)}</ul>`}`;
  }

  override render() {
    const plan = this.builtPlan;
    const from = this.weekStart();
    const offset = this.param<number>('week', 0);
    return html`
      <section aria-labelledby="deck-title">
        <header>
          <h2 id="deck-title">Session deck</h2>
          <div class="actions">
            <button data-action="deck-prev-week" aria-label="Previous week" @click=${() => this.setParam('week', offset - 1)}>←</button>
            <button data-action="deck-this-week" ?disabled=${offset === 0} @click=${() => this.setParam('week', 0)}>This week</button>
            <button data-action="deck-next-week" aria-label="Next week" @click=${() => this.setParam('week', offset + 1)}>→</button>
            <button data-action="export-ics" ?disabled=${!this.builtPlan} title="Every session of the plan as it stands now, moves and accepted changes included" @click=${() => this.exportPlanIcs()}>Plan to my calendar (.ics)</button>
            <button data-action="download-csv" ?disabled=${this.cards.length === 0} @click=${() => this.downloadCsv()}>Download data (CSV)</button>
            ${this.collapseButton()}
          </div>
        </header>
        ${this.collapsed ? nothing : html`
          ${this.message ? html`<p class="note" role="status" data-testid="deck-message">${this.message}</p>` : nothing}
          ${!plan ? html`<p class="empty" data-testid="deck-no-plan">This plan was written by hand, so it has no dated sessions. Build one from your goal race in the Plan builder: its sessions show here as cards.</p>`
            : !this.activities ? html`<p class="note" role="status">Reading your runs…</p>` : html`
              <h3>Week of ${formatDay(from)}</h3>
              ${this.cards.length === 0 ? html`<p class="empty" data-testid="deck-empty">${from > (plan.sessions.at(-1)?.date ?? '') ? 'The plan ends before this week.' : from < (plan.sessions[0]?.date ?? '') ? 'The plan starts after this week.' : 'Rest: no session this week.'}</p>`
                : html`<ul class="cards" aria-label="Sessions of the week">${this.cards.map((c) => this.renderCard(c))}</ul>`}`}
          ${this.renderLibrary()}
          ${explain('deck', 'these cards', plan
            ? `Targets from your zones (settings) and ${this.vdot === null ? 'no recent best effort (paces go by heart rate)' : `a VDOT of ${this.vdot.toFixed(1)} from your best effort of the last 90 days`}. Sessions of “${plan.goal.goal.name}”, ${plan.sessions.length} in all.`
            : 'No plan built from a goal is open.')}`}
      </section>`;
  }

  static override styles = [cellStyles, explainStyles, css`
    h3 { font-size: 1rem; margin: 0.75rem 0 0.4rem; }
    ul.cards, ul.library { list-style: none; padding: 0; margin: 0.5rem 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: 0.5rem; }
    .card { border: 1px solid var(--border); border-radius: 8px; padding: 0.5rem 0.6rem; display: flex; flex-direction: column; gap: 0.25rem; min-width: 0; overflow-wrap: anywhere; }
    .card.done { border-color: var(--success, #2f855a); }
    .card.skipped, .card.missed, .card.before { border-style: dashed; }
    .card.today { border-width: 2px; border-color: var(--accent); }
    .top { display: flex; justify-content: space-between; gap: 0.5rem; flex-wrap: wrap; }
    .day { color: var(--muted); font-size: 0.85rem; }
    .amount { font-size: 1.2rem; font-variant-numeric: tabular-nums; }
    .structure, .target, .status { font-size: 0.85rem; }
    .target { color: var(--muted); }
    .edit { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; font-size: 0.85rem; }
    .edit label { display: inline-flex; gap: 0.3rem; align-items: center; max-width: 100%; }
    .link { border: none; background: none; padding: 0; color: var(--accent); text-decoration: underline; cursor: pointer; }
    .minutes { margin-right: 0.5rem; }
  `];
}

customElements.define(DeckCell.spec.tag, DeckCell);
