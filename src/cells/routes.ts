import { css, html, nothing, svg, type PropertyValues } from 'lit';
import * as Plot from '@observablehq/plot';
import { Cell, cellSpec } from './cell';
import { routePath, trimEnds } from '../analysis/routePath';

/** How much of each end of a drawn route the report's "blur route ends" option drops (issue #6). */
export const REPORT_BLUR_M = 500;
import { DEFAULTS as ROUTES, ROUTES_CSV_COLUMNS, routesCsvRows, type Route, type RoutesResult, type RouteTrack, type Trend } from '../analysis/routes';
import type { ActivityInput, Units } from '../analysis/types';
import { formatPaceValue, sportName, unitMetres } from '../ui/format';
import { downloadText, toCsv } from '../ui/csv';
import { mountCharts } from '../ui/chart';
import { cellStyles } from './styles';

/**
 * Routes (metrics.md "Routes"): runs clustered by where they start, each route drawn from one
 * representative GPS track as an SVG path (no map tiles: nothing leaves the browser), most-run
 * first; the chosen route's runs and its pace and grade-adjusted pace over time with their
 * trend lines. Route numbers are buildRoutes' cluster numbers, the `route` column of the
 * activities CSV.
 */

/** A thumbnail's box (SVG user units); the drawing is pure (analysis/routePath). */
const THUMBNAIL = { width: 120, height: 90, paddingPx: 6 };
/** Thumbnails shown before "Show all": the most-run routes; one-off runs make long tails. */
const THUMBNAILS_SHOWN = 24;
/** Runs listed for the chosen route before "Show all". */
const RUNS_SHOWN = 50;
const PACE_COLOR = { legend: true, domain: ['Pace', 'Grade-adjusted pace (GAP)'], range: ['#1f77b4', '#ff7f0e'] };

/** What a thumbnail and the chosen route's header show. */
interface RouteView {
  route: Route;
  /** Median distance of the route's runs, m; null when none has one. */
  typicalDistanceM: number | null;
  /** The name most of its runs carry (ties: the latest), a user string. */
  name: string | null;
  /** Path data of its representative track; null without one. */
  d: string | null;
  /** The same track without its first and last REPORT_BLUR_M metres (null when nothing is left). */
  dBlurred: string | null;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** A trend's slope (min/km per year) for reading: seconds per km or mile per year, and which way. */
function formatTrend(t: Trend | null, units: Units) {
  if (!t) return '–';
  const s = Math.round(t.slopePerYear * 60 * (unitMetres(units) / 1000));
  if (s === 0) return html`±0 s/${units} <span class="note">per year</span>`;
  return html`${s < 0 ? '−' : '+'}${Math.abs(s)} s/${units} <span class="note">per year, ${s < 0 ? 'faster' : 'slower'}</span>`;
}

/** A route's distance in the athlete's unit, one decimal ('' when unknown). */
function formatRouteDistance(m: number | null, units: Units): string {
  return m === null ? '' : `${(m / unitMetres(units)).toFixed(1)} ${units}`;
}

const utcDay = (localDate: string): Date => new Date(`${localDate}T00:00:00Z`);

export class RoutesCell extends Cell {
  static override properties = {
    activities: { attribute: false },
    routes: { attribute: false },
    tracks: { attribute: false },
    today: { attribute: false },
    showAll: { state: true },
    allRuns: { state: true },
  };

  declare activities: ActivityInput[] | null;
  /** The runs clustered into routes, once for the notebook (db/dataset.ts). */
  declare routes: RoutesResult | null;
  declare tracks: RouteTrack[] | null;
  declare today: string;
  declare showAll: boolean;
  declare allRuns: boolean;
  /** Most-run first (ties: route number). */
  private views: RouteView[] = [];
  private byId = new Map<number, ActivityInput>();

  constructor() {
    super();
    this.activities = null;
    this.routes = null;
    this.tracks = null;
    this.showAll = false;
    this.allRuns = false;
  }

  static override readonly spec = cellSpec<RoutesCell>({ kind: 'routes', title: 'Routes', tag: 'fitbook-routes-cell', inputs: ['activities', 'routes', 'tracks', 'today'] });

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('activities')) this.byId = new Map((this.activities ?? []).map((a) => [a.id, a]));
    if (changed.has('activities') || changed.has('routes') || changed.has('tracks')) this.views = this.routeViews();
  }

  private routeViews(): RouteView[] {
    const routes = this.routes?.routes ?? [];
    const trackOf = new Map((this.tracks ?? []).map((t) => [t.activityId, t]));
    return routes.map((route) => {
      // The worker sends one track per route (its latest run with GPS); should it send more, the latest wins.
      let track: RouteTrack | undefined;
      for (let i = route.runIds.length - 1; i >= 0 && !track; i--) track = trackOf.get(route.runIds[i] as number);
      const d = track ? routePath(track, THUMBNAIL) : '';
      // The report's "blur route ends" option swaps this in: the path without its first and last 500 m.
      const dBlurred = track ? routePath(trimEnds(track, REPORT_BLUR_M), THUMBNAIL) : '';
      const counts = new Map<string, number>();
      let name: string | null = null;
      for (const id of route.runIds) {
        const n = this.byId.get(id)?.name;
        if (!n) continue;
        const c = (counts.get(n) ?? 0) + 1;
        counts.set(n, c);
        if (name === null || c >= (counts.get(name) as number)) name = n;
      }
      const distances = route.runIds.flatMap((id) => {
        const m = this.byId.get(id)?.distanceM;
        return m != null && m > 0 ? [m] : [];
      });
      return { route, typicalDistanceM: median(distances), name, d: d || null, dBlurred: dBlurred || null };
    }).sort((a, b) => b.route.runIds.length - a.route.runIds.length || a.route.route - b.route.route);
  }

  /** The chosen route (the `route` param), else the most-run one. */
  private selected(): RouteView | undefined {
    const n = this.param('route', -1);
    return this.views.find((v) => v.route.route === n) ?? this.views[0];
  }

  /** The route last drawn, in which unit: a route with thousands of runs costs Plot ~100 ms, so redraw only when either changes. */
  private drawn: { route: Route; target: HTMLElement; units: Units } | null = null;

  protected override updated(): void {
    this.drawNextFrame(() => {
      const target = this.renderRoot.querySelector<HTMLElement>('.chart');
      const view = this.selected();
      const units = this.units;
      if (!target || !view || (this.drawn?.route === view.route && this.drawn.target === target && this.drawn.units === units)) return;
      mountCharts(target, this.chart(view.route));
      this.drawn = { route: view.route, target, units };
    });
  }

  private chart(route: Route): SVGSVGElement | HTMLElement {
    const units = this.units;
    const [pace, gap] = PACE_COLOR.domain as [string, string];
    const dots = route.points.flatMap((p) => {
      const date = utcDay(p.localDate);
      const run = this.byId.get(p.id)?.name ?? '';
      return [
        ...(Number.isFinite(p.paceMinPerKm) ? [{ date, value: p.paceMinPerKm, series: pace, run }] : []),
        ...(Number.isFinite(p.gapMinPerKm) ? [{ date, value: p.gapMinPerKm, series: gap, run }] : []),
      ];
    });
    const lines = ([[route.paceTrend, pace], [route.gapTrend, gap]] as const).flatMap(([t, series]) =>
      (t ? t.line.map((q) => ({ date: utcDay(q.localDate), value: q.value, series })) : []));
    return Plot.plot({
      width: Math.max(320, this.clientWidth - 32),
      height: 260,
      marginLeft: 56,
      x: { type: 'utc', label: 'Date' },
      // Faster is up: a smaller pace is the better run.
      y: { reverse: true, label: `↑ Faster · pace (min/${units})`, grid: true, tickFormat: (v: number) => formatPaceValue(v, units) },
      color: PACE_COLOR,
      marks: [
        Plot.line(lines, { x: 'date', y: 'value', stroke: 'series', strokeWidth: 2, strokeDasharray: '6,3' }),
        Plot.dot(dots, {
          x: 'date', y: 'value', stroke: 'series', fill: 'series', r: 3, channels: { run: { value: 'run', label: 'Run' } },
          tip: { format: { x: (d: Date) => d.toISOString().slice(0, 10), y: (v: number) => formatPaceValue(v, units), fill: false } },
        }),
      ],
    });
  }

  private downloadCsv(): void {
    if (!this.routes) return;
    const rows = routesCsvRows(this.routes.routes, (id) => this.byId.get(id)?.distanceM ?? null);
    downloadText(`fitbook-routes-${this.today}.csv`, toCsv(ROUTES_CSV_COLUMNS, rows));
  }

  private open(id: number): void {
    this.dispatchEvent(new CustomEvent<number>('open-activity', { detail: id, bubbles: true, composed: true }));
  }

  private thumbnail(v: RouteView, chosen: boolean) {
    const runs = v.route.runIds.length;
    return html`<button class="thumb" data-route=${v.route.route} aria-pressed=${chosen ? 'true' : 'false'} @click=${() => { this.allRuns = false; this.setParam('route', v.route.route); }}>
      <svg data-gps viewBox="0 0 ${THUMBNAIL.width} ${THUMBNAIL.height}" width=${THUMBNAIL.width} height=${THUMBNAIL.height} aria-hidden="true">${v.d
        ? svg`<path d=${v.d} data-d-blurred=${v.dBlurred ?? ''}></path>`
        : this.tracks ? svg`<text x=${THUMBNAIL.width / 2} y=${THUMBNAIL.height / 2} text-anchor="middle" dominant-baseline="middle">No GPS track</text>` : nothing}</svg>
      <span class="caption"><strong>Route ${v.route.route}</strong> <span class="name" data-private="name">${v.name ?? ''}</span></span>
      <span class="note">${runs} ${runs === 1 ? 'run' : 'runs'}${v.typicalDistanceM === null ? '' : ` · ${formatRouteDistance(v.typicalDistanceM, this.units)}`}</span>
    </button>`;
  }

  private details(v: RouteView) {
    const r = v.route;
    // Newest first; a route run a thousand times lists its latest RUNS_SHOWN until asked for all.
    const newest = [...r.points].reverse();
    const runs = this.allRuns ? newest : newest.slice(0, RUNS_SHOWN);
    const trendFigure = (metric: string, label: string, t: Trend | null) => html`
      <div class="figure"><dt>${label}</dt><dd data-metric=${metric} data-value=${t ? t.slopePerYear : ''}>${formatTrend(t, this.units)}</dd></div>`;
    const plotted = r.points.some((p) => Number.isFinite(p.paceMinPerKm) || Number.isFinite(p.gapMinPerKm));
    return html`
      <h3 data-testid="route-title">Route ${r.route}${v.name ? html`: <span data-private="name">${v.name}</span>` : nothing}</h3>
      <dl class="figures">
        <div class="figure"><dt>Runs</dt><dd data-metric="route-runs" data-value=${r.runIds.length}>${r.runIds.length}</dd></div>
        <div class="figure"><dt>Typical distance</dt><dd data-metric="route-distance" data-value=${v.typicalDistanceM ?? ''}>${formatRouteDistance(v.typicalDistanceM, this.units) || '–'}</dd></div>
        ${trendFigure('route-pace-trend', 'Pace trend', r.paceTrend)}
        ${trendFigure('route-gap-trend', 'GAP trend', r.gapTrend)}
      </dl>
      ${!r.paceTrend ? html`<p class="note">A trend needs at least 3 runs with a pace, on more than one day.</p>`
        : !r.gapTrend ? html`<p class="note">A GAP trend needs at least 3 runs with a recorded stream (grade comes from its altitude).</p>`
        : nothing}
      ${plotted
        ? html`<div class="chart" role="img" aria-label=${`Pace and grade-adjusted pace of the runs on route ${r.route} over time, in minutes per ${this.units === 'mi' ? 'mile' : 'kilometre'} (faster up), with dashed trend lines`}></div>`
        : html`<p class="note">No run on this route has a pace to chart.</p>`}
      <div class="table-wrap"><table data-testid="route-runs">
        <thead><tr><th scope="col">Date</th><th scope="col">Name</th><th scope="col">Distance</th><th scope="col">Pace (min/${this.units})</th><th scope="col">GAP (min/${this.units})</th></tr></thead>
        <tbody>${runs.map((p) => {
          const a = this.byId.get(p.id);
          return html`<tr data-activity=${p.id}>
            <td>${p.localDate}</td>
            <td class="name"><button class="open" data-action="open-activity" @click=${() => this.open(p.id)}><span data-private="name" data-private-alt=${sportName(a?.sport ?? '')}>${a?.name || sportName(a?.sport ?? '')}</span></button></td>
            <td>${formatRouteDistance(a?.distanceM ?? null, this.units)}</td><td>${formatPaceValue(p.paceMinPerKm, this.units)}</td><td>${formatPaceValue(p.gapMinPerKm, this.units)}</td></tr>`;
        })}</tbody>
      </table></div>
      ${runs.length < newest.length ? html`<button data-action="route-show-all-runs" @click=${() => { this.allRuns = true; }}>Show all ${newest.length} runs</button>` : nothing}`;
  }

  override render() {
    const views = this.views;
    const chosen = this.selected();
    const withoutStart = this.routes?.withoutStart.length ?? 0;
    const chosenAt = chosen ? views.indexOf(chosen) : -1;
    const shown = this.showAll ? views : views.slice(0, Math.max(THUMBNAILS_SHOWN, chosenAt + 1));
    return html`
      <section aria-labelledby="routes-title">
        <header>
          <h2 id="routes-title">Routes</h2>
          <div class="actions">
            <button data-action="download-csv" ?disabled=${views.length === 0} @click=${() => this.downloadCsv()}>Download data (CSV)</button>
            ${this.collapseButton()}
          </div>
        </header>
        ${this.collapsed ? nothing : views.length === 0 || !chosen
          ? html`<p class="empty">Routes need runs with GPS.</p>`
          : html`
            <p class="note">${views.length} ${views.length === 1 ? 'route' : 'routes'}: runs that start within ${ROUTES.radiusKm * 1000} m of a route's first start share it. Most run first.${withoutStart > 0
              ? html` <span data-testid="routes-without-start" data-value=${withoutStart}>${withoutStart} ${withoutStart === 1 ? 'run has' : 'runs have'} no GPS start and ${withoutStart === 1 ? 'is' : 'are'} in no route.</span>`
              : nothing}</p>
            <div class="thumbs" role="group" aria-label="Routes, most run first">${shown.map((v) => this.thumbnail(v, v === chosen))}</div>
            ${shown.length < views.length ? html`<button data-action="routes-show-all" @click=${() => { this.showAll = true; }}>Show all ${views.length} routes</button>` : nothing}
            ${this.details(chosen)}`}
      </section>
    `;
  }

  static override styles = [cellStyles, css`
    h3 { font-size: 1rem; margin: 1rem 0 0.25rem; }
    dd .note { display: block; }
    .thumbs { display: grid; grid-template-columns: repeat(auto-fill, minmax(8.5rem, 1fr)); gap: 0.5rem; margin: 0.5rem 0; }
    .thumb { display: flex; flex-direction: column; align-items: center; gap: 0.15rem; padding: 0.4rem; cursor: pointer; text-align: center; }
    .thumb[aria-pressed='true'] { border-color: var(--accent); box-shadow: inset 0 0 0 1px var(--accent); }
    .thumb svg { max-width: 100%; height: auto; }
    .thumb path { fill: none; stroke: var(--accent); stroke-width: 2; stroke-linecap: round; stroke-linejoin: round; }
    .thumb text { fill: var(--muted); font-size: 11px; }
    .caption { font-size: 0.85rem; max-width: 100%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .thumb .note { font-size: 0.8rem; }
    .table-wrap { overflow-x: auto; max-height: 24rem; margin-top: 0.5rem; }
    table { border-collapse: collapse; font-size: 0.9rem; width: 100%; font-variant-numeric: tabular-nums; }
    th, td { padding: 0.25rem 0.5rem; border-bottom: 1px solid var(--border); text-align: left; white-space: nowrap; }
    .name { max-width: 18rem; overflow: hidden; text-overflow: ellipsis; }
    .open { border: none; background: none; padding: 0; color: var(--accent); text-decoration: underline; cursor: pointer; max-width: 18rem; overflow: hidden; text-overflow: ellipsis; }
  `];
}

customElements.define(RoutesCell.spec.tag, RoutesCell);
