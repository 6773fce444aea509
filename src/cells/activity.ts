import { css, html, nothing } from 'lit';
import * as Plot from '@observablehq/plot';
import { Task, TaskStatus } from '@lit/task';
import { Cell, cellSpec } from './cell';
import type { ActivityTableRow } from '../analysis/activityTable';
import type { ActivityInput } from '../analysis/types';
import { runDecoupling, type Decoupling } from '../analysis/decoupling';
import { cumulativeDistanceM } from '../analysis/pace';
import { bucketMeans, movingMeanByTime } from '../analysis/resample';
import type { Settings } from '../app/settings';
import type { WorkerRef } from './cell';
import { downloadBlob, downloadText, toCsv } from '../ui/csv';
import { formatBytes, formatDistance, formatNumber, formatPace, formatPaceValue, formatSeconds, LOAD_SOURCE_LABELS, sportName } from '../ui/format';
import { mountCharts, zeroBasedDomain, zoneColorScale } from '../ui/chart';
import { cellStyles } from './styles';
import { runFacts } from '../analysis/insights';
import { matchSessions, sessionSport } from '../analysis/sessionMatch';
import { insightSentences } from '../ui/insightText';
import { explain, explainStyles } from './explain';
import type { ActivityDetail, BuiltPlanState } from '../database';

/** Points per chart line: far more than a chart's width needs, far fewer than 3 h at 1 Hz. */
const CHART_POINTS = 600;
/** Half the window the pace line is smoothed over, in seconds. */
const PACE_SMOOTH_S = 15;
/** The types offered when correcting one (Garmin's keys); the activity's own is always offered. */
const CORRECTION_SPORTS = [
  'running', 'trail_running', 'treadmill_running', 'track_running', 'walking', 'hiking', 'cycling', 'road_biking', 'mountain_biking',
  'indoor_cycling', 'lap_swimming', 'open_water_swimming', 'strength_training', 'indoor_cardio', 'yoga', 'other',
] as const;

export const ACTIVITY_CSV_COLUMNS = ['t_s', 'distance_m', 'hr', 'speed_mps', 'altitude_m', 'lat', 'lon'] as const;

/**
 * One activity, opened from a row of the Activities cell: its figures, laps, pace and heart
 * rate over time, pace against heart rate, time in zone, decoupling and the elevation profile.
 * The CSV is its whole recorded stream at full precision.
 */
export class ActivityCell extends Cell {
  static override properties = {
    rows: { attribute: false },
    builtPlan: { attribute: false },
    activities: { attribute: false },
    sessions: { attribute: false },
    settings: { attribute: false },
    worker: { attribute: false },
    dataVersion: { attribute: false },
    deleted: { state: true },
    correctionNote: { state: true },
    correcting: { state: true },
    originalProblem: { state: true },
  };

  /** Why the last "Download original file" failed, in fitbook's words. */
  declare originalProblem: string | null;

  declare rows: ActivityTableRow[] | null;
  /** The plan built from a goal, with the activities and off-watch sessions that fulfil its sessions (the run's place in the plan). */
  declare builtPlan: BuiltPlanState | null;
  declare activities: ActivityInput[] | null;
  declare sessions: ActivityInput[] | null;
  /** The activity the athlete just deleted from this cell (offered back with Restore). */
  declare deleted: { id: number; label: string } | null;
  declare correctionNote: string | null;
  /** The "Correct this activity" disclosure is open. */
  declare correcting: boolean;
  declare settings: Settings;
  declare worker: WorkerRef;
  declare dataVersion: number;

  /** The chosen activity's stream and laps, read from the worker whenever the choice or the data change. */
  private readonly reading = new Task(this, {
    args: () => [this.worker, this.chosenId(), this.dataVersion] as const,
    task: async ([worker, id]): Promise<{ id: number; data: ActivityDetail | null; decoupling: Decoupling | null } | null> => {
      if (!worker || id === null) return null;
      const data = await worker.api.activityDetail(id);
      return { id, data, decoupling: data ? runDecoupling(data.stream, data.laps, { segments: 6 }) : null };
    },
  });

  constructor() {
    super();
    this.rows = null;
    this.builtPlan = null;
    this.activities = null;
    this.sessions = null;
    this.deleted = null;
    this.originalProblem = null;
    this.correctionNote = null;
    this.correcting = false;
  }

  private changed(): void {
    this.dispatchEvent(new CustomEvent('data-changed', { bubbles: true, composed: true }));
  }

  /** Rename, re-type, exclude from load (db/corrections.ts): kept through every re-import. */
  private async correct(form: HTMLFormElement, a: ActivityInput): Promise<void> {
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    await this.worker.api.correctActivity(a.id, { name: name || null, sport: String(data.get('sport')), excludedFromLoad: data.get('excluded') === 'on' });
    this.correctionNote = 'Saved. Your corrections stay when this activity is imported again.';
    this.changed();
  }

  private async deleteActivity(a: ActivityInput): Promise<void> {
    await this.worker.api.deleteActivity(a.id);
    this.deleted = { id: a.id, label: `${a.name || sportName(a.sport)} on ${a.localDate}` };
    this.changed();
  }

  /** The recording as it was imported (a FIT from the watch, a GPX from an app), from the kept originals. */
  private async downloadOriginal(): Promise<void> {
    const id = this.detail?.id;
    if (id === undefined) return;
    try {
      const file = await this.worker.api.originalFile(id);
      if (file) downloadBlob(file.name, new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
      this.originalProblem = null;
    } catch (error) {
      this.originalProblem = `Could not download the original: ${(error as Error).message}.`;
    }
  }

  private async restore(): Promise<void> {
    if (!this.deleted) return;
    await this.worker.api.restoreActivity(this.deleted.id);
    this.deleted = null;
    this.changed();
  }

  private corrections(a: ActivityInput) {
    const sports = [...new Set([a.sport, ...CORRECTION_SPORTS])];
    // The form exists only while open: a closed disclosure holds no hidden controls (scripts and
    // checks that use "every select in the cell" meet only what a person can see).
    return html`<details class="correct" data-edit data-testid="activity-corrections" .open=${this.correcting}
      @toggle=${(e: Event) => { this.correcting = (e.target as HTMLDetailsElement).open; }}><summary>Correct this activity</summary>
      ${this.correcting ? html`<form @submit=${(e: Event) => { e.preventDefault(); void this.correct(e.target as HTMLFormElement, a); }}>
        <label>Name <input type="text" name="name" maxlength="120" .value=${a.name ?? ''} /></label>
        <label>Type <select name="sport">${sports.map((k) => html`<option value=${k} ?selected=${k === a.sport}>${sportName(k)}</option>`)}</select></label>
        <label class="check"><input type="checkbox" name="excluded" .checked=${a.excludedFromLoad === true} /> Exclude from training load</label>
        <button type="submit" data-action="edit-activity">Save</button>
        <button type="button" class="danger" data-action="delete-activity" @click=${() => void this.deleteActivity(a)}>Delete activity</button>
      </form>` : nothing}
      ${this.correctionNote ? html`<p class="note" role="status">${this.correctionNote}</p>` : nothing}
    </details>`;
  }

  /** What was read for the activity shown now (null while it is being read). */
  private get detail() {
    return this.reading.status === TaskStatus.COMPLETE ? this.reading.value ?? null : null;
  }

  static override readonly spec = cellSpec<ActivityCell>({ kind: 'activity', title: 'Activity', tag: 'fitbook-activity-cell', inputs: ['rows', 'builtPlan', 'activities', 'sessions', 'settings', 'worker', 'dataVersion'] });

  /** The parameter's activity; without one, the latest run (so "Add a cell" shows something). */
  private chosenId(): number | null {
    const id = this.param('id', -1);
    if (id >= 0) return id;
    const rows = this.rows ?? [];
    return rows.length ? (rows[rows.length - 1] as ActivityTableRow).id : null;
  }

  protected override updated(): void {
    const s = this.detail?.data?.stream;
    const width = Math.max(320, this.clientWidth - 32);
    const units = this.units;
    const paceOf = (v: number) => (v > 0.5 ? (1000 / 60 / v) * (units === 'mi' ? 1.609344 : 1) : NaN);
    const timeTarget = this.renderRoot.querySelector<HTMLElement>('.time-chart');
    if (timeTarget && s) {
      // Pace from speed smoothed over ±15 s (PACE_SMOOTH_S): the 1 Hz line is GPS jitter.
      const r = bucketMeans(s.tS, [s.speedMps && movingMeanByTime(s.tS, s.speedMps, PACE_SMOOTH_S), s.hr], CHART_POINTS);
      // The values are already per km or per mile: m:ss ticks, never decimal minutes.
      const paceTick = (v: number) => formatPaceValue(v);
      const rows = Array.from(r.x, (t, i) => ({ min: t / 60, pace: paceOf(r.ys[0]?.[i] ?? NaN), hr: r.ys[1]?.[i] ?? NaN }));
      const charts: SVGSVGElement[] = [];
      if (s.speedMps) {
        charts.push(Plot.plot({
          width, height: 170, marginLeft: 52,
          x: { label: 'Elapsed time (min)' }, y: { label: `Pace (/${units})`, reverse: true, grid: true, domain: percentileDomain(rows.map((x) => x.pace)), tickFormat: paceTick },
          marks: [Plot.lineY(rows, { x: 'min', y: 'pace', stroke: '#1f77b4', tip: { format: { y: paceTick, x: (v: number) => v.toFixed(1) } } })],
        }) as SVGSVGElement);
      }
      if (s.hr) {
        charts.push(Plot.plot({
          width, height: 150, marginLeft: 52,
          x: { label: 'Elapsed time (min)' }, y: { label: 'Heart rate (bpm)', grid: true, zero: false },
          marks: [Plot.lineY(rows, { x: 'min', y: 'hr', stroke: '#d62728', tip: true })],
        }) as SVGSVGElement);
      }
      if (s.speedMps && s.hr) {
        const scatter = rows.filter((x) => Number.isFinite(x.pace) && Number.isFinite(x.hr));
        charts.push(Plot.plot({
          width: Math.min(width, 420), height: 260, marginLeft: 52,
          x: { label: 'Heart rate (bpm)', domain: percentileDomain(scatter.map((x) => x.hr)), nice: true }, y: { label: `Pace (/${units})`, reverse: true, grid: true, domain: percentileDomain(scatter.map((x) => x.pace)), tickFormat: paceTick },
          marks: [Plot.dot(scatter, { x: 'hr', y: 'pace', r: 2, fill: 'min', tip: { format: { y: paceTick, fill: (v: number) => v.toFixed(0) } } })],
          color: { label: 'Elapsed (min)', legend: true, scheme: 'viridis' },
        }) as SVGSVGElement);
      }
      mountCharts(timeTarget, ...charts);
    }
    const elevation = this.renderRoot.querySelector<HTMLElement>('.elevation-chart');
    if (elevation && s?.altitudeM) {
      const dist = cumulativeDistanceM(s);
      if (dist) {
        const r = bucketMeans(dist, [s.altitudeM], CHART_POINTS);
        const perUnit = units === 'mi' ? 1609.344 : 1000;
        mountCharts(elevation, Plot.plot({
          width, height: 150, marginLeft: 52,
          x: { label: `Distance (${units})` }, y: { label: 'Altitude (m)', grid: true, zero: false },
          marks: [Plot.areaY(Array.from(r.x, (d, i) => ({ d: d / perUnit, alt: r.ys[0]?.[i] ?? NaN })), { x: 'd', y: 'alt', fill: '#8c564b', fillOpacity: 0.3, tip: true })],
        }));
      }
    }
    const tiz = this.renderRoot.querySelector<HTMLElement>('.tiz-chart');
    const row = this.row();
    if (tiz && row?.tizS) {
      const zones = this.settings.zones;
      const data = row.tizS.map((sec, z) => ({ zone: `Z${z + 1} (${zones[z]?.[0]}–${zones[z]?.[1]})`, min: sec / 60 }));
      mountCharts(tiz, Plot.plot({
        width: Math.min(width, 520), height: 150, marginLeft: 120,
        x: { label: 'Minutes', grid: true, nice: true, domain: zeroBasedDomain(data.map((d) => d.min)) }, y: { label: null, domain: data.map((d) => d.zone) },
        color: zoneColorScale(data.map((d) => d.zone)),
        marks: [Plot.barX(data, { y: 'zone', x: 'min', fill: 'zone', tip: true }), Plot.ruleX([0])],
      }));
    }
  }

  private row(): ActivityTableRow | undefined {
    return (this.rows ?? []).find((r) => r.id === this.detail?.id);
  }

  private csv(): string {
    const s = this.detail?.data?.stream;
    if (!s) return toCsv(ACTIVITY_CSV_COLUMNS, []);
    const dist = cumulativeDistanceM(s);
    const at = (a: ArrayLike<number> | null, i: number) => (a && Number.isFinite(a[i]) ? (a[i] as number) : null);
    return toCsv(ACTIVITY_CSV_COLUMNS, Array.from(s.tS, (t, i) => [t, at(dist, i), at(s.hr, i), at(s.speedMps, i), at(s.altitudeM, i), at(s.lat, i), at(s.lon, i)]));
  }

  /** The plan session this activity fulfilled, matched as the deck matches (sessionMatch.ts). */
  private fulfilled(id: number) {
    const plan = this.builtPlan;
    if (!plan || !this.activities) return null;
    const matched = matchSessions(plan.sessions.map((s) => ({ date: s.date, sport: sessionSport(s.type), status: s.status, activityId: s.activityId })), [...this.activities, ...(this.sessions ?? [])]);
    const i = matched.indexOf(id);
    return i < 0 ? null : (plan.sessions[i] ?? null);
  }

  /** The run in its context, in a paragraph (analysis/insights.ts); nothing when no fact has the history it needs. */
  private insights(row: ActivityTableRow | undefined) {
    if (!row || !this.rows) return nothing;
    const sentences = insightSentences(runFacts(row, this.rows, this.settings.zones, this.fulfilled(row.id)), this.units, this.settings.zones);
    if (sentences.length === 0) return nothing;
    return html`<p class="insights" data-testid="run-insights">${sentences.map((s) => html`<span data-insight=${s.kind}>${s.text}</span> `)}</p>`;
  }

  override render() {
    const d = this.detail?.data;
    const a = d?.activity;
    const row = this.row();
    const units = this.units;
    const dec = this.detail?.decoupling;
    return html`
      <section aria-labelledby="activity-title">
        <header>
          <h2 id="activity-title">${a ? html`<span data-private="name" data-private-alt=${sportName(a.sport)}>${a.name || sportName(a.sport)}</span> <span class="note">${a.localDate}</span>` : 'Activity'}</h2>
          <div class="actions">
            <button data-action="download-csv" ?disabled=${!d?.stream} @click=${() => downloadText(`fitbook-activity-${this.detail?.id}.csv`, this.csv())}>Download data (CSV)</button>
            ${d?.original ? html`<button data-action="download-original" title=${`${d.original.name}, ${formatBytes(d.original.sizeBytes)}, as it was imported`} @click=${() => void this.downloadOriginal()}>Download original file</button>` : nothing}
            ${this.collapseButton()}
          </div>
        </header>
        ${this.collapsed ? nothing : this.reading.status === TaskStatus.ERROR ? this.failedRead('this activity', this.reading.error)
          : !this.detail
          ? html`<p class="empty">${this.chosenId() === null ? 'Open an activity from the Activities cell.' : 'Reading the activity…'}</p>`
          : !a ? html`<p class="empty" data-testid="activity-gone">${this.deleted && this.deleted.id === this.detail.id
            ? html`Deleted ${this.deleted.label}. It stays deleted when its file is imported again. <button data-action="restore-activity" @click=${() => void this.restore()}>Restore</button>`
            : 'This activity is no longer in your data: open another from the Activities cell.'}</p>`
          : html`
            ${this.originalProblem ? html`<p class="error" role="alert" data-testid="original-problem">${this.originalProblem}</p>` : nothing}
            ${d?.description ? html`<p class="description" data-testid="activity-description" data-private="description">${d.description}</p>` : nothing}
            <dl class="figures">
              <div class="figure"><dt>Distance</dt><dd>${formatDistance(a.distanceM, units) || '–'}</dd></div>
              <div class="figure"><dt>Moving time</dt><dd>${formatSeconds(a.movingS ?? a.timerS) || '–'}</dd></div>
              <div class="figure"><dt>Pace</dt><dd>${row ? formatPace(row.paceMinPerKm, units) || '–' : '–'}</dd></div>
              <div class="figure"><dt>Avg / max HR</dt><dd>${a.avgHr ?? '–'} / ${a.maxHr ?? '–'}</dd></div>
              <div class="figure"><dt>Ascent</dt><dd>${a.ascentM === null ? '–' : `${formatNumber(a.ascentM, 0)} m`}</dd></div>
              <div class="figure"><dt>Load${row ? html` <span class="note">(${LOAD_SOURCE_LABELS[row.loadSource]})</span>` : nothing}</dt><dd>${row && row.loadSource !== 'none' ? `${row.loadSource === 'trimp_summary' ? '≈ ' : ''}${formatNumber(row.trainingLoad, 0)}` : '–'}</dd></div>
              <div class="figure"><dt>Decoupling</dt><dd>${dec?.decouplingPct != null ? html`<span data-metric="activity-decoupling-pct" data-value=${dec.decouplingPct}>${formatNumber(dec.decouplingPct, 1)} %</span>` : '–'}</dd></div>
            </dl>
            ${dec && dec.decouplingPct === null ? html`<p class="note">No decoupling: ${dec.reason}.</p>` : nothing}
            ${this.insights(row)}
            ${this.corrections(a)}
            ${explain('activity-figures', 'these figures', `This activity: ${d.stream ? `its 1 Hz recording (${d.stream.tS.length.toLocaleString('en')} samples)` : 'its summary (no recording)'}${d.laps.length ? ` and ${d.laps.length} laps` : ''}; load from ${row ? LOAD_SOURCE_LABELS[row.loadSource] : 'no source'}. The pace line is smoothed over ${2 * PACE_SMOOTH_S} s.`)}
            ${d.stream ? html`<div class="time-chart chart" role="img" aria-label="Pace and heart rate over the activity, and pace against heart rate"></div>` : html`<p class="empty">No recorded stream for this activity (a summary only): charts need its FIT file.</p>`}
            ${d.stream?.altitudeM ? html`<h3>Elevation</h3><div class="elevation-chart chart" role="img" aria-label="Altitude along the distance"></div>` : nothing}
            ${row?.tizS ? html`<h3>Time in zone</h3><div class="tiz-chart chart" role="img" aria-label="Minutes in each heart-rate zone"></div>` : nothing}
            ${d.laps.length ? html`<h3>Laps</h3><div class="table-wrap"><table>
              <thead><tr><th scope="col">Lap</th><th scope="col">Distance</th><th scope="col">Time</th><th scope="col">Pace</th><th scope="col">Avg HR</th></tr></thead>
              <tbody>${d.laps.map((l, i) => html`<tr><td>${i + 1}</td><td>${formatDistance(l.distanceM, units)}</td><td>${formatSeconds(l.timerS ?? l.elapsedS)}</td>
                <td>${l.avgSpeedMps ? formatPace(1000 / 60 / l.avgSpeedMps, units) : ''}</td><td>${l.avgHr === null ? '' : formatNumber(l.avgHr, 0)}</td></tr>`)}</tbody>
            </table></div>` : nothing}`}
      </section>
    `;
  }

  static override styles = [cellStyles, explainStyles, css`
    h2 .note { font-weight: normal; }
    .insights { margin: 0.25rem 0 0.75rem; line-height: 1.45; }
    .description { white-space: pre-line; margin: 0.25rem 0 0.75rem; overflow-wrap: anywhere; }
    .error { color: var(--danger); }
    .table-wrap { overflow-x: auto; max-height: 20rem; }
    table { border-collapse: collapse; font-size: 0.9rem; }
    th, td { padding: 0.2rem 0.6rem; border-bottom: 1px solid var(--border); text-align: right; }
    h3 { font-size: 1rem; margin: 1rem 0 0.25rem; }
    .correct { margin: 0.5rem 0; font-size: 0.9rem; }
    .correct form { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: flex-end; margin-top: 0.4rem; }
    .correct label { display: flex; flex-direction: column; color: var(--muted); font-size: 0.85rem; max-width: 100%; }
    .correct label.check { flex-direction: row; align-items: center; gap: 0.3rem; }
    .correct input[type='text'], .correct select { font: inherit; padding: 0.3rem 0.4rem; border: 1px solid var(--border); border-radius: 4px; background: var(--background); color: var(--text); min-height: 2.25rem; }
    .danger { border-color: var(--danger); color: var(--danger); }
  `];
}

/**
 * The 2nd–98th percentile of the values: a stop's 29:59 /km would flatten the pace line, and a
 * few warm-up heart rates squeezed the pace–HR cloud into a third of its frame.
 */
function percentileDomain(values: number[]): [number, number] | undefined {
  const sorted = values.filter(Number.isFinite).sort((x, y) => x - y);
  if (sorted.length < 2) return undefined;
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
  return [q(0.02), q(0.98)];
}

customElements.define(ActivityCell.spec.tag, ActivityCell);
